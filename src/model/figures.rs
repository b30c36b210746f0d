//! Key figures (`kerncijfers.yaml`): numbers per year that show the effect
//! of the measures, each belonging to a chapter or to one recommendation.

use super::RecId;
use super::number::Unit;

#[derive(Debug, Clone)]
pub struct KeyFigure {
    /// Stable name across editions (`sleutel`).
    pub key: String,
    pub title: String,
    /// The unit as written (`eenheid`).
    pub unit_text: String,
    pub unit: Unit,
    pub place: FigurePlace,
    pub source: Option<String>,
    pub target: Option<YearValue>,
    /// In year order, each year once.
    pub values: Vec<YearValue>,
}

/// Where a figure is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigurePlace {
    /// On the chapter's page, by slug.
    Chapter(String),
    /// With the recommendation.
    Recommendation(RecId),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearValue {
    pub year: i32,
    pub value: f64,
}
