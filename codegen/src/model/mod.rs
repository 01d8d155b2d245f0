//! Serde types of the input formats, and nothing else: parsing only. Meaning is given to them
//! by `ir`, which validates references and resolves names.

pub mod botocore;
pub mod endpoint_rules;
pub mod smithy;
