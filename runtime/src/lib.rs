//! Hand-written runtime shared by every awsgen-generated client.
//!
//! Everything that does not vary per shape lives here, each concern in one module:
//! [`http`] (the transport boundary), [`body`] (streaming bodies: [`ByteStream`]), [`sigv4`]
//! (request signing) and [`presign`] (presigned requests), [`credentials`] and [`profile`] (where keys and region come from),
//! [`endpoint`] (which URL to call), [`retry`] (what to repeat and when), [`query`] (form
//! encoding), [`idempotency`] (tokens for unset idempotency-token members), [`xml`] (streaming
//! XML reading), [`json`] (JSON reading and writing, for the JSON protocols), [`document`] (the
//! one untyped JSON-like value), [`error`] (the error types every operation returns), [`config`]
//! (client configuration), [`operation`] (what a generated operation supplies), [`protocol`]
//! (what differs between wire protocols: one module per family, and restJson1's HTTP bindings),
//! [`client`] (the request pipeline that ties them together), [`interceptor`] (the caller's code at
//! the pipeline's hooks), [`user_agent`] (the `user-agent` headers), [`time`] (timestamps), and
//! [`paginator`] and [`waiter`] (the loops behind generated paginators and waiters). With the
//! `test-util` feature, `replay` offers recorded exchanges and a transport that replays them,
//! for tests.
#![warn(missing_docs)]

pub mod auth_token;
pub mod body;
pub mod builder;
pub use body::ByteStream;
pub mod cbor;
pub mod checksum;
pub mod client;
pub mod compression;
pub mod config;
pub mod credentials;
pub mod document;
pub use document::Document;
pub mod endpoint;
pub mod error;
mod error_impls;
mod hash;
pub mod http;
mod hyper_client;
pub mod idempotency;
pub mod interceptor;
pub mod json;
#[cfg(feature = "test-util")]
pub mod mock;
pub mod operation;
pub mod paginator;
pub mod presign;
pub mod profile;
pub mod protocol;
pub mod query;
#[cfg(feature = "test-util")]
pub mod replay;
pub mod retry;
#[cfg(feature = "serde")]
pub mod serde_support;
pub mod sigv4;
pub mod time;
pub mod user_agent;
pub mod waiter;
pub mod xml;

pub use hyper_client::{HyperClient, HyperClientBuilder, ProxyError, SetupError, MAX_PROXY_REPLY_HEAD};

pub use client::{ClientCore, Customize, ServiceInfo};
pub use config::{Config, ConfigBuilder};
pub use error::{ErrorExtras, ErrorMetadata, ParseError, ProvideErrorMetadata, SdkError, SdkFailure};
pub use operation::{Operation, SerializedRequest};
pub use protocol::Protocol;
pub use time::DateTime;
