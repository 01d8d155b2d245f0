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

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`),
/// `None` when the result does not fit an `i64` (only for years near `i64::MAX`).
fn days_from_civil(y: i64, m: u32, d: u32) -> Option<i64> {
    let y = if m <= 2 { y.checked_sub(1)? } else { y };
    let era = y.div_euclid(400);
    // 0..=399, and every term below is bounded by the month and day: no overflow.
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era.checked_mul(146_097)?.checked_add(doe - 719_468)
}

/// The inverse of [`days_from_civil`]: (year, month 1-12, day 1-31).
///
/// `z` is a day number of an `i64` count of seconds (`secs.div_euclid(86_400)`), so
/// `|z| < 2^47` and no intermediate value comes near `i64`'s range (checked for both ends of
/// the range in the tests): the arithmetic is plain on purpose.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    debug_assert!(z.unsigned_abs() < 1 << 47);
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
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

/// A run of ASCII digits of a length within `len` (at most 9, so it fits a `u32`).
fn digits(s: &[u8], len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    debug_assert!(*len.end() <= 9);
    if !len.contains(&s.len()) || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// A decimal fraction's digits as nanoseconds: at least one digit, all digits, anything past
/// the ninth dropped.
fn fraction_nanos(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut nanos = 0u32;
    for n in 0..9 {
        nanos = nanos * 10 + s.get(n).map_or(0, |d| u32::from(d - b'0'));
    }
    Some(nanos)
}

/// The year as ISO 8601 writes it: four digits in RFC 3339's range, else the expanded form
/// with its sign (`+10000`, `-0001`), which [`DateTime::parse_iso8601`] does not accept.
fn fmt_year(year: i64) -> String {
    if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if year > 0 {
        format!("+{year}")
    } else {
        format!("-{:04}", year.unsigned_abs())
    }
}

/// `.123`, `.123456`, `.123456789` (millisecond groups, as AWS services and botocore write
/// them), or nothing for zero.
fn fmt_fraction(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    let mut s = format!(".{nanos:09}");
    while s.ends_with('0') {
        s.pop();
    }
    while (s.len() - 1) % 3 != 0 {
        s.push('0');
    }
    s
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

/// Broken-down fields read from text, before they become a [`DateTime`].
struct Fields {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    /// 0-60: a leap second reads as :59, as in most parsers (Unix time has no leap seconds).
    second: u32,
    nanos: u32,
    /// Seconds east of UTC.
    offset: i64,
}

impl Fields {
    /// Checks the calendar and clock fields, then the instant against RFC 3339's range.
    fn to_datetime(&self) -> Option<DateTime> {
        let Fields { year, month, day, hour, minute, second, nanos, offset } = *self;
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
            || nanos >= 1_000_000_000
        {
            return None;
        }
        let clock = i64::from(hour * 3600 + minute * 60 + second.min(59));
        let secs = days_from_civil(year, month, day)?.checked_mul(86_400)?.checked_add(clock)?.checked_sub(offset)?;
        DateTime::checked_rfc3339(secs, nanos)
    }
}

impl DateTime {
    /// The Unix epoch.
    pub const UNIX_EPOCH: DateTime = DateTime { secs: 0, nanos: 0 };

    /// The earliest instant RFC 3339 can write, `0000-01-01T00:00:00Z`. Parsers reject
    /// earlier instants (see [`DateTime::RFC3339_MAX`]).
    pub const RFC3339_MIN: DateTime = DateTime { secs: -62_167_219_200, nanos: 0 };

    /// The latest instant RFC 3339 can write, `9999-12-31T23:59:59.999999999Z`: its years
    /// have four digits. Every parser (all three wire formats) rejects later instants, so a
    /// parsed timestamp always formats as text [`DateTime::parse_iso8601`] reads back, as
    /// botocore (Python's `datetime`, years 1-9999) also rejects them. A value built in code
    /// may lie outside; it formats with an expanded year (`+10000-01-01T00:00:00Z`).
    pub const RFC3339_MAX: DateTime = DateTime { secs: 253_402_300_799, nanos: 999_999_999 };

    /// From whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        DateTime { secs, nanos: 0 }
    }

    /// From seconds and a sub-second part (`nanos` is clamped to below one second).
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        let nanos = if nanos >= 1_000_000_000 { 999_999_999 } else { nanos };
        DateTime { secs, nanos }
    }

    /// From fractional seconds since the epoch (as JSON test vectors write them). Values
    /// beyond `i64` seconds saturate, as float-to-integer casts do; NaN is the epoch.
    pub fn from_secs_f64(value: f64) -> Self {
        let floor = value.floor();
        let secs = floor as i64;
        let nanos = ((value - floor) * 1e9).round() as u32;
        if nanos >= 1_000_000_000 {
            DateTime::from_secs(secs.saturating_add(1))
        } else {
            DateTime { secs, nanos }
        }
    }

    /// `secs` and `nanos` as a `DateTime` if the instant is within
    /// [`DateTime::RFC3339_MIN`]..=[`DateTime::RFC3339_MAX`].
    fn checked_rfc3339(secs: i64, nanos: u32) -> Option<Self> {
        let t = DateTime { secs, nanos };
        t.is_rfc3339_range().then_some(t)
    }

    /// Whether RFC 3339 can write this instant (years 0000 to 9999). Every parsed timestamp
    /// is; only values built in code can be outside.
    pub fn is_rfc3339_range(&self) -> bool {
        (Self::RFC3339_MIN..=Self::RFC3339_MAX).contains(self)
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

    /// `2014-04-29T18:30:38Z`, or `2014-04-29T18:30:38.123Z` when there is a fraction. A year
    /// outside 0000-9999 (only possible for a value built in code) is written expanded, with
    /// its sign: ISO 8601 allows that, RFC 3339 does not.
    pub fn fmt_iso8601(&self) -> String {
        let c = self.civil();
        format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z",
            fmt_year(c.year),
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            fmt_fraction(self.nanos)
        )
    }

    /// Epoch seconds: `1398796238`, `1398796238.123` with a fraction, `-1.5` before the epoch.
    pub fn fmt_epoch_seconds(&self) -> String {
        if self.nanos == 0 {
            self.secs.to_string()
        } else if self.secs < 0 {
            // secs + nanos/1e9 = -(|secs + 1| + (1e9 - nanos)/1e9); `secs + 1` cannot overflow.
            format!("-{}{}", (self.secs + 1).unsigned_abs(), fmt_fraction(1_000_000_000 - self.nanos))
        } else {
            format!("{}{}", self.secs, fmt_fraction(self.nanos))
        }
    }

    /// `Tue, 29 Apr 2014 18:30:38 GMT` (IMF-fixdate; fractions are dropped). A year outside
    /// 0000-9999 is written as in [`DateTime::fmt_iso8601`].
    pub fn fmt_http_date(&self) -> String {
        let c = self.civil();
        format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[c.weekday],
            c.day,
            MONTHS[c.month as usize - 1],
            fmt_year(c.year),
            c.hour,
            c.minute,
            c.second
        )
    }

    /// SigV4's `X-Amz-Date` form: `20150830T123600Z`.
    pub fn fmt_amz_date(&self) -> String {
        let c = self.civil();
        format!("{}{:02}{:02}T{:02}{:02}{:02}Z", fmt_year(c.year), c.month, c.day, c.hour, c.minute, c.second)
    }

    /// SigV4's credential-scope date: `20150830`.
    pub fn fmt_scope_date(&self) -> String {
        let c = self.civil();
        format!("{}{:02}{:02}", fmt_year(c.year), c.month, c.day)
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
    /// botocore does: services are not always consistent about the format they send. A comma
    /// means an HTTP date, a `-` after the first character an ISO 8601 date (epoch seconds
    /// have a `-` only as their sign), anything else epoch seconds.
    pub fn parse_any(input: &str) -> Result<Self, DateTimeParseError> {
        let t = input.trim();
        if t.contains(',') {
            Self::parse_http_date(t)
        } else if t.get(1..).is_some_and(|rest| rest.contains('-')) {
            Self::parse_iso8601(t)
        } else {
            Self::parse_epoch_seconds(t)
        }
    }

    /// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; a lowercase `t`/`z`, a space for
    /// the `T` and a missing offset (read as UTC) are accepted. Offsets are `00:00` to
    /// `23:59`, as RFC 3339's `time-numoffset`; the instant must be within
    /// [`DateTime::RFC3339_MIN`]..=[`DateTime::RFC3339_MAX`] once the offset is applied.
    pub fn parse_iso8601(input: &str) -> Result<Self, DateTimeParseError> {
        const WHAT: &str = "an ISO 8601 date-time like 2014-04-29T18:30:38Z, years 0000-9999";
        let err = || perr(input, WHAT);
        let s = input.trim().as_bytes();
        let num = |range: std::ops::Range<usize>| -> Result<u32, DateTimeParseError> {
            let len = range.len();
            s.get(range).and_then(|part| digits(part, len..=len)).ok_or_else(err)
        };
        if s.len() < 19
            || s[4] != b'-'
            || s[7] != b'-'
            || !matches!(s[10], b'T' | b't' | b' ')
            || s[13] != b':'
            || s[16] != b':'
        {
            return Err(err());
        }
        let (year, month, day) = (i64::from(num(0..4)?), num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let mut i = 19;
        let mut nanos = 0u32;
        if s.get(i) == Some(&b'.') {
            let start = i + 1;
            i = start + s[start..].iter().take_while(|b| b.is_ascii_digit()).count();
            nanos = fraction_nanos(&s[start..i]).ok_or_else(err)?;
        }
        let offset: i64 = match s.get(i) {
            None => 0,
            Some(b'Z' | b'z') if i + 1 == s.len() => 0,
            Some(sign @ (b'+' | b'-')) if s.len() == i + 6 && s[i + 3] == b':' => {
                let (h, m) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
                if h > 23 || m > 59 {
                    return Err(err());
                }
                let off = i64::from(h * 3600 + m * 60);
                if *sign == b'+' {
                    off
                } else {
                    -off
                }
            }
            _ => return Err(err()),
        };
        Fields { year, month, day, hour, minute, second, nanos, offset }.to_datetime().ok_or_else(err)
    }

    /// Epoch seconds, integer or fractional (`1398796238`, `1398796238.5`, `-1.5`), within
    /// [`DateTime::RFC3339_MIN`]..=[`DateTime::RFC3339_MAX`].
    pub fn parse_epoch_seconds(input: &str) -> Result<Self, DateTimeParseError> {
        const WHAT: &str = "epoch seconds like 1398796238 or 1398796238.123, years 0000-9999";
        let err = || perr(input, WHAT);
        let t = input.trim();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, nanos) = match digits.split_once('.') {
            Some((w, f)) => (w, fraction_nanos(f.as_bytes()).ok_or_else(err)?),
            None => (digits, 0),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        // Past i64 is past RFC3339_MAX as well.
        let secs: i64 = whole.parse().map_err(|_| err())?;
        // `secs` is non-negative, so neither `-secs` nor `-secs - 1` can overflow.
        let (secs, nanos) = match (neg, nanos) {
            (false, _) => (secs, nanos),
            (true, 0) => (-secs, 0),
            (true, _) => (-secs - 1, 1_000_000_000 - nanos),
        };
        Self::checked_rfc3339(secs, nanos).ok_or_else(err)
    }

    /// `Tue, 29 Apr 2014 18:30:38 GMT`, RFC 7231's IMF-fixdate (a fraction after the seconds
    /// is accepted; day, hour, minute and second may have one digit, the year must have four).
    pub fn parse_http_date(input: &str) -> Result<Self, DateTimeParseError> {
        const WHAT: &str = "an HTTP date like Tue, 29 Apr 2014 18:30:38 GMT";
        let err = || perr(input, WHAT);
        let t = input.trim();
        let rest = t.split_once(", ").map(|(_, r)| r).ok_or_else(err)?;
        let parts: Vec<&[u8]> = rest.split(' ').map(str::as_bytes).collect();
        let [day, month, year, clock, b"GMT"] = parts[..] else {
            return Err(err());
        };
        let day = digits(day, 1..=2).ok_or_else(err)?;
        let month = MONTHS.iter().position(|m| m.as_bytes() == month).ok_or_else(err)? as u32 + 1;
        let year = i64::from(digits(year, 4..=4).ok_or_else(err)?);
        let (hms, nanos) = match clock.iter().position(|b| *b == b'.') {
            Some(dot) => (&clock[..dot], fraction_nanos(&clock[dot + 1..]).ok_or_else(err)?),
            None => (clock, 0),
        };
        let mut hms = hms.split(|b| *b == b':').map(|part| digits(part, 1..=2));
        let (Some(Some(hour)), Some(Some(minute)), Some(Some(second)), None) =
            (hms.next(), hms.next(), hms.next(), hms.next())
        else {
            return Err(err());
        };
        Fields { year, month, day, hour, minute, second, nanos, offset: 0 }.to_datetime().ok_or_else(err)
    }
}

/// A [`DateTime`] outside the range of the platform's `SystemTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemTimeRangeError;

impl fmt::Display for SystemTimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("instant outside the range of SystemTime on this platform")
    }
}

impl std::error::Error for SystemTimeRangeError {}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        // Saturating: a SystemTime beyond i64 seconds from the epoch exists on no platform.
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime { secs: i64::try_from(d.as_secs()).unwrap_or(i64::MAX), nanos: d.subsec_nanos() },
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).map_or(i64::MIN, |s| -s);
                if d.subsec_nanos() == 0 {
                    DateTime { secs, nanos: 0 }
                } else {
                    DateTime { secs: secs.saturating_sub(1), nanos: 1_000_000_000 - d.subsec_nanos() }
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = SystemTimeRangeError;

    /// Fails where the platform's `SystemTime` cannot hold the instant (Windows' starts in
    /// 1601, for one).
    fn try_from(t: DateTime) -> Result<Self, Self::Error> {
        let nanos = Duration::from_nanos(u64::from(t.nanos));
        let whole = if t.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_secs(t.secs.unsigned_abs()))
        } else {
            UNIX_EPOCH.checked_sub(Duration::from_secs(t.secs.unsigned_abs()))
        };
        whole.and_then(|w| w.checked_add(nanos)).ok_or(SystemTimeRangeError)
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
            assert_eq!(days_from_civil(y, m, d), Some(days));
        }
    }

    /// Issue 12, finding 1: a year of sixteen digits multiplied past `i64` (a panic with
    /// overflow checks, a wrong instant without). Now every parser is a typed error.
    #[test]
    fn huge_years_are_errors_not_overflows() {
        let bad = [
            "Tue, 29 Apr 9999999999999999 18:30:38 GMT",
            "Tue, 29 Apr 9223372036854775807 18:30:38 GMT",
            "Tue, 29 Apr -9223372036854775808 18:30:38 GMT",
            "Tue, 29 Apr 99999999999999999999999 18:30:38 GMT",
            "Sat, 01 Jan 10000 00:00:00 GMT",
            "Tue, 29 Apr 2014 18:30:38.999999999999999999999 GMT",
        ];
        for input in bad.iter().take(5) {
            assert!(DateTime::parse_http_date(input).is_err(), "{input}");
            assert!(DateTime::parse_any(input).is_err(), "{input}");
        }
        // Fraction digits past the ninth are dropped, however many.
        assert_eq!(DateTime::parse_http_date(bad[5]).unwrap(), DateTime::from_secs_and_nanos(1398796238, 999_999_999));
        for input in ["9223372036854775807", "-9223372036854775808", "99999999999999999999", "253402300800"] {
            assert!(DateTime::parse_epoch_seconds(input).is_err(), "{input}");
            assert!(DateTime::parse_any(input).is_err(), "{input}");
        }
        assert_eq!(days_from_civil(i64::MAX, 12, 31), None);
        assert_eq!(days_from_civil(i64::MIN, 1, 1), None);
        assert_eq!(days_from_civil(i64::MAX / 300, 1, 1), None);
        assert!(days_from_civil(i64::MAX / 366, 1, 1).is_some());
    }

    /// Every instant an `i64` can hold formats in every format without overflowing.
    #[test]
    fn the_ends_of_the_i64_range_format() {
        for secs in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
            for nanos in [0, 1, 999_999_999] {
                let t = DateTime::from_secs_and_nanos(secs, nanos);
                for f in [TimestampFormat::Iso8601, TimestampFormat::EpochSeconds, TimestampFormat::HttpDate] {
                    assert!(!t.fmt(f).is_empty());
                }
                assert!(!t.fmt_amz_date().is_empty() && !t.fmt_scope_date().is_empty());
                let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
                assert_eq!(days_from_civil(y, m, d), Some(secs.div_euclid(86_400)));
            }
        }
        assert_eq!(DateTime::from_secs(i64::MAX).fmt_iso8601(), "+292277026596-12-04T15:30:07Z");
        assert_eq!(DateTime::from_secs(i64::MIN).fmt_iso8601(), "-292277022657-01-27T08:29:52Z");
    }

    /// Finding 2: `-1.5` was written `-2.500`.
    #[test]
    fn negative_epochs_with_fractions_format_as_they_parse() {
        for (text, written) in [
            ("-1.5", "-1.500"),
            ("-0.5", "-0.500"),
            ("-0.001", "-0.001"),
            ("-1398796238.123456", "-1398796238.123456"),
            ("-1", "-1"),
            ("-1.0", "-1"),
            ("1.5", "1.500"),
        ] {
            let t = DateTime::parse_epoch_seconds(text).unwrap();
            assert_eq!(t.fmt_epoch_seconds(), written, "{text}");
            assert_eq!(DateTime::parse_epoch_seconds(written).unwrap(), t, "{text}");
        }
        assert_eq!(DateTime::parse_epoch_seconds("-1.5").unwrap(), DateTime::from_secs_and_nanos(-2, 500_000_000));
        assert_eq!(DateTime::from_secs_and_nanos(-1, 1).fmt_epoch_seconds(), "-0.999999999");
        assert_eq!(DateTime::from_secs_and_nanos(i64::MIN, 1).fmt_epoch_seconds(), "-9223372036854775807.999999999");
    }

    /// Finding 12: offsets must be RFC 3339's `00:00` to `23:59`.
    #[test]
    fn out_of_range_offsets_are_errors() {
        for bad in ["+99:99", "+24:00", "-00:60", "+23:60", "+1:00", "+01:0a"] {
            let input = format!("2014-04-29T18:30:38{bad}");
            assert!(DateTime::parse_iso8601(&input).is_err(), "{input}");
        }
        let t = DateTime::parse_iso8601("2014-04-29T18:30:38-23:59").unwrap();
        assert_eq!(t.secs(), 1398796238 + 23 * 3600 + 59 * 60);
    }

    /// Finding 12: a negative epoch of nine or more characters was taken for ISO 8601.
    #[test]
    fn negative_epochs_of_any_length_are_epochs() {
        for secs in [-1i64, -12345678, -123456789, -1398796238, -62_167_219_200] {
            assert_eq!(DateTime::parse_any(&secs.to_string()).unwrap(), DateTime::from_secs(secs), "{secs}");
        }
        assert_eq!(
            DateTime::parse_any("-1398796238.25").unwrap(),
            DateTime::from_secs_and_nanos(-1398796239, 750_000_000)
        );
        assert_eq!(DateTime::parse_any("2014-04-29T18:30:38Z").unwrap().secs(), 1398796238);
        assert!(DateTime::parse_any("-2014-04-29T18:30:38Z").is_err());
    }

    /// Finding 12: parsing stops at RFC 3339's range, so every parsed value formats to text
    /// `parse_iso8601` reads back; values built in code beyond it format expanded.
    #[test]
    fn parsed_instants_stay_within_rfc3339() {
        assert_eq!(DateTime::parse_iso8601("0000-01-01T00:00:00Z").unwrap(), DateTime::RFC3339_MIN);
        assert_eq!(DateTime::parse_iso8601("9999-12-31T23:59:59.999999999Z").unwrap(), DateTime::RFC3339_MAX);
        assert_eq!(
            DateTime::parse_http_date("Fri, 31 Dec 9999 23:59:59.999999999 GMT").unwrap(),
            DateTime::RFC3339_MAX
        );
        assert_eq!(DateTime::parse_epoch_seconds("-62167219200").unwrap(), DateTime::RFC3339_MIN);
        assert_eq!(DateTime::parse_epoch_seconds("253402300799.999999999").unwrap(), DateTime::RFC3339_MAX);
        for beyond in ["9999-12-31T23:59:59-00:01", "0000-01-01T00:00:00+00:01"] {
            assert!(DateTime::parse_iso8601(beyond).is_err(), "{beyond}");
        }
        assert!(DateTime::parse_epoch_seconds("-62167219200.1").is_err());
        for t in [DateTime::RFC3339_MIN, DateTime::RFC3339_MAX] {
            assert!(t.is_rfc3339_range());
            assert_eq!(DateTime::parse_iso8601(&t.fmt_iso8601()).unwrap(), t);
            assert_eq!(DateTime::parse_epoch_seconds(&t.fmt_epoch_seconds()).unwrap(), t);
            assert_eq!(DateTime::parse_http_date(&t.fmt_http_date()).unwrap().secs(), t.secs());
        }
        let later = DateTime::from_secs(DateTime::RFC3339_MAX.secs() + 1);
        assert!(!later.is_rfc3339_range());
        assert_eq!(later.fmt_iso8601(), "+10000-01-01T00:00:00Z");
        assert_eq!(DateTime::from_secs(DateTime::RFC3339_MIN.secs() - 1).fmt_iso8601(), "-0001-12-31T23:59:59Z");
    }

    #[test]
    fn system_time_conversions_check_the_range() {
        let t = DateTime::from_secs_and_nanos(-2, 500_000_000);
        let st = SystemTime::try_from(t).unwrap();
        assert_eq!(DateTime::from(st), t);
        assert_eq!(DateTime::from(SystemTime::try_from(DateTime::RFC3339_MAX).unwrap()), DateTime::RFC3339_MAX);
        // No panic at the ends, whatever the platform can hold.
        let _ = SystemTime::try_from(DateTime::from_secs_and_nanos(i64::MAX, 999_999_999));
        let _ = SystemTime::try_from(DateTime::from_secs(i64::MIN));
        assert_eq!(DateTime::from_secs_f64(f64::MAX), DateTime::from_secs(i64::MAX));
        assert_eq!(DateTime::from_secs_f64(-1.5), DateTime::from_secs_and_nanos(-2, 500_000_000));
    }
}
