-- Custom SQL migration file, put your code below! ---- support access grants: forced RLS, the four policies, grants and the audit trigger
SELECT sys_tenant_table_setup('tenant_support_grants');
--> statement-breakpoint
-- nothing of it under a subscriber's portal session (app.customer_id)
DROP POLICY IF EXISTS customer_scope ON tenant_support_grants;
--> statement-breakpoint
CREATE POLICY customer_scope ON tenant_support_grants AS RESTRICTIVE FOR ALL TO rrnet_app
  USING (app_current_customer() IS NULL) WITH CHECK (app_current_customer() IS NULL);
