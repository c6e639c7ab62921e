//! Every struct-like type of `idl/everything` (and each method's arguments
//! and result) through the dynamic codec and through generated code: on
//! binary, compact and JSON, a random dynamic value encodes to bytes that the
//! generated type decodes and encodes back to the same bytes, the dynamic
//! decoder reads them back to the same value, and the JSON mapping
//! round-trips it.

use std::sync::{Arc, LazyLock};

use bytes::Bytes;
use proptest::prelude::*;
use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, JsonReader, JsonWriter,
};
use trift::{Decode, Encode};
use trift_dynamic::{Schema, Ty, Value};
use trift_dynamic_tests::generated;
use trift_idl::model::StructKind;

static SCHEMA: LazyLock<Arc<Schema>> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../idl");
    let mut files: Vec<_> = std::fs::read_dir(dir.join("everything"))
        .expect("idl/everything")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "thrift"))
        .collect();
    files.sort();
    let compilation = trift_idl::load(&files, &[dir]);
    let model = compilation.model.expect("idl/everything is valid");
    Arc::new(Schema::new(&model).expect("schema"))
});

/// Deeper than this, containers are empty and optional structs absent.
const DEPTH: u32 = 3;

fn value(schema: &Arc<Schema>, ty: &Ty, depth: u32) -> BoxedStrategy<Value> {
    let small = if depth >= DEPTH { 0 } else { 3 };
    // Hash sets and maps in generated code reorder more than one entry.
    let keyed = if depth >= DEPTH { 0 } else { 1 };
    match ty {
        Ty::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Ty::I8 => any::<i8>().prop_map(Value::I8).boxed(),
        Ty::I16 => any::<i16>().prop_map(Value::I16).boxed(),
        Ty::I32 => any::<i32>().prop_map(Value::I32).boxed(),
        Ty::I64 => any::<i64>().prop_map(Value::I64).boxed(),
        Ty::Double => prop_oneof![
            any::<f64>().prop_filter("finite", |d| d.is_finite()),
            Just(-0.0),
            Just(f64::INFINITY)
        ]
        .prop_map(Value::Double)
        .boxed(),
        Ty::String => ".{0,8}".prop_map(Value::String).boxed(),
        Ty::Binary => proptest::collection::vec(any::<u8>(), 0..8)
            .prop_map(|b| Value::Binary(Bytes::from(b)))
            .boxed(),
        Ty::Uuid => any::<u128>()
            .prop_map(|u| Value::Uuid(trift::Uuid::from_u128(u)))
            .boxed(),
        Ty::Enum(index) => {
            let members: Vec<i32> = schema.enums[*index]
                .values
                .iter()
                .map(|(_, v)| *v)
                .collect();
            if members.is_empty() {
                any::<i32>().prop_map(Value::I32).boxed()
            } else {
                prop_oneof![3 => proptest::sample::select(members), 1 => any::<i32>()]
                    .prop_map(Value::I32)
                    .boxed()
            }
        }
        Ty::List(elem) => proptest::collection::vec(value(schema, elem, depth + 1), 0..=small)
            .prop_map(Value::List)
            .boxed(),
        Ty::Set(elem) => proptest::collection::vec(value(schema, elem, depth + 1), 0..=keyed)
            .prop_map(Value::Set)
            .boxed(),
        Ty::Map(k, v) => proptest::collection::vec(
            (value(schema, k, depth + 1), value(schema, v, depth + 1)),
            0..=keyed,
        )
        .prop_map(Value::Map)
        .boxed(),
        Ty::Struct(index) => struct_value(schema, *index, depth)
            .prop_map(Value::Struct)
            .boxed(),
    }
}

/// A complete value of struct `index`: what generated code can hold. Every
/// field that is not optional is set; an optional field with a default is
/// set too (generated decoders fill it in when it is absent).
fn struct_value(
    schema: &Arc<Schema>,
    index: usize,
    depth: u32,
) -> BoxedStrategy<Vec<Option<Value>>> {
    let desc = &schema.structs[index];
    let n = desc.fields.len();
    if desc.kind == StructKind::Union {
        if n == 0 || depth >= DEPTH {
            return Just(vec![None; n]).boxed();
        }
        let schema = schema.clone();
        return (0..n)
            .prop_flat_map(move |chosen| {
                let ty = schema.structs[index].fields[chosen].ty.clone();
                value(&schema, &ty, depth + 1).prop_map(move |v| {
                    let mut fields = vec![None; n];
                    fields[chosen] = Some(v);
                    fields
                })
            })
            .boxed();
    }
    let fields: Vec<BoxedStrategy<Option<Value>>> = desc
        .fields
        .iter()
        .map(|field| {
            let zero = field.default.clone().or_else(|| schema.zero(&field.ty));
            if field.optional && field.default.is_none() {
                if depth >= DEPTH {
                    Just(None).boxed()
                } else {
                    proptest::option::of(value(schema, &field.ty, depth + 1)).boxed()
                }
            } else if depth >= DEPTH {
                Just(zero).boxed()
            } else {
                value(schema, &field.ty, depth + 1).prop_map(Some).boxed()
            }
        })
        .collect();
    fields.boxed()
}

fn check<T: Encode + Decode + std::fmt::Debug>(
    index: usize,
    value: &Value,
) -> Result<(), TestCaseError> {
    let schema = &**SCHEMA;
    let ty = Ty::Struct(index);

    macro_rules! protocol {
        ($name:literal, $writer:expr, $reader:expr) => {{
            let mut dynamic = Vec::new();
            trift_dynamic::encode(schema, &ty, value, &mut $writer(&mut dynamic))
                .map_err(|e| TestCaseError::fail(format!("{}: dynamic encode: {e}", $name)))?;
            let decoded = T::decode(&mut $reader(Bytes::from(dynamic.clone())))
                .map_err(|e| TestCaseError::fail(format!("{}: generated decode: {e}", $name)))?;
            let mut generated = Vec::new();
            decoded
                .encode(&mut $writer(&mut generated))
                .map_err(|e| TestCaseError::fail(format!("{}: generated encode: {e}", $name)))?;
            prop_assert_eq!(
                &dynamic,
                &generated,
                "{}: bytes differ for {:?}",
                $name,
                decoded
            );
            let back = trift_dynamic::decode(schema, &ty, &mut $reader(Bytes::from(generated)))
                .map_err(|e| TestCaseError::fail(format!("{}: dynamic decode: {e}", $name)))?;
            prop_assert_eq!(&back, value, "{}", $name);
        }};
    }
    protocol!("binary", BinaryWriter::new, BinaryReader::new);
    protocol!("compact", CompactWriter::new, CompactReader::new);
    protocol!("json", JsonWriter::new, JsonReader::new);

    let json = trift_dynamic::to_json(schema, &ty, value, "")
        .map_err(|e| TestCaseError::fail(format!("to_json: {e}")))?;
    let text = serde_json::to_string(&json).expect("serialises");
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("parses");
    let back = trift_dynamic::from_json(schema, &ty, &parsed, "")
        .map_err(|e| TestCaseError::fail(format!("from_json: {e} in {text}")))?;
    prop_assert_eq!(&back, value, "json mapping of {}", text);
    Ok(())
}

macro_rules! everything {
    ($($test:ident: $rust:ty = $idl:literal;)*) => {
        $(
            proptest! {
                #![proptest_config(ProptestConfig::with_cases(64))]
                #[test]
                fn $test(value in {
                    let index = SCHEMA.find_struct($idl).expect($idl);
                    struct_value(&SCHEMA, index, 0).prop_map(Value::Struct)
                }) {
                    let index = SCHEMA.find_struct($idl).expect($idl);
                    check::<$rust>(index, &value)?;
                }
            }
        )*
        /// The list above names every struct-like type of the schema.
        #[test]
        fn every_type_is_listed() {
            let listed = [$($idl),*];
            let missing: Vec<&str> = SCHEMA
                .structs
                .iter()
                .map(|s| s.qualified.as_str())
                .filter(|q| !listed.contains(q))
                .collect();
            // Oneway methods have no result type in generated code.
            let expected = ["services.Middle.log_result", "services.Middle.log_async_result",
                "services.Remote.notify_result", "annotations.AnnotatedService.fire_result"];
            let mut missing_sorted = missing.clone();
            missing_sorted.sort();
            let mut expected_sorted = expected.to_vec();
            expected_sorted.sort();
            assert_eq!(missing_sorted, expected_sorted);
        }
    };
}

use generated::a::b::c as namespaces;
use generated::trift::everything::{
    annotations, base_types, bom, comments, consts, enums, services, structs, typedefs,
};
use generated::trift::tutorial::shared;

everything! {
    namespaced: namespaces::Namespaced = "namespaces.Namespaced";
    annotated: annotations::Annotated = "annotations.Annotated";
    annotated_union: annotations::AnnotatedUnion = "annotations.AnnotatedUnion";
    annotated_exception: annotations::AnnotatedException = "annotations.AnnotatedException";
    annotated_call_args: annotations::AnnotatedServiceCallArgs = "annotations.AnnotatedService.call_args";
    annotated_call_result: annotations::AnnotatedServiceCallResult = "annotations.AnnotatedService.call_result";
    annotated_fire_args: annotations::AnnotatedServiceFireArgs = "annotations.AnnotatedService.fire_args";
    all_base_types: base_types::AllBaseTypes = "base_types.AllBaseTypes";
    annotated_base_types: base_types::AnnotatedBaseTypes = "base_types.AnnotatedBaseTypes";
    after_bom: bom::AfterBom = "utf8_bom.AfterBom";
    comments_s: comments::S = "comments_and_separators.S";
    comments_trailing: comments::Trailing = "comments_and_separators.Trailing";
    comments_ex: comments::Ex = "comments_and_separators.Ex";
    comments_u: comments::U = "comments_and_separators.U";
    svc_a_args: comments::SvcAArgs = "comments_and_separators.Svc.a_args";
    svc_a_result: comments::SvcAResult = "comments_and_separators.Svc.a_result";
    svc_b_args: comments::SvcBArgs = "comments_and_separators.Svc.b_args";
    svc_b_result: comments::SvcBResult = "comments_and_separators.Svc.b_result";
    svc_c_args: comments::SvcCArgs = "comments_and_separators.Svc.c_args";
    svc_c_result: comments::SvcCResult = "comments_and_separators.Svc.c_result";
    svc_d_args: comments::SvcDArgs = "comments_and_separators.Svc.d_args";
    svc_d_result: comments::SvcDResult = "comments_and_separators.Svc.d_result";
    point: consts::Point = "consts.Point";
    segment: consts::Segment = "consts.Segment";
    uses_enums: enums::UsesEnums = "enums.UsesEnums";
    request: services::Request = "services.Request";
    response: services::Response = "services.Response";
    services_not_found: services::NotFound = "services.NotFound";
    unavailable: services::Unavailable = "services.Unavailable";
    ping_args: services::BasePingArgs = "services.Base.ping_args";
    ping_result: services::BasePingResult = "services.Base.ping_result";
    version_args: services::BaseVersionArgs = "services.Base.version_args";
    version_result: services::BaseVersionResult = "services.Base.version_result";
    now_args: services::BaseNowArgs = "services.Base.now_args";
    now_result: services::BaseNowResult = "services.Base.now_result";
    search_args: services::MiddleSearchArgs = "services.Middle.search_args";
    search_result: services::MiddleSearchResult = "services.Middle.search_result";
    search_all_args: services::MiddleSearchAllArgs = "services.Middle.search_all_args";
    search_all_result: services::MiddleSearchAllResult = "services.Middle.search_all_result";
    log_args: services::MiddleLogArgs = "services.Middle.log_args";
    log_async_args: services::MiddleLogAsyncArgs = "services.Middle.log_async_args";
    grouped_args: services::MiddleGroupedArgs = "services.Middle.grouped_args";
    grouped_result: services::MiddleGroupedResult = "services.Middle.grouped_result";
    nested_return_args: services::MiddleNestedReturnArgs = "services.Middle.nested_return_args";
    nested_return_result: services::MiddleNestedReturnResult = "services.Middle.nested_return_result";
    echo_args: services::LeafEchoArgs = "services.Leaf.echo_args";
    echo_result: services::LeafEchoResult = "services.Leaf.echo_result";
    sloppy_args: services::LeafSloppyArgs = "services.Leaf.sloppy_args";
    sloppy_result: services::LeafSloppyResult = "services.Leaf.sloppy_result";
    with_throws_args: services::LeafWithThrowsSeparatorsArgs = "services.Leaf.with_throws_separators_args";
    with_throws_result: services::LeafWithThrowsSeparatorsResult = "services.Leaf.with_throws_separators_result";
    roundtrip_args: services::RemoteRoundtripArgs = "services.Remote.roundtrip_args";
    roundtrip_result: services::RemoteRoundtripResult = "services.Remote.roundtrip_result";
    notify_args: services::RemoteNotifyArgs = "services.Remote.notify_args";
    empty: structs::Empty = "structs.Empty";
    requiredness: structs::Requiredness = "structs.Requiredness";
    implicit_ids: structs::ImplicitIds = "structs.ImplicitIds";
    sparse_ids: structs::SparseIds = "structs.SparseIds";
    tree_node: structs::TreeNode = "structs.TreeNode";
    containers: structs::Containers = "structs.Containers";
    documented: structs::Documented = "structs.Documented";
    value_union: structs::Value = "structs.Value";
    empty_union: structs::EmptyUnion = "structs.EmptyUnion";
    structs_not_found: structs::NotFound = "structs.NotFound";
    empty_exception: structs::EmptyException = "structs.EmptyException";
    xsd_struct: structs::XsdStruct = "structs.XsdStruct";
    xsd_union: structs::XsdUnion = "structs.XsdUnion";
    target: typedefs::Target = "typedefs.Target";
    uses_typedefs: typedefs::UsesTypedefs = "typedefs.UsesTypedefs";
    shared_struct: shared::SharedStruct = "shared.SharedStruct";
    get_struct_args: shared::SharedServiceGetStructArgs = "shared.SharedService.getStruct_args";
    get_struct_result: shared::SharedServiceGetStructResult = "shared.SharedService.getStruct_result";
}
