-- Set when a redeemed code is presented again, so the redemption that won can still revoke its own tokens when the
-- replay's revocation ran before they were stored.
ALTER TABLE authorization_code ADD COLUMN replayed_at TIMESTAMP WITH TIME ZONE;
