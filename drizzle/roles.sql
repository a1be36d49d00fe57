-- RRNet database roles. Applied by `pnpm db:migrate` before the journal, every time;
-- idempotent. Roles are cluster-wide; database grants name the current database.
--   rrnet_owner  owns the schema, runs migrations
--   rrnet_app    what web and worker connect as: LOGIN, NOBYPASSRLS, owns nothing
--   rrnet_system the few cross-tenant platform paths (platform admin, schedulers)
--   rrnet_search NOLOGIN, NOBYPASSRLS: owns only sys_customer_search(), which filters by the
--                transaction's tenant itself; reads tenant_customers through its own
--                `true` policy (see 0012_customer_search.sql and 0020_search_role_policy.sql)
--   rrnet_monitor NOLOGIN, INHERIT: a member of pg_read_all_stats, owns only the monitoring
--                functions (sys_top_statements, sys_database_connections; 0034) that
--                rrnet_system may call for the platform's metrics page
DO $$
DECLARE
  r record;
BEGIN
  -- Two migrations of this database wait for each other (database grants below would
  -- otherwise collide: "tuple concurrently updated").
  PERFORM pg_advisory_xact_lock(hashtext('rrnet:roles.sql'));
  -- Roles are cluster-wide: migrations of two databases of one cluster (parallel test files,
  -- two deploys) may create the same role at the same moment. The loser of that race sees a
  -- unique violation when the winner commits; the role exists then, which is all we need.
  FOR r IN SELECT * FROM (VALUES
      ('rrnet_owner',  'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB'),
      ('rrnet_app',    'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT'),
      ('rrnet_system', 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT'),
      ('rrnet_search', 'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT'),
      ('rrnet_monitor', 'NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB INHERIT')) AS t(name, attrs)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I %s', r.name, r.attrs);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END;
    END IF;
  END LOOP;
  IF (SELECT rolbypassrls FROM pg_roles WHERE rolname = 'rrnet_search')
     AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    -- created BYPASSRLS before 0020; only a superuser may take it back. Another database's
    -- migration may be doing the same at this moment: either one suffices.
    BEGIN
      ALTER ROLE rrnet_search NOBYPASSRLS;
    EXCEPTION WHEN OTHERS THEN
      NULL;
    END;
  END IF;
  -- Memberships are cluster-wide too, and race the same way.
  BEGIN
    -- the owner hands sys_customer_search() to rrnet_search (ALTER FUNCTION … OWNER TO)
    IF NOT pg_has_role('rrnet_owner', 'rrnet_search', 'MEMBER') THEN
      GRANT rrnet_search TO rrnet_owner;
    END IF;
  EXCEPTION WHEN unique_violation OR duplicate_object THEN
    NULL;
  END;
  BEGIN
    -- the owner hands the monitoring functions to rrnet_monitor
    IF NOT pg_has_role('rrnet_owner', 'rrnet_monitor', 'MEMBER') THEN
      GRANT rrnet_monitor TO rrnet_owner;
    END IF;
  EXCEPTION WHEN unique_violation OR duplicate_object THEN
    NULL;
  END;
  BEGIN
    -- statistics of every role's sessions and statements (pg_stat_activity's state and
    -- query, pg_stat_statements); a login without the right to grant it (some managed
    -- PostgreSQL) leaves the metrics page showing only this role's own
    IF NOT pg_has_role('rrnet_monitor', 'pg_read_all_stats', 'MEMBER') THEN
      GRANT pg_read_all_stats TO rrnet_monitor;
    END IF;
  EXCEPTION WHEN unique_violation OR duplicate_object OR insufficient_privilege THEN
    NULL;
  END;
  BEGIN
    -- The migrating login must be able to act as the owner.
    IF current_user <> 'rrnet_owner' AND NOT pg_has_role(current_user, 'rrnet_owner', 'MEMBER') THEN
      EXECUTE format('GRANT rrnet_owner TO %I', current_user);
    END IF;
  EXCEPTION WHEN unique_violation OR duplicate_object THEN
    NULL;
  END;
  IF current_user <> 'rrnet_owner' THEN
    EXECUTE format('GRANT CREATE, CONNECT, TEMPORARY ON DATABASE %I TO rrnet_owner', current_database());
    GRANT USAGE, CREATE ON SCHEMA public TO rrnet_owner;
    -- a function's new owner needs CREATE on its schema (rrnet_search cannot log in)
    GRANT USAGE, CREATE ON SCHEMA public TO rrnet_search;
    GRANT USAGE, CREATE ON SCHEMA public TO rrnet_monitor;
  END IF;
  -- slow-query visibility (spec §6 slow_queries): the extension needs a superuser (or a
  -- managed service's equivalent) to create, and shared_preload_libraries to collect —
  -- the embedded cluster of `npm start` preloads it; elsewhere the metrics page says
  -- what is missing. In a schema of its own (its views belong to whoever created it, not
  -- rrnet_owner); sys_top_statements finds it wherever a DBA may have put it instead.
  BEGIN
    CREATE SCHEMA IF NOT EXISTS monitoring;
    CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA monitoring;
    GRANT USAGE ON SCHEMA monitoring TO rrnet_monitor;
  EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported OR unique_violation OR duplicate_object THEN
    NULL;
  END;
END
$$;
