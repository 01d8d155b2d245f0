//! Lowers a botocore [`ServiceModel`] into the IR: validates every reference (naming the file
//! and JSON path of the first problem), synthesizes each operation's `{Op}Input` and
//! `{Op}Output`, decides names, marks recursion, and computes which shapes need serializers
//! (reachable from inputs) and deserializers (reachable from outputs and errors).

use super::*;
use crate::error::ModelError;
use crate::model::botocore::{Operation as BOperation, ServiceModel, Shape as BShape, ShapeRef};
use crate::names::{self, Namespace};
use std::collections::{BTreeSet, HashMap};

/// How deeply lists and maps may nest directly inside one another (`Vec<Vec<..>>`, a map of
/// lists, ...) with no structure between. Each level is one recursion in the emitter and in
/// syn and prettyplease when the generated type is formatted, and 1,000 levels overflow their
/// stacks; AWS models nest two or three levels, so 32 leaves room while keeping every such
/// recursion shallow.
pub const MAX_TYPE_NESTING: usize = 32;

/// Methods of the generated `Client` that an operation name must not take.
const CLIENT_METHODS: &[&str] = &["new", "from_env", "from_conf", "config", "call", "clone", "fmt", "core"];

/// Builds the IR from a parsed botocore model. `file` names the model in errors.
pub fn from_botocore(file: &str, model: &ServiceModel) -> Result<Service, ModelError> {
    let err = |path: String, msg: String| ModelError::new(file, path, msg);
    let protocol = match model.metadata.protocol.as_str() {
        "query" => Protocol::Query,
        "ec2" => Protocol::Ec2,
        other => {
            return Err(err(
                "metadata.protocol".into(),
                format!("unsupported protocol {other:?} (supported: query, ec2)"),
            ))
        }
    };

    // 1. Validate shapes: kinds, required parts, references, formats.
    for (name, shape) in model.shapes.iter() {
        validate_shape(model, name, shape).map_err(|(p, m)| err(p, m))?;
    }

    check_nesting(model).map_err(|(p, m)| err(p, m))?;

    // 2. Validate operations.
    for (name, op) in model.operations.iter() {
        let base = format!("operations.{name}");
        for (what, r) in [("input", &op.input), ("output", &op.output)] {
            if let Some(r) = r {
                match model.shapes.get(&r.shape) {
                    None => return Err(err(format!("{base}.{what}.shape"), format!("no shape named {:?}", r.shape))),
                    Some(s) if s.kind != "structure" => {
                        return Err(err(
                            format!("{base}.{what}.shape"),
                            format!("{:?} is a {}, expected a structure", r.shape, s.kind),
                        ))
                    }
                    _ => {}
                }
            }
        }
        for (i, e) in op.errors.iter().enumerate() {
            match model.shapes.get(&e.shape) {
                None => return Err(err(format!("{base}.errors[{i}].shape"), format!("no shape named {:?}", e.shape))),
                Some(s) if s.kind != "structure" => {
                    return Err(err(
                        format!("{base}.errors[{i}].shape"),
                        format!("{:?} is a {}, expected an exception structure", e.shape, s.kind),
                    ))
                }
                _ => {}
            }
        }
    }

    // 3. Names of operation-level types first (they are what users type most), then errors,
    //    then the remaining named shapes in name order, so renames are stable.
    let mut types = Namespace::with_reserved(names::RESERVED_TYPES);
    let mut methods = Namespace::with_reserved(CLIENT_METHODS);
    struct OpNames {
        input: String,
        output: String,
        error: String,
        input_builder: String,
        fluent: String,
        method: String,
        module: String,
    }
    let mut op_names = Vec::new();
    for (name, _) in model.operations.iter() {
        let camel = names::camel(name);
        let plain = methods.claim(&names::snake(name), "_");
        op_names.push(OpNames {
            input: types.claim_type(&format!("{camel}Input")),
            output: types.claim_type(&format!("{camel}Output")),
            error: types.claim_type(&format!("{camel}Error")),
            input_builder: types.claim_type(&format!("{camel}InputBuilder")),
            fluent: types.claim_type(&format!("{camel}FluentBuilder")),
            method: names::escape_ident(&plain),
            module: names::module_name(&plain),
        });
    }

    let exceptions: BTreeSet<&String> =
        model.shapes.iter().filter(|(_, s)| s.exception || s.error.is_some() || s.fault).map(|(n, _)| n).collect();
    // Error shapes referenced by operations are exceptions even without the marker.
    let mut error_ids: BTreeSet<String> = exceptions.iter().map(|s| s.to_string()).collect();
    for (_, op) in model.operations.iter() {
        for e in &op.errors {
            error_ids.insert(e.shape.clone());
        }
    }

    // 4. Reachability: which shapes need serializers and deserializers.
    let mut in_input = BTreeSet::new();
    let mut in_output = BTreeSet::new();
    for (_, op) in model.operations.iter() {
        if let Some(i) = &op.input {
            for (_, m) in members_of(model, &i.shape) {
                reach(model, &m.shape, &mut in_input);
            }
        }
        if let Some(o) = &op.output {
            for (_, m) in members_of(model, &o.shape) {
                reach(model, &m.shape, &mut in_output);
            }
        }
        for e in &op.errors {
            reach(model, &e.shape, &mut in_output);
        }
    }
    for e in &error_ids {
        reach(model, e, &mut in_output);
    }

    let mut shapes = BTreeMap::new();
    let mut type_name = HashMap::new();
    for id in error_ids.iter() {
        type_name.insert(id.clone(), types.claim_type(&names::camel(id)));
    }
    for (name, s) in model.shapes.iter() {
        let named = s.kind == "structure" || (s.kind == "string" && s.enum_values.is_some());
        let used = in_input.contains(name) || in_output.contains(name);
        if named && used && !type_name.contains_key(name) {
            type_name.insert(name.clone(), types.claim_type(&names::camel(name)));
        }
    }

    // 5. Shapes.
    for (name, s) in model.shapes.iter() {
        let used = in_input.contains(name) || in_output.contains(name) || error_ids.contains(name);
        if !used {
            continue;
        }
        let is_error = error_ids.contains(name);
        let location = if is_error {
            Location::Error
        } else if type_name.contains_key(name) {
            Location::Types
        } else {
            Location::Inline
        };
        let kind = lower_kind(model, protocol, name, s, is_error, false, &[])?;
        shapes.insert(
            name.clone(),
            Shape {
                id: name.clone(),
                rust_name: type_name.get(name).cloned().unwrap_or_default(),
                location,
                kind,
                sensitive: s.sensitive,
                in_input: in_input.contains(name),
                in_output: in_output.contains(name) || is_error,
                helper: String::new(),
            },
        );
    }

    // 6. Operations, with their synthesized input and output structures.
    let mut operations = Vec::new();
    for ((name, op), n) in model.operations.iter().zip(op_names) {
        let module = n.module.clone();
        let input_id = format!("{name}$Input");
        let output_id = format!("{name}$Output");
        let input_kind = match &op.input {
            Some(r) => lower_kind(model, protocol, &r.shape, shape_of(model, file, &r.shape)?, false, true, &[])?,
            None => ShapeKind::Structure(Structure { members: vec![], error: None, required_is_plain: true }),
        };
        let output_kind = match &op.output {
            Some(r) => {
                lower_kind(model, protocol, &r.shape, shape_of(model, file, &r.shape)?, false, false, &["request_id"])?
            }
            None => ShapeKind::Structure(Structure { members: vec![], error: None, required_is_plain: false }),
        };
        shapes.insert(
            input_id.clone(),
            Shape {
                id: input_id.clone(),
                rust_name: n.input,
                location: Location::Operation(module.clone()),
                kind: input_kind,
                sensitive: false,
                in_input: true,
                in_output: false,
                helper: String::new(),
            },
        );
        shapes.insert(
            output_id.clone(),
            Shape {
                id: output_id.clone(),
                rust_name: n.output,
                location: Location::Operation(module.clone()),
                kind: output_kind,
                sensitive: false,
                in_input: false,
                in_output: true,
                helper: String::new(),
            },
        );
        let output_shape = op.output.as_ref().and_then(|o| model.shapes.get(&o.shape));
        let result_wrapper = op.output.as_ref().and_then(|o| {
            o.result_wrapper
                .clone()
                .or_else(|| output_shape.and_then(|s| s.result_wrapper.clone()))
                // awsQuery always wraps the output members in `<{Op}Result>`; models converted
                // from Smithy leave it implicit.
                .or_else(|| (protocol == Protocol::Query).then(|| format!("{name}Result")))
        });
        let host_prefix = match &op.endpoint {
            Some(e) => Some(
                host_prefix(model, op, &e.host_prefix)
                    .map_err(|m| ModelError::new(file, format!("operations.{name}.endpoint.hostPrefix"), m))?,
            ),
            None => None,
        };
        operations.push(Operation {
            name: name.clone(),
            rust_name: n.method,
            module: n.module,
            fluent_builder: n.fluent,
            input_builder: n.input_builder,
            error_name: n.error,
            input: input_id,
            output: output_id,
            result_wrapper,
            host_prefix,
            request_compression: op.requestcompression.as_ref().map(|c| c.encodings.clone()).unwrap_or_default(),
            // Name order: the order a model lists errors in carries no meaning (Smithy's JSON
            // AST sorts them, botocore keeps AWS's authoring order), so generated code must not
            // depend on it.
            errors: op.errors.iter().map(|e| e.shape.clone()).collect::<BTreeSet<_>>().into_iter().collect(),
            deprecated: op.deprecated,
        });
    }

    mark_recursion(&mut shapes);
    name_helpers(&mut shapes);

    let service_id = model.metadata.service_id.clone().unwrap_or_else(|| model.metadata.service_full_name.clone());
    Ok(Service {
        env_suffix: service_id.to_uppercase().replace([' ', '-'], "_"),
        service_id,
        full_name: model.metadata.service_full_name.clone(),
        api_version: model.metadata.api_version.clone(),
        endpoint_prefix: model.metadata.endpoint_prefix.clone(),
        signing_name: model.metadata.signing_name.clone().unwrap_or_else(|| model.metadata.endpoint_prefix.clone()),
        uid: model.metadata.uid.clone(),
        protocol,
        operations,
        shapes,
        errors: error_ids.into_iter().collect(),
        endpoint_rules: None,
        paginators: Vec::new(),
        waiters: Vec::new(),
    })
}

fn shape_of<'a>(model: &'a ServiceModel, file: &str, name: &str) -> Result<&'a BShape, ModelError> {
    model.shapes.get(name).ok_or_else(|| ModelError::new(file, "shapes", format!("no shape named {name:?}")))
}

fn members_of<'a>(model: &'a ServiceModel, name: &str) -> Vec<(&'a String, &'a ShapeRef)> {
    model.shapes.get(name).and_then(|s| s.members.as_ref()).map(|m| m.iter().collect()).unwrap_or_default()
}

/// Adds `name` and every shape it reaches to `seen` (a loop, not recursion: a chain of
/// thousands of structures is a valid model).
fn reach(model: &ServiceModel, name: &str, seen: &mut BTreeSet<String>) {
    let mut stack = vec![name];
    while let Some(name) = stack.pop() {
        if !seen.insert(name.to_string()) {
            continue;
        }
        let Some(s) = model.shapes.get(name) else { continue };
        if let Some(members) = &s.members {
            stack.extend(members.iter().map(|(_, m)| m.shape.as_str()));
        }
        stack.extend([&s.member, &s.key, &s.value].into_iter().flatten().map(|r| r.shape.as_str()));
    }
}

/// Rejects lists and maps that contain themselves with no structure between (`L` a list of
/// `L`, or `A` a list of `B` a map of `A`): such a type would be infinite, since only a
/// structure member can be boxed. Also rejects nesting deeper than [`MAX_TYPE_NESTING`].
///
/// Each list or map has at most one list or map directly inside it (its element or value), so
/// the shapes form chains: walking each chain once, and remembering the depth of every shape
/// on it, makes this linear.
fn check_nesting(model: &ServiceModel) -> Result<(), (String, String)> {
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
                return Err((
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
                return Err((
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

fn validate_shape(model: &ServiceModel, name: &str, s: &BShape) -> Result<(), (String, String)> {
    let base = format!("shapes.{name}");
    if !KINDS.contains(&s.kind.as_str()) {
        return Err((
            format!("{base}.type"),
            format!("unknown type {:?} (expected one of {})", s.kind, KINDS.join(", ")),
        ));
    }
    // Only structures can be errors: the emitter writes every exception as a struct.
    let marker = [("exception", s.exception), ("error", s.error.is_some()), ("fault", s.fault)];
    if let Some((key, _)) = marker.iter().find(|(_, set)| *set).filter(|_| s.kind != "structure") {
        return Err((
            format!("{base}.{key}"),
            format!("a shape of type {:?} cannot be an exception: only structures can", s.kind),
        ));
    }
    let check_ref = |path: String, r: &ShapeRef| -> Result<(), (String, String)> {
        if model.shapes.get(&r.shape).is_none() {
            return Err((format!("{path}.shape"), format!("no shape named {:?}", r.shape)));
        }
        if let Some(f) = &r.timestamp_format {
            timestamp_format(f)
                .ok_or_else(|| (format!("{path}.timestampFormat"), format!("unknown timestamp format {f:?}")))?;
        }
        Ok(())
    };
    match s.kind.as_str() {
        "structure" => {
            let members =
                s.members.as_ref().ok_or_else(|| (base.clone(), "structure without `members`".to_string()))?;
            for (m, r) in members.iter() {
                check_ref(format!("{base}.members.{m}"), r)?;
            }
            for (i, req) in s.required.iter().enumerate() {
                if members.get(req).is_none() {
                    return Err((format!("{base}.required[{i}]"), format!("required member {req:?} is not a member")));
                }
            }
        }
        "list" => {
            let m = s.member.as_ref().ok_or_else(|| (base.clone(), "list without `member`".to_string()))?;
            check_ref(format!("{base}.member"), m)?;
        }
        "map" => {
            let k = s.key.as_ref().ok_or_else(|| (base.clone(), "map without `key`".to_string()))?;
            let v = s.value.as_ref().ok_or_else(|| (base.clone(), "map without `value`".to_string()))?;
            check_ref(format!("{base}.key"), k)?;
            check_ref(format!("{base}.value"), v)?;
            if model.shapes.get(&k.shape).map(|k| k.kind.as_str()) != Some("string") {
                return Err((format!("{base}.key.shape"), format!("map key {:?} is not a string shape", k.shape)));
            }
        }
        "timestamp" => {
            if let Some(f) = &s.timestamp_format {
                timestamp_format(f)
                    .ok_or_else(|| (format!("{base}.timestampFormat"), format!("unknown timestamp format {f:?}")))?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn timestamp_format(f: &str) -> Option<TimestampFormat> {
    match f {
        "iso8601" => Some(TimestampFormat::Iso8601),
        "unixTimestamp" => Some(TimestampFormat::EpochSeconds),
        "rfc822" => Some(TimestampFormat::HttpDate),
        _ => None,
    }
}

fn lower_kind(
    model: &ServiceModel,
    protocol: Protocol,
    name: &str,
    s: &BShape,
    is_error: bool,
    required_is_plain: bool,
    reserved_fields: &[&str],
) -> Result<ShapeKind, ModelError> {
    let get = |n: &str| model.shapes.get(n);
    Ok(match s.kind.as_str() {
        "structure" => {
            let all: Vec<(&String, &ShapeRef)> = s.members.as_ref().map(|m| m.iter().collect()).unwrap_or_default();
            // An exception's message lives in its error metadata, not in a field.
            let kept: Vec<(&String, &ShapeRef)> =
                all.into_iter().filter(|(n, _)| !(is_error && n.eq_ignore_ascii_case("message"))).collect();
            let mut reserved = reserved_fields.to_vec();
            if is_error {
                reserved.push("meta");
            }
            let fields = if required_is_plain {
                // Operation inputs get builders: each member's setter, `set_` and `get_` methods
                // share the builder's namespace with its own methods.
                reserved.extend(names::BUILDER_METHODS);
                names::builder_field_names(kept.iter().map(|(n, _)| n.as_str()), &reserved)
            } else {
                names::field_names(kept.iter().map(|(n, _)| n.as_str()), &reserved)
            };
            let members = kept
                .iter()
                .zip(fields)
                .map(|((mname, r), (rust_name, plain_name))| {
                    let target = get(&r.shape);
                    let member_flat = r.flattened.unwrap_or(false);
                    let shape_flat = target.and_then(|t| t.flattened).unwrap_or(false);
                    let flattened = member_flat || shape_flat;
                    let list_elem_name = target
                        .filter(|t| t.kind == "list")
                        .and_then(|t| t.member.as_ref())
                        .and_then(|m| m.location_name.clone());
                    let base_name = r.location_name.clone().unwrap_or_else(|| mname.to_string());
                    // A list flattened at its shape (botocore's models) repeats its element's
                    // name in place of the member's; flattened at the member (Smithy's
                    // `xmlFlattened`), it repeats the member's own name.
                    let xml_name = match (&list_elem_name, shape_flat && !member_flat) {
                        (Some(elem), true) => elem.clone(),
                        _ => base_name.clone(),
                    };
                    let query_name = match protocol {
                        Protocol::Query => xml_name.clone(),
                        // ec2 keys: `queryName` as written, else the `locationName` or member
                        // name with its first letter upper-cased.
                        Protocol::Ec2 => r.query_name.clone().unwrap_or_else(|| capitalize(&base_name)),
                    };
                    let ts = r
                        .timestamp_format
                        .as_deref()
                        .or(target.and_then(|t| t.timestamp_format.as_deref()))
                        .and_then(timestamp_format)
                        .unwrap_or(TimestampFormat::Iso8601);
                    Member {
                        name: mname.to_string(),
                        rust_name,
                        plain_name,
                        target: r.shape.clone(),
                        query_name,
                        xml_name,
                        location_name: r.location_name.clone(),
                        required: s.required.iter().any(|q| q == *mname),
                        flattened,
                        xml_attribute: r.xml_attribute.unwrap_or(false),
                        timestamp_format: ts,
                        boxed: false,
                        idempotency_token: r.idempotency_token.unwrap_or(false),
                        deprecated: r.deprecated.unwrap_or(false),
                    }
                })
                .collect();
            let error = if is_error {
                let e = s.error.as_ref();
                let message_member = s
                    .members
                    .as_ref()
                    .and_then(|m| m.iter().find(|(n, _)| n.eq_ignore_ascii_case("message")).map(|(n, _)| n.clone()));
                Some(ErrorInfo {
                    message_member,
                    code: e.and_then(|e| e.code.clone()).unwrap_or_else(|| name.to_string()),
                    http_status: e.and_then(|e| e.http_status_code).unwrap_or(400),
                    sender_fault: e.and_then(|e| e.sender_fault).unwrap_or(!s.fault),
                })
            } else {
                None
            };
            ShapeKind::Structure(Structure { members, error, required_is_plain })
        }
        "list" => {
            let m = s
                .member
                .as_ref()
                .ok_or_else(|| ModelError::new("", format!("shapes.{name}"), "list without `member`"))?;
            ShapeKind::List(List {
                member: m.shape.clone(),
                member_location_name: m.location_name.clone(),
                member_query_name: m.query_name.clone(),
                flattened: s.flattened.unwrap_or(false),
            })
        }
        "map" => {
            let (Some(k), Some(v)) = (&s.key, &s.value) else {
                return Err(ModelError::new("", format!("shapes.{name}"), "map without `key` or `value`"));
            };
            ShapeKind::Map(Map {
                key: k.shape.clone(),
                value: v.shape.clone(),
                key_name: k.location_name.clone().unwrap_or_else(|| "key".into()),
                value_name: v.location_name.clone().unwrap_or_else(|| "value".into()),
                flattened: s.flattened.unwrap_or(false),
            })
        }
        // botocore's `character` is a one-character string.
        "character" => ShapeKind::String(None),
        "string" => ShapeKind::String(s.enum_values.as_ref().map(|values| {
            let mut seen = BTreeSet::new();
            let unique: Vec<&String> = values.iter().filter(|v| seen.insert(v.as_str())).collect();
            names::variant_names(unique.iter().map(|v| v.as_str()))
                .into_iter()
                .zip(unique)
                .map(|(rust_name, value)| EnumValue { value: value.clone(), rust_name })
                .collect()
        })),
        "boolean" => ShapeKind::Boolean,
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "timestamp" => ShapeKind::Timestamp(s.timestamp_format.as_deref().and_then(timestamp_format)),
        "blob" => ShapeKind::Blob,
        other => return Err(ModelError::new("", format!("shapes.{name}.type"), format!("unknown type {other:?}"))),
    })
}

/// Splits an endpoint trait's `hostPrefix` into literal text and `{Member}` labels, checking
/// that each label names a string member of the input marked `hostLabel`.
fn host_prefix(model: &ServiceModel, op: &BOperation, text: &str) -> Result<Vec<HostPrefixPart>, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(HostPrefixPart::Literal(rest[..open].to_string()));
        }
        let close = rest[open..].find('}').ok_or_else(|| format!("unclosed `{{` in {text:?}"))? + open;
        let label = &rest[open + 1..close];
        let member = op
            .input
            .as_ref()
            .and_then(|i| model.shapes.get(&i.shape))
            .and_then(|s| s.members.as_ref())
            .and_then(|m| m.get(label))
            .ok_or_else(|| format!("label {{{label}}} is not a member of the operation's input"))?;
        if member.host_label != Some(true) {
            return Err(format!("label {{{label}}} names a member that is not marked `hostLabel`"));
        }
        if model.shapes.get(&member.shape).map(|s| s.kind.as_str()) != Some("string") {
            return Err(format!("label {{{label}}} names a member that is not a string"));
        }
        parts.push(HostPrefixPart::Label(label.to_string()));
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unmatched `}}` in {text:?}"));
    }
    if !rest.is_empty() {
        parts.push(HostPrefixPart::Literal(rest.to_string()));
    }
    Ok(parts)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Boxes every member whose target structure can reach back to the member's own structure
/// through structure members alone (lists and maps already allocate): exactly the members
/// whose two ends are in the same strongly connected component of the structure graph, found
/// in linear time (Tarjan's algorithm, iterative so that long chains cannot overflow the stack).
fn mark_recursion(shapes: &mut BTreeMap<ShapeId, Shape>) {
    let ids: Vec<&ShapeId> = shapes.keys().collect();
    let index_of: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = ids
        .iter()
        .map(|id| match &shapes[*id].kind {
            ShapeKind::Structure(st) => st
                .members
                .iter()
                .filter(|m| matches!(shapes.get(&m.target).map(|t| &t.kind), Some(ShapeKind::Structure(_))))
                .filter_map(|m| index_of.get(m.target.as_str()).copied())
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let mut to_box = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if let ShapeKind::Structure(st) = &shapes[*id].kind {
            for (k, m) in st.members.iter().enumerate() {
                let target = index_of.get(m.target.as_str()).copied();
                let is_structure = matches!(shapes.get(&m.target).map(|t| &t.kind), Some(ShapeKind::Structure(_)));
                if is_structure && target.is_some_and(|t| component[t] == component[i]) {
                    to_box.push(((*id).clone(), k));
                }
            }
        }
    }
    for (id, k) in to_box {
        if let Some(Shape { kind: ShapeKind::Structure(st), .. }) = shapes.get_mut(&id) {
            st.members[k].boxed = true;
        }
    }
}

/// The strongly connected component of each node of a graph given as adjacency lists
/// (Tarjan's algorithm with an explicit stack): `result[a] == result[b]` when each reaches
/// the other.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = frames.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    frames.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Decides every shape's helper base ([`names::helper_bases`]), claiming only the helpers the
/// shape can have: serializers when it is reachable from an input, deserializers when from an
/// output, `de_error_*` for exceptions.
fn name_helpers(shapes: &mut BTreeMap<ShapeId, Shape>) {
    use names::Helper;
    let wanted: Vec<(&str, Vec<Helper>)> = shapes
        .iter()
        .map(|(id, s)| {
            let (ser, de): (&[Helper], &[Helper]) = match &s.kind {
                ShapeKind::Structure(st) if st.error.is_some() => (&[Helper::Ser], &[Helper::De, Helper::DeError]),
                ShapeKind::Structure(_) => (&[Helper::Ser], &[Helper::De]),
                ShapeKind::List(_) => (&[Helper::Ser, Helper::SerFlat], &[Helper::DeList]),
                ShapeKind::Map(_) => (&[Helper::Ser, Helper::SerFlat], &[Helper::DeMap, Helper::DeEntry]),
                _ => (&[], &[]),
            };
            let mut helpers = Vec::new();
            if s.in_input {
                helpers.extend_from_slice(ser);
            }
            if s.in_output {
                helpers.extend_from_slice(de);
            }
            (id.as_str(), helpers)
        })
        .collect();
    let bases = names::helper_bases(wanted);
    for (s, base) in shapes.values_mut().zip(bases) {
        s.helper = base;
    }
}
