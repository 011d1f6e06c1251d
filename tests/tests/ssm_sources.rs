//! The SSM suite every build of the SSM crate runs (`tests/suites/ssm_moto.rs`), here against the
//! committed crate, built from pages + model. `cargo xtask corpus` runs the same suite against
//! SSM built from its pages alone and from the model alone.

use awsdoc_ssm as ssm;
use ssm::types::ResourceTypeForTagging;

/// Built with the service model: it marks `Parameter.Value` secret and bounds `Name`.
const FROM_MODEL: bool = true;

include!("../suites/ssm_moto.rs");
