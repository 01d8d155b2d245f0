//! An endpoint rule set, checked and typed: what `emit::endpoint` compiles into plain Rust.
//!
//! Lowering checks every function name, arity and argument type, every reference and every
//! `getAttr` path, so a bad rule set fails generation with `file: json.path: what is wrong`.
//! It also makes the rule engine's implicit semantics explicit:
//!
//! - A condition holds when its value is set and not `false`. Each condition becomes
//!   [`Step`]s: an optional value is unwrapped ([`Step::Unwrap`]), a boolean is tested
//!   ([`Step::Check`]), a plain value bound by `assign` is a [`Step::Let`].
//! - A function whose argument is an unset optional value fails its condition (the argument is
//!   unwrapped by a step of its own first); after that, a reference to the parameter is known to
//!   be set for the rest of the rule (`isSet(Region)` narrows `Region`).
//! - A tree rule whose sub-rules all fail falls through to its next sibling (botocore's
//!   semantics); when every rule fails, resolution fails.

use crate::error::ModelError;
use crate::model::endpoint_rules as model;
use crate::names;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A compiled-ready rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRuleSet {
    /// The inputs, in name order.
    pub params: Vec<Param>,
    /// The rules, in order.
    pub rules: Vec<Rule>,
}

/// One input of the rule set: a field of the generated `Params`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The rule set's name (`UseFIPS`).
    pub name: String,
    /// The Rust field (`use_fips`).
    pub field: String,
    /// `String`, `Bool` or `StringArray`.
    pub ty: Type,
    /// The SDK value that fills it.
    pub built_in: Option<BuiltIn>,
    /// The value when none is given; a parameter with a default is a plain field.
    pub default: Option<Literal>,
    /// Resolution fails when a required parameter without default is unset.
    pub required: bool,
    /// For a required parameter without default: the local it is unwrapped into before any
    /// rule runs, and whether any rule reads it.
    pub required_local: Option<(String, bool)>,
}

impl Param {
    /// Whether the field is an `Option`.
    pub fn optional(&self) -> bool {
        self.default.is_none()
    }
}

/// The SDK values the client configuration supplies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuiltIn {
    /// `AWS::Region`.
    Region,
    /// `AWS::UseFIPS`.
    UseFips,
    /// `AWS::UseDualStack`.
    UseDualStack,
    /// `SDK::Endpoint`.
    Endpoint,
    /// Any other (`AWS::S3::ForcePathStyle`): not supplied by the configuration yet, so the
    /// parameter keeps its default unless set on `Params`.
    Other(String),
}

impl BuiltIn {
    /// The built-in a rule set names (`AWS::UseFIPS`); [`BuiltIn::name`] gives the name back.
    pub fn from_name(name: &str) -> BuiltIn {
        match name {
            "AWS::Region" => BuiltIn::Region,
            "AWS::UseFIPS" => BuiltIn::UseFips,
            "AWS::UseDualStack" => BuiltIn::UseDualStack,
            "SDK::Endpoint" => BuiltIn::Endpoint,
            other => BuiltIn::Other(other.to_owned()),
        }
    }

    /// The name rule sets and botocore's endpoint cases write (`AWS::UseFIPS`).
    pub fn name(&self) -> &str {
        match self {
            BuiltIn::Region => "AWS::Region",
            BuiltIn::UseFips => "AWS::UseFIPS",
            BuiltIn::UseDualStack => "AWS::UseDualStack",
            BuiltIn::Endpoint => "SDK::Endpoint",
            BuiltIn::Other(name) => name,
        }
    }
}

/// How the runtime's `BuiltIns` holds a configuration setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigValue {
    /// `bool` (unset reads as `false`, every such built-in's default).
    Bool,
    /// `Option<bool>` (unset stays unset).
    OptionalBool,
    /// `Option<String>`.
    OptionalString,
}

impl ConfigValue {
    /// The rule-set type a parameter filled this way must have.
    pub fn ty(self) -> Type {
        match self {
            ConfigValue::Bool | ConfigValue::OptionalBool => Type::Bool,
            ConfigValue::OptionalString => Type::String,
        }
    }
}

/// The built-ins beyond the four with their own variant that the client configuration fills:
/// name, the runtime `BuiltIns` field, and how it holds the value. A built-in missing here keeps
/// its default unless set on `Params`.
pub const CONFIG_BUILT_INS: &[(&str, &str, ConfigValue)] = &[
    ("AWS::S3::ForcePathStyle", "force_path_style", ConfigValue::Bool),
    ("AWS::S3::Accelerate", "accelerate", ConfigValue::Bool),
    ("AWS::S3::UseGlobalEndpoint", "s3_use_global_endpoint", ConfigValue::Bool),
    ("AWS::S3::UseArnRegion", "use_arn_region", ConfigValue::OptionalBool),
    ("AWS::S3::DisableMultiRegionAccessPoints", "disable_multi_region_access_points", ConfigValue::Bool),
    ("AWS::S3Control::UseArnRegion", "use_arn_region", ConfigValue::OptionalBool),
    ("AWS::STS::UseGlobalEndpoint", "sts_use_global_endpoint", ConfigValue::Bool),
    ("AWS::Auth::AccountId", "account_id", ConfigValue::OptionalString),
    ("AWS::Auth::AccountIdEndpointMode", "account_id_endpoint_mode", ConfigValue::OptionalString),
];

impl Param {
    /// The runtime `BuiltIns` field the configuration fills this parameter from, beyond region,
    /// FIPS, dual-stack and endpoint URL: a built-in of [`CONFIG_BUILT_INS`], or a client context
    /// parameter of [`super::customizations::CONFIG_CLIENT_CONTEXT_PARAMS`] (always a boolean).
    pub fn config_source(&self) -> Option<(&'static str, ConfigValue)> {
        match &self.built_in {
            Some(BuiltIn::Other(name)) => {
                CONFIG_BUILT_INS.iter().find(|(n, _, _)| n == name).map(|&(_, field, value)| (field, value))
            }
            Some(_) => None,
            None => super::customizations::CONFIG_CLIENT_CONTEXT_PARAMS
                .iter()
                .find(|(n, _)| *n == self.name)
                .map(|&(_, field)| (field, ConfigValue::OptionalBool)),
        }
    }
}

/// A literal default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// `true`.
    Bool(bool),
    /// `"x"`.
    String(String),
    /// `["a"]`.
    StringArray(Vec<String>),
}

/// The type of a value in a rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// A string (`&str` in generated code).
    String,
    /// A boolean.
    Bool,
    /// A list of strings (`&[String]`).
    StringArray,
    /// An integer literal (substring bounds only).
    Int,
    /// `aws.partition`'s result.
    Partition,
    /// `parseURL`'s result.
    Url,
    /// `aws.parseArn`'s result.
    Arn,
}

/// A rule: steps that must all pass, then an outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The lowered conditions, in order.
    pub steps: Vec<Step>,
    /// What the rule produces once every step passed.
    pub outcome: Outcome,
}

/// One step of a rule's conditions.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The optional value must be set; its value is bound to `local` when `used`.
    Unwrap {
        /// An optional value.
        expr: Expr,
        /// The binding.
        local: String,
        /// Whether anything reads the binding (else only `is_some` is tested).
        used: bool,
    },
    /// A plain value bound to `local` (an always-set function result with `assign`).
    Let {
        /// The value.
        expr: Expr,
        /// The binding.
        local: String,
        /// Whether anything reads the binding (else the step is dropped).
        used: bool,
    },
    /// A boolean that must be true.
    Check(Expr),
}

/// What a rule produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A resolved endpoint.
    Endpoint(EndpointDef),
    /// A resolution error with this message.
    Error(Template),
    /// Sub-rules, tried in order.
    Tree(Vec<Rule>),
}

/// A resolved endpoint, with values computed from templates.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointDef {
    /// The URL.
    pub url: Expr,
    /// Headers, by name, with their values.
    pub headers: Vec<(String, Vec<Expr>)>,
    /// Properties, by name.
    pub properties: Vec<(String, Property)>,
}

/// A property value of a resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum Property {
    /// A template string.
    String(Template),
    /// A boolean.
    Bool(bool),
    /// A number.
    Int(i64),
    /// A list.
    Array(Vec<Property>),
    /// An object, by key.
    Object(Vec<(String, Property)>),
}

/// A string built from literal text and string values (`https://{Region}.amazonaws.com`).
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The pieces, in order.
    pub parts: Vec<TemplatePart>,
}

/// A piece of a [`Template`].
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Text as it is.
    Literal(String),
    /// A string value.
    Value(Expr),
}

/// A typed expression. Only [`Step::Unwrap`] and [`Expr::IsSet`] take an optional value;
/// everything else is given set values.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `true`.
    Bool(bool),
    /// `3`.
    Int(i64),
    /// A string literal or template.
    String(Template),
    /// A parameter's field, read as it is declared (optional or not).
    Param(String),
    /// A local binding (a parameter known to be set, an `assign`, a temporary).
    Local(String),
    /// Whether an optional value is set.
    IsSet(Box<Expr>),
    /// Boolean negation.
    Not(Box<Expr>),
    /// Boolean equality.
    BoolEquals(Box<Expr>, Box<Expr>),
    /// String equality.
    StringEquals(Box<Expr>, Box<Expr>),
    /// `aws.partition(region)`.
    Partition(Box<Expr>),
    /// `parseURL(url)` (optional).
    ParseUrl(Box<Expr>),
    /// `aws.parseArn(arn)` (optional).
    ParseArn(Box<Expr>),
    /// `substring(value, start, stop, reverse)` (optional).
    Substring(Box<Expr>, usize, usize, Box<Expr>),
    /// `uriEncode(value)`.
    UriEncode(Box<Expr>),
    /// `isValidHostLabel(value, allowSubDomains)`.
    IsValidHostLabel(Box<Expr>, Box<Expr>),
    /// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`.
    IsVirtualHostableS3Bucket(Box<Expr>, Box<Expr>),
    /// `getAttr(value, path)`.
    Attr(Box<Expr>, Attr),
}

/// A `getAttr` path, resolved against the value's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    /// Partition `name`.
    PartitionName,
    /// Partition `dnsSuffix`.
    DnsSuffix,
    /// Partition `dualStackDnsSuffix`.
    DualStackDnsSuffix,
    /// Partition `supportsFIPS`.
    SupportsFips,
    /// Partition `supportsDualStack`.
    SupportsDualStack,
    /// Partition `implicitGlobalRegion`.
    ImplicitGlobalRegion,
    /// URL `scheme`.
    Scheme,
    /// URL `authority`.
    Authority,
    /// URL `path`.
    Path,
    /// URL `normalizedPath`.
    NormalizedPath,
    /// URL `isIp`.
    IsIp,
    /// ARN `partition`.
    ArnPartition,
    /// ARN `service`.
    ArnService,
    /// ARN `region`.
    ArnRegion,
    /// ARN `accountId`.
    ArnAccountId,
    /// ARN `resourceId` (a list).
    ArnResourceId,
    /// ARN `resourceId[n]` (optional).
    ArnResourceIdIndex(usize),
    /// `[n]` of a list (optional).
    Index(usize),
}

impl Attr {
    /// The attribute's type and whether it may be unset.
    fn ty(self) -> (Type, bool) {
        use Attr::*;
        match self {
            SupportsFips | SupportsDualStack | IsIp => (Type::Bool, false),
            ArnResourceId => (Type::StringArray, false),
            ArnResourceIdIndex(_) | Index(_) => (Type::String, true),
            _ => (Type::String, false),
        }
    }
}

/// botocore's `partitions.json`, checked: the data `aws.partition` needs at run time.
#[derive(Debug, Clone, PartialEq)]
pub struct Partitions {
    /// In order; the first is the fallback.
    pub partitions: Vec<Partition>,
}

/// One partition.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// `aws`.
    pub id: String,
    /// The region pattern, as the runtime's matcher takes it.
    pub region_pattern: Vec<PatternPart>,
    /// Regions listed by name, with outputs when a region overrides its partition's.
    pub regions: Vec<(String, Option<PartitionOutputs>)>,
    /// What `aws.partition` returns.
    pub outputs: PartitionOutputs,
}

/// What `aws.partition` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// `aws`.
    pub name: String,
    /// `amazonaws.com`.
    pub dns_suffix: String,
    /// `api.aws`.
    pub dual_stack_dns_suffix: String,
    /// FIPS endpoints exist.
    pub supports_fips: bool,
    /// Dual-stack endpoints exist.
    pub supports_dual_stack: bool,
    /// `us-east-1`.
    pub implicit_global_region: String,
}

/// A piece of a region pattern: the regular expressions in `partitions.json` are anchored
/// sequences of literals, alternations of literals, `\w+` and `\d+`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternPart {
    /// Exact text.
    Literal(String),
    /// One of these texts.
    OneOf(Vec<String>),
    /// One or more of `[A-Za-z0-9_]`.
    Word,
    /// One or more of `[0-9]`.
    Digits,
}

/// Checks and lowers `partitions.json` (named `file` in errors).
pub fn partitions_from_model(file: &str, m: &model::PartitionsFile) -> Result<Partitions, ModelError> {
    if m.partitions.is_empty() {
        return Err(ModelError::new(file, "partitions", "no partitions: the first is the fallback"));
    }
    let mut partitions = Vec::new();
    for (i, p) in m.partitions.iter().enumerate() {
        let path = format!("partitions[{i}]");
        let region_pattern = parse_region_regex(&p.region_regex)
            .map_err(|why| ModelError::new(file, format!("{path}.regionRegex"), why))?;
        let o = &p.outputs;
        let outputs = PartitionOutputs {
            name: o.name.clone().unwrap_or_else(|| p.id.clone()),
            dns_suffix: o.dns_suffix.clone(),
            dual_stack_dns_suffix: o.dual_stack_dns_suffix.clone(),
            supports_fips: o.supports_fips,
            supports_dual_stack: o.supports_dual_stack,
            implicit_global_region: o.implicit_global_region.clone(),
        };
        let regions = p
            .regions
            .iter()
            .map(|(name, r)| {
                let overridden = PartitionOutputs {
                    name: outputs.name.clone(),
                    dns_suffix: r.dns_suffix.clone().unwrap_or_else(|| outputs.dns_suffix.clone()),
                    dual_stack_dns_suffix: r
                        .dual_stack_dns_suffix
                        .clone()
                        .unwrap_or_else(|| outputs.dual_stack_dns_suffix.clone()),
                    supports_fips: r.supports_fips.unwrap_or(outputs.supports_fips),
                    supports_dual_stack: r.supports_dual_stack.unwrap_or(outputs.supports_dual_stack),
                    implicit_global_region: r
                        .implicit_global_region
                        .clone()
                        .unwrap_or_else(|| outputs.implicit_global_region.clone()),
                };
                (name.clone(), (overridden != outputs).then_some(overridden))
            })
            .collect();
        partitions.push(Partition { id: p.id.clone(), region_pattern, regions, outputs });
    }
    Ok(Partitions { partitions })
}

/// Reads `^...$` made of literals (`\-` escapes), `(a|b)` groups of literals, `\w+` and `\d+`.
fn parse_region_regex(re: &str) -> Result<Vec<PatternPart>, String> {
    let body = re
        .strip_prefix('^')
        .and_then(|r| r.strip_suffix('$'))
        .ok_or_else(|| format!("{re:?}: expected a pattern anchored with ^ and $"))?;
    let unsupported = |what: &str| format!("{re:?}: {what} is not supported (literals, (a|b), \\w+, \\d+)");
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = body.chars().peekable();
    let flush = |literal: &mut String, parts: &mut Vec<PatternPart>| {
        if !literal.is_empty() {
            parts.push(PatternPart::Literal(std::mem::take(literal)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(class @ ('w' | 'd')) => {
                    if chars.next() != Some('+') {
                        return Err(unsupported("a class without `+`"));
                    }
                    flush(&mut literal, &mut parts);
                    parts.push(if class == 'w' { PatternPart::Word } else { PatternPart::Digits });
                }
                Some(e) if !e.is_ascii_alphanumeric() => literal.push(e),
                _ => return Err(unsupported("this escape")),
            },
            '(' => {
                let mut group = String::new();
                loop {
                    match chars.next() {
                        Some(')') => break,
                        Some('\\') => match chars.next() {
                            Some(e) if !e.is_ascii_alphanumeric() => group.push(e),
                            _ => return Err(unsupported("this escape in a group")),
                        },
                        Some(c) if c.is_ascii_alphanumeric() || c == '|' || c == '-' => group.push(c),
                        _ => return Err(unsupported("this group")),
                    }
                }
                flush(&mut literal, &mut parts);
                parts.push(PatternPart::OneOf(group.split('|').map(str::to_owned).collect()));
            }
            c if c.is_ascii_alphanumeric() || c == '-' => literal.push(c),
            _ => return Err(unsupported(&format!("`{c}`"))),
        }
    }
    flush(&mut literal, &mut parts);
    Ok(parts)
}

/// What a name in scope reads as.
#[derive(Clone)]
struct Binding {
    /// How the value is read once set.
    read: Expr,
    /// The optional form, for a parameter not yet known to be set.
    optional: Option<Expr>,
    ty: Type,
    /// Set when anything reads the value.
    used: Rc<Cell<bool>>,
    /// The local this binding would be unwrapped into.
    local: String,
}

type Scope = BTreeMap<String, Binding>;

/// A step being built: its `used` flag is known only once the rest of the rule is lowered.
enum Draft {
    Unwrap(Expr, String, Rc<Cell<bool>>),
    Let(Expr, String, Rc<Cell<bool>>),
    Check(Expr),
}

struct Lowering<'a> {
    file: &'a str,
    /// Local names, one per rule-set name, and temporaries.
    locals: names::Namespace,
    local_of: BTreeMap<String, String>,
}

/// Checks and lowers a rule set (named `file` in errors).
pub fn rule_set_from_model(file: &str, m: &model::RuleSet) -> Result<EndpointRuleSet, ModelError> {
    if m.version != "1.0" && m.version != "1.3" {
        return Err(ModelError::new(file, "version", format!("unsupported rule set version {:?}", m.version)));
    }
    let fields = names::field_names(m.parameters.keys().map(String::as_str), &[]);
    let mut cx = Lowering { file, locals: names::Namespace::with_reserved(&["params"]), local_of: BTreeMap::new() };
    let mut params = Vec::new();
    let mut scope = Scope::new();
    for ((name, p), (field, _)) in m.parameters.iter().zip(fields) {
        let path = format!("parameters.{name}");
        let ty = match p.ty.to_ascii_lowercase().as_str() {
            "string" => Type::String,
            "boolean" => Type::Bool,
            "stringarray" => Type::StringArray,
            other => return Err(ModelError::new(file, format!("{path}.type"), format!("unknown type {other:?}"))),
        };
        let default = match (&p.default, ty) {
            (None, _) => None,
            (Some(model::Literal::Bool(b)), Type::Bool) => Some(Literal::Bool(*b)),
            (Some(model::Literal::String(s)), Type::String) => Some(Literal::String(s.clone())),
            (Some(model::Literal::StringArray(v)), Type::StringArray) => Some(Literal::StringArray(v.clone())),
            _ => return Err(ModelError::new(file, format!("{path}.default"), "default does not match the type")),
        };
        let built_in = p.built_in.as_deref().map(BuiltIn::from_name);
        let expected = match &built_in {
            Some(BuiltIn::Region | BuiltIn::Endpoint) => Some(Type::String),
            Some(BuiltIn::UseFips | BuiltIn::UseDualStack) => Some(Type::Bool),
            Some(BuiltIn::Other(name)) => {
                CONFIG_BUILT_INS.iter().find(|(n, _, _)| n == name).map(|(_, _, value)| value.ty())
            }
            None => {
                super::customizations::CONFIG_CLIENT_CONTEXT_PARAMS.iter().any(|(n, _)| n == name).then_some(Type::Bool)
            }
        };
        if expected.is_some_and(|t| t != ty) {
            return Err(ModelError::new(file, format!("{path}.type"), "does not match the built-in's type"));
        }
        let mut param = Param {
            name: name.clone(),
            field: field.clone(),
            ty,
            built_in,
            default,
            required: p.required,
            required_local: None,
        };
        let local = cx.local_for(name);
        let binding = if param.optional() && param.required {
            param.required_local = Some((local.clone(), false));
            Binding { read: Expr::Local(local.clone()), optional: None, ty, used: Rc::default(), local }
        } else if param.optional() {
            Binding {
                read: Expr::Local(local.clone()),
                optional: Some(Expr::Param(field)),
                ty,
                used: Rc::default(),
                local,
            }
        } else {
            Binding { read: Expr::Param(field), optional: None, ty, used: Rc::default(), local }
        };
        scope.insert(name.clone(), binding);
        params.push(param);
    }
    let rules = cx.rules(&m.rules, "rules", &scope)?;
    for p in &mut params {
        if let Some((_, used)) = &mut p.required_local {
            *used = scope.get(&p.name).is_some_and(|b| b.used.get());
        }
    }
    Ok(EndpointRuleSet { params, rules })
}

impl Lowering<'_> {
    fn err(&self, path: &str, message: impl Into<String>) -> ModelError {
        ModelError::new(self.file, path, message)
    }

    /// The local variable for a rule-set name: the same in every rule, unique in the function.
    fn local_for(&mut self, name: &str) -> String {
        if let Some(l) = self.local_of.get(name) {
            return l.clone();
        }
        let wanted = names::escape_ident(&names::snake(name));
        let l = self.locals.claim(&wanted, "_");
        self.local_of.insert(name.to_owned(), l.clone());
        l
    }

    fn rules(&mut self, rules: &[model::Rule], path: &str, scope: &Scope) -> Result<Vec<Rule>, ModelError> {
        rules.iter().enumerate().map(|(i, r)| self.rule(r, &format!("{path}[{i}]"), scope)).collect()
    }

    fn rule(&mut self, rule: &model::Rule, path: &str, scope: &Scope) -> Result<Rule, ModelError> {
        let mut scope = scope.clone();
        let mut drafts = Vec::new();
        for (i, c) in rule.conditions.iter().enumerate() {
            self.condition(c, &format!("{path}.conditions[{i}]"), &mut scope, &mut drafts)?;
        }
        let kind = match rule.kind {
            model::RuleKind::Endpoint => "endpoint",
            model::RuleKind::Error => "error",
            model::RuleKind::Tree => "tree",
        };
        let missing = |key: &str| self.err(path, format!("an {kind:?} rule needs `{key}`"));
        let outcome = match rule.kind {
            model::RuleKind::Endpoint => {
                let endpoint = rule.endpoint.as_ref().ok_or_else(|| missing("endpoint"))?;
                let url = self.string_value(&endpoint.url, &format!("{path}.endpoint.url"), &mut scope, &mut drafts)?;
                let mut headers = Vec::new();
                for (name, values) in &endpoint.headers {
                    let mut out = Vec::new();
                    for (i, v) in values.iter().enumerate() {
                        let p = format!("{path}.endpoint.headers.{name}[{i}]");
                        out.push(self.string_value(v, &p, &mut scope, &mut drafts)?);
                    }
                    headers.push((name.clone(), out));
                }
                let mut properties = Vec::new();
                for (name, v) in &endpoint.properties {
                    let p = format!("{path}.endpoint.properties.{name}");
                    properties.push((name.clone(), self.property(v, &p, &mut scope, &mut drafts)?));
                }
                Outcome::Endpoint(EndpointDef { url, headers, properties })
            }
            model::RuleKind::Error => {
                let p = format!("{path}.error");
                match rule.error.as_ref().ok_or_else(|| missing("error"))? {
                    model::Arg::String(s) => Outcome::Error(self.template(s, &p, &mut scope, &mut drafts)?),
                    _ => return Err(self.err(&p, "an error message must be a string")),
                }
            }
            model::RuleKind::Tree => {
                let rules = rule.rules.as_ref().ok_or_else(|| missing("rules"))?;
                Outcome::Tree(self.rules(rules, &format!("{path}.rules"), &scope)?)
            }
        };
        let steps = drafts
            .into_iter()
            .map(|d| match d {
                Draft::Unwrap(expr, local, used) => Step::Unwrap { expr, local, used: used.get() },
                Draft::Let(expr, local, used) => Step::Let { expr, local, used: used.get() },
                Draft::Check(e) => Step::Check(e),
            })
            .collect();
        Ok(Rule { steps, outcome })
    }

    fn condition(
        &mut self,
        c: &model::Condition,
        path: &str,
        scope: &mut Scope,
        drafts: &mut Vec<Draft>,
    ) -> Result<(), ModelError> {
        let call = model::Arg::Call { function: c.function.clone(), argv: c.argv.clone() };
        if let Some(name) = &c.assign {
            if scope.contains_key(name) {
                return Err(self.err(&format!("{path}.assign"), format!("{name:?} is already bound")));
            }
        }
        // `isSet(ref)` of a parameter not yet known to be set narrows it for the rest of the rule.
        if c.function == "isSet" && c.assign.is_none() {
            if let [model::Arg::Ref { name }] = c.argv.as_slice() {
                if scope.get(name).is_some_and(|b| b.optional.is_some()) {
                    self.narrow(name, scope, drafts);
                    return Ok(());
                }
            }
        }
        let (expr, ty, optional) = self.expr(&call, path, scope, drafts)?;
        let assign = c.assign.as_ref().map(|n| (n.clone(), self.local_for(n)));
        match (optional, ty, assign) {
            (true, _, Some((name, local))) => {
                let used = Rc::new(Cell::new(false));
                drafts.push(Draft::Unwrap(expr, local.clone(), used.clone()));
                scope.insert(name, Binding { read: Expr::Local(local.clone()), optional: None, ty, used, local });
            }
            (true, _, None) => drafts.push(Draft::Check(Expr::IsSet(Box::new(expr)))),
            (false, Type::Bool, assign) => {
                if expr != Expr::Bool(true) {
                    drafts.push(Draft::Check(expr));
                }
                if let Some((name, local)) = assign {
                    let b = Binding { read: Expr::Bool(true), optional: None, ty, used: Rc::default(), local };
                    scope.insert(name, b);
                }
            }
            (false, _, Some((name, local))) => {
                let used = Rc::new(Cell::new(false));
                drafts.push(Draft::Let(expr, local.clone(), used.clone()));
                scope.insert(name, Binding { read: Expr::Local(local.clone()), optional: None, ty, used, local });
            }
            // A value that is always set: the condition always holds.
            (false, _, None) => {}
        }
        Ok(())
    }

    /// Unwraps an optional parameter into its local; later reads see it as set.
    fn narrow(&mut self, name: &str, scope: &mut Scope, drafts: &mut Vec<Draft>) {
        if let Some(b) = scope.get_mut(name) {
            if let Some(opt) = b.optional.take() {
                let used = Rc::new(Cell::new(false));
                drafts.push(Draft::Unwrap(opt, b.local.clone(), used.clone()));
                b.used = used;
            }
        }
    }

    /// A value that must be set: an optional one is unwrapped by a step first.
    fn set_value(
        &mut self,
        arg: &model::Arg,
        path: &str,
        scope: &mut Scope,
        drafts: &mut Vec<Draft>,
    ) -> Result<(Expr, Type), ModelError> {
        if let model::Arg::Ref { name } = arg {
            if scope.get(name).is_some_and(|b| b.optional.is_some()) {
                self.narrow(name, scope, drafts);
            }
        }
        let (expr, ty, optional) = self.expr(arg, path, scope, drafts)?;
        if !optional {
            return Ok((expr, ty));
        }
        let local = self.locals.claim("value", "_");
        let used = Rc::new(Cell::new(true));
        drafts.push(Draft::Unwrap(expr, local.clone(), used));
        Ok((Expr::Local(local), ty))
    }

    fn typed(
        &mut self,
        arg: &model::Arg,
        want: Type,
        path: &str,
        scope: &mut Scope,
        drafts: &mut Vec<Draft>,
    ) -> Result<Expr, ModelError> {
        let (e, ty) = self.set_value(arg, path, scope, drafts)?;
        if ty != want {
            return Err(self.err(path, format!("expected a {want:?} value, found {ty:?}")));
        }
        Ok(e)
    }

    fn string_value(
        &mut self,
        arg: &model::Arg,
        path: &str,
        scope: &mut Scope,
        drafts: &mut Vec<Draft>,
    ) -> Result<Expr, ModelError> {
        self.typed(arg, Type::String, path, scope, drafts)
    }

    /// An expression, its type, and whether it may be unset.
    fn expr(
        &mut self,
        arg: &model::Arg,
        path: &str,
        scope: &mut Scope,
        drafts: &mut Vec<Draft>,
    ) -> Result<(Expr, Type, bool), ModelError> {
        Ok(match arg {
            model::Arg::Bool(b) => (Expr::Bool(*b), Type::Bool, false),
            model::Arg::Int(i) => (Expr::Int(*i), Type::Int, false),
            model::Arg::String(s) => (Expr::String(self.template(s, path, scope, drafts)?), Type::String, false),
            model::Arg::Array(_) => return Err(self.err(path, "array values are not supported here")),
            model::Arg::Ref { name } => {
                let b = scope.get(name).ok_or_else(|| self.err(path, format!("unknown reference {name:?}")))?;
                b.used.set(true);
                match &b.optional {
                    Some(opt) => (opt.clone(), b.ty, true),
                    None => (b.read.clone(), b.ty, false),
                }
            }
            model::Arg::Call { function, argv } => self.call(function, argv, path, scope, drafts)?,
        })
    }

    fn call(
        &mut self,
        function: &str,
        argv: &[model::Arg],
        path: &str,
        scope: &mut Scope,
        drafts: &mut Vec<Draft>,
    ) -> Result<(Expr, Type, bool), ModelError> {
        let arity = match function {
            "isSet" | "not" | "aws.partition" | "parseURL" | "aws.parseArn" | "uriEncode" => 1,
            "booleanEquals" | "stringEquals" | "isValidHostLabel" | "aws.isVirtualHostableS3Bucket" | "getAttr" => 2,
            "substring" => 4,
            other => return Err(self.err(&format!("{path}.fn"), format!("unknown function {other:?}"))),
        };
        if argv.len() != arity {
            return Err(self.err(&format!("{path}.argv"), format!("{function} takes {arity} arguments")));
        }
        let arg = |i: usize| format!("{path}.argv[{i}]");
        let b = Box::new;
        Ok(match function {
            "isSet" => {
                let (e, _, optional) = self.expr(&argv[0], &arg(0), scope, drafts)?;
                (if optional { Expr::IsSet(b(e)) } else { Expr::Bool(true) }, Type::Bool, false)
            }
            "not" => (Expr::Not(b(self.typed(&argv[0], Type::Bool, &arg(0), scope, drafts)?)), Type::Bool, false),
            "booleanEquals" => {
                let l = self.typed(&argv[0], Type::Bool, &arg(0), scope, drafts)?;
                let r = self.typed(&argv[1], Type::Bool, &arg(1), scope, drafts)?;
                (Expr::BoolEquals(b(l), b(r)), Type::Bool, false)
            }
            "stringEquals" => {
                let l = self.string_value(&argv[0], &arg(0), scope, drafts)?;
                let r = self.string_value(&argv[1], &arg(1), scope, drafts)?;
                (Expr::StringEquals(b(l), b(r)), Type::Bool, false)
            }
            "aws.partition" => {
                (Expr::Partition(b(self.string_value(&argv[0], &arg(0), scope, drafts)?)), Type::Partition, false)
            }
            "parseURL" => (Expr::ParseUrl(b(self.string_value(&argv[0], &arg(0), scope, drafts)?)), Type::Url, true),
            "aws.parseArn" => {
                (Expr::ParseArn(b(self.string_value(&argv[0], &arg(0), scope, drafts)?)), Type::Arn, true)
            }
            "uriEncode" => {
                (Expr::UriEncode(b(self.string_value(&argv[0], &arg(0), scope, drafts)?)), Type::String, false)
            }
            "isValidHostLabel" | "aws.isVirtualHostableS3Bucket" => {
                let v = self.string_value(&argv[0], &arg(0), scope, drafts)?;
                let sub = self.typed(&argv[1], Type::Bool, &arg(1), scope, drafts)?;
                let e = if function == "isValidHostLabel" {
                    Expr::IsValidHostLabel(b(v), b(sub))
                } else {
                    Expr::IsVirtualHostableS3Bucket(b(v), b(sub))
                };
                (e, Type::Bool, false)
            }
            "substring" => {
                let v = self.string_value(&argv[0], &arg(0), scope, drafts)?;
                let bound = |i: usize| match &argv[i] {
                    model::Arg::Int(n) => usize::try_from(*n).map_err(|_| self.err(&arg(i), "a negative index")),
                    _ => Err(self.err(&arg(i), "expected an integer literal")),
                };
                let (start, stop) = (bound(1)?, bound(2)?);
                let reverse = self.typed(&argv[3], Type::Bool, &arg(3), scope, drafts)?;
                (Expr::Substring(b(v), start, stop, b(reverse)), Type::String, true)
            }
            _ => {
                // getAttr
                let (target, ty) = self.set_value(&argv[0], &arg(0), scope, drafts)?;
                let model::Arg::String(attr_path) = &argv[1] else {
                    return Err(self.err(&arg(1), "expected a path string"));
                };
                let (e, ty, optional) = self.attr(target, ty, attr_path).map_err(|why| self.err(&arg(1), why))?;
                (e, ty, optional)
            }
        })
    }

    /// Resolves a `getAttr` path (`dnsSuffix`, `resourceId[1]`, `[0]`) against a value's type.
    fn attr(&self, target: Expr, ty: Type, path: &str) -> Result<(Expr, Type, bool), String> {
        let mut parts = path.split('.');
        let first = parts.next().unwrap_or("");
        if parts.next().is_some() {
            return Err(format!("{path:?}: nested attribute paths are not supported"));
        }
        let (name, index) = match first.split_once('[') {
            Some((name, rest)) => {
                let n = rest.strip_suffix(']').and_then(|n| n.parse::<usize>().ok());
                (name, Some(n.ok_or_else(|| format!("{path:?}: bad index"))?))
            }
            None => (first, None),
        };
        let attr = match (ty, name, index) {
            (Type::Partition, "name", None) => Attr::PartitionName,
            (Type::Partition, "dnsSuffix", None) => Attr::DnsSuffix,
            (Type::Partition, "dualStackDnsSuffix", None) => Attr::DualStackDnsSuffix,
            (Type::Partition, "supportsFIPS", None) => Attr::SupportsFips,
            (Type::Partition, "supportsDualStack", None) => Attr::SupportsDualStack,
            (Type::Partition, "implicitGlobalRegion", None) => Attr::ImplicitGlobalRegion,
            (Type::Url, "scheme", None) => Attr::Scheme,
            (Type::Url, "authority", None) => Attr::Authority,
            (Type::Url, "path", None) => Attr::Path,
            (Type::Url, "normalizedPath", None) => Attr::NormalizedPath,
            (Type::Url, "isIp", None) => Attr::IsIp,
            (Type::Arn, "partition", None) => Attr::ArnPartition,
            (Type::Arn, "service", None) => Attr::ArnService,
            (Type::Arn, "region", None) => Attr::ArnRegion,
            (Type::Arn, "accountId", None) => Attr::ArnAccountId,
            (Type::Arn, "resourceId", None) => Attr::ArnResourceId,
            (Type::Arn, "resourceId", Some(i)) => Attr::ArnResourceIdIndex(i),
            (Type::StringArray, "", Some(i)) => Attr::Index(i),
            _ => return Err(format!("a {ty:?} value has no attribute {path:?}")),
        };
        let (ty, optional) = attr.ty();
        Ok((Expr::Attr(Box::new(target), attr), ty, optional))
    }

    /// A string with `{Name}` / `{Name#attr}` references (`{{` and `}}` are braces).
    fn template(
        &mut self,
        s: &str,
        path: &str,
        scope: &mut Scope,
        drafts: &mut Vec<Draft>,
    ) -> Result<Template, ModelError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = s;
        while let Some(i) = rest.find(['{', '}']) {
            literal.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                literal.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            let end = tail.find('}').filter(|_| tail.starts_with('{'));
            let Some(end) = end else {
                return Err(self.err(path, format!("unbalanced brace in template {s:?}")));
            };
            let reference = &tail[1..end];
            let name = reference.split('#').next().unwrap_or_default();
            if !scope.contains_key(name) {
                return Err(self.err(path, format!("unknown reference {name:?} in template {s:?}")));
            }
            let value = match reference.split_once('#') {
                Some((name, attr)) => model::Arg::Call {
                    function: "getAttr".into(),
                    argv: vec![model::Arg::Ref { name: name.into() }, model::Arg::String(attr.into())],
                },
                None => model::Arg::Ref { name: reference.into() },
            };
            let (e, ty) = self.set_value(&value, path, scope, drafts)?;
            if ty != Type::String {
                return Err(self.err(path, format!("template reference {{{reference}}} is a {ty:?}, not a string")));
            }
            if !literal.is_empty() {
                parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
            }
            parts.push(TemplatePart::Value(e));
            rest = &tail[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() || parts.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        Ok(Template { parts })
    }

    fn property(
        &mut self,
        v: &serde_json::Value,
        path: &str,
        scope: &mut Scope,
        drafts: &mut Vec<Draft>,
    ) -> Result<Property, ModelError> {
        use serde_json::Value;
        Ok(match v {
            Value::String(s) => Property::String(self.template(s, path, scope, drafts)?),
            Value::Bool(b) => Property::Bool(*b),
            Value::Number(n) => Property::Int(n.as_i64().ok_or_else(|| self.err(path, "not an integer"))?),
            Value::Array(items) => Property::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.property(item, &format!("{path}[{i}]"), scope, drafts))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => Property::Object(
                map.iter()
                    .map(|(k, item)| Ok((k.clone(), self.property(item, &format!("{path}.{k}"), scope, drafts)?)))
                    .collect::<Result<_, ModelError>>()?,
            ),
            Value::Null => return Err(self.err(path, "null is not a property value")),
        })
    }
}
