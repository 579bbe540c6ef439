-- Tokens the MCP gateway refused, counted per hour, route and reason rather than stored per call, so a flood of bad
-- tokens adds at most one row per hour, route and reason. Purged with the audit trail (DCR_AUDIT_RETENTION).
CREATE TABLE gateway_refusal_count (
    hour_start TIMESTAMP WITH TIME ZONE NOT NULL,
    route      VARCHAR(200) NOT NULL,
    reason     VARCHAR(32)  NOT NULL,
    refusals   BIGINT       NOT NULL,
    PRIMARY KEY (hour_start, route, reason)
);
