//! Typed decoding of a large answer (`cargo bench -p awsdoc-tests --bench decode`): a 60 KB
//! `DescribeInstanceInformation` answer (100 instances, every member set) through the client over
//! the `Stub` transport, so the figure is the client's whole decode path, whatever codec sits
//! behind it; and the same bytes through the output's serde form (`serde_json::from_slice`).

use awsdoc_ssm::config::{Config, Credentials, Stub};
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

/// One instance as SSM describes it, every member set; `i` keeps the entries distinct.
fn instance(i: usize) -> String {
    format!(
        r#"{{"InstanceId": "i-0{i:016x}", "PingStatus": "Online", "LastPingDateTime": 1700000000.{i:03},
        "AgentVersion": "3.2.1705.0", "IsLatestVersion": false, "PlatformType": "Linux",
        "PlatformName": "Amazon Linux", "PlatformVersion": "2023", "ActivationId": "a1b2c3d4-{i:04}-4e5f-8a9b-0123456789ab",
        "IamRole": "service-role/AmazonEC2RunCommandRoleForManagedInstances", "RegistrationDate": 1690000000,
        "ResourceType": "EC2Instance", "Name": "web-{i}", "IPAddress": "10.0.{}.{}", "ComputerName": "ip-10-0-{}-{}.ec2.internal",
        "AssociationStatus": "Success", "LastAssociationExecutionDate": 1700000100.5,
        "LastSuccessfulAssociationExecutionDate": 1700000100.5,
        "AssociationOverview": {{"DetailedStatus": "Success", "InstanceAssociationStatusAggregatedCount": {{"Success": 3, "Failed": 1}}}},
        "SourceId": "i-0{i:016x}", "SourceType": "AWS::EC2::Instance", "SourceLocation": "us-east-1a"}}"#,
        i / 256,
        i % 256,
        i / 256,
        i % 256
    )
}

fn answer() -> String {
    let items: Vec<String> = (0..100).map(instance).collect();
    format!(r#"{{"InstanceInformationList": [{}], "NextToken": "AAEAAQ-next-page-token"}}"#, items.join(","))
}

/// The whole client: lay out, sign, and decode the 60 KB answer.
#[divan::bench(sample_count = 300)]
fn describe_instance_information(bencher: Bencher) {
    let body = answer();
    assert!(body.len() > 55_000, "{} bytes", body.len());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let stub = Stub::new().reply("DescribeInstanceInformation", 200, &body);
    let config = Config::new("us-east-1", Credentials::new("AKIDEXAMPLE", "secret", None)).with_transport(stub);
    let ssm = awsdoc_ssm::Client::new(config).unwrap();
    bencher.counter(BytesCount::new(body.len())).bench_local(|| {
        let out = rt.block_on(async { ssm.describe_instance_information().send().await.unwrap() });
        assert_eq!(out.instance_information_list().len(), 100);
        out
    });
}

/// The output's serde form alone, from the same bytes.
#[divan::bench(sample_count = 300)]
fn serde_form(bencher: Bencher) {
    let body = answer();
    bencher.counter(BytesCount::new(body.len())).bench_local(|| {
        let out: awsdoc_ssm::operation::describe_instance_information::DescribeInstanceInformationOutput =
            serde_json::from_slice(body.as_bytes()).unwrap();
        out
    });
}
