//! Sends the bot's replies (channel messages and interaction responses) so that a transient
//! Discord failure does not lose them.
//!
//! serenity's own calls give up on the first 5xx or network error, and with
//! `discord.proxy_url` set its rate limiter is off, so a 429 is not honoured either. Here each
//! reply is sent through serenity's request builder (same URL, proxy and token handling) on the
//! bot's one shared connection pool, and retried per [`RetryPolicy`]: 5xx and network errors
//! with backoff, 429s after the wait Discord asks for. A reply that still fails is logged once.
//! Message creations carry a `nonce` with `enforce_nonce`, so a retry after a lost answer never
//! posts the reply twice.
//!
//! Every reply goes out here: channel messages and their edits, interaction callbacks, edits of
//! a (deferred) interaction response and follow-ups. [`super::respond::Responder`] picks which
//! one an interaction needs.

use std::time::Duration;

use serenity::all::{
    ChannelId, CreateInteractionResponse, CreateInteractionResponseFollowup, CreateMessage,
    EditInteractionResponse, EditMessage, Http, InteractionId, MessageId, Nonce,
};
use serenity::http::{LightMethod, Request, Route};

use super::retry::{classify, RetryPolicy, Verdict};

/// Why a reply was not delivered. Never contains the token.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// Discord refused it for good (a 4xx other than 429).
    #[error("Discord refused it: HTTP {status}: {body}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The start of Discord's error body.
        body: String,
    },
    /// Every attempt failed with a transient error, or a rate limit asked for too long a wait.
    #[error("gave up after {attempts} attempt(s); last error: {last}")]
    GaveUp {
        /// Attempts made.
        attempts: u32,
        /// The last error seen.
        last: String,
    },
    /// The request could not be built (a bug, or a body serenity cannot serialise).
    #[error("the request could not be built: {0}")]
    Build(String),
}

/// Interaction callbacks answered this way were delivered by an earlier attempt whose answer
/// was lost (Discord error 40060, "Interaction has already been acknowledged").
const ALREADY_ACKNOWLEDGED: i64 = 40060;

/// Builds the HTTP client every Discord call of the bot shares: one connection pool, kept
/// alive, with at most `max_idle` idle connections to a host and a timeout per request.
pub fn http_client(max_idle: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .pool_max_idle_per_host(max_idle)
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_keepalive(Duration::from_secs(30))
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .build()
        .expect("the HTTP client builds with static settings")
}

/// Sends replies with retries. Cheap to clone (the client is a handle to the shared pool).
#[derive(Debug, Clone)]
pub struct Replies {
    client: reqwest::Client,
    policy: RetryPolicy,
}

impl Replies {
    /// Replies sent on `client` (the one given to serenity's `Http`) per `policy`.
    pub fn new(client: reqwest::Client, policy: RetryPolicy) -> Replies {
        Replies { client, policy }
    }

    /// Posts `message` in `channel`; the id of the message posted. `nonce` (the id of the
    /// message answered) makes a retried creation idempotent.
    pub async fn message(
        &self,
        http: &Http,
        channel: ChannelId,
        nonce: MessageId,
        message: CreateMessage,
    ) -> Result<Option<MessageId>, DeliveryError> {
        self.post(http, channel, nonce.get().to_string(), message)
            .await
    }

    /// Posts `message` in `channel` with `nonce` (at most 25 characters; the same for every
    /// attempt, so a retried creation is not posted twice); the id of the message posted.
    pub async fn post(
        &self,
        http: &Http,
        channel: ChannelId,
        nonce: String,
        message: CreateMessage,
    ) -> Result<Option<MessageId>, DeliveryError> {
        let message = message.nonce(Nonce::String(nonce)).enforce_nonce(true);
        let route = Route::ChannelMessages {
            channel_id: channel,
        };
        let answer = self
            .send(http, route, LightMethod::Post, body(&message)?)
            .await?;
        Ok(message_id(&answer))
    }

    /// Edits the bot's message `message` in `channel` (an answer whose question was edited).
    pub async fn edit_message(
        &self,
        http: &Http,
        channel: ChannelId,
        message: MessageId,
        edit: &EditMessage,
    ) -> Result<(), DeliveryError> {
        let route = Route::ChannelMessage {
            channel_id: channel,
            message_id: message,
        };
        self.send(http, route, LightMethod::Patch, body(edit)?)
            .await
            .map(drop)
    }

    /// Edits the first response to the interaction with `token` (after a deferral, or to
    /// replace a message whose buttons were clicked).
    pub async fn edit_original(
        &self,
        http: &Http,
        token: &str,
        edit: &EditInteractionResponse,
    ) -> Result<(), DeliveryError> {
        let route = Route::WebhookOriginalInteractionResponse {
            application_id: application_id(http)?,
            token,
        };
        self.send(http, route, LightMethod::Patch, body(edit)?)
            .await
            .map(drop)
    }

    /// Posts a follow-up message to the interaction with `token` (after its first response).
    pub async fn followup(
        &self,
        http: &Http,
        token: &str,
        followup: &CreateInteractionResponseFollowup,
    ) -> Result<(), DeliveryError> {
        let route = Route::WebhookFollowupMessages {
            application_id: application_id(http)?,
            token,
        };
        self.send(http, route, LightMethod::Post, body(followup)?)
            .await
            .map(drop)
    }

    /// Answers the interaction `id` with `response` (the callback: a message, an update, a
    /// deferral, autocomplete choices).
    pub async fn interaction(
        &self,
        http: &Http,
        id: InteractionId,
        token: &str,
        response: &CreateInteractionResponse,
    ) -> Result<(), DeliveryError> {
        let route = Route::InteractionResponse {
            interaction_id: id,
            token,
        };
        self.send(http, route, LightMethod::Post, body(response)?)
            .await
            .map(drop)
    }

    /// Sends `body` to `route` until it is delivered (Discord's answer), refused for good, or
    /// the policy gives up.
    async fn send(
        &self,
        http: &Http,
        route: Route<'_>,
        method: LightMethod,
        body: Vec<u8>,
    ) -> Result<Vec<u8>, DeliveryError> {
        let request = Request::new(route, method).body(Some(body));
        let mut attempt = 1;
        loop {
            let (verdict, last) = self.attempt(http, request.clone(), attempt).await?;
            let wait = match verdict {
                Verdict::Done => return Ok(last.into_bytes()),
                Verdict::Fail => unreachable!("attempt() turns Fail into an error"),
                Verdict::Retry(Some(wait)) if wait > self.policy.max_rate_limit_wait => {
                    return Err(DeliveryError::GaveUp {
                        attempts: attempt,
                        last: format!("{last} (asked to wait {wait:?})"),
                    })
                }
                Verdict::Retry(wait) => {
                    wait.unwrap_or_else(|| self.policy.backoff(attempt + 1, jitter()))
                }
            };
            if attempt >= self.policy.attempts {
                return Err(DeliveryError::GaveUp {
                    attempts: attempt,
                    last,
                });
            }
            tracing::debug!(attempt, ?wait, "reply not delivered ({last}); retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: the verdict and, when it is `Done`, Discord's answer, else a short
    /// description of the failure.
    async fn attempt(
        &self,
        http: &Http,
        request: Request<'_>,
        attempt: u32,
    ) -> Result<(Verdict, String), DeliveryError> {
        // Without a proxy serenity's rate limiter is on: go through it, so its buckets stay
        // right (it waits out 429s itself). With a proxy, send directly to the proxy.
        let response = match &http.ratelimiter {
            Some(limiter) => limiter.perform(request).await,
            None => match request.build(&self.client, http.token(), http.proxy.as_deref()) {
                Ok(builder) => match builder.build() {
                    Ok(req) => self
                        .client
                        .execute(req)
                        .await
                        .map_err(serenity::Error::from),
                    Err(e) => return Err(DeliveryError::Build(e.to_string())),
                },
                Err(e) => return Err(DeliveryError::Build(e.to_string())),
            },
        };
        let response = match response {
            Ok(r) => r,
            // Connection refused or reset, timeout: transient.
            Err(e) => return Ok((Verdict::Retry(None), format!("network error: {e}"))),
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.unwrap_or_default();
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let verdict = classify(status, header, &body);
        let text = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
        match verdict {
            Verdict::Done => Ok((Verdict::Done, String::from_utf8_lossy(&body).into_owned())),
            Verdict::Fail if attempt > 1 && discord_code(&body) == Some(ALREADY_ACKNOWLEDGED) => {
                Ok((Verdict::Done, String::new()))
            }
            Verdict::Fail => Err(DeliveryError::Refused { status, body: text }),
            Verdict::Retry(wait) => Ok((Verdict::Retry(wait), format!("HTTP {status}"))),
        }
    }
}

/// A request body as JSON.
fn body(value: &impl serde::Serialize) -> Result<Vec<u8>, DeliveryError> {
    serde_json::to_vec(value).map_err(|e| DeliveryError::Build(e.to_string()))
}

/// The application id (known from READY), which webhook routes need.
fn application_id(http: &Http) -> Result<serenity::all::ApplicationId, DeliveryError> {
    http.application_id()
        .ok_or_else(|| DeliveryError::Build("the application id is not known yet".into()))
}

/// The `id` of a message Discord sent back.
fn message_id(answer: &[u8]) -> Option<MessageId> {
    serde_json::from_slice::<serde_json::Value>(answer)
        .ok()?
        .get("id")?
        .as_str()?
        .parse::<u64>()
        .ok()
        .filter(|&id| id != 0)
        .map(MessageId::new)
}

/// The `code` of a Discord JSON error body.
fn discord_code(body: &[u8]) -> Option<i64> {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()?
        .get("code")?
        .as_i64()
}

/// A number in 0..1 that differs from call to call (no need for a random generator here).
fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    f64::from(nanos % 1000) / 1000.0
}
