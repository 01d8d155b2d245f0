//! The default transport's trust store and proxies against real loopback servers: a TLS server
//! whose certificate a private CA generated here signed (trusted only through a bundle), and a
//! CONNECT proxy that counts its tunnels. Settings are read through `Environment`s built here,
//! never the process's (whose `AWS_CA_BUNDLE` and proxies would change the outcome).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use awsgen_runtime::error::ErrorReport;
use awsgen_runtime::http::{HttpClient, HttpRequest, TransportError, TransportErrorKind};
use awsgen_runtime::profile::Environment;
use awsgen_runtime::{HyperClient, ProxyError};
use base64::Engine;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A CA made for this run, and a `localhost` server certificate it signed.
struct PrivateCa {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

fn private_ca() -> PrivateCa {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let server_params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let server_cert = server_params.signed_by(&server_key, &issuer).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let chain: Vec<CertificateDer<'static>> = vec![server_cert.der().clone()];
    let server = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    PrivateCa { ca_pem: ca_cert.pem(), server: Arc::new(server) }
}

/// Reads one request head and answers `200 hello`, then closes.
async fn answer_hello<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) {
    if read_head(&mut stream).await.is_none() {
        return;
    }
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello").await;
    let _ = stream.shutdown().await;
}

async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// A server on 127.0.0.1: TLS with the private CA's certificate, or plain HTTP.
async fn origin(tls: Option<Arc<rustls::ServerConfig>>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tls = tls.clone();
            tokio::spawn(async move {
                match tls {
                    Some(config) => {
                        if let Ok(stream) = tokio_rustls::TlsAcceptor::from(config).accept(stream).await {
                            answer_hello(stream).await;
                        }
                    }
                    None => answer_hello(stream).await,
                }
            });
        }
    });
    addr
}

/// A CONNECT proxy on 127.0.0.1 that counts the tunnels it opens and records their targets;
/// with `credentials`, a request without that basic `Proxy-Authorization` gets a 407.
struct Proxy {
    addr: SocketAddr,
    tunnels: Arc<AtomicUsize>,
    targets: Arc<Mutex<Vec<String>>>,
}

async fn proxy(credentials: Option<&str>) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let tunnels = Arc::new(AtomicUsize::new(0));
    let targets = Arc::new(Mutex::new(Vec::new()));
    let expected = credentials.map(|c| format!("basic {}", base64::prelude::BASE64_STANDARD.encode(c)));
    let (count, seen) = (tunnels.clone(), targets.clone());
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let (count, seen, expected) = (count.clone(), seen.clone(), expected.clone());
            tokio::spawn(async move {
                let Some(head) = read_head(&mut client).await else { return };
                let target = head.strip_prefix("CONNECT ").and_then(|r| r.split(' ').next()).unwrap_or("").to_owned();
                let authorized = expected.as_ref().is_none_or(|want| {
                    head.lines()
                        .any(|l| l.to_ascii_lowercase() == format!("proxy-authorization: {want}").to_lowercase())
                });
                if !authorized {
                    let _ = client.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\ncontent-length: 0\r\n\r\n").await;
                    return;
                }
                let Ok(mut upstream) = TcpStream::connect(target.replace("localhost", "127.0.0.1")).await else {
                    let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n").await;
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                seen.lock().unwrap().push(target);
                if client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await.is_ok() {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                }
            });
        }
    });
    Proxy { addr, tunnels, targets }
}

fn get(url: &str) -> HttpRequest {
    let host = url.split('/').nth(2).unwrap().to_owned();
    HttpRequest { method: "GET".into(), url: url.into(), headers: vec![("host".into(), host)], body: Vec::new() }
}

fn env(vars: &[(&str, &str)]) -> Environment {
    let mut all = vec![("HOME".to_owned(), "/nonexistent-awsgen-home".to_owned())];
    all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Environment::from_vars(all)
}

fn client(env: &Environment) -> HyperClient {
    HyperClient::builder().environment(env).build()
}

async fn hello(client: &HyperClient, url: &str) -> Result<String, TransportError> {
    let response = client.send(get(url)).await?;
    assert_eq!(response.status, 200);
    Ok(String::from_utf8(response.body).unwrap())
}

#[tokio::test]
async fn a_private_ca_is_trusted_through_a_bundle_only() {
    let ca = private_ca();
    let server = origin(Some(ca.server.clone())).await;
    let url = format!("https://localhost:{}/", server.port());

    let err = hello(&client(&env(&[])), &url).await.unwrap_err();
    assert_eq!(err.kind, TransportErrorKind::Connect, "{err}");
    assert!(ErrorReport(&err).to_string().contains("UnknownIssuer"), "{err}");

    let env_var = env(&[("AWS_CA_BUNDLE", "/corp/ca.pem")]).with_file("/corp/ca.pem", ca.ca_pem.clone());
    assert_eq!(hello(&client(&env_var), &url).await.unwrap(), "hello");

    let profile = env(&[("AWS_CONFIG_FILE", "/cfg")])
        .with_file("/cfg", "[profile corp]\nca_bundle = /corp/ca.pem\n")
        .with_file("/corp/ca.pem", ca.ca_pem.clone());
    let err = hello(&client(&profile), &url).await.unwrap_err();
    assert!(ErrorReport(&err).to_string().contains("UnknownIssuer"), "the default profile names no bundle: {err}");
    let corp = env(&[("AWS_CONFIG_FILE", "/cfg"), ("AWS_PROFILE", "corp")])
        .with_file("/cfg", "[profile corp]\nca_bundle = /corp/ca.pem\n")
        .with_file("/corp/ca.pem", ca.ca_pem.clone());
    assert_eq!(hello(&client(&corp), &url).await.unwrap(), "hello");

    let in_code = HyperClient::builder().native_roots(false).ca_bundle_pem(ca.ca_pem.clone()).build();
    assert_eq!(hello(&in_code, &url).await.unwrap(), "hello");
    // Another CA's bundle does not help.
    let other = private_ca();
    let wrong = HyperClient::builder().ca_bundle_pem(other.ca_pem).build();
    let err = hello(&wrong, &url).await.unwrap_err();
    assert!(ErrorReport(&err).to_string().contains("invalid peer certificate"), "{err}");
}

#[tokio::test]
async fn https_and_http_tunnel_through_the_proxy_unless_no_proxy_says_otherwise() {
    let ca = private_ca();
    let tls_server = origin(Some(ca.server.clone())).await;
    let plain_server = origin(None).await;
    let proxy = proxy(None).await;
    let https_url = format!("https://localhost:{}/", tls_server.port());
    let http_url = format!("http://127.0.0.1:{}/", plain_server.port());
    let proxy_url = format!("http://127.0.0.1:{}", proxy.addr.port());
    let with = |vars: &[(&str, &str)]| {
        let mut vars = vars.to_vec();
        vars.push(("AWS_CA_BUNDLE", "/ca.pem"));
        env(&vars).with_file("/ca.pem", ca.ca_pem.clone())
    };

    let proxied = client(&with(&[("HTTPS_PROXY", &proxy_url), ("http_proxy", &proxy_url)]));
    assert_eq!(hello(&proxied, &https_url).await.unwrap(), "hello");
    assert_eq!(hello(&proxied, &http_url).await.unwrap(), "hello");
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 2);
    assert_eq!(
        *proxy.targets.lock().unwrap(),
        [format!("localhost:{}", tls_server.port()), format!("127.0.0.1:{}", plain_server.port())]
    );

    // NO_PROXY by domain, by IP and port, and `*`: reached directly, no tunnel.
    let bypass = format!("example.com, .localhost ,127.0.0.1:{}", plain_server.port());
    let direct = client(&with(&[("https_proxy", &proxy_url), ("HTTP_PROXY", &proxy_url), ("NO_PROXY", &bypass)]));
    assert_eq!(hello(&direct, &https_url).await.unwrap(), "hello");
    assert_eq!(hello(&direct, &http_url).await.unwrap(), "hello");
    let all = client(&with(&[("HTTPS_PROXY", &proxy_url), ("no_proxy", "*")]));
    assert_eq!(hello(&all, &https_url).await.unwrap(), "hello");
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 2, "NO_PROXY bypassed the proxy");

    // Another port of a listed IP is still proxied; an HTTPS_PROXY does not cover http targets.
    let other_port = client(&with(&[("HTTP_PROXY", &proxy_url), ("NO_PROXY", "127.0.0.1:1")]));
    assert_eq!(hello(&other_port, &http_url).await.unwrap(), "hello");
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 3);
    let https_only = client(&with(&[("HTTPS_PROXY", &proxy_url)]));
    assert_eq!(hello(&https_only, &http_url).await.unwrap(), "hello");
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 3);

    // The builder's proxy wins over the environment's (which points nowhere).
    let in_code =
        HyperClient::builder().environment(&with(&[("HTTPS_PROXY", "http://127.0.0.1:1")])).proxy(&proxy_url).build();
    assert_eq!(hello(&in_code, &https_url).await.unwrap(), "hello");
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn proxy_credentials_come_from_the_url_and_never_show() {
    let plain_server = origin(None).await;
    let proxy = proxy(Some("alice:s3cr@t")).await;
    let url = format!("http://127.0.0.1:{}/", plain_server.port());

    let good = HyperClient::builder().proxy(&format!("http://alice:s3cr%40t@127.0.0.1:{}", proxy.addr.port())).build();
    assert_eq!(hello(&good, &url).await.unwrap(), "hello");
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 1);
    let shown = format!("{good:?}");
    assert!(shown.contains("alice") && !shown.contains("s3cr"), "{shown}");

    let bad_env = env(&[("HTTP_PROXY", &format!("http://alice:wrong@127.0.0.1:{}", proxy.addr.port()))]);
    let builder = HyperClient::builder().environment(&bad_env);
    assert!(!format!("{builder:?}").contains("wrong"), "{builder:?}");
    let bad = builder.build();
    assert!(!format!("{bad:?}").contains("wrong"), "{bad:?}");
    let err = hello(&bad, &url).await.unwrap_err();
    assert_eq!(err.kind, TransportErrorKind::Setup, "a 407 is the setting at fault: not retried");
    let text = ErrorReport(&err).to_string();
    assert!(text.contains("407") && text.contains("HTTP_PROXY") && !text.contains("wrong"), "{text}");
    let cause = std::iter::successors(Some(&err as &(dyn std::error::Error + 'static)), |e| e.source())
        .find_map(|e| e.downcast_ref::<ProxyError>())
        .expect("a ProxyError in the chain");
    assert_eq!(cause.status, Some(407));
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_proxy_that_is_not_http_fails_typed() {
    // A "proxy" that answers garbage, then one whose reply head never ends.
    for reply in [b"SSH-2.0-OpenSSH\r\n\r\n".to_vec(), vec![b'x'; 64 * 1024]] {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            if let Ok((mut s, _)) = listener.accept().await {
                let _ = read_head(&mut s).await;
                let _ = s.write_all(&reply).await;
            }
        });
        let client = HyperClient::builder().proxy(&format!("127.0.0.1:{}", addr.port())).build();
        let err = hello(&client, "http://127.0.0.1:9/").await.unwrap_err();
        assert_eq!(err.kind, TransportErrorKind::Connect, "{err}");
        let text = ErrorReport(&err).to_string();
        assert!(text.contains("not HTTP") || text.contains("longer than"), "{text}");
    }
}

#[tokio::test]
async fn a_proxy_that_never_answers_the_connect_is_a_connect_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s); // accepted, read from never, answered never
        }
    });
    let client = HyperClient::builder()
        .connect_timeout(std::time::Duration::from_millis(200))
        .proxy(&format!("http://127.0.0.1:{}", addr.port()))
        .build();
    let err = hello(&client, "https://localhost:9/").await.unwrap_err();
    assert!(matches!(err.kind, TransportErrorKind::ConnectTimeout(_)), "{err}");
}

#[tokio::test]
async fn unusable_settings_fail_every_request_naming_the_setting() {
    let cases: Vec<(Environment, &str, &str)> = vec![
        (env(&[("AWS_CA_BUNDLE", "/missing.pem")]), "AWS_CA_BUNDLE", "cannot be read"),
        (env(&[("AWS_CA_BUNDLE", "/ca.pem")]).with_file("/ca.pem", "not pem at all"), "AWS_CA_BUNDLE", "no PEM"),
        (
            env(&[("AWS_CONFIG_FILE", "/cfg")]).with_file("/cfg", "[default]\nca_bundle = /nope.pem\n"),
            "`ca_bundle` in profile `default` of /cfg",
            "cannot be read",
        ),
        (env(&[("HTTPS_PROXY", "http://proxy:notaport")]), "HTTPS_PROXY", "not valid"),
        (env(&[("http_proxy", "socks5://proxy:1080")]), "http_proxy", "not valid"),
    ];
    for (env, setting, what) in cases {
        let err = HyperClient::builder().environment(&env).try_build().unwrap_err();
        assert_eq!(err.setting, setting);
        assert!(err.message.contains(what), "{err}");
        let sent = client(&env).send(get("https://localhost:9/")).await.unwrap_err();
        assert_eq!(sent.kind, TransportErrorKind::Setup);
        assert!(sent.to_string().contains(setting), "{sent}");
    }
    let err = HyperClient::builder().proxy("http://u:pw@[::1").try_build().unwrap_err();
    assert_eq!(err.setting, "proxy (HyperClientBuilder)");
    let err = HyperClient::builder().ca_bundle("/definitely/missing.pem").try_build().unwrap_err();
    assert!(
        err.to_string().starts_with("ca_bundle (HyperClientBuilder): /definitely/missing.pem cannot be read"),
        "{err}"
    );
}
