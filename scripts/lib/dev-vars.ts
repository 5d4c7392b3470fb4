import { randomBytes } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { DEV_VARS, ROOT } from "./local-settings";

/** Give each named variable that is empty in the file a generated value; returns the ones given. */
function fillEmpty(path: string, generators: Record<string, () => string>): { vars: Record<string, string>; created: string[] } {
  let text = readFileSync(path, "utf8");
  const vars = parseEnv(text) as Record<string, string>;
  const created: string[] = [];
  for (const [name, generate] of Object.entries(generators)) {
    if (vars[name]?.trim()) continue;
    const value = generate();
    const line = new RegExp(`^${name}=.*$`, "m");
    text = line.test(text) ? text.replace(line, `${name}=${value}`) : `${text.trimEnd()}\n${name}=${value}\n`;
    vars[name] = value;
    created.push(name);
  }
  if (created.length) {
    writeFileSync(path, text, { mode: 0o600 });
    // `mode` applies only to a new file, and the copy of the example is not new: owner-only now.
    chmodSync(path, 0o600);
  }
  return { vars, created };
}

/**
 * Make sure .dev.vars exists (from .dev.vars.example) and holds API_TOKEN and OPERATOR_TOKEN;
 * empty ones get random local tokens. Returns the variables and which tokens were created.
 */
export function ensureDevVars(
  path = DEV_VARS,
  example = resolve(ROOT, ".dev.vars.example"),
): { vars: Record<string, string>; created: string[] } {
  if (!existsSync(path)) copyFileSync(example, path);
  return fillEmpty(path, {
    API_TOKEN: () => `ss_user_${randomBytes(24).toString("base64url")}`,
    OPERATOR_TOKEN: () => `ss_op_${randomBytes(24).toString("base64url")}`,
  });
}

/**
 * Make sure .dev.vars (which ensureDevVars created) holds USER_TOKEN_SECRET, the key that signs
 * user-bound tokens: 32 random bytes when empty. Returns whether it was created.
 */
export function ensureUserTokenSecret(path = DEV_VARS): boolean {
  return fillEmpty(path, { USER_TOKEN_SECRET: () => randomBytes(32).toString("base64url") }).created.length > 0;
}
