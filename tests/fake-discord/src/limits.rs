//! Discord's size limits that the schemas do not express (or express more loosely).

#![allow(unused_imports)]

use crate::*;

// ---------------------------------------------------------------------------------------------
// Discord limits the schema does not express (or expresses more loosely)
// ---------------------------------------------------------------------------------------------

/// Checks a message body (create/edit/interaction response/follow-up) against Discord's
/// documented limits, counting Unicode scalar values. Returns `path: message` strings.
///
/// Content <= 2000; <= 10 embeds; embed title <= 256, description <= 4096, <= 25 fields, field
/// name <= 256 and value <= 1024 (both non-empty), footer text <= 2048, author name <= 256, and
/// all of those together <= 6000 per message; <= 5 action rows, <= 5 buttons or 1 select per
/// row, button label <= 80, custom_id <= 100 and unique, link buttons need a url, other
/// buttons a custom_id; select menus <= 25 options, option label/value/description <= 100,
/// placeholder <= 150. With `require_non_empty`, a message without content, embeds,
/// components, attachments, stickers or poll is rejected (Discord error 50006).
pub fn check_discord_limits(body: &Value, require_non_empty: bool) -> Vec<String> {
    message_limits("", body, require_non_empty)
        .iter()
        .map(Problem::to_string)
        .collect()
}

pub(crate) fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

pub(crate) fn limit_problems(kind: LimitKind, body: &Value) -> Vec<Problem> {
    match kind {
        LimitKind::Message(require_non_empty) => message_limits("", body, require_non_empty),
        LimitKind::InteractionCallback => match body["type"].as_u64() {
            Some(4) => message_limits("/data", &body["data"], true),
            Some(7) => message_limits("/data", &body["data"], false),
            Some(8) => autocomplete_limits(&body["data"]),
            _ => Vec::new(),
        },
        LimitKind::Commands => {
            let mut out = Vec::new();
            if let Some(cmds) = body.as_array() {
                for (i, c) in cmds.iter().enumerate() {
                    out.extend(command_limits(&format!("/{i}"), c));
                }
            }
            out
        }
        LimitKind::Command => command_limits("", body),
    }
}

pub(crate) fn message_limits(base: &str, m: &Value, require_non_empty: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    pub(crate) fn over(out: &mut Vec<Problem>, path: String, what: &str, n: usize, max: usize) {
        if n > max {
            out.push(Problem::new(
                path,
                format!("{what} is {n} long, Discord allows at most {max}"),
            ));
        }
    }
    over(
        &mut out,
        format!("{base}/content"),
        "content",
        chars(&m["content"]),
        2000,
    );

    let embeds = m["embeds"].as_array().cloned().unwrap_or_default();
    over(
        &mut out,
        format!("{base}/embeds"),
        "embed count",
        embeds.len(),
        10,
    );
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let p = format!("{base}/embeds/{i}");
        let (title, desc) = (chars(&e["title"]), chars(&e["description"]));
        let (footer, author) = (chars(&e["footer"]["text"]), chars(&e["author"]["name"]));
        over(&mut out, format!("{p}/title"), "embed title", title, 256);
        over(
            &mut out,
            format!("{p}/description"),
            "embed description",
            desc,
            4096,
        );
        over(
            &mut out,
            format!("{p}/footer/text"),
            "embed footer text",
            footer,
            2048,
        );
        over(
            &mut out,
            format!("{p}/author/name"),
            "embed author name",
            author,
            256,
        );
        total += title + desc + footer + author;
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        over(
            &mut out,
            format!("{p}/fields"),
            "embed field count",
            fields.len(),
            25,
        );
        for (j, f) in fields.iter().enumerate() {
            let (name, value) = (chars(&f["name"]), chars(&f["value"]));
            over(
                &mut out,
                format!("{p}/fields/{j}/name"),
                "embed field name",
                name,
                256,
            );
            over(
                &mut out,
                format!("{p}/fields/{j}/value"),
                "embed field value",
                value,
                1024,
            );
            total += name + value;
            for (key, n) in [("name", name), ("value", value)] {
                if n == 0 || f[key].as_str().is_some_and(|s| s.trim().is_empty()) {
                    out.push(Problem::new(
                        format!("{p}/fields/{j}/{key}"),
                        format!("embed field {key} must not be empty (Discord rejects it)"),
                    ));
                }
            }
        }
    }
    if total > 6000 {
        out.push(Problem::new(
            format!("{base}/embeds"),
            format!(
                "embeds total {total} characters (titles, descriptions, fields, footers, \
                 authors); Discord allows at most 6000 per message"
            ),
        ));
    }

    let rows = m["components"].as_array().cloned().unwrap_or_default();
    let is_v2 = m["flags"].as_u64().is_some_and(|f| f & (1 << 15) != 0);
    if !is_v2 && rows.len() > 5 {
        out.push(Problem::new(
            format!("{base}/components"),
            format!("{} action rows, Discord allows at most 5", rows.len()),
        ));
    }
    let mut custom_ids: Vec<String> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let p = format!("{base}/components/{i}");
        if row["type"] != 1 {
            continue;
        }
        let children = row["components"].as_array().cloned().unwrap_or_default();
        let buttons = children.iter().filter(|c| c["type"] == 2).count();
        let selects = children.len() - buttons;
        if buttons > 5 {
            out.push(Problem::new(
                format!("{p}/components"),
                format!("{buttons} buttons in one action row, Discord allows at most 5"),
            ));
        }
        if selects > 0 && children.len() > 1 {
            out.push(Problem::new(
                format!("{p}/components"),
                "a select menu must be alone in its action row",
            ));
        }
        for (j, c) in children.iter().enumerate() {
            let cp = format!("{p}/components/{j}");
            if let Some(id) = c["custom_id"].as_str() {
                let n = id.chars().count();
                if n > 100 {
                    out.push(Problem::new(
                        format!("{cp}/custom_id"),
                        format!("custom_id is {n} long, Discord allows at most 100"),
                    ));
                }
                if custom_ids.iter().any(|x| x == id) {
                    out.push(Problem::new(
                        format!("{cp}/custom_id"),
                        format!("duplicate custom_id {id:?} in one message"),
                    ));
                }
                custom_ids.push(id.to_string());
            }
            if c["type"] == 2 {
                let n = chars(&c["label"]);
                if n > 80 {
                    out.push(Problem::new(
                        format!("{cp}/label"),
                        format!("button label is {n} long, Discord allows at most 80"),
                    ));
                }
                let link = c["style"] == 5;
                let has_url = c["url"].is_string();
                let has_id = c["custom_id"].is_string();
                if link && (!has_url || has_id) {
                    out.push(Problem::new(
                        cp.clone(),
                        "a link button needs a url and no custom_id",
                    ));
                }
                if !link && c["style"] != 6 && (!has_id || has_url) {
                    out.push(Problem::new(
                        cp.clone(),
                        "a non-link button needs a custom_id and no url",
                    ));
                }
            } else {
                let n = chars(&c["placeholder"]);
                if n > 150 {
                    out.push(Problem::new(
                        format!("{cp}/placeholder"),
                        format!("select placeholder is {n} long, Discord allows at most 150"),
                    ));
                }
                let opts = c["options"].as_array().cloned().unwrap_or_default();
                if opts.len() > 25 {
                    out.push(Problem::new(
                        format!("{cp}/options"),
                        format!("{} select options, Discord allows at most 25", opts.len()),
                    ));
                }
                for (k, o) in opts.iter().enumerate() {
                    for key in ["label", "value", "description"] {
                        let n = chars(&o[key]);
                        if n > 100 {
                            out.push(Problem::new(
                                format!("{cp}/options/{k}/{key}"),
                                format!(
                                    "select option {key} is {n} long, Discord allows at most 100"
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }

    if require_non_empty {
        let non_empty = |k: &str| match &m[k] {
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(_) => true,
            _ => false,
        };
        if ![
            "content",
            "embeds",
            "components",
            "attachments",
            "sticker_ids",
            "poll",
        ]
        .iter()
        .any(|k| non_empty(k))
        {
            out.push(Problem::new(
                base.to_string(),
                "empty message: no content, embeds, components, attachments, stickers or poll \
                 (Discord error 50006)",
            ));
        }
    }
    out
}

pub(crate) fn autocomplete_limits(data: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    let choices = data["choices"].as_array().cloned().unwrap_or_default();
    if choices.len() > 25 {
        out.push(Problem::new(
            "/data/choices",
            format!(
                "{} autocomplete choices, Discord allows at most 25",
                choices.len()
            ),
        ));
    }
    for (i, c) in choices.iter().enumerate() {
        let n = chars(&c["name"]);
        if n > 100 || n == 0 {
            out.push(Problem::new(
                format!("/data/choices/{i}/name"),
                format!("choice name is {n} long, Discord requires 1..=100"),
            ));
        }
        let v = chars(&c["value"]);
        if v > 100 {
            out.push(Problem::new(
                format!("/data/choices/{i}/value"),
                format!("choice string value is {v} long, Discord allows at most 100"),
            ));
        }
    }
    out
}

pub(crate) fn command_limits(base: &str, c: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    let chat_input = c["type"].is_null() || c["type"] == 1;
    if chat_input {
        check_command_name(&format!("{base}/name"), &c["name"], &mut out);
        if chars(&c["description"]) == 0 {
            out.push(Problem::new(
                format!("{base}/description"),
                "a slash command needs a non-empty description",
            ));
        }
    }
    pub(crate) fn walk(base: &str, opts: &Value, out: &mut Vec<Problem>) {
        let Some(opts) = opts.as_array() else { return };
        let mut seen_optional = false;
        for (i, o) in opts.iter().enumerate() {
            let p = format!("{base}/options/{i}");
            check_command_name(&format!("{p}/name"), &o["name"], out);
            let choices = o["choices"].as_array().map_or(0, Vec::len);
            if choices > 25 {
                out.push(Problem::new(
                    format!("{p}/choices"),
                    format!("{choices} choices, Discord allows at most 25"),
                ));
            }
            if choices > 0 && o["autocomplete"] == true {
                out.push(Problem::new(
                    p.clone(),
                    "an option cannot have both choices and autocomplete",
                ));
            }
            for (k, ch) in o["choices"].as_array().into_iter().flatten().enumerate() {
                let n = chars(&ch["name"]);
                if n > 100 {
                    out.push(Problem::new(
                        format!("{p}/choices/{k}/name"),
                        format!("choice name is {n} long, Discord allows at most 100"),
                    ));
                }
            }
            let sub = matches!(o["type"].as_u64(), Some(1) | Some(2));
            if !sub {
                if o["required"] == true && seen_optional {
                    out.push(Problem::new(
                        p.clone(),
                        "required options must come before optional ones",
                    ));
                }
                if o["required"] != true {
                    seen_optional = true;
                }
            }
            walk(&p, &o["options"], out);
        }
    }
    walk(base, &c["options"], &mut out);
    out
}

/// CHAT_INPUT command and option names: 1-32 characters, lower case, `-`, `_`, letters, digits.
pub(crate) fn check_command_name(path: &str, name: &Value, out: &mut Vec<Problem>) {
    let Some(name) = name.as_str() else { return };
    let n = name.chars().count();
    let ok_chars = name
        .chars()
        .all(|c| c == '-' || c == '_' || c.is_alphanumeric());
    let lower = name.chars().all(|c| !c.is_uppercase());
    if !(1..=32).contains(&n) || !ok_chars || !lower {
        out.push(Problem::new(
            path,
            format!("command/option name {name:?} must be 1-32 lower-case letters, digits, - or _"),
        ));
    }
}
