//! The one place for per-service behaviours: what the AWS SDKs do for a service beyond what
//! its model says (S3 above all). Each is a named entry here, read by the lowering or the
//! emitters, never a service-name test elsewhere in the generator; add a service's behaviour as
//! a new entry beside the others:
//! - per operation, a [`Customization`] (an
//!   [`Operation::customizations`](super::Operation::customizations) entry the emitters act on);
//! - the operations that get `presigned(config)` ([`PRESIGNED_OPERATIONS`]);
//! - client context parameters the configuration fills ([`CONFIG_CLIENT_CONTEXT_PARAMS`]);
//! - path labels the endpoint rules place instead ([`LABELS_PLACED_BY_ENDPOINT`]).

/// One behaviour an operation gets beyond its model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Customization {
    /// A `200` reply whose body is an error document is that error (S3's `CopyObject`,
    /// `UploadPartCopy` and `CompleteMultipartUpload` can fail after the status is sent). Never
    /// applied to a streaming body: the pipeline does not read one.
    ErrorInSuccess,
    /// A reply with this status and no body (the answer to `HEAD`) is this error the operation
    /// lists: its code is set to the error's, as if the body had said so.
    BodilessError {
        /// The HTTP status (`404`).
        status: u16,
        /// The error's shape (`NoSuchKey`).
        error: &'static str,
    },
}

/// Every customization: (service id, operation, what).
const CUSTOMIZATIONS: &[(&str, &str, Customization)] = &[
    ("S3", "CopyObject", Customization::ErrorInSuccess),
    ("S3", "UploadPartCopy", Customization::ErrorInSuccess),
    ("S3", "CompleteMultipartUpload", Customization::ErrorInSuccess),
    // S3 answers `HEAD` without a body; its model lists these errors for the 404.
    ("S3", "HeadObject", Customization::BodilessError { status: 404, error: "NoSuchKey" }),
    ("S3", "HeadBucket", Customization::BodilessError { status: 404, error: "NoSuchBucket" }),
];

/// The customizations of operation `operation` of the service with id `service_id`, among
/// which a [`Customization::BodilessError`] only if `lists(error)` says the operation lists
/// its error.
pub(crate) fn for_operation(service_id: &str, operation: &str, lists: impl Fn(&str) -> bool) -> Vec<Customization> {
    CUSTOMIZATIONS
        .iter()
        .filter(|(s, o, _)| *s == service_id && *o == operation)
        .map(|(_, _, c)| c.clone())
        .filter(|c| match c {
            Customization::BodilessError { error, .. } => lists(error),
            Customization::ErrorInSuccess => true,
        })
        .collect()
}

/// The operations whose fluent builder gets `presigned(config)`, by the service's `sdk`
/// identity (botocore `metadata.serviceId`): those the AWS SDKs presign. Operations of a
/// service missing from this list are not presignable.
pub const PRESIGNED_OPERATIONS: &[(&str, &[&str])] = &[
    ("S3", &["GetObject", "PutObject", "UploadPart", "HeadObject", "DeleteObject"]),
    // The hand-written fixture service of `tests/data/presign-fixture/`, which stands for S3 in
    // the presigning tests against a loopback server that recomputes signatures.
    ("PresignFixture", &["GetObject", "PutObject"]),
];

/// The services whose crate gets `auth_token.rs`: `Client::iam_auth_token`, the IAM
/// authentication token of a cache (a SigV4-presigned `connect` request), by service ID.
/// ElastiCache documents it for Valkey and Redis OSS caches; no SDK generates it from a model.
pub const IAM_AUTH_TOKEN_SERVICES: &[&str] = &["ElastiCache"];

/// Whether the crate of the service with this service ID gets `Client::iam_auth_token`.
pub fn has_iam_auth_token(service_id: &str) -> bool {
    IAM_AUTH_TOKEN_SERVICES.contains(&service_id)
}

/// Whether `operation` of the service with this service ID gets `presigned(config)`.
pub fn is_presigned(service_id: &str, operation: &str) -> bool {
    PRESIGNED_OPERATIONS.iter().any(|(service, ops)| *service == service_id && ops.contains(&operation))
}

/// Client context parameters (botocore `clientContextParams`) that no built-in names but the
/// configuration fills, by rule-set parameter name, with the `BuiltIns` field holding the
/// setting. S3's `DisableS3ExpressSessionAuth` has its own setting
/// (`AWS_S3_DISABLE_EXPRESS_SESSION_AUTH`). The others of botocore 1.44.8 either name a
/// built-in (S3's `ForcePathStyle`, `Accelerate`, `UseArnRegion`,
/// `DisableMultiRegionAccessPoints`; S3 Control's `UseArnRegion`), which fills them, or have no
/// configuration source in any SDK (ACM's `ServiceType`, which its operations set as a static
/// context parameter), and keep their defaults unless an operation sets them.
pub const CONFIG_CLIENT_CONTEXT_PARAMS: &[(&str, &str)] =
    &[("DisableS3ExpressSessionAuth", "disable_s3_express_session_auth")];

/// Path labels that the service's endpoint rules place (in the host name, or in the path for
/// path-style addressing), by service ID and label: the label and the `/` before it are taken
/// out of every `requestUri` that starts with it, and its member is
/// [`Binding::Endpoint`](super::Binding::Endpoint), sent only through its `contextParam`. S3
/// models objects as `/{Bucket}/{Key+}` while its rule set puts the bucket before the path (or
/// as the path's first segment with `ForcePathStyle`), as every SDK does (botocore removes it
/// when it loads the model).
pub const LABELS_PLACED_BY_ENDPOINT: &[(&str, &str)] = &[("S3", "Bucket")];

/// The label of [`LABELS_PLACED_BY_ENDPOINT`] for this service, if any.
pub fn label_placed_by_endpoint(service_id: &str) -> Option<&'static str> {
    LABELS_PLACED_BY_ENDPOINT.iter().find(|(s, _)| *s == service_id).map(|(_, label)| *label)
}

/// `uri` without the leading `/{label}` the endpoint places (`/{Bucket}/{Key+}` → `/{Key+}`,
/// `/{Bucket}?uploads` → `/?uploads`, `/{Bucket}` → `/`), or `None` when it does not start with
/// that label.
pub fn strip_endpoint_label(uri: &str, label: &str) -> Option<String> {
    let rest = uri.strip_prefix('/')?.strip_prefix('{')?.strip_prefix(label)?.strip_prefix('}')?;
    if rest.starts_with('/') {
        Some(rest.to_string())
    } else if rest.is_empty() || rest.starts_with('?') {
        Some(format!("/{rest}"))
    } else {
        None // `/{Bucket}x`: a longer label or literal text, not the bare label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_label_comes_out_of_s3_paths() {
        assert_eq!(label_placed_by_endpoint("S3"), Some("Bucket"));
        assert_eq!(label_placed_by_endpoint("S3 Control"), None);
        let strip = |uri| strip_endpoint_label(uri, "Bucket");
        assert_eq!(strip("/{Bucket}/{Key+}").as_deref(), Some("/{Key+}"));
        assert_eq!(strip("/{Bucket}/{Key+}?uploads").as_deref(), Some("/{Key+}?uploads"));
        assert_eq!(strip("/{Bucket}?list-type=2").as_deref(), Some("/?list-type=2"));
        assert_eq!(strip("/{Bucket}").as_deref(), Some("/"));
        assert_eq!(strip("/{Bucketx}/a"), None);
        assert_eq!(strip("/{Bucket+}"), None);
        assert_eq!(strip("/"), None);
        assert_eq!(strip("/WriteGetObjectResponse"), None);
    }
}
