//! "Handle each event once": Discord may deliver the same message or interaction twice (a
//! replay after a resume, a retried dispatch); answering both would post the answer twice.
//!
//! [`Seen`] remembers the most recent ids in a ring of fixed size, so memory stays bounded: an
//! id is forgotten only after `capacity` newer ones, far longer than any replay arrives late.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

/// The most recent `capacity` ids seen.
#[derive(Debug)]
pub struct Seen {
    capacity: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    set: HashSet<u64>,
    order: VecDeque<u64>,
}

impl Seen {
    /// Remembers up to `capacity` ids (at least 1); about 24 bytes each.
    pub fn new(capacity: usize) -> Seen {
        let capacity = capacity.max(1);
        Seen {
            capacity,
            inner: Mutex::new(Ring {
                set: HashSet::with_capacity(capacity),
                order: VecDeque::with_capacity(capacity),
            }),
        }
    }

    /// True the first time `id` is offered, false when it was seen among the last `capacity`.
    pub fn first_time(&self, id: u64) -> bool {
        let mut ring = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if !ring.set.insert(id) {
            return false;
        }
        ring.order.push_back(id);
        if ring.order.len() > self.capacity {
            if let Some(old) = ring.order.pop_front() {
                ring.set.remove(&old);
            }
        }
        true
    }

    /// Number of ids remembered now (at most the capacity).
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .order
            .len()
    }

    /// True when nothing was seen yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_handled_once() {
        let seen = Seen::new(10);
        assert!(seen.first_time(7));
        assert!(!seen.first_time(7));
        assert!(seen.first_time(8));
        assert!(!seen.first_time(7));
    }

    #[test]
    fn memory_is_bounded_by_forgetting_the_oldest() {
        let seen = Seen::new(3);
        for id in 1..=1000 {
            assert!(seen.first_time(id));
        }
        assert_eq!(seen.len(), 3);
        assert!(!seen.first_time(999), "recent ids are still known");
        assert!(seen.first_time(1), "the oldest were forgotten");
    }
}
