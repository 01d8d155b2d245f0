//! What changed between two revisions of a service, as the generated crates see it.
//!
//! [`diff`] compares two IRs (of either model format: [`crate::load`] gives both the same IR),
//! so names are compared as the generated crate spells them: an operation by its model name
//! (its client method derives from it), a named type by its module and Rust name, a member by
//! its Rust field name, an enum value by its variant. Each [`Change`] is classed by its effect
//! on the crate's API ([`Class`]); ARCHITECTURE.md lists the rules. `cargo xtask diff-model`
//! and `cargo xtask import-model` print the [`report`].

mod shapes;

use crate::ir::{HttpRoute, PathPart, Service};
use std::collections::BTreeSet;
use std::fmt;

/// What a change does to code written against the previous crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code that compiled and worked may stop compiling or start failing: something it used is
    /// gone, a type changed, an input needs a value it did not need.
    Breaking,
    /// The API grows; whatever compiled still compiles and behaves as before.
    Additive,
    /// The API is the same; what goes on the wire, or a fact the API does not show, changed.
    Compatible,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Compatible => "compatible",
        })
    }
}

/// One difference: `breaking: member CacheCluster.engine removed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its effect on the API.
    pub class: Class,
    /// What changed, in the generated crate's names.
    pub text: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class, self.text)
    }
}

/// The changes found so far, in discovery order.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, class: Class, text: String) {
        self.0.push(Change { class, text });
    }
}

/// Every difference from `old` to `new` that reaches the generated crate, breaking changes
/// first, then additive, then compatible ones; within a class in model order (operations, then
/// named types by module and name, then paginators, then waiters).
pub fn diff(old: &Service, new: &Service) -> Vec<Change> {
    let mut out = Changes::default();
    service(old, new, &mut out);
    operations(old, new, &mut out);
    shapes::named_types(old, new, &mut out);
    paginators(old, new, &mut out);
    waiters(old, new, &mut out);
    let mut changes = out.0;
    changes.sort_by_key(|c| c.class);
    changes
}

/// The changes one per line, then the totals (`2 breaking, 5 additive, 0 compatible`).
pub fn report(changes: &[Change]) -> String {
    let mut text = String::new();
    if changes.is_empty() {
        text.push_str("no differences\n");
    }
    for c in changes {
        text.push_str(&format!("{c}\n"));
    }
    let count = |class| changes.iter().filter(|c| c.class == class).count();
    text.push_str(&format!(
        "{} breaking, {} additive, {} compatible\n",
        count(Class::Breaking),
        count(Class::Additive),
        count(Class::Compatible)
    ));
    text
}

/// Service-wide facts the generated client is built on.
fn service(old: &Service, new: &Service, out: &mut Changes) {
    let facts: [(&str, String, String); 4] = [
        ("protocol", format!("{:?}", old.protocol), format!("{:?}", new.protocol)),
        ("API version", old.api_version.clone(), new.api_version.clone()),
        ("signing name", old.signing_name.clone(), new.signing_name.clone()),
        ("target prefix", old.target_prefix.clone().unwrap_or_default(), new.target_prefix.clone().unwrap_or_default()),
    ];
    for (what, a, b) in facts {
        if a != b {
            out.push(Class::Compatible, format!("service {what} {a:?} -> {b:?}"));
        }
    }
}

/// Operations added or removed; for those on both sides, their errors and their route.
/// Their inputs and outputs are compared as named types.
fn operations(old: &Service, new: &Service, out: &mut Changes) {
    for op in &old.operations {
        let Some(now) = new.operation(&op.name) else {
            let why = match new.omitted_operations.iter().find(|o| o.name == op.name) {
                Some(o) => format!(" (now left out: {})", o.reason),
                None => String::new(),
            };
            out.push(Class::Breaking, format!("operation {} removed{why}", op.name));
            continue;
        };
        let errors = |s: &Service, list: &[String]| -> BTreeSet<String> {
            list.iter().map(|e| s.shape(e).rust_name.clone()).collect()
        };
        let (before, after) = (errors(old, &op.errors), errors(new, &now.errors));
        for e in before.difference(&after) {
            out.push(Class::Breaking, format!("error {e} removed from operation {}", op.name));
        }
        for e in after.difference(&before) {
            out.push(Class::Additive, format!("error {e} added to operation {}", op.name));
        }
        let (a, b) = (route(&op.http), route(&now.http));
        if a != b {
            out.push(Class::Compatible, format!("operation {} route {a:?} -> {b:?}", op.name));
        }
        if op.unsigned != now.unsigned {
            let what = if now.unsigned { "unsigned" } else { "signed" };
            out.push(Class::Compatible, format!("operation {} now sent {what}", op.name));
        }
    }
    for op in &new.operations {
        if old.operation(&op.name).is_none() {
            out.push(Class::Additive, format!("operation {} added", op.name));
        }
    }
}

/// `POST /functions/{FunctionName}/code?x=1`.
fn route(r: &HttpRoute) -> String {
    let mut s = format!("{} ", r.method);
    for part in &r.path {
        match part {
            PathPart::Literal(l) => s.push_str(l),
            PathPart::Label { member, greedy } => {
                s.push_str(&format!("{{{member}{}}}", if *greedy { "+" } else { "" }))
            }
        }
    }
    for (i, (k, v)) in r.query.iter().enumerate() {
        s.push(if i == 0 { '?' } else { '&' });
        s.push_str(k);
        if let Some(v) = v {
            s.push_str(&format!("={v}"));
        }
    }
    s
}

/// Paginators by operation: `into_paginator()`, its `items()` and their item type, `page_size`.
fn paginators(old: &Service, new: &Service, out: &mut Changes) {
    for p in &old.paginators {
        let Some(now) = new.paginator(&p.operation) else {
            if old.operation(&p.operation).is_some() && new.operation(&p.operation).is_some() {
                out.push(Class::Breaking, format!("paginator of {} removed", p.operation));
            }
            continue;
        };
        let op = &p.operation;
        match (shapes::items_type(old, p), shapes::items_type(new, now)) {
            (Some(_), None) => out.push(Class::Breaking, format!("paginator of {op}: items() removed")),
            (None, Some(_)) => out.push(Class::Additive, format!("paginator of {op}: items() added")),
            (Some(a), Some(b)) if a != b => {
                out.push(Class::Breaking, format!("paginator of {op}: item type {a} -> {b}"))
            }
            _ => {}
        }
        let limit =
            |s: &Service, p: &crate::ir::Paginator| p.limit_key.as_ref().map(|k| shapes::value_type(s, &k.target));
        match (limit(old, p), limit(new, now)) {
            (Some(_), None) => out.push(Class::Breaking, format!("paginator of {op}: page_size() removed")),
            (None, Some(_)) => out.push(Class::Additive, format!("paginator of {op}: page_size() added")),
            (Some(a), Some(b)) if a != b => {
                out.push(Class::Breaking, format!("paginator of {op}: page_size() type {a} -> {b}"))
            }
            _ => {}
        }
    }
    for p in &new.paginators {
        // A new operation's paginator comes with it; the operation's line says so.
        if old.paginator(&p.operation).is_none() && old.operation(&p.operation).is_some() {
            out.push(Class::Additive, format!("paginator of {} added", p.operation));
        }
    }
}

/// Waiters by name: the `wait_until_*` method and the builder it returns.
fn waiters(old: &Service, new: &Service, out: &mut Changes) {
    for w in &old.waiters {
        match new.waiters.iter().find(|n| n.name == w.name) {
            None => out.push(Class::Breaking, format!("waiter {} removed", w.name)),
            Some(n) if n.operation != w.operation => out.push(
                Class::Breaking,
                format!(
                    "waiter {} polls {} -> {} (builder {} -> {})",
                    w.name, w.operation, n.operation, w.rust_name, n.rust_name
                ),
            ),
            Some(_) => {}
        }
    }
    for w in &new.waiters {
        if !old.waiters.iter().any(|o| o.name == w.name) {
            out.push(Class::Additive, format!("waiter {} added", w.name));
        }
    }
}
