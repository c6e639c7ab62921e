//! Handlers of the generated service traits: the rpc_test `Calculator`
//! (which extends `Base`), `rpc_extends.Scientific` (which extends it) and
//! the tutorial `Calculator` (which extends `shared.SharedService` from an
//! included file).

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::generated::rpc_extends;
use crate::generated::rpc_test::{Base, Calculator, CalculatorDivideError, DivideByZero, Overflow};
use crate::generated::trift::tutorial;

/// The rpc_test handler: records entries, counts the `last_entry` calls it
/// answered, reports oneway events on a channel.
#[derive(Debug)]
pub struct TestHandler {
    next_id: AtomicI64,
    last_entry: Mutex<String>,
    entries_read: Arc<AtomicUsize>,
    notified: mpsc::UnboundedSender<String>,
}

impl TestHandler {
    /// A handler, and the receiving end of the events `notify` observed.
    pub fn new() -> (Self, mpsc::UnboundedReceiver<String>) {
        let (notified, events) = mpsc::unbounded_channel();
        let handler = TestHandler {
            next_id: AtomicI64::new(1),
            last_entry: Mutex::new(String::new()),
            entries_read: Arc::new(AtomicUsize::new(0)),
            notified,
        };
        (handler, events)
    }

    /// The count of `last_entry` calls answered, shared with the handler.
    pub fn entries_read(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.entries_read)
    }

    fn set_entry(&self, entry: String) {
        if let Ok(mut last) = self.last_entry.lock() {
            *last = entry;
        }
    }
}

impl Base for TestHandler {
    async fn ping(&self) -> Result<String, trift::Error> {
        Ok("pong".to_owned())
    }
}

impl Calculator for TestHandler {
    async fn add(&self, a: i32, b: i32) -> Result<i64, trift::Error> {
        Ok(i64::from(a) + i64::from(b))
    }

    async fn record(&self, entry: String) -> Result<(), trift::Error> {
        self.set_entry(entry);
        Ok(())
    }

    async fn last_entry(&self) -> Result<String, trift::Error> {
        self.entries_read.fetch_add(1, Ordering::Relaxed);
        Ok(self
            .last_entry
            .lock()
            .map(|entry| entry.clone())
            .unwrap_or_default())
    }

    async fn notify(&self, event: String) -> Result<(), trift::Error> {
        self.set_entry(event.clone());
        // The receiver is gone only when the test stopped listening.
        let _ = self.notified.send(event);
        Ok(())
    }

    async fn divide(&self, dividend: i32, divisor: i32) -> Result<i32, CalculatorDivideError> {
        if divisor == 0 {
            // `From<DivideByZero>`: a declared exception converts with `?`/`into`.
            return Err(DivideByZero {
                message: "division by zero".to_owned(),
            }
            .into());
        }
        dividend.checked_div(divisor).ok_or_else(|| {
            CalculatorDivideError::Overflow(Overflow {
                message: "quotient does not fit".to_owned(),
                dividend,
            })
        })
    }

    async fn delayed_echo(&self, value: i32, sleep_ms: i32) -> Result<i32, trift::Error> {
        let Ok(millis) = u64::try_from(sleep_ms) else {
            return Err(trift::Error::Application(trift::ApplicationException::new(
                trift::ApplicationExceptionKind::Unknown,
                "sleep_ms must not be negative",
            )));
        };
        tokio::time::sleep(Duration::from_millis(millis)).await;
        Ok(value)
    }

    async fn crash(&self) -> Result<(), trift::Error> {
        panic!("the crash method crashes");
    }
}

impl rpc_extends::Scientific for TestHandler {
    async fn square_root(&self, value: f64) -> Result<f64, rpc_extends::ScientificSquareRootError> {
        if value < 0.0 {
            return Err(Overflow {
                message: "negative".to_owned(),
                dividend: 0,
            }
            .into());
        }
        Ok(value.sqrt())
    }

    async fn next_id(&self) -> Result<i64, trift::Error> {
        Ok(self.next_id.fetch_add(1, Ordering::Relaxed))
    }
}

/// The tutorial handler: `calculate` stores results under their log id,
/// `getStruct` (inherited from `SharedService`, another file) reads them.
#[derive(Debug, Default)]
pub struct TutorialHandler {
    log: Mutex<HashMap<i32, tutorial::shared::SharedStruct>>,
}

impl tutorial::shared::SharedService for TutorialHandler {
    async fn get_struct(&self, key: i32) -> Result<tutorial::shared::SharedStruct, trift::Error> {
        let log = self.log.lock().map_err(|_| {
            trift::ApplicationException::new(
                trift::ApplicationExceptionKind::InternalError,
                "log poisoned",
            )
        })?;
        Ok(log.get(&key).cloned().unwrap_or_default())
    }
}

impl tutorial::Calculator for TutorialHandler {
    async fn ping(&self) -> Result<(), trift::Error> {
        Ok(())
    }

    async fn add(&self, num1: i32, num2: i32) -> Result<i32, trift::Error> {
        Ok(num1.wrapping_add(num2))
    }

    async fn calculate(
        &self,
        logid: i32,
        w: tutorial::Work,
    ) -> Result<i32, tutorial::CalculatorCalculateError> {
        let invalid = |why: &str| tutorial::InvalidOperation {
            what_op: w.op.0,
            why: why.to_owned(),
        };
        let value = match w.op {
            tutorial::Operation::ADD => w.num1.wrapping_add(w.num2),
            tutorial::Operation::SUBTRACT => w.num1.wrapping_sub(w.num2),
            tutorial::Operation::MULTIPLY => w.num1.wrapping_mul(w.num2),
            tutorial::Operation::DIVIDE => w
                .num1
                .checked_div(w.num2)
                .ok_or_else(|| invalid("cannot divide by 0"))?,
            _ => return Err(invalid("unknown operation").into()),
        };
        if let Ok(mut log) = self.log.lock() {
            log.insert(
                logid,
                tutorial::shared::SharedStruct {
                    key: logid,
                    value: value.to_string(),
                },
            );
        }
        Ok(value)
    }

    async fn zip(&self) -> Result<(), trift::Error> {
        Ok(())
    }
}
