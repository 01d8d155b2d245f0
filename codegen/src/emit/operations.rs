//! One module per operation (`crate::operation::copy_snapshot`): the input with its builder,
//! the fluent builder `Client` methods return, the output, the error enum, and the
//! `Operation` impl that ties them to the wire.

use super::errors::error_enum;
use super::query_ser::Ser;
use super::xml_de::De;
use super::{doc, field_type, ident, is_plain, type_path, value_type};
use crate::ir::{Member, Operation, Protocol, Service, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// `src/operation/mod.rs`.
pub fn emit_mod(svc: &Service) -> TokenStream {
    let mods = svc.operations.iter().map(|op| {
        let m = ident(op.rust_name.trim_start_matches("r#"));
        let d = doc(&format!(" The `{}` operation: input, output, error, builders.", op.name));
        quote!(#d pub mod #m;)
    });
    quote! {
        //! One module per operation.
        #(#mods)*
    }
}

/// What a builder setter takes and how it stores it.
fn setter_parts(svc: &Service, m: &Member) -> (TokenStream, TokenStream, TokenStream) {
    let f = ident(&m.rust_name);
    let mut store = quote!(v.into());
    if m.boxed {
        store = quote!(Box::new(#store));
    }
    match &svc.shape(&m.target).kind {
        ShapeKind::List(l) if !m.boxed => {
            let item = value_type(svc, &l.member);
            (
                quote!(item: impl Into<#item>),
                quote!(self.#f.get_or_insert_with(Vec::new).push(item.into());),
                quote!(item),
            )
        }
        ShapeKind::Map(mp) if !m.boxed => {
            let v = value_type(svc, &mp.value);
            (
                quote!(key: impl Into<String>, value: impl Into<#v>),
                quote!(self.#f.get_or_insert_with(Default::default).insert(key.into(), value.into());),
                quote!(key, value),
            )
        }
        _ => {
            let t = value_type(svc, &m.target);
            (quote!(v: impl Into<#t>), quote!(self.#f = Some(#store);), quote!(v))
        }
    }
}

fn setter_doc(svc: &Service, m: &Member) -> String {
    match &svc.shape(&m.target).kind {
        ShapeKind::List(_) if !m.boxed => format!(" Appends one item to `{}`.", m.name),
        ShapeKind::Map(_) if !m.boxed => format!(" Adds one entry to `{}`.", m.name),
        _ => format!(" Sets `{}`.", m.name),
    }
}

/// `src/operation/<op>.rs`.
pub fn emit(svc: &Service, op: &Operation) -> TokenStream {
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

    // Input and its builder.
    let input_def = super::types::structure(svc, input_shape, input_st, quote!(), quote!());
    let input_doc = doc(&format!(
        " Input of [`Client::{}`](crate::Client::{}): the parameters of `{op_name}`.{link}",
        op.rust_name, op.rust_name
    ));
    let builder_fields = input_st.members.iter().map(|m| {
        let f = ident(&m.rust_name);
        let mut t = value_type(svc, &m.target);
        if m.boxed {
            t = quote!(Box<#t>);
        }
        quote!(#f: Option<#t>,)
    });
    let mut setters = Vec::new();
    let mut fluent_setters = Vec::new();
    for m in &input_st.members {
        let f = ident(&m.rust_name);
        let set = quote::format_ident!("set_{}", m.plain_name);
        let get = quote::format_ident!("get_{}", m.plain_name);
        let mut t = value_type(svc, &m.target);
        if m.boxed {
            t = quote!(Box<#t>);
        }
        let (params, body, args) = setter_parts(svc, m);
        let d = doc(&setter_doc(svc, m));
        let sd = doc(&format!(" Sets or clears `{}`.", m.name));
        let gd = doc(&format!(" The value of `{}` set so far.", m.name));
        setters.push(quote! {
            #d
            pub fn #f(mut self, #params) -> Self { #body self }
            #sd
            pub fn #set(mut self, v: Option<#t>) -> Self { self.#f = v; self }
            #gd
            pub fn #get(&self) -> &Option<#t> { &self.#f }
        });
        fluent_setters.push(quote! {
            #d
            pub fn #f(mut self, #params) -> Self { self.inner = self.inner.#f(#args); self }
            #sd
            pub fn #set(mut self, v: Option<#t>) -> Self { self.inner = self.inner.#set(v); self }
            #gd
            pub fn #get(&self) -> &Option<#t> { self.inner.#get() }
        });
    }
    let build_fields = input_st.members.iter().map(|m| {
        let f = ident(&m.rust_name);
        if is_plain(input_st, m) {
            let wire = m.query_name.as_str();
            quote!(#f: self.#f.ok_or_else(|| ::awsgen_runtime::error::InvalidRequestError::missing(#wire))?,)
        } else {
            quote!(#f: self.#f,)
        }
    });

    // Serialize.
    let mut ser = Ser::new(svc);
    let ser_body = ser.members(input_st, quote!(self));
    let (writer_decl, ser_stmts) = if input_st.members.is_empty() {
        (quote!(let writer), quote!())
    } else {
        (quote!(let mut writer), quote!(let w = &mut writer; #ser_body))
    };

    // Parse output.
    let mut de = De::new(svc);
    let parse_output = match (svc.protocol, &op.result_wrapper) {
        (Protocol::Query, Some(wrapper)) => {
            let body = de.struct_body(output_st, quote!(out), quote!());
            quote! {
                let mut out = #output::default();
                let request_id = ::awsgen_runtime::client::read_query_response(body, Some(#wrapper), |r| {
                    #body
                    Ok(())
                })?;
                out.request_id = request_id;
                Ok(out)
            }
        }
        (protocol, _) => {
            let extra = match protocol {
                Protocol::Query => {
                    quote!(b"ResponseMetadata" => out.request_id = ::awsgen_runtime::client::read_response_metadata(r)?,)
                }
                Protocol::Ec2 => quote!(b"requestId" => out.request_id = Some(r.read_string()?),),
            };
            let body = de.struct_body(output_st, quote!(out), extra);
            quote! {
                let mut out = #output::default();
                let mut reader = ::awsgen_runtime::xml::XmlReader::new(body);
                let r = &mut reader;
                r.root()?;
                #body
                Ok(out)
            }
        }
    };

    // Parse error.
    let mut codes = BTreeSet::new();
    let mut uses_body = false;
    let error_arms: Vec<TokenStream> = op
        .errors
        .iter()
        .filter_map(|e| {
            let s = svc.shape(e);
            let code = s.kind_structure_code().unwrap_or_else(|| e.clone());
            if !codes.insert(code.clone()) {
                return None;
            }
            let v = ident(&s.rust_name);
            let value = de.error_value(e);
            uses_body |= !svc.structure(e).members.is_empty();
            Some(quote!(#code => #error::#v(#value),))
        })
        .collect();
    let parse_error_body = if error_arms.is_empty() {
        quote!(Ok(#error::Unhandled(meta)))
    } else {
        quote! {
            Ok(match meta.code.as_str() {
                #(#error_arms)*
                _ => #error::Unhandled(meta),
            })
        }
    };
    let body_param = if uses_body { quote!(body) } else { quote!(_body) };
    let error_def = error_enum(svc, &error, &op.errors, &format!(" The errors `{op_name}` can return.{link}"));
    let _ = type_path;

    let output_def = super::types::structure(
        svc,
        output_shape,
        output_st,
        quote! {
            /// The request id AWS assigned to the call (`ResponseMetadata/RequestId`).
            pub request_id: Option<String>,
        },
        quote!(.field("request_id", &self.request_id)),
    );
    let output_doc = doc(&format!(" Output of `{op_name}`.{link}"));
    let fluent_doc = doc(&format!(
        " Builds and sends a `{op_name}` request: set members with the methods named after them, then `send()`.{link}"
    ));
    let builder_doc = doc(&format!(" Builds a [`{}`], checking required members.", input_shape.rust_name));
    let deprecated = if op.deprecated { quote!(#[deprecated(note = "deprecated by AWS")]) } else { quote!() };
    let _ = field_type;

    quote! {
        //! The operation's types: input, builders, output and error.
        #input_doc
        #input_def
        impl #input {
            /// A builder for this input.
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #builder_doc
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #builder {
            #(#builder_fields)*
        }
        impl #builder {
            #(#setters)*
            /// The input, or an error naming the first required member that is not set.
            pub fn build(self) -> Result<#input, ::awsgen_runtime::error::InvalidRequestError> {
                Ok(#input { #(#build_fields)* })
            }
        }

        #fluent_doc
        #[derive(Clone, Debug)]
        pub struct #fluent {
            core: ::awsgen_runtime::ClientCore,
            inner: #builder,
        }
        impl #fluent {
            pub(crate) fn new(core: ::awsgen_runtime::ClientCore) -> Self {
                #fluent { core, inner: #builder::default() }
            }
            #(#fluent_setters)*
            /// The input built so far.
            pub fn as_input(&self) -> &#builder {
                &self.inner
            }
            /// Sends the request. Fails before any I/O if a required member is missing.
            #deprecated
            pub async fn send(self) -> Result<#output, ::awsgen_runtime::SdkError<#error>> {
                let input = self.inner.build().map_err(::awsgen_runtime::SdkError::InvalidRequest)?;
                self.core.invoke(&input).await
            }
        }

        #output_doc
        #output_def

        #error_def

        impl ::awsgen_runtime::Operation for #input {
            type Output = #output;
            type Error = #error;
            const NAME: &'static str = #op_name;
            fn serialize(&self) -> Result<String, ::awsgen_runtime::error::InvalidRequestError> {
                #writer_decl = ::awsgen_runtime::query::QueryWriter::new(#op_name, crate::client::API_VERSION);
                #ser_stmts
                Ok(writer.finish())
            }
            fn parse_output(body: &[u8]) -> Result<#output, ::awsgen_runtime::xml::XmlError> {
                #parse_output
            }
            fn parse_error(meta: ::awsgen_runtime::ErrorMetadata, #body_param: &[u8]) -> Result<#error, ::awsgen_runtime::xml::XmlError> {
                #parse_error_body
            }
        }
        impl crate::client::sealed::Sealed for #input {}
        impl crate::client::ServiceOperation for #input {}
        const _: fn(&crate::Client) -> #fluent = crate::Client::#method;
    }
}
