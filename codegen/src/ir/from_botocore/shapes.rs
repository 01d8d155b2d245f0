//! Step 5: each shape in use becomes an IR [`Shape`]; structures lower according to their
//! [`Role`], which decides the names their fields may not take.

use super::http::{default_timestamp_format, Side};
use super::validate::timestamp_format;
use super::Lowering;
use crate::error::ModelError;
use crate::ir::*;
use crate::model::botocore::{Shape as BShape, ShapeRef};
use crate::names;
use std::collections::BTreeSet;

/// What a structure is lowered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A named shape in `types` (or inlined: lists, maps, scalars).
    Data,
    /// An exception: its `message` lives in its error metadata (`meta`), not in a field.
    Error,
    /// An operation's input: it gets a builder, whose methods its fields share a namespace with,
    /// and its required members are plain values.
    Input,
    /// An operation's output: it carries a `request_id` beside its members.
    Output,
}

impl Role {
    /// The side of the HTTP exchange the structure's members are bound on; `None` for a data
    /// structure, whose members are all in the body of whatever holds it.
    fn side(self) -> Option<Side> {
        match self {
            Role::Data => None,
            Role::Input => Some(Side::Request),
            Role::Output | Role::Error => Some(Side::Reply),
        }
    }

    /// Field names the structure's members may not take.
    fn reserved_fields(self) -> &'static [&'static str] {
        match self {
            Role::Data => &[],
            Role::Error => &["meta"],
            Role::Input => names::BUILDER_METHODS,
            Role::Output => &["request_id"],
        }
    }
}

impl Lowering<'_> {
    /// Step 5: every shape reachable from an input, an output or an error.
    pub(super) fn lower_shapes(&mut self) -> Result<(), ModelError> {
        for (name, s) in self.model.shapes.iter() {
            let is_error = self.errors.contains(name);
            if !(self.is_reachable(name) || is_error) {
                continue;
            }
            let location = if is_error {
                Location::Error
            } else if self.type_names.contains_key(name) {
                Location::Types
            } else {
                Location::Inline
            };
            let kind = self.shape_kind(name, s, if is_error { Role::Error } else { Role::Data })?;
            let shape = Shape {
                id: name.clone(),
                rust_name: self.type_names.get(name).cloned().unwrap_or_default(),
                location,
                kind,
                sensitive: s.sensitive,
                in_input: self.in_input.contains(name),
                in_output: self.in_output.contains(name) || is_error,
                helper: String::new(),
                docs: s.documentation.clone(),
            };
            self.shapes.insert(name.clone(), shape);
        }
        Ok(())
    }

    /// The IR kind of shape `name` (validated), lowered as `role` if it is a structure.
    pub(super) fn shape_kind(&self, name: &str, s: &BShape, role: Role) -> Result<ShapeKind, ModelError> {
        Ok(match s.kind.as_str() {
            "structure" if s.document && role == Role::Data => {
                if !self.protocol.is_json_like() {
                    let at = format!("shapes.{name}.document");
                    return Err(self.err(at, "document shapes are not supported by the query protocols"));
                }
                ShapeKind::Document
            }
            // The query protocols read a union as a structure with optional members.
            "structure" if s.union && role == Role::Data && self.protocol.has_unions() => {
                ShapeKind::Union(self.union(s))
            }
            "structure" => ShapeKind::Structure(self.structure(name, s, role)),
            "list" => {
                let m = s.member.as_ref().ok_or_else(|| self.err(format!("shapes.{name}"), "list without `member`"))?;
                ShapeKind::List(List {
                    member: m.shape.clone(),
                    member_location_name: m.location_name.clone(),
                    member_query_name: m.query_name.clone(),
                    member_xml_namespace: self.xml_namespace(m),
                    flattened: s.flattened.unwrap_or(false),
                    sparse: s.sparse,
                })
            }
            "map" => {
                let (Some(k), Some(v)) = (&s.key, &s.value) else {
                    return Err(self.err(format!("shapes.{name}"), "map without `key` or `value`"));
                };
                ShapeKind::Map(Map {
                    key: k.shape.clone(),
                    value: v.shape.clone(),
                    key_name: k.location_name.clone().unwrap_or_else(|| "key".into()),
                    value_name: v.location_name.clone().unwrap_or_else(|| "value".into()),
                    key_xml_namespace: self.xml_namespace(k),
                    value_xml_namespace: self.xml_namespace(v),
                    flattened: s.flattened.unwrap_or(false),
                    sparse: s.sparse,
                })
            }
            // botocore's `character` is a one-character string.
            "character" => ShapeKind::String(None),
            "string" => ShapeKind::String(s.enum_values.as_deref().map(|v| enum_values(v, &s.enum_docs))),
            "boolean" => ShapeKind::Boolean,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "timestamp" => ShapeKind::Timestamp(s.timestamp_format.as_deref().and_then(timestamp_format)),
            "blob" => ShapeKind::Blob,
            other => return Err(self.err(format!("shapes.{name}.type"), format!("unknown type {other:?}"))),
        })
    }

    fn structure(&self, name: &str, s: &BShape, role: Role) -> Structure {
        let all: Vec<(&String, &ShapeRef)> = s.members.as_ref().map(|m| m.iter().collect()).unwrap_or_default();
        // An exception's message lives in its error metadata, not in a field.
        let kept: Vec<(&String, &ShapeRef)> =
            all.into_iter().filter(|(n, _)| !(role == Role::Error && n.eq_ignore_ascii_case("message"))).collect();
        let member_names = kept.iter().map(|(n, _)| n.as_str());
        let fields = match role {
            // Operation inputs get builders: each member's setter, `set_` and `get_` methods
            // share the builder's namespace with its own methods.
            Role::Input => names::builder_field_names(member_names, role.reserved_fields()),
            _ => names::field_names(member_names, role.reserved_fields()),
        };
        let side = role.side();
        let members =
            kept.iter().zip(fields).map(|((mname, r), field)| self.member(s, mname, r, field, side)).collect();
        let error = (role == Role::Error).then(|| self.error_info(name, s));
        Structure {
            members,
            error,
            required_is_plain: role == Role::Input,
            xml_name: s.location_name.clone(),
            xml_namespace: s.xml_namespace.as_ref().map(xml_namespace),
        }
    }

    /// A union of the JSON protocols: its members are the variants of a Rust enum, so their
    /// `rust_name` is a variant name (never `Unknown`, the variant of members the model does
    /// not know yet) and their `plain_name` a snake-case name unique in the union (for
    /// accessors such as `as_{plain_name}`).
    fn union(&self, s: &BShape) -> Structure {
        let all: Vec<(&String, &ShapeRef)> = s.members.as_ref().map(|m| m.iter().collect()).unwrap_or_default();
        let variants = names::variant_names(all.iter().map(|(n, _)| n.as_str()));
        let snake = names::field_names(all.iter().map(|(n, _)| n.as_str()), &[]);
        let members = all
            .iter()
            .zip(variants.into_iter().zip(snake))
            .map(|((mname, r), (variant, (_, plain)))| {
                let mut m = self.member(s, mname, r, (variant, plain), None);
                // One member is set, whatever the model says is required.
                m.required = false;
                m
            })
            .collect();
        Structure {
            members,
            error: None,
            required_is_plain: false,
            xml_name: s.location_name.clone(),
            xml_namespace: s.xml_namespace.as_ref().map(xml_namespace),
        }
    }

    /// Member `mname` of structure `s`, with its Rust field name and plain name, bound on
    /// `side` of the HTTP exchange (`None`: in the body).
    fn member(
        &self,
        s: &BShape,
        mname: &str,
        r: &ShapeRef,
        (rust_name, plain_name): (String, String),
        side: Option<Side>,
    ) -> Member {
        let target = self.model.shapes.get(&r.shape);
        let member_flat = r.flattened.unwrap_or(false);
        let shape_flat = target.and_then(|t| t.flattened).unwrap_or(false);
        let list_elem_name =
            target.filter(|t| t.kind == "list").and_then(|t| t.member.as_ref()).and_then(|m| m.location_name.clone());
        let base_name = r.location_name.clone().unwrap_or_else(|| mname.to_string());
        // A list flattened at its shape (botocore's models) repeats its element's name in place
        // of the member's; flattened at the member (Smithy's `xmlFlattened`), it repeats the
        // member's own name.
        let xml_name = match (&list_elem_name, shape_flat && !member_flat) {
            (Some(elem), true) => elem.clone(),
            _ => base_name.clone(),
        };
        let query_name = match self.protocol {
            Protocol::Query => xml_name.clone(),
            // ec2 keys: `queryName` as written, else the `locationName` or member name with its
            // first letter upper-cased.
            Protocol::Ec2 => r.query_name.clone().unwrap_or_else(|| capitalize(&base_name)),
            // No query keys in the JSON protocols, RPC v2 CBOR and restXml.
            Protocol::AwsJson1_0
            | Protocol::AwsJson1_1
            | Protocol::RestJson1
            | Protocol::RestXml
            | Protocol::RpcV2Cbor => base_name.clone(),
        };
        let binding = self.binding(s, mname, r, side);
        let timestamp_format = self.member_timestamp_format(r, target, &binding);
        let is_string = target.is_some_and(|t| t.kind == "string");
        Member {
            name: mname.to_string(),
            rust_name,
            plain_name,
            target: r.shape.clone(),
            query_name,
            xml_name,
            location_name: r.location_name.clone(),
            required: s.required.iter().any(|q| q == mname),
            flattened: member_flat || shape_flat,
            xml_attribute: r.xml_attribute.unwrap_or(false),
            xml_namespace: self.xml_namespace(r),
            timestamp_format,
            boxed: false,
            idempotency_token: r.idempotency_token.unwrap_or(false),
            deprecated: r.deprecated.unwrap_or(false),
            json_name: if binding == Binding::Body { base_name } else { mname.to_string() },
            json_value: r.jsonvalue == Some(true) && is_string && matches!(binding, Binding::Header(_)),
            streaming: target.is_some_and(|t| {
                (t.streaming || r.streaming == Some(true)) && matches!(t.kind.as_str(), "blob" | "string")
            }),
            binding,
            docs: r.documentation.clone(),
        }
    }

    /// The timestamp format in force for a member: its own `timestampFormat`, else its target's
    /// (for a list, in the JSON protocols, its element's), else the default of where it is
    /// bound ([`default_timestamp_format`]).
    fn member_timestamp_format(&self, r: &ShapeRef, target: Option<&BShape>, binding: &Binding) -> TimestampFormat {
        let element = || {
            let list = target.filter(|t| t.kind == "list" && self.protocol.is_json_like())?;
            let elem = list.member.as_ref()?;
            elem.timestamp_format.as_deref().or(self.model.shapes.get(&elem.shape)?.timestamp_format.as_deref())
        };
        r.timestamp_format
            .as_deref()
            .or(target.and_then(|t| t.timestamp_format.as_deref()))
            .or_else(element)
            .and_then(timestamp_format)
            .unwrap_or_else(|| default_timestamp_format(self.protocol, binding))
    }

    /// An exception's code, status and fault, and the member that holds its message. The
    /// query protocols' code is the model's `error.code`, else the shape name; the JSON
    /// protocols' is the shape name, except in an `awsQueryCompatible` service, where the
    /// model's query code comes first and the shape name is the alternative.
    fn error_info(&self, name: &str, s: &BShape) -> ErrorInfo {
        let e = s.error.as_ref();
        let model_code = e.and_then(|e| e.code.clone());
        let (code, alt_code) = match model_code {
            Some(c) if !self.protocol.is_json_like() => (c, None),
            Some(c) if self.query_compatible() && c != name => (c, Some(name.to_string())),
            _ => (name.to_string(), None),
        };
        let message_member = s
            .members
            .as_ref()
            .and_then(|m| m.iter().find(|(n, _)| n.eq_ignore_ascii_case("message")).map(|(n, _)| n.clone()));
        ErrorInfo {
            message_member,
            code,
            http_status: e.and_then(|e| e.http_status_code).unwrap_or(400),
            sender_fault: e.and_then(|e| e.sender_fault).unwrap_or(!s.fault),
            alt_code,
            retryable: s.retryable.map(|r| r.throttling),
        }
    }
}

impl Lowering<'_> {
    /// The namespace a reference's element declares: the reference's `xmlNamespace`, else its
    /// target shape's.
    pub(super) fn xml_namespace(&self, r: &ShapeRef) -> Option<XmlNamespace> {
        let own = r.xml_namespace.as_ref();
        own.or_else(|| self.model.shapes.get(&r.shape).and_then(|t| t.xml_namespace.as_ref())).map(xml_namespace)
    }
}

/// botocore's `xmlNamespace` in the IR.
pub(super) fn xml_namespace(ns: &crate::model::botocore::XmlNamespace) -> XmlNamespace {
    use crate::model::botocore::XmlNamespace as B;
    match ns {
        B::Uri(uri) => XmlNamespace { prefix: None, uri: uri.clone() },
        B::Full { uri, prefix } => XmlNamespace { prefix: prefix.clone().filter(|p| !p.is_empty()), uri: uri.clone() },
    }
}

/// A string enum's values, duplicates dropped, with their variant names and documentation
/// (`docs`: in `values` order, or empty).
fn enum_values(values: &[String], docs: &[Option<String>]) -> Vec<EnumValue> {
    let mut seen = BTreeSet::new();
    let unique: Vec<(&String, Option<String>)> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| seen.insert(v.as_str()))
        .map(|(i, v)| (v, docs.get(i).cloned().flatten()))
        .collect();
    names::variant_names(unique.iter().map(|(v, _)| v.as_str()))
        .into_iter()
        .zip(unique)
        .map(|(rust_name, (value, docs))| EnumValue { value: value.clone(), rust_name, docs })
        .collect()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
