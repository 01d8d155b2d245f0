//! What the default transport trusts: Mozilla's roots (webpki-roots), the operating system's
//! store (rustls-native-certs: the system bundle on Linux, honouring `SSL_CERT_FILE` and
//! `SSL_CERT_DIR`; Keychain on macOS; the Windows store), and a PEM bundle from the builder,
//! `AWS_CA_BUNDLE` or the profile's `ca_bundle`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;

use crate::profile::{self, Environment};

/// A transport setting that cannot be used: a CA bundle that is missing or not PEM, a proxy
/// URL that does not parse. Every request through the transport fails with it (as a
/// configuration error naming [`SetupError::setting`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError {
    /// The setting at fault: `AWS_CA_BUNDLE`, `` `ca_bundle` in profile `default` of ... ``,
    /// `HTTPS_PROXY`, `ca_bundle (builder)`...
    pub setting: String,
    /// What is wrong with it.
    pub message: String,
}

impl SetupError {
    pub(super) fn new(setting: &str, message: impl Into<String>) -> Self {
        SetupError { setting: setting.to_owned(), message: message.into() }
    }
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.setting, self.message)
    }
}

impl std::error::Error for SetupError {}

/// A PEM bundle to trust beside the default roots.
#[derive(Clone, Debug)]
pub(super) enum Bundle {
    /// A file, read when the client is built.
    Path(PathBuf),
    /// The PEM text itself.
    Pem(Vec<u8>),
}

/// The bundle the environment names: `AWS_CA_BUNDLE`, else `ca_bundle` in the selected
/// profile, with where it came from.
pub(super) fn bundle_from_env(env: &Environment) -> Option<(Bundle, String)> {
    if let Some(path) = env.var("AWS_CA_BUNDLE") {
        return Some((Bundle::Path(path.into()), "AWS_CA_BUNDLE".to_owned()));
    }
    let files = profile::load(env).ok()?;
    let name = files.selected_profile();
    let path = files.get(name, "ca_bundle")?;
    let file = files.file_of(name, "ca_bundle").unwrap_or(files.config_file().path());
    Some((Bundle::Path(path.into()), format!("`ca_bundle` in profile `{name}` of {}", file.display())))
}

/// The roots a client trusts: webpki roots, the OS store when `native` is set, and the bundle.
pub(super) fn root_store(
    native: bool,
    bundle: Option<&(Bundle, String)>,
    env: &Environment,
) -> Result<RootCertStore, SetupError> {
    let mut roots =
        if native { default_roots().clone() } else { RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() } };
    if let Some((bundle, setting)) = bundle {
        for cert in bundle_certificates(bundle, setting, env)? {
            roots.add(cert).map_err(|e| SetupError::new(setting, format!("a certificate cannot be trusted: {e}")))?;
        }
    }
    Ok(roots)
}

/// Mozilla's roots and the operating system's, read and parsed once per process (the store is
/// hundreds of certificates, in tens of files on some systems); unreadable ones are skipped,
/// as the SDKs do.
fn default_roots() -> &'static RootCertStore {
    static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let loaded = rustls_native_certs::load_native_certs();
        for error in &loaded.errors {
            tracing::debug!(%error, "an OS certificate store entry could not be read");
        }
        let (added, ignored) = roots.add_parsable_certificates(loaded.certs);
        tracing::debug!(added, ignored, "trusting the operating system's certificates");
        roots
    })
}

/// The certificates of a PEM bundle; a missing or unreadable file, a file of more than
/// [`profile::MAX_FILE_SIZE`] bytes, malformed PEM or PEM without a certificate is an error
/// naming the setting.
fn bundle_certificates(
    bundle: &Bundle,
    setting: &str,
    env: &Environment,
) -> Result<Vec<CertificateDer<'static>>, SetupError> {
    let read;
    let (pem, what) = match bundle {
        Bundle::Pem(pem) => (pem.as_slice(), String::from("the PEM text")),
        Bundle::Path(path) => {
            read = read_bundle(path, setting, env)?;
            (read.as_slice(), path.display().to_string())
        }
    };
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| SetupError::new(setting, format!("{what} is not a PEM certificate bundle: {e:?}")))?;
    if certs.is_empty() {
        return Err(SetupError::new(
            setting,
            format!("{what} holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)"),
        ));
    }
    Ok(certs)
}

fn read_bundle(path: &Path, setting: &str, env: &Environment) -> Result<Vec<u8>, SetupError> {
    match env.read_file(path) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => {
            Err(SetupError::new(setting, format!("{} is larger than {} bytes", path.display(), profile::MAX_FILE_SIZE)))
        }
        Err(e) => Err(SetupError::new(setting, format!("{} cannot be read: {e}", path.display()))),
    }
}

/// A rustls client configuration trusting `roots`, with the ring provider named explicitly (no
/// process-wide default provider is needed, and none is ambiguous when several are compiled in).
pub(super) fn client_config(roots: RootCertStore) -> Result<rustls::ClientConfig, SetupError> {
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| SetupError::new("TLS", format!("the TLS configuration could not be built: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_must_exist_and_hold_pem_certificates() {
        let env = Environment::from_vars([("HOME", "/nonexistent")])
            .with_file("/empty.pem", "")
            .with_file("/key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            .with_file("/broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64!\n")
            .with_file("/junk.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        let check = |path: &str, want: &str| {
            let bundle = (Bundle::Path(path.into()), "AWS_CA_BUNDLE".to_owned());
            let err = root_store(false, Some(&bundle), &env).unwrap_err();
            assert_eq!(err.setting, "AWS_CA_BUNDLE");
            assert!(err.message.contains(want), "{path}: {err}");
        };
        check("/missing.pem", "cannot be read");
        check("/empty.pem", "holds no PEM certificate");
        check("/key.pem", "holds no PEM certificate");
        check("/broken.pem", "is not a PEM certificate bundle");
        check("/junk.pem", "cannot be trusted");
        let bundle = (Bundle::Pem(b"hello".to_vec()), "ca_bundle (builder)".to_owned());
        assert!(root_store(false, Some(&bundle), &env).unwrap_err().message.starts_with("the PEM text"));
    }

    #[test]
    fn the_bundle_comes_from_the_variable_else_the_profile() {
        let env = Environment::from_vars([("HOME", "/h"), ("AWS_CONFIG_FILE", "/cfg")])
            .with_file("/cfg", "[default]\nca_bundle = /corp.pem\n");
        let (bundle, setting) = bundle_from_env(&env).unwrap();
        assert!(matches!(bundle, Bundle::Path(p) if p == Path::new("/corp.pem")));
        assert!(setting.contains("`ca_bundle` in profile `default` of /cfg"), "{setting}");
        let env = Environment::from_vars([("AWS_CA_BUNDLE", "/env.pem"), ("AWS_CONFIG_FILE", "/cfg")])
            .with_file("/cfg", "[default]\nca_bundle = /corp.pem\n");
        assert_eq!(bundle_from_env(&env).unwrap().1, "AWS_CA_BUNDLE");
        assert!(bundle_from_env(&Environment::from_vars([("HOME", "/h")])).is_none());
    }
}
