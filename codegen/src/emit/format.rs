//! Token streams → formatted files: syn parses a file's tokens, prettyplease prints them, the
//! do-not-edit header goes first.
//!
//! Doc comments are most of what a crate generated from a documented model holds, and every
//! line of them would be escaped into a string literal, copied, parsed and unescaped twice
//! (syn, prettyplease) only to come out as `///` + the line. While [`generate`](super::generate)
//! runs, [`defer_doc`] keeps the text aside and puts one short placeholder attribute in its
//! place; [`rust_file`] writes the text back where prettyplease printed the placeholder, as
//! prettyplease would have printed each line. The output is the same byte for byte (`cargo
//! xtask generate --check`, `cargo xtask sweep`); only where prettyplease prints something else
//! than `///` lines (a line starting with `/`, a doc attribute among a macro's tokens, which
//! callers write with [`super::doc_in_macro`]) is the text left in place.

use super::{header, GeneratedFile, Options};
use crate::error::EmitError;
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

/// Starts a placeholder's value: U+0001 and a name, then the text's index. [`defer_doc`] keeps
/// no text holding U+0001, so the marker appears in printed code only as a placeholder.
const MARKER: &str = "\u{1}awsgen-doc ";

thread_local! {
    /// The doc texts deferred on this thread, by index; `None` when not deferring.
    static DEFERRED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    /// Time spent in [`rust_file`] on this thread, read by [`super::generate_timed`].
    static FORMAT_TIME: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// Doc comments are deferred on this thread while it lives.
pub(super) struct DeferDocs(());

impl DeferDocs {
    pub(super) fn start() -> Self {
        DEFERRED.with(|d| *d.borrow_mut() = Some(Vec::new()));
        DeferDocs(())
    }
}

impl Drop for DeferDocs {
    fn drop(&mut self) {
        DEFERRED.with(|d| *d.borrow_mut() = None);
    }
}

/// `#[doc = "<placeholder>"]` for `text` (`\n`-separated lines, one `///` line each), when
/// deferring and when prettyplease prints each line as `///` + the line (none starts with `/`).
pub(super) fn defer_doc(text: &str) -> Option<TokenStream> {
    if text.contains('\u{1}') || text.split('\n').any(|line| line.starts_with('/')) {
        return None;
    }
    DEFERRED.with(|d| {
        let mut d = d.borrow_mut();
        let texts = d.as_mut()?;
        let placeholder = format!("{MARKER}{}", texts.len());
        texts.push(text.to_string());
        Some(quote!(#[doc = #placeholder]))
    })
}

/// Formats one file of the crate (the header, then the printed tokens, deferred doc comments
/// written back).
pub(super) fn rust_file(opts: &Options, path: &str, tokens: TokenStream) -> Result<GeneratedFile, EmitError> {
    let start = Instant::now();
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
        file: path.to_string(),
        message: format!("generated tokens do not parse as Rust: {e}"),
    })?;
    let printed = prettyplease::unparse(&file);
    drop(file);
    let mut contents = header(opts, "//");
    DEFERRED.with(|d| match d.borrow().as_deref() {
        Some(texts) => write_back(&printed, texts, &mut contents, path),
        None => {
            contents.push_str(&printed);
            Ok(())
        }
    })?;
    FORMAT_TIME.with(|t| t.set(t.get() + start.elapsed()));
    Ok(GeneratedFile { path: path.to_string(), contents })
}

/// Sets this thread's format time to zero, returning what it was.
pub(super) fn take_format_time() -> Duration {
    FORMAT_TIME.with(|t| t.replace(Duration::ZERO))
}

/// Appends `printed` to `out` with each placeholder line (`<indent>///<marker><index>`) replaced
/// by its text's lines, as prettyplease prints a doc attribute: `<indent>///` + the line, its
/// trailing spaces trimmed. A placeholder printed any other way is an error (a generator bug:
/// the doc attribute belonged among a macro's tokens, see [`super::doc_in_macro`]).
fn write_back(printed: &str, texts: &[String], out: &mut String, path: &str) -> Result<(), EmitError> {
    // Among a macro's tokens, prettyplease prints the placeholder as a string literal, escaped.
    if let Some(at) = printed.find("u{1}awsgen-doc ") {
        let line_start = printed[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = printed[at..].find('\n').map_or(printed.len(), |i| at + i);
        return Err(misplaced(path, &printed[line_start..line_end]));
    }
    out.reserve(printed.len() + printed.len() / 2);
    let mut rest = printed;
    // U+0001 is one byte, found by memchr; a doc text holding one was not deferred.
    while let Some(at) = rest.find('\u{1}') {
        if !rest[at..].starts_with(MARKER) {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        }
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = rest[at..].find('\n').map_or(rest.len(), |i| at + i);
        let indent = rest[line_start..at].strip_suffix("///").filter(|i| i.bytes().all(|b| b == b' '));
        let index = rest[at..line_end].strip_prefix(MARKER).and_then(|i| i.parse::<usize>().ok());
        let (Some(indent), Some(text)) = (indent, index.and_then(|i| texts.get(i))) else {
            return Err(misplaced(path, &rest[line_start..line_end]));
        };
        out.push_str(&rest[..line_start]);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(indent);
            out.push_str("///");
            out.push_str(line.trim_end_matches(' '));
        }
        rest = &rest[line_end..];
    }
    out.push_str(rest);
    Ok(())
}

fn misplaced(path: &str, line: &str) -> EmitError {
    EmitError {
        file: path.to_string(),
        message: format!(
            "a deferred doc comment was not printed as a `///` line (a doc attribute among a macro's tokens \
             must come from `doc_in_macro`): {line:?}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options { crate_name: "x".into(), runtime_path: "r".into(), command: "cmd".into() }
    }

    /// The same tokens formatted with the text in place and deferred.
    fn both(tokens: impl Fn() -> TokenStream) -> (String, String) {
        let plain = rust_file(&opts(), "a.rs", tokens()).unwrap().contents;
        let _defer = DeferDocs::start();
        let deferred = rust_file(&opts(), "a.rs", tokens()).unwrap().contents;
        (plain, deferred)
    }

    #[test]
    fn deferred_docs_print_as_prettyplease_prints_them() {
        let text = " First line, trailing spaces   \n\n    indented *code*\n\u{e9}t\u{e9} \"quoted\" \\ \t tab \r";
        let tokens = || {
            let d = super::super::doc(text);
            let inner = super::super::doc(" Field.");
            quote! {
                #d
                pub struct S {
                    #inner
                    pub f: u8,
                }
                impl S {
                    #d
                    pub fn g(&self) -> u8 { self.f }
                }
            }
        };
        let (plain, deferred) = both(tokens);
        assert_eq!(plain, deferred);
        assert!(plain.contains("/// First line, trailing spaces\n///\n///    indented *code*\n"), "{plain}");
        assert!(plain.contains("    /// Field.\n"), "{plain}");
    }

    #[test]
    fn a_line_starting_with_a_slash_is_left_in_place() {
        let tokens = || {
            let d = super::super::doc("/ path\n second");
            quote!(#d pub struct S;)
        };
        let (plain, deferred) = both(tokens);
        assert_eq!(plain, deferred);
        assert!(!deferred.contains('\u{1}'));
    }

    #[test]
    fn a_text_holding_the_marker_character_is_left_in_place() {
        let tokens = || {
            let d = super::super::doc(" a \u{1} b");
            let e = super::super::doc(" deferred");
            quote!(#d #e pub struct S;)
        };
        let (plain, deferred) = both(tokens);
        assert_eq!(plain, deferred);
        assert!(deferred.contains("/// a \u{1} b\n/// deferred\n"), "{deferred}");
    }

    #[test]
    fn a_placeholder_among_macro_tokens_is_an_error() {
        let _defer = DeferDocs::start();
        let d = super::super::doc(" Member.");
        let err = rust_file(&opts(), "a.rs", quote!(m! { #d x; })).unwrap_err();
        assert!(err.to_string().contains("doc_in_macro"), "{err}");
        let d = super::super::doc_in_macro(" Member.");
        let ok = rust_file(&opts(), "a.rs", quote!(m! { #d x; })).unwrap().contents;
        assert!(ok.contains("#[doc = \" Member.\"]"), "{ok}");
    }
}
