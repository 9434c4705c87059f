//! The JS API in a real browser (headless Chromium via wasm-bindgen-test): construct the widget
//! on a created canvas, drive it through its exported methods and read the canvas back.
#![cfg(target_arch = "wasm32")]

use incident_map::IncidentMap;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

const AIRPORT: (f64, f64) = (-7.9431, 12.5378);
const BATTLES_VERMILION: [u8; 4] = [213, 94, 0, 255];

fn canvas() -> HtmlCanvasElement {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let canvas: HtmlCanvasElement = doc
        .create_element("canvas")
        .expect("canvas")
        .unchecked_into();
    canvas
        .set_attribute("style", "width: 800px; height: 600px")
        .expect("style");
    doc.body()
        .expect("body")
        .append_child(&canvas)
        .expect("append");
    canvas
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("options JSON")
}

/// Waits for two animation frames, so that a requested repaint has happened.
async fn next_frames() {
    for _ in 0..2 {
        let promise = Promise::new(&mut |resolve: Function, _| {
            web_sys::window()
                .expect("window")
                .request_animation_frame(&resolve)
                .expect("rAF");
        });
        JsFuture::from(promise).await.expect("frame");
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("property")
}

fn number(value: &JsValue, key: &str) -> f64 {
    get(value, key).as_f64().expect("number")
}

/// Subscribes to `event`; returns the array its payloads are pushed to and the callback, which
/// must stay alive as long as the subscription is used.
fn record(map: &IncidentMap, event: &str) -> (Array, Closure<dyn Fn(JsValue)>) {
    let seen = Array::new();
    let log = seen.clone();
    let callback = Closure::<dyn Fn(JsValue)>::new(move |payload: JsValue| {
        log.push(&payload);
    });
    map.on(event, callback.as_ref().unchecked_ref::<Function>().clone())
        .expect("on");
    (seen, callback)
}

fn pixel_at(canvas: &HtmlCanvasElement, map: &IncidentMap, (lon, lat): (f64, f64)) -> [u8; 4] {
    let p = map.project(lon, lat).expect("project");
    let ratio = web_sys::window().expect("window").device_pixel_ratio();
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .expect("context")
        .expect("2d")
        .unchecked_into();
    let data = ctx
        .get_image_data(
            (number(&p, "x") * ratio).floor(),
            (number(&p, "y") * ratio).floor(),
            1.0,
            1.0,
        )
        .expect("pixels")
        .data();
    [data[0], data[1], data[2], data[3]]
}

#[wasm_bindgen_test]
async fn the_airport_symbol_is_drawn_in_its_window_and_gone_before_2024() {
    let c = canvas();
    let map = IncidentMap::new(c.clone(), JsValue::UNDEFINED).expect("widget");
    map.set_time_window("2024-09-11", "2024-09-17")
        .expect("window");
    next_frames().await;
    assert_eq!(
        pixel_at(&c, &map, AIRPORT),
        BATTLES_VERMILION,
        "the airport's Battles symbol"
    );
    assert!(map.visible_count().expect("count") >= 2);

    map.set_time_window("2019-01-01", "2019-12-31")
        .expect("window");
    next_frames().await;
    let empty_canvas = canvas();
    let empty =
        IncidentMap::new(empty_canvas.clone(), options(r#"{"data":"none"}"#)).expect("widget");
    next_frames().await;
    let basemap = pixel_at(&empty_canvas, &empty, AIRPORT);
    assert_ne!(basemap, BATTLES_VERMILION);
    assert_eq!(
        pixel_at(&c, &map, AIRPORT),
        basemap,
        "only the basemap before 2024"
    );
    map.destroy();
    empty.destroy();
}

#[wasm_bindgen_test]
fn time_window_round_trips_and_fires_timechange() {
    let map = IncidentMap::new(canvas(), JsValue::UNDEFINED).expect("widget");
    let (seen, _callback) = record(&map, "timechange");
    map.set_time_window("2024-07-27", "2024-07-20")
        .expect("window");
    let w = map.time_window().expect("window");
    assert_eq!(
        get(&w, "start").as_string().as_deref(),
        Some("2024-07-20"),
        "ends put in order"
    );
    assert_eq!(get(&w, "end").as_string().as_deref(), Some("2024-07-27"));
    assert_eq!(seen.length(), 1);
    assert_eq!(
        get(&seen.get(0), "end").as_string().as_deref(),
        Some("2024-07-27")
    );
    assert!(
        map.set_time_window("2024-02-30", "2024-03-01").is_err(),
        "bad date throws"
    );
    assert!(
        map.on("zoom", Function::new_no_args("")).is_err(),
        "unknown event throws"
    );
    map.destroy();
}

#[wasm_bindgen_test]
fn select_and_pick_agree_and_destroy_cleans_up() {
    let c = canvas();
    let map = IncidentMap::new(c.clone(), JsValue::UNDEFINED).expect("widget");
    map.set_time_window("2024-07-25", "2024-07-27")
        .expect("window");
    let p = map.project(2.7019, 19.9433).expect("project");
    let picked = map.pick(number(&p, "x"), number(&p, "y")).expect("pick");
    // The battle's symbol first, then the Azawad area it lies in.
    assert_eq!(
        picked,
        vec![
            "tinzaouaten-2024-07-25".to_string(),
            "azawad-region".to_string()
        ]
    );
    let back = map
        .unproject(number(&p, "x"), number(&p, "y"))
        .expect("unproject");
    assert!(
        (number(&back, "lon") - 2.7019).abs() < 1e-6
            && (number(&back, "lat") - 19.9433).abs() < 1e-6
    );

    let (selected, _callback) = record(&map, "select");
    map.select(Some("tinzaouaten-2024-07-25".into()))
        .expect("select");
    assert_eq!(
        map.selected_id().expect("id").as_string().as_deref(),
        Some("tinzaouaten-2024-07-25")
    );
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let dialog = doc
        .query_selector("[role=dialog]:not([hidden])")
        .expect("query")
        .expect("popup open");
    let text = dialog.text_content().unwrap_or_default();
    assert!(text.contains("25–27 Jul 2024"), "{text}");
    assert!(text.contains("CSP"), "{text}");
    assert!(map.select(Some("no-such-id".into())).is_err());
    map.select(None).expect("close");
    assert!(map.selected_id().expect("id").is_null());
    assert_eq!(selected.length(), 2);
    assert!(selected.get(1).is_null(), "closing reports null");

    let parent = c.parent_element().expect("wrapped");
    assert_eq!(parent.class_name(), "im-stage");
    map.destroy();
    assert_eq!(
        c.parent_element().map(|p| p.tag_name()),
        Some("BODY".into()),
        "canvas put back"
    );
    assert_eq!(
        doc.query_selector_all(".incident-map")
            .expect("query")
            .length(),
        0,
        "container removed"
    );
    assert!(map.visible_count().is_err(), "calls after destroy throw");
}

#[cfg(feature = "test-faults")]
mod faults {
    use super::*;
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen(
        inline_js = "export function catching(f) { try { f(); return ''; } catch (e) { return String(e); } }"
    )]
    extern "C" {
        /// Calls `f`, returning what it threw ('' when nothing).
        fn catching(f: &Function) -> String;
    }

    #[wasm_bindgen_test]
    async fn after_a_panic_the_instance_says_so_and_its_pending_load_rejects() {
        let map = std::rc::Rc::new(IncidentMap::new(canvas(), JsValue::UNDEFINED).expect("widget"));
        let other = IncidentMap::new(canvas(), JsValue::UNDEFINED).expect("another widget");
        // A stream that never sends anything: the load waits.
        let stalled = web_sys::ReadableStream::new().expect("stream");
        let pending = map.load_stream(stalled, None, None);
        let inside = map.clone();
        let fault = Closure::<dyn Fn()>::new(move || {
            let _ = inside.panic_for_test();
        });
        let thrown = catching(fault.as_ref().unchecked_ref());
        assert!(thrown.contains("RuntimeError"), "the panic traps: {thrown}");
        let rejected = JsFuture::from(pending)
            .await
            .expect_err("the pending load rejects");
        let message = get(&rejected, "message").as_string().unwrap_or_default();
        assert!(
            message.starts_with("stopped after an internal error: ")
                && message.contains("a fault injected by a test"),
            "{message}"
        );
        let later = map
            .visible_count()
            .expect_err("every later call is refused");
        let later = JsValue::from(later);
        assert_eq!(get(&later, "message").as_string(), Some(message.clone()));
        assert!(
            other.visible_count().is_ok(),
            "another widget on the page goes on"
        );
        map.destroy();
        other.destroy();
    }
}
