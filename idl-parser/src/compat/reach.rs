//! Which service methods reach a changed type: a breadth-first walk from
//! every method's arguments, result and exceptions over the pairs of types
//! their fields lead to, keeping the shortest path for each method.

use std::collections::{HashMap, VecDeque};

use super::checker::{Checker, Root};

impl Checker<'_> {
    /// For every pair, the methods that reach it, each as
    /// "`Service.method` (argument `w` → `Work.inner`)".
    pub(super) fn reach(&self) -> Vec<Vec<String>> {
        let mut reached: Vec<Vec<String>> = vec![Vec::new(); self.pairs.len()];
        let mut by_method: HashMap<&str, Vec<&Root>> = HashMap::new();
        let mut order = Vec::new();
        for root in &self.roots {
            let entry = by_method.entry(root.method.as_str()).or_default();
            if entry.is_empty() {
                order.push(root.method.as_str());
            }
            entry.push(root);
        }
        for method in order {
            let mut path: Vec<Option<String>> = vec![None; self.pairs.len()];
            let mut queue = VecDeque::new();
            for root in by_method.get(method).into_iter().flatten() {
                if let Some(slot) = path.get_mut(root.pair)
                    && slot.is_none()
                {
                    *slot = Some(root.via.clone());
                    queue.push_back(root.pair);
                }
            }
            while let Some(pair) = queue.pop_front() {
                let here = path.get(pair).cloned().flatten().unwrap_or_default();
                for (next, label) in self.edges.get(pair).into_iter().flatten() {
                    if let Some(slot) = path.get_mut(*next)
                        && slot.is_none()
                    {
                        *slot = Some(format!("{here} → `{label}`"));
                        queue.push_back(*next);
                    }
                }
            }
            for (pair, via) in path.into_iter().enumerate() {
                if let (Some(via), Some(list)) = (via, reached.get_mut(pair)) {
                    list.push(format!("`{method}` ({via})"));
                }
            }
        }
        reached
    }
}
