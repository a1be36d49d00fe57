-- Custom SQL migration file, put your code below! ---- The platform's metrics page (issue #18): the database's busiest statements and its
-- connections by state. rrnet_system is NOINHERIT and sees only its own sessions'
-- state and query text; these SECURITY DEFINER functions run as rrnet_monitor, a member
-- of pg_read_all_stats (roles.sql), and return only aggregates and normalised statement
-- text (pg_stat_statements replaces constants by $n), for this database only.

-- The top statements by total execution time. Raises 55000 (object_not_in_prerequisite_state)
-- when the extension is absent or not preloaded; the caller says which.
CREATE OR REPLACE FUNCTION sys_top_statements(max_rows integer)
  RETURNS TABLE (query_id text, query text, calls bigint, total_ms double precision, mean_ms double precision, rows bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  ext_schema text;
BEGIN
  SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements';
  IF ext_schema IS NULL THEN
    RAISE EXCEPTION 'pg_stat_statements is not installed in this database' USING ERRCODE = '55000', HINT = 'not_installed';
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT s.queryid::text, left(s.query, 2000), s.calls, s.total_exec_time, s.mean_exec_time, s.rows
     FROM %I.pg_stat_statements s
     WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND s.query NOT LIKE ''%%sys_top_statements%%''
     ORDER BY s.total_exec_time DESC
     LIMIT $1', ext_schema)
    USING least(greatest(max_rows, 1), 100);
END
$$;
ALTER FUNCTION sys_top_statements(integer) OWNER TO rrnet_monitor;
REVOKE ALL ON FUNCTION sys_top_statements(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys_top_statements(integer) TO rrnet_system;
--> statement-breakpoint

-- Client connections to this database by state, and the server's max_connections.
CREATE OR REPLACE FUNCTION sys_database_connections()
  RETURNS TABLE (state text, connections integer, max_connections integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(a.state, 'unknown'), count(*)::int, current_setting('max_connections')::int
  FROM pg_stat_activity a
  WHERE a.datname = current_database() AND a.backend_type = 'client backend'
  GROUP BY 1
$$;
ALTER FUNCTION sys_database_connections() OWNER TO rrnet_monitor;
REVOKE ALL ON FUNCTION sys_database_connections() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys_database_connections() TO rrnet_system;
