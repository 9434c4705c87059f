//! Software rasteriser: an RGBA8 [`PixelBuffer`] laid out exactly like the
//! browser's `ImageData`, plus anti-aliased circles, rings, even-odd polygons
//! and thick polylines, composited source-over in straight alpha.
//!
//! Every drawing call clips to the buffer before iterating, so its work is
//! bounded by the buffer area (and the input's length), never by coordinate
//! magnitude; non-finite coordinates, radii or widths never panic.
//!
//! Coverage model: a pixel's coverage is estimated from the distance between
//! its centre and the shape's edge, ramping linearly over a 1 px band centred
//! on the edge (polygons use 4 sub-scanlines with exact horizontal coverage).

/// A colour with straight (not premultiplied) alpha, 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha: 0 is transparent, 255 opaque.
    pub a: u8,
}

impl Rgba {
    /// A colour from its four channels.
    pub const fn new(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }

    /// An opaque colour (alpha 255).
    pub const fn opaque(r: u8, g: u8, b: u8) -> Self {
        Self::new(r, g, b, 255)
    }

    /// The same colour with its alpha replaced by `a`.
    pub fn with_alpha(self, a: u8) -> Self {
        Self { a, ..self }
    }

    /// The same colour with its alpha multiplied by `factor` clamped to
    /// `0..=1` (NaN counts as 0), rounded half up.
    pub fn scale_alpha(self, factor: f32) -> Self {
        let f = if factor > 0.0 { factor.min(1.0) } else { 0.0 };
        self.with_alpha((f32::from(self.a) * f + 0.5) as u8)
    }
}

/// A point in buffer pixel coordinates (x right, y down; pixel (i, j) covers
/// [i, i+1) x [j, j+1), its centre is (i+0.5, j+0.5)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelPoint {
    /// Horizontal position, growing rightwards.
    pub x: f32,
    /// Vertical position, growing downwards.
    pub y: f32,
}

/// Shorthand for `PixelPoint { x, y }`.
pub const fn pixel_point(x: f32, y: f32) -> PixelPoint {
    PixelPoint { x, y }
}

/// An RGBA8 raster, row-major, 4 bytes per pixel, exactly the layout of the
/// browser's ImageData.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PixelBuffer {
    width: u32,
    height: u32,
    data: Vec<u8>,
}

/// Source-over `c` with alpha scaled by `coverage` onto the 4 bytes of `px`.
///
/// Straight alpha, correct for a translucent destination:
/// `out_a = sa + da(1-sa)`, `out_rgb = (src*sa + dst*da*(1-sa)) / out_a`,
/// each channel rounded half up. Opaque `c` at coverage >= 1 writes `c`
/// exactly; coverage <= 0, NaN coverage or alpha 0 leave `px` unchanged.
#[inline(always)]
fn blend(px: &mut [u8], c: Rgba, coverage: f32) {
    if c.a == 255 && coverage >= 1.0 {
        px.copy_from_slice(&[c.r, c.g, c.b, 255]);
        return;
    }
    if coverage.is_nan() || coverage <= 0.0 || c.a == 0 {
        return;
    }
    let sa = f32::from(c.a) * coverage.min(1.0) * (1.0 / 255.0);
    let (rgb, alpha) = px.split_at_mut(3);
    if alpha[0] == 255 {
        // Opaque destination: 16-bit fixed point, same rounding.
        let k = (sa * 65536.0 + 0.5) as i32;
        for (d, s) in rgb.iter_mut().zip([c.r, c.g, c.b]) {
            let dv = i32::from(*d);
            *d = (((dv << 16) + (i32::from(s) - dv) * k + 32768) >> 16) as u8;
        }
    } else if alpha[0] == 0 {
        // Transparent destination: the formula reduces to the source.
        rgb.copy_from_slice(&[c.r, c.g, c.b]);
        alpha[0] = (sa * 255.0 + 0.5) as u8;
    } else {
        let wd = f32::from(alpha[0]) * (1.0 / 255.0) * (1.0 - sa);
        let out_a = sa + wd;
        let inv = 1.0 / out_a;
        for (d, s) in rgb.iter_mut().zip([c.r, c.g, c.b]) {
            *d = ((f32::from(s) * sa + f32::from(*d) * wd) * inv + 0.5) as u8;
        }
        alpha[0] = (out_a * 255.0 + 0.5) as u8;
    }
}

/// Coverage of a pixel whose centre is `d >= 0` from the middle of a band of
/// half-width `hw`: overlap of `[d-0.5, d+0.5]` with `[-hw, hw]`.
fn band_coverage(d: f64, hw: f64) -> f32 {
    (hw.min(d + 0.5) - (-hw).max(d - 0.5)).clamp(0.0, 1.0) as f32
}

/// Indices `lo..hi` of the pixels in `0..n` whose centres lie in `[a, b]`
/// (casts, not `floor`/`ceil`, which are libm calls on baseline x86-64).
fn centre_range(a: f64, b: f64, n: usize) -> (usize, usize) {
    let t = (a - 0.5).clamp(0.0, n as f64);
    let lo = t as usize + usize::from(((t as usize) as f64) < t);
    let hi = (b + 0.5).clamp(0.0, n as f64) as usize;
    (lo, hi.max(lo))
}

/// A finite point as `f64`s, or `None`.
fn finite(p: PixelPoint) -> Option<(f64, f64)> {
    (p.x.is_finite() && p.y.is_finite()).then_some((f64::from(p.x), f64::from(p.y)))
}

/// One polygon edge, normalised to run downwards.
struct Edge {
    x_top: f64,
    y_top: f64,
    y_bottom: f64,
    slope: f64,
}

/// One polyline segment, with the rectangle that bounds its thick capsule.
struct Segment {
    a: (f64, f64),
    d: (f64, f64),
    len2: f64,
    corners: [(f64, f64); 4],
    top: f64,
    bottom: f64,
}

impl Segment {
    /// The segment `p`..`q` thickened by `reach`, or `None` if not finite.
    fn new(p: PixelPoint, q: PixelPoint, reach: f64) -> Option<Self> {
        let (a, b) = (finite(p)?, finite(q)?);
        let d = (b.0 - a.0, b.1 - a.1);
        let len2 = d.0 * d.0 + d.1 * d.1;
        let len = len2.sqrt();
        let (ux, uy) = if len > 0.0 {
            (d.0 / len * reach, d.1 / len * reach)
        } else {
            (reach, 0.0)
        };
        let corners = [
            (a.0 - ux - uy, a.1 - uy + ux),
            (b.0 + ux - uy, b.1 + uy + ux),
            (b.0 + ux + uy, b.1 + uy - ux),
            (a.0 - ux + uy, a.1 - uy - ux),
        ];
        let ys = corners.map(|c| c.1);
        let top = ys.iter().copied().fold(f64::INFINITY, f64::min);
        let bottom = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Some(Self {
            a,
            d,
            len2,
            corners,
            top,
            bottom,
        })
    }

    /// Where the horizontal line at `y` crosses the bounding rectangle.
    fn span(&self, y: f64) -> Option<(f64, f64)> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for k in 0..4 {
            let (p, q) = (self.corners[k], self.corners[(k + 1) % 4]);
            if (p.1 - y) * (q.1 - y) > 0.0 {
                continue;
            }
            let (x0, x1) = if p.1 == q.1 {
                (p.0.min(q.0), p.0.max(q.0))
            } else {
                let x = p.0 + (y - p.1) * (q.0 - p.0) / (q.1 - p.1);
                (x, x)
            };
            lo = lo.min(x0);
            hi = hi.max(x1);
        }
        (lo <= hi).then_some((lo, hi))
    }

    /// Squared distance from `(x, y)` to the segment.
    fn dist2(&self, x: f64, y: f64) -> f64 {
        let (ex, ey) = (x - self.a.0, y - self.a.1);
        let t = if self.len2 > 0.0 {
            ((ex * self.d.0 + ey * self.d.1) / self.len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (fx, fy) = (ex - t * self.d.0, ey - t * self.d.1);
        fx * fx + fy * fy
    }
}

impl PixelBuffer {
    /// A `width` x `height` buffer of transparent black.
    ///
    /// # Panics
    /// Only if `width * height * 4` bytes cannot be allocated.
    pub fn new(width: u32, height: u32) -> Self {
        let mut buffer = Self {
            width: 0,
            height: 0,
            data: Vec::new(),
        };
        buffer.resize(width, height);
        buffer
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The RGBA8 bytes, row-major; `len() == width * height * 4`.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Changes the size; the buffer is transparent black afterwards.
    ///
    /// # Panics
    /// Only if `width * height * 4` bytes cannot be allocated.
    pub fn resize(&mut self, width: u32, height: u32) {
        let len = (width as usize)
            .saturating_mul(height as usize)
            .saturating_mul(4);
        self.width = width;
        self.height = height;
        self.data.clear();
        self.data.resize(len, 0);
    }

    /// Sets every pixel to `colour` (no blending).
    pub fn clear(&mut self, colour: Rgba) {
        let bytes = [colour.r, colour.g, colour.b, colour.a];
        self.data
            .chunks_exact_mut(4)
            .for_each(|px| px.copy_from_slice(&bytes));
    }

    /// The pixel at (`x`, `y`), or `None` outside the buffer.
    pub fn pixel(&self, x: u32, y: u32) -> Option<Rgba> {
        let i = self.index(i64::from(x), i64::from(y))?;
        let p = &self.data[i..i + 4];
        Some(Rgba::new(p[0], p[1], p[2], p[3]))
    }

    /// Makes `self` an exact copy of `other`, reusing the allocation.
    pub fn copy_from(&mut self, other: &PixelBuffer) {
        self.width = other.width;
        self.height = other.height;
        self.data.clone_from(&other.data);
    }

    /// Composites `colour`, its alpha scaled by `coverage` (clamped to
    /// `0..=1`), source-over onto pixel (`x`, `y`); no-op outside the buffer.
    pub fn blend_pixel(&mut self, x: i64, y: i64, colour: Rgba, coverage: f32) {
        if let Some(i) = self.index(x, y) {
            blend(&mut self.data[i..i + 4], colour, coverage);
        }
    }

    /// Fills the disc of `radius` around `centre` with an anti-aliased edge
    /// (~1 px ramp). The edge is pulled in by `1/(24 r)` so the summed
    /// coverage matches `πr²`. Non-finite input or `radius <= 0` draws nothing.
    pub fn fill_circle(&mut self, centre: PixelPoint, radius: f32, colour: Rgba) {
        let r = f64::from(radius);
        if !(r.is_finite() && r > 0.0) {
            return;
        }
        let re = (r - 1.0 / (24.0 * r)).max(r * 0.5);
        let full = if re > 0.5 {
            (re - 0.5) * (re - 0.5)
        } else {
            -1.0
        };
        let none = (re + 0.5) * (re + 0.5);
        self.radial(centre, re + 0.5, colour, |d2| {
            if d2 <= full {
                1.0
            } else if d2 >= none {
                0.0
            } else if re > 0.5 {
                // Here the band coverage is just `re + 0.5 - d`; skipping
                // `band_coverage`'s clamps is measurably faster.
                (re + 0.5 - d2.sqrt()) as f32
            } else {
                band_coverage(d2.sqrt(), re)
            }
        });
    }

    /// Strokes an anti-aliased ring of `width` centred on the circle of
    /// `radius` around `centre`. Non-finite input, `radius < 0` or
    /// `width <= 0` draws nothing.
    pub fn stroke_circle(&mut self, centre: PixelPoint, radius: f32, width: f32, colour: Rgba) {
        let (r, hw) = (f64::from(radius), f64::from(width) / 2.0);
        if !(r.is_finite() && hw.is_finite() && r >= 0.0 && hw > 0.0) {
            return;
        }
        let hole = if r - hw > 0.5 {
            (r - hw - 0.5) * (r - hw - 0.5)
        } else {
            -1.0
        };
        let none = (r + hw + 0.5) * (r + hw + 0.5);
        let full_lo = (r - hw + 0.5).max(0.0);
        let full_hi = if hw >= 0.5 {
            (r + hw - 0.5) * (r + hw - 0.5)
        } else {
            -1.0
        };
        self.radial(centre, r + hw + 0.5, colour, |d2| {
            if d2 <= hole || d2 >= none {
                0.0
            } else if d2 >= full_lo * full_lo && d2 <= full_hi {
                1.0
            } else {
                band_coverage((d2.sqrt() - r).abs(), hw)
            }
        });
    }

    /// Fills all `rings` together with the even-odd rule (so inner rings cut
    /// holes), anti-aliased with 4 sub-scanlines per row and exact horizontal
    /// coverage. Rings close implicitly; non-finite vertices are skipped.
    pub fn fill_polygon(&mut self, rings: &[Vec<PixelPoint>], colour: Rgba) {
        if colour.a == 0 || self.data.is_empty() {
            return;
        }
        let mut edges = Vec::new();
        let (mut x_min, mut x_max) = (f64::INFINITY, f64::NEG_INFINITY);
        for ring in rings {
            let mut points = ring.iter().filter_map(|&p| finite(p)).peekable();
            let Some(&first) = points.peek() else {
                continue;
            };
            let mut prev = first;
            for p in points.chain(std::iter::once(first)).skip(1) {
                let (top, bottom) = if prev.1 < p.1 { (prev, p) } else { (p, prev) };
                if top.1 < bottom.1 {
                    let slope = (bottom.0 - top.0) / (bottom.1 - top.1);
                    edges.push(Edge {
                        x_top: top.0,
                        y_top: top.1,
                        y_bottom: bottom.1,
                        slope,
                    });
                    x_min = x_min.min(p.0.min(prev.0));
                    x_max = x_max.max(p.0.max(prev.0));
                }
                prev = p;
            }
        }
        edges.sort_unstable_by(|a, b| a.y_top.total_cmp(&b.y_top));
        let y_max = edges
            .iter()
            .fold(f64::NEG_INFINITY, |m, e| m.max(e.y_bottom));
        let Some(y_min) = edges.first().map(|e| e.y_top) else {
            return;
        };
        let (w, h) = (self.width as f64, self.height as f64);
        let (x0, x1) = (
            x_min.floor().clamp(0.0, w) as usize,
            x_max.ceil().clamp(0.0, w) as usize,
        );
        let (y0, y1) = (
            y_min.floor().clamp(0.0, h) as usize,
            y_max.ceil().clamp(0.0, h) as usize,
        );
        if x0 >= x1 {
            return;
        }
        let n = x1 - x0;
        // `area`: partial coverage of edge pixels; `cover`: run deltas.
        let (mut area, mut cover) = (vec![0f32; n + 1], vec![0f32; n + 1]);
        let (mut active, mut xs, mut next) = (Vec::new(), Vec::new(), 0);
        const SUB: f64 = 0.25;
        for j in y0..y1 {
            for s in 0..4 {
                let ys = j as f64 + (f64::from(s) + 0.5) * SUB;
                while next < edges.len() && edges[next].y_top <= ys {
                    active.push(next);
                    next += 1;
                }
                active.retain(|&e| edges[e].y_bottom > ys);
                xs.clear();
                xs.extend(active.iter().map(|&e| {
                    let e = &edges[e];
                    e.x_top + (ys - e.y_top) * e.slope - x0 as f64
                }));
                xs.sort_unstable_by(f64::total_cmp);
                for pair in xs.chunks_exact(2) {
                    let (a, b) = (pair[0].clamp(0.0, n as f64), pair[1].clamp(0.0, n as f64));
                    if b <= a {
                        continue;
                    }
                    let (ia, ib) = (a as usize, b as usize);
                    if ia == ib {
                        area[ia] += ((b - a) * SUB) as f32;
                    } else {
                        area[ia] += ((ia as f64 + 1.0 - a) * SUB) as f32;
                        cover[ia + 1] += SUB as f32;
                        cover[ib] -= SUB as f32;
                        area[ib] += ((b - ib as f64) * SUB) as f32;
                    }
                }
            }
            let row = (j * self.width as usize + x0) * 4;
            let mut run = 0f32;
            for (i, (a, c)) in area.iter_mut().zip(cover.iter_mut()).enumerate().take(n) {
                run += std::mem::take(c);
                let coverage = (run + std::mem::take(a)).min(1.0);
                if coverage > 0.0 {
                    blend(
                        &mut self.data[row + i * 4..row + i * 4 + 4],
                        colour,
                        coverage,
                    );
                }
            }
            area[n] = 0.0;
            cover[n] = 0.0;
        }
    }

    /// Strokes an anti-aliased line of `width` through `points`, with round
    /// caps and joins. Each pixel is blended once with its coverage by the
    /// whole polyline (the max over its segments), so overlaps and joints of
    /// a translucent line stay uniform. A non-finite point breaks the line;
    /// non-finite or non-positive `width` draws nothing.
    pub fn stroke_polyline(&mut self, points: &[PixelPoint], width: f32, colour: Rgba) {
        let hw = f64::from(width) / 2.0;
        if colour.a == 0 || self.data.is_empty() || !(hw.is_finite() && hw > 0.0) {
            return;
        }
        let reach = hw + 0.5;
        let mut segments: Vec<Segment> = points
            .windows(2)
            .filter_map(|p| Segment::new(p[0], p[1], reach))
            .collect();
        segments.sort_unstable_by(|a, b| a.top.total_cmp(&b.top));
        let (mut x_min, mut x_max, mut y_max) =
            (f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
        for s in &segments {
            for c in s.corners {
                x_min = x_min.min(c.0);
                x_max = x_max.max(c.0);
            }
            y_max = y_max.max(s.bottom);
        }
        let Some(y_min) = segments.first().map(|s| s.top) else {
            return;
        };
        let (x0, x1) = centre_range(x_min, x_max, self.width as usize);
        let (y0, y1) = centre_range(y_min, y_max, self.height as usize);
        if x0 >= x1 {
            return;
        }
        let full = if hw >= 0.5 {
            (hw - 0.5) * (hw - 0.5)
        } else {
            -1.0
        };
        let none = reach * reach;
        let mut dist2 = vec![f64::INFINITY; x1 - x0];
        let (mut active, mut next) = (Vec::new(), 0);
        for j in y0..y1 {
            let yc = j as f64 + 0.5;
            while next < segments.len() && segments[next].top <= yc {
                active.push(next);
                next += 1;
            }
            active.retain(|&s| segments[s].bottom >= yc);
            let (mut lo, mut hi) = (x1, x0);
            for s in active.iter().map(|&s| &segments[s]) {
                let Some((a, b)) = s.span(yc) else { continue };
                let (i0, i1) = centre_range(a, b, self.width as usize);
                let (i0, i1) = (i0.max(x0), i1.min(x1));
                if i0 < i1 {
                    for (i, slot) in (i0..i1).zip(&mut dist2[i0 - x0..i1 - x0]) {
                        *slot = slot.min(s.dist2(i as f64 + 0.5, yc));
                    }
                    lo = lo.min(i0);
                    hi = hi.max(i1);
                }
            }
            let row = j * self.width as usize * 4;
            for i in lo..hi {
                let d2 = std::mem::replace(&mut dist2[i - x0], f64::INFINITY);
                let coverage = if d2 <= full {
                    1.0
                } else if d2 >= none {
                    0.0
                } else {
                    band_coverage(d2.sqrt(), hw)
                };
                if coverage > 0.0 {
                    blend(
                        &mut self.data[row + i * 4..row + i * 4 + 4],
                        colour,
                        coverage,
                    );
                }
            }
        }
    }

    /// Byte offset of pixel (`x`, `y`), or `None` outside the buffer.
    fn index(&self, x: i64, y: i64) -> Option<usize> {
        let inside =
            (0..i64::from(self.width)).contains(&x) && (0..i64::from(self.height)).contains(&y);
        inside.then(|| (y as usize * self.width as usize + x as usize) * 4)
    }

    /// Blends `colour` over every pixel within `reach` of `centre`, with the
    /// coverage `coverage(squared distance from centre)`.
    fn radial(
        &mut self,
        centre: PixelPoint,
        reach: f64,
        colour: Rgba,
        coverage: impl Fn(f64) -> f32,
    ) {
        let Some((cx, cy)) = finite(centre) else {
            return;
        };
        if colour.a == 0 {
            return;
        }
        let (x0, x1) = centre_range(cx - reach, cx + reach, self.width as usize);
        let (y0, y1) = centre_range(cy - reach, cy + reach, self.height as usize);
        let opaque = [colour.r, colour.g, colour.b, 255];
        for j in y0..y1 {
            let row = j * self.width as usize * 4;
            let dy = j as f64 + 0.5 - cy;
            let dy2 = dy * dy;
            let mut dx = x0 as f64 + 0.5 - cx;
            for px in self.data[row + x0 * 4..row + x1 * 4].chunks_exact_mut(4) {
                let c = coverage(dx * dx + dy2);
                dx += 1.0;
                if c >= 1.0 && colour.a == 255 {
                    px.copy_from_slice(&opaque);
                } else if c > 0.0 {
                    blend(px, colour, c);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RED: Rgba = Rgba::opaque(255, 0, 0);
    const BLACK: Rgba = Rgba::opaque(0, 0, 0);

    fn px(b: &PixelBuffer, x: u32, y: u32) -> Rgba {
        b.pixel(x, y).expect("pixel inside the buffer")
    }

    /// Sum of alpha / 255 over the buffer: the coverage drawn in opaque
    /// colour onto transparent black.
    fn coverage_sum(b: &PixelBuffer) -> f64 {
        b.data()
            .chunks_exact(4)
            .map(|p| f64::from(p[3]) / 255.0)
            .sum()
    }

    fn square(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<PixelPoint> {
        vec![
            pixel_point(x0, y0),
            pixel_point(x1, y0),
            pixel_point(x1, y1),
            pixel_point(x0, y1),
        ]
    }

    #[test]
    fn colour_helpers() {
        let c = Rgba::new(1, 2, 3, 200);
        assert_eq!(c.with_alpha(7), Rgba::new(1, 2, 3, 7));
        assert_eq!(c.scale_alpha(0.5).a, 100);
        assert_eq!(c.scale_alpha(3.0).a, 200);
        assert_eq!(c.scale_alpha(-1.0).a, 0);
        assert_eq!(c.scale_alpha(f32::NAN).a, 0);
        assert_eq!(pixel_point(1.5, 2.0), PixelPoint { x: 1.5, y: 2.0 });
    }

    #[test]
    fn buffer_basics() {
        let mut b = PixelBuffer::new(3, 2);
        assert_eq!((b.width(), b.height(), b.data().len()), (3, 2, 24));
        assert!(b.data().iter().all(|&v| v == 0));
        b.clear(Rgba::new(1, 2, 3, 4));
        assert_eq!(b.pixel(2, 1), Some(Rgba::new(1, 2, 3, 4)));
        assert_eq!(b.pixel(3, 0), None);
        assert_eq!(b.pixel(0, 2), None);
        let mut other = PixelBuffer::new(5, 5);
        other.copy_from(&b);
        assert_eq!(other, b);
        b.resize(4, 1);
        assert_eq!((b.width(), b.height(), b.data().len()), (4, 1, 16));
        let mut empty = PixelBuffer::new(0, 7);
        assert!(empty.data().is_empty());
        empty.clear(RED);
        empty.fill_circle(pixel_point(0.0, 0.0), 5.0, RED);
        empty.fill_polygon(&[square(-1.0, -1.0, 5.0, 5.0)], RED);
        empty.stroke_polyline(&[pixel_point(0.0, 0.0), pixel_point(5.0, 5.0)], 2.0, RED);
        assert!(empty.data().is_empty());
    }

    #[test]
    fn blend_known_values() {
        let mut b = PixelBuffer::new(4, 1);
        b.clear(BLACK);
        // 50% white over opaque black: 127.5 rounds half up to 128.
        b.blend_pixel(0, 0, Rgba::opaque(255, 255, 255), 0.5);
        assert_eq!(px(&b, 0, 0), Rgba::new(128, 128, 128, 255));
        b.blend_pixel(1, 0, Rgba::new(255, 255, 255, 128), 1.0);
        assert_eq!(px(&b, 1, 0), Rgba::new(128, 128, 128, 255));
        // Opaque at full coverage is exact; zero coverage / alpha, NaN are no-ops.
        b.blend_pixel(2, 0, Rgba::opaque(1, 2, 3), 1.0);
        assert_eq!(px(&b, 2, 0), Rgba::opaque(1, 2, 3));
        let before = b.clone();
        b.blend_pixel(3, 0, RED, 0.0);
        b.blend_pixel(3, 0, RED, -2.0);
        b.blend_pixel(3, 0, RED, f32::NAN);
        b.blend_pixel(3, 0, RED.with_alpha(0), 1.0);
        b.blend_pixel(-1, 0, RED, 1.0);
        b.blend_pixel(4, 0, RED, 1.0);
        b.blend_pixel(0, i64::MAX, RED, 1.0);
        b.blend_pixel(i64::MIN, 0, RED, 1.0);
        assert_eq!(b, before);
    }

    #[test]
    fn blend_over_translucent() {
        let mut b = PixelBuffer::new(2, 1);
        // Translucent over transparent keeps the source exactly.
        b.blend_pixel(0, 0, Rgba::new(255, 0, 0, 128), 1.0);
        assert_eq!(px(&b, 0, 0), Rgba::new(255, 0, 0, 128));
        let mut half = PixelBuffer::new(1, 1);
        half.blend_pixel(0, 0, Rgba::opaque(0, 255, 0), 0.5);
        assert_eq!(px(&half, 0, 0), Rgba::new(0, 255, 0, 128));
        // a = 128/255 over 128/255: out_a = 48896/65025 -> 191.75 -> 192,
        // r = 255 * 32640 / 48896 = 170.2, b = 255 * 16256 / 48896 = 84.8.
        b.blend_pixel(1, 0, Rgba::new(0, 0, 255, 128), 1.0);
        b.blend_pixel(1, 0, Rgba::new(255, 0, 0, 128), 1.0);
        assert_eq!(px(&b, 1, 0), Rgba::new(170, 0, 85, 192));
        // Opaque over translucent at full coverage is exact.
        b.blend_pixel(1, 0, Rgba::opaque(9, 8, 7), 1.0);
        assert_eq!(px(&b, 1, 0), Rgba::opaque(9, 8, 7));
    }

    #[test]
    fn fill_circle_pixels() {
        let mut b = PixelBuffer::new(20, 20);
        b.fill_circle(pixel_point(10.0, 10.0), 5.0, RED);
        assert_eq!(px(&b, 10, 10), RED);
        assert_eq!(px(&b, 10, 2), Rgba::new(0, 0, 0, 0));
        let edge = px(&b, 5, 10);
        assert!(edge.a > 0 && edge.a < 255, "{edge:?}");
        for j in 0..20 {
            for i in 0..20 {
                assert_eq!(px(&b, i, j), px(&b, 19 - i, j), "mirror x at ({i},{j})");
                assert_eq!(px(&b, i, j), px(&b, i, 19 - j), "mirror y at ({i},{j})");
                assert_eq!(px(&b, i, j), px(&b, j, i), "mirror diagonal at ({i},{j})");
            }
        }
        assert_eq!(px(&b, 7, 10), px(&b, 12, 10));
    }

    #[test]
    fn stroke_circle_pixels() {
        let mut b = PixelBuffer::new(20, 20);
        b.stroke_circle(pixel_point(10.0, 10.0), 6.0, 2.0, RED);
        assert_eq!(px(&b, 15, 10), RED);
        assert_eq!(px(&b, 4, 10), RED);
        assert_eq!(px(&b, 10, 10).a, 0);
        assert_eq!(px(&b, 10, 2).a, 0);
        let inner = px(&b, 14, 10).a; // centre 4.53 px out: 0.03 px in the band
        assert!(inner > 0 && inner < 255, "{inner}");
        assert_eq!(px(&b, 14, 10), px(&b, 5, 10));
        assert_eq!(px(&b, 13, 10).a, 0);
    }

    #[test]
    fn polygon_square_is_pixel_exact() {
        let mut b = PixelBuffer::new(16, 16);
        b.fill_polygon(&[square(2.0, 2.0, 12.0, 12.0)], RED);
        for j in 0..16 {
            for i in 0..16 {
                let inside = (2..12).contains(&i) && (2..12).contains(&j);
                let want = if inside { RED } else { Rgba::new(0, 0, 0, 0) };
                assert_eq!(px(&b, i, j), want, "({i},{j})");
            }
        }
    }

    #[test]
    fn polygon_hole_is_untouched() {
        let mut b = PixelBuffer::new(20, 20);
        let mut hole = square(6.0, 6.0, 12.0, 12.0);
        hole.push(hole[0]); // explicitly closed ring
        b.fill_polygon(&[square(2.0, 2.0, 18.0, 18.0), hole], RED);
        for j in 2..18 {
            for i in 2..18 {
                let in_hole = (6..12).contains(&i) && (6..12).contains(&j);
                assert_eq!(px(&b, i, j).a, if in_hole { 0 } else { 255 }, "({i},{j})");
            }
        }
    }

    #[test]
    fn polygon_triangle_area() {
        let mut b = PixelBuffer::new(100, 100);
        let (p, q, r) = ((5.3, 7.1), (93.7, 20.2), (31.9, 88.6));
        let tri = vec![
            pixel_point(p.0, p.1),
            pixel_point(q.0, q.1),
            pixel_point(r.0, r.1),
        ];
        b.fill_polygon(&[tri], RED);
        let area = f64::from(((q.0 - p.0) * (r.1 - p.1) - (r.0 - p.0) * (q.1 - p.1)).abs() / 2.0);
        let sum = coverage_sum(&b);
        assert!((sum - area).abs() < area * 0.01, "{sum} vs {area}");
    }

    #[test]
    fn polyline_horizontal_covers_its_row() {
        let mut b = PixelBuffer::new(20, 12);
        b.stroke_polyline(&[pixel_point(2.0, 5.5), pixel_point(18.0, 5.5)], 1.0, RED);
        for i in 2..18 {
            assert_eq!(px(&b, i, 5), RED, "column {i}");
        }
        assert!((0..20).all(|i| px(&b, i, 4).a == 0 && px(&b, i, 6).a == 0));
    }

    #[test]
    fn polyline_overlaps_blend_once() {
        let colour = Rgba::new(0, 0, 255, 128);
        let mut once = PixelBuffer::new(24, 24);
        once.stroke_polyline(
            &[pixel_point(2.0, 12.0), pixel_point(20.0, 12.0)],
            3.0,
            colour,
        );
        let mut back = PixelBuffer::new(24, 24);
        let pts = [
            pixel_point(2.0, 12.0),
            pixel_point(20.0, 12.0),
            pixel_point(2.0, 12.0),
        ];
        back.stroke_polyline(&pts, 3.0, colour);
        assert_eq!(back, once);
        // A right-angle joint: the corner is as translucent as the arms.
        let mut b = PixelBuffer::new(24, 24);
        let pts = [
            pixel_point(2.0, 12.5),
            pixel_point(12.5, 12.5),
            pixel_point(12.5, 2.0),
        ];
        b.stroke_polyline(&pts, 3.0, colour);
        assert_eq!(px(&b, 12, 12), colour);
        assert_eq!(px(&b, 12, 11), colour);
        assert_eq!(px(&b, 11, 12), colour);
        assert!(b.data().chunks_exact(4).all(|p| p[3] <= 128));
    }

    #[test]
    fn degenerate_inputs() {
        let mut b = PixelBuffer::new(20, 20);
        b.clear(BLACK);
        let before = b.clone();
        let nan = pixel_point(f32::NAN, 5.0);
        b.fill_circle(nan, 5.0, RED);
        b.fill_circle(pixel_point(5.0, 5.0), f32::NAN, RED);
        b.fill_circle(pixel_point(5.0, 5.0), f32::INFINITY, RED);
        b.fill_circle(pixel_point(5.0, 5.0), -3.0, RED);
        b.fill_circle(pixel_point(1e30, 5.0), 5.0, RED);
        b.fill_circle(pixel_point(5.0, 5.0), 5.0, RED.with_alpha(0));
        b.stroke_circle(pixel_point(5.0, 5.0), 5.0, f32::NAN, RED);
        b.stroke_circle(pixel_point(5.0, 5.0), -1.0, 2.0, RED);
        b.stroke_circle(pixel_point(5.0, 5.0), 5.0, 0.0, RED);
        b.stroke_circle(pixel_point(-1e30, 5.0), 5.0, 2.0, RED);
        b.fill_polygon(&[], RED);
        b.fill_polygon(
            &[vec![], vec![nan, nan, nan], vec![pixel_point(3.0, 3.0)]],
            RED,
        );
        b.fill_polygon(&[square(2.0, 2.0, 12.0, 2.0)], RED);
        b.fill_polygon(&[square(1e30, 1e30, 2e30, 2e30)], RED);
        b.stroke_polyline(&[], 2.0, RED);
        b.stroke_polyline(&[pixel_point(3.0, 3.0)], 2.0, RED);
        b.stroke_polyline(
            &[pixel_point(3.0, 3.0), nan, pixel_point(9.0, 9.0)],
            2.0,
            RED,
        );
        b.stroke_polyline(&[pixel_point(3.0, 3.0), pixel_point(9.0, 9.0)], -2.0, RED);
        b.stroke_polyline(
            &[pixel_point(3.0, 3.0), pixel_point(9.0, 9.0)],
            f32::INFINITY,
            RED,
        );
        b.stroke_polyline(
            &[pixel_point(-1e30, -5.0), pixel_point(1e30, -5.0)],
            2.0,
            RED,
        );
        assert_eq!(b, before);
    }

    #[test]
    fn huge_shapes_are_clipped() {
        let mut b = PixelBuffer::new(20, 20);
        b.fill_circle(pixel_point(10.0, 10.0), 1e30, RED);
        assert!(b.data().chunks_exact(4).all(|p| p == [255, 0, 0, 255]));
        let mut b = PixelBuffer::new(20, 20);
        b.stroke_circle(pixel_point(10.0, 10.0), 1e30, 3e30, RED);
        assert!(b.data().chunks_exact(4).all(|p| p == [255, 0, 0, 255]));
        let mut b = PixelBuffer::new(20, 20);
        let tri = vec![
            pixel_point(-1e30, -1e30),
            pixel_point(1e30, 0.0),
            pixel_point(0.0, 1e30),
        ];
        b.fill_polygon(&[tri], RED);
        assert_eq!(px(&b, 10, 10), RED);
        let mut b = PixelBuffer::new(20, 20);
        let line = [pixel_point(-1e30, 10.5), pixel_point(1e30, 10.5)];
        b.stroke_polyline(&line, 1.0, RED);
        assert!((0..20).all(|i| px(&b, i, 10) == RED && px(&b, i, 9).a == 0));
        let mut b = PixelBuffer::new(20, 20);
        b.stroke_polyline(
            &[pixel_point(10.0, 10.0), pixel_point(11.0, 11.0)],
            1e30,
            RED,
        );
        assert!(b.data().chunks_exact(4).all(|p| p == [255, 0, 0, 255]));
    }

    /// Property tests (native only: proptest does not target wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn any_point() -> impl Strategy<Value = PixelPoint> {
            (any::<f32>(), any::<f32>()).prop_map(|(x, y)| pixel_point(x, y))
        }

        fn near_point() -> impl Strategy<Value = PixelPoint> {
            (-10f32..40.0, -10f32..40.0).prop_map(|(x, y)| pixel_point(x, y))
        }

        proptest! {
            #[test]
            fn never_panics(
                pts in prop::collection::vec(prop_oneof![any_point(), near_point()], 0..8),
                r in any::<f32>(),
                w in any::<f32>(),
                a in any::<u8>(),
            ) {
                let mut b = PixelBuffer::new(31, 17);
                let colour = Rgba::new(10, 200, 30, a);
                for &p in &pts {
                    b.fill_circle(p, r, colour);
                    b.stroke_circle(p, r, w, colour);
                    b.blend_pixel(p.x as i64, p.y as i64, colour, r);
                }
                b.fill_polygon(&[pts.clone(), pts.iter().rev().copied().collect()], colour);
                b.stroke_polyline(&pts, w, colour);
                prop_assert_eq!(b.data().len(), 31 * 17 * 4);
            }

            #[test]
            fn circle_area_matches(r in 2f32..40.0, cx in 48f32..52.0, cy in 48f32..52.0) {
                let mut b = PixelBuffer::new(100, 100);
                b.fill_circle(pixel_point(cx, cy), r, Rgba::opaque(255, 255, 255));
                let area = std::f64::consts::PI * f64::from(r) * f64::from(r);
                let sum = coverage_sum(&b);
                prop_assert!((sum - area).abs() < area * 0.02, "{} vs {}", sum, area);
            }

            #[test]
            fn polyline_blends_each_pixel_once(
                pts in prop::collection::vec(near_point(), 2..10),
                w in 0.2f32..8.0,
            ) {
                let mut b = PixelBuffer::new(32, 32);
                b.stroke_polyline(&pts, w, Rgba::new(0, 0, 0, 100));
                prop_assert!(b.data().chunks_exact(4).all(|p| p[3] <= 100));
            }
        }
    }
}
