//! The `Client`: one method per operation returning its fluent builder, plus `call` for a
//! prebuilt input; and the service facts the runtime pipeline needs.

use super::{doc, ident, Cx};
use crate::ir::{Protocol, Service, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `awsgen_runtime::Protocol::X` for the service.
pub fn protocol_tokens(svc: &Service) -> TokenStream {
    match svc.protocol {
        Protocol::Query => quote!(::awsgen_runtime::Protocol::Query),
        Protocol::Ec2 => quote!(::awsgen_runtime::Protocol::Ec2),
        Protocol::AwsJson1_0 => quote!(::awsgen_runtime::Protocol::AwsJson1_0),
        Protocol::AwsJson1_1 => quote!(::awsgen_runtime::Protocol::AwsJson1_1),
        Protocol::RestJson1 => quote!(::awsgen_runtime::Protocol::RestJson1),
        Protocol::RestXml => quote!(::awsgen_runtime::Protocol::RestXml),
        Protocol::RpcV2Cbor => quote!(::awsgen_runtime::Protocol::RpcV2Cbor),
    }
}

/// `&[RetryableError, ...]`: the error shapes the model marks `retryable` (by code, and by
/// alternative code in a query-compatible service), then `_retry.json`'s policies for codes
/// the model does not mark.
fn retryable_errors(svc: &Service) -> TokenStream {
    let mut seen = std::collections::BTreeSet::new();
    let modeled = svc.errors.iter().filter_map(|id| match &svc.shapes.get(id)?.kind {
        ShapeKind::Structure(s) => s.error.as_ref(),
        _ => None,
    });
    let modeled = modeled.filter_map(|e| Some((e, e.retryable?))).flat_map(|(e, throttling)| {
        std::iter::once(&e.code).chain(e.alt_code.as_ref()).map(move |code| (code.clone(), None, throttling))
    });
    let policies = svc.retry_policies.iter().map(|p| (p.code.clone(), p.status, p.throttling));
    // A code the model marks retryable at any status covers `_retry.json`'s entry for it.
    let entries = modeled
        .chain(policies)
        .filter(|(code, status, _)| !seen.contains(&(code.clone(), None)) && seen.insert((code.clone(), *status)));
    let entries = entries.map(|(code, status, throttling)| {
        let status = match status {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        quote!(::awsgen_runtime::retry::RetryableError { code: #code, status: #status, throttling: #throttling })
    });
    quote!(&[#(#entries),*])
}

/// `src/client.rs`.
pub fn emit(cx: &Cx<'_>) -> TokenStream {
    let svc = cx.svc;
    let (signing, version, suffix) = (&svc.signing_name, &svc.api_version, &svc.env_suffix);
    let root = cx.root();
    let protocol = protocol_tokens(svc);
    let query_compatible = svc.query_compatible;
    // Only the query protocols send the version (`Version=` in every form body).
    let api_version_const = matches!(svc.protocol, Protocol::Query | Protocol::Ec2).then(|| {
        quote! {
            /// The API version every request carries as `Version=`.
            pub(crate) const API_VERSION: &str = #version;
        }
    });
    let retryable = retryable_errors(svc);
    let methods = svc.operations.iter().map(|op| {
        let m = ident(&op.rust_name);
        let module = cx.operation_module(op);
        let fluent = ident(&op.fluent_builder);
        let mut text =
            format!(" Calls `{}`: returns a builder; set the input members on it, then `.send().await`.", op.name);
        if let Some(link) = svc.doc_link(&op.name) {
            text.push_str(&format!("\n\n See the [AWS API reference]({link})."));
        }
        text.push_str(&super::docs::doc_lines(op.docs.as_deref()));
        let d = doc(&text);
        let deprecated = if op.deprecated { quote!(#[deprecated(note = "deprecated by AWS")]) } else { quote!() };
        quote! {
            #d
            #deprecated
            pub fn #m(&self) -> #module::#fluent {
                #module::#fluent::new(self.core.clone())
            }
        }
    });
    let client_doc = doc(&format!(
        " A client for {}. Cheap to clone: clones share configuration and connections.{}",
        svc.full_name,
        super::docs::doc_lines(svc.docs.as_deref())
    ));
    quote! {
        //! The service client.

        #api_version_const

        static SERVICE: ::awsgen_runtime::ServiceInfo = ::awsgen_runtime::ServiceInfo {
            signing_name: #signing,
            api_version: #version,
            env_suffix: #suffix,
            protocol: #protocol,
            query_compatible: #query_compatible,
            resolve_endpoint: #root::endpoint::resolve_from_config,
            retryable_errors: #retryable,
        };

        /// Implemented by this service's operation inputs, so [`Client::call`] accepts them and
        /// nothing else.
        pub trait ServiceOperation: ::awsgen_runtime::Operation + sealed::Sealed {}

        pub(crate) mod sealed {
            /// Keeps [`super::ServiceOperation`] implemented only here.
            pub trait Sealed {}
        }

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) core: ::awsgen_runtime::ClientCore,
        }

        impl Client {
            /// A client with this configuration.
            pub fn new(config: ::awsgen_runtime::Config) -> Self {
                Client { core: ::awsgen_runtime::ClientCore::new(&SERVICE, config) }
            }

            /// A client configured from the environment and the shared AWS config files.
            pub fn from_env() -> Self {
                Client::new(::awsgen_runtime::Config::from_env())
            }

            /// The configuration in use.
            pub fn config(&self) -> &::awsgen_runtime::Config {
                self.core.config()
            }

            /// Sends a prebuilt input of any operation of this service.
            pub async fn call<O: ServiceOperation>(&self, input: O) -> Result<O::Output, ::awsgen_runtime::SdkError<O::Error>> {
                self.core.invoke(&input).await
            }

            #(#methods)*
        }
    }
}
