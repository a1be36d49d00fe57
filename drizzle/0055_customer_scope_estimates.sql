-- Custom SQL migration file, put your code below! --
-- The customer scope (0039) without the planner's 0.5 % guess.
--
-- Every customer_scope policy read `app_current_customer() IS NULL OR …`. The planner cannot
-- know a setting's value when it plans, so it guesses an IS NULL on an expression at 0.5 %:
-- under every operator's, API key's and job's transaction each scoped table looked 200×
-- smaller than it is (an ISP's 10,000 customers estimated at 48 rows). Plans were built for
-- those 48: the customers list sorted all 10,000 rows to show 50 instead of walking its
-- (tenant_id, name, id) index (146 ms → 4.6 ms at 1M customers), a plan's customers likewise
-- (24 → 2 ms), and joins over invoices, payments and messages chose nested loops for rows
-- that were not few.
--
-- app_customer_scope(own) says the same thing — no customer scope, or the row is the
-- customer's own — as `(CASE WHEN … THEN true END) IS NOT NULL`, which the planner guesses at
-- 99.5 %, and is inlined (plain SQL, STABLE), so it costs what the old expression cost. Under
-- a portal session (app.customer_id set) it is exactly the old condition. A new customer_scope
-- policy uses it too (DEVELOPERS.md, "Subscriber portal").
CREATE OR REPLACE FUNCTION app_customer_scope(own boolean) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT (CASE WHEN app_current_customer() IS NULL OR own THEN true END) IS NOT NULL;
END;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_customer_scope(boolean) TO rrnet_app, rrnet_system;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  -- rows that belong to one customer: theirs only
  FOREACH t IN ARRAY ARRAY['tenant_invoices', 'tenant_payments', 'tenant_outage_customers', 'tenant_tickets', 'tenant_wa_messages', 'tenant_isolation_events', 'tenant_customer_plan_changes', 'tenant_portal_codes', 'tenant_portal_sessions']
  LOOP
    EXECUTE format('DROP POLICY IF EXISTS customer_scope ON %I', t);
    EXECUTE format('CREATE POLICY customer_scope ON %I AS RESTRICTIVE FOR ALL TO rrnet_app '
                   'USING (app_customer_scope(customer_id = app_current_customer())) '
                   'WITH CHECK (app_customer_scope(customer_id = app_current_customer()))', t);
  END LOOP;
  -- what a subscriber has no business with: nothing at all under a customer scope
  FOREACH t IN ARRAY ARRAY['tenant_api_keys', 'tenant_memberships', 'tenant_routers', 'tenant_gateway_notifications', 'tenant_customer_imports', 'tenant_reports', 'tenant_report_chunks', 'tenant_analytics_daily', 'tenant_wa_webhook_events', 'tenant_invoice_sequences', 'tenant_support_grants', 'tenant_custom_roles']
  LOOP
    EXECUTE format('DROP POLICY IF EXISTS customer_scope ON %I', t);
    EXECUTE format('CREATE POLICY customer_scope ON %I AS RESTRICTIVE FOR ALL TO rrnet_app '
                   'USING (app_customer_scope(false)) WITH CHECK (app_customer_scope(false))', t);
  END LOOP;
END $$;
--> statement-breakpoint
DROP POLICY IF EXISTS customer_scope ON tenant_customers;
--> statement-breakpoint
CREATE POLICY customer_scope ON tenant_customers AS RESTRICTIVE FOR ALL TO rrnet_app
  USING (app_customer_scope(id = app_current_customer()))
  WITH CHECK (app_customer_scope(id = app_current_customer()));
--> statement-breakpoint
DROP POLICY IF EXISTS customer_scope ON tenant_outages;
--> statement-breakpoint
CREATE POLICY customer_scope ON tenant_outages AS RESTRICTIVE FOR ALL TO rrnet_app
  USING (app_customer_scope(EXISTS (SELECT 1 FROM tenant_outage_customers oc WHERE oc.outage_id = tenant_outages.id AND oc.customer_id = app_current_customer())))
  WITH CHECK (app_customer_scope(false));
--> statement-breakpoint
DROP POLICY IF EXISTS customer_scope ON tenant_ticket_comments;
--> statement-breakpoint
CREATE POLICY customer_scope ON tenant_ticket_comments AS RESTRICTIVE FOR ALL TO rrnet_app
  USING (app_customer_scope(visibility = 'visible' AND EXISTS (SELECT 1 FROM tenant_tickets k WHERE k.id = tenant_ticket_comments.ticket_id AND k.customer_id = app_current_customer())))
  WITH CHECK (app_customer_scope(visibility = 'visible' AND from_customer AND EXISTS (SELECT 1 FROM tenant_tickets k WHERE k.id = tenant_ticket_comments.ticket_id AND k.customer_id = app_current_customer())));
