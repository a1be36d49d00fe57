-- Custom SQL migration file, put your code below! --
-- Why a function: under row-level security PostgreSQL will not use an operator that is not
-- LEAKPROOF (LIKE, pg_trgm) as an index condition, because it would run before the policy
-- has filtered rows. Customer search therefore never used its trigram index as rrnet_app
-- and read every row of the tenant. This SECURITY DEFINER function, owned by the NOLOGIN
-- BYPASSRLS role rrnet_search (SELECT on tenant_customers only), applies the same tenant
-- condition the policies use — the transaction's app.tenant_id, never an argument — so it
-- can only return ids of the current tenant, and the planner may use the index. Callers
-- read the rows themselves, under RLS as usual.
GRANT SELECT ON tenant_customers TO rrnet_search;

CREATE OR REPLACE FUNCTION sys_customer_search(
  p_pattern text, p_status text, p_plan uuid, p_router uuid, p_odp uuid,
  p_sort text, p_after_key text, p_after_id uuid, p_limit integer
) RETURNS TABLE (id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := app_current_tenant();
  v_where text := 'c.tenant_id = $1 AND lower(c.code || '' '' || c.name || '' '' || coalesce(c.phone, '''') || '' '' || '
    || 'coalesce(regexp_replace(c.phone, ''^\+62'', ''0''), '''') || '' '' || c.pppoe_username) LIKE $2';
BEGIN
  IF v_tenant IS NULL OR p_sort NOT IN ('name', 'created_at') THEN
    RETURN;
  END IF;
  IF p_status IS NOT NULL THEN v_where := v_where || ' AND c.status = $3'; END IF;
  IF p_plan IS NOT NULL THEN v_where := v_where || ' AND c.plan_id = $4'; END IF;
  IF p_router IS NOT NULL THEN v_where := v_where || ' AND c.router_id = $5'; END IF;
  IF p_odp IS NOT NULL THEN v_where := v_where || ' AND c.odp_id = $6'; END IF;
  IF p_after_id IS NOT NULL THEN
    v_where := v_where || CASE p_sort WHEN 'name' THEN ' AND (c.name, c.id) > ($7, $8)'
                                      ELSE ' AND (c.created_at, c.id) < ($7::timestamptz, $8)' END;
  END IF;
  RETURN QUERY EXECUTE 'SELECT c.id FROM tenant_customers c WHERE ' || v_where
    || CASE p_sort WHEN 'name' THEN ' ORDER BY c.name, c.id' ELSE ' ORDER BY c.created_at DESC, c.id DESC' END
    || ' LIMIT $9'
    USING v_tenant, p_pattern, p_status, p_plan, p_router, p_odp, p_after_key, p_after_id, least(greatest(p_limit, 1), 1000);
END $$;

ALTER FUNCTION sys_customer_search(text, text, uuid, uuid, uuid, text, text, uuid, integer) OWNER TO rrnet_search;
REVOKE ALL ON FUNCTION sys_customer_search(text, text, uuid, uuid, uuid, text, text, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys_customer_search(text, text, uuid, uuid, uuid, text, text, uuid, integer) TO rrnet_app;
