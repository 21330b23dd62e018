//! Who was talking about which role: the memory behind follow-ups.
//!
//! Per member and channel (never across either), the role of their last answered question and
//! when it was asked. A question after `window` has passed starts afresh. Memory is bounded:
//! at most `capacity` conversations are kept; when full, the expired ones go first, then the
//! oldest.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Conversations remembered at most by default (about 100 bytes each).
pub const DEFAULT_CAPACITY: usize = 10_000;

/// The role each member was last answered about, per channel.
#[derive(Debug)]
pub struct FollowUps {
    window: Duration,
    capacity: usize,
    roles: Mutex<HashMap<(u64, u64), (String, Instant)>>,
}

impl FollowUps {
    /// Remembers roles for `window` (zero turns follow-ups off), for at most `capacity`
    /// member-and-channel pairs (at least 1).
    pub fn new(window: Duration, capacity: usize) -> FollowUps {
        FollowUps {
            window,
            capacity: capacity.max(1),
            roles: Mutex::new(HashMap::new()),
        }
    }

    /// The role id `member` was last answered about in `channel`, if that was less than the
    /// window before `now`.
    pub fn previous_role(&self, member: u64, channel: u64, now: Instant) -> Option<String> {
        if self.window.is_zero() {
            return None;
        }
        let roles = self.roles.lock().unwrap_or_else(|p| p.into_inner());
        roles
            .get(&(member, channel))
            .filter(|(_, at)| now.saturating_duration_since(*at) < self.window)
            .map(|(role, _)| role.clone())
    }

    /// Records what `member` was just answered about in `channel` at `now`: a role id, or
    /// `None` when the answer was about no single role (the next question starts afresh).
    pub fn remember(&self, member: u64, channel: u64, role: Option<String>, now: Instant) {
        if self.window.is_zero() {
            return;
        }
        let mut roles = self.roles.lock().unwrap_or_else(|p| p.into_inner());
        let Some(role) = role else {
            roles.remove(&(member, channel));
            return;
        };
        if roles.len() >= self.capacity && !roles.contains_key(&(member, channel)) {
            let window = self.window;
            roles.retain(|_, (_, at)| now.saturating_duration_since(*at) < window);
            if roles.len() >= self.capacity {
                // Still full of live conversations (a flood): forget the oldest one.
                if let Some(oldest) = roles.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| *k) {
                    roles.remove(&oldest);
                }
            }
        }
        roles.insert((member, channel), (role, now));
    }

    /// Conversations remembered now (expired ones included until they are pushed out).
    pub fn len(&self) -> usize {
        self.roles.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// True when nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_role_is_remembered_per_member_and_channel_within_the_window() {
        let f = FollowUps::new(MINUTE, 100);
        let t0 = Instant::now();
        f.remember(1, 10, Some("phlebotomist".into()), t0);
        let soon = t0 + Duration::from_secs(5);
        assert_eq!(
            f.previous_role(1, 10, soon).as_deref(),
            Some("phlebotomist")
        );
        assert_eq!(f.previous_role(2, 10, soon), None, "another member");
        assert_eq!(f.previous_role(1, 11, soon), None, "another channel");
        assert_eq!(f.previous_role(1, 10, t0 + MINUTE), None, "too late");
    }

    #[test]
    fn an_answer_about_no_single_role_forgets_the_role() {
        let f = FollowUps::new(MINUTE, 100);
        let t0 = Instant::now();
        f.remember(1, 10, Some("mlt".into()), t0);
        f.remember(1, 10, None, t0);
        assert_eq!(f.previous_role(1, 10, t0), None);
    }

    #[test]
    fn memory_is_bounded_expired_first_then_oldest() {
        let f = FollowUps::new(MINUTE, 3);
        let t0 = Instant::now();
        f.remember(1, 10, Some("a".into()), t0);
        f.remember(2, 10, Some("b".into()), t0 + MINUTE); // 1 has expired by now
        f.remember(3, 10, Some("c".into()), t0 + MINUTE);
        f.remember(
            4,
            10,
            Some("d".into()),
            t0 + MINUTE * 2 - Duration::from_secs(1),
        );
        assert_eq!(f.len(), 3);
        assert_eq!(
            f.previous_role(1, 10, t0),
            None,
            "the expired one went first"
        );
        for member in 5..1000 {
            let at = t0 + MINUTE * 2 - Duration::from_secs(1);
            f.remember(member, 10, Some("e".into()), at);
        }
        assert_eq!(f.len(), 3);
    }

    #[test]
    fn a_zero_window_turns_follow_ups_off() {
        let f = FollowUps::new(Duration::ZERO, 100);
        let t0 = Instant::now();
        f.remember(1, 10, Some("mlt".into()), t0);
        assert_eq!(f.previous_role(1, 10, t0), None);
        assert!(f.is_empty());
    }
}
