//! Model documentation as rustdoc Markdown: botocore's `documentation` HTML and Smithy's
//! `@documentation` (HTML too, in AWS models) become paragraphs, lists, code spans, fenced
//! `text` blocks, links, emphasis and `**Note:**` paragraphs, escaped so that
//! `cargo doc -D warnings` finds nothing to say: no brackets read as intra-doc links, no bare
//! URLs, no HTML tags, no code span left open.
//!
//! Any input gives valid Markdown and the work is bounded: text beyond [`MAX_DOC_BYTES`] is
//! cut, markup nested beyond [`MAX_DOC_NESTING`] is read as its text, and the reader
//! ([`html`]) never looks more than [`html::MAX_TAG_BYTES`] ahead.

pub mod html;
mod writer;

use html::Token;
use writer::{Mark, Writer};

/// The longest documentation rendered, in bytes of HTML; the rest is cut (at a character
/// boundary) and an ellipsis ends the text.
pub const MAX_DOC_BYTES: usize = 64 * 1024;

/// The deepest nesting of inline markup (bold, italics, links) and of lists that is kept;
/// tags nested deeper are dropped, their text kept.
pub const MAX_DOC_NESTING: usize = 8;

/// `html` as rustdoc Markdown: blocks separated by blank lines, without leading spaces
/// ([`doc_lines`] adds them). Empty when the HTML holds no text.
pub fn to_markdown(html: &str) -> String {
    let (html, cut) = match html.len() > MAX_DOC_BYTES {
        true => (&html[..floor_char_boundary(html, MAX_DOC_BYTES)], true),
        false => (html, false),
    };
    let mut w = Writer::default();
    for token in html::tokens(html) {
        match token {
            Token::Text(t) => w.text(&t),
            Token::Start { name, href } => start(&mut w, &name, href),
            Token::End { name } => end(&mut w, &name),
        }
    }
    if cut {
        w.text(" …");
    }
    w.finish()
}

/// The text to append to a doc comment of ours: `\n\n` and the Markdown of `docs`, each line
/// starting with a space as `///` lines do; empty without documentation.
pub fn doc_lines(docs: Option<&str>) -> String {
    let md = docs.map(to_markdown).unwrap_or_default();
    if md.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n");
    for line in md.lines() {
        out.push('\n');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
    }
    out
}

fn start(w: &mut Writer, name: &str, href: Option<String>) {
    match name {
        "p" | "div" | "dd" | "tr" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "br" => w.paragraph(),
        "dt" => {
            w.paragraph();
            w.open(Mark::Bold);
        }
        "b" | "strong" => w.open(Mark::Bold),
        "i" | "em" | "replaceable" => w.open(Mark::Italic),
        "a" => w.open(Mark::Link(href.filter(|h| is_absolute_url(h)))),
        "code" | "tt" => w.open_code(),
        "pre" => w.open_pre(),
        "ul" => w.open_list(false),
        "ol" => w.open_list(true),
        "li" => w.item(),
        "note" => w.note("**Note:**"),
        "important" => w.note("**Important:**"),
        "td" | "th" => w.text(" "),
        // Any other tag (`fullname`, `zonbook`, `filename`...) is dropped, its text kept.
        _ => {}
    }
}

fn end(w: &mut Writer, name: &str) {
    match name {
        "p" | "div" | "dd" | "tr" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => w.paragraph(),
        "li" => w.end_item(),
        "dt" => {
            w.close(Mark::Bold);
            w.paragraph();
        }
        "b" | "strong" => w.close(Mark::Bold),
        "i" | "em" | "replaceable" => w.close(Mark::Italic),
        "a" => w.close(Mark::Link(None)),
        "code" | "tt" => w.close_code(),
        "pre" => w.close_pre(),
        "ul" | "ol" => w.close_list(),
        "note" | "important" => w.end_note(),
        "td" | "th" => w.text(" "),
        _ => {}
    }
}

/// An `http` or `https` URL that a Markdown link can hold: absolute, with a host, and no
/// whitespace, angle brackets or control characters. Anything else (relative links, anchors,
/// `mailto:`) is dropped, its text kept.
fn is_absolute_url(href: &str) -> bool {
    let rest = href.strip_prefix("https://").or_else(|| href.strip_prefix("http://"));
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphanumeric()))
        && !href.chars().any(|c| c.is_whitespace() || writer::dropped(c) || matches!(c, '<' | '>' | '`' | '\\'))
}

/// The largest char boundary of `s` at or below `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    (0..=i.min(s.len())).rev().find(|&j| s.is_char_boundary(j)).unwrap_or(0)
}
