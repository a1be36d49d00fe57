CREATE TABLE "tenant_support_grants" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"reason" text NOT NULL,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "tenant_support_grants_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_support_grants_expiry_check" CHECK ("tenant_support_grants"."expires_at" > "tenant_support_grants"."created_at")
);
--> statement-breakpoint
ALTER TABLE "tenant_support_grants" ADD CONSTRAINT "tenant_support_grants_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_support_grants" ADD CONSTRAINT "tenant_support_grants_granted_by_sys_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."sys_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_support_grants" ADD CONSTRAINT "tenant_support_grants_revoked_by_sys_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."sys_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_support_grants_tenant_expires_idx" ON "tenant_support_grants" USING btree ("tenant_id","expires_at");--> statement-breakpoint
CREATE INDEX "tenant_support_grants_granted_by_idx" ON "tenant_support_grants" USING btree ("granted_by");--> statement-breakpoint
CREATE INDEX "tenant_support_grants_revoked_by_idx" ON "tenant_support_grants" USING btree ("revoked_by");