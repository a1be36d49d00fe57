CREATE TABLE "saas_feature_overrides" (
	"tenant_id" uuid NOT NULL,
	"feature" text NOT NULL,
	"enabled" boolean NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saas_feature_overrides_tenant_id_feature_pk" PRIMARY KEY("tenant_id","feature")
);
--> statement-breakpoint
CREATE TABLE "saas_invoices" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"subscription_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"amount" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_date" date NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saas_invoices_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "saas_invoices_number_unique" UNIQUE("number"),
	CONSTRAINT "saas_invoices_status_check" CHECK ("saas_invoices"."status" IN ('open', 'paid', 'void')),
	CONSTRAINT "saas_invoices_amount_check" CHECK ("saas_invoices"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "saas_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"price_monthly" bigint NOT NULL,
	"max_routers" integer NOT NULL,
	"max_customers" integer NOT NULL,
	"max_users" integer NOT NULL,
	"max_wa_messages_month" integer NOT NULL,
	"features" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saas_plans_code_unique" UNIQUE("code"),
	CONSTRAINT "saas_plans_price_check" CHECK ("saas_plans"."price_monthly" >= 0)
);
--> statement-breakpoint
CREATE TABLE "saas_subscriptions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"current_period_start" date NOT NULL,
	"current_period_end" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"canceled_at" timestamp with time zone,
	CONSTRAINT "saas_subscriptions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "saas_subscriptions_status_check" CHECK ("saas_subscriptions"."status" IN ('trialing', 'active', 'past_due', 'canceled'))
);
--> statement-breakpoint
CREATE TABLE "saas_tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"timezone" text DEFAULT 'Asia/Jakarta' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"suspended_at" timestamp with time zone,
	CONSTRAINT "saas_tenants_slug_unique" UNIQUE("slug"),
	CONSTRAINT "saas_tenants_status_check" CHECK ("saas_tenants"."status" IN ('active', 'suspended', 'terminated')),
	CONSTRAINT "saas_tenants_slug_check" CHECK ("saas_tenants"."slug" ~ '^[a-z0-9][a-z0-9-]{1,62}$')
);
--> statement-breakpoint
CREATE TABLE "sys_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"tenant_id" uuid,
	"family_id" uuid NOT NULL,
	"refresh_token_hash" text NOT NULL,
	"fingerprint" text NOT NULL,
	"user_agent" text,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "sys_sessions_refresh_token_hash_unique" UNIQUE("refresh_token_hash")
);
--> statement-breakpoint
CREATE TABLE "sys_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "sys_users_status_check" CHECK ("sys_users"."status" IN ('active', 'disabled'))
);
--> statement-breakpoint
CREATE TABLE "tenant_api_keys" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"permissions" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "tenant_api_keys_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "tenant_memberships" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_memberships_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id"),
	CONSTRAINT "tenant_memberships_role_check" CHECK ("tenant_memberships"."role" IN ('owner', 'admin', 'billing', 'technician', 'customer_service', 'viewer')),
	CONSTRAINT "tenant_memberships_status_check" CHECK ("tenant_memberships"."status" IN ('active', 'disabled'))
);
--> statement-breakpoint
CREATE TABLE "tenant_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"company_name" text NOT NULL,
	"company_address" text,
	"company_phone" text,
	"invoice_prefix" text DEFAULT 'INV' NOT NULL,
	"due_days" integer DEFAULT 10 NOT NULL,
	"grace_days" integer DEFAULT 3 NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"isolir_mode" text DEFAULT 'profile' NOT NULL,
	"isolir_profile" text DEFAULT 'isolir' NOT NULL,
	"wa_sender" text,
	"locale" text DEFAULT 'id' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_settings_isolir_mode_check" CHECK ("tenant_settings"."isolir_mode" IN ('profile', 'disable')),
	CONSTRAINT "tenant_settings_days_check" CHECK ("tenant_settings"."due_days" BETWEEN 0 AND 90 AND "tenant_settings"."grace_days" BETWEEN 0 AND 90),
	CONSTRAINT "tenant_settings_tax_check" CHECK ("tenant_settings"."tax_rate_bp" BETWEEN 0 AND 10000),
	CONSTRAINT "tenant_settings_locale_check" CHECK ("tenant_settings"."locale" IN ('id', 'en'))
);
--> statement-breakpoint
CREATE TABLE "tenant_routers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer DEFAULT 443 NOT NULL,
	"use_tls" boolean DEFAULT true NOT NULL,
	"username" text NOT NULL,
	"password_enc" text NOT NULL,
	"status" text DEFAULT 'unknown' NOT NULL,
	"ros_version" text,
	"last_seen_at" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"address" text,
	"location" "point",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_routers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_routers_name_key" UNIQUE("tenant_id","name"),
	CONSTRAINT "tenant_routers_status_check" CHECK ("tenant_routers"."status" IN ('unknown', 'online', 'offline')),
	CONSTRAINT "tenant_routers_port_check" CHECK ("tenant_routers"."port" BETWEEN 1 AND 65535)
);
--> statement-breakpoint
CREATE TABLE "tenant_topology_nodes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"router_id" uuid,
	"capacity" integer,
	"address" text,
	"location" "point",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_topology_nodes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_topology_nodes_name_key" UNIQUE("tenant_id","name"),
	CONSTRAINT "tenant_topology_nodes_kind_check" CHECK ("tenant_topology_nodes"."kind" IN ('olt', 'odc', 'odp')),
	CONSTRAINT "tenant_topology_nodes_capacity_check" CHECK ("tenant_topology_nodes"."capacity" IS NULL OR "tenant_topology_nodes"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "tenant_customers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"email" text,
	"address" text,
	"national_id" text,
	"location" "point",
	"plan_id" uuid NOT NULL,
	"router_id" uuid,
	"odp_id" uuid,
	"pppoe_username" text NOT NULL,
	"pppoe_password_enc" text NOT NULL,
	"billing_day" smallint NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"isolir_pending" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"terminated_at" timestamp with time zone,
	"anonymized_at" timestamp with time zone,
	CONSTRAINT "tenant_customers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_customers_code_key" UNIQUE("tenant_id","code"),
	CONSTRAINT "tenant_customers_pppoe_username_key" UNIQUE("tenant_id","pppoe_username"),
	CONSTRAINT "tenant_customers_status_check" CHECK ("tenant_customers"."status" IN ('active', 'isolated', 'suspended', 'terminated')),
	CONSTRAINT "tenant_customers_billing_day_check" CHECK ("tenant_customers"."billing_day" BETWEEN 1 AND 28)
);
--> statement-breakpoint
CREATE TABLE "tenant_service_plans" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"download_kbps" integer NOT NULL,
	"upload_kbps" integer NOT NULL,
	"price" bigint NOT NULL,
	"router_profile" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_service_plans_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_service_plans_name_key" UNIQUE("tenant_id","name"),
	CONSTRAINT "tenant_service_plans_rates_check" CHECK ("tenant_service_plans"."download_kbps" > 0 AND "tenant_service_plans"."upload_kbps" > 0),
	CONSTRAINT "tenant_service_plans_price_check" CHECK ("tenant_service_plans"."price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tenant_invoice_sequences" (
	"tenant_id" uuid NOT NULL,
	"period" text NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tenant_invoice_sequences_tenant_id_period_pk" PRIMARY KEY("tenant_id","period"),
	CONSTRAINT "tenant_invoice_sequences_period_check" CHECK ("tenant_invoice_sequences"."period" ~ '^[0-9]{4}-[0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "tenant_invoices" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"subtotal" bigint NOT NULL,
	"discount" bigint DEFAULT 0 NOT NULL,
	"tax" bigint DEFAULT 0 NOT NULL,
	"total" bigint NOT NULL,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'unpaid' NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_date" date NOT NULL,
	"paid_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_invoices_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_invoices_number_key" UNIQUE("tenant_id","number"),
	CONSTRAINT "tenant_invoices_customer_period_key" UNIQUE("tenant_id","customer_id","period_start"),
	CONSTRAINT "tenant_invoices_status_check" CHECK ("tenant_invoices"."status" IN ('unpaid', 'overdue', 'paid', 'void')),
	CONSTRAINT "tenant_invoices_amounts_check" CHECK ("tenant_invoices"."subtotal" >= 0 AND "tenant_invoices"."discount" >= 0 AND "tenant_invoices"."tax" >= 0 AND "tenant_invoices"."total" = "tenant_invoices"."subtotal" - "tenant_invoices"."discount" + "tenant_invoices"."tax" AND "tenant_invoices"."total" >= 0 AND "tenant_invoices"."paid_amount" BETWEEN 0 AND "tenant_invoices"."total"),
	CONSTRAINT "tenant_invoices_period_check" CHECK ("tenant_invoices"."period_end" >= "tenant_invoices"."period_start")
);
--> statement-breakpoint
CREATE TABLE "tenant_payments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"method" text NOT NULL,
	"gateway" text,
	"gateway_transaction_id" text,
	"receipt_number" text NOT NULL,
	"collected_by" uuid,
	"status" text DEFAULT 'completed' NOT NULL,
	"paid_at" timestamp with time zone DEFAULT now() NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_payments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_payments_receipt_key" UNIQUE("tenant_id","receipt_number"),
	CONSTRAINT "tenant_payments_gateway_txn_key" UNIQUE("tenant_id","gateway","gateway_transaction_id"),
	CONSTRAINT "tenant_payments_amount_check" CHECK ("tenant_payments"."amount" > 0),
	CONSTRAINT "tenant_payments_method_check" CHECK ("tenant_payments"."method" IN ('cash', 'bank_transfer', 'gateway')),
	CONSTRAINT "tenant_payments_status_check" CHECK ("tenant_payments"."status" IN ('completed', 'voided')),
	CONSTRAINT "tenant_payments_gateway_check" CHECK (("tenant_payments"."method" = 'gateway') = ("tenant_payments"."gateway_transaction_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "tenant_isolation_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"invoice_id" uuid,
	"router_id" uuid,
	"action" text NOT NULL,
	"trigger" text NOT NULL,
	"reason" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	CONSTRAINT "tenant_isolation_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_isolation_events_action_check" CHECK ("tenant_isolation_events"."action" IN ('isolate', 'restore')),
	CONSTRAINT "tenant_isolation_events_trigger_check" CHECK ("tenant_isolation_events"."trigger" IN ('auto', 'manual', 'payment')),
	CONSTRAINT "tenant_isolation_events_status_check" CHECK ("tenant_isolation_events"."status" IN ('pending', 'applied', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "tenant_wa_messages" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid,
	"template_code" text,
	"to_phone" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"provider" text,
	"provider_message_id" text,
	"error" text,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "tenant_wa_messages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_wa_messages_dedupe_key" UNIQUE("tenant_id","dedupe_key"),
	CONSTRAINT "tenant_wa_messages_status_check" CHECK ("tenant_wa_messages"."status" IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "tenant_wa_templates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"language" text DEFAULT 'id' NOT NULL,
	"body" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_wa_templates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_wa_templates_code_key" UNIQUE("tenant_id","code","language"),
	CONSTRAINT "tenant_wa_templates_code_check" CHECK ("tenant_wa_templates"."code" IN ('invoice_issued', 'payment_reminder', 'isolir_notice', 'restore_notice', 'payment_receipt', 'outage_notice')),
	CONSTRAINT "tenant_wa_templates_language_check" CHECK ("tenant_wa_templates"."language" IN ('id', 'en'))
);
--> statement-breakpoint
CREATE TABLE "tenant_outage_customers" (
	"tenant_id" uuid NOT NULL,
	"outage_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "tenant_outage_customers_tenant_id_outage_id_customer_id_pk" PRIMARY KEY("tenant_id","outage_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "tenant_outages" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"node_id" uuid,
	"router_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"detected_by" text DEFAULT 'manual' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_outages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_outages_status_check" CHECK ("tenant_outages"."status" IN ('open', 'resolved')),
	CONSTRAINT "tenant_outages_detected_by_check" CHECK ("tenant_outages"."detected_by" IN ('manual', 'router_sync')),
	CONSTRAINT "tenant_outages_source_check" CHECK ("tenant_outages"."node_id" IS NOT NULL OR "tenant_outages"."router_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "tenant_analytics_daily" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"active_customers" integer DEFAULT 0 NOT NULL,
	"isolated_customers" integer DEFAULT 0 NOT NULL,
	"new_customers" integer DEFAULT 0 NOT NULL,
	"terminated_customers" integer DEFAULT 0 NOT NULL,
	"invoices_issued" integer DEFAULT 0 NOT NULL,
	"invoiced_amount" bigint DEFAULT 0 NOT NULL,
	"payments_count" integer DEFAULT 0 NOT NULL,
	"collected_amount" bigint DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_analytics_daily_tenant_id_day_pk" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
CREATE TABLE "tenant_reports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"result_csv" text,
	"row_count" integer,
	"error" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "tenant_reports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_reports_kind_check" CHECK ("tenant_reports"."kind" IN ('revenue', 'arrears_ageing', 'customer_growth', 'collection_rate')),
	CONSTRAINT "tenant_reports_status_check" CHECK ("tenant_reports"."status" IN ('queued', 'running', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "sys_dead_letter_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_identifier" text NOT NULL,
	"payload" jsonb NOT NULL,
	"tenant_id" uuid,
	"job_key" text,
	"queue_name" text,
	"job_class" text NOT NULL,
	"attempts" integer NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'dead' NOT NULL,
	"first_failed_at" timestamp with time zone NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sys_dead_letter_jobs_status_check" CHECK ("sys_dead_letter_jobs"."status" IN ('dead', 'retried', 'discarded')),
	CONSTRAINT "sys_dead_letter_jobs_class_check" CHECK ("sys_dead_letter_jobs"."job_class" IN ('critical', 'high', 'normal', 'low'))
);
--> statement-breakpoint
ALTER TABLE "saas_feature_overrides" ADD CONSTRAINT "saas_feature_overrides_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saas_invoices" ADD CONSTRAINT "saas_invoices_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saas_subscriptions" ADD CONSTRAINT "saas_subscriptions_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saas_subscriptions" ADD CONSTRAINT "saas_subscriptions_plan_id_saas_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."saas_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sys_sessions" ADD CONSTRAINT "sys_sessions_user_id_sys_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."sys_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sys_sessions" ADD CONSTRAINT "sys_sessions_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_api_keys" ADD CONSTRAINT "tenant_api_keys_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_api_keys" ADD CONSTRAINT "tenant_api_keys_created_by_sys_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."sys_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_memberships" ADD CONSTRAINT "tenant_memberships_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_memberships" ADD CONSTRAINT "tenant_memberships_user_id_sys_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."sys_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD CONSTRAINT "tenant_routers_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_topology_nodes" ADD CONSTRAINT "tenant_topology_nodes_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_topology_nodes" ADD CONSTRAINT "tenant_topology_nodes_tenant_id_parent_id_tenant_topology_nodes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."tenant_topology_nodes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_topology_nodes" ADD CONSTRAINT "tenant_topology_nodes_tenant_id_router_id_tenant_routers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","router_id") REFERENCES "public"."tenant_routers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD CONSTRAINT "tenant_customers_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD CONSTRAINT "tenant_customers_tenant_id_plan_id_tenant_service_plans_tenant_id_id_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."tenant_service_plans"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD CONSTRAINT "tenant_customers_tenant_id_router_id_tenant_routers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","router_id") REFERENCES "public"."tenant_routers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD CONSTRAINT "tenant_customers_tenant_id_odp_id_tenant_topology_nodes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","odp_id") REFERENCES "public"."tenant_topology_nodes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_service_plans" ADD CONSTRAINT "tenant_service_plans_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_invoice_sequences" ADD CONSTRAINT "tenant_invoice_sequences_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_invoices" ADD CONSTRAINT "tenant_invoices_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_invoices" ADD CONSTRAINT "tenant_invoices_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_payments" ADD CONSTRAINT "tenant_payments_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_payments" ADD CONSTRAINT "tenant_payments_tenant_id_invoice_id_tenant_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."tenant_invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_payments" ADD CONSTRAINT "tenant_payments_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_isolation_events" ADD CONSTRAINT "tenant_isolation_events_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_isolation_events" ADD CONSTRAINT "tenant_isolation_events_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_isolation_events" ADD CONSTRAINT "tenant_isolation_events_tenant_id_invoice_id_tenant_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."tenant_invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_isolation_events" ADD CONSTRAINT "tenant_isolation_events_tenant_id_router_id_tenant_routers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","router_id") REFERENCES "public"."tenant_routers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD CONSTRAINT "tenant_wa_messages_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_wa_messages" ADD CONSTRAINT "tenant_wa_messages_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_wa_templates" ADD CONSTRAINT "tenant_wa_templates_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD CONSTRAINT "tenant_outage_customers_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD CONSTRAINT "tenant_outage_customers_tenant_id_outage_id_tenant_outages_tenant_id_id_fk" FOREIGN KEY ("tenant_id","outage_id") REFERENCES "public"."tenant_outages"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD CONSTRAINT "tenant_outage_customers_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_tenant_id_node_id_tenant_topology_nodes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","node_id") REFERENCES "public"."tenant_topology_nodes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_tenant_id_router_id_tenant_routers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","router_id") REFERENCES "public"."tenant_routers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_analytics_daily" ADD CONSTRAINT "tenant_analytics_daily_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD CONSTRAINT "tenant_reports_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saas_invoices_tenant_status_idx" ON "saas_invoices" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "saas_subscriptions_one_current" ON "saas_subscriptions" USING btree ("tenant_id") WHERE "saas_subscriptions"."status" IN ('trialing', 'active', 'past_due');--> statement-breakpoint
CREATE INDEX "sys_sessions_user_active_idx" ON "sys_sessions" USING btree ("user_id","created_at") WHERE "sys_sessions"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "sys_sessions_family_idx" ON "sys_sessions" USING btree ("family_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sys_users_email_key" ON "sys_users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_api_keys_hash_key" ON "tenant_api_keys" USING btree ("tenant_id","key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_api_keys_tenant_name_key" ON "tenant_api_keys" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "tenant_memberships_user_idx" ON "tenant_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "tenant_routers_status_idx" ON "tenant_routers" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "tenant_routers_location_gist" ON "tenant_routers" USING gist ("tenant_id","location");--> statement-breakpoint
CREATE INDEX "tenant_topology_nodes_parent_idx" ON "tenant_topology_nodes" USING btree ("tenant_id","parent_id");--> statement-breakpoint
CREATE INDEX "tenant_topology_nodes_location_gist" ON "tenant_topology_nodes" USING gist ("tenant_id","location");--> statement-breakpoint
CREATE INDEX "tenant_customers_status_idx" ON "tenant_customers" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "tenant_customers_created_at_idx" ON "tenant_customers" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_customers_billing_day_idx" ON "tenant_customers" USING btree ("tenant_id","billing_day") WHERE "tenant_customers"."status" = 'active';--> statement-breakpoint
CREATE INDEX "tenant_customers_router_idx" ON "tenant_customers" USING btree ("tenant_id","router_id");--> statement-breakpoint
CREATE INDEX "tenant_customers_odp_idx" ON "tenant_customers" USING btree ("tenant_id","odp_id");--> statement-breakpoint
CREATE INDEX "tenant_customers_plan_idx" ON "tenant_customers" USING btree ("tenant_id","plan_id");--> statement-breakpoint
CREATE INDEX "tenant_customers_location_gist" ON "tenant_customers" USING gist ("tenant_id","location");--> statement-breakpoint
CREATE INDEX "tenant_invoices_status_due_idx" ON "tenant_invoices" USING btree ("tenant_id","status","due_date");--> statement-breakpoint
CREATE INDEX "tenant_invoices_customer_idx" ON "tenant_invoices" USING btree ("tenant_id","customer_id","period_start");--> statement-breakpoint
CREATE INDEX "tenant_invoices_created_at_idx" ON "tenant_invoices" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_payments_invoice_idx" ON "tenant_payments" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "tenant_payments_created_at_idx" ON "tenant_payments" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_isolation_events_customer_idx" ON "tenant_isolation_events" USING btree ("tenant_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_isolation_events_status_idx" ON "tenant_isolation_events" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "tenant_isolation_events_created_at_idx" ON "tenant_isolation_events" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_wa_messages_status_idx" ON "tenant_wa_messages" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "tenant_wa_messages_created_at_idx" ON "tenant_wa_messages" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_outage_customers_customer_idx" ON "tenant_outage_customers" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "tenant_outages_status_idx" ON "tenant_outages" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "tenant_outages_created_at_idx" ON "tenant_outages" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_reports_created_at_idx" ON "tenant_reports" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_reports_status_idx" ON "tenant_reports" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "sys_dead_letter_jobs_status_idx" ON "sys_dead_letter_jobs" USING btree ("status","last_failed_at");--> statement-breakpoint
CREATE INDEX "sys_dead_letter_jobs_tenant_idx" ON "sys_dead_letter_jobs" USING btree ("tenant_id","status");