//! The public API: [`Builder`] for build scripts and the `trift` CLI.
//!
//! A builder collects options, checking each one when it is set.
//! [`Builder::generate`] loads the IDL, decides names, analyses types and
//! returns the formatted files in memory; only [`Builder::compile`] touches
//! the file system (and only rewrites files whose content changed).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{DefRef, Model};
use trift_idl::{Compilation, Diagnostic};

use crate::Error;
use crate::analysis::Analysis;
use crate::emit::{self, Ctx, ServiceParts};
use crate::lookup::Lookup;
use crate::names::Names;
use crate::output::{self, ModuleEntry};
use crate::plan::Plan;

/// Configures and runs code generation; see the crate docs for a tutorial.
#[derive(Debug, Clone)]
pub struct Builder {
    include_dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    type_attributes: Vec<(String, String)>,
    extern_types: Vec<(String, String)>,
    quiet: bool,
    services: ServiceParts,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            include_dirs: Vec::new(),
            out_dir: None,
            type_attributes: Vec::new(),
            extern_types: Vec::new(),
            quiet: false,
            services: ServiceParts {
                client: true,
                server: true,
            },
        }
    }
}

/// A builder with default options (equivalent to `Builder::default()`).
pub fn configure() -> Builder {
    Builder::default()
}

/// Generates Rust for `files` (and everything they include) into `$OUT_DIR`,
/// searching includes in `include_dirs`: the one-line form of
/// `configure().compile(files, include_dirs)`.
pub fn compile<P: AsRef<Path>>(files: &[P], include_dirs: &[P]) -> Result<(), Error> {
    configure().compile(files, include_dirs)
}

/// One generated file, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path below the output directory, e.g. `tutorial.rs` or `mod.rs`.
    pub path: PathBuf,
    /// The formatted Rust source.
    pub contents: String,
}

impl GeneratedFile {
    /// Whether the file at `path` already holds exactly these contents
    /// (compared block by block, without reading it into memory whole).
    pub fn is_current_at(&self, path: &Path) -> bool {
        output::holds(path, self.contents.as_bytes())
    }
}

/// What [`Builder::generate`] produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// One file per IDL file, then `mod.rs`.
    pub files: Vec<GeneratedFile>,
    /// Every IDL file read, includes too.
    pub inputs: Vec<PathBuf>,
    /// Warnings, rendered like errors (`file:line:col: warning: ...` and a snippet).
    pub warnings: Vec<String>,
}

/// Renders a diagnostic as the one-line form followed by the source snippet.
pub(crate) fn render(
    diagnostic: &Diagnostic,
    compilation_sources: &trift_idl::SourceMap,
) -> String {
    let mut text = diagnostic.display(compilation_sources).to_string();
    text.push('\n');
    let snippet = trift_idl::render::render(diagnostic, compilation_sources);
    // The snippet repeats the message on its first line; keep the rest.
    for line in snippet.lines().skip(1) {
        text.push_str(line);
        text.push('\n');
    }
    text
}

impl Builder {
    /// Adds a directory to search for included files (after the including
    /// file's own directory).
    pub fn include_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.include_dirs.push(dir.into());
        self
    }

    /// Where [`Builder::compile`] writes; defaults to `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Suppresses `cargo:` lines (rerun-if-changed, warnings) in [`Builder::compile`].
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }

    /// Whether to generate the typed client of each service (`CalcClient`);
    /// default `true`. A crate that only serves can turn it off.
    pub fn build_client(mut self, enable: bool) -> Self {
        self.services.client = enable;
        self
    }

    /// Whether to generate the server side of each service: the handler
    /// trait (`Calc`) and the dispatcher (`CalcServer`); default `true`. A
    /// crate that only calls can turn it off. With both sides off, services
    /// generate nothing, not even their argument and result structs.
    pub fn build_server(mut self, enable: bool) -> Self {
        self.services.server = enable;
        self
    }

    /// Adds outer attributes (e.g. `#[derive(serde::Serialize)]`) to the type
    /// `program.Type` (`program` is the IDL file name without `.thrift`).
    /// The attributes are parsed now; an unknown type is reported by
    /// [`Builder::generate`].
    pub fn type_attribute(mut self, idl_type: &str, attributes: &str) -> Result<Self, Error> {
        check_idl_type(idl_type)?;
        parse_attributes(attributes)?;
        self.type_attributes
            .push((idl_type.to_owned(), attributes.to_owned()));
        Ok(self)
    }

    /// Uses the existing Rust type at `rust_path` (e.g. `::my_crate::Money`)
    /// for the IDL type `program.Type`, which is then not generated. The Rust
    /// type must implement `Debug`, `Clone`, `PartialEq`, `Default` and
    /// trift's `WireType`, `Encode` and `Decode`.
    pub fn extern_type(mut self, idl_type: &str, rust_path: &str) -> Result<Self, Error> {
        check_idl_type(idl_type)?;
        syn::parse_str::<syn::Path>(rust_path).map_err(|e| {
            Error::Option(format!(
                "extern_type: `{rust_path}` is not a Rust path: {e}"
            ))
        })?;
        self.extern_types
            .push((idl_type.to_owned(), rust_path.to_owned()));
        Ok(self)
    }

    /// Loads, checks and generates `files`, returning the formatted files in
    /// memory. Does no I/O besides reading the IDL.
    pub fn generate<P: AsRef<Path>>(
        &self,
        files: &[P],
        include_dirs: &[P],
    ) -> Result<Generated, Error> {
        let roots: Vec<PathBuf> = files.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let mut dirs: Vec<PathBuf> = include_dirs
            .iter()
            .map(|p| p.as_ref().to_path_buf())
            .collect();
        dirs.extend(self.include_dirs.iter().cloned());
        let compilation = trift_idl::load(&roots, &dirs);
        self.generate_from(&compilation)
    }

    fn generate_from(&self, compilation: &Compilation) -> Result<Generated, Error> {
        let inputs: Vec<PathBuf> = compilation
            .sources
            .files()
            .map(|(_, f)| f.path.clone())
            .collect();
        let mut diagnostics = compilation.diagnostics.clone();
        let Some(model) = compilation
            .model
            .as_ref()
            .filter(|_| !compilation.has_errors())
        else {
            return Err(diagnostics_error(&diagnostics, &compilation.sources));
        };
        let names = Names::new(model, &mut diagnostics);
        let attributes = self.resolve_attributes(model)?;
        let externs = self.resolve_externs(model)?;
        if trift_idl::diagnostic::has_errors(&diagnostics) {
            return Err(diagnostics_error(&diagnostics, &compilation.sources));
        }
        let lookup = Lookup::new(model);
        let analysis = Analysis::new(model, &lookup, externs.keys().cloned().collect());
        let plan = Plan::new(model, &lookup, &analysis);
        let mut files = Vec::new();
        let mut entries = Vec::new();
        for file in &model.files {
            let ctx = Ctx {
                lookup: &lookup,
                names: &names,
                analysis: &analysis,
                plan: &plan,
                attributes: &attributes,
                externs: &externs,
                services: self.services,
                file: file.id,
            };
            let mut writer = output::FileWriter::new(Some(&file.path));
            let mut failure = None;
            emit::generate_file(&ctx, file, &mut |tokens| {
                if failure.is_none()
                    && let Err(error) = writer.push(tokens, &file.path)
                {
                    failure = Some(error);
                }
            });
            if let Some(error) = failure {
                return Err(error);
            }
            let path = names.module(file.id);
            let file_name = names.file_name(file.id).to_owned();
            files.push(GeneratedFile {
                path: PathBuf::from(&file_name),
                contents: writer.finish(),
            });
            entries.push(ModuleEntry {
                path: path.to_vec(),
                file_name,
                doc: file.doc.clone(),
            });
        }
        let mut mod_rs = output::FileWriter::new(None);
        mod_rs.push_tokens(output::mod_rs(&entries), "mod.rs")?;
        files.push(GeneratedFile {
            path: PathBuf::from("mod.rs"),
            contents: mod_rs.finish(),
        });
        let warnings = diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .map(|d| render(d, &compilation.sources))
            .collect();
        Ok(Generated {
            files,
            inputs,
            warnings,
        })
    }

    /// Generates `files` and writes them (and `mod.rs`) to the output
    /// directory, rewriting only files whose content changed. In a build
    /// script, prints `cargo:rerun-if-changed` for every file read and
    /// `cargo:warning` for every warning.
    pub fn compile<P: AsRef<Path>>(&self, files: &[P], include_dirs: &[P]) -> Result<(), Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Option(
                        "no out_dir set and OUT_DIR is not set (not in a build script?)".to_owned(),
                    )
                })?,
        };
        let roots: Vec<PathBuf> = files.iter().map(|p| p.as_ref().to_path_buf()).collect();
        let mut dirs: Vec<PathBuf> = include_dirs
            .iter()
            .map(|p| p.as_ref().to_path_buf())
            .collect();
        dirs.extend(self.include_dirs.iter().cloned());
        let compilation = trift_idl::load(&roots, &dirs);
        if !self.quiet {
            for (_, file) in compilation.sources.files() {
                println!("cargo:rerun-if-changed={}", file.path.display());
            }
            for root in &roots {
                println!("cargo:rerun-if-changed={}", root.display());
            }
        }
        let generated = self.generate_from(&compilation)?;
        if !self.quiet {
            for warning in &generated.warnings {
                if let Some(first) = warning.lines().next() {
                    println!("cargo:warning={first}");
                }
            }
        }
        for file in &generated.files {
            output::write_if_changed(&out_dir.join(&file.path), &file.contents)?;
        }
        Ok(())
    }

    fn resolve_attributes(
        &self,
        model: &Model,
    ) -> Result<HashMap<DefRef, Vec<TokenStream>>, Error> {
        let mut map: HashMap<DefRef, Vec<TokenStream>> = HashMap::new();
        for (idl_type, attributes) in &self.type_attributes {
            let parsed = parse_attributes(attributes)?;
            for def in find_types(model, idl_type, "type_attribute")? {
                map.entry(def)
                    .or_default()
                    .extend(parsed.iter().map(|a| quote!(#a)));
            }
        }
        Ok(map)
    }

    fn resolve_externs(&self, model: &Model) -> Result<HashMap<DefRef, syn::Path>, Error> {
        let mut map = HashMap::new();
        for (idl_type, rust_path) in &self.extern_types {
            let path = syn::parse_str::<syn::Path>(rust_path)
                .map_err(|e| Error::Option(format!("extern_type: `{rust_path}`: {e}")))?;
            for def in find_types(model, idl_type, "extern_type")? {
                map.insert(def, path.clone());
            }
        }
        Ok(map)
    }
}

fn diagnostics_error(diagnostics: &[Diagnostic], sources: &trift_idl::SourceMap) -> Error {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let mut rendered = String::new();
    for diagnostic in &errors {
        rendered.push_str(&render(diagnostic, sources));
    }
    Error::Idl {
        rendered,
        errors: errors.len(),
    }
}

fn check_idl_type(idl_type: &str) -> Result<(), Error> {
    match idl_type.rsplit_once('.') {
        Some((program, name)) if !program.is_empty() && !name.is_empty() => Ok(()),
        _ => Err(Error::Option(format!(
            "`{idl_type}` is not of the form `program.Type`"
        ))),
    }
}

fn parse_attributes(text: &str) -> Result<Vec<syn::Attribute>, Error> {
    use syn::parse::Parser as _;
    syn::Attribute::parse_outer
        .parse_str(text)
        .map_err(|e| Error::Option(format!("`{text}` is not a list of outer attributes: {e}")))
}

/// Every type definition named `program.Type`.
fn find_types(model: &Model, idl_type: &str, option: &str) -> Result<Vec<DefRef>, Error> {
    let (program, name) = idl_type.rsplit_once('.').unwrap_or(("", idl_type));
    let found: Vec<DefRef> = model
        .files
        .iter()
        .filter(|f| f.name == program)
        .filter(|f| {
            f.structs.iter().any(|s| s.name == name)
                || f.enums.iter().any(|e| e.name == name)
                || f.typedefs.iter().any(|t| t.name == name)
        })
        .map(|f| DefRef {
            file: f.id,
            name: name.to_owned(),
        })
        .collect();
    if found.is_empty() {
        return Err(Error::Option(format!(
            "{option}: no type `{idl_type}` in the compiled IDL"
        )));
    }
    Ok(found)
}
