//! Whole-crate emission: headers, layout, and model-dependent crate features.

use awsgen_codegen::Options;
use serde_json::json;

fn opts() -> Options {
    Options {
        crate_name: "awsgen-demo".into(),
        runtime_path: "../../runtime".into(),
        command: "cargo xtask generate".into(),
    }
}

fn demo(compression: bool) -> Vec<awsgen_codegen::GeneratedFile> {
    let mut op = json!({"name": "Put", "input": {"shape": "PutInput"}});
    if compression {
        op["requestcompression"] = json!({"encodings": ["gzip"]});
    }
    let model = json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "demo", "protocol": "query", "serviceFullName": "Demo"},
        "operations": {"Put": op},
        "shapes": {"PutInput": {"type": "structure", "members": {"Data": {"shape": "S"}}}, "S": {"type": "string"}}
    });
    awsgen_codegen::generate_from_model("service-2.json", &model.to_string(), &opts()).unwrap()
}

#[test]
fn every_file_has_the_do_not_edit_header() {
    for f in demo(false) {
        let first = f.contents.lines().next().unwrap_or_default();
        assert!(first.contains("DO NOT EDIT") && first.contains("cargo xtask generate"), "{}: {first}", f.path);
    }
}

#[test]
fn the_gzip_encoder_is_compiled_in_only_when_the_model_needs_it() {
    let cargo = |files: Vec<awsgen_codegen::GeneratedFile>| {
        files.into_iter().find(|f| f.path == "Cargo.toml").map(|f| f.contents).unwrap_or_default()
    };
    assert!(cargo(demo(true)).contains(r#"awsgen-runtime = { path = "../../runtime", features = ["compression"] }"#));
    assert!(cargo(demo(false)).contains(r#"awsgen-runtime = { path = "../../runtime" }"#));
    let op = demo(true).into_iter().find(|f| f.path == "src/operation/put.rs").unwrap();
    assert!(op.contents.contains(r#"const REQUEST_COMPRESSION: &'static [&'static str] = &["gzip"];"#));
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(demo(true), demo(true));
}

/// A paginator whose result key is a sparse list (connectcases' `SearchAllRelatedItems`) streams
/// the list's elements as they are, `Option`s, so its items view type-checks against the page.
#[test]
fn the_items_of_a_sparse_result_list_are_options() {
    let model = |sparse: bool| {
        json!({
            "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "demo", "protocol": "json", "jsonVersion": "1.0",
                         "targetPrefix": "Demo", "serviceFullName": "Demo"},
            "operations": {"List": {"name": "List", "input": {"shape": "ListIn"}, "output": {"shape": "ListOut"}}},
            "shapes": {
                "ListIn": {"type": "structure", "members": {"Token": {"shape": "S"}}},
                "ListOut": {"type": "structure", "members": {"Token": {"shape": "S"}, "Items": {"shape": "Items"}}},
                "Items": {"type": "list", "member": {"shape": "S"}, "sparse": sparse},
                "S": {"type": "string"}
            }
        })
        .to_string()
    };
    let paginators =
        r#"{"pagination": {"List": {"input_token": "Token", "output_token": "Token", "result_key": "Items"}}}"#;
    let page_items = |sparse: bool| {
        let text = model(sparse);
        let files = awsgen_codegen::ModelFiles {
            paginators: Some(("paginators-1.json", paginators)),
            ..awsgen_codegen::ModelFiles::new(("service-2.json", &text))
        };
        let files = awsgen_codegen::generate_from_files(&files, &opts()).unwrap();
        let op = files.iter().find(|f| f.path.ends_with("operation/list.rs")).expect("the operation's module");
        let at = op.contents.find("fn page_items").expect("an items view");
        op.contents[at..].split('{').next().unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(page_items(true), "fn page_items(out: ListOutput) -> Vec<Option<String>>");
    assert_eq!(page_items(false), "fn page_items(out: ListOutput) -> Vec<String>");
}

/// The one-element setters of a sparse list or map (connectcases' `TagResource` tags) are the
/// runtime `setters!` kinds that store a present element, `Some` (tested in the runtime); a
/// plain one's the kinds that store the element itself.
#[test]
fn one_element_setters_of_sparse_collections_store_some() {
    let setters = |sparse: bool| {
        let model = json!({
            "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "demo", "protocol": "json", "jsonVersion": "1.0",
                         "targetPrefix": "Demo", "serviceFullName": "Demo"},
            "operations": {"Tag": {"name": "Tag", "input": {"shape": "TagIn"}}},
            "shapes": {
                "TagIn": {"type": "structure", "members": {"Tags": {"shape": "Tags"}, "Keys": {"shape": "Keys"}}},
                "Tags": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}, "sparse": sparse},
                "Keys": {"type": "list", "member": {"shape": "S"}, "sparse": sparse},
                "S": {"type": "string"}
            }
        });
        let files = awsgen_codegen::generate_from_model("service-2.json", &model.to_string(), &opts()).unwrap();
        let op = files.into_iter().find(|f| f.path.ends_with("operation/tag.rs")).expect("the operation's module");
        op.contents.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let sparse = setters(true);
    assert!(sparse.contains(r#"sparse_map "Tags" tags set_tags get_tags : String;"#), "{sparse}");
    assert!(sparse.contains(r#"sparse_list "Keys" keys set_keys get_keys : String;"#), "{sparse}");
    let plain = setters(false);
    assert!(plain.contains(r#" map "Tags" tags set_tags get_tags : String;"#), "{plain}");
    assert!(plain.contains(r#" list "Keys" keys set_keys get_keys : String;"#), "{plain}");
}

/// `test-util` is forwarded by every crate; `auth_token.rs` is emitted for the services of
/// `IAM_AUTH_TOKEN_SERVICES` only, and declared in `lib.rs` then.
#[test]
fn test_util_is_forwarded_and_auth_tokens_are_elasticache_only() {
    let generate = |service_id: &str| {
        let model = json!({
            "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "demo", "protocol": "query",
                         "serviceFullName": "Demo", "serviceId": service_id},
            "operations": {"Put": {"name": "Put", "input": {"shape": "PutInput"}}},
            "shapes": {"PutInput": {"type": "structure", "members": {}}}
        });
        awsgen_codegen::generate_from_model("service-2.json", &model.to_string(), &opts()).unwrap()
    };
    let file = |files: &[awsgen_codegen::GeneratedFile], path: &str| {
        files.iter().find(|f| f.path == path).map(|f| f.contents.clone())
    };
    for (service_id, has_token) in [("ElastiCache", true), ("Demo", false)] {
        let files = generate(service_id);
        let cargo = file(&files, "Cargo.toml").unwrap();
        assert!(cargo.contains(r#"test-util = ["awsgen-runtime/test-util"]"#), "{cargo}");
        let token = file(&files, "src/auth_token.rs");
        assert_eq!(token.is_some(), has_token, "{service_id}");
        assert_eq!(file(&files, "src/lib.rs").unwrap().contains("pub mod auth_token;"), has_token, "{service_id}");
        if let Some(token) = token {
            // The client's entry point over the runtime's builder (which the auth token tests
            // in `tests/` check against an independent signature).
            assert!(
                token.contains("pub fn iam_auth_token(")
                    && token.contains("IamAuthTokenBuilder::new(self.core.clone(), cache_name, user_id)"),
                "{token}"
            );
        }
    }
}

/// Whether the line before `decl` (a type's declaration) in the generated crate is
/// `#[non_exhaustive]`.
fn non_exhaustive(files: &[awsgen_codegen::GeneratedFile], decl: &str) -> bool {
    let file = files.iter().find(|f| f.contents.lines().any(|l| l.starts_with(decl))).unwrap_or_else(|| {
        panic!(
            "{decl}: {:?}",
            files.iter().flat_map(|f| f.contents.lines().filter(|l| l.contains("pub enum"))).collect::<Vec<_>>()
        )
    });
    let lines: Vec<&str> = file.contents.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(decl)).unwrap();
    at > 0 && lines[at - 1].trim() == "#[non_exhaustive]"
}

#[test]
fn what_users_read_is_non_exhaustive_and_what_they_build_is_not() {
    let model = json!({
        "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "demo", "protocol": "json", "jsonVersion": "1.0",
                     "targetPrefix": "Demo", "serviceFullName": "Demo"},
        "operations": {"Get": {"name": "Get", "input": {"shape": "GetIn"}, "output": {"shape": "GetOut"},
                               "errors": [{"shape": "Missing"}]}},
        "shapes": {
            "GetIn": {"type": "structure", "required": ["Name"], "members": {"Name": {"shape": "S"}, "Tag": {"shape": "Tag"}, "Choice": {"shape": "Choice"}}},
            "GetOut": {"type": "structure", "members": {"Tag": {"shape": "Tag"}}},
            "Tag": {"type": "structure", "members": {"Key": {"shape": "S"}}},
            "Choice": {"type": "structure", "union": true, "members": {"A": {"shape": "S"}, "B": {"shape": "S"}}},
            "Missing": {"type": "structure", "members": {"Detail": {"shape": "S"}}, "exception": true,
                        "error": {"code": "Missing", "httpStatusCode": 404}},
            "S": {"type": "string"}
        }
    });
    let files = awsgen_codegen::generate_from_model("service-2.json", &model.to_string(), &opts()).unwrap();
    // (Error enums are the runtime's `error_enum!`, which marks them.)
    for read in ["pub struct GetOutput ", "pub struct Missing ", "pub enum Choice "] {
        assert!(non_exhaustive(&files, read), "{read} should be #[non_exhaustive]");
    }
    for built in ["pub struct GetInput ", "pub struct Tag "] {
        assert!(!non_exhaustive(&files, built), "{built} should stay exhaustive");
    }
}
