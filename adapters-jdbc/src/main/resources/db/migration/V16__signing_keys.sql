-- JWT access tokens (RFC 9068): the keys that sign them, shared by every instance, and the time the user approved a
-- grant, which a JWT carries as auth_time and which a refresh keeps (rows from before stay NULL: their issue time).
--
-- One key per rotation slot: instances racing at the first start or at a rotation insert with ON CONFLICT DO NOTHING,
-- and the primary key on slot lets exactly one win, so there is never more than one current key.
-- private_key holds the private JWK, AES-256-GCM encrypted ("enc:v1:" prefix) when DCR_KEY_ENCRYPTION_KEY is set,
-- otherwise in clear.
ALTER TABLE access_token ADD COLUMN auth_time TIMESTAMP WITH TIME ZONE;
ALTER TABLE refresh_token ADD COLUMN auth_time TIMESTAMP WITH TIME ZONE;
CREATE TABLE signing_key (
    slot         BIGINT                   NOT NULL PRIMARY KEY,
    kid          VARCHAR(100)             NOT NULL UNIQUE,
    alg          VARCHAR(20)              NOT NULL,
    public_jwk   VARCHAR(4000)            NOT NULL,
    private_key  VARCHAR(8000)            NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    activates_at TIMESTAMP WITH TIME ZONE NOT NULL
);
