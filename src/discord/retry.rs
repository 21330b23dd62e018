//! When to send a failed Discord request again, and how long to wait first.
//!
//! Pure decisions, no I/O: [`classify`] reads an HTTP answer, [`RetryPolicy::backoff`] spaces
//! the attempts. [`super::deliver`] applies them to the replies the bot sends.

use std::time::Duration;

/// How often and how patiently a reply is retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (at least 1).
    pub attempts: u32,
    /// Wait after the first transient failure; doubles on each further one.
    pub first_backoff: Duration,
    /// Longest wait between two attempts after a 5xx or a network error.
    pub max_backoff: Duration,
    /// Longest rate-limit wait honoured; a 429 asking for more gives up (the member would have
    /// long stopped waiting, and an interaction token would have expired).
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, 250 ms doubling to 2 s, rate-limit waits up to 10 s.
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            first_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(2),
            max_rate_limit_wait: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `next` (2 = the first retry) after a 5xx or network error:
    /// `first_backoff` doubled per earlier retry, capped at `max_backoff`, with up to 25%
    /// added so that many failed replies do not come back in lockstep.
    pub fn backoff(&self, next: u32, jitter: f64) -> Duration {
        let doublings = next.saturating_sub(2).min(16);
        let base = self
            .first_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        base.mul_f64(1.0 + 0.25 * jitter.clamp(0.0, 1.0))
    }
}

/// What to do with an HTTP answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Delivered (2xx).
    Done,
    /// Try again: a 5xx ([`None`]: use the backoff) or a 429 (wait this long).
    Retry(Option<Duration>),
    /// A permanent refusal (4xx other than 429): sending the same request again cannot help.
    Fail,
}

/// Reads an answer: `status`, a header lookup (name in lower case) and the body.
///
/// A 429's wait is taken, in order, from the body's `retry_after` (seconds, fractional), the
/// `X-RateLimit-Reset-After` header (seconds, fractional) or the `Retry-After` header (whole
/// seconds); with none of them, 1 s.
pub fn classify<'a>(status: u16, header: impl Fn(&str) -> Option<&'a str>, body: &[u8]) -> Verdict {
    match status {
        200..=299 => Verdict::Done,
        429 => Verdict::Retry(Some(
            rate_limit_wait(header, body).unwrap_or(Duration::from_secs(1)),
        )),
        500..=599 => Verdict::Retry(None),
        _ => Verdict::Fail,
    }
}

/// How long a 429 asks to wait, if it says.
fn rate_limit_wait<'a>(header: impl Fn(&str) -> Option<&'a str>, body: &[u8]) -> Option<Duration> {
    let seconds = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(|v| Duration::from_secs_f64(v.min(3600.0)))
    };
    let from_body = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("retry_after").and_then(serde_json::Value::as_f64))
        .and_then(|v| seconds(&v.to_string()));
    from_body
        .or_else(|| header("x-ratelimit-reset-after").and_then(seconds))
        .or_else(|| header("retry-after").and_then(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_headers(_: &str) -> Option<&'static str> {
        None
    }

    #[test]
    fn success_is_done_and_client_errors_are_final() {
        assert_eq!(classify(200, no_headers, b""), Verdict::Done);
        assert_eq!(classify(204, no_headers, b""), Verdict::Done);
        assert_eq!(classify(400, no_headers, b"{}"), Verdict::Fail);
        assert_eq!(classify(403, no_headers, b"{}"), Verdict::Fail);
        assert_eq!(classify(404, no_headers, b"{}"), Verdict::Fail);
    }

    #[test]
    fn server_errors_are_retried_with_backoff() {
        for status in [500, 502, 503, 504] {
            assert_eq!(classify(status, no_headers, b""), Verdict::Retry(None));
        }
    }

    #[test]
    fn a_429_waits_what_the_body_says_then_the_headers() {
        let body = br#"{"message":"You are being rate limited.","retry_after":0.5,"global":false}"#;
        assert_eq!(
            classify(429, no_headers, body),
            Verdict::Retry(Some(Duration::from_millis(500)))
        );
        let headers = |name: &str| match name {
            "x-ratelimit-reset-after" => Some("1.25"),
            "retry-after" => Some("2"),
            _ => None,
        };
        assert_eq!(
            classify(429, headers, b"not json"),
            Verdict::Retry(Some(Duration::from_millis(1250)))
        );
        let only_retry_after = |name: &str| (name == "retry-after").then_some("3");
        assert_eq!(
            classify(429, only_retry_after, b""),
            Verdict::Retry(Some(Duration::from_secs(3)))
        );
        assert_eq!(
            classify(429, no_headers, b""),
            Verdict::Retry(Some(Duration::from_secs(1)))
        );
        let nonsense = |name: &str| (name == "retry-after").then_some("-5");
        assert_eq!(
            classify(429, nonsense, b"{\"retry_after\": \"soon\"}"),
            Verdict::Retry(Some(Duration::from_secs(1)))
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(2, 0.0), Duration::from_millis(250));
        assert_eq!(p.backoff(3, 0.0), Duration::from_millis(500));
        assert_eq!(p.backoff(4, 0.0), Duration::from_secs(1));
        assert_eq!(p.backoff(9, 0.0), Duration::from_secs(2));
        assert_eq!(p.backoff(40, 1.0), Duration::from_millis(2500));
    }
}
