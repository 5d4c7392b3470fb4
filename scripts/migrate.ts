import { Command } from "commander";
import { runMain } from "./lib/cli";

const program = new Command("db:migrate")
  .description(
    "Apply the SQL migrations in migrations/ to the database named by DATABASE_URL (or .dev.vars, or the running embedded database).",
  )
  .action(async () => {
    const { openDatabase } = await import("./lib/db");
    const { migrateDatabase } = await import("./lib/migrate");

    const handle = await openDatabase();
    try {
      const started = performance.now();
      await migrateDatabase(handle);
      console.log(`Migrations applied in ${Math.round(performance.now() - started)} ms.`);
    } finally {
      await handle.close();
    }
  });

await runMain(program);
