ALTER TABLE "tenant_settings" ADD COLUMN "payment_gateway" text DEFAULT 'midtrans' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "xendit_secret_key_enc" text;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "xendit_callback_token_enc" text;--> statement-breakpoint
CREATE INDEX "tenant_gateway_notifications_order_idx" ON "tenant_gateway_notifications" USING btree ("tenant_id","gateway","order_id");--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_payment_gateway_check" CHECK ("tenant_settings"."payment_gateway" IN ('midtrans', 'xendit'));