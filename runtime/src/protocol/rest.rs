//! restJson1 HTTP bindings (in progress).
