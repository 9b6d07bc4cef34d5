-- Countersign: the two database roles on an external PostgreSQL (README "Database roles").
--
-- Run once as a superuser, connected to the Countersign database (create it first):
--   psql "postgresql://postgres@db.example/countersign" \
--        -v owner_password='…' -v app_password='…' -f server/db/roles.sql
-- then configure the server with
--   database_url           = postgresql://countersign_app:…@db.example/countersign
--   migration_database_url = postgresql://countersign_owner:…@db.example/countersign
-- Run it again after restoring the database by hand or adding objects as
-- another role: it is idempotent and hands everything back to the owner.
--
-- countersign_owner owns the schema and runs migrations; restores, backup
-- verification (they create, rename and drop databases: CREATEDB, and end
-- sessions: pg_signal_backend), base backups (REPLICATION) and the WAL switch
-- before a point-in-time restore (pg_switch_wal) run as it too.
-- countersign_app is the server's login role: DML only, INSERT and SELECT on the
-- operation log and the approval actions, no DDL, no TRUNCATE, no TEMP, and as
-- a non-superuser it cannot SET session_replication_role to bypass triggers.
\set ON_ERROR_STOP on

SELECT 'CREATE ROLE countersign_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'countersign_owner') \gexec
SELECT 'CREATE ROLE countersign_app'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'countersign_app') \gexec
ALTER ROLE countersign_owner LOGIN NOSUPERUSER CREATEDB NOCREATEROLE REPLICATION
    PASSWORD :'owner_password';
ALTER ROLE countersign_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
    NOBYPASSRLS NOINHERIT PASSWORD :'app_password';
GRANT pg_signal_backend TO countersign_owner;
GRANT EXECUTE ON FUNCTION pg_switch_wal() TO countersign_owner;

-- The database and its objects to the owner, the server's privileges (the same
-- statements the embedded server runs: server/db/roles.py ADOPT_SQL).
DO $adopt$
DECLARE
    item record;
BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO countersign_owner', current_database());
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO countersign_app', current_database());
    ALTER SCHEMA public OWNER TO countersign_owner;
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    GRANT USAGE ON SCHEMA public TO countersign_app;
    FOR item IN
        SELECT c.oid::regclass AS name FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND c.relowner <> 'countersign_owner'::regrole
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO countersign_owner', item.name);
    END LOOP;
    FOR item IN
        SELECT c.oid::regclass AS name FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S'
          AND c.relowner <> 'countersign_owner'::regrole
    LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO countersign_owner', item.name);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proowner <> 'countersign_owner'::regrole
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO countersign_owner', item.name);
    END LOOP;
    FOR item IN
        SELECT t.oid::regtype AS name FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
          AND t.typowner <> 'countersign_owner'::regrole
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO countersign_owner', item.name);
    END LOOP;
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM countersign_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO countersign_app;
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO countersign_app;
    FOR item IN
        SELECT c.oid::regclass AS name, c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND c.relname IN ('audit_log', 'approval_actions', 'alembic_version')
    LOOP
        IF item.relname = 'alembic_version' THEN
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON %s FROM countersign_app', item.name);
        ELSE
            EXECUTE format('REVOKE UPDATE, DELETE ON %s FROM countersign_app', item.name);
        END IF;
    END LOOP;
    ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO countersign_app;
    ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA public
        GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO countersign_app;
END
$adopt$;
