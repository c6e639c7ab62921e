//! Name indexes over the model being built, so every lookup by name is a hash
//! lookup rather than a scan (large files have thousands of definitions).

use std::collections::HashMap;

use super::Resolver;
use crate::model::{self, DefRef};
use crate::span::{FileId, Span};

/// Positions of each file's definitions in its [`model::File`] vectors.
#[derive(Debug, Default)]
pub(crate) struct FileIndex {
    structs: HashMap<String, usize>,
    enums: HashMap<String, usize>,
    typedefs: HashMap<String, usize>,
    consts: HashMap<String, usize>,
    services: HashMap<String, usize>,
    /// For each service (same order as `services`), its own function names.
    service_functions: Vec<HashMap<String, Span>>,
}

/// Which services define a function of a given name (across all files), so
/// that checking a function against its base services only walks the
/// `extends` chain when some service defines that name at all.
pub(crate) type FunctionDefiners = HashMap<String, Vec<DefRef>>;

impl Resolver<'_> {
    fn model_file(&self, id: FileId) -> Option<&model::File> {
        self.files.get(id.0 as usize)?.as_ref()
    }

    pub(crate) fn get_struct(&self, target: &DefRef) -> Option<&model::Struct> {
        let i = *self.index[target.file.0 as usize]
            .structs
            .get(&target.name)?;
        self.model_file(target.file)?.structs.get(i)
    }

    pub(crate) fn struct_position(&self, target: &DefRef) -> Option<usize> {
        self.index[target.file.0 as usize]
            .structs
            .get(&target.name)
            .copied()
    }

    pub(crate) fn get_enum(&self, file: FileId, name: &str) -> Option<&model::Enum> {
        let i = *self.index[file.0 as usize].enums.get(name)?;
        self.model_file(file)?.enums.get(i)
    }

    pub(crate) fn get_typedef(&self, target: &DefRef) -> Option<&model::Typedef> {
        let i = *self.index[target.file.0 as usize]
            .typedefs
            .get(&target.name)?;
        self.model_file(target.file)?.typedefs.get(i)
    }

    pub(crate) fn get_const(&self, file: FileId, name: &str) -> Option<&model::Const> {
        let i = *self.index[file.0 as usize].consts.get(name)?;
        self.model_file(file)?.consts.get(i)
    }

    pub(crate) fn get_service(&self, target: &DefRef) -> Option<&model::Service> {
        let i = *self.index[target.file.0 as usize]
            .services
            .get(&target.name)?;
        self.model_file(target.file)?.services.get(i)
    }

    /// Where service `target` itself (not its bases) defines function `name`.
    pub(crate) fn service_function(&self, target: &DefRef, name: &str) -> Option<Span> {
        let i = *self.index[target.file.0 as usize]
            .services
            .get(&target.name)?;
        self.index[target.file.0 as usize]
            .service_functions
            .get(i)?
            .get(name)
            .copied()
    }

    pub(crate) fn push_struct(&mut self, id: FileId, value: model::Struct) {
        let file = self.file_mut(id);
        file.structs.push(value);
        let i = file.structs.len() - 1;
        let name = file.structs[i].name.clone();
        self.index[id.0 as usize].structs.insert(name, i);
    }

    pub(crate) fn push_enum(&mut self, id: FileId, value: model::Enum) {
        let file = self.file_mut(id);
        file.enums.push(value);
        let i = file.enums.len() - 1;
        let name = file.enums[i].name.clone();
        self.index[id.0 as usize].enums.insert(name, i);
    }

    pub(crate) fn push_typedef(&mut self, id: FileId, value: model::Typedef) {
        let file = self.file_mut(id);
        file.typedefs.push(value);
        let i = file.typedefs.len() - 1;
        let name = file.typedefs[i].name.clone();
        self.index[id.0 as usize].typedefs.insert(name, i);
    }

    /// Rebuilds the typedef index of `id` after typedefs were removed.
    pub(crate) fn reindex_typedefs(&mut self, id: FileId) {
        let names: HashMap<String, usize> = self
            .model_file(id)
            .map(|f| {
                f.typedefs
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.name.clone(), i))
                    .collect()
            })
            .unwrap_or_default();
        self.index[id.0 as usize].typedefs = names;
    }

    pub(crate) fn push_const(&mut self, id: FileId, value: model::Const) {
        let file = self.file_mut(id);
        file.consts.push(value);
        let i = file.consts.len() - 1;
        let name = file.consts[i].name.clone();
        self.index[id.0 as usize].consts.insert(name, i);
    }

    pub(crate) fn push_service(&mut self, id: FileId, value: model::Service) {
        let functions: HashMap<String, Span> = value
            .functions
            .iter()
            .map(|f| (f.name.clone(), f.span))
            .collect();
        let file = self.file_mut(id);
        file.services.push(value);
        let i = file.services.len() - 1;
        let name = file.services[i].name.clone();
        for function in functions.keys() {
            self.function_definers
                .entry(function.clone())
                .or_default()
                .push(DefRef {
                    file: id,
                    name: name.clone(),
                });
        }
        let index = &mut self.index[id.0 as usize];
        index.services.insert(name, i);
        index.service_functions.push(functions);
    }
}
