-- Custom SQL migration file, put your code below! --
-- sys_customer_search (0012) runs as rrnet_search so that the planner may use the trigram
-- index (under a tenant policy it will not: LIKE is not LEAKPROOF). That role no longer
-- needs BYPASSRLS, which only a superuser can grant (managed PostgreSQL has none): a
-- policy whose condition is `true` leaves the planner free in the same way, and it covers
-- SELECT on tenant_customers only. The function still filters by the transaction's
-- app.tenant_id itself. roles.sql creates the role NOBYPASSRLS from now on.
DROP POLICY IF EXISTS search_read ON tenant_customers;
CREATE POLICY search_read ON tenant_customers FOR SELECT TO rrnet_search USING (true);
