-- The public service directory (Open Referral HSDS 3.0, GET /public/directory): an
-- institution is listed only when it chooses to be; its opening hours and postal code are
-- what the standard's schedules and addresses carry; `directory_uuid` is the stable
-- identifier HSDS requires (a UUID), from which the ids of its services, phones, location
-- and schedules are derived, so an export's ids stay the same from one export to the next.
ALTER TABLE institutions ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE institutions ADD COLUMN opening_hours TEXT;
ALTER TABLE institutions ADD COLUMN postal_code TEXT;
ALTER TABLE institutions ADD COLUMN directory_uuid TEXT;

-- A random UUID (version 4 layout) as SQLite can make one.
UPDATE institutions SET directory_uuid = (
    SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' ||
           substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12)
    FROM (SELECT lower(hex(randomblob(16))) AS h));
CREATE TRIGGER institutions_directory_uuid AFTER INSERT ON institutions
WHEN NEW.directory_uuid IS NULL
BEGIN
    UPDATE institutions SET directory_uuid = (
        SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' ||
               substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3) || '-' ||
               substr(h, 21, 12)
        FROM (SELECT lower(hex(randomblob(16))) AS h))
    WHERE id = NEW.id;
END;
CREATE UNIQUE INDEX institutions_directory_uuid_unique ON institutions (directory_uuid);
CREATE INDEX institutions_listed ON institutions (listed, name) WHERE listed = 1;
