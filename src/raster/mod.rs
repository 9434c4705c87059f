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
    // `max`/`min`, not `clamp`: a clamp whose bounds are not constants keeps its "min > max"
    // panic, whose message formats the bounds and so brings the float formatting code into
    // the module (docs/size-split.md).
    let t = (a - 0.5).max(0.0).min(n as f64);
    let lo = t as usize + usize::from(((t as usize) as f64) < t);
    let hi = (b + 0.5).max(0.0).min(n as f64) as usize;
    (lo, hi.max(lo))
}

/// A finite point as `f64`s, or `None`.
fn finite(p: PixelPoint) -> Option<(f64, f64)> {
    (p.x.is_finite() && p.y.is_finite()).then_some((f64::from(p.x), f64::from(p.y)))
}

/// One polygon edge, normalised to run downwards.
#[derive(Clone, Copy)]
struct Edge {
    x_top: f64,
    y_top: f64,
    y_bottom: f64,
    slope: f64,
}

/// One polyline segment, with the rectangle that bounds its thick capsule.
#[derive(Clone, Copy)]
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

    /// The RGBA bytes, for the drawing routines of this module's submodules.
    fn data_mut(&mut self) -> &mut [u8] {
        &mut self.data
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
        sort_by_key(&mut edges, |e| f64_key(e.y_top));
        let y_max = edges
            .iter()
            .fold(f64::NEG_INFINITY, |m, e| m.max(e.y_bottom));
        let Some(y_min) = edges.first().map(|e| e.y_top) else {
            return;
        };
        let (w, h) = (self.width as f64, self.height as f64);
        let (x0, x1) = (
            x_min.floor().max(0.0).min(w) as usize,
            x_max.ceil().max(0.0).min(w) as usize,
        );
        let (y0, y1) = (
            y_min.floor().max(0.0).min(h) as usize,
            y_max.ceil().max(0.0).min(h) as usize,
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
                    u128::from(f64_key(e.x_top + (ys - e.y_top) * e.slope - x0 as f64))
                }));
                sort_keys(&mut xs);
                for pair in xs.chunks_exact(2) {
                    let x = |k: u128| key_f64(k as u64).max(0.0).min(n as f64);
                    let (a, b) = (x(pair[0]), x(pair[1]));
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
        sort_by_key(&mut segments, |s| f64_key(s.top));
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

mod rect;
mod sprite;

use crate::sort::{f64_key, key_f64, sort_by_key, sort_keys};
pub use rect::PixelRect;
pub use sprite::Sprite;

#[cfg(test)]
mod tests;
