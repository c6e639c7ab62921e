//! One side of a comparison: a checked model, its sources, and a stable key
//! for each of its files so the two sides can be matched up.
//!
//! Files are matched by their path relative to the side's base directory (a
//! release checked out elsewhere keeps its layout); when a side is a single
//! file, that root file is matched with the other side's root whatever its name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::{DefRef, Model};
use crate::source::SourceMap;
use crate::span::FileId;
use crate::{Compilation, check_source, load};

/// The key of a root file when a side is one file.
const SINGLE_ROOT: &str = "<root>";

/// One version of a contract, ready to compare.
#[derive(Debug, Clone)]
pub struct Contract {
    /// The checked model.
    pub model: Model,
    /// Its sources (for locations and rendering).
    pub sources: SourceMap,
    keys: Vec<String>,
    structs: HashMap<(String, String), DefRef>,
    enums: HashMap<(String, String), DefRef>,
}

impl Contract {
    /// Loads a contract from `path`: one IDL file, or every `.thrift` file
    /// under a directory (which is then also an include directory). Returns
    /// the failed compilation when the IDL does not check.
    #[allow(clippy::result_large_err)]
    pub fn load(path: &Path, include_dirs: &[PathBuf]) -> Result<Contract, Compilation> {
        let mut dirs = include_dirs.to_vec();
        let (files, base, single) = if path.is_dir() {
            let mut files = Vec::new();
            collect_thrift_files(path, &mut files);
            files.sort();
            dirs.push(path.to_path_buf());
            (files, path.to_path_buf(), false)
        } else {
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (vec![path.to_path_buf()], base, true)
        };
        let compilation = load(&files, &dirs);
        match compilation.model {
            Some(model) if !files.is_empty() => {
                Ok(Contract::new(model, compilation.sources, &base, single))
            }
            _ if files.is_empty() => {
                let mut compilation = compilation;
                compilation
                    .diagnostics
                    .push(crate::Diagnostic::error(format!(
                        "no `.thrift` files under `{}`",
                        path.display()
                    )));
                Err(compilation)
            }
            _ => Err(compilation),
        }
    }

    /// A contract from one in-memory file that includes nothing.
    #[allow(clippy::result_large_err)]
    pub fn from_source(name: &str, text: &str) -> Result<Contract, Compilation> {
        let compilation = check_source(name, text);
        match compilation.model {
            Some(model) => Ok(Contract::new(
                model,
                compilation.sources,
                Path::new(""),
                true,
            )),
            None => Err(compilation),
        }
    }

    fn new(model: Model, sources: SourceMap, base: &Path, single: bool) -> Contract {
        let base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
        let keys = model
            .files
            .iter()
            .map(|file| {
                if single && model.roots.contains(&file.id) {
                    return SINGLE_ROOT.to_owned();
                }
                let path = Path::new(&file.path);
                let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                match path.strip_prefix(&base) {
                    Ok(relative) if !single => relative.to_string_lossy().replace('\\', "/"),
                    _ => format!("{}.thrift", file.name),
                }
            })
            .collect::<Vec<_>>();
        let mut structs = HashMap::new();
        let mut enums = HashMap::new();
        for file in &model.files {
            let key = keys.get(file.id.0 as usize).cloned().unwrap_or_default();
            for s in &file.structs {
                let def = DefRef {
                    file: file.id,
                    name: s.name.clone(),
                };
                structs.insert((key.clone(), s.name.clone()), def);
            }
            for e in &file.enums {
                let def = DefRef {
                    file: file.id,
                    name: e.name.clone(),
                };
                enums.insert((key.clone(), e.name.clone()), def);
            }
        }
        Contract {
            model,
            sources,
            keys,
            structs,
            enums,
        }
    }

    /// The key that matches `file` with its counterpart on the other side.
    pub fn key(&self, file: FileId) -> &str {
        self.keys.get(file.0 as usize).map_or("", String::as_str)
    }

    /// The struct, union or exception `name` in the file with key `key`.
    pub(super) fn struct_by_key(&self, key: &str, name: &str) -> Option<&DefRef> {
        self.structs.get(&(key.to_owned(), name.to_owned()))
    }

    /// The enum `name` in the file with key `key`.
    pub(super) fn enum_by_key(&self, key: &str, name: &str) -> Option<&DefRef> {
        self.enums.get(&(key.to_owned(), name.to_owned()))
    }
}

/// Every `.thrift` file under `dir`, recursively (unreadable entries are
/// skipped; the loader reports files it cannot read).
fn collect_thrift_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "thrift") {
                out.push(path);
            }
        }
    }
}
