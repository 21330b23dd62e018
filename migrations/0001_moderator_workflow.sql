-- What the FAQ could not answer, how often each entry is given, and how members rate answers.
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Times are Unix seconds (UTC).
-- No table holds a member's id: votes are keyed by a keyed hash of it (see `voter`).

-- Questions the bot declined or answered with "did you mean" suggestions.
CREATE TABLE unanswered (
    asked_at   BIGINT NOT NULL,
    guild_id   BIGINT,            -- NULL in direct messages
    channel_id BIGINT NOT NULL,
    outcome    TEXT   NOT NULL,   -- 'decline' or 'clarify'
    question   TEXT   NOT NULL
);
CREATE INDEX unanswered_asked_at ON unanswered (asked_at);

-- Answers given, counted per entry per day (day = asked_at / 86400).
CREATE TABLE answers_given (
    entry_id TEXT   NOT NULL,
    day      BIGINT NOT NULL,
    given    BIGINT NOT NULL,
    PRIMARY KEY (entry_id, day)
);

-- One vote per member per entry; voting again replaces the vote.
CREATE TABLE votes (
    entry_id TEXT   NOT NULL,
    voter    TEXT   NOT NULL,     -- hex HMAC-SHA256 of the member id under the vote key
    helpful  BIGINT NOT NULL,     -- 1 helpful, 0 not helpful
    voted_at BIGINT NOT NULL,
    PRIMARY KEY (entry_id, voter)
);
CREATE INDEX votes_voted_at ON votes (voted_at);

-- Settings shared by every process using this database (e.g. the generated vote key).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
