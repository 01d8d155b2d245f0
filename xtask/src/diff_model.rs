//! `cargo xtask diff-model OLD NEW`: what changed between two revisions of a service model,
//! classed by its effect on the generated crate (`awsgen_codegen::diff`); `import-model` prints
//! the same report when it replaces a model.

use crate::generate::load_service;
use anyhow::{bail, Result};
use awsgen_codegen::diff::{self, Class};
use std::path::Path;

/// Prints the report of `old` → `new` (each a botocore `service-2.json` with its side files
/// beside it, or a Smithy JSON AST); with `fail_on_breaking`, fails when a change is breaking.
pub fn run(old: &Path, new: &Path, fail_on_breaking: bool) -> Result<()> {
    let changes = diff::diff(&load_service(old)?, &load_service(new)?);
    print!("{}", diff::report(&changes));
    let breaking = changes.iter().filter(|c| c.class == Class::Breaking).count();
    if fail_on_breaking && breaking > 0 {
        bail!("{breaking} breaking change(s) from {} to {}", old.display(), new.display());
    }
    Ok(())
}
