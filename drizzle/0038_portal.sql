CREATE TABLE "tenant_portal_codes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_portal_codes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_portal_codes_purpose_check" CHECK ("tenant_portal_codes"."purpose" IN ('sign_in', 'phone_change')),
	CONSTRAINT "tenant_portal_codes_attempts_check" CHECK ("tenant_portal_codes"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tenant_portal_sessions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "tenant_portal_sessions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_portal_sessions_token_key" UNIQUE("tenant_id","token_hash")
);
--> statement-breakpoint
ALTER TABLE "tenant_wa_templates" DROP CONSTRAINT "tenant_wa_templates_code_check";--> statement-breakpoint
ALTER TABLE "tenant_portal_codes" ADD CONSTRAINT "tenant_portal_codes_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_portal_codes" ADD CONSTRAINT "tenant_portal_codes_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_portal_sessions" ADD CONSTRAINT "tenant_portal_sessions_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_portal_sessions" ADD CONSTRAINT "tenant_portal_sessions_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_portal_codes_customer_idx" ON "tenant_portal_codes" USING btree ("tenant_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_portal_sessions_customer_idx" ON "tenant_portal_sessions" USING btree ("tenant_id","customer_id");--> statement-breakpoint
ALTER TABLE "tenant_wa_templates" ADD CONSTRAINT "tenant_wa_templates_code_check" CHECK ("tenant_wa_templates"."code" IN ('invoice_issued', 'payment_reminder', 'overdue', 'isolir_notice', 'restore_notice', 'payment_receipt', 'outage_started', 'outage_resolved', 'ticket_update', 'outage_notice', 'portal_code'));