-- Refused token, revocation and introspection requests, counted per hour, address and error rather than stored one
-- by one: anyone can send them at will, so a row each would let a flood grow the database without bound. address is
-- AddressBlock.limitKey: an IPv4 address or an IPv6 prefix block in CIDR notation (at most 43 characters). The
-- primary key starts with hour_start, so it also serves the purge of old hours.
CREATE TABLE refusal_count (
    hour_start TIMESTAMP WITH TIME ZONE NOT NULL,
    address    VARCHAR(100) NOT NULL,
    action     VARCHAR(32)  NOT NULL, -- AuditEvent.AuditAction: TOKEN, REVOCATION or INTROSPECTION
    error_code VARCHAR(100) NOT NULL,
    attempts   INTEGER      NOT NULL,
    PRIMARY KEY (hour_start, address, action, error_code)
);

-- A client metadata document's row records the document's host as its address, and a host can be nearly as long as
-- its 2000-character client_id URL: 64 characters made longer hosts fail as a database error (a 503).
ALTER TABLE oauth_client ALTER COLUMN registered_ip SET DATA TYPE VARCHAR(2000);
ALTER TABLE audit_event ALTER COLUMN address SET DATA TYPE VARCHAR(2000);
-- Throttle counts key IPv6 addresses on their prefix block, such as 2001:db8:0:0:0:0:0:0/64.
ALTER TABLE throttle_count ALTER COLUMN address SET DATA TYPE VARCHAR(100);
