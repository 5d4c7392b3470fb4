/**
 * GET /openapi.json: the OpenAPI 3.1 document of the JSON API, generated from the routes'
 * contracts (src/http/openapi.ts). No token, like /health. The console's HTML pages (/console/…)
 * are not part of the API and are not in it.
 */
import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { description, version } from "../../package.json";
import { contract, jsonResponse, openErrorResponses, registerSecurity, TAGS } from "../http/openapi";
import type { AppEnv } from "../http/types";

const document = contract({
  method: "get",
  path: "/openapi.json",
  operationId: "getOpenAPIDocument",
  summary: "This document",
  tags: ["health"],
  security: [],
  responses: {
    200: jsonResponse(z.record(z.string(), z.unknown()), "The OpenAPI 3.1 document of every JSON route"),
    ...openErrorResponses(),
  },
});

/** Serve the document of every route `app` has when it is first asked for (register this before the other routes: it needs no token). */
export function serveOpenAPIDocument(app: OpenAPIHono<AppEnv>): void {
  const security = registerSecurity(app);
  let built: Record<string, unknown> | undefined;
  app.openapi(document, (c) => {
    built ??= app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: "SpendSense Edge", version, description },
      tags: Object.entries(TAGS).map(([name, text]) => ({ name, description: text })),
      security,
    }) as unknown as Record<string, unknown>;
    // The server is the one that answered: the document describes the deployment it came from.
    return c.json(
      { ...built, servers: [{ url: new URL(c.req.url).origin, description: "The deployment that served this document" }] },
      200,
    );
  });
}
