//! Operation subsets: a [`Service`] cut down to the operations a user names
//! ([`Service::retain_operations`]), with only the shapes, errors, paginators and waiters they
//! reach. It works on the IR, so every protocol and both model formats get it, and emitters
//! read the smaller service as they read any other.
//!
//! Names decided for the whole model are kept (a type renamed to dodge a collision keeps its
//! name), so a type or helper is called the same in the subset crate and in the full one, and
//! recursion stays boxed as before (a cycle lies wholly inside what its members reach).

use super::{Location, Omitted, Service, ShapeId, ShapeKind};
use crate::error::ModelError;
use std::collections::BTreeSet;

/// Most names a "did you mean" lists for an unknown operation.
pub const MAX_SUGGESTIONS: usize = 3;

/// What a subset crate leaves out of its model, for its README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subset {
    /// Operations in the whole model (generated or not).
    pub model_operations: usize,
    /// Operations of the model outside the subset, in model order.
    pub operations: Vec<String>,
    /// Paginated operations left out (generated paginators first, then those the full crate
    /// also leaves out).
    pub paginators: Vec<String>,
    /// Waiters left out with the operation they poll (generated ones first, as for paginators).
    pub waiters: Vec<String>,
}

impl Service {
    /// The service with only the operations named in `names` (model names, `CopySnapshot`),
    /// and the shapes, errors, paginators and waiters they reach; [`Service::subset`] records
    /// what is left out. A name the model does not have, a repeated name or an empty list is
    /// an error located at `file` and `path` (`path[i]` for the `i`th name), suggesting the
    /// model's closest names. An operation named but not generated (an event stream) stays
    /// listed in [`Service::omitted_operations`].
    pub fn retain_operations<S: AsRef<str>>(&self, names: &[S], file: &str, path: &str) -> Result<Service, ModelError> {
        let wanted = self.check_names(names, file, path)?;
        let keep = |op: &str| wanted.contains(op);
        let mut svc = self.clone();
        svc.operations.retain(|o| keep(&o.name));
        svc.omitted_operations.retain(|o| keep(&o.name));
        svc.paginators.retain(|p| keep(&p.operation));
        svc.waiters.retain(|w| keep(&w.operation));
        svc.omitted_paginators.retain(|o| keep(&o.operation));
        svc.omitted_waiters.retain(|o| keep(&o.operation));
        svc.reachability();
        let dropped = |o: &Omitted| !keep(&o.operation);
        let all_pages =
            self.paginators.iter().map(|p| &p.operation).chain(self.omitted_paginators.iter().map(|o| &o.name));
        let waiters_out = self.waiters.iter().filter(|w| !keep(&w.operation)).map(|w| w.name.clone());
        svc.subset = Some(Subset {
            model_operations: self.model_operations().count(),
            operations: self.model_operations().filter(|o| !keep(o)).map(String::from).collect(),
            paginators: all_pages.filter(|o| !keep(o)).cloned().collect(),
            waiters: waiters_out
                .chain(self.omitted_waiters.iter().filter(|o| dropped(o)).map(|o| o.name.clone()))
                .collect(),
        });
        Ok(svc)
    }

    /// Every operation name of the model, generated ones first, then the omitted ones.
    fn model_operations(&self) -> impl Iterator<Item = &str> {
        let generated = self.operations.iter().map(|o| o.name.as_str());
        generated.chain(self.omitted_operations.iter().map(|o| o.name.as_str()))
    }

    /// The names as a set, once each is known to be an operation of the model and listed once.
    fn check_names<S: AsRef<str>>(&self, names: &[S], file: &str, path: &str) -> Result<BTreeSet<String>, ModelError> {
        if names.is_empty() {
            return Err(ModelError::new(file, path, "an operation subset needs at least one operation"));
        }
        let known: BTreeSet<&str> = self.model_operations().collect();
        let mut wanted = BTreeSet::new();
        for (i, name) in names.iter().enumerate() {
            let name = name.as_ref();
            let at = format!("{path}[{i}]");
            if !known.contains(name) {
                let mut message = format!("{} has no operation {name:?}", self.service_id);
                let close = suggestions(name, &known);
                if !close.is_empty() {
                    message.push_str(&format!("; did you mean {}?", close.join(", ")));
                }
                return Err(ModelError::new(file, at, message));
            }
            if !wanted.insert(name.to_string()) {
                return Err(ModelError::new(file, at, format!("operation {name:?} is listed twice")));
            }
        }
        Ok(wanted)
    }

    /// Recomputes which shapes the operations reach, as the front end does for a whole model:
    /// shapes reached from an input need serializers, from an output or an error deserializers;
    /// the others, and errors no operation lists, are dropped. A loop over a stack, not
    /// recursion: a chain of thousands of structures is a valid model.
    fn reachability(&mut self) {
        let errors: BTreeSet<ShapeId> = self.operations.iter().flat_map(|o| o.errors.iter().cloned()).collect();
        let inputs = self.reach(self.operations.iter().map(|o| o.input.clone()));
        let outputs = self.reach(self.operations.iter().map(|o| o.output.clone()).chain(errors.iter().cloned()));
        self.shapes.retain(|id, _| inputs.contains(id) || outputs.contains(id));
        for (id, s) in &mut self.shapes {
            s.in_input = inputs.contains(id);
            s.in_output = outputs.contains(id) || s.location == Location::Error;
        }
        self.errors.retain(|e| errors.contains(e));
    }

    /// `start` and every shape it reaches through members, list elements, map keys and values.
    fn reach(&self, start: impl Iterator<Item = ShapeId>) -> BTreeSet<ShapeId> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<ShapeId> = start.collect();
        while let Some(id) = stack.pop() {
            let Some(shape) = self.shapes.get(&id) else { continue };
            if !seen.insert(id) {
                continue;
            }
            match &shape.kind {
                ShapeKind::Structure(s) | ShapeKind::Union(s) => {
                    stack.extend(s.members.iter().map(|m| m.target.clone()))
                }
                ShapeKind::List(l) => stack.push(l.member.clone()),
                ShapeKind::Map(m) => stack.extend([m.key.clone(), m.value.clone()]),
                _ => {}
            }
        }
        seen
    }
}

/// Up to [`MAX_SUGGESTIONS`] names of `known` close to `name`: equal but for case, containing
/// it or contained in it, or within a few edits of it (about one in three letters), closest first.
fn suggestions(name: &str, known: &BTreeSet<&str>) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .filter_map(|k| {
            let k_lower = k.to_ascii_lowercase();
            let distance = edit_distance(&lower, &k_lower);
            let contains = lower.len() >= 4 && (k_lower.contains(&lower) || lower.contains(&k_lower));
            (distance <= (name.len() / 3).max(2) || contains).then_some((distance, *k))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(MAX_SUGGESTIONS).map(|(_, k)| format!("{k:?}")).collect()
}

/// Levenshtein distance over bytes, in one row of memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}
