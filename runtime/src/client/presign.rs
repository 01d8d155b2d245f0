//! A call that is signed but not sent: the operation's request serialized, its endpoint resolved
//! and its credentials provided as for [`ClientCore::invoke`], then signed in the query string
//! ([`crate::presign`]) for someone else to send.

use super::ClientCore;
use crate::config::config_error;
use crate::error::SdkError;
use crate::http::HttpRequest;
use crate::operation::Operation;
use crate::presign::{self, PresignedRequest, PresigningConfig};
use crate::sigv4::{SigningParams, SigningSettings};
use crate::time::DateTime;
use std::convert::Infallible;

impl ClientCore {
    /// Presigns `input`'s request: the same serialization, endpoint (with the operation's
    /// context parameters and host prefix) and credentials as a sent call, signed in the URL
    /// for `config`'s validity. Nothing is sent. The body is not part of the result: the holder
    /// sends the one it has (the signature covers `UNSIGNED-PAYLOAD`).
    pub async fn presign<O: Operation>(
        &self,
        input: &O,
        config: &PresigningConfig,
    ) -> Result<PresignedRequest, SdkError<O::Error>> {
        self.presign_erased(input, config).await.map_err(|e| e.map_service(|never| match never {}))
    }

    async fn presign_erased<O: Operation>(
        &self,
        input: &O,
        config: &PresigningConfig,
    ) -> Result<PresignedRequest, SdkError<Infallible>> {
        let serialized =
            input.serialize_with_tokens(&self.config.idempotency_tokens).map_err(SdkError::InvalidRequest)?;
        let host_prefix = input.host_prefix().map_err(SdkError::InvalidRequest)?;
        let context = input.context_params();
        let provided = self.config.credentials.provide_credentials().await;
        let account_id = provided.as_ref().ok().and_then(|c| c.account_id());
        let target = self.target(host_prefix.as_deref(), O::STATIC_CONTEXT_PARAMS, &context, account_id)?;
        let credentials = provided.map_err(config_error)?;
        let mut headers = Vec::with_capacity(serialized.headers.len() + 1 + target.headers.len());
        headers.push(("host".to_string(), target.host.clone()));
        headers.extend(serialized.headers.iter().filter(|(name, _)| !is_body_header(name)).cloned());
        headers.extend(target.headers.iter().cloned());
        let request = HttpRequest {
            method: serialized.method.into(),
            url: target.url_for(&serialized.uri),
            headers,
            body: Vec::new(),
        };
        let params = SigningParams {
            credentials: &credentials,
            region: &target.signing_region,
            service: &target.signing_name,
            time: config.start().unwrap_or_else(DateTime::now),
            settings: target.signing_settings,
        };
        presign::presign(&request, &params, config).map_err(config_error)
    }
}

impl ClientCore {
    /// Presigns a `GET` of `base_url` (`http://my-cache/`) with the query `params` (values as
    /// they are: they are encoded here) for this client's service: its signing name, its
    /// credentials, and `region` or else the configuration's. The canonical request's payload
    /// hash is the empty body's ([`presign::EMPTY_PAYLOAD_HASH`]), as SigV4 signers other than
    /// S3's write it. Nothing is resolved or sent: the host is `base_url`'s. Generated helpers
    /// building auth tokens (ElastiCache's IAM authentication) call this.
    pub async fn presign_get(
        &self,
        base_url: &str,
        params: &[(&str, &str)],
        region: Option<&str>,
        config: &PresigningConfig,
    ) -> Result<PresignedRequest, SdkError<Infallible>> {
        let region = match region.or(self.config.region.as_deref()) {
            Some(region) => region,
            None => return Err(config_error("no region: set one to sign with (Config or the call)")),
        };
        crate::config::check_region(region)?;
        let credentials = self.config.credentials.provide_credentials().await.map_err(config_error)?;
        let query: Vec<String> = params
            .iter()
            .map(|(name, value)| {
                format!("{}={}", presign::encode_query_value(name), presign::encode_query_value(value))
            })
            .collect();
        let request = HttpRequest {
            method: "GET".into(),
            url: format!("{base_url}?{}", query.join("&")),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let params = SigningParams {
            credentials: &credentials,
            region,
            service: self.service.signing_name,
            time: config.start().unwrap_or_else(DateTime::now),
            settings: SigningSettings::default(),
        };
        presign::presign_with_payload_hash(&request, &params, config, presign::EMPTY_PAYLOAD_HASH).map_err(config_error)
    }
}

/// Headers describing the serialized body, which a presigned request leaves to the sender:
/// its type and length are whatever the sender's body has.
fn is_body_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("content-length")
}
