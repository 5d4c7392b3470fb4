ALTER TABLE "recommendations" ADD COLUMN "shareable_title" text;--> statement-breakpoint
ALTER TABLE "recommendations" ADD COLUMN "shareable_content" text;