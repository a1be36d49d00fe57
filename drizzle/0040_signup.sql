CREATE TABLE "saas_dunning_reminders" (
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"status" text DEFAULT 'sending' NOT NULL,
	"to_phone" text,
	"provider_message_id" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "saas_dunning_reminders_tenant_id_invoice_id_stage_pk" PRIMARY KEY("tenant_id","invoice_id","stage"),
	CONSTRAINT "saas_dunning_reminders_status_check" CHECK ("saas_dunning_reminders"."status" IN ('sending', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "saas_signups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"isp_name" text NOT NULL,
	"slug" text NOT NULL,
	"owner_name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"password_hash" text NOT NULL,
	"locale" text DEFAULT 'id' NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"tenant_id" uuid,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saas_signups_attempts_check" CHECK ("saas_signups"."attempts" >= 0),
	CONSTRAINT "saas_signups_locale_check" CHECK ("saas_signups"."locale" IN ('id', 'en'))
);
--> statement-breakpoint
ALTER TABLE "saas_tenants" ADD COLUMN "billing_phone" text;--> statement-breakpoint
ALTER TABLE "saas_dunning_reminders" ADD CONSTRAINT "saas_dunning_reminders_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saas_signups" ADD CONSTRAINT "saas_signups_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saas_signups_created_idx" ON "saas_signups" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "saas_signups_tenant_idx" ON "saas_signups" USING btree ("tenant_id");