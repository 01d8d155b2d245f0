//! Steps 1 and 2: `apply` entries and mixins resolved, so every later step reads each shape's
//! full set of members and traits ([`Resolved`]).

use crate::error::ModelError;
use crate::model::botocore::indexmap_like::OrderedMap;
use crate::model::smithy::{AstMember, AstShape, SmithyModel};
use serde_json::Value;
use std::collections::BTreeMap;

/// How deeply mixins may build on mixins, and resources nest in resources: each level is one
/// recursion of the resolver, and 10,000 overflowed the stack. Smithy models use a few levels
/// (AWS's deepest resource trees are about five); 64 leaves room and keeps the recursion shallow.
pub const MAX_SMITHY_NESTING: usize = 64;

/// A shape with mixins and `apply` resolved.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    pub(super) kind: String,
    pub(super) traits: OrderedMap<Value>,
    pub(super) members: Vec<(String, AstMember)>,
    pub(super) member: Option<AstMember>,
    pub(super) key: Option<AstMember>,
    pub(super) value: Option<AstMember>,
}

impl Resolved {
    /// A shape of `kind` with no traits and no members.
    pub(super) fn bare(kind: &str) -> Self {
        Resolved {
            kind: kind.to_string(),
            traits: OrderedMap::default(),
            members: vec![],
            member: None,
            key: None,
            value: None,
        }
    }
}

/// Traits an `apply` entry adds to a member that only a mixin declares: they wait until the
/// mixins are resolved.
pub(super) struct Deferred(Vec<(String, OrderedMap<Value>)>);

/// Step 1: the model's shapes by id, with the traits of `apply` entries merged in (those for
/// members a mixin declares are returned for [`mixins`]).
pub(super) fn apply(file: &str, model: &SmithyModel) -> Result<(BTreeMap<String, AstShape>, Deferred), ModelError> {
    let mut defs: BTreeMap<String, AstShape> = BTreeMap::new();
    let mut applies = Vec::new();
    for (id, shape) in model.shapes.iter() {
        if !id.contains('#') {
            return Err(ModelError::new(file, id, "not an absolute shape id (namespace#Name)"));
        }
        if shape.kind == "apply" {
            applies.push((id.clone(), shape.traits.clone()));
        } else {
            defs.insert(id.clone(), shape.clone());
        }
    }
    let mut deferred = Vec::new();
    for (target, traits) in applies {
        let (shape_id, member) = split_member(&target);
        let Some(shape) = defs.get_mut(shape_id) else {
            return Err(ModelError::new(file, &target, format!("apply: target {shape_id:?} not found")));
        };
        match member {
            None => merge_traits(&mut shape.traits, &traits),
            Some(m) => match member_mut(shape, m) {
                Some(mm) => merge_traits(&mut mm.traits, &traits),
                None => deferred.push((target.clone(), traits)),
            },
        }
    }
    Ok((defs, Deferred(deferred)))
}

/// Step 2: every shape with its mixins resolved, then the deferred `apply` traits merged in.
pub(super) fn mixins(
    file: &str,
    defs: &BTreeMap<String, AstShape>,
    deferred: Deferred,
) -> Result<BTreeMap<String, Resolved>, ModelError> {
    let mut resolver = Resolver { file, defs, done: BTreeMap::new(), stack: Vec::new() };
    for id in defs.keys() {
        resolver.resolve(id)?;
    }
    let mut resolved = resolver.done;
    for (target, traits) in deferred.0 {
        let (shape_id, member) = split_member(&target);
        let m = member.unwrap_or_default();
        let r = resolved
            .get_mut(shape_id)
            .ok_or_else(|| ModelError::new(file, &target, format!("apply: target {shape_id:?} not found")))?;
        let mm = r
            .members
            .iter_mut()
            .find(|(n, _)| n == m)
            .map(|(_, mm)| mm)
            .ok_or_else(|| ModelError::new(file, &target, format!("apply: {shape_id:?} has no member {m:?}")))?;
        merge_traits(&mut mm.traits, &traits);
    }
    Ok(resolved)
}

/// Resolves shapes depth first, each once.
struct Resolver<'a> {
    file: &'a str,
    defs: &'a BTreeMap<String, AstShape>,
    done: BTreeMap<String, Resolved>,
    /// The shapes being resolved, outermost first: a mixin met again is a cycle.
    stack: Vec<String>,
}

impl Resolver<'_> {
    fn err(&self, id: &str, message: String) -> ModelError {
        ModelError::new(self.file, id, message)
    }

    /// Resolves `id`'s mixins: the mixins' members come first, in mixin order, then the shape's
    /// own (a redeclared member adds its traits to the inherited one); the mixins' traits apply
    /// except `smithy.api#mixin` itself and those the mixin marks `localTraits`.
    fn resolve(&mut self, id: &str) -> Result<(), ModelError> {
        if self.done.contains_key(id) {
            return Ok(());
        }
        if self.stack.iter().any(|s| s == id) {
            return Err(self.err(id, format!("mixin cycle: {} -> {id}", self.stack.join(" -> "))));
        }
        if self.stack.len() >= MAX_SMITHY_NESTING {
            return Err(self.err(
                id,
                format!("mixins build on mixins more than {MAX_SMITHY_NESTING} deep (from {})", self.stack[0]),
            ));
        }
        let defs = self.defs;
        let shape = &defs[id];
        self.stack.push(id.to_string());
        let mut r = Resolved::bare(if shape.kind == "set" { "list" } else { &shape.kind });
        for m in &shape.mixins {
            if !defs.contains_key(&m.target) {
                return Err(self.err(id, format!("mixin: target {:?} not found", m.target)));
            }
            self.resolve(&m.target)?;
            let mixin = &self.done[&m.target];
            if mixin.traits.get("smithy.api#mixin").is_none() {
                return Err(self.err(id, format!("mixin {:?} is not marked @mixin", m.target)));
            }
            inherit(&mut r, mixin);
        }
        merge_traits(&mut r.traits, &shape.traits);
        for (n, m) in shape.members.iter().flat_map(|m| m.iter()) {
            match r.members.iter_mut().find(|(x, _)| x == n) {
                Some((_, existing)) => {
                    existing.target = m.target.clone();
                    merge_traits(&mut existing.traits, &m.traits);
                }
                None => r.members.push((n.clone(), m.clone())),
            }
        }
        for (slot, own) in [(&mut r.member, &shape.member), (&mut r.key, &shape.key), (&mut r.value, &shape.value)] {
            if let Some(own) = own {
                let mut m = own.clone();
                if let Some(inh) = slot.take() {
                    let mut t = inh.traits;
                    merge_traits(&mut t, &own.traits);
                    m.traits = t;
                }
                *slot = Some(m);
            }
        }
        self.stack.pop();
        self.done.insert(id.to_string(), r);
        Ok(())
    }
}

/// Adds what `mixin` gives to `r`: its traits (but `smithy.api#mixin` and its `localTraits`),
/// its members, and its list or map parts.
fn inherit(r: &mut Resolved, mixin: &Resolved) {
    let local: Vec<String> = mixin
        .traits
        .get("smithy.api#mixin")
        .and_then(|v| v.get("localTraits"))
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let inherited = OrderedMap::from(
        mixin
            .traits
            .iter()
            .filter(|(k, _)| *k != "smithy.api#mixin" && !local.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>(),
    );
    merge_traits(&mut r.traits, &inherited);
    for (n, m) in &mixin.members {
        match r.members.iter_mut().find(|(x, _)| x == n) {
            Some((_, existing)) => merge_traits(&mut existing.traits, &m.traits),
            None => r.members.push((n.clone(), m.clone())),
        }
    }
    r.member = r.member.take().or(mixin.member.clone());
    r.key = r.key.take().or(mixin.key.clone());
    r.value = r.value.take().or(mixin.value.clone());
}

fn split_member(id: &str) -> (&str, Option<&str>) {
    match id.split_once('$') {
        Some((s, m)) => (s, Some(m)),
        None => (id, None),
    }
}

fn member_mut<'a>(shape: &'a mut AstShape, name: &str) -> Option<&'a mut AstMember> {
    match name {
        "member" if shape.member.is_some() => shape.member.as_mut(),
        "key" if shape.key.is_some() => shape.key.as_mut(),
        "value" if shape.value.is_some() => shape.value.as_mut(),
        _ => shape.members.as_mut().and_then(|m| m.get_mut(name)),
    }
}

/// Later traits win.
fn merge_traits(into: &mut OrderedMap<Value>, from: &OrderedMap<Value>) {
    for (k, v) in from.iter() {
        match into.get_mut(k) {
            Some(slot) => *slot = v.clone(),
            None => into.push(k.clone(), v.clone()),
        }
    }
}
