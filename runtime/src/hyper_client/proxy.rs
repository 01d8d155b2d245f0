//! HTTP proxies: which requests go through one (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, or the
//! builder's settings) and the CONNECT tunnel opened through it.
//!
//! Every proxied request, `http` or `https`, goes through a CONNECT tunnel to its origin (RFC
//! 9110 §9.3.6): the connection pool then holds tunnels per origin, TLS runs end to end, and a
//! request looks the same as without a proxy (origin-form, signed as sent). Absolute-form
//! requests for `http` targets are not sent; a proxy that allows CONNECT only to port 443 cannot
//! carry plain `http` endpoints (local test servers are the usual ones, and `NO_PROXY` lists
//! them).

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use base64::Engine;
use hyper::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::SetupError;
use crate::profile::Environment;

/// The longest reply head a proxy may send to a CONNECT (16 KiB); a longer one fails the
/// connection attempt with a [`ProxyError`], so a hostile proxy cannot grow memory.
pub const MAX_PROXY_REPLY_HEAD: usize = 16 * 1024;

/// One proxy: where it is, where the setting came from, and the basic credentials of its URL's
/// user info. `Debug` redacts the password.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Proxy {
    /// `host:port`, as the TCP connector and error messages name it.
    authority: String,
    /// `http://host:port`, for the TCP connector.
    uri: Uri,
    /// The setting it came from (`HTTPS_PROXY`, `https_proxy`, `proxy (builder)`).
    source: String,
    /// `user:password` from the URL's user info, percent-decoded.
    credentials: Option<(String, String)>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let user = self.credentials.as_ref().map(|(user, _)| format!("{user}:** redacted **@")).unwrap_or_default();
        write!(f, "http://{user}{} (from {})", self.authority, self.source)
    }
}

impl Proxy {
    /// Parses a proxy URL: `http://[user[:password]@]host[:port][/]`, or `host[:port]` (read
    /// as `http`); port 80 unless given. Anything else is a [`SetupError`] naming `source`; the
    /// URL itself is not quoted, as its user info may hold a password.
    pub(super) fn parse(url: &str, source: &str) -> Result<Proxy, SetupError> {
        let bad = |why: &str| SetupError::new(source, format!("the proxy URL is not valid: {why}"));
        let url = url.trim();
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => {
                return Err(bad("only `http://` proxies are supported (TLS to the proxy is not)"))
            }
            Some(_) => return Err(bad("the scheme must be `http`")),
            None => url,
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#']) {
            return Err(bad("a proxy URL has no path, query or fragment"));
        }
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        let (host, port) = split_host_port(hostport).ok_or_else(|| bad("expected `host[:port]`"))?;
        if host.is_empty() || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:_".contains(&b)) {
            return Err(bad("the host is empty or has characters a host name cannot have"));
        }
        let port = match port {
            None => 80,
            Some(p) => p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| bad("the port is not 1 to 65535"))?,
        };
        let host = if host.contains(':') { format!("[{host}]") } else { host.to_owned() };
        let authority = format!("{host}:{port}");
        let uri = Uri::try_from(format!("http://{authority}")).map_err(|e| bad(&e.to_string()))?;
        let credentials = match userinfo {
            None => None,
            Some(info) => {
                let (user, password) = info.split_once(':').unwrap_or((info, ""));
                let decode = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8()
                        .map(|s| s.into_owned())
                        .map_err(|_| bad("the user info is not UTF-8 once percent-decoded"))
                };
                Some((decode(user)?, decode(password)?))
            }
        };
        Ok(Proxy { authority, uri, source: source.to_owned(), credentials })
    }

    /// `Proxy-Authorization: Basic ...` when the URL had user info.
    fn authorization(&self) -> Option<String> {
        let (user, password) = self.credentials.as_ref()?;
        Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))))
    }
}

/// `host[:port]` with a bracketed IPv6 host allowed; the host comes back without brackets.
fn split_host_port(s: &str) -> Option<(&str, Option<&str>)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after {
            "" => Some((host, None)),
            _ => Some((host, Some(after.strip_prefix(':')?))),
        };
    }
    match s.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => Some((host, Some(port))),
        Some(_) => None,
        None => Some((s, None)),
    }
}

/// Which requests go through which proxy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct ProxySettings {
    pub(super) http: Option<Proxy>,
    pub(super) https: Option<Proxy>,
    pub(super) no_proxy: NoProxy,
}

impl ProxySettings {
    /// `https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY` and `no_proxy`/`NO_PROXY` (lower
    /// case first, as curl and botocore read them).
    pub(super) fn from_env(env: &Environment) -> Result<ProxySettings, SetupError> {
        let read = |name: &str| {
            let lower = name.to_ascii_lowercase();
            env.var(&lower).map(|v| (v, lower)).or_else(|| env.var(name).map(|v| (v, name.to_owned())))
        };
        let proxy = |name: &str| read(name).map(|(url, source)| Proxy::parse(&url, &source)).transpose();
        Ok(ProxySettings {
            http: proxy("HTTP_PROXY")?,
            https: proxy("HTTPS_PROXY")?,
            no_proxy: read("NO_PROXY").map(|(list, _)| NoProxy::parse(&list)).unwrap_or_default(),
        })
    }

    /// The proxy a request to `uri` goes through, if any.
    pub(super) fn route(&self, uri: &Uri) -> Option<&Proxy> {
        let https = uri.scheme_str().is_some_and(|s| s.eq_ignore_ascii_case("https"));
        let proxy = if https { self.https.as_ref() } else { self.http.as_ref() }?;
        let host = uri.host()?;
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        (!self.no_proxy.matches(host, port)).then_some(proxy)
    }
}

/// `NO_PROXY`: hosts reached directly. Comma- or space-separated entries: `*` (every host), a
/// domain (`example.com` or `.example.com`: that host and every subdomain; case-insensitive), an
/// IP address (`127.0.0.1`, `::1`, `[::1]`), an IP network (`10.0.0.0/8`), each optionally with
/// `:port` (that port only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct NoProxy {
    all: bool,
    entries: Vec<(Bypass, Option<u16>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Bypass {
    Domain(String),
    Network(IpAddr, u8),
}

impl NoProxy {
    /// Entries that do not parse are skipped (as curl does).
    pub(super) fn parse(list: &str) -> NoProxy {
        let mut no_proxy = NoProxy::default();
        for entry in list.split([',', ' ', '\t']).map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                no_proxy.all = true;
            } else if let Some(parsed) = Self::entry(entry) {
                no_proxy.entries.push(parsed);
            }
        }
        no_proxy
    }

    fn entry(entry: &str) -> Option<(Bypass, Option<u16>)> {
        if let Some((ip, bits)) = entry.split_once('/') {
            let ip: IpAddr = ip.trim_start_matches('[').trim_end_matches(']').parse().ok()?;
            let bits: u8 = bits.parse().ok()?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            return (bits <= max).then_some((Bypass::Network(ip, bits), None));
        }
        if let Ok(ip) = entry.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            let bits = if ip.is_ipv4() { 32 } else { 128 };
            return Some((Bypass::Network(ip, bits), None));
        }
        let (host, port) = split_host_port(entry)?;
        let port = match port {
            Some(p) => Some(p.parse::<u16>().ok()?),
            None => None,
        };
        if let Ok(ip) = host.parse::<IpAddr>() {
            let bits = if ip.is_ipv4() { 32 } else { 128 };
            return Some((Bypass::Network(ip, bits), port));
        }
        let domain = host.trim_start_matches("*.").trim_start_matches('.').to_ascii_lowercase();
        (!domain.is_empty()).then_some((Bypass::Domain(domain), port))
    }

    /// Whether `host` (as a URI gives it: IPv6 in brackets) on `port` is reached directly.
    pub(super) fn matches(&self, host: &str, port: u16) -> bool {
        if self.all {
            return true;
        }
        let host = host.trim_start_matches('[').trim_end_matches(']').trim_end_matches('.').to_ascii_lowercase();
        let ip = host.parse::<IpAddr>().ok();
        self.entries.iter().any(|(bypass, want_port)| {
            want_port.is_none_or(|p| p == port)
                && match bypass {
                    Bypass::Domain(domain) => {
                        host == *domain || host.strip_suffix(domain.as_str()).is_some_and(|head| head.ends_with('.'))
                    }
                    Bypass::Network(net, bits) => ip.is_some_and(|ip| in_network(ip, *net, *bits)),
                }
        })
    }
}

fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

/// A proxy failed to open a tunnel: it refused the CONNECT (with its status) or answered
/// something that is not HTTP. The connection attempt fails with this as its cause.
#[derive(Clone, Debug)]
pub struct ProxyError {
    /// The proxy's reply status, when it sent one.
    pub status: Option<u16>,
    /// What happened, naming the proxy (without credentials), its setting and the target.
    pub message: String,
}

impl fmt::Display for ProxyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for ProxyError {}

type BoxError = Box<dyn StdError + Send + Sync>;

/// The TCP layer under TLS: connects to the origin, or to its proxy and through a CONNECT
/// tunnel to the origin.
#[derive(Clone)]
pub(super) struct Connector {
    pub(super) tcp: HttpConnector,
    pub(super) proxies: Arc<ProxySettings>,
    /// The connect timeout also bounds the CONNECT handshake (a proxy that accepts the TCP
    /// connection but never answers is a connect timeout, not a hang until the attempt's end).
    pub(super) connect_timeout: Option<std::time::Duration>,
}

impl tower_service::Service<Uri> for Connector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.tcp.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, target: Uri) -> Self::Future {
        let Some(proxy) = self.proxies.route(&target).cloned() else {
            let connecting = self.tcp.call(target);
            return Box::pin(async move { connecting.await.map_err(Into::into) });
        };
        let connecting = self.tcp.call(proxy.uri.clone());
        let limit = self.connect_timeout;
        Box::pin(async move {
            let stream = connecting.await?.into_inner();
            let stream = match limit {
                Some(limit) => match tokio::time::timeout(limit, tunnel(stream, &target, &proxy)).await {
                    Ok(tunneled) => tunneled?,
                    Err(_) => {
                        let what = format!("the proxy {} did not open the tunnel in time", proxy.authority);
                        return Err(std::io::Error::new(std::io::ErrorKind::TimedOut, what).into());
                    }
                },
                None => tunnel(stream, &target, &proxy).await?,
            };
            Ok(TokioIo::new(stream))
        })
    }
}

/// Sends `CONNECT host:port` and reads the proxy's reply head; a 2xx leaves the stream as a
/// tunnel to the target.
async fn tunnel(mut stream: TcpStream, target: &Uri, proxy: &Proxy) -> Result<TcpStream, ProxyError> {
    let https = target.scheme_str().is_some_and(|s| s.eq_ignore_ascii_case("https"));
    let host = target.host().unwrap_or_default();
    let authority = format!("{host}:{}", target.port_u16().unwrap_or(if https { 443 } else { 80 }));
    let fail = |status: Option<u16>, what: String| ProxyError {
        status,
        message: format!("proxy {} (from {}): CONNECT to {authority}: {what}", proxy.authority, proxy.source),
    };
    let mut head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(auth) = proxy.authorization() {
        head.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.map_err(|e| fail(None, format!("sending failed: {e}")))?;

    let mut reply = Vec::with_capacity(256);
    let mut chunk = [0u8; 1024];
    let end = loop {
        let n = stream.read(&mut chunk).await.map_err(|e| fail(None, format!("reading the reply failed: {e}")))?;
        if n == 0 {
            return Err(fail(None, "the proxy closed the connection before its reply's end".into()));
        }
        reply.extend_from_slice(&chunk[..n]);
        if let Some(end) = reply.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if reply.len() > MAX_PROXY_REPLY_HEAD {
            return Err(fail(None, format!("the reply head is longer than {MAX_PROXY_REPLY_HEAD} bytes")));
        }
    };
    let status_line = reply.split(|b| *b == b'\n').next().unwrap_or_default();
    let status_line = String::from_utf8_lossy(status_line);
    let status = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| fail(None, format!("the reply is not HTTP: {:?}", status_line.trim_end())))?;
    if !(200..300).contains(&status) {
        return Err(fail(Some(status), format!("refused with {}", status_line.trim_end())));
    }
    if end != reply.len() {
        return Err(fail(Some(status), "the proxy sent bytes after its reply head before the tunnel was used".into()));
    }
    Ok(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        Uri::try_from(s).unwrap()
    }

    #[test]
    fn proxy_urls_parse_or_name_their_setting() {
        let p = Proxy::parse("http://alice:s%40cret@proxy.corp:3128/", "HTTPS_PROXY").unwrap();
        assert_eq!(p.authority, "proxy.corp:3128");
        assert_eq!(p.credentials, Some(("alice".into(), "s@cret".into())));
        let shown = format!("{p:?}");
        assert!(shown.contains("alice") && !shown.contains("cret") && shown.contains("HTTPS_PROXY"), "{shown}");
        assert_eq!(
            p.authorization().unwrap(),
            format!("Basic {}", base64::prelude::BASE64_STANDARD.encode("alice:s@cret"))
        );
        assert_eq!(Proxy::parse("10.0.0.1", "x").unwrap().authority, "10.0.0.1:80");
        assert_eq!(Proxy::parse("http://[::1]:8080", "x").unwrap().authority, "[::1]:8080");
        for bad in [
            "https://proxy:443",
            "socks5://p:1080",
            "http://",
            "http://p:0",
            "http://p:99999",
            "http://p:80/x",
            "http://a b:1",
            "http://p:port",
        ] {
            let err = Proxy::parse(bad, "https_proxy").unwrap_err();
            assert_eq!(err.setting, "https_proxy", "{bad}");
            assert!(err.to_string().starts_with("https_proxy: the proxy URL is not valid"), "{bad}: {err}");
        }
        let err = Proxy::parse("http://bob:hunter2@p:99999", "HTTP_PROXY").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn no_proxy_matches_suffixes_ports_ips_and_star() {
        let list = NoProxy::parse("example.com, .internal:8443 10.0.0.0/8,::1,192.168.1.7:80,,");
        assert!(list.matches("example.com", 443));
        assert!(list.matches("s3.EXAMPLE.com", 443));
        assert!(!list.matches("badexample.com", 443), "a suffix matches at a label boundary only");
        assert!(list.matches("svc.internal", 8443));
        assert!(!list.matches("svc.internal", 443), "a port restricts the entry");
        assert!(list.matches("10.2.3.4", 80));
        assert!(!list.matches("11.2.3.4", 80));
        assert!(list.matches("[::1]", 80));
        assert!(list.matches("192.168.1.7", 80) && !list.matches("192.168.1.7", 81));
        assert!(!list.matches("localhost", 80));
        assert!(NoProxy::parse("*").matches("anything", 1));
        assert!(!NoProxy::parse("").matches("anything", 1));
    }

    #[test]
    fn settings_come_from_either_case_and_route_by_scheme() {
        let env = Environment::from_vars([
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:2"),
            ("HTTP_PROXY", "plain:3"),
            ("NO_PROXY", "localhost"),
        ]);
        let settings = ProxySettings::from_env(&env).unwrap();
        assert_eq!(settings.route(&uri("https://sqs.us-east-1.amazonaws.com/")).unwrap().authority, "lower:2");
        assert_eq!(settings.route(&uri("http://10.1.1.1:9000/")).unwrap().authority, "plain:3");
        assert!(settings.route(&uri("https://localhost:4566/")).is_none());
        let err = ProxySettings::from_env(&Environment::from_vars([("HTTP_PROXY", "ftp://x")])).unwrap_err();
        assert_eq!(err.setting, "HTTP_PROXY");
        assert_eq!(ProxySettings::from_env(&Environment::from_vars([("A", "b")])).unwrap(), ProxySettings::default());
    }
}
