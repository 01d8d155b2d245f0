//! EC2 instance metadata (IMDSv2): the [`ImdsClient`] (endpoint settings, session token,
//! bounded retried requests), the instance role's credentials ([`ImdsCredentialsProvider`]) and
//! the instance's region ([`ImdsRegionProvider`]).

mod client;
mod credentials;
mod endpoint;
mod region;

use std::fmt;

pub use client::{
    ImdsClient, ImdsClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_BACKOFF, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_ATTEMPTS, DEFAULT_TOKEN_TTL, DEFAULT_TOTAL_TIMEOUT, DISABLED_VAR, TOKEN_REFRESH_BUFFER,
};
pub use credentials::ImdsCredentialsProvider;
pub use endpoint::{EndpointMode, InvalidEndpointMode, ENDPOINT_KEY, ENDPOINT_VAR, MODE_KEY, MODE_VAR};
pub use region::ImdsRegionProvider;

/// What kind of failure an [`ImdsError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImdsErrorKind {
    /// `AWS_EC2_METADATA_DISABLED=true`: no request was made.
    Disabled,
    /// A setting is wrong (the endpoint URL, the endpoint mode); the message names it.
    InvalidConfiguration,
    /// Nothing answered the token request (no connection, or none in time): most likely not
    /// an EC2 instance.
    Unreachable,
    /// The token request was refused with HTTP 403: instance metadata is disabled here.
    TokenForbidden,
    /// HTTP 404: the path does not exist (no role attached, for the role list).
    NotFound,
    /// Another error status, after the retries a 5xx gets.
    ErrorStatus(u16),
    /// A request after the token failed in transport.
    Transport,
    /// A request after the token took longer than the attempt timeout.
    Timeout,
    /// The reply is not what the path gives (too long, not UTF-8, not a token).
    InvalidReply,
}

/// A failed instance metadata request: its kind, and a message naming the URL or setting.
/// Never contains a token or a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImdsError {
    kind: ImdsErrorKind,
    message: String,
}

impl ImdsError {
    fn new(kind: ImdsErrorKind, message: impl Into<String>) -> Self {
        ImdsError { kind, message: message.into() }
    }

    fn invalid_configuration(message: impl Into<String>) -> Self {
        Self::new(ImdsErrorKind::InvalidConfiguration, message)
    }

    /// How it failed.
    pub fn kind(&self) -> ImdsErrorKind {
        self.kind
    }
}

impl fmt::Display for ImdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "instance metadata: {}", self.message)
    }
}

impl std::error::Error for ImdsError {}
