//! awsgen's code generator, as a library: model loading → IR → Rust tokens → formatted files.
//!
//! It knows nothing of argv or of the repository layout: `xtask` reads the files and calls
//! [`generate_from_files`] (or the steps: [`load`] → [`ir::Service`] → [`generate`]). [`generate_module`]
//! lays the same client out as one module to embed in another crate (the protocol suites in
//! `tests/` build a client per suite that way).
//! [`diff`] compares two revisions of a service as their generated crates see them.

pub mod diff;
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

/// Loads a service model of either format alone: a Smithy JSON AST (with its paginator,
/// waiter and endpoint-rule traits) or a botocore `service-2.json` (whose side files
/// [`load`] takes).
pub fn load_model(file: &str, text: &str) -> Result<ir::Service, ModelError> {
    load(&ModelFiles::new((file, text)))
}

/// The whole pipeline for one model file of either format: text in, crate files out.
pub fn generate_from_model(file: &str, text: &str, opts: &Options) -> Result<Vec<GeneratedFile>, Error> {
    generate_from_files(&ModelFiles::new((file, text)), opts)
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

/// The files that describe one service, as text; where they live is the caller's business
/// (`xtask` reads the botocore files that sit beside `service-2.json`).
#[derive(Debug, Clone, Copy)]
pub struct ModelFiles<'a> {
    /// A botocore `service-2.json` or a Smithy JSON AST (told apart by the latter's top-level
    /// `"smithy"` version).
    pub service: ModelFile<'a>,
    /// botocore's `paginators-1.json` (a Smithy model carries `@paginated` instead).
    pub paginators: Option<ModelFile<'a>>,
    /// botocore's `waiters-2.json` (a Smithy model carries `smithy.waiters#waitable`).
    pub waiters: Option<ModelFile<'a>>,
    /// botocore's `endpoint-rule-set-1.json` (a Smithy model carries
    /// `smithy.rules#endpointRuleSet`). Without a rule set, the client resolves only a
    /// configured endpoint URL.
    pub endpoint_rules: Option<ModelFile<'a>>,
}

impl<'a> ModelFiles<'a> {
    /// A service model alone.
    pub fn new(service: ModelFile<'a>) -> Self {
        ModelFiles { service, paginators: None, waiters: None, endpoint_rules: None }
    }
}

/// Loads a service, in either format, with its paginators, waiters and endpoint rule set: the
/// one way from model files to the IR that [`generate`] reads.
pub fn load(files: &ModelFiles<'_>) -> Result<ir::Service, ModelError> {
    load_phased(files).map(|(service, _, _)| service)
}

/// [`load`], also returning how long parsing (JSON → typed model) and lowering (→ IR) took.
fn load_phased(files: &ModelFiles<'_>) -> Result<(ir::Service, Duration, Duration), ModelError> {
    let (file, text) = files.service;
    let start = Instant::now();
    if model::smithy::is_smithy_ast(text) {
        let side_files = [files.paginators, files.waiters, files.endpoint_rules];
        if let Some((side, _)) = side_files.iter().flatten().next() {
            return Err(ModelError::new(
                *side,
                "",
                format!("{file} is a Smithy model, which carries its paginators, waiters and endpoint rules as traits"),
            ));
        }
        let model = model::smithy::parse_model(file, text)?;
        let parsed = start.elapsed();
        let start = Instant::now();
        let smithy = ir::from_smithy(file, &model)?;
        let mut service = smithy.service;
        ir::add_smithy_paginators_waiters(&mut service, file, &smithy.paginators, &smithy.waiters)?;
        if let Some(rules) = &smithy.endpoint_rule_set {
            let rules = load_endpoint_rules(&format!("{file} (smithy.rules#endpointRuleSet)"), rules)?;
            service = service.with_endpoint_rules(rules, file, |op, param| {
                format!("operation {op}: smithy.rules#staticContextParams.{param}")
            })?;
        }
        return Ok((service, parsed, start.elapsed()));
    }
    let model = model::botocore::parse_service(file, text)?;
    let paginators = files.paginators.map(|(f, t)| Ok::<_, ModelError>((f, model::botocore::parse_paginators(f, t)?)));
    let paginators = paginators.transpose()?;
    let waiters = files.waiters.map(|(f, t)| Ok::<_, ModelError>((f, model::botocore::parse_waiters(f, t)?)));
    let waiters = waiters.transpose()?;
    let rules =
        files.endpoint_rules.map(|(f, t)| Ok::<_, ModelError>((f, model::endpoint_rules::parse_rule_set(f, t)?)));
    let rules = rules.transpose()?;
    let parsed = start.elapsed();
    let start = Instant::now();
    let mut service = ir::from_botocore(file, &model)?;
    if let Some((f, m)) = &paginators {
        ir::add_botocore_paginators(&mut service, f, m)?;
    }
    if let Some((f, m)) = &waiters {
        ir::add_botocore_waiters(&mut service, f, m)?;
    }
    if let Some((f, m)) = &rules {
        let rules = ir::endpoint::rule_set_from_model(f, m)?;
        service = service
            .with_endpoint_rules(rules, file, |op, param| format!("operations.{op}.staticContextParams.{param}"))?;
    }
    Ok((service, parsed, start.elapsed()))
}

/// The whole pipeline: model files in, crate files out.
pub fn generate_from_files(files: &ModelFiles<'_>, opts: &Options) -> Result<Vec<GeneratedFile>, Error> {
    Ok(generate(&load(files)?, opts)?)
}

/// Wall time of each phase of [`generate_timed`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// JSON text → typed model (the service and its side files).
    pub load: Duration,
    /// Model → validated, named IR (with paginators, waiters and endpoint rules).
    pub ir: Duration,
    /// IR → token streams (and the non-Rust files).
    pub emit: Duration,
    /// Token streams → formatted text (syn parse + prettyplease).
    pub format: Duration,
}

/// [`generate_from_files`], also returning how long each phase took (`cargo xtask bench gen`).
pub fn generate_timed(files: &ModelFiles<'_>, opts: &Options) -> Result<(Vec<GeneratedFile>, Timings), Error> {
    let (service, load, ir) = load_phased(files)?;
    let (files, emit, format) = emit::generate_timed(&service, opts)?;
    Ok((files, Timings { load, ir, emit, format }))
}
