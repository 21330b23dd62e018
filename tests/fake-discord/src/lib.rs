//! A fake Discord (REST + gateway) on 127.0.0.1 for driving the real serenity/poise client in
//! integration tests, with no network access and no Discord account.
//!
//! A dev-only crate of the workspace, compiled once for every test and bench binary of faqbot
//! (`tests/discord/` runs the bot in-process through its one `TestBot`; [`process`] starts the
//! release binary, killed when its test ends).
//!
//! # Using it from a test file
//!
//! ```ignore
//! use fake_discord::*;
//!
//! #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
//! async fn replies() {
//!     let fake = FakeDiscord::start().await;
//!     // Point serenity at the fake. The rate limiter MUST be disabled: it ignores the proxy.
//!     let http = serenity::http::HttpBuilder::new("fake-token")
//!         .proxy(fake.rest_url())
//!         .ratelimiter_disabled(true)
//!         .build();
//!     // ... build the client with `ClientBuilder::new_with_http(http, intents)`, spawn
//!     // `client.start()` ...
//!     fake.wait_ready().await;
//!     fake.assert_first_request_is_gateway();
//!     let ping = message_create(fresh_id(), 10, Some(20), user(42, "alice"), "ping", vec![]);
//!     fake.dispatch("MESSAGE_CREATE", ping);
//!     let req = fake
//!         .wait_for_request(|r| r.is("POST", "/channels/10/messages"), DEFAULT_TIMEOUT)
//!         .await;
//!     assert_eq!(req.json()["content"], "pong");
//!     fake.assert_valid_requests();
//! }
//! ```
//!
//! # What it does
//!
//! * REST ([`FakeDiscord::rest_url`]): records every request as a [`RecordedRequest`] and answers
//!   the routes a bot needs (gateway URL, current user/application, command registration,
//!   channel messages, interaction callbacks, webhook follow-ups and `@original` edits). Any
//!   other route is recorded and answered `404 {"message":"Unknown","code":0}`.
//! * Request bodies of the routes in [`SCHEMA_ROUTES`] are validated against Discord's OpenAPI
//!   schemas (a checked-in subset, `tests/fixtures/discord-openapi-subset.json`) and against
//!   Discord's documented size limits that the schemas do not express (see
//!   [`check_discord_limits`]). A failing body is answered `400` with a Discord-style
//!   `Invalid Form Body` error, like the real API would, and recorded as a [`Violation`].
//!   [`FakeDiscord::assert_valid_requests`] fails the test on violations; so does
//!   [`FakeDiscord::wait_for_request`] when the request it matched was invalid, and so does
//!   dropping the fake (unless the test is already panicking, or took the violations with
//!   [`FakeDiscord::take_violations`]).
//! * Gateway: speaks just enough of the v10 protocol: HELLO, IDENTIFY -> READY, RESUME ->
//!   RESUMED, heartbeat ACKs, close-frame replies, reconnects. [`FakeDiscord::dispatch`] first
//!   checks that serenity can deserialize the event (serenity silently turns undeserializable
//!   dispatches into `Event::Unknown` and runs no handler), then sends it to the shard.
//! * Faults, for resilience tests: [`FakeDiscord::fail_next`] answers the next matching REST
//!   requests with a 5xx or a 429 (with Discord's rate-limit headers and `retry_after` body);
//!   [`FakeDiscord::gateway_outage`] resets the shard's connection and refuses new ones for a
//!   while. Sessions are resumable: events dispatched while no shard is connected are kept, and
//!   a RESUME replays every event after the sequence number it names, then RESUMED.
//! * Payload builders ([`message_create`], [`interaction_command`], ...) produce events with
//!   every key serenity 0.12.5 requires.
//! * Permission lookups: poise's `required_permissions` does not read the interaction's
//!   `member.permissions`; it fetches `GET /guilds/{g}`, `GET /channels/{c}` and
//!   `GET /guilds/{g}/members/{u}` and denies the command when they fail. The fake answers
//!   them for members it knows (from dispatched guild interactions, or
//!   [`FakeDiscord::register_member`]) so that the computed permissions equal the
//!   [`Invoker::permissions`]; unknown ones get Discord's 404s.
//!
//! Paths: [`RecordedRequest::path`] is the path as received (`/api/v10/channels/1/messages`),
//! [`RecordedRequest::route`] is the same without the `/api/v10` prefix
//! (`/channels/1/messages`); [`RecordedRequest::is`] matches on `route`.
//!
//! Debugging: run with `FAKE_DISCORD_LOG=serenity=debug` (any `EnvFilter` directive) to see
//! serenity's (and the bot's) tracing output, e.g. why a handler did not run.
//!
//! Fixed identities: the bot user and the application both have id [`BOT_ID`] (`"1000"`,
//! username `faqbot`); the application owner is user [`OWNER_ID`].

#![allow(dead_code)]

pub mod process;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Map, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// Id (as a string) of the bot user and of the application; also `application.id` in READY.
pub const BOT_ID: &str = "1000";
/// Username of the bot user.
pub const BOT_USERNAME: &str = "faqbot";
/// Id of the application's owner in `GET /oauth2/applications/@me` (poise's `owners`).
pub const OWNER_ID: &str = "900";
/// The MANAGE_GUILD permission bit (`1 << 5`).
pub const MANAGE_GUILD: u64 = 1 << 5;
/// Permissions of an ordinary member: VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY |
/// USE_APPLICATION_COMMANDS. No MANAGE_GUILD.
pub const MEMBER_PERMISSIONS: u64 = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31);
/// Default timeout of the waiting helpers.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Timestamp used in every generated payload.
pub const TIMESTAMP: &str = "2024-01-01T00:00:00.000000+00:00";

/// The schema-checked operations, as `"METHOD /path/{template}"` keys of the fixture.
pub const SCHEMA_ROUTES: &[&str] = &[
    "POST /channels/{channel_id}/messages",
    "PATCH /channels/{channel_id}/messages/{message_id}",
    "POST /interactions/{interaction_id}/{interaction_token}/callback",
    "PUT /applications/{application_id}/commands",
    "POST /applications/{application_id}/commands",
    "PUT /applications/{application_id}/guilds/{guild_id}/commands",
    "POST /applications/{application_id}/guilds/{guild_id}/commands",
    "POST /webhooks/{webhook_id}/{webhook_token}",
    "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original",
    "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
];

const SCHEMA_FIXTURE: &str = include_str!("../../fixtures/discord-openapi-subset.json");

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

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

struct Inner {
    state: Mutex<FakeState>,
    changed: watch::Sender<u64>,
    gateway_url: String,
    /// Gateway connections numbered up to this value are cut (no close frame, TCP reset).
    kill_connections: watch::Sender<usize>,
}

/// A fault the REST fake answers instead of the real answer (see [`FakeDiscord::fail_next`]).
#[derive(Clone, Debug)]
pub enum RestFault {
    /// This HTTP status with a Discord-style error body, e.g. 500, 502, 503.
    Status(u16),
    /// 429 Too Many Requests, as Discord sends it: `Retry-After` (whole seconds, rounded up),
    /// `X-RateLimit-*` headers with `reset-after` = `retry_after`, and the JSON body
    /// `{"message", "retry_after", "global": false}`.
    RateLimited {
        /// Seconds to wait.
        retry_after: f64,
    },
}

struct PendingFault {
    method: String,
    pattern: String,
    remaining: usize,
    fault: RestFault,
}

#[derive(Default)]
struct FakeState {
    requests: Vec<RecordedRequest>,
    violations: Vec<Violation>,
    /// Every frame the shard sent us, parsed as JSON.
    gateway_received: Vec<Value>,
    identifies: Vec<Value>,
    resumes: Vec<Value>,
    readies: usize,
    resumed: usize,
    heartbeats: usize,
    connections: usize,
    /// Sender to the currently connected shard, and that connection's number.
    shard: Option<(usize, mpsc::UnboundedSender<WsMessage>)>,
    seq: u64,
    next_id: u64,
    global_commands: Vec<Value>,
    guild_commands: HashMap<String, Vec<Value>>,
    /// Interaction token -> the `@original` response message.
    originals: HashMap<String, Value>,
    /// Message id -> message, for follow-ups and channel messages.
    messages: HashMap<String, Value>,
    /// Interaction token -> channel id, from dispatched INTERACTION_CREATE payloads.
    interaction_channels: HashMap<String, String>,
    /// Guild id -> (user id -> (user object, permission bits)), for `GET /guilds/...`.
    guild_members: HashMap<String, HashMap<String, (Value, u64)>>,
    /// Channel id -> guild id, for `GET /channels/{id}`.
    channel_guilds: HashMap<String, String>,
    /// How many of `violations` were already reported by a panic (not re-reported at drop).
    violations_reported: usize,
    /// Intents Discord refuses: an IDENTIFY asking for any of them is closed with 4014.
    refused_intents: u64,
    /// IDENTIFYs refused that way.
    refused_identifies: usize,
    /// Serve only `GET /gateway`, not `GET /gateway/bot`, like a minimal proxy or fake.
    minimal_gateway: bool,
    /// Guild id -> extra (role id, role name) served by `GET /guilds/{g}/roles`.
    named_roles: HashMap<String, Vec<(String, String)>>,
    /// Faults still to answer, in the order they were asked for.
    faults: Vec<PendingFault>,
    /// Every dispatch sent (or kept while no shard was connected): (sequence, frame).
    dispatched: Vec<(u64, String)>,
    /// Session ids handed out in READY; a RESUME naming another is refused (op 9).
    sessions: HashSet<String>,
    /// Until when the gateway refuses connections.
    refuse_until: Option<tokio::time::Instant>,
    /// Events replayed on RESUME so far.
    replayed: usize,
    /// `nonce` -> message, for message creations with `enforce_nonce`.
    nonces: HashMap<String, Value>,
    /// Heartbeat interval sent in HELLO, in ms (0 = Discord's usual 41,250).
    heartbeat_interval_ms: u64,
    /// Heartbeats are not acknowledged (a half-open connection).
    ignore_heartbeats: bool,
    /// Channel id -> channel object served by `GET /channels/{id}` (threads, forums).
    channels: HashMap<String, Value>,
    /// Ids of messages deleted by their author: a reply referencing one is refused with
    /// `REPLIES_UNKNOWN_MESSAGE` unless it says `fail_if_not_exists: false`.
    deleted_messages: HashSet<String>,
    /// Delays still to add before answering, in the order they were asked for.
    delays: Vec<PendingDelay>,
    /// Guild id -> the id of the bot's managed role, listed by `GET /guilds/{g}/roles`.
    bot_roles: HashMap<String, String>,
}

struct PendingDelay {
    method: String,
    pattern: String,
    remaining: usize,
    delay: Duration,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self) {
        self.changed.send_modify(|v| *v += 1);
    }
}

/// A running fake Discord. Dropping it stops its servers; it then panics if invalid requests
/// were recorded and neither reported by an earlier panic nor taken with
/// [`FakeDiscord::take_violations`] (unless the thread is already panicking).
pub struct FakeDiscord {
    inner: Arc<Inner>,
    rest_addr: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
        if std::thread::panicking() {
            return;
        }
        let st = self.inner.lock();
        if st.violations.len() > st.violations_reported {
            let text = format_violations(&st.violations[st.violations_reported..]);
            drop(st);
            panic!("fake Discord: the bot sent invalid requests (checked at drop):\n{text}");
        }
    }
}

impl FakeDiscord {
    /// Binds the REST and gateway servers on ephemeral 127.0.0.1 ports and starts serving.
    /// Also compiles the request schemas (once per test binary).
    pub async fn start() -> FakeDiscord {
        init_logging();
        schemas(); // compile early: a broken fixture fails here, not inside a server task
        let rest = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake REST port");
        let gw = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake gateway port");
        let rest_addr = rest.local_addr().unwrap();
        let gateway_addr = gw.local_addr().unwrap();
        let (changed, _) = watch::channel(0);
        let (kill_connections, _) = watch::channel(0);
        let inner = Arc::new(Inner {
            state: Mutex::new(FakeState {
                next_id: 5_000_000,
                ..FakeState::default()
            }),
            changed,
            gateway_url: format!("ws://{gateway_addr}"),
            kill_connections,
        });

        let app = axum::Router::new()
            .fallback(rest_handler)
            .layer(DefaultBodyLimit::disable())
            .with_state(inner.clone());
        let rest_task = tokio::spawn(async move {
            let app = app.into_make_service_with_connect_info::<SocketAddr>();
            let _ = axum::serve(rest, app).await;
        });

        let gw_task = tokio::spawn(gateway_accept_loop(inner.clone(), gw, gateway_addr));

        FakeDiscord {
            inner,
            rest_addr,
            tasks: vec![rest_task, gw_task],
        }
    }

    /// Base URL of the REST fake, `http://127.0.0.1:PORT`: what goes into serenity's
    /// `HttpBuilder::proxy` (and the bot's `discord.proxy_url`).
    pub fn rest_url(&self) -> String {
        format!("http://{}", self.rest_addr)
    }

    /// The gateway URL handed out by `GET /gateway`, `ws://127.0.0.1:PORT`.
    pub fn gateway_url(&self) -> String {
        self.inner.gateway_url.clone()
    }

    // ----- gateway -----

    /// Waits until an IDENTIFY was received and READY sent (at most [`DEFAULT_TIMEOUT`]);
    /// panics with the requests and gateway frames seen so far otherwise.
    pub async fn wait_ready(&self) {
        self.wait_ready_count(1, DEFAULT_TIMEOUT).await;
    }

    /// Waits until READY has been sent `n` times in total (e.g. `2` after a forced re-identify).
    pub async fn wait_ready_count(&self, n: usize, timeout: Duration) {
        let ok = self
            .wait_until(timeout, |st| (st.readies >= n).then_some(()))
            .await;
        if ok.is_none() {
            let st = self.inner.lock();
            panic!(
                "fake Discord: READY #{n} not sent within {timeout:?} ({} READY sent, {} gateway \
                 connections, frames received: {}).\nIs the client pointed at {} with the rate \
                 limiter disabled, and was client.start() spawned?\nREST requests:\n{}",
                st.readies,
                st.connections,
                truncate(&Value::from(st.gateway_received.clone()).to_string(), 2000),
                self.rest_url(),
                format_requests(&st.requests),
            );
        }
    }

    /// Waits until a RESUME was answered with RESUMED `n` times in total.
    pub async fn wait_resumed_count(&self, n: usize, timeout: Duration) {
        let ok = self
            .wait_until(timeout, |st| (st.resumed >= n).then_some(()))
            .await;
        assert!(
            ok.is_some(),
            "fake Discord: RESUMED #{n} not sent within {timeout:?}"
        );
    }

    /// Waits until `n` gateway connections were accepted in total.
    pub async fn wait_until_connections(&self, n: usize, timeout: Duration) {
        let ok = self
            .wait_until(timeout, |st| (st.connections >= n).then_some(()))
            .await;
        assert!(
            ok.is_some(),
            "fake Discord: gateway connection #{n} not made within {timeout:?}"
        );
    }

    /// The `d` of the first IDENTIFY (token, intents, properties, ...). Panics if none yet.
    pub fn identify(&self) -> Value {
        self.inner
            .lock()
            .identifies
            .first()
            .cloned()
            .expect("fake Discord: no IDENTIFY received yet (call wait_ready first)")
    }

    /// The `d` of every IDENTIFY received, in order.
    pub fn identifies(&self) -> Vec<Value> {
        self.inner.lock().identifies.clone()
    }

    /// The gateway intents of the first IDENTIFY.
    pub fn identify_intents(&self) -> u64 {
        self.identify()["intents"]
            .as_u64()
            .expect("IDENTIFY without integer intents")
    }

    /// Every frame the shard sent (IDENTIFY, heartbeats, presence updates, ...), as JSON.
    pub fn gateway_frames(&self) -> Vec<Value> {
        self.inner.lock().gateway_received.clone()
    }

    /// Number of gateway websocket connections accepted so far.
    pub fn gateway_connections(&self) -> usize {
        self.inner.lock().connections
    }

    /// Checks `d` like [`Self::dispatch`] does, then sends it to the connected shard as
    /// `{"op":0,"t":event_type,"s":<next>,"d":d}`. Returns the sequence number used.
    ///
    /// While no shard is connected (an outage) the event is kept, as Discord does, and a RESUME
    /// replays it. Panics if serenity would not deserialize the event (it would silently drop
    /// it), or if no shard ever connected.
    pub fn dispatch(&self, event_type: &str, d: Value) -> u64 {
        if let Err(e) = check_dispatch(event_type, &d) {
            panic!("fake Discord: refusing to dispatch {event_type}: {e}");
        }
        let mut st = self.inner.lock();
        remember_dispatched(&mut st, &d);
        if st.shard.is_none() && st.sessions.is_empty() {
            drop(st);
            panic!(
                "fake Discord: cannot dispatch {event_type}: no shard connected (wait_ready first)"
            );
        }
        st.seq += 1;
        let seq = st.seq;
        let frame = json!({"op": 0, "t": event_type, "s": seq, "d": d}).to_string();
        st.dispatched.push((seq, frame.clone()));
        if let Some((_, tx)) = &st.shard {
            let _ = tx.send(WsMessage::Text(frame));
        }
        seq
    }

    /// Cuts the shard's connection without a close frame (a TCP reset) and refuses gateway
    /// connections for `refuse_for`; events dispatched meanwhile are kept for a RESUME.
    pub fn gateway_outage(&self, refuse_for: Duration) {
        let mut st = self.inner.lock();
        st.refuse_until = Some(tokio::time::Instant::now() + refuse_for);
        let last = st.connections;
        st.shard = None;
        drop(st);
        self.inner.kill_connections.send_replace(last);
        self.inner.bump();
    }

    /// Answers the next `times` requests matching `method` and `route_pattern` (as in
    /// [`RecordedRequest::is`]) with `fault` instead of their real answer.
    pub fn fail_next(&self, method: &str, route_pattern: &str, times: usize, fault: RestFault) {
        self.inner.lock().faults.push(PendingFault {
            method: method.to_string(),
            pattern: route_pattern.to_string(),
            remaining: times,
            fault,
        });
    }

    /// Sets the heartbeat interval announced in HELLO to later connections (Discord's is
    /// about 41 s; a short one makes heartbeat problems show quickly).
    pub fn set_heartbeat_interval(&self, interval: Duration) {
        self.inner.lock().heartbeat_interval_ms = interval.as_millis().max(1) as u64;
    }

    /// Stops (or resumes) acknowledging heartbeats, like a connection that died silently.
    pub fn ignore_heartbeats(&self, ignore: bool) {
        self.inner.lock().ignore_heartbeats = ignore;
    }

    /// Number of heartbeats received so far.
    pub fn heartbeat_count(&self) -> usize {
        self.inner.lock().heartbeats
    }

    /// Number of RESUMEs answered with RESUMED so far.
    pub fn resumed_count(&self) -> usize {
        self.inner.lock().resumed
    }

    /// Number of events replayed after RESUMEs so far.
    pub fn replayed_count(&self) -> usize {
        self.inner.lock().replayed
    }

    /// Number of distinct client connections (peer addresses) the REST fake has served.
    pub fn rest_connections(&self) -> usize {
        let st = self.inner.lock();
        st.requests
            .iter()
            .filter_map(|r| r.peer)
            .collect::<HashSet<_>>()
            .len()
    }

    /// Sends a raw gateway frame to the connected shard, unchecked (for protocol tests).
    pub fn send_gateway_frame(&self, frame: Value) {
        let st = self.inner.lock();
        let (_, tx) = st.shard.as_ref().expect("fake Discord: no shard connected");
        tx.send(WsMessage::Text(frame.to_string()))
            .expect("fake Discord: shard connection closed");
    }

    /// Asks the shard to reconnect (op 7 RECONNECT); serenity then reconnects and RESUMEs.
    pub fn request_reconnect(&self) {
        self.send_gateway_frame(json!({"op": 7, "d": null}));
    }

    /// Makes the gateway refuse, like Discord does for privileged intents not enabled in the
    /// Developer Portal, any IDENTIFY asking for one of `mask`: it closes with code 4014.
    pub fn refuse_intents(&self, mask: u64) {
        self.inner.lock().refused_intents = mask;
    }

    /// Adds a role named `name` to `guild`, listed by `GET /guilds/{guild}/roles`.
    pub fn add_role(&self, guild: u64, id: u64, name: &str) {
        self.inner
            .lock()
            .named_roles
            .entry(guild.to_string())
            .or_default()
            .push((id.to_string(), name.to_string()));
    }

    /// Gives the bot a managed role `id` in `guild` (what Discord creates when a bot joins),
    /// listed by `GET /guilds/{guild}/roles` with `tags.bot_id` = [`BOT_ID`].
    pub fn add_bot_role(&self, guild: u64, id: u64) {
        self.inner
            .lock()
            .bot_roles
            .insert(guild.to_string(), id.to_string());
    }

    /// Serves `channel` (e.g. from [`thread_channel`] or [`forum_channel`]) at
    /// `GET /channels/{id}`.
    pub fn add_channel(&self, channel: Value) {
        let id = channel["id"].as_str().expect("a channel id").to_string();
        self.inner.lock().channels.insert(id, channel);
    }

    /// The member deleted message `id`: a reply referencing it is refused as Discord refuses
    /// it (`400`, `REPLIES_UNKNOWN_MESSAGE`) unless the reference says
    /// `fail_if_not_exists: false`.
    pub fn delete_message(&self, id: u64) {
        self.inner.lock().deleted_messages.insert(id.to_string());
    }

    /// Answers the next `times` REST requests matching `method` and `route_pattern` (as in
    /// [`FakeDiscord::fail_next`]) normally, but only after `delay`: a slow Discord.
    pub fn delay_next(&self, method: &str, route_pattern: &str, times: usize, delay: Duration) {
        self.inner.lock().delays.push(PendingDelay {
            method: method.to_string(),
            pattern: route_pattern.to_string(),
            remaining: times,
            delay,
        });
    }

    /// Answers `GET /gateway/bot` with 404, as a minimal proxy or fake that only knows
    /// `GET /gateway` would.
    pub fn without_bot_gateway(&self) {
        self.inner.lock().minimal_gateway = true;
    }

    /// How many IDENTIFYs were refused for their intents.
    pub fn refused_identifies(&self) -> usize {
        self.inner.lock().refused_identifies
    }

    /// Closes the current gateway connection from the server side (close code 4000).
    pub fn drop_gateway_connection(&self) {
        use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
        use tokio_tungstenite::tungstenite::protocol::CloseFrame;
        let st = self.inner.lock();
        if let Some((_, tx)) = &st.shard {
            let _ = tx.send(WsMessage::Close(Some(CloseFrame {
                code: CloseCode::Library(4000),
                reason: "fake Discord: closing".into(),
            })));
        }
    }

    /// Makes the REST fake know `invoker`'s guild, channel and member permissions, so that
    /// `GET /guilds/{g}`, `GET /channels/{c}` and `GET /guilds/{g}/members/{u}` answer and
    /// serenity's `Guild::user_permissions_in` (what poise's `required_permissions` uses)
    /// yields exactly `invoker.permissions`. Dispatching a guild interaction does this
    /// automatically; call it before dispatching a guild MESSAGE_CREATE that needs it.
    pub fn register_member(&self, invoker: &Invoker) {
        let Some(guild) = invoker.guild_id else {
            return;
        };
        let mut st = self.inner.lock();
        let (g, c) = (guild.to_string(), invoker.channel_id.to_string());
        st.channel_guilds.insert(c, g.clone());
        let uid = invoker.user["id"].as_str().unwrap_or("0").to_string();
        st.guild_members
            .entry(g)
            .or_default()
            .insert(uid, (invoker.user.clone(), invoker.permissions));
    }

    // ----- REST -----

    /// All requests recorded so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.lock().requests.clone()
    }

    /// Runs `f` on the requests recorded so far without copying them (for benchmarks that
    /// count thousands of requests).
    pub fn with_requests<T>(&self, f: impl FnOnce(&[RecordedRequest]) -> T) -> T {
        f(&self.inner.lock().requests)
    }

    /// Number of requests recorded so far; use as a mark (`r.index >= mark`) to only consider
    /// later requests in predicates.
    pub fn mark(&self) -> usize {
        self.inner.lock().requests.len()
    }

    /// Waits for the first recorded request (including ones recorded before the call) matching
    /// `pred` and returns it. Panics, listing every request seen, if none arrives within
    /// `timeout`; panics too if the matched request failed schema or limit checks.
    pub async fn wait_for_request(
        &self,
        pred: impl Fn(&RecordedRequest) -> bool,
        timeout: Duration,
    ) -> RecordedRequest {
        let found = self
            .wait_until(timeout, |st| st.requests.iter().find(|r| pred(r)).cloned())
            .await;
        let Some(req) = found else {
            let st = self.inner.lock();
            panic!(
                "fake Discord: no matching request within {timeout:?}. Requests seen:\n{}",
                format_requests(&st.requests)
            );
        };
        if !req.violations.is_empty() {
            let st = self.inner.lock();
            let v: Vec<_> = st
                .violations
                .iter()
                .filter(|v| v.request_index == req.index)
                .cloned()
                .collect();
            drop(st);
            self.mark_violations_reported();
            panic!(
                "fake Discord: the matched request is invalid:\n{}",
                format_violations(&v)
            );
        }
        req
    }

    /// Waits `within` and panics as soon as a request matching `pred` is (or already was)
    /// recorded. Restrict to new requests with a [`Self::mark`]: `|r| r.index >= mark && ...`.
    pub async fn assert_no_request_within(
        &self,
        pred: impl Fn(&RecordedRequest) -> bool,
        within: Duration,
    ) {
        if let Some(r) = self
            .wait_until(within, |st| st.requests.iter().find(|r| pred(r)).cloned())
            .await
        {
            panic!(
                "fake Discord: unexpected request {}.\nAll requests:\n{}",
                r.summary(),
                format_requests(&self.requests())
            );
        }
    }

    /// Panics unless the very first REST request was `GET /api/v10/gateway`, i.e. the client
    /// really talks to the fake (with the rate limiter enabled, serenity would bypass the
    /// proxy and contact discord.com).
    pub fn assert_first_request_is_gateway(&self) {
        let reqs = self.requests();
        let first = reqs.first().expect("fake Discord: no request received");
        assert!(
            first.method == "GET" && first.path == "/api/v10/gateway",
            "fake Discord: first request should be GET /api/v10/gateway, got {}",
            first.summary()
        );
    }

    /// All schema/limit violations recorded so far.
    pub fn violations(&self) -> Vec<Violation> {
        self.inner.lock().violations.clone()
    }

    /// Returns and clears the recorded violations (for tests that provoke them on purpose).
    pub fn take_violations(&self) -> Vec<Violation> {
        let mut st = self.inner.lock();
        st.violations_reported = 0;
        std::mem::take(&mut st.violations)
    }

    /// Panics, listing them, if any request failed schema or limit checks.
    pub fn assert_valid_requests(&self) {
        let v = self.violations();
        if !v.is_empty() {
            self.mark_violations_reported();
            panic!(
                "fake Discord: the bot sent {} invalid request(s):\n{}",
                v.len(),
                format_violations(&v)
            );
        }
    }

    /// The commands registered by the last `PUT /applications/{app}/commands` (as answered,
    /// with ids), plus any created one by one.
    pub fn global_commands(&self) -> Vec<Value> {
        self.inner.lock().global_commands.clone()
    }

    /// The commands registered for `guild_id`.
    pub fn guild_commands(&self, guild_id: u64) -> Vec<Value> {
        self.inner
            .lock()
            .guild_commands
            .get(&guild_id.to_string())
            .cloned()
            .unwrap_or_default()
    }

    /// The current `@original` response of the interaction with this token (after callbacks
    /// and edits), if any.
    pub fn original_response(&self, interaction_token: &str) -> Option<Value> {
        self.inner.lock().originals.get(interaction_token).cloned()
    }

    fn mark_violations_reported(&self) {
        let mut st = self.inner.lock();
        st.violations_reported = st.violations.len();
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&FakeState) -> Option<T>,
    ) -> Option<T> {
        let mut rx = self.inner.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if let Some(v) = check(&self.inner.lock()) {
                return Some(v);
            }
            if tokio::time::timeout_at(deadline, rx.changed())
                .await
                .is_err()
            {
                return check(&self.inner.lock());
            }
        }
    }
}

/// Learns interaction channels, guilds, channels and member permissions from a dispatched
/// payload, so that later REST lookups about them can be answered.
fn remember_dispatched(st: &mut FakeState, d: &Value) {
    if let (Some(token), Some(channel)) = (d["token"].as_str(), d["channel_id"].as_str()) {
        st.interaction_channels
            .insert(token.to_string(), channel.to_string());
    }
    let (Some(guild), Some(channel)) = (d["guild_id"].as_str(), d["channel_id"].as_str()) else {
        return;
    };
    st.channel_guilds
        .insert(channel.to_string(), guild.to_string());
    let members = st.guild_members.entry(guild.to_string()).or_default();
    let member = &d["member"];
    if let (Some(uid), Some(perms)) = (
        member["user"]["id"].as_str(),
        member["permissions"]
            .as_str()
            .and_then(|p| p.parse::<u64>().ok()),
    ) {
        members.insert(uid.to_string(), (member["user"].clone(), perms));
    }
}

/// The role that carries a registered member's permissions.
fn member_role_id(user_id: &str) -> String {
    (user_id.parse::<u64>().unwrap_or(0) | (1 << 62)).to_string()
}

fn role_json(id: &str, name: &str, permissions: u64) -> Value {
    json!({
        "id": id,
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false,
        "managed": false,
        "mentionable": false,
        "permissions": permissions.to_string(),
        "position": 0,
        "icon": null,
        "unicode_emoji": null,
        "flags": 0,
    })
}

/// A guild as `GET /guilds/{id}` returns it: owned by [`OWNER_ID`], `@everyone` without
/// permissions, and one role per registered member carrying that member's permissions.
fn guild_json(guild: &str, members: &HashMap<String, (Value, u64)>) -> Value {
    let mut roles = vec![role_json(guild, "@everyone", 0)];
    for (uid, (_, perms)) in members {
        roles.push(role_json(
            &member_role_id(uid),
            &format!("perms-of-{uid}"),
            *perms,
        ));
    }
    json!({
        "id": guild,
        "name": "Fake Guild",
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": OWNER_ID,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": roles,
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
    })
}

fn guild_channel_json(channel: &str, guild: &str) -> Value {
    json!({
        "id": channel,
        "type": 0,
        "guild_id": guild,
        "name": format!("channel-{channel}"),
        "position": 0,
        "permission_overwrites": [],
        "nsfw": false,
        "topic": null,
        "parent_id": null,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
    })
}

fn guild_member_json(user_id: &str, user: &Value) -> Value {
    member_json(user, json!([member_role_id(user_id)]))
}

/// A guild member object with every key serenity requires.
fn member_json(user: &Value, roles: Value) -> Value {
    json!({
        "user": user,
        "roles": roles,
        "joined_at": TIMESTAMP,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "nick": null,
        "avatar": null,
        "premium_since": null,
        "communication_disabled_until": null,
    })
}

/// With `FAKE_DISCORD_LOG` set (an `EnvFilter` directive such as `serenity=debug,faqbot=debug`)
/// logs of serenity and the bot are printed in the test output.
fn init_logging() {
    if let Ok(filter) = std::env::var("FAKE_DISCORD_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    }
}

fn format_requests(reqs: &[RecordedRequest]) -> String {
    if reqs.is_empty() {
        return "  (none)".to_string();
    }
    reqs.iter()
        .map(|r| format!("  {}", r.summary()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn format_violations(v: &[Violation]) -> String {
    v.iter()
        .map(|v| format!("  {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

fn route_matches(route: &str, pattern: &str) -> bool {
    let r: Vec<&str> = route.trim_matches('/').split('/').collect();
    let p: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    r.len() == p.len() && r.iter().zip(&p).all(|(r, p)| *p == "*" || r == p)
}

// ---------------------------------------------------------------------------------------------
// Dispatch checking
// ---------------------------------------------------------------------------------------------

/// Checks that serenity 0.12 deserializes `{"op":0,"t":event_type,"s":1,"d":d}` into a known
/// `Event` (not `Event::Unknown`, which serenity drops without running any handler).
/// The error explains why, using the typed model for common events.
pub fn check_dispatch(event_type: &str, d: &Value) -> Result<(), String> {
    use serenity::model::event::{Event, GatewayEvent};
    let frame = json!({"op": 0, "t": event_type, "s": 1, "d": d});
    match serde_json::from_value::<GatewayEvent>(frame) {
        Ok(GatewayEvent::Dispatch(_, Event::Unknown(_))) => Err(format!(
            "serenity parses it as Event::Unknown and would silently drop it: {}",
            typed_error(event_type, d)
        )),
        Ok(GatewayEvent::Dispatch(_, _)) => Ok(()),
        Ok(other) => Err(format!("not a dispatch: {other:?}")),
        Err(e) => Err(format!("does not deserialize as a GatewayEvent: {e}")),
    }
}

fn typed_error(event_type: &str, d: &Value) -> String {
    use serenity::model::prelude as m;
    fn err<T: serde::de::DeserializeOwned>(d: &Value) -> String {
        match serde_json::from_value::<T>(d.clone()) {
            Ok(_) => "the typed model accepts it, but the event type is unknown".into(),
            Err(e) => e.to_string(),
        }
    }
    match event_type {
        "MESSAGE_CREATE" => err::<m::Message>(d),
        "INTERACTION_CREATE" => err::<m::Interaction>(d),
        "GUILD_CREATE" => err::<m::Guild>(d),
        "READY" => err::<m::Ready>(d),
        "MESSAGE_UPDATE" => err::<m::MessageUpdateEvent>(d),
        _ => format!("unknown event type {event_type:?} or payload rejected"),
    }
}

// ---------------------------------------------------------------------------------------------
// Gateway server
// ---------------------------------------------------------------------------------------------

/// Accepts gateway connections; during an outage the port is closed (connections refused)
/// and bound again when it ends.
async fn gateway_accept_loop(inner: Arc<Inner>, listener: TcpListener, addr: SocketAddr) {
    let mut listener = Some(listener);
    let mut kills = inner.kill_connections.subscribe();
    loop {
        let refuse_until = inner.lock().refuse_until;
        if let Some(until) = refuse_until {
            drop(listener.take());
            tokio::time::sleep_until(until).await;
            while listener.is_none() {
                match TcpListener::bind(addr).await {
                    Ok(l) => listener = Some(l),
                    Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
            inner.lock().refuse_until = None;
            inner.bump();
        }
        let Some(l) = listener.as_ref() else { continue };
        tokio::select! {
            accepted = l.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(gateway_connection(inner.clone(), stream));
                }
            }
            _ = kills.changed() => {} // an outage may have started: look again
        }
    }
}

async fn gateway_connection(inner: Arc<Inner>, stream: TcpStream) {
    // Closing with linger 0 sends a TCP reset, which is what an outage cut looks like (and a
    // zero linger never blocks on drop, which is what tokio's deprecation warns about).
    #[allow(deprecated)]
    let _ = stream.set_linger(Some(Duration::ZERO));
    let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let mut kill = inner.kill_connections.subscribe();
    let (mut sink, mut source) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<WsMessage>();
    let conn = {
        let mut st = inner.lock();
        st.connections += 1;
        st.shard = Some((st.connections, tx.clone()));
        st.connections
    };
    inner.bump();
    let interval = match inner.lock().heartbeat_interval_ms {
        0 => 41250,
        ms => ms,
    };
    let _ = tx.send(WsMessage::Text(
        json!({"op": 10, "d": {"heartbeat_interval": interval}}).to_string(),
    ));

    loop {
        tokio::select! {
            () = killed(&mut kill, conn) => return, // dropped: reset, no close frame
            out = rx.recv() => {
                let Some(msg) = out else { break };
                let closing = matches!(msg, WsMessage::Close(_));
                if sink.send(msg).await.is_err() || closing {
                    // After our close frame, keep reading until the peer answers.
                    if closing {
                        drain(&mut source).await;
                    }
                    break;
                }
            }
            incoming = source.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => handle_gateway_frame(&inner, conn, &tx, &text),
                Some(Ok(WsMessage::Close(frame))) => {
                    // Answer the close handshake (tungstenite queues the reply; sending Close
                    // flushes it), then drain until the stream ends.
                    let _ = sink.send(WsMessage::Close(frame)).await;
                    drain(&mut source).await;
                    break;
                }
                Some(Ok(_)) => {} // binary/ping/pong: tungstenite answers pings itself
                Some(Err(_)) | None => break,
            },
        }
    }

    let mut st = inner.lock();
    if matches!(st.shard, Some((c, _)) if c == conn) {
        st.shard = None;
    }
    drop(st);
    inner.bump();
}

/// Completes when connection `conn` is to be cut by an outage.
async fn killed(kill: &mut watch::Receiver<usize>, conn: usize) {
    if kill.wait_for(|k| *k >= conn).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Reads (and discards) until the websocket ends, for at most 5 s.
async fn drain<S: futures_util::Stream + Unpin>(source: &mut S) {
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while source.next().await.is_some() {}
    })
    .await;
}

fn handle_gateway_frame(
    inner: &Inner,
    conn: usize,
    tx: &mpsc::UnboundedSender<WsMessage>,
    text: &str,
) {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let mut st = inner.lock();
    st.gateway_received.push(frame.clone());
    match frame["op"].as_u64() {
        Some(1) => {
            st.heartbeats += 1;
            if !st.ignore_heartbeats {
                let _ = tx.send(WsMessage::Text(json!({"op": 11}).to_string()));
            }
        }
        Some(2) if frame["d"]["intents"].as_u64().unwrap_or(0) & st.refused_intents != 0 => {
            use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
            use tokio_tungstenite::tungstenite::protocol::CloseFrame;
            st.identifies.push(frame["d"].clone());
            st.refused_identifies += 1;
            let _ = tx.send(WsMessage::Close(Some(CloseFrame {
                code: CloseCode::Library(4014),
                reason: "Disallowed intent(s).".into(),
            })));
        }
        Some(2) => {
            let d = frame["d"].clone();
            let shard = d.get("shard").cloned().unwrap_or(json!([0, 1]));
            st.identifies.push(d);
            st.seq += 1;
            st.sessions.insert(format!("fake-session-{conn}"));
            let ready = json!({
                "op": 0, "t": "READY", "s": st.seq,
                "d": {
                    "v": 10,
                    "user": bot_user(),
                    "guilds": [],
                    "session_id": format!("fake-session-{conn}"),
                    "resume_gateway_url": inner.gateway_url,
                    "shard": shard,
                    "application": {"id": BOT_ID, "flags": 0},
                }
            });
            let _ = tx.send(WsMessage::Text(ready.to_string()));
            st.readies += 1;
        }
        Some(6) => {
            st.resumes.push(frame["d"].clone());
            let known = frame["d"]["session_id"]
                .as_str()
                .is_some_and(|s| st.sessions.contains(s));
            if !known {
                // Not resumable: the client must IDENTIFY again.
                let _ = tx.send(WsMessage::Text(json!({"op": 9, "d": false}).to_string()));
            } else {
                // Replay what the session missed, then RESUMED, as Discord does.
                let after = frame["d"]["seq"].as_u64().unwrap_or(0);
                let missed: Vec<String> = st
                    .dispatched
                    .iter()
                    .filter(|(seq, _)| *seq > after)
                    .map(|(_, f)| f.clone())
                    .collect();
                st.replayed += missed.len();
                for f in missed {
                    let _ = tx.send(WsMessage::Text(f));
                }
                st.seq += 1;
                let resumed = json!({"op": 0, "t": "RESUMED", "s": st.seq, "d": {}});
                let _ = tx.send(WsMessage::Text(resumed.to_string()));
                st.resumed += 1;
            }
        }
        _ => {}
    }
    drop(st);
    inner.bump();
}

// ---------------------------------------------------------------------------------------------
// REST server
// ---------------------------------------------------------------------------------------------

/// Which extra (non-schema) checks a route's body gets.
#[derive(Clone, Copy)]
enum LimitKind {
    /// A message body; `true` if an empty message is an error (creations).
    Message(bool),
    InteractionCallback,
    Commands,
    Command,
}

struct Outcome {
    status: StatusCode,
    body: Value,
}

fn ok(body: Value) -> Outcome {
    Outcome {
        status: StatusCode::OK,
        body,
    }
}

fn no_content() -> Outcome {
    Outcome {
        status: StatusCode::NO_CONTENT,
        body: Value::Null,
    }
}

fn not_found(message: &str, code: u64) -> Outcome {
    Outcome {
        status: StatusCode::NOT_FOUND,
        body: json!({"message": message, "code": code}),
    }
}

async fn rest_handler(
    State(inner): State<Arc<Inner>>,
    peer: Option<axum::extract::ConnectInfo<SocketAddr>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let route = strip_api_prefix(&path).to_string();
    let raw_query = uri.query().map(str::to_string);
    let query = parse_query(raw_query.as_deref().unwrap_or(""));
    let header_map: HashMap<String, String> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let raw_body = String::from_utf8_lossy(&bytes).into_owned();
    let content_type = header_map.get("content-type").cloned().unwrap_or_default();
    let body = parse_body(&content_type, &raw_body);

    let segs: Vec<&str> = route.trim_matches('/').split('/').collect();
    let method_s = method.as_str().to_string();
    let check = classify(&method_s, &segs);

    // Validate first (no lock held: validation may take a moment).
    let mut problems = Vec::new();
    if let Some((schema_route, kind)) = check {
        match &body {
            None => problems.push(Problem::new("", "expected a JSON request body")),
            Some(b) => {
                problems.extend(validate_against_schema(schema_route, b));
                problems.extend(limit_problems(kind, b));
            }
        }
    }

    let delay = take_delay(&mut inner.lock(), &method_s, &route);
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let mut fault_headers: Vec<(&'static str, String)> = Vec::new();
    let fault = take_fault(&mut inner.lock(), &method_s, &route);
    let outcome = if let Some(fault) = fault {
        fault_outcome(&fault, &mut fault_headers)
    } else if problems.is_empty() {
        let mut st = inner.lock();
        answer(&inner, &mut st, &method_s, &segs, body.as_ref())
    } else {
        Outcome {
            status: StatusCode::BAD_REQUEST,
            body: discord_form_error(&problems),
        }
    };

    // Self-check: a Message we answer must be readable by serenity, or the bot's call fails
    // for a reason that is the harness's fault.
    let harness_error = (outcome.body.get("author").is_some()
        && outcome.body.get("timestamp").is_some())
    .then(|| {
        serde_json::from_value::<serenity::model::channel::Message>(outcome.body.clone()).err()
    })
    .flatten();

    {
        let mut st = inner.lock();
        let index = st.requests.len();
        let mut violations: Vec<String> = problems.iter().map(Problem::to_string).collect();
        if let Some(e) = harness_error {
            let problem = format!(
                "fake Discord bug: its answer does not deserialize as a serenity Message: {e}"
            );
            violations.push(problem.clone());
            st.violations.push(Violation {
                request_index: index,
                request: format!("{method_s} {route}"),
                schema_route: "(fake Discord response)",
                problems: vec![problem],
                body: outcome.body.clone(),
            });
        }
        if let (false, Some((schema_route, _))) = (problems.is_empty(), check) {
            st.violations.push(Violation {
                request_index: index,
                request: format!("{method_s} {route}"),
                schema_route,
                problems: problems.iter().map(Problem::to_string).collect(),
                body: body.clone().unwrap_or(Value::String(raw_body.clone())),
            });
        }
        st.requests.push(RecordedRequest {
            index,
            method: method_s,
            path,
            route,
            raw_query,
            query,
            headers: header_map,
            body,
            raw_body,
            status: outcome.status.as_u16(),
            response: outcome.body.clone(),
            schema_route: check.map(|c| c.0),
            violations,
            at: std::time::Instant::now(),
            peer: peer.map(|p| p.0),
        });
    }
    inner.bump();

    let mut response = if outcome.body.is_null() {
        outcome.status.into_response()
    } else {
        (
            outcome.status,
            [(header::CONTENT_TYPE, "application/json")],
            outcome.body.to_string(),
        )
            .into_response()
    };
    for (name, value) in fault_headers {
        if let Ok(v) = axum::http::HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, v);
        }
    }
    response
}

/// The first pending delay for this request, used up by one.
fn take_delay(st: &mut FakeState, method: &str, route: &str) -> Option<Duration> {
    let i = st.delays.iter().position(|d| {
        d.remaining > 0 && d.method.eq_ignore_ascii_case(method) && route_matches(route, &d.pattern)
    })?;
    st.delays[i].remaining -= 1;
    let delay = st.delays[i].delay;
    if st.delays[i].remaining == 0 {
        st.delays.remove(i);
    }
    Some(delay)
}

/// The first pending fault for this request, used up by one.
fn take_fault(st: &mut FakeState, method: &str, route: &str) -> Option<RestFault> {
    let i = st.faults.iter().position(|f| {
        f.remaining > 0 && f.method.eq_ignore_ascii_case(method) && route_matches(route, &f.pattern)
    })?;
    st.faults[i].remaining -= 1;
    let fault = st.faults[i].fault.clone();
    if st.faults[i].remaining == 0 {
        st.faults.remove(i);
    }
    Some(fault)
}

/// The answer of a fault, with the headers Discord sends with it.
fn fault_outcome(fault: &RestFault, headers: &mut Vec<(&'static str, String)>) -> Outcome {
    match fault {
        RestFault::Status(code) => Outcome {
            status: StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: json!({"message": "fake Discord: injected server error", "code": 0}),
        },
        RestFault::RateLimited { retry_after } => {
            headers.push(("retry-after", (retry_after.ceil() as u64).to_string()));
            headers.push(("x-ratelimit-limit", "5".into()));
            headers.push(("x-ratelimit-remaining", "0".into()));
            headers.push(("x-ratelimit-reset-after", format!("{retry_after:.3}")));
            headers.push(("x-ratelimit-bucket", "fake-bucket".into()));
            headers.push(("x-ratelimit-scope", "user".into()));
            Outcome {
                status: StatusCode::TOO_MANY_REQUESTS,
                body: json!({
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": false,
                }),
            }
        }
    }
}

fn strip_api_prefix(path: &str) -> &str {
    if let Some(rest) = path.strip_prefix("/api/v") {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && (rest[digits..].is_empty() || rest[digits..].starts_with('/')) {
            return &rest[digits..];
        }
    }
    path
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_body(content_type: &str, raw: &str) -> Option<Value> {
    if raw.trim().is_empty() {
        return None;
    }
    if let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    {
        let boundary = boundary.trim_matches('"');
        for part in raw.split(&format!("--{boundary}")) {
            if part.contains("name=\"payload_json\"") {
                let json_text = part.split_once("\r\n\r\n").map(|(_, b)| b.trim_end())?;
                return serde_json::from_str(json_text).ok();
            }
        }
        return None;
    }
    serde_json::from_str(raw).ok()
}

/// The schema key and extra checks for a method + route, if its body is validated.
fn classify(method: &str, segs: &[&str]) -> Option<(&'static str, LimitKind)> {
    Some(match (method, segs) {
        ("POST", ["channels", _, "messages"]) => (SCHEMA_ROUTES[0], LimitKind::Message(true)),
        ("PATCH", ["channels", _, "messages", _]) => (SCHEMA_ROUTES[1], LimitKind::Message(false)),
        ("POST", ["interactions", _, _, "callback"]) => {
            (SCHEMA_ROUTES[2], LimitKind::InteractionCallback)
        }
        ("PUT", ["applications", _, "commands"]) => (SCHEMA_ROUTES[3], LimitKind::Commands),
        ("POST", ["applications", _, "commands"]) => (SCHEMA_ROUTES[4], LimitKind::Command),
        ("PUT", ["applications", _, "guilds", _, "commands"]) => {
            (SCHEMA_ROUTES[5], LimitKind::Commands)
        }
        ("POST", ["applications", _, "guilds", _, "commands"]) => {
            (SCHEMA_ROUTES[6], LimitKind::Command)
        }
        ("POST", ["webhooks", _, _]) => (SCHEMA_ROUTES[7], LimitKind::Message(true)),
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) => {
            (SCHEMA_ROUTES[8], LimitKind::Message(false))
        }
        ("PATCH", ["webhooks", _, _, "messages", _]) => {
            (SCHEMA_ROUTES[9], LimitKind::Message(false))
        }
        _ => return None,
    })
}

/// Builds the answer of a request whose body (if checked) is valid.
fn answer(
    inner: &Inner,
    st: &mut FakeState,
    method: &str,
    segs: &[&str],
    body: Option<&Value>,
) -> Outcome {
    let null = Value::Null;
    let body = body.unwrap_or(&null);
    match (method, segs) {
        ("GET", ["gateway"]) => ok(json!({"url": inner.gateway_url})),
        ("GET", ["gateway", "bot"]) if st.minimal_gateway => Outcome {
            status: StatusCode::NOT_FOUND,
            body: json!({"message": "404: Not Found", "code": 0}),
        },
        ("GET", ["gateway", "bot"]) => ok(json!({
            "url": inner.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1
            }
        })),
        ("GET", ["users", "@me"]) => ok(bot_user()),
        ("GET", ["oauth2", "applications", "@me"]) => ok(application_info()),
        ("GET", ["applications", "@me"]) => ok(application_info()),

        ("PUT", ["applications", app, "commands"]) => {
            let cmds = echo_commands(st, app, None, body);
            st.global_commands = cmds.clone();
            ok(Value::Array(cmds))
        }
        ("PUT", ["applications", app, "guilds", guild, "commands"]) => {
            let cmds = echo_commands(st, app, Some(guild), body);
            st.guild_commands.insert(guild.to_string(), cmds.clone());
            ok(Value::Array(cmds))
        }
        ("POST", ["applications", app, "commands"]) => {
            let cmd = echo_command(st, app, None, body);
            st.global_commands.retain(|c| c["name"] != cmd["name"]);
            st.global_commands.push(cmd.clone());
            ok(cmd)
        }
        ("POST", ["applications", app, "guilds", guild, "commands"]) => {
            let cmd = echo_command(st, app, Some(guild), body);
            let list = st.guild_commands.entry(guild.to_string()).or_default();
            list.retain(|c| c["name"] != cmd["name"]);
            list.push(cmd.clone());
            ok(cmd)
        }
        ("GET", ["applications", _, "commands"]) => ok(Value::Array(st.global_commands.clone())),
        ("GET", ["applications", _, "guilds", guild, "commands"]) => ok(Value::Array(
            st.guild_commands.get(*guild).cloned().unwrap_or_default(),
        )),

        ("POST", ["channels", _, "messages"])
            if body["message_reference"]["message_id"]
                .as_str()
                .is_some_and(|m| st.deleted_messages.contains(m))
                && body["message_reference"]["fail_if_not_exists"] != false =>
        {
            Outcome {
                status: StatusCode::BAD_REQUEST,
                body: json!({
                    "code": 50035,
                    "message": "Invalid Form Body",
                    "errors": {"message_reference": {"_errors": [
                        {"code": "REPLIES_UNKNOWN_MESSAGE", "message": "Unknown message"}
                    ]}}
                }),
            }
        }
        ("POST", ["channels", channel, "messages"]) => {
            // With `enforce_nonce`, a repeated nonce returns the message it created (Discord
            // does so for a few minutes), so a retried creation posts nothing twice.
            let nonce = (body["enforce_nonce"] == true)
                .then(|| body["nonce"].as_str().map(|n| format!("{channel}/{n}")))
                .flatten();
            if let Some(existing) = nonce.as_ref().and_then(|n| st.nonces.get(n)) {
                return ok(existing.clone());
            }
            let id = next_id(st);
            let msg = response_message(id, channel, body, None);
            st.messages.insert(id.to_string(), msg.clone());
            if let Some(n) = nonce {
                st.nonces.insert(n, msg.clone());
            }
            ok(msg)
        }
        ("PATCH", ["channels", channel, "messages", message]) => {
            let base = st
                .messages
                .get(*message)
                .cloned()
                .unwrap_or_else(|| response_message_str(message, channel, &json!({}), None));
            let msg = merge_message(base, body);
            st.messages.insert(message.to_string(), msg.clone());
            ok(msg)
        }
        ("DELETE", ["channels", _, "messages", _]) => no_content(),
        ("GET", ["guilds", guild]) => match st.guild_members.get(*guild) {
            Some(members) => ok(guild_json(guild, members)),
            None => not_found("Unknown Guild", 10004),
        },
        ("GET", ["guilds", guild, "roles"]) => {
            let mut roles = vec![role_json(guild, "@everyone", 0)];
            for (id, name) in st.named_roles.get(*guild).into_iter().flatten() {
                roles.push(role_json(id, name, 0));
            }
            if let Some(id) = st.bot_roles.get(*guild) {
                roles.push(bot_role(id.parse().unwrap_or(0)));
            }
            ok(Value::Array(roles))
        }
        ("GET", ["guilds", guild, "members", user]) => {
            match st.guild_members.get(*guild).and_then(|m| m.get(*user)) {
                Some((u, _)) => ok(guild_member_json(user, u)),
                None => not_found("Unknown Member", 10007),
            }
        }
        ("GET", ["channels", channel]) if st.channels.contains_key(*channel) => {
            ok(st.channels[*channel].clone())
        }
        ("GET", ["channels", channel]) => match st.channel_guilds.get(*channel) {
            Some(guild) => ok(guild_channel_json(channel, guild)),
            None => not_found("Unknown Channel", 10003),
        },
        ("POST", ["channels", _, "typing"]) => no_content(),
        ("PUT" | "DELETE", ["channels", _, "messages", _, "reactions", _, _]) => no_content(),

        ("POST", ["interactions", _, token, "callback"]) => {
            let data = &body["data"];
            let channel = interaction_channel(st, token);
            match body["type"].as_u64() {
                // CHANNEL_MESSAGE_WITH_SOURCE / DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
                Some(4) | Some(5) => {
                    let id = next_id(st);
                    let mut msg = response_message(id, &channel, data, Some(BOT_ID));
                    msg["type"] = json!(20);
                    if body["type"] == 5 {
                        msg["flags"] = json!((data["flags"].as_u64().unwrap_or(0)) | 128);
                    }
                    st.originals.insert(token.to_string(), msg);
                }
                // UPDATE_MESSAGE: the component's message becomes the original.
                Some(7) => {
                    let base = st.originals.get(*token).cloned().unwrap_or_else(|| {
                        let id = next_id(st);
                        response_message(id, &channel, &json!({}), Some(BOT_ID))
                    });
                    st.originals
                        .insert(token.to_string(), merge_message(base, data));
                }
                _ => {}
            }
            no_content()
        }
        ("GET", ["webhooks", _, token, "messages", "@original"]) => {
            match st.originals.get(*token) {
                Some(m) => ok(m.clone()),
                None => not_found("Unknown Message", 10008),
            }
        }
        ("PATCH", ["webhooks", _, token, "messages", "@original"]) => {
            let channel = interaction_channel(st, token);
            let base = st.originals.get(*token).cloned().unwrap_or_else(|| {
                let id = next_id(st);
                response_message(id, &channel, &json!({}), Some(BOT_ID))
            });
            let msg = merge_message(base, body);
            st.originals.insert(token.to_string(), msg.clone());
            ok(msg)
        }
        ("DELETE", ["webhooks", _, token, "messages", "@original"]) => {
            st.originals.remove(*token);
            no_content()
        }
        ("POST", ["webhooks", _, token]) => {
            let id = next_id(st);
            let channel = interaction_channel(st, token);
            let msg = response_message(id, &channel, body, Some(BOT_ID));
            st.messages.insert(id.to_string(), msg.clone());
            ok(msg)
        }
        ("GET", ["webhooks", _, _, "messages", message]) => match st.messages.get(*message) {
            Some(m) => ok(m.clone()),
            None => not_found("Unknown Message", 10008),
        },
        ("PATCH", ["webhooks", _, token, "messages", message]) => {
            let channel = interaction_channel(st, token);
            let base = st.messages.get(*message).cloned().unwrap_or_else(|| {
                response_message_str(message, &channel, &json!({}), Some(BOT_ID))
            });
            let msg = merge_message(base, body);
            st.messages.insert(message.to_string(), msg.clone());
            ok(msg)
        }
        ("DELETE", ["webhooks", _, _, "messages", _]) => no_content(),

        _ => not_found("Unknown", 0),
    }
}

/// The channel of the dispatched interaction with this token ("1" if unknown).
fn interaction_channel(st: &FakeState, token: &str) -> String {
    st.interaction_channels
        .get(token)
        .cloned()
        .unwrap_or_else(|| "1".to_string())
}

fn next_id(st: &mut FakeState) -> u64 {
    st.next_id += 1;
    st.next_id
}

fn application_info() -> Value {
    json!({
        "id": BOT_ID,
        "name": BOT_USERNAME,
        "icon": null,
        "description": "fake application",
        "rpc_origins": [],
        "bot_public": false,
        "bot_require_code_grant": false,
        "owner": user(OWNER_ID.parse().unwrap(), "owner"),
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "team": null,
        "flags": 0,
        "bot": bot_user(),
    })
}

fn echo_commands(st: &mut FakeState, app: &str, guild: Option<&str>, body: &Value) -> Vec<Value> {
    body.as_array()
        .map(|cmds| {
            cmds.iter()
                .map(|c| echo_command(st, app, guild, c))
                .collect()
        })
        .unwrap_or_default()
}

/// A `Command` object as Discord would return it for a create/update request `c`.
fn echo_command(st: &mut FakeState, app: &str, guild: Option<&str>, c: &Value) -> Value {
    let id = next_id(st);
    let mut cmd = c.clone();
    let Some(obj) = cmd.as_object_mut() else {
        return cmd;
    };
    obj.insert("id".into(), json!(id.to_string()));
    obj.insert("application_id".into(), json!(app));
    obj.insert("version".into(), json!(id.to_string()));
    if let Some(g) = guild {
        obj.insert("guild_id".into(), json!(g));
    }
    if obj.get("type").is_none_or(Value::is_null) {
        obj.insert("type".into(), json!(1));
    }
    if obj.get("description").is_none_or(Value::is_null) {
        obj.insert("description".into(), json!(""));
    }
    if let Some(perms) = obj
        .get("default_member_permissions")
        .and_then(Value::as_u64)
    {
        obj.insert(
            "default_member_permissions".into(),
            json!(perms.to_string()),
        );
    }
    fn fix_options(v: &mut Value) {
        if let Some(opts) = v.get_mut("options").and_then(Value::as_array_mut) {
            for o in opts {
                if o.get("description").is_none_or(Value::is_null) {
                    o["description"] = json!("");
                }
                fix_options(o);
            }
        }
    }
    fix_options(&mut cmd);
    cmd
}

/// A Message authored by the bot (or by the application's webhook when `webhook` is set) for a
/// message create/response request body.
fn response_message(id: u64, channel: &str, body: &Value, webhook: Option<&str>) -> Value {
    response_message_str(&id.to_string(), channel, body, webhook)
}

fn response_message_str(id: &str, channel: &str, body: &Value, webhook: Option<&str>) -> Value {
    let mut msg = json!({
        "id": id,
        "channel_id": channel,
        "author": bot_user(),
        "content": body["content"].as_str().unwrap_or(""),
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": body["tts"].as_bool().unwrap_or(false),
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds").filter(|e| e.is_array()).cloned().unwrap_or(json!([])),
        "components": body.get("components").filter(|e| e.is_array()).cloned().unwrap_or(json!([])),
        "pinned": false,
        "type": 0,
        "flags": body["flags"].as_u64().unwrap_or(0),
    });
    if let Some(app) = webhook {
        msg["webhook_id"] = json!(app);
        msg["application_id"] = json!(app);
    }
    ensure_deserializable(msg)
}

/// Applies an edit body (content/embeds/components/flags) to a stored message.
fn merge_message(mut base: Value, edit: &Value) -> Value {
    for key in ["content", "embeds", "components", "flags"] {
        if let Some(v) = edit.get(key).filter(|v| !v.is_null()) {
            base[key] = v.clone();
        }
    }
    base["edited_timestamp"] = json!(TIMESTAMP);
    ensure_deserializable(base)
}

/// Makes sure serenity can read the message we answer (echoed embeds/components could in
/// theory trip its model); falls back to dropping them.
fn ensure_deserializable(mut msg: Value) -> Value {
    use serenity::model::channel::Message;
    if serde_json::from_value::<Message>(msg.clone()).is_ok() {
        return msg;
    }
    msg["embeds"] = json!([]);
    msg["components"] = json!([]);
    msg
}

// ---------------------------------------------------------------------------------------------
// Schema validation
// ---------------------------------------------------------------------------------------------

/// One problem found in a request body: a `/`-separated JSON path and a message.
#[derive(Clone, Debug)]
struct Problem {
    path: String,
    message: String,
}

impl Problem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(body)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Discord's `50035 Invalid Form Body` error, with `errors` nested by path like the real API.
fn discord_form_error(problems: &[Problem]) -> Value {
    let mut errors = Value::Object(Map::new());
    for p in problems {
        let mut node = &mut errors;
        for seg in p.path.split('/').filter(|s| !s.is_empty()) {
            if !node.is_object() {
                break;
            }
            node = node
                .as_object_mut()
                .unwrap()
                .entry(seg.to_string())
                .or_insert_with(|| json!({}));
        }
        if node.is_object() {
            let list = node
                .as_object_mut()
                .unwrap()
                .entry("_errors")
                .or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(json!({"code": "FAKE_DISCORD_INVALID", "message": p.message}));
            }
        }
    }
    json!({"code": 50035, "message": "Invalid Form Body", "errors": errors})
}

struct RouteSchema {
    /// The route's full requestBody schema.
    full: jsonschema::JSONSchema,
    /// For top-level `anyOf`/`oneOf` bodies: each branch, for precise error messages.
    branches: Vec<(String, jsonschema::JSONSchema)>,
}

fn schemas() -> &'static HashMap<&'static str, RouteSchema> {
    static SCHEMAS: OnceLock<HashMap<&'static str, RouteSchema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let fixture: Value =
            serde_json::from_str(SCHEMA_FIXTURE).expect("discord-openapi-subset.json is JSON");
        let components = fixture["components"].clone();
        let compile = |schema: &Value| -> jsonschema::JSONSchema {
            // One root document holding the components, so `#/components/schemas/X` resolves.
            // OpenAPI 3.1 is JSON Schema 2020-12; jsonschema 0.18 without its draft202012
            // feature offers draft 7, which covers every keyword this subset uses (type
            // arrays, const, oneOf/anyOf/allOf, enum, min/max*, pattern, uniqueItems). `$ref`
            // siblings are only descriptions, which draft 7 may ignore.
            let root = json!({"components": components, "allOf": [schema]});
            jsonschema::JSONSchema::options()
                .with_draft(jsonschema::Draft::Draft7)
                .should_validate_formats(true)
                .should_ignore_unknown_formats(true) // snowflake, int32, int64, double, nonce
                .compile(&root)
                .unwrap_or_else(|e| panic!("request schema does not compile: {e}"))
        };
        SCHEMA_ROUTES
            .iter()
            .map(|&key| {
                let schema = &fixture["requests"][key];
                assert!(
                    schema.is_object(),
                    "fixture has no request schema for {key}"
                );
                let branches = schema
                    .get("anyOf")
                    .or_else(|| schema.get("oneOf"))
                    .and_then(Value::as_array)
                    .map(|alts| {
                        alts.iter()
                            .map(|alt| {
                                let name = alt["$ref"]
                                    .as_str()
                                    .and_then(|r| r.rsplit('/').next())
                                    .unwrap_or("alternative")
                                    .to_string();
                                (name, compile(alt))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (
                    key,
                    RouteSchema {
                        full: compile(schema),
                        branches,
                    },
                )
            })
            .collect()
    })
}

fn validate_against_schema(route_key: &str, body: &Value) -> Vec<Problem> {
    let rs = schemas()
        .get(route_key)
        .unwrap_or_else(|| panic!("no schema for route {route_key}"));
    let errors = match rs.full.validate(body) {
        Ok(()) => return Vec::new(),
        Err(errors) => errors
            .map(|e| Problem::new(e.instance_path.to_string(), truncate(&e.to_string(), 400)))
            .collect::<Vec<_>>(),
    };
    if rs.branches.is_empty() {
        return errors;
    }
    // anyOf bodies: the top-level error only says "not valid under any of the given schemas".
    // Report the errors of the branches whose discriminating `type` matched.
    let mut detailed = Vec::new();
    for (name, schema) in &rs.branches {
        if let Err(errs) = schema.validate(body) {
            let errs: Vec<_> = errs
                .map(|e| (e.instance_path.to_string(), truncate(&e.to_string(), 400)))
                .collect();
            if errs.iter().any(|(p, _)| p == "/type") {
                continue;
            }
            detailed.extend(
                errs.into_iter()
                    .map(|(p, m)| Problem::new(p, format!("[{name}] {m}"))),
            );
        }
    }
    if detailed.is_empty() {
        errors
    } else {
        detailed
    }
}

/// Validates `body` against the request schema of `route_key` (one of [`SCHEMA_ROUTES`]) and
/// the extra limit checks of that route; returns the problems as `path: message` strings.
pub fn validate_request_body(route_key: &str, body: &Value) -> Result<(), Vec<String>> {
    let (_, kind) = SCHEMA_ROUTES
        .iter()
        .position(|k| *k == route_key)
        .and_then(|_| {
            let (method, path) = route_key.split_once(' ')?;
            let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
            classify(method, &segs)
        })
        .unwrap_or_else(|| panic!("unknown schema route {route_key}"));
    let mut problems = validate_against_schema(route_key, body);
    problems.extend(limit_problems(kind, body));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.iter().map(Problem::to_string).collect())
    }
}

// ---------------------------------------------------------------------------------------------
// Discord limits the schema does not express (or expresses more loosely)
// ---------------------------------------------------------------------------------------------

/// Checks a message body (create/edit/interaction response/follow-up) against Discord's
/// documented limits, counting Unicode scalar values. Returns `path: message` strings.
///
/// Content <= 2000; <= 10 embeds; embed title <= 256, description <= 4096, <= 25 fields, field
/// name <= 256 and value <= 1024 (both non-empty), footer text <= 2048, author name <= 256, and
/// all of those together <= 6000 per message; <= 5 action rows, <= 5 buttons or 1 select per
/// row, button label <= 80, custom_id <= 100 and unique, link buttons need a url, other
/// buttons a custom_id; select menus <= 25 options, option label/value/description <= 100,
/// placeholder <= 150. With `require_non_empty`, a message without content, embeds,
/// components, attachments, stickers or poll is rejected (Discord error 50006).
pub fn check_discord_limits(body: &Value, require_non_empty: bool) -> Vec<String> {
    message_limits("", body, require_non_empty)
        .iter()
        .map(Problem::to_string)
        .collect()
}

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fn limit_problems(kind: LimitKind, body: &Value) -> Vec<Problem> {
    match kind {
        LimitKind::Message(require_non_empty) => message_limits("", body, require_non_empty),
        LimitKind::InteractionCallback => match body["type"].as_u64() {
            Some(4) => message_limits("/data", &body["data"], true),
            Some(7) => message_limits("/data", &body["data"], false),
            Some(8) => autocomplete_limits(&body["data"]),
            _ => Vec::new(),
        },
        LimitKind::Commands => {
            let mut out = Vec::new();
            if let Some(cmds) = body.as_array() {
                for (i, c) in cmds.iter().enumerate() {
                    out.extend(command_limits(&format!("/{i}"), c));
                }
            }
            out
        }
        LimitKind::Command => command_limits("", body),
    }
}

fn message_limits(base: &str, m: &Value, require_non_empty: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    fn over(out: &mut Vec<Problem>, path: String, what: &str, n: usize, max: usize) {
        if n > max {
            out.push(Problem::new(
                path,
                format!("{what} is {n} long, Discord allows at most {max}"),
            ));
        }
    }
    over(
        &mut out,
        format!("{base}/content"),
        "content",
        chars(&m["content"]),
        2000,
    );

    let embeds = m["embeds"].as_array().cloned().unwrap_or_default();
    over(
        &mut out,
        format!("{base}/embeds"),
        "embed count",
        embeds.len(),
        10,
    );
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let p = format!("{base}/embeds/{i}");
        let (title, desc) = (chars(&e["title"]), chars(&e["description"]));
        let (footer, author) = (chars(&e["footer"]["text"]), chars(&e["author"]["name"]));
        over(&mut out, format!("{p}/title"), "embed title", title, 256);
        over(
            &mut out,
            format!("{p}/description"),
            "embed description",
            desc,
            4096,
        );
        over(
            &mut out,
            format!("{p}/footer/text"),
            "embed footer text",
            footer,
            2048,
        );
        over(
            &mut out,
            format!("{p}/author/name"),
            "embed author name",
            author,
            256,
        );
        total += title + desc + footer + author;
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        over(
            &mut out,
            format!("{p}/fields"),
            "embed field count",
            fields.len(),
            25,
        );
        for (j, f) in fields.iter().enumerate() {
            let (name, value) = (chars(&f["name"]), chars(&f["value"]));
            over(
                &mut out,
                format!("{p}/fields/{j}/name"),
                "embed field name",
                name,
                256,
            );
            over(
                &mut out,
                format!("{p}/fields/{j}/value"),
                "embed field value",
                value,
                1024,
            );
            total += name + value;
            for (key, n) in [("name", name), ("value", value)] {
                if n == 0 || f[key].as_str().is_some_and(|s| s.trim().is_empty()) {
                    out.push(Problem::new(
                        format!("{p}/fields/{j}/{key}"),
                        format!("embed field {key} must not be empty (Discord rejects it)"),
                    ));
                }
            }
        }
    }
    if total > 6000 {
        out.push(Problem::new(
            format!("{base}/embeds"),
            format!(
                "embeds total {total} characters (titles, descriptions, fields, footers, \
                 authors); Discord allows at most 6000 per message"
            ),
        ));
    }

    let rows = m["components"].as_array().cloned().unwrap_or_default();
    let is_v2 = m["flags"].as_u64().is_some_and(|f| f & (1 << 15) != 0);
    if !is_v2 && rows.len() > 5 {
        out.push(Problem::new(
            format!("{base}/components"),
            format!("{} action rows, Discord allows at most 5", rows.len()),
        ));
    }
    let mut custom_ids: Vec<String> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let p = format!("{base}/components/{i}");
        if row["type"] != 1 {
            continue;
        }
        let children = row["components"].as_array().cloned().unwrap_or_default();
        let buttons = children.iter().filter(|c| c["type"] == 2).count();
        let selects = children.len() - buttons;
        if buttons > 5 {
            out.push(Problem::new(
                format!("{p}/components"),
                format!("{buttons} buttons in one action row, Discord allows at most 5"),
            ));
        }
        if selects > 0 && children.len() > 1 {
            out.push(Problem::new(
                format!("{p}/components"),
                "a select menu must be alone in its action row",
            ));
        }
        for (j, c) in children.iter().enumerate() {
            let cp = format!("{p}/components/{j}");
            if let Some(id) = c["custom_id"].as_str() {
                let n = id.chars().count();
                if n > 100 {
                    out.push(Problem::new(
                        format!("{cp}/custom_id"),
                        format!("custom_id is {n} long, Discord allows at most 100"),
                    ));
                }
                if custom_ids.iter().any(|x| x == id) {
                    out.push(Problem::new(
                        format!("{cp}/custom_id"),
                        format!("duplicate custom_id {id:?} in one message"),
                    ));
                }
                custom_ids.push(id.to_string());
            }
            if c["type"] == 2 {
                let n = chars(&c["label"]);
                if n > 80 {
                    out.push(Problem::new(
                        format!("{cp}/label"),
                        format!("button label is {n} long, Discord allows at most 80"),
                    ));
                }
                let link = c["style"] == 5;
                let has_url = c["url"].is_string();
                let has_id = c["custom_id"].is_string();
                if link && (!has_url || has_id) {
                    out.push(Problem::new(
                        cp.clone(),
                        "a link button needs a url and no custom_id",
                    ));
                }
                if !link && c["style"] != 6 && (!has_id || has_url) {
                    out.push(Problem::new(
                        cp.clone(),
                        "a non-link button needs a custom_id and no url",
                    ));
                }
            } else {
                let n = chars(&c["placeholder"]);
                if n > 150 {
                    out.push(Problem::new(
                        format!("{cp}/placeholder"),
                        format!("select placeholder is {n} long, Discord allows at most 150"),
                    ));
                }
                let opts = c["options"].as_array().cloned().unwrap_or_default();
                if opts.len() > 25 {
                    out.push(Problem::new(
                        format!("{cp}/options"),
                        format!("{} select options, Discord allows at most 25", opts.len()),
                    ));
                }
                for (k, o) in opts.iter().enumerate() {
                    for key in ["label", "value", "description"] {
                        let n = chars(&o[key]);
                        if n > 100 {
                            out.push(Problem::new(
                                format!("{cp}/options/{k}/{key}"),
                                format!(
                                    "select option {key} is {n} long, Discord allows at most 100"
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }

    if require_non_empty {
        let non_empty = |k: &str| match &m[k] {
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(_) => true,
            _ => false,
        };
        if ![
            "content",
            "embeds",
            "components",
            "attachments",
            "sticker_ids",
            "poll",
        ]
        .iter()
        .any(|k| non_empty(k))
        {
            out.push(Problem::new(
                base.to_string(),
                "empty message: no content, embeds, components, attachments, stickers or poll \
                 (Discord error 50006)",
            ));
        }
    }
    out
}

fn autocomplete_limits(data: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    let choices = data["choices"].as_array().cloned().unwrap_or_default();
    if choices.len() > 25 {
        out.push(Problem::new(
            "/data/choices",
            format!(
                "{} autocomplete choices, Discord allows at most 25",
                choices.len()
            ),
        ));
    }
    for (i, c) in choices.iter().enumerate() {
        let n = chars(&c["name"]);
        if n > 100 || n == 0 {
            out.push(Problem::new(
                format!("/data/choices/{i}/name"),
                format!("choice name is {n} long, Discord requires 1..=100"),
            ));
        }
        let v = chars(&c["value"]);
        if v > 100 {
            out.push(Problem::new(
                format!("/data/choices/{i}/value"),
                format!("choice string value is {v} long, Discord allows at most 100"),
            ));
        }
    }
    out
}

fn command_limits(base: &str, c: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    let chat_input = c["type"].is_null() || c["type"] == 1;
    if chat_input {
        check_command_name(&format!("{base}/name"), &c["name"], &mut out);
        if chars(&c["description"]) == 0 {
            out.push(Problem::new(
                format!("{base}/description"),
                "a slash command needs a non-empty description",
            ));
        }
    }
    fn walk(base: &str, opts: &Value, out: &mut Vec<Problem>) {
        let Some(opts) = opts.as_array() else { return };
        let mut seen_optional = false;
        for (i, o) in opts.iter().enumerate() {
            let p = format!("{base}/options/{i}");
            check_command_name(&format!("{p}/name"), &o["name"], out);
            let choices = o["choices"].as_array().map_or(0, Vec::len);
            if choices > 25 {
                out.push(Problem::new(
                    format!("{p}/choices"),
                    format!("{choices} choices, Discord allows at most 25"),
                ));
            }
            if choices > 0 && o["autocomplete"] == true {
                out.push(Problem::new(
                    p.clone(),
                    "an option cannot have both choices and autocomplete",
                ));
            }
            for (k, ch) in o["choices"].as_array().into_iter().flatten().enumerate() {
                let n = chars(&ch["name"]);
                if n > 100 {
                    out.push(Problem::new(
                        format!("{p}/choices/{k}/name"),
                        format!("choice name is {n} long, Discord allows at most 100"),
                    ));
                }
            }
            let sub = matches!(o["type"].as_u64(), Some(1) | Some(2));
            if !sub {
                if o["required"] == true && seen_optional {
                    out.push(Problem::new(
                        p.clone(),
                        "required options must come before optional ones",
                    ));
                }
                if o["required"] != true {
                    seen_optional = true;
                }
            }
            walk(&p, &o["options"], out);
        }
    }
    walk(base, &c["options"], &mut out);
    out
}

/// CHAT_INPUT command and option names: 1-32 characters, lower case, `-`, `_`, letters, digits.
fn check_command_name(path: &str, name: &Value, out: &mut Vec<Problem>) {
    let Some(name) = name.as_str() else { return };
    let n = name.chars().count();
    let ok_chars = name
        .chars()
        .all(|c| c == '-' || c == '_' || c.is_alphanumeric());
    let lower = name.chars().all(|c| !c.is_uppercase());
    if !(1..=32).contains(&n) || !ok_chars || !lower {
        out.push(Problem::new(
            path,
            format!("command/option name {name:?} must be 1-32 lower-case letters, digits, - or _"),
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Payload builders
// ---------------------------------------------------------------------------------------------

static NEXT_PAYLOAD_ID: AtomicU64 = AtomicU64::new(2_000_000);

/// A fresh id for payloads (unique within the test binary).
pub fn fresh_id() -> u64 {
    NEXT_PAYLOAD_ID.fetch_add(1, Ordering::Relaxed)
}

/// A human user object.
pub fn user(id: u64, username: &str) -> Value {
    json!({
        "id": id.to_string(),
        "username": username,
        "discriminator": "0",
        "global_name": username,
        "avatar": null,
        "bot": false,
    })
}

/// Another bot's user object.
pub fn other_bot(id: u64, username: &str) -> Value {
    let mut u = user(id, username);
    u["bot"] = json!(true);
    u
}

/// The faqbot user (id [`BOT_ID`]): what READY and `GET /users/@me` return; use it in
/// `mentions` to mention the bot.
pub fn bot_user() -> Value {
    json!({
        "id": BOT_ID,
        "username": BOT_USERNAME,
        "discriminator": "0000",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "verified": true,
        "mfa_enabled": false,
        "flags": 0,
    })
}

/// A MESSAGE_CREATE payload. `guild_id: None` is a DM. `author` comes from [`user`] /
/// [`other_bot`]; `mentions` are user objects (e.g. [`bot_user`]), and should match the
/// `<@id>` mentions written in `content`.
pub fn message_create(
    id: u64,
    channel_id: u64,
    guild_id: Option<u64>,
    author: Value,
    content: &str,
    mentions: Vec<Value>,
) -> Value {
    let mut m = json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": author,
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    });
    if let Some(g) = guild_id {
        m["guild_id"] = json!(g.to_string());
        m["member"] = json!({
            "roles": [],
            "joined_at": TIMESTAMP,
            "deaf": false,
            "mute": false,
            "flags": 0,
        });
    }
    m
}

/// A message authored by the bot, e.g. the message a component interaction is attached to.
/// `components` is the JSON array of action rows (as the bot sent them).
pub fn bot_message(id: u64, channel_id: u64, content: &str, components: Value) -> Value {
    let mut m = message_create(id, channel_id, None, bot_user(), content, vec![]);
    m["components"] = components;
    m["application_id"] = json!(BOT_ID);
    m
}

/// Who invokes an interaction, and where.
#[derive(Clone, Debug)]
pub struct Invoker {
    /// Channel the interaction happens in.
    pub channel_id: u64,
    /// Guild, or `None` for a DM with the bot.
    pub guild_id: Option<u64>,
    /// The invoking user (a [`user`] object).
    pub user: Value,
    /// The member's permission bits in the channel (guild only), sent as `member.permissions`.
    pub permissions: u64,
    /// Role ids of the member (guild only), sent as `member.roles`.
    pub roles: Vec<String>,
}

impl Invoker {
    /// A guild member with the given permission bits (e.g. [`MEMBER_PERMISSIONS`], or
    /// `MEMBER_PERMISSIONS | MANAGE_GUILD`).
    pub fn guild_member(guild_id: u64, channel_id: u64, user: Value, permissions: u64) -> Invoker {
        Invoker {
            channel_id,
            guild_id: Some(guild_id),
            user,
            permissions,
            roles: Vec::new(),
        }
    }

    /// A user in a DM with the bot.
    pub fn dm(channel_id: u64, user: Value) -> Invoker {
        Invoker {
            channel_id,
            guild_id: None,
            user,
            permissions: 0,
            roles: Vec::new(),
        }
    }
}

/// The common part of every INTERACTION_CREATE payload, with a fresh id and token
/// (`token` is `"itoken-<id>"`; read them back with `payload["id"]` / `payload["token"]`).
fn interaction_base(inv: &Invoker, kind: u8, data: Value) -> Value {
    let id = fresh_id();
    let mut v = json!({
        "id": id.to_string(),
        "application_id": BOT_ID,
        "type": kind,
        "token": format!("itoken-{id}"),
        "version": 1,
        "channel_id": inv.channel_id.to_string(),
        "data": data,
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 26_214_400,
        "app_permissions": "2251799813685247",
    });
    match inv.guild_id {
        Some(g) => {
            v["guild_id"] = json!(g.to_string());
            v["guild_locale"] = json!("en-US");
            v["context"] = json!(0);
            v["authorizing_integration_owners"] = json!({"0": g.to_string()});
            let mut member = member_json(&inv.user, json!(inv.roles));
            member["permissions"] = json!(inv.permissions.to_string());
            v["member"] = member;
        }
        None => {
            v["context"] = json!(1);
            v["authorizing_integration_owners"] = json!({"0": "0"});
            v["user"] = inv.user.clone();
        }
    }
    v
}

/// A slash-command (type 2) INTERACTION_CREATE payload. `options` are built with [`opt_str`],
/// [`opt_int`], [`opt_bool`], [`opt_subcommand`], ... The command id is `"3000"`.
pub fn interaction_command(inv: &Invoker, name: &str, options: Vec<Value>) -> Value {
    interaction_base(
        inv,
        2,
        json!({"id": "3000", "name": name, "type": 1, "options": options}),
    )
}

/// An autocomplete (type 4) INTERACTION_CREATE payload; one option (possibly nested in a
/// subcommand) must be [`opt_focused`].
pub fn interaction_autocomplete(inv: &Invoker, name: &str, options: Vec<Value>) -> Value {
    interaction_base(
        inv,
        4,
        json!({"id": "3000", "name": name, "type": 1, "options": options}),
    )
}

/// A button click (type 3, component_type 2) on `message` (a full Message object, e.g. a
/// [`RecordedRequest::response`] of the bot's earlier message or a [`bot_message`]).
pub fn interaction_component(inv: &Invoker, custom_id: &str, message: Value) -> Value {
    let mut v = interaction_base(inv, 3, json!({"custom_id": custom_id, "component_type": 2}));
    v["message"] = message;
    v
}

/// A string-select choice (type 3, component_type 3) on `message`.
pub fn interaction_select(
    inv: &Invoker,
    custom_id: &str,
    values: &[&str],
    message: Value,
) -> Value {
    let mut v = interaction_base(
        inv,
        3,
        json!({"custom_id": custom_id, "component_type": 3, "values": values}),
    );
    v["message"] = message;
    v
}

/// A modal submission (type 5) with text inputs `(custom_id, value)`.
pub fn interaction_modal_submit(inv: &Invoker, custom_id: &str, fields: &[(&str, &str)]) -> Value {
    let rows: Vec<Value> = fields
        .iter()
        .map(|(id, value)| {
            json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]})
        })
        .collect();
    interaction_base(inv, 5, json!({"custom_id": custom_id, "components": rows}))
}

/// A string option value (type 3).
pub fn opt_str(name: &str, value: &str) -> Value {
    json!({"name": name, "type": 3, "value": value})
}

/// An integer option value (type 4).
pub fn opt_int(name: &str, value: i64) -> Value {
    json!({"name": name, "type": 4, "value": value})
}

/// A boolean option value (type 5).
pub fn opt_bool(name: &str, value: bool) -> Value {
    json!({"name": name, "type": 5, "value": value})
}

/// The focused string option of an autocomplete interaction (type 3, `"focused": true`).
pub fn opt_focused(name: &str, partial: &str) -> Value {
    json!({"name": name, "type": 3, "value": partial, "focused": true})
}

/// A subcommand (type 1) with its nested options.
pub fn opt_subcommand(name: &str, options: Vec<Value>) -> Value {
    json!({"name": name, "type": 1, "options": options})
}

/// A subcommand group (type 2) with its nested subcommands.
pub fn opt_subcommand_group(name: &str, subcommands: Vec<Value>) -> Value {
    json!({"name": name, "type": 2, "options": subcommands})
}

// ----- servers, channels, threads, edits ------------------------------------------------------

/// The bot's managed role `id` (what Discord creates when a bot joins a server).
pub fn bot_role(id: u64) -> Value {
    let mut role = role_json(&id.to_string(), BOT_USERNAME, 0);
    role["managed"] = json!(true);
    role["tags"] = json!({"bot_id": BOT_ID});
    role
}

/// A role `id` named `name` without permissions.
pub fn role(id: u64, name: &str) -> Value {
    role_json(&id.to_string(), name, 0)
}

/// A text channel of `guild`.
pub fn text_channel(id: u64, guild: u64) -> Value {
    guild_channel_json(&id.to_string(), &guild.to_string())
}

/// A forum channel of `guild` (type 15): its threads are posts.
pub fn forum_channel(id: u64, guild: u64) -> Value {
    let mut c = guild_channel_json(&id.to_string(), &guild.to_string());
    c["type"] = json!(15);
    c["available_tags"] = json!([]);
    c
}

/// A public thread (type 11) of channel `parent`: a thread of a text channel, or a post of a
/// forum. What THREAD_CREATE carries and `GET /channels/{id}` returns.
pub fn thread_channel(id: u64, parent: u64, guild: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(),
        "type": 11,
        "guild_id": guild.to_string(),
        "parent_id": parent.to_string(),
        "name": name,
        "owner_id": "42",
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "flags": 0,
        "thread_metadata": {
            "archived": false,
            "auto_archive_duration": 1440,
            "archive_timestamp": TIMESTAMP,
            "locked": false,
        },
    })
}

/// GUILD_CREATE for `guild` with these channels, active threads and roles (besides
/// `@everyone`), and every key serenity 0.12.5 requires.
pub fn guild_create(
    guild: u64,
    channels: Vec<Value>,
    threads: Vec<Value>,
    roles: Vec<Value>,
) -> Value {
    let mut g = guild_json(&guild.to_string(), &HashMap::new());
    g["roles"].as_array_mut().unwrap().extend(roles);
    g["joined_at"] = json!(TIMESTAMP);
    g["large"] = json!(false);
    g["member_count"] = json!(2);
    g["voice_states"] = json!([]);
    g["members"] = json!([]);
    g["channels"] = json!(channels);
    g["threads"] = json!(threads);
    g["presences"] = json!([]);
    g["stage_instances"] = json!([]);
    g["guild_scheduled_events"] = json!([]);
    g["unavailable"] = json!(false);
    g
}

/// MESSAGE_UPDATE as Discord sends it now: the whole message. `edited` gives it an
/// `edited_timestamp` (the author edited it); without, it is an update Discord makes itself,
/// such as adding the embed of a link preview (`embeds` then holds one).
pub fn message_update(
    id: u64,
    channel_id: u64,
    guild_id: Option<u64>,
    author: Value,
    content: &str,
    mentions: Vec<Value>,
    edited: bool,
) -> Value {
    let mut m = message_create(id, channel_id, guild_id, author, content, mentions);
    if edited {
        m["edited_timestamp"] = json!(format!(
            "2024-01-01T00:{:02}:{:02}.000000+00:00",
            (fresh_id() / 60) % 60,
            fresh_id() % 60
        ));
    } else {
        m["embeds"] = json!([{
            "type": "link",
            "url": "https://example.com/mlt",
            "title": "MLT programs",
        }]);
    }
    m
}
