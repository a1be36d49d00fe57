CREATE TABLE "saas_invoice_sequences" (
	"period" text PRIMARY KEY NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saas_subscription_changes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"old_plan_id" uuid NOT NULL,
	"new_plan_id" uuid NOT NULL,
	"old_price" bigint NOT NULL,
	"new_price" bigint NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"effective_on" date NOT NULL,
	"reason" text,
	"invoice_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saas_subscription_changes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "saas_subscription_changes_kind_check" CHECK ("saas_subscription_changes"."kind" IN ('upgrade', 'downgrade')),
	CONSTRAINT "saas_subscription_changes_status_check" CHECK ("saas_subscription_changes"."status" IN ('applied', 'scheduled', 'canceled'))
);
--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD COLUMN "subtotal" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD COLUMN "tax" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD COLUMN "lines" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD COLUMN "issued_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD COLUMN "payment_method" text;--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD COLUMN "payment_reference" text;--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD COLUMN "paid_by" uuid;--> statement-breakpoint
ALTER TABLE "saas_tenants" ADD COLUMN "suspension_reason" text;--> statement-breakpoint
ALTER TABLE "saas_subscription_changes" ADD CONSTRAINT "saas_subscription_changes_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saas_subscription_changes" ADD CONSTRAINT "saas_subscription_changes_old_plan_id_saas_plans_id_fk" FOREIGN KEY ("old_plan_id") REFERENCES "public"."saas_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saas_subscription_changes" ADD CONSTRAINT "saas_subscription_changes_new_plan_id_saas_plans_id_fk" FOREIGN KEY ("new_plan_id") REFERENCES "public"."saas_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saas_subscription_changes_subscription_idx" ON "saas_subscription_changes" USING btree ("tenant_id","subscription_id","effective_on");--> statement-breakpoint
CREATE INDEX "saas_subscription_changes_old_plan_idx" ON "saas_subscription_changes" USING btree ("old_plan_id");--> statement-breakpoint
CREATE INDEX "saas_subscription_changes_new_plan_idx" ON "saas_subscription_changes" USING btree ("new_plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "saas_invoices_subscription_period" ON "saas_invoices" USING btree ("tenant_id","subscription_id","period_start");--> statement-breakpoint
CREATE INDEX "saas_invoices_period_idx" ON "saas_invoices" USING btree ("period_start");--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD CONSTRAINT "saas_invoices_total_check" CHECK ("saas_invoices"."amount" = "saas_invoices"."subtotal" + "saas_invoices"."tax" OR "saas_invoices"."lines" = '[]'::jsonb);--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD CONSTRAINT "saas_invoices_payment_method_check" CHECK ("saas_invoices"."payment_method" IS NULL OR "saas_invoices"."payment_method" IN ('bank_transfer', 'cash', 'gateway'));--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD CONSTRAINT "saas_invoices_paid_check" CHECK (("saas_invoices"."status" = 'paid') = ("saas_invoices"."paid_at" IS NOT NULL));