//! Sprites: a small picture rasterised once and stamped many times, which is how thousands of
//! identical symbols are drawn without redoing anti-aliasing maths for each, and in one pass
//! over the pixels however many shapes the picture is made of.
//!
//! A sprite keeps its pixels premultiplied (colour × alpha), packed four bytes to a `u32` in the
//! buffer's RGBA byte order, and for each row the span of pixels that are not transparent, so a
//! stamp touches only those. Over an opaque destination — every frame's case, the basemap is
//! opaque — a pixel is composited with a few integer operations on two channels at a time.

use super::{blend, PixelBuffer, Rgba};

/// A premultiplied RGBA picture with the visible span of each row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sprite {
    width: u32,
    height: u32,
    /// Premultiplied RGBA, little-endian packed (`r` in the low byte), row-major.
    pixels: Vec<u32>,
    /// For each row, `start..end` of its pixels with alpha above 0 (empty when none).
    rows: Vec<(u32, u32)>,
}

impl Sprite {
    /// A `width` × `height` sprite of what `draw` paints into a transparent buffer.
    pub fn draw(width: u32, height: u32, draw: impl FnOnce(&mut PixelBuffer)) -> Sprite {
        let mut buffer = PixelBuffer::new(width, height);
        draw(&mut buffer);
        let pixels: Vec<u32> = buffer
            .data()
            .chunks_exact(4)
            .map(|p| premultiply(Rgba::new(p[0], p[1], p[2], p[3])))
            .collect();
        let rows = pixels
            .chunks_exact(width.max(1) as usize)
            .map(|row| {
                let visible = |p: &u32| p >> 24 != 0;
                match (row.iter().position(visible), row.iter().rposition(visible)) {
                    (Some(a), Some(b)) => (a as u32, b as u32 + 1),
                    _ => (0, 0),
                }
            })
            .collect();
        Sprite {
            width,
            height,
            pixels,
            rows,
        }
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The memory its pixels take, in bytes.
    pub fn size_bytes(&self) -> usize {
        self.pixels.len() * 4 + self.rows.len() * 8
    }
}

/// `c` premultiplied and packed: each colour channel × alpha / 255, rounded.
fn premultiply(c: Rgba) -> u32 {
    let a = u32::from(c.a);
    let channel = |v: u8| (u32::from(v) * a + 127) / 255;
    channel(c.r) | channel(c.g) << 8 | channel(c.b) << 16 | a << 24
}

/// `k / 255` (`k` up to 255) as the multiplier over 256 that [`dim`] takes.
#[inline(always)]
fn share(k: u32) -> u32 {
    k + (k >> 7)
}

/// All four channels of `p` times `f / 256` (`f` up to 256), rounded: fading a
/// premultiplied pixel, which stays premultiplied (no channel grows past its alpha); with
/// `f = share(o)` that is within a level of `o / 255`.
#[inline(always)]
fn dim(p: u32, f: u32) -> u32 {
    let rb = (((p & 0x00ff_00ff) * f + 0x0080_0080) >> 8) & 0x00ff_00ff;
    let ag = (((p >> 8) & 0x00ff_00ff) * f + 0x0080_0080) & 0xff00_ff00;
    rb | ag
}

/// The colour channels of `p` times `k / 255` to within a level (never above `k`), with alpha
/// `k`: the quick multiply of the opaque-destination composite, where a division by 255 would
/// cost more than the rest of the pixel.
#[inline(always)]
fn fade(p: u32, k: u32) -> u32 {
    dim(p, share(k)) & 0x00ff_ffff | k << 24
}

impl PixelBuffer {
    /// Composites `sprite` source-over with its top-left corner on pixel (`x`, `y`), the whole
    /// picture made `opacity / 255` opaque (group opacity: its parts fade together instead of
    /// showing through each other); what falls outside the buffer is clipped.
    ///
    /// The result is within two levels of exact straight-alpha source-over on an opaque pixel,
    /// three on a translucent one (the sprite's colour is kept premultiplied in 8 bits, and the
    /// blends are quick integer ones).
    pub fn stamp(&mut self, sprite: &Sprite, x: i64, y: i64, opacity: u8) {
        let (w, h) = (i64::from(self.width()), i64::from(self.height()));
        let (sw, sh) = (i64::from(sprite.width), i64::from(sprite.height));
        let (y0, y1) = (y.max(0), (y + sh).min(h));
        if opacity == 0 || x >= w || x + sw <= 0 || y0 >= y1 {
            return;
        }
        let stride = self.width() as usize * 4;
        let data = self.data_mut();
        for row in y0..y1 {
            let r = (row - y) as usize;
            let (start, end) = sprite.rows[r];
            let (x0, x1) = ((x + i64::from(start)).max(0), (x + i64::from(end)).min(w));
            if x0 >= x1 {
                continue;
            }
            let s_start = r * sw as usize + (x0 - x) as usize;
            let source = &sprite.pixels[s_start..s_start + (x1 - x0) as usize];
            let d_start = row as usize * stride + x0 as usize * 4;
            let pixels = &mut data[d_start..d_start + (x1 - x0) as usize * 4];
            if opacity == 255 {
                composite_row(pixels, source, |s| s);
            } else {
                let f = share(u32::from(opacity));
                composite_row(pixels, source, |s| dim(s, f));
            }
        }
    }
}

/// Composites one row of premultiplied `source` pixels, each passed through `fade_source`, onto
/// the RGBA bytes of `pixels`.
#[inline(always)]
fn composite_row(pixels: &mut [u8], source: &[u32], fade_source: impl Fn(u32) -> u32) {
    if pixels.chunks_exact(4).all(|p| p[3] == 255) {
        // Opaque destination (every frame's case): s + d × (1 − sa), alpha stays 255. One
        // formula for every pixel — transparent source pixels leave d, opaque ones give s — so
        // the loop has no branch and the compiler may vectorise it.
        for (px, &s) in pixels.chunks_exact_mut(4).zip(source) {
            let s = fade_source(s);
            let d = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
            px.copy_from_slice(&(s + fade(d, 255 - (s >> 24))).to_le_bytes());
        }
        return;
    }
    for (px, &s) in pixels.chunks_exact_mut(4).zip(source) {
        let s = fade_source(s);
        if s >> 24 != 0 {
            blend(px, unpremultiply(s), 1.0);
        }
    }
}

/// The straight-alpha colour of a premultiplied packed pixel with alpha above 0.
fn unpremultiply(p: u32) -> Rgba {
    let a = p >> 24;
    let channel = |shift: u32| ((((p >> shift) & 0xff) * 255 + a / 2) / a).min(255) as u8;
    Rgba::new(channel(0), channel(8), channel(16), a as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raster::pixel_point;

    const RED: Rgba = Rgba::opaque(255, 0, 0);

    fn worst_difference(a: &PixelBuffer, b: &PixelBuffer) -> Option<u8> {
        a.data()
            .iter()
            .zip(b.data())
            .map(|(x, y)| x.abs_diff(*y))
            .max()
    }

    #[test]
    fn a_stamp_equals_drawing_the_shape_there() {
        let sprite = Sprite::draw(11, 11, |b| b.fill_circle(pixel_point(5.5, 5.5), 4.0, RED));
        let mut stamped = PixelBuffer::new(30, 20);
        stamped.clear(Rgba::opaque(10, 20, 30));
        let mut drawn = stamped.clone();
        stamped.stamp(&sprite, 7, 3, 255);
        drawn.fill_circle(pixel_point(12.5, 8.5), 4.0, RED);
        // The sprite keeps colour premultiplied in 8 bits, so an edge may differ by one level.
        assert_eq!(worst_difference(&stamped, &drawn), Some(1));
        assert_eq!(stamped.pixel(12, 8), Some(RED));
    }

    #[test]
    fn dimming_stays_premultiplied_and_within_a_level() {
        for v in 0..=255u32 {
            for opacity in 0..=255u32 {
                let f = share(opacity);
                let exact = v as f32 * opacity as f32 / 255.0;
                let packed = v | v << 8 | v << 16 | v << 24;
                let dimmed = dim(packed, f);
                let bytes = dimmed.to_le_bytes();
                assert!(bytes.iter().all(|&b| b == bytes[3]), "{v} × {opacity}");
                let got = f32::from(bytes[0]);
                assert!((got - exact).abs() < 1.0, "{v} × {opacity}: {got}");
            }
        }
    }

    #[test]
    fn fading_keeps_each_channel_within_its_share() {
        for v in 0..=255u32 {
            for k in 0..=255u32 {
                let faded = fade(v | v << 8 | v << 16, k).to_le_bytes();
                let exact = v as f32 * k as f32 / 255.0;
                for &c in &faded[..3] {
                    assert!(u32::from(c) <= k, "{v} × {k}: {c} exceeds the share");
                    assert!((f32::from(c) - exact).abs() < 1.0, "{v} × {k}: {c}");
                }
                assert_eq!(u32::from(faded[3]), k);
            }
        }
    }

    #[test]
    fn rows_skip_what_is_transparent() {
        let sprite = Sprite::draw(9, 9, |b| b.fill_circle(pixel_point(4.5, 4.5), 2.0, RED));
        assert_eq!(sprite.rows[0], (0, 0), "an empty row");
        let (start, end) = sprite.rows[4];
        assert!(start > 0 && end < 9 && start < end, "{:?}", sprite.rows[4]);
    }

    #[test]
    fn group_opacity_fades_the_parts_together() {
        // A white disc under a smaller red one: at half opacity the centre is half red over the
        // background, not red over a half-white disc.
        let sprite = Sprite::draw(21, 21, |b| {
            b.fill_circle(pixel_point(10.5, 10.5), 9.0, Rgba::opaque(255, 255, 255));
            b.fill_circle(pixel_point(10.5, 10.5), 5.0, RED);
        });
        let mut b = PixelBuffer::new(21, 21);
        b.clear(Rgba::opaque(0, 0, 0));
        b.stamp(&sprite, 0, 0, 128);
        assert_eq!(b.pixel(10, 10), Some(Rgba::opaque(128, 0, 0)));
        assert_eq!(b.pixel(10 + 7, 10), Some(Rgba::opaque(128, 128, 128)));
    }

    #[test]
    fn stamps_clip_at_every_edge() {
        let sprite = Sprite::draw(4, 4, |b| b.clear(Rgba::opaque(255, 255, 255)));
        let mut b = PixelBuffer::new(5, 5);
        for (x, y) in [
            (-2, -2),
            (3, 3),
            (-10, 0),
            (0, 100),
            (i64::MAX / 2, 0),
            (-3, 4),
        ] {
            b.stamp(&sprite, x, y, 255);
        }
        assert_eq!(b.pixel(0, 0), Some(Rgba::opaque(255, 255, 255)));
        assert_eq!(b.pixel(4, 4), Some(Rgba::opaque(255, 255, 255)));
        assert_eq!(b.pixel(2, 2), Some(Rgba::new(0, 0, 0, 0)));
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// The integer composite is within two levels of the exact straight-alpha one over an
            /// opaque destination, and within three (the colour weighted by its alpha) over a
            /// translucent one, at any opacity.
            #[test]
            fn stamping_matches_exact_source_over(
                source in any::<[u8; 4]>(),
                destination in any::<[u8; 3]>(),
                destination_alpha in prop_oneof![Just(255u8), any::<u8>()],
                opacity in any::<u8>(),
            ) {
                let [r, g, b, a] = source;
                let colour = Rgba::new(r, g, b, a);
                let sprite = Sprite::draw(1, 1, |p| p.clear(colour));
                let [dr, dg, db] = destination;
                let mut fast = PixelBuffer::new(1, 1);
                fast.clear(Rgba::new(dr, dg, db, destination_alpha));
                let mut exact = fast.clone();
                fast.stamp(&sprite, 0, 0, opacity);
                exact.blend_pixel(0, 0, colour, f32::from(opacity) / 255.0);
                // Premultiplying loses colour precision at small alphas; compare what shows: the
                // alpha, and the colour weighted by it.
                let (f, e) = (fast.pixel(0, 0).expect("1×1"), exact.pixel(0, 0).expect("1×1"));
                prop_assert!(f.a.abs_diff(e.a) <= 1, "{f:?} vs {e:?}");
                let tolerance = if destination_alpha == 255 { 2.0 } else { 3.0 };
                for (x, y) in [(f.r, e.r), (f.g, e.g), (f.b, e.b)] {
                    let weighted = |v: u8, alpha: u8| f32::from(v) * f32::from(alpha) / 255.0;
                    prop_assert!(
                        (weighted(x, f.a) - weighted(y, e.a)).abs() <= tolerance,
                        "{:?} over {:?} at {}: {:?} vs {:?}", colour, destination, opacity, f, e
                    );
                }
            }
        }
    }
}
