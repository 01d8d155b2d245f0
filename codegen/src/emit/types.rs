//! Structures and enums: `crate::types`, plus the struct definition shared by operation inputs,
//! outputs and errors.

use super::{doc, ident, is_plain, type_doc, Cx};
use crate::ir::{EnumValue, Location, Member, Service, Shape, ShapeId, ShapeKind, Structure};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types.rs`.
pub fn emit(cx: &Cx<'_>) -> TokenStream {
    let svc = cx.svc;
    let items = svc.shapes.values().filter(|s| s.location == Location::Types).map(|s| match &s.kind {
        ShapeKind::Structure(st) => structure(cx, s, st, quote!(), quote!()),
        ShapeKind::Union(u) => union(cx, s, u),
        ShapeKind::String(Some(values)) => enumeration(svc, s, values),
        _ => quote!(),
    });
    quote! {
        //! Shared data types: every structure and enum that operations take or return.
        #(#items)*
    }
}

/// A member's doc: wire name, requiredness, deprecation in our words, then the model's
/// documentation of it.
fn member_doc(m: &Member) -> TokenStream {
    let mut text = format!(" `{}`", m.name);
    if m.location_name.as_deref().is_some_and(|l| l != m.name) || m.xml_name != m.name {
        text.push_str(&format!(" (on the wire: `{}`)", m.xml_name));
    }
    text.push('.');
    if m.required {
        text.push_str(" Required.");
    }
    if m.deprecated {
        text.push_str(" Deprecated by AWS.");
    }
    text.push_str(&super::docs::doc_lines(m.docs.as_deref()));
    doc(&text)
}

/// Whether a member's value is secret.
fn is_sensitive(svc: &Service, m: &Member) -> bool {
    let t = svc.shape(&m.target);
    t.sensitive
        || match &t.kind {
            ShapeKind::List(l) => svc.shape(&l.member).sensitive,
            ShapeKind::Map(mp) => svc.shape(&mp.value).sensitive,
            _ => false,
        }
}

/// A struct definition. `extra_fields` are appended after the members (request id, error
/// metadata); `extra_debug` adds them to a hand-written `Debug`.
pub fn structure(
    cx: &Cx<'_>,
    shape: &Shape,
    st: &Structure,
    extra_fields: TokenStream,
    extra_debug: TokenStream,
) -> TokenStream {
    let svc = cx.svc;
    let name = ident(&shape.rust_name);
    let what = if st.error.is_some() { "error" } else { "structure" };
    let docs = match &shape.location {
        Location::Operation(_) => quote!(),
        _ => type_doc(svc, shape, what),
    };
    let fields = st.members.iter().map(|m| {
        let f = ident(&m.rust_name);
        let t = cx.field_type(st, m);
        let d = member_doc(m);
        let serde = serde_field(svc, st, m);
        quote!(#d #serde pub #f: #t,)
    });
    let serde = serde_struct(st);
    let plain = st.members.iter().any(|m| is_plain(st, m));
    let sensitive = shape.sensitive || st.members.iter().any(|m| is_sensitive(svc, m));
    let derive_default = if plain { quote!() } else { quote!(Default,) };
    // A `ByteStream` is read once: a structure holding one is neither cloned nor compared.
    let derive_clone = if st.members.iter().any(|m| m.streaming) { quote!() } else { quote!(Clone, PartialEq,) };
    let derive_debug = if sensitive { quote!() } else { quote!(Debug,) };
    // What users read but do not build by literal, so that a member a model update adds is not
    // a breaking change: errors and operation outputs (built from `Default::default()` in a
    // user's tests). Data structures stay exhaustive: users build them, as inputs, by literal.
    let output =
        matches!(shape.location, Location::Operation(_)) && svc.operations.iter().any(|o| o.output == shape.id);
    let non_exhaustive = (st.error.is_some() || output).then(|| quote!(#[non_exhaustive]));
    let debug_impl = if sensitive {
        let entries = st.members.iter().map(|m| {
            let f = ident(&m.rust_name);
            let label = m.plain_name.as_str();
            if shape.sensitive || is_sensitive(svc, m) {
                quote!(.field(#label, &"*** redacted ***"))
            } else {
                quote!(.field(#label, &self.#f))
            }
        });
        let label = shape.rust_name.as_str();
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* #extra_debug .finish()
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        #docs
        #[derive(#derive_clone #derive_default #derive_debug)]
        #serde
        #non_exhaustive
        pub struct #name {
            #(#fields)*
            #extra_fields
        }
        #debug_impl
    }
}

/// A union: one variant per member (boxed when recursive), and `Unknown` for a member a newer
/// model added, holding its name; `#[non_exhaustive]`, so a variant added is not breaking. `Default` is `Unknown("")`, so structures holding a union
/// can derive theirs; an `Unknown` value is never sent.
fn union(cx: &Cx<'_>, shape: &Shape, u: &Structure) -> TokenStream {
    let svc = cx.svc;
    let name = ident(&shape.rust_name);
    let docs = type_doc(svc, shape, "union");
    let sensitive = shape.sensitive || u.members.iter().any(|m| is_sensitive(svc, m));
    let variants = u.members.iter().map(|m| {
        let v = ident(&m.rust_name);
        let mut t = cx.value_type(&m.target);
        if m.boxed {
            t = quote!(Box<#t>);
        }
        let d = member_doc(m);
        let wire = m.name.as_str();
        quote!(#d #[cfg_attr(feature = "serde", serde(rename = #wire))] #v(#t),)
    });
    let derive_debug = if sensitive { quote!() } else { quote!(Debug,) };
    let debug_impl = sensitive.then(|| {
        let label = shape.rust_name.as_str();
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #name::Unknown(member) => f.debug_tuple("Unknown").field(member).finish(),
                        _ => f.write_str(concat!(#label, "(*** redacted ***)")),
                    }
                }
            }
        }
    });
    let serde = serde_derive();
    quote! {
        #docs
        #[derive(Clone, PartialEq, #derive_debug)]
        #serde
        // A union's variants are as large as the model's members (S3 Control's
        // `JobManifestGenerator` holds a 416-byte structure beside `Unknown`'s string): boxing
        // them all would cost every value an allocation.
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A member this version of the model does not know, by its wire name. It is kept
            /// so a newer service's reply still parses; it cannot be sent.
            #[cfg_attr(feature = "serde", serde(skip))]
            Unknown(String),
        }
        impl Default for #name {
            fn default() -> Self {
                #name::Unknown(String::new())
            }
        }
        #debug_impl
    }
}

/// `Serialize`/`Deserialize` behind the generated crate's `serde` feature.
pub(crate) fn serde_derive() -> TokenStream {
    quote!(#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))])
}

/// A structure's serde derive and container attributes: fields are named in PascalCase, as
/// most wire names are (a field whose wire name differs says so), and a structure without
/// required members fills absent fields with its `Default`.
fn serde_struct(st: &Structure) -> TokenStream {
    let derive = serde_derive();
    if serde_default_container(st) {
        quote!(#derive #[cfg_attr(feature = "serde", serde(rename_all = "PascalCase", default))])
    } else {
        quote!(#derive #[cfg_attr(feature = "serde", serde(rename_all = "PascalCase"))])
    }
}

/// Whether a structure's serde container attribute says `default`: it derives `Default`.
fn serde_default_container(st: &Structure) -> bool {
    !st.members.iter().any(|m| is_plain(st, m))
}

/// The name serde's `rename_all = "PascalCase"` gives field `field` (an `r#` prefix dropped):
/// each `_`-separated word capitalized, the underscores removed.
fn serde_pascal(field: &str) -> String {
    let mut out = String::new();
    let mut capitalize = true;
    for c in field.trim_start_matches("r#").chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A `rename` argument when serde's PascalCase name of `field` is not `wire`.
fn serde_rename(field: &str, wire: &str) -> Option<TokenStream> {
    (serde_pascal(field) != wire).then(|| quote!(rename = #wire))
}

/// A field's serde attributes, where its container's do not say it: the model's member name;
/// optional members may be absent and are left out when unset; blobs are base64 strings.
fn serde_field(svc: &Service, st: &Structure, m: &Member) -> TokenStream {
    let plain = is_plain(st, m);
    let mut args: Vec<TokenStream> = serde_rename(&m.rust_name, &m.name).into_iter().collect();
    let blobs = holds_blobs(svc, &m.target);
    if !plain {
        // serde's derive reads an absent `Option` as `None`, unless a `with` module reads it.
        if blobs && !serde_default_container(st) {
            args.push(quote!(default));
        }
        args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    if m.streaming {
        // A stream is read once; it has no serde form.
        return quote!(#[cfg_attr(feature = "serde", serde(skip))]);
    }
    if blobs {
        args.push(quote!(with = "::awsgen_runtime::serde_support::blobs"));
    }
    if args.is_empty() {
        return quote!();
    }
    quote!(#[cfg_attr(feature = "serde", serde(#(#args),*))])
}

/// Whether a member of this shape holds blobs outside any structure: a blob, or a list or map
/// of them at any depth (a structure element has its own fields' attributes).
fn holds_blobs(svc: &Service, id: &ShapeId) -> bool {
    match &svc.shape(id).kind {
        ShapeKind::Blob => true,
        ShapeKind::List(list) => holds_blobs(svc, &list.member),
        ShapeKind::Map(map) => holds_blobs(svc, &map.value),
        _ => false,
    }
}

/// The serde attribute of an extra optional field `field` (`request_id`, `meta`) named `wire`,
/// unless a member already has that name.
pub(crate) fn serde_extra_field(st: &Structure, field: &str, wire: &str) -> TokenStream {
    if st.members.iter().any(|m| m.name == wire) {
        return quote!(#[cfg_attr(feature = "serde", serde(skip))]);
    }
    // An absent `Option` is `None` without `default`.
    let args: Vec<TokenStream> = serde_rename(field, wire).into_iter().collect();
    if args.is_empty() {
        return quote!();
    }
    quote!(#[cfg_attr(feature = "serde", serde(#(#args),*))])
}

fn enumeration(svc: &Service, shape: &Shape, values: &[EnumValue]) -> TokenStream {
    let name = ident(&shape.rust_name);
    let docs = type_doc(svc, shape, "enum");
    let variants = values.iter().map(|v| {
        let var = ident(&v.rust_name);
        let d = doc(&format!(" `{}`{}", v.value, super::docs::doc_lines(v.docs.as_deref())));
        quote!(#d #var,)
    });
    let to_str = values.iter().map(|v| {
        let var = ident(&v.rust_name);
        let s = v.value.as_str();
        quote!(#name::#var => #s,)
    });
    let from_str = values.iter().map(|v| {
        let var = ident(&v.rust_name);
        let s = v.value.as_str();
        quote!(#s => #name::#var,)
    });
    let all = values.iter().map(|v| v.value.as_str());
    quote! {
        #docs
        ///
        /// Values this client does not know yet arrive as `Unknown`, so a new value from AWS never
        /// breaks parsing.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value not in the model this crate was generated from.
            Unknown(String),
        }
        impl #name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::Unknown(s) => s.as_str(),
                }
            }
            /// Every value in the model.
            pub const fn values() -> &'static [&'static str] {
                &[#(#all),*]
            }
        }
        impl From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_str)*
                    other => #name::Unknown(other.to_string()),
                }
            }
        }
        impl From<String> for #name {
            fn from(s: String) -> Self {
                match #name::from(s.as_str()) {
                    #name::Unknown(_) => #name::Unknown(s),
                    known => known,
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(#name::from(s))
            }
        }
        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        /// The wire value, as a string.
        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        /// From the wire value; a value the model does not know is kept as `Unknown`.
        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(#name::from)
            }
        }
    }
}
