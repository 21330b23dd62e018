//! `/compare first: second:` (roles from `faq/roles.toml`, offered as you type) and `/roles`.
//!
//! The roles are offered by autocomplete rather than registered as fixed choices, so an edit of
//! `roles.toml` shows at once, without registering the commands again.

use poise::serenity_prelude::{AutocompleteChoice, CreateAutocompleteResponse};

use super::{choices, reply, CommandError, Context};
use crate::compare::{compare as side_by_side, CompareError};
use crate::corpus::Corpus;
use crate::discord::render::{self, Outgoing};
use crate::limits::{self, truncate};

/// Compare two roles side by side
#[poise::command(slash_command)]
pub async fn compare(
    ctx: Context<'_>,
    #[description = "The first role"]
    #[autocomplete = "suggest_roles"]
    first: String,
    #[description = "The role to compare it with"]
    #[autocomplete = "suggest_roles"]
    second: String,
) -> Result<(), CommandError> {
    let out = {
        let index = ctx.data().state.index();
        match side_by_side(index.corpus(), &first, &second) {
            Ok(c) => render::comparison(&c),
            Err(CompareError::SameRole(name)) => Outgoing::notice(&format!(
                "You picked **{name}** twice. Choose two different roles to compare."
            )),
            Err(e @ CompareError::UnknownRole { .. }) => Outgoing::notice(&e.to_string()),
        }
    };
    reply(ctx, out).await
}

async fn suggest_roles(ctx: Context<'_>, typed: &str) -> CreateAutocompleteResponse {
    choices(role_choices(ctx.data().state.index().corpus(), typed))
}

/// The roles whose id, name or an alias contains what was typed (all of them for nothing
/// typed), at most 25: name shown, id sent.
pub fn role_choices(corpus: &Corpus, typed: &str) -> Vec<AutocompleteChoice> {
    let typed = typed.trim().to_lowercase();
    corpus
        .roles
        .iter()
        .filter(|r| {
            typed.is_empty()
                || r.id.contains(&typed)
                || r.name.to_lowercase().contains(&typed)
                || r.aliases.iter().any(|a| a.contains(&typed))
        })
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|r| AutocompleteChoice::new(truncate(&r.name, limits::CHOICE_NAME), r.id.clone()))
        .collect()
}

/// List the roles that /compare knows
#[poise::command(slash_command)]
pub async fn roles(ctx: Context<'_>) -> Result<(), CommandError> {
    let out = {
        let index = ctx.data().state.index();
        let body: Vec<String> = index
            .corpus()
            .roles
            .iter()
            .map(|r| {
                let aliases: Vec<&str> = r.aliases.iter().take(6).map(String::as_str).collect();
                format!("**{}**: also called {}", r.name, aliases.join(", "))
            })
            .collect();
        render::listing("Roles you can /compare", &body.join("\n"), false)
    };
    reply(ctx, out).await
}
