-- Custom SQL migration file, put your code below! ---- Sign-up (issue #17). The pending sign-ups are the platform's alone (rrnet_system): the
-- application role never reads them. Dunning reminders are the platform's too; an ISP may
-- read its own. A sign-up provisions the new ISP in one platform transaction, so
-- rrnet_system may INSERT its first settings row and owner membership — only for the ISP
-- named by app.tenant_id in that transaction (withPlatform sets it), never UPDATE/DELETE.
ALTER TABLE saas_signups ENABLE ROW LEVEL SECURITY;
ALTER TABLE saas_signups FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS system_all ON saas_signups;
CREATE POLICY system_all ON saas_signups FOR ALL TO rrnet_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON saas_signups TO rrnet_system;

ALTER TABLE saas_dunning_reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE saas_dunning_reminders FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_own ON saas_dunning_reminders;
CREATE POLICY tenant_own ON saas_dunning_reminders FOR SELECT TO rrnet_app USING (tenant_id = app_current_tenant());
DROP POLICY IF EXISTS system_all ON saas_dunning_reminders;
CREATE POLICY system_all ON saas_dunning_reminders FOR ALL TO rrnet_system USING (true) WITH CHECK (true);
GRANT SELECT ON saas_dunning_reminders TO rrnet_app;
GRANT SELECT, INSERT, UPDATE ON saas_dunning_reminders TO rrnet_system;

DROP POLICY IF EXISTS system_provision ON tenant_settings;
CREATE POLICY system_provision ON tenant_settings FOR INSERT TO rrnet_system WITH CHECK (tenant_id = app_current_tenant());
GRANT INSERT ON tenant_settings TO rrnet_system;
DROP POLICY IF EXISTS system_provision ON tenant_memberships;
CREATE POLICY system_provision ON tenant_memberships FOR INSERT TO rrnet_system WITH CHECK (tenant_id = app_current_tenant());
GRANT INSERT ON tenant_memberships TO rrnet_system;
