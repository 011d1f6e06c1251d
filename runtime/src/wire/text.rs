//! Values as text, where HTTP carries them outside the body: URI labels, query strings and
//! headers (and the status code, read back). A scalar is one text; a list is several (a header
//! joins them with commas, quoting an item that holds a comma or a quote; a query repeats its
//! key); a map is one text per entry.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use time::OffsetDateTime;

use super::schema::{Member, TimestampFormat, Type};
use super::timestamp::{format_timestamp, parse_timestamp};
use super::value::{ValueReader, ValueWriter, WriteValue};
use super::WireError;

type Result<T> = std::result::Result<T, WireError>;

/// A scalar as text (booleans `true`/`false`, numbers in decimal with `NaN` and `Infinity`,
/// blobs in base64, timestamps in their format).
pub fn to_text(v: &dyn WriteValue, ty: &Type) -> Result<String> {
    let mut w = TextWriter { out: None };
    v.write(ty, &mut w)?;
    w.out.ok_or_else(|| WireError::new("no value was written"))
}

/// A list as the text of each item; a scalar as one text.
pub fn to_texts(v: &dyn WriteValue, ty: &Type) -> Result<Vec<String>> {
    match ty {
        Type::List(_) => {
            let mut w = Collect { texts: Vec::new(), entries: Vec::new() };
            v.write(ty, &mut w)?;
            Ok(w.texts)
        }
        _ => Ok(vec![to_text(v, ty)?]),
    }
}

/// A map as (key, texts of the value) entries: a value that is a list gives several texts.
pub fn to_text_map(v: &dyn WriteValue, ty: &Type) -> Result<Vec<(String, Vec<String>)>> {
    let mut w = Collect { texts: Vec::new(), entries: Vec::new() };
    v.write(ty, &mut w)?;
    Ok(w.entries)
}

fn float_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        v.to_string()
    }
}

struct TextWriter {
    out: Option<String>,
}

impl TextWriter {
    fn put(&mut self, s: String) -> Result<()> {
        self.out = Some(s);
        Ok(())
    }
}

impl ValueWriter for TextWriter {
    fn boolean(&mut self, v: bool) -> Result<()> {
        self.put(v.to_string())
    }
    fn integer(&mut self, v: i32) -> Result<()> {
        self.put(v.to_string())
    }
    fn long(&mut self, v: i64) -> Result<()> {
        self.put(v.to_string())
    }
    fn float(&mut self, v: f32) -> Result<()> {
        // Shortest text that reads back as the same f32 (`1.1`, not `1.100000023841858`).
        match v.is_finite() {
            true => self.put(v.to_string()),
            false => self.put(float_text(f64::from(v))),
        }
    }
    fn double(&mut self, v: f64) -> Result<()> {
        self.put(float_text(v))
    }
    fn string(&mut self, v: &str) -> Result<()> {
        self.put(v.to_string())
    }
    fn blob(&mut self, v: &[u8]) -> Result<()> {
        self.put(STANDARD.encode(v))
    }
    fn timestamp(&mut self, v: &OffsetDateTime, format: TimestampFormat) -> Result<()> {
        self.put(format_timestamp(v, format))
    }
    fn document(&mut self, v: &serde_json::Value) -> Result<()> {
        self.put(v.to_string())
    }
}

/// Takes a list (its items' texts) or a map (its entries').
struct Collect {
    texts: Vec<String>,
    entries: Vec<(String, Vec<String>)>,
}

impl ValueWriter for Collect {
    fn list(&mut self, element: &'static Member, items: &mut dyn Iterator<Item = &dyn WriteValue>) -> Result<()> {
        for (i, item) in items.enumerate() {
            self.texts.push(to_text(item, &element.ty).map_err(|e| e.in_item(i))?);
        }
        Ok(())
    }
    fn map(
        &mut self,
        _: &'static Member,
        value: &'static Member,
        entries: &mut dyn Iterator<Item = (&str, &dyn WriteValue)>,
    ) -> Result<()> {
        for (k, v) in entries {
            self.entries.push((k.to_string(), to_texts(v, &value.ty).map_err(|e| e.in_entry(k))?));
        }
        Ok(())
    }
}

/// Joins a header list: an item holding a comma or a quote is quoted, its quotes escaped (as
/// botocore writes them).
pub fn join_header_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|v| if v.contains(',') || v.contains('"') { format!("\"{}\"", v.replace('"', "\\\"")) } else { v.clone() })
        .collect();
    quoted.join(",")
}

/// Splits a header list: commas separate items, outside double quotes; quoted items lose their
/// quotes and escapes. HTTP dates hold a comma of their own, so a list of them splits after
/// each `GMT`.
pub fn split_header_list(value: &str, http_dates: bool) -> Vec<String> {
    if http_dates {
        return value
            .split_inclusive("GMT")
            .map(|s| s.trim_start_matches(',').trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    let mut items = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut escaped, mut was_quoted) = (false, false, false);
    for c in value.chars() {
        match c {
            _ if escaped => {
                cur.push(c);
                escaped = false;
            }
            '\\' if quoted => escaped = true,
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            ',' if !quoted => {
                items.push(if was_quoted {
                    std::mem::take(&mut cur)
                } else {
                    std::mem::take(&mut cur).trim().to_string()
                });
                was_quoted = false;
            }
            _ if !quoted && !was_quoted && cur.is_empty() && c == ' ' => {}
            _ => cur.push(c),
        }
    }
    items.push(if was_quoted { cur } else { cur.trim().to_string() });
    items
}

/// Reads a value from text (a header, the status code, a label): scalars parse, a list is split
/// as a header list.
pub struct TextReader<'a> {
    pub text: &'a str,
    /// The text is JSON, base64-encoded (a `jsonvalue` header).
    pub json_value: bool,
}

impl<'a> TextReader<'a> {
    pub fn new(text: &'a str) -> TextReader<'a> {
        TextReader { text, json_value: false }
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T> {
        self.text.trim().parse().map_err(|_| WireError::new(format!("`{}` is not {what}", self.text)))
    }

    fn number(&self) -> Result<f64> {
        match self.text.trim() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => self.parse("a number"),
        }
    }
}

impl ValueReader for TextReader<'_> {
    fn boolean(&mut self) -> Result<bool> {
        self.parse("a boolean")
    }
    fn integer(&mut self) -> Result<i32> {
        self.parse("an integer")
    }
    fn long(&mut self) -> Result<i64> {
        self.parse("an integer")
    }
    fn float(&mut self) -> Result<f32> {
        self.number().map(|v| v as f32)
    }
    fn double(&mut self) -> Result<f64> {
        self.number()
    }
    fn string(&mut self) -> Result<String> {
        if self.json_value {
            let bytes = self.blob()?;
            return String::from_utf8(bytes).map_err(|e| WireError::new(format!("not UTF-8: {e}")));
        }
        Ok(self.text.to_string())
    }
    fn text(&mut self, take: &mut dyn FnMut(&str)) -> Result<()> {
        take(self.text);
        Ok(())
    }
    fn blob(&mut self) -> Result<Vec<u8>> {
        STANDARD.decode(self.text.trim()).map_err(|e| WireError::new(format!("not base64: {e}")))
    }
    fn timestamp(&mut self, _: TimestampFormat) -> Result<OffsetDateTime> {
        parse_timestamp(self.text)
    }
    fn document(&mut self) -> Result<serde_json::Value> {
        let bytes = if self.json_value { self.blob()? } else { self.text.as_bytes().to_vec() };
        serde_json::from_slice(&bytes).map_err(WireError::new)
    }
    fn list(
        &mut self,
        element: &'static Member,
        each: &mut dyn FnMut(&mut dyn ValueReader) -> Result<()>,
    ) -> Result<()> {
        let http_dates = matches!(element.ty, Type::Timestamp(TimestampFormat::HttpDate));
        let items = split_header_list(self.text, http_dates);
        for (i, item) in items.iter().enumerate() {
            each(&mut TextReader::new(item)).map_err(|e| e.in_item(i))?;
        }
        Ok(())
    }
}

/// A header member's text from an answer's headers (names in lower case): every value of the
/// header, joined with commas as HTTP folds repeated headers; `None` when it is absent.
pub fn header_text(headers: &[(String, String)], wire_name: &str) -> Option<String> {
    let values: Vec<&str> =
        headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(wire_name)).map(|(_, v)| v.as_str()).collect();
    (!values.is_empty()).then(|| values.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lists_quote_and_split_as_botocore_and_smithy_do() {
        let items = vec!["a".to_string(), "b,c".into(), "say \"hi\"".into()];
        let joined = join_header_list(&items);
        assert_eq!(joined, r#"a,"b,c","say \"hi\"""#);
        assert_eq!(split_header_list(&joined, false), items);
        assert_eq!(split_header_list("a, b ,c", false), ["a", "b", "c"]);
        assert_eq!(split_header_list("", false), [""]);
        assert_eq!(
            split_header_list("Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT", true),
            ["Mon, 16 Dec 2019 23:48:18 GMT", "Mon, 16 Dec 2019 23:48:18 GMT"]
        );
    }

    #[test]
    fn scalars_as_text() {
        assert_eq!(to_text(&true, &Type::Boolean).unwrap(), "true");
        assert_eq!(to_text(&f64::NEG_INFINITY, &Type::Double).unwrap(), "-Infinity");
        assert_eq!(to_text(&1.5f64, &Type::Double).unwrap(), "1.5");
        let list = vec!["x".to_string(), "y".to_string()];
        static ITEM: Member = Member::body("member", Type::String);
        assert_eq!(to_texts(&list, &Type::List(&ITEM)).unwrap(), ["x", "y"]);
        assert!(TextReader::new("nope").integer().is_err());
        assert_eq!(TextReader::new(" 42").integer().unwrap(), 42);
    }
}
