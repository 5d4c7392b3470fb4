CREATE TABLE "recommendation_claims" (
	"recommendation_id" uuid PRIMARY KEY NOT NULL,
	"operator" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recommendation_claims" ADD CONSTRAINT "recommendation_claims_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE cascade ON UPDATE no action;