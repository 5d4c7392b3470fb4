/**
 * Cloudflare Access in front of the console and the operator API: every request Access lets
 * through carries `Cf-Access-Jwt-Assertion`, an RS256 JWT signed by the team's keys. The Worker
 * does not trust the edge blindly: it verifies the JWT itself against the team's published keys
 * (`<team>/cdn-cgi/access/certs`), its issuer (the team domain) and audience (the application's
 * tag), and takes the operator to be the token's email.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { OPERATOR_NAME } from "./operator-config";

export const ACCESS_JWT_HEADER = "cf-access-jwt-assertion";

export interface AccessSettings {
  teamDomain: string;
  audience: string;
}

// One key set per team, per isolate: jose caches the keys and fetches again when a token names a
// key it has not seen (a rotation), at most once per 30 s.
const keySets = new Map<string, JWTVerifyGetKey>();

function keySetFor(teamDomain: string): JWTVerifyGetKey {
  let keys = keySets.get(teamDomain);
  if (!keys) {
    keys = createRemoteJWKSet(new URL("/cdn-cgi/access/certs", teamDomain));
    keySets.set(teamDomain, keys);
  }
  return keys;
}

export type AccessResult = { ok: true; email: string } | { ok: false; reason: string };

/** The operator an Access JWT names, or why it was refused (a reason safe to show: never the token). */
export async function verifyAccessJwt(token: string, settings: AccessSettings): Promise<AccessResult> {
  try {
    const { payload } = await jwtVerify(token, keySetFor(settings.teamDomain), {
      issuer: settings.teamDomain,
      audience: settings.audience,
      algorithms: ["RS256"],
      requiredClaims: ["exp", "iat"],
    });
    const email = typeof payload.email === "string" ? payload.email.toLowerCase() : undefined;
    if (!email || !OPERATOR_NAME.test(email)) return { ok: false, reason: "the Access token names no operator email" };
    return { ok: true, email };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: "the Access token has expired" };
    if (err instanceof errors.JWTClaimValidationFailed)
      return { ok: false, reason: `the Access token's ${err.claim} claim is not this application's` };
    if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, reason: "the Access token is not signed by this team's keys" };
    if (
      err instanceof errors.JWKSTimeout ||
      err instanceof errors.JWKSInvalid ||
      (err instanceof errors.JOSEError && err.code === "ERR_JOSE_GENERIC")
    ) {
      return { ok: false, reason: "the team's Access keys could not be fetched" };
    }
    if (err instanceof errors.JOSEError) return { ok: false, reason: "the Access token is malformed" };
    // fetch itself failed (network): the keys are unknown, so nobody gets in.
    return { ok: false, reason: "the team's Access keys could not be fetched" };
  }
}
