//! The replies to recent questions, so that editing a question edits its answer.
//!
//! A question is recorded when it is queued, with the text it asks; its reply's id is added
//! once posted. An edit of the question (MESSAGE_UPDATE with new text) then either changes the
//! recorded text while the reply is still on its way (the worker that posts it sees the newer
//! text and edits its reply at once), or asks for the posted reply to be edited. Bounded:
//! the oldest questions are forgotten first.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use serenity::all::{ChannelId, MessageId};

/// What to do about an edit of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnEdit {
    /// The bot did not answer this message (or forgot it): treat the edit as a new message.
    NotAnswered,
    /// Same question as already answered (Discord also sends updates for link previews).
    Unchanged,
    /// The reply is still being prepared: its worker picks up the new text.
    Pending,
    /// The reply `reply` in `channel` should be edited to answer the new text.
    EditReply {
        /// Channel of the question and its reply.
        channel: ChannelId,
        /// The bot's reply.
        reply: MessageId,
    },
}

#[derive(Debug, Clone)]
struct Record {
    channel: ChannelId,
    /// The latest text of the question.
    text: String,
    /// The bot's reply, once posted.
    reply: Option<MessageId>,
}

/// Recent questions and their replies.
#[derive(Debug)]
pub struct Answered {
    capacity: usize,
    inner: Mutex<(HashMap<MessageId, Record>, VecDeque<MessageId>)>,
}

impl Answered {
    /// Remembers up to `capacity` questions (at least 1).
    pub fn new(capacity: usize) -> Answered {
        Answered {
            capacity: capacity.max(1),
            inner: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    /// A question in `channel` is being answered with `text`.
    pub fn asked(&self, question: MessageId, channel: ChannelId, text: &str) {
        let mut inner = self.lock();
        let (map, order) = &mut *inner;
        let record = Record {
            channel,
            text: text.to_string(),
            reply: None,
        };
        if map.insert(question, record).is_none() {
            order.push_back(question);
            while order.len() > self.capacity {
                if let Some(old) = order.pop_front() {
                    map.remove(&old);
                }
            }
        }
    }

    /// The reply `reply` to `question` answered `text`. Returns the question's newer text when
    /// it was edited meanwhile (the reply must then be edited to answer that).
    pub fn replied(&self, question: MessageId, reply: MessageId, text: &str) -> Option<String> {
        let mut inner = self.lock();
        let record = inner.0.get_mut(&question)?;
        record.reply = Some(reply);
        (record.text != text).then(|| record.text.clone())
    }

    /// The question got no reply (an unsure auto-answer, a limited member): later edits are
    /// handled like new messages.
    pub fn forget(&self, question: MessageId) {
        self.lock().0.remove(&question);
    }

    /// The question `question` was edited to ask `text`.
    pub fn edited(&self, question: MessageId, text: &str) -> OnEdit {
        let mut inner = self.lock();
        let Some(record) = inner.0.get_mut(&question) else {
            return OnEdit::NotAnswered;
        };
        if record.text == text {
            return OnEdit::Unchanged;
        }
        record.text = text.to_string();
        match record.reply {
            None => OnEdit::Pending,
            Some(reply) => OnEdit::EditReply {
                channel: record.channel,
                reply,
            },
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (HashMap<MessageId, Record>, VecDeque<MessageId>)> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(q: u64) -> (MessageId, ChannelId) {
        (MessageId::new(q), ChannelId::new(10))
    }

    #[test]
    fn an_edit_before_the_reply_is_picked_up_when_it_is_posted() {
        let a = Answered::new(10);
        let (q, c) = ids(1);
        a.asked(q, c, "how much do");
        assert_eq!(a.edited(q, "how much do MLTs make?"), OnEdit::Pending);
        assert_eq!(
            a.replied(q, MessageId::new(2), "how much do").as_deref(),
            Some("how much do MLTs make?")
        );
        assert_eq!(
            a.replied(q, MessageId::new(2), "how much do MLTs make?"),
            None
        );
    }

    #[test]
    fn an_edit_after_the_reply_edits_it_and_the_same_text_does_nothing() {
        let a = Answered::new(10);
        let (q, c) = ids(1);
        a.asked(q, c, "mlt pay");
        assert_eq!(a.replied(q, MessageId::new(2), "mlt pay"), None);
        assert_eq!(a.edited(q, "mlt pay"), OnEdit::Unchanged);
        assert_eq!(
            a.edited(q, "mls pay"),
            OnEdit::EditReply {
                channel: c,
                reply: MessageId::new(2)
            }
        );
        a.forget(q);
        assert_eq!(a.edited(q, "mlt pay"), OnEdit::NotAnswered);
    }

    #[test]
    fn memory_is_bounded() {
        let a = Answered::new(3);
        for q in 1..=100 {
            a.asked(MessageId::new(q), ChannelId::new(10), "q");
        }
        assert_eq!(a.edited(MessageId::new(1), "x"), OnEdit::NotAnswered);
        assert_eq!(a.edited(MessageId::new(100), "x"), OnEdit::Pending);
        assert_eq!(a.lock().0.len(), 3);
    }
}
