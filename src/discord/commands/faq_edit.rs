//! `/faq edit id:`, `/faq add id: topic:` and `/faq remove id:`: moderators change entries from
//! Discord. Edit and add open a form (modal); remove asks for confirmation with a button. The
//! change itself is [`crate::faq_edit`]'s: validated like the files, written back, reloaded.
//!
//! Every step is checked for a moderator: the command, the form's submit and the button click
//! (their custom ids come back from the client and may be forged). The form's custom id carries
//! the entry's version, so a submit after someone else changed the entry is a conflict.

use serenity::all::{
    ActionRowComponent, AutocompleteChoice, ButtonStyle, CommandInteraction, CommandOptionType,
    ComponentInteraction, Context, CreateActionRow, CreateButton, CreateCommandOption, CreateEmbed,
    CreateInteractionResponse, EditInteractionResponse, ModalInteraction, ResolvedValue, User,
};

use super::faq_forms::{
    add_form, check_new_entry, edit_form, ALTERNATES, ANSWER, ID, QUESTION, RELATED, SOURCE, TOPIC,
};
use super::string_option;
use crate::discord::checks::is_moderator_member;
use crate::discord::handler::Bot;
use crate::discord::render::{self, no_mentions, Outgoing};
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

const ONLY_MODERATORS: &str = "Only moderators (Manage Server) can change the FAQ.";

/// The subcommands this module adds to `/faq`.
pub fn subcommands() -> Vec<CreateCommandOption> {
    let sub = |name: &str, description: &str| {
        CreateCommandOption::new(CommandOptionType::SubCommand, name, description)
    };
    let entry = || {
        CreateCommandOption::new(CommandOptionType::String, "id", "The entry")
            .required(true)
            .set_autocomplete(true)
    };
    vec![
        sub("edit", "Moderators: edit an entry in a form").add_sub_option(entry()),
        sub("add", "Moderators: add an entry in a form")
            .add_sub_option(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "id",
                    "New id: lowercase words joined by dashes, e.g. phlebotomy-salary",
                )
                .required(true)
                .max_length(80),
            )
            .add_sub_option(
                CreateCommandOption::new(CommandOptionType::String, "topic", "The topic file")
                    .required(true)
                    .set_autocomplete(true),
            ),
        sub("remove", "Moderators: remove an entry (asks to confirm)").add_sub_option(entry()),
    ]
}

/// True for the subcommands handled here.
pub fn handles(sub: &str) -> bool {
    matches!(sub, "edit" | "add" | "remove")
}

/// Topic files matching what the moderator typed.
pub fn suggest_topics(bot: &Bot, typed: &str) -> Vec<AutocompleteChoice> {
    let typed = typed.trim().to_lowercase();
    faq_edit::topics(bot.editor.dir())
        .into_iter()
        .filter(|t| t.contains(&typed))
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|t| AutocompleteChoice::new(t.clone(), t))
        .collect()
}

/// Runs `/faq edit|add|remove`.
pub async fn run(bot: &Bot, ctx: &Context, cmd: &CommandInteraction, sub: &str) {
    let options = cmd.data.options();
    let sub_options = options
        .iter()
        .find_map(|o| match &o.value {
            ResolvedValue::SubCommand(opts) => Some(opts.as_slice()),
            _ => None,
        })
        .unwrap_or_default();
    let moderator = is_moderator_member(
        ctx,
        cmd.member.as_deref(),
        cmd.guild_id,
        &bot.discord.moderator_role,
    )
    .await;
    let id = string_option(sub_options, "id").unwrap_or_default().trim();
    let response = if !moderator {
        Outgoing::notice(ONLY_MODERATORS).into_response()
    } else if sub == "remove" {
        if let Err(e) = cmd.defer_ephemeral(&ctx.http).await {
            tracing::warn!("defer failed: {e}");
            return;
        }
        let out = confirm_removal(bot, id).await;
        if let Err(e) = cmd.edit_response(&ctx.http, edit_of(out)).await {
            tracing::warn!("/faq remove response failed: {e}");
        }
        return;
    } else if sub == "edit" {
        edit_form(bot, id)
    } else {
        let topic = string_option(sub_options, "topic")
            .unwrap_or_default()
            .trim();
        add_form(bot, topic, id)
    };
    if let Err(e) = cmd.create_response(&ctx.http, response).await {
        tracing::warn!(sub, "/faq response failed: {e}");
    }
}

/// A form was submitted: checked for a moderator again, then applied.
pub async fn modal(bot: &Bot, ctx: &Context, m: &ModalInteraction) {
    let custom_id = m.data.custom_id.as_str();
    if !(custom_id.starts_with(EDIT_FORM)
        || custom_id.starts_with(ADD_FORM)
        || custom_id == GAP_FORM)
    {
        tracing::debug!(custom_id, "submit of an unknown form");
        return;
    }
    let moderator = is_moderator_member(
        ctx,
        m.member.as_ref(),
        m.guild_id,
        &bot.discord.moderator_role,
    )
    .await;
    if !moderator {
        tracing::warn!(
            user = m.user.id.get(),
            custom_id,
            "FAQ form submitted by a non-moderator; refused"
        );
        if let Err(e) = m.create_response(&ctx.http, notice(ONLY_MODERATORS)).await {
            tracing::warn!("form response failed: {e}");
        }
        return;
    }
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
                if let Err(e) = m.create_response(&ctx.http, out.into_response()).await {
                    tracing::warn!("form response failed: {e}");
                }
                return;
            }
        }
    };
    let Some(change) = change else {
        tracing::warn!(custom_id, "malformed FAQ form id; refused");
        let _ = m
            .create_response(
                &ctx.http,
                notice("This form is not valid any more; run the command again."),
            )
            .await;
        return;
    };
    if let Err(e) = m.defer_ephemeral(&ctx.http).await {
        tracing::warn!("defer failed: {e}");
        return;
    }
    let out = apply(bot, ctx, &m.user, change, Some(&draft)).await;
    if let Err(e) = m.edit_response(&ctx.http, edit_of(out)).await {
        tracing::warn!("form result could not be shown: {e}");
    }
}

/// Applies a change off the async threads, announces it, and says how it went.
async fn apply(
    bot: &Bot,
    ctx: &Context,
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
            super::super::audit::announce(ctx, bot.discord.audit_channel, who, &applied).await;
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

/// A click on "Remove", "Keep it" or a gap's "Add" button.
pub async fn component(bot: &Bot, ctx: &Context, click: &ComponentInteraction) {
    let custom_id = click.data.custom_id.as_str();
    let moderator = is_moderator_member(
        ctx,
        click.member.as_ref(),
        click.guild_id,
        &bot.discord.moderator_role,
    )
    .await;
    if !moderator {
        tracing::warn!(
            user = click.user.id.get(),
            custom_id,
            "FAQ button clicked by a non-moderator; refused"
        );
        let _ = click
            .create_response(&ctx.http, notice(ONLY_MODERATORS))
            .await;
        return;
    }
    if custom_id == CANCEL_BUTTON {
        let _ = click
            .create_response(&ctx.http, update("Nothing was removed."))
            .await;
        return;
    }
    if let Some(rest) = custom_id.strip_prefix(GAP_BUTTON) {
        let response = super::faq_insights::open_gap(bot, rest, click.guild_id).await;
        if let Err(e) = click.create_response(&ctx.http, response).await {
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
    let working = update(&format!("Removing `{id}`…"));
    if let Err(e) = click.create_response(&ctx.http, working).await {
        tracing::warn!("remove response failed: {e}");
        return;
    }
    let change = Change::Remove {
        id: id.to_string(),
        base: base.to_string(),
    };
    let out = apply(bot, ctx, &click.user, change, None).await;
    if let Err(e) = click.edit_response(&ctx.http, edit_of(out)).await {
        tracing::warn!("remove result could not be shown: {e}");
    }
}

/// Replaces the clicked message (buttons gone) with a line of text.
fn update(text: &str) -> CreateInteractionResponse {
    Outgoing {
        ephemeral: false, // an update cannot change whether the message is ephemeral
        ..Outgoing::notice(text)
    }
    .into_update()
}

pub(super) fn notice(text: &str) -> CreateInteractionResponse {
    Outgoing::notice(text).into_response()
}

/// An [`Outgoing`] as an edit of the interaction's first response (after a deferral).
pub(crate) fn edit_of(out: Outgoing) -> EditInteractionResponse {
    let mut e = EditInteractionResponse::new()
        .embeds(out.embeds)
        .components(out.components)
        .allowed_mentions(no_mentions());
    if let Some(c) = out.content {
        e = e.content(c);
    }
    e
}
