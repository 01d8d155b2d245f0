//! A case's `params` as a Rust expression of the operation's input type, built from the IR:
//! structures with every field named, unions as their enum's variant, documents as
//! `awsgen_runtime::Document` literals, sparse lists and maps with their nulls, enums from their
//! wire value, timestamps from epoch seconds.

use super::cases::CaseCx;
use super::special_float;
use awsgen_codegen::emit::{ident, is_plain};
use awsgen_codegen::ir::{Member, Operation, ShapeKind, Structure};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

impl CaseCx<'_> {
    /// The input value the case's params describe (an empty input for response cases).
    pub(super) fn input(&self, op: &Operation, params: &Value) -> TokenStream {
        self.input_expr(&op.input, params, "params")
    }

    fn input_expr(&self, id: &str, v: &Value, at: &str) -> TokenStream {
        let cx = self.cx;
        let shape = cx.svc.shape(id);
        let wrong = |want: &str| -> ! { self.fail(&format!("{at}: expected {want}, found {v}")) };
        match &shape.kind {
            ShapeKind::Structure(st) => self.structure_expr(id, st, v, at),
            ShapeKind::Union(st) => {
                let obj = v.as_object().unwrap_or_else(|| wrong("an object"));
                let [(key, value)] = obj.iter().collect::<Vec<_>>()[..] else {
                    wrong("an object with one member (a union)")
                };
                let m = st
                    .members
                    .iter()
                    .find(|m| &m.name == key)
                    .unwrap_or_else(|| self.fail(&format!("{at}: {key:?} is not a member of the union {id}")));
                let mut e = self.member_expr(m, value, &format!("{at}.{key}"));
                if m.boxed {
                    e = quote!(Box::new(#e));
                }
                let path = cx.type_path(id);
                let variant = ident(&m.rust_name);
                quote!(#path::#variant(#e))
            }
            ShapeKind::Document => document(v),
            ShapeKind::List(l) => {
                let items = v.as_array().unwrap_or_else(|| wrong("an array"));
                let items = items.iter().enumerate().map(|(i, x)| {
                    let at = format!("{at}[{i}]");
                    match (l.sparse, x) {
                        (true, Value::Null) => quote!(None),
                        (true, x) => {
                            let e = self.input_expr(&l.member, x, &at);
                            quote!(Some(#e))
                        }
                        (false, x) => self.input_expr(&l.member, x, &at),
                    }
                });
                quote!(vec![#(#items),*])
            }
            ShapeKind::Map(mp) => {
                let obj = v.as_object().unwrap_or_else(|| wrong("an object"));
                if obj.is_empty() {
                    return quote!(::std::collections::BTreeMap::new());
                }
                let entries = obj.iter().map(|(k, x)| {
                    let at = format!("{at}[{k:?}]");
                    let value = match (mp.sparse, x) {
                        (true, Value::Null) => quote!(None),
                        (true, x) => {
                            let e = self.input_expr(&mp.value, x, &at);
                            quote!(Some(#e))
                        }
                        (false, x) => self.input_expr(&mp.value, x, &at),
                    };
                    quote!((#k.to_string(), #value))
                });
                quote!(::std::collections::BTreeMap::from([#(#entries),*]))
            }
            ShapeKind::String(None) => {
                let s = v.as_str().unwrap_or_else(|| wrong("a string"));
                quote!(#s.to_string())
            }
            ShapeKind::String(Some(_)) => {
                let s = v.as_str().unwrap_or_else(|| wrong("a string"));
                let path = cx.type_path(id);
                quote!(#path::from(#s))
            }
            ShapeKind::Boolean => {
                let b = v.as_bool().unwrap_or_else(|| wrong("a boolean"));
                quote!(#b)
            }
            ShapeKind::Integer => {
                let n = v.as_i64().and_then(|n| i32::try_from(n).ok()).unwrap_or_else(|| wrong("an integer"));
                let lit = Literal::i32_suffixed(n);
                quote!(#lit)
            }
            ShapeKind::Long => {
                let lit = Literal::i64_suffixed(v.as_i64().unwrap_or_else(|| wrong("an integer")));
                quote!(#lit)
            }
            ShapeKind::Float => match special_float(v) {
                Some("NaN") => quote!(f32::NAN),
                Some("Infinity") => quote!(f32::INFINITY),
                Some(_) => quote!(f32::NEG_INFINITY),
                None => {
                    let lit = Literal::f32_suffixed(v.as_f64().unwrap_or_else(|| wrong("a number")) as f32);
                    quote!(#lit)
                }
            },
            ShapeKind::Double => match special_float(v) {
                Some("NaN") => quote!(f64::NAN),
                Some("Infinity") => quote!(f64::INFINITY),
                Some(_) => quote!(f64::NEG_INFINITY),
                None => {
                    let lit = Literal::f64_suffixed(v.as_f64().unwrap_or_else(|| wrong("a number")));
                    quote!(#lit)
                }
            },
            ShapeKind::Timestamp(_) => {
                let n = v.as_number().unwrap_or_else(|| wrong("epoch seconds")).to_string();
                quote!(support::epoch(#n))
            }
            ShapeKind::Blob => {
                let bytes = Literal::byte_string(v.as_str().unwrap_or_else(|| wrong("a string")).as_bytes());
                quote!(#bytes.to_vec())
            }
        }
    }

    /// `Path { field: value, ... }`: every member named, unset ones `None`; a `null` param is
    /// an unset member.
    fn structure_expr(&self, id: &str, st: &Structure, v: &Value, at: &str) -> TokenStream {
        let obj = v.as_object().unwrap_or_else(|| self.fail(&format!("{at}: expected an object, found {v}")));
        for key in obj.keys() {
            if !st.members.iter().any(|m| &m.name == key) {
                self.fail(&format!("{at}: {key:?} is not a member of {id}"));
            }
        }
        let path = self.cx.type_path(id);
        let fields = st.members.iter().map(|m| {
            let f = ident(&m.rust_name);
            match obj.get(&m.name).filter(|v| !v.is_null()) {
                Some(value) => {
                    let mut e = self.member_expr(m, value, &format!("{at}.{}", m.name));
                    if m.boxed {
                        e = quote!(Box::new(#e));
                    }
                    if is_plain(st, m) {
                        quote!(#f: #e,)
                    } else {
                        quote!(#f: Some(#e),)
                    }
                }
                None if is_plain(st, m) => self.fail(&format!("{at}: required member {} is missing", m.name)),
                None => quote!(#f: None,),
            }
        });
        quote!(#path { #(#fields)* })
    }

    /// A member's value: as its target's, except a streaming blob (whatever type the
    /// generator gives it, built from the bytes) and a JSON-valued string (the JSON text: the
    /// param's string as it is, another value written as JSON).
    fn member_expr(&self, m: &Member, v: &Value, at: &str) -> TokenStream {
        let kind = &self.cx.svc.shape(&m.target).kind;
        match (kind, v) {
            (ShapeKind::Blob, Value::String(s)) if m.streaming => {
                let bytes = Literal::byte_string(s.as_bytes());
                quote!(support::stream(#bytes))
            }
            (ShapeKind::String(None), v) if m.json_value && !v.is_string() => {
                let text = v.to_string();
                quote!(#text.to_string())
            }
            _ => self.input_expr(&m.target, v, at),
        }
    }

    /// The maps in the params whose keys the vector lists out of key order (query and ec2
    /// number a map's entries in the order they are written).
    pub(super) fn map_orders(&self, id: &str, v: &Value, out: &mut Vec<TokenStream>) {
        let svc = self.cx.svc;
        match (&svc.shape(id).kind, v) {
            (ShapeKind::Structure(st), Value::Object(obj)) => {
                for m in &st.members {
                    if let Some(x) = obj.get(&m.name) {
                        self.map_orders(&m.target, x, out);
                    }
                }
            }
            (ShapeKind::List(l), Value::Array(items)) => {
                for x in items {
                    self.map_orders(&l.member, x, out);
                }
            }
            (ShapeKind::Map(mp), Value::Object(obj)) => {
                let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
                if keys.windows(2).any(|w| w[0] > w[1]) {
                    let key_name = mp.key_name.as_str();
                    out.push(quote!(support::MapOrder { key_name: #key_name, keys: &[#(#keys),*] },));
                }
                for x in obj.values() {
                    self.map_orders(&mp.value, x, out);
                }
            }
            _ => {}
        }
    }
}

/// An `awsgen_runtime::Document` literal: integers within `i64` as `Int`, other numbers as
/// `Float`.
fn document(v: &Value) -> TokenStream {
    let d = quote!(::awsgen_runtime::Document);
    match v {
        Value::Null => quote!(#d::Null),
        Value::Bool(b) => quote!(#d::Bool(#b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => {
                let lit = Literal::i64_suffixed(i);
                quote!(#d::Int(#lit))
            }
            None => {
                let lit = Literal::f64_suffixed(n.as_f64().unwrap_or(f64::NAN));
                quote!(#d::Float(#lit))
            }
        },
        Value::String(s) => quote!(#d::String(#s.to_string())),
        Value::Array(items) => {
            let items = items.iter().map(document);
            quote!(#d::Array(vec![#(#items),*]))
        }
        Value::Object(obj) if obj.is_empty() => quote!(#d::Object(::std::collections::BTreeMap::new())),
        Value::Object(obj) => {
            let entries = obj.iter().map(|(k, x)| {
                let x = document(x);
                quote!((#k.to_string(), #x))
            });
            quote!(#d::Object(::std::collections::BTreeMap::from([#(#entries),*])))
        }
    }
}
