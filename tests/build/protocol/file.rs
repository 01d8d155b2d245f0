//! One suite file's test module: a client per suite (per group of cases that agree on their
//! operations), a test per case, value functions per suite, and the file's case table.

use super::cases::CaseCx;
use super::values::Values;
use super::{fail, model, Ignored, SuiteFile, NOT_APPLICABLE, SKIPS};
use awsgen_codegen::emit::{ident, Cx};
use awsgen_codegen::names;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::path::Path;

/// One suite file being generated.
pub(super) struct FileGen<'a> {
    pub file: &'a SuiteFile,
    pub out: &'a Path,
    pub ignored: Ignored,
    pub skips: &'a mut Vec<(String, String)>,
}

/// One generated case: its test function and its registry entry.
struct CaseGen {
    name: String,
    test: TokenStream,
    skip: Option<&'static str>,
}

/// What a file's suites add to its module.
#[derive(Default)]
struct FileParts {
    suite_mods: Vec<TokenStream>,
    value_mods: Vec<TokenStream>,
    cases: Vec<CaseGen>,
}

impl FileGen<'_> {
    /// `mod <file> { suites, values, one #[test] per case, CASES }`.
    pub(super) fn generate(mut self, suites: &[Value]) -> TokenStream {
        let mut suite_names = names::Namespace::with_reserved(&[]);
        let mut case_names = names::Namespace::with_reserved(&["suites", "values", "protocol_summary"]);
        let mut parts = FileParts::default();
        for suite in suites {
            self.suite(suite, &mut suite_names, &mut case_names, &mut parts);
        }
        let module = format_ident!("{}", self.file.module);
        let doc = format!(" The cases of `{}`.", self.file.path);
        let tests = parts.cases.iter().map(|c| {
            let f = ident(&c.name);
            let ignore = match c.skip {
                Some(reason) => quote!(#[ignore = #reason]),
                None => quote!(),
            };
            let body = &c.test;
            quote! {
                #[test]
                #ignore
                fn #f() { #body }
            }
        });
        let entries = parts.cases.iter().map(|c| {
            let f = ident(&c.name);
            let name = c.name.trim_start_matches("r#");
            let skip = match c.skip {
                Some(reason) => quote!(Some(#reason)),
                None => quote!(None),
            };
            quote!(support::Case { name: #name, run: #f, skip: #skip },)
        });
        let (suite_mods, value_mods) = (&parts.suite_mods, &parts.value_mods);
        quote! {
            #[doc = #doc]
            mod #module {
                use crate::support;
                /// A client per suite.
                pub mod suites {
                    #(#suite_mods)*
                }
                /// Output and error structures as value trees, per suite. (A case the harness
                /// could not build may leave a function unused.)
                #[allow(dead_code)]
                mod values {
                    #(#value_mods)*
                }
                #(#tests)*
                /// Every case of the file, for the tally.
                pub const CASES: &[support::Case] = &[#(#entries)*];
            }
        }
    }

    /// One suite: a client per group of its cases written to `<out>/<file>/<suite>.rs`, its
    /// cases and value functions added to `parts`.
    fn suite(
        &mut self,
        suite: &Value,
        suite_names: &mut names::Namespace,
        case_names: &mut names::Namespace,
        parts: &mut FileParts,
    ) {
        let description = suite["description"].as_str().unwrap_or("suite");
        let base = description
            .strip_prefix("Test cases for ")
            .and_then(|d| d.strip_suffix(" operation"))
            .unwrap_or(description);
        let slug = names::snake(base);
        let total = suite["cases"].as_array().map_or(0, Vec::len);
        for cases in model::case_groups(self.file.path, suite, description) {
            let group = Group { suite, description, slug: suite_names.claim(&slug, "_"), base: &slug, total, cases };
            self.group(&group, case_names, parts);
        }
    }

    /// A group's client and cases. A suite the generator rejects makes each of its cases a
    /// test that fails saying why, so that the rest of the file still runs.
    fn group(&mut self, g: &Group<'_>, case_names: &mut names::Namespace, parts: &mut FileParts) {
        let (path, description, slug) = (self.file.path, g.description, &g.slug);
        let root = format!("crate::{}::suites::{slug}", self.file.module);
        let generated = model::service(path, g.suite, &g.cases).and_then(|service| {
            let opts =
                awsgen_codegen::ModuleOptions { root: root.clone(), command: "cargo build -p awsgen-tests".into() };
            let code = awsgen_codegen::generate_module(&service, &opts).map_err(|e| e.to_string())?;
            Ok((service, code))
        });
        let (service, code) = match generated {
            Ok(generated) => generated,
            Err(e) => {
                let message =
                    format!("data/protocol-tests/{path}: {description}: the generator rejects the suite: {e}");
                println!("cargo:warning={message}");
                for &(i, case) in &g.cases {
                    let test = quote!(panic!("{}", #message););
                    self.add_case(g, i, case, test, case_names, parts);
                }
                return;
            }
        };
        let cx = Cx::new(&service, &root).unwrap_or_else(|e| fail(path, description, &e.to_string()));
        let file_name = format!("{}/{slug}.rs", self.file.module);
        crate::write(&self.out.join(&file_name), &code);
        let m = format_ident!("{}", slug);
        let include = format!("/protocol/{file_name}");
        let doc = format!(" The client of the suite {description:?}.");
        parts.suite_mods.push(quote! {
            #[doc = #doc]
            #[allow(dead_code, unused_imports)]
            pub mod #m {
                include!(concat!(env!("OUT_DIR"), #include));
            }
        });
        let values = Values::new(&cx, slug);
        for &(i, case) in &g.cases {
            let what = format!("{description} / {}", case["id"].as_str().unwrap_or(g.base));
            let test = CaseCx { cx: &cx, values: &values, path, what: &what, suite: g.suite }.test(case);
            self.add_case(g, i, case, test, case_names, parts);
        }
        parts.value_mods.push(values.finish(&m));
    }

    /// Names case `i` of the group's suite (its id, else the suite's name) and adds its test,
    /// `#[ignore]`d when [`SKIPS`] or [`NOT_APPLICABLE`] lists it.
    fn add_case(
        &mut self,
        g: &Group<'_>,
        i: usize,
        case: &Value,
        test: TokenStream,
        case_names: &mut names::Namespace,
        parts: &mut FileParts,
    ) {
        let id = case["id"].as_str();
        let wanted = match id {
            Some(id) => names::snake(id),
            None if g.total == 1 => g.base.to_string(),
            None => format!("{}_{}", g.base, i + 1),
        };
        let name = names::escape_ident(&case_names.claim(&wanted, "_"));
        let listed = |list: &[(&str, &str, &'static str)]| {
            list.iter().find(|(m, n, _)| *m == self.file.module && *n == name).map(|(_, _, r)| *r)
        };
        let not_applicable = listed(NOT_APPLICABLE);
        if not_applicable.is_some() {
            if self.ignored.contains(g.description, id) {
                fail(
                    self.file.path,
                    &format!("{} / {name}", g.description),
                    "in botocore's ignore list: list it in SKIPS",
                );
            }
            self.skips.push((self.file.module.to_string(), name.clone()));
        }
        let skip = listed(SKIPS).or(not_applicable);
        if listed(SKIPS).is_some() {
            if !self.ignored.contains(g.description, id) {
                fail(
                    self.file.path,
                    &format!("{} / {name}", g.description),
                    "listed in SKIPS but not in botocore's ignore list",
                );
            }
            self.skips.push((self.file.module.to_string(), name.clone()));
        }
        parts.cases.push(CaseGen { name, test, skip });
    }
}

/// Cases of one suite that one client serves.
struct Group<'a> {
    suite: &'a Value,
    description: &'a str,
    /// The client's module.
    slug: String,
    /// The suite's name, for cases without an id.
    base: &'a str,
    /// The suite's number of cases.
    total: usize,
    /// The cases, with their index in the suite.
    cases: Vec<(usize, &'a Value)>,
}
