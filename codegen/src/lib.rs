//! awsgen's code generator, as a library: model loading → IR → Rust tokens → formatted files.
//!
//! It knows nothing of argv or of the repository layout: `xtask` decides paths and calls
//! [`generate_from_botocore`] (or the steps: [`model`], [`ir`], [`emit`]). [`generate_module`]
//! lays the same client out as one module to embed in another crate (the protocol suites in
//! `tests/` build a client per suite that way).

pub mod emit;
pub mod error;
pub mod ir;
pub mod model;
pub mod names;

pub use emit::{generate, generate_module, GeneratedFile, ModuleOptions, Options};
pub use error::{EmitError, ModelError};

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

/// One model file: its name (for errors) and its text.
pub type ModelFile<'a> = (&'a str, &'a str);

/// Loads a botocore `service-2.json` with its optional `paginators-1.json` and `waiters-2.json`.
pub fn load_botocore_files(
    service: ModelFile<'_>,
    paginators: Option<ModelFile<'_>>,
    waiters: Option<ModelFile<'_>>,
) -> Result<ir::Service, ModelError> {
    let mut svc = load_botocore(service.0, service.1)?;
    if let Some((file, text)) = paginators {
        ir::add_botocore_paginators(&mut svc, file, &model::botocore::parse_paginators(file, text)?)?;
    }
    if let Some((file, text)) = waiters {
        ir::add_botocore_waiters(&mut svc, file, &model::botocore::parse_waiters(file, text)?)?;
    }
    Ok(svc)
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

/// The whole pipeline for one botocore model: text in, crate files out.
pub fn generate_from_botocore(file: &str, text: &str, opts: &Options) -> Result<Vec<GeneratedFile>, Error> {
    let service = load_botocore(file, text)?;
    Ok(generate(&service, opts)?)
}
