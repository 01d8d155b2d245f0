//! Resolved JMESPath ([`crate::ir::expr`]) → Rust over the typed output.
//!
//! A [`Path`] becomes field accesses and iterator adaptors whose Rust type follows its
//! cardinality: `&T` for one value, `Option<&T>` for an optional one, an iterator of `&T`
//! for a projection. Where an expression leaves the types (comparisons, `&&`, `||`, `!`, functions,
//! literals) values become the runtime's `waiter::Value`, which borrows strings from the output.

use super::Cx;
use crate::ir::expr::{Card, Comparator, Expr, Literal, Path, Step};
use crate::ir::ShapeKind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn value_ty() -> TokenStream {
    quote!(::awsgen_runtime::waiter::Value)
}

/// Code walking `path` from `base` (an expression of type `&T` for the path's root shape).
pub(crate) fn path_code(cx: &Cx<'_>, path: &Path, base: TokenStream) -> TokenStream {
    let mut cur = base;
    for step in &path.steps {
        cur = step_code(cx, step, cur);
    }
    cur
}

fn step_code(cx: &Cx<'_>, step: &Step, cur: TokenStream) -> TokenStream {
    match step {
        Step::Member { from, rust_name, boxed, plain, .. } => {
            let f = super::ident(rust_name);
            let (one, opt) = if *plain {
                (quote!(&v.#f), None)
            } else if *boxed {
                (quote!(v.#f.as_deref()), Some(()))
            } else {
                (quote!(v.#f.as_ref()), Some(()))
            };
            match (from, opt) {
                (Card::One, None) => quote!((&#cur.#f)),
                (Card::One, Some(())) if *boxed => quote!(#cur.#f.as_deref()),
                (Card::One, Some(())) => quote!(#cur.#f.as_ref()),
                (Card::Opt, None) => quote!(#cur.map(|v| #one)),
                (Card::Opt, Some(())) => quote!(#cur.and_then(|v| #one)),
                (Card::Many, None) => quote!(#cur.map(|v| #one)),
                (Card::Many, Some(())) => quote!(#cur.filter_map(|v| #one)),
            }
        }
        Step::Flatten { from } => match from {
            Card::One => quote!(#cur.iter()),
            Card::Opt => quote!(#cur.into_iter().flatten()),
            Card::Many => quote!(#cur.flat_map(|v| v.iter())),
        },
        Step::Index { from, index } => {
            let get = if *index == 0 {
                quote!(l.first())
            } else if *index > 0 {
                let i = *index as usize;
                quote!(l.get(#i))
            } else {
                let back = index.unsigned_abs() as usize;
                quote!(l.len().checked_sub(#back).and_then(|k| l.get(k)))
            };
            match from {
                Card::Opt => quote!(#cur.and_then(|l| #get)),
                _ => quote!({ let l = #cur; #get }),
            }
        }
        Step::MapValues { from } => match from {
            Card::Opt => quote!(#cur.into_iter().flat_map(|m| m.values())),
            _ => quote!(#cur.values()),
        },
        Step::Filter { from, cond } => {
            let cond = value_code(cx, cond, quote!(x));
            let keep = quote!(.filter(|x| { let x = *x; #cond }.is_truthy()));
            match from {
                Card::Opt => quote!(#cur.into_iter().flatten() #keep),
                _ => quote!(#cur.iter() #keep),
            }
        }
    }
}

/// A closure turning `&T` of shape `id` into a `Value`.
fn to_value_closure(cx: &Cx<'_>, id: &str) -> TokenStream {
    let v = value_ty();
    let t = cx.value_type(id);
    match &cx.svc.shape(id).kind {
        ShapeKind::Structure(st) => {
            let n = st.members.len();
            quote!(|_: &#t| #v::Object(#n))
        }
        _ => {
            let body = to_value(cx, id, quote!(v));
            quote!(|v: &#t| #body)
        }
    }
}

/// `code` (of type `&T`, shape `id`) as a `Value`.
fn to_value(cx: &Cx<'_>, id: &str, code: TokenStream) -> TokenStream {
    let v = value_ty();
    match &cx.svc.shape(id).kind {
        ShapeKind::String(None) => quote!(#v::str(#code.as_str())),
        ShapeKind::String(Some(_)) => quote!(#v::str(#code.as_str())),
        ShapeKind::Boolean => quote!(#v::Bool(*#code)),
        ShapeKind::Integer | ShapeKind::Long | ShapeKind::Float | ShapeKind::Double => {
            quote!(#v::Number(*#code as f64))
        }
        ShapeKind::Timestamp(_) => quote!(#v::Str(#code.fmt_iso8601().into())),
        ShapeKind::Blob => quote!(#v::Str(String::from_utf8_lossy(#code))),
        ShapeKind::List(l) => {
            let f = to_value_closure(cx, &l.member);
            quote!(#v::list(#code.iter(), #f))
        }
        ShapeKind::Map(_) => quote!(#v::Object(#code.len())),
        ShapeKind::Structure(st) => {
            let n = st.members.len();
            quote!({ let _ = #code; #v::Object(#n) })
        }
        // A union has one member set.
        ShapeKind::Union(_) => quote!({ let _ = #code; #v::Object(1) }),
        ShapeKind::Document => quote!(#v::from_document(#code)),
    }
}

/// The `Value` of a path walked from `base`.
fn path_value(cx: &Cx<'_>, path: &Path, base: TokenStream) -> TokenStream {
    let v = value_ty();
    let code = path_code(cx, path, base);
    match path.card {
        Card::One => to_value(cx, &path.shape, code),
        Card::Opt => {
            let f = to_value_closure(cx, &path.shape);
            quote!(#v::from_option(#code, #f))
        }
        Card::Many => {
            let f = to_value_closure(cx, &path.shape);
            quote!(#v::list(#code, #f))
        }
    }
}

/// A literal as a `Value`.
pub(crate) fn literal(l: &Literal) -> TokenStream {
    let v = value_ty();
    match l {
        Literal::Null => quote!(#v::Null),
        Literal::Bool(b) => quote!(#v::Bool(#b)),
        Literal::Number(n) if n.is_finite() => quote!(#v::Number(#n)),
        Literal::Number(_) => quote!(#v::Number(f64::NAN)),
        Literal::String(s) => quote!(#v::str(#s)),
    }
}

/// Code evaluating `expr` (in scope of `base`, an expression of type `&T`) to a `Value`.
pub(crate) fn value_code(cx: &Cx<'_>, expr: &Expr, base: TokenStream) -> TokenStream {
    let v = value_ty();
    let sub = |e: &Expr| value_code(cx, e, base.clone());
    match expr {
        Expr::Path(p) => path_value(cx, p, base.clone()),
        Expr::Literal(l) => literal(l),
        Expr::Compare(op, a, b) => {
            let op = format_ident!(
                "{}",
                match op {
                    Comparator::Eq => "Eq",
                    Comparator::Ne => "Ne",
                    Comparator::Lt => "Lt",
                    Comparator::Le => "Le",
                    Comparator::Gt => "Gt",
                    Comparator::Ge => "Ge",
                }
            );
            let (a, b) = (sub(a), sub(b));
            quote!(#v::compare(::awsgen_runtime::waiter::Comparator::#op, &#a, &#b))
        }
        Expr::And(a, b) => {
            let (a, b) = (sub(a), sub(b));
            quote!(#a.and(#b))
        }
        Expr::Or(a, b) => {
            let (a, b) = (sub(a), sub(b));
            quote!(#a.or(#b))
        }
        Expr::Not(a) => {
            let a = sub(a);
            quote!(#a.not())
        }
        Expr::Length(a) => {
            let a = sub(a);
            quote!(#a.length())
        }
        Expr::Contains(a, b) => {
            let (a, b) = (sub(a), sub(b));
            quote!(#a.contains(&#b))
        }
    }
}
