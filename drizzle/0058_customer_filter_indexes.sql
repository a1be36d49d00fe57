DROP INDEX "tenant_customers_status_idx";--> statement-breakpoint
DROP INDEX "tenant_customers_router_idx";--> statement-breakpoint
DROP INDEX "tenant_customers_odp_idx";--> statement-breakpoint
CREATE INDEX "tenant_customers_status_idx" ON "tenant_customers" USING btree ("tenant_id","status","name","id");--> statement-breakpoint
CREATE INDEX "tenant_customers_router_idx" ON "tenant_customers" USING btree ("tenant_id","router_id","name","id");--> statement-breakpoint
CREATE INDEX "tenant_customers_odp_idx" ON "tenant_customers" USING btree ("tenant_id","odp_id","name","id");