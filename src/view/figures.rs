//! Key figures as the reader sees them: every value in Dutch notation and
//! the small bar chart's geometry (bars, the target line, the labels), as
//! numbers worked out once for the site and the PDF alike.

use super::planning::round;
use crate::model::number::dutch;
use crate::model::{FigurePlace, KeyFigure, YearValue};
use serde::Serialize;

const PAD_X: f64 = 12.0;
/// Room above the bars for their values.
const TOP: f64 = 30.0;
const PLOT_HEIGHT: f64 = 96.0;
/// Room below the baseline for the years.
const BOTTOM: f64 = 22.0;
const SLOT: f64 = 64.0;
const BAR: f64 = 34.0;
const MIN_WIDTH: f64 = 280.0;

#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub key: String,
    pub title: String,
    /// `€ mln`, `EU-arbeidsmigranten`.
    pub unit: String,
    /// The unit as written in `kerncijfers.yaml` (`mln euro`).
    pub unit_text: String,
    /// The chapter it is shown in: its own, or its recommendation's.
    pub chapter: String,
    /// The recommendation it belongs to, if any.
    pub recommendation: Option<String>,
    pub source: Option<String>,
    pub values: Vec<ValueView>,
    pub target: Option<TargetView>,
    pub width: f64,
    pub height: f64,
    pub baseline: f64,
    /// Where the unit is written, above the bars at the left.
    pub unit_x: f64,
    pub unit_y: f64,
    /// The chart in one sentence (its accessible name, the PDF's alt text).
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    pub year: i32,
    /// The number as a machine reads it.
    pub value: f64,
    /// `12,4`
    pub number: String,
    /// `€ 12,4 mln`
    pub text: String,
    /// The bar: left, top, width, height.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Centre of the bar, for its labels.
    pub cx: f64,
    pub value_y: f64,
    pub year_y: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    pub year: i32,
    pub value: f64,
    pub number: String,
    pub text: String,
    /// `Doel 2025: € 60 mln`
    pub label: String,
    pub y: f64,
    pub x1: f64,
    pub x2: f64,
    pub label_y: f64,
}

/// The figure as shown in `chapter` (the chapter of its place).
pub fn figure_view(f: &KeyFigure, chapter: &str) -> FigureView {
    let n = f.values.len().max(1) as f64;
    let width = round((2.0 * PAD_X + n * SLOT).max(MIN_WIDTH));
    let slot = (width - 2.0 * PAD_X) / n;
    let all = f.values.iter().chain(f.target.iter()).map(|v| v.value);
    // Every value is first divided by the largest magnitude, so no
    // difference of two can overflow to infinity (`1e308 - -1e308`) and the
    // scale is finite whatever the values; validation bounds them too.
    let magnitude = all.clone().map(f64::abs).filter(|m| m.is_finite()).fold(0.0_f64, f64::max);
    let norm = |v: f64| if magnitude > 0.0 { (v / magnitude).clamp(-1.0, 1.0) } else { 0.0 };
    let hi = all.clone().map(norm).fold(0.0_f64, f64::max);
    let lo = all.map(norm).fold(0.0_f64, f64::min);
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let y_of = |v: f64| round(TOP + (hi - norm(v)) / span * PLOT_HEIGHT);
    let baseline = y_of(0.0);
    let values = f
        .values
        .iter()
        .enumerate()
        .map(|(i, YearValue { year, value })| {
            let cx = round(PAD_X + slot * (i as f64 + 0.5));
            let top = y_of(value.max(0.0));
            let bottom = y_of(value.min(0.0));
            ValueView {
                year: *year,
                value: *value,
                number: dutch(*value),
                text: f.unit.format(*value),
                x: round(cx - BAR / 2.0),
                y: top,
                w: BAR,
                h: round((bottom - top).max(0.5)),
                cx,
                value_y: round(top - 5.0),
                year_y: round(TOP + PLOT_HEIGHT + 16.0),
            }
        })
        .collect::<Vec<_>>();
    let target = f.target.map(|t| {
        let y = y_of(t.value);
        TargetView {
            year: t.year,
            value: t.value,
            number: dutch(t.value),
            text: f.unit.format(t.value),
            label: format!("Doel {}: {}", t.year, f.unit.format(t.value)),
            y,
            x1: PAD_X,
            x2: round(width - PAD_X),
            label_y: round((y - 5.0).max(10.0)),
        }
    });
    let mut parts: Vec<String> = values.iter().map(|v| format!("{}: {}", v.year, v.text)).collect();
    if let Some(t) = &target {
        parts.push(format!("doel {}: {}", t.year, t.text));
    }
    FigureView {
        key: f.key.clone(),
        title: f.title.clone(),
        unit: f.unit.label(),
        unit_text: f.unit_text.clone(),
        chapter: chapter.to_string(),
        recommendation: match &f.place {
            FigurePlace::Recommendation(id) => Some(id.to_string()),
            FigurePlace::Chapter(_) => None,
        },
        source: f.source.clone(),
        summary: format!("Kerncijfer {}: {}.", f.title, parts.join("; ")),
        values,
        target,
        width,
        height: TOP + PLOT_HEIGHT + BOTTOM,
        baseline,
        unit_x: PAD_X,
        unit_y: 11.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::number::Unit;

    fn figure(values: &[(i32, f64)], target: Option<(i32, f64)>, unit: &str) -> KeyFigure {
        KeyFigure {
            key: "k".into(),
            title: "Handhaving".into(),
            unit_text: unit.into(),
            unit: Unit::parse(unit),
            place: FigurePlace::Chapter("huisvesting".into()),
            source: None,
            target: target.map(|(year, value)| YearValue { year, value }),
            values: values.iter().map(|&(year, value)| YearValue { year, value }).collect(),
        }
    }

    #[test]
    fn bars_scale_to_the_largest_value_or_the_target() {
        let v =
            figure_view(&figure(&[(2022, 1200.0), (2023, 1850.5)], Some((2025, 2500.0)), "inspecties"), "huisvesting");
        assert_eq!(v.baseline, TOP + PLOT_HEIGHT);
        // The target is the top of the scale.
        let t = v.target.as_ref().unwrap();
        assert_eq!(t.y, TOP);
        assert_eq!(t.label, "Doel 2025: 2.500 inspecties");
        assert_eq!(v.values[0].h, round(1200.0 / 2500.0 * PLOT_HEIGHT));
        assert_eq!(v.values[0].y + v.values[0].h, v.baseline);
        assert_eq!(v.values[1].number, "1.850,5");
        assert!(v.values[0].cx < v.values[1].cx);
        assert_eq!(
            v.summary,
            "Kerncijfer Handhaving: 2022: 1.200 inspecties; 2023: 1.850,5 inspecties; doel 2025: 2.500 inspecties."
        );
    }

    #[test]
    fn money_reads_as_euros() {
        let v = figure_view(&figure(&[(2023, 12.4)], None, "mln euro"), "huisvesting");
        assert_eq!(v.values[0].text, "€ 12,4 mln");
        assert_eq!(v.unit, "€ mln");
        assert_eq!(v.values[0].y, TOP, "the one value is the top of the scale");
        assert_eq!(v.width, MIN_WIDTH);
    }

    #[test]
    fn values_near_the_limits_of_a_float_draw_inside_the_plot() {
        for values in [
            vec![(2021, f64::MAX), (2022, -f64::MAX)],
            vec![(2021, f64::MAX), (2022, f64::MAX / 2.0)],
            vec![(2021, 5e-324), (2022, 1e-310)],
            vec![(2021, -f64::MAX), (2022, 0.0)],
            vec![(2021, 1e15), (2022, -1e15), (2023, 1.0)],
        ] {
            let v = figure_view(&figure(&values, Some((2030, f64::MIN_POSITIVE)), ""), "werk");
            for b in &v.values {
                assert!(b.y.is_finite() && b.h.is_finite(), "{values:?}");
                assert!(b.y >= TOP && b.y + b.h <= TOP + PLOT_HEIGHT + 0.5, "{values:?}: {} {}", b.y, b.h);
            }
            assert!(v.baseline >= TOP && v.baseline <= TOP + PLOT_HEIGHT, "{values:?}");
            let t = v.target.as_ref().unwrap();
            assert!(t.y.is_finite(), "{values:?}");
        }
        // The largest bar still reaches the top, opposite signs split the plot.
        let v = figure_view(&figure(&[(2021, f64::MAX), (2022, -f64::MAX)], None, ""), "werk");
        assert_eq!(v.values[0].y, TOP);
        assert_eq!(v.baseline, TOP + PLOT_HEIGHT / 2.0);
    }

    #[test]
    fn negative_values_hang_below_the_baseline() {
        let v = figure_view(&figure(&[(2022, 10.0), (2023, -10.0)], None, "%"), "huisvesting");
        assert_eq!(v.baseline, TOP + PLOT_HEIGHT / 2.0);
        assert_eq!(v.values[1].y, v.baseline);
        assert_eq!(v.values[1].h, PLOT_HEIGHT / 2.0);
    }
}
