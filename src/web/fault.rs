//! The last defence against an internal error. Nothing a page or its data does should reach a
//! panic; if something still does, WebAssembly traps, and a widget caught half-way through a
//! call cannot be trusted again. So a panic hook records which widget was running and why;
//! that widget then answers every call with "stopped after an internal error: …" (instead of
//! "busy" forever), its pending promises are rejected with the same message, and the message
//! goes to `console.error`. Other widgets on the page go on.
//!
//! Running out of memory aborts without a panic, so it is not caught here: the limits on what
//! a page can make the widget allocate (the canvas's device size, a file's size, reservations
//! made with `try_reserve`) are what keep it from happening. A wrapper allocator that noted
//! failed allocations was measured and dropped: it cost 9 kB gzip of code.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::{JsError, JsValue};

/// The id of the widget whose code is running (0: none).
static RUNNING: AtomicU32 = AtomicU32::new(0);
/// The id the next widget gets.
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// What is known of one live widget.
struct Record {
    id: u32,
    /// Why it stopped, once it did.
    stopped: Option<String>,
    /// The reject functions of its pending promises, by promise number.
    pending: Vec<(u32, js_sys::Function)>,
}

thread_local! {
    static RECORDS: RefCell<Vec<Record>> = const { RefCell::new(Vec::new()) };
    static NEXT_PROMISE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Installs the panic hook (once) and gives a new widget its id.
pub fn register() -> u32 {
    static HOOKED: AtomicU32 = AtomicU32::new(0);
    if HOOKED.swap(1, Ordering::Relaxed) == 0 {
        std::panic::set_hook(Box::new(|info| {
            let message = info.to_string();
            stop(RUNNING.load(Ordering::Relaxed), &message);
        }));
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    with_records(|records| {
        records.push(Record {
            id,
            stopped: None,
            pending: Vec::new(),
        })
    });
    id
}

/// Forgets a widget that has ended.
pub fn forget(id: u32) {
    with_records(|records| records.retain(|r| r.id != id));
}

fn with_records<R>(f: impl FnOnce(&mut Vec<Record>) -> R) -> Option<R> {
    RECORDS
        .try_with(|records| records.try_borrow_mut().ok().map(|mut r| f(&mut r)))
        .ok()
        .flatten()
}

/// Marks the widget `id` (every widget, when none was running) as stopped by an internal
/// error, says so on the console and rejects its pending promises.
fn stop(id: u32, message: &str) {
    let text = format!("stopped after an internal error: {message}");
    web_sys::console::error_1(&format!("incident-map {text}").into());
    let rejects = with_records(|records| {
        let mut rejects = Vec::new();
        for record in records.iter_mut().filter(|r| id == 0 || r.id == id) {
            record.stopped.get_or_insert_with(|| text.clone());
            rejects.extend(record.pending.drain(..).map(|(_, reject)| reject));
        }
        rejects
    });
    let error = JsValue::from(js_sys::Error::new(&text));
    for reject in rejects.into_iter().flatten() {
        let _ = reject.call1(&JsValue::NULL, &error);
    }
}

/// Refuses a call to a widget that stopped after an internal error.
pub fn check(id: u32) -> Result<(), JsError> {
    let stopped = with_records(|records| {
        records
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.stopped.clone())
    })
    .flatten();
    match stopped {
        Some(text) => Err(JsError::new(&text)),
        None => Ok(()),
    }
}

/// Keeps `reject` to be called if the widget stops while the promise is pending; the number it
/// returns takes it back ([`settled`]).
pub fn pending(id: u32, reject: js_sys::Function) -> u32 {
    let number = NEXT_PROMISE.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    with_records(|records| {
        if let Some(record) = records.iter_mut().find(|r| r.id == id) {
            record.pending.push((number, reject));
        }
    });
    number
}

/// The promise settled: its reject function is no longer needed.
pub fn settled(id: u32, number: u32) {
    with_records(|records| {
        if let Some(record) = records.iter_mut().find(|r| r.id == id) {
            record.pending.retain(|(n, _)| *n != number);
        }
    });
}

/// Marks widget `id` as running while it lives (nested calls restore the outer one).
pub struct Running {
    outer: u32,
}

impl Running {
    /// Widget `id` starts running.
    pub fn enter(id: u32) -> Running {
        Running {
            outer: RUNNING.swap(id, Ordering::Relaxed),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.store(self.outer, Ordering::Relaxed);
    }
}
