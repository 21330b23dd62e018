//! Replies as Discord shows them: embeds, buttons, and the allowed-mentions guard.
//!
//! Every text is cut to Discord's limits here, on character boundaries, so no request can be
//! refused for its size. Nothing built here allows any mention.

use serenity::all::{
    ButtonStyle, ChannelId, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
    EditMessage, MessageId, MessageReference,
};

use crate::compare::Comparison;
use crate::conversation::{Part, Turn};
use crate::limits::{self, truncate};
use crate::reply::{Answer, Reply, Suggestion};

/// Embed colour of answers.
const ANSWER_COLOUR: u32 = 0x2E86AB;
/// Embed colour of "did you mean" and notices.
const NOTICE_COLOUR: u32 = 0xF4A261;
/// Related entries shown as buttons under an answer.
const MAX_RELATED_BUTTONS: usize = 3;
/// Most embeds in one message (Discord's limit).
const EMBEDS_PER_MESSAGE: usize = 10;
/// Custom-id prefix of a "did you mean" button: the click replaces the suggestions by the answer.
pub const PICK_PREFIX: &str = "faq:pick:";
/// Custom-id prefix of a related-entry button: the click answers privately.
pub const SHOW_PREFIX: &str = "faq:show:";
/// Custom-id prefix of the "Helpful" button; the entry id follows.
pub const HELPFUL_PREFIX: &str = "faq:vote:up:";
/// Custom-id prefix of the "Not helpful" button; the entry id follows.
pub const NOT_HELPFUL_PREFIX: &str = "faq:vote:down:";

/// How to ask again, after the reason a question was declined.
pub const DECLINE_HINT: &str = "Try `/ask` with your question, or browse `/faq topics`.";

/// Mentions allowed in every message the bot sends: none. Not `@everyone`, not roles, not users,
/// not even the author of the message replied to.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .empty_users()
        .empty_roles()
        .everyone(false)
        .replied_user(false)
}

/// A message to send, whichever way it goes out (channel message or interaction response).
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    /// Plain text, if any.
    pub content: Option<String>,
    /// Embeds.
    pub embeds: Vec<CreateEmbed>,
    /// Button rows.
    pub components: Vec<CreateActionRow>,
    /// Only the person who asked sees it (interactions only).
    pub ephemeral: bool,
}

impl Outgoing {
    /// A short private notice (errors, refusals).
    pub fn notice(text: &str) -> Outgoing {
        Outgoing {
            content: Some(truncate(text, limits::MESSAGE_CONTENT)),
            ephemeral: true,
            ..Outgoing::default()
        }
    }

    /// As a reply to the message `to` in `channel`. The reply is posted even when the question
    /// was deleted meanwhile (`fail_if_not_exists: false`; Discord refuses it otherwise, with
    /// `REPLIES_UNKNOWN_MESSAGE`, and the answer would be lost).
    pub fn into_message(self, channel: ChannelId, to: MessageId) -> CreateMessage {
        let mut reference = MessageReference::from((channel, to));
        reference.fail_if_not_exists = Some(false);
        let mut m = CreateMessage::new()
            .reference_message(reference)
            .allowed_mentions(no_mentions())
            .embeds(self.embeds)
            .components(self.components);
        if let Some(c) = self.content {
            m = m.content(c);
        }
        m
    }

    /// As the new version of a message the bot sent (what it had and this has not is removed).
    pub fn into_edit(self) -> EditMessage {
        EditMessage::new()
            .content(self.content.unwrap_or_default())
            .embeds(self.embeds)
            .components(self.components)
            .allowed_mentions(no_mentions())
    }

    /// As the body of an interaction response.
    pub fn into_response_message(self) -> CreateInteractionResponseMessage {
        let mut m = CreateInteractionResponseMessage::new()
            .allowed_mentions(no_mentions())
            .embeds(self.embeds)
            .components(self.components)
            .ephemeral(self.ephemeral);
        if let Some(c) = self.content {
            m = m.content(c);
        }
        m
    }

    /// As a new message answering an interaction.
    pub fn into_response(self) -> CreateInteractionResponse {
        CreateInteractionResponse::Message(self.into_response_message())
    }

    /// As an update of the message whose button was clicked.
    pub fn into_update(self) -> CreateInteractionResponse {
        CreateInteractionResponse::UpdateMessage(self.into_response_message())
    }
}

/// How a reply to a mention, a DM or `/ask` looks.
pub fn reply(reply: &Reply) -> Outgoing {
    match reply {
        Reply::Answer(a) => answer(a),
        Reply::Clarify(c) => clarify(&c.title(), &c.suggestions),
        Reply::Decline(d) if !d.suggestions.is_empty() => clarify(&d.message(), &d.suggestions),
        Reply::Decline(d) => Outgoing {
            content: Some(format!("{} {DECLINE_HINT}", d.message())),
            ephemeral: true,
            ..Outgoing::default()
        },
    }
}

/// How a turn of a conversation looks: one reply as [`reply`] shows it (saying so when the
/// question was read as a follow-up), or the answers to several questions in one message.
pub fn turn(t: &Turn) -> Outgoing {
    match t.parts.as_slice() {
        [one] => {
            let mut out = reply(&one.reply);
            if let Some(role) = &one.inherited {
                let note = format!("*Following on from your last question, about {role}:*");
                out.content = Some(match out.content {
                    Some(c) => truncate(&format!("{note}\n{c}"), limits::MESSAGE_CONTENT),
                    None => note,
                });
            }
            out
        }
        parts => several(parts, t.unasked),
    }
}

/// The answers to several questions of one message: an embed per answer (numbered, with its
/// vote buttons) while they fit in Discord's 6,000 characters, buttons for the answers that do
/// not, and a line for each question that could not be answered.
fn several(parts: &[Part], unasked: usize) -> Outgoing {
    let mut lines: Vec<String> = Vec::new();
    let mut embeds: Vec<CreateEmbed> = Vec::new();
    let mut votes: Vec<CreateActionRow> = Vec::new();
    let mut more: Vec<CreateButton> = Vec::new();
    let mut room = limits::EMBED_TOTAL;
    for (n, part) in parts.iter().enumerate() {
        let asked = truncate(part.question.trim(), 100);
        let n = n + 1;
        match &part.reply {
            Reply::Answer(a) => {
                let (embed, size) = answer_embed(a, &format!("{n}. "));
                if size <= room && embeds.len() < EMBEDS_PER_MESSAGE {
                    room -= size;
                    embeds.push(embed);
                    votes.extend(vote_row_numbered(&a.id, n));
                } else {
                    more.extend(button(
                        SHOW_PREFIX,
                        &a.id,
                        &format!("{n}. {}", a.question),
                        ButtonStyle::Secondary,
                    ));
                }
            }
            Reply::Clarify(c) => {
                let options: Vec<&str> = c
                    .suggestions
                    .iter()
                    .take(3)
                    .map(|s| s.question.as_str())
                    .collect();
                lines.push(format!(
                    "{n}. “{asked}”: not sure which you mean: {}. Ask it with `/ask` to pick.",
                    options.join(" / ")
                ));
            }
            Reply::Decline(d) => lines.push(format!("{n}. “{asked}”: {}", d.message())),
        }
    }
    if !more.is_empty() {
        lines.push(
            "The other answers did not fit in one message: press their buttons below.".into(),
        );
    }
    if unasked > 0 {
        lines.push(format!(
            "…and {unasked} more question(s): ask them one at a time, please."
        ));
    }
    let mut components = votes;
    components.truncate(4);
    if !more.is_empty() {
        more.truncate(5);
        components.push(CreateActionRow::Buttons(more));
    }
    Outgoing {
        content: (!lines.is_empty()).then(|| truncate(&lines.join("\n"), limits::MESSAGE_CONTENT)),
        embeds,
        components,
        ephemeral: false,
    }
}

/// An answer's embed with `prefix` before its title, and its size as Discord counts it
/// (title, description and footer).
fn answer_embed(a: &Answer, prefix: &str) -> (CreateEmbed, usize) {
    let title = truncate(&format!("{prefix}{}", a.question), limits::EMBED_TITLE);
    let description = truncate(&a.answer, limits::EMBED_DESCRIPTION);
    let footer = a
        .source
        .as_ref()
        .map(|s| truncate(&format!("Source: {s}"), limits::EMBED_FOOTER));
    let size = limits::char_len(&title)
        + limits::char_len(&description)
        + footer.as_deref().map_or(0, limits::char_len);
    let mut embed = CreateEmbed::new()
        .title(title)
        .description(description)
        .colour(ANSWER_COLOUR);
    if let Some(footer) = footer {
        embed = embed.footer(CreateEmbedFooter::new(footer));
    }
    (embed, size)
}

/// An answer: the question as title, the answer, the source in the footer, related buttons,
/// and the Helpful / Not helpful buttons.
pub fn answer(a: &Answer) -> Outgoing {
    let (embed, _) = answer_embed(a, "");
    let buttons: Vec<CreateButton> = a
        .related
        .iter()
        .take(MAX_RELATED_BUTTONS)
        .filter_map(|r| button(SHOW_PREFIX, &r.id, &r.question, ButtonStyle::Secondary))
        .collect();
    let mut components = row(buttons);
    components.extend(vote_row(&a.id));
    Outgoing {
        embeds: vec![embed],
        components,
        ..Outgoing::default()
    }
}

/// Suggestions under a heading ("Did you mean…"), one button each (at most five, one row).
pub fn clarify(heading: &str, suggestions: &[Suggestion]) -> Outgoing {
    let list: Vec<String> = suggestions
        .iter()
        .take(5)
        .enumerate()
        .map(|(i, s)| format!("{}. {}", i + 1, s.question))
        .collect();
    let embed = CreateEmbed::new()
        .title(truncate(heading, limits::EMBED_TITLE))
        .description(truncate(&list.join("\n"), limits::EMBED_DESCRIPTION))
        .colour(NOTICE_COLOUR);
    let buttons: Vec<CreateButton> = suggestions
        .iter()
        .take(5)
        .enumerate()
        .filter_map(|(i, s)| {
            button(
                PICK_PREFIX,
                &s.id,
                &format!("{}. {}", i + 1, s.question),
                ButtonStyle::Primary,
            )
        })
        .collect();
    Outgoing {
        embeds: vec![embed],
        components: row(buttons),
        ephemeral: true,
        ..Outgoing::default()
    }
}

/// The vote buttons under an answer with entry `id`; none when the id would not fit a custom id.
pub fn vote_row(id: &str) -> Option<CreateActionRow> {
    votes(id, "👍 Helpful", "👎 Not helpful")
}

/// The vote buttons of the `n`th answer of a message that answers several questions.
pub fn vote_row_numbered(id: &str, n: usize) -> Option<CreateActionRow> {
    votes(
        id,
        &format!("👍 {n}. Helpful"),
        &format!("👎 {n}. Not helpful"),
    )
}

fn votes(id: &str, up_label: &str, down_label: &str) -> Option<CreateActionRow> {
    let up = format!("{HELPFUL_PREFIX}{id}");
    let down = format!("{NOT_HELPFUL_PREFIX}{id}");
    (limits::char_len(&down) <= limits::CUSTOM_ID).then(|| {
        CreateActionRow::Buttons(vec![
            CreateButton::new(up)
                .label(up_label)
                .style(ButtonStyle::Secondary),
            CreateButton::new(down)
                .label(down_label)
                .style(ButtonStyle::Secondary),
        ])
    })
}

/// A button whose custom id is `prefix` + entry id; none when the id would not fit.
fn button(prefix: &str, id: &str, label: &str, style: ButtonStyle) -> Option<CreateButton> {
    let custom_id = format!("{prefix}{id}");
    (limits::char_len(&custom_id) <= limits::CUSTOM_ID).then(|| {
        CreateButton::new(custom_id)
            .label(truncate(label, limits::BUTTON_LABEL))
            .style(style)
    })
}

fn row(buttons: Vec<CreateButton>) -> Vec<CreateActionRow> {
    if buttons.is_empty() {
        vec![]
    } else {
        vec![CreateActionRow::Buttons(buttons)]
    }
}

/// Two roles side by side: per attribute, one inline field per role and a spacer, so each
/// attribute is one row of the embed. Values are shortened evenly if the whole would exceed
/// Discord's 6,000-character embed total.
pub fn comparison(c: &Comparison<'_>) -> Outgoing {
    let title = truncate(
        &format!("{} vs {}", c.left.name, c.right.name),
        limits::EMBED_TITLE,
    );
    let short = |name: &str| truncate(name, 60);
    let mut fields: Vec<(String, String, bool)> = Vec::new();
    for r in &c.rows {
        fields.push((
            format!("{} · {}", r.attribute.label(), short(&c.left.name)),
            r.left.to_string(),
            true,
        ));
        fields.push((
            format!("{} · {}", r.attribute.label(), short(&c.right.name)),
            r.right.to_string(),
            true,
        ));
        fields.push(("\u{200b}".into(), "\u{200b}".into(), true));
    }
    fields.truncate(limits::EMBED_FIELDS);
    let fields = fit_fields(fields, limits::EMBED_TOTAL - limits::char_len(&title) - 100);
    let embed = CreateEmbed::new()
        .title(title)
        .colour(ANSWER_COLOUR)
        .fields(fields)
        .footer(CreateEmbedFooter::new(
            "From the server's FAQ (faq/roles.toml)",
        ));
    Outgoing {
        embeds: vec![embed],
        ..Outgoing::default()
    }
}

/// Cuts field names and values to Discord's limits, then shortens the longest values until all
/// fields together fit in `budget` characters.
pub fn fit_fields(
    fields: Vec<(String, String, bool)>,
    budget: usize,
) -> Vec<(String, String, bool)> {
    let mut fields: Vec<(String, String, bool)> = fields
        .into_iter()
        .map(|(n, v, i)| {
            (
                truncate(&n, limits::EMBED_FIELD_NAME),
                truncate(&v, limits::EMBED_FIELD_VALUE),
                i,
            )
        })
        .collect();
    let total = |f: &[(String, String, bool)]| -> usize {
        f.iter()
            .map(|(n, v, _)| limits::char_len(n) + limits::char_len(v))
            .sum()
    };
    // Lower a common cap on value length until the total fits.
    let mut cap = limits::EMBED_FIELD_VALUE;
    while total(&fields) > budget && cap > 20 {
        cap = cap * 9 / 10;
        for f in fields.iter_mut() {
            f.1 = truncate(&f.1, cap);
        }
    }
    fields
}

/// A list embed (topics, roles, debug output) as a private or public message.
pub fn listing(title: &str, body: &str, ephemeral: bool) -> Outgoing {
    Outgoing {
        embeds: vec![CreateEmbed::new()
            .title(truncate(title, limits::EMBED_TITLE))
            .description(truncate(body, limits::EMBED_DESCRIPTION))
            .colour(NOTICE_COLOUR)],
        ephemeral,
        ..Outgoing::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn_message(t: &Turn) -> Outgoing {
        turn(t)
    }

    #[test]
    fn fit_fields_respects_the_total_budget() {
        let fields = (0..24)
            .map(|i| (format!("field {i}"), "x".repeat(1000), true))
            .collect();
        let fitted = fit_fields(fields, 5800);
        let total: usize = fitted
            .iter()
            .map(|(n, v, _)| n.chars().count() + v.chars().count())
            .sum();
        assert!(total <= 5800, "{total}");
        assert!(fitted.iter().all(|(_, v, _)| !v.is_empty()));
    }

    fn long_answer(id: &str) -> Part {
        Part {
            question: format!("what about {id}?"),
            reply: Reply::Answer(Answer {
                id: id.to_string(),
                question: format!("What about {id}?"),
                answer: "x".repeat(1900),
                source: Some("BLS".into()),
                related: vec![],
                score: 1.0,
            }),
            inherited: None,
        }
    }

    #[test]
    fn several_answers_that_do_not_fit_one_message_are_offered_as_buttons() {
        let turn = Turn {
            parts: ["a", "b", "c", "d"].map(long_answer).to_vec(),
            unasked: 2,
            role: None,
            answered: true,
        };
        let out = turn_message(&turn);
        let body =
            serde_json::to_value(out.into_message(ChannelId::new(1), MessageId::new(2))).unwrap();
        let embeds = body["embeds"].as_array().unwrap();
        assert_eq!(embeds.len(), 3, "three of 1,900 characters fit in 6,000");
        let rows = body["components"].as_array().unwrap();
        assert!(rows.len() <= 5);
        let last = &rows[rows.len() - 1]["components"];
        assert_eq!(last[0]["custom_id"], "faq:show:d");
        let content = body["content"].as_str().unwrap();
        assert!(
            content.contains("did not fit") && content.contains("2 more question"),
            "{content}"
        );
    }

    #[test]
    fn a_custom_id_that_would_not_fit_gets_no_button() {
        assert!(button(SHOW_PREFIX, &"a".repeat(120), "label", ButtonStyle::Primary).is_none());
        assert!(button(SHOW_PREFIX, "short-id", "label", ButtonStyle::Primary).is_some());
    }
}
