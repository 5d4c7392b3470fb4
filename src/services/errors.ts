/**
 * What went wrong in a service, said in the service's words: no such thing, no consent, a
 * conflict with the current state, a request the data refuses, nothing to compute from, a
 * dependency that is not there. No HTTP status here: the HTTP layer answers each kind once
 * (src/http/error-answer.ts), as JSON for the API and as a page for the console.
 */
import type { ErrorCode } from "../errors";

export type ServiceErrorKind = "not_found" | "no_consent" | "conflict" | "invalid" | "no_transactions" | "unavailable";

/**
 * The API's `error.code` for each kind. It sits here, not in the HTTP layer, because a service
 * reports it too: a bulk approval lists each id's failure as `{code, message}` (services/review.ts).
 */
export const SERVICE_ERROR_CODES = {
  not_found: "NOT_FOUND",
  no_consent: "FORBIDDEN",
  conflict: "CONFLICT",
  invalid: "INVALID_INPUT",
  no_transactions: "INVALID_INPUT",
  unavailable: "SERVICE_UNAVAILABLE",
} as const satisfies Record<ServiceErrorKind, ErrorCode>;

/** The base of every error a service throws on purpose; anything else is a fault. */
export abstract class ServiceError extends Error {
  abstract readonly kind: ServiceErrorKind;

  /** The API's `error.code` for it. */
  get code(): ErrorCode {
    return SERVICE_ERROR_CODES[this.kind];
  }
}

/** No such person, recommendation, job or stored profile. */
export class NotFoundError extends ServiceError {
  readonly kind = "not_found";
  override name = "NotFoundError";
}

/** The person has not granted consent, so nothing is generated for them. */
export class ConsentRequiredError extends ServiceError {
  readonly kind = "no_consent";
  override name = "ConsentRequiredError";
}

/** The current state does not allow it: a review of an already-reviewed recommendation, an item held by another person. */
export class ConflictError extends ServiceError {
  readonly kind = "conflict";
  override name = "ConflictError";
}

/** Another operator has claimed the item for review; their claim holds until they decide or it lapses. */
export class ClaimedError extends ConflictError {
  override name = "ClaimedError";
  constructor(
    readonly heldBy: string,
    readonly since: Date,
  ) {
    super(`${heldBy} is reviewing this (claimed at ${since.toISOString().slice(0, 19).replace("T", " ")} UTC): nothing was decided`);
  }
}

/** The request names something the data refuses (another person's account, a token Plaid refused). */
export class InvalidRequestError extends ServiceError {
  readonly kind = "invalid";
  override name = "InvalidRequestError";
}

/** The person has no transactions, so there is nothing to compute signals from. */
export class NoTransactionsError extends ServiceError {
  readonly kind = "no_transactions";
  override name = "NoTransactionsError";
  constructor(userId: string) {
    super(`User ${userId} has no transactions to compute signals from`);
  }
}

/** A dependency is not configured or did not answer (Plaid); trying again later may work. */
export class DependencyUnavailableError extends ServiceError {
  readonly kind = "unavailable";
  override name = "DependencyUnavailableError";
}
