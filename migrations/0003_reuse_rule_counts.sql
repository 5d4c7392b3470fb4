ALTER TABLE "request_log" ADD COLUMN "reuse_dropped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "request_log" ADD COLUMN "reuse_replaced" integer DEFAULT 0 NOT NULL;