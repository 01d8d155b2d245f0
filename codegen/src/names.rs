//! Every Rust identifier the generator writes is decided here: case conversion (heck),
//! keyword escapes, and collision handling. The IR stores the results, so a name is fixed once.
//!
//! Identifiers are ASCII: a model name's characters other than ASCII letters and digits
//! (`²`, `½`, `٣`, `-`, `.`) separate words and are otherwise dropped, and a name left with
//! nothing usable gets a fallback (`value`, `Empty`), so whatever a model says, the result is
//! a valid Rust identifier. Collisions this creates are resolved like any other, by the
//! namespaces below.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Rust keywords (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names generated code relies on; a shape with one of these names is renamed.
pub const RESERVED_TYPES: &[&str] = &[
    "Error",
    "Client",
    "Config",
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "DateTime",
    "SdkError",
    "BTreeMap",
    "HashMap",
    "ErrorMetadata",
    "Operation",
    "ServiceOperation",
    "Self",
    // Error enums have these variants besides one per error shape (`Sdk`: the crate-wide one).
    "Unhandled",
    "Unlisted",
    "Sdk",
];

/// The ASCII letters and digits of `name`, every other character a word separator.
fn ascii_words(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// `CopySnapshot` → `copy_snapshot`; `EC2SecurityGroupName` → `ec2_security_group_name`;
/// `Size²` → `size`; nothing usable → `value`; a leading digit gets an `n` prefix.
pub fn snake(name: &str) -> String {
    let s = ascii_words(name).to_snake_case();
    if s.is_empty() {
        "value".into()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    }
}

/// `cache.t2.micro` → `CacheT2Micro`; a leading digit gets a `V` prefix; nothing usable → `Empty`.
pub fn camel(name: &str) -> String {
    let s = ascii_words(name).to_upper_camel_case();
    if s.is_empty() {
        "Empty".into()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    }
}

/// Escapes a keyword used as a field or method name: `type` → `r#type`, `self` → `self_`.
pub fn escape_ident(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A module name for a plain snake-case name: keywords get a trailing underscore (`type` →
/// `type_`), since a raw module name (`r#type`) would need a file named after the keyword.
/// No other module name ends in `_` ([`snake`] never does; collision suffixes are `_N`), so
/// this adds no collision.
pub fn module_name(plain: &str) -> String {
    if is_keyword(plain) {
        format!("{plain}_")
    } else {
        plain.to_string()
    }
}

/// Hands out unique names within one namespace: the first claimant gets the name, later ones a
/// numeric suffix (`arn`, `arn_2`); names in `reserved` are never handed out as they are.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Claims `wanted`, or the first free `wanted{sep}N` (N from 2).
    pub fn claim(&mut self, wanted: &str, sep: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        (2..).map(|n| format!("{wanted}{sep}{n}")).find(|c| self.taken.insert(c.clone())).unwrap_or_default()
    }

    /// Claims a type name: reserved or taken names get `Value`, then a number.
    pub fn claim_type(&mut self, wanted: &str) -> String {
        if !self.taken.contains(wanted) {
            return self.claim(wanted, "");
        }
        let with_suffix = format!("{wanted}Value");
        self.claim(&with_suffix, "")
    }

    /// Whether a name is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims a group of names made from one base: the base is the first of `wanted`,
    /// `wanted_2`, `wanted_3`, … for which every name `derive` makes is free, and those names
    /// are claimed. For names that come in sets (a setter and getter per field, several helpers
    /// per shape), so no name of one set is handed to another.
    pub fn claim_group(&mut self, wanted: &str, derive: impl Fn(&str) -> Vec<String>) -> String {
        let base = std::iter::once(wanted.to_string())
            .chain((2..).map(|i| format!("{wanted}_{i}")))
            .find(|b| derive(b).iter().all(|n| !self.is_taken(n)))
            .unwrap_or_default();
        for n in derive(&base) {
            self.claim(&n, "_");
        }
        base
    }
}

/// The serializer and deserializer helpers a shape can have (`crate::query_ser`,
/// `crate::xml_de`); each is named `{prefix}_{base}` with the shape's base from
/// [`helper_bases`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Helper {
    /// `ser_x`: writes a structure, list or map.
    Ser,
    /// `ser_flat_x`: writes a flattened list or map.
    SerFlat,
    /// `de_x`: reads a structure.
    De,
    /// `de_list_x`: reads a list.
    DeList,
    /// `de_map_x`: reads a map.
    DeMap,
    /// `de_entry_x`: reads one map entry.
    DeEntry,
    /// `de_error_x`: reads an exception.
    DeError,
}

impl Helper {
    /// The name's prefix (`de_list`).
    pub fn prefix(self) -> &'static str {
        match self {
            Helper::Ser => "ser",
            Helper::SerFlat => "ser_flat",
            Helper::De => "de",
            Helper::DeList => "de_list",
            Helper::DeMap => "de_map",
            Helper::DeEntry => "de_entry",
            Helper::DeError => "de_error",
        }
    }

    /// The helper's name for a shape whose base is `base` (`de_list_tag_list`).
    pub fn name(self, base: &str) -> String {
        format!("{}_{base}", self.prefix())
    }
}

/// The helper base of each shape: its snake-case id, with a numeric suffix where the full name
/// of one of its helpers would be taken by another shape's. Shapes are `(id, helpers it may
/// have)`, named in the order given; since prefixes overlap (`de` + `list_x` and `de_list` +
/// `x` are both `de_list_x`), a base is taken only if every helper name it makes is free, as
/// [`builder_field_names`] does for setters ([`Namespace::claim_group`]). A shape with no
/// helpers gets an empty base.
pub fn helper_bases<'a>(shapes: impl IntoIterator<Item = (&'a str, Vec<Helper>)>) -> Vec<String> {
    let mut ns = Namespace::default();
    shapes
        .into_iter()
        .map(|(id, helpers)| {
            if helpers.is_empty() {
                return String::new();
            }
            ns.claim_group(&snake(id), |b| helpers.iter().map(|h| h.name(b)).collect())
        })
        .collect()
}

/// Field names for the members of one structure: snake case, keyword escapes, collisions
/// resolved in member order. `reserved` holds fields the generator adds itself.
pub fn field_names<'a>(members: impl IntoIterator<Item = &'a str>, reserved: &[&str]) -> Vec<(String, String)> {
    let mut ns = Namespace::with_reserved(reserved);
    members
        .into_iter()
        .map(|m| {
            let plain = ns.claim(&snake(m), "_");
            (escape_ident(&plain), plain)
        })
        .collect()
}

/// Methods of the generated input, fluent and waiter builders that member setters must not
/// take: the builders' own, `into_paginator` (fluent builders of paginated operations) and the
/// waiter builders' `wait` and delay/attempt overrides (waiter builders repeat the setters).
pub const BUILDER_METHODS: &[&str] = &[
    "build",
    "builder",
    "send",
    "as_input",
    "new",
    "into_paginator",
    "wait",
    "min_delay",
    "max_delay",
    "max_attempts",
    "with_target",
];

/// Field names for a structure with a builder: like [`field_names`], but a member's name `n`
/// is taken only if `n`, `set_n` and `get_n` are all free, so a member `Foo` and a member
/// `SetFoo` (or `Build`) never produce clashing builder methods.
pub fn builder_field_names<'a>(members: impl IntoIterator<Item = &'a str>, reserved: &[&str]) -> Vec<(String, String)> {
    let mut ns = Namespace::with_reserved(reserved);
    members
        .into_iter()
        .map(|m| {
            let plain = ns.claim_group(&snake(m), |n| vec![n.to_string(), format!("set_{n}"), format!("get_{n}")]);
            (escape_ident(&plain), plain)
        })
        .collect()
}

/// The `is_*` predicate of each error variant of a service (`SnapshotNotFoundFault` →
/// `is_snapshot_not_found_fault`), from the variants' Rust names in the service's error order:
/// unique (two names that snake-case alike get `_2`), never the predicates of the variants
/// every error enum has besides (`is_unhandled`, `is_unlisted`, `is_sdk`). Computed once per
/// service, so an error has the same predicate in every operation's enum and the crate-wide one.
pub fn error_predicates<'a>(variants: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut ns = Namespace::with_reserved(&["is_unhandled", "is_unlisted", "is_sdk"]);
    variants.into_iter().map(|v| ns.claim(&format!("is_{}", snake(v)), "_")).collect()
}

/// Variant names for enum values: camel case, unique, never `Unknown` (the catch-all variant).
pub fn variant_names<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut ns = Namespace::with_reserved(&["Unknown", "Self"]);
    values.into_iter().map(|v| ns.claim_type(&camel(v))).collect()
}

/// The paginator types of operation `op`: `DescribeCacheClustersPaginator` and its items view
/// `DescribeCacheClustersPaginatorItems` (emitted in the operation's own module, beside types
/// whose names end differently, so they cannot collide).
pub fn paginator_types(op: &str) -> (String, String) {
    let camel = camel(op);
    (format!("{camel}Paginator"), format!("{camel}PaginatorItems"))
}

/// Each waiter's client method and builder type, for waiters given as `(waiter, operation)`:
/// `wait_until_cache_cluster_available` and `DescribeCacheClustersWaiter`. The builder is one
/// per polled operation, shared by the operation's waiters (it holds the input setters; each
/// waiter brings its own acceptors and delays), and ends differently from every other generated
/// type. Methods get a numeric suffix when they collide with each other (`Foo-Bar` and `FooBar`)
/// or with a name in `taken` (the client's operation methods), builders when two operations'
/// names camel-case alike.
pub fn waiter_names<'a>(
    waiters: impl IntoIterator<Item = (&'a str, &'a str)>,
    taken: &[String],
) -> Vec<(String, String)> {
    let mut methods = Namespace { taken: taken.iter().cloned().collect() };
    let mut types = Namespace::default();
    let mut builder_of: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    waiters
        .into_iter()
        .map(|(waiter, operation)| {
            let method = methods.claim(&format!("wait_until_{}", snake(waiter)), "_");
            let builder = builder_of
                .entry(operation)
                .or_insert_with(|| types.claim_type(&format!("{}Waiter", camel(operation))))
                .clone();
            (method, builder)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_predicates_are_unique_and_avoid_the_fixed_ones() {
        let got = error_predicates(["SnapshotNotFoundFault", "FooBAR", "FooBar", "Sdk", "UnhandledValue"]);
        assert_eq!(
            got,
            ["is_snapshot_not_found_fault", "is_foo_bar", "is_foo_bar_2", "is_sdk_2", "is_unhandled_value"]
        );
    }

    #[test]
    fn snake_and_camel() {
        assert_eq!(snake("CopySnapshot"), "copy_snapshot");
        assert_eq!(snake("EC2SecurityGroupName"), "ec2_security_group_name");
        assert_eq!(snake("ARN"), "arn");
        assert_eq!(camel("cache.t2.micro"), "CacheT2Micro");
        assert_eq!(camel("dual_stack"), "DualStack");
        assert_eq!(camel("30-minutes"), "V30Minutes");
        assert_eq!(camel(""), "Empty");
    }

    #[test]
    fn non_ascii_names_become_ascii_identifiers() {
        assert_eq!(snake("Size²"), "size");
        assert_eq!(snake("½"), "value");
        assert_eq!(snake("٣x"), "x");
        assert_eq!(snake("Foo-Bar"), "foo_bar");
        assert_eq!(camel("Size²"), "Size");
        assert_eq!(camel("½"), "Empty");
        for name in ["Size²", "½", "٣x", "Ünïcödé", "名前", "a\u{200b}b"] {
            for s in [snake(name), camel(name)] {
                assert!(!s.is_empty() && s.is_ascii(), "{name:?} -> {s:?}");
                assert!(s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{name:?} -> {s:?}");
                assert!(!s.starts_with(|c: char| c.is_ascii_digit()), "{name:?} -> {s:?}");
            }
        }
        let names = field_names(["Size²", "Size", "½", "¾"], &[]);
        let rust: Vec<_> = names.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(rust, ["size", "size_2", "value", "value_2"]);
    }

    #[test]
    fn keyword_modules_get_an_underscore() {
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("try"), "try_");
        assert_eq!(module_name("self"), "self_");
        assert_eq!(module_name("copy_snapshot"), "copy_snapshot");
    }

    #[test]
    fn helper_names_never_collide() {
        use Helper::*;
        let bases = helper_bases([
            ("FooBar", vec![Ser, De]),
            ("foo_bar", vec![Ser, De]),
            ("Foo-Bar", vec![De]),
            ("X", vec![DeList, Ser, SerFlat]),
            ("ListX", vec![De]),
            ("FlatX", vec![Ser]),
            ("Scalar", vec![]),
        ]);
        assert_eq!(bases, ["foo_bar", "foo_bar_2", "foo_bar_3", "x", "list_x_2", "flat_x_2", ""]);
    }

    #[test]
    fn waiter_names_are_distinct() {
        let names = waiter_names(
            [("Foo-Bar", "Get"), ("FooBar", "Get"), ("Ready", "Get-Thing"), ("Done", "GetThing")],
            &["wait_until_ready".to_string()],
        );
        let expected = [
            ("wait_until_foo_bar", "GetWaiter"),
            ("wait_until_foo_bar_2", "GetWaiter"),
            ("wait_until_ready_2", "GetThingWaiter"),
            ("wait_until_done", "GetThingWaiterValue"),
        ];
        let names: Vec<(&str, &str)> = names.iter().map(|(m, t)| (m.as_str(), t.as_str())).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(escape_ident("type"), "r#type");
        assert_eq!(escape_ident("self"), "self_");
        assert_eq!(escape_ident("match"), "r#match");
        assert_eq!(escape_ident("name"), "name");
    }

    #[test]
    fn collisions_get_suffixes() {
        let builder: Vec<_> = builder_field_names(["Foo", "SetFoo", "Build", "GetFoo", "Type"], BUILDER_METHODS)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(builder, ["foo", "set_foo_2", "build_2", "get_foo_2", "r#type"]);
        let names = field_names(["ARN", "Arn", "Type", "RequestId"], &["request_id"]);
        let rust: Vec<_> = names.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(rust, ["arn", "arn_2", "r#type", "request_id_2"]);
        assert_eq!(variant_names(["a", "A", "unknown"]), ["A", "AValue", "UnknownValue"]);
        let mut types = Namespace::with_reserved(RESERVED_TYPES);
        assert_eq!(types.claim_type("Error"), "ErrorValue");
        assert_eq!(types.claim_type("Unlisted"), "UnlistedValue");
        assert_eq!(types.claim_type("Snapshot"), "Snapshot");
        assert_eq!(types.claim_type("Snapshot"), "SnapshotValue");
    }
}
