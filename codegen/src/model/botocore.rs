//! The botocore JSON model (`service-2.json`), as typed serde structs.
//!
//! Only the keys the generator uses are declared; unknown keys are ignored, so newer models
//! load. A JSON syntax or type error is reported with the file name and the JSON path
//! (`serde_path_to_error`).

use crate::error::ModelError;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole `service-2.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceModel {
    /// Service-wide facts.
    pub metadata: Metadata,
    /// Operations by name; the order is the file's.
    pub operations: indexmap_like::OrderedMap<Operation>,
    /// Shapes by name.
    pub shapes: indexmap_like::OrderedMap<Shape>,
    /// The service's documentation (HTML); the models in `models/` have none.
    #[serde(default)]
    pub documentation: Option<String>,
}

/// `metadata`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// `2015-02-02`.
    pub api_version: String,
    /// `elasticache`.
    pub endpoint_prefix: String,
    /// `query`, `ec2`, ...
    pub protocol: String,
    /// `Amazon ElastiCache`.
    pub service_full_name: String,
    /// `ElastiCache`.
    #[serde(default)]
    pub service_id: Option<String>,
    /// The SigV4 signing name, when it differs from the endpoint prefix.
    #[serde(default)]
    pub signing_name: Option<String>,
    /// `elasticache-2015-02-02`: used in API reference links.
    #[serde(default)]
    pub uid: Option<String>,
    /// The XML namespace of the service's documents.
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
    /// `v4`.
    #[serde(default)]
    pub signature_version: Option<String>,
    /// The `json` protocol's version: `1.0` (awsJson1_0) or `1.1` (awsJson1_1).
    #[serde(default)]
    pub json_version: Option<String>,
    /// awsJson: the prefix of the `X-Amz-Target` header (`DynamoDB_20120810`).
    #[serde(default)]
    pub target_prefix: Option<String>,
    /// `awsQueryCompatible` (an empty object when present): the service was a query service
    /// and still answers errors with their query codes.
    #[serde(default)]
    pub aws_query_compatible: Option<serde_json::Value>,
    /// The protocols the service speaks, in order of preference (`["smithy-rpc-v2-cbor",
    /// "json"]`); the generator takes the first it supports, else `protocol`.
    #[serde(default)]
    pub protocols: Vec<String>,
}

/// An operation.
#[derive(Debug, Clone, Deserialize)]
pub struct Operation {
    /// The operation name.
    pub name: String,
    /// `http.method` / `http.requestUri`.
    #[serde(default)]
    pub http: Option<Http>,
    /// The input shape.
    #[serde(default)]
    pub input: Option<ShapeRef>,
    /// The output shape and its `resultWrapper`.
    #[serde(default)]
    pub output: Option<ShapeRef>,
    /// The modeled errors.
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    /// Whether the operation is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// The endpoint trait: a prefix for the endpoint's host.
    #[serde(default)]
    pub endpoint: Option<EndpointTrait>,
    /// The `requestcompression` trait: encodings the service accepts for request bodies.
    #[serde(default)]
    pub requestcompression: Option<RequestCompression>,
    /// `staticContextParams`: endpoint rule-set parameters this operation always sets, by
    /// parameter name (DynamoDB's `SearchVectors` sets `IsSearchOperation` to `true`).
    #[serde(default, rename = "staticContextParams")]
    pub static_context_params: BTreeMap<String, StaticContextParam>,
    /// `httpChecksum` (Smithy `aws.protocols#httpChecksum`): flexible checksums.
    #[serde(default, rename = "httpChecksum")]
    pub http_checksum: Option<HttpChecksumTrait>,
    /// The legacy `httpChecksumRequired` (Smithy `smithy.api#httpChecksumRequired`): a request
    /// must carry a checksum.
    #[serde(default, rename = "httpChecksumRequired")]
    pub http_checksum_required: bool,
    /// `authtype`: `none` for an operation sent without credentials or a signature (STS
    /// `AssumeRoleWithWebIdentity`, SSO `GetRoleCredentials`); `v4-unsigned-body` and the rest
    /// are signed.
    #[serde(default)]
    pub authtype: Option<String>,
    /// `auth`: the operation's auth schemes in order of preference; `["smithy.api#noAuth"]`
    /// alone means unsigned (newer botocore models write it beside `authtype`).
    #[serde(default)]
    pub auth: Option<Vec<String>>,
    /// The operation's documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

impl Operation {
    /// Sent without credentials or a signature: `authtype: "none"`, or `noAuth` as its only
    /// auth scheme.
    pub fn unsigned(&self) -> bool {
        self.authtype.as_deref() == Some("none")
            || self.auth.as_deref().is_some_and(|a| !a.is_empty() && a.iter().all(|s| s == NO_AUTH))
    }
}

/// The auth scheme of an unsigned operation (`auth`, and Smithy's effective auth).
pub const NO_AUTH: &str = "smithy.api#noAuth";

/// `httpChecksum` of an operation (the same keys in botocore and in Smithy's trait).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct HttpChecksumTrait {
    /// The input member whose value chooses the request's algorithm.
    #[serde(default)]
    pub request_algorithm_member: Option<String>,
    /// A request must carry a checksum.
    #[serde(default)]
    pub request_checksum_required: bool,
    /// The input member that asks for the reply's checksum to be checked (`ENABLED`).
    #[serde(default)]
    pub request_validation_mode_member: Option<String>,
    /// The algorithms a reply may carry.
    #[serde(default)]
    pub response_algorithms: Vec<String>,
}

/// One entry of `staticContextParams` (botocore) or `smithy.rules#staticContextParams`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct StaticContextParam {
    /// The value the parameter takes.
    pub value: StaticContextValue,
}

/// The value of a static context parameter: rule-set parameters are booleans or strings.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum StaticContextValue {
    /// `true` / `false`.
    Bool(bool),
    /// A string.
    String(String),
}

/// `requestcompression` of an operation.
#[derive(Debug, Clone, Deserialize)]
pub struct RequestCompression {
    /// `gzip`, in order of preference.
    #[serde(default)]
    pub encodings: Vec<String>,
}

/// `endpoint` of an operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointTrait {
    /// `data-` or `foo-{Name}.`: prepended to the host; `{Member}` is an input member marked
    /// `hostLabel`.
    pub host_prefix: String,
}

/// `http` of an operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    /// `POST`.
    #[serde(default)]
    pub method: Option<String>,
    /// `/`, `/functions/{FunctionName}/code`, `/{Bucket}/{Key+}?uploads`.
    #[serde(default)]
    pub request_uri: Option<String>,
    /// The status of a successful reply (default 200).
    #[serde(default)]
    pub response_code: Option<u16>,
}

/// A reference to a shape, with the serialization traits botocore allows at the reference
/// (member or list/map element).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ShapeRef {
    /// The target shape name.
    pub shape: String,
    /// The wire name.
    #[serde(default)]
    pub location_name: Option<String>,
    /// EC2's explicit query key.
    #[serde(default)]
    pub query_name: Option<String>,
    /// `resultWrapper` of an operation output.
    #[serde(default)]
    pub result_wrapper: Option<String>,
    /// Member-level `flattened`.
    #[serde(default)]
    pub flattened: Option<bool>,
    /// Serialized as an XML attribute.
    #[serde(default)]
    pub xml_attribute: Option<bool>,
    /// restXml: the namespace the element declares.
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
    /// `iso8601`, `unixTimestamp`, `rfc822`.
    #[serde(default)]
    pub timestamp_format: Option<String>,
    /// Filled with a random token when not set.
    #[serde(default)]
    pub idempotency_token: Option<bool>,
    /// Deprecated member.
    #[serde(default)]
    pub deprecated: Option<bool>,
    /// Where a member of an operation's input or output goes in the HTTP message (rest
    /// protocols): `uri`, `querystring`, `header`, `headers` (a map of prefixed headers) or
    /// `statusCode`; absent: the body. With it, `locationName` is the label, query parameter,
    /// header or prefix.
    #[serde(default)]
    pub location: Option<String>,
    /// A header string holding base64-encoded JSON.
    #[serde(default)]
    pub jsonvalue: Option<bool>,
    /// A blob member sent or read as a stream (S3 writes it on the member, others on the
    /// shape).
    #[serde(default)]
    pub streaming: Option<bool>,
    /// In an event, the member that is the event's payload (event streams are not generated).
    #[serde(default)]
    pub eventpayload: Option<bool>,
    /// The member's value is substituted into the operation's host prefix.
    #[serde(default)]
    pub host_label: Option<bool>,
    /// `contextParam`: the endpoint rule-set parameter an input member's value fills.
    #[serde(default)]
    pub context_param: Option<ContextParam>,
    /// The member's documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
}

/// `xmlNamespace`: botocore writes `{"uri": ..., "prefix": ...}`, the models converted from
/// Smithy sometimes the URI alone.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum XmlNamespace {
    /// `"http://foo.com"`.
    Uri(String),
    /// `{"uri": "http://foo.com", "prefix": "baz"}`.
    Full {
        /// The namespace URI.
        uri: String,
        /// The prefix, if any.
        #[serde(default)]
        prefix: Option<String>,
    },
}

/// `contextParam` of a member (botocore) or `smithy.rules#contextParam`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ContextParam {
    /// The rule-set parameter (`ResourceArn`).
    pub name: String,
}

/// An error trait of an exception shape.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTrait {
    /// The wire code, when it differs from the shape name.
    #[serde(default)]
    pub code: Option<String>,
    /// The HTTP status.
    #[serde(default)]
    pub http_status_code: Option<u16>,
    /// `Sender` (true) or `Receiver` (false).
    #[serde(default)]
    pub sender_fault: Option<bool>,
}

/// An error shape's `retryable` trait: the error may pass if the call is repeated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct RetryableTrait {
    /// The error means "slow down".
    #[serde(default)]
    pub throttling: bool,
}

/// A shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    /// `structure`, `list`, `map`, `string`, `character`, `integer`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Members of a structure, in order.
    #[serde(default)]
    pub members: Option<indexmap_like::OrderedMap<ShapeRef>>,
    /// Required member names.
    #[serde(default)]
    pub required: Vec<String>,
    /// The element of a list.
    #[serde(default)]
    pub member: Option<ShapeRef>,
    /// The key of a map.
    #[serde(default)]
    pub key: Option<ShapeRef>,
    /// The value of a map.
    #[serde(default)]
    pub value: Option<ShapeRef>,
    /// Enum values of a string.
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// A list or map without its wrapping element.
    #[serde(default)]
    pub flattened: Option<bool>,
    /// The wire name of a list element or structure.
    #[serde(default)]
    pub location_name: Option<String>,
    /// restXml: the namespace the shape's elements declare.
    #[serde(default)]
    pub xml_namespace: Option<XmlNamespace>,
    /// The exception marker.
    #[serde(default)]
    pub exception: bool,
    /// The error trait.
    #[serde(default)]
    pub error: Option<ErrorTrait>,
    /// The fault marker (legacy).
    #[serde(default)]
    pub fault: bool,
    /// An error shape's `retryable` trait.
    #[serde(default)]
    pub retryable: Option<RetryableTrait>,
    /// A timestamp shape's format.
    #[serde(default)]
    pub timestamp_format: Option<String>,
    /// Values are secrets: redacted in Debug output.
    #[serde(default)]
    pub sensitive: bool,
    /// A tagged union (a structure of which exactly one member is set).
    #[serde(default)]
    pub union: bool,
    /// A structure that is an untyped JSON-like document.
    #[serde(default)]
    pub document: bool,
    /// A list whose elements, or a map whose values, may be null.
    #[serde(default)]
    pub sparse: bool,
    /// A blob (or string) sent or read as a stream of bytes.
    #[serde(default)]
    pub streaming: bool,
    /// A streaming blob whose length must be known before it is sent.
    #[serde(default)]
    pub requires_length: bool,
    /// A union of events sent or read as an event stream.
    #[serde(default)]
    pub eventstream: bool,
    /// A structure that is one event of an event stream.
    #[serde(default)]
    pub event: bool,
    /// The member of an operation's input or output structure that is the whole HTTP body.
    #[serde(default)]
    pub payload: Option<String>,
    /// Deprecated shape.
    #[serde(default)]
    pub deprecated: bool,
    /// `resultWrapper` written on an output structure itself (older models) rather than on the
    /// operation's output reference.
    #[serde(default)]
    pub result_wrapper: Option<String>,
    /// The shape's documentation (HTML).
    #[serde(default)]
    pub documentation: Option<String>,
    /// The documentation of each enum value, in `enum_values` order (empty: none). botocore
    /// has no key for it (none of botocore 1.44.8's 10,975 enums documents a value); the
    /// Smithy front end fills it from enum members' `@documentation`.
    #[serde(skip)]
    pub enum_docs: Vec<Option<String>>,
}

/// Parses a `service-2.json` text, naming `file` and the JSON path on error.
pub fn parse_service(file: &str, text: &str) -> Result<ServiceModel, ModelError> {
    parse(file, text)
}

/// Parses any JSON document into `T` with a located error.
pub fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, ModelError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = e.into_inner();
        let message =
            if inner.is_syntax() || inner.is_eof() { format!("invalid JSON: {inner}") } else { inner.to_string() };
        ModelError::new(file, path, message)
    })
}

/// A string-keyed map that keeps the document's order (the order of members is the order of
/// fields and of serialization, so it must survive).
pub mod indexmap_like {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use std::collections::HashMap;
    use std::fmt;

    /// Entries in document order, with a hash index: a model of thousands of shapes is looked
    /// up by name once per reference, so a linear search made loading quadratic. A key that
    /// appears twice keeps its first entry for lookups (as a search from the start would).
    #[derive(Debug, Clone)]
    pub struct OrderedMap<V> {
        entries: Vec<(String, V)>,
        index: HashMap<String, usize>,
    }

    impl<V> Default for OrderedMap<V> {
        fn default() -> Self {
            OrderedMap { entries: Vec::new(), index: HashMap::new() }
        }
    }

    impl<V> From<Vec<(String, V)>> for OrderedMap<V> {
        fn from(entries: Vec<(String, V)>) -> Self {
            let mut index = HashMap::with_capacity(entries.len());
            for (i, (k, _)) in entries.iter().enumerate() {
                index.entry(k.clone()).or_insert(i);
            }
            OrderedMap { entries, index }
        }
    }

    impl<V> OrderedMap<V> {
        /// Looks up by key.
        pub fn get(&self, key: &str) -> Option<&V> {
            self.index.get(key).map(|&i| &self.entries[i].1)
        }
        /// Looks up by key, for changing the value.
        pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
            self.index.get(key).map(|&i| &mut self.entries[i].1)
        }
        /// Adds an entry at the end.
        pub fn push(&mut self, key: String, value: V) {
            self.index.entry(key.clone()).or_insert(self.entries.len());
            self.entries.push((key, value));
        }
        /// Iterates in document order.
        pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
            self.entries.iter().map(|(k, v)| (k, v))
        }
        /// Number of entries.
        pub fn len(&self) -> usize {
            self.entries.len()
        }
        /// Whether there are no entries.
        pub fn is_empty(&self) -> bool {
            self.entries.is_empty()
        }
    }

    impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V2<V>(std::marker::PhantomData<V>);
            impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
                type Value = OrderedMap<V>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut out = OrderedMap::default();
                    while let Some((k, v)) = map.next_entry::<String, V>()? {
                        out.push(k, v);
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(V2(std::marker::PhantomData))
        }
    }
}

/// A `paginators-1.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct PaginatorsModel {
    /// Paginators by operation name.
    pub pagination: indexmap_like::OrderedMap<PaginatorModel>,
}

/// One operation's pagination.
#[derive(Debug, Clone, Deserialize)]
pub struct PaginatorModel {
    /// The input member(s) that carry the token.
    pub input_token: OneOrMany,
    /// The output path(s) of the next token.
    pub output_token: OneOrMany,
    /// The input member that limits the page size.
    #[serde(default)]
    pub limit_key: Option<String>,
    /// The output path(s) of the page's items.
    #[serde(default)]
    pub result_key: Option<OneOrMany>,
    /// The output path of a boolean saying whether more pages follow.
    #[serde(default)]
    pub more_results: Option<String>,
}

/// A string, or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values in order.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A `waiters-2.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct WaitersModel {
    /// `2`.
    pub version: u32,
    /// Waiters by name.
    pub waiters: indexmap_like::OrderedMap<WaiterModel>,
}

/// One waiter.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaiterModel {
    /// The operation polled.
    pub operation: String,
    /// Seconds between polls.
    pub delay: u64,
    /// Polls in all.
    pub max_attempts: u32,
    /// What the waiter waits for.
    #[serde(default)]
    pub description: Option<String>,
    /// Checked in order on every poll.
    pub acceptors: Vec<AcceptorModel>,
}

/// One acceptor.
#[derive(Debug, Clone, Deserialize)]
pub struct AcceptorModel {
    /// `success`, `failure` or `retry`.
    pub state: String,
    /// `path`, `pathAll`, `pathAny`, `status` or `error`.
    pub matcher: String,
    /// The JMESPath expression of the path matchers.
    #[serde(default)]
    pub argument: Option<String>,
    /// The value compared with.
    pub expected: serde_json::Value,
}

/// Parses a `paginators-1.json` text, naming `file` and the JSON path on error.
pub fn parse_paginators(file: &str, text: &str) -> Result<PaginatorsModel, ModelError> {
    parse(file, text)
}

/// Parses a `waiters-2.json` text, naming `file` and the JSON path on error.
pub fn parse_waiters(file: &str, text: &str) -> Result<WaitersModel, ModelError> {
    parse(file, text)
}
