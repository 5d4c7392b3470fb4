import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { DEV_VARS, ROOT } from "./local-settings";

/**
 * Make sure .dev.vars exists (from .dev.vars.example) and holds API_TOKEN and OPERATOR_TOKEN;
 * empty ones get random local tokens. Returns the variables and which tokens were created.
 */
export function ensureDevVars(
  path = DEV_VARS,
  example = resolve(ROOT, ".dev.vars.example"),
): { vars: Record<string, string>; created: string[] } {
  if (!existsSync(path)) copyFileSync(example, path);
  let text = readFileSync(path, "utf8");
  const vars = parseEnv(text) as Record<string, string>;
  const created: string[] = [];
  for (const name of ["API_TOKEN", "OPERATOR_TOKEN"]) {
    if (vars[name]?.trim()) continue;
    const token = `${name === "API_TOKEN" ? "ss_user" : "ss_op"}_${randomBytes(24).toString("base64url")}`;
    const line = new RegExp(`^${name}=.*$`, "m");
    text = line.test(text) ? text.replace(line, `${name}=${token}`) : `${text.trimEnd()}\n${name}=${token}\n`;
    vars[name] = token;
    created.push(name);
  }
  if (created.length) writeFileSync(path, text, { mode: 0o600 });
  return { vars, created };
}
