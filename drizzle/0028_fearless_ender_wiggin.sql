CREATE TABLE "tenant_ticket_comments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"author_id" uuid,
	"from_customer" boolean DEFAULT false NOT NULL,
	"body" text NOT NULL,
	"visibility" text DEFAULT 'internal' NOT NULL,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_ticket_comments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_ticket_comments_external_id_key" UNIQUE("tenant_id","external_id"),
	CONSTRAINT "tenant_ticket_comments_visibility_check" CHECK ("tenant_ticket_comments"."visibility" IN ('internal', 'visible'))
);
--> statement-breakpoint
CREATE TABLE "tenant_tickets" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid,
	"outage_id" uuid,
	"subject" text NOT NULL,
	"description" text,
	"category" text NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"source" text DEFAULT 'staff' NOT NULL,
	"assignee_id" uuid,
	"created_by" uuid,
	"due_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_tickets_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_tickets_number_key" UNIQUE("tenant_id","number"),
	CONSTRAINT "tenant_tickets_category_check" CHECK ("tenant_tickets"."category" IN ('no_connection', 'slow', 'billing', 'relocation', 'other')),
	CONSTRAINT "tenant_tickets_priority_check" CHECK ("tenant_tickets"."priority" IN ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "tenant_tickets_status_check" CHECK ("tenant_tickets"."status" IN ('open', 'in_progress', 'waiting_customer', 'resolved', 'closed')),
	CONSTRAINT "tenant_tickets_source_check" CHECK ("tenant_tickets"."source" IN ('staff', 'portal', 'whatsapp'))
);
--> statement-breakpoint
ALTER TABLE "tenant_outages" DROP CONSTRAINT "tenant_outages_status_check";--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "outage_detect_minutes" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_outage_customers" ADD COLUMN "resolved_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD COLUMN "cause" text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD COLUMN "expected_restoration_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD COLUMN "dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD COLUMN "resolution_proposed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD COLUMN "propagated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_ticket_comments" ADD CONSTRAINT "tenant_ticket_comments_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_ticket_comments" ADD CONSTRAINT "tenant_ticket_comments_tenant_id_ticket_id_tenant_tickets_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ticket_id") REFERENCES "public"."tenant_tickets"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_tickets" ADD CONSTRAINT "tenant_tickets_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_tickets" ADD CONSTRAINT "tenant_tickets_tenant_id_customer_id_tenant_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."tenant_customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_tickets" ADD CONSTRAINT "tenant_tickets_tenant_id_outage_id_tenant_outages_tenant_id_id_fk" FOREIGN KEY ("tenant_id","outage_id") REFERENCES "public"."tenant_outages"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_tickets" ADD CONSTRAINT "tenant_tickets_tenant_id_assignee_id_tenant_memberships_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","assignee_id") REFERENCES "public"."tenant_memberships"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_ticket_comments_ticket_idx" ON "tenant_ticket_comments" USING btree ("tenant_id","ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_tickets_customer_idx" ON "tenant_tickets" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "tenant_tickets_outage_idx" ON "tenant_tickets" USING btree ("tenant_id","outage_id");--> statement-breakpoint
CREATE INDEX "tenant_tickets_assignee_idx" ON "tenant_tickets" USING btree ("tenant_id","assignee_id","status");--> statement-breakpoint
CREATE INDEX "tenant_tickets_status_idx" ON "tenant_tickets" USING btree ("tenant_id","status","due_at");--> statement-breakpoint
CREATE INDEX "tenant_tickets_created_at_idx" ON "tenant_tickets" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_outages_detected_router_key" ON "tenant_outages" USING btree ("tenant_id","router_id") WHERE "tenant_outages"."detected_by" = 'router_sync' AND "tenant_outages"."status" IN ('suspected', 'open');--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_outage_detect_check" CHECK ("tenant_settings"."outage_detect_minutes" BETWEEN 1 AND 1440);--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_cause_check" CHECK ("tenant_outages"."cause" IN ('unknown', 'fiber_cut', 'power', 'equipment', 'maintenance', 'weather', 'upstream', 'other'));--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_resolved_check" CHECK (("tenant_outages"."status" = 'resolved') = ("tenant_outages"."resolved_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_status_check" CHECK ("tenant_outages"."status" IN ('suspected', 'open', 'resolved', 'dismissed'));