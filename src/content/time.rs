//! Dates and timestamps in front matter: TOML dates or quoted strings, both accepted.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day: `2025-10-04` or `"2025-10-04"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// An instant with its offset (RFC 3339): `2025-10-04T22:00:00-03:00`, quoted or not.
/// Written without an offset (`2025-10-04T22:00`), it is a local time of the site's
/// timezone: read as UTC until `in_zone` places it.
#[derive(Debug, Clone, Copy)]
pub struct Timestamp(pub DateTime<FixedOffset>, pub Written);

/// Whether a timestamp was written with its offset or as a bare local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    WithOffset,
    Local,
}

impl Timestamp {
    /// A bare local time placed in `zone`; a time written with its offset is kept.
    pub fn in_zone(self, zone: &Zone) -> Timestamp {
        match self.1 {
            Written::WithOffset => self,
            Written::Local => Timestamp(zone.place(self.0.naive_local()), Written::WithOffset),
        }
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

/// The site's timezone (`timezone` in the config): an IANA name such as
/// `America/Santiago`, `UTC`, or a fixed offset such as `-03:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl Default for Zone {
    fn default() -> Self {
        Zone::Fixed(chrono::Utc.fix())
    }
}

impl Zone {
    pub fn parse(text: &str) -> Option<Zone> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("utc") || text.eq_ignore_ascii_case("z") {
            return Some(Zone::default());
        }
        if let Ok(tz) = text.parse::<chrono_tz::Tz>() {
            return Some(Zone::Named(tz));
        }
        // An offset: +HH:MM, -HH:MM, +HHMM or -HH.
        let (sign, rest) = match text.as_bytes().first()? {
            b'+' => (1, &text[1..]),
            b'-' => (-1, &text[1..]),
            _ => return None,
        };
        let digits: String = rest.chars().filter(|c| *c != ':').collect();
        if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let hours: i32 = digits[..2].parse().ok()?;
        let minutes: i32 = digits.get(2..).map_or(Some(0), |m| m.parse().ok())?;
        if minutes >= 60 {
            return None;
        }
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).map(Zone::Fixed)
    }

    /// An instant as this zone's local time.
    pub fn local(&self, at: DateTime<chrono::Utc>) -> DateTime<FixedOffset> {
        match self {
            Zone::Fixed(offset) => at.with_timezone(offset),
            Zone::Named(tz) => at.with_timezone(tz).fixed_offset(),
        }
    }

    /// A local time of this zone as an instant. In a daylight-saving gap the time does
    /// not exist and is read one hour later; in an overlap the earlier one is taken.
    pub fn place(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        match self {
            Zone::Fixed(offset) => offset.from_utc_datetime(&(local - *offset)),
            Zone::Named(tz) => {
                let at = |t: NaiveDateTime| tz.from_local_datetime(&t).earliest();
                at(local)
                    .or_else(|| at(local + chrono::TimeDelta::hours(1)))
                    .map(|t| t.fixed_offset())
                    .unwrap_or_else(|| local.and_utc().fixed_offset())
            }
        }
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Zone::parse(&s).ok_or_else(|| {
            D::Error::custom(format!(
                "unknown timezone \"{s}\"; write an IANA name such as \"America/Santiago\", \"UTC\" or an offset such as \"-03:00\""
            ))
        })
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(s),
        toml::Value::Datetime(dt) => Ok(dt.to_string()),
        other => Err(D::Error::custom(format!(
            "expected a date, found {}",
            other.type_str()
        ))),
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = scalar(d)?;
        let s = s.trim();
        // A date, or a date and time of which the day is taken.
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| DateTime::parse_from_rfc3339(s).map(|t| t.date_naive()))
            .or_else(|_| {
                chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").map(|t| t.date())
            })
            // Jekyll's and Hugo's `2024-01-15 10:00:00 +0100`: the day is what counts.
            .or_else(|e| {
                [
                    "%Y-%m-%d %H:%M:%S %z",
                    "%Y-%m-%d %H:%M %z",
                    "%Y-%m-%d %H:%M:%S%.f %z",
                ]
                .iter()
                .find_map(|f| DateTime::parse_from_str(s, f).ok().map(|t| t.date_naive()))
                .or_else(|| {
                    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
                        .iter()
                        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok().map(|t| t.date()))
                })
                .ok_or(e)
            })
            .map(Date)
            .map_err(|_| D::Error::custom(format!("\"{s}\" is not a date; write it as 2025-10-04")))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = scalar(d)?;
        let text = s.trim().replacen(' ', "T", 1);
        if let Ok(at) = DateTime::parse_from_rfc3339(&text) {
            return Ok(Timestamp(at, Written::WithOffset));
        }
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(&text, format).ok())
            .map(|local| Timestamp(local.and_utc().fixed_offset(), Written::Local))
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "\"{s}\" is not a date and time; write it as 2025-10-04T22:00:00-03:00, or 2025-10-04T22:00 in the site's timezone"
                ))
            })
    }
}

/// A span of time written as `90d`, `4h`, `30m`, `1h30m` or `2w`.
pub fn parse_span(text: &str) -> Option<chrono::TimeDelta> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut total = chrono::TimeDelta::zero();
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = number.parse().ok()?;
        number.clear();
        let part = match c {
            'w' => chrono::TimeDelta::try_weeks(n)?,
            'd' => chrono::TimeDelta::try_days(n)?,
            'h' => chrono::TimeDelta::try_hours(n)?,
            'm' => chrono::TimeDelta::try_minutes(n)?,
            's' => chrono::TimeDelta::try_seconds(n)?,
            _ => return None,
        };
        total = total.checked_add(&part)?;
    }
    number.is_empty().then_some(total)
}

/// A span for readers: `2 h 35 min`, `30 h 10 min`, `3 d 4 h`, `45 min`, `-35 min`.
pub fn human(span: chrono::TimeDelta) -> String {
    let minutes = span.num_minutes();
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    // Days only from three on: ops people say "24 h" and "48 h".
    let (d, h, min) = if m >= 72 * 60 {
        (m / 1440, (m % 1440) / 60, m % 60)
    } else {
        (0, m / 60, m % 60)
    };
    let parts: Vec<String> = [(d, "d"), (h, "h"), (min, "min")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        "0 min".to_string()
    } else {
        format!("{sign}{}", parts.join(" "))
    }
}

/// Serde helper for a span field (see `parse_span`).
pub fn deserialize_span<'de, D: Deserializer<'de>>(d: D) -> Result<chrono::TimeDelta, D::Error> {
    let s = String::deserialize(d)?;
    parse_span(&s).ok_or_else(|| {
        D::Error::custom(format!(
            "\"{s}\" is not a span of time; write it as 30m, 4h, 3d or 1h30m"
        ))
    })
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d %H:%M %:z"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.to_rfc3339())
    }
}

/// Serde helper for an optional span field (see `parse_span`).
pub fn deserialize_some_span<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::TimeDelta>, D::Error> {
    deserialize_span(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct T {
        d: Date,
        t: Timestamp,
    }

    #[test]
    fn toml_native_and_quoted_values() {
        let a: T = toml::from_str("d = 2025-10-04\nt = 2025-10-04T22:00:00-03:00").unwrap();
        let b: T = toml::from_str("d = \"2025-10-04\"\nt = \"2025-10-04 22:00:00-03:00\"").unwrap();
        assert_eq!(a.d, b.d);
        assert_eq!(a.t, b.t);
        assert_eq!(a.t.to_string(), "2025-10-04 22:00 -03:00");
    }

    #[test]
    fn human_spans() {
        use chrono::TimeDelta;
        assert_eq!(human(TimeDelta::minutes(155)), "2 h 35 min");
        assert_eq!(human(TimeDelta::minutes(-35)), "-35 min");
        assert_eq!(human(TimeDelta::hours(76)), "3 d 4 h");
        assert_eq!(human(TimeDelta::hours(48)), "48 h");
        assert_eq!(human(TimeDelta::minutes(30 * 60 + 10)), "30 h 10 min");
        assert_eq!(human(TimeDelta::seconds(20)), "0 min");
    }

    #[test]
    fn spans() {
        use chrono::TimeDelta;
        assert_eq!(parse_span("90d"), Some(TimeDelta::days(90)));
        assert_eq!(parse_span("1h30m"), Some(TimeDelta::minutes(90)));
        assert_eq!(parse_span("2w"), Some(TimeDelta::days(14)));
        assert_eq!(parse_span("4"), None);
        assert_eq!(parse_span("h"), None);
        assert_eq!(parse_span("3 dias"), None);
        assert_eq!(parse_span("99999999999999999999d"), None);
    }

    #[test]
    fn trailing_junk_is_not_a_date() {
        assert!(
            toml::from_str::<T>("d = \"2025-10-04 basura\"\nt = 2025-10-04T22:00:00Z").is_err()
        );
        let ok: T = toml::from_str("d = 2025-10-04T08:00:00\nt = 2025-10-04T22:00:00Z").unwrap();
        assert_eq!(ok.d.to_string(), "2025-10-04");
    }

    #[test]
    fn bad_value_names_the_format() {
        let e = toml::from_str::<T>("d = \"4 de octubre\"\nt = 2025-10-04T22:00:00Z").unwrap_err();
        assert!(e.to_string().contains("2025-10-04"), "{e}");
        let e = toml::from_str::<T>("d = 2025-10-04\nt = 2025-10-04").unwrap_err();
        assert!(
            e.to_string()
                .contains("\"2025-10-04\" is not a date and time"),
            "{e}"
        );
    }

    #[test]
    fn bare_local_times_take_the_site_zone() {
        let t: T = toml::from_str("d = 2025-10-04\nt = 2025-10-04T22:00:00").unwrap();
        assert_eq!(t.t.1, Written::Local);
        let utc = t.t.in_zone(&Zone::default());
        assert_eq!(utc.to_string(), "2025-10-04 22:00 +00:00");
        let santiago = Zone::parse("America/Santiago").unwrap();
        // October 2025 in Santiago is summer time, UTC-3; June is UTC-4.
        assert_eq!(
            t.t.in_zone(&santiago).to_string(),
            "2025-10-04 22:00 -03:00"
        );
        let june: T = toml::from_str("d = 2025-06-04\nt = \"2025-06-04 22:00\"").unwrap();
        assert_eq!(
            june.t.in_zone(&santiago).to_string(),
            "2025-06-04 22:00 -04:00"
        );
        let fixed = Zone::parse("-03:00").unwrap();
        assert_eq!(
            t.t.in_zone(&fixed).0.to_rfc3339(),
            "2025-10-04T22:00:00-03:00"
        );
        // A time written with its offset is not moved.
        let b: T = toml::from_str("d = 2025-10-04\nt = 2025-10-04T22:00:00+01:00").unwrap();
        assert_eq!(
            b.t.in_zone(&santiago).to_string(),
            "2025-10-04 22:00 +01:00"
        );
    }

    #[test]
    fn zones() {
        assert_eq!(Zone::parse("utc"), Some(Zone::default()));
        assert!(Zone::parse("Europe/Madrid").is_some());
        assert_eq!(
            Zone::parse("+0530"),
            Some(Zone::Fixed(FixedOffset::east_opt(5 * 3600 + 1800).unwrap()))
        );
        assert_eq!(Zone::parse("Marte/Olympus"), None);
        assert_eq!(Zone::parse("-3"), None);
        assert_eq!(Zone::parse("+05:75"), None);
    }
}
