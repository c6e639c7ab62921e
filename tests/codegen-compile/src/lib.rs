//! The Rust that trift-codegen generates for the repository's `idl/` and for
//! the Apache IDL corpus, compiled (and linted by clippy) as one crate, once
//! per edition: this package is edition 2024, `trift-codegen-compile-2021`
//! (`tests/codegen-compile-2021`) builds this same file and `build.rs` on
//! edition 2021.
//!
//! `build.rs` runs the Builder; this file mounts its output. A generator
//! change that emits code which does not compile, or that clippy or the
//! workspace lints reject, in either edition, fails `cargo clippy --workspace
//! --all-targets`. The tests below run in both editions too.

/// Modules generated from `idl/`.
pub mod idl {
    include!(concat!(env!("OUT_DIR"), "/idl/mod.rs"));
}

/// The service files of `idl/`, generated with `build_server(false)`.
pub mod client_only {
    include!(concat!(env!("OUT_DIR"), "/client_only/mod.rs"));
}

/// The service files of `idl/`, generated with `build_client(false)`.
pub mod server_only {
    include!(concat!(env!("OUT_DIR"), "/server_only/mod.rs"));
}

/// Modules generated from the accepted files of the Apache IDL corpus.
pub mod corpus {
    include!(concat!(env!("OUT_DIR"), "/corpus/mod.rs"));
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};
    use std::hash::Hash;

    use super::idl::trift::everything::{consts, structs};

    #[test]
    fn scalar_and_string_constants_keep_their_values() {
        assert_eq!(consts::SMALL_NEG, -128i8);
        assert_eq!(consts::LONG_NEG, i64::MIN);
        assert_eq!(consts::HEX_NEG, -16);
        assert_eq!(consts::LEADING_DOT, 0.5);
        assert_eq!(consts::PLANCK, 6.626_070_15e-34);
        assert_eq!(consts::NEG_FROM_INT, -7.0);
        assert_eq!(
            consts::ESCAPES,
            "newline\n return\r tab\t dquote\" squote' backslash\\ end"
        );
        assert_eq!(consts::UTF8, "grüße, 日本語");
        assert_eq!(consts::BINARY_CONST, b"bytes as a string literal");
        assert_eq!((consts::ONE_IS_TRUE, consts::NO), (true, false));
        assert_eq!(consts::FAVOURITE, consts::Color::GREEN);
        assert_eq!(consts::FROM_INT_VALUE, consts::Color::BLUE);
        assert_eq!(consts::ALIAS_OF_INT, i32::MAX);
    }

    #[test]
    fn container_and_struct_constants_are_built_on_first_use() {
        assert_eq!(*consts::PRIMES, vec![2, 3, 5, 7, 11]);
        assert_eq!(*consts::NO_SEPARATORS, vec![1, 2, 3]);
        assert!(consts::EMPTY_MAP.is_empty());
        assert_eq!(consts::AGES.get("bob"), Some(&25));
        assert!(consts::COLOR_SET.contains(&consts::Color::BLUE));
        assert_eq!(consts::WEIGHTS.get(&consts::Color::GREEN), Some(&5.0));
        let key = vec![1, 2];
        let inner: &HashMap<String, bool> = &consts::CONTAINER_KEYS[&key];
        assert_eq!(inner.get("ok"), Some(&true));
        assert_eq!(
            consts::NESTED["x"],
            vec![HashSet::from([1, 2]), HashSet::from([3])]
        );
        assert_eq!(consts::LABELED.label.as_deref(), Some("unit"));
        assert_eq!(consts::ORIGIN.label, None);
        assert_eq!(consts::DIAGONAL.to_point.x, 10);
        assert_eq!(consts::DIAGONAL.waypoints.len(), 1);
        assert_eq!(consts::NAMED_POINTS["origin"], *consts::ORIGIN);
    }

    fn hashable<T: Hash + Eq + Ord>() {}

    #[test]
    fn defaults_follow_the_idl_and_derives_follow_the_fields() {
        let r = structs::Requiredness::default();
        assert_eq!(r.with_default, "x");
        assert_eq!(r.optional_default, Some(1.5));
        assert!(r.flag);
        assert_eq!(r.level, structs::Level::HIGH);
        assert_eq!(r.list_default, vec![1, 2, 3]);
        assert_eq!(r.negative_default, -1);
        assert_eq!(r.may_have, None);
        hashable::<structs::Empty>();
        hashable::<structs::Level>();
        hashable::<consts::Point>();
    }
}

/// Client futures own what they need: they outlive the client they came from
/// and can be spawned, in both editions.
#[cfg(test)]
mod client_futures {
    use std::future::Future;
    use std::time::Duration;

    use trift::{ApplicationExceptionKind, Channel, Server};

    use super::idl::rpc_test::CalculatorClient;
    use super::idl::rpc_test::{Base, BaseClient, BaseServer};

    /// Serves only `Base`, so `Calculator`'s own methods are unknown to it.
    struct Pong;

    impl Base for Pong {
        async fn ping(&self) -> Result<String, trift::Error> {
            Ok("pong".to_owned())
        }
    }

    /// Compiles only for a future that borrows nothing.
    fn owned<F: Future + Send + 'static>(future: F) -> F {
        future
    }

    /// Takes the client by value: compiles only if the future keeps no
    /// borrow of it.
    fn detached(client: BaseClient) -> impl Future<Output = Result<String, trift::Error>> {
        client.ping()
    }

    fn channel(addr: std::net::SocketAddr) -> Channel {
        Channel::builder(addr)
            .call_timeout(Duration::from_secs(10))
            .build()
    }

    #[tokio::test]
    async fn a_client_future_outlives_its_client_and_can_be_spawned() {
        let server = Server::builder().bind("127.0.0.1:0").await.unwrap();
        let addr = server.local_addr();
        let shutdown = server.shutdown_handle();
        let serving = tokio::spawn(server.serve(BaseServer::new(Pong)));

        let client = BaseClient::new(channel(addr));
        let pinged = owned(client.ping());
        let spawned = tokio::spawn(client.ping());
        let detached = detached(client.clone());
        drop(client);
        assert_eq!(pinged.await.unwrap(), "pong");
        assert_eq!(spawned.await.unwrap().unwrap(), "pong");
        assert_eq!(detached.await.unwrap(), "pong");

        // A child client: an inherited method (through `Deref`) and its own.
        let child = CalculatorClient::new(channel(addr));
        let inherited = owned(child.ping());
        let own = owned(child.add(1, 2));
        drop(child);
        assert_eq!(inherited.await.unwrap(), "pong");
        match own.await {
            Err(trift::Error::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::UnknownMethod);
            }
            other => panic!("expected UNKNOWN_METHOD from a Base-only server, got {other:?}"),
        }

        shutdown.shutdown();
        tokio::time::timeout(Duration::from_secs(10), serving)
            .await
            .expect("graceful shutdown")
            .unwrap()
            .unwrap();
    }
}

/// A crate generated with clients only calls one generated with servers only.
#[cfg(test)]
mod one_side_only {
    use std::time::Duration;

    use trift::{Channel, Server};

    use super::client_only::rpc_test::BaseClient;
    use super::server_only::rpc_test::{Base, BaseServer};

    struct Pong;

    impl Base for Pong {
        async fn ping(&self) -> Result<String, trift::Error> {
            Ok("pong from a server-only build".to_owned())
        }
    }

    #[tokio::test]
    async fn a_client_only_build_calls_a_server_only_build() {
        let server = Server::builder().bind("127.0.0.1:0").await.unwrap();
        let addr = server.local_addr();
        let shutdown = server.shutdown_handle();
        let serving = tokio::spawn(server.serve(BaseServer::new(Pong)));

        let channel = Channel::builder(addr)
            .call_timeout(Duration::from_secs(10))
            .build();
        let answer = BaseClient::new(channel).ping().await.unwrap();
        assert_eq!(answer, "pong from a server-only build");

        shutdown.shutdown();
        tokio::time::timeout(Duration::from_secs(10), serving)
            .await
            .expect("graceful shutdown")
            .unwrap()
            .unwrap();
    }
}
