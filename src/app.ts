import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { timing } from "hono/timing";
import { configFor } from "./config";
import { ApiError } from "./errors";
import { allowedMethods } from "./http/allowed-methods";
import { errorAnswer } from "./http/error-answer";
import { authenticate } from "./http/auth";
import { rateLimit } from "./http/rate-limit";
import { inputHook } from "./http/openapi";
import { MAX_BODY_BYTES, MAX_SYNC_BODY_BYTES, maxBodyBytes, quote } from "./http/params";
import type { AppEnv } from "./http/types";
import { createLogger } from "./logger";
import { healthRoutes } from "./routes/health";
import { consoleRoutes } from "./console/routes";
import { consentRoutes } from "./routes/consent";
import { serveOpenAPIDocument } from "./routes/openapi";
import { operatorRoutes } from "./routes/operator";
import { recommendationRoutes } from "./routes/recommendations";
import { jobRoutes } from "./routes/jobs";
import { syncRoutes } from "./routes/sync";
import { plaidItemRoutes, plaidWebhookRoutes } from "./routes/plaid";
import { tokenRoutes } from "./routes/tokens";
import { userRoutes } from "./routes/users";
import { createServices } from "./services/services";

/** The request log line names the operator who acted (issue 25); other callers stay unnamed. */
const operatorOf = (p: AppEnv["Variables"]["principal"] | undefined) => (p?.kind === "operator" ? { operator: p.operator } : {});

/** How each request's services are built: `createServices`, or a test's variant of it (the one place tests swap parts). */
export type ServicesFactory = typeof createServices;

export function createApp(options: { services?: ServicesFactory } = {}) {
  const buildServices = options.services ?? createServices;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: inputHook });

  app.use(requestId({ headerName: "X-Request-Id" }));
  // A JSON API never serves a page: no framing, no sources, no caching of personal data. The
  // console's pages set their own, still strict, policy (src/console/guard.ts), which this keeps.
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      xFrameOptions: "DENY",
      overwrite: false,
    }),
  );
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
  });
  app.use(timing({ crossOrigin: false }));
  const limits = [MAX_BODY_BYTES, MAX_SYNC_BODY_BYTES].map(
    (maxSize) =>
      [
        maxSize,
        bodyLimit({
          maxSize,
          onError: () => {
            throw new ApiError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${maxSize} bytes`);
          },
        }),
      ] as const,
  );
  app.use((c, next) => limits.find(([size]) => size === maxBodyBytes(c.req.path))![1](c, next));
  app.use(async (c, next) => {
    const started = performance.now();
    // A bad environment fails here, before anything else runs, with the variables named.
    const config = configFor(c.env);
    const services = buildServices(c.env, config, c.get("requestId"), c.executionCtx);
    c.set("config", config);
    c.set("services", services);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(services.close());
      services.logger.info("request", {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        total_ms: Math.round(performance.now() - started),
        ...operatorOf(c.get("principal")),
      });
    }
  });

  // Without a token: the health probe and the API's OpenAPI document (every JSON route's contract).
  app.route("/", healthRoutes);
  serveOpenAPIDocument(app);
  // The operator console authenticates with its own session cookie, so it sits before the
  // bearer-token middleware; every /console path ends inside it (its own 404 included).
  app.route("/console", consoleRoutes);
  // Plaid signs its webhooks (Plaid-Verification); no bearer token (src/routes/plaid.ts).
  app.route("/", plaidWebhookRoutes);
  app.use("*", authenticate);
  app.use("*", rateLimit);
  app.route("/", userRoutes);
  app.route("/", tokenRoutes);
  app.route("/", consentRoutes);
  app.route("/", recommendationRoutes);
  app.route("/", syncRoutes);
  app.route("/", plaidItemRoutes);
  app.route("/", jobRoutes);
  app.route("/", operatorRoutes);

  const methodsOf = allowedMethods(app);
  app.notFound((c) => {
    const allowed = methodsOf(c.req.path);
    if (allowed.length > 0) {
      c.header("Allow", allowed.join(", "));
      return c.json(
        {
          error: {
            code: "METHOD_NOT_ALLOWED",
            message: `${c.req.method} is not served on ${quote(c.req.path)}; use ${allowed.join(" or ")}`,
          },
        },
        405,
      );
    }
    return c.json({ error: { code: "NOT_FOUND", message: `No route ${c.req.method} ${quote(c.req.path)}` } }, 404);
  });

  app.onError((err, c) => {
    const id = c.get("requestId");
    const logger = c.get("services")?.logger ?? createLogger("info", { request_id: id });
    const answer = errorAnswer(err, id);
    if (answer.log) logger.error(answer.log.event, answer.log.fields);
    for (const [k, v] of Object.entries(answer.headers)) c.header(k, v);
    return c.json({ error: { code: answer.code, message: answer.message } }, answer.status);
  });

  return app;
}
