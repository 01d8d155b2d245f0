//! Lowers a botocore [`ServiceModel`] into the IR: validates every reference (naming the file
//! and JSON path of the first problem), synthesizes each operation's `{Op}Input` and
//! `{Op}Output`, decides names, marks recursion, and computes which shapes need serializers
//! (reachable from inputs) and deserializers (reachable from outputs and errors).
//!
//! [`from_botocore`] runs the steps of a [`Lowering`] in order, one method each:
//! `validate.rs` checks the model, `http.rs` leaves out event-stream operations and checks and
//! decides the HTTP bindings (routes, member locations, payloads), `shapes.rs` lowers the named
//! shapes, `operations.rs` names and lowers the operations with their synthesized shapes,
//! `recursion.rs` boxes recursive members.

mod http;
mod operations;
mod recursion;
mod shapes;
mod validate;

use super::*;
use crate::error::ModelError;
use crate::model::botocore::{ServiceModel, ShapeRef};
use crate::names::{self, Namespace};
use std::collections::{BTreeSet, HashMap};

/// The botocore protocol names the generator speaks. A model listing several `protocols`
/// gets the first of its own list found here: for the 41 `smithy-rpc-v2-cbor` services of
/// botocore 1.44.8 that also list `json`, that is CBOR, as their models prefer it, where
/// botocore's own priority order (`json` before `smithy-rpc-v2-cbor`) picks JSON.
pub const SUPPORTED_PROTOCOLS: &[&str] = &["query", "ec2", "json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor"];

pub use validate::MAX_TYPE_NESTING;

/// Builds the IR from a parsed botocore model. `file` names the model in errors.
pub fn from_botocore(file: &str, model: &ServiceModel) -> Result<Service, ModelError> {
    let mut cx = Lowering::new(file, model)?;
    // 1. Shapes: kinds, required parts, references, formats, nesting.
    cx.validate_shapes()?;
    // 2. Operations: their inputs, outputs and errors name structures; event-stream operations
    //    are left out; routes and member bindings are checked.
    cx.validate_operations()?;
    cx.find_omitted();
    cx.validate_http()?;
    // 3. Names of operation-level types first (they are what users type most), then errors,
    //    then the remaining named shapes in name order, so renames are stable.
    let op_names = cx.name_operations();
    cx.find_errors();
    // 4. Reachability: which shapes need serializers and deserializers.
    cx.find_reachable();
    cx.name_shapes();
    // 5. Shapes.
    cx.lower_shapes()?;
    // 6. Operations, with their synthesized input and output structures.
    let operations = cx.lower_operations(op_names)?;
    Ok(cx.finish(operations))
}

/// The state of one botocore lowering: the model, and what the steps have decided so far.
struct Lowering<'a> {
    /// The model's file name, for errors.
    file: &'a str,
    model: &'a ServiceModel,
    protocol: Protocol,
    /// Every Rust type name claimed so far (operation types, errors, named shapes).
    types: Namespace,
    /// Shapes that are errors: marked as exceptions, or listed in an operation's errors.
    errors: BTreeSet<String>,
    /// Shapes reachable from an operation input: they need serializers.
    in_input: BTreeSet<String>,
    /// Shapes reachable from an operation output or an error: they need deserializers.
    in_output: BTreeSet<String>,
    /// The Rust type name of each shape that has one (structures, enums, errors).
    type_names: HashMap<String, String>,
    /// The lowered shapes, named and synthesized.
    shapes: BTreeMap<ShapeId, Shape>,
    /// Operations left out (event streams), in model order, with why.
    omitted: Vec<OmittedOperation>,
    /// The HTTP route of each operation of a protocol with HTTP bindings.
    routes: HashMap<String, HttpRoute>,
}

impl<'a> Lowering<'a> {
    fn new(file: &'a str, model: &'a ServiceModel) -> Result<Self, ModelError> {
        let meta = &model.metadata;
        // The service's protocols in its order of preference (`protocols`), the first the
        // generator speaks; `protocol` when it lists none of them.
        let chosen =
            meta.protocols.iter().find(|p| SUPPORTED_PROTOCOLS.contains(&p.as_str())).unwrap_or(&meta.protocol);
        let protocol = match (chosen.as_str(), meta.json_version.as_deref()) {
            ("query", _) => Protocol::Query,
            ("ec2", _) => Protocol::Ec2,
            ("json", Some("1.0")) => Protocol::AwsJson1_0,
            ("json", Some("1.1")) => Protocol::AwsJson1_1,
            ("json", v) => {
                let found = v.map(|v| format!("{v:?}")).unwrap_or_else(|| "none".into());
                return Err(ModelError::new(
                    file,
                    "metadata.jsonVersion",
                    format!("the json protocol needs jsonVersion \"1.0\" or \"1.1\", found {found}"),
                ));
            }
            ("rest-json", _) => Protocol::RestJson1,
            ("rest-xml", _) => Protocol::RestXml,
            ("smithy-rpc-v2-cbor", _) => Protocol::RpcV2Cbor,
            (other, _) => {
                return Err(ModelError::new(
                    file,
                    "metadata.protocol",
                    format!("unsupported protocol {other:?} (supported: {})", SUPPORTED_PROTOCOLS.join(", ")),
                ))
            }
        };
        if matches!(protocol, Protocol::AwsJson1_0 | Protocol::AwsJson1_1) && meta.target_prefix.is_none() {
            return Err(ModelError::new(
                file,
                "metadata.targetPrefix",
                "a json protocol service needs targetPrefix (the X-Amz-Target header's prefix)",
            ));
        }
        if protocol == Protocol::RpcV2Cbor && meta.target_prefix.is_none() {
            return Err(ModelError::new(
                file,
                "metadata.targetPrefix",
                "a smithy-rpc-v2-cbor service needs targetPrefix (the service name in the request path)",
            ));
        }
        Ok(Lowering {
            file,
            model,
            protocol,
            types: Namespace::with_reserved(names::RESERVED_TYPES),
            errors: BTreeSet::new(),
            in_input: BTreeSet::new(),
            in_output: BTreeSet::new(),
            type_names: HashMap::new(),
            shapes: BTreeMap::new(),
            omitted: Vec::new(),
            routes: HashMap::new(),
        })
    }

    /// Whether operation `name` is generated (not left out as an event stream).
    fn is_kept(&self, name: &str) -> bool {
        !self.omitted.iter().any(|o| o.name == name)
    }

    /// The operations that are generated, in model order.
    fn kept_operations(&self) -> Vec<(&'a String, &'a crate::model::botocore::Operation)> {
        let model = self.model;
        model.operations.iter().filter(|(n, _)| self.is_kept(n)).collect()
    }

    /// Whether the model's errors carry their query codes (`awsQueryCompatible`).
    fn query_compatible(&self) -> bool {
        self.protocol.is_json_like() && self.model.metadata.aws_query_compatible.is_some()
    }

    fn err(&self, path: impl Into<String>, message: impl Into<String>) -> ModelError {
        ModelError::new(self.file, path, message)
    }

    /// Records the error shapes: those the model marks, and those an operation lists even
    /// without the marker.
    fn find_errors(&mut self) {
        let model = self.model;
        let marked = model.shapes.iter().filter(|(_, s)| s.exception || s.error.is_some() || s.fault);
        self.errors.extend(marked.map(|(n, _)| n.clone()));
        for (_, op) in self.kept_operations() {
            self.errors.extend(op.errors.iter().map(|e| e.shape.clone()));
        }
    }

    /// Records which shapes the members of inputs reach, and which the members of outputs and
    /// the errors reach.
    fn find_reachable(&mut self) {
        let model = self.model;
        for (_, op) in self.kept_operations() {
            if let Some(i) = &op.input {
                for (_, m) in self.members_of(&i.shape) {
                    reach(model, &m.shape, &mut self.in_input);
                }
            }
            if let Some(o) = &op.output {
                for (_, m) in self.members_of(&o.shape) {
                    reach(model, &m.shape, &mut self.in_output);
                }
            }
            for e in &op.errors {
                reach(model, &e.shape, &mut self.in_output);
            }
        }
        for e in &self.errors {
            reach(model, e, &mut self.in_output);
        }
    }

    /// Claims type names for the errors, then for the structures and enums in use, in name
    /// order.
    fn name_shapes(&mut self) {
        for id in &self.errors {
            self.type_names.insert(id.clone(), self.types.claim_type(&names::camel(id)));
        }
        for (name, s) in self.model.shapes.iter() {
            // A document is the runtime's `Document`, not a type of the crate.
            let named = (s.kind == "structure" && !(s.document && self.protocol.is_json_like()))
                || (s.kind == "string" && s.enum_values.is_some());
            if named && self.is_reachable(name) && !self.type_names.contains_key(name) {
                self.type_names.insert(name.clone(), self.types.claim_type(&names::camel(name)));
            }
        }
    }

    /// Reachable from an input, an output or an error.
    fn is_reachable(&self, name: &str) -> bool {
        self.in_input.contains(name) || self.in_output.contains(name)
    }

    fn members_of(&self, name: &str) -> Vec<(&'a String, &'a ShapeRef)> {
        let model = self.model;
        model.shapes.get(name).and_then(|s| s.members.as_ref()).map(|m| m.iter().collect()).unwrap_or_default()
    }

    /// The last steps: recursion boxed, helpers named, the service's metadata.
    fn finish(mut self, operations: Vec<Operation>) -> Service {
        recursion::mark_recursion(&mut self.shapes);
        name_helpers(&mut self.shapes);
        let meta = &self.model.metadata;
        let query_compatible = self.query_compatible();
        let service_id = meta.service_id.clone().unwrap_or_else(|| meta.service_full_name.clone());
        Service {
            env_suffix: service_id.to_uppercase().replace([' ', '-'], "_"),
            service_id,
            full_name: meta.service_full_name.clone(),
            api_version: meta.api_version.clone(),
            endpoint_prefix: meta.endpoint_prefix.clone(),
            signing_name: meta.signing_name.clone().unwrap_or_else(|| meta.endpoint_prefix.clone()),
            uid: meta.uid.clone(),
            docs: self.model.documentation.clone(),
            protocol: self.protocol,
            operations,
            shapes: self.shapes,
            errors: self.errors.into_iter().collect(),
            endpoint_rules: None,
            paginators: Vec::new(),
            waiters: Vec::new(),
            target_prefix: match self.protocol {
                Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RpcV2Cbor => meta.target_prefix.clone(),
                _ => None,
            },
            query_compatible,
            retry_policies: super::retry::service_policies(&meta.endpoint_prefix),
            omitted_operations: self.omitted,
            // Filled with the paginators and waiters, from their own files.
            omitted_paginators: Vec::new(),
            omitted_waiters: Vec::new(),
            subset: None,
        }
    }
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
                ShapeKind::Structure(_) | ShapeKind::Union(_) => (&[Helper::Ser], &[Helper::De]),
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
