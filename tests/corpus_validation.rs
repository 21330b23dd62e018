//! The shipped FAQ validates, and broken FAQ folders are reported with file, line and field.

use std::path::{Path, PathBuf};

use faqbot::corpus::{Diagnostic, LoadError, Loaded, RoleAttribute, Severity};

/// The corpus step alone, with Discord's text limits.
fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    faqbot::corpus::load_dir(dir, &faqbot::limits::FAQ_TEXT)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")
}

fn errors_of(dir: &str) -> Vec<Diagnostic> {
    let err = load_dir(&fixture(dir)).expect_err("fixture should not load");
    err.diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// Finds the error about `field` in `file` (by file name), or fails listing what was found.
fn find<'a>(errors: &'a [Diagnostic], file: &str, field: &str) -> &'a Diagnostic {
    errors
        .iter()
        .find(|d| d.file.file_name().is_some_and(|f| f == file) && d.field == field)
        .unwrap_or_else(|| panic!("no error for {file} {field} in:\n{errors:#?}"))
}

#[test]
fn shipped_faq_loads_with_every_entry_complete() {
    let loaded = load_dir(&shipped()).unwrap_or_else(|e| panic!("{e}"));
    let corpus = &loaded.corpus;
    assert!(
        (40..=70).contains(&corpus.entries.len()),
        "{} entries",
        corpus.entries.len()
    );
    for e in &corpus.entries {
        assert!(e.alternates.len() >= 3, "{} has too few alternates", e.id);
        assert!(
            e.answer.chars().count() <= 1000,
            "{} answer is over 1,000 characters",
            e.id
        );
        assert!(
            !e.answer.contains("Beacon Hill"),
            "{} carries the advert",
            e.id
        );
    }
    assert!(
        loaded.warnings.is_empty(),
        "shipped FAQ has warnings: {:#?}",
        loaded.warnings
    );
}

#[test]
fn shipped_faq_has_the_five_role_profiles_with_every_attribute() {
    let corpus = load_dir(&shipped()).unwrap().corpus;
    let ids: Vec<&str> = corpus.roles.iter().map(|r| r.id.as_str()).collect();
    for wanted in [
        "medical-assistant",
        "mlt",
        "mt-mls",
        "phlebotomist",
        "lab-assistant",
    ] {
        assert!(ids.contains(&wanted), "missing role {wanted} in {ids:?}");
    }
    for r in &corpus.roles {
        for a in RoleAttribute::ALL {
            assert!(!r.attribute(a).is_empty(), "{} lacks {}", r.id, a.key());
        }
    }
}

#[test]
fn shipped_faq_answers_the_articles_own_six_questions() {
    let corpus = load_dir(&shipped()).unwrap().corpus;
    let questions: Vec<String> = corpus
        .entries
        .iter()
        .map(|e| e.question.to_lowercase())
        .collect();
    for needle in [
        "primary role of a medical technician",
        "different from a medical technologist",
        "education is typically required",
        "online program",
        "entry-level jobs",
        "certifications and specializations",
    ] {
        assert!(
            questions.iter().any(|q| q.contains(needle)),
            "no entry question contains {needle:?}"
        );
    }
}

#[test]
fn toml_syntax_errors_name_file_line_and_every_broken_file_is_reported() {
    let errors = errors_of("broken-syntax");
    let syntax = errors
        .iter()
        .find(|d| d.file.ends_with("topic.toml"))
        .expect("syntax error reported");
    assert!(
        syntax.line >= 6,
        "line {} should point at the broken array",
        syntax.line
    );
    assert!(syntax.column > 0);
    // The other file's error is reported too, not only the first one found.
    let missing = find(&errors, "other.toml", "entry[no-answer].answer");
    assert_eq!(missing.line, 3, "points at the entry's table");
    assert!(missing.message.contains("missing"));
}

#[test]
fn every_entry_error_is_reported_with_its_field_and_line() {
    let errors = errors_of("broken-entries");

    let bad_id = find(&errors, "a.toml", "entry[Bad_Id].id");
    assert_eq!(bad_id.line, 11);
    assert!(bad_id.message.contains("kebab-case"));

    let empty = find(&errors, "a.toml", "entry[empty-question].question");
    assert_eq!(empty.line, 18);
    assert!(empty.message.contains("empty"));

    let few = find(&errors, "a.toml", "entry[too-few].alternates");
    assert_eq!(few.line, 25);

    let long = find(&errors, "a.toml", "entry[too-long].answer");
    assert_eq!(long.line, 32);
    assert!(long.message.contains("2100 characters"), "{}", long.message);

    let source = find(&errors, "a.toml", "entry[needs-source].source");
    assert!(source.message.contains("source"));

    let dangling = find(&errors, "a.toml", "entry[good-one].related[0]");
    assert_eq!(dangling.line, 8);
    assert!(dangling.message.contains("missing-target"));

    let dup = find(&errors, "b.toml", "entry[good-one].id");
    assert_eq!(dup.line, 4);
    assert!(dup.message.contains("a.toml:4"), "{}", dup.message);

    assert_eq!(
        errors.len(),
        7,
        "exactly the seven planted errors: {errors:#?}"
    );
}

#[test]
fn unknown_and_missing_role_attributes_are_errors() {
    let errors = errors_of("broken-roles");
    let unknown = find(&errors, "roles.toml", "role[mlt].attributes.salary_range");
    assert_eq!(unknown.line, 13);
    assert!(unknown.message.contains("unknown attribute"));
    let missing = find(&errors, "roles.toml", "role[mlt].attributes.outlook");
    assert!(missing.message.contains("missing"));
}

#[test]
fn a_shared_phrasing_is_a_warning_not_an_error() {
    let loaded = load_dir(&fixture("duplicate-phrasing")).expect("loads despite the warning");
    assert_eq!(loaded.corpus.entries.len(), 2);
    assert_eq!(loaded.warnings.len(), 1, "{:#?}", loaded.warnings);
    let w = &loaded.warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.message.contains("first"), "{}", w.message);
}

#[test]
fn a_missing_folder_is_one_clear_error() {
    let err = load_dir(Path::new("/nonexistent/faq")).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1);
    assert!(err.to_string().contains("cannot read the FAQ folder"));
}

#[test]
fn a_file_that_is_not_utf8_is_reported_not_fatal_to_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), b"topic = \"\xff\xfe\"\n").unwrap();
    for (from, to) in [
        ("duplicate-phrasing/topic.toml", "good.toml"),
        ("duplicate-phrasing/roles.toml", "roles.toml"),
        ("duplicate-phrasing/synonyms.toml", "synonyms.toml"),
        ("duplicate-phrasing/aspects.toml", "aspects.toml"),
    ] {
        std::fs::copy(fixture(from), dir.path().join(to)).unwrap();
    }
    let err = load_dir(dir.path()).unwrap_err();
    let errors: Vec<_> = err.errors().collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("UTF-8"));
    assert_eq!(
        (errors[0].line, errors[0].column),
        (1, 10),
        "the first bad byte"
    );
}
