-- The public service directory (Open Referral HSDS 3.0, GET /public/directory): an
-- institution is listed only when it chooses to be; its opening hours and postal code are
-- what the standard's schedules and addresses carry; `directory_uuid` is the stable
-- identifier HSDS requires (a UUID), from which the ids of its services, phones, location
-- and schedules are derived, so an export's ids stay the same from one export to the next.
ALTER TABLE institutions ADD COLUMN listed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE institutions ADD COLUMN opening_hours TEXT;
ALTER TABLE institutions ADD COLUMN postal_code TEXT;
ALTER TABLE institutions ADD COLUMN directory_uuid TEXT NOT NULL DEFAULT gen_random_uuid()::text;
CREATE UNIQUE INDEX institutions_directory_uuid_unique ON institutions (directory_uuid);
CREATE INDEX institutions_listed ON institutions (listed, name) WHERE listed = 1;
