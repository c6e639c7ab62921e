//! The robustness principle across schema versions (`idl/evolution/v1.thrift`
//! and `v2.thrift`), for binary, compact and JSON: bytes of the newer schema
//! decode in the older one (unknown fields and union arms skipped, unknown
//! enum values kept), bytes of the older one decode in the newer one (IDL
//! defaults applied), and unknown enum values survive a round trip.

use trift_tests::generated::trift::evolution::{v1, v2};
use trift_tests::protocols::Protocol;

fn v2_account() -> v2::Account {
    v2::Account {
        id: 7,
        name: "ada".to_owned(),
        status: v2::Status::CLOSED,
        contact: Some(v2::Contact::Pager("555".to_owned())),
        history: vec![v2::Status::ACTIVE, v2::Status::ARCHIVED],
        nickname: Some("countess".to_owned()),
        score: 3,
        tags: vec!["math".to_owned()],
        tier: v2::Status::ARCHIVED,
    }
}

#[test]
fn newer_bytes_decode_in_the_older_schema() {
    for protocol in Protocol::ALL {
        let bytes = protocol.encode(&v2_account()).expect("encode v2");
        let old: v1::Account = protocol.decode(&bytes).expect("decode as v1");
        assert_eq!(
            old,
            v1::Account {
                id: 7,
                name: "ada".to_owned(),
                // v1 has no CLOSED (3) or ARCHIVED (4): the values are kept.
                status: v1::Status(3),
                // The `pager` arm is unknown to v1: skipped, leaving no arm.
                contact: Some(v1::Contact::Unknown),
                history: vec![v1::Status::ACTIVE, v1::Status(4)],
            },
            "{}",
            protocol.name()
        );
        assert_eq!(format!("{:?}", old.status), "Status(3)");
        assert_eq!(format!("{:?}", old.history[0]), "ACTIVE");
    }
}

#[test]
fn unknown_enum_values_survive_a_round_trip_through_the_older_schema() {
    for protocol in Protocol::ALL {
        let bytes = protocol.encode(&v2_account()).expect("encode v2");
        let old: v1::Account = protocol.decode(&bytes).expect("decode as v1");
        let back: v2::Account = protocol
            .decode(&protocol.encode(&old).expect("encode v1"))
            .expect("decode as v2");
        assert_eq!(back.status, v2::Status::CLOSED, "{}", protocol.name());
        assert_eq!(back.history, vec![v2::Status::ACTIVE, v2::Status::ARCHIVED]);
        // What v1 did not know is gone; v2's defaults fill it in.
        assert_eq!(back.contact, Some(v2::Contact::Unknown));
        assert_eq!(back.nickname, None);
        assert_eq!(back.score, 100);
        assert_eq!(back.tags, vec!["new".to_owned()]);
        assert_eq!(back.tier, v2::Status::SUSPENDED);
    }
}

#[test]
fn older_bytes_decode_in_the_newer_schema_with_defaults() {
    let old = v1::Account {
        id: 1,
        name: "bob".to_owned(),
        status: v1::Status::SUSPENDED,
        contact: Some(v1::Contact::Email("b@example.org".to_owned())),
        history: vec![],
    };
    for protocol in Protocol::ALL {
        let new: v2::Account = protocol
            .decode(&protocol.encode(&old).expect("encode v1"))
            .expect("decode as v2");
        assert_eq!(
            new,
            v2::Account {
                id: 1,
                name: "bob".to_owned(),
                status: v2::Status::SUSPENDED,
                contact: Some(v2::Contact::Email("b@example.org".to_owned())),
                history: vec![],
                nickname: None,
                score: 100,
                tags: vec!["new".to_owned()],
                tier: v2::Status::SUSPENDED,
            },
            "{}",
            protocol.name()
        );
        // The IDL defaults are also what `Default` gives.
        let defaults = v2::Account::default();
        assert_eq!(
            (new.score, &new.tags, new.tier),
            (defaults.score, &defaults.tags, defaults.tier)
        );
    }
}

#[test]
fn a_missing_required_field_names_the_struct_and_the_field() {
    // An empty struct: field 1 (`id`, required) never arrives.
    for protocol in Protocol::ALL {
        let bytes = protocol
            .encode(&v1::Contact::Unknown)
            .expect("encode empty union");
        let error = protocol
            .decode::<v1::Account>(&bytes)
            .expect_err("id is required");
        assert_eq!(
            error.kind(),
            trift::protocol::ProtocolErrorKind::MissingOrExtraField
        );
        assert!(error.message().contains("`id` of `Account`"), "{error}");
    }
}

#[test]
fn a_union_with_two_arms_set_is_rejected() {
    // No generated value has two arms set, so write the fields by hand.
    use trift::protocol::{ProtocolWriter, TType};
    for protocol in Protocol::ALL {
        let mut out = Vec::new();
        match protocol {
            Protocol::Binary => two_arms(&mut trift::protocol::BinaryWriter::new(&mut out)),
            Protocol::Compact => two_arms(&mut trift::protocol::CompactWriter::new(&mut out)),
            Protocol::Json => two_arms(&mut trift::protocol::JsonWriter::new(&mut out)),
        }
        let error = protocol.decode::<v1::Contact>(&out).expect_err("two arms");
        assert_eq!(
            error.kind(),
            trift::protocol::ProtocolErrorKind::MissingOrExtraField
        );
        assert!(error.message().contains("Contact"), "{error}");
    }

    fn two_arms<W: ProtocolWriter>(w: &mut W) {
        w.write_struct_begin("Contact").unwrap();
        for (id, name) in [(1, "email"), (2, "phone")] {
            w.write_field_begin(name, TType::String, id).unwrap();
            w.write_string("x").unwrap();
            w.write_field_end().unwrap();
        }
        w.write_field_stop().unwrap();
        w.write_struct_end().unwrap();
    }
}

#[test]
fn a_known_id_with_another_wire_type_is_skipped() {
    use trift::protocol::{ProtocolWriter, TType};
    // `name` (id 2, a string in the IDL) arrives as an i32: skipped like an
    // unknown field, and the fields after it still decode.
    fn write<W: ProtocolWriter>(w: &mut W) {
        w.write_struct_begin("Account").unwrap();
        w.write_field_begin("id", TType::I64, 1).unwrap();
        w.write_i64(5).unwrap();
        w.write_field_end().unwrap();
        w.write_field_begin("name", TType::I32, 2).unwrap();
        w.write_i32(77).unwrap();
        w.write_field_end().unwrap();
        w.write_field_begin("status", TType::I32, 3).unwrap();
        w.write_i32(2).unwrap();
        w.write_field_end().unwrap();
        w.write_field_stop().unwrap();
        w.write_struct_end().unwrap();
    }
    for protocol in Protocol::ALL {
        let mut out = Vec::new();
        match protocol {
            Protocol::Binary => write(&mut trift::protocol::BinaryWriter::new(&mut out)),
            Protocol::Compact => write(&mut trift::protocol::CompactWriter::new(&mut out)),
            Protocol::Json => write(&mut trift::protocol::JsonWriter::new(&mut out)),
        }
        let account: v1::Account = protocol.decode(&out).expect("decode");
        assert_eq!(account.id, 5);
        assert_eq!(account.name, "", "{}", protocol.name());
        assert_eq!(account.status, v1::Status::SUSPENDED);
    }
}
