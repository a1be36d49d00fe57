-- Custom SQL migration file, put your code below! --
-- SaaS billing (issue #17). A tenant reads its own subscription changes like its invoices
-- (the pattern of 0004 for saas_ tables); the platform (rrnet_system) writes them. The
-- invoice number sequence is the platform's alone.
ALTER TABLE saas_subscription_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE saas_subscription_changes FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_own ON saas_subscription_changes;
CREATE POLICY tenant_own ON saas_subscription_changes FOR SELECT TO rrnet_app USING (tenant_id = app_current_tenant());
DROP POLICY IF EXISTS system_all ON saas_subscription_changes;
CREATE POLICY system_all ON saas_subscription_changes FOR ALL TO rrnet_system USING (true) WITH CHECK (true);
GRANT SELECT ON saas_subscription_changes TO rrnet_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON saas_subscription_changes TO rrnet_system;

ALTER TABLE saas_invoice_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE saas_invoice_sequences FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS system_all ON saas_invoice_sequences;
CREATE POLICY system_all ON saas_invoice_sequences FOR ALL TO rrnet_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON saas_invoice_sequences TO rrnet_system;
