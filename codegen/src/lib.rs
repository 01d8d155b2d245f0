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

/// The whole pipeline for one botocore model: text in, crate files out.
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
