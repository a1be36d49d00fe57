ALTER TABLE "tenant_analytics_daily" ADD COLUMN "routers_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_analytics_daily" ADD COLUMN "routers_synced" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_analytics_daily" ADD COLUMN "routers_online" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_analytics_daily" ADD COLUMN "outage_minutes" integer DEFAULT 0 NOT NULL;