//! Drawing incidents: areas first (translucent, under everything), then point symbols, largest
//! first so that small ones stay visible on top of large ones.

use crate::dataset::Dataset;
use crate::incident::{Geometry, Incident, PlacePrecision};
use crate::projection::lon_lat_to_world;
use crate::raster::{PixelBuffer, PixelPoint, Rgba};
use crate::style::{self, event_colour, symbol_radius_px, uncertainty_halo_px};
use crate::timeline::TimeWindow;
use crate::viewport::Viewport;

/// Fill opacity of area incidents.
const AREA_FILL_ALPHA: u8 = 40;
/// Outline opacity of area incidents.
const AREA_EDGE_ALPHA: u8 = 150;
/// Opacity of the uncertainty halo around imprecise places.
const HALO_ALPHA: u8 = 56;

/// Draws the `visible` incidents (positions in `data`) into `buffer`, faded by age within
/// `window`, with a ring around `selected`.
pub fn draw_incidents(
    buffer: &mut PixelBuffer,
    view: &Viewport,
    data: &Dataset,
    visible: &[u32],
    window: TimeWindow,
    selected: Option<usize>,
) {
    let ratio = view.pixel_ratio() as f32;
    let incidents: Vec<(usize, &Incident)> = visible
        .iter()
        .filter_map(|&i| data.get(i as usize).map(|inc| (i as usize, inc)))
        .collect();
    for (_, incident) in incidents.iter().filter(|(_, i)| i.is_area()) {
        draw_area(buffer, view, incident, window.freshness(&incident.span));
    }
    let mut points: Vec<(usize, &Incident, f32)> = incidents
        .iter()
        .filter(|(_, i)| !i.is_area())
        .map(|&(k, i)| (k, i, symbol_radius_px(i) * ratio))
        .collect();
    points.sort_by(|a, b| b.2.total_cmp(&a.2));
    for &(_, incident, radius) in &points {
        let colour =
            event_colour(incident.event_type).scale_alpha(window.freshness(&incident.span));
        if let Geometry::Points(list) = &incident.geometry {
            for p in list {
                let at = view.world_to_device(lon_lat_to_world(*p));
                draw_symbol(buffer, at, radius, ratio, incident.place_precision, colour);
            }
        }
    }
    if let Some((_, incident, radius)) = points.iter().find(|p| Some(p.0) == selected) {
        let at = view.world_to_device(lon_lat_to_world(incident.anchor));
        buffer.stroke_circle(at, radius + 4.0 * ratio, 2.0 * ratio, style::SELECTION);
    }
}

/// One point symbol: a filled disc with a white outline for an exact place; for an imprecise
/// one a translucent halo (how far off it may be) around a hollow ring.
fn draw_symbol(
    buffer: &mut PixelBuffer,
    at: PixelPoint,
    radius: f32,
    ratio: f32,
    precision: PlacePrecision,
    colour: Rgba,
) {
    let outline = style::HALO.with_alpha(colour.a);
    let halo = uncertainty_halo_px(precision) * ratio;
    if halo > 0.0 {
        let faded = colour.with_alpha(((HALO_ALPHA as f32) * colour.a as f32 / 255.0) as u8);
        buffer.fill_circle(at, radius + halo, faded);
        buffer.fill_circle(at, radius + 1.2 * ratio, outline);
        let ring = (radius * 0.45).max(2.0 * ratio);
        buffer.stroke_circle(at, radius - ring / 2.0, ring, colour);
    } else {
        buffer.fill_circle(at, radius + 1.2 * ratio, outline);
        buffer.fill_circle(at, radius, colour);
    }
}

fn draw_area(buffer: &mut PixelBuffer, view: &Viewport, incident: &Incident, freshness: f32) {
    let Geometry::Area(polygons) = &incident.geometry else {
        return;
    };
    let colour = event_colour(incident.event_type);
    let ratio = view.pixel_ratio() as f32;
    for polygon in polygons {
        let rings: Vec<Vec<PixelPoint>> = polygon
            .iter()
            .map(|r| {
                r.iter()
                    .map(|p| view.world_to_device(lon_lat_to_world(*p)))
                    .collect()
            })
            .collect();
        buffer.fill_polygon(
            &rings,
            colour.with_alpha(AREA_FILL_ALPHA).scale_alpha(freshness),
        );
        for ring in &rings {
            buffer.stroke_polyline(
                ring,
                1.5 * ratio,
                colour.with_alpha(AREA_EDGE_ALPHA).scale_alpha(freshness),
            );
        }
    }
}
