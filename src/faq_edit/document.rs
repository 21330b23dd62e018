//! Entries inside a topic file, edited with toml_edit so that everything else in the file
//! (comments, key order, blank lines, string styles) stays byte for byte as it was.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::Draft;

/// Parses a topic file for editing.
pub(super) fn parse(text: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>()
        .map_err(|e| e.message().trim().to_string())
}

/// The `[[entry]]` tables of a topic file, if it has any.
pub(super) fn entries(doc: &DocumentMut) -> Option<&ArrayOfTables> {
    doc.get("entry").and_then(Item::as_array_of_tables)
}

/// Position of the entry with this id among the `[[entry]]` tables.
pub(super) fn position(doc: &DocumentMut, id: &str) -> Option<usize> {
    entries(doc)?
        .iter()
        .position(|t| t.get("id").and_then(Item::as_str).map(str::trim) == Some(id))
}

/// The editable fields of an entry table, as a moderator sees them.
pub(super) fn draft_of(table: &Table) -> Draft {
    let text = |key: &str| {
        table
            .get(key)
            .and_then(Item::as_str)
            .map(|s| s.trim().to_string())
    };
    let list = |key: &str| -> Vec<String> {
        table
            .get(key)
            .and_then(Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|s| s.trim().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    Draft {
        question: text("question").unwrap_or_default(),
        alternates: list("alternates"),
        answer: text("answer").unwrap_or_default(),
        source: text("source").filter(|s| !s.is_empty()),
        related: list("related"),
    }
}

/// Writes the fields that differ between `old` and `new` into `table`, keeping the position and
/// surrounding comments of every key that stays.
pub(super) fn update(table: &mut Table, old: &Draft, new: &Draft) {
    if old.question != new.question {
        set(table, "question", Value::from(new.question.as_str()));
    }
    if old.alternates != new.alternates {
        set(table, "alternates", multiline_array(&new.alternates));
    }
    if old.answer != new.answer {
        set(table, "answer", answer_value(&new.answer));
    }
    if old.source != new.source {
        match &new.source {
            Some(s) => set(table, "source", Value::from(s.as_str())),
            None => {
                table.remove("source");
            }
        }
    }
    if old.related != new.related {
        if new.related.is_empty() {
            table.remove("related");
        } else {
            set(table, "related", inline_array(&new.related));
        }
    }
}

/// A new `[[entry]]` table laid out like the shipped files, preceded by a blank line.
pub(super) fn new_table(id: &str, draft: &Draft) -> Table {
    let mut t = Table::new();
    t.insert("id", Item::Value(Value::from(id)));
    t.insert(
        "question",
        Item::Value(Value::from(draft.question.as_str())),
    );
    t.insert(
        "alternates",
        Item::Value(multiline_array(&draft.alternates)),
    );
    t.insert("answer", Item::Value(answer_value(&draft.answer)));
    if let Some(source) = &draft.source {
        t.insert("source", Item::Value(Value::from(source.as_str())));
    }
    if !draft.related.is_empty() {
        t.insert("related", Item::Value(inline_array(&draft.related)));
    }
    t.decor_mut().set_prefix("\n");
    t
}

/// The entry alone as TOML, for the audit log and the moderator's copy of a refused change.
pub fn snippet(id: &str, draft: &Draft) -> String {
    let mut doc = DocumentMut::new();
    let mut aot = ArrayOfTables::new();
    let mut t = new_table(id, draft);
    t.decor_mut().set_prefix("");
    aot.push(t);
    doc.insert("entry", Item::ArrayOfTables(aot));
    doc.to_string()
}

/// Replaces the value of `key`, keeping the spacing and trailing comment around the old one.
fn set(table: &mut Table, key: &str, new: Value) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
        _ => {
            table.insert(key, Item::Value(new));
        }
    }
}

/// `[\n  "a",\n  "b",\n]`, the layout of `alternates` in the shipped files.
fn multiline_array(items: &[String]) -> Value {
    let mut array = Array::new();
    for item in items {
        let mut v = Value::from(item.as_str());
        v.decor_mut().set_prefix("\n  ");
        v.decor_mut().set_suffix("");
        array.push_formatted(v);
    }
    array.set_trailing_comma(!items.is_empty());
    array.set_trailing("\n");
    Value::Array(array)
}

/// `["a", "b"]`, the layout of `related`.
fn inline_array(items: &[String]) -> Value {
    Value::Array(items.iter().map(String::as_str).collect())
}

/// An answer as a multi-line string (`"""` on their own lines), like the shipped files.
fn answer_value(answer: &str) -> Value {
    Value::from(format!("{}\n", answer.trim()))
}
