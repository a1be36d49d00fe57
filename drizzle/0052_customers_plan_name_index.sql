DROP INDEX "tenant_customers_plan_idx";--> statement-breakpoint
CREATE INDEX "tenant_customers_plan_idx" ON "tenant_customers" USING btree ("tenant_id","plan_id","name","id");