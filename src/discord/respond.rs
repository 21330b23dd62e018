//! Answering one interaction: the first response, or after it (a deferral, a message) the edit
//! or follow-up Discord expects, always through [`Replies`] (retries, rate limits).
//!
//! Discord gives an interaction 3 seconds for its first response. Anything that may take longer
//! (a role lookup, the database, a reload, an edit of the files) first [`Responder::defer`]s;
//! [`Responder::send`] then edits the deferred response instead. Commands, buttons, forms and
//! the moderator check all answer through a `Responder`, so none can answer the wrong way.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use serenity::all::{
    CreateAutocompleteResponse, CreateInteractionResponse, CreateInteractionResponseFollowup,
    EditInteractionResponse, Http, InteractionId,
};

use super::deliver::{DeliveryError, Replies};
use super::render::{no_mentions, Outgoing};

/// Nothing sent yet.
const FRESH: u8 = 0;
/// Deferred: the member sees "thinking…" until the response is edited.
const DEFERRED: u8 = 1;
/// A first response was sent.
const RESPONDED: u8 = 2;

/// Where one interaction's responses stand; shared by everything that answers it (the check,
/// the command, the error handler).
#[derive(Debug, Default)]
pub struct ResponseState(AtomicU8);

/// Sends the responses of one interaction.
#[derive(Debug, Clone)]
pub struct Responder {
    replies: Replies,
    http: Arc<Http>,
    id: InteractionId,
    token: String,
    state: Arc<ResponseState>,
}

impl Responder {
    /// A responder for the interaction `id` with `token`, sharing `state` with the other parts
    /// answering it.
    pub fn new(
        replies: Replies,
        http: Arc<Http>,
        id: InteractionId,
        token: &str,
        state: Arc<ResponseState>,
    ) -> Responder {
        Responder {
            replies,
            http,
            id,
            token: token.to_string(),
            state,
        }
    }

    /// serenity's HTTP client (URL, proxy, token).
    pub fn http(&self) -> &Http {
        &self.http
    }

    /// Acknowledges the interaction now ("thinking…", private when `ephemeral`), so that work
    /// that may outlast Discord's 3 seconds can follow. Does nothing once something was sent.
    pub async fn defer(&self, ephemeral: bool) -> Result<(), DeliveryError> {
        if self.state.0.load(Ordering::SeqCst) != FRESH {
            return Ok(());
        }
        let response = CreateInteractionResponse::Defer(
            serenity::all::CreateInteractionResponseMessage::new().ephemeral(ephemeral),
        );
        self.callback(&response).await?;
        self.state.0.store(DEFERRED, Ordering::SeqCst);
        Ok(())
    }

    /// Shows `out`: as the first response, as the edit of the deferred one, or as a follow-up.
    pub async fn send(&self, out: Outgoing) -> Result<(), DeliveryError> {
        match self.state.0.load(Ordering::SeqCst) {
            FRESH => {
                self.callback(&out.into_response()).await?;
                self.state.0.store(RESPONDED, Ordering::SeqCst);
                Ok(())
            }
            DEFERRED => {
                self.replies
                    .edit_original(&self.http, &self.token, &edit_of(out))
                    .await?;
                self.state.0.store(RESPONDED, Ordering::SeqCst);
                Ok(())
            }
            _ => {
                self.replies
                    .followup(&self.http, &self.token, &followup_of(out))
                    .await
            }
        }
    }

    /// Replaces the message whose button was clicked by `out` (its buttons go): as the first
    /// response, or afterwards as an edit of it.
    pub async fn update(&self, out: Outgoing) -> Result<(), DeliveryError> {
        if self.state.0.load(Ordering::SeqCst) == FRESH {
            self.callback(&out.into_update()).await?;
            self.state.0.store(RESPONDED, Ordering::SeqCst);
            Ok(())
        } else {
            self.replies
                .edit_original(&self.http, &self.token, &edit_of(out))
                .await
        }
    }

    /// Opens a form. Only possible as the first response: a form cannot follow a deferral.
    pub async fn modal(&self, modal: CreateInteractionResponse) -> Result<(), DeliveryError> {
        if self.state.0.load(Ordering::SeqCst) != FRESH {
            return self
                .send(Outgoing::notice(
                    "That took too long to open a form; run the command again.",
                ))
                .await;
        }
        self.callback(&modal).await?;
        self.state.0.store(RESPONDED, Ordering::SeqCst);
        Ok(())
    }

    /// Answers an autocomplete request with `choices`.
    pub async fn autocomplete(
        &self,
        choices: CreateAutocompleteResponse,
    ) -> Result<(), DeliveryError> {
        self.callback(&CreateInteractionResponse::Autocomplete(choices))
            .await?;
        self.state.0.store(RESPONDED, Ordering::SeqCst);
        Ok(())
    }

    async fn callback(&self, response: &CreateInteractionResponse) -> Result<(), DeliveryError> {
        self.replies
            .interaction(&self.http, self.id, &self.token, response)
            .await
    }
}

/// An [`Outgoing`] as an edit of the interaction's first response.
pub fn edit_of(out: Outgoing) -> EditInteractionResponse {
    let mut e = EditInteractionResponse::new()
        .embeds(out.embeds)
        .components(out.components)
        .allowed_mentions(no_mentions());
    if let Some(c) = out.content {
        e = e.content(c);
    }
    e
}

/// An [`Outgoing`] as a follow-up message.
fn followup_of(out: Outgoing) -> CreateInteractionResponseFollowup {
    let mut f = CreateInteractionResponseFollowup::new()
        .embeds(out.embeds)
        .components(out.components)
        .ephemeral(out.ephemeral)
        .allowed_mentions(no_mentions());
    if let Some(c) = out.content {
        f = f.content(c);
    }
    f
}
