//! Cross-crate tests for awsgen; see tests/tests/.
