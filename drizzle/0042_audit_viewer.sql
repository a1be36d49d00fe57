-- Custom SQL migration file, put your code below! --
-- The audit viewer (issue #17, spec §9 "access: role_based"): a chain can be verified for a
-- period, and an ISP can verify its own chain from its tenant transaction. One walk for
-- everything: sys_audit_verify gains an optional [from, to) range and stays the function
-- audit_maintenance calls with the chain alone.

-- sys_audit_append took its id and time before waiting for the chain head's lock, so two
-- events of one chain written at once could be chained in the other order than their ids
-- (sys_audit_verify walks by id and would call an honest chain broken). It now takes them
-- after the lock, as the statement trigger (0016) always did.
CREATE OR REPLACE FUNCTION sys_audit_append(
  p_tenant uuid, p_category text, p_action text, p_table text, p_row text, p_old jsonb, p_new jsonb
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_chain uuid := coalesce(p_tenant, '00000000-0000-0000-0000-000000000000');
  v_prev bytea;
  v_id bigint;
  v_at timestamptz;
  v_actor uuid := app_current_user();
  v_request text := NULLIF(current_setting('app.request_id', true), '');
  v_hash bytea;
BEGIN
  INSERT INTO sys_audit_chain_heads (chain_id, last_id, last_hash)
    VALUES (v_chain, 0, ''::bytea) ON CONFLICT (chain_id) DO NOTHING;
  SELECT NULLIF(last_hash, ''::bytea) INTO v_prev FROM sys_audit_chain_heads WHERE chain_id = v_chain FOR UPDATE;
  v_id := nextval('sys_audit_logs_id_seq');
  v_at := clock_timestamp();
  v_hash := sys_audit_hash(v_prev, v_id, v_at, p_tenant, p_category, p_action, p_table, p_row, p_old, p_new, v_actor, v_request);
  INSERT INTO sys_audit_logs (id, occurred_at, tenant_id, chain_id, category, action, table_name, row_id,
                              old_values, new_values, actor_user_id, request_id, prev_hash, hash)
    VALUES (v_id, v_at, p_tenant, v_chain, p_category, p_action, p_table, p_row,
            p_old, p_new, v_actor, v_request, v_prev, v_hash);
  UPDATE sys_audit_chain_heads SET last_id = v_id, last_hash = v_hash, updated_at = now() WHERE chain_id = v_chain;
  RETURN v_id;
END $$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS sys_audit_verify(uuid);
--> statement-breakpoint
-- Walks a chain in order (the rows of [p_from, p_to) when given) and reports the first row
-- whose hash or link does not match. A period starts from the row before it: the first row
-- of the period must link to that row's hash, so rows removed just before or at the start
-- are caught too. When nothing of the chain lies after the period, its last row must be the
-- chain head (rows removed at the end).
CREATE FUNCTION sys_audit_verify(p_chain uuid, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL)
  RETURNS TABLE (ok boolean, checked bigint, first_broken_id bigint, reason text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  v_prev bytea := NULL;
  v_n bigint := 0;
  v_head record;
BEGIN
  IF p_from IS NOT NULL THEN
    SELECT l.hash INTO v_prev FROM sys_audit_logs l
      WHERE l.chain_id = p_chain AND l.occurred_at < p_from ORDER BY l.occurred_at DESC, l.id DESC LIMIT 1;
  END IF;
  FOR r IN SELECT * FROM sys_audit_logs
           WHERE chain_id = p_chain AND (p_from IS NULL OR occurred_at >= p_from) AND (p_to IS NULL OR occurred_at < p_to)
           ORDER BY id LOOP
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
  IF p_to IS NULL OR NOT EXISTS (SELECT 1 FROM sys_audit_logs l WHERE l.chain_id = p_chain AND l.occurred_at >= p_to) THEN
    SELECT * INTO v_head FROM sys_audit_chain_heads WHERE chain_id = p_chain;
    IF v_head IS NOT NULL AND v_head.last_hash IS DISTINCT FROM coalesce(v_prev, ''::bytea) THEN
      RETURN QUERY SELECT false, v_n, v_head.last_id, 'rows missing at the end of the chain'::text;
      RETURN;
    END IF;
  END IF;
  RETURN QUERY SELECT true, v_n, NULL::bigint, NULL::text;
END $$;
--> statement-breakpoint
-- The ISP's own chain, from its tenant transaction (rrnet_app): the chain is the
-- transaction's app.tenant_id, never a parameter, so no ISP can walk another's.
CREATE OR REPLACE FUNCTION sys_audit_verify_tenant(p_from timestamptz, p_to timestamptz)
  RETURNS TABLE (ok boolean, checked bigint, first_broken_id bigint, reason text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := app_current_tenant();
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'sys_audit_verify_tenant needs app.tenant_id' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT * FROM sys_audit_verify(v_tenant, p_from, p_to);
END $$;
--> statement-breakpoint
-- Filters of the viewer: actor and action within a tenant's period.
CREATE INDEX IF NOT EXISTS sys_audit_logs_actor_idx ON sys_audit_logs (tenant_id, actor_user_id, occurred_at);
--> statement-breakpoint
REVOKE ALL ON FUNCTION sys_audit_verify(uuid, timestamptz, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION sys_audit_verify(uuid, timestamptz, timestamptz) TO rrnet_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION sys_audit_verify_tenant(timestamptz, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION sys_audit_verify_tenant(timestamptz, timestamptz) TO rrnet_app;
