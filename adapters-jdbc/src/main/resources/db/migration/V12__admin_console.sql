-- The admin console: findings an administrator resolved, and the indexes its pages need with 100,000 clients.

-- NULL while the finding is open.
ALTER TABLE finding ADD COLUMN resolved_at TIMESTAMP WITH TIME ZONE;
-- The client list pages newest first by (issued_at, client_id): the index hands out a page without sorting the table.
CREATE INDEX oauth_client_issued_at_client_id_idx ON oauth_client (issued_at, client_id);
-- A client's page shows its latest audit events.
CREATE INDEX audit_event_client_id_at_idx ON audit_event (client_id, at);
