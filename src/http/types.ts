import type { RequestIdVariables } from "hono/request-id";
import type { TimingVariables } from "hono/timing";
import type { Config, Env } from "../config";
import type { Services } from "../services/services";

export type Scope = "user" | "operator";

export interface AppEnv {
  Bindings: Env;
  Variables: RequestIdVariables &
    TimingVariables & {
      config: Config;
      services: Services;
      scope: Scope;
    };
}
