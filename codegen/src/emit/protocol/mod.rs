//! The generator's protocol seam: everything an operation's `Operation` impl says about the
//! wire comes from a [`ProtocolGen`], one per protocol family, each a module here with the
//! helper modules it emits.
//!
//! - `query` (`awsQuery`, `ec2`): form bodies (`query_ser`), XML replies (`xml_de`).
//! - `json` (`awsJson1_0`, `awsJson1_1`, `restJson1`): JSON bodies (`json_ser`, `json_de`),
//!   with `http` placing restJson1's members in the path, query string and headers.
//! - `rest_xml` (`restXml`): the same `http` bindings, XML bodies (`xml_ser`, and `xml_de`
//!   shared with the query protocols).
//! - `cbor` (`smithy-rpc-v2-cbor`): CBOR bodies, written and read by the JSON emitters set to
//!   the CBOR codec (`codec`).
//!
//! [`operations`](super::operations) asks the service's generator for the body of
//! `serialize_with_tokens`, the body of `parse_output`, and, per error shape, the expression
//! that reads it; [`errors`](super::errors) builds the code-matching around those expressions.
//! The helpers the generator registered along the way become private modules of the crate
//! ([`ProtocolGen::finish`]). A new protocol is a module implementing the trait and an arm in
//! [`for_service`].

mod cbor;
mod codec;
mod http;
mod json;
pub(crate) mod json_de;
pub(crate) mod json_ser;
mod query;
pub(crate) mod query_ser;
mod rest_xml;
pub(crate) mod xml_de;
pub(crate) mod xml_ser;

use super::Cx;
use crate::ir::{Binding, Operation, Protocol, Structure};
use proc_macro2::TokenStream;
use quote::quote;

/// One protocol's code generation for one service.
pub(crate) trait ProtocolGen {
    /// The statements of `serialize_with_tokens(&self, tokens)`: they read the input `self`
    /// (unset idempotency tokens from `tokens`) and end in
    /// `Ok(::awsgen_runtime::SerializedRequest { .. })`.
    fn serialize(&mut self, op: &Operation) -> TokenStream;
    /// The statements of `parse_output(resp)` (`resp: &HttpResponse`), ending in `Ok(output)`;
    /// failures return `ParseError`s with `?`.
    fn parse_output(&mut self, op: &Operation) -> TokenStream;
    /// The statements of `parse_streaming_output(head, body)` for an operation whose output's
    /// payload is a streaming blob (`head: &HttpResponse` without its body, `body: ByteStream`),
    /// or `None` when the output is read whole.
    fn parse_streaming_output(&mut self, op: &Operation) -> Option<TokenStream> {
        let _ = op;
        None
    }
    /// An expression of the error structure `id`'s type, built from `meta` (the reply's
    /// `ErrorMetadata`, moved) and `resp` (the `&HttpResponse`); `?` on `ParseError`s. It reads
    /// `resp` exactly when the structure has members.
    fn error_value(&mut self, id: &str) -> TokenStream;
    /// The helper modules the other methods' code calls, as `(module name, items)`: private
    /// modules of the crate (`crate::xml_de`), emitted once every operation is generated.
    fn finish(self: Box<Self>) -> Vec<(&'static str, TokenStream)>;
}

/// The code generator for the service's protocol.
pub(crate) fn for_service<'a>(cx: &'a Cx<'a>) -> Box<dyn ProtocolGen + 'a> {
    match cx.svc.protocol {
        Protocol::Query | Protocol::Ec2 => Box::new(query::QueryGen::new(cx)),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => Box::new(json::JsonGen::new(cx)),
        Protocol::RestXml => Box::new(rest_xml::RestXmlGen::new(cx)),
        Protocol::RpcV2Cbor => Box::new(cbor::CborGen::new(cx)),
    }
}

/// `let _ = tokens;` for a `serialize_with_tokens` whose input has no idempotency token the
/// request carries (in the body or the query string), so the parameter is used; `None` otherwise.
pub(crate) fn unused_tokens(st: &Structure) -> Option<TokenStream> {
    let sent = |b: &Binding| matches!(b, Binding::Body | Binding::Query(_));
    let uses = st.members.iter().any(|m| m.idempotency_token && sent(&m.binding));
    (!uses).then(|| quote!(let _ = tokens;))
}
