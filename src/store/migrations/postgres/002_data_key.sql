-- The data key that encrypts personal fields, stored only wrapped by the master key file.
-- One row: rotating the master key rewrites `wrapped`; the data key itself never changes.
CREATE TABLE data_key (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    wrapped    BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    rotated_at BIGINT
);
