CREATE TABLE "tenant_customer_imports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total_rows" integer NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"rows" jsonb,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "tenant_customer_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_customer_imports_status_check" CHECK ("tenant_customer_imports"."status" IN ('queued', 'running', 'completed', 'failed')),
	CONSTRAINT "tenant_customer_imports_progress_check" CHECK ("tenant_customer_imports"."processed_rows" BETWEEN 0 AND "tenant_customer_imports"."total_rows")
);
--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "identity" text;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "board_name" text;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "uptime" text;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "secret_count" integer;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "active_count" integer;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "drift" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "drift_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "drift_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_customer_imports" ADD CONSTRAINT "tenant_customer_imports_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_customer_imports_created_at_idx" ON "tenant_customer_imports" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_customer_imports_status_idx" ON "tenant_customer_imports" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "tenant_customers_name_id_idx" ON "tenant_customers" USING btree ("tenant_id","name","id");--> statement-breakpoint
CREATE INDEX "tenant_customers_created_id_idx" ON "tenant_customers" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tenant_customers_search_trgm" ON "tenant_customers" USING gin ("tenant_id",lower("code" || ' ' || "name" || ' ' || coalesce("phone", '') || ' ' || coalesce(regexp_replace("phone", '^\+62', '0'), '') || ' ' || "pppoe_username") gin_trgm_ops);