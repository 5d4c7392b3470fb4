/**
 * How operators are named in configuration (parsed by src/config.ts):
 * - OPERATORS: `name:sha256hex` pairs, comma-separated; each operator signs in with the token whose
 *   SHA-256 is given (the token itself is never stored). Remove a pair and that operator's token,
 *   and every console session of theirs, stop working.
 * - ACCESS_TEAM_DOMAIN: the Cloudflare Access team domain (`https://<team>.cloudflareaccess.com`);
 *   with ACCESS_AUD, operators are the verified emails of Access JWTs instead (src/http/access.ts).
 */
import { z } from "zod";

/** The name OPERATOR_TOKEN's holder is known by in the audit and the logs. */
export const LEGACY_OPERATOR = "operator";

/** Names that read well in an audit row and need no escaping anywhere: letters, digits, . _ - + @. */
export const OPERATOR_NAME = /^[A-Za-z0-9][A-Za-z0-9._+@-]{0,63}$/;

export interface NamedOperator {
  name: string;
  /** SHA-256 of the operator's token, lowercase hex. */
  tokenSha256: string;
}

export const operatorsSchema = z
  .string()
  .optional()
  .transform((value, ctx): NamedOperator[] => {
    if (!value) return [];
    const operators: NamedOperator[] = [];
    for (const [i, pair] of value.split(",").entries()) {
      const match = /^\s*([^:\s]+)\s*:\s*([0-9a-fA-F]{64})\s*$/.exec(pair);
      if (!match) {
        ctx.addIssue({ code: "custom", message: `entry ${i + 1} must be name:sha256hex (64 hex digits)` });
        continue;
      }
      const [, name, hash] = match as unknown as [string, string, string];
      if (!OPERATOR_NAME.test(name))
        ctx.addIssue({ code: "custom", message: `entry ${i + 1}: a name is 1-64 letters, digits or . _ - + @` });
      else if (name === LEGACY_OPERATOR)
        ctx.addIssue({ code: "custom", message: `entry ${i + 1}: "${LEGACY_OPERATOR}" is OPERATOR_TOKEN's name` });
      else if (operators.some((o) => o.name === name)) ctx.addIssue({ code: "custom", message: `entry ${i + 1}: ${name} is named twice` });
      else operators.push({ name, tokenSha256: hash.toLowerCase() });
    }
    return operators;
  });

/** `myteam.cloudflareaccess.com` or `https://myteam.cloudflareaccess.com` → the https origin (the JWT's issuer). */
export const accessTeamDomain = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    try {
      const url = new URL(/^https?:\/\//.test(value) ? value : `https://${value}`);
      if (url.protocol !== "https:" || url.pathname !== "/" || url.search || url.username) throw new Error("not an origin");
      return url.origin;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be the Access team domain, e.g. https://myteam.cloudflareaccess.com" });
      return z.NEVER;
    }
  });
