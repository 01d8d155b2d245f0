//! Steps 3 and 6 for operations: their names are claimed first, then each is lowered with its
//! synthesized `{Op}Input` and `{Op}Output` structures, result wrapper and host prefix.

use super::shapes::Role;
use super::Lowering;
use crate::error::ModelError;
use crate::ir::endpoint::Literal;
use crate::ir::*;
use crate::model::botocore::{Operation as BOperation, ShapeRef, StaticContextValue};
use crate::names::{self, Namespace};
use std::collections::BTreeSet;

/// Methods of the generated `Client` that an operation name must not take.
const CLIENT_METHODS: &[&str] = &["new", "from_env", "from_conf", "config", "call", "clone", "fmt", "core"];

/// The names claimed for one operation.
pub(super) struct OperationNames {
    input: String,
    output: String,
    error: String,
    input_builder: String,
    fluent: String,
    method: String,
    module: String,
}

impl Lowering<'_> {
    /// Step 3, first part: each generated operation's types, `Client` method and module, in
    /// model order.
    pub(super) fn name_operations(&mut self) -> Vec<OperationNames> {
        let mut methods = Namespace::with_reserved(CLIENT_METHODS);
        let mut all = Vec::new();
        for (name, _) in self.kept_operations() {
            let camel = names::camel(name);
            let plain = methods.claim(&names::snake(name), "_");
            all.push(OperationNames {
                input: self.types.claim_type(&format!("{camel}Input")),
                output: self.types.claim_type(&format!("{camel}Output")),
                error: self.types.claim_type(&format!("{camel}Error")),
                input_builder: self.types.claim_type(&format!("{camel}InputBuilder")),
                fluent: self.types.claim_type(&format!("{camel}FluentBuilder")),
                method: names::escape_ident(&plain),
                module: names::module_name(&plain),
            });
        }
        all
    }

    /// Step 6: every operation, with its synthesized input and output structures.
    pub(super) fn lower_operations(&mut self, names: Vec<OperationNames>) -> Result<Vec<Operation>, ModelError> {
        self.kept_operations().into_iter().zip(names).map(|((name, op), n)| self.operation(name, op, n)).collect()
    }

    fn operation(&mut self, name: &str, op: &BOperation, n: OperationNames) -> Result<Operation, ModelError> {
        let input = format!("{name}$Input");
        let output = format!("{name}$Output");
        let input_kind = self.io_kind(op.input.as_ref(), Role::Input)?;
        let output_kind = self.io_kind(op.output.as_ref(), Role::Output)?;
        let docs = |r: Option<&ShapeRef>| r.and_then(|r| self.model.shapes.get(&r.shape)?.documentation.clone());
        let (input_docs, output_docs) = (docs(op.input.as_ref()), docs(op.output.as_ref()));
        self.add_synthesized(&input, n.input, &n.module, input_kind, Role::Input, input_docs);
        self.add_synthesized(&output, n.output, &n.module, output_kind, Role::Output, output_docs);
        let host_prefix = match &op.endpoint {
            Some(e) => Some(
                self.host_prefix(op, &e.host_prefix)
                    .map_err(|m| self.err(format!("operations.{name}.endpoint.hostPrefix"), m))?,
            ),
            None => None,
        };
        let context_params = self.context_params(op)?;
        let http_checksum = self.http_checksum(name, op)?;
        Ok(Operation {
            context_params,
            http_checksum,
            name: name.to_string(),
            rust_name: n.method,
            module: n.module,
            fluent_builder: n.fluent,
            input_builder: n.input_builder,
            error_name: n.error,
            input,
            modeled_input: op.input.is_some(),
            output,
            result_wrapper: self.result_wrapper(name, op),
            host_prefix,
            request_compression: op.requestcompression.as_ref().map(|c| c.encodings.clone()).unwrap_or_default(),
            static_context_params: op
                .static_context_params
                .iter()
                .map(|(k, p)| {
                    let v = match &p.value {
                        StaticContextValue::Bool(b) => Literal::Bool(*b),
                        StaticContextValue::String(s) => Literal::String(s.clone()),
                    };
                    (k.clone(), v)
                })
                .collect(),
            // Name order: the order a model lists errors in carries no meaning (Smithy's JSON
            // AST sorts them, botocore keeps AWS's authoring order), so generated code must not
            // depend on it.
            errors: op.errors.iter().map(|e| e.shape.clone()).collect::<BTreeSet<_>>().into_iter().collect(),
            deprecated: op.deprecated,
            docs: op.documentation.clone(),
            unsigned: op.unsigned(),
            // Protocols without HTTP bindings have no routes: every operation is `POST /`.
            http: self.routes.remove(name).unwrap_or_else(HttpRoute::post_root),
            customizations: {
                let meta = &self.model.metadata;
                let service_id = meta.service_id.as_deref().unwrap_or(&meta.service_full_name);
                crate::ir::customizations::for_operation(service_id, name, |e| op.errors.iter().any(|r| r.shape == e))
            },
        })
    }

    /// The kind of an operation's input or output: its shape lowered as `role`, or an empty
    /// structure when the operation has none.
    fn io_kind(&self, r: Option<&ShapeRef>, role: Role) -> Result<ShapeKind, ModelError> {
        match r {
            Some(r) => {
                let s = self.model.shapes.get(&r.shape);
                let s = s.ok_or_else(|| self.err("shapes", format!("no shape named {:?}", r.shape)))?;
                let mut kind = self.shape_kind(&r.shape, s, role)?;
                if let (ShapeKind::Structure(st), Role::Input) = (&mut kind, role) {
                    // restXml's body root: named by the input reference, in the reference's,
                    // the shape's or the service's namespace.
                    st.xml_name = Some(r.location_name.clone().unwrap_or_else(|| r.shape.clone()));
                    let service_ns = self.model.metadata.xml_namespace.as_ref().map(super::shapes::xml_namespace);
                    st.xml_namespace = self.xml_namespace(r).or(service_ns);
                }
                Ok(kind)
            }
            None => Ok(ShapeKind::Structure(Structure {
                members: vec![],
                error: None,
                required_is_plain: role == Role::Input,
                xml_name: None,
                xml_namespace: None,
            })),
        }
    }

    /// Adds an operation's `{Op}Input` or `{Op}Output`, declared in the operation's module.
    fn add_synthesized(
        &mut self,
        id: &str,
        rust_name: String,
        module: &str,
        kind: ShapeKind,
        role: Role,
        docs: Option<String>,
    ) {
        let shape = Shape {
            id: id.to_string(),
            rust_name,
            location: Location::Operation(module.to_string()),
            kind,
            sensitive: false,
            in_input: role == Role::Input,
            in_output: role == Role::Output,
            helper: String::new(),
            docs,
        };
        self.shapes.insert(id.to_string(), shape);
    }

    /// The element that wraps the output members, if any.
    fn result_wrapper(&self, name: &str, op: &BOperation) -> Option<String> {
        let o = op.output.as_ref()?;
        let output_shape = self.model.shapes.get(&o.shape);
        o.result_wrapper
            .clone()
            .or_else(|| output_shape.and_then(|s| s.result_wrapper.clone()))
            // awsQuery always wraps the output members in `<{Op}Result>`; models converted from
            // Smithy leave it implicit.
            .or_else(|| (self.protocol == Protocol::Query).then(|| format!("{name}Result")))
    }

    /// The input members marked `contextParam`, each checked to be a string, in parameter order.
    fn context_params(&self, op: &BOperation) -> Result<Vec<ContextParam>, ModelError> {
        let Some(input) = &op.input else { return Ok(vec![]) };
        let Some(members) = self.model.shapes.get(&input.shape).and_then(|s| s.members.as_ref()) else {
            return Ok(vec![]);
        };
        let mut out = Vec::new();
        for (member, r) in members.iter() {
            let Some(c) = &r.context_param else { continue };
            let at = format!("shapes.{}.members.{member}.contextParam", input.shape);
            if self.model.shapes.get(&r.shape).map(|s| s.kind.as_str()) != Some("string") {
                return Err(self.err(at, "a context parameter's member must be a string"));
            }
            out.push(ContextParam { param: c.name.clone(), member: member.clone(), at });
        }
        out.sort_by(|a, b| (&a.param, &a.member).cmp(&(&b.param, &b.member)));
        Ok(out)
    }

    /// `httpChecksum` (or `httpChecksumRequired`), each member it names checked to be a string
    /// member of the input.
    fn http_checksum(&self, name: &str, op: &BOperation) -> Result<Option<HttpChecksum>, ModelError> {
        let Some(t) = &op.http_checksum else {
            return Ok(op.http_checksum_required.then(|| HttpChecksum {
                request_required: true,
                request_algorithm_member: None,
                validation_mode_member: None,
                response_algorithms: Vec::new(),
            }));
        };
        let members = op.input.as_ref().and_then(|i| self.model.shapes.get(&i.shape)).and_then(|s| s.members.as_ref());
        for (key, member) in [
            ("requestAlgorithmMember", &t.request_algorithm_member),
            ("requestValidationModeMember", &t.request_validation_mode_member),
        ] {
            let Some(member) = member else { continue };
            let at = format!("operations.{name}.httpChecksum.{key}");
            let r = members.and_then(|m| m.get(member)).ok_or_else(|| {
                self.err(&at, format!("httpChecksum {key} {member:?} is not a member of the operation's input"))
            })?;
            if self.model.shapes.get(&r.shape).map(|s| s.kind.as_str()) != Some("string") {
                return Err(self.err(&at, format!("httpChecksum {key} {member:?} is not a string member")));
            }
        }
        Ok(Some(HttpChecksum {
            request_required: t.request_checksum_required || op.http_checksum_required,
            request_algorithm_member: t.request_algorithm_member.clone(),
            validation_mode_member: t.request_validation_mode_member.clone(),
            response_algorithms: t.response_algorithms.clone(),
        }))
    }

    /// Splits an endpoint trait's `hostPrefix` into literal text and `{Member}` labels, checking
    /// that each label names a string member of the input marked `hostLabel`.
    fn host_prefix(&self, op: &BOperation, text: &str) -> Result<Vec<HostPrefixPart>, String> {
        let model = self.model;
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
}
