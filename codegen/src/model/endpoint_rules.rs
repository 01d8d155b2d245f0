//! Serde types of an endpoint rule set (`endpoint-rule-set-1.json`, the same document Smithy
//! carries in `smithy.rules#endpointRuleSet`) and of botocore's `partitions.json`. Parsing only:
//! `ir::endpoint` gives them meaning and checks every function and reference.

use crate::error::ModelError;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole `endpoint-rule-set-1.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct RuleSet {
    /// The format version (`1.0`).
    pub version: String,
    /// The inputs, by name (`Region`, `UseFIPS`).
    pub parameters: BTreeMap<String, Parameter>,
    /// Rules, tried in order.
    pub rules: Vec<Rule>,
}

/// One input of the rule set.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// `string`, `boolean` or `stringArray` (botocore also writes `String`, `Boolean`).
    #[serde(rename = "type")]
    pub ty: String,
    /// The SDK value that fills it (`AWS::Region`, `SDK::Endpoint`).
    pub built_in: Option<String>,
    /// The value when the caller gives none.
    pub default: Option<Literal>,
    /// Whether the rule set needs a value.
    #[serde(default)]
    pub required: bool,
    /// Deprecation facts, when the parameter is deprecated.
    pub deprecated: Option<serde_json::Value>,
}

/// A literal default value.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Literal {
    /// `true`.
    Bool(bool),
    /// `"us-east-1"`.
    String(String),
    /// `["a", "b"]`.
    StringArray(Vec<String>),
}

/// A rule: conditions, then an endpoint, an error or more rules, as `type` says. (A struct
/// rather than a tagged enum, so a parse error deep in a tree keeps its full JSON path.)
#[derive(Debug, Clone, Deserialize)]
pub struct Rule {
    /// Which outcome the rule has.
    #[serde(rename = "type")]
    pub kind: RuleKind,
    /// All must hold.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// The result of an `endpoint` rule.
    pub endpoint: Option<EndpointDef>,
    /// The message of an `error` rule (a template string).
    pub error: Option<Arg>,
    /// The sub-rules of a `tree` rule, tried in order.
    pub rules: Option<Vec<Rule>>,
}

/// The kinds of rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// Resolves to an endpoint.
    Endpoint,
    /// Fails with a message.
    Error,
    /// Tries sub-rules.
    Tree,
}

/// A function call whose result must be set and not `false`, optionally bound to a name.
#[derive(Debug, Clone, Deserialize)]
pub struct Condition {
    /// The function (`isSet`, `aws.partition`).
    #[serde(rename = "fn")]
    pub function: String,
    /// Its arguments.
    pub argv: Vec<Arg>,
    /// The name the result is bound to for the rest of the rule.
    pub assign: Option<String>,
}

/// An argument or value: a literal, a template string, a reference or a nested call.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// `true`.
    Bool(bool),
    /// `0` (substring bounds).
    Int(i64),
    /// `"https://{Region}.{PartitionResult#dnsSuffix}"`: `{...}` are references.
    String(String),
    /// `{"ref": "Region"}`.
    Ref {
        /// The parameter or binding.
        #[serde(rename = "ref")]
        name: String,
    },
    /// `{"fn": "getAttr", "argv": [...]}`.
    Call {
        /// The function.
        #[serde(rename = "fn")]
        function: String,
        /// Its arguments.
        argv: Vec<Arg>,
    },
    /// `["a", "b"]`.
    Array(Vec<Arg>),
}

/// The endpoint an endpoint rule resolves to.
#[derive(Debug, Clone, Deserialize)]
pub struct EndpointDef {
    /// The URL (a template string or a reference).
    pub url: Arg,
    /// Properties (auth schemes and such): arbitrary JSON whose strings are templates.
    #[serde(default)]
    pub properties: BTreeMap<String, serde_json::Value>,
    /// Headers to send, each with its values (templates).
    #[serde(default)]
    pub headers: BTreeMap<String, Vec<Arg>>,
}

/// A whole `partitions.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct PartitionsFile {
    /// The format version.
    pub version: String,
    /// In order: the first is the fallback for a region no partition claims.
    pub partitions: Vec<PartitionDef>,
}

/// One partition.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartitionDef {
    /// `aws`.
    pub id: String,
    /// Regions this partition serves by pattern (`^(us|eu)\-\w+\-\d+$`).
    pub region_regex: String,
    /// Regions it serves by name, with optional per-region output overrides.
    pub regions: BTreeMap<String, RegionDef>,
    /// What `aws.partition` returns.
    pub outputs: PartitionOutputs,
}

/// One listed region.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegionDef {
    /// A human name (unused).
    pub description: Option<String>,
    /// Overrides of the partition's outputs for this region.
    pub dns_suffix: Option<String>,
    /// Overrides of the partition's outputs for this region.
    pub dual_stack_dns_suffix: Option<String>,
    /// Overrides of the partition's outputs for this region.
    #[serde(rename = "supportsFIPS")]
    pub supports_fips: Option<bool>,
    /// Overrides of the partition's outputs for this region.
    pub supports_dual_stack: Option<bool>,
    /// Overrides of the partition's outputs for this region.
    pub implicit_global_region: Option<String>,
}

/// A partition's outputs.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartitionOutputs {
    /// `aws` (botocore sets it from `id`).
    pub name: Option<String>,
    /// `amazonaws.com`.
    pub dns_suffix: String,
    /// `api.aws`.
    pub dual_stack_dns_suffix: String,
    /// FIPS endpoints exist.
    #[serde(rename = "supportsFIPS")]
    pub supports_fips: bool,
    /// Dual-stack endpoints exist.
    pub supports_dual_stack: bool,
    /// The region global endpoints live in (`us-east-1`).
    pub implicit_global_region: String,
}

/// Parses an endpoint rule set named `file` in errors.
pub fn parse_rule_set(file: &str, text: &str) -> Result<RuleSet, ModelError> {
    super::botocore::parse(file, text)
}

/// Parses a `partitions.json` named `file` in errors.
pub fn parse_partitions(file: &str, text: &str) -> Result<PartitionsFile, ModelError> {
    super::botocore::parse(file, text)
}
