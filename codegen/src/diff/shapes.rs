//! Named types (structures, unions, enums, errors, operation inputs and outputs) compared by
//! module and Rust name; their members by Rust field name, their enum values by variant; types
//! as the generated fields spell them ([`Cx::member_type`]).

use super::{Changes, Class};
use crate::emit::Cx;
use crate::ir::{Location, Member, Paginator, Protocol, Service, Shape, ShapeKind, Structure, TimestampFormat};
use proc_macro2::TokenStream;
use std::collections::{BTreeMap, BTreeSet};

/// Every named type on both sides, in module and name order. The input and output of an
/// operation added or removed are not listed: the operation's line says it all.
pub(super) fn named_types(old: &Service, new: &Service, out: &mut Changes) {
    let (before, after) = (named(old), named(new));
    let modules = |s: &Service| s.operations.iter().map(|o| o.module.clone()).collect::<BTreeSet<_>>();
    let (old_ops, new_ops) = (modules(old), modules(new));
    let own_operation_gone =
        |s: &Shape, other: &BTreeSet<String>| matches!(&s.location, Location::Operation(m) if !other.contains(m));
    for (key, a) in &before {
        match after.get(key) {
            None if own_operation_gone(a, &new_ops) => {}
            None => out.push(Class::Breaking, format!("{} {} removed", kind(a), a.rust_name)),
            Some(b) => compare(old, a, new, b, out),
        }
    }
    for (key, b) in &after {
        if !before.contains_key(key) && !own_operation_gone(b, &old_ops) {
            out.push(Class::Additive, format!("{} {} added", kind(b), b.rust_name));
        }
    }
}

/// The named types of a service by `module::Name` (`types::CacheCluster`,
/// `operation::copy_snapshot::CopySnapshotInput`).
fn named(svc: &Service) -> BTreeMap<String, &Shape> {
    let module = |s: &Shape| match &s.location {
        Location::Types => Some("types".to_string()),
        Location::Error => Some("error".to_string()),
        Location::Operation(m) => Some(format!("operation::{m}")),
        Location::Inline => None,
    };
    svc.shapes.values().filter_map(|s| Some((format!("{}::{}", module(s)?, s.rust_name), s))).collect()
}

/// What the type is, in a change's line.
fn kind(s: &Shape) -> &'static str {
    match &s.kind {
        ShapeKind::Structure(st) if st.error.is_some() => "error",
        ShapeKind::Structure(_) => "structure",
        ShapeKind::Union(_) => "union",
        ShapeKind::String(Some(_)) => "enum",
        _ => "type",
    }
}

fn compare(old: &Service, a: &Shape, new: &Service, b: &Shape, out: &mut Changes) {
    let name = &a.rust_name;
    if kind(a) != kind(b) {
        out.push(Class::Breaking, format!("{} {name} is now a{} {}", kind(a), article(kind(b)), kind(b)));
        return;
    }
    match (&a.kind, &b.kind) {
        (ShapeKind::Structure(x), ShapeKind::Structure(y)) => {
            members(Side { svc: old, shape: a, st: x }, Side { svc: new, shape: b, st: y }, false, out);
            if let (Some(e), Some(f)) = (&x.error, &y.error) {
                if e.code != f.code {
                    out.push(Class::Compatible, format!("error {name} code {:?} -> {:?}", e.code, f.code));
                }
            }
        }
        (ShapeKind::Union(x), ShapeKind::Union(y)) => {
            members(Side { svc: old, shape: a, st: x }, Side { svc: new, shape: b, st: y }, true, out)
        }
        (ShapeKind::String(Some(x)), ShapeKind::String(Some(y))) => {
            for v in x {
                match y.iter().find(|w| w.rust_name == v.rust_name) {
                    None => {
                        out.push(Class::Breaking, format!("enum value {name}::{} ({:?}) removed", v.rust_name, v.value))
                    }
                    Some(w) if w.value != v.value => out.push(
                        Class::Compatible,
                        format!("enum value {name}::{} wire value {:?} -> {:?}", v.rust_name, v.value, w.value),
                    ),
                    Some(_) => {}
                }
            }
            for w in y {
                if !x.iter().any(|v| v.rust_name == w.rust_name) {
                    out.push(Class::Additive, format!("enum value {name}::{} ({:?}) added", w.rust_name, w.value));
                }
            }
        }
        _ => {}
    }
}

/// `n` for `an error`, `an enum` (the kinds of [`kind`]; `a union`).
fn article(word: &str) -> &'static str {
    if word.starts_with('e') {
        "n"
    } else {
        ""
    }
}

/// A structure or union on one side.
#[derive(Clone, Copy)]
struct Side<'a> {
    svc: &'a Service,
    shape: &'a Shape,
    st: &'a Structure,
}

impl Side<'_> {
    /// Whether a required member must be set by the caller: the structure is sent (reachable
    /// from an input) and no idempotency token fills the member.
    fn caller_sets(&self, m: &Member) -> bool {
        self.shape.in_input && !m.idempotency_token
    }
}

/// Members (fields; variants of a union) by Rust name.
fn members(a: Side<'_>, b: Side<'_>, union: bool, out: &mut Changes) {
    let name = &a.shape.rust_name;
    let label = |m: &Member| {
        if union {
            format!("variant {name}::{}", m.rust_name)
        } else {
            format!("member {name}.{}", m.rust_name)
        }
    };
    for m in &a.st.members {
        let Some(n) = b.st.members.iter().find(|n| n.rust_name == m.rust_name) else {
            out.push(Class::Breaking, format!("{} removed", label(m)));
            continue;
        };
        let (t, u) = (member_type(a.svc, m), member_type(b.svc, n));
        if t != u {
            out.push(Class::Breaking, format!("{} type {t} -> {u}", label(m)));
        }
        if !union && !m.required && n.required {
            if b.caller_sets(n) {
                out.push(Class::Breaking, format!("{} became required", label(m)));
            } else {
                out.push(Class::Compatible, format!("{} became required (never set by the caller)", label(m)));
            }
        }
        if !union && m.required && !n.required {
            out.push(Class::Additive, format!("{} became optional", label(m)));
        }
        let (w, x) = (wire(a.svc, m), wire(b.svc, n));
        if w != x {
            out.push(Class::Compatible, format!("{} wire name {w} -> {x}", label(m)));
        }
        if let (Some(f), Some(g)) = (timestamp(a.svc, m), timestamp(b.svc, n)) {
            if f != g {
                out.push(Class::Compatible, format!("{} timestamp format {f:?} -> {g:?}", label(m)));
            }
        }
    }
    for n in &b.st.members {
        if !a.st.members.iter().any(|m| m.rust_name == n.rust_name) {
            if !union && n.required && b.caller_sets(n) {
                out.push(Class::Breaking, format!("{} added, required", label(n)));
            } else {
                out.push(Class::Additive, format!("{} added", label(n)));
            }
        }
    }
}

/// Where the member goes on the wire: its key in the body, or its HTTP binding.
fn wire(svc: &Service, m: &Member) -> String {
    use crate::ir::Binding;
    match &m.binding {
        Binding::Body if svc.protocol.is_json_like() => format!("{:?}", m.json_name),
        Binding::Body if m.query_name != m.xml_name && svc.protocol == Protocol::Ec2 => {
            format!("{:?} (responses {:?})", m.query_name, m.xml_name)
        }
        Binding::Body => format!("{:?}", m.xml_name),
        Binding::Label => format!("label {:?}", m.name),
        Binding::Query(q) => format!("query {q:?}"),
        Binding::QueryParams => "query parameters".into(),
        Binding::Header(h) => format!("header {h:?}"),
        Binding::PrefixHeaders(p) => format!("headers {p:?}*"),
        Binding::Payload => "payload".into(),
        Binding::StatusCode => "status code".into(),
        Binding::Endpoint => "endpoint".into(),
    }
}

/// The timestamp format of a timestamp member.
fn timestamp(svc: &Service, m: &Member) -> Option<TimestampFormat> {
    matches!(svc.shape(&m.target).kind, ShapeKind::Timestamp(_)).then_some(m.timestamp_format)
}

/// A member's type as its field holds it, less the `Option` that required-ness decides:
/// `Box<types::Tag>`, `Vec<String>`, `ByteStream`.
fn member_type(svc: &Service, m: &Member) -> String {
    let t = rendered(svc, |cx| cx.member_type(m));
    if m.boxed {
        format!("Box<{t}>")
    } else {
        t
    }
}

/// The Rust type of a value of shape `id` (`BTreeMap<String, i32>`).
pub(super) fn value_type(svc: &Service, id: &str) -> String {
    rendered(svc, |cx| cx.value_type(id))
}

/// The type `items()` streams, as the paginator emitter decides it, if the paginator has one.
pub(super) fn items_type(svc: &Service, p: &Paginator) -> Option<String> {
    let path = p.items.as_ref()?;
    Some(match &svc.shape(&path.shape).kind {
        ShapeKind::List(l) if l.sparse => format!("Option<{}>", value_type(svc, &l.member)),
        ShapeKind::List(l) => value_type(svc, &l.member),
        _ => "()".into(),
    })
}

/// A type as the emitters write it, without spaces and the paths every type shares
/// (`crate::types::`, `::awsgen_runtime::`, `::std::collections::`).
fn rendered(svc: &Service, ty: impl Fn(&Cx<'_>) -> TokenStream) -> String {
    let text = match Cx::new(svc, "crate") {
        Ok(cx) => ty(&cx).to_string(),
        Err(e) => return e.to_string(),
    };
    let mut s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for prefix in ["crate::types::", "crate::error::", "::awsgen_runtime::", "::std::collections::"] {
        s = s.replace(prefix, "");
    }
    s.replace(',', ", ")
}
