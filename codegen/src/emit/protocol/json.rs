//! The JSON protocols.
//!
//! - `awsJson1_0` / `awsJson1_1`: every request is `POST /` with `X-Amz-Target:
//!   {target_prefix}.{Operation}` and the input's members as one JSON object; replies are the
//!   output's members as one JSON object. An `awsQueryCompatible` service also sends
//!   `x-amzn-query-mode: true`.
//! - `restJson1`: the operation's route and the members' HTTP bindings ([`super::http`]) place
//!   members in the path, query string and headers; the rest go in a JSON object body, or the
//!   `payload` member is the whole body (a structure, union or document as JSON, a blob or
//!   string as it is). Replies fill members from the status, headers and body the same way.
//!
//! Bodies are written and read by the helpers of `json_ser` and `json_de`.

use super::codec::Codec;
use super::json_de::De;
use super::json_ser::Ser;
use super::{http, ProtocolGen};
use crate::emit::{ident, Cx};
use crate::ir::{Binding, Member, Operation, Protocol, ShapeKind, Structure};
use proc_macro2::TokenStream;
use quote::quote;

/// The JSON protocols' generator: the serializers and deserializers registered so far.
pub(crate) struct JsonGen<'a> {
    cx: &'a Cx<'a>,
    ser: Ser<'a>,
    de: De<'a>,
}

impl<'a> JsonGen<'a> {
    pub(crate) fn new(cx: &'a Cx<'a>) -> Self {
        JsonGen { cx, ser: Ser::new(cx, Codec::Json), de: De::new(cx, Codec::Json) }
    }

    fn rest(&self) -> bool {
        self.cx.svc.protocol.has_http_bindings()
    }

    /// awsJson: the input's members as one object, `POST /` with the target header.
    fn serialize_rpc(&mut self, op: &Operation, st: &Structure) -> TokenStream {
        let svc = self.cx.svc;
        let content_type = match svc.protocol {
            Protocol::AwsJson1_0 => quote!(::awsgen_runtime::protocol::json::AWS_JSON_1_0_CONTENT_TYPE),
            _ => quote!(::awsgen_runtime::protocol::json::AWS_JSON_1_1_CONTENT_TYPE),
        };
        let prefix = svc.target_prefix.as_deref().unwrap_or(&svc.service_id);
        let target = format!("{prefix}.{}", op.name);
        let members = self.ser.members(st, quote!(self), true);
        let query_mode = svc.query_compatible.then(|| {
            quote!(request.headers.push((::awsgen_runtime::protocol::json::QUERY_MODE_HEADER.to_string(), "true".to_string()));)
        });
        let object = json_object(members);
        quote! {
            let body = #object;
            let mut request = ::awsgen_runtime::SerializedRequest::post(#content_type, body);
            request.headers.push((::awsgen_runtime::protocol::json::TARGET_HEADER.to_string(), #target.to_string()));
            #query_mode
            Ok(request)
        }
    }

    /// restJson1: route, bindings, and the payload or the body members.
    fn serialize_rest(&mut self, op: &Operation, st: &Structure) -> TokenStream {
        let json = quote!(::awsgen_runtime::protocol::json::REST_JSON_CONTENT_TYPE);
        let payload = st.members.iter().find(|m| m.binding == Binding::Payload);
        let body = match payload {
            Some(m) => self.payload_ser(st, m),
            None if st.members.iter().any(|m| m.binding == Binding::Body) => {
                let object = json_object(self.ser.members(st, quote!(self), true));
                quote! {
                    let body = #object;
                    headers.push(("content-type".to_string(), #json.to_string()));
                }
            }
            None => quote!(let body = Vec::new();),
        };
        http::request(self.cx, op, st, body)
    }

    /// The body of a `payload` member: the value as the whole body, or none when unset. A
    /// `streaming` blob also binds `streaming_body`, which the request literal must take.
    fn payload_ser(&mut self, st: &Structure, m: &Member) -> TokenStream {
        if m.streaming {
            return http::streaming_payload_ser(st, m);
        }
        let f = ident(&m.rust_name);
        let value = if crate::emit::is_plain(st, m) { quote!(Some(&self.#f)) } else { quote!(self.#f.as_ref()) };
        let (content_type, bytes) = match http::raw_payload(self.cx, m) {
            Some((content_type, bytes)) => (content_type, bytes),
            None => {
                let write = self.ser.value(&m.target, m.timestamp_format, quote!(v));
                ("application/json", json_value(write))
            }
        };
        let set_content_type = http::default_content_type(quote!(#content_type));
        // An unset structure payload is an empty JSON object (restJson1's
        // `RestJsonHttpWithEmptyStructurePayload`); an unset blob payload is an empty body of
        // its content type, as botocore sends it; any other unset payload is no body.
        let unset = match self.cx.svc.shape(&m.target).kind {
            ShapeKind::Structure(_) => quote!({
                #set_content_type
                b"{}".to_vec()
            }),
            ShapeKind::Blob => quote!({
                #set_content_type
                Vec::new()
            }),
            _ => quote!(Vec::new()),
        };
        quote! {
            let body = match #value {
                Some(v) => {
                    #set_content_type
                    #bytes
                }
                None => #unset,
            };
        }
    }

    /// Reads a `payload` member of an output from the whole body.
    fn payload_de(&mut self, m: &Member) -> TokenStream {
        if let Some(raw) = http::raw_payload_de(self.cx, m) {
            return raw;
        }
        let f = ident(&m.rust_name);
        let value = self.de.value(&m.target, m.timestamp_format);
        let value = if m.boxed { quote!(Box::new(#value)) } else { value };
        quote! {
            if !resp.body.is_empty() {
                let mut reader = ::awsgen_runtime::json::JsonReader::new(&resp.body);
                let r = &mut reader;
                out.#f = Some(#value);
                reader.finish()?;
            }
        }
    }
}

impl ProtocolGen for JsonGen<'_> {
    fn serialize(&mut self, op: &Operation) -> TokenStream {
        let st = self.cx.svc.structure(&op.input);
        let code = if self.rest() { self.serialize_rest(op, st) } else { self.serialize_rpc(op, st) };
        // `tokens` fills unset idempotency tokens; inputs without one leave it unused.
        let unused = super::unused_tokens(st);
        quote!(#unused #code)
    }

    fn parse_streaming_output(&mut self, op: &Operation) -> Option<TokenStream> {
        http::streaming_output(self.cx, op, quote!(resp.header("x-amzn-requestid").map(str::to_string)))
    }

    fn parse_output(&mut self, op: &Operation) -> TokenStream {
        let svc = self.cx.svc;
        if http::streams_output(self.cx, op) {
            // The pipeline hands a streaming operation's body to `parse_streaming_output`; a
            // reply already read whole (a test calling this) goes the same way.
            return quote! {
                <Self as ::awsgen_runtime::Operation>::parse_streaming_output(resp, ::awsgen_runtime::ByteStream::from(resp.body.clone()))
            };
        }
        let output = ident(&svc.shape(&op.output).rust_name);
        let st = svc.structure(&op.output);
        let request_id = quote!(resp.header("x-amzn-requestid").map(str::to_string));
        if st.members.is_empty() {
            return quote!(Ok(#output { request_id: #request_id }));
        }
        let headers = if self.rest() { http::read_headers(self.cx, st, quote!(out)) } else { quote!() };
        let body = match st.members.iter().find(|m| m.binding == Binding::Payload) {
            Some(m) => self.payload_de(m),
            None => self.de.read_body(st, quote!(out), quote!(&resp.body)),
        };
        quote! {
            let mut out = #output { request_id: #request_id, ..Default::default() };
            #headers
            #body
            Ok(out)
        }
    }

    fn error_value(&mut self, id: &str) -> TokenStream {
        self.de.error_value(id)
    }

    fn finish(self: Box<Self>) -> Vec<(&'static str, TokenStream)> {
        vec![("json_ser", self.ser.finish()), ("json_de", self.de.finish())]
    }
}

/// An expression: the bytes of a JSON object whose members `members` writes (to `w`).
fn json_object(members: TokenStream) -> TokenStream {
    json_value(quote!(w.begin_object(); #members w.end_object();))
}

/// An expression: the bytes of the JSON value that `write` writes (to `w`).
fn json_value(write: TokenStream) -> TokenStream {
    quote! {{
        let mut writer = ::awsgen_runtime::json::JsonWriter::new();
        let w = &mut writer;
        #write
        writer.finish().into_bytes()
    }}
}
