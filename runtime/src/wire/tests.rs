use std::collections::BTreeMap;

use time::macros::datetime;

use super::testing::Thing;
use super::*;
use crate::Blob;

fn full() -> Thing {
    Thing {
        name: Some("n \"quoted\" é".into()),
        count: 3,
        items: Some(vec!["a".into(), "b".into()]),
        at: Some(datetime!(2014-04-29 18:30:38.123 UTC)),
        stamps: Some(vec![datetime!(2014-04-29 18:30:38 UTC)]),
        tags: Some(BTreeMap::from([("k".to_string(), "v".to_string())])),
        data: Some(Blob::new(b"hi\0".to_vec())),
        ratio: Some(f64::NAN),
        inner: Some(Box::new(Thing { count: 1, ratio: Some(f64::NEG_INFINITY), ..Thing::default() })),
    }
}

#[test]
fn the_json_body_uses_wire_names_and_the_schemas_formats() {
    let body = String::from_utf8(json::to_vec(&full()).unwrap()).unwrap();
    assert_eq!(
        body,
        r#"{"name":"n \"quoted\" é","Count":3,"Items":["a","b"],"At":"2014-04-29T18:30:38.123Z","Stamps":[1398796238],"Tags":{"k":"v"},"Data":"aGkA","Ratio":"NaN","Inner":{"Count":1,"Ratio":"-Infinity"}}"#
    );
    let back: Thing = json::from_slice(body.as_bytes()).unwrap();
    assert!(back.ratio.unwrap().is_nan());
    let (mut a, mut b) = (back, full());
    a.ratio = None;
    b.ratio = None;
    assert_eq!(a, b);
}

#[test]
fn the_serde_form_uses_member_names_and_epoch_seconds() {
    let json = serde_json::to_string(&full()).unwrap();
    assert!(json.starts_with(r#"{"Name":"n \"quoted\" é","Count":3,"Items":["a","b"],"At":1398796238.123,"#), "{json}");
    let back: Thing = serde_json::from_str(&json).unwrap();
    assert_eq!(back.at, full().at);
    // Any serde format, not only JSON text: a JSON value, with nulls as unset.
    let v = serde_json::json!({"Count": 2, "Name": null, "At": "Tue, 29 Apr 2014 18:30:38 GMT", "Unknown": [1]});
    let t: Thing = serde_json::from_value(v).unwrap();
    assert_eq!((t.count, t.name, t.at), (2, None, Some(datetime!(2014-04-29 18:30:38 UTC))));
}

#[test]
fn a_malformed_answer_is_an_error_naming_the_member() {
    let cases = [
        (r#"{"Count": 1, "Items": ["a", 3]}"#, "Items[1]: invalid type: integer `3`"),
        (r#"{"Count": 1, "Inner": {"Count": "x"}}"#, "Inner.Count: invalid type: string \"x\""),
        (r#"{"Count": 1, "Tags": {"k": 5}}"#, "Tags[\"k\"]: invalid type: integer `5`"),
        (r#"{"Count": 1, "At": "yesterday"}"#, "At: `yesterday` is not a timestamp"),
        (r#"{"Count": 1, "Data": "*"}"#, "Data: not base64"),
        (r#"{"Items": []}"#, "the required member `Count` is missing"),
        (r#"{"Count": 1, "Inner": {"Count": 2, "Inner": {}}}"#, "Inner.Inner: the required member `Count` is missing"),
        (r#"{"Count": 1"#, "EOF while parsing"),
        (r#"{"Count": 1} trailing"#, "trailing characters"),
        (r#"[1]"#, "invalid type: sequence, expected a Thing object"),
    ];
    for (body, want) in cases {
        let err = json::from_slice::<Thing>(body.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with(want) || err.contains(want), "{body}: {err}");
    }
    assert_eq!(json::from_slice::<Thing>(b"").unwrap_err().to_string(), "the required member `Count` is missing");
}

/// Every prefix of a valid body, and the body with each byte replaced by each of a handful of
/// JSON's structural characters, reads as a value or an error, never a panic.
#[test]
fn no_corruption_of_a_body_panics_the_reader() {
    let body = json::to_vec(&full()).unwrap();
    let mut inputs = 0;
    for end in 0..body.len() {
        let _ = json::from_slice::<Thing>(&body[..end]);
        inputs += 1;
    }
    for i in 0..body.len() {
        for b in [b'{', b'}', b'[', b']', b'"', b',', b':', b'0', b'n', b'\\', 0xff] {
            let mut bad = body.clone();
            bad[i] = b;
            let _ = json::from_slice::<Thing>(&bad);
            let _ = serde_json::from_slice::<Thing>(&bad);
            inputs += 2;
        }
    }
    assert!(inputs > 4000, "{inputs} inputs");
}
