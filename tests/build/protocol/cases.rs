//! The body of one case's test: a request case (botocore's `params` → `serialized`) sends the
//! input through the client and compares the request it hands the transport; a response case
//! (`response` → `result` or `error`) answers the call with the case's reply and compares the
//! output or the typed error.

use super::fail;
use super::values::Values;
use awsgen_codegen::emit::{ident, Cx};
use awsgen_codegen::ir::{Binding, Operation, Protocol, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Map, Value};

/// What generating one case needs.
pub(super) struct CaseCx<'a> {
    pub cx: &'a Cx<'a>,
    pub values: &'a Values<'a>,
    /// The suite file, for messages.
    pub path: &'a str,
    /// `suite description / case id`, for messages.
    pub what: &'a str,
    pub suite: &'a Value,
}

impl CaseCx<'_> {
    pub(super) fn fail(&self, message: &str) -> ! {
        fail(self.path, self.what, message)
    }

    /// The test body of `case`. A case the harness cannot build (a vector that the typed
    /// client cannot express, such as a null in a dense list) is a test that fails saying why,
    /// so that the rest of its file still runs.
    pub(super) fn test(&self, case: &Value) -> TokenStream {
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.build(case)));
        built.unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let message = format!("tests/build.rs cannot build this case: {message}");
            quote!(panic!("{}", #message);)
        })
    }

    pub(super) fn build(&self, case: &Value) -> TokenStream {
        let name = case["given"]["name"].as_str().unwrap_or_default();
        if let Some(omitted) = self.cx.svc.omitted_operations.iter().find(|o| o.name == name) {
            // Not a skip: the case fails, in the tally too, until the generator covers it.
            let message = format!("the generator leaves out operation {name}: {}", omitted.reason);
            return quote!(panic!(#message););
        }
        if case.get("serialized").is_some() {
            self.request_case(case)
        } else if case.get("response").is_some() {
            self.response_case(case)
        } else {
            self.fail("a case has neither `serialized` nor `response`")
        }
    }

    fn operation(&self, case: &Value) -> &Operation {
        let name = case["given"]["name"].as_str().unwrap_or_default();
        self.cx.svc.operation(name).unwrap_or_else(|| self.fail(&format!("no operation {name:?} in the IR")))
    }

    /// How the request body is compared: form parameters (query, ec2), JSON values, XML
    /// documents (restXml), or bytes (a blob or string payload).
    fn body_kind(&self, op: &Operation) -> TokenStream {
        let svc = self.cx.svc;
        if svc.protocol == Protocol::RpcV2Cbor {
            return quote!(support::BodyKind::Cbor);
        }
        if !svc.protocol.is_json() && !svc.protocol.has_http_bindings() {
            return quote!(support::BodyKind::Form);
        }
        let raw_payload = match &svc.shape(&op.input).kind {
            ShapeKind::Structure(st) => st.members.iter().any(|m| {
                m.binding == Binding::Payload
                    && matches!(svc.shape(&m.target).kind, ShapeKind::Blob | ShapeKind::String(_))
            }),
            _ => false,
        };
        if raw_payload {
            quote!(support::BodyKind::Bytes)
        } else if svc.protocol.is_json() {
            quote!(support::BodyKind::Json)
        } else {
            quote!(support::BodyKind::Xml)
        }
    }

    /// The headers the input's list members are bound to.
    fn list_headers(&self, op: &Operation) -> Vec<String> {
        let svc = self.cx.svc;
        let ShapeKind::Structure(st) = &svc.shape(&op.input).kind else { return Vec::new() };
        st.members
            .iter()
            .filter_map(|m| match &m.binding {
                Binding::Header(name) if matches!(svc.shape(&m.target).kind, ShapeKind::List(_)) => Some(name.clone()),
                _ => None,
            })
            .collect()
    }

    fn request_case(&self, case: &Value) -> TokenStream {
        let op = self.operation(case);
        let empty = json!({});
        let params = case.get("params").unwrap_or(&empty);
        let input = self.input(op, params);
        let root = self.cx.root();
        let ser = &case["serialized"];
        let opt_str = |v: &Value| match v.as_str() {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let method = opt_str(&ser["method"]);
        let uri = ser["uri"].as_str().unwrap_or_else(|| self.fail("`serialized` has no `uri`"));
        let endpoint = self.suite["clientEndpoint"].as_str().unwrap_or("https://example.com");
        // Smithy's `host` is the endpoint handed to the client and botocore's vectors carry it
        // as the expected host; where it has a path (`example.com/custom`) it cannot be a host:
        // it is the client endpoint, which the case also gives as `clientEndpoint`.
        let host = match ser["host"].as_str() {
            Some(h) if h.contains('/') => {
                if endpoint.split_once("://").map(|(_, rest)| rest) != Some(h) {
                    self.fail("`host` has a path but is not the client endpoint");
                }
                quote!(None)
            }
            _ => opt_str(&ser["host"]),
        };
        let body = opt_str(&ser["body"]);
        let body_kind = self.body_kind(op);
        let headers = ser["headers"].as_object().into_iter().flatten().map(|(k, v)| {
            let v = v.as_str().unwrap_or_else(|| self.fail("a header value is not a string"));
            quote!((#k, #v),)
        });
        let names = |key: &str| -> Vec<String> {
            ser[key].as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect()
        };
        let (require, mut forbid) = (names("requireHeaders"), names("forbidHeaders"));
        // botocore's own (legacy) vectors check its serializer's output, before its HTTP layer
        // frames the body: there, a forbidden Content-Length is one the serializer must not
        // set, and botocore too sends one on the wire for a POST. The Smithy vectors check the
        // wire (a GET without a body carries none).
        let serializer_forbid: Vec<String> = if self.path.starts_with("legacy/") {
            let (framing, rest) = forbid.into_iter().partition(|h| h.eq_ignore_ascii_case("content-length"));
            forbid = rest;
            framing
        } else {
            Vec::new()
        };
        let serializer_check = (!serializer_forbid.is_empty()).then(|| {
            quote! {
                support::assert_not_serialized(
                    &::awsgen_runtime::Operation::serialize(&input).expect("the input serializes"),
                    &[#(#serializer_forbid),*],
                );
            }
        });
        let list_headers = self.list_headers(op);
        let mut orders = Vec::new();
        self.map_orders(&op.input, params, &mut orders);
        quote! {
            let input = #input;
            #serializer_check
            let request = support::capture_request(#endpoint, |config| async move {
                #root::Client::new(config).call(input).await
            });
            support::assert_request(
                &request,
                &support::ExpectedRequest {
                    method: #method,
                    uri: #uri,
                    host: #host,
                    headers: &[#(#headers)*],
                    require_headers: &[#(#require),*],
                    forbid_headers: &[#(#forbid),*],
                    list_headers: &[#(#list_headers),*],
                    body: #body,
                    body_kind: #body_kind,
                    map_orders: &[#(#orders)*],
                },
            );
        }
    }

    fn response_case(&self, case: &Value) -> TokenStream {
        let op = self.operation(case);
        let input = self.input(op, &json!({}));
        let root = self.cx.root();
        let response = &case["response"];
        let status = response["status_code"]
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or_else(|| self.fail("`response` has no `status_code`"));
        let headers = response["headers"].as_object().into_iter().flatten().map(|(k, v)| {
            let v = v.as_str().unwrap_or_else(|| self.fail("a header value is not a string"));
            quote!((#k, #v),)
        });
        let body = response["body"].as_str().unwrap_or_default();
        // RPC v2 CBOR's vectors give the body in base64.
        let with_response = if self.cx.svc.protocol == Protocol::RpcV2Cbor {
            quote!(support::with_base64_response)
        } else {
            quote!(support::with_response)
        };
        let call = quote! {
            let input = #input;
            let outcome = #with_response(#status, &[#(#headers)*], #body, |config| async move {
                #root::Client::new(config).call(input).await
            });
        };
        if case.get("error").is_some() {
            let check = self.error_check(op, case);
            quote!(#call #check)
        } else {
            let result =
                case.get("result").unwrap_or_else(|| self.fail("a response case has neither `result` nor `error`"));
            let expected = self.expected_value(&op.output, result, "result");
            let actual = self.values.of_struct(&op.output, quote!(&output));
            quote! {
                #call
                let output = support::expect_output(outcome);
                support::assert_same(&#expected, &#actual);
            }
        }
    }

    /// The error's code and message, its variant (a listed error, an `Unlisted` one the service
    /// models elsewhere, or `Unhandled`), and its members.
    fn error_check(&self, op: &Operation, case: &Value) -> TokenStream {
        let svc = self.cx.svc;
        let root = self.cx.root();
        let code = case["errorCode"].as_str().unwrap_or_else(|| self.fail("an error case has no `errorCode`"));
        let message = match case["errorMessage"].as_str() {
            Some(m) => quote!(Some(#m)),
            None => quote!(None),
        };
        let error_enum = {
            let module = self.cx.operation_module(op);
            let e = ident(&op.error_name);
            quote!(#module::#e)
        };
        let fields = case["error"].as_object().cloned().unwrap_or_default();
        let shape = svc.errors.iter().find(|e| match &svc.shape(e).kind {
            ShapeKind::Structure(st) => {
                st.error.as_ref().is_some_and(|info| info.code == code || info.alt_code.as_deref() == Some(code))
            }
            _ => false,
        });
        let Some(shape) = shape else {
            if !fields.is_empty() {
                self.fail("the error code is not one the suite models, yet the case expects members");
            }
            return quote! {
                let error = support::expect_service_error(outcome);
                support::assert_error_meta(error.meta(), #code, #message);
                assert!(matches!(error, #error_enum::Unhandled(_)), "expected an Unhandled error, got {error:#?}");
            };
        };
        let st = svc.structure(shape);
        let message_member = st.error.as_ref().and_then(|e| e.message_member.clone());
        let mut members = Map::new();
        let mut member_message = quote!();
        for (k, v) in fields {
            if Some(&k) == message_member.as_ref() {
                let m = v.as_str().unwrap_or_else(|| self.fail("the error's message is not a string"));
                member_message = quote! {
                    assert_eq!(error.meta().message.as_deref(), Some(#m), "the error's message member (expected left)");
                };
            } else {
                members.insert(k, v);
            }
        }
        let expected = self.expected_value(shape, &Value::Object(members), "error");
        let actual = self.values.of_struct(shape, quote!(e));
        let variant = ident(&svc.shape(shape).rust_name);
        let select = if op.errors.iter().any(|e| e == shape) {
            quote! {
                let #error_enum::#variant(e) = &error else {
                    panic!("expected the {} variant, got {error:#?}", stringify!(#variant));
                };
            }
        } else {
            quote! {
                let #error_enum::Unlisted(boxed) = &error else {
                    panic!("expected the Unlisted variant, got {error:#?}");
                };
                let #root::Error::#variant(e) = &**boxed else {
                    panic!("expected the {} variant of the service error, got {boxed:#?}", stringify!(#variant));
                };
            }
        };
        quote! {
            let error = support::expect_service_error(outcome);
            support::assert_error_meta(error.meta(), #code, #message);
            #member_message
            #select
            support::assert_same(&#expected, &#actual);
        }
    }
}
