CREATE TABLE "quality_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"window_days" integer NOT NULL,
	"persona_type" text NOT NULL,
	"similarity_score" real,
	"served_topics" jsonb NOT NULL,
	"generator_topics" jsonb NOT NULL,
	"urgent_topics" jsonb NOT NULL,
	"coverage" real NOT NULL,
	"top_topic_agreed" boolean NOT NULL,
	"urgent_agreed" boolean NOT NULL,
	"generator_source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recommendations" ADD COLUMN "position" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "recommendations" ADD COLUMN "request_started_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "quality_samples_persona_idx" ON "quality_samples" USING btree ("persona_type","created_at");