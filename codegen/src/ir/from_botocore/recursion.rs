//! The last step's boxing: a structure (or union) member is boxed when its target can reach
//! back to the member's own structure.

use crate::ir::*;
use std::collections::HashMap;

/// Boxes every member whose target structure can reach back to the member's own structure
/// through structure members alone (unions count as structures, documents do not) (lists and maps already allocate): exactly the members
/// whose two ends are in the same strongly connected component of the structure graph, found
/// in linear time (Tarjan's algorithm, iterative so that long chains cannot overflow the stack).
pub(super) fn mark_recursion(shapes: &mut BTreeMap<ShapeId, Shape>) {
    let ids: Vec<&ShapeId> = shapes.keys().collect();
    let index_of: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = ids
        .iter()
        .map(|id| match members(&shapes[*id]) {
            Some(st) => st
                .members
                .iter()
                .filter(|m| shapes.get(&m.target).and_then(members).is_some())
                .filter_map(|m| index_of.get(m.target.as_str()).copied())
                .collect(),
            None => Vec::new(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let mut to_box = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if let Some(st) = members(&shapes[*id]) {
            for (k, m) in st.members.iter().enumerate() {
                let target = index_of.get(m.target.as_str()).copied();
                let is_structure = shapes.get(&m.target).and_then(members).is_some();
                if is_structure && target.is_some_and(|t| component[t] == component[i]) {
                    to_box.push(((*id).clone(), k));
                }
            }
        }
    }
    for (id, k) in to_box {
        if let Some(Shape { kind: ShapeKind::Structure(st) | ShapeKind::Union(st), .. }) = shapes.get_mut(&id) {
            st.members[k].boxed = true;
        }
    }
}

/// The members of a structure or union.
fn members(shape: &Shape) -> Option<&Structure> {
    match &shape.kind {
        ShapeKind::Structure(st) | ShapeKind::Union(st) => Some(st),
        _ => None,
    }
}

/// The strongly connected component of each node of a graph given as adjacency lists
/// (Tarjan's algorithm with an explicit stack): `result[a] == result[b]` when each reaches
/// the other.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = frames.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    frames.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
