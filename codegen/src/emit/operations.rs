//! One module per operation (`crate::operation::copy_snapshot`): the input with its builder,
//! the fluent builder `Client` methods return, the output, the error enum, and the
//! `Operation` impl that ties them to the wire.

use super::errors::error_enum;
use super::protocol::ProtocolGen;
use super::{doc, ident, is_plain, Cx};
use crate::ir::endpoint::Literal;
use crate::ir::{HostPrefixPart, Member, Operation, Service, ShapeKind, Structure};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/operation/mod.rs`.
pub fn emit_mod(cx: &Cx<'_>) -> TokenStream {
    let mods = cx.svc.operations.iter().map(|op| {
        let m = ident(&op.module);
        let d = doc(&format!(" The `{}` operation: input, output, error, builders.", op.name));
        quote!(#d pub mod #m;)
    });
    quote! {
        //! One module per operation.
        #(#mods)*
    }
}

/// A member's entry in the runtime's `setters!`, which writes its three builder methods (`x`,
/// `set_x`, `get_x`) once, on the input builder `Builder<S>` for every target `S`: the fluent
/// builder (`S` = the client), each waiter builder (`S` = a `Poller`) and the plain input
/// builder (`S` = `()`) share them. The one-value setter of a list appends an item, of a map
/// adds an entry (a present one, `Some`, to a sparse list or map: a null one is set through
/// `set_x` with the whole collection).
fn setter_entry(cx: &Cx<'_>, st: &Structure, m: &Member) -> TokenStream {
    let f = ident(&m.rust_name);
    let set = quote::format_ident!("set_{}", m.plain_name);
    let get = quote::format_ident!("get_{}", m.plain_name);
    let wire = m.name.as_str();
    let (kind, item) = match &cx.svc.shape(&m.target).kind {
        _ if m.boxed => ("boxed", cx.member_type(m)),
        ShapeKind::List(l) => (if l.sparse { "sparse_list" } else { "list" }, cx.value_type(&l.member)),
        ShapeKind::Map(mp) => (if mp.sparse { "sparse_map" } else { "map" }, cx.value_type(&mp.value)),
        _ => ("value", cx.member_type(m)),
    };
    let kind = quote::format_ident!("{kind}");
    // The model's documentation of the member, after the macro's own first line.
    let docs = super::docs::doc_lines(m.docs.as_deref());
    let attrs = if docs.is_empty() { quote!() } else { super::doc_in_macro(&docs) };
    // A required member: `build` names it by its wire name, when it is not the setters' one.
    let required = is_plain(st, m).then(|| {
        let name = (m.query_name != m.name).then_some(m.query_name.as_str());
        quote!(, required #name)
    });
    quote!(#attrs #kind #wire #f #set #get: #item #required;)
}

/// `src/operation/<op>.rs`.
/// The serializer and deserializer helpers it calls are registered in `proto`, which emits them
/// once every operation is done.
pub(crate) fn emit(cx: &Cx<'_>, op: &Operation, proto: &mut dyn ProtocolGen) -> TokenStream {
    let svc = cx.svc;
    let root = cx.root();
    let input_shape = svc.shape(&op.input);
    let output_shape = svc.shape(&op.output);
    let input_st = svc.structure(&op.input);
    let output_st = svc.structure(&op.output);
    let input = ident(&input_shape.rust_name);
    let output = ident(&output_shape.rust_name);
    let builder = ident(&op.input_builder);
    let fluent = ident(&op.fluent_builder);
    let error = ident(&op.error_name);
    let op_name = op.name.as_str();
    let method = ident(&op.rust_name);
    let link = svc.doc_link(&op.name).map(|l| format!("\n\n See the [AWS API reference]({l}).")).unwrap_or_default();
    let op_docs = super::docs::doc_lines(op.docs.as_deref());

    // Input and its builder.
    let input_def = super::types::structure(cx, input_shape, input_st, quote!(), quote!());
    let input_doc = doc(&format!(
        " Input of [`Client::{}`]({}::Client::{}): the parameters of `{op_name}`.{link}{op_docs}",
        op.rust_name,
        cx.root_doc(),
        op.rust_name
    ));
    let setters: Vec<TokenStream> = input_st.members.iter().map(|m| setter_entry(cx, input_st, m)).collect();

    // The wire, from the protocol.
    let serialize = proto.serialize(op);
    let parse_output = proto.parse_output(op);
    let streaming_output = proto.parse_streaming_output(op).map(|code| {
        quote! {
            const STREAMING_OUTPUT: bool = true;
            fn parse_streaming_output(head: &::awsgen_runtime::http::HttpResponse, body: ::awsgen_runtime::ByteStream) -> Result<#output, ::awsgen_runtime::ParseError> {
                #code
            }
        }
    });

    // Parse error: the code match is the error enum's.
    let (bodiless, error_in_success) = customized(cx, op);
    let unsigned = op.unsigned.then(|| {
        quote!(
            const UNSIGNED: bool = true;
        )
    });
    let error_def = error_enum(cx, &error, &op.errors, &format!(" The errors `{op_name}` can return.{link}"), Some(op));

    let output_def = super::types::structure(
        cx,
        output_shape,
        output_st,
        {
            let serde = super::types::serde_extra_field(output_st, "request_id", "RequestId");
            quote! {
                /// The request id AWS assigned to the call (`ResponseMetadata/RequestId`).
                #serde
                pub request_id: Option<String>,
            }
        },
        quote!(.field("request_id", &self.request_id)),
    );
    let output_docs = super::docs::doc_lines(output_shape.docs.as_deref());
    let output_doc = doc(&format!(" Output of `{op_name}`.{link}{output_docs}"));
    let fluent_doc = doc(&format!(
        " Builds and sends a `{op_name}` request: set members with the methods named after them, then `send()`.{link}{op_docs}"
    ));
    let builder_doc = super::doc_in_macro(&format!(
        " Builds a [`{}`], checking required members. `S` is what the builder sends with: nothing \
         here, the client in [`{}`], a poller in a waiter; all share these methods.",
        input_shape.rust_name, op.fluent_builder
    ));
    let deprecated = if op.deprecated { quote!(#[deprecated(note = "deprecated by AWS")]) } else { quote!() };
    // A `ByteStream` member is read once: its builders are neither cloned nor compared.
    let streams = input_st.members.iter().any(|m| m.streaming);
    let builder_derive = if streams { quote!() } else { quote!(#[derive(Clone, PartialEq)]) };
    let allow_deprecated = if op.deprecated { quote!(#[allow(deprecated)]) } else { quote!() };
    let host_prefix = host_prefix(input_st, op);
    let compression = if op.request_compression.is_empty() {
        quote!()
    } else {
        let encodings = op.request_compression.iter();
        quote!(const REQUEST_COMPRESSION: &'static [&'static str] = &[#(#encodings),*];)
    };
    let static_context = static_context(svc, op);
    let context_params = context_params(svc, input_st, op);
    let http_checksum = http_checksum(input_st, op);

    let paginator = svc.paginator(&op.name).map(|p| super::paginators::emit(cx, op, p));
    let presigned = svc.is_presigned(&op.name).then(|| {
        quote! { impl #fluent {
            /// A presigned request for this input, valid as `config` says: the endpoint and
            /// credentials are resolved as `send()` resolves them, and the signature goes in the
            /// URL, so any HTTP client can send the request (with the returned headers) until it
            /// expires. Nothing is sent. Fails before any I/O if a required member is missing.
            #deprecated
            pub async fn presigned(
                self,
                config: ::awsgen_runtime::presign::PresigningConfig,
            ) -> Result<::awsgen_runtime::presign::PresignedRequest, ::awsgen_runtime::SdkError<#error>> {
                let (input, core) = self.with_target(());
                core.presign(&input.build().map_err(::awsgen_runtime::SdkError::InvalidRequest)?, &config).await
            }
        }}
    });

    quote! {
        //! The operation's types: input, builders, output and error.
        #input_doc
        #input_def
        ::awsgen_runtime::input_builder! {
            #builder_doc
            #builder_derive
            pub struct #builder for #input {
                #(#setters)*
            }
        }

        #fluent_doc
        pub type #fluent = #builder<::awsgen_runtime::ClientCore>;
        ::awsgen_runtime::fluent_builder! {
            impl #fluent {
                #deprecated
                send #input -> #output, #error;
            }
        }
        #presigned

        #output_doc
        #output_def

        #error_def

        impl ::awsgen_runtime::Operation for #input {
            type Output = #output;
            type Error = #error;
            const NAME: &'static str = #op_name;
            fn serialize_with_tokens(&self, tokens: &::awsgen_runtime::query::TokenSource) -> Result<::awsgen_runtime::SerializedRequest, ::awsgen_runtime::error::InvalidRequestError> {
                #serialize
            }
            fn parse_output(resp: &::awsgen_runtime::http::HttpResponse) -> Result<#output, ::awsgen_runtime::ParseError> {
                #parse_output
            }
            fn parse_error(meta: ::awsgen_runtime::ErrorMetadata, resp: &::awsgen_runtime::http::HttpResponse) -> Result<#error, ::awsgen_runtime::ParseError> {
                #bodiless
                #error::parse(meta, resp)
            }
            #streaming_output
            #error_in_success
            #unsigned
            #host_prefix
            #compression
            #static_context
            #context_params
            #http_checksum
        }
        impl #root::client::sealed::Sealed for #input {}
        impl #root::client::ServiceOperation for #input {}
        #allow_deprecated
        const _: fn(&#root::Client) -> #fluent = #root::Client::#method;
        #paginator
    }
}

/// `Operation::HTTP_CHECKSUM` and `checksum_members`, for an operation with flexible
/// checksums: the trait's facts as a const, the members' values read from the input.
fn http_checksum(input: &Structure, op: &Operation) -> TokenStream {
    let Some(c) = &op.http_checksum else { return quote!() };
    let member = |name: &Option<String>| name.as_ref().and_then(|n| input.members.iter().find(|m| &m.name == n));
    let (algorithm, mode) = (member(&c.request_algorithm_member), member(&c.validation_mode_member));
    let read = |m: Option<&crate::ir::Member>| match m {
        Some(m) if crate::emit::is_plain(input, m) => {
            let f = ident(&m.rust_name);
            quote!(Some(self.#f.as_str()))
        }
        Some(m) => {
            let f = ident(&m.rust_name);
            quote!(self.#f.as_ref().map(|v| v.as_str()))
        }
        None => quote!(None),
    };
    let mode_header = match mode.map(|m| &m.binding) {
        Some(crate::ir::Binding::Header(h)) => quote!(Some(#h)),
        _ => quote!(None),
    };
    let required = c.request_required;
    let has_algorithm = algorithm.is_some();
    let algorithms = c.response_algorithms.iter();
    let members = if algorithm.is_none() && mode.is_none() {
        quote!()
    } else {
        let (algorithm, mode) = (read(algorithm), read(mode));
        quote! {
            fn checksum_members(&self) -> ::awsgen_runtime::checksum::ChecksumMembers<'_> {
                ::awsgen_runtime::checksum::ChecksumMembers { request_algorithm: #algorithm, validation_mode: #mode }
            }
        }
    };
    quote! {
        const HTTP_CHECKSUM: Option<::awsgen_runtime::checksum::HttpChecksum> = Some(::awsgen_runtime::checksum::HttpChecksum {
            request_required: #required,
            request_algorithm_member: #has_algorithm,
            response_algorithms: &[#(#algorithms),*],
            validation_mode_header: #mode_header,
        });
        #members
    }
}

/// `Operation::STATIC_CONTEXT_PARAMS`, for an operation with static context parameters and a
/// rule set they were checked against (without one, nothing would read them).
fn static_context(svc: &Service, op: &Operation) -> TokenStream {
    if op.static_context_params.is_empty() || svc.endpoint_rules.is_none() {
        return quote!();
    }
    let entries = op.static_context_params.iter().map(|(name, value)| {
        let value = match value {
            Literal::Bool(b) => quote!(::awsgen_runtime::endpoint::ContextValue::Bool(#b)),
            Literal::String(s) => quote!(::awsgen_runtime::endpoint::ContextValue::Str(#s)),
            // Checked when the rule set was attached: only booleans and strings.
            Literal::StringArray(_) => return quote!(),
        };
        quote!((#name, #value),)
    });
    quote! {
        const STATIC_CONTEXT_PARAMS: &'static [(&'static str, ::awsgen_runtime::endpoint::ContextValue)] = &[#(#entries)*];
    }
}

/// `Operation::context_params`, for an operation with input members marked `contextParam` and a
/// rule set they were checked against: each set member's value, by parameter.
fn context_params(svc: &Service, input: &Structure, op: &Operation) -> TokenStream {
    if op.context_params.is_empty() || svc.endpoint_rules.is_none() {
        return quote!();
    }
    let pushes = op.context_params.iter().filter_map(|c| {
        // The front end checked that the member is a string member of the input.
        let m = input.members.iter().find(|m| m.name == c.member)?;
        let f = ident(&m.rust_name);
        let name = &c.param;
        let value = quote!(::awsgen_runtime::endpoint::ContextValue::String(v.to_owned()));
        let push = quote!(params.push((#name, #value)););
        Some(if is_plain(input, m) {
            quote!({ let v = self.#f.as_str(); #push })
        } else {
            quote!(if let Some(v) = self.#f.as_deref() { #push })
        })
    });
    quote! {
        fn context_params(&self) -> Vec<(&'static str, ::awsgen_runtime::endpoint::ContextValue)> {
            let mut params = Vec::new();
            #(#pushes)*
            params
        }
    }
}

/// `Operation::host_prefix` for an operation with the endpoint trait: the literal parts, and each
/// label's member checked to be a valid host label.
fn host_prefix(input: &Structure, op: &Operation) -> TokenStream {
    let Some(parts) = &op.host_prefix else { return quote!() };
    // The front end split the prefix on its braces, so the literal parts have none.
    let mut template = String::new();
    let mut labels = Vec::new();
    for part in parts {
        match part {
            HostPrefixPart::Literal(text) => template.push_str(text),
            HostPrefixPart::Label(name) => {
                // The front end checked that the label names a string member of the input.
                let Some(m) = input.members.iter().find(|m| &m.name == name) else { continue };
                let f = ident(&m.rust_name);
                let wire = m.query_name.as_str();
                let value =
                    if is_plain(input, m) { quote!(Some(self.#f.as_str())) } else { quote!(self.#f.as_deref()) };
                let var = quote::format_ident!("label{}", labels.len());
                template.push_str(&format!("{{{var}}}"));
                labels.push(quote!(let #var = ::awsgen_runtime::endpoint::host_label(#wire, #value)?;));
            }
        }
    }
    let prefix = if labels.is_empty() { quote!(#template.to_string()) } else { quote!(format!(#template)) };
    quote! {
        fn host_prefix(&self) -> Result<Option<String>, ::awsgen_runtime::error::InvalidRequestError> {
            #(#labels)*
            Ok(Some(#prefix))
        }
    }
}

/// What the operation's [`Customization`](crate::ir::customizations::Customization)s add to its
/// `Operation` impl: statements opening `parse_error` that name a bodiless reply's code after
/// the error it is, and `ERROR_IN_SUCCESS`.
fn customized(cx: &Cx<'_>, op: &crate::ir::Operation) -> (TokenStream, Option<TokenStream>) {
    use crate::ir::customizations::Customization;
    let mut bodiless = Vec::new();
    let mut error_in_success = None;
    for c in &op.customizations {
        match c {
            Customization::ErrorInSuccess => {
                error_in_success = Some(quote!(
                    const ERROR_IN_SUCCESS: bool = true;
                ))
            }
            Customization::BodilessError { status, error } => {
                let code = cx.svc.shape(error).kind_structure_code().unwrap_or_else(|| error.to_string());
                bodiless.push(quote! {
                    let meta = if resp.body.is_empty() && resp.status == #status {
                        ::awsgen_runtime::ErrorMetadata { code: #code.to_string(), ..meta }
                    } else {
                        meta
                    };
                });
            }
        }
    }
    (quote!(#(#bodiless)*), error_in_success)
}
