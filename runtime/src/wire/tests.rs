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
        (r#"{"Count": 1, "Stamps": [1e300]}"#, "is out of range for a timestamp"),
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
    eprintln!("JSON reader: {inputs} corrupted inputs, no panic");
}

/// `full()` as an awsQuery answer would carry it: every member as an element, lists as
/// `<member>`s, maps as `<entry>`s, entities and CDATA in text.
const XML_FULL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<OpResponse xmlns="https://example.com/doc/2010-05-08/">
  <OpResult>
    <name>n &quot;quoted&quot; &#xE9;</name>
    <Count>3</Count>
    <Items><member>a</member><member><![CDATA[b]]></member></Items>
    <At>2014-04-29T18:30:38.123Z</At>
    <Stamps><member>1398796238</member></Stamps>
    <Tags><entry><key>k</key><value>v</value></entry></Tags>
    <Data>aGkA</Data>
    <Ratio>NaN</Ratio>
    <Inner><Count>1</Count><Ratio>-Infinity</Ratio></Inner>
  </OpResult>
</OpResponse>"#;

fn from_xml(body: &[u8]) -> Result<Thing, WireError> {
    let mut out = None;
    fn pick(root: &xml::Element) -> Option<&xml::Element> {
        root.child("OpResult")
    }
    xml::read(body, &pick, &mut |r| read_into(&mut out, &Type::Structure, r))?;
    out.ok_or_else(|| WireError::new("no value"))
}

#[test]
fn an_xml_answer_reads_every_kind_of_member() {
    let mut got = from_xml(XML_FULL.as_bytes()).unwrap();
    let mut want = full();
    assert!(got.ratio.unwrap().is_nan());
    assert_eq!(got.inner.as_ref().unwrap().ratio, Some(f64::NEG_INFINITY));
    got.ratio = None;
    want.ratio = None;
    assert_eq!(got, want);
}

#[test]
fn a_malformed_xml_answer_is_an_error_naming_the_member_or_the_byte() {
    let wrap = |inner: &str| format!("<OpResponse><OpResult>{inner}</OpResult></OpResponse>");
    let cases = [
        (
            wrap("<Count>1</Count><Items><member>a</member><x><y/></x></Items>"),
            "Items[1]: `<x>` holds elements (`<y>`), not text",
        ),
        (wrap("<Count>1</Count><Inner><Count>x</Count></Inner>"), "Inner.Count: `x` is not an integer"),
        (wrap("<Count>1</Count><Tags><entry><key>k</key></entry></Tags>"), "Tags[\"k\"]: no `value` element"),
        (wrap("<Count>1</Count><At>yesterday</At>"), "At: `yesterday` is not a timestamp"),
        (wrap("<Count>1</Count><Data>*</Data>"), "Data: not base64"),
        (wrap("<Items/>"), "the required member `Count` is missing"),
        (wrap("<Count>1</Count><Inner><Inner/><Count>2</Count></Inner>"), "Inner.Inner: the required member `Count`"),
        (wrap("<Count>1</Count><Items>"), "malformed XML at byte"),
        (wrap("<Count>1</Count>&nope;"), "the entity `&nope;` is not defined"),
        ("<a/><b/>".to_string(), "a second root element `b`"),
        ("<a>".to_string(), "the document ends inside an element"),
        ("<!-- only a comment -->".to_string(), "the document has no element"),
    ];
    for (body, want) in cases {
        let err = from_xml(body.as_bytes()).unwrap_err().to_string();
        assert!(err.contains(want), "{body}: {err}");
    }
    let deep = "<a>".repeat(200) + &"</a>".repeat(200);
    assert!(xml::parse(deep.as_bytes()).unwrap_err().to_string().contains("nest deeper than 128"));
}

/// Flattened lists and maps repeat in the structure; renamed items, keys and values are found
/// by their names.
#[test]
fn flattened_and_renamed_xml_lists_and_maps() {
    static NAMED: Struct = Struct {
        name: "Named",
        members: &[
            Member::body("Flat", Type::List(&Member::body("member", Type::String))).flattened(),
            Member::body("FlatNamed", Type::List(&Member::body("Hi", Type::String))).flattened(),
            Member::body("Map", Type::Map(&Member::body("K", Type::String), &Member::body("V", Type::Integer)))
                .flattened()
                .at(Location::Body, "KVP"),
        ],
    };
    let body =
        "<r><Flat>a</Flat><x/><Flat>b</Flat><Hi>c</Hi><KVP><K>one</K><V>1</V></KVP><KVP><V>2</V><K>two</K></KVP></r>";
    let root = xml::parse(body.as_bytes()).unwrap();
    let mut got: Vec<String> = Vec::new();
    xml::XmlReader::new(&root)
        .structure(&NAMED, &mut |i, r| {
            let m = &NAMED.members[i];
            match i {
                0 | 1 => got.push(format!("{:?}", Vec::<String>::read(&m.ty, r)?)),
                _ => got.push(format!("{:?}", BTreeMap::<String, i32>::read(&m.ty, r)?)),
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(got, [r#"["a", "b"]"#, r#"["c"]"#, r#"{"one": 1, "two": 2}"#]);
}

/// Every prefix of a valid XML answer, and the answer with each byte replaced by each of a
/// handful of XML's structural characters, reads as a value or an error, never a panic.
#[test]
fn no_corruption_of_an_xml_answer_panics_the_reader() {
    let body = XML_FULL.as_bytes();
    let mut inputs = 0;
    for end in 0..body.len() {
        let _ = from_xml(&body[..end]);
        inputs += 1;
    }
    for i in 0..body.len() {
        for b in [b'<', b'>', b'/', b'&', b';', b'"', b'=', b'!', b'?', b'x', 0xff] {
            let mut bad = body.to_vec();
            bad[i] = b;
            let _ = from_xml(&bad);
            inputs += 1;
        }
    }
    assert!(inputs > 5000, "{inputs} inputs");
    eprintln!("XML reader: {inputs} corrupted inputs, no panic");
}

#[test]
fn query_parameters_follow_botocores_paths() {
    let params = query::to_params(&full(), query::Dialect::Query).unwrap();
    let text: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        text,
        [
            "name=n \"quoted\" é",
            "Count=3",
            "Items.member.1=a",
            "Items.member.2=b",
            "At=2014-04-29T18:30:38.123Z",
            "Stamps.member.1=1398796238",
            "Tags.entry.1.key=k",
            "Tags.entry.1.value=v",
            "Data=aGkA",
            "Ratio=NaN",
            "Inner.Count=1",
            "Inner.Ratio=-Infinity",
        ]
    );
    let empty = Thing { items: Some(Vec::new()), ..Thing::default() };
    assert_eq!(
        query::to_params(&empty, query::Dialect::Query).unwrap(),
        [("Count".into(), "0".into()), ("Items".into(), String::new())]
    );
    assert_eq!(
        query::body("Op", "2010-05-08", &params[..1]),
        "Action=Op&Version=2010-05-08&name=n+%22quoted%22+%C3%A9"
    );
}

/// A document an answer carries as JSON text is read as botocore decodes it: percent-encoded
/// JSON (IAM's policies) or plain JSON (a template body) becomes the value, anything else stays
/// the string it is.
#[test]
fn json_text_in_an_xml_answer_is_decoded_as_botocore_decodes_it() {
    static DOCS: Struct = Struct {
        name: "Docs",
        members: &[
            Member::body("Policy", Type::Document).json_text(JsonText::UrlEncoded),
            Member::body("Template", Type::Document).json_text(JsonText::Plain),
        ],
    };
    let read = |body: &str| {
        let root = xml::parse(body.as_bytes()).unwrap();
        let mut got = Vec::new();
        xml::XmlReader::new(&root)
            .structure(&DOCS, &mut |_, r| {
                got.push(serde_json::Value::read(&Type::Document, r)?);
                Ok(())
            })
            .unwrap();
        got
    };
    let policy = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
    let got = read(&format!("<r><Policy>{policy}</Policy><Template>{{\"Resources\": {{}}}}</Template></r>"));
    assert_eq!(
        got,
        [serde_json::json!({"Version": "2012-10-17", "Statement": []}), serde_json::json!({"Resources": {}})]
    );
    let got = read("<r><Policy>not%20json</Policy><Template>Resources:\n  Bucket: {}</Template></r>");
    assert_eq!(got, [serde_json::json!("not%20json"), serde_json::json!("Resources:\n  Bucket: {}")]);
}

/// The restXml writer and the XML reader agree: every kind of member written and read back,
/// escaping included; an attribute member and a namespace go on the element.
#[test]
fn an_xml_body_is_written_as_botocore_writes_it_and_reads_back() {
    let body = xml::to_vec("Thing", Some("https://example.com/doc/"), &full()).unwrap();
    let text = String::from_utf8(body.clone()).unwrap();
    assert!(text.starts_with(r#"<Thing xmlns="https://example.com/doc/"><name>n &quot;quoted&quot; é</name><Count>3</Count><Items><member>a</member><member>b</member></Items><At>2014-04-29T18:30:38.123Z</At>"#), "{text}");
    assert!(
        text.contains("<Tags><entry><key>k</key><value>v</value></entry></Tags><Data>aGkA</Data><Ratio>NaN</Ratio>"),
        "{text}"
    );
    let root = xml::parse(&body).unwrap();
    let mut back = Thing::read(&Type::Structure, &mut xml::XmlReader::new(&root)).unwrap();
    assert!(back.ratio.take().unwrap().is_nan());
    let mut want = full();
    want.ratio = None;
    assert_eq!(back, want);

    static GRANTEE: Struct = Struct {
        name: "Grantee",
        members: &[
            Member::body("Type", Type::String).at(Location::Body, "xsi:type").xml_attribute(),
            Member::body("ID", Type::String),
        ],
    };
    #[derive(Debug)]
    struct Grantee;
    impl WriteStruct for Grantee {
        fn schema(&self) -> &'static Struct {
            &GRANTEE
        }
        fn write_members(&self, w: &mut dyn MemberWriter) -> Result<(), WireError> {
            w.member(&GRANTEE.members[0], &"CanonicalUser".to_string())?;
            w.member(&GRANTEE.members[1], &"a<b".to_string())
        }
    }
    static PAYLOAD: Member = Member::body("Grantee", Type::Structure)
        .at(Location::Payload, "Grantee")
        .xml_namespace("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    let body = xml::value_to_vec(&PAYLOAD, &Grantee).unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>a&lt;b</ID></Grantee>"#
    );
}

/// A CBOR body: wire names as keys, blobs as byte strings, timestamps tagged 1, NaN as a float;
/// read back, every member as written.
#[cfg(feature = "cbor")]
#[test]
fn a_cbor_body_round_trips_with_cbor_types() {
    use ciborium::value::Value;
    let body = cbor::to_vec(&full()).unwrap();
    let tree = cbor::parse(&body).unwrap();
    let entry =
        |k: &str| tree.as_map().unwrap().iter().find(|(key, _)| key.as_text() == Some(k)).map(|(_, v)| v.clone());
    assert_eq!(entry("Data"), Some(Value::Bytes(b"hi\0".to_vec())));
    assert!(matches!(entry("At"), Some(Value::Tag(1, v)) if v.as_float() == Some(1398796238.123)));
    assert!(matches!(entry("Ratio"), Some(Value::Float(f)) if f.is_nan()));
    let mut back = Thing::default();
    cbor::read(&body, &mut |r| {
        back = Thing::read(&Type::Structure, r)?;
        Ok(())
    })
    .unwrap();
    assert!(back.ratio.take().unwrap().is_nan());
    let mut want = full();
    want.ratio = None;
    assert_eq!(back, want);
}

/// A malformed CBOR answer is an error naming the member, and no corruption of a body panics.
#[cfg(feature = "cbor")]
#[test]
fn a_malformed_cbor_answer_is_an_error_never_a_panic() {
    let read = |body: &[u8]| {
        let mut out: Option<Thing> = None;
        cbor::read(body, &mut |r| read_into(&mut out, &Type::Structure, r)).map(|()| out.unwrap())
    };
    let wrong = cbor::to_vec(&Thing { name: Some("x".into()), ..Thing::default() }).unwrap();
    let mut bad = wrong.clone();
    // `Count`'s value 0 (0x00) becomes the text string "" (0x60).
    let at = bad.iter().rposition(|b| *b == 0x00).unwrap();
    bad[at] = 0x60;
    let err: WireError = read(&bad).unwrap_err();
    assert_eq!(err.to_string(), "Count: a text string where an integer was expected");
    assert!(read(&[0xbf]).unwrap_err().to_string().starts_with("malformed CBOR"));
    let body = cbor::to_vec(&full()).unwrap();
    let mut inputs = 0;
    for end in 0..body.len() {
        let _ = read(&body[..end]);
        inputs += 1;
    }
    for i in 0..body.len() {
        for b in [0x00, 0x1f, 0x5f, 0x7f, 0x9f, 0xbf, 0xc1, 0xf9, 0xfb, 0xff] {
            let mut bad = body.clone();
            bad[i] = b;
            let _ = read(&bad);
            inputs += 1;
        }
    }
    assert!(inputs > 1000, "{inputs} inputs");
    eprintln!("CBOR reader: {inputs} corrupted inputs, no panic");
}
