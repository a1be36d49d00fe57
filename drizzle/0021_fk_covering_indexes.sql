CREATE INDEX "saas_subscriptions_plan_idx" ON "saas_subscriptions" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "sys_sessions_user_idx" ON "sys_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sys_sessions_tenant_idx" ON "sys_sessions" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "tenant_api_keys_created_by_idx" ON "tenant_api_keys" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "tenant_topology_nodes_router_idx" ON "tenant_topology_nodes" USING btree ("tenant_id","router_id");--> statement-breakpoint
CREATE INDEX "tenant_customer_plan_changes_old_plan_idx" ON "tenant_customer_plan_changes" USING btree ("tenant_id","old_plan_id");--> statement-breakpoint
CREATE INDEX "tenant_customer_plan_changes_new_plan_idx" ON "tenant_customer_plan_changes" USING btree ("tenant_id","new_plan_id");--> statement-breakpoint
CREATE INDEX "tenant_payments_customer_idx" ON "tenant_payments" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "tenant_isolation_events_invoice_idx" ON "tenant_isolation_events" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "tenant_isolation_events_router_idx" ON "tenant_isolation_events" USING btree ("tenant_id","router_id");--> statement-breakpoint
CREATE INDEX "tenant_wa_messages_customer_idx" ON "tenant_wa_messages" USING btree ("tenant_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_outages_node_idx" ON "tenant_outages" USING btree ("tenant_id","node_id");--> statement-breakpoint
CREATE INDEX "tenant_outages_router_idx" ON "tenant_outages" USING btree ("tenant_id","router_id");