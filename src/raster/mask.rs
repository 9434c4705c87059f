//! Coverage masks: a shape rasterised once and stamped many times, which is how thousands of
//! identical symbols are drawn without redoing anti-aliasing maths for each.

use super::{blend, PixelBuffer, Rgba};

/// A coverage bitmap: 0 = not covered, 255 = fully covered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mask {
    width: u32,
    height: u32,
    coverage: Vec<u8>,
}

impl Mask {
    /// A `width` × `height` mask of what `draw` paints in opaque white into a transparent buffer.
    pub fn draw(width: u32, height: u32, draw: impl FnOnce(&mut PixelBuffer)) -> Mask {
        let mut buffer = PixelBuffer::new(width, height);
        draw(&mut buffer);
        Mask {
            width,
            height,
            coverage: buffer.data().chunks_exact(4).map(|p| p[3]).collect(),
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
}

impl PixelBuffer {
    /// Blends `colour` through `mask` placed with its top-left corner on pixel (`x`, `y`);
    /// what falls outside the buffer is clipped. Over opaque pixels the blend is done in
    /// integers, within one level of [`PixelBuffer::blend_pixel`].
    pub fn stamp(&mut self, mask: &Mask, x: i64, y: i64, colour: Rgba) {
        let (w, h) = (i64::from(self.width()), i64::from(self.height()));
        let (mw, mh) = (i64::from(mask.width), i64::from(mask.height));
        let (x0, x1) = (x.max(0), (x + mw).min(w));
        let (y0, y1) = (y.max(0), (y + mh).min(h));
        if x0 >= x1 || y0 >= y1 || colour.a == 0 {
            return;
        }
        let stride = self.width() as usize * 4;
        let data = self.data_mut();
        for row in y0..y1 {
            let m_start = ((row - y) * mw + (x0 - x)) as usize;
            let coverage = &mask.coverage[m_start..m_start + (x1 - x0) as usize];
            let d_start = row as usize * stride + x0 as usize * 4;
            let pixels = &mut data[d_start..d_start + (x1 - x0) as usize * 4];
            for (px, &m) in pixels.chunks_exact_mut(4).zip(coverage) {
                if m == 0 {
                    continue;
                }
                if px[3] == 255 {
                    // Opaque destination (every frame's case): integer source-over, with the
                    // source weight k = coverage × alpha in 1/65536ths.
                    let k = (u32::from(m) * u32::from(colour.a) * 258 + 128) >> 8;
                    if k >= 65_533 {
                        px[..3].copy_from_slice(&[colour.r, colour.g, colour.b]);
                        continue;
                    }
                    let k = k as i32;
                    for (d, s) in px[..3].iter_mut().zip([colour.r, colour.g, colour.b]) {
                        let dv = i32::from(*d);
                        *d = (dv + (((i32::from(s) - dv) * k + 32_768) >> 16)) as u8;
                    }
                } else {
                    blend(px, colour, f32::from(m) * (1.0 / 255.0));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raster::pixel_point;

    const RED: Rgba = Rgba::opaque(255, 0, 0);

    #[test]
    fn a_stamp_equals_drawing_the_shape_there() {
        let mask = Mask::draw(11, 11, |b| {
            b.fill_circle(pixel_point(5.5, 5.5), 4.0, Rgba::opaque(255, 255, 255))
        });
        let mut stamped = PixelBuffer::new(30, 20);
        stamped.clear(Rgba::opaque(10, 20, 30));
        let mut drawn = stamped.clone();
        stamped.stamp(&mask, 7, 3, RED);
        drawn.fill_circle(pixel_point(12.5, 8.5), 4.0, RED);
        // Coverage is kept in 8 bits, so a stamped edge may differ from a drawn one by one level.
        let worst = stamped
            .data()
            .iter()
            .zip(drawn.data())
            .map(|(a, b)| a.abs_diff(*b))
            .max();
        assert_eq!(worst, Some(1));
        assert_eq!(stamped.pixel(12, 8), Some(RED));
    }

    #[test]
    fn the_integer_blend_matches_the_exact_one_within_a_level() {
        for alpha in [0u8, 1, 77, 128, 200, 254, 255] {
            for m in [1u8, 2, 64, 128, 200, 254, 255] {
                let mask = Mask {
                    width: 1,
                    height: 1,
                    coverage: vec![m],
                };
                let colour = Rgba::new(250, 10, 128, alpha);
                let mut fast = PixelBuffer::new(1, 1);
                fast.clear(Rgba::opaque(3, 240, 128));
                let mut exact = fast.clone();
                fast.stamp(&mask, 0, 0, colour);
                exact.blend_pixel(0, 0, colour, f32::from(m) / 255.0);
                let worst = fast
                    .data()
                    .iter()
                    .zip(exact.data())
                    .map(|(a, b)| a.abs_diff(*b))
                    .max();
                assert!(
                    worst <= Some(1),
                    "alpha {alpha}, coverage {m}: {:?} vs {:?}",
                    fast.pixel(0, 0),
                    exact.pixel(0, 0)
                );
            }
        }
    }

    #[test]
    fn stamps_clip_at_every_edge() {
        let mask = Mask::draw(4, 4, |b| b.clear(Rgba::opaque(255, 255, 255)));
        let mut b = PixelBuffer::new(5, 5);
        for (x, y) in [(-2, -2), (3, 3), (-10, 0), (0, 100), (i64::MAX / 2, 0)] {
            b.stamp(&mask, x, y, RED);
        }
        assert_eq!(b.pixel(0, 0), Some(RED));
        assert_eq!(b.pixel(4, 4), Some(RED));
        assert_eq!(b.pixel(2, 2), Some(Rgba::new(0, 0, 0, 0)));
    }
}
