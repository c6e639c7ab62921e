//! The plan: what the emitters need to know about every struct-like type and
//! every service method, decided once from the model and the analysis,
//! before any code is emitted.
//!
//! Per field of a struct, union or exception (and per argument of a method,
//! whose args struct is a struct too) the plan holds its Rust type
//! ([`rust_type`]), whether it is an `Option` (`optional` fields, and
//! default-requiredness fields that close a by-value cycle), whether its value
//! is boxed, whether decoding fails without it (`required`, or no finite
//! default to fall back on), and its initial value ([`defaults`]). Per type
//! it holds the derivable traits and how `Default` is provided. Emitters
//! (`gen/`) read these facts and only spell them; names come from
//! [`crate::names`].

pub(crate) mod defaults;
pub(crate) mod rust_type;

use std::borrow::Cow;
use std::collections::HashMap;

use trift_idl::model::{
    ConstValue, DefRef, Field, Function, Model, Requiredness, Struct, StructKind,
};

use trift_idl::span::FileId;

use crate::analysis::{Analysis, Traits};
use crate::lookup::Lookup;
use crate::names::SUCCESS_FIELD;
pub(crate) use rust_type::{Collection, RustType};

/// Where a field starts: what `Default` and decoding fill in when the IDL
/// gives no value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldDefault<'m> {
    /// `None`: an `Option` field without an IDL default.
    None,
    /// The type's `Default::default()`.
    TypeDefault,
    /// The IDL default value.
    Value {
        /// The value, typed against the field's IDL type.
        value: &'m ConstValue,
        /// Whether it is what `Default::default()` gives anyway.
        trivial: bool,
        /// Whether building it allocates (a decoder then builds it only
        /// when the field did not arrive).
        allocates: bool,
    },
}

impl FieldDefault<'_> {
    /// Whether the field starts at what `Default::default()` gives anyway.
    pub(crate) fn is_trivial(&self) -> bool {
        match self {
            FieldDefault::None | FieldDefault::TypeDefault => true,
            FieldDefault::Value { trivial, .. } => *trivial,
        }
    }

    /// Whether building the initial value allocates.
    pub(crate) fn allocates(&self) -> bool {
        matches!(
            self,
            FieldDefault::Value {
                allocates: true,
                ..
            }
        )
    }
}

/// The facts about one field.
#[derive(Debug, Clone)]
pub(crate) struct FieldPlan<'m> {
    /// The IDL field (for a result struct's `success`, one made from the
    /// method's return type).
    pub(crate) field: Cow<'m, Field>,
    /// The type of its value: the IDL type's Rust form, in a `Box` when boxed.
    pub(crate) value_type: RustType<'m>,
    /// The type of the Rust field: `value_type`, in an `Option` when optional.
    pub(crate) field_type: RustType<'m>,
    /// Whether the Rust field is an `Option` (never for a union's variants).
    pub(crate) optional: bool,
    /// Whether the value is held in a `Box`.
    pub(crate) boxed: bool,
    /// Whether decoding fails when the field did not arrive.
    pub(crate) must_arrive: bool,
    /// The initial value.
    pub(crate) default: FieldDefault<'m>,
}

/// How a generated type provides `Default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DefaultImpl {
    /// `#[derive(Default)]`: every field starts at its type's default.
    Derive,
    /// A written impl: some IDL default differs from the type's.
    Written,
    /// None: no finite value exists.
    Missing,
}

/// The facts about one struct, union or exception.
#[derive(Debug, Clone)]
pub(crate) struct StructPlan<'m> {
    /// Where it is defined.
    pub(crate) def: DefRef,
    /// The IDL definition.
    pub(crate) strukt: &'m Struct,
    /// Its derivable traits.
    pub(crate) traits: Traits,
    /// How it provides `Default`.
    pub(crate) default: DefaultImpl,
    /// Per field, in declaration order.
    pub(crate) fields: Vec<FieldPlan<'m>>,
}

/// The facts about one service method.
#[derive(Debug, Clone)]
pub(crate) struct MethodPlan<'m> {
    /// The IDL function.
    pub(crate) function: &'m Function,
    /// Per argument, the field of the args struct (and the parameter of the
    /// handler and client methods): required on decode unless `optional`.
    pub(crate) args: Vec<FieldPlan<'m>>,
    /// The success type; `None` for `void`.
    pub(crate) success: Option<RustType<'m>>,
    /// Per declared exception, its type.
    pub(crate) throws: Vec<RustType<'m>>,
    /// The fields of the result struct (none for oneway): `success` under id
    /// 0 unless `void`, then each declared exception, all optional.
    pub(crate) result: Vec<FieldPlan<'m>>,
}

/// The plan for a whole model.
#[derive(Debug, Default)]
pub(crate) struct Plan<'m> {
    /// Per file (indexed by `FileId`), its struct-like types in declaration order.
    structs: Vec<Vec<StructPlan<'m>>>,
    /// Struct-like type -> (`FileId` index, position in that file's list).
    index: HashMap<DefRef, (usize, usize)>,
    /// Service -> its methods, in declaration order.
    methods: HashMap<DefRef, Vec<MethodPlan<'m>>>,
}

impl<'m> Plan<'m> {
    /// Plans every struct-like type and service method of `model`.
    pub(crate) fn new(model: &'m Model, lookup: &Lookup<'m>, analysis: &Analysis) -> Plan<'m> {
        let mut plan = Plan::default();
        for file in &model.files {
            let file_index = file.id.0 as usize;
            let mut structs = Vec::with_capacity(file.structs.len());
            for strukt in &file.structs {
                let def = DefRef {
                    file: file.id,
                    name: strukt.name.clone(),
                };
                plan.index.insert(def.clone(), (file_index, structs.len()));
                structs.push(plan_struct(lookup, analysis, def, strukt));
            }
            if plan.structs.len() <= file_index {
                plan.structs.resize_with(file_index + 1, Vec::new);
            }
            if let Some(slot) = plan.structs.get_mut(file_index) {
                *slot = structs;
            }
            for service in &file.services {
                let def = DefRef {
                    file: file.id,
                    name: service.name.clone(),
                };
                let methods = service
                    .functions
                    .iter()
                    .map(|function| plan_method(lookup, analysis, function))
                    .collect();
                plan.methods.insert(def, methods);
            }
        }
        plan
    }

    /// The struct-like types of file `file`, in declaration order.
    pub(crate) fn structs(&self, file: FileId) -> &[StructPlan<'m>] {
        self.structs.get(file.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The plan of the struct, union or exception `def`.
    pub(crate) fn strukt(&self, def: &DefRef) -> Option<&StructPlan<'m>> {
        let &(file, position) = self.index.get(def)?;
        self.structs.get(file)?.get(position)
    }

    /// The methods of the service `def`, in declaration order.
    pub(crate) fn methods(&self, def: &DefRef) -> &[MethodPlan<'m>] {
        self.methods.get(def).map_or(&[], Vec::as_slice)
    }
}

fn plan_struct<'m>(
    lookup: &Lookup<'m>,
    analysis: &Analysis,
    def: DefRef,
    strukt: &'m Struct,
) -> StructPlan<'m> {
    let union = strukt.kind == StructKind::Union;
    let fields: Vec<FieldPlan<'m>> = strukt
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let boxed = analysis.is_boxed(&def, index);
            // A union's arms are variants, never `Option`s; a
            // default-requiredness field on a by-value cycle is one, or no
            // finite value would exist.
            let optional = !union
                && (field.requiredness == Requiredness::Optional
                    || (field.requiredness == Requiredness::Default
                        && analysis.is_cyclic(&def, index)));
            let must_arrive = !union
                && !optional
                && (field.requiredness == Requiredness::Required
                    || (field.default.is_none()
                        && !analysis.of_type(lookup, &field.ty, false).default));
            let default = match &field.default {
                Some(value) => FieldDefault::Value {
                    value,
                    trivial: defaults::is_trivial(lookup, &field.ty, value, optional),
                    allocates: boxed || defaults::allocates(lookup, analysis, &field.ty, value),
                },
                None if optional => FieldDefault::None,
                None => FieldDefault::TypeDefault,
            };
            field_plan(
                Cow::Borrowed(field),
                RustType::of(lookup, analysis, &field.ty),
                optional,
                boxed,
                must_arrive,
                default,
            )
        })
        .collect();
    let traits = analysis.struct_traits(&def);
    let default = if union {
        DefaultImpl::Derive
    } else if !traits.default {
        DefaultImpl::Missing
    } else if fields.iter().all(|field| field.default.is_trivial()) {
        DefaultImpl::Derive
    } else {
        DefaultImpl::Written
    };
    StructPlan {
        def,
        strukt,
        traits,
        default,
        fields,
    }
}

fn field_plan<'m>(
    field: Cow<'m, Field>,
    mut value_type: RustType<'m>,
    optional: bool,
    boxed: bool,
    must_arrive: bool,
    default: FieldDefault<'m>,
) -> FieldPlan<'m> {
    if boxed {
        value_type = value_type.boxed();
    }
    let field_type = if optional {
        value_type.clone().optional()
    } else {
        value_type.clone()
    };
    FieldPlan {
        field,
        value_type,
        field_type,
        optional,
        boxed,
        must_arrive,
        default,
    }
}

fn plan_method<'m>(
    lookup: &Lookup<'m>,
    analysis: &Analysis,
    function: &'m Function,
) -> MethodPlan<'m> {
    let args = function
        .args
        .iter()
        .map(|arg| {
            let optional = arg.requiredness == Requiredness::Optional;
            let default = if optional {
                FieldDefault::None
            } else {
                FieldDefault::TypeDefault
            };
            field_plan(
                Cow::Borrowed(arg),
                RustType::of(lookup, analysis, &arg.ty),
                optional,
                false,
                !optional,
                default,
            )
        })
        .collect();
    let result = if function.oneway {
        Vec::new()
    } else {
        let success = function.return_type.as_ref().map(|ty| {
            let field = Field {
                id: 0,
                explicit_id: true,
                name: SUCCESS_FIELD.to_owned(),
                doc: None,
                ty: ty.clone(),
                requiredness: Requiredness::Optional,
                reference: false,
                default: None,
                annotations: Vec::new(),
                span: function.span,
            };
            (Cow::Owned(field), ty)
        });
        success
            .into_iter()
            .chain(
                function
                    .throws
                    .iter()
                    .map(|throw| (Cow::Borrowed(throw), &throw.ty)),
            )
            .map(|(field, ty)| {
                field_plan(
                    field,
                    RustType::of(lookup, analysis, ty),
                    true,
                    false,
                    false,
                    FieldDefault::None,
                )
            })
            .collect()
    };
    MethodPlan {
        function,
        args,
        success: function
            .return_type
            .as_ref()
            .map(|ty| RustType::of(lookup, analysis, ty)),
        throws: function
            .throws
            .iter()
            .map(|throw| RustType::of(lookup, analysis, &throw.ty))
            .collect(),
        result,
    }
}

#[cfg(test)]
mod tests {
    use trift_idl::model::{DefRef, Model};

    use super::{Collection, DefaultImpl, FieldDefault, Plan, RustType};
    use crate::analysis::Analysis;
    use crate::lookup::Lookup;

    const IDL: &str = r#"
        struct Node {
          1: i32 id
          2: Node next
          3: required Node parent
          4: optional string label = "root"
          5: list<i32> weights = [1, 2]
          6: set<double> marks
          7: map<set<i32>, double> buckets
        }
        struct Plain { 1: i32 a = 0, 2: string b }
        union Choice { 1: optional i32 small, 2: Plain big }
        service Calc { i32 add(1: i32 a, 2: list<string> b) }
    "#;

    fn model() -> Model {
        let compilation = trift_idl::check_source("plan.thrift", IDL);
        assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
        compilation.model.expect("model")
    }

    fn def(model: &Model, name: &str) -> DefRef {
        DefRef {
            file: model.files[0].id,
            name: name.to_owned(),
        }
    }

    #[test]
    fn field_facts_follow_requiredness_cycles_and_defaults() {
        let model = model();
        let lookup = Lookup::new(&model);
        let analysis = Analysis::new(&model, &lookup, Vec::new());
        let plan = Plan::new(&model, &lookup, &analysis);
        let node = plan.strukt(&def(&model, "Node")).expect("Node");
        let facts: Vec<_> = node
            .fields
            .iter()
            .map(|f| (f.optional, f.boxed, f.must_arrive))
            .collect();
        assert_eq!(
            facts,
            [
                (false, false, false),
                // A default-requiredness field on a cycle: `Option<Box<Node>>`.
                (true, true, false),
                // A required one: `Box<Node>`, and decoding fails without it.
                (false, true, true),
                (true, false, false),
                (false, false, false),
                (false, false, false),
                (false, false, false),
            ]
        );
        let node_ref = def(&model, "Node");
        assert_eq!(
            node.fields[1].field_type,
            RustType::Def(&node_ref).boxed().optional()
        );
        assert!(matches!(
            node.fields[3].default,
            FieldDefault::Value {
                trivial: false,
                allocates: true,
                ..
            }
        ));
        assert!(node.fields[4].default.allocates());
        assert_eq!(node.fields[0].default, FieldDefault::TypeDefault);
        // A set of doubles cannot hash `f64`: the element takes its key form.
        assert_eq!(
            node.fields[5].field_type,
            RustType::Set(Collection::Hash, Box::new(RustType::OrderedF64))
        );
        // A set as a map key is in key form: a `BTreeSet`.
        assert_eq!(
            node.fields[6].field_type,
            RustType::Map(
                Collection::Hash,
                Box::new(RustType::Set(Collection::BTree, Box::new(RustType::I32))),
                Box::new(RustType::F64),
            )
        );
        // Every value of Node holds another (field 3): no finite default.
        assert_eq!(node.default, DefaultImpl::Missing);

        let plain = plan.strukt(&def(&model, "Plain")).expect("Plain");
        assert_eq!(plain.default, DefaultImpl::Derive);
        assert!(plain.fields.iter().all(|f| !f.must_arrive));

        let choice = plan.strukt(&def(&model, "Choice")).expect("Choice");
        assert!(choice.fields.iter().all(|f| !f.optional && !f.must_arrive));
        assert_eq!(choice.default, DefaultImpl::Derive);
    }

    #[test]
    fn method_args_are_required_on_decode() {
        let model = model();
        let lookup = Lookup::new(&model);
        let analysis = Analysis::new(&model, &lookup, Vec::new());
        let plan = Plan::new(&model, &lookup, &analysis);
        let methods = plan.methods(&def(&model, "Calc"));
        assert_eq!(methods.len(), 1);
        let add = &methods[0];
        let args: Vec<_> = add
            .args
            .iter()
            .map(|a| (a.optional, a.must_arrive))
            .collect();
        // The front end drops `optional` on arguments, as Apache does.
        assert_eq!(args, [(false, true), (false, true)]);
        assert_eq!(
            add.args[1].field_type,
            RustType::List(Box::new(RustType::String))
        );
        assert_eq!(add.success, Some(RustType::I32));
        assert!(add.throws.is_empty());
    }
}
