-- Attachments (issue 16, "Documents"): a scanned protection order, a medical certificate, a
-- referral packet's documents, a meeting's minutes. The row holds what the server decides
-- with (the parent, the category, the content type, the size, who and when); the file name
-- and the bytes are encrypted under the attachment's own key, which is stored only wrapped
-- (api/attachments.c, attachment_wrapping_key). On SQLite the bytes are a file named by `file_id` in the
-- directory beside the database (<db>.files/); deleting is soft: the row is kept, marked.
CREATE TABLE attachments (
    id              INTEGER PRIMARY KEY,
    parent_type     TEXT NOT NULL CHECK (parent_type IN ('case', 'incident', 'referral', 'meeting')),
    parent_id       INTEGER NOT NULL,
    case_id         INTEGER REFERENCES cases (id),       -- NULL for a meeting's
    mechanism_id    INTEGER REFERENCES mechanisms (id),  -- a meeting's mechanism
    category        TEXT,                                -- NULL for a meeting's
    institution_id  INTEGER REFERENCES institutions (id),  -- NULL: a coordinator without one
    uploaded_by     INTEGER NOT NULL REFERENCES users (id),
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL,                    -- bytes of the file, not of its ciphertext
    file_id         TEXT NOT NULL UNIQUE,                -- random; the bytes' name
    key_wrapped     BLOB NOT NULL,                       -- the attachment's key, wrapped
    name            BLOB NOT NULL,                       -- the file name, encrypted
    created_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    deleted_by      INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX attachments_parent ON attachments (parent_type, parent_id, id);
CREATE INDEX attachments_case ON attachments (case_id) WHERE deleted_at IS NULL;
