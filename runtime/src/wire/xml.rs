//! XML: answers (awsQuery, ec2Query, restXml) and restXml's request bodies. An answer's body is parsed by
//! quick-xml into a small tree of elements, then read through the seam as botocore's XML parser
//! reads it. A structure's member is the child element named by its wire name (namespace
//! prefixes ignored); a list is every child of its element (`<member>`, `<item>` or any
//! other name), or, flattened, every child of the structure with the member's (or the item's)
//! name; a map is `<entry>` elements (or, flattened, the repeated elements themselves) each
//! holding a key and a value element under the schema's names. Scalars are the element's text:
//! an empty element is an empty string or blob. A malformed document is an error naming the
//! byte offset; a value that does not parse is an error naming the member.

use quick_xml::events::Event;

use super::schema::{JsonText, Location, Member, Struct, TimestampFormat, Type};
use super::text::TextReader;
use super::value::{MemberWriter, ValueReader, ValueWriter, WriteStruct, WriteValue};
use super::WireError;

type Result<T> = std::result::Result<T, WireError>;

/// How deep elements may nest: deeper documents are refused, so reading (which recurses with
/// the schema) and dropping (which recurses with the tree) stay on a bounded stack.
const MAX_DEPTH: usize = 128;

/// One element: its local name, its attributes (qualified names, values unescaped), its element
/// children in document order and its text (character data and CDATA directly inside it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    /// The first child element with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The first element with this local name at any depth below this one, depth first.
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.children.iter().find_map(|c| if c.name == name { Some(c) } else { c.find(name) })
    }

    /// The value of an attribute, by its qualified name (`xsi:type`), else by its local name.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        let local_of = |n: &str| n.rsplit(':').next().unwrap_or(n).to_string();
        let exact = self.attributes.iter().find(|(k, _)| k == name);
        let local = || self.attributes.iter().find(|(k, _)| local_of(k) == local_of(name) && !k.starts_with("xmlns"));
        exact.or_else(local).map(|(_, v)| v.as_str())
    }

    /// The text of the first child with this name.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

/// The local part of a qualified name (`ns:Name` → `Name`).
fn local(qualified: &[u8]) -> &[u8] {
    match qualified.iter().rposition(|b| *b == b':') {
        Some(i) => &qualified[i + 1..],
        None => qualified,
    }
}

fn utf8(bytes: &[u8], at: u64) -> Result<String> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| WireError::new(format!("malformed XML at byte {at}: a name is not UTF-8")))
}

/// Parses a whole document into its root element. Anything but one root element (with the
/// declaration, comments and processing instructions around it) is an error.
pub fn parse(body: &[u8]) -> Result<Element> {
    let mut reader = quick_xml::Reader::from_reader(body);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = reader.buffer_position();
        let malformed = |what: &dyn std::fmt::Display| WireError::new(format!("malformed XML at byte {at}: {what}"));
        let event = reader.read_event().map_err(|e| malformed(&e))?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                return Err(malformed(&format!(
                    "a second root element `{}`",
                    String::from_utf8_lossy(e.name().as_ref())
                )))
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(malformed(&format!("elements nest deeper than {MAX_DEPTH}")));
                }
                stack.push(open(&e, at)?);
            }
            Event::Empty(e) => {
                let element = open(&e, at)?;
                close(&mut stack, &mut root, element);
            }
            Event::End(_) => match stack.pop() {
                Some(element) => close(&mut stack, &mut root, element),
                None => return Err(malformed(&"an end tag with no start tag")),
            },
            Event::Text(t) => {
                let text = t.xml10_content().map_err(|e| malformed(&e))?;
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(malformed(&"text outside the root element")),
                }
            }
            Event::CData(t) => {
                let text = t.xml10_content().map_err(|e| malformed(&e))?;
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&text),
                    None => return Err(malformed(&"CDATA outside the root element")),
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| malformed(&e))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| malformed(&e))?;
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => s.to_string(),
                            None => return Err(malformed(&format!("the entity `&{name};` is not defined"))),
                        }
                    }
                };
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&resolved),
                    None => return Err(malformed(&"a reference outside the root element")),
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    match (root, stack.is_empty()) {
        (Some(root), true) => Ok(root),
        (_, false) => Err(WireError::new("malformed XML: the document ends inside an element")),
        (None, true) => Err(WireError::new("malformed XML: the document has no element")),
    }
}

fn open(e: &quick_xml::events::BytesStart<'_>, at: u64) -> Result<Element> {
    let name = utf8(local(e.name().as_ref()), at)?;
    let mut attributes = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| WireError::new(format!("malformed XML at byte {at}: {err}")))?;
        let value = a.unescape_value().map_err(|err| WireError::new(format!("malformed XML at byte {at}: {err}")))?;
        attributes.push((utf8(a.key.as_ref(), at)?, value.into_owned()));
    }
    Ok(Element { name, attributes, children: Vec::new(), text: String::new() })
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

/// An empty element: what an empty body reads as.
pub(crate) static EMPTY: Element =
    Element { name: String::new(), attributes: Vec::new(), children: Vec::new(), text: String::new() };

/// Reads one element as a value of the schema's type.
pub struct XmlReader<'a> {
    pub element: &'a Element,
}

impl<'a> XmlReader<'a> {
    pub fn new(element: &'a Element) -> XmlReader<'a> {
        XmlReader { element }
    }

    /// The element's text, for a scalar; an element with elements inside is not one.
    fn scalar(&self) -> Result<TextReader<'a>> {
        match self.element.children.first() {
            None => Ok(TextReader::new(&self.element.text)),
            Some(c) => {
                Err(WireError::new(format!("`<{}>` holds elements (`<{}>`), not text", self.element.name, c.name)))
            }
        }
    }
}

/// The name a member's elements have in its structure: a flattened list's items carry the
/// item's name where the schema gives one, anything else the member's wire name.
fn element_name(m: &Member) -> &'static str {
    match m.ty {
        Type::List(item) if m.flattened && item.wire_name != "member" => item.wire_name,
        _ => m.wire_name,
    }
}

impl ValueReader for XmlReader<'_> {
    fn boolean(&mut self) -> Result<bool> {
        self.scalar()?.boolean()
    }
    fn integer(&mut self) -> Result<i32> {
        self.scalar()?.integer()
    }
    fn long(&mut self) -> Result<i64> {
        self.scalar()?.long()
    }
    fn float(&mut self) -> Result<f32> {
        self.scalar()?.float()
    }
    fn double(&mut self) -> Result<f64> {
        self.scalar()?.double()
    }
    fn string(&mut self) -> Result<String> {
        self.scalar()?.string()
    }
    fn text(&mut self, take: &mut dyn FnMut(&str)) -> Result<()> {
        take(self.scalar()?.text);
        Ok(())
    }
    fn blob(&mut self) -> Result<Vec<u8>> {
        self.scalar()?.blob()
    }
    fn timestamp(&mut self, format: TimestampFormat) -> Result<time::OffsetDateTime> {
        self.scalar()?.timestamp(format)
    }
    fn list(&mut self, _: &'static Member, each: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>) -> Result<()> {
        read_items(self.element.children.iter(), each)
    }
    fn map(
        &mut self,
        key: &'static Member,
        value: &'static Member,
        each: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        read_entries(self.element.children.iter(), key, value, each)
    }
    fn structure(
        &mut self,
        schema: &'static Struct,
        each: &mut dyn FnMut(usize, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        for (i, m) in schema.members.iter().enumerate() {
            // Headers, the status code and the payload are the protocol's to read; a member an
            // input binds to the URI is in an answer's body (botocore reads it there).
            if !m.location.in_answer_body() {
                continue;
            }
            if m.xml_attribute {
                if let Some(value) = self.element.attribute(m.wire_name) {
                    each(i, &mut TextReader::new(value)).map_err(|e| e.in_member(m.name))?;
                }
                continue;
            }
            let name = element_name(m);
            let read = if m.flattened && matches!(m.ty, Type::List(_) | Type::Map(..)) {
                let items: Vec<&Element> = self.element.children.iter().filter(|c| c.name == name).collect();
                if items.is_empty() {
                    continue;
                }
                each(i, &mut Flattened(items))
            } else {
                match (self.element.child(name), m.json_text) {
                    (Some(child), Some(how)) => each(i, &mut JsonTextReader { element: child, how }),
                    (Some(child), None) => each(i, &mut XmlReader::new(child)),
                    (None, _) => continue,
                }
            };
            read.map_err(|e| e.in_member(m.name))?;
        }
        Ok(())
    }
}

/// A document an answer carries as a string of JSON, decoded as botocore decodes it: text that
/// is not (percent-encoded) JSON is kept as a string.
struct JsonTextReader<'a> {
    element: &'a Element,
    how: JsonText,
}

impl ValueReader for JsonTextReader<'_> {
    fn document(&mut self) -> Result<serde_json::Value> {
        let text = XmlReader::new(self.element).scalar()?.text;
        let json = match self.how {
            JsonText::Plain => serde_json::from_str(text).ok(),
            JsonText::UrlEncoded => percent_encoding::percent_decode_str(text)
                .decode_utf8()
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok()),
        };
        Ok(json.unwrap_or_else(|| serde_json::Value::String(text.to_string())))
    }
}

/// A list's items, each an element.
fn read_items<'a>(
    items: impl Iterator<Item = &'a Element>,
    each: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>,
) -> Result<()> {
    for (i, item) in items.enumerate() {
        each(&mut XmlReader::new(item)).map_err(|e| e.in_item(i))?;
    }
    Ok(())
}

/// A map's entries: each holds its key and value as children under the schema's names.
fn read_entries<'a>(
    entries: impl Iterator<Item = &'a Element>,
    key: &'static Member,
    value: &'static Member,
    each: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<()>,
) -> Result<()> {
    for (i, entry) in entries.enumerate() {
        let Some(k) = entry.child(key.wire_name) else {
            return Err(WireError::new(format!("an entry without its `{}` element", key.wire_name)).in_item(i));
        };
        let k = k.text.clone();
        match entry.child(value.wire_name) {
            Some(v) => each(k.clone(), &mut XmlReader::new(v)).map_err(|e| e.in_entry(&k))?,
            None => return Err(WireError::new(format!("no `{}` element", value.wire_name)).in_entry(&k)),
        }
    }
    Ok(())
}

/// A flattened list's items or map's entries: the repeated elements themselves.
struct Flattened<'a>(Vec<&'a Element>);

impl ValueReader for Flattened<'_> {
    fn list(&mut self, _: &'static Member, each: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>) -> Result<()> {
        read_items(self.0.iter().copied(), each)
    }
    fn map(
        &mut self,
        key: &'static Member,
        value: &'static Member,
        each: &mut dyn FnMut(String, &mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        read_entries(self.0.iter().copied(), key, value, each)
    }
}

/// For [`read`]: the root element itself.
pub fn root(root: &Element) -> Option<&Element> {
    Some(root)
}

/// Gives a document's element (the one `pick` chooses from the root) to `read`; an empty body
/// reads as an empty element.
pub fn read(
    body: &[u8],
    pick: &dyn Fn(&Element) -> Option<&Element>,
    read: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>,
) -> Result<()> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return read(&mut XmlReader::new(&EMPTY));
    }
    let root = parse(body)?;
    read(&mut XmlReader::new(pick(&root).unwrap_or(&EMPTY)))
}

// ---- writing ----

/// restXml bodies, as botocore's `RestXMLSerializer` writes them: a structure is an element
/// holding an element per member set (its wire name), its attribute members as attributes; a list
/// is an element holding an element per item (`member`, or the item's name), or, flattened, the
/// items repeated under the member's name; a map is `entry` elements holding a key and a value
/// element (flattened: the member's elements repeated); booleans `true`/`false`, timestamps in
/// the schema's format, blobs base64, NaN and infinities by name. Text and attribute values are
/// escaped.
pub fn to_vec(root: &str, namespace: Option<&str>, v: &dyn WriteStruct) -> Result<Vec<u8>> {
    let mut out = String::with_capacity(256);
    let ns = namespace.map(|uri| ("xmlns", uri));
    write_structure(&mut out, root, ns, v)?;
    Ok(out.into_bytes())
}

/// A payload member's value as a whole document: its element named by the member.
pub fn value_to_vec(member: &'static Member, v: &dyn WriteValue) -> Result<Vec<u8>> {
    let mut out = String::with_capacity(256);
    v.write(&member.ty, &mut Elem { out: &mut out, name: member.wire_name, member })?;
    Ok(out.into_bytes())
}

fn open_tag(out: &mut String, name: &str, ns: Option<(&str, &str)>, attributes: &[(&str, String)]) {
    out.push('<');
    out.push_str(name);
    for (k, v) in ns.map(|(k, v)| (k, v.to_string())).iter().chain(attributes) {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(&quick_xml::escape::escape(v.as_str()));
        out.push('"');
    }
    out.push('>');
}

fn close_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// A structure's element: attribute members on it, the others inside.
fn write_structure(out: &mut String, name: &str, ns: Option<(&str, &str)>, v: &dyn WriteStruct) -> Result<()> {
    let mut members = Members { attributes: Vec::new(), children: String::new() };
    v.write_members(&mut members)?;
    open_tag(out, name, ns, &members.attributes);
    out.push_str(&members.children);
    close_tag(out, name);
    Ok(())
}

struct Members {
    attributes: Vec<(&'static str, String)>,
    children: String,
}

impl MemberWriter for Members {
    fn member(&mut self, member: &'static Member, value: &dyn WriteValue) -> Result<()> {
        // Headers, labels and the query are the protocol's to bind.
        if member.location != Location::Body {
            return Ok(());
        }
        if member.xml_attribute {
            let text = super::text::to_text(value, &member.ty).map_err(|e| e.in_member(member.name))?;
            self.attributes.push((member.wire_name, text));
            return Ok(());
        }
        let mut w = Elem { out: &mut self.children, name: member.wire_name, member };
        value.write(&member.ty, &mut w).map_err(|e| e.in_member(member.name))
    }
}

/// Writes one value as the element `name`; `member` is its schema entry (flattened or not, its
/// namespace).
struct Elem<'a> {
    out: &'a mut String,
    name: &'a str,
    member: &'static Member,
}

impl Elem<'_> {
    fn text(&mut self, text: &str) -> Result<()> {
        open_tag(self.out, self.name, self.member.xml_namespace, &[]);
        self.out.push_str(&quick_xml::escape::escape(text));
        close_tag(self.out, self.name);
        Ok(())
    }

    fn number(&mut self, v: f64, text: String) -> Result<()> {
        self.text(super::special_float(v).unwrap_or(&text))
    }
}

impl ValueWriter for Elem<'_> {
    fn boolean(&mut self, v: bool) -> Result<()> {
        self.text(if v { "true" } else { "false" })
    }
    fn integer(&mut self, v: i32) -> Result<()> {
        self.text(&v.to_string())
    }
    fn long(&mut self, v: i64) -> Result<()> {
        self.text(&v.to_string())
    }
    fn float(&mut self, v: f32) -> Result<()> {
        self.number(v as f64, v.to_string())
    }
    fn double(&mut self, v: f64) -> Result<()> {
        self.number(v, v.to_string())
    }
    fn string(&mut self, v: &str) -> Result<()> {
        self.text(v)
    }
    fn blob(&mut self, v: &[u8]) -> Result<()> {
        use base64::Engine;
        self.text(&base64::engine::general_purpose::STANDARD.encode(v))
    }
    fn timestamp(&mut self, v: &time::OffsetDateTime, format: TimestampFormat) -> Result<()> {
        self.text(&super::format_timestamp(v, format))
    }
    fn list(&mut self, element: &'static Member, items: &mut dyn Iterator<Item = &dyn WriteValue>) -> Result<()> {
        let flattened = self.member.flattened;
        if !flattened {
            open_tag(self.out, self.name, self.member.xml_namespace, &[]);
        }
        // Flattened, each item takes the member's name (and namespace).
        let (name, schema) = if flattened { (self.name, self.member) } else { (element.wire_name, element) };
        for (i, item) in items.enumerate() {
            let mut w = Elem { out: self.out, name, member: schema };
            item.write(&element.ty, &mut w).map_err(|e| e.in_item(i))?;
        }
        if !flattened {
            close_tag(self.out, self.name);
        }
        Ok(())
    }
    fn map(
        &mut self,
        key: &'static Member,
        value: &'static Member,
        entries: &mut dyn Iterator<Item = (&str, &dyn WriteValue)>,
    ) -> Result<()> {
        let flattened = self.member.flattened;
        if !flattened {
            open_tag(self.out, self.name, self.member.xml_namespace, &[]);
        }
        let entry = if flattened { self.name } else { "entry" };
        for (k, v) in entries {
            open_tag(self.out, entry, None, &[]);
            Elem { out: self.out, name: key.wire_name, member: key }.text(k)?;
            let mut w = Elem { out: self.out, name: value.wire_name, member: value };
            v.write(&value.ty, &mut w).map_err(|e| e.in_entry(k))?;
            close_tag(self.out, entry);
        }
        if !flattened {
            close_tag(self.out, self.name);
        }
        Ok(())
    }
    fn structure(&mut self, v: &dyn WriteStruct) -> Result<()> {
        write_structure(self.out, self.name, self.member.xml_namespace, v)
    }
}
