//! The calculator of `idl/tutorial/calculator.thrift`: the code `build.rs`
//! generates, a handler, and the calls the client binary makes.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// The generated code: `trift::tutorial` (calculator.thrift) and
/// `trift::tutorial::shared` (shared.thrift), after their `namespace rs`.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

use generated::trift::tutorial::shared::{SharedService, SharedStruct};
use generated::trift::tutorial::{
    Calculator, CalculatorCalculateError, CalculatorClient, InvalidOperation, Operation, Work,
};

/// Any error of the examples.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The server's handler: it remembers each `calculate` result under its
/// `logid`, and `getStruct` (inherited from `SharedService`) returns it.
#[derive(Debug, Default)]
pub struct CalculatorHandler {
    log: Mutex<HashMap<i32, SharedStruct>>,
}

impl SharedService for CalculatorHandler {
    async fn get_struct(&self, key: i32) -> Result<SharedStruct, trift::Error> {
        let log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(log.get(&key).cloned().unwrap_or(SharedStruct {
            key,
            value: String::new(),
        }))
    }
}

impl Calculator for CalculatorHandler {
    async fn ping(&self) -> Result<(), trift::Error> {
        Ok(())
    }

    async fn add(&self, num1: i32, num2: i32) -> Result<i32, trift::Error> {
        Ok(num1.wrapping_add(num2))
    }

    async fn calculate(&self, logid: i32, w: Work) -> Result<i32, CalculatorCalculateError> {
        let invalid = |why: &str| InvalidOperation {
            what_op: w.op.0,
            why: why.to_owned(),
        };
        let value = match w.op {
            Operation::ADD => w.num1.checked_add(w.num2),
            Operation::SUBTRACT => w.num1.checked_sub(w.num2),
            Operation::MULTIPLY => w.num1.checked_mul(w.num2),
            Operation::DIVIDE if w.num2 == 0 => return Err(invalid("cannot divide by 0").into()),
            Operation::DIVIDE => w.num1.checked_div(w.num2),
            _ => return Err(invalid("unknown operation").into()),
        };
        let value = value.ok_or_else(|| invalid("overflow"))?;
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                logid,
                SharedStruct {
                    key: logid,
                    value: value.to_string(),
                },
            );
        Ok(value)
    }

    async fn zip(&self) -> Result<(), trift::Error> {
        Ok(())
    }
}

/// The client's calls, Apache's tutorial ones; returns what it would print.
pub async fn run_client(client: &CalculatorClient) -> Result<Vec<String>, BoxError> {
    let mut lines = Vec::new();
    client.ping().await?;
    lines.push("ping()".to_owned());

    lines.push(format!("1 + 1 = {}", client.add(1, 1).await?));

    let divide_by_zero = Work {
        num1: 1,
        num2: 0,
        op: Operation::DIVIDE,
        comment: None,
    };
    match client.calculate(1, divide_by_zero).await {
        Err(CalculatorCalculateError::Ouch(err)) => {
            lines.push(format!("1 / 0: InvalidOperation: {}", err.why));
        }
        other => return Err(format!("1 / 0 should fail, got {other:?}").into()),
    }

    let subtract = Work {
        num1: 15,
        num2: 10,
        op: Operation::SUBTRACT,
        comment: Some("fifteen minus ten".to_owned()),
    };
    lines.push(format!(
        "15 - 10 = {}",
        client.calculate(1, subtract).await?
    ));

    // Inherited from SharedService (shared.thrift): same client.
    let logged = client.get_struct(1).await?;
    lines.push(format!(
        "getStruct(1) = {{key: {}, value: {:?}}}",
        logged.key, logged.value
    ));

    client.zip().await?; // oneway: returns once written
    lines.push("zip() (oneway)".to_owned());
    Ok(lines)
}

/// The value of `--addr` in `args`, or `default`.
pub fn addr_arg(args: impl IntoIterator<Item = String>, default: &str) -> Result<String, BoxError> {
    let mut args = args.into_iter();
    let mut addr = default.to_owned();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => {
                addr = args
                    .next()
                    .ok_or("--addr needs a value, e.g. 127.0.0.1:9090")?
            }
            other => return Err(format!("unknown argument {other:?} (only --addr ADDR)").into()),
        }
    }
    Ok(addr)
}
