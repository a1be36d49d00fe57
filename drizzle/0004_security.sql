-- Custom SQL migration file, put your code below! --
-- Row-level security, grants and the audit trail. Everything here is idempotent.

-- ── request settings ─────────────────────────────────────────────────────────────
-- The tenant helper sets app.tenant_id / app.user_id / app.request_id with
-- set_config(..., true) (transaction-local). No setting → NULL → no rows.
CREATE OR REPLACE FUNCTION app_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE OR REPLACE FUNCTION app_current_user() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

-- ── audit trail (spec §9): append-only, hash-chained per tenant, monthly partitions ──
CREATE SEQUENCE IF NOT EXISTS sys_audit_logs_id_seq AS bigint;

CREATE TABLE IF NOT EXISTS sys_audit_logs (
  id bigint NOT NULL DEFAULT nextval('sys_audit_logs_id_seq'),
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  tenant_id uuid,
  chain_id uuid NOT NULL,
  category text NOT NULL CHECK (category IN ('data', 'auth', 'admin')),
  action text NOT NULL,
  table_name text,
  row_id text,
  old_values jsonb,
  new_values jsonb,
  actor_user_id uuid,
  request_id text,
  prev_hash bytea,
  hash bytea NOT NULL,
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
ALTER SEQUENCE sys_audit_logs_id_seq OWNED BY sys_audit_logs.id;

CREATE INDEX IF NOT EXISTS sys_audit_logs_tenant_idx ON sys_audit_logs (tenant_id, occurred_at);
CREATE INDEX IF NOT EXISTS sys_audit_logs_chain_idx ON sys_audit_logs (chain_id, id);
CREATE INDEX IF NOT EXISTS sys_audit_logs_row_idx ON sys_audit_logs (tenant_id, table_name, row_id);

-- The newest hash of each chain; its row lock serialises appends within one chain.
CREATE TABLE IF NOT EXISTS sys_audit_chain_heads (
  chain_id uuid PRIMARY KEY,
  last_id bigint NOT NULL,
  last_hash bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sys_audit_logs_default PARTITION OF sys_audit_logs DEFAULT;

-- Monthly partitions from p_from for p_months months (7-year retention: old partitions
-- are detached and archived whole). Run ahead by the maintenance job.
CREATE OR REPLACE FUNCTION sys_audit_ensure_partitions(p_from date, p_months integer)
  RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_start date := date_trunc('month', p_from)::date;
  v_name text;
  v_created integer := 0;
BEGIN
  FOR i IN 0 .. p_months - 1 LOOP
    v_name := format('sys_audit_logs_p%s', to_char(v_start + make_interval(months => i), 'YYYYMM'));
    IF to_regclass(v_name) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF sys_audit_logs FOR VALUES FROM (%L) TO (%L)',
        v_name, v_start + make_interval(months => i), v_start + make_interval(months => i + 1));
      v_created := v_created + 1;
    END IF;
  END LOOP;
  RETURN v_created;
END $$;

SELECT sys_audit_ensure_partitions((now() - interval '1 month')::date, 5);

CREATE OR REPLACE FUNCTION sys_mask_text(p text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p IS NULL THEN NULL
    WHEN length(p) <= 4 THEN repeat('*', length(p))
    ELSE left(p, 2) || repeat('*', length(p) - 4) || right(p, 2)
  END $$;

-- PII masked, secrets removed, before a row image reaches the audit trail.
CREATE OR REPLACE FUNCTION sys_audit_mask(p jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p IS NULL THEN NULL ELSE (SELECT coalesce(jsonb_object_agg(key, CASE
      WHEN key LIKE '%\_enc' OR key IN ('password_hash', 'key_hash', 'refresh_token_hash')
        THEN to_jsonb('[redacted]'::text)
      WHEN key IN ('phone', 'email', 'address', 'national_id', 'company_phone', 'company_address', 'to_phone')
           AND jsonb_typeof(value) = 'string'
        THEN to_jsonb(sys_mask_text(value #>> '{}'))
      ELSE value END), '{}'::jsonb)
  FROM jsonb_each(p)) END $$;

CREATE OR REPLACE FUNCTION sys_audit_hash(
  p_prev bytea, p_id bigint, p_at timestamptz, p_tenant uuid, p_category text, p_action text,
  p_table text, p_row text, p_old jsonb, p_new jsonb, p_actor uuid, p_request text
) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT sha256(convert_to(concat_ws('|',
    coalesce(encode(p_prev, 'hex'), '-'), p_id::text,
    to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(p_tenant::text, '-'), p_category, p_action, coalesce(p_table, '-'),
    coalesce(p_row, '-'), coalesce(p_old::text, '-'), coalesce(p_new::text, '-'),
    coalesce(p_actor::text, '-'), coalesce(p_request, '-')), 'UTF8')) $$;

-- The one way rows enter sys_audit_logs. Actor and request come from the transaction's
-- settings. Runs as rrnet_owner; the application roles have no write grant on the table.
CREATE OR REPLACE FUNCTION sys_audit_append(
  p_tenant uuid, p_category text, p_action text, p_table text, p_row text, p_old jsonb, p_new jsonb
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_chain uuid := coalesce(p_tenant, '00000000-0000-0000-0000-000000000000');
  v_prev bytea;
  v_id bigint := nextval('sys_audit_logs_id_seq');
  v_at timestamptz := clock_timestamp();
  v_actor uuid := app_current_user();
  v_request text := NULLIF(current_setting('app.request_id', true), '');
  v_hash bytea;
BEGIN
  INSERT INTO sys_audit_chain_heads (chain_id, last_id, last_hash)
    VALUES (v_chain, 0, ''::bytea) ON CONFLICT (chain_id) DO NOTHING;
  SELECT NULLIF(last_hash, ''::bytea) INTO v_prev FROM sys_audit_chain_heads WHERE chain_id = v_chain FOR UPDATE;
  v_hash := sys_audit_hash(v_prev, v_id, v_at, p_tenant, p_category, p_action, p_table, p_row, p_old, p_new, v_actor, v_request);
  INSERT INTO sys_audit_logs (id, occurred_at, tenant_id, chain_id, category, action, table_name, row_id,
                              old_values, new_values, actor_user_id, request_id, prev_hash, hash)
    VALUES (v_id, v_at, p_tenant, v_chain, p_category, p_action, p_table, p_row,
            p_old, p_new, v_actor, v_request, v_prev, v_hash);
  UPDATE sys_audit_chain_heads SET last_id = v_id, last_hash = v_hash, updated_at = now() WHERE chain_id = v_chain;
  RETURN v_id;
END $$;

-- Auth events and admin actions written by the application, into the current tenant's
-- chain only (or the platform chain when no tenant is set).
CREATE OR REPLACE FUNCTION sys_audit_event(p_category text, p_action text, p_details jsonb)
  RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_category NOT IN ('auth', 'admin') THEN
    RAISE EXCEPTION 'audit category must be auth or admin' USING ERRCODE = '22023';
  END IF;
  RETURN sys_audit_append(app_current_tenant(), p_category, p_action, NULL, NULL, NULL, sys_audit_mask(p_details));
END $$;

-- Row trigger on every tenant_ table; TG_ARGV holds the primary key columns.
CREATE OR REPLACE FUNCTION sys_audit_row() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  v_row jsonb := coalesce(v_new, v_old);
  v_row_id text;
BEGIN
  IF TG_OP = 'UPDATE' AND v_old = v_new THEN
    RETURN NULL;
  END IF;
  -- Bulk benchmark loads (db:seed:load) may skip auditing, but only sessions that log
  -- in as the schema owner (or a superuser); the application roles cannot.
  IF current_setting('rrnet.audit_bypass', true) = 'on' AND pg_has_role(session_user, 'rrnet_owner', 'MEMBER') THEN
    RETURN NULL;
  END IF;
  SELECT string_agg(v_row ->> col, ':') INTO v_row_id FROM unnest(TG_ARGV) AS col WHERE col <> 'tenant_id';
  PERFORM sys_audit_append((v_row ->> 'tenant_id')::uuid, 'data', TG_OP, TG_TABLE_NAME, v_row_id,
                           sys_audit_mask(v_old), sys_audit_mask(v_new));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sys_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sys_audit_logs is append-only (% refused)', TG_OP USING ERRCODE = '42501';
END $$;

DROP TRIGGER IF EXISTS audit_append_only ON sys_audit_logs;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON sys_audit_logs
  FOR EACH ROW EXECUTE FUNCTION sys_audit_refuse_change();
DROP TRIGGER IF EXISTS audit_no_truncate ON sys_audit_logs;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON sys_audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION sys_audit_refuse_change();

-- Walks a chain in order; reports the first row whose hash or link does not match.
CREATE OR REPLACE FUNCTION sys_audit_verify(p_chain uuid)
  RETURNS TABLE (ok boolean, checked bigint, first_broken_id bigint, reason text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  v_prev bytea := NULL;
  v_n bigint := 0;
  v_head record;
BEGIN
  FOR r IN SELECT * FROM sys_audit_logs WHERE chain_id = p_chain ORDER BY id LOOP
    v_n := v_n + 1;
    IF r.prev_hash IS DISTINCT FROM v_prev THEN
      RETURN QUERY SELECT false, v_n, r.id, 'prev_hash does not link to the previous row'::text;
      RETURN;
    END IF;
    IF r.hash <> sys_audit_hash(r.prev_hash, r.id, r.occurred_at, r.tenant_id, r.category, r.action,
                                r.table_name, r.row_id, r.old_values, r.new_values, r.actor_user_id, r.request_id) THEN
      RETURN QUERY SELECT false, v_n, r.id, 'row content does not match its hash'::text;
      RETURN;
    END IF;
    v_prev := r.hash;
  END LOOP;
  SELECT * INTO v_head FROM sys_audit_chain_heads WHERE chain_id = p_chain;
  IF v_head IS NOT NULL AND v_head.last_hash IS DISTINCT FROM coalesce(v_prev, ''::bytea) THEN
    RETURN QUERY SELECT false, v_n, v_head.last_id, 'rows missing at the end of the chain'::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT true, v_n, NULL::bigint, NULL::text;
END $$;

-- ── tenant tables: forced RLS, policies, grants, audit trigger ────────────────────
-- New tenant_ tables call this from their own migration.
CREATE OR REPLACE FUNCTION sys_tenant_table_setup(p_table regclass) RETURNS void
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_pk text[];
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

  SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
    INTO v_pk
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = p_table AND i.indisprimary;
  EXECUTE format('DROP TRIGGER IF EXISTS audit_row ON %s', p_table);
  EXECUTE format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION sys_audit_row(%s)',
                 p_table, (SELECT string_agg(quote_literal(c), ', ') FROM unnest(v_pk) AS c));
END $$;

DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname LIKE 'tenant\_%'
  LOOP
    PERFORM sys_tenant_table_setup(t.rel);
  END LOOP;
END $$;

-- ── saas_ tables: a tenant sees its own subscription, invoices, overrides, tenant row ──
ALTER TABLE saas_tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE saas_tenants FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_self ON saas_tenants;
CREATE POLICY tenant_self ON saas_tenants FOR SELECT TO rrnet_app USING (id = app_current_tenant());
DROP POLICY IF EXISTS system_all ON saas_tenants;
CREATE POLICY system_all ON saas_tenants FOR ALL TO rrnet_system USING (true) WITH CHECK (true);
GRANT SELECT ON saas_tenants TO rrnet_app;
GRANT SELECT, INSERT, UPDATE ON saas_tenants TO rrnet_system;

GRANT SELECT ON saas_plans TO rrnet_app;
GRANT SELECT, INSERT, UPDATE ON saas_plans TO rrnet_system;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['saas_subscriptions', 'saas_invoices', 'saas_feature_overrides'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS tenant_own ON %I', t);
    EXECUTE format('CREATE POLICY tenant_own ON %I FOR SELECT TO rrnet_app USING (tenant_id = app_current_tenant())', t);
    EXECUTE format('DROP POLICY IF EXISTS system_all ON %I', t);
    EXECUTE format('CREATE POLICY system_all ON %I FOR ALL TO rrnet_system USING (true) WITH CHECK (true)', t);
    EXECUTE format('GRANT SELECT ON %I TO rrnet_app', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO rrnet_system', t);
  END LOOP;
END $$;

-- ── sys_ tables ──────────────────────────────────────────────────────────────────
-- Users: the signed-in user's own row and the members of the current tenant.
ALTER TABLE sys_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE sys_users FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS user_visible ON sys_users;
CREATE POLICY user_visible ON sys_users FOR SELECT TO rrnet_app
  USING (id = app_current_user() OR id IN (SELECT user_id FROM tenant_memberships));
DROP POLICY IF EXISTS user_update ON sys_users;
CREATE POLICY user_update ON sys_users FOR UPDATE TO rrnet_app
  USING (id = app_current_user() OR id IN (SELECT user_id FROM tenant_memberships))
  WITH CHECK (id = app_current_user() OR id IN (SELECT user_id FROM tenant_memberships));
DROP POLICY IF EXISTS system_all ON sys_users;
CREATE POLICY system_all ON sys_users FOR ALL TO rrnet_system USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE (name, password_hash, status, last_login_at) ON sys_users TO rrnet_app;
GRANT SELECT, INSERT, UPDATE ON sys_users TO rrnet_system;

-- Sessions: only the signed-in user's own.
ALTER TABLE sys_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sys_sessions FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS session_own ON sys_sessions;
CREATE POLICY session_own ON sys_sessions FOR ALL TO rrnet_app
  USING (user_id = app_current_user()) WITH CHECK (user_id = app_current_user());
DROP POLICY IF EXISTS system_all ON sys_sessions;
CREATE POLICY system_all ON sys_sessions FOR ALL TO rrnet_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON sys_sessions TO rrnet_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sys_sessions TO rrnet_system;

-- Dead letters are platform data, handled by the worker and platform admins (system role).
GRANT SELECT, INSERT, UPDATE ON sys_dead_letter_jobs TO rrnet_system;
GRANT SELECT ON sys_worker_heartbeats TO rrnet_system;

-- Audit: read your tenant's trail (RBAC decides who may); never write directly.
ALTER TABLE sys_audit_logs ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS audit_tenant_read ON sys_audit_logs;
CREATE POLICY audit_tenant_read ON sys_audit_logs FOR SELECT TO rrnet_app USING (tenant_id = app_current_tenant());
DROP POLICY IF EXISTS audit_system_read ON sys_audit_logs;
CREATE POLICY audit_system_read ON sys_audit_logs FOR SELECT TO rrnet_system USING (true);
REVOKE ALL ON sys_audit_logs, sys_audit_chain_heads FROM PUBLIC, rrnet_app, rrnet_system;
GRANT SELECT ON sys_audit_logs TO rrnet_app, rrnet_system;
GRANT SELECT ON sys_audit_chain_heads TO rrnet_system;

REVOKE ALL ON FUNCTION sys_audit_append(uuid, text, text, text, text, jsonb, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION sys_audit_ensure_partitions(date, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION sys_audit_verify(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION sys_tenant_table_setup(regclass) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys_audit_event(text, text, jsonb) TO rrnet_app, rrnet_system;
GRANT EXECUTE ON FUNCTION sys_audit_ensure_partitions(date, integer) TO rrnet_system;
GRANT EXECUTE ON FUNCTION sys_audit_verify(uuid) TO rrnet_system;
