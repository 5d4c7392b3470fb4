export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** One JSON object per line, the shape `wrangler tail` and log pipelines read best. */
export function createLogger(level: LogLevel = "info", base: Record<string, unknown> = {}): Logger {
  const write = (at: LogLevel, event: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const line = JSON.stringify({ level: at, event, ...base, ...fields });
    if (at === "error") console.error(line);
    else if (at === "warn") console.warn(line);
    else console.log(line);
  };
  return {
    debug: (e, f) => write("debug", e, f),
    info: (e, f) => write("info", e, f),
    warn: (e, f) => write("warn", e, f),
    error: (e, f) => write("error", e, f),
  };
}

/** What of an error is safe to log: its name, message and stack, never request data. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: String(err) };
  const cause = err.cause instanceof Error ? { cause: `${err.cause.name}: ${err.cause.message}` } : {};
  return { error: `${err.name}: ${err.message}`, stack: err.stack, ...cause };
}
