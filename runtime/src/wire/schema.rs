//! The static description of a structure that generated code declares and codecs read.

/// One structure (an operation's input or output, a shared shape, an error's members).
#[derive(Debug)]
pub struct Struct {
    /// The shape's name, for messages.
    pub name: &'static str,
    pub members: &'static [Member],
}

/// One member of a structure, or the element, key or value of a list or map.
#[derive(Debug)]
pub struct Member {
    /// The model's member name: the key of the serde form.
    pub name: &'static str,
    /// The Rust field that holds it, as `Debug` shows it (empty for a list's item or a map's key
    /// or value).
    pub field: &'static str,
    /// The model marks it sensitive: `Debug` shows `*** Sensitive Data Redacted ***` in its
    /// place.
    pub sensitive: bool,
    /// The name on the wire: the body key, header, query key or URI label.
    pub wire_name: &'static str,
    pub location: Location,
    pub ty: Type,
    /// The value also fills a label of the operation's host prefix (`{AccountId}.`).
    pub host_label: bool,
    /// A header whose value is JSON, base64-encoded (botocore `jsonvalue`).
    pub json_value: bool,
    /// XML and query: a list or map whose items or entries repeat in place, with no wrapping
    /// element (botocore `flattened`).
    pub flattened: bool,
    /// A document that an answer carries as a string of JSON (see [`JsonText`]).
    pub json_text: Option<JsonText>,
    /// ec2Query: the request parameter's name where it is not the wire name (botocore's
    /// `queryName`, or the `locationName` capitalised).
    pub query_name: Option<&'static str>,
    /// XML: an attribute of the structure's element, not a child element (botocore
    /// `xmlAttribute`).
    pub xml_attribute: bool,
    /// XML: the namespace the element declares, as the attribute that declares it (`xmlns` or
    /// `xmlns:xsi`) and the URI.
    pub xml_namespace: Option<(&'static str, &'static str)>,
    /// An answer's value that cannot be read is left unset rather than failing the call (S3's
    /// `Expires` header, as botocore treats it).
    pub lenient: bool,
}

/// How an answer's string holds a document that botocore decodes after the call (IAM's policy
/// documents, CloudFormation's template body), as boto3 users get it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonText {
    /// JSON; anything else (a YAML template) is kept as a string.
    Plain,
    /// Percent-encoded JSON; anything else is kept as the string it is.
    UrlEncoded,
}

impl Member {
    /// A member of the body, named alike in the model and on the wire.
    pub const fn body(name: &'static str, ty: Type) -> Member {
        Member {
            name,
            field: "",
            sensitive: false,
            wire_name: name,
            location: Location::Body,
            ty,
            host_label: false,
            json_value: false,
            flattened: false,
            json_text: None,
            query_name: None,
            xml_attribute: false,
            xml_namespace: None,
            lenient: false,
        }
    }

    /// A structure's member held in the Rust field `field`, named alike in the model and on the
    /// wire, in the body.
    pub const fn field(field: &'static str, name: &'static str, ty: Type) -> Member {
        Member { field, ..Member::body(name, ty) }
    }

    /// The same member, hidden from `Debug`.
    pub const fn sensitive(self) -> Member {
        Member { sensitive: true, ..self }
    }

    /// The same member, elsewhere or under another wire name.
    pub const fn at(self, location: Location, wire_name: &'static str) -> Member {
        Member { location, wire_name, ..self }
    }

    /// The same member, also a host label.
    pub const fn host_label(self) -> Member {
        Member { host_label: true, ..self }
    }

    /// The same member, a JSON value in a header.
    pub const fn json_value(self) -> Member {
        Member { json_value: true, ..self }
    }

    /// The same member, a document an answer carries as a string of JSON.
    pub const fn json_text(self, how: JsonText) -> Member {
        Member { json_text: Some(how), ..self }
    }

    /// The same member, named `name` in an ec2Query request.
    pub const fn query_name(self, name: &'static str) -> Member {
        Member { query_name: Some(name), ..self }
    }

    /// The same member, left unset in an answer where it cannot be read.
    pub const fn lenient(self) -> Member {
        Member { lenient: true, ..self }
    }

    /// The same member, an XML attribute of its structure's element.
    pub const fn xml_attribute(self) -> Member {
        Member { xml_attribute: true, ..self }
    }

    /// The same member, its element declaring a namespace (`attribute` is `xmlns` or
    /// `xmlns:<prefix>`).
    pub const fn xml_namespace(self, attribute: &'static str, uri: &'static str) -> Member {
        Member { xml_namespace: Some((attribute, uri)), ..self }
    }

    /// The same member, a list or map flattened into its structure (XML, query).
    pub const fn flattened(self) -> Member {
        Member { flattened: true, ..self }
    }
}

/// What a value is, as far as a codec needs to know.
#[derive(Debug, Clone, Copy)]
pub enum Type {
    Boolean,
    Integer,
    Long,
    Float,
    Double,
    String,
    /// A string enum.
    Enum,
    Blob,
    Document,
    Timestamp(TimestampFormat),
    List(&'static Member),
    /// Key and value.
    Map(&'static Member, &'static Member),
    Structure,
}

/// Where a member travels (botocore `location`, resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Body,
    Header,
    /// Every header whose name starts with the wire name (`x-amz-meta-`), as a map.
    PrefixHeaders,
    Label,
    /// A URI label that keeps its `/` (`{Key+}`).
    GreedyLabel,
    Query,
    /// Every query parameter not bound to another member, as a map.
    QueryMap,
    StatusCode,
    /// The whole body.
    Payload,
}

impl Location {
    /// Whether an answer carries a member bound here in its body: headers, the status code and
    /// the payload are elsewhere; URI labels and query parameters mean nothing in an answer, so
    /// a shape used both ways has those members in the body (as botocore reads them).
    pub fn in_answer_body(self) -> bool {
        matches!(self, Location::Body | Location::Label | Location::GreedyLabel | Location::Query | Location::QueryMap)
    }
}

/// How a timestamp is written (botocore `timestampFormat`, or the protocol's default for the
/// member's location).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the epoch, with milliseconds (`1398796238.123`).
    EpochSeconds,
    /// RFC 3339 / ISO 8601 (`2014-04-29T18:30:38.123Z`).
    DateTime,
    /// RFC 7231 (`Tue, 29 Apr 2014 18:30:38 GMT`).
    HttpDate,
}
