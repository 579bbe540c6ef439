-- Sign-in through an organisation's identity provider (OpenID Connect, GitHub). An upstream person has an account
-- row like a local user (sessions, codes and tokens name it), with source 'oidc' or 'github' and no usable password
-- (authenticate reads local accounts only); external_identity keys it by (provider, subject) and keeps the name,
-- email and display name the provider last gave.
ALTER TABLE user_account ADD COLUMN source VARCHAR(20) DEFAULT 'local' NOT NULL;
CREATE TABLE external_identity (
    provider          VARCHAR(20)  NOT NULL,
    subject           VARCHAR(255) NOT NULL,
    username          VARCHAR(100) NOT NULL REFERENCES user_account (username) ON DELETE CASCADE,
    provider_username VARCHAR(255),
    email             VARCHAR(320),
    display_name      VARCHAR(255),
    last_sign_in      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE UNIQUE INDEX external_identity_username_idx ON external_identity (username);

-- A sign-in sent to an upstream provider, until its callback: the state and the browser-binding cookie are stored as
-- SHA-256 hashes; the nonce and PKCE verifier are needed in the clear to check the answer. Spent once (used), and
-- deleted by the purge job after expires_at (ten minutes).
CREATE TABLE upstream_transaction (
    state_hash    VARCHAR(43)   NOT NULL PRIMARY KEY,
    provider      VARCHAR(20)   NOT NULL,
    browser_hash  VARCHAR(43)   NOT NULL,
    nonce         VARCHAR(64)   NOT NULL,
    code_verifier VARCHAR(128)  NOT NULL,
    return_to     VARCHAR(8000) NOT NULL,
    destination   VARCHAR(20)   NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    used          BOOLEAN DEFAULT FALSE NOT NULL
);
CREATE INDEX upstream_transaction_expires_at_idx ON upstream_transaction (expires_at);
