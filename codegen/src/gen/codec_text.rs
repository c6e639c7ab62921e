//! The `WireType`, `Encode` and `Decode` impls of structs, exceptions,
//! unions and method args/result structs, written as formatted text
//! ([`crate::text::Code`]) rather than tokens: the bulk of every generated
//! file, so the part where skipping syn and prettyplease pays most.
//!
//! The code is the one [`super::codec`] describes, with two changes that
//! keep every line short without a general formatter: decoder locals carry
//! no type annotation (the struct literal at the end fixes their types), and
//! a missing required field is reported by the runtime's `required` helper
//! rather than an `ok_or_else` chain. A struct with a field whose IDL
//! default allocates (built only when the field is absent) is left to the
//! token path ([`initial_values`]).

use trift_idl::model::StructKind;

use super::{Ctx, consts, ty};
use crate::plan::{FieldDefault, FieldPlan, StructPlan};
use crate::text::{Code, FieldValue, inline_expr};

/// The decoder's initial value of each field, or `None` when some field's
/// cannot be written as text: a field that must arrive or is an `Option`
/// without a default starts at `None`, a field at its type's default (an
/// IDL default equal to it included) at `Default::default()`, a field with
/// another IDL default that does not allocate at that value (`7`,
/// `E::MEMBER`). An allocating IDL default is built only when the field is
/// absent, which is left to the token path.
pub(crate) fn initial_values(
    ctx: &Ctx<'_>,
    fields: &[(String, &FieldPlan<'_>)],
) -> Option<Vec<String>> {
    fields
        .iter()
        .map(|(_, field)| {
            if field.must_arrive {
                return Some("__codegen::None".to_owned());
            }
            match &field.default {
                FieldDefault::None => Some("__codegen::None".to_owned()),
                FieldDefault::TypeDefault => Some("__codegen::Default::default()".to_owned()),
                FieldDefault::Value { trivial: true, .. } if !field.optional => {
                    Some("__codegen::Default::default()".to_owned())
                }
                FieldDefault::Value {
                    allocates: false, ..
                } => inline_expr(&consts::field_default(ctx, field)),
                FieldDefault::Value { .. } => None,
            }
        })
        .collect()
}

fn header(code: &mut Code, name: &str) {
    code.open(&format!("impl __codegen::WireType for {name} {{"));
    code.line("const TTYPE: __codegen::TType = __codegen::TType::Struct;");
    code.close("}");
}

fn encode_open(code: &mut Code, name: &str) {
    code.open(&format!("impl __codegen::Encode for {name} {{"));
    code.open("fn encode<W: __codegen::ProtocolWriter>(");
    code.line("&self,");
    code.line("writer: &mut W,");
    code.close(") -> __codegen::ProtocolResult<()> {");
    code.indent_in();
}

fn decode_open(code: &mut Code, name: &str) {
    code.open(&format!("impl __codegen::Decode for {name} {{"));
    code.open("fn decode<R: __codegen::ProtocolReader>(reader: &mut R) -> __codegen::ProtocolResult<Self> {");
}

fn close_fn_and_impl(code: &mut Code) {
    code.close("}");
    code.close("}");
}

/// One field's header, value and end, `value` being the expression encoded.
fn write_field(code: &mut Code, wire_name: &str, ttype: &str, id: i32, value: &str) {
    let wire = format!("{wire_name:?}");
    let ttype = format!("__codegen::TType::{ttype}");
    let id = id.to_string();
    code.call("writer.write_field_begin", &[&wire, &ttype, &id], "?;");
    code.call("__codegen::Encode::encode", &[value, "writer"], "?;");
    code.line("writer.write_field_end()?;");
}

/// The loop over field headers; `arms` writes the match arms of the known
/// fields (none: every field is skipped).
fn field_loop(code: &mut Code, has_arms: bool, arms: impl FnOnce(&mut Code)) {
    code.open("loop {");
    code.line("let field = reader.read_field_begin()?;");
    code.open("if field.ttype == __codegen::TType::Stop {");
    code.line("break;");
    code.close("}");
    if has_arms {
        code.open("match (field.id, field.ttype) {");
        arms(code);
        code.line("_ => __codegen::skip(reader, field.ttype)?,");
        code.close("}");
    } else {
        code.line("__codegen::skip(reader, field.ttype)?;");
    }
    code.line("reader.read_field_end()?;");
    code.close("}");
}

/// The codec impls of the struct `name` (wire name `wire_name`) with
/// `fields` (Rust member, plan), their decoders starting at `initial`
/// ([`initial_values`]).
pub(crate) fn struct_codec(
    ctx: &Ctx<'_>,
    name: &str,
    wire_name: &str,
    fields: &[(String, &FieldPlan<'_>)],
    initial: &[String],
) -> String {
    let mut code = Code::new();
    header(&mut code, name);

    encode_open(&mut code, name);
    code.call(
        "writer.write_struct_begin",
        &[&format!("{wire_name:?}")],
        "?;",
    );
    for (member, field) in fields {
        let ttype = ty::ttype_name(ctx, &field.field.ty);
        if field.optional {
            code.open(&format!(
                "if let __codegen::Some(value) = &self.{member} {{"
            ));
            write_field(&mut code, &field.field.name, ttype, field.field.id, "value");
            code.close("}");
        } else {
            let value = format!("&self.{member}");
            write_field(&mut code, &field.field.name, ttype, field.field.id, &value);
        }
    }
    code.line("writer.write_field_stop()?;");
    code.line("writer.write_struct_end()");
    close_fn_and_impl(&mut code);

    decode_open(&mut code, name);
    code.line("reader.read_struct_begin()?;");
    for (index, initial) in initial.iter().enumerate() {
        code.line(&format!("let mut field_{index} = {initial};"));
    }
    field_loop(&mut code, !fields.is_empty(), |code| {
        for (index, (_, field)) in fields.iter().enumerate() {
            let ttype = ty::ttype_name(ctx, &field.field.ty);
            code.open(&format!(
                "({}, __codegen::TType::{ttype}) => {{",
                field.field.id
            ));
            if field.must_arrive || field.optional {
                code.line(&format!(
                    "field_{index} = __codegen::Some(__codegen::Decode::decode(reader)?);"
                ));
            } else {
                code.line(&format!(
                    "field_{index} = __codegen::Decode::decode(reader)?;"
                ));
            }
            code.close("}");
        }
    });
    code.line("reader.read_struct_end()?;");
    let wire = format!("{wire_name:?}");
    let inits: Vec<(String, FieldValue<'_>)> = fields
        .iter()
        .enumerate()
        .map(|(index, (member, field))| {
            let value = if field.must_arrive {
                FieldValue::Call {
                    head: "__codegen::required",
                    args: vec![
                        format!("field_{index}"),
                        wire.clone(),
                        format!("{:?}", field.field.name),
                    ],
                    tail: "?",
                }
            } else {
                FieldValue::Plain(format!("field_{index}"))
            };
            (member.clone(), value)
        })
        .collect();
    code.struct_literal("__codegen::Ok(", &inits, ")");
    close_fn_and_impl(&mut code);
    code.finish()
}

/// The codec impls of a union: one arm per variant, the unknown variant for
/// an empty union or one whose only arm this IDL does not know.
pub(crate) fn union_codec(ctx: &Ctx<'_>, plan: &StructPlan<'_>) -> String {
    debug_assert_eq!(plan.strukt.kind, StructKind::Union);
    let def = &plan.def;
    let name = ctx.names.type_name(def);
    let wire = format!("{:?}", plan.strukt.name);
    let unknown = ctx.names.unknown_variant(def);
    let mut code = Code::new();
    header(&mut code, name);

    encode_open(&mut code, name);
    code.call("writer.write_struct_begin", &[&wire], "?;");
    code.open("match self {");
    for (index, field) in plan.strukt.fields.iter().enumerate() {
        let variant = ctx.names.field(def, index);
        code.open(&format!("Self::{variant}(value) => {{"));
        let ttype = ty::ttype_name(ctx, &field.ty);
        write_field(&mut code, &field.name, ttype, field.id, "value");
        code.close("}");
    }
    code.line(&format!("Self::{unknown} => {{}}"));
    code.close("}");
    code.line("writer.write_field_stop()?;");
    code.line("writer.write_struct_end()");
    close_fn_and_impl(&mut code);

    decode_open(&mut code, name);
    code.line("reader.read_struct_begin()?;");
    let fields = &plan.strukt.fields;
    if !fields.is_empty() {
        code.line("let mut value: __codegen::Option<Self> = __codegen::None;");
    }
    field_loop(&mut code, !fields.is_empty(), |code| {
        for (index, field) in fields.iter().enumerate() {
            let variant = ctx.names.field(def, index);
            let ttype = ty::ttype_name(ctx, &field.ty);
            code.open(&format!("({}, __codegen::TType::{ttype}) => {{", field.id));
            code.open("if value.is_some() {");
            let field_name = format!("{:?}", field.name);
            code.call(
                "return __codegen::union_conflict",
                &[&wire, &field_name],
                ";",
            );
            code.close("}");
            code.line("let arm = __codegen::Decode::decode(reader)?;");
            code.line(&format!("value = __codegen::Some(Self::{variant}(arm));"));
            code.close("}");
        }
    });
    code.line("reader.read_struct_end()?;");
    if fields.is_empty() {
        code.line(&format!("__codegen::Ok(Self::{unknown})"));
    } else {
        code.line("__codegen::Ok(value.unwrap_or_default())");
    }
    close_fn_and_impl(&mut code);
    code.finish()
}
