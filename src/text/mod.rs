//! Text processing shared by the index and incoming questions, so both sides see the same words.
//!
//! - [`english`]: ordinary English words, never "corrected", and how common a word is.
//! - [`function_words`]: the compiled-in English function words (`function-words.toml`).
//! - [`markup`]: chat markup that is not words (custom emoji, mentions, markdown inside words).
//! - [`normalize`]: unicode forms, case, invisible characters, contractions, punctuation → words.
//! - [`stopwords`]: words that carry no topic ("what", "the", "hi").
//! - [`spelling`]: corrects typos against the corpus's own vocabulary.
//! - [`stem`]: reduces words to their stem ("certifications" → "certif").

pub mod english;
pub mod function_words;
pub mod markup;
pub mod normalize;
pub mod spelling;
pub mod stem;
pub mod stopwords;
