//! A paginated operation's `into_paginator()`: the paginator and its items view, emitted in
//! the operation's module. The page loop itself is the runtime's `paginator::pages`; the
//! generated part says only how to set the token, read the next one and take a page apart.

use super::expr::path_code;
use super::{doc, ident, Cx};
use crate::ir::expr::{Card, Path, Step};
use crate::ir::{Operation, Paginator};
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

/// The paginator items for `op`.
pub(crate) fn emit(cx: &Cx<'_>, op: &Operation, p: &Paginator) -> TokenStream {
    let svc = cx.svc;
    let output = ident(&svc.shape(&op.output).rust_name);
    let input = ident(&svc.shape(&op.input).rust_name);
    let error = ident(&op.error_name);
    let builder = ident(&op.input_builder);
    let fluent = ident(&op.fluent_builder);
    let name = ident(&p.rust_name);
    let items_name = ident(&p.items_rust_name);
    let token = ident(&p.input_token.rust_name);
    let op_name = op.name.as_str();
    let token_name = p.input_token.name.as_str();

    let next = {
        let code = path_code(cx, &p.output_token, quote!(out));
        let token = match p.output_token.card {
            Card::One => quote!(Some(#code.clone())),
            _ => quote!(#code.cloned()),
        };
        match &p.more_results {
            Some(more) => {
                let m = path_code(cx, more, quote!(out));
                let more = match more.card {
                    Card::One => quote!(*#m),
                    _ => quote!(#m.copied().unwrap_or(false)),
                };
                quote!(if #more { #token } else { None })
            }
            None => token,
        }
    };

    let page_size = p.limit_key.as_ref().map(|k| {
        let f = ident(&k.rust_name);
        let t = cx.value_type(&k.target);
        let d = doc(&format!(" Sets `{}`, the most items a page holds.", k.name));
        quote! {
            #d
            pub fn page_size(mut self, limit: #t) -> Self {
                self.inner = self.inner.#f(limit);
                self
            }
        }
    });

    let items = p.items.as_ref().map(|path| {
        let item = match &svc.shape(&path.shape).kind {
            // A sparse list's items are as the page holds them: `Option`s.
            crate::ir::ShapeKind::List(l) if l.sparse => {
                let member = cx.value_type(&l.member);
                quote!(Option<#member>)
            }
            crate::ir::ShapeKind::List(l) => cx.value_type(&l.member),
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

    let into_doc = doc(&format!(" Pages through `{op_name}`, following `{token_name}` from page to page."));
    let pag_doc = doc(&format!(
        " Pages of `{op_name}`: each call sends the input with the previous page's `{token_name}`, \
         until a page has none. A service that repeats a token ends the stream with an error."
    ));
    quote! {
        impl #fluent {
            #into_doc
            pub fn into_paginator(self) -> #name {
                #name { core: self.core, inner: self.inner }
            }
        }

        #pag_doc
        #[derive(Clone, Debug)]
        pub struct #name {
            core: ::awsgen_runtime::ClientCore,
            inner: #builder,
        }

        impl #name {
            #page_size

            fn set_token(input: &mut #input, token: Option<String>) {
                input.#token = token;
            }

            fn get_token(input: &#input) -> Option<String> {
                input.#token.clone()
            }

            fn next_token(out: &#output) -> Option<String> {
                #next
            }

            /// Starts paging: a stream of pages, ending after the last one or at the first error.
            /// A missing required member is that first error, before any I/O.
            pub fn send(self) -> ::awsgen_runtime::paginator::PaginationStream<Result<#output, ::awsgen_runtime::SdkError<#error>>> {
                match self.inner.build() {
                    Ok(input) => ::awsgen_runtime::paginator::pages(
                        self.core,
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
