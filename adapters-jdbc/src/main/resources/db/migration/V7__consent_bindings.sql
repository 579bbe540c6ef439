-- Remembered consents answer only for the redirect URI they were given for (RFC 8252 §8.6). Those remembered before
-- answered any loopback port, so they are forgotten: each user is asked once more.
DELETE FROM consent;
ALTER TABLE consent ADD COLUMN redirect_uri VARCHAR(2000) NOT NULL;

-- Consent pages awaiting an answer: one answer ends one, so a replayed Approve after a Deny finds nothing. Only
-- signed-in users create them; they go with their session (sign-out, expiry purge) and the purge deletes expired ones.
CREATE TABLE consent_interaction (
    id_hash      VARCHAR(43) NOT NULL PRIMARY KEY,
    session_hash VARCHAR(43) NOT NULL REFERENCES user_session (id_hash) ON DELETE CASCADE,
    request_hash VARCHAR(43) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX consent_interaction_session_hash_idx ON consent_interaction (session_hash);
CREATE INDEX consent_interaction_expires_at_idx ON consent_interaction (expires_at);
