//! Reading incidents from files. Every importer returns what it could read together with an
//! issue for every feature or row it could not (or read only in part): one broken feature never
//! loses the others. Only a file that is not the format at all is an error.
//!
//! The importers themselves (and the crates they need) are in builds with the `importers`
//! feature; the types they report with, and [`Sink`], are in every build.

#[cfg(feature = "importers")]
pub mod acled;
#[cfg(feature = "importers")]
mod csv_rows;
#[cfg(feature = "importers")]
pub mod csv_stream;
#[cfg(feature = "importers")]
pub mod file_stream;
#[cfg(feature = "importers")]
pub mod geojson;
#[cfg(feature = "importers")]
mod json;
#[cfg(feature = "importers")]
pub(crate) mod labels;
#[cfg(feature = "importers")]
mod properties;
mod reason;
#[cfg(feature = "importers")]
pub mod stream;
#[cfg(feature = "importers")]
mod time_values;
#[cfg(feature = "importers")]
pub mod ucdp;

#[cfg(feature = "importers")]
pub(crate) use reason::english_display;
pub use reason::{Detail, Reason};

use crate::incident::Incident;
use hashbrown::HashMap;

/// What an import produced: the incidents it read and what it had to say about the rest.
#[derive(Clone, Debug, Default)]
pub struct Import {
    /// The incidents read, in file order.
    pub incidents: Vec<Incident>,
    /// One entry per feature skipped or read with a warning.
    pub issues: Vec<ImportIssue>,
}

/// A problem with one feature (GeoJSON) or row (CSV) of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportIssue {
    /// The feature's or row's position in the file, from 0 (a CSV's header is not a row).
    pub index: usize,
    /// For CSV: the 1-based line the row starts on (quoted newlines make it differ from the index).
    pub line: Option<u64>,
    /// True when the feature was not loaded; false for a warning about a loaded feature.
    pub skipped: bool,
    /// What was wrong, in plain words.
    pub reason: FeatureError,
}

/// Where an importer puts the incidents it reads.
pub trait Sink {
    /// Takes the next incident read; when one it took already has its id, refuses it and says
    /// which (the collector turns that position back into the item's index in the file).
    fn accept(&mut self, incident: Incident) -> Result<(), Refused>;
}

/// Why a [`Sink`] refused an incident: an earlier item already used its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The position, among the incidents the sink accepted, of the one that has the id.
    pub first_position: usize,
    /// The id (handed back, so that nobody copies every id in case one is refused).
    pub id: String,
}

/// A plain list of incidents, as [`Import`] holds them.
#[derive(Default)]
pub struct Listed {
    incidents: Vec<Incident>,
    position_of: HashMap<String, usize>,
}

impl Listed {
    /// The incidents, in the order they were read.
    pub fn into_incidents(self) -> Vec<Incident> {
        self.incidents
    }
}

impl From<Listed> for Vec<Incident> {
    fn from(listed: Listed) -> Self {
        listed.incidents
    }
}

impl Sink for Listed {
    fn accept(&mut self, incident: Incident) -> Result<(), Refused> {
        if let Some(&first_position) = self.position_of.get(&incident.id) {
            let id = incident.id;
            return Err(Refused { first_position, id });
        }
        self.position_of
            .insert(incident.id.clone(), self.incidents.len());
        self.incidents.push(incident);
        Ok(())
    }
}

/// True for an `http` or `https` address (what a source may link to), ignoring case and
/// leading blanks.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Gathers what an importer reads, item by item: hands the incidents to its sink, turns
/// failures and warnings into issues, and skips an id that an earlier item already used.
#[cfg(feature = "importers")]
pub(crate) struct Collector<S> {
    sink: S,
    issues: Vec<ImportIssue>,
    /// How many incidents the sink accepted.
    accepted: usize,
    /// Where positions in the sink and item indices part (after skipped items): the position
    /// and index of the incident accepted after each gap.
    gaps: Vec<(usize, usize)>,
}

#[cfg(feature = "importers")]
impl<S: Sink> Collector<S> {
    /// A collector filling `sink`.
    pub(crate) fn new(sink: S) -> Self {
        Collector {
            sink,
            issues: Vec::new(),
            accepted: 0,
            gaps: Vec::new(),
        }
    }

    /// The item index of the incident at `position` in the sink.
    fn index_at(&self, position: usize) -> usize {
        match self.gaps.partition_point(|&(p, _)| p <= position) {
            0 => position,
            k => {
                let (p, index) = self.gaps[k - 1];
                index + (position - p)
            }
        }
    }

    /// Records item `index` (starting on `line` for CSV): the incident read, or why not, and
    /// the warnings about it.
    pub(crate) fn push(
        &mut self,
        index: usize,
        line: Option<u64>,
        read: Result<Incident, FeatureError>,
        warnings: Vec<FeatureError>,
    ) {
        let issue = |skipped, reason| ImportIssue {
            index,
            line,
            skipped,
            reason,
        };
        let incident = match read {
            Ok(incident) => incident,
            Err(reason) => return self.issues.push(issue(true, reason)),
        };
        if let Err(Refused { first_position, id }) = self.sink.accept(incident) {
            let first_index = self.index_at(first_position);
            let reason = FeatureError::DuplicateId { id, first_index };
            return self.issues.push(issue(true, reason));
        }
        if self.index_at(self.accepted) != index {
            self.gaps.push((self.accepted, index));
        }
        self.accepted += 1;
        let warnings = warnings.into_iter().map(|reason| issue(false, reason));
        self.issues.extend(warnings);
    }

    /// The sink, to tell it something (how much is coming, say).
    pub(crate) fn sink_mut(&mut self) -> &mut S {
        &mut self.sink
    }

    /// The sink and the issues.
    pub(crate) fn into_parts(self) -> (S, Vec<ImportIssue>) {
        (self.sink, self.issues)
    }
}

/// Why a whole file could not be read (worded by [`ImportError::describe`]; `Display` is the
/// English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The file is empty or blank.
    Empty,
    /// The text is not JSON.
    NotJson(Detail),
    /// JSON, but not a GeoJSON Feature or FeatureCollection.
    NotGeoJson(Detail),
    /// The text cannot be read as CSV at all (binary data, say).
    NotCsv(Detail),
    /// A CSV file whose header lacks columns the format cannot do without.
    MissingColumns {
        /// The format the file was read as.
        format: Format,
        /// The required columns that are absent.
        columns: Vec<String>,
    },
    /// [`import_any`] recognised none of the formats it reads.
    UnknownFormat(Detail),
}

/// The file formats [`import_any`] recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// GeoJSON in our schema (see the README).
    GeoJson,
    /// An ACLED CSV export, current or pre-2023 layout, or an ACLED API response (JSON).
    Acled,
    /// A UCDP Georeferenced Event Dataset (GED) CSV.
    Ucdp,
}

impl Format {
    /// The format's name for people: "GeoJSON", "ACLED", "UCDP GED".
    pub fn label(self) -> &'static str {
        match self {
            Self::GeoJson => "GeoJSON",
            Self::Acled => "ACLED",
            Self::Ucdp => "UCDP GED",
        }
    }
}

/// Reads a file in whichever format it is: text whose first character (after a byte-order
/// mark and blanks) is `{` or `[` is JSON: GeoJSON, or an ACLED API response (an object with
/// a `data` array and neither `type` nor `features`); otherwise the first CSV line decides: a
/// header with `event_id_cnty` or `event_date` is ACLED, one with `date_start` and
/// `type_of_violence` or `where_prec` is UCDP GED. Anything else is one
/// [`ImportError::UnknownFormat`]. The text is read as a stream of it is
/// ([`file_stream::FileStream`]), in one chunk.
#[cfg(feature = "importers")]
pub fn import_any(text: &str) -> Result<(Format, Import), ImportError> {
    file_stream::FileStream::<Listed>::import_text(file_stream::Accept::Any, text)
}

/// As [`import_any`], putting the incidents into `sink` (e.g. a dataset being built, so that
/// a large file is never held as a list of whole incidents).
#[cfg(feature = "importers")]
pub fn import_any_into<S: Sink>(
    text: &str,
    sink: S,
) -> Result<(Format, S, Vec<ImportIssue>), ImportError> {
    file_stream::FileStream::read_text(sink, file_stream::Accept::Any, text)
}

/// Why one feature was skipped, or what was odd about one that loaded (worded by
/// [`FeatureError::describe`]; `Display` is the English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeatureError {
    /// The item is not a valid GeoJSON Feature.
    Malformed(Reason),
    /// The feature has no geometry.
    MissingGeometry,
    /// The geometry holds no coordinates.
    EmptyGeometry {
        /// The GeoJSON geometry type.
        kind: String,
    },
    /// A geometry type incidents cannot have.
    UnsupportedGeometry {
        /// The GeoJSON geometry type.
        kind: String,
    },
    /// A coordinate outside the valid range.
    CoordinateOutOfRange {
        /// Longitude as given (text, so NaN and infinities print).
        lon: String,
        /// Latitude as given.
        lat: String,
    },
    /// A coordinate whose latitude is out of range but whose swap would be valid.
    CoordinatesSwapped {
        /// Longitude as given.
        lon: String,
        /// Latitude as given.
        lat: String,
    },
    /// A required date is absent.
    MissingDate {
        /// The property looked for.
        field: String,
    },
    /// A date that cannot be read, or a span that ends before it starts.
    BadDate {
        /// The property.
        field: String,
        /// Why.
        reason: Reason,
    },
    /// A number read as seconds since 1970, as its magnitude says (see the README), rather than
    /// milliseconds; the feature loads.
    EpochSeconds {
        /// The property.
        field: String,
        /// The first number so read, as given.
        value: String,
        /// The day it gives.
        day: String,
    },
    /// A property with a value of the wrong kind or out of range.
    BadValue {
        /// The property.
        field: String,
        /// Why.
        reason: Reason,
    },
    /// An event type that is not one of ACLED's six; the feature is kept as "Other".
    UnknownEventType {
        /// The type as given.
        value: String,
    },
    /// An area with more vertices than a repaint can fill within a frame, simplified as it
    /// loaded (see [`crate::simplify`]); the feature loads.
    AreaSimplified {
        /// Vertices in the file.
        from: usize,
        /// Vertices kept.
        to: usize,
    },
    /// A source link that is not http or https; the link is dropped, the source kept.
    UnsafeLink {
        /// The link as given.
        url: String,
    },
    /// An id used by an earlier feature.
    DuplicateId {
        /// The id.
        id: String,
        /// The index of the feature that has it first.
        first_index: usize,
    },
}

#[cfg(feature = "importers")]
impl FeatureError {
    /// A value of the wrong kind or out of range in `field`.
    pub(crate) fn bad_value(field: &str, reason: Reason) -> Self {
        FeatureError::BadValue {
            field: field.to_string(),
            reason,
        }
    }

    /// A date in `field` that could not be read, or a span that ends before it starts.
    pub(crate) fn bad_date(field: &str, reason: impl Into<Reason>) -> Self {
        FeatureError::BadDate {
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}
