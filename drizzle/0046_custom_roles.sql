CREATE TABLE "tenant_custom_roles" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"base_role" text NOT NULL,
	"permissions" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_custom_roles_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_custom_roles_base_role_check" CHECK ("tenant_custom_roles"."base_role" IN ('admin', 'billing', 'technician', 'customer_service', 'viewer')),
	CONSTRAINT "tenant_custom_roles_platform_check" CHECK (array_to_string("tenant_custom_roles"."permissions", ' ') !~ '(^| )platform[.]')
);
--> statement-breakpoint
ALTER TABLE "tenant_memberships" ADD COLUMN "custom_role_id" uuid;--> statement-breakpoint
ALTER TABLE "tenant_custom_roles" ADD CONSTRAINT "tenant_custom_roles_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_custom_roles_name_key" ON "tenant_custom_roles" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
ALTER TABLE "tenant_memberships" ADD CONSTRAINT "tenant_memberships_custom_role_fk" FOREIGN KEY ("tenant_id","custom_role_id") REFERENCES "public"."tenant_custom_roles"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_memberships_custom_role_idx" ON "tenant_memberships" USING btree ("tenant_id","custom_role_id");--> statement-breakpoint
-- custom roles (issue #17): forced RLS, the four policies, grants and the audit trigger; a
-- subscriber's portal session has no business with them (nothing under a customer scope)
SELECT sys_tenant_table_setup('tenant_custom_roles');
--> statement-breakpoint
DROP POLICY IF EXISTS customer_scope ON tenant_custom_roles;
--> statement-breakpoint
CREATE POLICY customer_scope ON tenant_custom_roles AS RESTRICTIVE FOR ALL TO rrnet_app
  USING (app_current_customer() IS NULL) WITH CHECK (app_current_customer() IS NULL);
