-- One row per registered public client (RFC 7591); no secret column, since public clients have none.
-- Portable: runs unchanged on PostgreSQL 15 and on H2 in PostgreSQL mode.
-- Lists are stored joined: redirect URIs, grant and response types by one space (they never contain whitespace),
-- contacts by '\n' (they never contain control characters).
-- Sizes are in UTF-16 units, the larger of H2's and PostgreSQL's character counts: a code point outside the BMP
-- (an emoji) is 2 units, so a limit of N code points needs 2N.
CREATE TABLE oauth_client (
    client_id                  VARCHAR(64)    NOT NULL PRIMARY KEY,
    client_name                VARCHAR(800)   NOT NULL, -- 200 code points
    redirect_uris              VARCHAR(20100) NOT NULL, -- 10 URIs of 2000 ASCII characters, 9 separators
    grant_types                VARCHAR(200)   NOT NULL,
    response_types             VARCHAR(200)   NOT NULL,
    token_endpoint_auth_method VARCHAR(100)   NOT NULL,
    scope                      VARCHAR(1000),           -- 1000 ASCII characters
    client_uri                 VARCHAR(2000),
    logo_uri                   VARCHAR(2000),
    tos_uri                    VARCHAR(2000),
    policy_uri                 VARCHAR(2000),
    contacts                   VARCHAR(6500),           -- 10 entries of 320 code points, 9 separators; NULL when none
    software_id                VARCHAR(800),            -- 200 code points
    software_version           VARCHAR(800),            -- 200 code points
    application_type           VARCHAR(32),
    issued_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    registered_ip              VARCHAR(64)    NOT NULL,
    user_agent                 VARCHAR(2048)            -- 512 UTF-16 units after the domain truncates it
);

-- Abuse monitoring: registrations per time window and per address.
CREATE INDEX oauth_client_issued_at_idx ON oauth_client (issued_at);
CREATE INDEX oauth_client_registered_ip_idx ON oauth_client (registered_ip);
