//! The one place for per-service behaviours: what every AWS SDK does for a service beyond what
//! its model says (S3 above all). Each is a named entry here, read by the lowering or the
//! emitters, never a service-name test elsewhere in the generator. Add a service's behaviour
//! as a new entry beside the others.

/// The operations whose fluent builder gets `presigned(config)`, by the service's `sdk`
/// identity (botocore `metadata.serviceId`): those the AWS SDKs presign. Operations of a
/// service missing from this list are not presignable.
pub const PRESIGNED_OPERATIONS: &[(&str, &[&str])] = &[
    ("S3", &["GetObject", "PutObject", "UploadPart", "HeadObject", "DeleteObject"]),
    // The hand-written fixture service of `tests/data/presign-fixture/`, which stands for S3 in
    // the end-to-end presigning tests until `generated/s3` exists.
    ("PresignFixture", &["GetObject", "PutObject"]),
];

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
