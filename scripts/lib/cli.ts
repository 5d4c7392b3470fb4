import type { Command } from "commander";

/** Run a commander program; print a clear one-line error (never a stack) and exit non-zero. */
export async function runMain(program: Command): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`error: ${message}`);
    if (process.env.DEBUG) console.error(err);
    process.exitCode = 1;
  }
}
