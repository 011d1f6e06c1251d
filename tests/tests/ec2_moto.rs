//! EC2's generated client (ec2Query, 830 operations) against a real moto server, as fetched from
//! its pages with no hand edits: a VPC and subnet; instances run with tag specifications; the
//! tagged ones found by a filter through the `DescribeInstances` paginator, two pages of
//! reservations; the instance-running waiter; an unknown instance id an error naming its code.

use std::time::Duration;

use awsdoc_ec2::config::WaiterConfig;
use awsdoc_ec2::operation::describe_instances::DescribeInstancesInput;
use awsdoc_ec2::types::{Filter, InstanceType, ResourceType, Tag, TagSpecification};
use awsdoc_ec2::Finished;
use awsdoc_tests::MotoServer;
use futures_util::StreamExt;

#[tokio::test(flavor = "multi_thread")]
async fn instances_in_a_vpc_found_by_tag_through_the_paginator_and_the_running_waiter() {
    let moto = MotoServer::start();
    let ec2 = awsdoc_ec2::Client::new(moto.config()).unwrap();

    let vpc = ec2.create_vpc().cidr_block("10.20.0.0/16").send().await.unwrap().vpc.unwrap();
    let vpc_id = vpc.vpc_id.unwrap();
    assert_eq!(vpc.cidr_block.as_deref(), Some("10.20.0.0/16"));
    let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block("10.20.1.0/24").send().await.unwrap();
    let subnet_id = subnet.subnet.unwrap().subnet_id.unwrap();
    let image = ec2.describe_images().send().await.unwrap().images().first().cloned().unwrap();

    // Six reservations of one instance each, tagged as they start.
    let tag = Tag::builder().key("team").value("awsdoc").build();
    let tags = TagSpecification::builder().resource_type(ResourceType::Instance).tags(vec![tag]).build();
    let mut ids = Vec::new();
    for _ in 0..6 {
        let run = ec2
            .run_instances()
            .image_id(image.image_id.clone().unwrap())
            .instance_type(InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .subnet_id(&subnet_id)
            .tag_specifications(vec![tags.clone()])
            .send()
            .await
            .unwrap();
        let instance = run.instances().first().cloned().unwrap();
        assert_eq!(instance.vpc_id.as_deref(), Some(vpc_id.as_str()));
        ids.push(instance.instance_id.unwrap());
    }

    let tagged = Filter::builder().name("tag:team").values(vec!["awsdoc".to_string()]).build();
    let input = DescribeInstancesInput::builder().filters(vec![tagged.clone()]).max_results(5).build().unwrap();
    let pages: Vec<_> = ec2.describe_instances_pages(input.clone()).collect().await;
    assert_eq!(pages.len(), 2, "five reservations, then one");
    let reservations: Vec<_> = ec2.describe_instances_items(input).collect().await;
    let mut found: Vec<String> = reservations
        .into_iter()
        .flat_map(|r| r.unwrap().instances.unwrap_or_default())
        .map(|i| i.instance_id.unwrap())
        .collect();
    found.sort();
    ids.sort();
    assert_eq!(found, ids);

    let these = DescribeInstancesInput::builder().instance_ids(ids.clone()).build().unwrap();
    let quick = WaiterConfig { delay: Duration::from_millis(200), max_attempts: 10 };
    match ec2.wait_instance_running_with(these, quick).await {
        Ok(Finished::Output(out)) => {
            let states: Vec<_> = out
                .reservations()
                .iter()
                .flat_map(|r| r.instances())
                .map(|i| i.state.as_ref().and_then(|s| s.name.clone()).unwrap().as_str().to_string())
                .collect();
            assert_eq!(states, vec!["running"; 6]);
        }
        other => panic!("expected the instances running, got {other:?}"),
    }

    let unknown = ec2.describe_instances().instance_ids(vec!["i-0123456789abcdef0".to_string()]).send().await;
    let err = unknown.unwrap_err();
    assert_eq!(err.code(), Some("InvalidInstanceID.NotFound"), "{err:?}");
    assert_eq!(err.meta().map(|m| m.status), Some(400));
}
