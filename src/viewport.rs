//! What part of the world the canvas shows: centre, zoom, size, and the conversions between
//! world, screen (CSS pixels from the canvas's top-left corner) and device pixels.

use crate::projection::{lon_lat_to_world, world_to_lon_lat, LonLat, WorldPoint};
use crate::raster::{pixel_point, PixelPoint};

/// The world is this many CSS pixels wide at zoom 0.
pub const TILE_SIZE_PX: f64 = 256.0;
/// The farthest out one can zoom.
pub const MIN_ZOOM: f64 = 2.0;
/// The farthest in one can zoom (street level).
pub const MAX_ZOOM: f64 = 17.0;

/// The most device pixels a side of the canvas gets (browsers refuse larger canvases).
pub const MAX_DEVICE_SIDE_PX: f64 = 16_384.0;
/// The most device pixels the canvas gets in all, 2^26: a frame of 256 MB. A larger canvas, or
/// one at a higher pixel ratio, is drawn at a lower pixel ratio instead.
pub const MAX_DEVICE_PIXELS: f64 = 67_108_864.0;
/// The largest CSS size a side is taken at.
const MAX_CSS_PX: f64 = 1_000_000.0;

/// A position on the canvas in CSS pixels from its top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenPoint {
    /// Pixels to the right.
    pub x: f64,
    /// Pixels down.
    pub y: f64,
}

/// A screen position in CSS pixels.
pub const fn screen_point(x: f64, y: f64) -> ScreenPoint {
    ScreenPoint { x, y }
}

/// CSS pixels per world unit at `zoom`.
fn scale_at(zoom: f64) -> f64 {
    TILE_SIZE_PX * zoom.exp2()
}

/// The map's view: a centre, a zoom level and a canvas size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    centre: WorldPoint,
    zoom: f64,
    /// CSS pixels per world unit at `zoom`, kept with it: every point drawn is scaled by it.
    scale: f64,
    width_css: f64,
    height_css: f64,
    pixel_ratio: f64,
}

impl Viewport {
    /// A view of `width_css` × `height_css` CSS pixels with `pixel_ratio` device pixels per CSS
    /// pixel, centred on `centre` at `zoom`. Sizes and ratio are kept positive and finite.
    pub fn new(
        width_css: f64,
        height_css: f64,
        pixel_ratio: f64,
        centre: LonLat,
        zoom: f64,
    ) -> Self {
        let mut v = Viewport {
            centre: lon_lat_to_world(centre),
            zoom: MIN_ZOOM,
            scale: scale_at(MIN_ZOOM),
            width_css: 1.0,
            height_css: 1.0,
            pixel_ratio: 1.0,
        };
        v.resize(width_css, height_css, pixel_ratio);
        v.set_zoom(zoom);
        v
    }

    /// Changes the canvas size, keeping the centre and zoom. The pixel ratio is lowered where
    /// the canvas would otherwise pass [`MAX_DEVICE_SIDE_PX`] a side or [`MAX_DEVICE_PIXELS`]
    /// in all, so that no size a page sets makes the widget allocate more than that.
    pub fn resize(&mut self, width_css: f64, height_css: f64, pixel_ratio: f64) {
        let sane = |v: f64, default: f64| if v.is_finite() && v > 0.0 { v } else { default };
        let (w, h) = (
            sane(width_css, 1.0).min(MAX_CSS_PX),
            sane(height_css, 1.0).min(MAX_CSS_PX),
        );
        let fits = (MAX_DEVICE_SIDE_PX / w)
            .min(MAX_DEVICE_SIDE_PX / h)
            .min((MAX_DEVICE_PIXELS / (w * h)).sqrt());
        self.width_css = w;
        self.height_css = h;
        self.pixel_ratio = sane(pixel_ratio, 1.0).clamp(0.25, 8.0).min(fits);
    }

    /// Canvas width in CSS pixels.
    pub fn width_css(&self) -> f64 {
        self.width_css
    }

    /// Canvas height in CSS pixels.
    pub fn height_css(&self) -> f64 {
        self.height_css
    }

    /// Device pixels per CSS pixel.
    pub fn pixel_ratio(&self) -> f64 {
        self.pixel_ratio
    }

    /// The raster size in device pixels (width, height), at least 1 × 1.
    pub fn device_size(&self) -> (u32, u32) {
        let px = |css: f64| (css * self.pixel_ratio).round().max(1.0) as u32;
        (px(self.width_css), px(self.height_css))
    }

    /// The zoom level.
    pub fn zoom(&self) -> f64 {
        self.zoom
    }

    /// The position at the centre of the canvas.
    pub fn centre(&self) -> LonLat {
        world_to_lon_lat(self.centre)
    }

    /// Sets the zoom level, clamped to [`MIN_ZOOM`]..=[`MAX_ZOOM`]; NaN is ignored.
    pub fn set_zoom(&mut self, zoom: f64) {
        if zoom.is_finite() {
            self.zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
            self.scale = scale_at(self.zoom);
        }
    }

    /// Centres the view on `centre`; invalid positions are ignored, latitudes are clamped to
    /// Web Mercator's range.
    pub fn set_centre(&mut self, centre: LonLat) {
        if centre.lon.is_finite() && centre.lat.is_finite() {
            let w = lon_lat_to_world(centre);
            self.centre = WorldPoint {
                x: w.x.clamp(0.0, 1.0),
                y: w.y.clamp(0.0, 1.0),
            };
        }
    }

    /// CSS pixels per world unit.
    fn scale(&self) -> f64 {
        self.scale
    }

    /// The screen position of a world point.
    pub fn world_to_screen(&self, w: WorldPoint) -> ScreenPoint {
        let s = self.scale();
        screen_point(
            (w.x - self.centre.x) * s + self.width_css / 2.0,
            (w.y - self.centre.y) * s + self.height_css / 2.0,
        )
    }

    /// The world point under a screen position.
    pub fn screen_to_world(&self, p: ScreenPoint) -> WorldPoint {
        let s = self.scale();
        WorldPoint {
            x: self.centre.x + (p.x - self.width_css / 2.0) / s,
            y: self.centre.y + (p.y - self.height_css / 2.0) / s,
        }
    }

    /// The screen position of a geographic position.
    pub fn lon_lat_to_screen(&self, p: LonLat) -> ScreenPoint {
        self.world_to_screen(lon_lat_to_world(p))
    }

    /// The geographic position under a screen position.
    pub fn screen_to_lon_lat(&self, p: ScreenPoint) -> LonLat {
        world_to_lon_lat(self.screen_to_world(p))
    }

    /// The device-pixel position (for the raster) of a world point.
    pub fn world_to_device(&self, w: WorldPoint) -> PixelPoint {
        let s = self.world_to_screen(w);
        pixel_point(
            (s.x * self.pixel_ratio) as f32,
            (s.y * self.pixel_ratio) as f32,
        )
    }

    /// Converts a length in world units to CSS pixels at this zoom.
    pub fn world_to_css_length(&self, world: f64) -> f64 {
        world * self.scale()
    }

    /// Moves the map by a drag of (`dx`, `dy`) CSS pixels: what was under the pointer stays
    /// under it. The centre stays inside the world.
    pub fn pan_by(&mut self, dx: f64, dy: f64) {
        if !(dx.is_finite() && dy.is_finite()) {
            return;
        }
        let s = self.scale();
        self.centre.x = (self.centre.x - dx / s).clamp(0.0, 1.0);
        self.centre.y = (self.centre.y - dy / s).clamp(0.0, 1.0);
    }

    /// Zooms by `factor` (2 = one level in) keeping the world point under `anchor` fixed.
    pub fn zoom_at(&mut self, anchor: ScreenPoint, factor: f64) {
        if !(factor.is_finite() && factor > 0.0 && anchor.x.is_finite() && anchor.y.is_finite()) {
            return;
        }
        let before = self.screen_to_world(anchor);
        self.set_zoom(self.zoom + factor.log2());
        let after = self.screen_to_world(anchor);
        self.centre.x = (self.centre.x + before.x - after.x).clamp(0.0, 1.0);
        self.centre.y = (self.centre.y + before.y - after.y).clamp(0.0, 1.0);
    }

    /// Centres and zooms so that the box from `south_west` to `north_east` fills the canvas less
    /// `padding_css` on each side.
    pub fn fit_bounds(&mut self, south_west: LonLat, north_east: LonLat, padding_css: f64) {
        let a = lon_lat_to_world(south_west);
        let b = lon_lat_to_world(north_east);
        let (dx, dy) = ((b.x - a.x).abs().max(1e-9), (b.y - a.y).abs().max(1e-9));
        let room_x = (self.width_css - 2.0 * padding_css).max(1.0);
        let room_y = (self.height_css - 2.0 * padding_css).max(1.0);
        let scale = (room_x / dx).min(room_y / dy);
        self.set_zoom((scale / TILE_SIZE_PX).log2());
        self.centre = WorldPoint {
            x: (a.x + b.x) / 2.0,
            y: (a.y + b.y) / 2.0,
        };
    }
}

/// A CSS length in pixels to a tenth, written with integer formatting (`-3.5px`, `12.0px`),
/// so the widget's module carries no float-formatting code; a value that is not finite is 0.
pub fn css_px(v: f64) -> String {
    format!("{}px", fixed_decimals(v, 1))
}

/// `v` with `decimals` digits after the point (1 to 9), rounded, written with integer
/// formatting (`-8.0028`, `12.0`) for the same reason as [`css_px`]; NaN is 0, and a value
/// too large for an `i64` of those units is held at its limit.
pub fn fixed_decimals(v: f64, decimals: u32) -> String {
    let decimals = decimals.clamp(1, 9);
    let unit = 10u64.pow(decimals);
    let scaled = (v * unit as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let scaled = scaled.unsigned_abs();
    let width = decimals as usize;
    format!("{sign}{}.{:0width$}", scaled / unit, scaled % unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::lon_lat;

    const BAMAKO: LonLat = lon_lat(-8.0028, 12.6392);
    const TINZAOUATEN: LonLat = lon_lat(2.7019, 19.9433);

    fn mali_view() -> Viewport {
        let mut v = Viewport::new(800.0, 600.0, 2.0, lon_lat(0.0, 0.0), 3.0);
        v.fit_bounds(lon_lat(-12.3, 10.1), lon_lat(4.3, 25.0), 20.0);
        v
    }

    #[test]
    fn screen_round_trips_at_bamako_and_tinzaouaten() {
        let v = mali_view();
        for place in [BAMAKO, TINZAOUATEN] {
            let s = v.lon_lat_to_screen(place);
            assert!(
                s.x > 0.0 && s.x < 800.0 && s.y > 0.0 && s.y < 600.0,
                "{s:?} on screen"
            );
            let back = v.screen_to_lon_lat(s);
            assert!((back.lon - place.lon).abs() < 1e-9 && (back.lat - place.lat).abs() < 1e-9);
        }
    }

    #[test]
    fn fit_bounds_shows_the_whole_box() {
        let v = mali_view();
        let sw = v.lon_lat_to_screen(lon_lat(-12.3, 10.1));
        let ne = v.lon_lat_to_screen(lon_lat(4.3, 25.0));
        assert!(sw.x >= 19.9 && sw.y <= 580.1 && ne.x <= 780.1 && ne.y >= 19.9);
        // The box touches the padding on at least one axis.
        assert!((sw.x - 20.0).abs() < 0.01 || (ne.y - 20.0).abs() < 0.01);
        assert_eq!(v.device_size(), (1600, 1200));
        let d = v.world_to_device(lon_lat_to_world(BAMAKO));
        let s = v.lon_lat_to_screen(BAMAKO);
        assert!((d.x as f64 - 2.0 * s.x).abs() < 0.01);
    }

    #[test]
    fn zoom_at_keeps_the_anchor_fixed() {
        let mut v = mali_view();
        let anchor = v.lon_lat_to_screen(BAMAKO);
        let z = v.zoom();
        v.zoom_at(anchor, 2.0);
        assert!((v.zoom() - z - 1.0).abs() < 1e-9);
        let after = v.lon_lat_to_screen(BAMAKO);
        assert!((after.x - anchor.x).abs() < 1e-6 && (after.y - anchor.y).abs() < 1e-6);
        v.zoom_at(anchor, f64::NAN);
        v.zoom_at(anchor, 1e300);
        assert_eq!(v.zoom(), MAX_ZOOM);
    }

    #[test]
    fn set_centre_and_zoom_put_a_place_in_the_middle() {
        let mut v = mali_view();
        v.set_centre(TINZAOUATEN);
        v.set_zoom(9.0);
        let s = v.lon_lat_to_screen(TINZAOUATEN);
        assert!((s.x - 400.0).abs() < 1e-6 && (s.y - 300.0).abs() < 1e-6);
        assert_eq!(v.zoom(), 9.0);
        v.set_centre(lon_lat(f64::NAN, 3.0));
        assert!(
            (v.lon_lat_to_screen(TINZAOUATEN).x - 400.0).abs() < 1e-6,
            "NaN ignored"
        );
    }

    #[test]
    fn pan_moves_what_is_under_the_pointer() {
        let mut v = mali_view();
        let before = v.lon_lat_to_screen(BAMAKO);
        v.pan_by(30.0, -12.0);
        let after = v.lon_lat_to_screen(BAMAKO);
        assert!(
            (after.x - before.x - 30.0).abs() < 1e-6 && (after.y - before.y + 12.0).abs() < 1e-6
        );
        v.pan_by(f64::INFINITY, 0.0);
        assert_eq!(v.lon_lat_to_screen(BAMAKO), after);
    }

    #[test]
    fn no_canvas_size_or_ratio_passes_the_device_limits() {
        let mut v = Viewport::new(800.0, 600.0, 2.0, lon_lat(0.0, 0.0), 3.0);
        assert_eq!(
            v.device_size(),
            (1600, 1200),
            "an ordinary canvas keeps its ratio"
        );
        for (w, h, ratio) in [
            (20_000.0, 20_000.0, 4.0),
            (16_384.0, 100.0, 8.0),
            (1e9, 10.0, 1.0),
            (3_000.0, 2_000.0, 8.0),
            (f64::INFINITY, f64::NAN, f64::INFINITY),
        ] {
            v.resize(w, h, ratio);
            let (dw, dh) = v.device_size();
            assert!(f64::from(dw) <= MAX_DEVICE_SIDE_PX && f64::from(dh) <= MAX_DEVICE_SIDE_PX);
            // Rounding each side may add half a pixel to it.
            let limit = MAX_DEVICE_PIXELS + MAX_DEVICE_SIDE_PX;
            assert!(
                f64::from(dw) * f64::from(dh) <= limit,
                "{w}x{h}@{ratio}: {dw}x{dh}"
            );
        }
        v.resize(20_000.0, 20_000.0, 4.0);
        assert_eq!(
            v.device_size(),
            (8_192, 8_192),
            "2^26 pixels, a lower ratio"
        );
        assert_eq!(
            v.width_css(),
            20_000.0,
            "the CSS size stays what the page set"
        );
    }

    #[test]
    fn css_lengths_are_written_to_a_tenth() {
        assert_eq!(css_px(12.0), "12.0px");
        assert_eq!(css_px(3.125), "3.1px");
        assert_eq!(css_px(-3.45), "-3.5px");
        assert_eq!(css_px(-0.04), "0.0px");
        assert_eq!(css_px(0.96), "1.0px");
        assert_eq!(css_px(f64::NAN), "0.0px");
        assert_eq!(
            css_px(1e30),
            format!("{}.{}px", i64::MAX / 10, i64::MAX % 10)
        );
        assert_eq!(fixed_decimals(-8.00284, 4), "-8.0028");
        assert_eq!(fixed_decimals(12.5, 4), "12.5000");
        assert_eq!(fixed_decimals(0.05, 2), "0.05");
        assert_eq!(fixed_decimals(-0.00001, 4), "0.0000");
    }
}
