/** A small client for the running API, used by the batch scripts. */
import type { z } from "@hono/zod-openapi";
import type { ErrorSchema } from "../../src/http/openapi";
import type { GenerateSchema, HealthSchema, JobSchema, JobStartedSchema, ProfileSchema, RecommendationListSchema, UserListSchema, VectorSearchSchema } from "../../src/http/schemas";

/** The API's answers, as its response schemas (src/http/schemas.ts) declare them. */
export type GenerateResponse = z.infer<typeof GenerateSchema>;
export type UserPage = z.infer<typeof UserListSchema>;
export type HealthResponse = z.infer<typeof HealthSchema>;
export type VectorSearchResponse = z.infer<typeof VectorSearchSchema>;
export type JobStarted = z.infer<typeof JobStartedSchema>;
export type JobStatus = z.infer<typeof JobSchema>;
export type ErrorResponse = z.infer<typeof ErrorSchema>;
export type ProfileResponse = z.infer<typeof ProfileSchema>;
export type RecommendationList = z.infer<typeof RecommendationListSchema>;

export class ApiRequestError extends Error {
  override name = "ApiRequestError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** 429, 5xx and network errors are worth retrying; other 4xx are not. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: { Authorization: `Bearer ${this.token}`, Accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      throw new ApiRequestError(0, "NETWORK", `cannot reach ${this.baseUrl}: ${(err as Error).message}`);
    }
    const answer = (await res.json().catch(() => ({}))) as Partial<ErrorResponse>;
    if (!res.ok) throw new ApiRequestError(res.status, answer.error?.code ?? "HTTP_ERROR", answer.error?.message ?? `HTTP ${res.status}`);
    return answer as T;
  }
}
