-- Every registration writes an audit event. H2 commits its whole store each time an identity sequence hands out its
-- cached values (32 by default), which under load doubled the commits of the registration writer. With 1000 the
-- sequence costs a commit per 1000 events; a restart or crash may skip up to that many ids, and on PostgreSQL each
-- connection takes its own block, so ids say nothing about order: the trail is ordered by its "at" column.
ALTER TABLE audit_event ALTER COLUMN id SET CACHE 1000;
