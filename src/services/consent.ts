/**
 * Consent: recorded in Postgres (the record) and in the person's Durable Object (what every
 * location checks before serving), in the order that fails closed.
 */
import { consentStatus, getConsent, setConsent, type ConsentAction, type ConsentState } from "../db/consent";
import { NotFoundError } from "./errors";
import type { Services } from "./services";

const noUser = (userId: string) => new NotFoundError(`No user ${userId}`);

/** Current consent and its history; NotFoundError for an unknown user. */
export async function readConsent(services: Services, userId: string): Promise<ConsentState> {
  const consent = await getConsent(services.db(), userId);
  if (!consent) throw noUser(userId);
  return consent;
}

/**
 * Grant or revoke; once this returns, every location has stopped (or started) serving the person.
 * A revocation stops serving first and is recorded second; a grant is recorded first and starts
 * serving second. If the second write fails, the request fails (503) and the person is, at worst,
 * not served. `actor` is the caller's scope, as the history records it.
 */
export async function recordConsent(services: Services, userId: string, action: ConsentAction, actor: string): Promise<ConsentState> {
  if (!(await consentStatus(services.db(), userId))) throw noUser(userId);
  if (action === "revoke") {
    await services.people.setConsent(userId, "revoked");
    await setConsent(services.db(), userId, action, actor);
  } else {
    const result = await setConsent(services.db(), userId, action, actor);
    await services.people.setConsent(userId, "granted");
    if (!result) throw noUser(userId);
  }
  return readConsent(services, userId);
}
