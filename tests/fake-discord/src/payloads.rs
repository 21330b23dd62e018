//! Payload builders: gateway events and REST objects with every key serenity 0.12.5 requires.

#![allow(unused_imports)]

use crate::*;

// ---------------------------------------------------------------------------------------------
// Payload builders
// ---------------------------------------------------------------------------------------------

pub(crate) static NEXT_PAYLOAD_ID: AtomicU64 = AtomicU64::new(2_000_000);

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
pub(crate) fn interaction_base(inv: &Invoker, kind: u8, data: Value) -> Value {
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

// ----- objects the REST answers share ---------------------------------------------------------

/// The role that carries a registered member's permissions.
pub(crate) fn member_role_id(user_id: &str) -> String {
    (user_id.parse::<u64>().unwrap_or(0) | (1 << 62)).to_string()
}

pub(crate) fn role_json(id: &str, name: &str, permissions: u64) -> Value {
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
pub(crate) fn guild_json(guild: &str, members: &HashMap<String, (Value, u64)>) -> Value {
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

pub(crate) fn guild_channel_json(channel: &str, guild: &str) -> Value {
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

pub(crate) fn guild_member_json(user_id: &str, user: &Value) -> Value {
    member_json(user, json!([member_role_id(user_id)]))
}

/// A guild member object with every key serenity requires.
pub(crate) fn member_json(user: &Value, roles: Value) -> Value {
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
