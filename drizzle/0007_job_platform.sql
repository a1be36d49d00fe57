CREATE TABLE "sys_job_throughput" (
	"bucket" timestamp with time zone NOT NULL,
	"job_class" text NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"dead_lettered" integer DEFAULT 0 NOT NULL,
	"total_ms" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sys_job_throughput_bucket_job_class_pk" PRIMARY KEY("bucket","job_class")
);
--> statement-breakpoint
ALTER TABLE "sys_worker_heartbeats" ADD COLUMN "graphile_worker_ids" text[] DEFAULT '{}'::text[] NOT NULL;