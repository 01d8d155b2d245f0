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

#[cfg(test)]
mod tests {
    use super::*;

    /// The report never fails the command; `--fail-on-breaking` does when a change is breaking.
    #[test]
    fn fails_only_on_breaking_changes_when_asked() {
        let tmp = std::env::temp_dir().join(format!("awsgen-diff-model-{}", std::process::id()));
        let model = |ops: &[&str]| {
            let ops: serde_json::Map<String, serde_json::Value> = ops
                .iter()
                .map(|&op| {
                    let v = serde_json::json!({"name": op, "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}});
                    (op.to_string(), v)
                })
                .collect();
            serde_json::json!({
                "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "demo", "protocol": "query",
                             "serviceFullName": "Demo", "serviceId": "Demo", "signatureVersion": "v4"},
                "operations": ops,
                "shapes": {"In": {"type": "structure", "members": {}}}
            })
            .to_string()
        };
        let (one, two) = (tmp.join("one/service-2.json"), tmp.join("two/service-2.json"));
        for (path, ops) in [(&one, &["Ping"][..]), (&two, &["Ping", "Pong"][..])] {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, model(ops)).unwrap();
        }
        run(&one, &two, true).expect("adding an operation is not breaking");
        run(&two, &one, false).expect("without the flag, a breaking change is reported, not an error");
        let err = run(&two, &one, true).unwrap_err().to_string();
        assert!(err.starts_with("1 breaking change(s) from "), "{err}");
        assert!(run(&tmp.join("missing.json"), &one, false).is_err());
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
