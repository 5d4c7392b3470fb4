ALTER TABLE "recommendations" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "request_log" ADD COLUMN "db_round_trips" integer;--> statement-breakpoint
CREATE INDEX "recommendations_withdrawn_idx" ON "recommendations" USING btree ("withdrawn_at") WHERE "recommendations"."withdrawn_at" is not null;