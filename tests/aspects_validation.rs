//! `aspects.toml` and the `roles`/`aspects` of entries are validated like the rest of the FAQ:
//! every problem with its file, line and field, and a reload that would make an entry unreachable
//! from its own phrasings is refused.

use std::path::{Path, PathBuf};

use faqbot::corpus::{Diagnostic, Severity};

/// A copy of the shipped FAQ in a temporary folder, with `edit` applied to one file.
fn faq_with(file: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if name == file {
            let edited = edit(text.clone());
            assert_ne!(edited, text, "the edit of {file} changed nothing");
            text = edited;
        }
        std::fs::write(tmp.path().join(&name), text).unwrap();
    }
    let dir = tmp.path().to_path_buf();
    (tmp, dir)
}

fn errors(dir: &Path) -> Vec<Diagnostic> {
    match faqbot::faq::load(dir, &faqbot::faq::Rules::inspecting()) {
        Ok(_) => panic!("{} loaded", dir.display()),
        Err(e) => e
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

/// The errors in `file` about `field_prefix` saying `says`, each with a line.
fn errors_about(dir: &Path, file: &str, field_prefix: &str, says: &str) -> Vec<Diagnostic> {
    let errors = errors(dir);
    let found: Vec<Diagnostic> = errors
        .iter()
        .filter(|d| {
            d.file.file_name().is_some_and(|f| f == file)
                && d.field.starts_with(field_prefix)
                && d.message.contains(says)
        })
        .cloned()
        .collect();
    assert!(
        !found.is_empty(),
        "no error in {file} {field_prefix} saying {says:?}:\n{errors:#?}"
    );
    assert!(found.iter().all(|d| d.line > 0), "{found:#?}");
    found
}

/// The only error of the folder, which must be in `file` about `field_prefix` saying `says`.
fn one_error(dir: &Path, file: &str, field_prefix: &str, says: &str) -> Diagnostic {
    let found = errors_about(dir, file, field_prefix, says);
    let all = errors(dir);
    assert_eq!(all.len(), 1, "one mistake, one error:\n{all:#?}");
    found[0].clone()
}

#[test]
fn shipped_faq_has_aspects_and_every_entry_reads_as_at_least_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    let loaded = faqbot::faq::load(&dir, &faqbot::faq::Rules::inspecting())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let index = loaded.index;
    assert!(index.corpus().aspects.len() >= 14);
    for (i, e) in index.corpus().entries.iter().enumerate() {
        assert!(
            !index.profile(i).aspects.is_empty(),
            "{} has no aspect",
            e.id
        );
    }
}

#[test]
fn a_cue_that_does_not_parse_is_an_error_at_its_line() {
    let (_tmp, dir) = faq_with("aspects.toml", |t| {
        t.replacen(
            "\n  \"salary\", \"how much ... make\"",
            "\n  \"salary\", \"... make\"",
            1,
        )
    });
    let d = one_error(
        &dir,
        "aspects.toml",
        "aspect[pay].cues[",
        "cannot start with",
    );
    let text = std::fs::read_to_string(dir.join("aspects.toml")).unwrap();
    assert!(
        text.lines()
            .nth(d.line - 1)
            .unwrap()
            .contains("\"... make\""),
        "{d}"
    );
}

#[test]
fn an_unknown_role_attribute_is_an_error() {
    let (_tmp, dir) = faq_with("aspects.toml", |t| {
        t.replacen("\nattribute = \"pay\"", "\nattribute = \"wages\"", 1)
    });
    one_error(
        &dir,
        "aspects.toml",
        "aspect[pay].attribute",
        "unknown role attribute",
    );
}

#[test]
fn a_cue_in_two_aspects_is_an_error() {
    let (_tmp, dir) = faq_with("aspects.toml", |t| {
        t.replacen("\"outlook\", \"job market\"", "\"outlook\", \"salary\"", 1)
    });
    one_error(
        &dir,
        "aspects.toml",
        "aspect[outlook].cues[",
        "also a cue of aspect `pay`",
    );
}

#[test]
fn an_entry_naming_an_unknown_aspect_or_role_is_an_error_at_its_line() {
    let (_tmp, dir) = faq_with("salary-and-outlook.toml", |t| {
        t.replacen(
            "id = \"mlt-salary\"\n",
            "id = \"mlt-salary\"\naspects = [\"wages\"]\nroles = [\"nurse\"]\n",
            1,
        )
    });
    errors_about(
        &dir,
        "salary-and-outlook.toml",
        "entry[mlt-salary].aspects[0]",
        "`wages` is not the id of any aspect",
    );
    errors_about(
        &dir,
        "salary-and-outlook.toml",
        "entry[mlt-salary].roles[0]",
        "`nurse` is not the id of any role",
    );
}

#[test]
fn aspects_that_contradict_an_entrys_own_phrasing_are_refused() {
    // "mlt salary" reads as pay: an entry set to be about outlook only could never answer it.
    let (_tmp, dir) = faq_with("salary-and-outlook.toml", |t| {
        t.replacen(
            "id = \"mlt-salary\"\n",
            "id = \"mlt-salary\"\naspects = [\"outlook\"]\n",
            1,
        )
    });
    let found = errors_about(
        &dir,
        "salary-and-outlook.toml",
        "entry[mlt-salary].aspects",
        "reads as [pay]",
    );
    assert!(
        found.iter().any(|d| d.message.contains("\"mlt salary\"")),
        "{found:#?}"
    );
}

#[test]
fn a_reload_with_a_broken_aspects_file_keeps_the_old_faq_serving() {
    let (_tmp, dir) = faq_with("aspects.toml", |t| format!("{t}\n"));
    let (state, _) = faqbot::state::FaqState::load(&dir).unwrap();
    let before = state.index().corpus().aspects.len();
    std::fs::write(dir.join("aspects.toml"), "[[aspect]]\nid = \"Pay\"\n").unwrap();
    let err = state.reload().expect_err("broken aspects.toml reloaded");
    assert!(
        err.diagnostics
            .iter()
            .any(|d| d.field.starts_with("aspect[")),
        "{err}"
    );
    assert_eq!(state.index().corpus().aspects.len(), before);
}
