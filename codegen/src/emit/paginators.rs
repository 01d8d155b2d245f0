//! A paginated operation's `into_paginator()`: the paginator and its items view, emitted in
//! the operation's module. The page loop itself is the runtime's `paginator::pages`; the
//! generated part says only how to set the token, read the next one and take a page apart.

use super::expr::path_code;
use super::{doc, ident, Cx};
use crate::ir::expr::{Card, Path, Step};
use crate::ir::{Operation, Paginator, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// Owned extraction of a members-only path ending at a list: `out.a.and_then(|v| v.b)`.
fn owned_list(path: &Path) -> TokenStream {
    let mut cur = quote!(out);
    let mut card = Card::One;
    for step in &path.steps {
        let Step::Member { rust_name, boxed, plain, .. } = step else { continue };
        let f = ident(rust_name);
        let field = if *boxed { quote!(v.#f.map(|b| *b)) } else { quote!(v.#f) };
        cur = match (card, plain) {
            (Card::One, true) => quote!(#cur.#f),
            (Card::One, false) if *boxed => quote!(#cur.#f.map(|b| *b)),
            (Card::One, false) => quote!(#cur.#f),
            (_, true) => quote!(#cur.map(|v| v.#f)),
            (_, false) => quote!(#cur.and_then(|v| #field)),
        };
        card = if card == Card::One && *plain { Card::One } else { Card::Opt };
    }
    if card == Card::One {
        cur
    } else {
        quote!(#cur.unwrap_or_default())
    }
}

/// The token functions' parts: the token's type and the bodies of `set_token`, `get_token`
/// and `next_token`.
struct Tokens {
    ty: TokenStream,
    set: TokenStream,
    get: TokenStream,
    next: TokenStream,
}

/// One token: the member's type. Several: a tuple of `Option`s, present while any is (botocore
/// stops when every output token is absent, and clears the absent ones on the next request).
fn tokens(cx: &Cx<'_>, p: &Paginator) -> Tokens {
    let types: Vec<TokenStream> = p.input_tokens.iter().map(|t| cx.value_type(&t.target)).collect();
    let fields: Vec<_> = p.input_tokens.iter().map(|t| ident(&t.rust_name)).collect();
    let stores = p.input_tokens.iter().map(|t| if t.boxed { quote!(.map(Box::new)) } else { quote!() });
    let loads: Vec<TokenStream> = p
        .input_tokens
        .iter()
        .zip(&fields)
        .map(|(t, f)| {
            let copy = matches!(
                cx.svc.shape(&t.target).kind,
                ShapeKind::Integer | ShapeKind::Long | ShapeKind::Boolean | ShapeKind::Float | ShapeKind::Double
            );
            match (t.boxed, copy) {
                (true, _) => quote!(input.#f.as_deref().cloned()),
                // `Option<i32>` is `Copy` (clippy's `clone_on_copy`: S3's `PartNumberMarker`).
                (false, true) => quote!(input.#f),
                (false, false) => quote!(input.#f.clone()),
            }
        })
        .collect();
    let nexts: Vec<TokenStream> = p.output_tokens.iter().map(|path| next_one(cx, path)).collect();
    let next = match &p.more_results {
        Some(more) => {
            let m = path_code(cx, more, quote!(out));
            let more = match more.card {
                Card::One => quote!(*#m),
                _ => quote!(#m.copied().unwrap_or(false)),
            };
            quote!(if !#more { return None; })
        }
        None => quote!(),
    };
    if let ([ty], [f], [load], [token]) = (types.as_slice(), fields.as_slice(), loads.as_slice(), nexts.as_slice()) {
        let store = stores.into_iter().next().unwrap_or_default();
        return Tokens {
            ty: ty.clone(),
            set: quote!(input.#f = token #store;),
            get: load.clone(),
            next: quote!(#next #token),
        };
    }
    let vars: Vec<_> = (0..fields.len()).map(|i| quote::format_ident!("t{i}")).collect();
    let nones = vars.iter().map(|_| quote!(None));
    let nones2 = nones.clone();
    Tokens {
        ty: quote!((#(Option<#types>,)*)),
        set: quote! {
            let (#(#vars,)*) = token.unwrap_or_default();
            #(input.#fields = #vars #stores;)*
        },
        get: quote! {
            match (#(#loads,)*) {
                (#(#nones,)*) => None,
                token => Some(token),
            }
        },
        next: quote! {
            #next
            match (#(#nexts,)*) {
                (#(#nones2,)*) => None,
                token => Some(token),
            }
        },
    }
}

/// One output token, owned, or `None` when absent or empty (botocore treats an empty string,
/// list or map as no token).
fn next_one(cx: &Cx<'_>, path: &Path) -> TokenStream {
    let code = path_code(cx, path, quote!(out));
    let found = match path.card {
        Card::One => quote!(Some(#code)),
        _ => code,
    };
    let has_len = matches!(
        cx.svc.shape(&path.shape).kind,
        ShapeKind::String(None) | ShapeKind::List(_) | ShapeKind::Map(_) | ShapeKind::Blob
    );
    if has_len {
        quote!(#found.filter(|t| !t.is_empty()).cloned())
    } else {
        quote!(#found.cloned())
    }
}

/// The paginator items for `op`.
pub(crate) fn emit(cx: &Cx<'_>, op: &Operation, p: &Paginator) -> TokenStream {
    let svc = cx.svc;
    let output = ident(&svc.shape(&op.output).rust_name);
    let input = ident(&svc.shape(&op.input).rust_name);
    let error = ident(&op.error_name);
    let fluent = ident(&op.fluent_builder);
    let name = ident(&p.rust_name);
    let items_name = ident(&p.items_rust_name);
    let op_name = op.name.as_str();
    let token_names = p.input_tokens.iter().map(|t| format!("`{}`", t.name)).collect::<Vec<_>>();
    let token_names = match token_names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => token_names.concat(),
    };
    let tokens = tokens(cx, p);
    let page_size = p.limit_key.as_ref().map(|k| {
        let f = ident(&k.rust_name);
        let t = match svc.shape(&k.target).kind {
            // A few models (API Gateway v2, Glacier) write the number as a string.
            ShapeKind::String(_) => quote!(impl Into<String>),
            _ => cx.value_type(&k.target),
        };
        let d = doc(&format!(" Sets `{}`, the most items a page holds.", k.name));
        quote! {
            #d
            pub fn page_size(mut self, limit: #t) -> Self {
                self.0 = self.0.#f(limit);
                self
            }
        }
    });

    let items = p.items.as_ref().map(|path| {
        let item = match &svc.shape(&path.shape).kind {
            // A sparse list's items are as the page holds them: `Option`s.
            ShapeKind::List(l) if l.sparse => {
                let member = cx.value_type(&l.member);
                quote!(Option<#member>)
            }
            ShapeKind::List(l) => cx.value_type(&l.member),
            _ => quote!(()),
        };
        let extract = owned_list(path);
        let key = path
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Member { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(".");
        let items_doc = doc(&format!(" The items of every `{op_name}` page (`{key}`), one at a time."));
        let fn_doc = doc(&format!(" Streams the items of every page (`{key}`) instead of the pages."));
        quote! {
            impl #name {
                #fn_doc
                pub fn items(self) -> #items_name {
                    #items_name(self)
                }
            }

            #items_doc
            #[derive(Clone, Debug)]
            pub struct #items_name(#name);

            impl #items_name {
                /// Starts paging: a stream of items, ending after the last page's, or at the first
                /// error.
                pub fn send(self) -> ::awsgen_runtime::paginator::PaginationStream<Result<#item, ::awsgen_runtime::SdkError<#error>>> {
                    ::awsgen_runtime::paginator::items(self.0.send(), Self::page_items)
                }

                fn page_items(out: #output) -> Vec<#item> {
                    #extract
                }
            }
        }
    });

    let into_doc = doc(&format!(" Pages through `{op_name}`, following {token_names} from page to page."));
    let pag_doc = doc(&format!(
        " Pages of `{op_name}`: each call sends the input with the previous page's {token_names}, \
         until a page has none. A service that repeats a token ends the stream with an error."
    ));
    let Tokens { ty, set, get, next } = tokens;
    quote! {
        impl #fluent {
            #into_doc
            pub fn into_paginator(self) -> #name {
                #name(self)
            }
        }

        #pag_doc
        #[derive(Clone, Debug)]
        pub struct #name(#fluent);

        impl #name {
            #page_size

            fn set_token(input: &mut #input, token: Option<#ty>) {
                #set
            }

            fn get_token(input: &#input) -> Option<#ty> {
                #get
            }

            fn next_token(out: &#output) -> Option<#ty> {
                #next
            }

            /// Starts paging: a stream of pages, ending after the last one or at the first error.
            /// A missing required member is that first error, before any I/O.
            pub fn send(self) -> ::awsgen_runtime::paginator::PaginationStream<Result<#output, ::awsgen_runtime::SdkError<#error>>> {
                let (input, core) = self.0.with_target(());
                match input.build() {
                    Ok(input) => ::awsgen_runtime::paginator::pages(
                        core,
                        input,
                        ::awsgen_runtime::paginator::PageRules {
                            set_token: Self::set_token,
                            get_token: Self::get_token,
                            next_token: Self::next_token,
                        },
                    ),
                    Err(e) => ::awsgen_runtime::paginator::failed(::awsgen_runtime::SdkError::InvalidRequest(e)),
                }
            }
        }

        #items
    }
}
