//! The resolved, protocol-neutral service: the one thing emitters read.
//!
//! Every reference is checked and every Rust name decided (by [`crate::names`]) before an IR
//! value exists, so an emitter never re-derives a name or meets a dangling shape. Front ends
//! (botocore, Smithy) produce a [`Service`]; nothing downstream knows which.

pub mod customizations;
pub mod endpoint;
pub mod expr;
mod from_botocore;
mod from_smithy;
pub mod jmespath;
mod paginators;
pub mod retry;
mod subset;
mod waiters;

pub use from_botocore::{from_botocore, MAX_TYPE_NESTING};
// The Smithy front end's raw `@paginated` / `waitable` facts; `waiters` resolves them into the
// IR's `Paginator` and `Waiter`.
pub use from_smithy::{
    from_smithy, Paginator as SmithyPaginator, SmithyService, Waiter as SmithyWaiter, MAX_SMITHY_NESTING,
};
pub use paginators::{add_botocore_paginators, Paginator, TokenMember, MAX_PAGINATION_TOKENS};
pub use subset::{Subset, MAX_SUGGESTIONS};
pub use waiters::{add_botocore_waiters, add_smithy_paginators_waiters, Acceptor, AcceptorState, Matcher, Waiter};

use crate::error::ModelError;
use std::collections::BTreeMap;

/// A shape's key: its model name (`CopySnapshotMessage`), or a synthesized id for operation
/// inputs and outputs (`CopySnapshot$Input`).
pub type ShapeId = String;

/// The wire protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `awsQuery`.
    Query,
    /// EC2 query.
    Ec2,
    /// `awsJson1_0`: `POST /`, `X-Amz-Target: {target_prefix}.{Op}`, JSON bodies (DynamoDB, SQS).
    AwsJson1_0,
    /// `awsJson1_1`: as 1.0, with content type `application/x-amz-json-1.1` (KMS, ECS, Glue).
    AwsJson1_1,
    /// `restJson1`: HTTP bindings (method, URI labels, query, headers, payload), JSON bodies
    /// (Lambda, API Gateway, EKS).
    RestJson1,
    /// `restXml`: the same HTTP bindings as `restJson1`, XML bodies (S3, CloudFront, Route 53,
    /// S3 Control).
    RestXml,
    /// `smithy-rpc-v2-cbor`: `POST /service/{target_prefix}/operation/{Op}`, CBOR bodies
    /// (CloudWatch, CodeBuild, Transcribe).
    RpcV2Cbor,
}

impl Protocol {
    /// Bodies are JSON (`awsJson1_0`, `awsJson1_1`, `restJson1`).
    pub fn is_json(self) -> bool {
        matches!(self, Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1)
    }

    /// Shapes are read as the JSON protocols read them, whatever the bodies' encoding: unions
    /// are enums, documents are supported, error codes are shape names, body timestamps are
    /// epoch seconds (`awsJson1_0`, `awsJson1_1`, `restJson1` and `smithy-rpc-v2-cbor`).
    pub fn is_json_like(self) -> bool {
        self.is_json() || self == Protocol::RpcV2Cbor
    }

    /// A union is a Rust enum ([`ShapeKind::Union`]): the JSON-like protocols and restXml; the
    /// query protocols read it as a structure with optional members.
    pub fn has_unions(self) -> bool {
        self.is_json_like() || self == Protocol::RestXml
    }

    /// Members are bound to the URI, query string, headers and payload ([`Binding`]); in the
    /// other protocols every member is [`Binding::Body`].
    pub fn has_http_bindings(self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml)
    }
}

/// Timestamp wire formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// ISO 8601 / RFC 3339.
    Iso8601,
    /// Epoch seconds.
    EpochSeconds,
    /// RFC 822 / HTTP date.
    HttpDate,
}

/// A whole service.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The service id (`ElastiCache`).
    pub service_id: String,
    /// The full name (`Amazon ElastiCache`).
    pub full_name: String,
    /// `2015-02-02`.
    pub api_version: String,
    /// `elasticache`.
    pub endpoint_prefix: String,
    /// The SigV4 signing name.
    pub signing_name: String,
    /// `ELASTICACHE`: the suffix of `AWS_ENDPOINT_URL_<SUFFIX>`.
    pub env_suffix: String,
    /// `elasticache-2015-02-02`, for `https://docs.aws.amazon.com/goto/WebAPI/<uid>/<Name>` links.
    pub uid: Option<String>,
    /// The model's documentation of the service (HTML, as written: botocore `documentation`,
    /// Smithy `@documentation`); `emit::docs` renders it. The models in `models/` have none.
    pub docs: Option<String>,
    /// The wire protocol.
    pub protocol: Protocol,
    /// Operations in model order.
    pub operations: Vec<Operation>,
    /// Every shape that is emitted or referenced, by id.
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// Error shapes (exceptions), in name order: the variants of the service-wide error.
    pub errors: Vec<ShapeId>,
    /// The endpoint rule set, when the model has one (botocore `endpoint-rule-set-1.json`,
    /// attached with [`Service::with_endpoint_rules`]); without one, the generated client
    /// resolves only a configured endpoint URL.
    pub endpoint_rules: Option<endpoint::EndpointRuleSet>,
    /// Paginated operations, in model order (empty when the model has none).
    pub paginators: Vec<Paginator>,
    /// Waiters, in model order (empty when the model has none).
    pub waiters: Vec<Waiter>,
    /// awsJson: the prefix of the `X-Amz-Target` header (`DynamoDB_20120810`).
    pub target_prefix: Option<String>,
    /// `awsQueryCompatible` (SQS): error replies carry the query protocol's error code in the
    /// `x-amzn-query-error` header, and each error's [`ErrorInfo::code`] is that code.
    pub query_compatible: bool,
    /// botocore `_retry.json`'s policies for this service's endpoint prefix: error codes
    /// retried beyond the standard lists ([`retry::service_policies`]).
    pub retry_policies: Vec<RetryPolicy>,
    /// Operations in the model that are not generated (event streams), with why, in model
    /// order: listed in the crate's README and in `generate`'s output.
    pub omitted_operations: Vec<OmittedOperation>,
    /// Paginators of the model that are not generated (valid, but outside what the generator
    /// supports: a token path beyond the JMESPath subset, a required token member), by
    /// operation name, in model order: listed like omitted operations.
    pub omitted_paginators: Vec<Omitted>,
    /// Waiters of the model that are not generated (an expression beyond the JMESPath subset,
    /// Smithy's `inputOutput` matcher), by waiter name, in model order: listed like omitted
    /// operations.
    pub omitted_waiters: Vec<Omitted>,
    /// Set when the crate is built from some of the model's operations
    /// ([`Service::retain_operations`]): what the subset leaves out, for the README.
    pub subset: Option<Subset>,
}

/// A paginator or waiter of the model that the generated crate leaves out. A malformed one
/// fails generation instead; only what is valid but unsupported is omitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omitted {
    /// The paginated operation (`ListObjects`) or the waiter (`BucketExists`).
    pub name: String,
    /// The operation it pages or polls (for a paginator, its name again).
    pub operation: String,
    /// `output_token: expression `NextMarker || Contents[-1].Key`: only a member path is
    /// supported here`.
    pub reason: String,
}

/// An operation of the model that the generated crate leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OmittedOperation {
    /// `SubscribeToShard`.
    pub name: String,
    /// `its output is an event stream`.
    pub reason: String,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `CopySnapshot`.
    pub name: String,
    /// `copy_snapshot`: the client method (`r#type` for an operation `Type`).
    pub rust_name: String,
    /// `copy_snapshot`: the operation's module under `crate::operation` and its file name
    /// (`type_` for an operation `Type`).
    pub module: String,
    /// `CopySnapshotFluentBuilder`.
    pub fluent_builder: String,
    /// `CopySnapshotInputBuilder`.
    pub input_builder: String,
    /// `CopySnapshotError`.
    pub error_name: String,
    /// The synthesized input structure (`{Op}Input`).
    pub input: ShapeId,
    /// The model gives the operation an input (botocore's `input`; in Smithy, not
    /// `smithy.api#Unit`). RPC v2 CBOR sends no body for an operation without one.
    pub modeled_input: bool,
    /// The synthesized output structure (`{Op}Output`).
    pub output: ShapeId,
    /// `resultWrapper`: the element inside `<{Op}Response>` that holds the output members
    /// (query only; `{Op}Result` when an output is modeled and the model names none).
    pub result_wrapper: Option<String>,
    /// The endpoint trait's host prefix, when the operation has one.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// Encodings the operation accepts for a compressed request body (`gzip`); empty: none.
    pub request_compression: Vec<String>,
    /// Endpoint rule-set parameters the operation always sets (`staticContextParams`), by
    /// parameter name: a `Literal::Bool` or `Literal::String`, checked against the rule set's
    /// parameters when it is attached ([`Service::with_endpoint_rules`]).
    pub static_context_params: BTreeMap<String, endpoint::Literal>,
    /// Endpoint rule-set parameters filled from input members (`contextParam`), in parameter
    /// order: each a string member of the input, checked against the rule set with the static
    /// ones.
    pub context_params: Vec<ContextParam>,
    /// Modeled errors, in name order.
    pub errors: Vec<ShapeId>,
    /// Deprecated in the model.
    pub deprecated: bool,
    /// The HTTP request line (protocols with HTTP bindings; `POST /` for the others).
    pub http: HttpRoute,
    /// Flexible checksums (`httpChecksum`, or the legacy `httpChecksumRequired`).
    pub http_checksum: Option<HttpChecksum>,
    /// Behaviours beyond the model ([`customizations`]), in the table's order.
    pub customizations: Vec<customizations::Customization>,
    /// Sent without credentials or a signature: botocore `authtype: "none"` (or `auth:
    /// ["smithy.api#noAuth"]`), Smithy `@optionalAuth` or `@auth([])` on the operation.
    pub unsigned: bool,
    /// The model's documentation of the operation (HTML, as written).
    pub docs: Option<String>,
}

/// An operation's flexible checksums: botocore `httpChecksum` / Smithy
/// `aws.protocols#httpChecksum`, and the legacy `httpChecksumRequired`, which lowers to a
/// required request checksum with no members (CRC32, as the current SDKs send instead of MD5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpChecksum {
    /// A request must carry a checksum.
    pub request_required: bool,
    /// The input member (model name, a string) choosing the request's algorithm.
    pub request_algorithm_member: Option<String>,
    /// The input member (model name, a string) asking for the reply's checksum (`ENABLED`).
    pub validation_mode_member: Option<String>,
    /// The algorithms a reply may carry, as the model names them (the runtime checks those it
    /// knows).
    pub response_algorithms: Vec<String>,
}

/// An input member whose value fills an endpoint rule-set parameter (`contextParam`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextParam {
    /// The rule-set parameter (`ResourceArn`).
    pub param: String,
    /// The input member (model name), a string.
    pub member: String,
    /// Where the model says so, for errors (`shapes.DescribeTableInput.members.TableName.contextParam`).
    pub at: String,
}

/// Where an operation's request goes: botocore `http`, Smithy `@http`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRoute {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template, split: `/functions/{FunctionName}/code` is `Literal("/functions/")`,
    /// `Label { member: "FunctionName", greedy: false }`, `Literal("/code")`.
    pub path: Vec<PathPart>,
    /// Query parameters written in the URI (`?list-type=2`, `?uploads`: value `None`), in order;
    /// they come before the members bound to the query string.
    pub query: Vec<(String, Option<String>)>,
    /// The status of a successful reply (`200`, `204`...).
    pub success_code: u16,
}

impl HttpRoute {
    /// `POST /`, the route of every operation of the RPC protocols.
    pub fn post_root() -> Self {
        HttpRoute { method: "POST".into(), path: vec![PathPart::Literal("/".into())], query: vec![], success_code: 200 }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text copied as it is.
    Literal(String),
    /// The value of the input member with this model name (`{Key}`), percent-encoded; a greedy
    /// label (`{Key+}`) keeps its `/`s.
    Label {
        /// The member's model name.
        member: String,
        /// `{Key+}`.
        greedy: bool,
    },
}

/// A piece of an operation's host prefix (`foo-{Name}.` is `Literal("foo-")`, `Label("Name")`,
/// `Literal(".")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text copied as it is.
    Literal(String),
    /// The value of the input member with this model name (a required-or-optional string
    /// marked `hostLabel`).
    Label(String),
}

/// A shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The model name (or synthesized id).
    pub id: ShapeId,
    /// The Rust type name for structures and enums (`Snapshot`, `CopySnapshotInput`).
    pub rust_name: String,
    /// Where the type is emitted.
    pub location: Location,
    /// What it is.
    pub kind: ShapeKind,
    /// Values are secrets: Debug redacts them.
    pub sensitive: bool,
    /// Reachable from an operation input (needs a serializer).
    pub in_input: bool,
    /// Reachable from an operation output or error (needs a deserializer).
    pub in_output: bool,
    /// The base of its serializer and deserializer helpers' names (`tag_list` for
    /// `ser_tag_list`, `de_list_tag_list`; see [`crate::names::Helper`]): unique, so no two
    /// helpers collide. Empty for shapes without helpers (scalars).
    pub helper: String,
    /// The model's documentation of the shape (HTML, as written); for an operation's
    /// `{Op}Input`/`{Op}Output`, the modeled input's or output's.
    pub docs: Option<String>,
}

impl Shape {
    /// The wire error code, for exception structures.
    pub fn kind_structure_code(&self) -> Option<String> {
        match &self.kind {
            ShapeKind::Structure(Structure { error: Some(e), .. }) => Some(e.code.clone()),
            _ => None,
        }
    }

    /// The name of one of its helpers (`de_list_tag_list`).
    pub fn helper_name(&self, helper: crate::names::Helper) -> String {
        helper.name(&self.helper)
    }

    /// Whether this is a flattened list or map.
    pub fn kind_is_flat(&self) -> bool {
        match &self.kind {
            ShapeKind::List(l) => l.flattened,
            ShapeKind::Map(m) => m.flattened,
            _ => false,
        }
    }
}

/// The module a named type is emitted in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `crate::types` (shared structures and enums).
    Types,
    /// `crate::error` (exception structures).
    Error,
    /// `crate::operation::<module>` (an operation's input and output).
    Operation(String),
    /// Not a named type (scalars, lists, maps).
    Inline,
}

/// The kinds of shape.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A structure (in `query` and `ec2`, also a union, read as a structure with optional
    /// members).
    Structure(Structure),
    /// A union (JSON protocols, restXml): exactly one member set; a Rust enum with an `Unknown` variant
    /// for members the model does not know yet. Members' `rust_name` is the variant name
    /// (never `Unknown`); their `plain_name` a snake-case name unique in the union, for
    /// accessors (`as_circle`).
    Union(Structure),
    /// A document: an untyped JSON-like value (`awsgen_runtime::Document`).
    Document,
    /// A list.
    List(List),
    /// A map.
    Map(Map),
    /// A string; `Some(values)` for an enum.
    String(Option<Vec<EnumValue>>),
    /// `bool`.
    Boolean,
    /// `i32`.
    Integer,
    /// `i64`.
    Long,
    /// `f32`.
    Float,
    /// `f64`.
    Double,
    /// A timestamp, with the shape's own format if it sets one.
    Timestamp(Option<TimestampFormat>),
    /// Bytes.
    Blob,
}

/// A structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// Members in model order.
    pub members: Vec<Member>,
    /// The error trait, for exceptions.
    pub error: Option<ErrorInfo>,
    /// Members that must be set are plain fields (operation inputs) rather than `Option`.
    pub required_is_plain: bool,
    /// restXml: the element name of the structure as a document root. For an operation's input,
    /// the input reference's `locationName`, else the input shape's name; for another structure,
    /// its own `locationName` (Smithy `@xmlName` on the shape), when it has one.
    pub xml_name: Option<String>,
    /// restXml: the namespace the structure's root element declares: an operation input's
    /// reference's, else its shape's, else the service's; another structure's own.
    pub xml_namespace: Option<XmlNamespace>,
}

/// An XML namespace an element declares (`xmlNamespace`, Smithy `@xmlNamespace`): `xmlns="uri"`,
/// or `xmlns:prefix="uri"` with a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The prefix, if any.
    pub prefix: Option<String>,
    /// The namespace URI.
    pub uri: String,
}

/// An error code a service's clients retry (from `_retry.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wire error code.
    pub code: String,
    /// The status it must come with, when the policy names one.
    pub status: Option<u16>,
    /// Whether it means "slow down".
    pub throttling: bool,
}

/// The error facts of an exception shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    /// The wire code (`InvalidSnapshotState` for `InvalidSnapshotStateFault`).
    pub code: String,
    /// The HTTP status the service uses.
    pub http_status: u16,
    /// Caller's fault.
    pub sender_fault: bool,
    /// The model name of the member that holds the error message (`Message`, `message`): it is
    /// not a field, since the message lives in the error's metadata.
    pub message_member: Option<String>,
    /// Another code that names this error on the wire: in an `awsQueryCompatible` service whose
    /// error has a query code ([`ErrorInfo::code`]), the shape name `__type` carries when the
    /// `x-amzn-query-error` header is missing.
    pub alt_code: Option<String>,
    /// The `retryable` trait: `Some(throttling)` when the model says repeating the call may
    /// help (the client retries it; a throttling one as throttling).
    pub retryable: Option<bool>,
}

/// A structure member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The model name (`SourceSnapshotName`).
    pub name: String,
    /// The Rust field name (`source_snapshot_name`, `r#type`).
    pub rust_name: String,
    /// The setter-style name without raw prefix (`type` for `r#type`): `set_type`.
    pub plain_name: String,
    /// The target shape.
    pub target: ShapeId,
    /// The key segment on the wire for this protocol (query: as [`Member::xml_name`]; ec2:
    /// `queryName`, else the capitalized `locationName` or name). Responses use
    /// [`Member::xml_name`].
    pub query_name: String,
    /// The element name in responses: `locationName` or name, except that a list flattened at
    /// its shape (not at the member) is named after its element's `locationName` when it has
    /// one (botocore's rule; a member-level `flattened` is Smithy's, which keeps the member's
    /// name).
    pub xml_name: String,
    /// `locationName` as written in the model.
    pub location_name: Option<String>,
    /// Required by the model.
    pub required: bool,
    /// A flattened list or map (member- or shape-level).
    pub flattened: bool,
    /// Serialized as an XML attribute.
    pub xml_attribute: bool,
    /// restXml: the namespace the member's element declares (the member's `xmlNamespace`, else
    /// its target shape's).
    pub xml_namespace: Option<XmlNamespace>,
    /// The timestamp format in force for this member.
    pub timestamp_format: TimestampFormat,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// Auto-filled with a random token when unset.
    pub idempotency_token: bool,
    /// Deprecated in the model.
    pub deprecated: bool,
    /// Where the member goes in the HTTP message ([`Binding::Body`] in protocols without
    /// HTTP bindings).
    pub binding: Binding,
    /// The key of the member in a JSON body: `jsonName` (Smithy) or `locationName` (botocore),
    /// else the member name.
    pub json_name: String,
    /// A header holding base64-encoded JSON (botocore `jsonvalue`, Smithy `@mediaType` JSON).
    pub json_value: bool,
    /// A blob sent or read as a stream (`streaming` on its shape): `ByteStream`, not bytes.
    pub streaming: bool,
    /// The model's documentation of the member (HTML, as written).
    pub docs: Option<String>,
}

/// Where a member goes in the HTTP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// In the JSON (or XML, or form) body, under its [`Member::json_name`].
    Body,
    /// A path label of the operation's [`HttpRoute`].
    Label,
    /// A query parameter with this name (lists repeat it).
    Query(String),
    /// Every entry of this map member as a query parameter (`@httpQueryParams`), after the
    /// named ones, which take precedence.
    QueryParams,
    /// A header with this name (lists comma-separated).
    Header(String),
    /// Every entry of this map member as a header named with this prefix.
    PrefixHeaders(String),
    /// The whole body: a structure, union or document as the protocol's document, a blob or
    /// string as bytes (`payload` / `@httpPayload`).
    Payload,
    /// The reply's status code (outputs).
    StatusCode,
    /// Not in the message: a path label the endpoint rules place, sent through the member's
    /// `contextParam` ([`customizations::LABELS_PLACED_BY_ENDPOINT`]: S3's `Bucket`).
    Endpoint,
}
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// The element shape.
    pub member: ShapeId,
    /// The element's `locationName` (query: `Name.<locationName>.N`; default `member`).
    pub member_location_name: Option<String>,
    /// The element's EC2 query name, if set.
    pub member_query_name: Option<String>,
    /// restXml: the namespace each element declares (the element reference's, else its
    /// shape's).
    pub member_xml_namespace: Option<XmlNamespace>,
    /// Shape-level flattened.
    pub flattened: bool,
    /// `sparse`: elements may be null (`Vec<Option<T>>`).
    pub sparse: bool,
}

/// A map.
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    /// The key shape.
    pub key: ShapeId,
    /// The value shape.
    pub value: ShapeId,
    /// The key's element name (default `key`).
    pub key_name: String,
    /// The value's element name (default `value`).
    pub value_name: String,
    /// restXml: the namespaces the key and value elements declare (their references', else
    /// their shapes').
    pub key_xml_namespace: Option<XmlNamespace>,
    /// See [`Map::key_xml_namespace`].
    pub value_xml_namespace: Option<XmlNamespace>,
    /// Shape-level flattened.
    pub flattened: bool,
    /// `sparse`: values may be null (`BTreeMap<String, Option<T>>`).
    pub sparse: bool,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The wire value (`cache.t2.micro`).
    pub value: String,
    /// The variant name (`CacheT2Micro`).
    pub rust_name: String,
    /// The model's documentation of the value (Smithy only: botocore has no place for it).
    pub docs: Option<String>,
}

impl Service {
    /// The service with its endpoint rule set, once every operation's static and member
    /// context parameters are checked against it: each must name a parameter the rule set
    /// declares, which no built-in fills, of its value's type. A static one's error is located
    /// in `file` at `path(operation, parameter)`, the format's way of naming the entry; a
    /// member's at its `ContextParam::at`.
    pub fn with_endpoint_rules(
        mut self,
        rules: endpoint::EndpointRuleSet,
        file: &str,
        path: impl Fn(&str, &str) -> String,
    ) -> Result<Self, ModelError> {
        for op in &self.operations {
            for (name, value) in &op.static_context_params {
                let err = |m: String| ModelError::new(file, path(&op.name, name), m);
                let Some(param) = rules.params.iter().find(|p| &p.name == name) else {
                    return Err(err(format!("the endpoint rule set declares no parameter {name:?}")));
                };
                if let Some(b) = &param.built_in {
                    return Err(err(format!(
                        "parameter {name:?} is the built-in {}, which only the SDK sets",
                        b.name()
                    )));
                }
                let fits = matches!(
                    (value, param.ty),
                    (endpoint::Literal::Bool(_), endpoint::Type::Bool)
                        | (endpoint::Literal::String(_), endpoint::Type::String)
                );
                if !fits {
                    let ty = match param.ty {
                        endpoint::Type::Bool => "boolean",
                        endpoint::Type::String => "string",
                        _ => "stringArray",
                    };
                    let given = if matches!(value, endpoint::Literal::Bool(_)) { "a boolean" } else { "a string" };
                    return Err(err(format!("parameter {name:?} is a {ty}, but the value is {given}")));
                }
            }
        }
        for op in &self.operations {
            for c in &op.context_params {
                let err = |m: String| ModelError::new(file, &c.at, m);
                let name = &c.param;
                let Some(param) = rules.params.iter().find(|p| &p.name == name) else {
                    return Err(err(format!("the endpoint rule set declares no parameter {name:?}")));
                };
                if let Some(b) = &param.built_in {
                    return Err(err(format!(
                        "parameter {name:?} is the built-in {}, which only the SDK sets",
                        b.name()
                    )));
                }
                if param.ty != endpoint::Type::String {
                    return Err(err(format!("parameter {name:?} is not a string, but the member is")));
                }
            }
        }
        self.endpoint_rules = Some(rules);
        Ok(self)
    }

    /// The shape with this id. Every id in a [`Service`] resolves: the front end checked.
    pub fn shape(&self, id: &str) -> &Shape {
        match self.shapes.get(id) {
            Some(s) => s,
            None => unreachable_shape(id),
        }
    }

    /// The structure of a structure shape.
    pub fn structure(&self, id: &str) -> &Structure {
        match &self.shape(id).kind {
            ShapeKind::Structure(s) => s,
            _ => unreachable_shape(id),
        }
    }

    /// The format a timestamp shape uses when no member overrides it (a list element, a map
    /// value): the shape's own, else the body's default, ISO 8601 in the query protocols and
    /// epoch seconds in the JSON protocols.
    pub fn timestamp_format_of(&self, id: &str) -> TimestampFormat {
        match self.shape(id).kind {
            ShapeKind::Timestamp(Some(f)) => f,
            _ if self.protocol.is_json() => TimestampFormat::EpochSeconds,
            _ => TimestampFormat::Iso8601,
        }
    }

    /// The operation with this model name.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }

    /// What the generated crate leaves out of the model, as (`"operation"`, `"paginator of"`
    /// or `"waiter"`, name, reason), in model order: the crate's README lists them, and
    /// `cargo xtask generate` prints them.
    pub fn left_out(&self) -> Vec<(&'static str, &str, &str)> {
        let ops = self.omitted_operations.iter().map(|o| ("operation", o.name.as_str(), o.reason.as_str()));
        let pages = self.omitted_paginators.iter().map(|o| ("paginator of", o.name.as_str(), o.reason.as_str()));
        let waiters = self.omitted_waiters.iter().map(|o| ("waiter", o.name.as_str(), o.reason.as_str()));
        ops.chain(pages).chain(waiters).collect()
    }

    /// Whether the operation's fluent builder gets `presigned(config)`
    /// ([`customizations::PRESIGNED_OPERATIONS`]).
    pub fn is_presigned(&self, operation: &str) -> bool {
        customizations::is_presigned(&self.service_id, operation)
    }

    /// The paginator of an operation, if it has one.
    pub fn paginator(&self, operation: &str) -> Option<&Paginator> {
        self.paginators.iter().find(|p| p.operation == operation)
    }

    /// A link to the AWS API reference for an operation or type, when the model has a uid.
    /// The model's uid and the name are percent-encoded, so whatever they hold, the link is
    /// one URL (no spaces, parentheses or quotes to end a Markdown link early).
    pub fn doc_link(&self, name: &str) -> Option<String> {
        self.uid.as_ref().map(|uid| {
            format!("https://docs.aws.amazon.com/goto/WebAPI/{}/{}", percent_encode(uid), percent_encode(name))
        })
    }
}

/// `s` with every byte outside RFC 3986's unreserved characters percent-encoded.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A union or document reached a query emitter: the query front end lowers unions to
/// structures and rejects documents, so this is a generator bug.
#[cold]
pub(crate) fn not_in_query(id: &str) -> ! {
    panic!("IR invariant broken: shape {id:?} is a union or document in a query-protocol service")
}

#[cold]
fn unreachable_shape(id: &str) -> ! {
    // The front end validated every reference; reaching this is a generator bug.
    panic!("IR invariant broken: shape {id:?} missing or of the wrong kind")
}
