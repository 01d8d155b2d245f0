//! What every generated error type has, written once: [`error_struct!`](crate::error_struct)
//! for the struct of one modeled error, [`error_enum!`](crate::error_enum) for an operation's
//! error enum and the service-wide `Error`. The generated code keeps what varies (fields,
//! variants, codes); these give the constants, accessors, `meta()`, the code match, the
//! conversion into the service-wide error, `Display` and `std::error::Error`.

/// For a generated error struct whose `meta` field is its [`ErrorMetadata`](crate::ErrorMetadata):
/// `CODE`, `HTTP_STATUS`, `message()`, `request_id()`, `Display`, `std::error::Error` and
/// [`ProvideErrorMetadata`](crate::error::ProvideErrorMetadata).
///
/// - `error_struct!(Name "Code" 400);` for a struct with no other field: it also converts
///   `From<ErrorMetadata>`, and has the crate-private `from_reply(meta, resp)` that
///   [`error_enum!`](crate::error_enum)'s code match calls;
/// - `error_struct!(Name "Code" 400 members);` for one with members, whose generated code
///   writes `from_reply`, reading them from the reply.
#[macro_export]
macro_rules! error_struct {
    ($name:ident $code:literal $status:literal) => {
        $crate::error_struct!($name $code $status members);
        impl $name {
            /// This error from its reply: there is nothing to read beyond `meta`.
            pub(crate) fn from_reply(
                meta: $crate::ErrorMetadata,
                _resp: &$crate::http::HttpResponse,
            ) -> Result<Self, $crate::ParseError> {
                Ok($name { meta })
            }
        }
        impl From<$crate::ErrorMetadata> for $name {
            fn from(meta: $crate::ErrorMetadata) -> Self {
                $name { meta }
            }
        }
    };
    ($name:ident $code:literal $status:literal members) => {
        impl $name {
            #[doc = concat!(" The wire error code: `", $code, "`.")]
            pub const CODE: &'static str = $code;
            #[doc = concat!(" The HTTP status the service documents for this error: ", $status, ".")]
            pub const HTTP_STATUS: u16 = $status;
            /// The error message, if the service sent one.
            pub fn message(&self) -> Option<&str> {
                self.meta.message.as_deref()
            }
            /// The request id of the failed call.
            pub fn request_id(&self) -> Option<&str> {
                self.meta.request_id.as_deref()
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.meta, f)
            }
        }
        impl ::std::error::Error for $name {}
        impl $crate::error::ProvideErrorMetadata for $name {
            fn error_metadata(&self) -> Option<&$crate::ErrorMetadata> {
                Some(&self.meta)
            }
        }
    };
}

/// An error enum, from its variants and their wire codes:
///
/// ```text
/// error_enum! {
///     /// Docs.
///     pub enum CopySnapshotError in [crate::error] for Error, Unlisted {
///         SnapshotNotFoundFault "SnapshotNotFoundFault";
///         InvalidParameterValueException "InvalidParameterValue" | "AltCode";
///     }
/// }
/// ```
///
/// Each variant `V` holds the error struct `[module]::V` (an [`error_struct!`](crate::error_struct))
/// and is matched by its codes, the first one wins. `for Error` (an operation's enum) converts
/// it into the service-wide `[module]::Error`; `Unlisted` adds the variant holding any other
/// error the service models (`Box<[module]::Error>`), which `[module]::Error::parse` reads for
/// codes the operation does not list. Every enum gets an `Unhandled` variant for codes the model
/// does not know, `meta()`, `code()`, `message()`, `request_id()`, `is_unhandled()`, `Display`,
/// `std::error::Error`, [`ProvideErrorMetadata`](crate::error::ProvideErrorMetadata), and the crate-private `parse(meta, resp)`, the code match.
///
/// In an `awsQueryCompatible` service each entry ends in `, "ShapeName"`: the error is also
/// matched by the reply's JSON error type (`__type`), which the model may not map to a query
/// code.
#[macro_export]
macro_rules! error_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident in $errs:tt $(for $into:ident)? $(, $unl:ident)? {
            $($v:ident $code:literal $(| $alt:literal)*, $ty:literal;)+
        }
    ) => {
        $crate::error_enum!(@def [$(#[$attr])*] $name $errs [$($unl)?] $($v $code)+);
        $crate::error_enum!(@from [$($into)?] $name $errs [$($unl)?] $($v)+);
        impl $name {
            /// This error from its reply, by the code in `meta` or the JSON error type.
            #[allow(unreachable_patterns, dead_code)]
            pub(crate) fn parse(
                meta: $crate::ErrorMetadata,
                resp: &$crate::http::HttpResponse,
            ) -> Result<Self, $crate::ParseError> {
                let type_code = $crate::protocol::json::parse_error_metadata(resp, false).ok().map(|m| m.code);
                Ok(match (meta.code.as_str(), type_code.as_deref()) {
                    $(($code, _) $(| ($alt, _))* | (_, Some($ty)) => {
                        $name::$v(<$crate::error_enum!(@ty $errs $v)>::from_reply(meta, resp)?)
                    })+
                    _ => $crate::error_enum!(@fallback $name $errs meta resp $($unl)?),
                })
            }
        }
    };
    (
        $(#[$attr:meta])*
        pub enum $name:ident in $errs:tt $(for $into:ident)? $(, $unl:ident)? {
            $($v:ident $code:literal $(| $alt:literal)*;)*
        }
    ) => {
        $crate::error_enum!(@def [$(#[$attr])*] $name $errs [$($unl)?] $($v $code)*);
        $crate::error_enum!(@from [$($into)?] $name $errs [$($unl)?] $($v)*);
        impl $name {
            /// This error from its reply, by the code in `meta`.
            #[allow(unreachable_patterns, dead_code)]
            pub(crate) fn parse(
                meta: $crate::ErrorMetadata,
                resp: &$crate::http::HttpResponse,
            ) -> Result<Self, $crate::ParseError> {
                Ok(match meta.code.as_str() {
                    $($code $(| $alt)* => $name::$v(<$crate::error_enum!(@ty $errs $v)>::from_reply(meta, resp)?),)*
                    _ => $crate::error_enum!(@fallback $name $errs meta resp $($unl)?),
                })
            }
        }
    };
    (@ty [$($e:tt)*] $v:ident) => { $($e)*::$v };
    (@fallback $name:ident $errs:tt $meta:ident $resp:ident) => {{
        let _ = $resp;
        $name::Unhandled($meta)
    }};
    (@fallback $name:ident [$($e:tt)*] $meta:ident $resp:ident $unl:ident) => {
        match <$($e)*::Error>::parse($meta, $resp)? {
            $($e)*::Error::Unhandled(meta) => $name::Unhandled(meta),
            other => $name::$unl(Box::new(other)),
        }
    };
    (@from [] $($rest:tt)*) => {};
    (@from [$into:ident] $name:ident $errs:tt [$($unl:ident)?] $($v:ident)*) => {
        impl From<$name> for $crate::error_enum!(@ty $errs $into) {
            fn from(e: $name) -> Self {
                match e {
                    $($name::$v(e) => Self::$v(e),)*
                    $($name::$unl(e) => *e,)?
                    $name::Unhandled(meta) => Self::Unhandled(meta),
                }
            }
        }
    };
    (@def [$($attr:tt)*] $name:ident $errs:tt [$($unl:ident)?] $($v:ident $code:literal)*) => {
        $($attr)*
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!(" Wire code `", $code, "`.")]
                $v($crate::error_enum!(@ty $errs $v)),
            )*
            $(
                /// An error the service's model defines but does not list for this operation,
                /// as the service-wide error (never its `Unhandled` variant).
                $unl(Box<$crate::error_enum!(@ty $errs Error)>),
            )?
            /// An error code this client's model does not know.
            Unhandled($crate::ErrorMetadata),
        }
        impl $name {
            /// Code, message, request id and HTTP status, whatever the variant.
            pub fn meta(&self) -> &$crate::ErrorMetadata {
                match self {
                    $($name::$v(e) => &e.meta,)*
                    $($name::$unl(e) => e.meta(),)?
                    $name::Unhandled(meta) => meta,
                }
            }
            /// The wire error code.
            pub fn code(&self) -> &str {
                &self.meta().code
            }
            /// The error message, if the service sent one.
            pub fn message(&self) -> Option<&str> {
                self.meta().message.as_deref()
            }
            /// The request id of the failed call.
            pub fn request_id(&self) -> Option<&str> {
                self.meta().request_id.as_deref()
            }
            /// Whether the code is not one the model knows.
            pub fn is_unhandled(&self) -> bool {
                matches!(self, $name::Unhandled(_))
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.meta(), f)
            }
        }
        impl ::std::error::Error for $name {}
        impl $crate::error::ProvideErrorMetadata for $name {
            fn error_metadata(&self) -> Option<&$crate::ErrorMetadata> {
                Some(self.meta())
            }
        }
    };
}

#[cfg(test)]
// The accessors each macro writes are used by generated crates, not all by these tests.
#[allow(dead_code)]
mod tests {
    use crate::http::HttpResponse;
    use crate::ErrorMetadata;

    /// A generated crate's `error` module in small: two memberless errors, one with a member,
    /// the service-wide `Error`.
    mod error {
        #[derive(Clone, Debug, PartialEq)]
        pub struct NotFound {
            pub meta: crate::ErrorMetadata,
        }
        crate::error_struct!(NotFound "NotFoundFault" 404);
        #[derive(Clone, Debug, PartialEq)]
        pub struct Throttled {
            pub meta: crate::ErrorMetadata,
        }
        crate::error_struct!(Throttled "Throttling" 400);
        #[derive(Clone, Debug, PartialEq)]
        pub struct Quota {
            pub meta: crate::ErrorMetadata,
            pub limit: usize,
        }
        crate::error_struct!(Quota "QuotaExceeded" 400 members);
        impl Quota {
            pub(crate) fn from_reply(
                meta: crate::ErrorMetadata,
                resp: &crate::http::HttpResponse,
            ) -> Result<Self, crate::ParseError> {
                Ok(Quota { meta, limit: resp.body.len() })
            }
        }
        crate::error_enum! {
            /// Any error.
            pub enum Error in [super::error] {
                NotFound "NotFoundFault" | "NoSuchThing";
                Quota "QuotaExceeded";
                Throttled "Throttling";
            }
        }
    }

    crate::error_enum! {
        /// One operation's errors: it lists `NotFound` and `Quota`.
        pub enum OpError in [self::error] for Error, Unlisted {
            NotFound "NotFoundFault" | "NoSuchThing";
            Quota "QuotaExceeded";
        }
    }
    crate::error_enum! {
        /// An operation listing every error.
        pub enum AllError in [self::error] for Error {
            NotFound "NotFoundFault" | "NoSuchThing";
            Quota "QuotaExceeded";
            Throttled "Throttling";
        }
    }
    crate::error_enum! {
        /// A query-compatible service's operation: codes, and the JSON type by shape name.
        pub enum CompatError in [self::error] for Error, Unlisted {
            NotFound "NotFoundFault", "NotFoundShape";
            Quota "QuotaExceeded" | "QuotaExceeded", "QuotaShape";
        }
    }

    fn meta(code: &str) -> ErrorMetadata {
        ErrorMetadata {
            code: code.into(),
            message: Some("m".into()),
            request_id: Some("r".into()),
            status: 400,
            ..Default::default()
        }
    }

    #[test]
    fn codes_and_alternate_codes_pick_the_variant_and_members_are_read() {
        let resp = HttpResponse::new(400, "12345");
        assert!(matches!(OpError::parse(meta("NoSuchThing"), &resp), Ok(OpError::NotFound(_))));
        let Ok(OpError::Quota(q)) = OpError::parse(meta("QuotaExceeded"), &resp) else { panic!("not Quota") };
        assert_eq!((q.limit, q.message(), q.request_id()), (5, Some("m"), Some("r")));
        assert_eq!((error::NotFound::CODE, error::NotFound::HTTP_STATUS), ("NotFoundFault", 404));
    }

    #[test]
    fn unlisted_and_unknown_codes() {
        let resp = HttpResponse::new(400, "");
        let e = OpError::parse(meta("Throttling"), &resp).unwrap();
        assert!(matches!(&e, OpError::Unlisted(inner) if matches!(**inner, error::Error::Throttled(_))));
        assert_eq!((e.code(), e.is_unhandled()), ("Throttling", false));
        let e = OpError::parse(meta("Whatever"), &resp).unwrap();
        assert!(e.is_unhandled());
        assert_eq!(e.to_string(), meta("Whatever").to_string());
        assert!(AllError::parse(meta("Whatever"), &resp).unwrap().is_unhandled());
        assert!(matches!(AllError::parse(meta("Throttling"), &resp), Ok(AllError::Throttled(_))));
    }

    #[test]
    fn operation_errors_convert_into_the_service_error() {
        let resp = HttpResponse::new(400, "");
        for code in ["NotFoundFault", "Throttling", "Whatever"] {
            let op: error::Error = OpError::parse(meta(code), &resp).unwrap().into();
            let all: error::Error = AllError::parse(meta(code), &resp).unwrap().into();
            assert_eq!(op, error::Error::parse(meta(code), &resp).unwrap());
            assert_eq!(all, op);
            assert_eq!(op.code(), code);
        }
    }

    #[test]
    fn query_compatible_errors_match_the_json_type_too() {
        let typed = HttpResponse::new(400, r#"{"__type":"QuotaShape","message":"m"}"#);
        assert!(matches!(CompatError::parse(meta("Other"), &typed), Ok(CompatError::Quota(_))));
        let untyped = HttpResponse::new(400, "{}");
        assert!(matches!(CompatError::parse(meta("NotFoundFault"), &untyped), Ok(CompatError::NotFound(_))));
        assert!(matches!(CompatError::parse(meta("Throttling"), &untyped), Ok(CompatError::Unlisted(_))));
        assert!(CompatError::parse(meta("Other"), &untyped).unwrap().is_unhandled());
    }
}
