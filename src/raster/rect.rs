//! Rectangles of pixels: what a drawing touched, so a frame can be restored and sent to the
//! canvas only where it changed.

use super::{PixelBuffer, PixelPoint, Rgba};

/// The pixels `x0..x1` × `y0..y1` (half-open) of a buffer; never empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixelRect {
    /// First column.
    pub x0: u32,
    /// First row.
    pub y0: u32,
    /// One past the last column.
    pub x1: u32,
    /// One past the last row.
    pub y1: u32,
}

impl PixelRect {
    /// The part of the `w` × `h` pixels from (`x`, `y`) inside a `width` × `height` buffer, or
    /// `None` when nothing of it is.
    pub fn clipped(x: i64, y: i64, w: i64, h: i64, width: u32, height: u32) -> Option<PixelRect> {
        let clip = |v: i64, max: u32| v.clamp(0, i64::from(max)) as u32;
        let r = PixelRect {
            x0: clip(x, width),
            y0: clip(y, height),
            x1: clip(x.saturating_add(w), width),
            y1: clip(y.saturating_add(h), height),
        };
        (r.x0 < r.x1 && r.y0 < r.y1).then_some(r)
    }

    /// The pixels a shape within `reach` of the box from `min` to `max` can touch, inside a
    /// `width` × `height` buffer; `None` when none can, or for non-finite input.
    pub fn around(
        min: PixelPoint,
        max: PixelPoint,
        reach: f32,
        width: u32,
        height: u32,
    ) -> Option<PixelRect> {
        let finite = [min.x, min.y, max.x, max.y, reach]
            .iter()
            .all(|v| v.is_finite());
        if !finite {
            return None;
        }
        // Far beyond any buffer every value clips alike: bound them so sizes cannot overflow.
        let px = |v: f32| f64::from(v).clamp(-1e12, 1e12);
        let (x0, y0) = (px(min.x - reach).floor(), px(min.y - reach).floor());
        let (x1, y1) = (px(max.x + reach).ceil(), px(max.y + reach).ceil());
        let (w, h) = ((x1 - x0) as i64 + 1, (y1 - y0) as i64 + 1);
        PixelRect::clipped(x0 as i64, y0 as i64, w, h, width, height)
    }

    /// The smallest rectangle holding both.
    pub fn union(self, other: PixelRect) -> PixelRect {
        PixelRect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// The smallest rectangle holding every one of `rects`, if any.
    pub fn union_all(rects: impl IntoIterator<Item = Option<PixelRect>>) -> Option<PixelRect> {
        rects.into_iter().flatten().reduce(PixelRect::union)
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.x1 - self.x0
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.y1 - self.y0
    }
}

impl PixelBuffer {
    /// The whole buffer as a rectangle.
    pub fn bounds(&self) -> PixelRect {
        PixelRect {
            x0: 0,
            y0: 0,
            x1: self.width().max(1),
            y1: self.height().max(1),
        }
    }

    /// Sets every pixel of `rect` (clipped to the buffer) to `colour`, without blending.
    pub fn fill_rect(&mut self, rect: PixelRect, colour: Rgba) {
        let (width, height) = (self.width(), self.height());
        let (x0, x1) = (rect.x0.min(width) as usize, rect.x1.min(width) as usize);
        let stride = width as usize * 4;
        let bytes = [colour.r, colour.g, colour.b, colour.a];
        for row in rect.y0.min(height) as usize..rect.y1.min(height) as usize {
            let span = row * stride + x0 * 4..row * stride + x1.max(x0) * 4;
            for px in self.data_mut()[span].chunks_exact_mut(4) {
                px.copy_from_slice(&bytes);
            }
        }
    }

    /// Copies `rect` of `other`, a buffer of the same size, into the same place of `self`;
    /// a buffer of another size is copied whole.
    pub fn copy_rect_from(&mut self, other: &PixelBuffer, rect: PixelRect) {
        if (self.width(), self.height()) != (other.width(), other.height())
            || rect.x1 > self.width()
            || rect.y1 > self.height()
        {
            self.copy_from(other);
            return;
        }
        let stride = self.width() as usize * 4;
        let (start, end) = (rect.x0 as usize * 4, rect.x1 as usize * 4);
        for row in rect.y0 as usize..rect.y1 as usize {
            let span = row * stride + start..row * stride + end;
            self.data_mut()[span.clone()].copy_from_slice(&other.data()[span]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raster::pixel_point;

    #[test]
    fn rectangles_clip_to_the_buffer() {
        assert_eq!(
            PixelRect::clipped(-5, 3, 10, 100, 20, 10),
            Some(PixelRect {
                x0: 0,
                y0: 3,
                x1: 5,
                y1: 10
            })
        );
        assert_eq!(PixelRect::clipped(20, 0, 5, 5, 20, 10), None);
        assert_eq!(
            PixelRect::clipped(i64::MAX, i64::MIN, i64::MAX, 5, 20, 10),
            None
        );
        let far = pixel_point(f32::MAX, -f32::MAX);
        assert_eq!(PixelRect::around(far, far, 2.0, 20, 10), None);
        let huge = (
            pixel_point(-f32::MAX, -f32::MAX),
            pixel_point(f32::MAX, f32::MAX),
        );
        let everywhere = PixelRect::around(huge.0, huge.1, 0.0, 20, 10);
        assert_eq!(
            everywhere.map(|r| r.width()),
            Some(20),
            "saturates, no overflow"
        );
        assert_eq!(
            PixelRect::around(pixel_point(f32::NAN, 0.0), far, 2.0, 20, 10),
            None
        );
        let r = PixelRect::around(pixel_point(4.5, 4.5), pixel_point(6.0, 5.0), 1.0, 20, 10);
        assert_eq!(
            r,
            Some(PixelRect {
                x0: 3,
                y0: 3,
                x1: 8,
                y1: 7
            })
        );
    }

    #[test]
    fn copying_a_rectangle_leaves_the_rest() {
        let mut base = PixelBuffer::new(6, 5);
        base.clear(Rgba::opaque(1, 2, 3));
        let mut frame = PixelBuffer::new(6, 5);
        frame.clear(Rgba::opaque(9, 9, 9));
        let rect = PixelRect::clipped(1, 2, 3, 2, 6, 5).expect("inside");
        frame.copy_rect_from(&base, rect);
        for y in 0..5 {
            for x in 0..6 {
                let inside = (1..4).contains(&x) && (2..4).contains(&y);
                let expected = if inside { (1, 2, 3) } else { (9, 9, 9) };
                let p = frame.pixel(x, y).expect("pixel");
                assert_eq!((p.r, p.g, p.b), expected, "({x}, {y})");
            }
        }
        assert_eq!(
            PixelRect::union_all([None, Some(rect), Some(frame.bounds())]),
            Some(frame.bounds())
        );
    }
}
