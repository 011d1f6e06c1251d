//! awsQuery (IAM, STS, SNS, CloudFormation, RDS and the rest) and ec2Query (EC2): every
//! operation is `POST /` with a form body (`Action`, `Version`, then the input's members as
//! [`crate::wire::query`] lays them out); answers are XML, the output's members inside
//! `<OperationResponse>` → `<OperationResult>` (ec2Query: `<OperationResponse>` itself), errors
//! as `<ErrorResponse><Error><Code>` (ec2Query: `<Response><Errors><Error><Code>`).

use super::protocol::{host_prefix, xml_error_from, HttpRequest, HttpResponse, OperationSpec, Protocol, Reply};
use super::Failure;
use crate::wire::query::Dialect;
use crate::wire::xml::{self, Element};
use crate::wire::{self, ValueReader, WireError, WriteStruct};

/// awsQuery, for a service's API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwsQuery {
    /// `2010-05-08`: the `Version` parameter of every request.
    pub version: &'static str,
}

/// ec2Query, for EC2's API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ec2Query {
    /// `2016-11-15`: the `Version` parameter of every request.
    pub version: &'static str,
}

impl Protocol for AwsQuery {
    fn request(&self, operation: &OperationSpec, input: &dyn WriteStruct) -> Result<HttpRequest, Failure> {
        form_request(operation, input, self.version, Dialect::Query)
    }

    fn response(&self, response: HttpResponse) -> Result<Reply, Failure> {
        sort_answer(response, &|root| root.child("ResponseMetadata")?.child_text("RequestId"))
    }

    fn read_output(
        &self,
        reply: &Reply,
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        xml::read(reply.response.body_bytes(), &result_element, read)
    }
}

impl Protocol for Ec2Query {
    fn request(&self, operation: &OperationSpec, input: &dyn WriteStruct) -> Result<HttpRequest, Failure> {
        form_request(operation, input, self.version, Dialect::Ec2)
    }

    fn response(&self, response: HttpResponse) -> Result<Reply, Failure> {
        sort_answer(response, &|root| root.child_text("requestId"))
    }

    /// The output's members are the answer's root's children (no result element).
    fn read_output(
        &self,
        reply: &Reply,
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        xml::read(reply.response.body_bytes(), &xml::root, read)
    }
}

/// `POST /` with the form body.
fn form_request(
    operation: &OperationSpec,
    input: &dyn WriteStruct,
    version: &str,
    dialect: Dialect,
) -> Result<HttpRequest, Failure> {
    let invalid = |e: WireError| Failure::InvalidInput(format!("cannot encode the input: {e}"));
    let params = wire::query::to_params(input, dialect).map_err(invalid)?;
    let body = wire::query::body(operation.name, version, &params);
    let headers = vec![("content-type".to_string(), "application/x-www-form-urlencoded; charset=utf-8".to_string())];
    let host_prefix = host_prefix(operation, input).map_err(invalid)?;
    Ok(HttpRequest { method: "POST", path: "/".into(), headers, body: body.into_bytes().into(), host_prefix })
}

/// A successful answer's reply, its request id from the header or (where `request_id` finds
/// it) the body; else the failure the error answer means.
fn sort_answer(response: HttpResponse, request_id: &dyn Fn(&Element) -> Option<&str>) -> Result<Reply, Failure> {
    let header_id = response.header("x-amzn-requestid").map(str::to_string);
    if (200..300).contains(&response.status) {
        let from_body =
            || xml::parse(response.body_bytes()).ok().and_then(|root| request_id(&root).map(str::to_string));
        let request_id = header_id.or_else(from_body);
        return Ok(Reply { response, request_id });
    }
    Err(xml_error_from(response.status, header_id, response.body_bytes()))
}

/// The element an output's members are in: `<XResponse>`'s `<XResult>` child (botocore's
/// `resultWrapper`, which is `<Operation>Result` in every awsQuery model); none when the answer
/// has no result (an operation without output members).
fn result_element(root: &Element) -> Option<&Element> {
    let operation = root.name.strip_suffix("Response")?;
    root.children.iter().find(|c| c.name.strip_suffix("Result") == Some(operation))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::client::protocol::read_output;
    use crate::wire::testing::Thing;

    const IAM: AwsQuery = AwsQuery { version: "2010-05-08" };
    const EC2: Ec2Query = Ec2Query { version: "2016-11-15" };

    /// ec2Query: names are query names, lists `Name.N` (an empty one left out), and the answer's
    /// root holds the members, its `requestId` the request id.
    #[test]
    fn ec2_names_lists_and_answers() {
        let input = Thing { items: Some(vec!["i-1".into(), "i-2".into()]), ..Thing::default() };
        let req = EC2.request(&OperationSpec::new("DescribeInstances"), &input).unwrap();
        let body = String::from_utf8(req.body.bytes().unwrap().to_vec()).unwrap();
        assert_eq!(body, "Action=DescribeInstances&Version=2016-11-15&Count=0&Items.1=i-1&Items.2=i-2");
        let empty = Thing { items: Some(Vec::new()), ..Thing::default() };
        let req = EC2.request(&OperationSpec::new("DescribeInstances"), &empty).unwrap();
        assert_eq!(req.body.bytes().unwrap(), b"Action=DescribeInstances&Version=2016-11-15&Count=0");
        let answer = "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
            <requestId>req-5</requestId><Count>2</Count></DescribeInstancesResponse>";
        let reply = EC2.response(HttpResponse::new(200, vec![], answer)).unwrap();
        assert_eq!(reply.request_id.as_deref(), Some("req-5"));
        let out: Thing = read_output(&EC2, &reply).unwrap();
        assert_eq!(out.count, 2);
    }

    #[test]
    fn a_request_is_a_form_post_with_action_and_version() {
        let input = Thing { name: Some("a b&c".into()), count: 3, ..Thing::default() };
        let req = IAM.request(&OperationSpec::new("GetUser"), &input).unwrap();
        assert_eq!((req.method, req.path.as_str()), ("POST", "/"));
        assert_eq!(
            req.headers,
            [("content-type".to_string(), "application/x-www-form-urlencoded; charset=utf-8".to_string())]
        );
        let body = String::from_utf8(req.body.bytes().unwrap().to_vec()).unwrap();
        assert_eq!(body, "Action=GetUser&Version=2010-05-08&name=a+b%26c&Count=3");
    }

    #[test]
    fn an_answer_is_read_from_its_result_element() {
        let body = "<GetUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
            <GetUserResult><name>x &amp; y</name><Count>4</Count></GetUserResult>\
            <ResponseMetadata><RequestId>req-7</RequestId></ResponseMetadata></GetUserResponse>";
        let reply = IAM.response(HttpResponse::new(200, vec![], body)).unwrap();
        assert_eq!(reply.request_id.as_deref(), Some("req-7"));
        let out: Thing = read_output(&IAM, &reply).unwrap();
        assert_eq!((out.name.as_deref(), out.count), (Some("x & y"), 4));
    }

    #[test]
    fn a_malformed_answer_names_the_member_or_the_byte() {
        let reply = |body: &str| Reply { response: HttpResponse::new(200, vec![], body), request_id: None };
        let bad_count = "<OpResponse><OpResult><Count>four</Count></OpResult></OpResponse>";
        match read_output::<Thing>(&IAM, &reply(bad_count)) {
            Err(Failure::InvalidResponse { message, .. }) => {
                assert_eq!(message, "cannot decode the output: Count: `four` is not an integer")
            }
            other => panic!("{other:?}"),
        }
        match read_output::<Thing>(&IAM, &reply("<OpResponse><OpResult></Op></OpResponse>")) {
            Err(Failure::InvalidResponse { message, .. }) => {
                assert!(message.starts_with("cannot decode the output: malformed XML at byte 22"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_give_code_message_and_request_id() {
        let body = "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code>\
            <Message>The user with name x cannot be found.</Message></Error>\
            <RequestId>req-9</RequestId></ErrorResponse>";
        match IAM.response(HttpResponse::new(404, vec![], body)) {
            Err(Failure::Service(m)) => assert_eq!(
                (m.code.as_str(), m.message.as_deref(), m.request_id.as_deref(), m.status),
                ("NoSuchEntity", Some("The user with name x cannot be found."), Some("req-9"), 404)
            ),
            other => panic!("{other:?}"),
        }
        let ec2 = "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>gone</Message>\
            </Error></Errors><RequestID>req-3</RequestID></Response>";
        match IAM.response(HttpResponse::new(400, vec![], ec2)) {
            Err(Failure::Service(m)) => {
                assert_eq!((m.code.as_str(), m.request_id.as_deref()), ("InvalidInstanceID.NotFound", Some("req-3")))
            }
            other => panic!("{other:?}"),
        }
        let html = HttpResponse::new(502, vec![], "<html><body>Bad Gateway</body></html>");
        assert!(matches!(IAM.response(html), Err(Failure::InvalidResponse { status: 502, .. })));
        let garbage = HttpResponse::new(500, vec![], "not xml at all <");
        assert!(matches!(IAM.response(garbage), Err(Failure::InvalidResponse { status: 500, .. })));
    }
}
