CREATE TABLE "saas_gateway_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"gateway" text NOT NULL,
	"transaction_id" text,
	"order_id" text,
	"transaction_status" text,
	"gross_amount" text,
	"signature_valid" boolean NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"reason" text,
	"invoice_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "saas_gateway_notifications_status_check" CHECK ("saas_gateway_notifications"."status" IN ('received', 'applied', 'ignored', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "saas_invoices" DROP CONSTRAINT "saas_invoices_payment_method_check";--> statement-breakpoint
ALTER TABLE "saas_gateway_notifications" ADD CONSTRAINT "saas_gateway_notifications_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saas_gateway_notifications_txn_idx" ON "saas_gateway_notifications" USING btree ("gateway","transaction_id");--> statement-breakpoint
CREATE INDEX "saas_gateway_notifications_tenant_idx" ON "saas_gateway_notifications" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "saas_gateway_notifications_applied_invoice" ON "saas_gateway_notifications" USING btree ("invoice_id") WHERE "saas_gateway_notifications"."status" = 'applied';--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD CONSTRAINT "saas_invoices_payment_method_check" CHECK ("saas_invoices"."payment_method" IS NULL OR "saas_invoices"."payment_method" IN ('bank_transfer', 'cash', 'gateway', 'midtrans'));