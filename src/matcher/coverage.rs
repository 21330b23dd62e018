//! What a question names that an entry does not account for.

/// Terms of a question that no candidate entry accounts for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Uncovered {
    /// The terms, as members would read them.
    pub terms: Vec<String>,
}
