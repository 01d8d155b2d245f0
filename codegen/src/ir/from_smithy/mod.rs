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
//!
//! [`from_smithy`] runs the steps in order: `resolve.rs` (apply, mixins), then the methods of
//! a [`Lowering`]: `operations.rs`, `shapes.rs` (data shapes and their traits), `service.rs`
//! (service metadata, the shared lowering, paginators and waiters).

mod operations;
mod resolve;
mod service;
mod shapes;

use super::*;
use crate::error::ModelError;
use crate::model::botocore::indexmap_like::OrderedMap;
use crate::model::smithy::{self as s, trait_value, AstShape, SmithyModel};
use resolve::Resolved;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

pub use resolve::MAX_SMITHY_NESTING;

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

/// Builds the IR (and the paginator, waiter and endpoint facts) from a parsed Smithy model.
/// `file` names the model in errors.
pub fn from_smithy(file: &str, model: &SmithyModel) -> Result<SmithyService, ModelError> {
    if !(model.smithy.starts_with("2") || model.smithy.starts_with("1")) {
        return Err(ModelError::new(
            file,
            "smithy",
            format!("unsupported Smithy version {:?} (expected 2.0)", model.smithy),
        ));
    }
    // 1. Shapes and `apply` entries.
    let (defs, deferred) = resolve::apply(file, model)?;
    // 2. Mixins.
    let resolved = resolve::mixins(file, &defs, deferred)?;
    // 3. The service, its protocol, and each shape's name.
    let mut cx = Lowering::new(file, &defs, resolved)?;
    // 4. Operations: the service's, and its resources' (recursively), in name order.
    let operations = cx.operations()?;
    // 5. Data shapes.
    let shapes = cx.data_shapes()?;
    // 6. Service metadata, completing the botocore model.
    let boto = cx.botocore_model(operations, shapes)?;
    // 7. The shared lowering.
    let service = cx.lower(&boto)?;
    // 8. Paginators, waiters, endpoint rules.
    let (paginators, waiters) = cx.paginators_and_waiters()?;
    let endpoint_rule_set = cx.service_traits().get("smithy.rules#endpointRuleSet").map(|v| v.to_string());
    Ok(SmithyService { service, paginators, waiters, endpoint_rule_set })
}

/// The state of one Smithy lowering: the resolved shapes, the service, and the botocore name
/// of every shape.
struct Lowering<'a> {
    /// The model's file name, for errors.
    file: &'a str,
    /// The shapes as written, `apply` traits merged in.
    defs: &'a BTreeMap<String, AstShape>,
    /// The shapes with their mixins resolved.
    resolved: BTreeMap<String, Resolved>,
    /// The one service shape's id.
    service_id: String,
    protocol: Protocol,
    /// The service's API version.
    version: String,
    /// Each shape's botocore name, by shape id: its name part, unless the service renames it.
    names: BTreeMap<String, String>,
    /// The shape id of each botocore name.
    by_name: BTreeMap<String, String>,
    /// The service's operations, found by step 4.
    op_ids: BTreeSet<String>,
}

impl<'a> Lowering<'a> {
    /// Step 3: finds the one service shape, its protocol, and names every data shape and
    /// operation.
    fn new(
        file: &'a str,
        defs: &'a BTreeMap<String, AstShape>,
        resolved: BTreeMap<String, Resolved>,
    ) -> Result<Self, ModelError> {
        let err = |at: &str, msg: String| ModelError::new(file, at, msg);
        let services: Vec<&String> = defs.iter().filter(|(_, s)| s.kind == "service").map(|(id, _)| id).collect();
        let service_id = match services.as_slice() {
            [one] => one.to_string(),
            [] => return Err(err("", "no service shape".into())),
            many => {
                return Err(err("", format!("expected one service shape, found {}: {}", many.len(), join(many))));
            }
        };
        let protocol = service_protocol(&resolved[&service_id].traits).map_err(|m| err(&service_id, m))?;
        let version =
            defs[&service_id].version.clone().ok_or_else(|| err(&service_id, "service without `version`".into()))?;
        let mut cx = Lowering {
            file,
            defs,
            resolved,
            service_id,
            protocol,
            version,
            names: BTreeMap::new(),
            by_name: BTreeMap::new(),
            op_ids: BTreeSet::new(),
        };
        cx.name_shapes()?;
        Ok(cx)
    }

    fn err(&self, at: &str, message: impl Into<String>) -> ModelError {
        ModelError::new(self.file, at, message)
    }

    /// A trait of the shape or member at `at`, decoded.
    fn trait_value<T: for<'de> Deserialize<'de>>(
        &self,
        at: &str,
        traits: &OrderedMap<Value>,
        id: &str,
    ) -> Result<Option<T>, ModelError> {
        trait_value(self.file, at, traits, id)
    }

    /// The service shape as written.
    fn service(&self) -> &'a AstShape {
        let defs = self.defs;
        &defs[&self.service_id]
    }

    /// The service's traits, its mixins' included.
    fn service_traits(&self) -> &OrderedMap<Value> {
        &self.resolved[&self.service_id].traits
    }

    fn is_mixin(&self, id: &str) -> bool {
        self.resolved.get(id).is_some_and(|r| r.traits.get("smithy.api#mixin").is_some())
    }

    /// Names: a shape id's name part, unless the service renames it. (Prelude shapes keep the
    /// name part when no model shape has it, else their full id: [`Lowering::prelude_name`].)
    fn name_shapes(&mut self) -> Result<(), ModelError> {
        let rename: HashMap<&str, &str> = self.service().rename.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        for (id, r) in &self.resolved {
            if matches!(r.kind.as_str(), "service" | "resource") || self.is_mixin(id) {
                continue;
            }
            let name = rename.get(id.as_str()).map(|n| n.to_string()).unwrap_or_else(|| name_part(id).to_string());
            if let Some(other) = self.by_name.insert(name.clone(), id.clone()) {
                return Err(
                    self.err(id, format!("name {name:?} is also {other:?}: rename one in the service's `rename`"))
                );
            }
            self.names.insert(id.clone(), name);
        }
        Ok(())
    }

    /// The botocore name of prelude shape `id`: its name part, or its full id when a model
    /// shape already has that name.
    fn prelude_name(&self, id: &str) -> String {
        let n = name_part(id);
        if self.by_name.contains_key(n) {
            id.to_string()
        } else {
            n.to_string()
        }
    }
}

/// The RPC v2 CBOR protocol's trait, the JSON protocols', and the query protocols', with what
/// each means.
const CBOR_PROTOCOLS: &[(&str, Protocol)] = &[("smithy.protocols#rpcv2Cbor", Protocol::RpcV2Cbor)];
const JSON_PROTOCOLS: &[(&str, Protocol)] = &[
    ("aws.protocols#awsJson1_0", Protocol::AwsJson1_0),
    ("aws.protocols#awsJson1_1", Protocol::AwsJson1_1),
    ("aws.protocols#restJson1", Protocol::RestJson1),
];
/// restXml, preferred to query (no AWS service has both).
const XML_PROTOCOLS: &[(&str, Protocol)] = &[("aws.protocols#restXml", Protocol::RestXml)];
const QUERY_PROTOCOLS: &[(&str, Protocol)] =
    &[("aws.protocols#awsQuery", Protocol::Query), ("aws.protocols#ec2Query", Protocol::Ec2)];

/// The service's protocol: RPC v2 CBOR, else its one JSON protocol trait, else its one query
/// protocol trait. A service may carry several (CloudWatch: rpcv2Cbor, awsJson1_0 and
/// awsQuery); the generator takes them in that order, which is the order botocore models list
/// them in (`protocols`, read the same way), and ignores protocols it does not speak.
fn service_protocol(traits: &OrderedMap<Value>) -> Result<Protocol, String> {
    for family in [CBOR_PROTOCOLS, JSON_PROTOCOLS, XML_PROTOCOLS, QUERY_PROTOCOLS] {
        let found: Vec<&(&str, Protocol)> = family.iter().filter(|(id, _)| traits.get(id).is_some()).collect();
        match found.as_slice() {
            [] => continue,
            [(_, p)] => return Ok(*p),
            _ => break,
        }
    }
    let ids = |f: &[(&str, Protocol)]| f.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", ");
    Err(format!(
        "expected exactly one protocol trait of {}, or else {}, or else exactly one of {}",
        ids(JSON_PROTOCOLS),
        ids(XML_PROTOCOLS),
        ids(QUERY_PROTOCOLS)
    ))
}

fn join(ids: &[&String]) -> String {
    ids.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}

/// A shape id's name: `Foo` of `ns#Foo` and of `ns#Foo$member`.
fn name_part(id: &str) -> &str {
    let local = id.split_once('#').map(|(_, n)| n).unwrap_or(id);
    local.split_once('$').map(|(n, _)| n).unwrap_or(local)
}
