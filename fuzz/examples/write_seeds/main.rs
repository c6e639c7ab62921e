//! Writes the seed corpus of every fuzz target: valid encodings made by
//! trift's own writers (checked byte-identical to Apache's by the golden
//! vectors and the benchmarks), one file per seed, into
//! `seeds/<target>/` (committed) for `cargo fuzz run` to start from.
//!
//! The `server_front` and `client_reply` seeds are recorded: what trift's
//! own client sends for one call in every framing, protocol and zlib
//! setting (plus HTTP requests around the unframed ones), and what the
//! shared harness's server answers to each.
//!
//! `cargo run --example write_seeds` from `fuzz/`.

use std::path::Path;

use trift::protocol::{MessageType, ProtocolResult, ProtocolWriter, TType};
use trift::{ApplicationException, ApplicationExceptionKind, Encode, Uuid};
use trift_fuzz::oracle::FuzzProtocol;
use trift_fuzz::protocols::{Binary, Compact, Json};
use trift_fuzz::realistic::Order;

mod wire_seeds;

/// A call message whose argument struct holds the realistic order.
fn order_call<W: ProtocolWriter>(writer: &mut W) -> ProtocolResult<()> {
    writer.write_message_begin("placeOrder", MessageType::Call, 7)?;
    writer.write_struct_begin("placeOrder_args")?;
    writer.write_field_begin("order", TType::Struct, 1)?;
    Order::sample().encode(writer)?;
    writer.write_field_end()?;
    writer.write_field_stop()?;
    writer.write_struct_end()?;
    writer.write_message_end()
}

/// An exception reply carrying a TApplicationException.
fn exception_reply<W: ProtocolWriter>(writer: &mut W) -> ProtocolResult<()> {
    writer.write_message_begin("placeOrder", MessageType::Exception, -3)?;
    ApplicationException::new(ApplicationExceptionKind::UnknownMethod, "no such method")
        .encode(writer)?;
    writer.write_message_end()
}

/// A oneway message whose struct uses every wire type, long field-id jumps,
/// negative ids, empty and nested containers.
fn every_type<W: ProtocolWriter>(writer: &mut W) -> ProtocolResult<()> {
    writer.write_message_begin("Svc:everyType", MessageType::Oneway, i32::MIN)?;
    writer.write_struct_begin("EveryType")?;
    writer.write_field_begin("flag", TType::Bool, 1)?;
    writer.write_bool(true)?;
    writer.write_field_end()?;
    writer.write_field_begin("byte", TType::I8, 2)?;
    writer.write_i8(-128)?;
    writer.write_field_end()?;
    writer.write_field_begin("short", TType::I16, 40)?;
    writer.write_i16(i16::MAX)?;
    writer.write_field_end()?;
    writer.write_field_begin("int", TType::I32, -1)?;
    writer.write_i32(-1)?;
    writer.write_field_end()?;
    writer.write_field_begin("long", TType::I64, 41)?;
    writer.write_i64(i64::MIN)?;
    writer.write_field_end()?;
    writer.write_field_begin("nan", TType::Double, 42)?;
    writer.write_double(f64::NAN)?;
    writer.write_field_end()?;
    writer.write_field_begin("text", TType::String, 43)?;
    writer.write_string("h\u{e9}llo \"w\\orld\"\n\u{1}")?;
    writer.write_field_end()?;
    writer.write_field_begin("id", TType::Uuid, 44)?;
    writer.write_uuid(&Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef))?;
    writer.write_field_end()?;
    writer.write_field_begin("flags", TType::List, 45)?;
    writer.write_list_begin(TType::Bool, 3)?;
    for flag in [true, false, true] {
        writer.write_bool(flag)?;
    }
    writer.write_list_end()?;
    writer.write_field_end()?;
    writer.write_field_begin("ints", TType::Set, 46)?;
    writer.write_set_begin(TType::I32, 20)?;
    for i in 0..20 {
        writer.write_i32(i * 1000 - 5000)?;
    }
    writer.write_set_end()?;
    writer.write_field_end()?;
    writer.write_field_begin("nested", TType::Map, 47)?;
    writer.write_map_begin(TType::I16, TType::List, 2)?;
    for key in [1_i16, -2] {
        writer.write_i16(key)?;
        writer.write_list_begin(TType::String, 2)?;
        writer.write_string("a")?;
        writer.write_string("")?;
        writer.write_list_end()?;
    }
    writer.write_map_end()?;
    writer.write_field_end()?;
    writer.write_field_begin("empty", TType::Map, 48)?;
    writer.write_map_begin(TType::Double, TType::Bool, 0)?;
    writer.write_map_end()?;
    writer.write_field_end()?;
    writer.write_field_begin("structs", TType::List, 49)?;
    writer.write_list_begin(TType::Struct, 2)?;
    for i in 0..2 {
        writer.write_struct_begin("Inner")?;
        writer.write_field_begin("off", TType::Bool, 3)?;
        writer.write_bool(i == 0)?;
        writer.write_field_end()?;
        writer.write_field_stop()?;
        writer.write_struct_end()?;
    }
    writer.write_list_end()?;
    writer.write_field_end()?;
    writer.write_field_stop()?;
    writer.write_struct_end()?;
    writer.write_message_end()
}

/// Writes one seed message or value.
type SeedWriter<P> = fn(&mut <P as FuzzProtocol>::Writer<'_>) -> ProtocolResult<()>;

fn write_seeds<P: FuzzProtocol>(target: &str) -> ProtocolResult<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(target);
    std::fs::create_dir_all(&dir).expect("create the seed directory");
    let seeds: [(&str, SeedWriter<P>); 4] = [
        ("order", |writer| Order::sample().encode(writer)),
        ("order-call", |writer| order_call(writer)),
        ("exception-reply", |writer| exception_reply(writer)),
        ("every-type", |writer| every_type(writer)),
    ];
    for (name, write) in seeds {
        let mut out = Vec::new();
        write(&mut P::writer(&mut out))?;
        std::fs::write(dir.join(name), &out).expect("write a seed");
        println!("{target}/{name}: {} bytes", out.len());
    }
    Ok(())
}

fn main() -> ProtocolResult<()> {
    write_seeds::<Binary>("binary_reader")?;
    write_seeds::<Compact>("compact_reader")?;
    write_seeds::<Json>("json_reader")?;
    wire_seeds::write();
    Ok(())
}
