-- Custom SQL migration file, put your code below! --
-- The one definition of a tenant's current plan: the plan of its subscription that is
-- trialing, active or past due (saas_subscriptions_one_current allows one), else NULL.
CREATE OR REPLACE FUNCTION sys_tenant_plan(p_tenant uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE AS $$
  SELECT s.plan_id FROM saas_subscriptions s
  WHERE s.tenant_id = p_tenant AND s.status IN ('trialing', 'active', 'past_due')
$$;
REVOKE ALL ON FUNCTION sys_tenant_plan(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys_tenant_plan(uuid) TO rrnet_app, rrnet_system;

-- The one definition of a tenant's features: its current plan's features, then its
-- per-tenant overrides (enabled adds, disabled removes). Used by the request chain
-- (`loadEntitlements`, as the tenant under RLS) and by the schedulers
-- (`tenantsWithFeature`, as rrnet_system), so the two can't disagree. SECURITY INVOKER:
-- it sees only what the caller's policies let it see.
CREATE OR REPLACE FUNCTION sys_tenant_features(p_tenant uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(f ORDER BY f), '{}'::text[]) FROM (
    SELECT unnest(p.features) AS f FROM saas_plans p WHERE p.id = sys_tenant_plan(p_tenant)
    UNION
    SELECT o.feature FROM saas_feature_overrides o WHERE o.tenant_id = p_tenant AND o.enabled
    EXCEPT
    SELECT o.feature FROM saas_feature_overrides o WHERE o.tenant_id = p_tenant AND NOT o.enabled
  ) effective
$$;
REVOKE ALL ON FUNCTION sys_tenant_features(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys_tenant_features(uuid) TO rrnet_app, rrnet_system;
