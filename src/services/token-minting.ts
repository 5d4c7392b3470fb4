/** Minting user-bound bearer tokens (the format is in src/http/user-tokens.ts). */
import { ConfigError } from "../config";
import { signUserToken } from "../http/user-tokens";
import type { Services } from "./services";
import { requireUser } from "./users";

/** A token for `userId` valid `ttlSeconds`; 500 BAD_ENVIRONMENT without USER_TOKEN_SECRET, 404 for an unknown user. */
export async function mintUserToken(services: Services, userId: string, ttlSeconds: number) {
  const secret = services.config.USER_TOKEN_SECRET;
  if (!secret) throw new ConfigError([{ variable: "USER_TOKEN_SECRET", message: "is required to mint user tokens" }]);
  await requireUser(services, userId);
  const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds;
  const token = await signUserToken(secret, { userId, expiresAt });
  const expires_at = new Date(expiresAt * 1000).toISOString();
  services.logger.info("user_token_minted", { user_id: userId, expires_at });
  return { user_id: userId, token, token_type: "Bearer" as const, expires_at, expires_in: ttlSeconds };
}
