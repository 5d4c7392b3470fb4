import { api, contract, jsonResponse, openErrorResponses } from "../http/openapi";
import { HealthSchema } from "../http/schemas";
import { checkHealth } from "../services/health";

const health = contract({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  summary: "Every component, which implementation is active, and whether it answers",
  tags: ["health"],
  security: [],
  responses: {
    200: jsonResponse(HealthSchema, "Every component answers"),
    ...openErrorResponses(),
    503: jsonResponse(HealthSchema, "A component does not answer (status degraded)"),
  },
});

/** GET /health: no token (a load balancer's probe). */
export const healthRoutes = api().openapi(health, async (c) => {
  const report = await checkHealth(c.get("services"));
  c.header("Cache-Control", "no-store");
  return report.status === "ok" ? c.json(report, 200) : c.json(report, 503);
});
