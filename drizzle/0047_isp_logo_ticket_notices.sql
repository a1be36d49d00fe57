CREATE TABLE "tenant_logos" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"sha256" text NOT NULL,
	"byte_size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_logos_content_type_check" CHECK ("tenant_logos"."content_type" IN ('image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "tenant_logos_size_check" CHECK ("tenant_logos"."byte_size" BETWEEN 1 AND 262144 AND octet_length("tenant_logos"."content") = "tenant_logos"."byte_size")
);
--> statement-breakpoint
ALTER TABLE "tenant_customers" ADD COLUMN "wa_opt_out_ticket_updates" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_logos" ADD CONSTRAINT "tenant_logos_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- tenant_logos: forced RLS, the four policies, grants and the audit triggers (its `content`
-- is redacted by sys_audit_mask like every file's bytes). ISP-wide: no customer_scope.
SELECT sys_tenant_table_setup('tenant_logos');
