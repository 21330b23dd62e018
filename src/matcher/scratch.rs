//! Per-thread scratch space for matching: dense tables indexed by phrasing, entry or term,
//! reused from question to question, so that a question allocates nothing in proportion to the
//! corpus and costs what it touches.
//!
//! Each table is [`Sparse`]: it lists the slots a question set, and the next question clears
//! those (and only those) before it starts, so even a question cut short leaves nothing behind.

use std::cell::RefCell;

/// A dense table of which a question sets only a few slots. `T::default()` means unset: a set
/// slot never holds it (accumulated weights and coverages are positive).
#[derive(Debug, Default)]
pub(super) struct Sparse<T> {
    values: Vec<T>,
    /// The slots set since [`Sparse::start`], in the order first set.
    set: Vec<u32>,
}

impl<T: Copy + Default + PartialEq> Sparse<T> {
    /// Starts a question over `len` slots: every slot reads as unset.
    pub fn start(&mut self, len: usize) {
        for &i in &self.set {
            self.values[i as usize] = T::default();
        }
        self.set.clear();
        if self.values.len() < len {
            self.values.resize(len, T::default());
        }
    }

    /// The value of slot `i` (`T::default()` when unset).
    pub fn get(&self, i: usize) -> T {
        self.values[i]
    }

    /// Sets slot `i` to `f` of its value.
    pub fn update(&mut self, i: usize, f: impl FnOnce(T) -> T) {
        let value = &mut self.values[i];
        if *value == T::default() {
            self.set.push(i as u32);
        }
        *value = f(*value);
        debug_assert!(*value != T::default(), "a set slot never holds the default");
    }

    /// The slots set since [`Sparse::start`], in the order first set.
    pub fn set_slots(&self) -> &[u32] {
        &self.set
    }
}

/// The tables one thread matches with.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    /// Per phrasing: the weight it shares with the question (shortlist).
    pub by_phrasing: Sparse<f32>,
    /// Per entry: its best phrasing coverage (shortlist).
    pub by_entry: Sparse<f32>,
    /// Per phrasing: the weight it shares with the question, for a small corpus (shortlist).
    pub dense: Vec<f32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Runs `f` with this thread's scratch space. Not reentrant: `f` must not call it again.
pub(super) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with_borrow_mut(f)
}
