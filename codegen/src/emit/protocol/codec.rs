//! The body codec a [`Ser`](super::json_ser::Ser) or [`De`](super::json_de::De) writes code
//! for: JSON (`awsgen_runtime::json`) or CBOR (`awsgen_runtime::cbor`). Both runtime codecs
//! have the same shape (a pull reader with `enter_object`/`next_key`/`nullable`/`skip`, a writer
//! with `begin_object`/`key`/`string`/...), so one emitter serves both; what differs is here:
//! the type paths, the helper modules' names and the timestamp calls (CBOR timestamps are
//! always tag 1 epoch seconds, JSON ones take the member's format).

use crate::emit::ts_format;
use crate::ir::TimestampFormat;
use proc_macro2::TokenStream;
use quote::quote;

/// A body encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Codec {
    /// The JSON protocols' bodies.
    Json,
    /// RPC v2 CBOR's bodies.
    Cbor,
}

impl Codec {
    /// The crate module of the serializers.
    pub(crate) fn ser_module(self) -> &'static str {
        match self {
            Codec::Json => "json_ser",
            Codec::Cbor => "cbor_ser",
        }
    }

    /// The crate module of the deserializers.
    pub(crate) fn de_module(self) -> &'static str {
        match self {
            Codec::Json => "json_de",
            Codec::Cbor => "cbor_de",
        }
    }

    /// The runtime module of the codec.
    fn runtime(self) -> TokenStream {
        match self {
            Codec::Json => quote!(::awsgen_runtime::json),
            Codec::Cbor => quote!(::awsgen_runtime::cbor),
        }
    }

    pub(crate) fn writer(self) -> TokenStream {
        let m = self.runtime();
        match self {
            Codec::Json => quote!(#m::JsonWriter),
            Codec::Cbor => quote!(#m::CborWriter),
        }
    }

    pub(crate) fn reader(self) -> TokenStream {
        let m = self.runtime();
        match self {
            Codec::Json => quote!(#m::JsonReader),
            Codec::Cbor => quote!(#m::CborReader),
        }
    }

    pub(crate) fn error(self) -> TokenStream {
        let m = self.runtime();
        match self {
            Codec::Json => quote!(#m::JsonError),
            Codec::Cbor => quote!(#m::CborError),
        }
    }

    /// An expression: a `Custom` error of the codec at the reader `r`.
    pub(crate) fn custom_error(self, message: &str) -> TokenStream {
        let m = self.runtime();
        match self {
            Codec::Json => quote!(r.error(#m::JsonErrorKind::Custom(#message.into()))),
            Codec::Cbor => quote!(r.error(#m::CborErrorKind::Custom(#message.into()))),
        }
    }

    /// A `bool` expression: the value at the reader `r` is null.
    pub(crate) fn peek_null(self) -> TokenStream {
        let m = self.runtime();
        match self {
            Codec::Json => quote!(r.peek()? == #m::JsonType::Null),
            Codec::Cbor => quote!(matches!(r.peek()?, #m::CborType::Null | #m::CborType::Undefined)),
        }
    }

    /// The function that reads a whole body as an object or map, member by member.
    pub(crate) fn read_body_fn(self) -> TokenStream {
        match self {
            Codec::Json => quote!(::awsgen_runtime::protocol::json::read_object_body),
            Codec::Cbor => quote!(::awsgen_runtime::protocol::cbor::read_map_body),
        }
    }

    /// A statement writing the timestamp `v` (a `&DateTime`) to `w`.
    pub(crate) fn write_timestamp(self, v: TokenStream, ts: TimestampFormat) -> TokenStream {
        match self {
            Codec::Json => {
                let f = ts_format(ts);
                quote!(w.timestamp(#v, #f);)
            }
            Codec::Cbor => quote!(w.timestamp(#v);),
        }
    }

    /// The arguments of the reader's `read_timestamp`.
    pub(crate) fn timestamp_args(self, ts: TimestampFormat) -> TokenStream {
        match self {
            Codec::Json => ts_format(ts),
            Codec::Cbor => quote!(),
        }
    }
}
