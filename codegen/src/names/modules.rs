//! The module path of every IDL file below the output root, and the name of
//! the file its items go to.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use trift_idl::model::Model;

use crate::ident;

/// The module path of every file: the `namespace rs` (one module per dotted
/// segment) when there is one, else the file name in snake case. Files that
/// would share a path are told apart by their parent directories
/// (`a/shared.thrift` -> `a_shared`), and as a last resort by `_` suffixes.
pub(super) fn module_paths(model: &Model) -> Vec<Vec<String>> {
    let mut paths: Vec<Vec<String>> = model
        .files
        .iter()
        .map(|file| match file.namespace("rs") {
            Some(namespace) => namespace
                .split('.')
                .map(|s| ident::escape(&ident::snake(s)))
                .collect(),
            None => vec![ident::escape(&ident::snake(&file.name))],
        })
        .collect();
    let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (index, path) in paths.iter().enumerate() {
        groups.entry(path.clone()).or_default().push(index);
    }
    for (path, members) in groups {
        if members.len() < 2 {
            continue;
        }
        for &index in &members {
            let Some(file) = model.files.get(index) else {
                continue;
            };
            let qualified = qualify(&file.path, &file.name);
            if let Some(slot) = paths.get_mut(index) {
                let mut new_path = path.clone();
                if file.namespace("rs").is_some() {
                    new_path.push(ident::escape(&ident::snake(&qualified)));
                } else if let Some(last) = new_path.last_mut() {
                    *last = ident::escape(&ident::snake(&qualified));
                }
                *slot = new_path;
            }
        }
    }
    let mut seen = HashSet::new();
    for path in &mut paths {
        while !seen.insert(path.clone()) {
            if let Some(last) = path.last_mut() {
                let plain = last.trim_start_matches("r#").to_owned();
                *last = ident::escape(&format!("{plain}_"));
            }
        }
    }
    paths
}

/// `dir_name` for a file loaded from `.../dir/name.thrift`.
fn qualify(path: &str, name: &str) -> String {
    let parent = Path::new(path)
        .parent()
        .and_then(Path::file_name)
        .and_then(|dir| dir.to_str())
        .unwrap_or("");
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}_{name}")
    }
}

/// The output file of a module: its path joined by `.`, without raw-identifier
/// prefixes (`trift.tutorial.rs`).
pub(super) fn file_name(path: &[String]) -> String {
    format!(
        "{}.rs",
        path.iter()
            .map(|s| s.trim_start_matches("r#"))
            .collect::<Vec<_>>()
            .join(".")
    )
}
