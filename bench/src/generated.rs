//! The benchmark struct as two compilers generate it from `idl/order.thrift`:
//! trift-codegen (through its Builder) and Apache's `thrift --gen rs` (for
//! crates.io's `thrift` crate). Both are produced by `build.rs`.

/// trift-codegen's output (`mod.rs` plus one file per IDL file).
pub mod trift_gen {
    include!(concat!(env!("OUT_DIR"), "/trift/mod.rs"));
}

/// `thrift --gen rs` output, with its inner attributes moved here.
#[allow(
    missing_docs,
    unused_imports,
    unused_extern_crates,
    clippy::all,
    rust_2018_idioms
)]
pub mod apache_gen {
    include!(concat!(env!("OUT_DIR"), "/apache_order.rs"));
}

use trift_gen::order::{Order, Owner};

/// The realistic value: the same numbers as the hand-written benchmark's
/// `Order::sample()`, in trift's generated type.
pub fn sample() -> Order {
    let item_ids = (0..100_i64)
        .map(|i| (i * i * 7_919 + i * 104_729) ^ (i << 20))
        .collect();
    let tags = (0..10)
        .map(|i| (format!("tag{i}"), format!("value-{i}")))
        .collect();
    let payload: Vec<u8> = (0..1024_u32)
        .map(|i| (i.wrapping_mul(31) ^ (i >> 3)) as u8)
        .collect();
    Order {
        id: 9_007_199_254_740_993,
        account_id: 42_000_017,
        name: "Jane Roe".to_owned(),
        email: "jane.roe@example.com".to_owned(),
        item_ids,
        tags,
        payload: trift::Bytes::from(payload),
        owner: Owner {
            id: -77,
            name: "ops-team".to_owned(),
            rank: Some(3),
        },
        active: true,
        verified: false,
        score: 4.718_281_828,
        note: Some("fragile".to_owned()),
    }
}

/// The same value in the Apache-generated type.
pub fn to_apache(order: &Order) -> apache_gen::Order {
    let owner = &order.owner;
    apache_gen::Order::new(
        order.id,
        order.account_id,
        order.name.clone(),
        order.email.clone(),
        order.item_ids.clone(),
        order
            .tags
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<std::collections::BTreeMap<_, _>>(),
        order.payload.to_vec(),
        apache_gen::Owner::new(owner.id, owner.name.clone(), owner.rank),
        order.active,
        order.verified,
        thrift::OrderedFloat::from(order.score),
        order.note.clone(),
    )
}
