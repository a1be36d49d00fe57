-- Custom SQL migration file, put your code below! --

-- The audit trail of tenant tables moves from one trigger call per row to one per
-- statement (transition tables). The chain head of each tenant is locked and rewritten
-- once per statement instead of once per row, and the log rows are written from one
-- loop; the records themselves — ids, times, masked old/new images, hashes — are exactly
-- what the row trigger wrote, so sys_audit_verify and every reader are unchanged.
-- Measured: an audited UPDATE of 1,000 invoices cost ~0.45 ms per row with the row
-- trigger (bulk paths: the billing run, the isolir sweep, imports).
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
BEGIN
  -- Bulk benchmark loads (db:seed:load) may skip auditing, but only sessions that log
  -- in as the schema owner (or a superuser); the application roles cannot.
  IF current_setting('rrnet.audit_bypass', true) = 'on' AND pg_has_role(session_user, 'rrnet_owner', 'MEMBER') THEN
    RETURN NULL;
  END IF;
  v_actor := app_current_user();
  v_request := NULLIF(current_setting('app.request_id', true), '');

  -- TG_ARGV holds the primary key columns: the row id is the key without tenant_id;
  -- an UPDATE pairs each old row image with its new one by the whole key
  IF TG_OP = 'INSERT' THEN
    OPEN rows FOR
      SELECT n.tenant_id AS tenant,
             (SELECT string_agg(n.j ->> col, ':') FROM unnest(TG_ARGV) AS col WHERE col <> 'tenant_id') AS row_id,
             NULL::jsonb AS old_v, sys_audit_mask(n.j) AS new_v
      FROM (SELECT x.tenant_id, to_jsonb(x) AS j FROM new_rows x) n
      ORDER BY 1;
  ELSIF TG_OP = 'UPDATE' THEN
    OPEN rows FOR
      SELECT coalesce(n.tenant_id, o.tenant_id) AS tenant,
             (SELECT string_agg(coalesce(n.j, o.j) ->> col, ':') FROM unnest(TG_ARGV) AS col WHERE col <> 'tenant_id') AS row_id,
             sys_audit_mask(o.j) AS old_v, sys_audit_mask(n.j) AS new_v
      FROM (SELECT x.tenant_id, to_jsonb(x) AS j FROM old_rows x) o
      FULL JOIN (SELECT x.tenant_id, to_jsonb(x) AS j FROM new_rows x) n
        ON (SELECT string_agg(o.j ->> col, ':') FROM unnest(TG_ARGV) AS col) = (SELECT string_agg(n.j ->> col, ':') FROM unnest(TG_ARGV) AS col)
      WHERE o.j IS DISTINCT FROM n.j
      ORDER BY 1;
  ELSE
    OPEN rows FOR
      SELECT o.tenant_id AS tenant,
             (SELECT string_agg(o.j ->> col, ':') FROM unnest(TG_ARGV) AS col WHERE col <> 'tenant_id') AS row_id,
             sys_audit_mask(o.j) AS old_v, NULL::jsonb AS new_v
      FROM (SELECT x.tenant_id, to_jsonb(x) AS j FROM old_rows x) o
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
      INSERT INTO sys_audit_chain_heads (chain_id, last_id, last_hash)
        VALUES (v_chain, 0, ''::bytea) ON CONFLICT (chain_id) DO NOTHING;
      SELECT NULLIF(last_hash, ''::bytea) INTO v_prev FROM sys_audit_chain_heads WHERE chain_id = v_chain FOR UPDATE;
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
--> statement-breakpoint

-- New tenant_ tables still call sys_tenant_table_setup from their own migration.
CREATE OR REPLACE FUNCTION sys_tenant_table_setup(p_table regclass) RETURNS void
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_pk text;
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
  EXECUTE format('DROP POLICY IF EXISTS tenant_select ON %s', p_table);
  EXECUTE format('DROP POLICY IF EXISTS tenant_insert ON %s', p_table);
  EXECUTE format('DROP POLICY IF EXISTS tenant_update ON %s', p_table);
  EXECUTE format('DROP POLICY IF EXISTS tenant_delete ON %s', p_table);
  EXECUTE format('DROP POLICY IF EXISTS system_select ON %s', p_table);
  EXECUTE format('CREATE POLICY tenant_select ON %s FOR SELECT TO rrnet_app USING (tenant_id = app_current_tenant())', p_table);
  EXECUTE format('CREATE POLICY tenant_insert ON %s FOR INSERT TO rrnet_app WITH CHECK (tenant_id = app_current_tenant())', p_table);
  EXECUTE format('CREATE POLICY tenant_update ON %s FOR UPDATE TO rrnet_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())', p_table);
  EXECUTE format('CREATE POLICY tenant_delete ON %s FOR DELETE TO rrnet_app USING (tenant_id = app_current_tenant())', p_table);
  EXECUTE format('CREATE POLICY system_select ON %s FOR SELECT TO rrnet_system USING (true)', p_table);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO rrnet_app', p_table);
  EXECUTE format('GRANT SELECT ON %s TO rrnet_system', p_table);

  SELECT string_agg(quote_literal(a.attname::text), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum))
    INTO v_pk
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = p_table AND i.indisprimary;
  EXECUTE format('DROP TRIGGER IF EXISTS audit_row ON %s', p_table);
  EXECUTE format('DROP TRIGGER IF EXISTS audit_insert ON %s', p_table);
  EXECUTE format('DROP TRIGGER IF EXISTS audit_update ON %s', p_table);
  EXECUTE format('DROP TRIGGER IF EXISTS audit_delete ON %s', p_table);
  EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION sys_audit_statement(%s)', p_table, v_pk);
  EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION sys_audit_statement(%s)', p_table, v_pk);
  EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION sys_audit_statement(%s)', p_table, v_pk);
END $$;
--> statement-breakpoint

DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname LIKE 'tenant\_%'
  LOOP
    PERFORM sys_tenant_table_setup(t.rel);
  END LOOP;
END $$;
--> statement-breakpoint
DROP FUNCTION sys_audit_row();
