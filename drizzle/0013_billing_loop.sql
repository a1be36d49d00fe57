CREATE TABLE "tenant_customer_plan_changes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"old_plan_id" uuid NOT NULL,
	"new_plan_id" uuid NOT NULL,
	"old_price" bigint NOT NULL,
	"new_price" bigint NOT NULL,
	"effective_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_customer_plan_changes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "tenant_gateway_notifications" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"gateway" text NOT NULL,
	"transaction_id" text,
	"order_id" text,
	"transaction_status" text,
	"gross_amount" text,
	"signature_valid" boolean NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"reason" text,
	"payment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "tenant_gateway_notifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_gateway_notifications_status_check" CHECK ("tenant_gateway_notifications"."status" IN ('received', 'applied', 'ignored', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "midtrans_server_key_enc" text;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "midtrans_production" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD COLUMN "monthly_discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_customer_plan_changes" ADD CONSTRAINT "tenant_customer_plan_changes_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_customer_plan_changes" ADD CONSTRAINT "tenant_customer_plan_changes_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_customer_plan_changes" ADD CONSTRAINT "tenant_customer_plan_changes_tenant_id_old_plan_id_tenant_service_plans_tenant_id_id_fk" FOREIGN KEY ("tenant_id","old_plan_id") REFERENCES "public"."tenant_service_plans"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_customer_plan_changes" ADD CONSTRAINT "tenant_customer_plan_changes_tenant_id_new_plan_id_tenant_service_plans_tenant_id_id_fk" FOREIGN KEY ("tenant_id","new_plan_id") REFERENCES "public"."tenant_service_plans"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_gateway_notifications" ADD CONSTRAINT "tenant_gateway_notifications_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_customer_plan_changes_customer_idx" ON "tenant_customer_plan_changes" USING btree ("tenant_id","customer_id","effective_on");--> statement-breakpoint
CREATE INDEX "tenant_customer_plan_changes_created_at_idx" ON "tenant_customer_plan_changes" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_gateway_notifications_txn_idx" ON "tenant_gateway_notifications" USING btree ("tenant_id","gateway","transaction_id");--> statement-breakpoint
CREATE INDEX "tenant_gateway_notifications_status_idx" ON "tenant_gateway_notifications" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "tenant_gateway_notifications_created_at_idx" ON "tenant_gateway_notifications" USING btree ("tenant_id","created_at");--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD CONSTRAINT "tenant_customers_discount_check" CHECK ("tenant_customers"."monthly_discount" >= 0);