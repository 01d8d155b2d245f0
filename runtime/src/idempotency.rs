//! Idempotency tokens: the value of a member the model marks `idempotencyToken` when the
//! caller leaves it unset. Protocol-neutral: form bodies ([`crate::query::QueryWriter`]), JSON
//! bodies, query strings and headers all fill them from a [`TokenSource`].

use std::sync::Arc;

/// Where the idempotency tokens of members the caller left unset come from: a random version-4
/// UUID each ([`idempotency_token`]) unless the configuration says otherwise (a fixed source
/// makes requests reproducible, for tests and recordings).
pub type TokenSource = Arc<dyn Fn() -> String + Send + Sync>;

/// A fresh idempotency token (a random version-4 UUID) for members the model marks
/// `idempotencyToken` and the caller left unset.
pub fn idempotency_token() -> String {
    let a = crate::retry::random_u64();
    let b = crate::retry::random_u64();
    let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_version_4_uuids_and_differ() {
        let t = idempotency_token();
        let groups: Vec<&str> = t.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{t}");
        assert!(t.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit() && !b.is_ascii_uppercase()), "{t}");
        assert_eq!(&groups[2][..1], "4", "version nibble: {t}");
        assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"), "variant bits: {t}");
        assert_ne!(t, idempotency_token());
    }
}
