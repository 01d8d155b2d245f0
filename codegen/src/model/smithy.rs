//! The Smithy 2.0 JSON AST, as typed serde structs, plus the typed form of the traits the
//! generator reads.
//!
//! Shapes are one struct whose optional fields cover every shape type (`type` says which are
//! meaningful); traits stay a map of trait id → raw JSON here, and [`trait_value`] decodes one
//! into its typed struct (below) on demand, so a trait the generator does not know is simply
//! never looked at. Meaning (mixins, `apply`, references) is given by `ir::from_smithy`.

use crate::error::ModelError;
use crate::model::botocore::indexmap_like::OrderedMap;
use serde::Deserialize;

/// A whole JSON AST document.
#[derive(Debug, Clone, Deserialize)]
pub struct SmithyModel {
    /// The IDL version: `2.0` (`1.0` documents load too; `set` is read as `list`).
    pub smithy: String,
    /// Shapes (and `apply` entries) by absolute shape id, in document order.
    #[serde(default)]
    pub shapes: OrderedMap<AstShape>,
}

/// A reference to a shape: `{"target": "ns#Name"}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    /// The absolute shape id.
    pub target: String,
}

/// A member of a structure, union, enum, list or map.
#[derive(Debug, Clone, Deserialize)]
pub struct AstMember {
    /// The absolute id of the target shape (`smithy.api#Unit` for enum members).
    pub target: String,
    /// Traits by absolute trait id.
    #[serde(default)]
    pub traits: OrderedMap<serde_json::Value>,
}

/// A shape, or an `apply` entry (`type: "apply"`, traits only).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AstShape {
    /// `structure`, `union`, `list`, `map`, `string`, `enum`, `intEnum`, `integer`, ...,
    /// `service`, `operation`, `resource`, `apply`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Traits by absolute trait id.
    #[serde(default)]
    pub traits: OrderedMap<serde_json::Value>,
    /// Mixins whose members and traits this shape takes.
    #[serde(default)]
    pub mixins: Vec<Target>,
    /// Members of a structure, union, enum or intEnum, in order.
    #[serde(default)]
    pub members: Option<OrderedMap<AstMember>>,
    /// The element of a list (or `set`).
    #[serde(default)]
    pub member: Option<AstMember>,
    /// The key of a map.
    #[serde(default)]
    pub key: Option<AstMember>,
    /// The value of a map.
    #[serde(default)]
    pub value: Option<AstMember>,
    /// A service's API version.
    #[serde(default)]
    pub version: Option<String>,
    /// A service's or resource's operations.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// A service's or resource's resources.
    #[serde(default)]
    pub resources: Vec<Target>,
    /// A resource's collection operations.
    #[serde(default)]
    pub collection_operations: Vec<Target>,
    /// A resource's lifecycle operations.
    #[serde(default)]
    pub create: Option<Target>,
    /// See `create`.
    #[serde(default)]
    pub put: Option<Target>,
    /// See `create`.
    #[serde(default)]
    pub read: Option<Target>,
    /// See `create`.
    #[serde(default)]
    pub update: Option<Target>,
    /// See `create`.
    #[serde(default)]
    pub delete: Option<Target>,
    /// See `create`.
    #[serde(default)]
    pub list: Option<Target>,
    /// An operation's errors, or a service's errors common to every operation.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// A service's renames: shape id → the name it takes in this service.
    #[serde(default)]
    pub rename: OrderedMap<String>,
    /// An operation's input.
    #[serde(default)]
    pub input: Option<Target>,
    /// An operation's output.
    #[serde(default)]
    pub output: Option<Target>,
}

/// `aws.api#service`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsServiceTrait {
    /// `ElastiCache`.
    pub sdk_id: String,
    /// `elasticache`; when absent the ARN namespace is used.
    #[serde(default)]
    pub endpoint_prefix: Option<String>,
    /// `elasticache`; defaults to the service shape's name, lower-cased.
    #[serde(default)]
    pub arn_namespace: Option<String>,
    /// The documentation id; defaults to `{sdkId, lower-cased, spaces as -}-{version}`.
    #[serde(default)]
    pub doc_id: Option<String>,
}

/// `aws.auth#sigv4`.
#[derive(Debug, Clone, Deserialize)]
pub struct SigV4Trait {
    /// The signing name.
    pub name: String,
}

/// `smithy.api#xmlNamespace`.
#[derive(Debug, Clone, Deserialize)]
pub struct XmlNamespaceTrait {
    /// The namespace URI.
    pub uri: String,
    /// The prefix, if any.
    #[serde(default)]
    pub prefix: Option<String>,
}

impl XmlNamespaceTrait {
    /// The trait in botocore's terms.
    pub fn to_botocore(&self) -> crate::model::botocore::XmlNamespace {
        crate::model::botocore::XmlNamespace::Full { uri: self.uri.clone(), prefix: self.prefix.clone() }
    }
}

/// `aws.protocols#awsQueryError`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsQueryErrorTrait {
    /// The wire code (`InvalidParameterValue`).
    pub code: String,
    /// The HTTP status the service answers with.
    pub http_response_code: u16,
}

/// `smithy.api#enum` (the Smithy 1.0 way to make a string an enum).
#[derive(Debug, Clone, Deserialize)]
pub struct EnumDefinition {
    /// The wire value.
    pub value: String,
    /// The constant name, when given.
    #[serde(default)]
    pub name: Option<String>,
    /// The value's documentation.
    #[serde(default)]
    pub documentation: Option<String>,
}

/// `smithy.api#endpoint`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointTrait {
    /// `data-` or `foo-{Name}.`.
    pub host_prefix: String,
}

/// `smithy.api#http`.
#[derive(Debug, Clone, Deserialize)]
pub struct HttpTrait {
    /// `GET`, `POST`, ...
    pub method: String,
    /// `/functions/{FunctionName}/code`, `/{Bucket}/{Key+}?uploads`.
    pub uri: String,
    /// The status of a successful reply (default 200).
    #[serde(default)]
    pub code: Option<u16>,
}

/// `smithy.api#requestCompression`.
#[derive(Debug, Clone, Deserialize)]
pub struct RequestCompressionTrait {
    /// `gzip`, in order of preference.
    pub encodings: Vec<String>,
}

/// `smithy.api#paginated` (on an operation, or on a service as defaults for its operations).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PaginatedTrait {
    /// The input member that takes the continuation token.
    #[serde(default)]
    pub input_token: Option<String>,
    /// The output path of the next token.
    #[serde(default)]
    pub output_token: Option<String>,
    /// The output path of the page's items.
    #[serde(default)]
    pub items: Option<String>,
    /// The input member that limits the page size.
    #[serde(default)]
    pub page_size: Option<String>,
}

/// `smithy.waiters#waitable`: waiter name → waiter.
pub type WaitableTrait = OrderedMap<WaiterDef>;

/// One waiter of `smithy.waiters#waitable`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaiterDef {
    /// Acceptors, tried in order.
    pub acceptors: Vec<AcceptorDef>,
    /// Seconds before the first retry (default 2).
    #[serde(default)]
    pub min_delay: Option<u32>,
    /// Longest back-off in seconds (default 120).
    #[serde(default)]
    pub max_delay: Option<u32>,
    /// Deprecated waiter.
    #[serde(default)]
    pub deprecated: bool,
}

/// An acceptor: when `matcher` matches, the waiter enters `state`.
#[derive(Debug, Clone, Deserialize)]
pub struct AcceptorDef {
    /// `success`, `failure` or `retry`.
    pub state: String,
    /// What to look at.
    pub matcher: MatcherDef,
}

/// An acceptor's matcher (exactly one key).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MatcherDef {
    /// A JMESPath over the output.
    Output(PathMatcherDef),
    /// A JMESPath over `{input, output}`.
    InputOutput(PathMatcherDef),
    /// The call succeeded (`true`) or failed (`false`).
    Success(bool),
    /// The call failed with this error (shape name or code).
    ErrorType(String),
}

/// A JMESPath comparison.
#[derive(Debug, Clone, Deserialize)]
pub struct PathMatcherDef {
    /// The JMESPath expression.
    pub path: String,
    /// The value compared with.
    pub expected: String,
    /// `stringEquals`, `booleanEquals`, `allStringEquals`, `anyStringEquals`.
    pub comparator: String,
}

/// Parses a JSON AST text, naming `file` and the JSON path on error.
pub fn parse_model(file: &str, text: &str) -> Result<SmithyModel, ModelError> {
    crate::model::botocore::parse(file, text)
}

/// Whether a JSON document is a Smithy JSON AST (it has a top-level `"smithy"` version) rather
/// than a botocore model. Reads only the top level; a document that is not JSON is not Smithy.
pub fn is_smithy_ast(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        smithy: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<Probe>(text).map(|p| p.smithy.is_some()).unwrap_or(false)
}

/// Decodes trait `id` from `traits` into `T`, or `None` when absent. `at` (a shape id, with
/// `$member` for members) locates the error.
pub fn trait_value<T: for<'de> Deserialize<'de>>(
    file: &str,
    at: &str,
    traits: &OrderedMap<serde_json::Value>,
    id: &str,
) -> Result<Option<T>, ModelError> {
    match traits.get(id) {
        None => Ok(None),
        Some(v) => T::deserialize(v).map(Some).map_err(|e| ModelError::new(file, at, format!("trait {id}: {e}"))),
    }
}
