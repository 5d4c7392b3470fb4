import type { RequestIdVariables } from "hono/request-id";
import type { TimingVariables } from "hono/timing";
import type { Config, Env } from "../config";
import type { Services } from "../services/services";

type Scope = "user" | "operator";

/**
 * Who is calling, from the bearer token:
 * - `operator`: a named operator (OPERATOR_TOKEN is "operator", OPERATORS names others, or a
 *   Cloudflare Access email), every route;
 * - `service`: API_TOKEN, user routes for any user (a trusted backend acting for people);
 * - `user`: a user-bound token (`ss_usr_…`), user routes for its own user only.
 */
export type Principal =
  | { kind: "operator"; scope: "operator"; operator: string }
  | { kind: "service"; scope: "user" }
  | { kind: "user"; scope: "user"; userId: string };

export interface AppEnv {
  Bindings: Env;
  Variables: RequestIdVariables &
    TimingVariables & {
      config: Config;
      services: Services;
      scope: Scope;
      principal: Principal;
    };
}
