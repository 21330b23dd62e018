//! What the fake saw: every REST request (with its answer and problems) and every invalid body.

#![allow(unused_imports)]

use crate::*;

// ---------------------------------------------------------------------------------------------
// Recorded data
// ---------------------------------------------------------------------------------------------

/// One HTTP request the fake received, and what it answered.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Position in [`FakeDiscord::requests`] (0-based, in arrival order).
    pub index: usize,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as received, e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// The path without the `/api/vN` prefix, e.g. `/channels/1/messages`.
    pub route: String,
    /// The raw query string (serenity emits a leading `&`: `?&wait=true`), if any.
    pub raw_query: Option<String>,
    /// The query parameters, percent-decoded, empty pairs (from a leading `&`) skipped.
    pub query: Vec<(String, String)>,
    /// Request headers; names are lower-case.
    pub headers: HashMap<String, String>,
    /// The JSON body, if the body was JSON (or the `payload_json` part of a multipart body).
    pub body: Option<Value>,
    /// The body as text (lossy UTF-8).
    pub raw_body: String,
    /// The HTTP status the fake answered.
    pub status: u16,
    /// The JSON the fake answered (`Null` for empty answers such as 204).
    pub response: Value,
    /// The schema key (see [`SCHEMA_ROUTES`]) the body was validated against, if any.
    pub schema_route: Option<&'static str>,
    /// Schema and limit problems of this request (empty when valid).
    pub violations: Vec<String>,
    /// When the fake received it.
    pub at: std::time::Instant,
    /// The client's address: one per TCP connection the bot opened.
    pub peer: Option<SocketAddr>,
}

impl RecordedRequest {
    /// True if the method matches and `route_pattern` matches [`Self::route`] segment by
    /// segment, where a `*` segment matches any one segment: `r.is("POST", "/channels/*/messages")`.
    pub fn is(&self, method: &str, route_pattern: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && route_matches(&self.route, route_pattern)
    }

    /// The JSON body, or `Value::Null` if there was none.
    pub fn json(&self) -> &Value {
        static NULL: Value = Value::Null;
        self.body.as_ref().unwrap_or(&NULL)
    }

    /// A header by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The first query parameter named `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// True if the request passed schema and limit checks.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    /// One line: `#3 POST /channels/1/messages -> 200 {"content":"pong",...}` (body truncated).
    pub fn summary(&self) -> String {
        let body = match &self.body {
            Some(b) => truncate(&b.to_string(), 300),
            None if self.raw_body.is_empty() => String::new(),
            None => format!("(non-JSON, {} bytes)", self.raw_body.len()),
        };
        let query = self
            .raw_query
            .as_ref()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let bad = if self.violations.is_empty() {
            ""
        } else {
            " [INVALID]"
        };
        format!(
            "#{} {} {}{} -> {}{} {}",
            self.index, self.method, self.route, query, self.status, bad, body
        )
    }
}

/// A request body that failed the schema or limit checks.
#[derive(Clone, Debug)]
pub struct Violation {
    /// Index of the offending request in [`FakeDiscord::requests`].
    pub request_index: usize,
    /// `METHOD /concrete/route`.
    pub request: String,
    /// The schema key, e.g. `POST /channels/{channel_id}/messages`.
    pub schema_route: &'static str,
    /// Human-readable problems (`path: message`).
    pub problems: Vec<String>,
    /// The offending body.
    pub body: Value,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "request #{} {} (checked as {}):",
            self.request_index, self.request, self.schema_route
        )?;
        for p in &self.problems {
            writeln!(f, "    - {p}")?;
        }
        write!(f, "    body: {}", truncate(&self.body.to_string(), 1500))
    }
}
