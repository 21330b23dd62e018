//! `/faq edit id:`, `/faq add id: topic:` and `/faq remove id:`: moderators change entries from
//! Discord. Edit and add open a form (modal); remove asks for confirmation with a button. The
//! change itself is [`crate::faq_edit`]'s: validated like the files, written back, reloaded.
//!
//! Every step is checked for a moderator: the command, the form's submit and the button click
//! (their custom ids come back from the client and may be forged). The form's custom id carries
//! the entry's version, so a submit after someone else changed the entry is a conflict.

use poise::serenity_prelude::{
    ActionRowComponent, AutocompleteChoice, ButtonStyle, ComponentInteraction, CreateActionRow,
    CreateAutocompleteResponse, CreateButton, CreateEmbed, ModalInteraction, User,
};

use super::faq::suggest_entries;
use super::faq_forms::{
    add_form, check_new_entry, edit_form, ALTERNATES, ANSWER, ID, QUESTION, RELATED, SOURCE, TOPIC,
};
use super::{choices, moderator, responder, CommandError, Context, OpensForm};
use crate::discord::bot::Bot;
use crate::discord::render::{self, Outgoing};
use crate::discord::respond::Responder;
use crate::faq_edit::{self, Applied, Change, Draft, EditError};
use crate::limits::{self, truncate};

/// Custom id of the edit form: this prefix, the entry id, `:`, its version.
pub const EDIT_FORM: &str = "faq:edit:";
/// Custom id of the add form: this prefix, the topic, `:`, the new id.
pub const ADD_FORM: &str = "faq:add:";
/// Custom id of the add form opened from a gap (id and topic are fields).
pub const GAP_FORM: &str = "faq:new";
/// Custom id of the remove confirmation: this prefix, the entry id, `:`, its version.
pub const REMOVE_BUTTON: &str = "faq:remove:";
/// Custom id of the remove cancel button.
pub const CANCEL_BUTTON: &str = "faq:cancel";
/// Custom id of a gap's "add" button: this prefix, the days, `:`, the gap key.
pub const GAP_BUTTON: &str = "faq:gap:";

/// Moderators: edit an entry in a form
#[poise::command(slash_command, check = "moderator", custom_data = "OpensForm")]
pub async fn edit(
    ctx: Context<'_>,
    #[description = "The entry"]
    #[autocomplete = "suggest_entries"]
    id: String,
) -> Result<(), CommandError> {
    let form = edit_form(ctx.data(), id.trim());
    Ok(responder(ctx).await.modal(form).await?)
}

/// Moderators: add an entry in a form
#[poise::command(slash_command, check = "moderator", custom_data = "OpensForm")]
pub async fn add(
    ctx: Context<'_>,
    #[description = "New id: lowercase words joined by dashes, e.g. phlebotomy-salary"]
    #[max_length = 80]
    id: String,
    #[description = "The topic file"]
    #[autocomplete = "suggest_topics"]
    topic: String,
) -> Result<(), CommandError> {
    let form = add_form(ctx.data(), topic.trim(), id.trim());
    Ok(responder(ctx).await.modal(form).await?)
}

/// Moderators: remove an entry (asks to confirm)
#[poise::command(slash_command, check = "moderator")]
pub async fn remove(
    ctx: Context<'_>,
    #[description = "The entry"]
    #[autocomplete = "suggest_entries"]
    id: String,
) -> Result<(), CommandError> {
    let responder = responder(ctx).await;
    responder.defer(true).await?;
    let out = confirm_removal(ctx.data(), id.trim()).await;
    Ok(responder.send(out).await?)
}

async fn suggest_topics(ctx: Context<'_>, typed: &str) -> CreateAutocompleteResponse {
    choices(topic_choices(ctx.data(), typed))
}

/// Topic files matching what the moderator typed.
pub fn topic_choices(bot: &Bot, typed: &str) -> Vec<AutocompleteChoice> {
    let typed = typed.trim().to_lowercase();
    faq_edit::topics(bot.editor.dir())
        .into_iter()
        .filter(|t| t.contains(&typed))
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|t| AutocompleteChoice::new(t.clone(), t))
        .collect()
}

/// True for the forms handled here.
pub fn handles_form(custom_id: &str) -> bool {
    custom_id.starts_with(EDIT_FORM) || custom_id.starts_with(ADD_FORM) || custom_id == GAP_FORM
}

/// A moderator's form was submitted (the moderator check ran before, in
/// [`super::interactions`]): the change is applied, or every reason it was refused is shown.
pub async fn modal(bot: &Bot, m: &ModalInteraction, responder: &Responder) {
    let custom_id = m.data.custom_id.as_str();
    let field = |name: &str| -> String {
        m.data
            .components
            .iter()
            .flat_map(|row| &row.components)
            .find_map(|c| match c {
                ActionRowComponent::InputText(t) if t.custom_id == name => t.value.clone(),
                _ => None,
            })
            .unwrap_or_default()
    };
    let draft = Draft::from_form(
        &field(QUESTION),
        &field(ALTERNATES),
        &field(ANSWER),
        &field(SOURCE),
        &field(RELATED),
    );
    let change = if let Some(rest) = custom_id.strip_prefix(EDIT_FORM) {
        rest.rsplit_once(':').map(|(id, base)| Change::Edit {
            id: id.to_string(),
            base: base.to_string(),
            draft: draft.clone(),
        })
    } else if let Some(rest) = custom_id.strip_prefix(ADD_FORM) {
        rest.split_once(':').map(|(topic, id)| Change::Add {
            topic: topic.to_string(),
            id: id.to_string(),
            draft: draft.clone(),
        })
    } else {
        let id = field(ID).trim().to_string();
        let topic = field(TOPIC).trim().trim_end_matches(".toml").to_string();
        match check_new_entry(bot, &topic, &id) {
            Ok(()) => Some(Change::Add {
                topic,
                id,
                draft: draft.clone(),
            }),
            Err(text) => {
                let out = with_copy(Outgoing::notice(&format!("Not saved: {text}")), &id, &draft);
                if let Err(e) = responder.send(out).await {
                    tracing::warn!("form response failed: {e}");
                }
                return;
            }
        }
    };
    let Some(change) = change else {
        tracing::warn!(custom_id, "malformed FAQ form id; refused");
        let out = Outgoing::notice("This form is not valid any more; run the command again.");
        let _ = responder.send(out).await;
        return;
    };
    // Writing, reloading and checking the FAQ may outlast Discord's 3 seconds.
    if let Err(e) = responder.defer(true).await {
        tracing::warn!("defer failed: {e}");
        return;
    }
    let out = apply(bot, responder, &m.user, change, Some(&draft)).await;
    if let Err(e) = responder.send(out).await {
        tracing::warn!("form result could not be shown: {e}");
    }
}

/// Applies a change off the async threads, announces it, and says how it went.
async fn apply(
    bot: &Bot,
    responder: &Responder,
    who: &User,
    change: Change,
    submitted: Option<&Draft>,
) -> Outgoing {
    let editor = bot.editor.clone();
    let state = bot.state.clone();
    let job = change.clone();
    let result = tokio::task::spawn_blocking(move || editor.apply(&state, &job))
        .await
        .unwrap_or_else(|e| Err(EditError::Io(format!("the edit failed: {e}"))));
    let id = change.id().to_string();
    match result {
        Ok(applied) => {
            crate::discord::audit::announce(bot, responder.http(), who, &applied).await;
            done(&applied)
        }
        Err(e) => {
            tracing::info!(entry = %id, moderator = %who.name, "FAQ change refused: {e}");
            let out = refused(&id, &e);
            match submitted {
                Some(draft) if !matches!(e, EditError::Unchanged) => with_copy(out, &id, draft),
                _ => out,
            }
        }
    }
}

fn done(applied: &Applied) -> Outgoing {
    let id = applied.change.id();
    let mut text = format!(
        "✅ `{id}` {} in `{}`. The FAQ is reloaded: {} entries.",
        applied.change.verb(),
        applied.file.display(),
        applied.entries
    );
    if !applied.dropped_checks.is_empty() {
        text.push_str("\nChecks removed with it from checks.txt:");
        for line in &applied.dropped_checks {
            text.push_str(&format!("\n- `{}`", truncate(line, 150)));
        }
    }
    let mine = format!("entry[{id}]");
    for w in applied
        .warnings
        .iter()
        .filter(|w| w.field.starts_with(&mine))
        .take(5)
    {
        text.push_str(&format!("\n⚠️ `{w}`"));
    }
    Outgoing::notice(&text)
}

fn refused(id: &str, e: &EditError) -> Outgoing {
    match e {
        EditError::Rejected(problems) => {
            let lines: Vec<String> = problems.iter().map(|d| format!("- `{d}`")).collect();
            render::listing(
                &format!("Not saved: {} problem(s). Nothing was written.", problems.len()),
                &truncate(&lines.join("\n"), 3000),
                true,
            )
        }
        EditError::Conflict(_) => Outgoing::notice(&format!(
            "Not saved: `{id}` was changed since you opened the form (by another moderator or in its file), so your change would overwrite theirs. Run `/faq edit id:{id}` again to see the current text, then make your change there."
        )),
        EditError::Unchanged => Outgoing::notice("Nothing to save: the entry is unchanged."),
        other => Outgoing::notice(&format!("Not saved: {other}.")),
    }
}

/// Adds the moderator's own text to a refusal, so nothing they typed is lost.
fn with_copy(mut out: Outgoing, id: &str, draft: &Draft) -> Outgoing {
    let snippet = faq_edit::snippet(id, draft);
    out.embeds.push(
        CreateEmbed::new()
            .title("Your text (copy it to try again)")
            .description(format!(
                "```toml\n{}\n```",
                truncate(snippet.trim_end(), 2500)
            )),
    );
    out
}

/// Validates a removal and asks to confirm it, or says why it cannot be done.
async fn confirm_removal(bot: &Bot, id: &str) -> Outgoing {
    let Some(found) = faq_edit::locate(bot.editor.dir(), id) else {
        return Outgoing::notice(&format!("There is no FAQ entry `{}`.", truncate(id, 100)));
    };
    let custom_id = format!("{REMOVE_BUTTON}{id}:{}", found.version);
    if limits::char_len(&custom_id) > limits::CUSTOM_ID {
        return Outgoing::notice(&format!(
            "`{id}` is too long to remove from Discord; edit `{}` instead.",
            found.file.display()
        ));
    }
    let editor = bot.editor.clone();
    let index = bot.state.index();
    let change = Change::Remove {
        id: id.to_string(),
        base: found.version.clone(),
    };
    let preview = tokio::task::spawn_blocking(move || editor.preview(&index, &change))
        .await
        .unwrap_or_else(|e| Err(EditError::Io(e.to_string())));
    match preview {
        Ok(p) => {
            let mut text = format!(
                "Remove `{id}` (“{}”) from `{}`?",
                truncate(&found.draft.question, 200),
                p.file.display()
            );
            if !p.dropped_checks.is_empty() {
                text.push_str("\nThese checks from checks.txt go with it:");
                for line in &p.dropped_checks {
                    text.push_str(&format!("\n- `{}`", truncate(line, 150)));
                }
            }
            let mut out = Outgoing::notice(&text);
            out.components = vec![CreateActionRow::Buttons(vec![
                CreateButton::new(custom_id)
                    .label("Remove")
                    .style(ButtonStyle::Danger),
                CreateButton::new(CANCEL_BUTTON)
                    .label("Keep it")
                    .style(ButtonStyle::Secondary),
            ])];
            out
        }
        Err(EditError::Rejected(problems)) => {
            let lines: Vec<String> = problems.iter().map(|d| format!("- `{d}`")).collect();
            render::listing(
                &format!(
                    "`{id}` cannot be removed: the FAQ would have {} problem(s)",
                    problems.len()
                ),
                &truncate(&lines.join("\n"), 3000),
                true,
            )
        }
        Err(e) => refused(id, &e),
    }
}

/// True for the buttons handled here.
pub fn handles_component(custom_id: &str) -> bool {
    custom_id.starts_with(REMOVE_BUTTON)
        || custom_id == CANCEL_BUTTON
        || custom_id.starts_with(GAP_BUTTON)
}

/// A moderator's click on "Remove", "Keep it" or a gap's "Add" button (the moderator check ran
/// before, in [`super::interactions`]).
pub async fn component(bot: &Bot, click: &ComponentInteraction, responder: &Responder) {
    let custom_id = click.data.custom_id.as_str();
    if custom_id == CANCEL_BUTTON {
        let _ = responder.update(update("Nothing was removed.")).await;
        return;
    }
    if let Some(rest) = custom_id.strip_prefix(GAP_BUTTON) {
        let response = super::faq_insights::open_gap(bot, rest, click.guild_id).await;
        if let Err(e) = responder.modal(response).await {
            tracing::warn!("gap form failed: {e}");
        }
        return;
    }
    let Some((id, base)) = custom_id
        .strip_prefix(REMOVE_BUTTON)
        .and_then(|r| r.rsplit_once(':'))
    else {
        return;
    };
    if let Err(e) = responder.update(update(&format!("Removing `{id}`…"))).await {
        tracing::warn!("remove response failed: {e}");
        return;
    }
    let change = Change::Remove {
        id: id.to_string(),
        base: base.to_string(),
    };
    let out = apply(bot, responder, &click.user, change, None).await;
    if let Err(e) = responder.update(out).await {
        tracing::warn!("remove result could not be shown: {e}");
    }
}

/// The clicked message's new text (its buttons gone).
fn update(text: &str) -> Outgoing {
    Outgoing {
        ephemeral: false, // an update cannot change whether the message is ephemeral
        ..Outgoing::notice(text)
    }
}

/// A short private notice as the first response to an interaction (forms refused at once).
pub(super) fn notice(text: &str) -> poise::serenity_prelude::CreateInteractionResponse {
    Outgoing::notice(text).into_response()
}
