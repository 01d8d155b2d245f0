//! The Markdown writer [`super::to_markdown`] drives: blocks (paragraphs, list items, fenced
//! blocks) as lines, inline marks opened lazily (only once text follows, so an empty `<b></b>`
//! writes nothing) and all closed at the end of each paragraph, so nothing stays open.

use super::MAX_DOC_NESTING;

/// Inline markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Mark {
    /// `**...**`.
    Bold,
    /// `*...*`.
    Italic,
    /// `[...](<url>)`; `None`: not a link we keep (its text is written plain).
    Link(Option<String>),
}

impl Mark {
    fn same_kind(&self, other: &Mark) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    fn opener(&self) -> &'static str {
        match self {
            Mark::Bold => "**",
            Mark::Italic => "*",
            Mark::Link(_) => "[",
        }
    }
}

/// An open inline mark.
struct Open {
    mark: Mark,
    /// Its opener is written (text followed it).
    shown: bool,
    /// Writes nothing: the same mark is already open (`<b>` in `<b>`), or a link we drop.
    silent: bool,
}

/// An open list.
struct List {
    ordered: bool,
    /// An item began; a block in a list before any `<li>` begins one.
    started: bool,
    /// The current item's marker is not written yet.
    pending: bool,
    /// Opened by an `<li>` outside any list: it ends with that item.
    implicit: bool,
}

/// Markdown being written.
#[derive(Default)]
pub(super) struct Writer {
    lines: Vec<String>,
    para: String,
    /// Whitespace was seen since the last text: one space before the next.
    space: bool,
    marks: Vec<Open>,
    code: Option<String>,
    pre: Option<String>,
    lists: Vec<List>,
    /// Lists opened beyond [`MAX_DOC_NESTING`]: their items continue the deepest list kept.
    deep_lists: usize,
    /// `**Note:**`: the prefix of the next paragraph.
    note: Option<&'static str>,
    /// The last block written was in a list.
    last_in_list: bool,
}

impl Writer {
    /// Text: collapsed whitespace, escaped, bare URLs as autolinks; verbatim in a `<pre>`.
    pub(super) fn text(&mut self, t: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(t);
            return;
        }
        if let Some(code) = &mut self.code {
            code.push_str(t);
            return;
        }
        for (i, word) in t.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if !word.is_empty() {
                self.word(word);
            }
        }
    }

    /// One word: URLs in it become `<url>` (outside links), the rest escaped text.
    fn word(&mut self, mut word: &str) {
        while let Some((start, end)) = find_url(word) {
            if start > 0 {
                self.put(&escape(&word[..start]));
            }
            let url = &word[start..end];
            if self.marks.iter().any(|o| !o.silent && matches!(o.mark, Mark::Link(_))) {
                // Inside a link's text, a URL is text (a link cannot hold a link).
                self.put(&escape(url));
            } else {
                self.put(&format!("<{url}>"));
            }
            word = &word[end..];
        }
        if !word.is_empty() {
            self.put(&escape(word));
        }
    }

    /// Writes inline Markdown: the pending space first, then the openers of marks that have
    /// not shown yet.
    fn put(&mut self, s: &str) {
        if std::mem::take(&mut self.space) && !self.para.is_empty() {
            self.para.push(' ');
        }
        for o in self.marks.iter_mut().filter(|o| !o.shown && !o.silent) {
            self.para.push_str(o.mark.opener());
            o.shown = true;
        }
        self.para.push_str(s);
    }

    /// Opens an inline mark (nothing inside code or a `<pre>`, or beyond the nesting limit).
    pub(super) fn open(&mut self, mark: Mark) {
        if self.pre.is_some() || self.code.is_some() || self.marks.len() >= MAX_DOC_NESTING {
            return;
        }
        let silent = matches!(mark, Mark::Link(None)) || self.marks.iter().any(|o| o.mark.same_kind(&mark));
        self.marks.push(Open { mark, shown: false, silent });
    }

    /// Closes the innermost open mark of `kind`'s kind and every mark opened inside it; a close
    /// with no open mark is ignored.
    pub(super) fn close(&mut self, kind: Mark) {
        if self.pre.is_some() || self.code.is_some() {
            return;
        }
        if let Some(i) = self.marks.iter().rposition(|o| o.mark.same_kind(&kind)) {
            self.close_from(i);
        }
    }

    fn close_from(&mut self, i: usize) {
        while self.marks.len() > i {
            let Some(o) = self.marks.pop() else { return };
            match (o.mark, o.shown) {
                (Mark::Link(Some(href)), true) => self.para.push_str(&format!("](<{href}>)")),
                // A link with no text shows its URL.
                (Mark::Link(Some(href)), false) if !o.silent => self.put(&format!("<{href}>")),
                (Mark::Link(_), _) => {}
                (m, true) => self.para.push_str(m.opener()),
                (_, false) => {}
            }
        }
    }

    /// `<code>`: inline code until `</code>`.
    pub(super) fn open_code(&mut self) {
        if self.pre.is_none() && self.code.is_none() {
            self.code = Some(String::new());
        }
    }

    /// `</code>`: the code span, its fence longer than any run of backticks inside.
    pub(super) fn close_code(&mut self) {
        if self.pre.is_some() {
            return;
        }
        let Some(code) = self.code.take() else { return };
        let text: Vec<&str> = code.split_whitespace().collect();
        if code.starts_with(char::is_whitespace) {
            self.space = true;
        }
        if !text.is_empty() {
            let text = text.join(" ").replace(dropped, "");
            let fence = "`".repeat(longest_run(&text, '`') + 1);
            let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
            self.put(&format!("{fence}{pad}{text}{pad}{fence}"));
        }
        if code.ends_with(char::is_whitespace) {
            self.space = true;
        }
    }

    /// `<pre>`: text kept verbatim until `</pre>`.
    pub(super) fn open_pre(&mut self) {
        if self.pre.is_none() {
            self.paragraph();
            self.pre = Some(String::new());
        }
    }

    /// `</pre>`: a fenced `text` block (never compiled as a doctest), its fence longer than any
    /// run of backticks inside.
    pub(super) fn close_pre(&mut self) {
        let Some(pre) = self.pre.take() else { return };
        let pre = pre.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ");
        let pre: String = pre.chars().filter(|&c| c == '\n' || !dropped(c)).collect();
        let lines: Vec<&str> = pre.lines().map(str::trim_end).collect();
        let Some(first) = lines.iter().position(|l| !l.is_empty()) else { return };
        let last = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
        let fence = "`".repeat((longest_run(&pre, '`') + 1).max(3));
        let mut block = vec![format!("{fence}text")];
        block.extend(lines[first..=last].iter().map(|l| l.to_string()));
        block.push(fence);
        self.block(block);
    }

    /// The end of a paragraph (`<p>`, `</p>`, `<br>`, a list item...): what is open is closed
    /// and the paragraph written.
    pub(super) fn paragraph(&mut self) {
        if self.pre.is_some() {
            return;
        }
        self.close_code();
        self.close_from(0);
        self.space = false;
        let para = std::mem::take(&mut self.para);
        if para.is_empty() {
            return;
        }
        let mut para = escape_block_start(para);
        if let Some(note) = self.note.take() {
            para = format!("{note} {para}");
        }
        self.block(vec![para]);
    }

    /// `<ul>` / `<ol>`.
    pub(super) fn open_list(&mut self, ordered: bool) {
        self.paragraph();
        if self.lists.len() >= MAX_DOC_NESTING {
            self.deep_lists += 1;
        } else {
            self.lists.push(List { ordered, started: false, pending: false, implicit: false });
        }
    }

    /// `</ul>` / `</ol>`; one with no open list is ignored.
    pub(super) fn close_list(&mut self) {
        self.paragraph();
        if self.deep_lists > 0 {
            self.deep_lists -= 1;
        } else {
            self.lists.pop();
        }
    }

    /// `<li>`: a new item (of a bulleted list, outside any list).
    pub(super) fn item(&mut self) {
        self.paragraph();
        if self.lists.is_empty() {
            self.open_list(false);
            if let Some(l) = self.lists.last_mut() {
                l.implicit = true;
            }
        }
        if let Some(l) = self.lists.last_mut() {
            l.started = true;
            l.pending = true;
        }
    }

    /// `</li>`: the end of its paragraph, and of the list a stray `<li>` opened.
    pub(super) fn end_item(&mut self) {
        self.paragraph();
        if self.lists.last().is_some_and(|l| l.implicit) {
            self.lists.pop();
        }
    }

    /// `<note>` / `<important>`: the next paragraph starts with `prefix`.
    pub(super) fn note(&mut self, prefix: &'static str) {
        self.paragraph();
        self.note = Some(prefix);
    }

    /// `</note>`.
    pub(super) fn end_note(&mut self) {
        self.paragraph();
        self.note = None;
    }

    /// Writes a block's lines, indented under the open list items; a blank line before it,
    /// except before a list item's marker that follows a block of a list (so lists stay
    /// tight).
    fn block(&mut self, lines: Vec<String>) {
        let marker = self.lists.iter().any(|l| l.pending || !l.started);
        let tight = marker && self.last_in_list;
        if !self.lines.is_empty() && !tight {
            self.lines.push(String::new());
        }
        self.last_in_list = !self.lists.is_empty();
        let indent = "    ".repeat(self.lists.len());
        let mut first = String::new();
        for l in &mut self.lists {
            if l.pending || !l.started {
                first.push_str(if l.ordered { "1.  " } else { "-   " });
                l.pending = false;
                l.started = true;
            } else {
                first.push_str("    ");
            }
        }
        for (i, line) in lines.into_iter().enumerate() {
            match (i, line.is_empty()) {
                (_, true) => self.lines.push(line),
                (0, false) => self.lines.push(format!("{first}{line}")),
                _ => self.lines.push(format!("{indent}{line}")),
            }
        }
    }

    /// The Markdown, everything left open closed.
    pub(super) fn finish(mut self) -> String {
        self.close_pre();
        self.paragraph();
        self.lines.join("\n")
    }
}

/// Text with every character Markdown could read as markup escaped (`[` `]` intra-doc links,
/// `<` HTML, `` ` `` code, `*` `_` `~` emphasis, `&` entities, `|` tables); control
/// characters dropped. An `_` between two letters or digits (`FULL_EXPORT`) can neither open
/// nor close emphasis, so it is left as it is.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let alnum = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
        let inert = c == '_' && alnum(i.checked_sub(1)) && alnum(Some(i + 1));
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~') && !inert {
            out.push('\\');
        } else if dropped(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// A paragraph with what would begin another block at its start escaped: `#` headings, `-` `+`
/// and `1.` `1)` list markers, `=` underlines.
fn escape_block_start(para: String) -> String {
    if para.starts_with(['#', '-', '+', '=']) {
        return format!("\\{para}");
    }
    let digits = para.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && para[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &para[..digits], &para[digits..]);
    }
    para
}

/// The first `http(s)://host...` URL in a word, as a byte range: it ends before any
/// character an autolink cannot hold, and trailing punctuation is left out.
fn find_url(word: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = word[from..].find("http").map(|i| i + from) {
        let rest = &word[i..];
        let scheme = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            from = i + 4;
            continue;
        };
        let len =
            rest.find(|c: char| matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\') || dropped(c)).unwrap_or(rest.len());
        let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}', '*', '_', '~']);
        if url.len() > scheme && url[scheme..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Some((i, i + url.len()));
        }
        from = i + 4;
    }
    None
}

/// Characters never written: control characters, and the bidirectional overrides and
/// isolates rustc rejects in comments (`text_direction_codepoint_in_comment`).
pub(super) fn dropped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}
