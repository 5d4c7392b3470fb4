/**
 * A service says what went wrong (src/services/errors.ts); the HTTP layer decides, once, how
 * each kind is answered (src/http/error-answer.ts). The table below is what the API answered
 * before services stopped throwing HTTP exceptions: every kind keeps its status and code, its
 * message as thrown, and no headers; a bulk approval reports the same code.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors";
import { errorAnswer, serviceAnswer } from "../../src/http/error-answer";
import {
  ConflictError,
  ConsentRequiredError,
  DependencyUnavailableError,
  InvalidRequestError,
  NoTransactionsError,
  NotFoundError,
  SERVICE_ERROR_CODES,
  ServiceError,
  type ServiceErrorKind,
} from "../../src/services/errors";

const ANSWERS: Record<ServiceErrorKind, { error: ServiceError; status: number; code: string }> = {
  not_found: { error: new NotFoundError("No user u1"), status: 404, code: "NOT_FOUND" },
  no_consent: { error: new ConsentRequiredError("User u1 has not granted consent (status: revoked)"), status: 403, code: "FORBIDDEN" },
  conflict: { error: new ConflictError("Cannot reject a recommendation that is rejected"), status: 409, code: "CONFLICT" },
  invalid: { error: new InvalidRequestError("transaction t1 appears more than once"), status: 400, code: "INVALID_INPUT" },
  no_transactions: { error: new NoTransactionsError("u1"), status: 422, code: "INVALID_INPUT" },
  unavailable: {
    error: new DependencyUnavailableError("Plaid did not answer (error); try again"),
    status: 503,
    code: "SERVICE_UNAVAILABLE",
  },
};

describe("service errors are answered from one table", () => {
  it("covers every kind the services can throw, each by its own error type", () => {
    expect(Object.keys(ANSWERS).sort()).toEqual(Object.keys(SERVICE_ERROR_CODES).sort());
    for (const [kind, { error }] of Object.entries(ANSWERS)) {
      expect(error).toBeInstanceOf(ServiceError);
      expect(error).not.toBeInstanceOf(ApiError);
      expect(error.kind).toBe(kind);
    }
  });

  for (const [kind, { error, status, code }] of Object.entries(ANSWERS)) {
    it(`answers ${kind} with ${status} ${code}, the message as thrown and no headers`, () => {
      expect(serviceAnswer(error.kind)).toEqual({ status, code });
      expect(errorAnswer(error, "req-1")).toEqual({ status, code, message: error.message, headers: {} });
      // What a bulk approval reports per id is the code the API answers with.
      expect(error.code).toBe(code);
    });
  }

  it("keeps the no-transactions message the API has always sent", () => {
    expect(errorAnswer(new NoTransactionsError("user_7"), "req-1").message).toBe("User user_7 has no transactions to compute signals from");
  });
});
