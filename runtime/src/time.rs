//! `DateTime`: an instant in UTC with nanosecond precision, and the three wire formats AWS
//! protocols use for it (ISO 8601 / RFC 3339, epoch seconds, and the HTTP date of RFC 7231).
//!
//! Kept dependency-free on purpose: the generated crates need only formatting and parsing of
//! these fixed formats, and a calendar library would cost every user build time.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// An instant, as seconds and nanoseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

/// The wire format of a timestamp member (botocore `timestampFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `2014-04-29T18:30:38Z`, with fractional seconds when present.
    Iso8601,
    /// Seconds since the epoch, possibly with a fraction: `1398796238.123`.
    EpochSeconds,
    /// `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

/// A timestamp that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    /// The input (truncated to 64 characters).
    pub input: String,
    /// What was expected.
    pub expected: &'static str,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid timestamp {:?}: expected {}", self.input, self.expected)
    }
}

impl std::error::Error for DateTimeParseError {}

fn perr(input: &str, expected: &'static str) -> DateTimeParseError {
    DateTimeParseError { input: input.chars().take(64).collect(), expected }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The inverse of [`days_from_civil`]: (year, month 1-12, day 1-31).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Broken-down UTC fields of a `DateTime`.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: usize,
}

impl DateTime {
    /// The Unix epoch.
    pub const UNIX_EPOCH: DateTime = DateTime { secs: 0, nanos: 0 };

    /// From whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        DateTime { secs, nanos: 0 }
    }

    /// From seconds and a sub-second part (`nanos` is clamped to below one second).
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        let nanos = if nanos >= 1_000_000_000 { 999_999_999 } else { nanos };
        DateTime { secs, nanos }
    }

    /// From fractional seconds since the epoch (as JSON test vectors write them).
    pub fn from_secs_f64(value: f64) -> Self {
        let secs = value.floor();
        let nanos = ((value - secs) * 1e9).round() as u32;
        if nanos >= 1_000_000_000 {
            DateTime::from_secs(secs as i64 + 1)
        } else {
            DateTime { secs: secs as i64, nanos }
        }
    }

    /// The current time.
    pub fn now() -> Self {
        SystemTime::now().into()
    }

    /// Whole seconds since the epoch (floor).
    pub fn secs(&self) -> i64 {
        self.secs
    }

    /// The sub-second part in nanoseconds.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the epoch as a float.
    pub fn as_secs_f64(&self) -> f64 {
        self.secs as f64 + self.nanos as f64 / 1e9
    }

    fn civil(&self) -> Civil {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
            weekday: days.rem_euclid(7) as usize,
        }
    }

    fn fraction(&self) -> String {
        if self.nanos == 0 {
            return String::new();
        }
        let mut s = format!(".{:09}", self.nanos);
        while s.ends_with('0') {
            s.pop();
        }
        // Keep millisecond groups, as AWS services and botocore write them.
        while (s.len() - 1) % 3 != 0 {
            s.push('0');
        }
        s
    }

    /// `2014-04-29T18:30:38Z`, or `2014-04-29T18:30:38.123Z` when there is a fraction.
    pub fn fmt_iso8601(&self) -> String {
        let c = self.civil();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z",
            c.year,
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            self.fraction()
        )
    }

    /// Epoch seconds: `1398796238`, or `1398796238.123` with a fraction.
    pub fn fmt_epoch_seconds(&self) -> String {
        if self.nanos == 0 {
            self.secs.to_string()
        } else {
            format!("{}{}", self.secs, self.fraction())
        }
    }

    /// `Tue, 29 Apr 2014 18:30:38 GMT` (IMF-fixdate; fractions are dropped).
    pub fn fmt_http_date(&self) -> String {
        let c = self.civil();
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[c.weekday],
            c.day,
            MONTHS[c.month as usize - 1],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }

    /// SigV4's `X-Amz-Date` form: `20150830T123600Z`.
    pub fn fmt_amz_date(&self) -> String {
        let c = self.civil();
        format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second)
    }

    /// SigV4's credential-scope date: `20150830`.
    pub fn fmt_scope_date(&self) -> String {
        let c = self.civil();
        format!("{:04}{:02}{:02}", c.year, c.month, c.day)
    }

    /// Formats in the given wire format.
    pub fn fmt(&self, format: TimestampFormat) -> String {
        match format {
            TimestampFormat::Iso8601 => self.fmt_iso8601(),
            TimestampFormat::EpochSeconds => self.fmt_epoch_seconds(),
            TimestampFormat::HttpDate => self.fmt_http_date(),
        }
    }

    /// Parses the given wire format.
    pub fn parse(input: &str, format: TimestampFormat) -> Result<Self, DateTimeParseError> {
        match format {
            TimestampFormat::Iso8601 => Self::parse_iso8601(input),
            TimestampFormat::EpochSeconds => Self::parse_epoch_seconds(input),
            TimestampFormat::HttpDate => Self::parse_http_date(input),
        }
    }

    /// Parses whichever of the three formats the input is in. Response parsers use this, as
    /// botocore does: services are not always consistent about the format they send.
    pub fn parse_any(input: &str) -> Result<Self, DateTimeParseError> {
        let t = input.trim();
        if t.contains(',') {
            Self::parse_http_date(t)
        } else if t.contains('-') && t.len() > 8 {
            Self::parse_iso8601(t)
        } else {
            Self::parse_epoch_seconds(t)
        }
    }

    /// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; a lowercase `t`/`z` and a missing
    /// offset (read as UTC) are accepted.
    pub fn parse_iso8601(input: &str) -> Result<Self, DateTimeParseError> {
        const WHAT: &str = "an ISO 8601 date-time like 2014-04-29T18:30:38Z";
        let s = input.trim().as_bytes();
        let num = |range: std::ops::Range<usize>| -> Result<u32, DateTimeParseError> {
            let part = s.get(range).ok_or_else(|| perr(input, WHAT))?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return Err(perr(input, WHAT));
            }
            Ok(part.iter().fold(0u32, |acc, d| acc * 10 + (d - b'0') as u32))
        };
        if s.len() < 19
            || s[4] != b'-'
            || s[7] != b'-'
            || !matches!(s[10], b'T' | b't' | b' ')
            || s[13] != b':'
            || s[16] != b':'
        {
            return Err(perr(input, WHAT));
        }
        let (year, month, day) = (num(0..4)? as i64, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(perr(input, WHAT));
        }
        let mut i = 19;
        let mut nanos = 0u32;
        if s.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < s.len() && s[i].is_ascii_digit() {
                if i - start < 9 {
                    nanos = nanos * 10 + (s[i] - b'0') as u32;
                }
                i += 1;
            }
            if i == start {
                return Err(perr(input, WHAT));
            }
            for _ in (i - start).min(9)..9 {
                nanos *= 10;
            }
        }
        let offset_secs: i64 = match s.get(i) {
            None => 0,
            Some(b'Z' | b'z') if i + 1 == s.len() => 0,
            Some(sign @ (b'+' | b'-')) if s.len() == i + 6 && s[i + 3] == b':' => {
                let h = num(i + 1..i + 3)? as i64;
                let m = num(i + 4..i + 6)? as i64;
                let off = h * 3600 + m * 60;
                if *sign == b'+' {
                    off
                } else {
                    -off
                }
            }
            _ => return Err(perr(input, WHAT)),
        };
        let secs = days_from_civil(year, month, day) * 86_400 + (hour * 3600 + minute * 60 + second.min(59)) as i64
            - offset_secs;
        Ok(DateTime { secs, nanos })
    }

    /// Epoch seconds, integer or fractional (`1398796238`, `1398796238.5`, `-1.5`).
    pub fn parse_epoch_seconds(input: &str) -> Result<Self, DateTimeParseError> {
        const WHAT: &str = "epoch seconds like 1398796238 or 1398796238.123";
        let t = input.trim();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (digits.contains('.') && frac.is_empty())
        {
            return Err(perr(input, WHAT));
        }
        let secs: i64 = whole.parse().map_err(|_| perr(input, WHAT))?;
        let mut nanos: u32 = 0;
        for (n, d) in frac.bytes().enumerate() {
            if n < 9 {
                nanos = nanos * 10 + (d - b'0') as u32;
            }
        }
        for _ in frac.len().min(9)..9 {
            nanos *= 10;
        }
        if neg {
            if nanos == 0 {
                Ok(DateTime { secs: -secs, nanos: 0 })
            } else {
                Ok(DateTime { secs: -secs - 1, nanos: 1_000_000_000 - nanos })
            }
        } else {
            Ok(DateTime { secs, nanos })
        }
    }

    /// `Tue, 29 Apr 2014 18:30:38 GMT` (a fraction after the seconds is accepted).
    pub fn parse_http_date(input: &str) -> Result<Self, DateTimeParseError> {
        const WHAT: &str = "an HTTP date like Tue, 29 Apr 2014 18:30:38 GMT";
        let t = input.trim();
        let rest = t.split_once(", ").map(|(_, r)| r).ok_or_else(|| perr(input, WHAT))?;
        let parts: Vec<&str> = rest.split(' ').collect();
        if parts.len() != 5 || parts[4] != "GMT" {
            return Err(perr(input, WHAT));
        }
        let day: u32 = parts[0].parse().map_err(|_| perr(input, WHAT))?;
        let month = MONTHS.iter().position(|m| *m == parts[1]).ok_or_else(|| perr(input, WHAT))? as u32 + 1;
        let year: i64 = parts[2].parse().map_err(|_| perr(input, WHAT))?;
        let (hms, frac) = parts[3].split_once('.').unwrap_or((parts[3], ""));
        let hms: Vec<u32> =
            hms.split(':').map(|p| p.parse::<u32>()).collect::<Result<_, _>>().map_err(|_| perr(input, WHAT))?;
        if hms.len() != 3 || day == 0 || day > days_in_month(year, month) || hms[0] > 23 || hms[1] > 59 || hms[2] > 60 {
            return Err(perr(input, WHAT));
        }
        let base = Self::parse_epoch_seconds(&format!(
            "{}{}{}",
            days_from_civil(year, month, day) * 86_400 + (hms[0] * 3600 + hms[1] * 60 + hms[2].min(59)) as i64,
            if frac.is_empty() { "" } else { "." },
            frac
        ))?;
        Ok(base)
    }
}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime { secs: d.as_secs() as i64, nanos: d.subsec_nanos() },
            Err(e) => {
                let d = e.duration();
                let secs = -(d.as_secs() as i64);
                if d.subsec_nanos() == 0 {
                    DateTime { secs, nanos: 0 }
                } else {
                    DateTime { secs: secs - 1, nanos: 1_000_000_000 - d.subsec_nanos() }
                }
            }
        }
    }
}

impl From<DateTime> for SystemTime {
    fn from(t: DateTime) -> Self {
        if t.secs >= 0 {
            UNIX_EPOCH + Duration::new(t.secs as u64, t.nanos)
        } else {
            UNIX_EPOCH - Duration::from_secs(t.secs.unsigned_abs()) + Duration::from_nanos(t.nanos as u64)
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fmt_iso8601())
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fmt_iso8601())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_round_trip() {
        let t = DateTime::parse_iso8601("2014-04-29T18:30:38Z").unwrap();
        assert_eq!(t.secs(), 1398796238);
        assert_eq!(t.fmt_iso8601(), "2014-04-29T18:30:38Z");
        let f = DateTime::parse_iso8601("2014-04-29T18:30:38.123Z").unwrap();
        assert_eq!(f.subsec_nanos(), 123_000_000);
        assert_eq!(f.fmt_iso8601(), "2014-04-29T18:30:38.123Z");
        let o = DateTime::parse_iso8601("2014-04-29T20:30:38+02:00").unwrap();
        assert_eq!(o, t);
    }

    #[test]
    fn iso8601_rejects_garbage() {
        for bad in ["", "2014-13-01T00:00:00Z", "2014-02-30T00:00:00Z", "yesterday", "2014-04-29T18:30:38Q"] {
            assert!(DateTime::parse_iso8601(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn epoch_and_http_date() {
        let t = DateTime::parse_epoch_seconds("1398796238.5").unwrap();
        assert_eq!(t.fmt_epoch_seconds(), "1398796238.500");
        assert_eq!(DateTime::from_secs(1398796238).fmt_http_date(), "Tue, 29 Apr 2014 18:30:38 GMT");
        assert_eq!(
            DateTime::parse_http_date("Tue, 29 Apr 2014 18:30:38 GMT").unwrap(),
            DateTime::from_secs(1398796238)
        );
        assert_eq!(DateTime::parse_any("1398796238").unwrap(), DateTime::from_secs(1398796238));
        assert_eq!(DateTime::from_secs(1440938160).fmt_amz_date(), "20150830T123600Z");
    }

    #[test]
    fn civil_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
