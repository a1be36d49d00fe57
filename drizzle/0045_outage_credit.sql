ALTER TABLE "tenant_settings" ADD COLUMN "outage_credit_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "outage_credit_threshold_hours" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "outage_credit_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_invoices" ADD COLUMN "credits" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD COLUMN "credit_invoice_id" uuid;--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD COLUMN "credit_minutes" integer;--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD COLUMN "credit_amount" bigint;--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD CONSTRAINT "tenant_outage_customers_tenant_id_credit_invoice_id_tenant_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","credit_invoice_id") REFERENCES "public"."tenant_invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_outage_customers_credit_invoice_idx" ON "tenant_outage_customers" USING btree ("tenant_id","credit_invoice_id");--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_outage_credit_check" CHECK ("tenant_settings"."outage_credit_threshold_hours" BETWEEN 1 AND 720 AND (NOT "tenant_settings"."outage_credit_enabled" OR "tenant_settings"."outage_credit_since" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "tenant_invoices" ADD CONSTRAINT "tenant_invoices_credits_check" CHECK (jsonb_typeof("tenant_invoices"."credits") = 'array');--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD CONSTRAINT "tenant_outage_customers_credit_check" CHECK (("tenant_outage_customers"."credit_invoice_id" IS NULL) = ("tenant_outage_customers"."credit_minutes" IS NULL) AND ("tenant_outage_customers"."credit_invoice_id" IS NULL) = ("tenant_outage_customers"."credit_amount" IS NULL) AND "tenant_outage_customers"."credit_minutes" >= 0 AND "tenant_outage_customers"."credit_amount" >= 0);