-- A confidential address leaves the owner only through a referral whose sender gave a reason
-- (encrypted, shown to both parties and in the audit log as an action, never as text).
ALTER TABLE referrals ADD COLUMN address_disclosed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE referrals ADD COLUMN address_reason BLOB;
