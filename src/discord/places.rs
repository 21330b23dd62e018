//! Where a message was asked: which channel a thread (or forum post) belongs to, which
//! channels are forums, and which role is the bot's own in each server (members often ping
//! that managed role instead of the bot).
//!
//! Learnt from the gateway (GUILD_CREATE's channels, threads and roles; THREAD_CREATE,
//! THREAD_UPDATE, CHANNEL_CREATE, role events) and, for what it never said, from the REST
//! channel or role list once, then remembered. Bounded: at most [`MAX_ENTRIES`] channels and
//! servers each; the oldest are forgotten first (and looked up again if needed).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serenity::all::{
    Channel, ChannelId, ChannelType, Guild, GuildChannel, GuildId, Http, Role, RoleId, UserId,
};

/// Channels (and servers) remembered at most.
pub const MAX_ENTRIES: usize = 50_000;

/// What is known of a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChannelInfo {
    /// Its parent channel, when it is a thread or forum post.
    parent: Option<ChannelId>,
    /// True for a forum (or media) channel: its threads are posts.
    forum: bool,
}

/// Threads' parents, forums, and the bot's role per server.
#[derive(Debug, Default)]
pub struct Places {
    channels: Mutex<Bounded<ChannelId, ChannelInfo>>,
    bot_roles: Mutex<Bounded<GuildId, Option<RoleId>>>,
    /// Per server, the roles named like `discord.moderator_role`, and when they were read.
    moderator_roles: Mutex<HashMap<GuildId, (Vec<RoleId>, Instant)>>,
}

impl Places {
    /// Remembers a channel from the gateway or REST.
    pub fn note_channel(&self, channel: &GuildChannel) {
        let thread = matches!(
            channel.kind,
            ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread
        );
        let forum =
            matches!(channel.kind, ChannelType::Forum) || channel.kind == ChannelType::Unknown(16); // media channels hold posts too
        let info = ChannelInfo {
            parent: channel.parent_id.filter(|_| thread),
            forum,
        };
        lock(&self.channels).insert(channel.id, info);
    }

    /// Remembers a server's channels, active threads and the bot's managed role (`me`).
    pub fn note_guild(&self, guild: &Guild, me: Option<UserId>) {
        for channel in guild.channels.values().chain(&guild.threads) {
            self.note_channel(channel);
        }
        if let Some(me) = me {
            let role = guild
                .roles
                .values()
                .find(|r| is_bot_role(r, me))
                .map(|r| r.id);
            lock(&self.bot_roles).insert(guild.id, role);
        }
    }

    /// Remembers a role created or changed in a server, if it is the bot's managed role.
    pub fn note_role(&self, role: &Role, me: Option<UserId>) {
        if me.is_some_and(|me| is_bot_role(role, me)) {
            lock(&self.bot_roles).insert(role.guild_id, Some(role.id));
        }
    }

    /// The channel that `channel` is a thread or post of; `None` for a channel that is not a
    /// thread (or that cannot be looked up: then it is treated as one that is not).
    pub async fn parent(&self, http: &Http, channel: ChannelId) -> Option<ChannelId> {
        self.info(http, channel).await.and_then(|i| i.parent)
    }

    /// True when `channel` is a forum (its threads are posts).
    pub async fn is_forum(&self, http: &Http, channel: ChannelId) -> bool {
        self.info(http, channel).await.is_some_and(|i| i.forum)
    }

    /// The bot's managed role in `guild` (`me` is the bot), if it has one.
    pub async fn bot_role(&self, http: &Http, guild: GuildId, me: UserId) -> Option<RoleId> {
        if let Some(known) = lock(&self.bot_roles).get(&guild) {
            return known;
        }
        match guild.roles(http).await {
            Ok(roles) => {
                let role = roles.values().find(|r| is_bot_role(r, me)).map(|r| r.id);
                lock(&self.bot_roles).insert(guild, role);
                role
            }
            Err(e) => {
                tracing::debug!(
                    guild = guild.get(),
                    "could not read the server's roles: {e}"
                );
                None
            }
        }
    }

    /// The roles of `guild` named like the moderator role, if read less than `max_age` ago.
    pub fn moderator_roles(&self, guild: GuildId, max_age: Duration) -> Option<Vec<RoleId>> {
        lock(&self.moderator_roles)
            .get(&guild)
            .filter(|(_, at)| at.elapsed() < max_age)
            .map(|(roles, _)| roles.clone())
    }

    /// Remembers the roles of `guild` named like the moderator role, read just now.
    pub fn remember_moderator_roles(&self, guild: GuildId, roles: Vec<RoleId>) {
        let mut known = lock(&self.moderator_roles);
        if known.len() >= MAX_ENTRIES {
            known.clear(); // read again when needed
        }
        known.insert(guild, (roles, Instant::now()));
    }

    async fn info(&self, http: &Http, channel: ChannelId) -> Option<ChannelInfo> {
        if let Some(known) = lock(&self.channels).get(&channel) {
            return Some(known);
        }
        match channel.to_channel(http).await {
            Ok(Channel::Guild(c)) => {
                self.note_channel(&c);
                lock(&self.channels).get(&channel)
            }
            Ok(_) => None,
            Err(e) => {
                tracing::debug!(
                    channel = channel.get(),
                    "could not look the channel up: {e}"
                );
                None
            }
        }
    }
}

fn is_bot_role(role: &Role, me: UserId) -> bool {
    role.managed && role.tags.bot_id == Some(me)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A map that forgets its oldest keys past [`MAX_ENTRIES`].
#[derive(Debug)]
struct Bounded<K, V> {
    map: HashMap<K, V>,
    order: VecDeque<K>,
}

impl<K, V> Default for Bounded<K, V> {
    fn default() -> Self {
        Bounded {
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }
}

impl<K: Hash + Eq + Copy, V: Copy> Bounded<K, V> {
    fn get(&self, k: &K) -> Option<V> {
        self.map.get(k).copied()
    }

    fn insert(&mut self, k: K, v: V) {
        if self.map.insert(k, v).is_none() {
            self.order.push_back(k);
            while self.order.len() > MAX_ENTRIES {
                if let Some(old) = self.order.pop_front() {
                    self.map.remove(&old);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bounded_map_forgets_the_oldest() {
        let mut b = Bounded::default();
        for i in 0..(MAX_ENTRIES as u64 + 10) {
            b.insert(i, i);
        }
        assert_eq!(b.map.len(), MAX_ENTRIES);
        assert_eq!(b.get(&0), None);
        assert_eq!(
            b.get(&(MAX_ENTRIES as u64 + 9)),
            Some(MAX_ENTRIES as u64 + 9)
        );
    }
}
