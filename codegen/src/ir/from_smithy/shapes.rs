//! Step 5: each data shape restated as a botocore shape, its traits in botocore's terms
//! (`@xmlName` → `locationName`, `@error` → `error`, enums → `enum`, restJson1's HTTP binding
//! traits → `location`/`locationName`/`payload`, `@jsonName` → `locationName`, `@streaming` →
//! `streaming` or `eventstream`, documents → `document` structures, ...), and the prelude
//! shapes that members target added beside them.

use super::resolve::Resolved;
use super::{name_part, Lowering};
use crate::error::ModelError;
use crate::ir::Protocol;
use crate::model::botocore::indexmap_like::OrderedMap;
use crate::model::botocore::{self as b};
use crate::model::smithy::{self as s, AstMember};
use serde_json::Value;
use std::collections::BTreeSet;

/// Smithy's prelude shapes, with their types.
const PRELUDE: &[(&str, &str)] = &[
    ("String", "string"),
    ("Blob", "blob"),
    ("Boolean", "boolean"),
    ("PrimitiveBoolean", "boolean"),
    ("Byte", "byte"),
    ("PrimitiveByte", "byte"),
    ("Short", "short"),
    ("PrimitiveShort", "short"),
    ("Integer", "integer"),
    ("PrimitiveInteger", "integer"),
    ("Long", "long"),
    ("PrimitiveLong", "long"),
    ("Float", "float"),
    ("PrimitiveFloat", "float"),
    ("Double", "double"),
    ("PrimitiveDouble", "double"),
    ("Timestamp", "timestamp"),
    ("BigInteger", "bigInteger"),
    ("BigDecimal", "bigDecimal"),
    ("Document", "document"),
];

/// The trait holding a shape's, member's or operation's documentation (HTML in AWS models).
pub(super) const DOCUMENTATION: &str = "smithy.api#documentation";

/// The unit type: an operation input or output that carries nothing.
pub(super) const UNIT: &str = "smithy.api#Unit";

const SIMPLE: &[&str] = &[
    "string",
    "blob",
    "boolean",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "timestamp",
    "bigInteger",
    "bigDecimal",
    "document",
    "enum",
    "intEnum",
];

impl Lowering<'_> {
    /// Step 5: every data shape, then the prelude shapes their members target, as
    /// `(botocore name, shape)` in name order.
    pub(super) fn data_shapes(&self) -> Result<Vec<(String, b::Shape)>, ModelError> {
        let mut cx = ShapeLowering { cx: self, prelude_used: BTreeSet::new(), replies: self.reply_only_structures() };
        let mut shapes = Vec::new();
        for (id, r) in &self.resolved {
            if matches!(r.kind.as_str(), "service" | "resource" | "operation") || self.is_mixin(id) {
                continue;
            }
            shapes.push((self.names[id].clone(), cx.shape(id, r)?));
        }
        for p in std::mem::take(&mut cx.prelude_used) {
            let kind = PRELUDE.iter().find(|(n, _)| *n == name_part(&p)).map(|(_, k)| *k).unwrap_or("string");
            shapes.push((self.prelude_name(&p), cx.shape(&p, &Resolved::bare(kind))?));
        }
        shapes.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(shapes)
    }

    /// The structures that are only ever read from replies: operations' outputs and errors that
    /// no operation takes as input. A label or query binding means nothing on their members.
    fn reply_only_structures(&self) -> BTreeSet<String> {
        let defs = self.defs;
        let target = |t: &Option<s::Target>| t.as_ref().map(|t| t.target.clone());
        let inputs: BTreeSet<String> = self.op_ids.iter().filter_map(|op| target(&defs[op].input)).collect();
        let outputs = self.op_ids.iter().filter_map(|op| target(&defs[op].output));
        let errors =
            self.resolved.iter().filter(|(_, r)| r.traits.get("smithy.api#error").is_some()).map(|(id, _)| id.clone());
        outputs.chain(errors).filter(|id| !inputs.contains(id)).collect()
    }

    /// `@timestampFormat` at `at`, as botocore's `timestampFormat`.
    fn timestamp_format(&self, at: &str, traits: &OrderedMap<Value>) -> Result<Option<String>, ModelError> {
        let f: Option<String> = self.trait_value(at, traits, "smithy.api#timestampFormat")?;
        f.map(|f| match f.as_str() {
            "date-time" => Ok("iso8601".to_string()),
            "epoch-seconds" => Ok("unixTimestamp".to_string()),
            "http-date" => Ok("rfc822".to_string()),
            other => Err(self.err(at, format!("unknown @timestampFormat {other:?}"))),
        })
        .transpose()
    }
}

/// Lowers data shapes, recording the prelude shapes their members target (so those are
/// emitted too).
struct ShapeLowering<'l, 'a> {
    cx: &'l Lowering<'a>,
    prelude_used: BTreeSet<String>,
    /// [`Lowering::reply_only_structures`].
    replies: BTreeSet<String>,
}

impl ShapeLowering<'_, '_> {
    fn err(&self, at: &str, message: impl Into<String>) -> ModelError {
        self.cx.err(at, message)
    }

    /// Shape `id` in botocore's terms.
    fn shape(&mut self, id: &str, r: &Resolved) -> Result<b::Shape, ModelError> {
        let cx = self.cx;
        let has = |t: &str| r.traits.get(t).is_some();
        let mut shape = b::Shape {
            kind: r.kind.clone(),
            members: None,
            required: vec![],
            member: None,
            key: None,
            value: None,
            enum_values: None,
            flattened: None,
            location_name: cx.trait_value(id, &r.traits, "smithy.api#xmlName")?,
            xml_namespace: cx
                .trait_value::<s::XmlNamespaceTrait>(id, &r.traits, "smithy.api#xmlNamespace")?
                .map(|x| x.to_botocore()),
            exception: false,
            error: None,
            fault: false,
            timestamp_format: None,
            sensitive: has("smithy.api#sensitive"),
            union: false,
            deprecated: has("smithy.api#deprecated"),
            result_wrapper: None,
            sparse: has("smithy.api#sparse"),
            // `@streaming` makes a blob a byte stream, and a union an event stream.
            streaming: has("smithy.api#streaming") && r.kind != "union",
            eventstream: has("smithy.api#streaming") && r.kind == "union",
            requires_length: has("smithy.api#requiresLength"),
            documentation: cx.trait_value(id, &r.traits, DOCUMENTATION)?,
            ..Default::default()
        };
        match r.kind.as_str() {
            "structure" | "union" => self.structure(id, r, &mut shape)?,
            "list" => {
                let m = r.member.as_ref().ok_or_else(|| self.err(id, "list without `member`"))?;
                shape.member = Some(self.member_ref(format!("{id}$member"), m)?.0);
            }
            "map" => {
                let (Some(k), Some(v)) = (&r.key, &r.value) else {
                    return Err(self.err(id, "map without `key` or `value`"));
                };
                let (key, kind) = self.member_ref(format!("{id}$key"), k)?;
                if !matches!(kind.as_str(), "string" | "enum") {
                    return Err(self.err(&format!("{id}$key"), format!("map key {:?} is not a string shape", k.target)));
                }
                shape.key = Some(key);
                shape.value = Some(self.member_ref(format!("{id}$value"), v)?.0);
            }
            "enum" => {
                shape.kind = "string".into();
                let mut values = Vec::new();
                for (n, m) in &r.members {
                    let at = format!("{id}${n}");
                    let v: Option<String> = cx.trait_value(&at, &m.traits, "smithy.api#enumValue")?;
                    values.push(v.unwrap_or_else(|| n.clone()));
                    shape.enum_docs.push(cx.trait_value(&at, &m.traits, DOCUMENTATION)?);
                }
                shape.enum_values = Some(values);
            }
            // The IR, like botocore, has no integer enums: an intEnum is its integer.
            "intEnum" => shape.kind = "integer".into(),
            "string" => {
                let defs: Option<Vec<s::EnumDefinition>> = cx.trait_value(id, &r.traits, "smithy.api#enum")?;
                if let Some(defs) = defs {
                    shape.enum_docs = defs.iter().map(|e| e.documentation.clone()).collect();
                    shape.enum_values = Some(defs.into_iter().map(|e| e.value).collect());
                }
            }
            // The query protocols send bytes and shorts as decimal integers, like `integer`.
            "byte" | "short" => shape.kind = "integer".into(),
            "timestamp" => shape.timestamp_format = cx.timestamp_format(id, &r.traits)?,
            "boolean" | "integer" | "long" | "float" | "double" | "blob" => {}
            // botocore writes a document as a structure marked `document`.
            "document" => {
                shape.kind = "structure".into();
                shape.document = true;
                shape.members = Some(OrderedMap::default());
            }
            "bigInteger" | "bigDecimal" => {
                return Err(self.err(
                    id,
                    format!("{} shapes are not supported (the IR has no arbitrary-precision numbers)", r.kind),
                ))
            }
            other => {
                let known = SIMPLE.join(", ");
                return Err(self
                    .err(id, format!("unknown shape type {other:?} (expected structure, union, list, map, {known})")));
            }
        }
        Ok(shape)
    }

    /// A structure's or union's members and required list, and its `@error` traits.
    fn structure(&mut self, id: &str, r: &Resolved, shape: &mut b::Shape) -> Result<(), ModelError> {
        shape.kind = "structure".into();
        shape.union = r.kind == "union";
        let cx = self.cx;
        let mut members = Vec::new();
        for (n, m) in &r.members {
            let (sr, _) = self.member_ref(format!("{id}${n}"), m)?;
            if m.traits.get("smithy.api#required").is_some() {
                shape.required.push(n.clone());
            }
            if cx.protocol.has_http_bindings() && m.traits.get("smithy.api#httpPayload").is_some() {
                if let Some(other) = &shape.payload {
                    return Err(
                        self.err(&format!("{id}${n}"), format!("a second @httpPayload (the first is {other:?})"))
                    );
                }
                shape.payload = Some(n.clone());
            }
            members.push((n.clone(), sr));
        }
        shape.members = Some(OrderedMap::from(members));
        if let Some(kind) = cx.trait_value::<String>(id, &r.traits, "smithy.api#error")? {
            let sender_fault = match kind.as_str() {
                "client" => true,
                "server" => false,
                other => return Err(self.err(id, format!("@error must be \"client\" or \"server\", not {other:?}"))),
            };
            let query: Option<s::AwsQueryErrorTrait> = cx.trait_value(id, &r.traits, "aws.protocols#awsQueryError")?;
            let http: Option<u16> = cx.trait_value(id, &r.traits, "smithy.api#httpError")?;
            shape.exception = true;
            shape.fault = !sender_fault;
            shape.retryable = cx.trait_value(id, &r.traits, "smithy.api#retryable")?;
            // The query protocols answer with awsQueryError's status; the JSON protocols (even
            // query-compatible ones) with @httpError's.
            let query_status = query.as_ref().map(|q| q.http_response_code);
            let status = if cx.protocol.is_json_like() { http.or(query_status) } else { query_status.or(http) };
            shape.error = Some(b::ErrorTrait {
                http_status_code: Some(status.unwrap_or(if sender_fault { 400 } else { 500 })),
                code: query.map(|q| q.code),
                sender_fault: Some(sender_fault),
            });
        }
        Ok(())
    }

    /// Member `m` (at `at`) as a botocore member, with its target's kind.
    fn member_ref(&mut self, at: String, m: &AstMember) -> Result<(b::ShapeRef, String), ModelError> {
        let (shape, kind) = self.target(&at, m)?;
        let cx = self.cx;
        let t = |n: &str| m.traits.get(n).is_some();
        let WireBinding { location, location_name, jsonvalue } = match cx.protocol {
            Protocol::Query | Protocol::Ec2 => WireBinding {
                location_name: cx.trait_value(&at, &m.traits, "smithy.api#xmlName")?,
                ..Default::default()
            },
            // awsJson ignores @jsonName and the HTTP binding traits.
            // So does RPC v2 CBOR.
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RpcV2Cbor => WireBinding::default(),
            Protocol::RestJson1 | Protocol::RestXml => self.http_binding(&at, m)?,
        };
        let xml_namespace: Option<s::XmlNamespaceTrait> = match cx.protocol {
            Protocol::RestXml => cx.trait_value(&at, &m.traits, "smithy.api#xmlNamespace")?,
            _ => None,
        };
        let member = b::ShapeRef {
            shape,
            location_name,
            query_name: cx.trait_value(&at, &m.traits, "aws.protocols#ec2QueryName")?,
            result_wrapper: None,
            flattened: t("smithy.api#xmlFlattened").then_some(true),
            xml_attribute: t("smithy.api#xmlAttribute").then_some(true),
            xml_namespace: xml_namespace.map(|x| x.to_botocore()),
            timestamp_format: cx.timestamp_format(&at, &m.traits)?,
            idempotency_token: t("smithy.api#idempotencyToken").then_some(true),
            deprecated: t("smithy.api#deprecated").then_some(true),
            location: location.map(String::from),
            host_label: t("smithy.api#hostLabel").then_some(true),
            context_param: cx.trait_value(&at, &m.traits, "smithy.rules#contextParam")?,
            jsonvalue,
            eventpayload: None,
            // Smithy puts @streaming on the target shape, which the botocore shape carries.
            streaming: None,
            documentation: cx.trait_value(&at, &m.traits, DOCUMENTATION)?,
        };
        Ok((member, kind))
    }

    /// A restJson1 member's HTTP binding in botocore's terms: `location`, `locationName` (the
    /// header, query parameter or prefix; for a body member, `@jsonName`), and `jsonvalue` for a
    /// header whose string shape has a JSON `@mediaType`.
    fn http_binding(&self, at: &str, m: &AstMember) -> Result<WireBinding, ModelError> {
        let cx = self.cx;
        let name = |id: &str| cx.trait_value::<String>(at, &m.traits, id);
        // Smithy ignores request-line bindings on a reply's members: they are body members.
        let owner = at.split_once('$').map(|(o, _)| o).unwrap_or(at);
        let in_request = !self.replies.contains(owner);
        let bound = |location: &'static str, location_name: Option<String>| WireBinding {
            location: Some(location),
            location_name,
            jsonvalue: None,
        };
        if in_request && m.traits.get("smithy.api#httpLabel").is_some() {
            // A label names its member (`{Name}`); botocore writes the name as `locationName`.
            return Ok(bound("uri", Some(at.rsplit_once('$').map(|(_, m)| m).unwrap_or(at).to_string())));
        }
        if let Some(q) = name("smithy.api#httpQuery")?.filter(|_| in_request) {
            return Ok(bound("querystring", Some(q)));
        }
        if in_request && m.traits.get("smithy.api#httpQueryParams").is_some() {
            return Ok(bound("querystring", None));
        }
        if let Some(h) = name("smithy.api#httpHeader")? {
            let media: Option<String> = match cx.resolved.get(&m.target) {
                Some(t) => cx.trait_value(&m.target, &t.traits, "smithy.api#mediaType")?,
                None => None,
            };
            let json = media.is_some_and(|t| is_json_media_type(&t));
            return Ok(WireBinding { jsonvalue: json.then_some(true), ..bound("header", Some(h)) });
        }
        if let Some(p) = name("smithy.api#httpPrefixHeaders")? {
            return Ok(bound("headers", Some(p)));
        }
        if m.traits.get("smithy.api#httpResponseCode").is_some() {
            return Ok(bound("statusCode", None));
        }
        // A body member's name: `@jsonName` in restJson1, `@xmlName` in restXml.
        let body_name = if cx.protocol == Protocol::RestXml { "smithy.api#xmlName" } else { "smithy.api#jsonName" };
        Ok(WireBinding { location_name: name(body_name)?, ..Default::default() })
    }

    /// A member's target: a model shape, or a prelude shape (recorded so it is emitted), as
    /// its botocore name and its kind.
    fn target(&mut self, at: &str, m: &AstMember) -> Result<(String, String), ModelError> {
        let cx = self.cx;
        if let Some(t) = cx.resolved.get(&m.target) {
            if matches!(t.kind.as_str(), "service" | "resource" | "operation") || cx.is_mixin(&m.target) {
                return Err(self.err(at, format!("target {:?} is a {}, not a data shape", m.target, t.kind)));
            }
            return Ok((cx.names[&m.target].clone(), t.kind.clone()));
        }
        if m.target == UNIT {
            return Err(
                self.err(at, format!("target {UNIT:?} carries no value; members that hold none are not supported"))
            );
        }
        if let Some(p) = m.target.strip_prefix("smithy.api#") {
            if let Some((_, kind)) = PRELUDE.iter().find(|(n, _)| *n == p) {
                self.prelude_used.insert(m.target.clone());
                return Ok((cx.prelude_name(&m.target), kind.to_string()));
            }
        }
        Err(self.err(at, format!("target {:?} not found", m.target)))
    }
}

/// Where a member goes, in botocore's terms.
#[derive(Default)]
struct WireBinding {
    /// `uri`, `querystring`, `header`, `headers`, `statusCode`; `None`: the body.
    location: Option<&'static str>,
    /// The label, query parameter, header or prefix; for a body member, its key.
    location_name: Option<String>,
    /// A header holding base64-encoded JSON.
    jsonvalue: Option<bool>,
}

/// `application/json`, or a `+json` type (`application/vnd.foo+json`), parameters aside.
fn is_json_media_type(t: &str) -> bool {
    let essence = t.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}
