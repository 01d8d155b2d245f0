//! [`setters!`](crate::setters): the three builder methods of each input member (`x`, `set_x`,
//! `get_x`), written by the generated input builders as one entry per member instead of a dozen
//! lines. Each builder is generic over what it sends with (nothing, a client, a waiter's
//! poller), so these methods exist once per operation and serve the fluent and waiter builders
//! too. [`input_builder!`](crate::input_builder) writes the whole builder (struct, setters,
//! `with_target`, `build`) from the same entries, [`fluent_builder!`](crate::fluent_builder)
//! the fluent builder's `send`.

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

/// An operation's input builder `Builder<S = ()>` from its members, given as
/// [`setters!`](crate::setters) entries, each ending in `, required` for a required member
/// (`, required "Name"` when the error names it otherwise than the setters do):
///
/// ```text
/// input_builder! {
///     /// Docs.
///     #[derive(Clone, PartialEq)]
///     pub struct CopySnapshotInputBuilder for CopySnapshotInput {
///         value "SourceSnapshotName" source_snapshot_name set_source_snapshot_name
///             get_source_snapshot_name: String, required;
///         list "Tags" tags set_tags get_tags: crate::types::Tag;
///     }
/// }
/// ```
///
/// It writes the builder struct (every member an `Option`, the target `S` in `_target`; it
/// derives `Debug` and `Default` besides the attributes given), `Input::builder()`, the setters
/// for every `S`, `with_target` (the members moved to a builder with another target, and the
/// target this one held), and `build()` on `Builder<()>`, which fails naming the first required
/// member that is not set.
#[macro_export]
macro_rules! input_builder {
    (
        $(#[$attr:meta])*
        pub struct $b:ident for $input:ident {
            $($(#[$a:meta])* $kind:ident $wire:literal $f:ident $set:ident $get:ident: $item:ty
                $(, $req:ident $($qn:literal)?)?;)*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Default)]
        pub struct $b<S = ()> {
            $($f: Option<$crate::builder::field::$kind<$item>>,)*
            pub(crate) _target: S,
        }
        impl $input {
            /// A builder for this input.
            pub fn builder() -> $b {
                $b::default()
            }
        }
        impl<S> $b<S> {
            $crate::setters! { $($(#[$a])* $kind $wire $f $set $get: $item;)* }
            /// The members set so far, held for another target, and the target this held.
            pub(crate) fn with_target<T>(self, target: T) -> ($b<T>, S) {
                ($b { $($f: self.$f,)* _target: target }, self._target)
            }
        }
        impl $b {
            /// The input, or an error naming the first required member that is not set.
            pub fn build(self) -> Result<$input, $crate::error::InvalidRequestError> {
                Ok($input { $($f: $crate::input_builder!(@build self.$f, $wire $(, $req $($qn)?)?),)* })
            }
        }
    };
    (@build $v:expr, $wire:literal) => { $v };
    (@build $v:expr, $wire:literal, required) => { $crate::builder::required($v, $wire)? };
    (@build $v:expr, $wire:literal, required $name:literal) => { $crate::builder::required($v, $name)? };
}

/// What an input builder holds for a member of each [`setters!`](crate::setters) kind, by the
/// kind's name (the type of a field is then written `field::list<Tag>`, which a derive accepts
/// where a type macro would not).
#[allow(non_camel_case_types)]
pub mod field {
    /// A value.
    pub type value<T> = T;
    /// A boxed value (a recursive member).
    pub type boxed<T> = Box<T>;
    /// A list.
    pub type list<T> = Vec<T>;
    /// A list whose items may be null.
    pub type sparse_list<T> = Vec<Option<T>>;
    /// A map with string keys.
    pub type map<T> = ::std::collections::BTreeMap<String, T>;
    /// A map whose values may be null.
    pub type sparse_map<T> = ::std::collections::BTreeMap<String, Option<T>>;
}

/// The methods of an operation's fluent builder, an alias of its input builder holding the
/// client (`pub type CopySnapshotFluentBuilder = CopySnapshotInputBuilder<ClientCore>;`):
///
/// ```text
/// fluent_builder! {
///     impl CopySnapshotFluentBuilder {
///         send CopySnapshotInput -> CopySnapshotOutput, CopySnapshotError;
///     }
/// }
/// ```
///
/// writes `new(core)`, `as_input()` and `send()`; attributes before `send` go on it.
#[macro_export]
macro_rules! fluent_builder {
    (
        impl $fluent:ident {
            $(#[$send:meta])*
            send $input:ident -> $output:ident, $error:ident;
        }
    ) => {
        impl $fluent {
            pub(crate) fn new(core: $crate::ClientCore) -> Self {
                $input::builder().with_target(core).0
            }
            /// The input built so far: this builder, whose `get_` methods read it.
            pub fn as_input(&self) -> &Self {
                self
            }
            /// Sends the request. Fails before any I/O if a required member is missing.
            $(#[$send])*
            pub async fn send(self) -> Result<$output, $crate::SdkError<$error>> {
                let (input, core) = self.with_target(());
                core.invoke(&input.build().map_err($crate::SdkError::InvalidRequest)?).await
            }
            /// This call with settings of its own (timeouts, retries, region, endpoint URL,
            /// interceptors, headers), then `send()`.
            $(#[$send])*
            pub fn customize(self) -> $crate::Customize<$input> {
                let (input, core) = self.with_target(());
                $crate::Customize::new(core, input.build())
            }
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

    #[derive(Debug, PartialEq)]
    pub struct Input {
        name: String,
        ec2_id: i32,
        tags: Option<BTreeMap<String, i32>>,
        next: Option<Box<i64>>,
    }

    // Not every setter is called here (the ones above are).
    #[allow(dead_code)]
    mod input {
        use super::Input;
        crate::input_builder! {
            /// A builder.
            #[derive(Clone, PartialEq)]
            pub struct InputBuilder for Input {
                value "Name" name set_name get_name: String, required;
                value "ec2Id" ec2_id set_ec2_id get_ec2_id: i32, required "Ec2Id";
                map "Tags" tags set_tags get_tags: i32;
                boxed "Next" next set_next get_next: i64;
            }
        }
    }

    #[test]
    fn input_builder_builds_and_names_the_first_missing_required_member() {
        let missing = Input::builder().ec2_id(3).tags("t", 1).build().unwrap_err();
        assert_eq!(missing, crate::error::InvalidRequestError::missing("Name"));
        let missing = Input::builder().name("n").build().unwrap_err();
        assert_eq!(missing.member, "Ec2Id");
        let input = Input::builder().name("n").ec2_id(3).next(4).build().unwrap();
        assert_eq!(input, Input { name: "n".into(), ec2_id: 3, tags: None, next: Some(Box::new(4)) });
    }

    #[test]
    fn with_target_moves_the_members_and_hands_back_the_target() {
        let (held, ()) = Input::builder().name("n").tags("t", 1).with_target("client");
        assert_eq!(held._target, "client");
        assert_eq!(held.get_name().as_deref(), Some("n"));
        let (back, target) = held.ec2_id(2).with_target(());
        assert_eq!(target, "client");
        let input = back.build().unwrap();
        assert_eq!((input.ec2_id, input.tags.map(|t| t.len())), (2, Some(1)));
    }
}
