-- Limits shared by every instance on one PostgreSQL: a row per (limit, key, window) counts the permits taken in that
-- fixed window, and the row with the empty key counts the keys the window holds, so a flood of distinct addresses adds
-- a bounded number of rows. Rows expire when their window ends; the purge job deletes them.
CREATE TABLE shared_permit (
    limit_name VARCHAR(40) NOT NULL,
    limit_key VARCHAR(300) NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    used INTEGER NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (limit_name, limit_key, window_start)
);
CREATE INDEX shared_permit_expires_at ON shared_permit (expires_at);
-- The last failed fetch of each client metadata document, so every instance waits out the same back-off. Kept until
-- the back-off has long ended (forget_at); the purge job deletes it then.
CREATE TABLE document_fetch_failure (
    client_id VARCHAR(2000) NOT NULL PRIMARY KEY,
    reason VARCHAR(1000) NOT NULL,
    retry_after TIMESTAMP WITH TIME ZONE NOT NULL,
    backoff_seconds INTEGER NOT NULL,
    forget_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX document_fetch_failure_forget_at ON document_fetch_failure (forget_at);
