import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this (it needs no database). Migrations are applied by
// `npm run db:migrate` (scripts/migrate.ts) through the same Neon driver the Worker uses.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
