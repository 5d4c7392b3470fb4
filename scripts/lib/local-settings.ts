import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseEnv } from "node:util";

export const ROOT = resolve(import.meta.dirname, "../..");
export const DEV_VARS = resolve(ROOT, ".dev.vars");
export const DATA_DIR = resolve(ROOT, ".data");
/** Written while the embedded database runs, so other scripts can find it. */
const RUNNING_DB_FILE = resolve(DATA_DIR, "local-db.json");

export interface DatabaseSettings {
  databaseUrl: string;
  wsProxy?: string;
}

export function readDevVars(): Record<string, string> {
  if (!existsSync(DEV_VARS)) return {};
  return parseEnv(readFileSync(DEV_VARS, "utf8")) as Record<string, string>;
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

export function writeRunningDatabase(settings: DatabaseSettings): void {
  mkdirSync(dirname(RUNNING_DB_FILE), { recursive: true });
  writeFileSync(RUNNING_DB_FILE, JSON.stringify({ ...settings, pid: process.pid }, null, 2));
}

export function clearRunningDatabase(): void {
  rmSync(RUNNING_DB_FILE, { force: true });
}

function readRunningDatabase(): DatabaseSettings | undefined {
  if (!existsSync(RUNNING_DB_FILE)) return undefined;
  const info = JSON.parse(readFileSync(RUNNING_DB_FILE, "utf8")) as DatabaseSettings & { pid: number };
  try {
    process.kill(info.pid, 0); // still running?
    return { databaseUrl: info.databaseUrl, wsProxy: info.wsProxy };
  } catch {
    return undefined;
  }
}

/**
 * Where a script's database is, in order: the environment, .dev.vars (e.g. Neon), then the
 * embedded database that `npm start` or `npm run db:local` is running.
 */
export async function resolveDatabaseSettings(): Promise<DatabaseSettings> {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) return { databaseUrl: fromEnv, wsProxy: process.env.DATABASE_WS_PROXY?.trim() || undefined };
  const devVars = readDevVars();
  if (devVars.DATABASE_URL?.trim() && !isLoopbackUrl(devVars.DATABASE_URL)) return { databaseUrl: devVars.DATABASE_URL.trim() };
  const running = readRunningDatabase();
  if (running) return running;
  throw new Error(
    "No database: set DATABASE_URL (e.g. Neon), or start the embedded one with `npm start` or `npm run db:local` in another terminal.",
  );
}
