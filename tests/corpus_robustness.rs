//! A FAQ folder broken the way folders get broken on a server: a required file renamed away, a
//! file saved in the wrong encoding, a file TOML cannot read. Each is a clear error at its place,
//! `faqbot check` fails, a reload keeps the old corpus, and no false errors follow in other
//! files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use faqbot::corpus::{self, Diagnostic, Severity, REQUIRED_FILES};
use faqbot::state::FaqState;

fn copy_faq() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    dir
}

fn topic_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && !REQUIRED_FILES.contains(&p.file_name().unwrap().to_str().unwrap())
        })
        .collect();
    files.sort();
    files
}

fn errors(dir: &Path) -> Vec<Diagnostic> {
    match corpus::load_dir(dir, &faqbot::limits::FAQ_TEXT) {
        Ok(_) => vec![],
        Err(e) => e.errors().cloned().collect(),
    }
}

fn check(dir: &Path) -> (bool, String) {
    let out = Command::cargo_bin("faqbot")
        .unwrap()
        .args(["check", dir.to_str().unwrap()])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_required_file_is_an_error_and_a_reload_keeps_the_old_corpus() {
    for required in REQUIRED_FILES {
        let dir = copy_faq();
        let (state, _) = FaqState::load(dir.path()).unwrap();
        let roles = state.index().corpus().roles.len();
        let entries = state.index().corpus().entries.len();
        std::fs::rename(
            dir.path().join(required),
            dir.path().join(format!("{required}.bak")),
        )
        .unwrap();

        let err = state
            .reload()
            .expect_err(&format!("a folder without {required} must not load"));
        let found: Vec<String> = err.errors().map(|d| d.to_string()).collect();
        assert!(
            found
                .iter()
                .any(|d| d.contains(required) && d.contains("missing")),
            "{required}: {found:#?}"
        );
        assert_eq!(state.index().corpus().roles.len(), roles);
        assert_eq!(state.index().corpus().entries.len(), entries);

        let (ok, stderr) = check(dir.path());
        assert!(!ok, "`faqbot check` must fail without {required}");
        assert!(stderr.contains(required), "{stderr}");
    }
}

/// Puts a Latin-1 `é` (byte 0xE9) in the middle of the first answer of `file`; returns its
/// 1-based line and column.
fn insert_latin1(file: &Path) -> (usize, usize) {
    let text = std::fs::read_to_string(file).unwrap();
    let at =
        text.find("answer = ").expect("the file has an answer") + "answer = \"\"\"\n".len() + 10;
    let at = (at..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    let mut bytes = text.as_bytes().to_vec();
    bytes.insert(at, 0xE9);
    std::fs::write(file, bytes).unwrap();
    (line, column)
}

#[test]
fn a_latin1_byte_in_any_topic_file_is_one_error_at_its_line_and_column() {
    let shipped = copy_faq();
    for file in topic_files(shipped.path()) {
        let dir = copy_faq();
        let broken = dir.path().join(file.file_name().unwrap());
        let (line, column) = insert_latin1(&broken);
        let errors = errors(dir.path());
        assert_eq!(
            errors.len(),
            1,
            "{}: only the encoding error, no false errors in other files: {errors:#?}",
            broken.display()
        );
        let e = &errors[0];
        assert_eq!(e.file, broken);
        assert_eq!((e.line, e.column), (line, column), "{e}");
        assert!(
            e.message.contains("UTF-8") && e.message.contains("0xE9"),
            "{e}"
        );
        let shown = e.to_string();
        assert!(shown.contains(&format!(":{line}:{column}:")), "{shown}");
    }
}

#[test]
fn a_latin1_byte_in_roles_or_synonyms_is_located_too() {
    for name in REQUIRED_FILES {
        let dir = copy_faq();
        let file = dir.path().join(name);
        let mut bytes = std::fs::read(&file).unwrap();
        let at = bytes.iter().position(|&b| b == b'"').unwrap() + 1;
        bytes.insert(at, 0xE9);
        std::fs::write(&file, bytes).unwrap();
        let errors = errors(dir.path());
        assert!(
            errors
                .iter()
                .any(|e| e.file == file && e.line > 0 && e.column > 0),
            "{errors:#?}"
        );
        assert!(errors.iter().all(|e| e.severity == Severity::Error));
    }
}

#[test]
fn a_topic_file_toml_cannot_read_brings_no_false_related_errors() {
    let shipped = copy_faq();
    for file in topic_files(shipped.path()) {
        let dir = copy_faq();
        let broken = dir.path().join(file.file_name().unwrap());
        let text = std::fs::read_to_string(&broken).unwrap();
        // An unterminated string: the whole file is unreadable as TOML.
        std::fs::write(
            &broken,
            text.replacen("question = \"", "question = \"\n", 1),
        )
        .unwrap();
        let errors = errors(dir.path());
        assert!(!errors.is_empty());
        assert!(
            errors.iter().all(|e| e.file == broken),
            "{}: errors outside the broken file: {errors:#?}",
            broken.display()
        );
    }
}
