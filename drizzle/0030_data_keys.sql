CREATE TABLE "sys_data_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sys_data_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid NOT NULL,
	"wrapped_key" text,
	"kms" text NOT NULL,
	"kek_version" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rewrapped_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	CONSTRAINT "sys_data_keys_status_check" CHECK ("sys_data_keys"."status" IN ('active', 'retiring', 'retired')),
	CONSTRAINT "sys_data_keys_kms_check" CHECK ("sys_data_keys"."kms" IN ('local', 'vault', 'aws')),
	CONSTRAINT "sys_data_keys_wrapped_check" CHECK (("sys_data_keys"."status" = 'retired') = ("sys_data_keys"."wrapped_key" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD COLUMN "national_id_enc" text;--> statement-breakpoint
ALTER TABLE "sys_data_keys" ADD CONSTRAINT "sys_data_keys_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sys_data_keys_one_active_idx" ON "sys_data_keys" USING btree ("tenant_id") WHERE "sys_data_keys"."status" = 'active';--> statement-breakpoint
CREATE INDEX "sys_data_keys_tenant_idx" ON "sys_data_keys" USING btree ("tenant_id","status");