//! Input pages, byte spans into them, and the line view every parser works on.

use std::fmt;

/// Index of a page in a [`Sources`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// A byte range in one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// One input page: its path as shown to users (relative, `/`-separated) and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        // Only '\n' ends a line: U+2028 inside AWS prose is text, not a line break.
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { name: name.into(), text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The byte offset of a 1-based line and column (in characters), clamped to the text; for
    /// locating errors that parsers report by line and column (serde_json).
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else { return self.text.len() };
        let rest = &self.text[start..];
        let line_text = rest.split('\n').next().unwrap_or_default();
        start + line_text.char_indices().nth(col.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i)
    }

    /// The lines of the page, with their indentation measured.
    pub fn lines(&self) -> Vec<Line<'_>> {
        let mut out = Vec::with_capacity(self.line_starts.len());
        for (index, &start) in self.line_starts.iter().enumerate() {
            let end = self.line_starts.get(index + 1).map_or(self.text.len(), |&e| e - 1);
            if start > self.text.len() || (start == self.text.len() && index > 0) {
                break;
            }
            let raw = &self.text[start..end];
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            out.push(Line::new(index, start, raw));
        }
        out
    }
}

/// One line of a page.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 0-based line index.
    pub index: usize,
    /// Byte offset of the line's first character in the page.
    pub start: usize,
    /// The whole line, without its line break.
    pub raw: &'a str,
    /// Leading spaces.
    pub indent: usize,
    /// The line without its indentation and trailing white space; computed once, as every
    /// parser asks for it many times.
    text: &'a str,
}

impl<'a> Line<'a> {
    fn new(index: usize, start: usize, raw: &'a str) -> Self {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let text = raw[indent..].trim_end();
        Line { index, start, raw, indent, text }
    }

    /// The line without its indentation and trailing white space.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// A line holding nothing but white space (the documenters leave many).
    pub fn is_blank(&self) -> bool {
        self.text.trim_start().is_empty()
    }

    /// Span of the line's text (without indentation).
    pub fn span(&self) -> Span {
        self.span_of(self.text)
    }

    /// The spaces the line really starts with (`indent` may be a continuation's paragraph's).
    pub fn leading_spaces(&self) -> usize {
        self.raw.len() - self.raw.trim_start_matches(' ').len()
    }

    /// Span of `part`, which must be a subslice of this line.
    pub fn span_of(&self, part: &str) -> Span {
        let base = self.raw.as_ptr() as usize;
        let p = part.as_ptr() as usize;
        if p >= base && p + part.len() <= base + self.raw.len() {
            let off = self.start + (p - base);
            Span::new(off, off + part.len())
        } else {
            self.span()
        }
    }
}

/// All pages of a run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }

    /// `path:line` of a span's start, as generated items cite their origin.
    pub fn cite(&self, file: FileId, span: Span) -> String {
        let f = self.get(file);
        format!("{}:{}", f.name, f.line_col(span.start).0)
    }
}

impl fmt::Display for FileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_ignores_u2028() {
        let f = SourceFile::new("x.rst", "ab\n  c\u{2028}d é x\n");
        let lines = f.lines();
        assert_eq!(lines.len(), 2, "U+2028 must not split a line");
        assert_eq!(lines[1].indent, 2);
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), (2, 9));
    }
}
