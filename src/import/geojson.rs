//! GeoJSON (RFC 7946) import: a FeatureCollection, or a single Feature, in our schema (see the
//! README), with the common time properties of other tools accepted too.
//!
//! The file is split into features first and each feature is then read on its own, so that a
//! broken feature becomes an [`ImportIssue`] with its index instead of failing the file.

use super::file_stream::{Accept, FileStream};
use super::properties::{self, Props, Val};
use super::{Collector, FeatureError, Import, ImportError, ImportIssue, Listed, Reason, Sink};
use crate::incident::{EventType, Geometry, Incident, PlacePrecision};
use crate::projection::{lon_lat, LonLat};
use crate::simplify::{simplify_area, MAX_AREA_VERTICES};
use geojson::{GeometryValue, Position};
use serde::de::{self, Deserializer};
use serde::Deserialize;
use serde_json::value::RawValue;

/// Reads every incident of a GeoJSON text; see the module doc.
pub fn import_geojson(text: &str) -> Result<Import, ImportError> {
    FileStream::<Listed>::import_text(Accept::GeoJson, text).map(|(_, import)| import)
}

/// Reads every incident of a GeoJSON text into `sink`; returns the issues. The text is read
/// as a stream of it is, in one chunk.
pub fn import_geojson_into<S: Sink>(
    text: &str,
    sink: S,
) -> Result<(S, Vec<ImportIssue>), ImportError> {
    let (_, sink, issues) = FileStream::read_text(sink, Accept::GeoJson, text)?;
    Ok((sink, issues))
}

/// Reads each feature's text into `collector`, indexed by its place in `features`.
pub(crate) fn read_features<S: Sink>(features: &[&RawValue], collector: &mut Collector<S>) {
    for (index, raw) in features.iter().enumerate() {
        // Always JSON: the document was parsed to find it.
        read_feature(raw.get(), index, collector);
    }
}

/// One feature as our schema reads it, straight from its text: `"type": "Feature"`, the
/// geometry (as `G` reads it), the id and the properties we know; anything else in it is
/// skipped unread.
#[derive(Deserialize)]
struct FeatureIn<'a, G> {
    /// Only `"Feature"` is accepted.
    #[serde(rename = "type")]
    _kind: FeatureType,
    geometry: G,
    id: Option<FeatureId>,
    /// Boxed: a feature is moved several times on its way out of the parser, and its
    /// properties are most of its size.
    #[serde(borrow)]
    properties: Option<Box<Props<'a>>>,
    /// Checked (four or six numbers), not kept.
    #[serde(rename = "bbox")]
    _bbox: Option<geojson::Bbox>,
}

/// A feature's `id`, a string or a number (the number's text), read as
/// [`geojson::feature::Id`] reads it but in one pass: that untagged enum buffers the value and
/// makes an error message for every numeric id, on trying it as a string first.
struct FeatureId(String);

impl<'de> Deserialize<'de> for FeatureId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Val::deserialize(deserializer)? {
            Val::Str(s) => Ok(FeatureId(s.into_owned())),
            Val::Number(n) => Ok(FeatureId(n.to_string())),
            _ => Err(de::Error::custom(
                "Feature 'id' must be a string or a number",
            )),
        }
    }
}

/// A feature's geometry as our schema takes it, once its text is read.
trait GeometryIn {
    /// The geometry, or why it cannot be an incident's.
    fn into_geometry(self) -> Result<Geometry, FeatureError>;
}

/// Any geometry, as the geojson crate reads it; `None` for `null` or an absent member.
struct AnyGeometry(Option<GeometryValue>);

impl<'de> Deserialize<'de> for AnyGeometry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Some(raw) = Option::<&RawValue>::deserialize(deserializer)? else {
            return Ok(AnyGeometry(None));
        };
        serde_json::from_str::<geojson::Geometry>(raw.get())
            .map(|g| AnyGeometry(Some(g.value)))
            .map_err(de::Error::custom)
    }
}

impl GeometryIn for AnyGeometry {
    fn into_geometry(self) -> Result<Geometry, FeatureError> {
        geometry(self.0)
    }
}

/// The common geometry, a two-dimensional Point and nothing else, read in the same pass as its
/// feature, without the general (and much slower) reader of [`geojson::Geometry`]. A feature
/// whose geometry is anything else is read again with [`AnyGeometry`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainPoint {
    #[serde(rename = "type")]
    _kind: PointType,
    coordinates: [f64; 2],
}

impl GeometryIn for Option<PlainPoint> {
    fn into_geometry(self) -> Result<Geometry, FeatureError> {
        let point = self.ok_or(FeatureError::MissingGeometry)?;
        Ok(Geometry::Points(vec![position(&point.coordinates)?]))
    }
}

/// The one value a plain point's `type` may have.
#[derive(Deserialize)]
enum PointType {
    Point,
}

/// The one value a feature's `type` may have.
#[derive(Deserialize)]
enum FeatureType {
    Feature,
}

/// Reads one feature's JSON text, the `index`-th of its file, into `collector`.
///
/// Returns false when the text is not even JSON (only a streamed file's element can be that:
/// the whole-text reader refuses such a file before reading any feature).
pub(crate) fn read_feature<S: Sink>(
    text: &str,
    index: usize,
    collector: &mut Collector<S>,
) -> bool {
    if let Ok(feature) = serde_json::from_str::<FeatureIn<Option<PlainPoint>>>(text) {
        read_parsed(feature, index, collector);
        return true;
    }
    match parse_feature(text) {
        Ok(feature) => read_parsed(feature, index, collector),
        Err(reason) => {
            collector.push(index, None, Err(reason), Vec::new());
            return serde_json::from_str::<de::IgnoredAny>(text).is_ok();
        }
    }
    true
}

/// Reads a parsed feature, the `index`-th of its file, into `collector`.
fn read_parsed<S: Sink, G: GeometryIn>(
    feature: FeatureIn<G>,
    index: usize,
    collector: &mut Collector<S>,
) {
    let mut warnings = Vec::new();
    let read = incident_from_feature(feature, index, &mut warnings);
    collector.push(index, None, read, warnings);
}

/// Reads the feature object at the start of `text` into `collector` when it is all there,
/// well-formed and a plain point, and returns its length; `None` (nothing read) otherwise, for
/// the caller to find its end and read it with [`read_feature`], which reads any geometry and
/// says what is wrong.
pub(crate) fn read_whole_feature<S: Sink>(
    text: &str,
    index: usize,
    collector: &mut Collector<S>,
) -> Option<usize> {
    let mut values =
        serde_json::Deserializer::from_str(text).into_iter::<FeatureIn<Option<PlainPoint>>>();
    let feature = values.next()?.ok()?;
    let length = values.byte_offset();
    read_parsed(feature, index, collector);
    Some(length)
}

/// Parses one feature; the reason names what was wrong without the position inside the snippet
/// (which would mislead: the index is what locates the feature in the file).
fn parse_feature(text: &str) -> Result<FeatureIn<'_, AnyGeometry>, FeatureError> {
    if !text.trim_start().starts_with('{') {
        let found: String = text.chars().take(40).collect();
        return Err(FeatureError::Malformed(Reason::NotAFeatureObject(found)));
    }
    // Our reading's own reason: the geojson crate's reading of the whole Feature, once asked
    // again for its words, said the same but for a non-object `properties` ("expected a map",
    // where ours says "expected a properties object"), and cost the importer module 2.8 kB.
    serde_json::from_str::<FeatureIn<AnyGeometry>>(text).map_err(|error| {
        let message = error.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        FeatureError::Malformed(Reason::Parser(message.to_string()))
    })
}

fn incident_from_feature<G: GeometryIn>(
    feature: FeatureIn<G>,
    index: usize,
    warnings: &mut Vec<FeatureError>,
) -> Result<Incident, FeatureError> {
    let props = feature.properties.unwrap_or_default();
    let mut geometry = feature.geometry.into_geometry()?;
    if let Geometry::Area(polygons) = &mut geometry {
        if let Some((from, to)) = simplify_area(polygons, MAX_AREA_VERTICES) {
            warnings.push(FeatureError::AreaSimplified { from, to });
        }
    }
    let anchor = anchor_of(&geometry);
    let span = properties::date_span(&props, warnings)?;
    let id = properties::string(props.id.as_ref())
        .or_else(|| feature.id.map(|FeatureId(id)| id))
        .unwrap_or_else(|| format!("feature-{index}"));
    let event_type = match properties::string(props.event_type.as_ref()) {
        None => EventType::Other,
        Some(label) => EventType::from_label(&label).unwrap_or_else(|| {
            warnings.push(FeatureError::UnknownEventType { value: label });
            EventType::Other
        }),
    };
    let code = properties::precision_code(props.geo_precision.as_ref(), "geo_precision", 1)?;
    let place_precision = PlacePrecision::from_code(code).unwrap_or(PlacePrecision::Exact);
    let fatalities = properties::fatalities(props.fatalities.as_ref())?;
    let (sources, dropped) = properties::sources(&props);
    warnings.extend(
        dropped
            .into_iter()
            .map(|url| FeatureError::UnsafeLink { url }),
    );
    let mut title = properties::text(props.title.as_ref());
    if title.is_empty() {
        title = properties::text(props.name.as_ref());
    }
    let mut summary = properties::text(props.summary.as_ref());
    if summary.is_empty() {
        summary = properties::text(props.notes.as_ref());
    }
    Ok(Incident {
        id,
        title,
        summary,
        span,
        place: properties::text(props.place.as_ref()),
        place_precision,
        geometry,
        anchor,
        event_type,
        sub_event_type: properties::string(props.sub_event_type.as_ref()).unwrap_or_default(),
        actors: properties::strings(props.actors.as_ref()),
        fatalities,
        sources,
    })
}

/// A validated position: finite, in range, at least two numbers.
pub(crate) fn position(p: &[f64]) -> Result<LonLat, FeatureError> {
    let (lon, lat) = match p {
        [lon, lat, ..] => (*lon, *lat),
        _ => return Err(FeatureError::Malformed(Reason::PositionNeedsTwo)),
    };
    let point = lon_lat(lon, lat);
    if point.is_valid() {
        return Ok(point);
    }
    let (lon, lat) = (lon.to_string(), lat.to_string());
    if lon_lat(point.lat, point.lon).is_valid() {
        Err(FeatureError::CoordinatesSwapped { lon, lat })
    } else {
        Err(FeatureError::CoordinateOutOfRange { lon, lat })
    }
}

fn ring(positions: &[Position]) -> Result<Vec<LonLat>, FeatureError> {
    positions.iter().map(|p| position(p.as_slice())).collect()
}

fn polygon(rings: &[Vec<Position>]) -> Result<Vec<Vec<LonLat>>, FeatureError> {
    let rings = rings
        .iter()
        .map(|r| ring(r))
        .collect::<Result<Vec<_>, _>>()?;
    if rings.first().is_some_and(|outer| outer.len() >= 4) {
        Ok(rings)
    } else {
        Err(FeatureError::bad_value("geometry", Reason::RingTooShort))
    }
}

fn geometry(value: Option<GeometryValue>) -> Result<Geometry, FeatureError> {
    let value = value.ok_or(FeatureError::MissingGeometry)?;
    let kind = value.type_name().to_string();
    let geometry = match value {
        GeometryValue::Point { coordinates } => {
            Geometry::Points(vec![position(coordinates.as_slice())?])
        }
        GeometryValue::MultiPoint { coordinates } => Geometry::Points(ring(&coordinates)?),
        GeometryValue::Polygon { coordinates } if coordinates.is_empty() => Geometry::Area(vec![]),
        GeometryValue::Polygon { coordinates } => Geometry::Area(vec![polygon(&coordinates)?]),
        GeometryValue::MultiPolygon { coordinates } => Geometry::Area(
            coordinates
                .iter()
                .map(|p| polygon(p))
                .collect::<Result<_, _>>()?,
        ),
        _ => return Err(FeatureError::UnsupportedGeometry { kind }),
    };
    let empty = match &geometry {
        Geometry::Points(points) => points.is_empty(),
        Geometry::Area(polygons) => polygons.is_empty(),
    };
    if empty {
        return Err(FeatureError::EmptyGeometry { kind });
    }
    Ok(geometry)
}

/// The point a symbol and popup anchor to: the first point, or the area-weighted centroid of
/// the largest polygon's outer ring (its vertex mean when the ring has no area).
fn anchor_of(geometry: &Geometry) -> LonLat {
    match geometry {
        Geometry::Points(points) => points.first().copied().unwrap_or(lon_lat(0.0, 0.0)),
        Geometry::Area(polygons) => {
            let outers = polygons.iter().filter_map(|p| p.first());
            let largest = outers.max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()));
            largest.map_or(lon_lat(0.0, 0.0), |r| ring_centroid(r))
        }
    }
}

fn ring_area(ring: &[LonLat]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].lon * w[1].lat - w[1].lon * w[0].lat)
        .sum::<f64>()
        / 2.0
}

fn ring_centroid(ring: &[LonLat]) -> LonLat {
    let area = ring_area(ring);
    if area.abs() < 1e-12 {
        let n = ring.len().max(1) as f64;
        let (lon, lat) = ring
            .iter()
            .fold((0.0, 0.0), |(x, y), p| (x + p.lon, y + p.lat));
        return lon_lat(lon / n, lat / n);
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for w in ring.windows(2) {
        let cross = w[0].lon * w[1].lat - w[1].lon * w[0].lat;
        cx += (w[0].lon + w[1].lon) * cross;
        cy += (w[0].lat + w[1].lat) * cross;
    }
    lon_lat(cx / (6.0 * area), cy / (6.0 * area))
}
