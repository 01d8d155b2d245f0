//! Step 2, second part: event-stream operations are left out, and, for protocols with HTTP
//! bindings, each operation's route (`http.method`, `http.requestUri`, `http.responseCode`)
//! and its input's, output's and errors' member locations are checked; members then get their
//! [`Binding`] from [`Lowering::binding`].

use super::Lowering;
use crate::error::ModelError;
use crate::ir::*;
use crate::model::botocore::{Operation as BOperation, Shape as BShape, ShapeRef};

/// Which side of the exchange a structure's members are read on: bindings differ (a label or
/// query parameter means nothing in a reply, a status code nothing in a request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// An operation's input.
    Request,
    /// An operation's output, or an error.
    Reply,
}

impl Lowering<'_> {
    /// Leaves out the operations whose input or output has a member that is an event stream:
    /// they are listed in [`Service::omitted_operations`], and nothing is reachable through
    /// them.
    pub(super) fn find_omitted(&mut self) {
        let model = self.model;
        for (name, op) in model.operations.iter() {
            let streams = |r: &Option<ShapeRef>| {
                let members = r.as_ref().and_then(|r| model.shapes.get(&r.shape)).and_then(|s| s.members.as_ref());
                members
                    .is_some_and(|m| m.iter().any(|(_, m)| model.shapes.get(&m.shape).is_some_and(|t| t.eventstream)))
            };
            let reason = match (streams(&op.input), streams(&op.output)) {
                (true, true) => "its input and its output are event streams",
                (true, false) => "its input is an event stream",
                (false, true) => "its output is an event stream",
                (false, false) => continue,
            };
            self.omitted.push(OmittedOperation { name: name.clone(), reason: reason.into() });
        }
    }

    /// For protocols with HTTP bindings: each generated operation's route, and the locations
    /// of the members of its input, its output and every error.
    pub(super) fn validate_http(&mut self) -> Result<(), ModelError> {
        if !self.protocol.has_http_bindings() {
            return Ok(());
        }
        let model = self.model;
        for (name, op) in self.kept_operations() {
            if let Some(i) = &op.input {
                self.check_bindings(&i.shape, Side::Request)?;
            }
            if let Some(o) = &op.output {
                self.check_bindings(&o.shape, Side::Reply)?;
            }
            for e in &op.errors {
                self.check_bindings(&e.shape, Side::Reply)?;
            }
            let route = self.route(name, op)?;
            self.routes.insert(name.clone(), route);
        }
        for (name, s) in model.shapes.iter() {
            if s.exception || s.error.is_some() || s.fault {
                self.check_bindings(name, Side::Reply)?;
            }
        }
        Ok(())
    }

    /// The route of operation `name` from its `http` trait.
    fn route(&self, name: &str, op: &BOperation) -> Result<HttpRoute, ModelError> {
        let base = format!("operations.{name}.http");
        let http = op.http.as_ref().ok_or_else(|| self.err(&base, "an operation of a rest protocol needs `http`"))?;
        let method = http.method.clone().ok_or_else(|| self.err(&base, "`http` without `method`"))?;
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(self.err(format!("{base}.method"), format!("{method:?} is not an HTTP method")));
        }
        let uri = http.request_uri.as_deref().ok_or_else(|| self.err(&base, "`http` without `requestUri`"))?;
        let at = format!("{base}.requestUri");
        let placed = self.endpoint_label().and_then(|label| customizations::strip_endpoint_label(uri, label));
        let (path, query) = parse_request_uri(placed.as_deref().unwrap_or(uri)).map_err(|m| self.err(&at, m))?;
        let path = self.resolve_labels(op, path).map_err(|m| self.err(&at, m))?;
        let success_code = http.response_code.unwrap_or(200);
        if !(100..=599).contains(&success_code) {
            return Err(self.err(format!("{base}.responseCode"), format!("{success_code} is not an HTTP status")));
        }
        Ok(HttpRoute { method, path, query, success_code })
    }

    /// The path with each label resolved to the input member it names: the member bound to
    /// the URI whose `locationName` (else name) is the label. Each label names one such member,
    /// once, and each such member has a label.
    fn resolve_labels(&self, op: &BOperation, path: Vec<PathPart>) -> Result<Vec<PathPart>, String> {
        let members = op.input.as_ref().and_then(|i| self.model.shapes.get(&i.shape)).and_then(|s| s.members.as_ref());
        let uri_members: Vec<(&String, &ShapeRef)> = members
            .map(|m| m.iter().filter(|(_, r)| r.location.as_deref() == Some("uri")).collect())
            .unwrap_or_default();
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::with_capacity(path.len());
        for part in path {
            let PathPart::Label { member: label, greedy } = part else {
                out.push(part);
                continue;
            };
            let wire = |(n, r): &&(&String, &ShapeRef)| r.location_name.as_deref().unwrap_or(n.as_str()) == label;
            let Some((member, _)) = uri_members.iter().find(wire) else {
                return Err(format!("label {{{label}}} names no input member bound to the URI (location \"uri\")"));
            };
            if seen.contains(member) {
                return Err(format!("label {{{label}}} appears twice"));
            }
            seen.push(member.to_string());
            out.push(PathPart::Label { member: member.to_string(), greedy });
        }
        let placed = |(n, r): &&(&String, &ShapeRef)| {
            self.endpoint_label() == Some(r.location_name.as_deref().unwrap_or(n.as_str()))
        };
        if let Some((n, _)) = uri_members.iter().filter(|m| !placed(m)).find(|(n, _)| !seen.contains(n)) {
            return Err(format!("input member {n:?} is bound to the URI but the path has no label for it"));
        }
        Ok(out)
    }

    /// The member locations of structure `name` (an input, read on the request side, or an
    /// output or error, on the reply side), checked against the target's kind; its `payload`,
    /// if any, names a member with no location. Locations that mean nothing on a side (a label
    /// in a reply, a status code in a request) are the body's, as botocore reads them.
    fn check_bindings(&self, name: &str, side: Side) -> Result<(), ModelError> {
        let model = self.model;
        let Some(s) = model.shapes.get(name) else { return Ok(()) };
        let Some(members) = &s.members else { return Ok(()) };
        for (m, r) in members.iter() {
            let Some(loc) = r.location.as_deref() else { continue };
            let at = format!("shapes.{name}.members.{m}.location");
            let target = model.shapes.get(&r.shape).map(|t| t.kind.as_str()).unwrap_or("");
            let fits = match (loc, side) {
                ("uri", Side::Request) => is_scalar(target),
                ("querystring", Side::Request) => {
                    is_scalar(target) || self.is_list_of(&r.shape, is_scalar) || self.is_query_map(&r.shape)
                }
                ("header", _) => is_scalar(target) || target == "blob" || self.is_list_of(&r.shape, is_scalar),
                ("headers", _) => self.map_value_is(&r.shape, |v| v.kind == "string"),
                ("statusCode", Side::Reply) => target == "integer",
                ("uri" | "querystring", Side::Reply) | ("statusCode", Side::Request) => true,
                (other, _) => {
                    return Err(self.err(
                        at,
                        format!("unknown location {other:?} (expected uri, querystring, header, headers, statusCode)"),
                    ))
                }
            };
            if !fits {
                return Err(self.err(at, format!("a member of type {target:?} cannot be bound to location {loc:?}")));
            }
        }
        if let Some(p) = &s.payload {
            let at = format!("shapes.{name}.payload");
            let r = members.get(p).ok_or_else(|| self.err(&at, format!("payload {p:?} is not a member")))?;
            if let Some(loc) = &r.location {
                return Err(self.err(at, format!("payload {p:?} is also bound to location {loc:?}")));
            }
            let kind = model.shapes.get(&r.shape).map(|t| t.kind.as_str()).unwrap_or("");
            if !matches!(kind, "structure" | "blob" | "string") {
                return Err(self
                    .err(at, format!("payload {p:?} is of type {kind:?}; a payload is a structure, blob or string")));
            }
        }
        Ok(())
    }

    /// Whether `list` is a list whose element's kind passes `elem`.
    fn is_list_of(&self, list: &str, elem: impl Fn(&str) -> bool) -> bool {
        let model = self.model;
        let s = model.shapes.get(list).filter(|s| s.kind == "list");
        let e = s.and_then(|s| s.member.as_ref()).and_then(|m| model.shapes.get(&m.shape));
        e.is_some_and(|e| elem(&e.kind))
    }

    /// Whether `map` is a map whose value passes `value`.
    fn map_value_is(&self, map: &str, value: impl Fn(&BShape) -> bool) -> bool {
        let model = self.model;
        let v = model.shapes.get(map).filter(|s| s.kind == "map").and_then(|s| s.value.as_ref());
        v.and_then(|v| model.shapes.get(&v.shape)).is_some_and(value)
    }

    /// A map of strings or of lists of strings (`@httpQueryParams`).
    fn is_query_map(&self, map: &str) -> bool {
        let model = self.model;
        self.map_value_is(map, |v| {
            v.kind == "string"
                || (v.kind == "list"
                    && v.member.as_ref().and_then(|m| model.shapes.get(&m.shape)).is_some_and(|e| e.kind == "string"))
        })
    }

    /// The path label this service's endpoint rules place
    /// ([`customizations::LABELS_PLACED_BY_ENDPOINT`]).
    fn endpoint_label(&self) -> Option<&'static str> {
        let meta = &self.model.metadata;
        customizations::label_placed_by_endpoint(meta.service_id.as_deref().unwrap_or(&meta.service_full_name))
    }

    /// Where member `mname` (`r`) of structure `s`, read on `side`, goes in the HTTP message:
    /// [`Binding::Body`] unless the protocol has HTTP bindings and the member is bound.
    /// `side` is `None` for a structure nested in another, whose members are all in the body.
    pub(super) fn binding(&self, s: &BShape, mname: &str, r: &ShapeRef, side: Option<Side>) -> Binding {
        let Some(side) = side.filter(|_| self.protocol.has_http_bindings()) else { return Binding::Body };
        let name = || r.location_name.clone().unwrap_or_else(|| mname.to_string());
        let is_map = self.model.shapes.get(&r.shape).is_some_and(|t| t.kind == "map");
        match (r.location.as_deref(), side) {
            (Some("uri"), Side::Request) if self.endpoint_label() == Some(name().as_str()) => Binding::Endpoint,
            (Some("uri"), Side::Request) => Binding::Label,
            (Some("querystring"), Side::Request) if is_map => Binding::QueryParams,
            (Some("querystring"), Side::Request) => Binding::Query(name()),
            (Some("header"), _) => Binding::Header(name()),
            (Some("headers"), _) => Binding::PrefixHeaders(r.location_name.clone().unwrap_or_default()),
            (Some("statusCode"), Side::Reply) => Binding::StatusCode,
            (None, _) if s.payload.as_deref() == Some(mname) => Binding::Payload,
            _ => Binding::Body,
        }
    }
}

/// botocore's scalar kinds (what a label, query parameter or header can hold).
pub(super) fn is_scalar(kind: &str) -> bool {
    matches!(kind, "string" | "character" | "boolean" | "integer" | "long" | "float" | "double" | "timestamp")
}

/// The default format of a timestamp in `binding` under `protocol`: the JSON protocols write
/// epoch seconds in bodies, HTTP dates in headers and ISO 8601 in the URI and query string;
/// restXml writes HTTP dates in headers and ISO 8601 elsewhere; the query protocols write
/// ISO 8601.
pub(super) fn default_timestamp_format(protocol: Protocol, binding: &Binding) -> TimestampFormat {
    match binding {
        Binding::Header(_) | Binding::PrefixHeaders(_) if protocol == Protocol::RestXml => TimestampFormat::HttpDate,
        _ if !protocol.is_json_like() => TimestampFormat::Iso8601,
        Binding::Header(_) | Binding::PrefixHeaders(_) => TimestampFormat::HttpDate,
        Binding::Label | Binding::Query(_) | Binding::QueryParams | Binding::Endpoint => TimestampFormat::Iso8601,
        Binding::Body | Binding::Payload | Binding::StatusCode => TimestampFormat::EpochSeconds,
    }
}

/// The query parameters written in a request URI ([`HttpRoute::query`]).
type QueryLiterals = Vec<(String, Option<String>)>;

/// Splits a `requestUri` into its path (literal text and `{Label}` / `{Label+}` parts) and
/// the query parameters written after `?` (`a=b` or a bare `a`, in order). Labels are given
/// as written; [`Lowering::resolve_labels`] maps them to member names.
pub(super) fn parse_request_uri(uri: &str) -> Result<(Vec<PathPart>, QueryLiterals), String> {
    let (path, query) = match uri.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (uri, None),
    };
    if !path.starts_with('/') {
        return Err(format!("{uri:?} does not start with `/`"));
    }
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err(format!("unmatched `}}` in {uri:?}"));
        }
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = after.find(['{', '}']).filter(|&c| after.as_bytes()[c] == b'}');
        let close = close.ok_or_else(|| format!("unclosed `{{` in {uri:?}"))?;
        let label = &after[..close];
        let (member, greedy) = match label.strip_suffix('+') {
            Some(m) => (m, true),
            None => (label, false),
        };
        if member.is_empty() {
            return Err(format!("empty label `{{{label}}}` in {uri:?}"));
        }
        parts.push(PathPart::Label { member: member.to_string(), greedy });
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    let mut params = Vec::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        if pair.contains(['{', '}']) {
            return Err(format!("a label in the query string of {uri:?} (only the path can have labels)"));
        }
        params.push(match pair.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (pair.to_string(), None),
        });
    }
    Ok((parts, params))
}
