//! awsgen's code generator, as a library: model loading → IR → Rust tokens → formatted files.
//!
//! It knows nothing of argv or of the repository layout: `xtask` decides paths and calls
//! [`generate_from_model`] (or the steps: [`model`], [`ir`], [`emit`]). [`generate_module`]
//! lays the same client out as one module to embed in another crate (the protocol suites in
//! `tests/` build a client per suite that way).

pub mod emit;
pub mod error;
pub mod ir;
pub mod model;
pub mod names;

pub use emit::{generate, generate_module, GeneratedFile, ModuleOptions, Options};

pub use error::{EmitError, ModelError};
use std::time::{Duration, Instant};

/// Any generator failure.
#[derive(Debug)]
pub enum Error {
    /// The model is malformed or inconsistent.
    Model(ModelError),
    /// Emission failed (a generator bug, reported rather than panicked).
    Emit(EmitError),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Model(e) => e.fmt(f),
            Error::Emit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<ModelError> for Error {
    fn from(e: ModelError) -> Self {
        Error::Model(e)
    }
}

impl From<EmitError> for Error {
    fn from(e: EmitError) -> Self {
        Error::Emit(e)
    }
}

/// Parses a botocore `service-2.json` (named `file` in errors) and lowers it to the IR.
pub fn load_botocore(file: &str, text: &str) -> Result<ir::Service, ModelError> {
    let model = model::botocore::parse_service(file, text)?;
    ir::from_botocore(file, &model)
}

/// Parses a Smithy JSON AST (named `file` in errors) and lowers it to the IR, returning the
/// paginator, waiter and endpoint-rule facts beside it.
pub fn load_smithy(file: &str, text: &str) -> Result<ir::SmithyService, ModelError> {
    let model = model::smithy::parse_model(file, text)?;
    ir::from_smithy(file, &model)
}

/// Loads either format: a Smithy JSON AST (top-level `"smithy"` version) or a botocore
/// `service-2.json`. A Smithy service's `@paginated`, `smithy.waiters#waitable` and
/// `smithy.rules#endpointRuleSet` traits are attached to the IR here; a botocore model keeps
/// them in files beside it, attached by the caller with [`add_botocore_paginators_waiters`],
/// [`load_endpoint_rules`] and [`ir::Service::with_endpoint_rules`].
pub fn load_model(file: &str, text: &str) -> Result<ir::Service, ModelError> {
    if !model::smithy::is_smithy_ast(text) {
        return load_botocore(file, text);
    }
    let smithy = load_smithy(file, text)?;
    let mut service = smithy.service;
    ir::add_smithy_paginators_waiters(&mut service, file, &smithy.paginators, &smithy.waiters)?;
    match &smithy.endpoint_rule_set {
        Some(rules) => {
            let rules = load_endpoint_rules(&format!("{file} (smithy.rules#endpointRuleSet)"), rules)?;
            Ok(service.with_endpoint_rules(rules))
        }
        None => Ok(service),
    }
}

/// The whole pipeline for one model of either format: text in, crate files out.
pub fn generate_from_model(file: &str, text: &str, opts: &Options) -> Result<Vec<GeneratedFile>, Error> {
    let service = load_model(file, text)?;
    Ok(generate(&service, opts)?)
}

/// Parses and checks an endpoint rule set (`endpoint-rule-set-1.json`, named `file` in errors),
/// for [`ir::Service::with_endpoint_rules`].
pub fn load_endpoint_rules(file: &str, text: &str) -> Result<ir::endpoint::EndpointRuleSet, ModelError> {
    let model = model::endpoint_rules::parse_rule_set(file, text)?;
    ir::endpoint::rule_set_from_model(file, &model)
}

/// An endpoint rule set alone, compiled into `pub mod {module} { ... }`: the items a generated
/// crate holds in `src/endpoint.rs`, needing only `awsgen_runtime`. For checking the rule sets
/// of services whose protocol is not generated yet; the text can be `include!`d.
pub fn generate_endpoint_module(file: &str, text: &str, service: &str, module: &str) -> Result<String, Error> {
    let rules = load_endpoint_rules(file, text)?;
    let items = emit::endpoint::module(Some(&rules), service, false);
    let name = emit::ident(module);
    let parsed: syn::File = syn::parse2(quote::quote!(pub mod #name { #items })).map_err(|e| EmitError {
        file: file.to_string(),
        message: format!("generated tokens do not parse as Rust: {e}"),
    })?;
    Ok(prettyplease::unparse(&parsed))
}

/// `awsgen_runtime`'s partition table (`runtime/src/endpoint/partitions.rs`) from botocore's
/// `partitions.json` (named `file` in errors); the header names `command`.
pub fn generate_partitions(file: &str, text: &str, command: &str) -> Result<String, Error> {
    let model = model::endpoint_rules::parse_partitions(file, text)?;
    let partitions = ir::endpoint::partitions_from_model(file, &model)?;
    Ok(emit::partitions::emit(&partitions, command)?)
}

/// One model file: its name (for errors) and its text.
pub type ModelFile<'a> = (&'a str, &'a str);

/// Loads a botocore `service-2.json` with its optional `paginators-1.json` and `waiters-2.json`.
pub fn load_botocore_files(
    service: ModelFile<'_>,
    paginators: Option<ModelFile<'_>>,
    waiters: Option<ModelFile<'_>>,
) -> Result<ir::Service, ModelError> {
    let mut svc = load_botocore(service.0, service.1)?;
    add_botocore_paginators_waiters(&mut svc, paginators, waiters)?;
    Ok(svc)
}

/// Resolves a botocore `paginators-1.json` and `waiters-2.json` against a loaded service and
/// stores them on it.
pub fn add_botocore_paginators_waiters(
    svc: &mut ir::Service,
    paginators: Option<ModelFile<'_>>,
    waiters: Option<ModelFile<'_>>,
) -> Result<(), ModelError> {
    if let Some((file, text)) = paginators {
        ir::add_botocore_paginators(svc, file, &model::botocore::parse_paginators(file, text)?)?;
    }
    if let Some((file, text)) = waiters {
        ir::add_botocore_waiters(svc, file, &model::botocore::parse_waiters(file, text)?)?;
    }
    Ok(())
}

/// The whole pipeline for a botocore model and its paginators and waiters.
pub fn generate_from_botocore_files(
    service: ModelFile<'_>,
    paginators: Option<ModelFile<'_>>,
    waiters: Option<ModelFile<'_>>,
    opts: &Options,
) -> Result<Vec<GeneratedFile>, Error> {
    let svc = load_botocore_files(service, paginators, waiters)?;
    Ok(generate(&svc, opts)?)
}

/// The whole pipeline for one botocore model: text in, crate files out. The client resolves only
/// a configured endpoint URL; `xtask` attaches the model's rule set with
/// [`load_endpoint_rules`] and [`ir::Service::with_endpoint_rules`] before [`generate`].
pub fn generate_from_botocore(file: &str, text: &str, opts: &Options) -> Result<Vec<GeneratedFile>, Error> {
    let service = load_botocore(file, text)?;
    Ok(generate(&service, opts)?)
}

/// Wall time of each phase of [`generate_from_botocore_timed`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// JSON text → typed botocore model.
    pub load: Duration,
    /// Model → validated, named IR.
    pub ir: Duration,
    /// IR → token streams (and the non-Rust files).
    pub emit: Duration,
    /// Token streams → formatted text (syn parse + prettyplease).
    pub format: Duration,
}

/// [`generate_from_botocore`], also returning how long each phase took (`cargo xtask bench gen`).
pub fn generate_from_botocore_timed(
    file: &str,
    text: &str,
    opts: &Options,
) -> Result<(Vec<GeneratedFile>, Timings), Error> {
    let start = Instant::now();
    let model = model::botocore::parse_service(file, text)?;
    let load = start.elapsed();
    let start = Instant::now();
    let service = ir::from_botocore(file, &model)?;
    let ir = start.elapsed();
    let (files, emit, format) = emit::generate_timed(&service, opts)?;
    Ok((files, Timings { load, ir, emit, format }))
}
