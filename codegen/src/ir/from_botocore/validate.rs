//! Steps 1 and 2: every shape and operation of the model is checked before anything is
//! lowered, so the later steps meet no dangling reference, unknown kind or infinite type.

use super::Lowering;
use crate::error::ModelError;
use crate::ir::TimestampFormat;
use crate::model::botocore::{Shape as BShape, ShapeRef};
use std::collections::HashMap;

/// How deeply lists and maps may nest directly inside one another (`Vec<Vec<..>>`, a map of
/// lists, ...) with no structure between. Each level is one recursion in the emitter and in
/// syn and prettyplease when the generated type is formatted, and 1,000 levels overflow their
/// stacks; AWS models nest two or three levels, so 32 leaves room while keeping every such
/// recursion shallow.
pub const MAX_TYPE_NESTING: usize = 32;

const KINDS: &[&str] = &[
    "structure",
    "list",
    "map",
    "string",
    "character",
    "boolean",
    "integer",
    "long",
    "float",
    "double",
    "timestamp",
    "blob",
];

impl Lowering<'_> {
    /// Step 1: kinds, required parts, references, formats, then the nesting of lists and maps.
    pub(super) fn validate_shapes(&self) -> Result<(), ModelError> {
        for (name, shape) in self.model.shapes.iter() {
            self.validate_shape(name, shape)?;
        }
        self.check_nesting()
    }

    /// Step 2: each operation's input and output is a structure, and each error too.
    pub(super) fn validate_operations(&self) -> Result<(), ModelError> {
        for (name, op) in self.model.operations.iter() {
            let base = format!("operations.{name}");
            for (what, r) in [("input", &op.input), ("output", &op.output)] {
                if let Some(r) = r {
                    self.expect_structure(format!("{base}.{what}.shape"), &r.shape, "a structure")?;
                }
            }
            for (i, e) in op.errors.iter().enumerate() {
                self.expect_structure(format!("{base}.errors[{i}].shape"), &e.shape, "an exception structure")?;
            }
        }
        Ok(())
    }

    fn expect_structure(&self, path: String, shape: &str, expected: &str) -> Result<(), ModelError> {
        match self.model.shapes.get(shape) {
            None => Err(self.err(path, format!("no shape named {shape:?}"))),
            Some(s) if s.kind != "structure" => {
                Err(self.err(path, format!("{shape:?} is a {}, expected {expected}", s.kind)))
            }
            Some(s) if s.document => Err(self.err(path, format!("{shape:?} is a document, expected {expected}"))),
            _ => Ok(()),
        }
    }

    fn validate_shape(&self, name: &str, s: &BShape) -> Result<(), ModelError> {
        let base = format!("shapes.{name}");
        if !KINDS.contains(&s.kind.as_str()) {
            return Err(self.err(
                format!("{base}.type"),
                format!("unknown type {:?} (expected one of {})", s.kind, KINDS.join(", ")),
            ));
        }
        // Only structures can be errors: the emitter writes every exception as a struct.
        let marker = [("exception", s.exception), ("error", s.error.is_some()), ("fault", s.fault)];
        if let Some((key, _)) = marker.iter().find(|(_, set)| *set).filter(|_| s.kind != "structure") {
            return Err(self.err(
                format!("{base}.{key}"),
                format!("a shape of type {:?} cannot be an exception: only structures can", s.kind),
            ));
        }
        match s.kind.as_str() {
            // A document has no members to check (botocore writes `members: {}` or nothing).
            "structure" if s.document && s.members.is_none() => {}
            "structure" => {
                let members = s.members.as_ref().ok_or_else(|| self.err(&base, "structure without `members`"))?;
                for (m, r) in members.iter() {
                    self.check_ref(format!("{base}.members.{m}"), r)?;
                    self.check_xml_attribute(format!("{base}.members.{m}"), r)?;
                }
                for (i, req) in s.required.iter().enumerate() {
                    if members.get(req).is_none() {
                        return Err(self
                            .err(format!("{base}.required[{i}]"), format!("required member {req:?} is not a member")));
                    }
                }
            }
            "list" => {
                let m = s.member.as_ref().ok_or_else(|| self.err(&base, "list without `member`"))?;
                self.check_ref(format!("{base}.member"), m)?;
            }
            "map" => {
                let k = s.key.as_ref().ok_or_else(|| self.err(&base, "map without `key`"))?;
                let v = s.value.as_ref().ok_or_else(|| self.err(&base, "map without `value`"))?;
                self.check_ref(format!("{base}.key"), k)?;
                self.check_ref(format!("{base}.value"), v)?;
                if self.model.shapes.get(&k.shape).map(|k| k.kind.as_str()) != Some("string") {
                    return Err(
                        self.err(format!("{base}.key.shape"), format!("map key {:?} is not a string shape", k.shape))
                    );
                }
            }
            "timestamp" => {
                if let Some(f) = &s.timestamp_format {
                    self.check_timestamp_format(format!("{base}.timestampFormat"), f)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A member's target exists, and its timestamp format, if any, is known.
    fn check_ref(&self, path: String, r: &ShapeRef) -> Result<(), ModelError> {
        if self.model.shapes.get(&r.shape).is_none() {
            return Err(self.err(format!("{path}.shape"), format!("no shape named {:?}", r.shape)));
        }
        if let Some(f) = &r.timestamp_format {
            self.check_timestamp_format(format!("{path}.timestampFormat"), f)?;
        }
        Ok(())
    }

    /// An `xmlAttribute` member holds text: a scalar or a blob, never a structure, list or map
    /// (the emitters write and read attributes as text).
    fn check_xml_attribute(&self, path: String, r: &ShapeRef) -> Result<(), ModelError> {
        let kind = self.model.shapes.get(&r.shape).map(|t| t.kind.as_str()).unwrap_or_default();
        if r.xml_attribute == Some(true) && !super::http::is_scalar(kind) && kind != "blob" {
            return Err(self.err(
                format!("{path}.xmlAttribute"),
                format!("an XML attribute holds text, but its target {:?} is a {kind}", r.shape),
            ));
        }
        Ok(())
    }

    fn check_timestamp_format(&self, path: String, f: &str) -> Result<(), ModelError> {
        match timestamp_format(f) {
            Some(_) => Ok(()),
            None => Err(self.err(path, format!("unknown timestamp format {f:?}"))),
        }
    }

    /// Rejects lists and maps that contain themselves with no structure between (`L` a list of
    /// `L`, or `A` a list of `B` a map of `A`): such a type would be infinite, since only a
    /// structure member can be boxed. Also rejects nesting deeper than [`MAX_TYPE_NESTING`].
    ///
    /// Each list or map has at most one list or map directly inside it (its element or value),
    /// so the shapes form chains: walking each chain once, and remembering the depth of every
    /// shape on it, makes this linear.
    fn check_nesting(&self) -> Result<(), ModelError> {
        let model = self.model;
        // The list or map directly inside a list or map, with the key that names it.
        let inner = |name: &str| -> Option<(&str, &'static str)> {
            let s = model.shapes.get(name)?;
            let (r, key) = match s.kind.as_str() {
                "list" => (s.member.as_ref()?, "member"),
                "map" => (s.value.as_ref()?, "value"),
                _ => return None,
            };
            let target = model.shapes.get(&r.shape)?;
            matches!(target.kind.as_str(), "list" | "map").then_some((r.shape.as_str(), key))
        };
        let mut depth: HashMap<&str, usize> = HashMap::new();
        for (start, s) in model.shapes.iter() {
            if !matches!(s.kind.as_str(), "list" | "map") || depth.contains_key(start.as_str()) {
                continue;
            }
            let mut chain: Vec<&str> = Vec::new();
            let mut on_chain: HashMap<&str, usize> = HashMap::new();
            let mut cur = start.as_str();
            let below = loop {
                if let Some(d) = depth.get(cur) {
                    break *d;
                }
                if let Some(&i) = on_chain.get(cur) {
                    let cycle = &chain[i..];
                    let key = inner(cycle[0]).map(|(_, k)| k).unwrap_or("member");
                    let mut names: Vec<&str> = cycle.to_vec();
                    names.push(cycle[0]);
                    return Err(self.err(
                        format!("shapes.{}.{key}", cycle[0]),
                        format!(
                            "{} contains itself through lists and maps alone ({}); with no structure in \
                             the loop it has no finite Rust type",
                            cycle[0],
                            names.join(" -> ")
                        ),
                    ));
                }
                on_chain.insert(cur, chain.len());
                chain.push(cur);
                match inner(cur) {
                    Some((next, _)) => cur = next,
                    None => break 0,
                }
            };
            for (i, name) in chain.iter().rev().enumerate() {
                let d = below + i + 1;
                if d > MAX_TYPE_NESTING {
                    let key = inner(name).map(|(_, k)| k).unwrap_or("member");
                    return Err(self.err(
                        format!("shapes.{name}.{key}"),
                        format!(
                            "{name} nests lists and maps {d} deep with no structure between; at most \
                             {MAX_TYPE_NESTING} are supported"
                        ),
                    ));
                }
                depth.insert(name, d);
            }
        }
        Ok(())
    }
}

/// A botocore timestamp format name as the IR's format.
pub(super) fn timestamp_format(f: &str) -> Option<TimestampFormat> {
    match f {
        "iso8601" => Some(TimestampFormat::Iso8601),
        "unixTimestamp" => Some(TimestampFormat::EpochSeconds),
        "rfc822" => Some(TimestampFormat::HttpDate),
        _ => None,
    }
}
