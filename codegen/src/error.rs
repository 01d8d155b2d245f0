//! The one error type of the generator: every failure names the file and the JSON path.

use std::fmt;

/// A model that cannot be read or does not make sense, located by file and JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The file name as given to the loader (`service-2.json`).
    pub file: String,
    /// A dotted JSON path (`shapes.CopySnapshotMessage.members.Foo.shape`), or empty for the
    /// whole document.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl ModelError {
    /// An error at `path` in `file`.
    pub fn new(file: impl Into<String>, path: impl Into<String>, message: impl Into<String>) -> Self {
        ModelError { file: file.into(), path: path.into(), message: message.into() }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

impl std::error::Error for ModelError {}

/// A failure while emitting or formatting code (a bug in the generator, reported not panicked).
#[derive(Debug)]
pub struct EmitError {
    /// Which generated file was being produced.
    pub file: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "generating {}: {}", self.file, self.message)
    }
}

impl std::error::Error for EmitError {}
