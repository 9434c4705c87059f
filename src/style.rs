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

/// The colour of an event type: Okabe and Ito's palette for colour-blind readers (the
/// "Tableau 10" colours it replaces merged violence against civilians with strategic
/// developments, and explosions with protests, under deuteranopia and protanopia; see the
/// test), with a dark grey for "Other".
pub fn event_colour(t: EventType) -> Rgba {
    match t {
        EventType::Battles => Rgba::opaque(213, 94, 0),
        EventType::ExplosionsRemoteViolence => Rgba::opaque(230, 159, 0),
        EventType::ViolenceAgainstCivilians => Rgba::opaque(204, 121, 167),
        EventType::Protests => Rgba::opaque(0, 158, 115),
        EventType::Riots => Rgba::opaque(86, 180, 233),
        EventType::StrategicDevelopments => Rgba::opaque(0, 114, 178),
        EventType::Other => Rgba::opaque(80, 80, 80),
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
        assert_eq!(event_colour_hex(EventType::Battles), "#d55e00");
    }

    /// sRGB (0–255) to CIELAB (D65).
    fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
        let lin = |c: f64| {
            let c = c / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (lin(r), lin(g), lin(b));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    /// What a reader with the colour vision `m` (a linear-RGB matrix) sees of `c`, in sRGB.
    fn seen(c: Rgba, m: [[f64; 3]; 3]) -> [f64; 3] {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let v = [lin(c.r), lin(c.g), lin(c.b)];
        let encode = |v: f64| {
            let v = v.clamp(0.0, 1.0);
            255.0
                * if v <= 0.003_130_8 {
                    12.92 * v
                } else {
                    1.055 * v.powf(1.0 / 2.4) - 0.055
                }
        };
        m.map(|row| encode(row[0] * v[0] + row[1] * v[1] + row[2] * v[2]))
    }

    /// The closest two event types' colours, as a reader with colour vision `m` sees them:
    /// their distance in CIELAB (ΔE 1976) and the two types.
    fn closest_pair(
        m: [[f64; 3]; 3],
        colour: fn(EventType) -> Rgba,
    ) -> (f64, EventType, EventType) {
        let mut closest = (f64::INFINITY, EventType::Other, EventType::Other);
        for (k, &a) in EventType::ALL.iter().enumerate() {
            for &b in &EventType::ALL[k + 1..] {
                let (la, lb) = (lab(seen(colour(a), m)), lab(seen(colour(b), m)));
                let d = la
                    .iter()
                    .zip(lb)
                    .map(|(x, y)| (x - y).powi(2))
                    .sum::<f64>()
                    .sqrt();
                if d < closest.0 {
                    closest = (d, a, b);
                }
            }
        }
        closest
    }

    /// Machado, Oliveira and Fernandes (2009), severity 1.0.
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const NORMAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    /// Least distance between two types' colours, in ΔE 1976: about 10 is clearly apart side
    /// by side; 15 leaves room for small symbols on a tinted map.
    const LEAST_DISTANCE: f64 = 15.0;

    #[test]
    fn types_stay_apart_under_deuteranopia_and_protanopia() {
        for (vision, m) in [
            ("normal", NORMAL),
            ("protanopia", PROTANOPIA),
            ("deuteranopia", DEUTERANOPIA),
        ] {
            let (d, a, b) = closest_pair(m, event_colour);
            assert!(
                d >= LEAST_DISTANCE,
                "{vision}: {a:?} and {b:?} are {d:.1} apart"
            );
        }
        // The check can fail: the palette before this one merged two pairs.
        let tableau = |t| match t {
            EventType::ViolenceAgainstCivilians => Rgba::opaque(148, 52, 170),
            EventType::StrategicDevelopments => Rgba::opaque(31, 119, 180),
            other => event_colour(other),
        };
        assert!(closest_pair(DEUTERANOPIA, tableau).0 < 5.0);
    }
}
