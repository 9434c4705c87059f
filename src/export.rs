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
use serde_json::{json, Map, Value};

/// The incidents as a GeoJSON FeatureCollection text.
pub fn to_geojson(incidents: &[Incident]) -> String {
    feature_collection(incidents).to_string()
}

/// The incidents as a GeoJSON FeatureCollection value.
pub fn feature_collection(incidents: &[Incident]) -> Value {
    json!({
        "type": "FeatureCollection",
        "features": incidents.iter().map(feature).collect::<Vec<_>>(),
    })
}

/// One incident as a GeoJSON Feature value.
pub fn feature(incident: &Incident) -> Value {
    let span = &incident.span;
    let event_type = match incident.event_type {
        EventType::Other => Value::Null,
        known => Value::from(known.label()),
    };
    json!({
        "type": "Feature",
        "id": incident.id,
        "geometry": geometry(&incident.geometry),
        "properties": {
            "id": incident.id,
            "title": text(&incident.title),
            "summary": text(&incident.summary),
            "place": text(&incident.place),
            "start": span.start.to_iso(),
            "end": span.end.to_iso(),
            "ongoing": span.ongoing,
            "time_precision": span.precision.code(),
            "geo_precision": incident.place_precision.code(),
            "event_type": event_type,
            "sub_event_type": incident.sub_event_type,
            "actors": incident.actors,
            "fatalities": fatalities(&incident.fatalities),
            "sources": incident.sources.iter().map(source).collect::<Vec<_>>(),
        },
    })
}

fn text(t: &Text) -> Value {
    let mut langs = Map::new();
    for (lang, value) in [("en", &t.en), ("fr", &t.fr), ("ar", &t.ar)] {
        if let Some(value) = value {
            langs.insert(lang.to_string(), Value::from(value.as_str()));
        }
    }
    Value::Object(langs)
}

fn figure(f: &Option<Figure>) -> Value {
    match f {
        Some(f) => json!({ "value": f.value, "by": f.by }),
        None => Value::Null,
    }
}

fn claim(c: &Claim) -> Value {
    json!({ "by": c.by, "claim": c.claim, "date": c.date })
}

fn fatalities(f: &Fatalities) -> Value {
    json!({
        "low": figure(&f.low),
        "best": figure(&f.best),
        "high": figure(&f.high),
        "estimate": f.estimate,
        "note": f.note,
        "claims": f.claims.iter().map(claim).collect::<Vec<_>>(),
    })
}

fn source(s: &Source) -> Value {
    json!({ "publisher": s.publisher, "title": s.title, "date": s.date, "url": s.url })
}

fn position(p: &LonLat) -> Value {
    json!([p.lon, p.lat])
}

fn polygon(rings: &[Vec<LonLat>]) -> Value {
    rings
        .iter()
        .map(|ring| ring.iter().map(position).collect::<Vec<_>>())
        .collect()
}

fn geometry(g: &Geometry) -> Value {
    match g {
        Geometry::Points(points) => match points.as_slice() {
            [one] => json!({ "type": "Point", "coordinates": position(one) }),
            many => json!({
                "type": "MultiPoint",
                "coordinates": many.iter().map(position).collect::<Vec<_>>(),
            }),
        },
        Geometry::Area(polygons) => match polygons.as_slice() {
            [one] => json!({ "type": "Polygon", "coordinates": polygon(one) }),
            many => json!({
                "type": "MultiPolygon",
                "coordinates": many.iter().map(|p| polygon(p)).collect::<Vec<_>>(),
            }),
        },
    }
}
