-- Custom SQL migration file, put your code below! --
-- The one definition of a tenant's features: the features of its current subscription's
-- plan (trialing, active or past due), then its per-tenant overrides (enabled adds,
-- disabled removes). Used by the request chain (`loadEntitlements`, as the tenant under
-- RLS) and by the schedulers (`tenantsWithFeature`, as rrnet_system), so the two can't
-- disagree. SECURITY INVOKER: it sees only what the caller's policies let it see.
CREATE OR REPLACE FUNCTION sys_tenant_features(p_tenant uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(f ORDER BY f), '{}'::text[]) FROM (
    SELECT unnest(p.features) AS f
    FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id
    WHERE s.tenant_id = p_tenant AND s.status IN ('trialing', 'active', 'past_due')
    UNION
    SELECT o.feature FROM saas_feature_overrides o WHERE o.tenant_id = p_tenant AND o.enabled
    EXCEPT
    SELECT o.feature FROM saas_feature_overrides o WHERE o.tenant_id = p_tenant AND NOT o.enabled
  ) effective
$$;
REVOKE ALL ON FUNCTION sys_tenant_features(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys_tenant_features(uuid) TO rrnet_app, rrnet_system;
