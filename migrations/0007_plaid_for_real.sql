CREATE TABLE "plaid_cursors" (
	"user_id" text NOT NULL,
	"item_id" text NOT NULL,
	"cursor" text NOT NULL,
	"seq" bigserial NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plaid_cursors_user_id_item_id_cursor_pk" PRIMARY KEY("user_id","item_id","cursor")
);
--> statement-breakpoint
CREATE TABLE "plaid_items" (
	"user_id" text NOT NULL,
	"item_id" text NOT NULL,
	"access_token_ciphertext" text,
	"cursor" text,
	"awaiting_last_page" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plaid_items_user_id_item_id_pk" PRIMARY KEY("user_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "subtype" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "balance_available" SET DATA TYPE numeric(18, 6);--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "balance_current" SET DATA TYPE numeric(18, 6);--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "balance_current" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "balance_limit" SET DATA TYPE numeric(18, 6);--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "iso_currency_code" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "mask" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "liabilities" ALTER COLUMN "minimum_payment_amount" SET DATA TYPE numeric(18, 6);--> statement-breakpoint
ALTER TABLE "liabilities" ALTER COLUMN "last_payment_amount" SET DATA TYPE numeric(18, 6);--> statement-breakpoint
ALTER TABLE "liabilities" ALTER COLUMN "is_overdue" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "liabilities" ALTER COLUMN "is_overdue" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "liabilities" ALTER COLUMN "last_statement_balance" SET DATA TYPE numeric(18, 6);--> statement-breakpoint
ALTER TABLE "transactions" ALTER COLUMN "amount" SET DATA TYPE numeric(18, 6);--> statement-breakpoint
ALTER TABLE "transactions" ALTER COLUMN "category_primary" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ALTER COLUMN "category_detailed" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "unofficial_currency_code" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "iso_currency_code" text DEFAULT 'USD';--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "unofficial_currency_code" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "pending_transaction_id" text;--> statement-breakpoint
ALTER TABLE "plaid_cursors" ADD CONSTRAINT "plaid_cursors_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plaid_items" ADD CONSTRAINT "plaid_items_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plaid_items_item_uq" ON "plaid_items" USING btree ("item_id") WHERE "plaid_items"."access_token_ciphertext" is not null;