//! [`setters!`](crate::setters): the three builder methods of each input member (`x`, `set_x`,
//! `get_x`), written by the generated input builders as one entry per member instead of a dozen
//! lines. Each builder is generic over what it sends with (nothing, a client, a waiter's
//! poller), so these methods exist once per operation and serve the fluent and waiter builders
//! too.

/// The builder methods of input members, one entry per member:
/// `kind "WireName" field set_field get_field: Item;` where `Item` is what the one-value setter
/// takes; what the builder holds (in an `Option`) follows from the kind:
///
/// - `value`: `field(v: impl Into<Item>)` sets the member, an `Item`;
/// - `boxed`: the same, boxing the value (a recursive member): a `Box<Item>`;
/// - `list` / `sparse_list`: `field(item)` appends one item (a present one to a sparse list) to
///   a `Vec<Item>` / `Vec<Option<Item>>`;
/// - `map` / `sparse_map`: `field(key, value)` adds one entry (present, to a sparse map) to a
///   `BTreeMap<String, Item>` / `BTreeMap<String, Option<Item>>`.
///
/// `set_field` sets or clears the whole member, `get_field` reads it. Attributes before an
/// entry go on its one-value setter.
#[macro_export]
macro_rules! setters {
    ($($(#[$attr:meta])* $kind:ident $wire:literal $f:ident $set:ident $get:ident: $item:ty;)*) => {
        $($crate::setters!(@$kind $wire $f $set $get [$(#[$attr])*] $item);)*
    };
    (@value $wire:literal $f:ident $set:ident $get:ident [$($a:tt)*] $item:ty) => {
        #[doc = concat!(" Sets `", $wire, "`.")]
        $($a)*
        pub fn $f(mut self, v: impl Into<$item>) -> Self {
            self.$f = Some(v.into());
            self
        }
        $crate::setters!(@set_get $wire $f $set $get $item);
    };
    (@boxed $wire:literal $f:ident $set:ident $get:ident [$($a:tt)*] $item:ty) => {
        #[doc = concat!(" Sets `", $wire, "`.")]
        $($a)*
        pub fn $f(mut self, v: impl Into<$item>) -> Self {
            self.$f = Some(Box::new(v.into()));
            self
        }
        $crate::setters!(@set_get $wire $f $set $get Box<$item>);
    };
    (@list $wire:literal $f:ident $set:ident $get:ident [$($a:tt)*] $item:ty) => {
        #[doc = concat!(" Appends one item to `", $wire, "`.")]
        $($a)*
        pub fn $f(mut self, item: impl Into<$item>) -> Self {
            self.$f.get_or_insert_with(Vec::new).push(item.into());
            self
        }
        $crate::setters!(@set_get $wire $f $set $get Vec<$item>);
    };
    (@sparse_list $wire:literal $f:ident $set:ident $get:ident [$($a:tt)*] $item:ty) => {
        #[doc = concat!(" Appends one item to `", $wire, "`.")]
        $($a)*
        pub fn $f(mut self, item: impl Into<$item>) -> Self {
            self.$f.get_or_insert_with(Vec::new).push(Some(item.into()));
            self
        }
        $crate::setters!(@set_get $wire $f $set $get Vec<Option<$item>>);
    };
    (@map $wire:literal $f:ident $set:ident $get:ident [$($a:tt)*] $item:ty) => {
        #[doc = concat!(" Adds one entry to `", $wire, "`.")]
        $($a)*
        pub fn $f(mut self, key: impl Into<String>, value: impl Into<$item>) -> Self {
            self.$f.get_or_insert_with(Default::default).insert(key.into(), value.into());
            self
        }
        $crate::setters!(@set_get $wire $f $set $get ::std::collections::BTreeMap<String, $item>);
    };
    (@sparse_map $wire:literal $f:ident $set:ident $get:ident [$($a:tt)*] $item:ty) => {
        #[doc = concat!(" Adds one entry to `", $wire, "`.")]
        $($a)*
        pub fn $f(mut self, key: impl Into<String>, value: impl Into<$item>) -> Self {
            self.$f.get_or_insert_with(Default::default).insert(key.into(), Some(value.into()));
            self
        }
        $crate::setters!(@set_get $wire $f $set $get ::std::collections::BTreeMap<String, Option<$item>>);
    };
    (@set_get $wire:literal $f:ident $set:ident $get:ident $t:ty) => {
        #[doc = concat!(" Sets or clears `", $wire, "`.")]
        pub fn $set(mut self, v: Option<$t>) -> Self {
            self.$f = v;
            self
        }
        #[doc = concat!(" The value of `", $wire, "` set so far.")]
        pub fn $get(&self) -> &Option<$t> {
            &self.$f
        }
    };
}

/// A required member's value, or the error naming it (`member`, its wire name) when unset.
pub fn required<T>(value: Option<T>, member: &str) -> Result<T, crate::error::InvalidRequestError> {
    value.ok_or_else(|| crate::error::InvalidRequestError::missing(member))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Builder {
        name: Option<String>,
        next: Option<Box<i64>>,
        keys: Option<Vec<String>>,
        sparse_keys: Option<Vec<Option<String>>>,
        tags: Option<BTreeMap<String, i32>>,
        sparse_tags: Option<BTreeMap<String, Option<i32>>>,
    }

    impl Builder {
        crate::setters! {
            value "Name" name set_name get_name: String;
            boxed "Next" next set_next get_next: i64;
            list "Keys" keys set_keys get_keys: String;
            sparse_list "SparseKeys" sparse_keys set_sparse_keys get_sparse_keys: String;
            map "Tags" tags set_tags get_tags: i32;
            sparse_map "SparseTags" sparse_tags set_sparse_tags get_sparse_tags: i32;
        }
    }

    #[test]
    fn each_kind_stores_what_its_field_holds() {
        let b = Builder::default()
            .name("a")
            .next(7)
            .keys("k1")
            .keys("k2")
            .sparse_keys("s")
            .tags("t", 1)
            .sparse_tags("u", 2);
        assert_eq!(b.get_name().as_deref(), Some("a"));
        assert_eq!(b.get_next().as_deref(), Some(&7));
        assert_eq!(b.get_keys().as_deref(), Some(&["k1".to_string(), "k2".to_string()][..]));
        assert_eq!(b.get_sparse_keys().as_deref(), Some(&[Some("s".to_string())][..]));
        assert_eq!(b.get_tags().as_ref().and_then(|t| t.get("t")), Some(&1));
        assert_eq!(b.get_sparse_tags().as_ref().and_then(|t| t.get("u")), Some(&Some(2)));
    }

    #[test]
    fn set_replaces_or_clears_the_whole_member() {
        let b = Builder::default().keys("k").set_keys(Some(vec!["x".into(), "y".into()]));
        assert_eq!(b.get_keys().as_ref().map(Vec::len), Some(2));
        let b = b.set_keys(None).set_sparse_keys(Some(vec![None]));
        assert_eq!(b.get_keys(), &None);
        assert_eq!(b.get_sparse_keys(), &Some(vec![None]));
        let b = b.name("a").set_name(None).set_next(Some(Box::new(1))).set_tags(Some(BTreeMap::new()));
        assert_eq!((b.get_name(), b.get_next().as_deref()), (&None, Some(&1)));
        let b = b.sparse_tags("u", 2).set_sparse_tags(None);
        assert_eq!((b.get_tags().as_ref().map(BTreeMap::len), b.get_sparse_tags()), (Some(0), &None));
    }
}
