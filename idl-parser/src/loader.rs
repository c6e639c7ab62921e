//! The loader: reads the root files and everything they include, parsing each
//! file once.
//!
//! An include is searched relative to the including file's directory first,
//! then in each include directory in order (as the reference compiler does).
//! Missing files, directories, unreadable or non-UTF-8 files and include
//! cycles are errors that show the chain of includes that led to them. The
//! walk uses an explicit stack, so a long include chain cannot overflow the
//! call stack.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::ast::{Document, Header};
use crate::diagnostic::Diagnostic;
use crate::parse;
use crate::source::SourceMap;
use crate::span::{FileId, Span};

/// Files larger than this are rejected before reading (spans are `u32`).
const MAX_FILE_SIZE: u64 = 1 << 31;

/// Every parsed file of a compilation and how they include each other.
#[derive(Debug, Default)]
pub(crate) struct LoadedFiles {
    /// Parsed documents by file id (`None` when the file could not be read or parsed).
    pub(crate) documents: Vec<Option<Document>>,
    /// For every file, the files its `include` headers resolved to, in header order
    /// (`None` where the include failed).
    pub(crate) includes: Vec<Vec<Option<FileId>>>,
    /// Files in an order where every file comes after the files it includes.
    pub(crate) order: Vec<FileId>,
    /// The root files.
    pub(crate) roots: Vec<FileId>,
}

struct Frame {
    file: FileId,
    next_include: usize,
    /// The include header that brought this file in (none for roots).
    included_at: Option<Span>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Loading,
    Done,
}

struct Loader<'a> {
    include_dirs: &'a [PathBuf],
    sources: &'a mut SourceMap,
    diagnostics: &'a mut Vec<Diagnostic>,
    files: LoadedFiles,
    by_path: HashMap<PathBuf, FileId>,
    state: Vec<State>,
}

/// Loads `roots` and their includes into `sources`; reports into `diagnostics`.
pub(crate) fn load_files(
    roots: &[PathBuf],
    include_dirs: &[PathBuf],
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> LoadedFiles {
    let mut loader = Loader {
        include_dirs,
        sources,
        diagnostics,
        files: LoadedFiles::default(),
        by_path: HashMap::new(),
        state: Vec::new(),
    };
    for root in roots {
        if let Err(message) = check_is_file(root) {
            loader.diagnostics.push(Diagnostic::error(format!(
                "cannot read `{}`: {message}",
                root.display()
            )));
            continue;
        }
        let key = canonical(root);
        if let Some(&id) = loader.by_path.get(&key) {
            loader.files.roots.push(id);
            continue;
        }
        let id = loader.read(root, key, None);
        loader.files.roots.push(id);
        loader.walk(id);
    }
    loader.files
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn check_is_file(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err("it is a directory, not a file".to_owned()),
        Ok(meta) if meta.len() > MAX_FILE_SIZE => {
            Err(format!("it is larger than {MAX_FILE_SIZE} bytes"))
        }
        Ok(_) => Ok(()),
        Err(error) => Err(error.to_string()),
    }
}

impl Loader<'_> {
    /// Reads and parses one file, registering it under `key`.
    fn read(&mut self, path: &Path, key: PathBuf, included_at: Option<Span>) -> FileId {
        let (text, problem) = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => (text, None),
                Err(error) => {
                    let at = error.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                    (text, Some(at))
                }
            },
            Err(error) => {
                let id = self.sources.add(path, String::new());
                let mut d = Diagnostic::error(format!("cannot read `{}`: {error}", path.display()));
                if let Some(span) = included_at {
                    d = d.at(span, "included here");
                }
                self.diagnostics.push(d);
                self.register(id, key, None);
                return id;
            }
        };
        let id = self.sources.add(path, text);
        let document = match problem {
            Some(at) => {
                self.diagnostics.push(
                    Diagnostic::error("file is not valid UTF-8")
                        .at(Span::new(id, at, at + 1), "invalid byte sequence here")
                        .with_note("Thrift IDL files must be UTF-8 text"),
                );
                None
            }
            None => {
                let text = self.sources.get(id).map_or("", |f| f.text.as_str());
                let (document, diagnostics) = parse::parse(id, text);
                self.diagnostics.extend(diagnostics);
                document
            }
        };
        self.register(id, key, document);
        id
    }

    fn register(&mut self, id: FileId, key: PathBuf, document: Option<Document>) {
        let n = id.0 as usize + 1;
        self.files.documents.resize_with(n, || None);
        self.files.includes.resize_with(n, Vec::new);
        self.state.resize(n, State::Loading);
        self.files.documents[id.0 as usize] = document;
        self.by_path.insert(key, id);
    }

    /// Depth-first walk over the includes of `root`, with an explicit stack.
    fn walk(&mut self, root: FileId) {
        let mut stack = vec![Frame {
            file: root,
            next_include: 0,
            included_at: None,
        }];
        while let Some(frame) = stack.last_mut() {
            let file = frame.file;
            let include = self.files.documents[file.0 as usize]
                .as_ref()
                .and_then(|d| {
                    d.headers
                        .iter()
                        .filter_map(|h| match h {
                            Header::Include(i) => Some(i),
                            _ => None,
                        })
                        .nth(frame.next_include)
                })
                .map(|i| (i.path.clone(), i.span));
            frame.next_include += 1;
            let Some((path, span)) = include else {
                self.state[file.0 as usize] = State::Done;
                self.files.order.push(file);
                stack.pop();
                continue;
            };
            let target = self.include(file, &path, span, &stack);
            self.files.includes[file.0 as usize].push(target.map(|(id, _)| id));
            if let Some((id, true)) = target {
                stack.push(Frame {
                    file: id,
                    next_include: 0,
                    included_at: Some(span),
                });
            }
        }
    }

    /// Resolves one include; returns the file and whether it still needs walking.
    fn include(
        &mut self,
        from: FileId,
        path: &str,
        span: Span,
        stack: &[Frame],
    ) -> Option<(FileId, bool)> {
        let written = Path::new(path);
        let from_dir = self
            .sources
            .get(from)
            .and_then(|f| f.path.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let mut candidates = vec![from_dir.join(written)];
        if !written.is_absolute() {
            candidates.extend(self.include_dirs.iter().map(|d| d.join(written)));
        }
        let Some(found) = candidates.iter().find(|c| c.exists()) else {
            let mut d = Diagnostic::error(format!("cannot find included file `{path}`"))
                .at(span, "not found")
                .with_note(format!(
                    "searched: {}",
                    candidates
                        .iter()
                        .map(|c| c.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            d.notes.extend(self.chain(stack));
            self.diagnostics.push(d);
            return None;
        };
        if let Err(message) = check_is_file(found) {
            let mut d = Diagnostic::error(format!("cannot include `{path}`: {message}"))
                .at(span, "included here");
            d.notes.extend(self.chain(stack));
            self.diagnostics.push(d);
            return None;
        }
        let key = canonical(found);
        if let Some(&id) = self.by_path.get(&key) {
            if self.state[id.0 as usize] == State::Loading {
                let mut d = Diagnostic::error(format!("include cycle: `{path}` includes itself"))
                    .at(span, "this include closes the cycle");
                let cycle_start = stack.iter().position(|f| f.file == id).unwrap_or(0);
                let names: Vec<String> = stack[cycle_start..]
                    .iter()
                    .map(|f| self.name(f.file))
                    .chain(std::iter::once(self.name(id)))
                    .collect();
                d = d.with_note(format!("cycle: {}", names.join(" -> ")));
                self.diagnostics.push(d);
                return None;
            }
            return Some((id, false));
        }
        let id = self.read(found, key, Some(span));
        Some((id, true))
    }

    fn name(&self, id: FileId) -> String {
        self.sources
            .get(id)
            .map_or_else(String::new, |f| f.name.clone())
    }

    /// "included from" notes, innermost first.
    fn chain(&self, stack: &[Frame]) -> Vec<String> {
        stack
            .iter()
            .rev()
            .filter_map(|f| f.included_at)
            .map(|span| format!("included from {}", self.sources.location(span)))
            .collect()
    }
}

/// A compilation of one already-parsed file whose includes are not followed.
pub(crate) fn single(id: FileId, document: Option<Document>) -> LoadedFiles {
    let includes = document
        .as_ref()
        .map(|d| {
            d.headers
                .iter()
                .filter(|h| matches!(h, Header::Include(_)))
                .map(|_| None)
                .collect()
        })
        .unwrap_or_default();
    LoadedFiles {
        documents: vec![document],
        includes: vec![includes],
        order: vec![id],
        roots: vec![id],
    }
}
