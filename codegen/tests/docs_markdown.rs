//! The documentation converter, one HTML construct at a time: the exact Markdown each gives
//! (`emit::docs::to_markdown`), and malformed or hostile HTML giving valid, bounded Markdown.

use awsgen_codegen::emit::docs::{doc_lines, to_markdown, MAX_DOC_BYTES, MAX_DOC_NESTING};

fn md(html: &str) -> String {
    to_markdown(html)
}

#[test]
fn paragraphs_are_separated_by_a_blank_line_and_whitespace_is_collapsed() {
    assert_eq!(md("<p>First   one\n spans lines.</p>  <p>Second.</p>"), "First one spans lines.\n\nSecond.");
    assert_eq!(md("Plain text, no tags."), "Plain text, no tags.");
    assert_eq!(md("<p> </p><p></p>"), "");
}

#[test]
fn nested_and_stray_paragraph_tags_only_end_paragraphs() {
    assert_eq!(md("<p>Outer <p>inner</p> tail</p></p>"), "Outer\n\ninner\n\ntail");
    assert_eq!(md("</p>Lonely close.</p>"), "Lonely close.");
}

#[test]
fn bulleted_and_numbered_lists_are_tight_with_four_column_markers() {
    assert_eq!(md("<p>Kinds:</p><ul><li>red</li><li>blue</li></ul>"), "Kinds:\n\n-   red\n-   blue");
    assert_eq!(md("<ol><li><p>one</p></li><li>two</li></ol><p>After.</p>"), "1.  one\n1.  two\n\nAfter.");
}

#[test]
fn nested_lists_and_second_paragraphs_are_indented_under_their_item() {
    let html = "<ul><li>top<ul><li>inner</li></ul><p>more of top</p></li><li>next</li></ul>";
    assert_eq!(md(html), "-   top\n    -   inner\n\n    more of top\n-   next");
}

#[test]
fn text_in_a_list_outside_any_item_starts_one_and_a_stray_item_starts_a_list() {
    assert_eq!(md("<ul>loose<li>kept</li></ul>"), "-   loose\n-   kept");
    assert_eq!(md("<li>alone</li><p>then</p>"), "-   alone\n\nthen");
}

#[test]
fn inline_code_gets_a_fence_longer_than_its_backticks() {
    assert_eq!(md("Call <code>Frob</code> now."), "Call `Frob` now.");
    assert_eq!(md("<code>a`b</code>"), "``a`b``");
    assert_eq!(md("<code>`x</code>"), "`` `x ``");
    assert_eq!(md("A <code> [x] &lt;y&gt; </code> B"), "A `[x] <y>` B");
    assert_eq!(md("<code></code>empty"), "empty");
}

#[test]
fn pre_blocks_are_fenced_text_blocks_kept_verbatim() {
    let html = "<p>Example:</p><pre><code>{\n  \"Key\": [1, 2] &amp; &lt;b&gt;\n}</code></pre>";
    assert_eq!(md(html), "Example:\n\n```text\n{\n  \"Key\": [1, 2] & <b>\n}\n```");
    assert_eq!(md("<pre>a ```fence```</pre>"), "````text\na ```fence```\n````");
    assert_eq!(
        md("<ul><li>in a list<pre>x\n y</pre></li></ul>"),
        "-   in a list\n\n    ```text\n    x\n     y\n    ```"
    );
}

#[test]
fn absolute_links_are_kept_and_relative_ones_become_text() {
    assert_eq!(
        md(r#"See <a href="https://example.com/a_b?x=1&amp;y=(2)">the guide</a>."#),
        "See [the guide](<https://example.com/a_b?x=1&y=(2)>)."
    );
    assert_eq!(md(r#"<a href="../relative.html">Relative</a> and <a href='#top'>anchor</a>"#), "Relative and anchor");
    assert_eq!(md(r#"<a href="mailto:a@example.com">mail</a>"#), "mail");
    assert_eq!(md("<a>NoHref</a>"), "NoHref");
    assert_eq!(md(r#"<a href="https://example.com/x"></a>"#), "<https://example.com/x>");
    assert_eq!(md(r#"<a href="https://example.com/x"><code>Op</code></a>"#), "[`Op`](<https://example.com/x>)");
}

#[test]
fn bare_urls_become_autolinks_outside_links_and_text_inside() {
    assert_eq!(md("Go to https://example.com/p_q."), "Go to <https://example.com/p_q>.");
    assert_eq!(md("(http://example.org)"), "(<http://example.org>)");
    assert_eq!(
        md(r#"<a href="https://example.com">https://example.com</a>"#),
        "[https://example.com](<https://example.com>)"
    );
    assert_eq!(md("http:// alone"), "http:// alone");
}

#[test]
fn bold_and_italics_hug_their_text() {
    assert_eq!(md("A <b>bold</b> and <strong>strong</strong> word."), "A **bold** and **strong** word.");
    assert_eq!(md("An <i>italic</i> and <em> emphasised </em>word."), "An *italic* and *emphasised* word.");
    assert_eq!(md("<b><b>twice</b></b>"), "**twice**");
    assert_eq!(md("x<b> </b>y"), "x y");
    assert_eq!(md("<b>bold <i>both</i></b>"), "**bold *both***");
}

#[test]
fn notes_and_important_blocks_are_prefixed_paragraphs() {
    assert_eq!(md("<note><p>Mind this.</p><p>Second.</p></note>"), "**Note:** Mind this.\n\nSecond.");
    assert_eq!(md("<p>Before.</p><important>Careful.</important>"), "Before.\n\n**Important:** Careful.");
    assert_eq!(md("<note></note><p>Not a note.</p>"), "Not a note.");
}

#[test]
fn a_line_break_ends_a_paragraph() {
    assert_eq!(md("one<br>two<br/>three"), "one\n\ntwo\n\nthree");
}

#[test]
fn entities_are_decoded_then_escaped() {
    assert_eq!(md("&lt;tag&gt; &amp; &quot;q&quot; &#65;&#x42; &apos;"), "\\<tag\\> \\& \"q\" AB '");
    assert_eq!(md("&bogus; &#xZZ; &#1114112; &"), "\\&bogus; \\&#xZZ; \\&#1114112; \\&");
    assert_eq!(md("&amp;lt;"), "\\&lt;");
}

#[test]
fn an_underscore_inside_a_word_is_left_alone() {
    assert_eq!(md("FULL_EXPORT or _edge or end_ or a_*b"), "FULL_EXPORT or \\_edge or end\\_ or a\\_\\*b");
}

#[test]
fn markdown_characters_in_text_are_escaped() {
    assert_eq!(md("[Ref] *a* _b_ `c` ~d~ |e| \\"), "\\[Ref\\] \\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\|e\\| \\\\");
    assert_eq!(
        md("<p># not a heading</p><p>- not an item</p><p>2023. Not a list</p>"),
        "\\# not a heading\n\n\\- not an item\n\n2023\\. Not a list"
    );
}

#[test]
fn definition_lists_tables_and_unknown_tags_keep_their_text() {
    assert_eq!(md("<dl><dt>Term</dt><dd><p>Meaning.</p></dd></dl>"), "**Term**\n\nMeaning.");
    assert_eq!(
        md("<fullname>Example Service</fullname><p>Does <replaceable>things</replaceable>.</p>"),
        "Example Service\n\nDoes *things*."
    );
    assert_eq!(md("<table><tr><td>a</td><td>b</td></tr></table>"), "a b");
    assert_eq!(md("a <!-- hidden --> b <!DOCTYPE x> c"), "a b c");
}

#[test]
fn unclosed_tags_are_closed_at_the_end_of_their_paragraph() {
    assert_eq!(md("<p><b>open bold<p>next"), "**open bold**\n\nnext");
    assert_eq!(md("<code>open code"), "`open code`");
    assert_eq!(md(r#"<a href="https://example.com">open link"#), "[open link](<https://example.com>)");
    assert_eq!(md("<pre>open pre"), "```text\nopen pre\n```");
    assert_eq!(md("<ul><li>open list"), "-   open list");
    assert_eq!(md("<i>a<b>b</i>c</b>"), "*a**b***c");
}

#[test]
fn a_less_than_sign_that_is_not_a_tag_is_text() {
    assert_eq!(md("a < b and c<d> e"), "a \\< b and c e");
    assert_eq!(md("x <3 y"), "x \\<3 y");
    assert_eq!(md("<"), "\\<");
    assert_eq!(md("<a href=\"https://e.com\" unterminated"), "\\<a href=\"<https://e.com>\" unterminated");
}

#[test]
fn deep_nesting_is_bounded_and_stays_balanced() {
    let depth = MAX_DOC_NESTING * 100;
    let html = format!("{}deep{}", "<ul><li><b><i>".repeat(depth), "</i></b></li></ul>".repeat(depth));
    let out = md(&html);
    let line = out.lines().find(|l| l.contains("deep")).expect("the text is kept");
    assert_eq!(line.trim_start().trim_start_matches(['-', ' ']), "***deep***");
    assert!(line.len() <= MAX_DOC_NESTING * 4 + 20, "indentation is bounded: {line:?}");
}

#[test]
fn huge_input_is_cut_at_the_limit() {
    let html = format!("<p>{}</p>", "word ".repeat(MAX_DOC_BYTES));
    let out = md(&html);
    assert!(out.len() <= MAX_DOC_BYTES + 8, "{}", out.len());
    assert!(out.ends_with(" …"));
    // A cut inside a multi-byte character stays on a character boundary.
    let wide = "é".repeat(MAX_DOC_BYTES);
    assert!(md(&wide).ends_with('…'));
    let lt = "<".repeat(MAX_DOC_BYTES);
    assert_eq!(md(&lt).matches("\\<").count(), MAX_DOC_BYTES);
}

#[test]
fn doc_lines_indent_for_a_doc_comment_and_add_nothing_without_docs() {
    assert_eq!(doc_lines(None), "");
    assert_eq!(doc_lines(Some("<p></p>")), "");
    assert_eq!(doc_lines(Some("<p>A.</p><ul><li>b</li></ul>")), "\n\n A.\n\n -   b");
    assert_eq!(doc_lines(Some("<p>A.</p><p>B.</p>")), "\n\n A.\n\n B.");
}

#[test]
fn control_characters_and_bidirectional_overrides_are_dropped() {
    assert_eq!(md("a\u{7}b \u{202E}c\u{2066}d <code>e\u{202D}f</code>"), "ab cd `ef`");
    assert_eq!(md("<pre>g\u{1b}h\u{2069}</pre>"), "```text\ngh\n```");
    assert_eq!(md(r#"<a href="https://example.com/&#x202E;x">t</a>"#), "t");
}

/// Pieces of HTML, balanced or not (`cargo xtask doc-fixtures` documents similar combinations
/// with rustdoc).
const FRAGMENTS: &[&str] = &[
    "<p>",
    "</p>",
    "a [x] b",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    "<ul>",
    "</ul>",
    "<ol>",
    "<li>",
    "</li>",
    "<a href=\"https://example.com/(x)\">",
    "<a href=\"rel\">",
    "</a>",
    "<note>",
    "</note>",
    "<br>",
    " https://example.com/y. ",
    "&lt;t&gt; &amp; &#96;",
    "< z",
    "`",
    "- 1. #",
    "\n    indented\n",
];

#[test]
fn every_combination_of_three_fragments_escapes_brackets_and_angle_brackets() {
    for a in FRAGMENTS {
        for b in FRAGMENTS {
            for c in FRAGMENTS {
                let html = format!("{a}{b}{c}");
                let out = md(&html);
                check_escaped(&out).unwrap_or_else(|e| panic!("{html:?} gave {out:?}: {e}"));
            }
        }
    }
}

/// Outside fenced blocks and code spans, every `<` opens an autolink or link destination and
/// every `[` opens a link to one, unless escaped; no line starts a block we did not write.
fn check_escaped(md: &str) -> Result<(), String> {
    let mut fenced = false;
    for line in md.lines() {
        let body = line.trim_start_matches([' ', '-', '1', '.']);
        // A fence: three or more backticks, then an info string without backticks (a line that
        // starts with a code span of a long fence has backticks after its opening run).
        if body.starts_with("```") && !body.trim_start_matches('`').contains('`') {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if line.starts_with("    ") && line.trim_start().chars().next().is_some_and(|c| !"-1`".contains(c)) {
            // An indented continuation: only under a list item, which the line before shows.
            if !md.contains("-   ") && !md.contains("1.  ") {
                return Err(format!("indented line outside a list: {line:?}"));
            }
        }
        let chars: Vec<char> = line.chars().collect();
        let mut code = 0usize; // the length of the open code span's fence
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let run = chars[i..].iter().take_while(|&&x| x == '`').count();
            if c == '\\' {
                i += 2;
                continue;
            }
            if run > 0 {
                if code == 0 {
                    code = run;
                } else if code == run {
                    code = 0;
                }
                i += run;
                continue;
            }
            if code == 0 {
                let rest: String = chars[i..].iter().collect();
                if c == '<' && !rest.starts_with("<http") {
                    return Err(format!("a bare `<` in {line:?}"));
                }
                if c == '[' && !rest.contains("](<http") {
                    return Err(format!("a bracket that links nowhere in {line:?}"));
                }
            }
            i += 1;
        }
        if code != 0 {
            return Err(format!("an open code span in {line:?}"));
        }
    }
    if fenced {
        return Err("an open fenced block".into());
    }
    Ok(())
}
