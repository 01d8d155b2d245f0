//! Errors: one struct per exception shape and the service-wide `Error` (`crate::error`), and the
//! per-operation error enums (`CopySnapshotError`), matched on the wire error code.

use super::protocol::ProtocolGen;
use super::{doc_in_macro, ident, Cx};
use crate::ir::{Location, Operation, Service};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the service models errors that `op` does not list: its error enum then has an
/// `Unlisted` variant for them (AWS models do not list every error an operation can return;
/// botocore, too, types any error the service models).
pub fn has_unlisted(svc: &Service, op: &Operation) -> bool {
    svc.errors.iter().any(|e| !op.errors.contains(e))
}

/// The entries of an [`error_enum`] for `errors`: each error's variant, its `is_*` predicate
/// ([`names::error_predicates`], over all the service's errors) and its codes (the
/// [`alt_code`](crate::ir::ErrorInfo::alt_code) after the code), the first entry winning
/// when two share a code. In an `awsQueryCompatible` service `meta.code` is the query code from
/// `x-amzn-query-error`, so each entry also names its shape, matched against the reply's JSON
/// error type (`__type`), which the model may not map to a query code.
fn error_entries(cx: &Cx<'_>, errors: &[String]) -> Vec<TokenStream> {
    let svc = cx.svc;
    let rust_names = svc.errors.iter().map(|e| svc.shape(e).rust_name.as_str());
    let predicates: std::collections::HashMap<&str, String> =
        svc.errors.iter().map(String::as_str).zip(names::error_predicates(rust_names)).collect();
    errors
        .iter()
        .map(|e| {
            let info = svc.structure(e).error.as_ref();
            let code = info.map(|i| i.code.clone()).unwrap_or_else(|| e.clone());
            let alt = info.and_then(|i| i.alt_code.clone()).into_iter();
            let rust_name = &svc.shape(e).rust_name;
            let v = ident(rust_name);
            let is = predicates.get(e.as_str()).cloned().unwrap_or_else(|| format!("is_{}", names::snake(rust_name)));
            let is = ident(&is);
            let shape = svc.query_compatible.then(|| quote!(, #e));
            quote!(#v #is #code #(| #alt)* #shape;)
        })
        .collect()
}

/// `src/error.rs`: a struct per exception shape (its members read from the reply by the
/// protocol's helper), and the service-wide `Error`, whose code match is the fallback of every
/// operation whose model does not list all of the service's errors.
pub(crate) fn emit(cx: &Cx<'_>, proto: &mut dyn ProtocolGen) -> TokenStream {
    let svc = cx.svc;
    let structs = svc.shapes.values().filter(|s| s.location == Location::Error).map(|s| {
        let st = svc.structure(&s.id);
        let name = ident(&s.rust_name);
        let info = st.error.as_ref();
        let code = info.map(|e| e.code.clone()).unwrap_or_else(|| s.id.clone());
        let status = info.map(|e| e.http_status).unwrap_or(400);
        let status_lit = proc_macro2::Literal::u16_unsuffixed(status);
        let def = super::types::structure(
            cx,
            s,
            st,
            {
                let serde = super::types::serde_extra_field(st, "meta", "ErrorMetadata");
                quote! {
                    /// What the service said: code, message, request id, HTTP status.
                    #serde
                    pub meta: ::awsgen_runtime::ErrorMetadata,
                }
            },
            quote!(.field("meta", &self.meta)),
        );
        // A struct with no members converts from the metadata alone; the members of another
        // are read by the protocol's helper (outside the macro, so that it reads as code).
        let read = (!st.members.is_empty()).then(|| {
            let value = proto.error_value(&s.id);
            quote! {
                impl #name {
                    /// This error from its reply: `meta` already read, the members from `resp`.
                    pub(crate) fn from_reply(meta: ::awsgen_runtime::ErrorMetadata, resp: &::awsgen_runtime::http::HttpResponse) -> Result<Self, ::awsgen_runtime::ParseError> {
                        let error = #value;
                        Ok(error)
                    }
                }
            }
        });
        let members = read.is_some().then(|| quote!(members));
        quote! {
            #def
            ::awsgen_runtime::error_struct!(#name #code #status_lit #members);
            #read
        }
    });
    let structs: Vec<TokenStream> = structs.collect();
    let error_enum = error_enum(
        cx,
        &ident("Error"),
        &svc.errors,
        &format!(" Any error {} can return: every operation error converts into this.", svc.full_name),
        None,
    );
    quote! {
        //! Error types: one per exception in the model, and the crate-wide [`Error`].
        #(#structs)*
        #error_enum
    }
}

/// An error enum through the runtime's `error_enum!`: a variant per error shape, `Unlisted`
/// (the service's other modeled errors, when `op` does not list them all) and `Unhandled`, with
/// accessors, `Display`, `std::error::Error`, the code match `parse(meta, resp)` and, for an
/// operation's enum (`op` given), the conversion into the service-wide `Error`; the
/// service-wide one (no `op`) has the `Sdk` variant and `From<SdkError<E>>`.
pub fn error_enum(
    cx: &Cx<'_>,
    name: &proc_macro2::Ident,
    errors: &[String],
    docs: &str,
    op: Option<&Operation>,
) -> TokenStream {
    let root = cx.root();
    let d = doc_in_macro(docs);
    let entries = error_entries(cx, errors);
    let into = op.map(|_| quote!(for Error));
    let unlisted = op.filter(|op| has_unlisted(cx.svc, op)).map(|_| quote!(, Unlisted));
    // The crate-wide error also keeps failures that are not the service's (`?` on any
    // operation's `SdkError`).
    let sdk = op.is_none().then(|| quote!(with Sdk is_sdk));
    quote! {
        ::awsgen_runtime::error_enum! {
            #d
            pub enum #name in [#root::error] #into #unlisted #sdk {
                #(#entries)*
            }
        }
    }
}
