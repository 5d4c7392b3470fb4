import { Hono } from "hono";
import { noQuery, readQuery } from "../http/params";
import type { AppEnv } from "../http/types";
import { checkHealth } from "../services/health";

/** GET /health: every component, which implementation is active, and whether it answers. */
export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  readQuery(c, noQuery);
  const report = await checkHealth(c.get("services"));
  c.header("Cache-Control", "no-store");
  return c.json(report, report.status === "ok" ? 200 : 503);
});
