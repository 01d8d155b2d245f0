//! A structure-aware mutator for JSON inputs (service models of both formats and botocore's
//! side files): the input is parsed, one to three structural changes are applied to the tree,
//! and it is written back. Inputs that are not JSON, and one mutation in eight of those that
//! are, get libFuzzer's byte-level mutation instead, so text-level oddities are still found.
//!
//! The structural changes are the ones a hostile or broken model makes: shapes and members
//! deleted, duplicated or renamed (to names that are no Rust identifier, keywords, unicode,
//! look-alikes that collide once snake-cased), a reference retargeted to another shape or to
//! its own (cycles), a shape's type changed, long chains of nested shapes, traits and flags
//! added, subtrees copied over others, (for waiters) JMESPath expressions spliced, and (one
//! change in nine) the JSON protocols' traits ([`crate::json_traits`]).

use serde_json::{json, Map, Value};

/// A small deterministic generator seeded by libFuzzer, so a mutation can be replayed.
pub struct Rng(u64);

impl Rng {
    /// A generator for one mutation.
    pub fn new(seed: u32) -> Self {
        Rng((u64::from(seed) << 1 | 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// The next 64 random bits (xorshift64*).
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A random element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A length skewed towards small values, up to `max`: most picks are short, some long.
    pub fn skewed(&mut self, max: usize) -> usize {
        let bits = self.below(usize::BITS as usize - max.leading_zeros() as usize + 1);
        self.below((1usize << bits).min(max) + 1)
    }
}

/// Names that trip identifier rules: keywords (raw and not), names that do not snake-case to an
/// identifier, unicode, look-alikes that collide, reserved type names, empty and very long.
pub const ODD_NAMES: &[&str] = &[
    "Type",
    "type",
    "Self",
    "self",
    "Super",
    "crate",
    "Crate",
    "Match",
    "Loop",
    "Async",
    "Await",
    "Yield",
    "Box",
    "Fn",
    "Mod",
    "Use",
    "Where",
    "Impl",
    "Dyn",
    "Try",
    "Move",
    "Ref",
    "Static",
    "Union",
    "Macro",
    "Abstract",
    "Final",
    "r#type",
    "Size²",
    "½",
    "٣x",
    "x٣",
    "Ⅷ",
    "ß",
    "İstanbul",
    "Ǆ",
    "😀",
    "日本",
    "a b",
    "a-b",
    "a.b",
    "a$b",
    "a#b",
    "Foo-Bar",
    "FooBar",
    "foo_bar",
    "Foo_Bar",
    "FOO_BAR",
    "fooBar",
    "Thing",
    "thing",
    "_",
    "__",
    "_0",
    "0",
    "0abc",
    "",
    " ",
    "\u{0}",
    "\u{202e}rtl",
    "String",
    "Vec",
    "Option",
    "Result",
    "Ok",
    "Err",
    "Some",
    "None",
    "Error",
    "Client",
    "Config",
    "Default",
    "Debug",
    "Clone",
    "Builder",
    "Input",
    "Output",
    "Unhandled",
    "Unlisted",
    "Unknown",
    "Value",
    "core",
    "std",
    "alloc",
    "awsgen_runtime",
    "serde",
    "\"quoted\"",
    "back\\slash",
    "new\nline",
    "<xml>",
    "a&amp;b",
    "]]>",
    "x\"\n[dependencies.injected]\npath = \"/nonexistent\"\n#",
];

/// JMESPath fragments for splicing into expressions.
const JMESPATH_BITS: &[&str] = &[
    "[*]",
    "[]",
    ".",
    "||",
    "&&",
    "!",
    "(",
    ")",
    "`1`",
    "`\"x\"`",
    "`true`",
    "`null`",
    "length(",
    "contains(",
    ",",
    "==",
    "!=",
    "<",
    ">=",
    "[?",
    "]",
    "@",
    "*",
    ".*",
    "'x'",
    "\"x\"",
    "|",
    "[0]",
    "[-1]",
    "[1:2]",
    "{a: b}",
    "&x",
];

const BOTOCORE_TYPES: &[&str] = &[
    "structure",
    "list",
    "map",
    "string",
    "integer",
    "long",
    "boolean",
    "timestamp",
    "blob",
    "float",
    "double",
    "byte",
    "short",
    "character",
    "bigInteger",
    "bigDecimal",
    "union",
    "document",
    "enum",
    "",
];

const SMITHY_TYPES: &[&str] = &[
    "structure",
    "list",
    "map",
    "string",
    "integer",
    "long",
    "boolean",
    "timestamp",
    "blob",
    "float",
    "double",
    "byte",
    "short",
    "bigInteger",
    "bigDecimal",
    "union",
    "document",
    "enum",
    "intEnum",
    "operation",
    "service",
    "resource",
    "set",
    "apply",
    "member",
];

/// What a JSON input is, for the mutations that only make sense on one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// A service model (botocore or Smithy, told apart by the tree).
    Model,
    /// `{"paginators-1.json": .., "waiters-2.json": .., "endpoint-rule-set-1.json": ..}`.
    SideFiles,
}

/// The libFuzzer custom mutator: mutates `data[..size]` in place (up to `max_size` bytes) and
/// returns the new size.
pub fn mutate(data: &mut [u8], size: usize, max_size: usize, seed: u32, flavor: Flavor) -> usize {
    let mut rng = Rng::new(seed);
    let parsed = if rng.one_in(8) { None } else { serde_json::from_slice::<Value>(&data[..size]).ok() };
    let Some(mut value) = parsed else {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    };
    for _ in 0..1 + rng.below(3) {
        mutate_value(&mut value, &mut rng, flavor);
    }
    let Ok(out) = serde_json::to_vec(&value) else {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    };
    if out.len() > max_size {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    }
    data[..out.len()].copy_from_slice(&out);
    out.len()
}

/// One structural change to a parsed input.
pub fn mutate_value(root: &mut Value, rng: &mut Rng, flavor: Flavor) {
    let smithy = root.get("smithy").is_some();
    let choice = rng.below(if flavor == Flavor::Model { 18 } else { 10 });
    match (flavor, choice) {
        (_, 0) => replace_random_node(root, rng),
        (_, 1) => splice_subtree(root, rng),
        (_, 2) => odd_string(root, rng),
        (_, 3) => delete_or_duplicate_entry(root, rng),
        (_, 4) => odd_key(root, rng),
        (_, 5) => deep_nest(root, rng),
        (Flavor::SideFiles, 6 | 7) => jmespath_splice(root, rng),
        (Flavor::SideFiles, _) => nest_endpoint_rule(root, rng),
        (Flavor::Model, 6) => shape_delete(root, rng),
        (Flavor::Model, 7) => shape_duplicate(root, rng, smithy),
        (Flavor::Model, 8) => shape_rename(root, rng, smithy),
        (Flavor::Model, 9) => shape_retype(root, rng, smithy),
        (Flavor::Model, 10) => retarget(root, rng, false),
        (Flavor::Model, 11) => retarget(root, rng, true),
        (Flavor::Model, 12) => member_change(root, rng),
        (Flavor::Model, 13) => chain(root, rng, smithy),
        (Flavor::Model, 14) => decorate(root, rng, smithy),
        (Flavor::Model, 15) => operation_change(root, rng, smithy),
        (Flavor::Model, _) => crate::json_traits::mutate(root, rng, smithy),
    }
}

// ---------------------------------------------------------------------------------------------
// Generic tree mutations

/// A random node, reached by a walk from `v` that stops at each level with probability 1/4.
fn random_node<'a>(v: &'a mut Value, rng: &mut Rng) -> &'a mut Value {
    let children = match v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        _ => 0,
    };
    if children == 0 || rng.one_in(4) {
        return v;
    }
    let i = rng.below(children);
    match v {
        Value::Array(a) => random_node(&mut a[i], rng),
        Value::Object(o) => match o.values_mut().nth(i) {
            Some(child) => random_node(child, rng),
            None => unreachable!("index below the length"),
        },
        _ => unreachable!("a leaf has no children"),
    }
}

/// A random object in the tree, if the walk finds one.
fn random_object<'a>(v: &'a mut Value, rng: &mut Rng) -> Option<&'a mut Map<String, Value>> {
    random_node(v, rng).as_object_mut()
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(rng.one_in(2)),
        2 => json!(rng.next_u64() as i64),
        3 => json!(*rng.pick(&[0, -1, 1, i32::MAX as i64, i32::MIN as i64, i64::MAX, i64::MIN])),
        4 => json!(*rng.pick(&[1e308, -1e308, 0.5, -0.0, 1e-310])),
        5 => json!([]),
        6 => json!({}),
        _ => json!(*rng.pick(ODD_NAMES)),
    }
}

fn replace_random_node(root: &mut Value, rng: &mut Rng) {
    *random_node(root, rng) = random_scalar(rng);
}

/// Copies one random subtree over another (crossover within the input).
fn splice_subtree(root: &mut Value, rng: &mut Rng) {
    let donor = random_node(root, rng).clone();
    *random_node(root, rng) = donor;
}

fn odd_string(root: &mut Value, rng: &mut Rng) {
    let node = random_node(root, rng);
    if let Value::String(s) = node {
        let odd = *rng.pick(ODD_NAMES);
        match rng.below(3) {
            0 => *s = odd.to_owned(),
            1 => s.push_str(odd),
            _ => s.insert_str(0, odd),
        }
    } else if let Value::Object(o) = node {
        let i = rng.below(o.len().max(1));
        if let Some(v) = o.values_mut().nth(i) {
            *v = json!(*rng.pick(ODD_NAMES));
        }
    }
}

fn delete_or_duplicate_entry(root: &mut Value, rng: &mut Rng) {
    match random_node(root, rng) {
        Value::Array(a) if !a.is_empty() => {
            let i = rng.below(a.len());
            if rng.one_in(2) {
                a.remove(i);
            } else {
                let copy = a[i].clone();
                for _ in 0..1 + rng.skewed(64) {
                    a.push(copy.clone());
                }
            }
        }
        Value::Object(o) if !o.is_empty() => {
            let key = o.keys().nth(rng.below(o.len())).cloned().unwrap_or_default();
            if rng.one_in(2) {
                o.remove(&key);
            } else if let Some(v) = o.get(&key).cloned() {
                o.insert(format!("{key}{}", rng.pick(ODD_NAMES)), v);
            }
        }
        _ => {}
    }
}

fn odd_key(root: &mut Value, rng: &mut Rng) {
    if let Some(o) = random_object(root, rng) {
        if o.is_empty() {
            return;
        }
        let key = o.keys().nth(rng.below(o.len())).cloned().unwrap_or_default();
        if let Some(v) = o.remove(&key) {
            o.insert(rng.pick(ODD_NAMES).to_string(), v);
        }
    }
}

/// JSON nesting the mutator builds at most: a little past serde_json's recursion limit (128),
/// which every parser here inherits, so both sides of the limit are tried; deeper trees would
/// only be rejected, and would overflow the mutator's own recursive walks.
const MAX_NESTING: usize = 160;

/// Wraps a random node in many arrays or objects.
fn deep_nest(root: &mut Value, rng: &mut Rng) {
    let node = random_node(root, rng);
    let depth = 1 + rng.skewed(MAX_NESTING);
    let mut v = std::mem::take(node);
    let key = rng.pick(&["shape", "member", "rules", "x", "target"]).to_string();
    for _ in 0..depth {
        v = if rng.one_in(2) { json!([v]) } else { json!({ key.clone(): v }) };
    }
    *node = v;
}

// ---------------------------------------------------------------------------------------------
// Side files

/// Splices a JMESPath fragment into a random string, or wraps it many times (`!(!(x))`).
fn jmespath_splice(root: &mut Value, rng: &mut Rng) {
    let Value::String(s) = random_node(root, rng) else { return };
    if rng.one_in(4) {
        let depth = 1 + rng.skewed(4096);
        let (open, close) =
            *rng.pick(&[("(", ")"), ("!", ""), ("length(", ")"), ("", ".x"), ("", " || a"), ("", "[*]")]);
        *s = format!("{}{s}{}", open.repeat(depth), close.repeat(depth));
        return;
    }
    let bit = *rng.pick(JMESPATH_BITS);
    let mut at = rng.below(s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    s.insert_str(at, bit);
}

/// Wraps a random endpoint rule in `tree` rules, or duplicates one.
fn nest_endpoint_rule(root: &mut Value, rng: &mut Rng) {
    let Some(rules) = random_object(root, rng).and_then(|o| o.get_mut("rules")).and_then(Value::as_array_mut) else {
        return;
    };
    if rules.is_empty() {
        return;
    }
    let i = rng.below(rules.len());
    // Each level is three levels of JSON.
    let depth = 1 + rng.skewed(MAX_NESTING / 3);
    let mut rule = rules[i].clone();
    for _ in 0..depth {
        rule = json!({ "conditions": [], "rules": [rule], "type": "tree" });
    }
    rules[i] = rule;
}

// ---------------------------------------------------------------------------------------------
// Service models

fn shapes(root: &mut Value) -> Option<&mut Map<String, Value>> {
    root.get_mut("shapes")?.as_object_mut()
}

fn random_key(map: &Map<String, Value>, rng: &mut Rng) -> Option<String> {
    map.keys().nth(rng.below(map.len())).cloned()
}

/// The Smithy namespace of the model's shapes (`ns` of `ns#Name`), or empty for botocore.
fn namespace(root: &mut Value, smithy: bool) -> String {
    if !smithy {
        return String::new();
    }
    shapes(root)
        .and_then(|s| s.keys().find_map(|k| k.split_once('#').map(|(ns, _)| format!("{ns}#"))))
        .unwrap_or_else(|| "ns#".to_owned())
}

/// A new shape name: an odd name, or an existing one with an odd suffix.
fn new_name(rng: &mut Rng, ns: &str, base: &str) -> String {
    let base = base.rsplit('#').next().unwrap_or(base);
    match rng.below(3) {
        0 => format!("{ns}{}", rng.pick(ODD_NAMES)),
        1 => format!("{ns}{base}{}", rng.pick(ODD_NAMES)),
        _ => format!("{ns}{}", base.to_lowercase()),
    }
}

fn shape_delete(root: &mut Value, rng: &mut Rng) {
    if let Some(shapes) = shapes(root) {
        if let Some(k) = random_key(shapes, rng) {
            shapes.remove(&k);
        }
    }
}

fn shape_duplicate(root: &mut Value, rng: &mut Rng, smithy: bool) {
    let ns = namespace(root, smithy);
    if let Some(shapes) = shapes(root) {
        if let Some(k) = random_key(shapes, rng) {
            if let Some(v) = shapes.get(&k).cloned() {
                shapes.insert(new_name(rng, &ns, &k), v);
            }
        }
    }
}

/// Renames a shape and every reference to it.
fn shape_rename(root: &mut Value, rng: &mut Rng, smithy: bool) {
    let ns = namespace(root, smithy);
    let Some(shapes) = shapes(root) else { return };
    let Some(old) = random_key(shapes, rng) else { return };
    let new = new_name(rng, &ns, &old);
    if let Some(v) = shapes.remove(&old) {
        shapes.insert(new.clone(), v);
    }
    rename_refs(root, &old, &new);
}

fn rename_refs(v: &mut Value, old: &str, new: &str) {
    match v {
        Value::Object(o) => {
            for (k, child) in o.iter_mut() {
                match child {
                    Value::String(s) if (k == "shape" || k == "target") && s == old => *s = new.to_owned(),
                    _ => rename_refs(child, old, new),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| rename_refs(c, old, new)),
        _ => {}
    }
}

fn shape_retype(root: &mut Value, rng: &mut Rng, smithy: bool) {
    let types = if smithy { SMITHY_TYPES } else { BOTOCORE_TYPES };
    let ty = *rng.pick(types);
    if let Some(shapes) = shapes(root) {
        if let Some(k) = random_key(shapes, rng) {
            if let Some(Value::Object(shape)) = shapes.get_mut(&k) {
                shape.insert("type".to_owned(), json!(ty));
            }
        }
    }
}

/// How many references (`{"shape": ..}` / `{"target": ..}`) a subtree holds.
fn reference_slots(v: &Value) -> usize {
    match v {
        Value::Object(o) => o
            .iter()
            .map(|(k, c)| match c {
                Value::String(_) if k == "shape" || k == "target" => 1,
                _ => reference_slots(c),
            })
            .sum(),
        Value::Array(a) => a.iter().map(reference_slots).sum(),
        _ => 0,
    }
}

/// The `n`th reference string of a subtree, in the order [`reference_slots`] counts them.
fn nth_reference<'a>(v: &'a mut Value, n: &mut usize) -> Option<&'a mut String> {
    match v {
        Value::Object(o) => {
            for (k, c) in o.iter_mut() {
                if (k == "shape" || k == "target") && c.is_string() {
                    if *n == 0 {
                        return match c {
                            Value::String(s) => Some(s),
                            _ => None,
                        };
                    }
                    *n -= 1;
                } else if let Some(found) = nth_reference(c, n) {
                    return Some(found);
                }
            }
            None
        }
        Value::Array(a) => a.iter_mut().find_map(|c| nth_reference(c, n)),
        _ => None,
    }
}

/// Points a reference inside a random shape at another shape, or (`cycle`) at that shape itself.
fn retarget(root: &mut Value, rng: &mut Rng, cycle: bool) {
    let Some(shapes) = shapes(root) else { return };
    let names: Vec<String> = shapes.keys().cloned().collect();
    let Some(owner) = random_key(shapes, rng) else { return };
    let target = if cycle { owner.clone() } else { rng.pick(&names).clone() };
    let Some(shape) = shapes.get_mut(&owner) else { return };
    let count = reference_slots(shape);
    if count == 0 {
        return;
    }
    let mut n = rng.below(count);
    if let Some(s) = nth_reference(shape, &mut n) {
        *s = target.clone();
    }
    // Two shapes of each other: also point the target back at the owner.
    if !cycle && rng.one_in(3) {
        if let Some(other) = shapes.get_mut(&target) {
            let count = reference_slots(other);
            let mut n = rng.below(count.max(1));
            if let Some(s) = nth_reference(other, &mut n) {
                *s = owner;
            }
        }
    }
}

/// Deletes, duplicates or renames a member of a random structure.
fn member_change(root: &mut Value, rng: &mut Rng) {
    let Some(shapes) = shapes(root) else { return };
    let Some(k) = random_key(shapes, rng) else { return };
    let Some(members) = shapes.get_mut(&k).and_then(|s| s.get_mut("members")).and_then(Value::as_object_mut) else {
        return;
    };
    let Some(m) = random_key(members, rng) else { return };
    match rng.below(4) {
        0 => {
            members.remove(&m);
        }
        1 => {
            if let Some(v) = members.get(&m).cloned() {
                members.insert(new_name(rng, "", &m), v);
            }
        }
        2 => {
            if let Some(v) = members.remove(&m) {
                members.insert(rng.pick(ODD_NAMES).to_string(), v);
            }
        }
        _ => {
            // Many members of the same target.
            if let Some(v) = members.get(&m).cloned() {
                for i in 0..1 + rng.skewed(512) {
                    members.insert(format!("{m}{i}"), v.clone());
                }
            }
        }
    }
}

/// Adds a chain of nested shapes (`Chain0 → Chain1 → ...`, as structures or lists) and points a
/// random reference at its head.
fn chain(root: &mut Value, rng: &mut Rng, smithy: bool) {
    let ns = namespace(root, smithy);
    let len = 1 + rng.skewed(300);
    let list = rng.one_in(2);
    let tag = rng.below(1000);
    let name = |i: usize| format!("{ns}Chain{tag}x{i}");
    let refkey = if smithy { "target" } else { "shape" };
    let leaf = if smithy { "smithy.api#String" } else { "" };
    let Some(shapes) = shapes(root) else { return };
    if !smithy {
        shapes.insert(name(len), json!({ "type": "string" }));
    }
    for i in 0..len {
        let next = if smithy && i + 1 == len { leaf.to_owned() } else { name(i + 1) };
        let shape = if list {
            json!({ "type": "list", "member": { refkey: next } })
        } else {
            json!({ "type": "structure", "members": { "Next": { refkey: next } } })
        };
        shapes.insert(name(i), shape);
    }
    let Some(owner) = random_key(shapes, rng) else { return };
    if let Some(shape) = shapes.get_mut(&owner) {
        let count = reference_slots(shape);
        let mut n = rng.below(count.max(1));
        if let Some(s) = nth_reference(shape, &mut n) {
            *s = name(0);
        }
    }
}

/// Adds a trait or flag to a random shape or member.
fn decorate(root: &mut Value, rng: &mut Rng, smithy: bool) {
    let odd = *rng.pick(ODD_NAMES);
    let Some(shapes) = shapes(root) else { return };
    let Some(k) = random_key(shapes, rng) else { return };
    let Some(shape) = shapes.get_mut(&k).and_then(Value::as_object_mut) else { return };
    let member_names: Vec<String> =
        shape.get("members").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
    let on_member = !member_names.is_empty() && rng.one_in(2);
    let target = if on_member {
        let m = rng.pick(&member_names).clone();
        match shape.get_mut("members").and_then(|ms| ms.get_mut(&m)).and_then(Value::as_object_mut) {
            Some(t) => t,
            None => return,
        }
    } else {
        shape
    };
    if smithy {
        let traits = target.entry("traits").or_insert_with(|| json!({}));
        let Some(traits) = traits.as_object_mut() else { return };
        let (id, value) = match rng.below(12) {
            0 => ("smithy.api#required", json!({})),
            1 => ("smithy.api#xmlName", json!(odd)),
            2 => ("smithy.api#xmlFlattened", json!({})),
            3 => ("smithy.api#xmlAttribute", json!({})),
            4 => ("smithy.api#error", json!(*rng.pick(&["client", "server", odd]))),
            5 => ("smithy.api#enumValue", json!(odd)),
            6 => ("smithy.api#timestampFormat", json!(*rng.pick(&["date-time", "epoch-seconds", "http-date", odd]))),
            7 => ("smithy.api#sensitive", json!({})),
            8 => ("aws.protocols#awsQueryError", json!({ "code": odd, "httpResponseCode": rng.below(1000) })),
            9 => ("smithy.api#httpError", json!(rng.below(1000))),
            10 => ("smithy.api#idempotencyToken", json!({})),
            _ => ("smithy.api#ec2QueryName", json!(odd)),
        };
        traits.insert(id.to_owned(), value);
    } else {
        let (key, value) = match rng.below(14) {
            0 => ("required", json!(member_names.iter().take(1 + rng.below(3)).collect::<Vec<_>>())),
            1 => ("locationName", json!(odd)),
            2 => ("flattened", json!(true)),
            3 => ("xmlAttribute", json!(true)),
            4 => ("error", json!({ "code": odd, "httpStatusCode": rng.below(1000), "senderFault": true })),
            5 => ("exception", json!(true)),
            6 => ("enum", json!([odd, "a", "A", odd])),
            7 => ("timestampFormat", json!(*rng.pick(&["iso8601", "unixTimestamp", "rfc822", odd]))),
            8 => ("sensitive", json!(true)),
            9 => ("queryName", json!(odd)),
            10 => ("idempotencyToken", json!(true)),
            11 => ("box", json!(true)),
            12 => ("deprecated", json!(true)),
            _ => ("xmlNamespace", json!({ "uri": odd })),
        };
        target.insert(key.to_owned(), value);
    }
}

/// Adds, deletes or renames an operation (botocore's `operations`; in Smithy, operation shapes
/// and the service's list of them).
fn operation_change(root: &mut Value, rng: &mut Rng, smithy: bool) {
    if smithy {
        // Operations are shapes: a new one named oddly, listed by the service.
        let ns = namespace(root, true);
        let name = format!("{ns}{}", rng.pick(ODD_NAMES));
        let Some(shapes) = shapes(root) else { return };
        shapes.insert(name.clone(), json!({ "type": "operation" }));
        if let Some(ops) = shapes
            .values_mut()
            .find(|s| s.get("type").and_then(Value::as_str) == Some("service"))
            .and_then(|s| s.as_object_mut())
            .map(|s| s.entry("operations").or_insert_with(|| json!([])))
            .and_then(Value::as_array_mut)
        {
            ops.push(json!({ "target": name }));
        }
        return;
    }
    let Some(ops) = root.get_mut("operations").and_then(Value::as_object_mut) else { return };
    let Some(k) = random_key(ops, rng) else { return };
    let odd = rng.pick(ODD_NAMES).to_string();
    match rng.below(3) {
        0 => {
            ops.remove(&k);
        }
        1 => {
            if let Some(mut op) = ops.remove(&k) {
                if let Some(o) = op.as_object_mut() {
                    o.insert("name".to_owned(), json!(odd));
                }
                ops.insert(odd, op);
            }
        }
        _ => {
            if let Some(mut op) = ops.get(&k).cloned() {
                let name = format!("{k}{odd}");
                if let Some(o) = op.as_object_mut() {
                    o.insert("name".to_owned(), json!(name));
                }
                ops.insert(name, op);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_keep_json_and_change_it() {
        let seed = json!({
            "metadata": {"protocol": "query"},
            "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
            "shapes": {"In": {"type": "structure", "members": {"A": {"shape": "S"}}}, "S": {"type": "string"}}
        });
        let mut changed = 0;
        for s in 0..2000 {
            let mut v = seed.clone();
            let mut rng = Rng::new(s);
            mutate_value(&mut v, &mut rng, Flavor::Model);
            changed += usize::from(v != seed);
        }
        assert!(changed > 1000, "only {changed} of 2000 mutations changed the model");
    }
}
