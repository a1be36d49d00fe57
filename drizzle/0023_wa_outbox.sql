CREATE TABLE "tenant_wa_webhook_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"signature_valid" boolean NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"applied" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_wa_webhook_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_wa_webhook_events_provider_check" CHECK ("tenant_wa_webhook_events"."provider" IN ('cloud', 'fonnte')),
	CONSTRAINT "tenant_wa_webhook_events_status_check" CHECK ("tenant_wa_webhook_events"."status" IN ('applied', 'ignored', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "tenant_wa_templates" DROP CONSTRAINT "tenant_wa_templates_code_check";--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_gateway" text;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_credentials_enc" text;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_fallback_gateway" text;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_fallback_credentials_enc" text;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_quiet_start" text DEFAULT '21:00';--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_quiet_end" text DEFAULT '07:00';--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_reminder_days" integer[] DEFAULT '{3,0}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_overdue_days" integer[] DEFAULT '{1}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_language" text DEFAULT 'id' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "wa_quota_exceeded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD COLUMN "wa_opt_out_reminders" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "language" text DEFAULT 'id' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "params" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "urgent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "scheduled_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_wa_webhook_events" ADD CONSTRAINT "tenant_wa_webhook_events_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_wa_webhook_events_created_at_idx" ON "tenant_wa_webhook_events" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_wa_messages_due_idx" ON "tenant_wa_messages" USING btree ("tenant_id","scheduled_at") WHERE "tenant_wa_messages"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "tenant_wa_messages_sending_idx" ON "tenant_wa_messages" USING btree ("tenant_id","claimed_at") WHERE "tenant_wa_messages"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "tenant_wa_messages_recipient_idx" ON "tenant_wa_messages" USING btree ("tenant_id","to_phone","claimed_at");--> statement-breakpoint
CREATE INDEX "tenant_wa_messages_provider_idx" ON "tenant_wa_messages" USING btree ("tenant_id","provider_message_id");--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_wa_gateway_check" CHECK ("tenant_settings"."wa_gateway" IN ('cloud', 'fonnte') AND "tenant_settings"."wa_fallback_gateway" IN ('cloud', 'fonnte'));--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_wa_language_check" CHECK ("tenant_settings"."wa_language" IN ('id', 'en'));--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_wa_quiet_check" CHECK ("tenant_settings"."wa_quiet_start" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "tenant_settings"."wa_quiet_end" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD CONSTRAINT "tenant_wa_messages_language_check" CHECK ("tenant_wa_messages"."language" IN ('id', 'en'));--> statement-breakpoint
ALTER TABLE "tenant_wa_templates" ADD CONSTRAINT "tenant_wa_templates_code_check" CHECK ("tenant_wa_templates"."code" IN ('invoice_issued', 'payment_reminder', 'overdue', 'isolir_notice', 'restore_notice', 'payment_receipt', 'outage_started', 'outage_resolved', 'ticket_update', 'outage_notice'));