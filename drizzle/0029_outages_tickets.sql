-- Custom SQL migration file, put your code below! --
-- trouble tickets: forced RLS, the four policies, grants and the audit trigger
SELECT sys_tenant_table_setup('tenant_tickets');
SELECT sys_tenant_table_setup('tenant_ticket_comments');
