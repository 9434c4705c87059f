//! How things look: the palette of event types and basemap layers, symbol sizes from fatality
//! figures, and the marks for imprecise places and selection.

use crate::incident::{EventType, Fatalities, Incident, PlacePrecision};
use crate::raster::Rgba;

/// Behind every country (outside the basemap's extent).
pub const BACKGROUND: Rgba = Rgba::opaque(221, 227, 232);
/// Neighbouring countries.
pub const LAND: Rgba = Rgba::opaque(240, 237, 230);
/// The focus country (Mali).
pub const FOCUS_LAND: Rgba = Rgba::opaque(252, 250, 244);
/// Country borders.
pub const BORDER: Rgba = Rgba::opaque(150, 140, 126);
/// The focus country's border.
pub const FOCUS_BORDER: Rgba = Rgba::opaque(96, 84, 70);
/// Rivers.
pub const RIVER: Rgba = Rgba::opaque(120, 170, 215);
/// Town dots.
pub const TOWN: Rgba = Rgba::opaque(60, 60, 60);
/// The outline that sets symbols off the map.
pub const HALO: Rgba = Rgba::opaque(255, 255, 255);
/// The ring around the selected incident.
pub const SELECTION: Rgba = Rgba::opaque(20, 20, 20);
/// The histogram's bars within the time window.
pub const STRIP_BAR: Rgba = Rgba::opaque(70, 90, 120);
/// The histogram's bars outside the time window.
pub const STRIP_BAR_MUTED: Rgba = Rgba::opaque(196, 202, 210);

/// Symbol radius for an incident nobody reported deaths for, in CSS pixels.
pub const MIN_RADIUS_PX: f32 = 4.0;
/// The largest symbol radius, in CSS pixels.
pub const MAX_RADIUS_PX: f32 = 20.0;
/// Extra pick tolerance around a symbol, in CSS pixels (fingers are wide).
pub const PICK_TOLERANCE_PX: f32 = 4.0;

/// The colour of an event type (a colour-blind-aware categorical palette).
pub fn event_colour(t: EventType) -> Rgba {
    match t {
        EventType::Battles => Rgba::opaque(214, 39, 40),
        EventType::ExplosionsRemoteViolence => Rgba::opaque(255, 127, 14),
        EventType::ViolenceAgainstCivilians => Rgba::opaque(148, 52, 170),
        EventType::Protests => Rgba::opaque(44, 160, 44),
        EventType::Riots => Rgba::opaque(140, 86, 75),
        EventType::StrategicDevelopments => Rgba::opaque(31, 119, 180),
        EventType::Other => Rgba::opaque(127, 127, 127),
    }
}

/// `#rrggbb` of an event type's colour, for the legend.
pub fn event_colour_hex(t: EventType) -> String {
    hex(event_colour(t))
}

/// `#rrggbb` of a colour (its alpha left out), for CSS and the 2D context.
pub fn hex(c: Rgba) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// Symbol radius in CSS pixels: grows with the square root of the best (else low) figure, so a
/// symbol's area follows the death toll, from [`MIN_RADIUS_PX`] to [`MAX_RADIUS_PX`].
pub fn symbol_radius_px(incident: &Incident) -> f32 {
    radius_px_for(&incident.fatalities)
}

/// The symbol radius for these figures, in CSS pixels (what [`symbol_radius_px`] gives an
/// incident that has them).
pub fn radius_px_for(fatalities: &Fatalities) -> f32 {
    let deaths = fatalities.size_hint() as f32;
    (MIN_RADIUS_PX + 1.6 * deaths.sqrt()).min(MAX_RADIUS_PX)
}

/// How far the translucent uncertainty halo reaches beyond an imprecise place's symbol, in CSS
/// pixels; 0 for an exact place.
pub fn uncertainty_halo_px(precision: PlacePrecision) -> f32 {
    match precision {
        PlacePrecision::Exact => 0.0,
        PlacePrecision::Near => 7.0,
        PlacePrecision::Region => 14.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_have_distinct_colours() {
        let mut hex: Vec<String> = EventType::ALL.into_iter().map(event_colour_hex).collect();
        hex.sort();
        hex.dedup();
        assert_eq!(hex.len(), EventType::ALL.len());
        assert_eq!(event_colour_hex(EventType::Battles), "#d62728");
    }
}
