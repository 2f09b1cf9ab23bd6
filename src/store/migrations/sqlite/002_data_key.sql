-- The data key that encrypts personal fields, stored only wrapped by the master key file.
-- One row: rotating the master key rewrites `wrapped`; the data key itself never changes.
CREATE TABLE data_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    wrapped    BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    rotated_at INTEGER
) STRICT;
