//! Errors: one struct per exception shape and the service-wide `Error` (`crate::error`), and the
//! per-operation error enums (`CopySnapshotError`), matched on the wire error code.

use super::protocol::ProtocolGen;
use super::{doc, ident, Cx};
use crate::ir::{Location, Operation, Service};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the service models errors that `op` does not list: its error enum then has an
/// `Unlisted` variant for them (AWS models do not list every error an operation can return;
/// botocore, too, types any error the service models).
pub fn has_unlisted(svc: &Service, op: &Operation) -> bool {
    svc.errors.iter().any(|e| !op.errors.contains(e))
}

/// `Ok(match ..)` from the reply's error code to `enum_path::Variant(error value)` (`enum_path`
/// imported as `E`) for `errors`
/// (the first shape wins when two share a code; an error's
/// [`alt_code`](crate::ir::ErrorInfo::alt_code) matches too), `fallback` for any other code; and
/// whether it reads the reply. In an `awsQueryCompatible` service `meta.code` is the query
/// code from `x-amzn-query-error`, so an error is also matched by its shape name in the reply's
/// JSON error type (`__type`), which the model may not map to a query code.
pub(crate) fn error_match(
    cx: &Cx<'_>,
    proto: &mut dyn ProtocolGen,
    errors: &[String],
    enum_path: &TokenStream,
    fallback: TokenStream,
) -> (TokenStream, bool) {
    let svc = cx.svc;
    let mut codes = std::collections::BTreeSet::new();
    let mut types = std::collections::BTreeSet::new();
    let mut reads_reply = svc.query_compatible && !errors.is_empty();
    let mut arms = Vec::new();
    for e in errors {
        let s = svc.shape(e);
        let info = svc.structure(e).error.as_ref();
        let code = info.map(|i| i.code.clone()).unwrap_or_else(|| e.clone());
        let alt = info.and_then(|i| i.alt_code.clone());
        let codes_here: Vec<String> = std::iter::once(code).chain(alt).filter(|c| codes.insert(c.clone())).collect();
        let type_here = (svc.query_compatible && types.insert(e.clone())).then(|| e.clone());
        if codes_here.is_empty() && type_here.is_none() {
            continue;
        }
        let v = ident(&s.rust_name);
        // Members are read from the reply; the message is already in `meta`.
        reads_reply |= !svc.structure(e).members.is_empty();
        // A struct with no members converts from the metadata alone.
        let value = if svc.structure(e).members.is_empty() { quote!(meta.into()) } else { proto.error_value(e) };
        let pattern = if svc.query_compatible {
            let by_code = codes_here.iter().map(|c| quote!((#c, _)));
            let by_type = type_here.iter().map(|t| quote!((_, Some(#t))));
            let all: Vec<TokenStream> = by_code.chain(by_type).collect();
            quote!(#(#all)|*)
        } else {
            quote!(#(#codes_here)|*)
        };
        arms.push(quote!(#pattern => E::#v(#value),));
    }
    if arms.is_empty() {
        return (quote!(Ok(#fallback)), reads_reply);
    }
    let code = if svc.query_compatible {
        quote! {
            use #enum_path as E;
            let type_code = ::awsgen_runtime::protocol::json::parse_error_metadata(resp, false).ok().map(|m| m.code);
            let error = match (meta.code.as_str(), type_code.as_deref()) {
                #(#arms)*
                _ => #fallback,
            };
            Ok(error)
        }
    } else {
        quote! {
            use #enum_path as E;
            let error = match meta.code.as_str() {
                #(#arms)*
                _ => #fallback,
            };
            Ok(error)
        }
    };
    (code, reads_reply)
}

/// `parse_service_error`: any error the service models, by code, as the service-wide `Error`;
/// the fallback of every operation whose model does not list all of them. Emitted in
/// `crate::error` when some operation needs it.
pub(crate) fn service_error_fn(cx: &Cx<'_>, proto: &mut dyn ProtocolGen) -> TokenStream {
    let svc = cx.svc;
    if !svc.operations.iter().any(|op| has_unlisted(svc, op)) {
        return quote!();
    }
    let root = cx.root();
    let (body, reads_reply) =
        error_match(cx, proto, &svc.errors, &quote!(#root::error::Error), quote!(Error::Unhandled(meta)));
    let resp = if reads_reply { quote!(resp) } else { quote!(_resp) };
    quote! {
        /// Any error the service models, typed by its code (`Unhandled` for others).
        pub(crate) fn parse_service_error(meta: ::awsgen_runtime::ErrorMetadata, #resp: &::awsgen_runtime::http::HttpResponse) -> Result<Error, ::awsgen_runtime::ParseError> {
            #body
        }
    }
}

/// `src/error.rs`, with `service_error` ([`service_error_fn`]) among its items.
pub fn emit(cx: &Cx<'_>, service_error: TokenStream) -> TokenStream {
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
        let code_doc = doc(&format!(" The wire error code: `{code}`."));
        let status_doc = doc(&format!(" The HTTP status the service documents for this error: {status}."));
        let from_meta = st.members.is_empty().then(|| quote!(from_meta));
        quote! {
            #def
            impl #name {
                #code_doc
                pub const CODE: &'static str = #code;
                #status_doc
                pub const HTTP_STATUS: u16 = #status_lit;
            }
            ::awsgen_runtime::error_struct!(#name #from_meta);
        }
    });
    let error_enum = error_enum(
        cx,
        &ident("Error"),
        &svc.errors,
        &format!(" Any error {} can return: every operation error converts into this.", svc.full_name),
        false,
    );
    let conversions = svc.operations.iter().map(|op| {
        let op_err = op_error_path(cx, op);
        let arms = op.errors.iter().map(|e| {
            let v = ident(&svc.shape(e).rust_name);
            quote!(#op_err::#v(e) => Error::#v(e),)
        });
        let unlisted = if has_unlisted(svc, op) { quote!(#op_err::Unlisted(e) => *e,) } else { quote!() };
        quote! {
            impl From<#op_err> for Error {
                fn from(e: #op_err) -> Self {
                    match e {
                        #(#arms)*
                        #unlisted
                        #op_err::Unhandled(meta) => Error::Unhandled(meta),
                    }
                }
            }
        }
    });
    quote! {
        //! Error types: one per exception in the model, and the crate-wide [`Error`].
        #(#structs)*
        #error_enum
        #service_error
        #(#conversions)*
    }
}

fn op_error_path(cx: &Cx<'_>, op: &Operation) -> TokenStream {
    let m = cx.operation_module(op);
    let e = ident(&op.error_name);
    quote!(#m::#e)
}

/// An error enum with a variant per error shape, `Unlisted` (the service's other modeled
/// errors, when `unlisted`) and `Unhandled`, with accessors, `Display` and `std::error::Error`.
pub fn error_enum(
    cx: &Cx<'_>,
    name: &proc_macro2::Ident,
    errors: &[String],
    docs: &str,
    unlisted: bool,
) -> TokenStream {
    let svc = cx.svc;
    let root = cx.root();
    let d = doc(docs);
    let variants = errors.iter().map(|e| {
        let s = svc.shape(e);
        let v = ident(&s.rust_name);
        let t = cx.type_path(e);
        let code = s.kind_structure_code().unwrap_or_else(|| e.clone());
        let vd = doc(&format!(" Wire code `{code}`."));
        quote!(#vd #v(#t),)
    });
    let metas = errors.iter().map(|e| {
        let v = ident(&svc.shape(e).rust_name);
        quote!(#name::#v(e) => &e.meta,)
    });
    let (unlisted_variant, unlisted_meta) = if unlisted {
        let vd = doc(&format!(
            " An error the {} model defines but does not list for this operation, as the\n service-wide [`Error`]({}::Error) (never its `Unhandled` variant).",
            svc.full_name,
            cx.root_doc()
        ));
        (quote!(#vd Unlisted(Box<#root::error::Error>),), quote!(#name::Unlisted(e) => e.meta(),))
    } else {
        (quote!(), quote!())
    };
    quote! {
        #d
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unlisted_variant
            /// An error code this client's model does not know.
            Unhandled(::awsgen_runtime::ErrorMetadata),
        }
        impl #name {
            /// Code, message, request id and HTTP status, whatever the variant.
            pub fn meta(&self) -> &::awsgen_runtime::ErrorMetadata {
                match self {
                    #(#metas)*
                    #unlisted_meta
                    #name::Unhandled(meta) => meta,
                }
            }
        }
        ::awsgen_runtime::error_enum!(#name);
    }
}
