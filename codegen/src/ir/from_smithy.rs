//! Lowers a Smithy JSON AST ([`SmithyModel`]) into the IR.
//!
//! The Smithy-specific work happens here: `apply` entries and mixins are resolved, every
//! reference is checked (errors name the shape id, and `$member`), traits are read, and the
//! service is restated in the botocore model's terms (`model::botocore::ServiceModel`) — the
//! same translation AWS applies when it publishes botocore models from Smithy. That value then
//! goes through [`from_botocore`], the one lowering that decides names, synthesizes operation
//! inputs and outputs, boxes recursion and computes reachability, so both front ends produce
//! the same IR by construction.
//!
//! The traits that describe paginators, waiters and endpoint rules are returned beside the IR
//! ([`SmithyService`]), typed, for the parts of the generator that consume them.

use super::*;
use crate::error::ModelError;
use crate::model::botocore::indexmap_like::OrderedMap;
use crate::model::botocore::{self as b};
use crate::model::smithy::{self as s, trait_value, AstMember, AstShape, SmithyModel};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// A Smithy service lowered: the IR, plus the facts the IR does not hold (yet).
#[derive(Debug, Clone)]
pub struct SmithyService {
    /// The service, as every emitter reads it.
    pub service: Service,
    /// `@paginated` operations, in operation order, with the service's defaults merged in.
    pub paginators: Vec<Paginator>,
    /// `smithy.waiters#waitable` waiters, in operation order then model order.
    pub waiters: Vec<Waiter>,
    /// The `smithy.rules#endpointRuleSet` document as JSON text: the same document botocore
    /// ships as `endpoint-rule-set-1.json`, so a rule-set loader reads either.
    pub endpoint_rule_set: Option<String>,
}

/// One paginated operation (botocore's `paginators-1.json` entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator {
    /// The operation name.
    pub operation: String,
    /// The input member that takes the token (`Marker`).
    pub input_token: String,
    /// The output path of the next token (`Marker`).
    pub output_token: String,
    /// The output path of the items (`CacheClusters`), when modeled.
    pub items: Option<String>,
    /// The input member that limits the page size (`MaxRecords`), when modeled.
    pub page_size: Option<String>,
}

/// One waiter (botocore's `waiters-2.json` entry).
#[derive(Debug, Clone)]
pub struct Waiter {
    /// `CacheClusterAvailable`.
    pub name: String,
    /// The operation it polls.
    pub operation: String,
    /// Seconds before the first retry (Smithy's default: 2).
    pub min_delay: u32,
    /// Longest back-off in seconds (Smithy's default: 120).
    pub max_delay: u32,
    /// Acceptors, tried in order.
    pub acceptors: Vec<s::AcceptorDef>,
}

/// Smithy's prelude shapes that the query protocols can carry, with their types.
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

const UNIT: &str = "smithy.api#Unit";

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

/// A shape with mixins and `apply` resolved.
#[derive(Debug, Clone)]
struct Resolved {
    kind: String,
    traits: OrderedMap<Value>,
    members: Vec<(String, AstMember)>,
    member: Option<AstMember>,
    key: Option<AstMember>,
    value: Option<AstMember>,
}

/// Builds the IR (and the paginator, waiter and endpoint facts) from a parsed Smithy model.
/// `file` names the model in errors.
pub fn from_smithy(file: &str, model: &SmithyModel) -> Result<SmithyService, ModelError> {
    let err = |at: &str, msg: String| ModelError::new(file, at, msg);
    if !(model.smithy.starts_with("2") || model.smithy.starts_with("1")) {
        return Err(err("smithy", format!("unsupported Smithy version {:?} (expected 2.0)", model.smithy)));
    }

    // 1. Shapes and `apply` entries.
    let mut defs: BTreeMap<String, AstShape> = BTreeMap::new();
    let mut applies = Vec::new();
    for (id, shape) in model.shapes.iter() {
        if !id.contains('#') {
            return Err(err(id, "not an absolute shape id (namespace#Name)".into()));
        }
        if shape.kind == "apply" {
            applies.push((id.clone(), shape.traits.clone()));
        } else {
            defs.insert(id.clone(), shape.clone());
        }
    }
    // Traits applied to members that only a mixin declares wait until mixins are resolved.
    let mut deferred = Vec::new();
    for (target, traits) in applies {
        let (shape_id, member) = split_member(&target);
        let Some(shape) = defs.get_mut(shape_id) else {
            return Err(err(&target, format!("apply: target {shape_id:?} not found")));
        };
        match member {
            None => merge_traits(&mut shape.traits, &traits),
            Some(m) => match member_mut(shape, m) {
                Some(mm) => merge_traits(&mut mm.traits, &traits),
                None => deferred.push((target.clone(), traits)),
            },
        }
    }

    // 2. Mixins.
    let mut resolved: BTreeMap<String, Resolved> = BTreeMap::new();
    let ids: Vec<String> = defs.keys().cloned().collect();
    for id in &ids {
        resolve(file, &defs, id, &mut resolved, &mut Vec::new())?;
    }
    for (target, traits) in deferred {
        let (shape_id, member) = split_member(&target);
        let m = member.unwrap_or_default();
        let r =
            resolved.get_mut(shape_id).ok_or_else(|| err(&target, format!("apply: target {shape_id:?} not found")))?;
        let mm = r
            .members
            .iter_mut()
            .find(|(n, _)| n == m)
            .map(|(_, mm)| mm)
            .ok_or_else(|| err(&target, format!("apply: {shape_id:?} has no member {m:?}")))?;
        merge_traits(&mut mm.traits, &traits);
    }
    let is_mixin = |id: &str| resolved.get(id).is_some_and(|r| r.traits.get("smithy.api#mixin").is_some());

    // 3. The service.
    let services: Vec<&String> = defs.iter().filter(|(_, s)| s.kind == "service").map(|(id, _)| id).collect();
    let service_id = match services.as_slice() {
        [one] => one.to_string(),
        [] => return Err(err("", "no service shape".into())),
        many => {
            return Err(err("", format!("expected one service shape, found {}: {}", many.len(), join(many))));
        }
    };
    let svc = &defs[&service_id];
    let svc_traits = &resolved[&service_id].traits;
    let protocol = match (
        svc_traits.get("aws.protocols#awsQuery").is_some(),
        svc_traits.get("aws.protocols#ec2Query").is_some(),
    ) {
        (true, false) => "query",
        (false, true) => "ec2",
        _ => {
            return Err(err(
                &service_id,
                "expected exactly one protocol trait of aws.protocols#awsQuery, aws.protocols#ec2Query".into(),
            ))
        }
    };
    let version = svc.version.clone().ok_or_else(|| err(&service_id, "service without `version`".into()))?;

    // Names: a shape id's name part, unless the service renames it. Prelude shapes keep the
    // name part when no model shape has it, else their full id.
    let rename: HashMap<&str, &str> = svc.rename.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for (id, r) in &resolved {
        if matches!(r.kind.as_str(), "service" | "resource") || is_mixin(id) {
            continue;
        }
        let name = rename.get(id.as_str()).map(|n| n.to_string()).unwrap_or_else(|| name_part(id).to_string());
        if let Some(other) = by_name.insert(name.clone(), id.clone()) {
            return Err(err(id, format!("name {name:?} is also {other:?}: rename one in the service's `rename`")));
        }
        names.insert(id.clone(), name);
    }
    let mut prelude_used = BTreeSet::new();

    // 4. Operations: the service's, and its resources' (recursively), in name order (Smithy's
    //    operation list is a set; botocore lists operations by name).
    let mut op_ids = BTreeSet::new();
    collect_operations(file, &defs, &service_id, &mut op_ids, &mut BTreeSet::new(), 0)?;
    if let Some(m) = op_ids.iter().find(|id| is_mixin(id)) {
        return Err(err(m, "a mixin, not an operation the service can have".into()));
    }
    let mut operations = Vec::new();
    for op_id in &op_ids {
        let op = &resolved[op_id];
        let ast = &defs[op_id];
        let name = names[op_id].clone();
        let io = |what: &str, t: &Option<s::Target>| -> Result<Option<String>, ModelError> {
            match t {
                None => Ok(None),
                Some(t) if t.target == UNIT => Ok(None),
                Some(t) => match resolved.get(&t.target) {
                    Some(r) if r.kind == "structure" && !is_mixin(&t.target) => Ok(Some(names[&t.target].clone())),
                    Some(r) => Err(err(op_id, format!("{what} {:?} is a {}, expected a structure", t.target, r.kind))),
                    None => Err(err(op_id, format!("{what}: target {:?} not found", t.target))),
                },
            }
        };
        let input = io("input", &ast.input)?;
        let output = io("output", &ast.output)?;
        let mut errors = Vec::new();
        for e in ast.errors.iter().chain(svc.errors.iter()) {
            match resolved.get(&e.target) {
                Some(r)
                    if r.kind == "structure" && r.traits.get("smithy.api#error").is_some() && !is_mixin(&e.target) =>
                {
                    let n = names[&e.target].clone();
                    if !errors.iter().any(|x: &b::ShapeRef| x.shape == n) {
                        errors.push(b::ShapeRef { shape: n, ..Default::default() });
                    }
                }
                Some(_) => return Err(err(op_id, format!("error {:?} is not a structure with @error", e.target))),
                None => return Err(err(op_id, format!("error: target {:?} not found", e.target))),
            }
        }
        let endpoint: Option<s::EndpointTrait> = trait_value(file, op_id, &op.traits, "smithy.api#endpoint")?;
        let compression: Option<s::RequestCompressionTrait> =
            trait_value(file, op_id, &op.traits, "smithy.api#requestCompression")?;
        operations.push((
            name.clone(),
            b::Operation {
                name: name.clone(),
                http: None,
                input: input.map(|shape| b::ShapeRef { shape, ..Default::default() }),
                output: output.map(|shape| b::ShapeRef {
                    shape,
                    // awsQuery wraps output members in `<{Op}Result>`.
                    result_wrapper: (protocol == "query").then(|| format!("{name}Result")),
                    ..Default::default()
                }),
                errors,
                deprecated: op.traits.get("smithy.api#deprecated").is_some(),
                endpoint: endpoint.map(|e| b::EndpointTrait { host_prefix: e.host_prefix }),
                requestcompression: compression.map(|c| b::RequestCompression { encodings: c.encodings }),
            },
        ));
    }
    operations.sort_by(|a, b| a.0.cmp(&b.0));

    // 5. Data shapes.
    let mut shapes = Vec::new();
    for (id, r) in &resolved {
        if matches!(r.kind.as_str(), "service" | "resource" | "operation") || is_mixin(id) {
            continue;
        }
        let shape = lower_shape(file, id, r, &resolved, &names, &by_name, &mut prelude_used, &is_mixin)?;
        shapes.push((names[id].clone(), shape));
    }
    for p in prelude_used {
        let name = prelude_name(&p, &by_name);
        let kind = PRELUDE.iter().find(|(n, _)| *n == name_part(&p)).map(|(_, k)| *k).unwrap_or("string");
        let r = Resolved {
            kind: kind.to_string(),
            traits: OrderedMap::default(),
            members: vec![],
            member: None,
            key: None,
            value: None,
        };
        let shape = lower_shape(file, &p, &r, &resolved, &names, &by_name, &mut BTreeSet::new(), &is_mixin)?;
        shapes.push((name, shape));
    }
    shapes.sort_by(|a, b| a.0.cmp(&b.0));

    // 6. Service metadata.
    let aws: s::AwsServiceTrait = trait_value(file, &service_id, svc_traits, "aws.api#service")?
        .ok_or_else(|| err(&service_id, "service without the aws.api#service trait".into()))?;
    // The ARN namespace defaults to the service shape's name, lower-cased (AWS core spec).
    let endpoint_prefix = aws
        .endpoint_prefix
        .clone()
        .or(aws.arn_namespace.clone())
        .unwrap_or_else(|| name_part(&service_id).to_lowercase());
    let sigv4: Option<s::SigV4Trait> = trait_value(file, &service_id, svc_traits, "aws.auth#sigv4")?;
    let xmlns: Option<s::XmlNamespaceTrait> = trait_value(file, &service_id, svc_traits, "smithy.api#xmlNamespace")?;
    let title: Option<String> = trait_value(file, &service_id, svc_traits, "smithy.api#title")?;
    let uid =
        aws.doc_id.clone().unwrap_or_else(|| format!("{}-{version}", aws.sdk_id.to_lowercase().replace(' ', "-")));
    let boto = b::ServiceModel {
        metadata: b::Metadata {
            api_version: version,
            endpoint_prefix,
            protocol: protocol.into(),
            service_full_name: title.unwrap_or_else(|| aws.sdk_id.clone()),
            service_id: Some(aws.sdk_id.clone()),
            signing_name: sigv4.map(|s| s.name),
            uid: Some(uid),
            xml_namespace: xmlns.map(|x| x.uri),
            signature_version: Some("v4".into()),
        },
        operations: OrderedMap::from(operations),
        shapes: OrderedMap::from(shapes),
    };

    // 7. The shared lowering. Everything it checks was checked above against shape ids; if it
    //    still objects, say where in Smithy's terms as well as can be done.
    let name_to_id: HashMap<String, String> = names.iter().map(|(id, n)| (n.clone(), id.clone())).collect();
    let service = from_botocore(file, &boto).map_err(|e| {
        let mut parts = e.path.splitn(3, '.');
        let at = match (parts.next(), parts.next()) {
            (Some("shapes" | "operations"), Some(n)) => name_to_id.get(n).cloned().unwrap_or(e.path.clone()),
            _ => e.path.clone(),
        };
        ModelError::new(file, at, e.message)
    })?;

    // 8. Paginators, waiters, endpoint rules.
    let svc_pages: s::PaginatedTrait =
        trait_value(file, &service_id, svc_traits, "smithy.api#paginated")?.unwrap_or_default();
    let mut paginators = Vec::new();
    let mut waiters = Vec::new();
    for op_id in &op_ids {
        let traits = &resolved[op_id].traits;
        let name = &names[op_id];
        if let Some(p) = trait_value::<s::PaginatedTrait>(file, op_id, traits, "smithy.api#paginated")? {
            let missing = |what: &str| err(op_id, format!("@paginated without {what} (here or on the service)"));
            paginators.push(Paginator {
                operation: name.clone(),
                input_token: p.input_token.or(svc_pages.input_token.clone()).ok_or_else(|| missing("inputToken"))?,
                output_token: p
                    .output_token
                    .or(svc_pages.output_token.clone())
                    .ok_or_else(|| missing("outputToken"))?,
                items: p.items.or(svc_pages.items.clone()),
                page_size: p.page_size.or(svc_pages.page_size.clone()),
            });
        }
        if let Some(w) = trait_value::<s::WaitableTrait>(file, op_id, traits, "smithy.waiters#waitable")? {
            for (wname, def) in w.iter() {
                waiters.push(Waiter {
                    name: wname.clone(),
                    operation: name.clone(),
                    min_delay: def.min_delay.unwrap_or(2),
                    max_delay: def.max_delay.unwrap_or(120),
                    acceptors: def.acceptors.clone(),
                });
            }
        }
    }
    let endpoint_rule_set = svc_traits.get("smithy.rules#endpointRuleSet").map(|v| v.to_string());

    Ok(SmithyService { service, paginators, waiters, endpoint_rule_set })
}

fn join(ids: &[&String]) -> String {
    ids.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}

fn name_part(id: &str) -> &str {
    let local = id.split_once('#').map(|(_, n)| n).unwrap_or(id);
    local.split_once('$').map(|(n, _)| n).unwrap_or(local)
}

fn split_member(id: &str) -> (&str, Option<&str>) {
    match id.split_once('$') {
        Some((s, m)) => (s, Some(m)),
        None => (id, None),
    }
}

fn prelude_name(id: &str, by_name: &BTreeMap<String, String>) -> String {
    let n = name_part(id);
    if by_name.contains_key(n) {
        id.to_string()
    } else {
        n.to_string()
    }
}

fn member_mut<'a>(shape: &'a mut AstShape, name: &str) -> Option<&'a mut AstMember> {
    match name {
        "member" if shape.member.is_some() => shape.member.as_mut(),
        "key" if shape.key.is_some() => shape.key.as_mut(),
        "value" if shape.value.is_some() => shape.value.as_mut(),
        _ => shape.members.as_mut().and_then(|m| m.get_mut(name)),
    }
}

/// Later traits win.
fn merge_traits(into: &mut OrderedMap<Value>, from: &OrderedMap<Value>) {
    for (k, v) in from.iter() {
        match into.get_mut(k) {
            Some(slot) => *slot = v.clone(),
            None => into.push(k.clone(), v.clone()),
        }
    }
}

/// How deeply mixins may build on mixins, and resources nest in resources: each level is one
/// recursion of the resolver, and 10,000 overflowed the stack. Smithy models use a few levels
/// (AWS's deepest resource trees are about five); 64 leaves room and keeps the recursion shallow.
pub const MAX_SMITHY_NESTING: usize = 64;

/// Resolves `id`'s mixins: the mixins' members come first, in mixin order, then the shape's
/// own (a redeclared member adds its traits to the inherited one); the mixins' traits apply
/// except `smithy.api#mixin` itself and those the mixin marks `localTraits`.
fn resolve(
    file: &str,
    defs: &BTreeMap<String, AstShape>,
    id: &str,
    done: &mut BTreeMap<String, Resolved>,
    stack: &mut Vec<String>,
) -> Result<(), ModelError> {
    if done.contains_key(id) {
        return Ok(());
    }
    if stack.iter().any(|s| s == id) {
        return Err(ModelError::new(file, id, format!("mixin cycle: {} -> {id}", stack.join(" -> "))));
    }
    if stack.len() >= MAX_SMITHY_NESTING {
        return Err(ModelError::new(
            file,
            id,
            format!("mixins build on mixins more than {MAX_SMITHY_NESTING} deep (from {})", stack[0]),
        ));
    }
    let shape = &defs[id];
    stack.push(id.to_string());
    let mut r = Resolved {
        kind: if shape.kind == "set" { "list".into() } else { shape.kind.clone() },
        traits: OrderedMap::default(),
        members: Vec::new(),
        member: None,
        key: None,
        value: None,
    };
    for m in &shape.mixins {
        if !defs.contains_key(&m.target) {
            return Err(ModelError::new(file, id, format!("mixin: target {:?} not found", m.target)));
        }
        resolve(file, defs, &m.target, done, stack)?;
        let mixin = &done[&m.target];
        if mixin.traits.get("smithy.api#mixin").is_none() {
            return Err(ModelError::new(file, id, format!("mixin {:?} is not marked @mixin", m.target)));
        }
        let local: Vec<String> = mixin
            .traits
            .get("smithy.api#mixin")
            .and_then(|v| v.get("localTraits"))
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let inherited = OrderedMap::from(
            mixin
                .traits
                .iter()
                .filter(|(k, _)| *k != "smithy.api#mixin" && !local.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>(),
        );
        merge_traits(&mut r.traits, &inherited);
        for (n, m) in &mixin.members {
            match r.members.iter_mut().find(|(x, _)| x == n) {
                Some((_, existing)) => merge_traits(&mut existing.traits, &m.traits),
                None => r.members.push((n.clone(), m.clone())),
            }
        }
        r.member = r.member.take().or(mixin.member.clone());
        r.key = r.key.take().or(mixin.key.clone());
        r.value = r.value.take().or(mixin.value.clone());
    }
    merge_traits(&mut r.traits, &shape.traits);
    for (n, m) in shape.members.iter().flat_map(|m| m.iter()) {
        match r.members.iter_mut().find(|(x, _)| x == n) {
            Some((_, existing)) => {
                existing.target = m.target.clone();
                merge_traits(&mut existing.traits, &m.traits);
            }
            None => r.members.push((n.clone(), m.clone())),
        }
    }
    for (slot, own) in [(&mut r.member, &shape.member), (&mut r.key, &shape.key), (&mut r.value, &shape.value)] {
        if let Some(own) = own {
            let mut m = own.clone();
            if let Some(inh) = slot.take() {
                let mut t = inh.traits;
                merge_traits(&mut t, &own.traits);
                m.traits = t;
            }
            *slot = Some(m);
        }
    }
    stack.pop();
    done.insert(id.to_string(), r);
    Ok(())
}

fn collect_operations(
    file: &str,
    defs: &BTreeMap<String, AstShape>,
    id: &str,
    ops: &mut BTreeSet<String>,
    seen: &mut BTreeSet<String>,
    depth: usize,
) -> Result<(), ModelError> {
    if !seen.insert(id.to_string()) {
        return Ok(());
    }
    if depth > MAX_SMITHY_NESTING {
        return Err(ModelError::new(file, id, format!("resources nest more than {MAX_SMITHY_NESTING} deep")));
    }
    let s = &defs[id];
    let lifecycle = [&s.create, &s.put, &s.read, &s.update, &s.delete, &s.list];
    let op_targets = s.operations.iter().chain(s.collection_operations.iter()).chain(lifecycle.into_iter().flatten());
    for t in op_targets {
        match defs.get(&t.target) {
            Some(o) if o.kind == "operation" => {
                ops.insert(t.target.clone());
            }
            Some(o) => {
                return Err(ModelError::new(file, id, format!("{:?} is a {}, not an operation", t.target, o.kind)))
            }
            None => return Err(ModelError::new(file, id, format!("operation: target {:?} not found", t.target))),
        }
    }
    for t in &s.resources {
        match defs.get(&t.target) {
            Some(r) if r.kind == "resource" => collect_operations(file, defs, &t.target, ops, seen, depth + 1)?,
            Some(r) => {
                return Err(ModelError::new(file, id, format!("{:?} is a {}, not a resource", t.target, r.kind)))
            }
            None => return Err(ModelError::new(file, id, format!("resource: target {:?} not found", t.target))),
        }
    }
    Ok(())
}

fn timestamp_format(file: &str, at: &str, traits: &OrderedMap<Value>) -> Result<Option<String>, ModelError> {
    let f: Option<String> = trait_value(file, at, traits, "smithy.api#timestampFormat")?;
    f.map(|f| match f.as_str() {
        "date-time" => Ok("iso8601".to_string()),
        "epoch-seconds" => Ok("unixTimestamp".to_string()),
        "http-date" => Ok("rfc822".to_string()),
        other => Err(ModelError::new(file, at, format!("unknown @timestampFormat {other:?}"))),
    })
    .transpose()
}

#[allow(clippy::too_many_arguments)]
fn lower_shape(
    file: &str,
    id: &str,
    r: &Resolved,
    resolved: &BTreeMap<String, Resolved>,
    names: &BTreeMap<String, String>,
    by_name: &BTreeMap<String, String>,
    prelude_used: &mut BTreeSet<String>,
    is_mixin: &dyn Fn(&str) -> bool,
) -> Result<b::Shape, ModelError> {
    let err = |at: &str, msg: String| ModelError::new(file, at, msg);
    let has = |t: &str| r.traits.get(t).is_some();
    // A member's target: a model shape, or a prelude shape (recorded so it is emitted).
    let mut target = |at: &str, m: &AstMember| -> Result<(String, String), ModelError> {
        if let Some(t) = resolved.get(&m.target) {
            if matches!(t.kind.as_str(), "service" | "resource" | "operation") || is_mixin(&m.target) {
                return Err(err(at, format!("target {:?} is a {}, not a data shape", m.target, t.kind)));
            }
            return Ok((names[&m.target].clone(), t.kind.clone()));
        }
        if m.target == UNIT {
            return Err(err(at, format!("target {UNIT:?} carries no value; the query protocols cannot send it")));
        }
        if let Some(p) = m.target.strip_prefix("smithy.api#") {
            if let Some((_, kind)) = PRELUDE.iter().find(|(n, _)| *n == p) {
                prelude_used.insert(m.target.clone());
                return Ok((prelude_name(&m.target, by_name), kind.to_string()));
            }
        }
        Err(err(at, format!("target {:?} not found", m.target)))
    };
    let mut member_ref = |at: String, m: &AstMember| -> Result<(b::ShapeRef, String), ModelError> {
        let (shape, kind) = target(&at, m)?;
        let t = |n: &str| m.traits.get(n).is_some();
        Ok((
            b::ShapeRef {
                shape,
                location_name: trait_value(file, &at, &m.traits, "smithy.api#xmlName")?,
                query_name: trait_value(file, &at, &m.traits, "aws.protocols#ec2QueryName")?,
                result_wrapper: None,
                flattened: t("smithy.api#xmlFlattened").then_some(true),
                xml_attribute: t("smithy.api#xmlAttribute").then_some(true),
                timestamp_format: timestamp_format(file, &at, &m.traits)?,
                idempotency_token: t("smithy.api#idempotencyToken").then_some(true),
                deprecated: t("smithy.api#deprecated").then_some(true),
                location: None,
                host_label: t("smithy.api#hostLabel").then_some(true),
            },
            kind,
        ))
    };
    let mut shape = b::Shape {
        kind: r.kind.clone(),
        members: None,
        required: vec![],
        member: None,
        key: None,
        value: None,
        enum_values: None,
        flattened: None,
        location_name: trait_value(file, id, &r.traits, "smithy.api#xmlName")?,
        exception: false,
        error: None,
        fault: false,
        timestamp_format: None,
        sensitive: has("smithy.api#sensitive"),
        union: false,
        deprecated: has("smithy.api#deprecated"),
        result_wrapper: None,
    };
    match r.kind.as_str() {
        "structure" | "union" => {
            shape.kind = "structure".into();
            shape.union = r.kind == "union";
            let mut members = Vec::new();
            for (n, m) in &r.members {
                let (sr, _) = member_ref(format!("{id}${n}"), m)?;
                if m.traits.get("smithy.api#required").is_some() {
                    shape.required.push(n.clone());
                }
                members.push((n.clone(), sr));
            }
            shape.members = Some(OrderedMap::from(members));
            if let Some(kind) = trait_value::<String>(file, id, &r.traits, "smithy.api#error")? {
                let sender_fault = match kind.as_str() {
                    "client" => true,
                    "server" => false,
                    other => return Err(err(id, format!("@error must be \"client\" or \"server\", not {other:?}"))),
                };
                let query: Option<s::AwsQueryErrorTrait> =
                    trait_value(file, id, &r.traits, "aws.protocols#awsQueryError")?;
                let http: Option<u16> = trait_value(file, id, &r.traits, "smithy.api#httpError")?;
                shape.exception = true;
                shape.fault = !sender_fault;
                shape.error = Some(b::ErrorTrait {
                    http_status_code: Some(
                        query.as_ref().map(|q| q.http_response_code).or(http).unwrap_or(if sender_fault {
                            400
                        } else {
                            500
                        }),
                    ),
                    code: query.map(|q| q.code),
                    sender_fault: Some(sender_fault),
                });
            }
        }
        "list" => {
            let m = r.member.as_ref().ok_or_else(|| err(id, "list without `member`".into()))?;
            shape.member = Some(member_ref(format!("{id}$member"), m)?.0);
        }
        "map" => {
            let (Some(k), Some(v)) = (&r.key, &r.value) else {
                return Err(err(id, "map without `key` or `value`".into()));
            };
            let (key, kind) = member_ref(format!("{id}$key"), k)?;
            if !matches!(kind.as_str(), "string" | "enum") {
                return Err(err(&format!("{id}$key"), format!("map key {:?} is not a string shape", k.target)));
            }
            shape.key = Some(key);
            shape.value = Some(member_ref(format!("{id}$value"), v)?.0);
        }
        "enum" => {
            shape.kind = "string".into();
            let mut values = Vec::new();
            for (n, m) in &r.members {
                let v: Option<String> = trait_value(file, &format!("{id}${n}"), &m.traits, "smithy.api#enumValue")?;
                values.push(v.unwrap_or_else(|| n.clone()));
            }
            shape.enum_values = Some(values);
        }
        // The IR, like botocore, has no integer enums: an intEnum is its integer.
        "intEnum" => shape.kind = "integer".into(),
        "string" => {
            let defs: Option<Vec<s::EnumDefinition>> = trait_value(file, id, &r.traits, "smithy.api#enum")?;
            shape.enum_values = defs.map(|d| d.into_iter().map(|e| e.value).collect());
        }
        // The query protocols send bytes and shorts as decimal integers, like `integer`.
        "byte" | "short" => shape.kind = "integer".into(),
        "timestamp" => shape.timestamp_format = timestamp_format(file, id, &r.traits)?,
        "boolean" | "integer" | "long" | "float" | "double" | "blob" => {}
        "bigInteger" | "bigDecimal" | "document" => {
            return Err(err(id, format!("{} shapes are not supported by the query protocols", r.kind)))
        }
        other => {
            let known = SIMPLE.join(", ");
            return Err(err(
                id,
                format!("unknown shape type {other:?} (expected structure, union, list, map, {known})"),
            ));
        }
    }
    Ok(shape)
}
