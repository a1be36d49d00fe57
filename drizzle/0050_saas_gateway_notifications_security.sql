-- Custom SQL migration file, put your code below! --
-- The platform's payment gateway inbox (issue #17: ISPs pay SaaS invoices through RRNet's own
-- Midtrans account) is the platform's alone: rrnet_system records and settles notifications; the
-- application role never reads them (an ISP sees its invoice paid, not the gateway's evidence).
ALTER TABLE saas_gateway_notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE saas_gateway_notifications FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS system_all ON saas_gateway_notifications;
CREATE POLICY system_all ON saas_gateway_notifications FOR ALL TO rrnet_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON saas_gateway_notifications TO rrnet_system;
