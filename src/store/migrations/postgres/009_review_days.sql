-- The risk review clock of each mechanism: days to the next review after an assessment at
-- each level (the national defaults: 3, 7, 30 and 60).
ALTER TABLE mechanisms ADD COLUMN review_days_extreme BIGINT NOT NULL DEFAULT 3;
ALTER TABLE mechanisms ADD COLUMN review_days_high BIGINT NOT NULL DEFAULT 7;
ALTER TABLE mechanisms ADD COLUMN review_days_medium BIGINT NOT NULL DEFAULT 30;
ALTER TABLE mechanisms ADD COLUMN review_days_standard BIGINT NOT NULL DEFAULT 60;
