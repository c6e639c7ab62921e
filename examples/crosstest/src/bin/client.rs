//! ThriftTest client for Apache Thrift's cross-language test.
//!
//! ```text
//! crosstest-client --host 127.0.0.1 --port 9090 \
//!                  --protocol binary|compact|json|header|multi|multic|multih|multij \
//!                  --transport buffered|framed|http
//! ```
//!
//! Calls every method of ThriftTest (and SecondService.secondtestString when
//! multiplexed, interleaved with ThriftTest calls on the same connection)
//! and exits with Apache's bitmask: 0 when every check passes, else the OR of
//! 1 (base types), 2 (structs), 4 (containers) and 8 (exceptions). A check
//! group reports every wrong reply and stops at the first failed call; the
//! next group starts on a new connection.

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::fmt::Debug;
use std::time::{Duration, Instant};

use clap::Parser;
use tower::Layer;
use tower::util::BoxCloneService;
use trift::client::ServiceNameLayer;
use trift::{Bytes, Channel, ClientReply, ClientRequest, Framing, HttpChannel, Protocol, Uuid};
use trift_crosstest::generated::thrift::test::{
    Insanity, Numberz, SecondServiceClient, ThriftTestClient, ThriftTestTestExceptionError,
    ThriftTestTestMultiExceptionError, Xtruct, Xtruct2,
};
use trift_crosstest::{CommonFlags, ProtocolFlag, TransportFlag, Wire};

/// Command line.
#[derive(Debug, Parser)]
#[command(about = "ThriftTest client for Apache Thrift's cross-language test")]
struct Flags {
    #[command(flatten)]
    common: CommonFlags,
    /// Request path for `--transport http`.
    #[arg(long, default_value = "/")]
    http_path: String,
    /// Seconds one call may take.
    #[arg(long, default_value_t = 20)]
    call_timeout: u64,
    /// Print every passed group too.
    #[arg(short, long)]
    verbose: bool,
}

const BASE_TYPES: i32 = 1;
const STRUCTS: i32 = 2;
const CONTAINERS: i32 = 4;
const EXCEPTIONS: i32 = 8;

/// testOneway(1) must hand back control well before the server's sleep ends
/// plus a margin, as Apache's clients require.
const ONEWAY_LIMIT: Duration = Duration::from_secs(3);

/// The call path every client of one connection shares: a TCP channel or an
/// HTTP channel, optionally behind a service-name prefix.
type CallPath = BoxCloneService<ClientRequest, ClientReply, trift::Error>;

/// Why a group stopped: a failed call or a reply that cannot be checked
/// further.
type GroupError = Box<dyn Error + Send + Sync>;

/// The clients of one connection.
struct Clients {
    test: ThriftTestClient<CallPath>,
    second: Option<SecondServiceClient<CallPath>>,
    json: bool,
}

impl Clients {
    fn connect(flags: &Flags) -> Result<Clients, GroupError> {
        let common = &flags.common;
        let timeout = Duration::from_secs(flags.call_timeout);
        let base: CallPath = match common.wire(false)? {
            Wire::Raw {
                protocol,
                framing,
                zlib,
            } => BoxCloneService::new({
                // Apache's programs nest THeader in TFramedTransport's frames.
                let nested =
                    common.protocol.is_header() && common.transport == TransportFlag::Framed;
                let mut builder = Channel::builder(common.endpoint())
                    .zlib(zlib)
                    .header_in_frames(nested);
                if common.ssl {
                    let key = CommonFlags::key_file;
                    let tls = trift::tls::client_config_from_files(
                        key("CA.pem"),
                        Some((key("client.crt"), key("client.key"))),
                    )?;
                    builder = builder.tls(tls, &common.host)?;
                }
                builder
                    .protocol(protocol.unwrap_or(Protocol::Binary))
                    .framing(framing.unwrap_or(Framing::Framed))
                    .connect_timeout(Duration::from_secs(5))
                    .call_timeout(timeout)
                    .build()
            }),
            Wire::Http(protocol) => BoxCloneService::new({
                let scheme = if common.ssl { "https" } else { "http" };
                let url = format!("{scheme}://{}{}", common.address(), flags.http_path);
                let mut builder = HttpChannel::builder(url)
                    .protocol(protocol)
                    .theader(common.protocol.is_header())
                    .connect_timeout(Duration::from_secs(5))
                    .call_timeout(timeout);
                if common.ssl {
                    let key = CommonFlags::key_file;
                    builder = builder.tls(trift::tls::client_config_from_files(
                        key("CA.pem"),
                        Some((key("client.crt"), key("client.key"))),
                    )?);
                }
                builder.build()?
            }),
        };
        let (test, second) = if common.protocol.is_multiplexed() {
            let named =
                |name: &str| BoxCloneService::new(ServiceNameLayer::new(name).layer(base.clone()));
            (
                ThriftTestClient::new(named("ThriftTest")),
                Some(SecondServiceClient::new(named("SecondService"))),
            )
        } else {
            (ThriftTestClient::new(base), None)
        };
        Ok(Clients {
            test,
            second,
            json: matches!(common.protocol, ProtocolFlag::Json | ProtocolFlag::Multij),
        })
    }
}

/// The wrong replies of the running group.
#[derive(Default)]
struct Mismatches(Vec<String>);

impl Mismatches {
    fn expect<T: PartialEq + Debug>(&mut self, actual: T, expected: T, what: &str) {
        if actual != expected {
            self.0
                .push(format!("{what}: got {actual:?}, expected {expected:?}"));
        }
    }
}

async fn base_types(c: &Clients, m: &mut Mismatches) -> Result<(), GroupError> {
    let t = &c.test;
    m.expect(t.test_void().await?, (), "testVoid");
    let strings = [
        String::new(),
        "Rust".to_owned(),
        "Rust".repeat(30),
        "1234567890 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".to_owned(),
        "tab\tnewline\nquote\"backslash\\nul\0ctl\u{1}\u{1f}".to_owned(),
        "Ελληνικά, Русский, 日本語, العربية, עברית, 한국어, emoji \u{1F600}".to_owned(),
    ];
    for s in strings {
        m.expect(
            t.test_string(s.clone()).await?,
            s.clone(),
            &format!("testString({s:?})"),
        );
    }
    for b in [true, false] {
        m.expect(t.test_bool(b).await?, b, &format!("testBool({b})"));
    }
    for v in [0, 1, -1, 127, -128] {
        m.expect(t.test_byte(v).await?, v, &format!("testByte({v})"));
    }
    for v in [0, -1, 1, i32::MAX, i32::MIN] {
        m.expect(t.test_i32(v).await?, v, &format!("testI32({v})"));
    }
    for v in [0, 1, -1, -34_359_738_368, i64::MAX, i64::MIN] {
        m.expect(t.test_i64(v).await?, v, &format!("testI64({v})"));
    }
    let doubles = [
        0.0,
        -1.0,
        -5.235_098_235,
        -0.000_341_012_439_638_598_3,
        9_007_199_254_740_992.0,
        f64::MAX,
        5e-324,
    ];
    for v in doubles {
        m.expect(t.test_double(v).await?, v, &format!("testDouble({v:e})"));
    }
    // Apache's Python TJSONProtocol writes non-finite doubles as bare
    // inf/nan, which no JSON reader accepts: exchanged over binary and
    // compact only, as Apache's Python client does.
    if !c.json {
        for v in [f64::INFINITY, f64::NEG_INFINITY] {
            m.expect(t.test_double(v).await?, v, &format!("testDouble({v})"));
        }
        let nan = t.test_double(f64::NAN).await?;
        if !nan.is_nan() {
            m.0.push(format!("testDouble(NaN): got {nan:?}"));
        }
    }
    let ascending: Vec<u8> = (0..=255).collect();
    let descending: Vec<u8> = ascending.iter().rev().copied().collect();
    for v in [Vec::new(), ascending, descending.repeat(4)] {
        let what = format!("testBinary({} bytes)", v.len());
        let v = Bytes::from(v);
        m.expect(t.test_binary(v.clone()).await?, v, &what);
    }
    for v in [
        Uuid::from_u128(0x0011_2233_4455_6677_8899_aabb_ccdd_eeff),
        Uuid::from_u128(0x6ba7_b810_9dad_11d1_80b4_00c0_4fd4_30c8),
        Uuid::nil(),
    ] {
        m.expect(t.test_uuid(v).await?, v, &format!("testUuid({v})"));
    }
    for v in [Numberz::ONE, Numberz::TWO, Numberz::FIVE, Numberz::EIGHT] {
        m.expect(t.test_enum(v).await?, v, &format!("testEnum({v:?})"));
    }
    for v in [309_858_235_082_523, -1] {
        m.expect(t.test_typedef(v).await?, v, &format!("testTypedef({v})"));
    }
    if let Some(second) = &c.second {
        m.expect(
            second.secondtest_string("foo".to_owned()).await?,
            "testString(\"foo\")".to_owned(),
            "SecondService.secondtestString",
        );
        // Interleaved with ThriftTest on the same connection.
        m.expect(
            t.test_string("after second".to_owned()).await?,
            "after second".to_owned(),
            "testString after SecondService",
        );
    }
    Ok(())
}

async fn oneway(c: &Clients, m: &mut Mismatches) -> Result<(), GroupError> {
    let t = &c.test;
    let start = Instant::now();
    t.test_oneway(1).await?;
    let took = start.elapsed();
    if took >= ONEWAY_LIMIT {
        return Err(format!("testOneway(1) blocked for {took:?}").into());
    }
    // The connection stays usable after a oneway call.
    m.expect(
        t.test_string("after oneway".to_owned()).await?,
        "after oneway".to_owned(),
        "testString after testOneway",
    );
    m.expect(t.test_i32(-9).await?, -9, "testI32 after testOneway");
    Ok(())
}

async fn structs(c: &Clients, m: &mut Mismatches) -> Result<(), GroupError> {
    let t = &c.test;
    let xtruct = Xtruct {
        string_thing: "Zero".to_owned(),
        byte_thing: 1,
        i32_thing: -3,
        i64_thing: -5,
    };
    m.expect(
        t.test_struct(xtruct.clone()).await?,
        xtruct.clone(),
        "testStruct",
    );
    let wide = Xtruct {
        string_thing: "Ünïcödé".to_owned(),
        byte_thing: -128,
        i32_thing: i32::MAX,
        i64_thing: -34_359_738_368,
    };
    m.expect(
        t.test_struct(wide.clone()).await?,
        wide,
        "testStruct(extremes)",
    );
    let nest = Xtruct2 {
        byte_thing: 1,
        struct_thing: xtruct,
        i32_thing: 5,
    };
    m.expect(t.test_nest(nest.clone()).await?, nest, "testNest");
    let multi = t
        .test_multi(
            74,
            0xff00ff,
            0xffff_ffff_d0d0,
            HashMap::from([(0, "abc".to_owned()), (-1, "x".to_owned())]),
            Numberz::FIVE,
            0xf0f0f0,
        )
        .await?;
    let expected = Xtruct {
        string_thing: "Hello2".to_owned(),
        byte_thing: 74,
        i32_thing: 0xff00ff,
        i64_thing: 0xffff_ffff_d0d0,
    };
    m.expect(multi, expected, "testMulti");

    let argument = Insanity {
        user_map: HashMap::from([(Numberz::FIVE, 5), (Numberz::EIGHT, 8)]),
        xtructs: vec![
            Xtruct {
                string_thing: "Goodbye4".to_owned(),
                byte_thing: 4,
                i32_thing: 4,
                i64_thing: 4,
            },
            Xtruct {
                string_thing: "Hello2".to_owned(),
                byte_thing: 2,
                i32_thing: 2,
                i64_thing: 2,
            },
        ],
    };
    // The empty Insanity may arrive with no fields (Python leaves unset
    // fields off) or with an empty map and list: both decode to the default.
    let expected = HashMap::from([
        (
            1,
            HashMap::from([
                (Numberz::TWO, argument.clone()),
                (Numberz::THREE, argument.clone()),
            ]),
        ),
        (2, HashMap::from([(Numberz::SIX, Insanity::default())])),
    ]);
    m.expect(t.test_insanity(argument).await?, expected, "testInsanity");
    Ok(())
}

async fn containers(c: &Clients, m: &mut Mismatches) -> Result<(), GroupError> {
    let t = &c.test;
    let maps = [
        HashMap::new(),
        (0..5).map(|i| (i, i - 10)).collect(),
        HashMap::from([(i32::MIN, i32::MAX)]),
    ];
    for v in maps {
        m.expect(
            t.test_map(v.clone()).await?,
            v.clone(),
            &format!("testMap({v:?})"),
        );
    }
    let string_maps: [HashMap<String, String>; 3] = [
        HashMap::new(),
        [
            ("a", "2"),
            ("b", "blah"),
            ("some", "thing"),
            ("", "empty key"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
        HashMap::from([
            ("ключ".to_owned(), "値".to_owned()),
            ("x\ty".to_owned(), "\u{1F600}".to_owned()),
        ]),
    ];
    for v in string_maps {
        let what = format!("testStringMap({v:?})");
        m.expect(t.test_string_map(v.clone()).await?, v, &what);
    }
    let sets: [HashSet<i32>; 3] = [
        HashSet::new(),
        (-2..=2).collect(),
        (0..1000).step_by(7).collect(),
    ];
    for v in sets {
        let what = format!("testSet({} elements)", v.len());
        m.expect(t.test_set(v.clone()).await?, v, &what);
    }
    let lists = [
        vec![],
        vec![-2, -1, 0, 1, 2],
        vec![1, 1, 1, -7],
        (0..1000).collect(),
    ];
    for v in lists {
        let what = format!("testList({} elements)", v.len());
        m.expect(t.test_list(v.clone()).await?, v, &what);
    }
    let expected = HashMap::from([
        (-4, (-4..=-1).map(|n| (n, n)).collect()),
        (4, (1..=4).map(|n| (n, n)).collect()),
    ]);
    m.expect(t.test_map_map(1).await?, expected, "testMapMap");
    Ok(())
}

async fn exceptions(c: &Clients, m: &mut Mismatches) -> Result<(), GroupError> {
    let t = &c.test;
    m.expect(
        t.test_exception("Safe".to_owned()).await?,
        (),
        "testException(Safe)",
    );
    match t.test_exception("Xception".to_owned()).await {
        Err(ThriftTestTestExceptionError::Err1(err)) => m.expect(
            (err.error_code, err.message.as_str()),
            (1001, "Xception"),
            "testException(Xception)",
        ),
        other => return Err(format!("testException(Xception): {other:?}").into()),
    }
    match t.test_exception("TException".to_owned()).await {
        Err(ThriftTestTestExceptionError::Application(_)) => {}
        other => return Err(format!("testException(TException): {other:?}").into()),
    }
    // The connection survives an application exception.
    m.expect(
        t.test_string("after TException".to_owned()).await?,
        "after TException".to_owned(),
        "testString after TException",
    );
    match t
        .test_multi_exception("Xception".to_owned(), "test 1".to_owned())
        .await
    {
        Err(ThriftTestTestMultiExceptionError::Err1(err)) => m.expect(
            (err.error_code, err.message.as_str()),
            (1001, "This is an Xception"),
            "testMultiException(Xception)",
        ),
        other => return Err(format!("testMultiException(Xception): {other:?}").into()),
    }
    match t
        .test_multi_exception("Xception2".to_owned(), "test 2".to_owned())
        .await
    {
        Err(ThriftTestTestMultiExceptionError::Err2(err)) => m.expect(
            (err.error_code, err.struct_thing.string_thing.as_str()),
            (2002, "This is an Xception2"),
            "testMultiException(Xception2)",
        ),
        other => return Err(format!("testMultiException(Xception2): {other:?}").into()),
    }
    let got = t
        .test_multi_exception("no Exception".to_owned(), "test 3".to_owned())
        .await?;
    m.expect(
        got.string_thing.as_str(),
        "test 3",
        "testMultiException(no Exception)",
    );
    Ok(())
}

/// The check groups, in the order Apache's clients run them.
#[derive(Debug, Clone, Copy)]
enum Group {
    BaseTypes,
    Oneway,
    Structs,
    Containers,
    Exceptions,
}

impl Group {
    const ALL: [Group; 5] = [
        Group::BaseTypes,
        Group::Oneway,
        Group::Structs,
        Group::Containers,
        Group::Exceptions,
    ];

    /// The bit of Apache's exit-status mask this group fails.
    fn category(self) -> i32 {
        match self {
            Group::BaseTypes | Group::Oneway => BASE_TYPES,
            Group::Structs => STRUCTS,
            Group::Containers => CONTAINERS,
            Group::Exceptions => EXCEPTIONS,
        }
    }

    async fn check(self, c: &Clients, m: &mut Mismatches) -> Result<(), GroupError> {
        match self {
            Group::BaseTypes => base_types(c, m).await,
            Group::Oneway => oneway(c, m).await,
            Group::Structs => structs(c, m).await,
            Group::Containers => containers(c, m).await,
            Group::Exceptions => exceptions(c, m).await,
        }
    }
}

/// Runs every group; returns the bitmask of failed categories.
async fn run(flags: &Flags) -> i32 {
    let mut failed = 0;
    let mut clients: Option<Clients> = None;
    for group in Group::ALL {
        let mut mismatches = Mismatches::default();
        let outcome = match &clients {
            Some(c) => group.check(c, &mut mismatches).await,
            None => match Clients::connect(flags) {
                Ok(c) => group.check(clients.insert(c), &mut mismatches).await,
                Err(err) => Err(err),
            },
        };
        if let Err(err) = outcome {
            mismatches.0.push(err.to_string());
            // The group stopped mid-call: the next starts on a new
            // connection.
            clients = None;
        }
        if mismatches.0.is_empty() {
            if flags.verbose {
                println!("ok   {group:?}");
            }
        } else {
            failed |= group.category();
            for problem in &mismatches.0 {
                println!("FAIL {group:?}: {problem}");
            }
        }
    }
    failed
}

#[tokio::main]
async fn main() {
    let flags = Flags::parse();
    let failed = run(&flags).await;
    if failed == 0 {
        println!("client: all checks passed");
    } else {
        println!("client: FAILED (exit {failed})");
    }
    std::process::exit(failed);
}
