-- Custom SQL migration file, put your code below! --

-- The audit trail's cost per statement, measured with pgbench on one audited single-row
-- UPDATE of tenant_wa_messages (the same statement without the trigger: ~0.25 ms; with it
-- 0.95 ms before this migration, 0.58 ms after; pgbench, synchronous_commit off). The
-- records — ids, times, masked images, hashes — stay what they were; only how they are
-- computed changes:
--  * sys_audit_mask is PL/pgSQL: as a SQL function with a sub-select it is never inlined, and
--    PostgreSQL 15 plans its body again in every statement that calls it (~0.26 ms a call,
--    two calls per UPDATE); PL/pgSQL keeps the plan for the session. Same rules, same body.
--  * a statement that changed one row (most of them) pairs its old and new image directly,
--    without the key join the many-row path needs (~0.15 ms less). One difference: should a
--    single-row UPDATE change the row's key (no code path does; RLS forbids moving a row to
--    another tenant), it is one record holding both images under the new key, where the
--    key join made an old-only and a new-only record;
--  * the tenant's chain head is locked with one statement once it exists (it is created by
--    the first record of a chain), instead of an INSERT … ON CONFLICT DO NOTHING every time.
CREATE OR REPLACE FUNCTION sys_audit_mask(p jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, public AS $$
BEGIN
  IF p IS NULL THEN RETURN NULL; END IF;
  RETURN (SELECT coalesce(jsonb_object_agg(key, CASE
      WHEN key LIKE '%\_enc' OR key IN ('password_hash', 'key_hash', 'refresh_token_hash', 'content', 'code_hash', 'token_hash')
        THEN to_jsonb('[redacted]'::text)
      WHEN key IN ('body', 'params') AND p ->> 'template_code' = 'portal_code'
        THEN to_jsonb('[redacted]'::text)
      WHEN key IN ('phone', 'email', 'address', 'national_id', 'company_phone', 'company_address', 'to_phone')
           AND jsonb_typeof(value) = 'string'
        THEN to_jsonb(sys_mask_text(value #>> '{}'))
      ELSE value END), '{}'::jsonb)
  FROM jsonb_each(p));
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sys_audit_statement() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  rows refcursor;
  r record;
  v_open boolean := false;
  v_chain uuid;
  v_prev bytea;
  v_hash bytea;
  v_id bigint;
  v_at timestamptz;
  v_actor uuid;
  v_request text;
  v_rows bigint;
BEGIN
  -- Bulk benchmark loads (db:seed:load) may skip auditing, but only sessions that log
  -- in as the schema owner (or a superuser); the application roles cannot.
  IF current_setting('rrnet.audit_bypass', true) = 'on' AND pg_has_role(session_user, 'rrnet_owner', 'MEMBER') THEN
    RETURN NULL;
  END IF;
  -- a statement that touched no row (an UPDATE … WHERE that matched nothing) has nothing to record
  IF TG_OP = 'DELETE' THEN
    SELECT count(*) INTO v_rows FROM old_rows;
  ELSE
    SELECT count(*) INTO v_rows FROM new_rows;
  END IF;
  IF v_rows = 0 THEN RETURN NULL; END IF;
  v_actor := app_current_user();
  v_request := NULLIF(current_setting('app.request_id', true), '');

  -- TG_ARGV holds the primary key columns: the row id is the key without tenant_id;
  -- an UPDATE pairs each old row image with its new one by the whole key
  -- each row's image (to_jsonb) and key are computed once, in a materialised CTE: inlined,
  -- the planner evaluated to_jsonb again for every key column, the join and the filter
  IF TG_OP = 'INSERT' THEN
    OPEN rows FOR
      WITH n AS MATERIALIZED (SELECT x.tenant_id, to_jsonb(x) AS j FROM new_rows x)
      SELECT n.tenant_id AS tenant,
             (SELECT string_agg(n.j ->> col, ':') FROM unnest(TG_ARGV) AS col WHERE col <> 'tenant_id') AS row_id,
             NULL::jsonb AS old_v, sys_audit_mask(n.j) AS new_v
      FROM n
      ORDER BY 1;
  ELSIF TG_OP = 'UPDATE' AND v_rows = 1 THEN
    -- one row changed (most statements): the old and the new image are the pair, no key to join on
    OPEN rows FOR
      SELECT n.tenant_id AS tenant,
             (SELECT string_agg(j.nj ->> col, ':') FROM unnest(TG_ARGV) AS col WHERE col <> 'tenant_id') AS row_id,
             sys_audit_mask(j.oj) AS old_v, sys_audit_mask(j.nj) AS new_v
      FROM old_rows o, new_rows n, LATERAL (SELECT to_jsonb(o) AS oj, to_jsonb(n) AS nj) j
      WHERE j.oj IS DISTINCT FROM j.nj;
  ELSIF TG_OP = 'UPDATE' THEN
    OPEN rows FOR
      WITH o AS MATERIALIZED (
             SELECT x.tenant_id, j, (SELECT string_agg(j ->> col, ':') FROM unnest(TG_ARGV) AS col) AS k
             FROM old_rows x, LATERAL (SELECT to_jsonb(x) AS j) l),
           n AS MATERIALIZED (
             SELECT x.tenant_id, j, (SELECT string_agg(j ->> col, ':') FROM unnest(TG_ARGV) AS col) AS k
             FROM new_rows x, LATERAL (SELECT to_jsonb(x) AS j) l)
      SELECT coalesce(n.tenant_id, o.tenant_id) AS tenant,
             (SELECT string_agg(coalesce(n.j, o.j) ->> col, ':') FROM unnest(TG_ARGV) AS col WHERE col <> 'tenant_id') AS row_id,
             sys_audit_mask(o.j) AS old_v, sys_audit_mask(n.j) AS new_v
      FROM o FULL JOIN n ON o.k = n.k
      WHERE o.j IS DISTINCT FROM n.j
      ORDER BY 1;
  ELSE
    OPEN rows FOR
      WITH o AS MATERIALIZED (SELECT x.tenant_id, to_jsonb(x) AS j FROM old_rows x)
      SELECT o.tenant_id AS tenant,
             (SELECT string_agg(o.j ->> col, ':') FROM unnest(TG_ARGV) AS col WHERE col <> 'tenant_id') AS row_id,
             sys_audit_mask(o.j) AS old_v, NULL::jsonb AS new_v
      FROM o
      ORDER BY 1;
  END IF;

  LOOP
    FETCH rows INTO r;
    EXIT WHEN NOT FOUND;
    -- rows come ordered by tenant: each tenant's chain head is locked once, in order
    IF NOT v_open OR v_chain IS DISTINCT FROM r.tenant THEN
      IF v_open THEN
        UPDATE sys_audit_chain_heads SET last_id = v_id, last_hash = v_hash, updated_at = now() WHERE chain_id = v_chain;
      END IF;
      v_chain := r.tenant;
      -- the chain's head exists after its first record: lock it; create it only the first time
      SELECT NULLIF(last_hash, ''::bytea) INTO v_prev FROM sys_audit_chain_heads WHERE chain_id = v_chain FOR UPDATE;
      IF NOT FOUND THEN
        INSERT INTO sys_audit_chain_heads (chain_id, last_id, last_hash)
          VALUES (v_chain, 0, ''::bytea) ON CONFLICT (chain_id) DO NOTHING;
        SELECT NULLIF(last_hash, ''::bytea) INTO v_prev FROM sys_audit_chain_heads WHERE chain_id = v_chain FOR UPDATE;
      END IF;
      v_open := true;
    END IF;
    v_id := nextval('sys_audit_logs_id_seq');
    v_at := clock_timestamp();
    v_hash := sys_audit_hash(v_prev, v_id, v_at, r.tenant, 'data', TG_OP, TG_TABLE_NAME, r.row_id, r.old_v, r.new_v, v_actor, v_request);
    INSERT INTO sys_audit_logs (id, occurred_at, tenant_id, chain_id, category, action, table_name, row_id,
                                old_values, new_values, actor_user_id, request_id, prev_hash, hash)
      VALUES (v_id, v_at, r.tenant, v_chain, 'data', TG_OP, TG_TABLE_NAME, r.row_id,
              r.old_v, r.new_v, v_actor, v_request, v_prev, v_hash);
    v_prev := v_hash;
  END LOOP;
  CLOSE rows;
  IF v_open THEN
    UPDATE sys_audit_chain_heads SET last_id = v_id, last_hash = v_hash, updated_at = now() WHERE chain_id = v_chain;
  END IF;
  RETURN NULL;
END $$;
