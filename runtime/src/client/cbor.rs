//! smithy-rpc-v2-cbor (CloudWatch Omni, EventBridge v2, Partner Central Revenue Measurement): every
//! operation is `POST /service/<target prefix>/operation/<Operation>` with `smithy-protocol:
//! rpc-v2-cbor` and the input as a CBOR map ([`crate::wire::cbor`]); an error's code is the
//! body's `__type`.

use super::protocol::{
    error_from, host_prefix, with_query_code, HttpRequest, HttpResponse, OperationSpec, Protocol, Reply,
};
use super::Failure;
use crate::wire::{self, ValueReader, WireError, WriteStruct};

/// smithy-rpc-v2-cbor, for one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RpcV2Cbor {
    /// The service's name in the path (botocore's `targetPrefix`).
    pub service: &'static str,
    /// The service took over from an awsQuery one: told `x-amzn-query-mode: true`, and its
    /// errors report the awsQuery code.
    pub query_compatible: bool,
}

impl Protocol for RpcV2Cbor {
    fn request(&self, operation: &OperationSpec, input: &dyn WriteStruct) -> Result<HttpRequest, Failure> {
        let invalid = |e: WireError| Failure::InvalidInput(format!("cannot encode the input: {e}"));
        // An operation without an input shape sends no body, and so no content type.
        let body = if operation.no_input { Vec::new() } else { wire::cbor::to_vec(input).map_err(invalid)? };
        let mut headers = vec![
            ("smithy-protocol".to_string(), "rpc-v2-cbor".to_string()),
            ("accept".to_string(), "application/cbor".to_string()),
        ];
        if !body.is_empty() {
            headers.push(("content-type".to_string(), "application/cbor".to_string()));
        }
        if self.query_compatible {
            headers.push(("x-amzn-query-mode".to_string(), "true".to_string()));
        }
        let path = format!("/service/{}/operation/{}", self.service, operation.name);
        let host_prefix = host_prefix(operation, input).map_err(invalid)?;
        Ok(HttpRequest { method: "POST", path, headers, body: body.into(), host_prefix })
    }

    fn response(&self, response: HttpResponse) -> Result<Reply, Failure> {
        let request_id = response.header("x-amzn-requestid").map(str::to_string);
        if (200..300).contains(&response.status) {
            return Ok(Reply { response, request_id });
        }
        // The body as JSON, for the code, the message and the error's members.
        let json = wire::cbor::parse(response.body_bytes()).map(|v| wire::cbor::to_json(&v));
        let body = json.ok().and_then(|j| serde_json::to_vec(&j).ok()).unwrap_or_default();
        let failure = error_from(response.status, None, request_id, &body);
        Err(with_query_code(failure, &response, self.query_compatible))
    }

    fn read_output(
        &self,
        reply: &Reply,
        read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<(), WireError>,
    ) -> Result<(), WireError> {
        wire::cbor::read(reply.response.body_bytes(), read)
    }
}
