-- Which cached sessions may still be trusted (issue 15). api/session_cache.c keeps recently
-- seen sessions in memory, each stamped with the value below as read before its row was; a
-- cached session is used only while the value is unchanged. Every change that can end a
-- session or change who its caller is (signing out, revoking, a password reset, a role,
-- institution or account change, from the API or the command line) bumps it here, in the
-- same transaction, so no code path can forget to.
CREATE TABLE session_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;
INSERT INTO session_generation (id, value) VALUES (1, 0);

CREATE TRIGGER session_generation_users_update AFTER UPDATE ON users
BEGIN
    UPDATE session_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER session_generation_users_delete AFTER DELETE ON users
BEGIN
    UPDATE session_generation SET value = value + 1 WHERE id = 1;
END;
CREATE TRIGGER session_generation_sessions_delete AFTER DELETE ON sessions
BEGIN
    UPDATE session_generation SET value = value + 1 WHERE id = 1;
END;
-- A session seen again (last_seen_at) changes nothing a cache holds for more than a touch
-- interval (api/session_cache.c checks it); everything else does.
CREATE TRIGGER session_generation_sessions_update
    AFTER UPDATE OF token_hash, csrf_hash, user_id, created_at, expires_at ON sessions
BEGIN
    UPDATE session_generation SET value = value + 1 WHERE id = 1;
END;
