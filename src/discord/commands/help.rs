//! `/help`: what the bot does, how to ask, and every command (listed from the command table, so
//! a new command shows up here by itself).

use super::{reply, CommandError, Context};
use crate::discord::render;

/// How to use the FAQ bot
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), CommandError> {
    let mut members = Vec::new();
    let mut moderators = Vec::new();
    for command in &ctx.framework().options().commands {
        let leaves: Vec<&super::Command> = if command.subcommands.is_empty() {
            vec![command]
        } else {
            command.subcommands.iter().collect()
        };
        for c in leaves {
            let usage = usage(&command.name, c);
            let description = c.description.as_deref().unwrap_or("");
            let line = format!(
                "- `{usage}`: {}",
                description.trim_start_matches("Moderators: ")
            );
            if c.checks.is_empty() {
                members.push(line);
            } else {
                moderators.push(line);
            }
        }
    }
    let text = format!(
        "I answer questions about careers in laboratory medicine: lab technicians (MLT), \
         technologists (MT/MLS), medical assistants, phlebotomy, degrees, certification, pay and jobs.\n\n\
         Mention me or DM me with a question (several in one message are fine; a follow-up like \
         *and where do they work?* keeps the role you just asked about), or use:\n{}\n\n\
         Moderators:\n{}",
        members.join("\n"),
        moderators.join("\n")
    );
    reply(ctx, render::listing("How to use the FAQ bot", &text, true)).await
}

/// `/group sub option:` for a command (or a subcommand of `group`).
fn usage(group: &str, c: &super::Command) -> String {
    let mut usage = if c.name == group {
        format!("/{group}")
    } else {
        format!("/{group} {}", c.name)
    };
    for p in c.parameters.iter().filter(|p| p.required) {
        usage.push_str(&format!(" {}:", p.name));
    }
    usage
}
