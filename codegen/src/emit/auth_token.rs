//! `src/auth_token.rs` of the services in
//! [`IAM_AUTH_TOKEN_SERVICES`](crate::ir::customizations::IAM_AUTH_TOKEN_SERVICES) (ElastiCache):
//! `Client::iam_auth_token(cache, user)`, a builder whose `generate()` presigns
//! `GET http://{cache}/?Action=connect&User={user}[&ResourceType=ServerlessCache]` for 15
//! minutes through the runtime's `ClientCore::presign_get`, the token being that URL without its
//! scheme, as ElastiCache's IAM authentication documents it. Everything but the request's shape
//! is the runtime's (`awsgen_runtime::auth_token`).

use crate::ir::{customizations, Service};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the service's crate gets the file.
pub fn applies(svc: &Service) -> bool {
    customizations::has_iam_auth_token(&svc.service_id)
}

/// The file's items: the client's entry point; the builder and its signing are the runtime's
/// (`awsgen_runtime::auth_token`), re-exported here.
pub fn emit() -> TokenStream {
    quote! {
        //! IAM authentication tokens: the password a Valkey or Redis OSS client sends (`AUTH` or
        //! `HELLO`) to connect as an ElastiCache user whose authentication mode is IAM. A token
        //! is a SigV4-presigned `connect` request for the cache and user, signed with this
        //! client's credentials, valid for [`TOKEN_EXPIRY`]; the caller needs
        //! `elasticache:Connect` on both.

        pub use ::awsgen_runtime::auth_token::{IamAuthTokenBuilder, TOKEN_EXPIRY};
        pub use ::awsgen_runtime::presign::AuthToken;

        impl crate::Client {
            /// Starts an IAM authentication token for user `user_id` of the replication group or
            /// serverless cache `cache_name` (for a serverless cache, add `.serverless(true)`);
            /// `.generate().await` signs it. Nothing is sent. The cache name is signed in lower
            /// case, as ElastiCache stores it.
            pub fn iam_auth_token(&self, cache_name: impl Into<String>, user_id: impl Into<String>) -> IamAuthTokenBuilder {
                IamAuthTokenBuilder::new(self.core.clone(), cache_name, user_id)
            }
        }
    }
}
