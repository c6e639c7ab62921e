//! Model -> Rust code, one IDL file at a time: each item as tokens, or as
//! formatted text for the emitters converted to [`crate::text::Code`]
//! ([`codec_text`], the method error enums, args structs).
//!
//! [`generate_file`] walks one file's definitions and asks each item module
//! for its [`Chunk`]: [`types`] (structs, exceptions, unions, typedefs),
//! [`enums`], [`codec`] (their `Encode`/`Decode` impls) and [`consts`]
//! (constants and default values). [`ty`] spells type references.
//! [`service`] emits each service's argument and result structs, error enums,
//! handler trait, dispatcher and typed client.
//!
//! Generated code names only `::trift::__codegen` (imported as `__codegen`),
//! its own definitions, and other generated modules by relative paths
//! (`super::...`), so it works wherever the output root is mounted.

pub(crate) mod codec;
pub(crate) mod codec_text;
pub(crate) mod consts;
pub(crate) mod enums;
pub(crate) mod service;
pub(crate) mod ty;
pub(crate) mod types;

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{DefRef, File};
use trift_idl::span::FileId;

use crate::analysis::Analysis;
use crate::ident;
use crate::lookup::Lookup;
use crate::names::Names;
use crate::plan::Plan;

/// What every item generator reads: the model, the decided names, analyses
/// and plan, user options, and which file is being generated.
pub(crate) struct Ctx<'a> {
    pub(crate) lookup: &'a Lookup<'a>,
    pub(crate) names: &'a Names,
    pub(crate) analysis: &'a Analysis,
    pub(crate) plan: &'a Plan<'a>,
    /// Extra attributes per type (`file.Type` -> parsed attributes).
    pub(crate) attributes: &'a HashMap<DefRef, Vec<TokenStream>>,
    /// Types replaced by user Rust paths.
    pub(crate) externs: &'a HashMap<DefRef, syn::Path>,
    /// Which sides of each service to generate.
    pub(crate) services: ServiceParts,
    /// The file being generated.
    pub(crate) file: FileId,
}

/// Which sides of a service are generated (`Builder::build_client` and
/// `Builder::build_server`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ServiceParts {
    /// The typed client.
    pub(crate) client: bool,
    /// The handler trait and the dispatcher.
    pub(crate) server: bool,
}

impl Ctx<'_> {
    /// The path of a generated type as seen from the current file.
    pub(crate) fn def_path(&self, def: &DefRef) -> TokenStream {
        if let Some(path) = self.externs.get(def) {
            return quote!(#path);
        }
        let name = ident::ident(self.names.type_name(def));
        self.in_module(def.file, quote!(#name))
    }

    /// [`Ctx::def_path`] as text.
    pub(crate) fn def_path_text(&self, def: &DefRef) -> String {
        if let Some(path) = self.externs.get(def) {
            let tokens = quote!(#path);
            return crate::text::inline_expr(&tokens).unwrap_or_else(|| tokens.to_string());
        }
        let name = self.names.type_name(def);
        if def.file == self.file {
            return name.to_owned();
        }
        let mut path = String::new();
        for _ in self.names.module(self.file) {
            path.push_str("super::");
        }
        for segment in self.names.module(def.file) {
            path.push_str(&ident::ident(segment).to_string());
            path.push_str("::");
        }
        path.push_str(name);
        path
    }

    pub(crate) fn in_module(&self, file: FileId, item: TokenStream) -> TokenStream {
        if file == self.file {
            return item;
        }
        let ups = self.names.module(self.file).iter().map(|_| quote!(super));
        let down = self.names.module(file).iter().map(|s| ident::ident(s));
        quote!(#(#ups::)* #(#down::)* #item)
    }

    /// Extra user attributes for a type.
    pub(crate) fn attributes(&self, def: &DefRef) -> &[TokenStream] {
        self.attributes.get(def).map_or(&[], Vec::as_slice)
    }
}

/// The lines of an IDL doc comment as Rust doc text. Leading indentation is
/// dropped and bare code fences are marked `text`, so that nothing in an IDL
/// comment becomes a Rust doctest.
fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let line = line.trim();
            if line.starts_with("```") && line.trim_start_matches('`').is_empty() && line.len() == 3
            {
                " ```text".to_owned()
            } else if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// `///` lines for an IDL doc comment, as prettyplease and rustfmt print
/// the attributes [`doc`] makes.
pub(crate) fn doc_text(code: &mut crate::text::Code, doc: Option<&str>) {
    for line in doc.map(doc_lines).unwrap_or_default() {
        code.line(&format!("///{line}"));
    }
}

/// `#[doc = "..."]` attributes for an IDL doc comment.
pub(crate) fn doc(doc: Option<&str>) -> TokenStream {
    let lines = doc.map(doc_lines).unwrap_or_default();
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` attributes (for a module) for an IDL doc comment.
pub(crate) fn inner_doc(doc: Option<&str>) -> TokenStream {
    let lines = doc.map(doc_lines).unwrap_or_default();
    quote!(#(#![doc = #lines])*)
}

/// One piece of a chunk: tokens, which the output writer parses and
/// formats, or text an emitter already wrote formatted.
pub(crate) enum Piece {
    /// Tokens to format.
    Tokens(TokenStream),
    /// Formatted text, whole lines.
    Text(String),
}

/// What an emitter hands the output writer at once: its pieces, in order.
#[derive(Default)]
pub(crate) struct Chunk {
    /// The pieces, in output order.
    pub(crate) pieces: Vec<Piece>,
}

impl Chunk {
    /// Appends `piece` (empty tokens are dropped).
    pub(crate) fn push(&mut self, piece: Piece) {
        if let Piece::Tokens(tokens) = &piece
            && tokens.is_empty()
        {
            return;
        }
        self.pieces.push(piece);
    }

    /// Appends tokens.
    pub(crate) fn tokens(&mut self, tokens: TokenStream) {
        self.push(Piece::Tokens(tokens));
    }
}

impl From<TokenStream> for Chunk {
    fn from(tokens: TokenStream) -> Self {
        let mut chunk = Chunk::default();
        chunk.tokens(tokens);
        chunk
    }
}

/// The items of one IDL file, without the module wrapper, handed to `sink`
/// one definition at a time (so the caller can parse and drop each chunk
/// instead of holding the tokens of a whole large file at once).
pub(crate) fn generate_file(ctx: &Ctx<'_>, file: &File, sink: &mut dyn FnMut(Chunk)) {
    let def = |name: &str| DefRef {
        file: file.id,
        name: name.to_owned(),
    };
    // Files with only string constants (or nothing) do not need the import.
    sink(Chunk::from(quote! {
        #[allow(unused_imports)]
        use ::trift::__codegen;
    }));
    for typedef in &file.typedefs {
        if !ctx.analysis.is_extern(&def(&typedef.name)) {
            sink(types::typedef(ctx, &def(&typedef.name), typedef).into());
        }
    }
    for enum_def in &file.enums {
        if !ctx.analysis.is_extern(&def(&enum_def.name)) {
            sink(enums::enumeration(ctx, &def(&enum_def.name), enum_def).into());
        }
    }
    for plan in ctx.plan.structs(file.id) {
        if !ctx.analysis.is_extern(&plan.def) {
            let mut chunk = Chunk::from(types::struct_like(ctx, plan));
            chunk.push(codec::struct_like(ctx, plan));
            sink(chunk);
        }
    }
    for constant in &file.consts {
        sink(consts::constant(ctx, &def(&constant.name), constant).into());
    }
    service::services(ctx, file, sink);
}
