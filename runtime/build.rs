//! Finds the compiler's version for the user agent (`lang/rust/<version>`, see
//! `src/user_agent.rs`): `$RUSTC --version` reads `rustc 1.83.0 (90b35a623 2024-11-26)`.
//! Anything unexpected gives `unknown` rather than a failed build.

use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=AWSGEN_RUSTC_VERSION={version}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC");
}
