//! How the code is put together, where it matters to the FAQ lifecycle (issue 12): one place
//! loads the FAQ, the corpus has no import circle, and the corpus knows nothing of Discord.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its text.
fn rust_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    out.sort();
    out
}

/// The code of a file without its comments (doc comments name the steps freely).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_faq_is_loaded_in_one_place() {
    // The steps of loading a FAQ, called anywhere but in the lifecycle (and where they are
    // defined), would be a recipe of its own that could accept what `faqbot check` refuses.
    let steps = ["load_dir(", "Index::build(", ".lint()", "faq_checks::run("];
    let src = src();
    let allowed = [src.join("faq.rs"), src.join("corpus"), src.join("matcher")];
    let mut found = Vec::new();
    for (path, text) in rust_files(&src) {
        if allowed.iter().any(|a| path.starts_with(a)) {
            continue;
        }
        for (n, line) in code(&text).lines().enumerate() {
            for step in steps {
                if line.contains(step) {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "FAQ loading steps outside src/faq.rs:\n{}",
        found.join("\n")
    );
}

/// The sibling modules a file of `src/corpus/` takes names from (`use super::x::…`).
fn imports_of(text: &str, siblings: &BTreeSet<String>) -> BTreeSet<String> {
    let code = code(text);
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("super::") {
        let rest = &code[at + "super::".len()..];
        let items: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
            None => vec![rest],
        };
        for item in items {
            let name: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if siblings.contains(&name) {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn the_corpus_has_no_import_circle() {
    let dir = src().join("corpus");
    let files = rust_files(&dir);
    let module = |p: &Path| p.file_stem().unwrap().to_str().unwrap().to_string();
    let siblings: BTreeSet<String> = files
        .iter()
        .map(|(p, _)| module(p))
        .filter(|m| m != "mod")
        .collect();
    let graph: BTreeMap<String, BTreeSet<String>> = files
        .iter()
        .filter(|(p, _)| module(p) != "mod")
        .map(|(p, text)| (module(p), imports_of(text, &siblings)))
        .collect();
    assert!(
        graph.len() >= 8,
        "the corpus is split by file kind: {graph:?}"
    );

    // Depth-first search; a module met again while its own imports are being walked closes a
    // circle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!(
                "import circle in src/corpus: {} -> {m}",
                path[at..].join(" -> ")
            );
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_corpus_is_given_its_text_limits_and_knows_nothing_of_discord() {
    for (path, text) in rust_files(&src().join("corpus")) {
        let code = code(&text);
        for foreign in ["crate::limits", "crate::discord", "serenity"] {
            assert!(!code.contains(foreign), "{} uses {foreign}", path.display());
        }
    }
}

#[test]
fn imports_are_read_from_use_lines_and_not_from_comments() {
    // What the circle search above reads, on made-up lines.
    let siblings: BTreeSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
    assert_eq!(
        imports_of("use super::b::{x, y};\nuse super::{a, fields};", &siblings),
        siblings
    );
    assert!(imports_of("// use super::a;\nuse crate::b;", &siblings).is_empty());
}
