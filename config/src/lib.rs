//! Where an awsgen client's region and credentials come from, as the AWS SDKs define it.
//!
//! `awsgen-runtime` reads static keys from the environment and the profile by itself; this
//! crate adds every other source the AWS SDKs' default chains know: roles assumed through STS
//! (`role_arn` with `source_profile` or `credential_source`), web identity (EKS IRSA), IAM
//! Identity Center (SSO), `credential_process`, the container endpoint (ECS, EKS Pod
//! Identity) and EC2 instance metadata (IMDSv2), and the region from instance metadata. It is a
//! crate of its own because the role and SSO providers call STS, SSO and SSO-OIDC through
//! awsgen's generated clients, which a client that only signs with static keys need not build.
//!
//! Every provider reads the environment, the files and the network through a
//! [`ProviderConfig`], so tests replace all three.

#![warn(missing_docs)]

mod common;
pub mod container;
mod credentials_json;
mod default_chain;
pub mod imds;
mod loader;
mod local_http;
pub mod process;
pub mod profile;
pub mod profile_chain;
mod provider_config;
pub mod sso;
pub mod sts;
mod uri;
pub mod web_identity;

pub use container::ContainerCredentialsProvider;
pub use default_chain::{DefaultCredentialsChain, DefaultRegionChain};
pub use imds::{ImdsClient, ImdsCredentialsProvider, ImdsRegionProvider};
pub use loader::{load_defaults, ConfigLoader};
pub use local_http::MAX_REPLY_LEN;
pub use process::CredentialProcessProvider;
pub use profile::ProfileCredentialsProvider;
pub use provider_config::ProviderConfig;
pub use sso::SsoCredentialsProvider;
pub use sts::AssumeRoleProvider;
pub use web_identity::WebIdentityTokenProvider;
