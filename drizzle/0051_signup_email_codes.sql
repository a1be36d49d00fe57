ALTER TABLE "saas_signups" ADD COLUMN "channel" text DEFAULT 'whatsapp' NOT NULL;--> statement-breakpoint
ALTER TABLE "saas_signups" ADD COLUMN "wa_sends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "saas_signups" ADD COLUMN "email_sends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "saas_signups" ADD COLUMN "last_sent_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "saas_signups_phone_idx" ON "saas_signups" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "saas_signups_email_idx" ON "saas_signups" USING btree ("email","created_at");--> statement-breakpoint
ALTER TABLE "saas_signups" ADD CONSTRAINT "saas_signups_channel_check" CHECK ("saas_signups"."channel" IN ('whatsapp', 'email'));--> statement-breakpoint
ALTER TABLE "saas_signups" ADD CONSTRAINT "saas_signups_sends_check" CHECK ("saas_signups"."wa_sends" >= 0 AND "saas_signups"."email_sends" >= 0);--> statement-breakpoint
-- every sign-up before this one was sent its code by WhatsApp
UPDATE "saas_signups" SET "wa_sends" = 1, "last_sent_at" = "created_at";
