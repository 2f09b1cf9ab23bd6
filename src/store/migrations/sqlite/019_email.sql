-- Notifications by e-mail (issue 16): a user's address and their choice to receive them, and
-- the outbox the mailer (jobs/mailer.c) sends from, with its retries. Every notification a
-- user may receive by e-mail is queued by the trigger in the same transaction that made it;
-- the message itself is composed when it is sent, from the notification's kind and the case
-- reference only (domain/email.h): no name, address or free text ever enters it.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN email_notifications INTEGER NOT NULL DEFAULT 1;

CREATE TABLE email_outbox (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    failed_at       INTEGER,                 -- given up after the last attempt
    last_error      TEXT                     -- the SMTP server's answer, never the message
) STRICT;
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TRIGGER notifications_email AFTER INSERT ON notifications
BEGIN
    INSERT INTO email_outbox (notification_id, user_id, created_at, next_attempt_at)
    SELECT NEW.id, u.id, NEW.created_at, NEW.created_at FROM users u
    WHERE u.id = NEW.user_id AND u.email IS NOT NULL AND u.email_notifications = 1
      AND u.active = 1;
END;
