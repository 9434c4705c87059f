// <incident-map>: the widget as a custom element (copied by scripts/build.sh to pkg/element.js).
// A thin shell: it makes a <canvas> child, hands its attributes to `new IncidentMap` (the core
// checks them) and to `setOptions` when they change, loads `src` with `loadUrl`, destroys the
// widget when the element leaves the page, and re-dispatches the widget's events from itself.
import init, { IncidentMap } from "./incident_map.js";

/** The attributes passed as options, as written. */
const OPTIONS = ["lang", "window", "date", "view", "data"];
/** An attribute's value as the option: `view="30.5,50.4,6"` is `{lon, lat, zoom}` (the core
 * checks the numbers), any other value the text as written. */
const option = (name, value) => {
  if (name !== "view" || !value.includes(",")) return value;
  const [lon, lat, zoom] = value.split(",").map(Number);
  return { lon, lat, zoom };
};
/** The widget's events, re-dispatched from the element. */
const EVENTS = ["select", "timechange", "filterchange"];

let ready;
/** Instantiates the widget's module once per page. */
const loaded = () => (ready ??= init());

// The element's own box: 640 × 400 CSS px unless the page sizes it (`:where` has no
// specificity, so any rule of the page wins). The map takes what the strip and the time bar
// leave. A constructed stylesheet, as the widget's own: a strict CSP does not block it.
const sheet = new CSSStyleSheet();
sheet.replaceSync(
  ":where(incident-map){display:block;width:640px;height:400px;box-sizing:border-box}" +
    "incident-map>.incident-map{height:100%}" +
    "incident-map>.incident-map>.im-stage{flex:1 1 0;min-height:0}" +
    "incident-map>.incident-map .im-canvas{height:100%}",
);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

/** Dispatches `type` from the element: the widget's events bubble and cross shadow roots;
 * "load" and "error" do not bubble, as an <img>'s. */
const fire = (target, type, detail, bubbles = true) =>
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles, composed: bubbles }));

/** `<incident-map src="…" lang="fr" window="year" date="2024-09-17">`: see the README. */
export class IncidentMapElement extends HTMLElement {
  static observedAttributes = ["src", "hash", ...OPTIONS];
  #map = null;
  #creating = false;
  #load = Promise.resolve();

  /** The element's `IncidentMap`, or null before it is made and after the element left. */
  get map() {
    return this.#map;
  }

  connectedCallback() {
    if (!this.#map && !this.#creating) this.#create();
  }

  disconnectedCallback() {
    // A move within the page disconnects and connects again at once: keep the widget then.
    queueMicrotask(() => {
      if (!this.isConnected) this.#destroy();
    });
  }

  attributeChangedCallback(name, old, value) {
    const map = this.#map;
    if (!map || old === value) return;
    if (name === "data" || name === "hash") {
      // Read only when the widget is made: make it again.
      this.#destroy();
      this.#create();
    } else if (name === "src") {
      if (value !== null) this.#loadUrl(value);
    } else if (value !== null) {
      this.#try(() => map.setOptions({ [name]: option(name, value) }));
    }
  }

  async #create() {
    this.#creating = true;
    const instantiated = await loaded().then(
      () => true,
      (error) => {
        ready = undefined; // the next element tries again
        return this.#try(() => {
          throw error;
        });
      },
    );
    this.#creating = false;
    if (!instantiated || !this.isConnected || this.#map) return;
    const canvas = document.createElement("canvas");
    this.replaceChildren(canvas);
    const options = {};
    for (const name of OPTIONS) {
      const value = this.getAttribute(name);
      if (value !== null) options[name] = option(name, value);
    }
    if (this.hasAttribute("src") && options.data === undefined) options.data = "none";
    if (this.hasAttribute("hash")) options.hash = true;
    const map = this.#try(() => new IncidentMap(canvas, options));
    if (!map) return;
    this.#map = map;
    for (const type of EVENTS) map.on(type, (detail) => fire(this, type, detail));
    const src = this.getAttribute("src");
    if (src !== null) this.#loadUrl(src);
  }

  /** Loads `url`, after the load in progress (cancelled) has ended; fires "load" or "error". */
  #loadUrl(url) {
    const map = this.#map;
    if (this.#map === map) this.#try(() => map.cancelLoad());
    this.#load = this.#load.then(async () => {
      if (this.#map !== map || this.getAttribute("src") !== url) return;
      try {
        fire(this, "load", await map.loadUrl(url), false);
      } catch (error) {
        if (this.#map === map) fire(this, "error", error, false);
      }
    });
  }

  #destroy() {
    this.#map?.destroy();
    this.#map = null;
    this.replaceChildren();
  }

  /** Runs `f`; an error (a bad attribute) is reported as an "error" event and on the console. */
  #try(f) {
    try {
      return f();
    } catch (error) {
      console.error("<incident-map>:", error);
      fire(this, "error", error, false);
      return undefined;
    }
  }
}

if (!customElements.get("incident-map")) customElements.define("incident-map", IncidentMapElement);
