//! # incident-map
//!
//! Geocoded conflict incidents on an embeddable `<canvas>` map with a time slider and sourced
//! popups. The core is plain Rust; only `src/web/` knows about the browser.
//!
//! ```text
//!  GeoJSON / ACLED / UCDP text ─ import ─> Dataset (columns sorted by start + TimeIndex)
//!        │ query(window, viewport)
//!        ▼
//!  PixelBuffer (RGBA): basemap layer cached per view + incident symbols
//!  ──────────── wasm boundary (src/web/) ────────────
//!  putImageData; pointer/wheel/key events -> InputEvent; labels and popup text -> DOM
//!  via textContent
//! ```
#![warn(missing_docs)]
#![deny(clippy::unwrap_used)]

pub mod basemap;
mod binary;
pub mod dataset;
pub mod decimal;
#[cfg(feature = "importers")]
pub mod export;
pub mod filter;
pub mod fit;
pub mod histogram;
pub mod i18n;
pub mod import;
pub mod incident;
pub mod input;
pub mod lang;
#[cfg(feature = "importers")]
pub mod load;
pub mod map_state;
pub mod picture;
pub mod popup;
pub mod projection;
pub mod raster;
#[cfg(feature = "importers")]
pub mod simplify;
mod sort;
pub mod style;
pub mod symbols;
pub mod timeline;
pub mod viewport;
pub mod widget;

#[cfg(all(target_arch = "wasm32", feature = "widget"))]
mod web;
#[cfg(all(target_arch = "wasm32", feature = "widget"))]
pub use web::IncidentMap;
/// The importer module's exports; in `src/web/` with the rest of the glue, built on its own.
#[cfg(all(target_arch = "wasm32", feature = "importer-module"))]
#[path = "web/importer.rs"]
mod web_importer;

pub use dataset::Dataset;
pub use import::{Import, ImportError, ImportIssue};
pub use incident::Incident;
pub use map_state::MapState;
pub use projection::{lon_lat, LonLat};
pub use timeline::{Day, TimeWindow};
