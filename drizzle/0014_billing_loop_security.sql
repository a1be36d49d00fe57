-- Custom SQL migration file, put your code below! --
SELECT sys_tenant_table_setup('tenant_customer_plan_changes');
SELECT sys_tenant_table_setup('tenant_gateway_notifications');
