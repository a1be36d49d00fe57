-- Custom SQL migration file, put your code below! --

-- The audit trail's cost per changed row, again (bench/notifications: every WhatsApp
-- message is claimed, sent and delivered in statements of ten rows, each audited). The
-- records — ids, times, masked images, hashes, chain order — stay what they were; only
-- how they are computed and written changes:
--  * sys_audit_mask walks only the keys it masks (jsonb_object_keys, filtered), replacing
--    their values in place, instead of rebuilding every image key by key with
--    jsonb_each + jsonb_object_agg: 25 → 10 µs an image on a WhatsApp message (both give
--    the same jsonb: an object's keys have one order). Same rules, in the same order.
--  * sys_audit_statement collects a statement's records and writes them with one INSERT
--    (unnest of the collected columns) instead of one INSERT per changed row: one executor
--    start-up on the partitioned log per statement. A ten-row audited UPDATE of
--    tenant_wa_messages: 1.85 → 1.48 ms over the same statement without the trigger
--    (synchronous_commit off, 400 transactions each, same session).
CREATE OR REPLACE FUNCTION sys_audit_mask(p jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, public AS $$
DECLARE
  k text;
  r jsonb := p;
BEGIN
  IF p IS NULL THEN RETURN NULL; END IF;
  FOR k IN SELECT key FROM jsonb_object_keys(p) AS key
           WHERE key LIKE '%\_enc' OR key IN ('password_hash', 'key_hash', 'refresh_token_hash', 'content', 'code_hash', 'token_hash',
                                              'body', 'params', 'phone', 'email', 'address', 'national_id', 'company_phone', 'company_address', 'to_phone') LOOP
    IF k LIKE '%\_enc' OR k IN ('password_hash', 'key_hash', 'refresh_token_hash', 'content', 'code_hash', 'token_hash') THEN
      r := jsonb_set(r, ARRAY[k], '"[redacted]"');
    ELSIF k IN ('body', 'params') THEN
      IF p ->> 'template_code' = 'portal_code' THEN r := jsonb_set(r, ARRAY[k], '"[redacted]"'); END IF;
    ELSIF jsonb_typeof(p -> k) = 'string' THEN
      r := jsonb_set(r, ARRAY[k], to_jsonb(sys_mask_text(p ->> k)));
    END IF;
  END LOOP;
  RETURN r;
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
  -- the records are collected and written by one INSERT: one executor start-up on the
  -- partitioned log instead of one per changed row
  a_id bigint[] := '{}';
  a_at timestamptz[] := '{}';
  a_tenant uuid[] := '{}';
  a_chain uuid[] := '{}';
  a_row text[] := '{}';
  a_old jsonb[] := '{}';
  a_new jsonb[] := '{}';
  a_prev bytea[] := '{}';
  a_hash bytea[] := '{}';
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
    a_id := array_append(a_id, v_id);
    a_at := array_append(a_at, v_at);
    a_tenant := array_append(a_tenant, r.tenant);
    a_chain := array_append(a_chain, v_chain);
    a_row := array_append(a_row, r.row_id);
    a_old := array_append(a_old, r.old_v);
    a_new := array_append(a_new, r.new_v);
    a_prev := array_append(a_prev, v_prev);
    a_hash := array_append(a_hash, v_hash);
    v_prev := v_hash;
  END LOOP;
  CLOSE rows;
  IF cardinality(a_id) > 0 THEN
    INSERT INTO sys_audit_logs (id, occurred_at, tenant_id, chain_id, category, action, table_name, row_id,
                                old_values, new_values, actor_user_id, request_id, prev_hash, hash)
      SELECT u.id, u.at, u.tenant, u.chain, 'data', TG_OP, TG_TABLE_NAME, u.row_id, u.old_v, u.new_v, v_actor, v_request, u.prev, u.hash
      FROM unnest(a_id, a_at, a_tenant, a_chain, a_row, a_old, a_new, a_prev, a_hash) AS u(id, at, tenant, chain, row_id, old_v, new_v, prev, hash);
  END IF;
  IF v_open THEN
    UPDATE sys_audit_chain_heads SET last_id = v_id, last_hash = v_hash, updated_at = now() WHERE chain_id = v_chain;
  END IF;
  RETURN NULL;
END $$;
