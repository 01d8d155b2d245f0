//! `src/waiters.rs`: one builder per polled operation (`DescribeCacheClustersWaiter`, made by
//! `client.wait_until_cache_cluster_available()` and every other waiter on that operation),
//! with the operation's input setters, delay overrides and `wait(max_wait)`; and each waiter's
//! acceptors compiled into one function over the typed result, which its client method hands
//! to the builder with the waiter's delays. The polling loop is the runtime's `waiter::wait`.

use super::expr::{literal, value_code};
use super::{doc, ident, Cx};
use crate::ir::{AcceptorState, Matcher, Waiter};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Whether the service has waiters (and so a `waiters` module).
pub fn has_waiters(cx: &Cx<'_>) -> bool {
    !cx.svc.waiters.is_empty()
}

/// `src/waiters.rs`.
pub fn emit(cx: &Cx<'_>) -> TokenStream {
    let root = cx.root();
    let methods = cx.svc.waiters.iter().filter_map(|w| {
        let op = cx.svc.operation(&w.operation)?;
        let m = ident(&w.method);
        let t = ident(&w.rust_name);
        let acceptors_fn = acceptors_fn(w);
        let (min, max) = (w.min_delay, w.max_delay);
        let attempts = match w.max_attempts {
            Some(n) => quote!(Some(#n)),
            None => quote!(None),
        };
        // Our words only: the model's description is documentation, which models/ does not carry.
        let d = doc(&format!(
            " Waits for `{}`: polls `{}` until the waiter's acceptors say success or failure. Set the \
             input on the builder, then `.wait(max_wait).await`. Waits {min}s between polls at first, \
             backing off to {max}s{}; the builder's methods override these.",
            w.name,
            op.name,
            w.max_attempts.map(|n| format!(", at most {n} polls")).unwrap_or_default(),
        ));
        let module = cx.operation_module(op);
        let input = ident(&cx.svc.shape(&op.input).rust_name);
        Some(quote! {
            #d
            pub fn #m(&self) -> #t {
                let config = ::awsgen_runtime::waiter::WaiterConfig {
                    min_delay: ::std::time::Duration::from_secs(#min),
                    max_delay: ::std::time::Duration::from_secs(#max),
                    max_attempts: #attempts,
                };
                let poller = ::awsgen_runtime::waiter::Poller::new(self.core.clone(), config, #acceptors_fn);
                #module::#input::builder().with_target(poller).0
            }
        })
    });
    // One builder per polled operation, in the order its first waiter appears.
    let mut seen = std::collections::BTreeSet::new();
    let builders = cx.svc.waiters.iter().filter(|w| seen.insert(w.rust_name.clone())).map(|w| builder(cx, w));
    let acceptors = cx.svc.waiters.iter().map(|w| acceptors(cx, w));
    quote! {
        //! Waiters: poll an operation until the resource reaches the state the waiter names.

        impl #root::Client {
            #(#methods)*
        }

        #(#builders)*
        #(#acceptors)*
    }
}

fn state(s: AcceptorState) -> TokenStream {
    match s {
        AcceptorState::Success => quote!(::awsgen_runtime::waiter::AcceptorState::Success),
        AcceptorState::Failure => quote!(::awsgen_runtime::waiter::AcceptorState::Failure),
        AcceptorState::Retry => quote!(::awsgen_runtime::waiter::AcceptorState::Retry),
    }
}

/// `cache_cluster_available_acceptors`.
fn acceptors_fn(w: &Waiter) -> proc_macro2::Ident {
    format_ident!("{}_acceptors", w.method.trim_start_matches("wait_until_").trim_end_matches('_'))
}

/// The builder of the waiters that poll `w`'s operation: its input setters, the delay
/// overrides and `wait`.
fn builder(cx: &Cx<'_>, w: &Waiter) -> TokenStream {
    let svc = cx.svc;
    let Some(op) = svc.operation(&w.operation) else { return quote!() };
    let module = cx.operation_module(op);
    let input = ident(&svc.shape(&op.input).rust_name);
    let output = ident(&svc.shape(&op.output).rust_name);
    let error = ident(&op.error_name);
    let builder = ident(&op.input_builder);
    let name = ident(&w.rust_name);
    let waiters: Vec<String> =
        svc.waiters.iter().filter(|o| o.rust_name == w.rust_name).map(|o| format!("`Client::{}`", o.method)).collect();
    let builder_doc = doc(&format!(
        " Polls `{}` until a waiter's acceptors say success or failure; made by {}. The operation's \
         input builder holding a poller: it has the input's setters.",
        w.operation,
        waiters.join(", ")
    ));
    quote! {
        #builder_doc
        pub type #name = #module::#builder<::awsgen_runtime::waiter::Poller<#module::#input>>;

        impl #name {
            /// The input built so far: this builder, whose `get_` methods read it.
            pub fn as_input(&self) -> &Self {
                self
            }
            /// The shortest wait between polls.
            pub fn min_delay(mut self, delay: ::std::time::Duration) -> Self {
                self._target.config.min_delay = delay;
                self
            }
            /// The longest wait between polls.
            pub fn max_delay(mut self, delay: ::std::time::Duration) -> Self {
                self._target.config.max_delay = delay;
                self
            }
            /// Polls in all, the first included; `None`: only `max_wait` limits the wait.
            pub fn max_attempts(mut self, attempts: Option<u32>) -> Self {
                self._target.config.max_attempts = attempts;
                self
            }
            /// Polls until an acceptor decides, or until the next poll would start after
            /// `max_wait`. A failure state is an error carrying the last output.
            pub async fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> Result<
                ::awsgen_runtime::waiter::FinalPoll<#module::#output, #module::#error>,
                ::awsgen_runtime::waiter::WaiterError<#module::#output, #module::#error>,
            > {
                let (input, poller) = self.with_target(());
                poller.wait(input.build(), max_wait).await
            }
        }
    }
}

/// A waiter's acceptors compiled into one function over the typed result.
fn acceptors(cx: &Cx<'_>, w: &Waiter) -> TokenStream {
    let svc = cx.svc;
    let Some(op) = svc.operation(&w.operation) else { return quote!() };
    let module = cx.operation_module(op);
    let output = ident(&svc.shape(&op.output).rust_name);
    let error = ident(&op.error_name);
    let acceptors_fn = acceptors_fn(w);
    let Checks { on_ok, on_err, uses_out, uses_err } = acceptor_checks(cx, w);
    let on_ok = match (on_ok.is_empty(), uses_out) {
        (true, _) => None,
        (false, true) => Some(quote!(if let Ok(out) = result { #(#on_ok)* })),
        (false, false) => Some(quote!(if result.is_ok() { #(#on_ok)* })),
    };
    let on_err = match (on_err.is_empty(), uses_err) {
        (true, _) => None,
        (false, true) => Some(quote!(if let Err(err) = result { #(#on_err)* })),
        (false, false) => Some(quote!(if result.is_err() { #(#on_err)* })),
    };
    let acceptors_doc =
        doc(&format!(" The acceptors of `{}`, in model order: the first that matches decides.", w.name));
    quote! {
        #acceptors_doc
        fn #acceptors_fn(
            result: &Result<#module::#output, ::awsgen_runtime::SdkError<#module::#error>>,
        ) -> Option<::awsgen_runtime::waiter::AcceptorState> {
            #on_ok
            #on_err
            None
        }
    }
}

/// The acceptors' checks, split by what they look at: an output (`out`) or an error (`err`).
/// An acceptor can only match one of the two, so each list keeps the model's order; a check
/// that always matches ends its list.
struct Checks {
    on_ok: Vec<TokenStream>,
    on_err: Vec<TokenStream>,
    uses_out: bool,
    uses_err: bool,
}

fn acceptor_checks(cx: &Cx<'_>, w: &Waiter) -> Checks {
    let (mut on_ok, mut on_err) = (Vec::new(), Vec::new());
    let (mut ok_done, mut err_done) = (false, false);
    // Each distinct expression is evaluated once per poll.
    let mut values: Vec<(String, proc_macro2::Ident)> = Vec::new();
    let (mut uses_status, mut uses_err) = (false, false);
    for a in &w.acceptors {
        let s = state(a.state);
        let ret = quote!(return Some(#s););
        match &a.matcher {
            Matcher::Path { expr, expected }
            | Matcher::PathAll { expr, expected }
            | Matcher::PathAny { expr, expected } => {
                if ok_done {
                    continue;
                }
                let code = value_code(cx, expr, quote!(out));
                let key = code.to_string();
                let var = match values.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => v.clone(),
                    None => {
                        let v = format_ident!("value{}", values.len());
                        on_ok.push(quote!(let #v = #code;));
                        values.push((key, v.clone()));
                        v
                    }
                };
                let expected = literal(expected);
                let method = match &a.matcher {
                    Matcher::Path { .. } => quote!(matches),
                    Matcher::PathAll { .. } => quote!(matches_all),
                    _ => quote!(matches_any),
                };
                on_ok.push(quote!(if #var.#method(&#expected) { #ret }));
            }
            Matcher::Status(code) => {
                if *code == 200 && !ok_done {
                    on_ok.push(ret.clone());
                    ok_done = true;
                }
                if !err_done {
                    uses_status = true;
                    on_err.push(quote!(if status == Some(#code) { #ret }));
                }
            }
            Matcher::ErrorCode(code) => {
                if !err_done {
                    uses_err = true;
                    on_err.push(quote!(if err.as_service_error().is_some_and(|e| e.code() == #code) { #ret }));
                }
            }
            Matcher::Success(true) => {
                if !ok_done {
                    on_ok.push(ret);
                    ok_done = true;
                }
            }
            Matcher::Success(false) => {
                if !err_done {
                    on_err.push(ret);
                    err_done = true;
                }
            }
        }
    }
    if uses_status {
        on_err.insert(
            0,
            quote! {
                let status = match err {
                    ::awsgen_runtime::SdkError::Service(e) => Some(e.meta().status),
                    ::awsgen_runtime::SdkError::Response(e) => Some(e.status),
                    _ => None,
                };
            },
        );
    }
    Checks { on_ok, on_err, uses_out: !values.is_empty(), uses_err: uses_err || uses_status }
}
