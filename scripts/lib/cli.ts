/**
 * What every script shares on its command line. The rule for a script's imports: its static imports are only
 * what its --help and argument checks need (node builtins, commander, this module, `import type`, light
 * constants); the work is imported when the action runs (`await import(...)`), so --help and refusals
 * answer in a fraction of a second instead of loading the engine, the database driver and the embedded Postgres.
 */
import { InvalidArgumentError, type Command } from "commander";
import { isDatabaseUnavailable } from "../../src/errors";

/** One line a person can act on: the error, its root cause, and a hint for an unreachable database. */
function describeFailure(err: unknown): string {
  // A WebSocket's ErrorEvent is not an Error but carries a message; String() of it says "[object Object]".
  const own = (err as { message?: unknown } | null)?.message;
  let message = typeof own === "string" && own ? own.split("\n")[0]! : err instanceof Error ? err.name : String(err);
  let root: unknown = err;
  for (let i = 0; i < 6 && root && typeof root === "object"; i++) {
    const next = (root as { cause?: unknown; error?: unknown }).cause ?? (root as { error?: unknown }).error;
    if (!next) break;
    root = next;
  }
  const rootMessage = (root as { message?: unknown })?.message;
  if (root !== err && typeof rootMessage === "string" && rootMessage && !message.includes(rootMessage.split("\n")[0]!))
    message += ` (cause: ${rootMessage.split("\n")[0]})`;
  if (isDatabaseUnavailable(err)) {
    message = `cannot reach the database: ${message}. Is it running? (npm start or npm run db:local, or check DATABASE_URL)`;
  }
  if (message.length > 400) message = `${message.slice(0, 400)}…`;
  return message.replace(/postgres(ql)?:\/\/[^@\s]+@/gi, "postgres://…@");
}

/** A commander argParser for a whole number in [min, max], refusing anything else with a clear message. */
export function wholeNumber(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${option} must be a whole number from ${min} to ${max} (got "${value}")`);
    return n;
  };
}

/** Commander echoes a bad argument whole; show at most 40 characters of it (a 10 KB value is one long line otherwise). */
export function capEchoedArguments(program: Command): Command {
  return program.configureOutput({
    outputError: (text, write) =>
      write(text.replace(/'([^'\n]{41,})'/g, (_m, arg: string) => `'${arg.slice(0, 40)}… (${arg.length} characters)'`)),
  });
}

/** Run a commander program; print a clear one-line error (never a stack) and exit non-zero. */
export async function runMain(program: Command): Promise<void> {
  capEchoedArguments(program);
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    console.error(`error: ${describeFailure(err)}`);
    if (process.env.DEBUG) console.error(err);
    process.exitCode = 1;
  }
}
