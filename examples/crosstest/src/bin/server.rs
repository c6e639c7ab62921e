//! ThriftTest + SecondService server for Apache Thrift's cross-language test.
//!
//! ```text
//! crosstest-server --port 9090 --protocol binary|compact|json|multi|multic|multij \
//!                  --transport buffered|framed|http [--host 127.0.0.1]
//! ```
//!
//! Raw TCP serves only the flags' protocol and framing; `http` serves
//! Thrift over HTTP (`POST` on any path). The `multi*` protocols host
//! ThriftTest and SecondService under those names, and ThriftTest also for
//! calls that name no service, as Apache's test servers do. Each method
//! behaves as `tests/crosstest/README.md` lists. Prints one `listening on`
//! line once it accepts connections; SIGTERM or SIGINT stops it (exit 0).

use std::collections::HashMap;
use std::time::Duration;

use clap::Parser;
use trift::server::MultiplexedService;
use trift::{Accept, ApplicationException, ApplicationExceptionKind, Bytes, Server, Uuid};
use trift_crosstest::CommonFlags;
use trift_crosstest::generated::thrift::test::{
    Insanity, Numberz, SecondService, SecondServiceServer, ThriftTest, ThriftTestServer,
    ThriftTestTestExceptionError, ThriftTestTestMultiExceptionError, UserId, Xception, Xception2,
    Xtruct, Xtruct2,
};

/// Command line.
#[derive(Debug, Parser)]
#[command(about = "ThriftTest server for Apache Thrift's cross-language test")]
struct Flags {
    #[command(flatten)]
    common: CommonFlags,
    /// Log every call on stderr.
    #[arg(short, long)]
    verbose: bool,
}

/// The ThriftTest handler: echoes, fixed answers and the magic-string
/// exceptions of Apache's contract.
struct ThriftTestHandler {
    verbose: bool,
}

impl ThriftTestHandler {
    fn log(&self, call: std::fmt::Arguments<'_>) {
        if self.verbose {
            eprintln!("server: {call}");
        }
    }
}

impl ThriftTest for ThriftTestHandler {
    async fn test_void(&self) -> Result<(), trift::Error> {
        self.log(format_args!("testVoid()"));
        Ok(())
    }

    async fn test_string(&self, thing: String) -> Result<String, trift::Error> {
        self.log(format_args!("testString({thing:?})"));
        Ok(thing)
    }

    async fn test_bool(&self, thing: bool) -> Result<bool, trift::Error> {
        self.log(format_args!("testBool({thing})"));
        Ok(thing)
    }

    async fn test_byte(&self, thing: i8) -> Result<i8, trift::Error> {
        self.log(format_args!("testByte({thing})"));
        Ok(thing)
    }

    async fn test_i32(&self, thing: i32) -> Result<i32, trift::Error> {
        self.log(format_args!("testI32({thing})"));
        Ok(thing)
    }

    async fn test_i64(&self, thing: i64) -> Result<i64, trift::Error> {
        self.log(format_args!("testI64({thing})"));
        Ok(thing)
    }

    async fn test_double(&self, thing: f64) -> Result<f64, trift::Error> {
        self.log(format_args!("testDouble({thing:?})"));
        Ok(thing)
    }

    async fn test_binary(&self, thing: Bytes) -> Result<Bytes, trift::Error> {
        self.log(format_args!("testBinary({} bytes)", thing.len()));
        Ok(thing)
    }

    async fn test_uuid(&self, thing: Uuid) -> Result<Uuid, trift::Error> {
        self.log(format_args!("testUuid({thing})"));
        Ok(thing)
    }

    async fn test_struct(&self, thing: Xtruct) -> Result<Xtruct, trift::Error> {
        self.log(format_args!("testStruct({thing:?})"));
        Ok(thing)
    }

    async fn test_nest(&self, thing: Xtruct2) -> Result<Xtruct2, trift::Error> {
        self.log(format_args!("testNest({thing:?})"));
        Ok(thing)
    }

    async fn test_map(&self, thing: HashMap<i32, i32>) -> Result<HashMap<i32, i32>, trift::Error> {
        self.log(format_args!("testMap({thing:?})"));
        Ok(thing)
    }

    async fn test_string_map(
        &self,
        thing: HashMap<String, String>,
    ) -> Result<HashMap<String, String>, trift::Error> {
        self.log(format_args!("testStringMap({thing:?})"));
        Ok(thing)
    }

    async fn test_set(
        &self,
        thing: std::collections::HashSet<i32>,
    ) -> Result<std::collections::HashSet<i32>, trift::Error> {
        self.log(format_args!("testSet({} elements)", thing.len()));
        Ok(thing)
    }

    async fn test_list(&self, thing: Vec<i32>) -> Result<Vec<i32>, trift::Error> {
        self.log(format_args!("testList({} elements)", thing.len()));
        Ok(thing)
    }

    async fn test_enum(&self, thing: Numberz) -> Result<Numberz, trift::Error> {
        self.log(format_args!("testEnum({thing:?})"));
        Ok(thing)
    }

    async fn test_typedef(&self, thing: UserId) -> Result<UserId, trift::Error> {
        self.log(format_args!("testTypedef({thing})"));
        Ok(thing)
    }

    async fn test_map_map(
        &self,
        hello: i32,
    ) -> Result<HashMap<i32, HashMap<i32, i32>>, trift::Error> {
        self.log(format_args!("testMapMap({hello})"));
        Ok(map_map())
    }

    async fn test_insanity(
        &self,
        argument: Insanity,
    ) -> Result<HashMap<UserId, HashMap<Numberz, Insanity>>, trift::Error> {
        self.log(format_args!("testInsanity({argument:?})"));
        let first = HashMap::from([(Numberz::TWO, argument.clone()), (Numberz::THREE, argument)]);
        let second = HashMap::from([(Numberz::SIX, Insanity::default())]);
        Ok(HashMap::from([(1, first), (2, second)]))
    }

    async fn test_multi(
        &self,
        arg0: i8,
        arg1: i32,
        arg2: i64,
        arg3: HashMap<i16, String>,
        arg4: Numberz,
        arg5: UserId,
    ) -> Result<Xtruct, trift::Error> {
        self.log(format_args!(
            "testMulti({arg0}, {arg1}, {arg2}, {arg3:?}, {arg4:?}, {arg5})"
        ));
        Ok(Xtruct {
            string_thing: "Hello2".to_owned(),
            byte_thing: arg0,
            i32_thing: arg1,
            i64_thing: arg2,
        })
    }

    async fn test_exception(&self, arg: String) -> Result<(), ThriftTestTestExceptionError> {
        self.log(format_args!("testException({arg:?})"));
        match arg.as_str() {
            "Xception" => Err(ThriftTestTestExceptionError::Err1(Xception {
                error_code: 1001,
                message: arg,
            })),
            // An undeclared error: it reaches the client as a
            // TApplicationException, as Apache's servers send it.
            "TException" => Err(ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                "This is a TException",
            )
            .into()),
            _ => Ok(()),
        }
    }

    async fn test_multi_exception(
        &self,
        arg0: String,
        arg1: String,
    ) -> Result<Xtruct, ThriftTestTestMultiExceptionError> {
        self.log(format_args!("testMultiException({arg0:?}, {arg1:?})"));
        match arg0.as_str() {
            "Xception" => Err(ThriftTestTestMultiExceptionError::Err1(Xception {
                error_code: 1001,
                message: "This is an Xception".to_owned(),
            })),
            "Xception2" => Err(ThriftTestTestMultiExceptionError::Err2(Xception2 {
                error_code: 2002,
                struct_thing: Xtruct {
                    string_thing: "This is an Xception2".to_owned(),
                    ..Xtruct::default()
                },
            })),
            _ => Ok(Xtruct {
                string_thing: arg1,
                ..Xtruct::default()
            }),
        }
    }

    async fn test_oneway(&self, seconds_to_sleep: i32) -> Result<(), trift::Error> {
        self.log(format_args!("testOneway({seconds_to_sleep}): sleeping"));
        let seconds = u64::try_from(seconds_to_sleep).unwrap_or(0);
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        self.log(format_args!("testOneway({seconds_to_sleep}): done"));
        Ok(())
    }
}

/// testMapMap's fixed answer.
fn map_map() -> HashMap<i32, HashMap<i32, i32>> {
    let negative = (-4..=-1).map(|n| (n, n)).collect();
    let positive = (1..=4).map(|n| (n, n)).collect();
    HashMap::from([(-4, negative), (4, positive)])
}

/// The SecondService handler.
struct SecondServiceHandler;

impl SecondService for SecondServiceHandler {
    async fn secondtest_string(&self, thing: String) -> Result<String, trift::Error> {
        Ok(format!("testString(\"{thing}\")"))
    }
}

/// Resolves on SIGTERM or SIGINT (SIGINT only off Unix).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let flags = Flags::parse();
    let common = &flags.common;
    let mut builder = Server::builder().protocol(common.protocol.protocol());
    builder = match common.transport.framing() {
        Some(framing) => builder.accept(Accept::Raw).framing(framing),
        None => builder.accept(Accept::Http),
    };
    let server = builder.bind(common.address()).await?;
    println!(
        "listening on {} protocol={:?} transport={:?}",
        server.local_addr(),
        common.protocol,
        common.transport
    );
    let thrift_test = ThriftTestServer::new(ThriftTestHandler {
        verbose: flags.verbose,
    });
    if common.protocol.is_multiplexed() {
        let service = MultiplexedService::builder()
            .default_service(thrift_test.clone())
            .service("ThriftTest", thrift_test)
            .service(
                "SecondService",
                SecondServiceServer::new(SecondServiceHandler),
            )
            .build();
        server.serve_with_shutdown(service, stop_signal()).await?;
    } else {
        server
            .serve_with_shutdown(thrift_test, stop_signal())
            .await?;
    }
    Ok(())
}
