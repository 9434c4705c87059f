//! Web Mercator: longitude/latitude to a square world of side 1 and back.
//!
//! World coordinates run from (0, 0) at 180°W, ~85.05°N to (1, 1) at 180°E, ~85.05°S, so the
//! world at zoom level `z` is `256 · 2^z` CSS pixels wide, as on every web map.

use std::f64::consts::PI;

/// The latitude limit of Web Mercator, where the world becomes square.
pub const MAX_LAT_DEG: f64 = 85.051_128_779_806_59;

/// A geographic position in degrees (WGS84).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    /// Longitude in degrees, east positive.
    pub lon: f64,
    /// Latitude in degrees, north positive.
    pub lat: f64,
}

/// A position from longitude and latitude in degrees (note the order: longitude first, as GeoJSON).
pub const fn lon_lat(lon: f64, lat: f64) -> LonLat {
    LonLat { lon, lat }
}

impl LonLat {
    /// True when both are finite and in range (lon −180..180, lat −90..90).
    pub fn is_valid(&self) -> bool {
        self.lon.is_finite()
            && self.lat.is_finite()
            && (-180.0..=180.0).contains(&self.lon)
            && (-90.0..=90.0).contains(&self.lat)
    }
}

/// A position in the unit Web Mercator world.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorldPoint {
    /// 0 at 180°W, 1 at 180°E.
    pub x: f64,
    /// 0 at the northern limit, 1 at the southern limit.
    pub y: f64,
}

/// Projects a position into the unit world; latitudes beyond ±85.05° are clamped.
pub fn lon_lat_to_world(p: LonLat) -> WorldPoint {
    WorldPoint {
        x: lon_to_world_x(p.lon),
        y: lat_to_world_y(p.lat),
    }
}

/// The world x of a longitude (linear: 0 at 180°W, 1 at 180°E).
pub fn lon_to_world_x(lon: f64) -> f64 {
    (lon + 180.0) / 360.0
}

/// The world y of a latitude (Web Mercator; beyond ±85.05° clamped).
pub fn lat_to_world_y(lat: f64) -> f64 {
    let lat = lat.clamp(-MAX_LAT_DEG, MAX_LAT_DEG).to_radians();
    (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0
}

/// The position of a point of the unit world.
pub fn world_to_lon_lat(w: WorldPoint) -> LonLat {
    let n = PI * (1.0 - 2.0 * w.y);
    LonLat {
        lon: w.x * 360.0 - 180.0,
        lat: n.sinh().atan().to_degrees(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAMAKO: LonLat = lon_lat(-8.0028, 12.6392);
    const TINZAOUATEN: LonLat = lon_lat(2.7019, 19.9433);

    #[test]
    fn known_places_round_trip() {
        for place in [BAMAKO, TINZAOUATEN] {
            let back = world_to_lon_lat(lon_lat_to_world(place));
            assert!((back.lon - place.lon).abs() < 1e-9, "{place:?} -> {back:?}");
            assert!((back.lat - place.lat).abs() < 1e-9, "{place:?} -> {back:?}");
        }
    }

    #[test]
    fn known_world_positions() {
        let origin = lon_lat_to_world(lon_lat(0.0, 0.0));
        assert!((origin.x - 0.5).abs() < 1e-12 && (origin.y - 0.5).abs() < 1e-12);
        // Bamako is west of Greenwich and north of the equator: left of and above the centre.
        let b = lon_lat_to_world(BAMAKO);
        assert!(b.x < 0.5 && b.y < 0.5);
        // At zoom 10 (262,144 px wide), 1° of longitude is 728.2 px everywhere.
        let east = lon_lat_to_world(lon_lat(BAMAKO.lon + 1.0, BAMAKO.lat));
        assert!(((east.x - b.x) * 262_144.0 - 728.18).abs() < 0.01);
        // Mercator stretches latitude: 1° north of Tinzaouaten is longer than 1° east.
        let t = lon_lat_to_world(TINZAOUATEN);
        let north = lon_lat_to_world(lon_lat(TINZAOUATEN.lon, TINZAOUATEN.lat + 1.0));
        assert!((t.y - north.y) > 1.0 / 360.0);
    }

    #[test]
    fn poles_clamp() {
        assert!(lon_lat_to_world(lon_lat(0.0, 90.0)).y.abs() < 1e-9);
        assert!((lon_lat_to_world(lon_lat(0.0, -90.0)).y - 1.0).abs() < 1e-9);
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn round_trip(lon in -180.0f64..180.0, lat in -85.0f64..85.0) {
                let back = world_to_lon_lat(lon_lat_to_world(lon_lat(lon, lat)));
                prop_assert!((back.lon - lon).abs() < 1e-9);
                prop_assert!((back.lat - lat).abs() < 1e-9);
            }
        }
    }
}
