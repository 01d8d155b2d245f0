//! The functions that turn a suite's parsed outputs and errors into `support::Value` trees:
//! one per structure or union, named after its shape, emitted only when a test or another
//! function calls it.

use awsgen_codegen::emit::{ident, is_plain, Cx};
use awsgen_codegen::ir::{Member, ShapeKind, Structure};
use awsgen_codegen::names;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

pub(super) struct Values<'a> {
    cx: &'a Cx<'a>,
    suite: String,
    names: BTreeMap<String, String>,
    /// The structures and unions whose function a test or another function calls.
    needed: RefCell<BTreeSet<String>>,
}

impl<'a> Values<'a> {
    pub(super) fn new(cx: &'a Cx<'a>, suite: &str) -> Self {
        let mut ns = names::Namespace::with_reserved(&[]);
        let names = cx
            .svc
            .shapes
            .values()
            .filter(|s| s.in_output && matches!(s.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)))
            .map(|s| (s.id.clone(), ns.claim(&format!("v_{}", names::snake(&s.id)), "_")))
            .collect();
        Values { cx, suite: suite.to_string(), names, needed: RefCell::default() }
    }

    /// `values::<suite>::v_x(expr)`, `expr` a reference to the structure.
    pub(super) fn of_struct(&self, id: &str, expr: TokenStream) -> TokenStream {
        let f = self.function_name(id);
        let m = format_ident!("{}", self.suite);
        quote!(values::#m::#f(#expr))
    }

    fn function_name(&self, id: &str) -> proc_macro2::Ident {
        let name = self.names.get(id).unwrap_or_else(|| panic!("{id} is not an output or error structure"));
        self.needed.borrow_mut().insert(id.to_string());
        format_ident!("{}", name)
    }

    /// An expression turning `expr` (a reference to a value of shape `id`) into a `Value`.
    fn of(&self, id: &str, expr: TokenStream) -> TokenStream {
        let svc = self.cx.svc;
        match &svc.shape(id).kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) => {
                let f = self.function_name(id);
                quote!(#f(#expr))
            }
            ShapeKind::Document => quote!(support::doc(#expr)),
            ShapeKind::List(l) => {
                let item = self.of(&l.member, quote!(x));
                if l.sparse {
                    quote!(support::Value::List(#expr.iter().map(|x| match x {
                        Some(x) => #item,
                        None => support::Value::Null,
                    }).collect()))
                } else if matches!(svc.shape(&l.member).kind, ShapeKind::Structure(_) | ShapeKind::Union(_)) {
                    let f = self.function_name(&l.member);
                    quote!(support::Value::List(#expr.iter().map(#f).collect()))
                } else {
                    quote!(support::Value::List(#expr.iter().map(|x| #item).collect()))
                }
            }
            ShapeKind::Map(mp) => {
                let value = self.of(&mp.value, quote!(x));
                if mp.sparse {
                    quote!(support::Value::Map(#expr.iter().map(|(k, x)| (k.clone(), match x {
                        Some(x) => #value,
                        None => support::Value::Null,
                    })).collect()))
                } else {
                    quote!(support::Value::Map(#expr.iter().map(|(k, x)| (k.clone(), #value)).collect()))
                }
            }
            ShapeKind::String(None) => quote!(support::Value::Str(#expr.clone())),
            ShapeKind::String(Some(_)) => quote!(support::Value::Str(#expr.as_str().to_string())),
            ShapeKind::Boolean => quote!(support::Value::Bool(*#expr)),
            ShapeKind::Integer => quote!(support::Value::Int(i64::from(*#expr))),
            ShapeKind::Long => quote!(support::Value::Int(*#expr)),
            ShapeKind::Float => quote!(support::Value::F32(*#expr)),
            ShapeKind::Double => quote!(support::Value::F64(*#expr)),
            ShapeKind::Timestamp(_) => quote!(support::Value::Time(*#expr)),
            ShapeKind::Blob => quote!(support::Value::Bytes(#expr.clone())),
        }
    }

    /// A member's value (`v`, a reference): as its target's, except a JSON-valued string
    /// (compared as JSON). (No output suite has a streaming blob member.)
    fn of_member(&self, m: &Member) -> TokenStream {
        match &self.cx.svc.shape(&m.target).kind {
            ShapeKind::String(None) if m.json_value => quote!(support::Value::Json(v.clone())),
            // A boxed (recursive) member derefs to its value at the call.
            _ => self.of(&m.target, quote!(v)),
        }
    }

    fn structure(&self, id: &str, st: &Structure) -> TokenStream {
        let f = format_ident!("{}", self.names[id]);
        let t = self.cx.type_path(id);
        let inserts = st.members.iter().map(|m| {
            let field = ident(&m.rust_name);
            let name = m.name.as_str();
            let value = self.of_member(m);
            if is_plain(st, m) {
                quote! { let v = &x.#field; out.insert(#name.to_string(), #value); }
            } else {
                quote! { if let Some(v) = &x.#field { out.insert(#name.to_string(), #value); } }
            }
        });
        let doc = format!(" The set members of `{id}`.");
        let (x, out) = if st.members.is_empty() { (quote!(_x), quote!(out)) } else { (quote!(x), quote!(mut out)) };
        quote! {
            #[doc = #doc]
            pub fn #f(#x: &#t) -> support::Value {
                let #out = ::std::collections::BTreeMap::new();
                #(#inserts)*
                support::Value::Struct(out)
            }
        }
    }

    fn union(&self, id: &str, st: &Structure) -> TokenStream {
        let f = format_ident!("{}", self.names[id]);
        let t = self.cx.type_path(id);
        let arms = st.members.iter().map(|m| {
            let variant = ident(&m.rust_name);
            let name = m.name.as_str();
            let value = self.of_member(m);
            quote!(#t::#variant(v) => support::st([(#name, #value)]),)
        });
        let doc = format!(" The member set in `{id}`, or `Unknown`.");
        quote! {
            #[doc = #doc]
            pub fn #f(x: &#t) -> support::Value {
                #[allow(unreachable_patterns)]
                match x {
                    #(#arms)*
                    _ => support::Value::Unknown,
                }
            }
        }
    }

    /// `pub mod <suite> { ... }` with every value function.
    pub(super) fn finish(self, module: &proc_macro2::Ident) -> TokenStream {
        let mut done = BTreeMap::new();
        loop {
            let next = self.needed.borrow().iter().find(|id| !done.contains_key(*id)).cloned();
            let Some(id) = next else { break };
            let code = match &self.cx.svc.shape(&id).kind {
                ShapeKind::Structure(st) => self.structure(&id, st),
                ShapeKind::Union(st) => self.union(&id, st),
                _ => quote!(),
            };
            done.insert(id, code);
        }
        if done.is_empty() {
            return quote!();
        }
        let functions = done.values();
        quote! {
            pub mod #module {
                use crate::support;
                #(#functions)*
            }
        }
    }
}
