//! Where a series stands: its latest value, met / warn / missed against its target,
//! the share of periods that met it, and the trend over the last periods.

use super::read::Time;
use super::series::{Direction, Series};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Met,
    Warn,
    Missed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The value `periods` filled periods before the latest.
    pub from: f64,
    pub to: f64,
    pub change: f64,
    /// Relative change, when `from` is not zero.
    pub percent: Option<f64>,
    pub periods: usize,
    /// Better by the target's direction; `None` without one, or unchanged.
    pub better: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub latest: Option<f64>,
    pub latest_at: Option<String>,
    pub state: Option<State>,
    /// Periods with a value, and those meeting the target.
    pub periods: usize,
    pub met: usize,
    pub met_share: Option<f64>,
    pub trend: Option<Trend>,
}

/// Where a value stands against a series' target and warn level.
pub fn state(series: &Series, value: f64) -> Option<State> {
    let met = series.meets(value)?;
    if !met {
        return Some(State::Missed);
    }
    let warned = match (series.warn, series.direction) {
        (Some(w), Some(Direction::AtMost)) => value > w,
        (Some(w), Some(Direction::AtLeast)) => value < w,
        _ => false,
    };
    Some(if warned { State::Warn } else { State::Met })
}

pub fn of(series: &Series) -> Status {
    let filled: Vec<(&Time, f64)> = series
        .times
        .iter()
        .zip(series.main())
        .filter_map(|(t, v)| v.map(|v| (t, v)))
        .collect();
    let latest = filled.last().copied();
    let judged: Vec<bool> = filled
        .iter()
        .filter_map(|(_, v)| series.meets(*v))
        .collect();
    let met = judged.iter().filter(|m| **m).count();
    let trend = (filled.len() > series.trend).then(|| {
        let from = filled[filled.len() - 1 - series.trend].1;
        let to = filled[filled.len() - 1].1;
        let change = to - from;
        let better = match series.direction {
            _ if change == 0.0 => None,
            Some(Direction::AtMost) => Some(change < 0.0),
            Some(Direction::AtLeast) => Some(change > 0.0),
            None => None,
        };
        Trend {
            from,
            to,
            change,
            percent: (from != 0.0).then(|| change / from.abs() * 100.0),
            periods: series.trend,
            better,
        }
    });
    Status {
        latest: latest.map(|(_, v)| v),
        latest_at: latest.map(|(t, _)| t.label()),
        state: latest.and_then(|(_, v)| state(series, v)),
        periods: judged.len(),
        met,
        met_share: (!judged.is_empty()).then(|| met as f64 / judged.len() as f64),
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::read::{Precision, Time};
    use crate::kpi::series::ChartKind;

    fn series(
        values: &[Option<f64>],
        target: f64,
        direction: Direction,
        warn: Option<f64>,
    ) -> Series {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        Series {
            key: "x".into(),
            label: "x".into(),
            unit: String::new(),
            file: "x.csv".into(),
            time_column: "t".into(),
            columns: vec!["v".into()],
            times: (0..values.len())
                .map(|i| Time {
                    at: (day + chrono::TimeDelta::days(i as i64)).and_time(chrono::NaiveTime::MIN),
                    precision: Precision::Day,
                })
                .collect(),
            values: vec![values.to_vec()],
            target: Some(target),
            direction: Some(direction),
            warn,
            kind: ChartKind::Line,
            group: None,
            trend: 2,
            services: Vec::new(),
        }
    }

    #[test]
    fn latest_state_share_and_trend_by_hand() {
        // p95 at most 800, warn above 700: 650 met, 900 missed, gap, 720 met, 750 warn.
        let s = series(
            &[Some(650.0), Some(900.0), None, Some(720.0), Some(750.0)],
            800.0,
            Direction::AtMost,
            Some(700.0),
        );
        let st = of(&s);
        assert_eq!(st.latest, Some(750.0));
        assert_eq!(st.latest_at.as_deref(), Some("2025-01-05"));
        assert_eq!(st.state, Some(State::Warn));
        assert_eq!((st.periods, st.met), (4, 3));
        assert_eq!(st.met_share, Some(0.75));
        // Two filled periods back from 750 is 900: down 150, better when lower.
        let t = st.trend.unwrap();
        assert_eq!((t.from, t.to, t.change), (900.0, 750.0, -150.0));
        assert_eq!(t.better, Some(true));
        assert!((t.percent.unwrap() + 16.666).abs() < 0.01);
    }

    #[test]
    fn at_least_targets() {
        let s = series(&[Some(99.9), Some(99.2)], 99.5, Direction::AtLeast, None);
        assert_eq!(of(&s).state, Some(State::Missed));
        assert_eq!(state(&s, 99.5), Some(State::Met));
    }
}
