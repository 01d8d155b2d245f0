//! `src/endpoint.rs`: the service's endpoint rule set compiled into plain Rust: a `Params`
//! struct and `resolve_endpoint`, a tree of `if` / `if let` blocks in rule order, each rule
//! returning its endpoint or error. The function library and partition data are the runtime's.

use super::Cx;
use crate::ir::endpoint::{
    Attr, BuiltIn, ConfigValue, EndpointDef, EndpointRuleSet, Expr, Literal, Outcome, Param, Property, Rule, Step,
    Template, TemplatePart, Type,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The file's items.
pub fn emit(cx: &Cx<'_>) -> TokenStream {
    module(cx.svc.endpoint_rules.as_ref(), &cx.svc.full_name, true)
}

/// The module for a rule set (or, without one, for a configured endpoint URL only); with
/// `client`, also the hook the generated client installs in its `ServiceInfo`.
pub fn module(rules: Option<&EndpointRuleSet>, service: &str, client: bool) -> TokenStream {
    let fallback;
    let set = match rules {
        Some(set) => set,
        None => {
            fallback = custom_endpoint_only();
            &fallback
        }
    };
    let e = Emitter { params: set.params.iter().map(|p| (p.field.clone(), p)).collect() };
    let params = params_struct(set);
    let (from_built_ins, takes_context) = from_built_ins(set);
    let required = set.params.iter().filter_map(|p| {
        let (local, used) = p.required_local.as_ref()?;
        let field = super::ident(&p.field);
        let message = format!("Cannot find value for required parameter {}", p.name);
        let read = e.param_optional(p);
        Some(if *used {
            let local = super::ident(local);
            quote!(let Some(#local) = #read else { return Err(EndpointError::new(#message)); };)
        } else {
            quote!(if params.#field.is_none() { return Err(EndpointError::new(#message)); })
        })
    });
    let (body, always) = e.rules(&set.rules, true);
    // Rules nest as the rule set nests them, so a tree holding a single rule is an `if` inside
    // an `if` (clippy's `collapsible_if`, seen in 15 of botocore's 445 rule sets).
    let tail = if always { quote!() } else { quote!(Err(EndpointError::new("No endpoint found for parameters"))) };
    let resolve_doc = super::doc(&format!(
        " Resolves the endpoint of {service} for `params`, following the service's endpoint rule set."
    ));
    let hook = if client {
        quote! {
            /// The resolver the client runs for each request.
            pub(crate) fn resolve_from_config(built_ins: &BuiltIns) -> Result<Endpoint, EndpointError> {
                resolve_endpoint(&Params::from_built_ins(built_ins))
            }
        }
    } else {
        quote!()
    };
    // Built-ins the configuration has no value for (DynamoDB's account ID and its mode) are named,
    // so a reader knows to set them on `Params`.
    let unfilled: Vec<String> = set
        .params
        .iter()
        .filter_map(|p| match &p.built_in {
            Some(BuiltIn::Other(name)) if p.config_source().is_none() => Some(format!("\n - `{}` (`{name}`)", p.field)),
            _ => None,
        })
        .collect();
    let unfilled = if unfilled.is_empty() {
        quote!()
    } else {
        super::doc(&format!(
            "\n Not filled by the configuration, so each keeps its default unless set on the result:{}",
            unfilled.concat()
        ))
    };
    let filled = if takes_context {
        " and those the calling operation sets\n (`static_context`, then `context`); the others keep their defaults."
    } else {
        "; the others keep their defaults."
    };
    let filled = super::doc(&format!(
        " The parameters the client configuration fills (region, FIPS, dual-stack, endpoint\n URL and the other settings `BuiltIns` carries){filled}"
    ));
    quote! {
        //! Endpoint resolution, compiled from the service's endpoint rule set.

        use ::awsgen_runtime::endpoint::{BuiltIns, Endpoint, EndpointError};

        #params

        impl Params {
            #filled
            #unfilled
            pub fn from_built_ins(built_ins: &BuiltIns) -> Self {
                #from_built_ins
            }
        }

        #resolve_doc
        #[allow(clippy::collapsible_if)]
        pub fn resolve_endpoint(params: &Params) -> Result<Endpoint, EndpointError> {
            #(#required)*
            #body
            #tail
        }

        #hook
    }
}

/// For a model without a rule set: the configured endpoint URL, or an error saying so.
fn custom_endpoint_only() -> EndpointRuleSet {
    let endpoint = Param {
        name: "Endpoint".into(),
        field: "endpoint".into(),
        ty: Type::String,
        built_in: Some(BuiltIn::Endpoint),
        default: None,
        required: false,
        required_local: None,
    };
    let literal = |s: &str| Template { parts: vec![TemplatePart::Literal(s.into())] };
    EndpointRuleSet {
        params: vec![endpoint],
        rules: vec![
            Rule {
                steps: vec![Step::Unwrap {
                    expr: Expr::Param("endpoint".into()),
                    local: "endpoint".into(),
                    used: true,
                }],
                outcome: Outcome::Endpoint(EndpointDef {
                    url: Expr::Local("endpoint".into()),
                    headers: vec![],
                    properties: vec![],
                }),
            },
            Rule {
                steps: vec![],
                outcome: Outcome::Error(literal(
                    "this client was generated without an endpoint rule set: configure an endpoint URL",
                )),
            },
        ],
    }
}

fn rust_type(p: &Param) -> TokenStream {
    let t = match p.ty {
        Type::Bool => quote!(bool),
        Type::StringArray => quote!(Vec<String>),
        _ => quote!(String),
    };
    if p.optional() {
        quote!(Option<#t>)
    } else {
        t
    }
}

fn literal_value(l: &Literal) -> TokenStream {
    match l {
        Literal::Bool(b) => quote!(#b),
        Literal::String(s) => quote!(#s.to_owned()),
        Literal::StringArray(items) => quote!(vec![#(#items.to_owned()),*]),
    }
}

/// Whether a default is what `#[derive(Default)]` gives.
fn is_type_default(l: &Literal) -> bool {
    match l {
        Literal::Bool(b) => !b,
        Literal::String(s) => s.is_empty(),
        Literal::StringArray(v) => v.is_empty(),
    }
}

fn params_struct(set: &EndpointRuleSet) -> TokenStream {
    let fields = set.params.iter().map(|p| {
        let f = super::ident(&p.field);
        let t = rust_type(p);
        let mut text = format!(" `{}`", p.name);
        if let Some(b) = p.built_in.as_ref().map(BuiltIn::name) {
            text.push_str(&format!(" (built-in `{b}`)"));
        }
        match &p.default {
            Some(Literal::Bool(b)) => text.push_str(&format!("; default `{b}`")),
            Some(Literal::String(s)) => text.push_str(&format!("; default `{s:?}`")),
            Some(Literal::StringArray(v)) => text.push_str(&format!("; default `{v:?}`")),
            None if p.required => text.push_str("; required"),
            None => {}
        }
        text.push('.');
        let d = super::doc(&text);
        quote!(#d pub #f: #t,)
    });
    let derivable = !set.params.iter().any(|p| matches!(&p.default, Some(l) if !is_type_default(l)));
    let default_impl = if derivable {
        quote!()
    } else {
        let inits = set.params.iter().map(|p| {
            let f = super::ident(&p.field);
            let v = p.default.as_ref().map_or(quote!(None), literal_value);
            quote!(#f: #v,)
        });
        quote! {
            impl Default for Params {
                fn default() -> Self {
                    Params { #(#inits)* }
                }
            }
        }
    };
    let derives = if derivable {
        quote!(#[derive(Clone, Debug, Default, PartialEq, Eq)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq, Eq)])
    };
    quote! {
        /// The inputs of the endpoint rule set. `Default` gives every parameter its default.
        #derives
        pub struct Params {
            #(#fields)*
        }
        #default_impl
    }
}

/// The body of `Params::from_built_ins`, and whether it reads the operation's static context
/// parameters (only for a rule set with parameters an operation can set).
fn from_built_ins(set: &EndpointRuleSet) -> (TokenStream, bool) {
    let mut all = true;
    let inits: Vec<TokenStream> = set
        .params
        .iter()
        .filter_map(|p| {
            let f = super::ident(&p.field);
            let value = match (&p.built_in, p.optional()) {
                (Some(BuiltIn::Region), true) => quote!(built_ins.region.clone()),
                (Some(BuiltIn::Endpoint), true) => quote!(built_ins.endpoint.clone()),
                (Some(b @ (BuiltIn::Region | BuiltIn::Endpoint)), false) => {
                    let src = if *b == BuiltIn::Region { quote!(region) } else { quote!(endpoint) };
                    let d = p.default.as_ref().map_or(quote!(String::new()), literal_value);
                    quote!(built_ins.#src.clone().unwrap_or_else(|| #d))
                }
                (Some(BuiltIn::UseFips), false) => quote!(built_ins.use_fips),
                (Some(BuiltIn::UseFips), true) => quote!(Some(built_ins.use_fips)),
                (Some(BuiltIn::UseDualStack), false) => quote!(built_ins.use_dual_stack),
                (Some(BuiltIn::UseDualStack), true) => quote!(Some(built_ins.use_dual_stack)),
                _ if p.config_source().is_some() => config_value(p),
                _ => {
                    all = false;
                    return None;
                }
            };
            Some(quote!(#f: #value,))
        })
        .collect();
    let rest = if all { quote!() } else { quote!(..Default::default()) };
    let params = quote!(Params { #(#inits)* #rest });
    // The operation's context parameters (static, then from input members), for each
    // parameter no built-in fills and an operation can set (booleans and strings).
    let settable: Vec<(&str, Ident, TokenStream, TokenStream)> = set
        .params
        .iter()
        .filter(|p| p.built_in.is_none())
        .filter_map(|p| {
            let (read, value) = match p.ty {
                Type::Bool => (quote!(value.as_bool()), quote!(v)),
                Type::String => (quote!(value.as_str()), quote!(v.to_owned())),
                _ => return None,
            };
            let value = if p.optional() { quote!(Some(#value)) } else { value };
            Some((p.name.as_str(), super::ident(&p.field), read, value))
        })
        .collect();
    let apply = match settable.as_slice() {
        [] => return (params, false),
        // One parameter: an `if let` (a one-armed `match` is clippy's `single_match`).
        [(name, f, read, value)] => quote! {
            if let (#name, Some(v)) = (*name, #read) {
                params.#f = #value;
            }
        },
        _ => {
            let arms = settable.iter().map(|(name, f, read, value)| {
                quote! {
                    #name => {
                        if let Some(v) = #read {
                            params.#f = #value;
                        }
                    }
                }
            });
            quote! {
                match *name {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    let body = quote! {
        let mut params = #params;
        for (name, value) in built_ins.static_context.iter().chain(&built_ins.context) {
            #apply
        }
        params
    };
    (body, true)
}

/// The value of a parameter the configuration fills through a field of `BuiltIns` other than
/// the four with their own arms (see `Param::config_source`), converted to the field's type.
fn config_value(p: &Param) -> TokenStream {
    let Some((field, held)) = p.config_source() else { return quote!(Default::default()) };
    let f = super::ident(field);
    let default = p.default.as_ref().map(literal_value);
    match (held, p.optional(), default) {
        (ConfigValue::Bool, false, _) => quote!(built_ins.#f),
        (ConfigValue::Bool, true, _) => quote!(Some(built_ins.#f)),
        (ConfigValue::OptionalBool, true, _) => quote!(built_ins.#f),
        (ConfigValue::OptionalBool, false, d) => {
            let d = d.unwrap_or(quote!(false));
            quote!(built_ins.#f.unwrap_or(#d))
        }
        (ConfigValue::OptionalString, true, _) => quote!(built_ins.#f.clone()),
        (ConfigValue::OptionalString, false, d) => {
            let d = d.unwrap_or(quote!(String::new()));
            quote!(built_ins.#f.clone().unwrap_or_else(|| #d))
        }
    }
}

struct Emitter<'a> {
    params: BTreeMap<String, &'a Param>,
}

impl Emitter<'_> {
    /// A rule list; the flag says whether control never gets past it. With `tail`, a rule that
    /// always returns is written as the block's value rather than with `return`.
    fn rules(&self, rules: &[Rule], tail: bool) -> (TokenStream, bool) {
        let mut out = TokenStream::new();
        for r in rules {
            let (tokens, always) = self.rule(r, tail);
            out.extend(tokens);
            if always {
                // Later rules are unreachable: the rule set ends here.
                return (out, true);
            }
        }
        (out, false)
    }

    fn rule(&self, rule: &Rule, tail: bool) -> (TokenStream, bool) {
        // Only a rule without tests can be the block's value.
        let tail = tail && rule.steps.iter().all(|s| matches!(s, Step::Let { .. }));
        let (mut body, mut always) = match &rule.outcome {
            Outcome::Endpoint(def) => (self.endpoint(def, tail), true),
            Outcome::Error(t) => {
                let m = self.owned_string(t);
                let value = quote!(Err(EndpointError::new(#m)));
                (if tail { value } else { quote!(return #value;) }, true)
            }
            Outcome::Tree(rules) => self.rules(rules, tail),
        };
        // Wrap from the innermost step out; adjacent checks share one `if`.
        let mut checks: Vec<TokenStream> = Vec::new();
        for step in rule.steps.iter().rev() {
            if let Step::Check(e) = step {
                checks.push(self.expr(e));
                continue;
            }
            if !checks.is_empty() {
                body = wrap_checks(&mut checks, body);
                always = false;
            }
            match step {
                Step::Unwrap { expr, local, used } => {
                    let e = self.expr(expr);
                    body = if *used {
                        let l = super::ident(local);
                        quote!(if let Some(#l) = #e { #body })
                    } else {
                        quote!(if #e.is_some() { #body })
                    };
                    always = false;
                }
                Step::Let { expr, local, used: true } => {
                    let l = super::ident(local);
                    let e = match expr {
                        Expr::UriEncode(v) => {
                            let v = self.expr(v);
                            quote!(&::awsgen_runtime::endpoint::uri_encode(#v))
                        }
                        e => self.expr(e),
                    };
                    // Names are unique per rule-set name, so the binding may share the block.
                    body = quote!(let #l = #e; #body);
                }
                Step::Let { used: false, .. } | Step::Check(_) => {}
            }
        }
        if !checks.is_empty() {
            body = wrap_checks(&mut checks, body);
            always = false;
        }
        (body, always)
    }

    fn endpoint(&self, def: &EndpointDef, tail: bool) -> TokenStream {
        let url = self.owned_expr(&def.url);
        let headers = def.headers.iter().flat_map(|(name, values)| {
            values.iter().map(move |v| {
                let v = self.owned_expr(v);
                quote!(.with_header(#name, #v))
            })
        });
        let properties = def.properties.iter().map(|(name, p)| {
            let p = self.property(p);
            quote!(.with_property(#name, #p))
        });
        let value = quote!(Ok(Endpoint::new(#url) #(#headers)* #(#properties)*));
        if tail {
            value
        } else {
            quote!(return #value;)
        }
    }

    fn property(&self, p: &Property) -> TokenStream {
        let doc = quote!(::awsgen_runtime::endpoint::Document);
        match p {
            Property::String(t) => {
                let s = self.owned_string(t);
                quote!(#doc::String(#s.into()))
            }
            Property::Bool(b) => quote!(#doc::Bool(#b)),
            Property::Int(i) => quote!(#doc::Int(#i)),
            Property::Array(items) => {
                let items = items.iter().map(|i| self.property(i));
                quote!(#doc::Array(vec![#(#items),*]))
            }
            Property::Object(entries) => {
                let entries = entries.iter().map(|(k, v)| {
                    let v = self.property(v);
                    quote!((#k.to_owned(), #v))
                });
                quote!(#doc::Object(::std::collections::BTreeMap::from([#(#entries),*])))
            }
        }
    }

    /// A value that converts `Into<String>`.
    fn owned_expr(&self, e: &Expr) -> TokenStream {
        match e {
            Expr::String(t) => self.owned_string(t),
            e => self.expr(e),
        }
    }

    /// A template as something that converts `Into<String>`: a literal, a `&str`, or `format!`.
    fn owned_string(&self, t: &Template) -> TokenStream {
        match t.parts.as_slice() {
            [TemplatePart::Literal(s)] => quote!(#s),
            [TemplatePart::Value(e)] => self.expr(e),
            parts => {
                let mut format = String::new();
                let mut args = Vec::new();
                for part in parts {
                    match part {
                        TemplatePart::Literal(s) => format.push_str(&s.replace('{', "{{").replace('}', "}}")),
                        TemplatePart::Value(Expr::Local(l)) if !l.starts_with("r#") => {
                            format.push('{');
                            format.push_str(l);
                            format.push('}');
                        }
                        TemplatePart::Value(e) => {
                            format.push_str("{}");
                            args.push(self.expr(e));
                        }
                    }
                }
                quote!(format!(#format #(, #args)*))
            }
        }
    }

    /// The field of a parameter in its declared form (`Option<&str>` for an optional string).
    fn param_optional(&self, p: &Param) -> TokenStream {
        let f = super::ident(&p.field);
        match (p.ty, p.optional()) {
            (Type::Bool, _) => quote!(params.#f),
            (Type::StringArray, false) => quote!(params.#f.as_slice()),
            (_, true) => quote!(params.#f.as_deref()),
            (_, false) => quote!(params.#f.as_str()),
        }
    }

    fn expr(&self, e: &Expr) -> TokenStream {
        let rt = quote!(::awsgen_runtime::endpoint);
        match e {
            Expr::Bool(b) => quote!(#b),
            Expr::Int(i) => quote!(#i),
            Expr::String(t) => match t.parts.as_slice() {
                [TemplatePart::Literal(s)] => quote!(#s),
                [TemplatePart::Value(e)] => self.expr(e),
                _ => {
                    let s = self.owned_string(t);
                    quote!(#s.as_str())
                }
            },
            Expr::Param(field) => match self.params.get(field) {
                Some(p) => self.param_optional(p),
                None => {
                    let f = super::ident(field);
                    quote!(params.#f)
                }
            },
            Expr::Local(l) => {
                let l = super::ident(l);
                quote!(#l)
            }
            Expr::IsSet(v) => {
                let v = self.expr(v);
                quote!(#v.is_some())
            }
            Expr::Not(v) => self.not(v),
            Expr::BoolEquals(a, b) => match (&**a, &**b) {
                (Expr::Bool(true), x) | (x, Expr::Bool(true)) => self.expr(x),
                (Expr::Bool(false), x) | (x, Expr::Bool(false)) => self.not(x),
                (a, b) => {
                    let (a, b) = (self.expr(a), self.expr(b));
                    quote!(#a == #b)
                }
            },
            Expr::StringEquals(a, b) => match (&**a, &**b) {
                (x, e) | (e, x) if is_empty_literal(e) => {
                    let x = self.expr(x);
                    quote!(#x.is_empty())
                }
                (a, b) => {
                    let (a, b) = (self.expr(a), self.expr(b));
                    quote!(#a == #b)
                }
            },
            Expr::Partition(r) => {
                let r = self.expr(r);
                quote!(#rt::partition(#r))
            }
            Expr::ParseUrl(v) => {
                let v = self.expr(v);
                quote!(#rt::parse_url(#v))
            }
            Expr::ParseArn(v) => {
                let v = self.expr(v);
                quote!(#rt::parse_arn(#v))
            }
            Expr::Substring(v, start, stop, reverse) => {
                let (v, reverse) = (self.expr(v), self.expr(reverse));
                quote!(#rt::substring(#v, #start, #stop, #reverse))
            }
            Expr::UriEncode(v) => {
                let v = self.expr(v);
                quote!(#rt::uri_encode(#v).as_str())
            }
            Expr::IsValidHostLabel(v, sub) => {
                let (v, sub) = (self.expr(v), self.expr(sub));
                quote!(#rt::is_valid_host_label(#v, #sub))
            }
            Expr::IsVirtualHostableS3Bucket(v, sub) => {
                let (v, sub) = (self.expr(v), self.expr(sub));
                quote!(#rt::is_virtual_hostable_s3_bucket(#v, #sub))
            }
            Expr::Attr(target, attr) => {
                let t = self.expr(target);
                let field = |name: &str| -> Ident { format_ident!("{}", name) };
                match attr {
                    Attr::PartitionName => quote!(#t.name),
                    Attr::DnsSuffix => quote!(#t.dns_suffix),
                    Attr::DualStackDnsSuffix => quote!(#t.dual_stack_dns_suffix),
                    Attr::SupportsFips => quote!(#t.supports_fips),
                    Attr::SupportsDualStack => quote!(#t.supports_dual_stack),
                    Attr::ImplicitGlobalRegion => quote!(#t.implicit_global_region),
                    Attr::Scheme | Attr::Authority | Attr::Path | Attr::NormalizedPath | Attr::IsIp => {
                        let m = field(match attr {
                            Attr::Scheme => "scheme",
                            Attr::Authority => "authority",
                            Attr::Path => "path",
                            Attr::NormalizedPath => "normalized_path",
                            _ => "is_ip",
                        });
                        quote!(#t.#m())
                    }
                    Attr::ArnPartition => quote!(#t.partition()),
                    Attr::ArnService => quote!(#t.service()),
                    Attr::ArnRegion => quote!(#t.region()),
                    Attr::ArnAccountId => quote!(#t.account_id()),
                    Attr::ArnResourceId => quote!(#t.resource_id()),
                    Attr::ArnResourceIdIndex(i) => {
                        let list = quote!(#t.resource_id());
                        element(list, *i)
                    }
                    Attr::Index(i) => element(t, *i),
                }
            }
        }
    }

    /// Negation, written the way clippy prefers (`a != b`, `x.is_none()`).
    fn not(&self, e: &Expr) -> TokenStream {
        match e {
            Expr::IsSet(v) => {
                let v = self.expr(v);
                quote!(#v.is_none())
            }
            Expr::Not(v) => self.expr(v),
            Expr::Bool(b) => {
                let b = !b;
                quote!(#b)
            }
            Expr::StringEquals(a, b) => match (&**a, &**b) {
                (x, e) | (e, x) if is_empty_literal(e) => {
                    let x = self.expr(x);
                    quote!(!#x.is_empty())
                }
                (a, b) => {
                    let (a, b) = (self.expr(a), self.expr(b));
                    quote!(#a != #b)
                }
            },
            Expr::BoolEquals(a, b) => match (&**a, &**b) {
                (Expr::Bool(true), x) | (x, Expr::Bool(true)) => self.not(x),
                (Expr::Bool(false), x) | (x, Expr::Bool(false)) => self.expr(x),
                (a, b) => {
                    let (a, b) = (self.expr(a), self.expr(b));
                    quote!(#a != #b)
                }
            },
            e => {
                let e = self.expr(e);
                quote!(!#e)
            }
        }
    }
}

/// Element `i` of a `&[String]`, as `Option<&str>`.
fn element(list: TokenStream, i: usize) -> TokenStream {
    if i == 0 {
        quote!(#list.first().map(String::as_str))
    } else {
        quote!(#list.get(#i).map(String::as_str))
    }
}

fn is_empty_literal(e: &Expr) -> bool {
    matches!(e, Expr::String(t) if matches!(t.parts.as_slice(), [TemplatePart::Literal(s)] if s.is_empty()))
}

fn wrap_checks(checks: &mut Vec<TokenStream>, body: TokenStream) -> TokenStream {
    // `checks` holds them innermost first.
    let conds: Vec<TokenStream> = checks.drain(..).rev().collect();
    quote!(if #(#conds)&&* { #body })
}
