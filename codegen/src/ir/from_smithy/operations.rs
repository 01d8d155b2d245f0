//! Step 4: the service's operations, and its resources' (recursively), restated as botocore
//! operations in name order (Smithy's operation list is a set; botocore lists operations by
//! name).

use super::resolve::MAX_SMITHY_NESTING;
use super::shapes::UNIT;
use super::Lowering;
use crate::error::ModelError;
use crate::ir::Protocol;
use crate::model::botocore as b;
use crate::model::smithy as s;
use std::collections::BTreeSet;

impl Lowering<'_> {
    /// Step 4: every operation of the service, as `(name, operation)` in name order.
    pub(super) fn operations(&mut self) -> Result<Vec<(String, b::Operation)>, ModelError> {
        let service_id = self.service_id.clone();
        self.collect_operations(&service_id, &mut BTreeSet::new(), 0)?;
        if let Some(m) = self.op_ids.iter().find(|id| self.is_mixin(id)) {
            return Err(self.err(m, "a mixin, not an operation the service can have"));
        }
        let mut operations = Vec::new();
        for op_id in &self.op_ids {
            let name = self.names[op_id].clone();
            operations.push((name.clone(), self.operation(op_id, name)?));
        }
        operations.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(operations)
    }

    /// Adds the operations of service or resource `id` to `op_ids`, then those of its
    /// resources; `seen` holds the resources already walked, `depth` how deep `id` is.
    fn collect_operations(&mut self, id: &str, seen: &mut BTreeSet<String>, depth: usize) -> Result<(), ModelError> {
        if !seen.insert(id.to_string()) {
            return Ok(());
        }
        if depth > MAX_SMITHY_NESTING {
            return Err(self.err(id, format!("resources nest more than {MAX_SMITHY_NESTING} deep")));
        }
        let defs = self.defs;
        let s = &defs[id];
        let lifecycle = [&s.create, &s.put, &s.read, &s.update, &s.delete, &s.list];
        let op_targets =
            s.operations.iter().chain(s.collection_operations.iter()).chain(lifecycle.into_iter().flatten());
        for t in op_targets {
            match defs.get(&t.target) {
                Some(o) if o.kind == "operation" => {
                    self.op_ids.insert(t.target.clone());
                }
                Some(o) => return Err(self.err(id, format!("{:?} is a {}, not an operation", t.target, o.kind))),
                None => return Err(self.err(id, format!("operation: target {:?} not found", t.target))),
            }
        }
        for t in &s.resources {
            match defs.get(&t.target) {
                Some(r) if r.kind == "resource" => self.collect_operations(&t.target, seen, depth + 1)?,
                Some(r) => return Err(self.err(id, format!("{:?} is a {}, not a resource", t.target, r.kind))),
                None => return Err(self.err(id, format!("resource: target {:?} not found", t.target))),
            }
        }
        Ok(())
    }

    /// Operation `op_id`, named `name`: its input, output, errors (its own, then the
    /// service's) and traits.
    fn operation(&self, op_id: &str, name: String) -> Result<b::Operation, ModelError> {
        let traits = &self.resolved[op_id].traits;
        let ast = &self.defs[op_id];
        let input = self.io_structure(op_id, "input", &ast.input)?;
        let output = self.io_structure(op_id, "output", &ast.output)?;
        let mut errors = Vec::new();
        for e in ast.errors.iter().chain(self.service().errors.iter()) {
            match self.resolved.get(&e.target) {
                Some(r)
                    if r.kind == "structure"
                        && r.traits.get("smithy.api#error").is_some()
                        && !self.is_mixin(&e.target) =>
                {
                    let n = self.names[&e.target].clone();
                    if !errors.iter().any(|x: &b::ShapeRef| x.shape == n) {
                        errors.push(b::ShapeRef { shape: n, ..Default::default() });
                    }
                }
                Some(_) => return Err(self.err(op_id, format!("error {:?} is not a structure with @error", e.target))),
                None => return Err(self.err(op_id, format!("error: target {:?} not found", e.target))),
            }
        }
        let endpoint: Option<s::EndpointTrait> = self.trait_value(op_id, traits, "smithy.api#endpoint")?;
        let compression: Option<s::RequestCompressionTrait> =
            self.trait_value(op_id, traits, "smithy.api#requestCompression")?;
        let static_context_params: Option<std::collections::BTreeMap<String, b::StaticContextParam>> =
            self.trait_value(op_id, traits, "smithy.rules#staticContextParams")?;
        let http_checksum: Option<b::HttpChecksumTrait> =
            self.trait_value(op_id, traits, "aws.protocols#httpChecksum")?;
        // `@optionalAuth`, or `@auth([])` (no scheme applies): sent unsigned.
        let auth: Option<Vec<String>> = self.trait_value(op_id, traits, "smithy.api#auth")?;
        let unsigned = traits.get("smithy.api#optionalAuth").is_some() || auth.is_some_and(|a| a.is_empty());
        let http = match self.protocol {
            Protocol::RestJson1 | Protocol::RestXml => {
                let name = if self.protocol == Protocol::RestXml { "restXml" } else { "restJson1" };
                let h: s::HttpTrait = self
                    .trait_value(op_id, traits, "smithy.api#http")?
                    .ok_or_else(|| self.err(op_id, format!("an operation of a {name} service needs @http")))?;
                Some(b::Http { method: Some(h.method), request_uri: Some(h.uri), response_code: h.code })
            }
            // The RPC protocols send every operation as `POST /`.
            _ => None,
        };
        Ok(b::Operation {
            http,
            input: input.map(|shape| b::ShapeRef { shape, ..Default::default() }),
            output: output.map(|shape| b::ShapeRef {
                shape,
                // awsQuery wraps output members in `<{Op}Result>`.
                result_wrapper: (self.protocol == Protocol::Query).then(|| format!("{name}Result")),
                ..Default::default()
            }),
            errors,
            deprecated: traits.get("smithy.api#deprecated").is_some(),
            endpoint: endpoint.map(|e| b::EndpointTrait { host_prefix: e.host_prefix }),
            requestcompression: compression.map(|c| b::RequestCompression { encodings: c.encodings }),
            static_context_params: static_context_params.unwrap_or_default(),
            http_checksum,
            http_checksum_required: traits.get("smithy.api#httpChecksumRequired").is_some(),
            auth: unsigned.then(|| vec![b::NO_AUTH.to_string()]),
            authtype: None,
            documentation: self.trait_value(op_id, traits, super::shapes::DOCUMENTATION)?,
            name,
        })
    }

    /// The botocore name of an operation's input or output structure (`what`), or `None` for
    /// none or `smithy.api#Unit`.
    fn io_structure(&self, op_id: &str, what: &str, t: &Option<s::Target>) -> Result<Option<String>, ModelError> {
        match t {
            None => Ok(None),
            Some(t) if t.target == UNIT => Ok(None),
            Some(t) => match self.resolved.get(&t.target) {
                Some(r) if r.kind == "structure" && !self.is_mixin(&t.target) => {
                    Ok(Some(self.names[&t.target].clone()))
                }
                Some(r) => Err(self.err(op_id, format!("{what} {:?} is a {}, expected a structure", t.target, r.kind))),
                None => Err(self.err(op_id, format!("{what}: target {:?} not found", t.target))),
            },
        }
    }
}
