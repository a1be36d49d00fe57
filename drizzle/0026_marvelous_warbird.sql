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
CREATE UNIQUE INDEX "tenant_outages_detected_router_key" ON "tenant_outages" USING btree ("tenant_id","router_id") WHERE "tenant_outages"."detected_by" = 'router_sync' AND "tenant_outages"."status" IN ('suspected', 'open');--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_outage_detect_check" CHECK ("tenant_settings"."outage_detect_minutes" BETWEEN 1 AND 1440);--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_cause_check" CHECK ("tenant_outages"."cause" IN ('unknown', 'fiber_cut', 'power', 'equipment', 'maintenance', 'weather', 'upstream', 'other'));--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_resolved_check" CHECK (("tenant_outages"."status" = 'resolved') = ("tenant_outages"."resolved_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "tenant_outages" ADD CONSTRAINT "tenant_outages_status_check" CHECK ("tenant_outages"."status" IN ('suspected', 'open', 'resolved', 'dismissed'));