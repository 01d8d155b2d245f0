//! IR → Rust files. One module per construct, each a function returning tokens; files are
//! assembled here, formatted once by prettyplease, and stamped with the do-not-edit header.

mod auth_token;
mod client;
mod crate_files;
pub mod docs;
pub(crate) mod endpoint;
mod errors;
mod expr;
mod format;
mod operations;
mod paginators;
pub mod partitions;
mod protocol;
mod types;
mod waiters;

use crate::error::EmitError;
use crate::ir::{Service, ShapeKind, Structure, TimestampFormat};
use format::rust_file;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// What the caller decides about the output crate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name (`awsgen-elasticache`).
    pub crate_name: String,
    /// The path to the runtime crate as written in the generated `Cargo.toml`.
    pub runtime_path: String,
    /// The command that regenerates the crate, quoted in every file header.
    pub command: String,
}

/// What the caller decides about a client generated as one module of another crate
/// ([`generate_module`]): the layout prost's `include!` output has.
#[derive(Debug, Clone)]
pub struct ModuleOptions {
    /// The Rust path of the module the code will be placed in (`crate::suites::s03`): every
    /// path the generated code writes to its own items starts with it.
    pub root: String,
    /// The command that regenerates the code, quoted in the header.
    pub command: String,
}

/// One file of the generated crate, with a path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// `src/types.rs`.
    pub path: String,
    /// The full contents.
    pub contents: String,
}

/// Generates every file of the client crate for `service`.
pub fn generate(service: &Service, opts: &Options) -> Result<Vec<GeneratedFile>, EmitError> {
    let _defer = format::DeferDocs::start();
    let cx = Cx::new(service, "crate")?;
    let mut files = vec![
        rust_file(opts, "src/client.rs", client::emit(&cx))?,
        rust_file(opts, "src/endpoint.rs", endpoint::emit(&cx))?,
        rust_file(opts, "src/types.rs", types::emit(&cx))?,
        rust_file(opts, "src/operation/mod.rs", operations::emit_mod(&cx))?,
    ];
    if waiters::has_waiters(&cx) {
        files.push(rust_file(opts, "src/waiters.rs", waiters::emit(&cx))?);
    }
    if auth_token::applies(service) {
        files.push(rust_file(opts, "src/auth_token.rs", auth_token::emit())?);
    }
    // Operations and errors first: they register the helpers the protocol's modules then hold.
    let mut proto = protocol::for_service(&cx);
    for op in &service.operations {
        let path = format!("src/operation/{}.rs", op.module);
        files.push(rust_file(opts, &path, operations::emit(&cx, op, proto.as_mut()))?);
    }
    files.push(rust_file(opts, "src/error.rs", errors::emit(&cx, proto.as_mut()))?);
    let helpers = proto.finish();
    let modules: Vec<&str> = helpers.iter().map(|(m, _)| *m).collect();
    files.insert(0, rust_file(opts, "src/lib.rs", crate_files::lib_rs(service, waiters::has_waiters(&cx), &modules))?);
    for (module, items) in helpers {
        files.push(rust_file(opts, &format!("src/{module}.rs"), items)?);
    }
    files.push(crate_files::cargo_toml(service, opts)?);
    files.push(crate_files::readme(service, opts)?);
    Ok(files)
}

/// Generates the same client as [`generate`] as the items of one module, for a crate that embeds
/// it (`pub mod s03 { include!(...); }`): the crate's files become inline modules, and paths to
/// its own items start with `opts.root` instead of `crate`. The text has no inner attributes,
/// so `include!` accepts it.
pub fn generate_module(service: &Service, opts: &ModuleOptions) -> Result<String, EmitError> {
    let cx = Cx::new(service, &opts.root)?;
    let (client, types) = (client::emit(&cx), types::emit(&cx));
    let endpoint = endpoint::emit(&cx);
    // Each operation module documents itself (its inner `//!`), as its file does in a crate.
    let mut proto = protocol::for_service(&cx);
    let ops: Vec<TokenStream> = service
        .operations
        .iter()
        .map(|op| {
            let m = ident(&op.module);
            let body = operations::emit(&cx, op, proto.as_mut());
            quote!(pub mod #m { #body })
        })
        .collect();
    let errors = errors::emit(&cx, proto.as_mut());
    let helpers = proto.finish().into_iter().map(|(m, items)| {
        let m = ident(m);
        quote!(mod #m { #items })
    });
    let waiters = waiters::has_waiters(&cx).then(|| {
        let w = waiters::emit(&cx);
        quote!(pub mod waiters { #w })
    });
    let tokens = quote! {
        pub mod client { #client }
        pub mod endpoint { #endpoint }
        pub mod error { #errors }
        pub mod operation {
            //! One module per operation.
            #(#ops)*
        }
        pub mod types { #types }
        #(#helpers)*
        #waiters
        pub use client::Client;
        pub use error::Error;
    };
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
        file: opts.root.clone(),
        message: format!("generated tokens do not parse as Rust: {e}"),
    })?;
    let mut contents =
        format!("// Code generated by awsgen. DO NOT EDIT: regenerate with `{}`.\n", one_line(&opts.command));
    contents.push_str(&prettyplease::unparse(&file));
    Ok(contents)
}

/// The first line of every generated file.
pub fn header(opts: &Options, comment: &str) -> String {
    format!("{comment} Code generated by awsgen. DO NOT EDIT: regenerate with `{}`.\n", one_line(&opts.command))
}

/// `s` on one line (control characters become spaces): a line break would end a comment.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// [`generate`], also returning how long it spent emitting tokens and formatting them into text
/// (`(files, emit, format)`), for `cargo xtask bench gen`.
pub fn generate_timed(
    service: &Service,
    opts: &Options,
) -> Result<(Vec<GeneratedFile>, std::time::Duration, std::time::Duration), EmitError> {
    format::take_format_time();
    let start = std::time::Instant::now();
    let files = generate(service, opts)?;
    let total = start.elapsed();
    let format = format::take_format_time();
    Ok((files, total.saturating_sub(format), format))
}

/// An identifier from an IR name (which may be raw: `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The emitters' view: the service, and the path of the module the generated code lives in.
pub struct Cx<'a> {
    /// The service being generated.
    pub svc: &'a Service,
    root: TokenStream,
    root_doc: String,
}

impl<'a> Cx<'a> {
    /// A context for code placed at `root` (`crate`, or `crate::suites::s03`).
    pub fn new(svc: &'a Service, root: &str) -> Result<Self, EmitError> {
        let path: syn::Path = syn::parse_str(root)
            .map_err(|e| EmitError { file: root.to_string(), message: format!("not a Rust path: {e}") })?;
        Ok(Cx { svc, root: quote!(#path), root_doc: root.to_string() })
    }

    /// The root path as tokens (`crate`).
    pub fn root(&self) -> &TokenStream {
        &self.root
    }

    /// The root path as written in doc links (`crate`).
    pub(crate) fn root_doc(&self) -> &str {
        &self.root_doc
    }

    /// The path of a named type (`crate::types::Snapshot`).
    pub fn type_path(&self, id: &str) -> TokenStream {
        let shape = self.svc.shape(id);
        let name = ident(&shape.rust_name);
        let root = &self.root;
        match &shape.location {
            crate::ir::Location::Types => quote!(#root::types::#name),
            crate::ir::Location::Error => quote!(#root::error::#name),
            crate::ir::Location::Operation(module) => {
                let m = ident(module);
                quote!(#root::operation::#m::#name)
            }
            crate::ir::Location::Inline => quote!(#name),
        }
    }

    /// The Rust type of a value of shape `id` (no `Option`, no `Box`).
    pub fn value_type(&self, id: &str) -> TokenStream {
        match &self.svc.shape(id).kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::String(Some(_)) => self.type_path(id),
            ShapeKind::Document => quote!(::awsgen_runtime::Document),
            ShapeKind::String(None) => quote!(String),
            ShapeKind::List(l) => {
                let mut inner = self.value_type(&l.member);
                if l.sparse {
                    inner = quote!(Option<#inner>);
                }
                quote!(Vec<#inner>)
            }
            ShapeKind::Map(m) => {
                let mut v = self.value_type(&m.value);
                if m.sparse {
                    v = quote!(Option<#v>);
                }
                quote!(::std::collections::BTreeMap<String, #v>)
            }
            ShapeKind::Boolean => quote!(bool),
            ShapeKind::Integer => quote!(i32),
            ShapeKind::Long => quote!(i64),
            ShapeKind::Float => quote!(f32),
            ShapeKind::Double => quote!(f64),
            ShapeKind::Timestamp(_) => quote!(::awsgen_runtime::DateTime),
            ShapeKind::Blob => quote!(Vec<u8>),
        }
    }

    /// The type of a member's value (no `Option`, no `Box`): a streaming blob is a
    /// `ByteStream`, anything else its shape's [`Cx::value_type`].
    pub fn member_type(&self, m: &crate::ir::Member) -> TokenStream {
        if m.streaming {
            quote!(::awsgen_runtime::ByteStream)
        } else {
            self.value_type(&m.target)
        }
    }

    /// The type of a member's field: boxed if recursive, `Option` unless plain-required.
    pub(crate) fn field_type(&self, st: &Structure, m: &crate::ir::Member) -> TokenStream {
        let mut t = self.member_type(m);
        if m.boxed {
            t = quote!(Box<#t>);
        }
        if is_plain(st, m) {
            t
        } else {
            quote!(Option<#t>)
        }
    }

    /// The path of an operation's module (`crate::operation::copy_snapshot`).
    pub fn operation_module(&self, op: &crate::ir::Operation) -> TokenStream {
        let m = ident(&op.module);
        let root = &self.root;
        quote!(#root::operation::#m)
    }
}

/// Whether a member is a plain (non-`Option`) field: a required member of an operation input,
/// unless an idempotency token fills it.
pub fn is_plain(st: &Structure, m: &crate::ir::Member) -> bool {
    st.required_is_plain && m.required && !m.idempotency_token
}

/// `TimestampFormat::X` tokens.
pub(crate) fn ts_format(f: TimestampFormat) -> TokenStream {
    match f {
        TimestampFormat::Iso8601 => quote!(::awsgen_runtime::time::TimestampFormat::Iso8601),
        TimestampFormat::EpochSeconds => quote!(::awsgen_runtime::time::TimestampFormat::EpochSeconds),
        TimestampFormat::HttpDate => quote!(::awsgen_runtime::time::TimestampFormat::HttpDate),
    }
}

/// The name of a serializer/deserializer helper of shape `id`, as the IR decided it.
pub(crate) fn helper_name(svc: &Service, helper: crate::names::Helper, id: &str) -> Ident {
    ident(&svc.shape(id).helper_name(helper))
}

/// A `#[doc = "..."]` attribute per line of `text` (deferred while a crate is generated, see
/// `format.rs`).
pub(crate) fn doc(text: &str) -> TokenStream {
    format::defer_doc(text).unwrap_or_else(|| doc_in_macro(text))
}

/// [`doc`] for an attribute among a macro's tokens, which prettyplease prints as tokens rather
/// than as `///` lines.
pub(crate) fn doc_in_macro(text: &str) -> TokenStream {
    // One attribute per line, so prettyplease writes `///` lines rather than a block comment.
    let lines = text.split('\n');
    quote!(#(#[doc = #lines])*)
}

/// Our own one-line description of a type, plus its API reference link and the model's
/// documentation of it.
pub(crate) fn type_doc(svc: &Service, shape: &crate::ir::Shape, what: &str) -> TokenStream {
    let name = &shape.id;
    let mut text = format!(" The `{name}` {what} of {}.", svc.full_name);
    if let Some(link) = svc.doc_link(name) {
        text.push_str(&format!("\n\n See the [AWS API reference]({link})."));
    }
    text.push_str(&docs::doc_lines(shape.docs.as_deref()));
    doc(&text)
}

/// The helper functions an emitter has referenced: each is queued once, and emitted once when
/// the emitter drains the list, so generated crates contain exactly the helpers they call.
pub(crate) struct Worklist<K> {
    queue: Vec<K>,
    seen: std::collections::BTreeSet<K>,
}

impl<K: Ord + Clone> Worklist<K> {
    pub(crate) fn new() -> Self {
        Worklist { queue: Vec::new(), seen: std::collections::BTreeSet::new() }
    }

    /// Queues `key` unless it was queued before.
    pub(crate) fn need(&mut self, key: K) {
        if self.seen.insert(key.clone()) {
            self.queue.push(key);
        }
    }

    /// The next helper to emit (emitting it may queue more).
    pub(crate) fn pop(&mut self) -> Option<K> {
        self.queue.pop()
    }
}

/// Named items in name order, so output does not depend on the order they were reached in.
pub(crate) fn sorted_items(mut items: Vec<(String, TokenStream)>) -> TokenStream {
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let items = items.into_iter().map(|(_, c)| c);
    quote!(#(#items)*)
}
