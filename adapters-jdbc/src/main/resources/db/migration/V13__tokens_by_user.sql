-- The account page lists a user's tokens, and revoking an application deletes that user's tokens of one client:
-- both look tokens up by username, which scanned the whole tables without these.
CREATE INDEX access_token_username_idx ON access_token (username, client_id);
CREATE INDEX refresh_token_username_idx ON refresh_token (username, client_id);
