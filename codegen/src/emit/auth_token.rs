//! `src/auth_token.rs` of the services in
//! [`IAM_AUTH_TOKEN_SERVICES`](crate::ir::customizations::IAM_AUTH_TOKEN_SERVICES) (ElastiCache):
//! `Client::iam_auth_token(cache, user)`, a builder whose `generate()` presigns
//! `GET http://{cache}/?Action=connect&User={user}[&ResourceType=ServerlessCache]` for 15
//! minutes through the runtime's `ClientCore::presign_get`, the token being that URL without its
//! scheme, as ElastiCache's IAM authentication documents it. Everything but the request's shape
//! is the runtime's.

use crate::ir::{customizations, Service};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the service's crate gets the file.
pub fn applies(svc: &Service) -> bool {
    customizations::has_iam_auth_token(&svc.service_id)
}

/// The file's items.
pub fn emit() -> TokenStream {
    quote! {
        //! IAM authentication tokens: the password a Valkey or Redis OSS client sends (`AUTH` or
        //! `HELLO`) to connect as an ElastiCache user whose authentication mode is IAM. A token
        //! is a SigV4-presigned `connect` request for the cache and user, signed with this
        //! client's credentials, valid for [`TOKEN_EXPIRY`]; the caller needs
        //! `elasticache:Connect` on both.

        use ::awsgen_runtime::error::{ConfigError, InvalidRequestError};
        use ::awsgen_runtime::presign::{AuthToken, PresigningConfig};
        use ::awsgen_runtime::{DateTime, SdkError};
        use std::convert::Infallible;
        use std::time::Duration;

        /// How long a token is valid: 15 minutes, as ElastiCache's IAM authentication sets it.
        pub const TOKEN_EXPIRY: Duration = Duration::from_secs(900);

        impl crate::Client {
            /// Starts an IAM authentication token for user `user_id` of the replication group or
            /// serverless cache `cache_name` (for a serverless cache, add `.serverless(true)`);
            /// `.generate().await` signs it. Nothing is sent. The cache name is signed in lower
            /// case, as ElastiCache stores it.
            pub fn iam_auth_token(
                &self,
                cache_name: impl Into<String>,
                user_id: impl Into<String>,
            ) -> IamAuthTokenBuilder {
                IamAuthTokenBuilder {
                    core: self.core.clone(),
                    cache_name: cache_name.into(),
                    user_id: user_id.into(),
                    serverless: false,
                    region: None,
                    start_time: None,
                }
            }
        }

        /// Builds an IAM authentication token: see [`Client::iam_auth_token`](crate::Client::iam_auth_token).
        #[derive(Clone, Debug)]
        pub struct IamAuthTokenBuilder {
            core: ::awsgen_runtime::ClientCore,
            cache_name: String,
            user_id: String,
            serverless: bool,
            region: Option<String>,
            start_time: Option<DateTime>,
        }

        impl IamAuthTokenBuilder {
            /// Whether the cache is a serverless cache (`ResourceType=ServerlessCache`) rather
            /// than a replication group (the default).
            pub fn serverless(mut self, serverless: bool) -> Self {
                self.serverless = serverless;
                self
            }

            /// The cache's region (default: the client's).
            pub fn region(mut self, region: impl Into<String>) -> Self {
                self.region = Some(region.into());
                self
            }

            /// When the token's validity starts (default: now); for tests.
            pub fn start_time(mut self, time: DateTime) -> Self {
                self.start_time = Some(time);
                self
            }

            /// Signs the token with the client's credentials. Fails before signing if the cache
            /// name is not one host label or the user id is empty.
            pub async fn generate(self) -> Result<AuthToken, SdkError<Infallible>> {
                if !::awsgen_runtime::endpoint::is_valid_host_label(&self.cache_name, false) {
                    return Err(SdkError::InvalidRequest(InvalidRequestError {
                        member: "cache_name".into(),
                        reason: "expected a cache name: letters, digits and inner `-`, at most 63".into(),
                    }));
                }
                if self.user_id.is_empty() {
                    return Err(SdkError::InvalidRequest(InvalidRequestError::missing("user_id")));
                }
                let mut config = PresigningConfig::expires_in(TOKEN_EXPIRY)
                    .map_err(|e| SdkError::Config(ConfigError { message: e.to_string() }))?;
                if let Some(start) = self.start_time {
                    config = config.start_time(start);
                }
                let mut params = vec![("Action", "connect"), ("User", self.user_id.as_str())];
                if self.serverless {
                    params.push(("ResourceType", "ServerlessCache"));
                }
                // ElastiCache stores cache names in lower case, whatever case they were created in.
                let url = format!("http://{}/", self.cache_name.to_ascii_lowercase());
                let presigned = self.core.presign_get(&url, &params, self.region.as_deref(), &config).await?;
                Ok(AuthToken::from_presigned(&presigned))
            }
        }
    }
}
