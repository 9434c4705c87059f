//! Writing incidents back out as GeoJSON in our schema (see the README), so that whatever was
//! imported — GeoJSON, ACLED or UCDP GED — can be saved and loaded again unchanged:
//! importing the output of [`to_geojson`] gives back equal incidents.
//!
//! Every documented property is written, absent values as `null` (or an empty list or object),
//! with two choices worth knowing: localized texts are always `{"en", "fr", "ar"}` objects
//! holding only the languages present, and the event type *Other* is written as `null` (an
//! unknown type), since "Other" is not one of ACLED's labels and would be read back with a
//! warning.

use crate::incident::{Claim, EventType, Fatalities, Figure, Geometry, Incident, Source, Text};
use crate::projection::LonLat;
use serde::Serialize;

// The structures below borrow from the incidents and are written by serde as they are, in one
// pass (building a `serde_json::Value` tree first took the importer module 3 kB more). Their
// members are in alphabetical order, as a `Value`'s map wrote them, so the text is the same.

/// The incidents as a GeoJSON FeatureCollection text.
pub fn to_geojson(incidents: &[Incident]) -> String {
    let collection = Collection {
        features: incidents.iter().map(feature).collect(),
        kind: "FeatureCollection",
    };
    serde_json::to_string(&collection).unwrap_or_default()
}

#[derive(Serialize)]
struct Collection<'a> {
    features: Vec<Feature<'a>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Feature<'a> {
    geometry: GeometryOut,
    id: &'a str,
    properties: Properties<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Properties<'a> {
    actors: &'a [String],
    end: String,
    event_type: Option<&'static str>,
    fatalities: FatalitiesOut<'a>,
    geo_precision: u8,
    id: &'a str,
    ongoing: bool,
    place: TextOut<'a>,
    sources: Vec<SourceOut<'a>>,
    start: String,
    sub_event_type: &'a str,
    summary: TextOut<'a>,
    time_precision: u8,
    title: TextOut<'a>,
}

/// A localized text: only the languages present.
#[derive(Serialize)]
struct TextOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    ar: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    en: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fr: Option<&'a str>,
}

#[derive(Serialize)]
struct FigureOut<'a> {
    by: &'a str,
    value: u32,
}

#[derive(Serialize)]
struct ClaimOut<'a> {
    by: &'a str,
    claim: &'a str,
    date: Option<&'a str>,
}

#[derive(Serialize)]
struct FatalitiesOut<'a> {
    best: Option<FigureOut<'a>>,
    claims: Vec<ClaimOut<'a>>,
    estimate: bool,
    high: Option<FigureOut<'a>>,
    low: Option<FigureOut<'a>>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    date: Option<&'a str>,
    publisher: &'a str,
    title: &'a str,
    url: Option<&'a str>,
}

/// `[longitude, latitude]`.
type Position = (f64, f64);

#[derive(Serialize)]
#[serde(untagged)]
enum Coordinates {
    Point(Position),
    MultiPoint(Vec<Position>),
    Polygon(Vec<Vec<Position>>),
    MultiPolygon(Vec<Vec<Vec<Position>>>),
}

#[derive(Serialize)]
struct GeometryOut {
    coordinates: Coordinates,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// One incident as a GeoJSON Feature.
fn feature(incident: &Incident) -> Feature<'_> {
    let span = &incident.span;
    let event_type = match incident.event_type {
        EventType::Other => None,
        known => Some(known.label()),
    };
    Feature {
        geometry: geometry(&incident.geometry),
        id: &incident.id,
        properties: Properties {
            actors: &incident.actors,
            end: span.end.to_iso(),
            event_type,
            fatalities: fatalities(&incident.fatalities),
            geo_precision: incident.place_precision.code(),
            id: &incident.id,
            ongoing: span.ongoing,
            place: text(&incident.place),
            sources: incident.sources.iter().map(source).collect(),
            start: span.start.to_iso(),
            sub_event_type: &incident.sub_event_type,
            summary: text(&incident.summary),
            time_precision: span.precision.code(),
            title: text(&incident.title),
        },
        kind: "Feature",
    }
}

fn text(t: &Text) -> TextOut<'_> {
    TextOut {
        ar: t.ar.as_deref(),
        en: t.en.as_deref(),
        fr: t.fr.as_deref(),
    }
}

fn figure(f: &Option<Figure>) -> Option<FigureOut<'_>> {
    f.as_ref().map(|f| FigureOut {
        by: &f.by,
        value: f.value,
    })
}

fn claim(c: &Claim) -> ClaimOut<'_> {
    ClaimOut {
        by: &c.by,
        claim: &c.claim,
        date: c.date.as_deref(),
    }
}

fn fatalities(f: &Fatalities) -> FatalitiesOut<'_> {
    FatalitiesOut {
        best: figure(&f.best),
        claims: f.claims.iter().map(claim).collect(),
        estimate: f.estimate,
        high: figure(&f.high),
        low: figure(&f.low),
        note: f.note.as_deref(),
    }
}

fn source(s: &Source) -> SourceOut<'_> {
    SourceOut {
        date: s.date.as_deref(),
        publisher: &s.publisher,
        title: &s.title,
        url: s.url.as_deref(),
    }
}

fn position(p: &LonLat) -> Position {
    (p.lon, p.lat)
}

fn polygon(rings: &[Vec<LonLat>]) -> Vec<Vec<Position>> {
    rings
        .iter()
        .map(|ring| ring.iter().map(position).collect())
        .collect()
}

fn geometry(g: &Geometry) -> GeometryOut {
    let (kind, coordinates) = match g {
        Geometry::Points(points) => match points.as_slice() {
            [one] => ("Point", Coordinates::Point(position(one))),
            many => (
                "MultiPoint",
                Coordinates::MultiPoint(many.iter().map(position).collect()),
            ),
        },
        Geometry::Area(polygons) => match polygons.as_slice() {
            [one] => ("Polygon", Coordinates::Polygon(polygon(one))),
            many => (
                "MultiPolygon",
                Coordinates::MultiPolygon(many.iter().map(|p| polygon(p)).collect()),
            ),
        },
    };
    GeometryOut { coordinates, kind }
}
