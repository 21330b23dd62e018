//! The REST server: records every request, validates bodies, answers the routes a bot needs
//! (or a fault, a delay), and the answers' JSON.

#![allow(unused_imports)]

use crate::*;

// ---------------------------------------------------------------------------------------------
// REST server
// ---------------------------------------------------------------------------------------------

/// Which extra (non-schema) checks a route's body gets.
#[derive(Clone, Copy)]
pub(crate) enum LimitKind {
    /// A message body; `true` if an empty message is an error (creations).
    Message(bool),
    InteractionCallback,
    Commands,
    Command,
}

pub(crate) struct Outcome {
    status: StatusCode,
    body: Value,
}

pub(crate) fn ok(body: Value) -> Outcome {
    Outcome {
        status: StatusCode::OK,
        body,
    }
}

pub(crate) fn no_content() -> Outcome {
    Outcome {
        status: StatusCode::NO_CONTENT,
        body: Value::Null,
    }
}

pub(crate) fn not_found(message: &str, code: u64) -> Outcome {
    Outcome {
        status: StatusCode::NOT_FOUND,
        body: json!({"message": message, "code": code}),
    }
}

pub(crate) async fn rest_handler(
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
pub(crate) fn take_delay(st: &mut FakeState, method: &str, route: &str) -> Option<Duration> {
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
pub(crate) fn take_fault(st: &mut FakeState, method: &str, route: &str) -> Option<RestFault> {
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
pub(crate) fn fault_outcome(
    fault: &RestFault,
    headers: &mut Vec<(&'static str, String)>,
) -> Outcome {
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

pub(crate) fn strip_api_prefix(path: &str) -> &str {
    if let Some(rest) = path.strip_prefix("/api/v") {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && (rest[digits..].is_empty() || rest[digits..].starts_with('/')) {
            return &rest[digits..];
        }
    }
    path
}

pub(crate) fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

pub(crate) fn percent_decode(s: &str) -> String {
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

pub(crate) fn parse_body(content_type: &str, raw: &str) -> Option<Value> {
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
pub(crate) fn classify(method: &str, segs: &[&str]) -> Option<(&'static str, LimitKind)> {
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
pub(crate) fn answer(
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
pub(crate) fn interaction_channel(st: &FakeState, token: &str) -> String {
    st.interaction_channels
        .get(token)
        .cloned()
        .unwrap_or_else(|| "1".to_string())
}

pub(crate) fn next_id(st: &mut FakeState) -> u64 {
    st.next_id += 1;
    st.next_id
}

pub(crate) fn application_info() -> Value {
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

pub(crate) fn echo_commands(
    st: &mut FakeState,
    app: &str,
    guild: Option<&str>,
    body: &Value,
) -> Vec<Value> {
    body.as_array()
        .map(|cmds| {
            cmds.iter()
                .map(|c| echo_command(st, app, guild, c))
                .collect()
        })
        .unwrap_or_default()
}

/// A `Command` object as Discord would return it for a create/update request `c`.
pub(crate) fn echo_command(st: &mut FakeState, app: &str, guild: Option<&str>, c: &Value) -> Value {
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
    pub(crate) fn fix_options(v: &mut Value) {
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
pub(crate) fn response_message(
    id: u64,
    channel: &str,
    body: &Value,
    webhook: Option<&str>,
) -> Value {
    response_message_str(&id.to_string(), channel, body, webhook)
}

pub(crate) fn response_message_str(
    id: &str,
    channel: &str,
    body: &Value,
    webhook: Option<&str>,
) -> Value {
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
pub(crate) fn merge_message(mut base: Value, edit: &Value) -> Value {
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
pub(crate) fn ensure_deserializable(mut msg: Value) -> Value {
    use serenity::model::channel::Message;
    if serde_json::from_value::<Message>(msg.clone()).is_ok() {
        return msg;
    }
    msg["embeds"] = json!([]);
    msg["components"] = json!([]);
    msg
}
