//! Chat markup that is not words: custom emoji, mentions, timestamps, links, and markdown inside
//! words. Removed before a question is read, so `<:nurse:1234>` does not say "nurse" and
//! `M**L**T` says "MLT".
//!
//! The syntax is Discord's, but it is plain text to this module: the console and the CLI get the
//! same clean-up, and nothing here knows about the Discord API.

/// Characters of inline markdown (bold, italics, underline, strikethrough, spoilers, code).
const MARKDOWN: &[char] = &['*', '_', '~', '|', '`'];

/// The text with markup removed: tags (`<:name:id>`, `<a:name:id>`, `<@id>`, `<@!id>`, `<@&id>`,
/// `<#id>`, `</command:id>`, `<t:123:R>`), links and struck-through text (`~~nursing~~`) become
/// spaces; markdown characters between two letters or digits are dropped (`M**L**T` → `MLT`),
/// elsewhere they become spaces.
///
/// ```
/// use faqbot::text::markup::strip;
/// assert_eq!(strip("<:nurse:123456789012345678> hi").trim(), "hi");
/// assert_eq!(strip("an M**L**T"), "an MLT");
/// assert_eq!(strip("~~nursing~~ lab tech").trim(), "lab tech");
/// ```
pub fn strip(text: &str) -> String {
    if !has_markup(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            if let Some(end) = tag_end(&chars, i) {
                out.push(' ');
                i = end + 1;
                continue;
            }
        }
        // Struck-through words are what the member took back: "~~nursing~~ lab tech school"
        // (inside a word, "s~~a~~lary", it is only markdown).
        if c == '~' && chars.get(i + 1) == Some(&'~') && !(i > 0 && chars[i - 1].is_alphanumeric())
        {
            if let Some(end) = (i + 2..chars.len().saturating_sub(1))
                .find(|&k| chars[k] == '~' && chars[k + 1] == '~')
                .filter(|&k| !chars.get(k + 2).is_some_and(|c| c.is_alphanumeric()))
            {
                out.push(' ');
                i = end + 2;
                continue;
            }
        }
        if (c == 'h' || c == 'H') && starts_link(&chars[i..]) {
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            out.push(' ');
            continue;
        }
        if MARKDOWN.contains(&c) || c == '\\' {
            let start = i;
            while i < chars.len() && (MARKDOWN.contains(&chars[i]) || chars[i] == '\\') {
                i += 1;
            }
            let before = start.checked_sub(1).map(|b| chars[b]);
            let after = chars.get(i).copied();
            let inside_word = before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric);
            if !inside_word {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// If a Discord tag starts at `start` (`<` already seen), the index of its closing `>`.
fn tag_end(chars: &[char], start: usize) -> Option<usize> {
    // Tags are short: an emoji name is at most 32 characters, an id at most 20 digits.
    let end = chars[start..].iter().take(80).position(|&c| c == '>')? + start;
    let inner: String = chars[start + 1..end].iter().collect();
    let is_id = |s: &str| !s.is_empty() && s.len() <= 20 && s.chars().all(|c| c.is_ascii_digit());
    let is_name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
    };
    let ok = if let Some(rest) = inner.strip_prefix("a:").or_else(|| inner.strip_prefix(':')) {
        // Custom emoji: <:name:id> or <a:name:id>.
        rest.rsplit_once(':')
            .is_some_and(|(name, id)| is_name(name) && is_id(id))
    } else if let Some(rest) = inner
        .strip_prefix("@&")
        .or_else(|| inner.strip_prefix("@!"))
    {
        is_id(rest)
    } else if let Some(rest) = inner.strip_prefix('@').or_else(|| inner.strip_prefix('#')) {
        is_id(rest)
    } else if let Some(rest) = inner.strip_prefix('/') {
        // Slash-command mention: </name sub:id>.
        rest.rsplit_once(':')
            .is_some_and(|(name, id)| is_name(name) && is_id(id))
    } else if let Some(rest) = inner.strip_prefix("t:") {
        // Timestamp: <t:1700000000> or <t:1700000000:R>.
        let stamp = rest.split(':').next().unwrap_or("");
        !stamp.is_empty() && stamp.chars().all(|c| c.is_ascii_digit())
    } else {
        false
    };
    ok.then_some(end)
}

/// True when `text` may hold something [`strip`] removes: a tag, markdown, an escape or a link.
/// Most questions hold none, and are kept as they are without looking at each character.
fn has_markup(text: &str) -> bool {
    text.contains(['<', '\\']) || text.contains(MARKDOWN) || text.contains("://")
}

/// True when `chars` start with `http://` or `https://`, in any case. (No character outside ASCII
/// lowercases to an ASCII letter of those, so comparing ASCII letters alone is enough.)
fn starts_link(chars: &[char]) -> bool {
    let starts = |prefix: &str| {
        chars.len() >= prefix.len()
            && prefix
                .chars()
                .zip(chars)
                .all(|(p, c)| c.is_ascii() && c.to_ascii_lowercase() == p)
    };
    starts("http://") || starts("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_and_animated_emoji_are_removed() {
        assert_eq!(
            strip("<:nurse:123456789012345678> how do clinicals work").trim(),
            "how do clinicals work"
        );
        assert_eq!(strip("<a:pharmacy_dance:42>pay?").trim(), "pay?");
    }

    #[test]
    fn mentions_channels_roles_commands_and_timestamps_are_removed() {
        let s = strip("<@123> <@!456> <@&789> <#1011> </ask:1213> <t:1700000000:R> mlt");
        assert_eq!(s.split_whitespace().collect::<Vec<_>>(), vec!["mlt"]);
    }

    #[test]
    fn markdown_inside_a_word_joins_it() {
        assert_eq!(strip("M**L**T"), "MLT");
        assert_eq!(strip("ph__lebo__tomy"), "phlebotomy");
        assert_eq!(strip("s~~a~~lary"), "salary");
        assert_eq!(strip("m\\*lt"), "mlt");
    }

    #[test]
    fn markdown_around_words_separates_them() {
        assert_eq!(
            strip("**MLT** salary ||spoiler||")
                .split_whitespace()
                .collect::<Vec<_>>(),
            vec!["MLT", "salary", "spoiler"]
        );
    }

    #[test]
    fn links_are_removed_but_a_lone_angle_bracket_is_kept() {
        assert_eq!(
            strip("see https://nurse.example/x?y=1 ok").trim(),
            "see   ok".trim()
        );
        assert_eq!(strip("a < b > c"), "a < b > c");
    }
}
