-- private_key_jwt clients known by their metadata document (RFC 7523 §2.2): where their keys are, as the document
-- gives them (a JWK Set in jwks as JSON, or a jwks_uri), and the jti of each client assertion accepted, kept until the
-- assertion expires so that it is used once across every instance. The purge job deletes expired jtis.
ALTER TABLE oauth_client ADD COLUMN jwks VARCHAR(8000);
ALTER TABLE oauth_client ADD COLUMN jwks_uri VARCHAR(2000);
CREATE TABLE client_assertion_jti (
    client_id VARCHAR(2000) NOT NULL,
    jti VARCHAR(200) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX client_assertion_jti_expires_at ON client_assertion_jti (expires_at);
