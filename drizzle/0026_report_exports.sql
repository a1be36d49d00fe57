-- The rows before this migration were placeholders (report_generation had no handler, so
-- none holds a file): they go, so the new NOT NULL expires_at and the export kinds apply.
-- The owner is subject to the forced RLS; lifting FORCE for the DELETE lets it see them.
ALTER TABLE "tenant_reports" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
DELETE FROM "tenant_reports";--> statement-breakpoint
ALTER TABLE "tenant_reports" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenant_report_chunks" (
	"tenant_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "tenant_report_chunks_tenant_id_report_id_seq_pk" PRIMARY KEY("tenant_id","report_id","seq")
);
--> statement-breakpoint
ALTER TABLE "tenant_reports" DROP CONSTRAINT "tenant_reports_kind_check";--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD COLUMN "format" text DEFAULT 'csv' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD COLUMN "total_rows" integer;--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD COLUMN "processed_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD COLUMN "file_name" text;--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD COLUMN "byte_size" bigint;--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD COLUMN "expires_at" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_report_chunks" ADD CONSTRAINT "tenant_report_chunks_tenant_id_saas_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."saas_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_report_chunks" ADD CONSTRAINT "tenant_report_chunks_tenant_id_report_id_tenant_reports_tenant_id_id_fk" FOREIGN KEY ("tenant_id","report_id") REFERENCES "public"."tenant_reports"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_reports_expires_at_idx" ON "tenant_reports" USING btree ("tenant_id","expires_at");--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD CONSTRAINT "tenant_reports_format_check" CHECK ("tenant_reports"."format" IN ('csv', 'xlsx'));--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD CONSTRAINT "tenant_reports_progress_check" CHECK ("tenant_reports"."processed_rows" >= 0);--> statement-breakpoint
ALTER TABLE "tenant_reports" ADD CONSTRAINT "tenant_reports_kind_check" CHECK ("tenant_reports"."kind" IN ('customers', 'invoices', 'arrears'));--> statement-breakpoint
ALTER TABLE "tenant_reports" DROP COLUMN "result_csv";--> statement-breakpoint
ALTER TABLE "tenant_reports" DROP COLUMN "row_count";