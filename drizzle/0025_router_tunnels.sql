ALTER TABLE "tenant_routers" ADD COLUMN "tunnel_block" integer;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "tunnel_address" text;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "tunnel_public_key" text;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD COLUMN "tunnel_private_key_enc" text;--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD CONSTRAINT "tenant_routers_tunnel_address_key" UNIQUE("tenant_id","tunnel_address");--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD CONSTRAINT "tenant_routers_tunnel_public_key_key" UNIQUE("tenant_id","tunnel_public_key");--> statement-breakpoint
ALTER TABLE "tenant_routers" ADD CONSTRAINT "tenant_routers_tunnel_check" CHECK (num_nulls("tenant_routers"."tunnel_block", "tenant_routers"."tunnel_address", "tenant_routers"."tunnel_public_key", "tenant_routers"."tunnel_private_key_enc") IN (0, 4));--> statement-breakpoint
-- One ISP per block of the tunnel range, across tenants: a constraint sees every row
-- whatever RLS shows the writer, so a tenant claiming another's block is refused (23P01)
-- without either learning anything else (btree_gist: <> on the tenant, = on the block;
-- tenant_id leads, like every index of a tenant table).
ALTER TABLE "tenant_routers" ADD CONSTRAINT "tenant_routers_tunnel_block_excl"
  EXCLUDE USING gist ("tenant_id" WITH <>, "tunnel_block" WITH =) WHERE ("tunnel_block" IS NOT NULL);
