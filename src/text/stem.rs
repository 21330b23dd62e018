//! English stemming (Snowball), so "certifications", "certified" and "certification" meet.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The stem of one lowercase word.
pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_singular_share_a_stem() {
        assert_eq!(stem("technicians"), stem("technician"));
        assert_eq!(stem("certifications"), stem("certification"));
    }
}
