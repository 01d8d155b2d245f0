//! Where credentials and the region come from when static keys are not enough, as the AWS
//! SDKs' `aws-config` does it: the profile's role chain (`role_arn` with `source_profile` or
//! `credential_source`), STS `AssumeRole` and `AssumeRoleWithWebIdentity`, and SSO, each
//! through the generated `awsgen-sts`, `awsgen-sso` and `awsgen-sso-oidc` clients.
//!
//! Every provider takes a [`ProviderConfig`]: the environment it reads variables and files
//! through, the HTTP transport it calls AWS with and the region, so tests inject their own.

#![warn(missing_docs)]

pub mod profile_chain;
pub mod provide;
pub mod provider_config;
pub mod sso;
pub mod sts;
pub mod web_identity;

pub use provide::ProvideCredentials;
pub use provider_config::ProviderConfig;
pub use sso::SsoCredentialsProvider;
pub use sts::AssumeRoleProvider;
pub use web_identity::WebIdentityTokenProvider;
