CREATE TYPE "public"."recommendation_status" AS ENUM('pending', 'approved', 'rejected', 'flagged');--> statement-breakpoint
CREATE TABLE "accounts" (
	"account_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"subtype" text NOT NULL,
	"balance_available" numeric(14, 2),
	"balance_current" numeric(14, 2) NOT NULL,
	"balance_limit" numeric(14, 2),
	"iso_currency_code" text DEFAULT 'USD' NOT NULL,
	"mask" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "liabilities" (
	"liability_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"user_id" text NOT NULL,
	"liability_type" text NOT NULL,
	"apr_percentage" double precision,
	"minimum_payment_amount" numeric(14, 2),
	"last_payment_amount" numeric(14, 2),
	"is_overdue" boolean DEFAULT false NOT NULL,
	"next_payment_due_date" date,
	"last_statement_balance" numeric(14, 2)
);
--> statement-breakpoint
CREATE TABLE "personas" (
	"user_id" text NOT NULL,
	"window_days" integer NOT NULL,
	"persona_type" text NOT NULL,
	"reasoning" jsonb NOT NULL,
	"as_of" date NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personas_user_id_window_days_pk" PRIMARY KEY("user_id","window_days"),
	CONSTRAINT "personas_window_ck" CHECK ("personas"."window_days" in (30, 180))
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"window_days" integer NOT NULL,
	"persona_type" text NOT NULL,
	"topic" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"rationale" text NOT NULL,
	"disclosure" text NOT NULL,
	"status" "recommendation_status" DEFAULT 'pending' NOT NULL,
	"source" text NOT NULL,
	"similarity_score" real,
	"reused_from_id" uuid,
	"model" text,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	CONSTRAINT "recommendations_window_ck" CHECK ("recommendations"."window_days" in (30, 180)),
	CONSTRAINT "recommendations_similarity_ck" CHECK ("recommendations"."similarity_score" is null or ("recommendations"."similarity_score" between -1 and 1))
);
--> statement-breakpoint
CREATE TABLE "request_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"route" text NOT NULL,
	"user_id" text,
	"window_days" integer,
	"source" text,
	"similarity_score" real,
	"cache_ms" real,
	"vector_db_ms" real,
	"openai_ms" real,
	"total_ms" real NOT NULL,
	"status" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"transaction_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"user_id" text NOT NULL,
	"date" date NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"merchant_name" text,
	"payment_channel" text NOT NULL,
	"category_primary" text NOT NULL,
	"category_detailed" text NOT NULL,
	"pending" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_features" (
	"user_id" text NOT NULL,
	"window_days" integer NOT NULL,
	"as_of" date NOT NULL,
	"signals" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_features_user_id_window_days_pk" PRIMARY KEY("user_id","window_days"),
	CONSTRAINT "user_features_window_ck" CHECK ("user_features"."window_days" in (30, 180))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"user_id" text PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"email" text NOT NULL,
	"consent_status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Only where pgvector is installed (see 0000); PL/pgSQL plans a statement when it first runs it,
-- so the vector type is not looked up on a server without the extension.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    CREATE TABLE "vectors" (
      "id" text NOT NULL,
      "embedder" text NOT NULL,
      "kind" text NOT NULL,
      "embedding" vector(1536) NOT NULL,
      "persona_type" text NOT NULL,
      "window_days" integer NOT NULL,
      "status" text NOT NULL,
      "metadata" jsonb NOT NULL,
      "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
      CONSTRAINT "vectors_embedder_id_pk" PRIMARY KEY("embedder","id")
    );
    CREATE INDEX "vectors_embedding_hnsw_idx" ON "vectors" USING hnsw ("embedding" vector_cosine_ops);
    CREATE INDEX "vectors_filter_idx" ON "vectors" USING btree ("embedder","kind","persona_type","window_days","status");
  END IF;
END $$;
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liabilities" ADD CONSTRAINT "liabilities_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liabilities" ADD CONSTRAINT "liabilities_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personas" ADD CONSTRAINT "personas_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_reused_from_id_recommendations_id_fk" FOREIGN KEY ("reused_from_id") REFERENCES "public"."recommendations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_features" ADD CONSTRAINT "user_features_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_user_idx" ON "accounts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "liabilities_account_uq" ON "liabilities" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "liabilities_user_idx" ON "liabilities" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "personas_type_idx" ON "personas" USING btree ("persona_type","window_days");--> statement-breakpoint
CREATE INDEX "recommendations_user_window_idx" ON "recommendations" USING btree ("user_id","window_days");--> statement-breakpoint
CREATE INDEX "recommendations_status_persona_idx" ON "recommendations" USING btree ("status","persona_type","window_days");--> statement-breakpoint
CREATE INDEX "request_log_created_idx" ON "request_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "request_log_source_idx" ON "request_log" USING btree ("source");--> statement-breakpoint
CREATE INDEX "transactions_user_date_idx" ON "transactions" USING btree ("user_id","date");--> statement-breakpoint
CREATE INDEX "transactions_account_idx" ON "transactions" USING btree ("account_id");