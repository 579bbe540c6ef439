-- Client ID Metadata Documents: a client_id may be an https URL (up to 2000 ASCII characters), and such clients are
-- cached in oauth_client so codes, tokens and consents can refer to them. document_refresh_after is set only on
-- these cache rows: when it has passed, the document is fetched again.
ALTER TABLE oauth_client ALTER COLUMN client_id SET DATA TYPE VARCHAR(2000);
ALTER TABLE authorization_code ALTER COLUMN client_id SET DATA TYPE VARCHAR(2000);
ALTER TABLE access_token ALTER COLUMN client_id SET DATA TYPE VARCHAR(2000);
ALTER TABLE refresh_token ALTER COLUMN client_id SET DATA TYPE VARCHAR(2000);
ALTER TABLE consent ALTER COLUMN client_id SET DATA TYPE VARCHAR(2000);
ALTER TABLE audit_event ALTER COLUMN client_id SET DATA TYPE VARCHAR(2000);
ALTER TABLE oauth_client ADD COLUMN document_refresh_after TIMESTAMP WITH TIME ZONE;
