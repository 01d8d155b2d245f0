//! The default transport: HTTP/1.1 over rustls (ring; Mozilla's roots, the OS store and a
//! configured PEM bundle: `tls.rs`), or plain HTTP for local endpoints such as moto on
//! `127.0.0.1`, directly or through an HTTP proxy's CONNECT tunnel (`proxy.rs`), with
//! connections pooled by hyper-util's legacy `Client`.
//!
//! This layer only moves bytes. It neither retries nor bounds a whole attempt in time: the client
//! pipeline owns both, because it knows which failures are safe to repeat and how long a caller
//! is willing to wait. The one deadline kept here is the TCP connect timeout, which only the
//! connector can enforce.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::{Body, Incoming};
use hyper::header::{HeaderName, HeaderValue, CONTENT_LENGTH, HOST};
use hyper::{Method, Request, Uri};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

mod body;
mod proxy;
mod tls;

use body::{IncomingChunks, OutgoingBody};
use proxy::{Connector, NoProxy, Proxy, ProxySettings};
pub use proxy::{ProxyError, MAX_PROXY_REPLY_HEAD};
use tls::Bundle;
pub use tls::SetupError;

use crate::profile::Environment;

use crate::body::{ByteStream, StreamError};
use crate::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse, TransportError, TransportErrorKind};

/// How long establishing a TCP connection may take unless configured otherwise.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// How long an idle pooled connection is kept before it is closed.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

type PooledClient = Client<HttpsConnector<Connector>, OutgoingBody>;

/// The default [`HttpClient`]: HTTP/1.1 over TLS (rustls) or plain HTTP, with connection pooling.
///
/// Cloning is cheap and clones share one connection pool. Build one with [`HyperClient::new`]
/// (or `Default`), or with [`HyperClient::builder`] to change the connect timeout, trust a CA
/// bundle or use a proxy. Sending must happen inside a Tokio runtime.
#[derive(Clone)]
pub struct HyperClient {
    inner: Arc<Inner>,
}

struct Inner {
    /// The pooled client, or why it could not be built (reported by every `send`).
    client: Result<PooledClient, SetupError>,
    connect_timeout: Duration,
    proxies: Arc<ProxySettings>,
}

/// Configures a [`HyperClient`]; obtained from [`HyperClient::builder`].
///
/// Trust: Mozilla's roots (webpki-roots), the operating system's store (unless
/// [`HyperClientBuilder::native_roots`] turns it off) and a PEM bundle ([`ca_bundle`], else
/// `AWS_CA_BUNDLE`, else the profile's `ca_bundle`, when an environment is given). Proxies:
/// [`proxy`] and [`no_proxy`], else `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (either case) when an
/// environment is given. A setting that cannot be used fails every request with a
/// [`SetupError`] naming it ([`HyperClientBuilder::try_build`] reports it at once).
///
/// [`ca_bundle`]: HyperClientBuilder::ca_bundle
/// [`proxy`]: HyperClientBuilder::proxy
/// [`no_proxy`]: HyperClientBuilder::no_proxy
#[derive(Clone, Debug)]
pub struct HyperClientBuilder {
    connect_timeout: Duration,
    native_roots: bool,
    bundle: Option<(Bundle, String)>,
    /// A proxy URL set in code (its `Debug` is the parsed, redacted form, or the error).
    proxy: Option<Result<Proxy, SetupError>>,
    no_proxy: Option<NoProxy>,
    env: Option<Environment>,
}

impl Default for HyperClientBuilder {
    fn default() -> Self {
        HyperClientBuilder {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            native_roots: true,
            bundle: None,
            proxy: None,
            no_proxy: None,
            env: None,
        }
    }
}

impl HyperClientBuilder {
    /// A builder with the defaults (connect timeout 3.1 s).
    pub fn new() -> Self {
        Self::default()
    }

    /// How long opening one TCP connection may take before the attempt fails. When a host name
    /// resolves to several addresses, the time is shared between them. Zero is treated as "no
    /// connect timeout".
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Whether the operating system's certificate store is trusted beside Mozilla's roots
    /// (default: yes).
    pub fn native_roots(mut self, on: bool) -> Self {
        self.native_roots = on;
        self
    }

    /// Trusts the certificates of this PEM file too (wins over `AWS_CA_BUNDLE` and the
    /// profile's `ca_bundle`).
    pub fn ca_bundle(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.bundle = Some((Bundle::Path(path.into()), "ca_bundle (HyperClientBuilder)".to_owned()));
        self
    }

    /// Trusts the certificates of this PEM text too (wins over `AWS_CA_BUNDLE` and the
    /// profile's `ca_bundle`).
    pub fn ca_bundle_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.bundle = Some((Bundle::Pem(pem.into()), "ca_bundle_pem (HyperClientBuilder)".to_owned()));
        self
    }

    /// Sends `http` and `https` requests through this HTTP proxy
    /// (`http://[user:password@]host[:port]`; the user info becomes basic `Proxy-Authorization`),
    /// over a CONNECT tunnel. Wins over `HTTPS_PROXY`/`HTTP_PROXY`.
    pub fn proxy(mut self, url: &str) -> Self {
        self.proxy = Some(Proxy::parse(url, "proxy (HyperClientBuilder)"));
        self
    }

    /// Hosts reached without the proxy, in `NO_PROXY`'s syntax: comma-separated `*`, domains
    /// (a domain covers its subdomains), IP addresses or networks (`10.0.0.0/8`), each with an
    /// optional `:port`. Wins over `NO_PROXY`.
    pub fn no_proxy(mut self, list: &str) -> Self {
        self.no_proxy = Some(NoProxy::parse(list));
        self
    }

    /// Reads what is not set in code from this environment: `AWS_CA_BUNDLE`, else the
    /// profile's `ca_bundle`; `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (lower case first).
    /// Without it, nothing is read from the environment.
    pub fn environment(mut self, env: &Environment) -> Self {
        self.env = Some(env.clone());
        self
    }

    /// Builds the client. This never fails: if a setting cannot be used, every `send` returns
    /// a [`TransportError`] of kind [`TransportErrorKind::Setup`] naming it.
    pub fn build(self) -> HyperClient {
        let connect_timeout = self.connect_timeout;
        let (client, proxies) = match self.settings() {
            Ok((config, proxies)) => {
                let proxies = Arc::new(proxies);
                (Ok(pooled_client(connect_timeout, config, proxies.clone())), proxies)
            }
            Err(e) => (Err(e), Arc::default()),
        };
        HyperClient { inner: Arc::new(Inner { client, connect_timeout, proxies }) }
    }

    /// Builds the client, or says which setting cannot be used.
    pub fn try_build(self) -> Result<HyperClient, SetupError> {
        let client = self.build();
        match &client.inner.client {
            Err(e) => Err(e.clone()),
            Ok(_) => Ok(client),
        }
    }

    /// The TLS configuration and the proxies, from the settings in code over the environment.
    fn settings(self) -> Result<(rustls::ClientConfig, ProxySettings), SetupError> {
        let env = self.env.unwrap_or_else(|| Environment::from_vars(Vec::<(String, String)>::new()));
        // Without an environment, `env` is empty: no variable, no profile, no bundle.
        let bundle = self.bundle.or_else(|| tls::bundle_from_env(&env));
        let roots = tls::root_store(self.native_roots, bundle.as_ref(), &env)?;
        let mut proxies = ProxySettings::from_env(&env)?;
        if let Some(proxy) = self.proxy {
            let proxy = proxy?;
            proxies.http = Some(proxy.clone());
            proxies.https = Some(proxy);
        }
        if let Some(no_proxy) = self.no_proxy {
            proxies.no_proxy = no_proxy;
        }
        Ok((tls::client_config(roots)?, proxies))
    }
}

impl HyperClient {
    /// A client with the default settings.
    pub fn new() -> Self {
        HyperClientBuilder::new().build()
    }

    /// A builder for a client with non-default settings.
    pub fn builder() -> HyperClientBuilder {
        HyperClientBuilder::new()
    }

    /// The TCP connect timeout this client was built with.
    pub fn connect_timeout(&self) -> Duration {
        self.inner.connect_timeout
    }
}

impl Default for HyperClient {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HyperClient {
    /// The proxies show without their passwords.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("HyperClient");
        s.field("connect_timeout", &self.inner.connect_timeout);
        match &self.inner.client {
            Ok(_) => s.field("proxies", &self.inner.proxies),
            Err(e) => s.field("unusable", e),
        };
        s.finish()
    }
}

fn pooled_client(connect_timeout: Duration, tls: rustls::ClientConfig, proxies: Arc<ProxySettings>) -> PooledClient {
    let mut tcp = HttpConnector::new();
    // The TLS layer above decides the scheme; the TCP connector must accept `https` URIs too.
    tcp.enforce_http(false);
    tcp.set_nodelay(true);
    tcp.set_connect_timeout((!connect_timeout.is_zero()).then_some(connect_timeout));
    let connector =
        hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls).https_or_http().enable_http1().wrap_connector(
            Connector { tcp, proxies, connect_timeout: (!connect_timeout.is_zero()).then_some(connect_timeout) },
        );

    Client::builder(TokioExecutor::new())
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .pool_timer(TokioTimer::new())
        .build(connector)
}

impl HyperClient {
    /// Sends `request` with `body` and waits for the response's head; the response's body is
    /// left to read.
    async fn exchange(
        &self,
        request: HttpRequest,
        body: ByteStream,
    ) -> Result<(HttpResponse, Incoming, String), TransportError> {
        let client = self.inner.client.as_ref().map_err(|e| {
            TransportError::new(format!("the transport cannot be used: {e}"), Some(Box::new(e.clone())))
                .with_kind(TransportErrorKind::Setup)
        })?;
        let hyper_request = to_hyper_request(request, body)?;
        let target = target_of(hyper_request.uri());

        let response =
            client.request(hyper_request).await.map_err(|e| request_error(e, &target, self.inner.connect_timeout))?;

        let (parts, body) = response.into_parts();
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        Ok((HttpResponse { status: parts.status.as_u16(), headers, body: Vec::new() }, body, target))
    }
}

impl HttpClient for HyperClient {
    fn send(&self, mut request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let body = ByteStream::from(std::mem::take(&mut request.body));
            let (mut response, body, target) = self.exchange(request, body).await?;
            let body = body.collect().await.map_err(|e| {
                let what = format!("reading the response body from {target} failed");
                TransportError::new(what, Some(Box::new(Cause::new(e)))).with_kind(TransportErrorKind::Io)
            })?;
            response.body = Vec::from(body.to_bytes());
            Ok(response)
        })
    }

    /// The head as soon as it arrives; the body's frames are handed out as hyper reads them, so
    /// memory stays bounded by hyper's read buffer whatever the body's length.
    fn send_streaming(
        &self,
        mut request: HttpRequest,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        let body = ByteStream::from(std::mem::take(&mut request.body));
        self.send_body(request, body)
    }

    /// The body goes out frame by frame as hyper polls it (64 KiB from a file), so memory stays
    /// bounded whatever its length; the response as [`HttpClient::send_streaming`].
    fn send_body(
        &self,
        request: HttpRequest,
        body: ByteStream,
    ) -> BoxFuture<'_, Result<(HttpResponse, ByteStream), TransportError>> {
        Box::pin(async move {
            let (head, body, target) = self.exchange(request, body).await?;
            let length = body.size_hint().exact();
            Ok((head, ByteStream::from_stream(IncomingChunks { body, target }, length)))
        })
    }
}

/// Turns an [`HttpRequest`] and its body into a hyper request, rejecting what cannot go on the
/// wire.
fn to_hyper_request(request: HttpRequest, body: ByteStream) -> Result<Request<OutgoingBody>, TransportError> {
    build_hyper_request(request, body).map_err(|e| e.with_kind(TransportErrorKind::InvalidRequest))
}

fn build_hyper_request(request: HttpRequest, body: ByteStream) -> Result<Request<OutgoingBody>, TransportError> {
    let method = Method::from_bytes(request.method.as_bytes()).map_err(|e| {
        let what = format!("invalid HTTP method {:?}", request.method);
        TransportError::new(what, Some(Box::new(e)))
    })?;
    let uri = parse_url(&request.url)?;

    let mut builder = Request::builder().method(method).uri(uri);
    let headers = builder.headers_mut().ok_or_else(|| {
        // Only reachable if the method or URI were rejected, which was checked above.
        TransportError::new(format!("could not build a request for {}", request.url), None)
    })?;

    let mut host_seen = false;
    for (name, value) in &request.headers {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| TransportError::new(format!("invalid header name {name:?}"), Some(Box::new(e))))?;
        let header_value = HeaderValue::from_bytes(value.as_bytes()).map_err(|e| {
            let what = format!("invalid value for header {name:?}");
            TransportError::new(what, Some(Box::new(e)))
        })?;
        if header_name == HOST {
            // Exactly one Host goes out. When the caller sets none, hyper-util derives it from
            // the URL; a second one (in another spelling, say) would only confuse servers.
            if host_seen {
                continue;
            }
            host_seen = true;
        }
        if header_name == CONTENT_LENGTH && value.trim().parse::<u64>().ok() != body.content_length() {
            let length = body.content_length().map_or_else(|| "unknown".to_string(), |n| n.to_string());
            return Err(TransportError::new(
                format!("content-length header {value:?} does not match the body length {length}"),
                None,
            ));
        }
        headers.append(header_name, header_value);
    }

    builder.body(OutgoingBody(body)).map_err(|e| {
        let what = format!("could not build a request for {}", request.url);
        TransportError::new(what, Some(Box::new(e)))
    })
}

/// An absolute `http` or `https` URL with a host.
fn parse_url(url: &str) -> Result<Uri, TransportError> {
    let uri = Uri::try_from(url).map_err(|e| TransportError::new(format!("invalid URL {url:?}"), Some(Box::new(e))))?;
    let scheme_ok = uri.scheme_str().is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"));
    if !scheme_ok {
        return Err(TransportError::new(
            format!("invalid URL {url:?}: expected an absolute http:// or https:// URL"),
            None,
        ));
    }
    match uri.host() {
        Some(host) if !host.is_empty() => Ok(uri),
        _ => Err(TransportError::new(format!("invalid URL {url:?}: no host"), None)),
    }
}

/// `scheme://host[:port]`, to name the peer in error messages (any user info in the URL is left
/// out, so credentials never reach an error message).
fn target_of(uri: &Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or("http");
    let host = uri.host().unwrap_or_default();
    match uri.port_u16() {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    }
}

fn request_error(error: hyper_util::client::legacy::Error, target: &str, connect_timeout: Duration) -> TransportError {
    if let Some(proxy) = find::<ProxyError>(&error) {
        // A proxy that refuses the tunnel for a reason of its own (407: credentials; 403: a
        // policy) refuses it again: that is the proxy setting at fault, not a passing failure.
        let refused = proxy.status.is_some_and(|s| (400..500).contains(&s) && s != 408 && s != 429);
        let kind = if refused { TransportErrorKind::Setup } else { TransportErrorKind::Connect };
        // The proxy's error is the cause itself, so callers can read its status.
        let what = format!("could not connect to {target}");
        return TransportError::new(what, Some(Box::new(proxy.clone()))).with_kind(kind);
    }
    let (what, kind) = if has_stream_error(&error) {
        // The request's own body failed (a file that changed size or vanished): sending it
        // again would fail the same way.
        (format!("reading the request body for {target} failed"), TransportErrorKind::InvalidRequest)
    } else if !error.is_connect() {
        (format!("HTTP exchange with {target} failed"), TransportErrorKind::Io)
    } else if has_io_kind(&error, std::io::ErrorKind::TimedOut) {
        let what = format!("connecting to {target} timed out after {} ms", connect_timeout.as_millis());
        (what, TransportErrorKind::ConnectTimeout(connect_timeout))
    } else if error.source().is_some_and(|cause| cause.is::<std::io::Error>()) {
        // hyper-rustls reports TLS failures as `io::Error`s, while DNS and TCP failures keep
        // hyper-util's own connect error type.
        (format!("TLS handshake with {target} failed"), TransportErrorKind::Connect)
    } else {
        (format!("could not connect to {target}"), TransportErrorKind::Connect)
    };
    TransportError::new(what, Some(Box::new(Cause::new(error)))).with_kind(kind)
}

/// The source of a [`TransportError`] from hyper: it reads as the messages of the underlying
/// causes, because hyper-util's own message ("client error (Connect)") says nothing useful.
#[derive(Debug)]
struct Cause {
    summary: String,
}

impl Cause {
    fn new(error: impl StdError + Send + Sync + 'static) -> Self {
        let mut parts: Vec<String> = Vec::new();
        let mut next = error.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            if parts.last() != Some(&text) {
                parts.push(text);
            }
            next = cause.source();
        }
        let summary = if parts.is_empty() { error.to_string() } else { parts.join(": ") };
        Cause { summary }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)
    }
}

/// No source: the summary already says what every cause below said, and a chain must not say
/// it twice (the error chain's invariant in ARCHITECTURE.md). `kind` on the
/// [`TransportError`] is the typed part.
impl StdError for Cause {}

/// Whether the failure came from the request body ([`OutgoingBody`] yields [`StreamError`]s).
fn has_stream_error(error: &(dyn StdError + 'static)) -> bool {
    find::<StreamError>(error).is_some()
}

/// The first error of type `T` in `error`'s chain.
fn find<'a, T: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut next: Option<&'a (dyn StdError + 'static)> = Some(error);
    while let Some(current) = next {
        if let Some(found) = current.downcast_ref::<T>() {
            return Some(found);
        }
        next = current.source();
    }
    None
}

fn has_io_kind(error: &(dyn StdError + 'static), kind: std::io::ErrorKind) -> bool {
    let mut next: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(current) = next {
        if current.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == kind) {
            return true;
        }
        next = current.source();
    }
    false
}
