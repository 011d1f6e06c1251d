//! boto3 `**Examples**` code: `response = client.op(Name=value, ...)` and the `Expected Output:`
//! dict, read as Python literals and rewritten as JSON, the form the wire and the generated serde
//! types use.
//!
//! Only literals appear in these blocks (strings, numbers, `True`/`False`/`None`, dicts, lists,
//! `datetime(...)`); anything else makes the conversion give up, and the caller keeps the
//! Python text as it is.

use serde_json::{Map, Value};

/// `response = client.get_item(Key={...}, TableName='Music')` (a trailing `print(response)` is
/// allowed) as a JSON object of its keyword arguments.
pub fn call_to_json(text: &str) -> Option<Value> {
    let text = text.trim();
    let text = text.strip_suffix("print(response)").unwrap_or(text).trim_end();
    let open = text.find('(')?;
    let head = &text[..open];
    if !head.chars().all(|c| c.is_alphanumeric() || "_ .=".contains(c)) {
        return None;
    }
    let mut p = Py { s: text.as_bytes(), pos: open + 1 };
    let mut out = Map::new();
    loop {
        p.ws();
        if p.eat(b')') {
            break;
        }
        let name = p.ident()?;
        p.ws();
        p.expect(b'=')?;
        let v = p.value(0)?;
        out.insert(name, v);
        p.ws();
        if !p.eat(b',') {
            p.ws();
            p.expect(b')')?;
            break;
        }
    }
    p.ws();
    (p.pos == p.s.len()).then_some(Value::Object(out))
}

/// A Python literal (the `Expected Output:` block) as JSON. boto3's `ResponseMetadata`
/// placeholder is dropped: it is not part of the operation's output.
pub fn value_to_json(text: &str) -> Option<Value> {
    let mut p = Py { s: text.trim().as_bytes(), pos: 0 };
    let mut v = p.value(0)?;
    p.ws();
    if p.pos != p.s.len() {
        return None;
    }
    if let Value::Object(m) = &mut v {
        m.remove("ResponseMetadata");
    }
    Some(v)
}

struct Py<'a> {
    s: &'a [u8],
    pos: usize,
}

/// Nesting deeper than this is not an example a person wrote; give up rather than recurse.
const MAX_DEPTH: usize = 64;

impl Py<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.s.get(self.pos) == Some(&b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.pos;
        while self.pos < self.s.len() && (self.s[self.pos].is_ascii_alphanumeric() || self.s[self.pos] == b'_') {
            self.pos += 1;
        }
        (self.pos > start).then(|| String::from_utf8_lossy(&self.s[start..self.pos]).into_owned())
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.s.get(self.pos)? {
            b'\'' | b'"' => self.string().map(Value::String),
            b'{' => self.dict(depth),
            b'[' | b'(' => self.list(depth),
            b'-' | b'0'..=b'9' => self.number(),
            b'b' if matches!(self.s.get(self.pos + 1), Some(b'\'' | b'"')) => {
                self.pos += 1;
                self.string().map(Value::String)
            }
            _ => self.word(depth),
        }
    }

    /// `True`, `False`, `None`, or a call such as `datetime(2016, 6, 1)` kept as its text.
    fn word(&mut self, depth: usize) -> Option<Value> {
        let start = self.pos;
        let id = self.ident()?;
        match id.as_str() {
            "True" => return Some(Value::Bool(true)),
            "False" => return Some(Value::Bool(false)),
            "None" => return Some(Value::Null),
            _ => {}
        }
        self.ws();
        self.expect(b'(')?;
        self.list_items(b')', depth)?;
        Some(Value::String(String::from_utf8_lossy(&self.s[start..self.pos]).into_owned()))
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.s[self.pos];
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.pos)?;
            self.pos += 1;
            match c {
                b'\\' => {
                    let e = *self.s.get(self.pos)?;
                    self.pos += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b't' => b'\t',
                        other => other,
                    });
                }
                c if c == quote => break,
                b'\n' => return None,
                c => out.push(c),
            }
        }
        String::from_utf8(out).ok()
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.s.len() && (self.s[self.pos].is_ascii_digit() || b".eE+-".contains(&self.s[self.pos])) {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.pos]).ok()?;
        serde_json::from_str(text).ok()
    }

    fn dict(&mut self, depth: usize) -> Option<Value> {
        self.pos += 1;
        let mut out = Map::new();
        loop {
            self.ws();
            if self.eat(b'}') {
                return Some(Value::Object(out));
            }
            let key = match self.value(depth + 1)? {
                Value::String(s) => s,
                other => other.to_string(),
            };
            self.ws();
            self.expect(b':')?;
            let v = self.value(depth + 1)?;
            out.insert(key, v);
            self.ws();
            if !self.eat(b',') {
                self.ws();
                self.expect(b'}')?;
                return Some(Value::Object(out));
            }
        }
    }

    fn list(&mut self, depth: usize) -> Option<Value> {
        let close = if self.s[self.pos] == b'[' { b']' } else { b')' };
        self.pos += 1;
        self.list_items(close, depth).map(Value::Array)
    }

    fn list_items(&mut self, close: u8, depth: usize) -> Option<Vec<Value>> {
        let mut out = Vec::new();
        loop {
            self.ws();
            if self.eat(close) {
                return Some(out);
            }
            out.push(self.value(depth + 1)?);
            self.ws();
            if !self.eat(b',') {
                self.ws();
                self.expect(close)?;
                return Some(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamodb_get_item_example_becomes_json() {
        // boto3/dynamodb/client/get_item.rst, **Examples**.
        let call = "response = client.get_item(\n    Key={\n        'Artist': {\n            'S': 'Acme Band',\n        },\n    },\n    TableName='Music',\n)\n\nprint(response)";
        let v = call_to_json(call).unwrap();
        assert_eq!(v, serde_json::json!({"Key": {"Artist": {"S": "Acme Band"}}, "TableName": "Music"}));
        let out = "{\n    'Item': {\n        'AlbumTitle': {\n            'S': 'Songs About Life',\n        },\n    },\n    'ResponseMetadata': {\n        '...': '...',\n    },\n}";
        assert_eq!(value_to_json(out).unwrap(), serde_json::json!({"Item": {"AlbumTitle": {"S": "Songs About Life"}}}));
    }

    #[test]
    fn literals_of_every_kind() {
        let v =
            value_to_json("{'a': [1, -2.5, True, False, None], 'd': datetime(2016, 6, 1), \"q\": 'it\\'s'}").unwrap();
        assert_eq!(v, serde_json::json!({"a": [1, -2.5, true, false, null], "d": "datetime(2016, 6, 1)", "q": "it's"}));
    }

    #[test]
    fn anything_else_gives_up() {
        assert_eq!(value_to_json("{'a': some_variable}"), None);
        assert_eq!(value_to_json("{'a': 1"), None);
        assert_eq!(call_to_json("response = client.op(**kwargs)"), None);
        assert_eq!(value_to_json(&"[".repeat(1000)), None);
    }
}
