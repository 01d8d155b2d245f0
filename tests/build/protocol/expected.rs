//! A case's `result` (or error members) as a `support::Value` tree, built from the IR: the
//! same tree `values.rs` makes of what the client parsed.

use super::cases::CaseCx;
use super::special_float;
use awsgen_codegen::ir::{Member, ShapeKind, Structure};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// The key under which a vector names a union member the model does not know.
const UNKNOWN_MEMBER: &str = "SDK_UNKNOWN_MEMBER";

impl CaseCx<'_> {
    /// A `support::Value` expression for the expected value of shape `id`.
    pub(super) fn expected_value(&self, id: &str, v: &Value, at: &str) -> TokenStream {
        let svc = self.cx.svc;
        let wrong = |want: &str| -> ! { self.fail(&format!("{at}: expected {want}, found {v}")) };
        match &svc.shape(id).kind {
            ShapeKind::Structure(st) => {
                let obj = v.as_object().unwrap_or_else(|| wrong("an object"));
                // A member the vector gives as `null` is one the client must leave unset.
                let members = obj.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| {
                    let m = self.member(id, st, k, at);
                    let value = self.expected_member(m, x, &format!("{at}.{k}"));
                    quote!((#k, #value))
                });
                quote!(support::st([#(#members),*]))
            }
            ShapeKind::Union(st) => {
                let obj = v.as_object().unwrap_or_else(|| wrong("an object"));
                let [(k, x)] = obj.iter().collect::<Vec<_>>()[..] else { wrong("an object with one member (a union)") };
                if k == UNKNOWN_MEMBER {
                    return quote!(support::Value::Unknown);
                }
                let m = self.member(id, st, k, at);
                let value = self.expected_member(m, x, &format!("{at}.{k}"));
                quote!(support::st([(#k, #value)]))
            }
            ShapeKind::Document => json_tree(v),
            ShapeKind::List(l) => {
                let items = v.as_array().unwrap_or_else(|| wrong("an array"));
                let items = items.iter().enumerate().map(|(i, x)| match x {
                    Value::Null if l.sparse => quote!(support::Value::Null),
                    x => self.expected_value(&l.member, x, &format!("{at}[{i}]")),
                });
                quote!(support::Value::List(vec![#(#items),*]))
            }
            ShapeKind::Map(mp) => {
                let obj = v.as_object().unwrap_or_else(|| wrong("an object"));
                let entries = obj.iter().map(|(k, x)| {
                    let value = match x {
                        Value::Null if mp.sparse => quote!(support::Value::Null),
                        x => self.expected_value(&mp.value, x, &format!("{at}[{k:?}]")),
                    };
                    quote!((#k, #value))
                });
                quote!(support::map([#(#entries),*]))
            }
            ShapeKind::String(_) => {
                let s = v.as_str().unwrap_or_else(|| wrong("a string"));
                quote!(support::s(#s))
            }
            ShapeKind::Boolean => {
                let b = v.as_bool().unwrap_or_else(|| wrong("a boolean"));
                quote!(support::Value::Bool(#b))
            }
            ShapeKind::Integer | ShapeKind::Long => {
                let lit = Literal::i64_suffixed(v.as_i64().unwrap_or_else(|| wrong("an integer")));
                quote!(support::Value::Int(#lit))
            }
            ShapeKind::Float => {
                let value = match special_float(v) {
                    Some("NaN") => quote!(f32::NAN),
                    Some("Infinity") => quote!(f32::INFINITY),
                    Some(_) => quote!(f32::NEG_INFINITY),
                    None => {
                        let lit = Literal::f32_suffixed(v.as_f64().unwrap_or_else(|| wrong("a number")) as f32);
                        quote!(#lit)
                    }
                };
                quote!(support::Value::F32(#value))
            }
            ShapeKind::Double => {
                let value = match special_float(v) {
                    Some("NaN") => quote!(f64::NAN),
                    Some("Infinity") => quote!(f64::INFINITY),
                    Some(_) => quote!(f64::NEG_INFINITY),
                    None => {
                        let lit = Literal::f64_suffixed(v.as_f64().unwrap_or_else(|| wrong("a number")));
                        quote!(#lit)
                    }
                };
                quote!(support::Value::F64(#value))
            }
            ShapeKind::Timestamp(_) => {
                let n = v.as_number().unwrap_or_else(|| wrong("epoch seconds")).to_string();
                quote!(support::Value::Time(support::epoch(#n)))
            }
            ShapeKind::Blob => {
                let bytes = Literal::byte_string(v.as_str().unwrap_or_else(|| wrong("a string")).as_bytes());
                quote!(support::Value::Bytes(#bytes.to_vec()))
            }
        }
    }

    fn member<'s>(&self, id: &str, st: &'s Structure, name: &str, at: &str) -> &'s Member {
        st.members
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| self.fail(&format!("{at}: {name:?} is not a member of {id}")))
    }

    /// A member's expected value: its target's, except a JSON-valued string, compared as the
    /// JSON it holds (a string in the vector is that JSON's text, as Smithy's `@mediaType`
    /// vectors write it; any other value is the JSON itself, as botocore's `jsonvalue`).
    fn expected_member(&self, m: &Member, v: &Value, at: &str) -> TokenStream {
        if m.json_value && matches!(self.cx.svc.shape(&m.target).kind, ShapeKind::String(None)) {
            let text = match v {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            return quote!(support::Value::Json(#text.to_string()));
        }
        self.expected_value(&m.target, v, at)
    }
}

/// A document's expected value: JSON as a value tree (objects as maps, integers within `i64`
/// as `Int`, other numbers as `F64`).
fn json_tree(v: &Value) -> TokenStream {
    match v {
        Value::Null => quote!(support::Value::Null),
        Value::Bool(b) => quote!(support::Value::Bool(#b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => {
                let lit = Literal::i64_suffixed(i);
                quote!(support::Value::Int(#lit))
            }
            None => {
                let lit = Literal::f64_suffixed(n.as_f64().unwrap_or(f64::NAN));
                quote!(support::Value::F64(#lit))
            }
        },
        Value::String(s) => quote!(support::s(#s)),
        Value::Array(items) => {
            let items = items.iter().map(json_tree);
            quote!(support::Value::List(vec![#(#items),*]))
        }
        Value::Object(obj) => {
            let entries = obj.iter().map(|(k, x)| {
                let x = json_tree(x);
                quote!((#k, #x))
            });
            quote!(support::map([#(#entries),*]))
        }
    }
}
