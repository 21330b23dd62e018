//! A fake Discord (REST + gateway) on 127.0.0.1 for driving the real serenity/poise client in
//! integration tests, with no network access and no Discord account.
//!
//! A dev-only crate of the workspace, compiled once for every test and bench binary of faqbot
//! (`tests/discord/` runs the bot in-process through its one `TestBot`; [`process`] starts the
//! release binary, killed when its test ends).
//!
//! Files: this one is the [`FakeDiscord`] handle (start, dispatch, faults, waits, assertions);
//! `gateway.rs` the websocket server, `rest.rs` the REST server and its answers, `schema.rs` and
//! `limits.rs` the checks of request bodies, `recorded.rs` what was seen, `payloads.rs` the event
//! and object builders, [`process`] the `faqbot` binary as a child process.
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

mod gateway;
mod limits;
mod payloads;
pub mod process;
mod recorded;
mod rest;
mod schema;

pub use gateway::*;
pub use limits::*;
pub use payloads::*;
pub use recorded::*;
use rest::*;
pub use schema::*;

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
