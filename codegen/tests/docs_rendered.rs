//! Model documentation from end to end: the Notebook fixture (`fixtures/docs/`, our own prose
//! covering each HTML construct AWS models use, and malformed HTML) in botocore's
//! `documentation` and in Smithy's `@documentation` gives the same IR, and lands as Markdown
//! on the crate, the client, operations, types, members and enum values. `cargo xtask doc-fixtures`
//! builds the generated crates' docs with `-D warnings`.

use awsgen_codegen::emit::{GeneratedFile, Options};
use awsgen_codegen::ir::{Service, ShapeKind};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const SMITHY: &str = "notebook.smithy.json";
const BOTOCORE: &str = "service-2.json";

fn smithy() -> Service {
    awsgen_codegen::load_smithy(SMITHY, &fixture(SMITHY)).unwrap_or_else(|e| panic!("{e}")).service
}

fn botocore() -> Service {
    awsgen_codegen::load_botocore(BOTOCORE, &fixture(BOTOCORE)).unwrap_or_else(|e| panic!("{e}"))
}

fn generate(file: &str) -> Vec<GeneratedFile> {
    let opts = Options {
        crate_name: "awsgen-notebook".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask doc-fixtures".into(),
    };
    awsgen_codegen::generate_from_model(file, &fixture(file), &opts).unwrap_or_else(|e| panic!("{e}"))
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

/// The lines of `text` that are doc comments, without their `///`.
fn doc_text(text: &str) -> String {
    let lines = text.lines().map(str::trim_start).filter_map(|l| l.strip_prefix("///"));
    lines.map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n")
}

#[test]
fn botocore_documentation_and_smithy_documentation_give_the_same_ir() {
    let (mut s, b) = (smithy(), botocore());
    // botocore has no place for an enum value's documentation: only Smithy's carries it.
    let colour = s.shapes.get_mut("Colour").unwrap();
    let ShapeKind::String(Some(values)) = &mut colour.kind else { panic!("Colour is an enum") };
    let docs: Vec<_> = values.iter_mut().map(|v| v.docs.take()).collect();
    assert_eq!(docs, [Some("<p>A warm <em>red</em>.</p>".to_string()), Some("Cool blue, without a paragraph.".into())]);
    assert_eq!(s, b);
}

#[test]
fn the_ir_carries_the_documentation_of_each_level_as_written() {
    let s = botocore();
    assert!(s.docs.as_deref().unwrap().starts_with("<p>The <fullname>Notebook Service</fullname>"));
    let op = s.operation("CreateNote").unwrap();
    assert!(op.docs.as_deref().unwrap().contains("<pre><code>{"));
    assert_eq!(s.shape(&op.input).docs, None);
    assert_eq!(s.shape(&op.output).docs.as_deref(), Some("<p>The note as the service stored it.</p>"));
    let title = &s.structure(&op.input).members[0];
    assert_eq!(
        title.docs.as_deref(),
        Some("<p>The note's title: 1 to 128 characters matching <code>^[a-z]+$</code>.</p>")
    );
    assert_eq!(s.shape("Note").docs.as_deref().map(|d| d.starts_with("<p>A note:")), Some(true));
    assert_eq!(s.shape("NoteNotFound").docs.as_deref(), Some("<p>No note has that title.</p>"));
}

#[test]
fn operations_carry_their_documentation_on_the_client_method_fluent_builder_input_and_output() {
    let files = generate(BOTOCORE);
    let client = doc_text(file(&files, "src/client.rs"));
    let create = "Creates a note and returns it as stored.\n\n-   A title is unique per account.\n-   A body may hold `[markdown]` or *plain* text.\n\n**Note:** A new note is **private** until shared.\n\nAn example request:\n\n```text\n{\n  \"Title\": \"groceries\",\n  \"Body\": \"[eggs] & milk <2>\"\n}\n```";
    assert!(
        client.contains(&format!(
            "API reference](https://docs.aws.amazon.com/goto/WebAPI/notebook-2024-05-01/CreateNote).\n\n{create}"
        )),
        "{client}"
    );
    assert!(client.contains("A client for Notebook Service. Cheap to clone: clones share configuration and connections.\n\nThe Notebook Service keeps short notes for you.\n\nRead [the guide](<https://example.com/notebook/guide>), or <https://example.com/notebook/faq>, before you start."), "{client}");
    let lib: String =
        file(&files, "src/lib.rs").lines().filter_map(|l| l.strip_prefix("//!")).collect::<Vec<_>>().join("\n");
    assert!(lib.contains("the crate-wide [`Error`].\n\n The Notebook Service keeps short notes for you."), "{lib}");
    let op = doc_text(file(&files, "src/operation/create_note.rs"));
    // The input struct, the fluent builder: the operation's words; the output: its shape's.
    assert_eq!(op.matches(create).count(), 2, "{op}");
    assert!(op.contains("Output of `CreateNote`.\n\nSee the [AWS API reference](https://docs.aws.amazon.com/goto/WebAPI/notebook-2024-05-01/CreateNote).\n\nThe note as the service stored it."), "{op}");
    // A member: the field and the setters that set it.
    let title = "`Title`. Required.\n\nThe note's title: 1 to 128 characters matching `^[a-z]+$`.";
    assert!(op.contains(title), "{op}");
    // The setters come from the runtime's `setters!` macro, whose own first line ("Sets
    // `Title`.") the expansion writes; the member's words ride on its entry as a doc attribute.
    // (Whitespace normalized: the formatter wraps a macro's tokens anywhere.)
    let source = file(&files, "src/operation/create_note.rs").split_whitespace().collect::<Vec<_>>().join(" ");
    let entry = source.find("title set_title get_title").expect("the Title entry of setters!");
    let attr = source[..entry].rfind("#[doc").expect("a doc attribute before the entry");
    assert!(source[attr..entry].contains("The note's title: 1 to 128 characters matching"), "{source}");
    let list = doc_text(file(&files, "src/operation/list_notes.rs"));
    assert!(list.contains("Lists notes, newest first.\n\nPass `NextToken` to read the next page.\n\n1.  Call it without a token.\n1.  Then pass the token it returned.\n    -   An empty page can still carry a token.\n\n**Important:** A token expires after an hour."), "{list}");
    assert!(list.contains("Deeply ***nested*** markup."), "{list}");
}

#[test]
fn malformed_html_is_rendered_as_escaped_text() {
    let files = generate(BOTOCORE);
    let op = doc_text(file(&files, "src/operation/delete_note.rs"));
    let want = "Deletes a note. **This cannot be undone**\n\n\\< is not a tag, \\<b\\> is text, © — \\&bogus; \\[Brackets\\] and \\`ticks\\` stay literal, a relative link is text.\n\n`an unclosed code span`";
    assert!(op.contains(want), "{op}");
}

#[test]
fn types_members_and_enum_values_carry_their_documentation() {
    let files = generate(SMITHY);
    let types = doc_text(file(&files, "src/types.rs"));
    assert!(
        types.contains(
            "A note: a title, a body and a colour.\n\n**Title**\n\nUnique in the account.\n\n**Body**\n\nFree text."
        ),
        "{types}"
    );
    assert!(
        types.contains("`Body`.\n\nText with \\*stars\\*, \\_underscores\\_, a pipe \\| and a backslash \\\\ in it."),
        "{types}"
    );
    assert!(types.contains("The colour; see [the colours](<https://example.com/colours?set=a&b=(1)>)."), "{types}");
    assert!(types.contains("A colour a note can have."), "{types}");
    assert!(types.contains("`red`\n\nA warm *red*."), "{types}");
    assert!(types.contains("`blue`\n\nCool blue, without a paragraph."), "{types}");
    let errors = doc_text(file(&files, "src/error.rs"));
    assert!(errors.contains("No note has that title."), "{errors}");
}

#[test]
fn without_documentation_the_crate_is_what_it_was() {
    // The fixture with every `documentation` key removed: our own words and links only.
    let mut model: serde_json::Value = serde_json::from_str(&fixture(BOTOCORE)).unwrap();
    strip(&mut model);
    let opts =
        Options { crate_name: "awsgen-notebook".into(), runtime_path: "../../runtime".into(), command: "x".into() };
    let bare = awsgen_codegen::generate_from_model(BOTOCORE, &model.to_string(), &opts).unwrap();
    let all: String = bare.iter().map(|f| f.contents.as_str()).collect();
    assert!(!all.contains("Creates a note") && !all.contains("A note:"), "no model prose");
    let client = file(&bare, "src/client.rs");
    assert!(client.contains("/// Calls `CreateNote`: returns a builder; set the input members on it, then `.send().await`.\n    ///\n    /// See the [AWS API reference](https://docs.aws.amazon.com/goto/WebAPI/notebook-2024-05-01/CreateNote).\n    pub fn create_note"), "{client}");
}

fn strip(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("documentation");
            m.values_mut().for_each(strip);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}
