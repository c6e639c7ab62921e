//! The README's walk-through, gateway half, end to end: `taxi-demo --serve`
//! runs the scenario and keeps Trip Management serving; the JSON gateway
//! (`trift gateway`'s library type) stands in front of its port; calls go
//! through it the way `trift call --transport gateway` makes them
//! (`trift_dynamic::gateway_client`), plus a plain `GET /trips/:id` (the
//! `api.get` route of `idl/taxi/trip.thrift`) and `GET /openapi.json`; a new
//! pickup sent through the gateway flows through the broker to a driver;
//! Ctrl-C (SIGINT) then stops the demo, which exits 0.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};
use trift_dynamic::Schema;
use trift_dynamic::call::{self, CallOptions, Outcome};
use trift_dynamic::gateway::{Gateway, GatewayOptions};
use trift_dynamic::gateway_client;

/// Kills the demo if the test fails before it stopped it.
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn trip_idl() -> (PathBuf, PathBuf) {
    let idl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../idl/taxi");
    (idl.join("trip.thrift"), idl)
}

fn schema() -> Arc<Schema> {
    let (file, dir) = trip_idl();
    let compilation = trift_idl::load(&[file], &[dir]);
    Arc::new(Schema::new(&compilation.model.expect("trip.thrift checks")).expect("schema"))
}

/// `trift call --transport gateway BASE TARGET ARGS`, as a function.
async fn through(
    schema: &Schema,
    base: &str,
    target: &str,
    args: Json,
) -> Result<Outcome, call::CallError> {
    let method = call::resolve_method(schema, target)?;
    let slots = call::arguments(schema, method, &args)?;
    gateway_client::call(schema, base, target, &slots, &CallOptions::default()).await
}

/// One HTTP/1.1 GET over a fresh connection; the whole response.
async fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connects");
        stream.write_all(request.as_bytes()).expect("writes");
        let mut out = String::new();
        stream.read_to_string(&mut out).expect("reads");
        out
    })
    .await
    .expect("joins")
}

#[tokio::test]
async fn the_gateway_in_front_of_trip_management() {
    let child = Command::new(env!("CARGO_BIN_EXE_taxi-demo"))
        .args(["--serve", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts taxi-demo");
    let mut demo = Demo(child);
    let mut lines = BufReader::new(demo.0.stdout.take().expect("stdout")).lines();
    let mut before = Vec::new();
    let trip_addr = loop {
        let Some(line) = lines.next() else {
            let mut stderr = String::new();
            if let Some(mut err) = demo.0.stderr.take() {
                let _ = err.read_to_string(&mut stderr);
            }
            panic!(
                "taxi-demo ended before serving:\n{}\n{stderr}",
                before.join("\n")
            );
        };
        let line = line.expect("reads stdout");
        if let Some(rest) = line.strip_prefix("trip-management keeps serving on ") {
            break rest
                .split_whitespace()
                .next()
                .expect("an address")
                .to_owned();
        }
        before.push(line);
    };
    // The rest of its output, read as it comes so the pipe never fills.
    let after = std::thread::spawn(move || {
        lines
            .map(|line| line.expect("reads stdout"))
            .collect::<Vec<_>>()
    });

    let schema = schema();
    let gateway =
        Gateway::new(schema.clone(), &trip_addr, GatewayOptions::default()).expect("a gateway");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let gateway_addr = listener.local_addr().expect("addr");
    tokio::spawn(Arc::new(gateway).serve(listener));
    let base = format!("http://{gateway_addr}");

    // The trips of the run: passenger 1 got a driver, passenger 6 was refused.
    let trip = through(
        &schema,
        &base,
        "TripManagement.getTrip",
        json!({"id": 1001}),
    )
    .await;
    let Ok(Outcome::Success(trip)) = trip else {
        panic!("getTrip 1001: {trip:?}");
    };
    assert_eq!(trip["id"], 1001);
    assert_eq!(trip["passengerId"], 1);
    assert_eq!(trip["status"], "DRIVER_ASSIGNED");
    assert!(trip["driverId"].is_i64(), "{trip}");
    let refused = through(
        &schema,
        &base,
        "TripManagement.getTrip",
        json!({"id": 1006}),
    )
    .await;
    assert_eq!(
        refused,
        Ok(Outcome::Success(json!({
            "id": 1006,
            "passengerId": 6,
            "status": "REJECTED",
            "note": "account suspended: unpaid fares",
        })))
    );
    let missing = through(
        &schema,
        &base,
        "TripManagement.getTrip",
        json!({"id": 4242}),
    )
    .await;
    assert_eq!(
        missing,
        Ok(Outcome::Exception {
            name: "TripNotFound".into(),
            value: json!({"id": 4242}),
        })
    );

    // The `api.get` route and the OpenAPI document, as a browser gets them.
    let reply = get(gateway_addr, "/trips/1003").await;
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    let body: Json =
        serde_json::from_str(reply.split("\r\n\r\n").nth(1).expect("a body")).expect("a JSON body");
    assert_eq!(body["id"], 1003);
    let reply = get(gateway_addr, "/trips/4242").await;
    assert!(reply.starts_with("HTTP/1.1 422 "), "{reply}");
    let reply = get(gateway_addr, "/openapi.json").await;
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.contains("\"/trips/{id}\""), "{reply}");

    // A new pickup through the gateway: a oneway call onto Trip
    // Management's queue, then the Passenger service, the Dispatcher and
    // the drivers through the broker, as in the run.
    let sent = through(
        &schema,
        &base,
        "TripManagement.requestPickup",
        json!({"request": {"tripId": 2001, "passengerId": 2,
                           "pickup": {"latitude": 37.78, "longitude": -122.41}}}),
    )
    .await;
    assert_eq!(sent, Ok(Outcome::Sent));
    let settle_by = Instant::now() + Duration::from_secs(15);
    let settled = loop {
        let polled = through(
            &schema,
            &base,
            "TripManagement.getTrip",
            json!({"id": 2001}),
        )
        .await;
        match polled {
            Ok(Outcome::Success(trip)) if trip["status"] == "DRIVER_ASSIGNED" => break trip,
            Ok(Outcome::Success(_) | Outcome::Exception { .. }) if Instant::now() < settle_by => {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            other => panic!("trip 2001 did not get a driver: {other:?}"),
        }
    };
    assert_eq!(settled["passengerId"], 2);

    // Ctrl-C stops every service; the run's checks passed.
    let status = Command::new("kill")
        .args(["-INT", &demo.0.id().to_string()])
        .status()
        .expect("runs kill");
    assert!(status.success());
    let exit = demo.0.wait().expect("taxi-demo exits");
    let after = after.join().expect("the reader finishes");
    assert!(exit.success(), "{exit:?}\n{}", after.join("\n"));
    assert!(
        after
            .iter()
            .any(|line| line.starts_with("OK: 6 trips settled")),
        "{}",
        after.join("\n")
    );
}
