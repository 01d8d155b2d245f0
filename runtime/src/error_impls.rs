//! What every generated error type has, written once: [`error_struct!`](crate::error_struct)
//! for the struct of one modeled error, [`error_enum!`](crate::error_enum) for an operation's
//! error enum and the service-wide `Error`. The generated code keeps what varies (fields,
//! variants, codes, the `meta()` match); these give the accessors, `Display` and
//! `std::error::Error`.

/// `message()`, `request_id()`, `Display` and `std::error::Error` and [`ProvideErrorMetadata`](crate::error::ProvideErrorMetadata) for a generated error struct
/// whose `meta` field is its [`ErrorMetadata`](crate::ErrorMetadata); with `from_meta`, also
/// `From<ErrorMetadata>` (a struct with no other field).
#[macro_export]
macro_rules! error_struct {
    ($name:ident from_meta) => {
        $crate::error_struct!($name);
        impl From<$crate::ErrorMetadata> for $name {
            fn from(meta: $crate::ErrorMetadata) -> Self {
                $name { meta }
            }
        }
    };
    ($name:ident) => {
        impl $name {
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

/// `code()`, `message()`, `request_id()`, `is_unhandled()`, `Display` and
/// `std::error::Error` and [`ProvideErrorMetadata`](crate::error::ProvideErrorMetadata) for a generated error enum with a `meta()` method and an `Unhandled`
/// variant.
#[macro_export]
macro_rules! error_enum {
    ($name:ident) => {
        impl $name {
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
