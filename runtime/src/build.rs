//! What an input builder's `build()` checks: required members are set, and values are not
//! below the service model's minimum (the check botocore makes before it sends a request).
//!
//! Maximums are documented on the members, not checked: a service may raise one without a
//! client update, and a request it then accepts should not be refused here.

use std::collections::BTreeMap;
use std::fmt;

use crate::Blob;

/// A builder's `build()` refused its values: which member of which input, and why.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BuildError {
    /// The type being built.
    pub shape: &'static str,
    /// The member, as the Rust field is named.
    pub member: &'static str,
    pub problem: BuildProblem,
}

/// Why a builder refused a member.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BuildProblem {
    /// A required member was not set.
    Missing,
    /// The value is below the minimum the service model sets.
    BelowMinimum {
        /// What was measured.
        measure: Measure,
        actual: f64,
        min: f64,
    },
}

/// What a bound counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Measure {
    /// Characters (Unicode scalar values) of a string.
    Characters,
    /// Bytes of a blob.
    Bytes,
    /// Items of a list.
    Items,
    /// Entries of a map.
    Entries,
    /// The value of a number.
    Value,
}

impl BuildError {
    /// A required member left unset.
    pub fn missing(shape: &'static str, member: &'static str) -> BuildError {
        BuildError { shape, member, problem: BuildProblem::Missing }
    }

    /// Checks a member against the model's minimum; an unset member passes (whether it must be
    /// set is checked on its own).
    pub fn check_min<T: Measured + ?Sized>(
        shape: &'static str,
        member: &'static str,
        value: &T,
        min: f64,
    ) -> Result<(), BuildError> {
        match value.measure() {
            Some((measure, actual)) if actual < min => {
                Err(BuildError { shape, member, problem: BuildProblem::BelowMinimum { measure, actual, min } })
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shape, member) = (self.shape, self.member);
        match &self.problem {
            BuildProblem::Missing => write!(f, "{shape}: the required member `{member}` was not set"),
            BuildProblem::BelowMinimum { measure: Measure::Value, actual, min } => {
                write!(f, "{shape}: `{member}` must be at least {min}, it is {actual}")
            }
            BuildProblem::BelowMinimum { measure, actual, min } => {
                let unit = match measure {
                    Measure::Characters => "character",
                    Measure::Bytes => "byte",
                    Measure::Items => "item",
                    _ => "entr",
                };
                let plural = |n: f64, unit: &str| match (n == 1.0, unit) {
                    (true, "entr") => "entry".to_string(),
                    (false, "entr") => "entries".to_string(),
                    (true, u) => u.to_string(),
                    (false, u) => format!("{u}s"),
                };
                write!(f, "{shape}: `{member}` must have at least {min} {}, it has {actual}", plural(*min, unit))
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// A value a minimum applies to: how it is measured, and its measure.
pub trait Measured {
    /// `None` when there is nothing to measure (an unset member).
    fn measure(&self) -> Option<(Measure, f64)>;
}

impl Measured for str {
    fn measure(&self) -> Option<(Measure, f64)> {
        Some((Measure::Characters, self.chars().count() as f64))
    }
}

impl Measured for String {
    fn measure(&self) -> Option<(Measure, f64)> {
        self.as_str().measure()
    }
}

impl Measured for Blob {
    fn measure(&self) -> Option<(Measure, f64)> {
        Some((Measure::Bytes, self.0.len() as f64))
    }
}

impl<T> Measured for Vec<T> {
    fn measure(&self) -> Option<(Measure, f64)> {
        Some((Measure::Items, self.len() as f64))
    }
}

impl<K, V> Measured for BTreeMap<K, V> {
    fn measure(&self) -> Option<(Measure, f64)> {
        Some((Measure::Entries, self.len() as f64))
    }
}

macro_rules! measured_number {
    ($($t:ty),*) => {$(
        impl Measured for $t {
            fn measure(&self) -> Option<(Measure, f64)> {
                Some((Measure::Value, *self as f64))
            }
        }
    )*};
}
measured_number!(i32, i64, f32, f64);

impl<T: Measured> Measured for Option<T> {
    fn measure(&self) -> Option<(Measure, f64)> {
        self.as_ref().and_then(Measured::measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimums_are_checked_and_explained() {
        let e = BuildError::check_min("PutParameterInput", "name", &Some(String::new()), 1.0).unwrap_err();
        assert_eq!(e.to_string(), "PutParameterInput: `name` must have at least 1 character, it has 0");
        // Characters, not bytes.
        assert!(BuildError::check_min("S", "m", "é", 1.0).is_ok());
        let e = BuildError::check_min("S", "tags", &BTreeMap::<String, String>::new(), 2.0).unwrap_err();
        assert_eq!(e.to_string(), "S: `tags` must have at least 2 entries, it has 0");
        let e = BuildError::check_min("S", "max_results", &Some(3_i32), 5.0).unwrap_err();
        assert_eq!(e.to_string(), "S: `max_results` must be at least 5, it is 3");
        assert_eq!(e.problem, BuildProblem::BelowMinimum { measure: Measure::Value, actual: 3.0, min: 5.0 });
        let e = BuildError::check_min("S", "rate", &0.25_f64, 0.5).unwrap_err();
        assert_eq!(e.to_string(), "S: `rate` must be at least 0.5, it is 0.25");
        // Unset passes; at the minimum passes.
        assert!(BuildError::check_min("S", "m", &None::<Vec<u8>>, 1.0).is_ok());
        assert!(BuildError::check_min("S", "m", &vec![1], 1.0).is_ok());
        assert!(BuildError::check_min("S", "m", &Blob::new(vec![]), 1.0).is_err());
        assert_eq!(BuildError::missing("S", "name").to_string(), "S: the required member `name` was not set");
    }
}
