//! Timestamps in the three wire formats.
//!
//! Writing follows the format; reading accepts any of them (epoch seconds as a number or as
//! text, RFC 3339, HTTP dates), as botocore does, so a service that answers in another format
//! than its model says is still understood.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

use super::schema::TimestampFormat;
use super::WireError;

/// Epoch seconds to the millisecond, as a JSON number would carry them: whole seconds, or
/// a fraction.
pub(crate) fn epoch_seconds(t: &OffsetDateTime) -> EpochSeconds {
    let millis = t.unix_timestamp_nanos().div_euclid(1_000_000);
    if millis % 1000 == 0 {
        EpochSeconds::Whole((millis / 1000) as i64)
    } else {
        EpochSeconds::Fraction(millis as f64 / 1000.0)
    }
}

pub(crate) enum EpochSeconds {
    Whole(i64),
    Fraction(f64),
}

/// A timestamp as text in `format` (epoch seconds as decimal text, for headers and queries).
pub fn format_timestamp(t: &OffsetDateTime, format: TimestampFormat) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    match format {
        TimestampFormat::EpochSeconds => match epoch_seconds(&t) {
            EpochSeconds::Whole(s) => s.to_string(),
            EpochSeconds::Fraction(s) => format!("{s}"),
        },
        TimestampFormat::DateTime => {
            let millis = t.millisecond();
            let base = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            );
            if millis == 0 {
                format!("{base}Z")
            } else {
                format!("{base}.{millis:03}Z")
            }
        }
        TimestampFormat::HttpDate => {
            const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            const MONTHS: [&str; 12] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            format!(
                "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                DAYS[t.weekday().number_days_from_monday() as usize],
                t.day(),
                MONTHS[u8::from(t.month()) as usize - 1],
                t.year(),
                t.hour(),
                t.minute(),
                t.second()
            )
        }
    }
}

/// Epoch seconds (integer or fraction) as a timestamp, to the microsecond.
pub(crate) fn from_epoch_seconds(v: f64) -> Result<OffsetDateTime, WireError> {
    if !v.is_finite() {
        return Err(WireError::new("a timestamp must be a finite number"));
    }
    // Round to the microsecond: f64 cannot carry nanoseconds at today's epoch.
    let micros = (v * 1_000_000.0).round() as i128;
    let nanos =
        micros.checked_mul(1000).ok_or_else(|| WireError::new(format!("{v} is out of range for a timestamp")))?;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(WireError::new)
}

/// A timestamp from text in any format: RFC 3339, an HTTP date, or epoch seconds.
pub fn parse_timestamp(text: &str) -> Result<OffsetDateTime, WireError> {
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t);
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc2822) {
        return Ok(t);
    }
    if let Some(t) = parse_http_date(text) {
        return Ok(t);
    }
    match text.parse::<f64>() {
        Ok(v) => from_epoch_seconds(v),
        Err(_) => Err(WireError::new(format!("`{text}` is not a timestamp"))),
    }
}

/// `Tue, 29 Apr 2014 18:30:38 GMT` (RFC 7231's preferred form; `GMT` is not an RFC 2822 zone
/// the `time` crate takes in every position, so it is read here).
fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    let rest = text.strip_suffix(" GMT")?;
    let with_zone = format!("{rest} +0000");
    OffsetDateTime::parse(&with_zone, &Rfc2822).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn every_format_written_and_read_back() {
        let t = datetime!(2014-04-29 18:30:38.123 UTC);
        let cases = [
            (TimestampFormat::EpochSeconds, "1398796238.123"),
            (TimestampFormat::DateTime, "2014-04-29T18:30:38.123Z"),
            (TimestampFormat::HttpDate, "Tue, 29 Apr 2014 18:30:38 GMT"),
        ];
        for (format, text) in cases {
            assert_eq!(format_timestamp(&t, format), text);
        }
        assert_eq!(parse_timestamp("1398796238.123").unwrap(), t);
        assert_eq!(parse_timestamp("2014-04-29T18:30:38.123Z").unwrap(), t);
        assert_eq!(parse_timestamp("Tue, 29 Apr 2014 18:30:38 GMT").unwrap(), datetime!(2014-04-29 18:30:38 UTC));
        assert_eq!(
            format_timestamp(&datetime!(2014-04-29 18:30:38 UTC), TimestampFormat::DateTime),
            "2014-04-29T18:30:38Z"
        );
        assert!(parse_timestamp("yesterday").is_err());
        assert!(parse_timestamp("NaN").is_err());
    }
}
