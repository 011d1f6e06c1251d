//! Lists the parameters under a path, following pagination, printing name and value.
//!
//! Hand-written (the rest of this crate is generated). Against AWS:
//!
//! ```text
//! AWS_REGION=eu-west-1 cargo run -p awsdoc-ssm --example list_parameters -- /my/app
//! ```
//!
//! Against moto or LocalStack, point the client elsewhere:
//!
//! ```text
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x \
//!     AWS_SECRET_ACCESS_KEY=x cargo run -p awsdoc-ssm --example list_parameters -- /
//! ```

use awsdoc_ssm::operation::get_parameters_by_path::GetParametersByPathInput;
use awsdoc_ssm::Client;
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "/".into());
    let client = Client::from_env()?;
    let input = GetParametersByPathInput::builder().path(&path).recursive(true).with_decryption(true).build()?;
    let mut parameters = std::pin::pin!(client.get_parameters_by_path_items(input));
    let mut count = 0;
    while let Some(parameter) = parameters.next().await {
        let parameter = parameter?;
        println!("{}\t{}", parameter.name.unwrap_or_default(), parameter.value.unwrap_or_default());
        count += 1;
    }
    eprintln!("{count} parameter(s) under {path}");
    Ok(())
}
