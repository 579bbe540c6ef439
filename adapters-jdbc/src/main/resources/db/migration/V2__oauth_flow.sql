-- The authorization code flow: local users, login sessions, codes, tokens, remembered consents and the resource
-- servers that introspect tokens. Portable: runs unchanged on PostgreSQL 15 and on H2 in PostgreSQL mode.
-- Secrets are never stored: codes, tokens, session ids and resource server secrets are kept as the 43-character
-- base64url SHA-256 of the secret (OpaqueToken.hash), and passwords as Argon2id PHC strings.
-- Scopes are stored space-separated (ScopeSet); a missing resource indicator is NULL, except in consent's key.
-- Every expires_at is indexed for the purge job that deletes expired rows; every client_id and user_session's
-- username are indexed so the ON DELETE CASCADE of a client or user does not scan the whole table.

CREATE TABLE user_account (
    username      VARCHAR(100) NOT NULL PRIMARY KEY, -- case-sensitive, as UserAccountPolicy allows it
    password_hash VARCHAR(255) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE user_session (
    id_hash    VARCHAR(43)  NOT NULL PRIMARY KEY,
    username   VARCHAR(100) NOT NULL REFERENCES user_account (username) ON DELETE CASCADE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX user_session_username_idx ON user_session (username);
CREATE INDEX user_session_expires_at_idx ON user_session (expires_at);

-- The authorization request's state is not stored: it is returned to the client at once and never needed again.
CREATE TABLE authorization_code (
    code_hash          VARCHAR(43)   NOT NULL PRIMARY KEY,
    client_id          VARCHAR(64)   NOT NULL REFERENCES oauth_client (client_id) ON DELETE CASCADE,
    redirect_uri       VARCHAR(2000) NOT NULL,
    redirect_uri_given BOOLEAN       NOT NULL,
    code_challenge     VARCHAR(43)   NOT NULL, -- S256 only: always 43 base64url characters
    scopes             VARCHAR(2000) NOT NULL,
    resource           VARCHAR(2000),
    username           VARCHAR(100)  NOT NULL,
    issued_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    redeemed_at        TIMESTAMP WITH TIME ZONE          -- set once, by the single winning redemption
);
CREATE INDEX authorization_code_client_id_idx ON authorization_code (client_id);
CREATE INDEX authorization_code_expires_at_idx ON authorization_code (expires_at);

-- family_id is the hash of the code the family grew from; revoking a family deletes its rows from both tables.
CREATE TABLE access_token (
    token_hash VARCHAR(43)   NOT NULL PRIMARY KEY,
    family_id  VARCHAR(43)   NOT NULL,
    client_id  VARCHAR(64)   NOT NULL REFERENCES oauth_client (client_id) ON DELETE CASCADE,
    username   VARCHAR(100)  NOT NULL,
    scopes     VARCHAR(2000) NOT NULL,
    resource   VARCHAR(2000),
    issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX access_token_family_id_idx ON access_token (family_id);
CREATE INDEX access_token_client_id_idx ON access_token (client_id);
CREATE INDEX access_token_expires_at_idx ON access_token (expires_at);

CREATE TABLE refresh_token (
    token_hash VARCHAR(43)   NOT NULL PRIMARY KEY,
    family_id  VARCHAR(43)   NOT NULL,
    client_id  VARCHAR(64)   NOT NULL REFERENCES oauth_client (client_id) ON DELETE CASCADE,
    username   VARCHAR(100)  NOT NULL,
    scopes     VARCHAR(2000) NOT NULL,
    resource   VARCHAR(2000),
    issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    rotated_at TIMESTAMP WITH TIME ZONE          -- set once, by the single winning use; a later use is a replay
);
CREATE INDEX refresh_token_family_id_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_client_id_idx ON refresh_token (client_id);
CREATE INDEX refresh_token_expires_at_idx ON refresh_token (expires_at);

-- resource is '' when the request named none: a primary key column cannot be NULL.
CREATE TABLE consent (
    username   VARCHAR(100)  NOT NULL,
    client_id  VARCHAR(64)   NOT NULL REFERENCES oauth_client (client_id) ON DELETE CASCADE,
    resource   VARCHAR(2000) NOT NULL,
    scopes     VARCHAR(2000) NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (username, client_id, resource)
);
CREATE INDEX consent_client_id_idx ON consent (client_id);

CREATE TABLE resource_server (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL UNIQUE,
    secret_hash VARCHAR(43)   NOT NULL,
    resource    VARCHAR(2000),
    created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
