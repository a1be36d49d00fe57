-- Custom SQL migration file, put your code below! ---- The subscriber portal (issue #16). Portal codes and sessions are tenant_ tables like any other.
SELECT sys_tenant_table_setup('tenant_portal_codes');
--> statement-breakpoint
SELECT sys_tenant_table_setup('tenant_portal_sessions');
--> statement-breakpoint

-- The customer scope: a portal session's transactions set app.customer_id (withTenant's
-- customerId) on top of app.tenant_id. Restrictive policies (ANDed with the tenant
-- policies) then show the subscriber's own rows only, in Postgres, whatever the code's
-- WHERE clauses say. Operators, API keys and jobs never set it: for them nothing changes.
CREATE OR REPLACE FUNCTION app_current_customer() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT NULLIF(current_setting('app.customer_id', true), '')::uuid;
END;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_current_customer() TO rrnet_app, rrnet_system;
--> statement-breakpoint

DO $$
DECLARE
  t text;
BEGIN
  -- rows that belong to one customer: theirs only
  FOREACH t IN ARRAY ARRAY['tenant_invoices', 'tenant_payments', 'tenant_outage_customers', 'tenant_tickets', 'tenant_wa_messages',
                           'tenant_isolation_events', 'tenant_customer_plan_changes', 'tenant_portal_codes', 'tenant_portal_sessions']
  LOOP
    EXECUTE format('DROP POLICY IF EXISTS customer_scope ON %I', t);
    EXECUTE format('CREATE POLICY customer_scope ON %I AS RESTRICTIVE FOR ALL TO rrnet_app '
                   'USING (app_current_customer() IS NULL OR customer_id = app_current_customer()) '
                   'WITH CHECK (app_current_customer() IS NULL OR customer_id = app_current_customer())', t);
  END LOOP;
  -- what a subscriber has no business with: nothing at all under a customer scope
  FOREACH t IN ARRAY ARRAY['tenant_api_keys', 'tenant_memberships', 'tenant_routers', 'tenant_gateway_notifications', 'tenant_customer_imports',
                           'tenant_reports', 'tenant_report_chunks', 'tenant_analytics_daily', 'tenant_wa_webhook_events', 'tenant_invoice_sequences']
  LOOP
    EXECUTE format('DROP POLICY IF EXISTS customer_scope ON %I', t);
    EXECUTE format('CREATE POLICY customer_scope ON %I AS RESTRICTIVE FOR ALL TO rrnet_app '
                   'USING (app_current_customer() IS NULL) WITH CHECK (app_current_customer() IS NULL)', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- the customer row itself
DROP POLICY IF EXISTS customer_scope ON tenant_customers;
--> statement-breakpoint
CREATE POLICY customer_scope ON tenant_customers AS RESTRICTIVE FOR ALL TO rrnet_app
  USING (app_current_customer() IS NULL OR id = app_current_customer())
  WITH CHECK (app_current_customer() IS NULL OR id = app_current_customer());
--> statement-breakpoint
-- an outage: one that affects the customer (its tenant_outage_customers row, itself scoped)
DROP POLICY IF EXISTS customer_scope ON tenant_outages;
--> statement-breakpoint
CREATE POLICY customer_scope ON tenant_outages AS RESTRICTIVE FOR ALL TO rrnet_app
  USING (app_current_customer() IS NULL
         OR EXISTS (SELECT 1 FROM tenant_outage_customers oc WHERE oc.outage_id = tenant_outages.id AND oc.customer_id = app_current_customer()))
  WITH CHECK (app_current_customer() IS NULL);
--> statement-breakpoint
-- a ticket's comments: on the customer's own tickets, and never the internal ones
DROP POLICY IF EXISTS customer_scope ON tenant_ticket_comments;
--> statement-breakpoint
CREATE POLICY customer_scope ON tenant_ticket_comments AS RESTRICTIVE FOR ALL TO rrnet_app
  USING (app_current_customer() IS NULL
         OR (visibility = 'visible' AND EXISTS (SELECT 1 FROM tenant_tickets k WHERE k.id = tenant_ticket_comments.ticket_id AND k.customer_id = app_current_customer())))
  WITH CHECK (app_current_customer() IS NULL
         OR (visibility = 'visible' AND from_customer AND EXISTS (SELECT 1 FROM tenant_tickets k WHERE k.id = tenant_ticket_comments.ticket_id AND k.customer_id = app_current_customer())));
--> statement-breakpoint

-- Ticket numbers are per ISP (T-000123): the next one is taken from every ticket of the
-- ISP, which a subscriber opening a ticket from the portal cannot see. This function reads
-- the ISP's highest number as rrnet_search (a `true` read policy on tickets, like on
-- customers in 0020) and filters by the transaction's tenant itself; it returns a number only.
DROP POLICY IF EXISTS search_read ON tenant_tickets;
--> statement-breakpoint
CREATE POLICY search_read ON tenant_tickets FOR SELECT TO rrnet_search USING (true);
--> statement-breakpoint
GRANT SELECT ON tenant_tickets TO rrnet_search;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sys_ticket_last_number() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
BEGIN ATOMIC
  SELECT coalesce(max(substring(t.number FROM 3)::int), 0)::int FROM tenant_tickets t WHERE t.tenant_id = app_current_tenant();
END;
--> statement-breakpoint
ALTER FUNCTION sys_ticket_last_number() OWNER TO rrnet_search;
--> statement-breakpoint
REVOKE ALL ON FUNCTION sys_ticket_last_number() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION sys_ticket_last_number() TO rrnet_app;
--> statement-breakpoint
-- The audit trail never keeps a portal sign-in code: the WhatsApp message that carries one
-- (template portal_code) is recorded without its body and parameters, and the hashes of
-- codes and portal session tokens are redacted like other credential hashes.
CREATE OR REPLACE FUNCTION sys_audit_mask(p jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN p IS NULL THEN NULL ELSE (SELECT coalesce(jsonb_object_agg(key, CASE
      WHEN key LIKE '%\_enc' OR key IN ('password_hash', 'key_hash', 'refresh_token_hash', 'content', 'code_hash', 'token_hash')
        THEN to_jsonb('[redacted]'::text)
      WHEN key IN ('body', 'params') AND p ->> 'template_code' = 'portal_code'
        THEN to_jsonb('[redacted]'::text)
      WHEN key IN ('phone', 'email', 'address', 'national_id', 'company_phone', 'company_address', 'to_phone')
           AND jsonb_typeof(value) = 'string'
        THEN to_jsonb(sys_mask_text(value #>> '{}'))
      ELSE value END), '{}'::jsonb)
  FROM jsonb_each(p)) END;
END;
