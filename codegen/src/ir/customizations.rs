//! Behaviours the AWS SDKs give particular operations beyond what their models say, each
//! named, and listed here by service and operation: the one place the generator knows about
//! them. Each becomes an [`Operation::customizations`](super::Operation::customizations)
//! entry that the emitters act on.

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
