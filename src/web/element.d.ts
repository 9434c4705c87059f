// Types of pkg/element.js, the <incident-map> custom element (copied by scripts/build.sh).
import type { IncidentMap, FilterValue, LoadResult, TimeWindowValue } from "./incident_map.js";

/** The events an `<incident-map>` dispatches (bubbling and composed, payload in `detail`). */
export interface IncidentMapElementEventMap extends HTMLElementEventMap {
  /** An incident's popup opened (its id) or closed (null). */
  select: CustomEvent<string | null>;
  /** The time window changed. */
  timechange: CustomEvent<TimeWindowValue>;
  /** The filter changed. */
  filterchange: CustomEvent<FilterValue>;
  /** `src` was loaded (does not bubble). */
  load: CustomEvent<LoadResult>;
  /** `src` could not be loaded, or an attribute was refused (does not bubble). */
  error: CustomEvent<Error>;
}

/**
 * `<incident-map src="…" lang="en" window="month" date="2024-09-17" data="none" hash>`: the
 * widget as an element, 640 × 400 CSS px unless styled. Attributes: `src` (a URL of GeoJSON,
 * an ACLED or a UCDP GED CSV, streamed), `lang`, `window`, `date`, `view` (`data`, `mali` or
 * `lon,lat,zoom`), `data` and `hash` as the options of `new IncidentMap`; changing one takes
 * effect.
 */
export declare class IncidentMapElement extends HTMLElement {
  /** The element's map, the whole API; null before it is made and after the element left the page. */
  readonly map: IncidentMap | null;
  addEventListener<K extends keyof IncidentMapElementEventMap>(
    type: K,
    listener: (this: IncidentMapElement, ev: IncidentMapElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof IncidentMapElementEventMap>(
    type: K,
    listener: (this: IncidentMapElement, ev: IncidentMapElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "incident-map": IncidentMapElement;
  }
}
