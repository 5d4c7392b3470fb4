/**
 * The TypeScript types of the API, generated from the OpenAPI document the Worker serves
 * (openapi-typescript), for the typed client (openapi-fetch) that scripts and tests call it with.
 */
import { join } from "node:path";
import { ROOT } from "./local-settings";

/** Where the generated types are checked in. */
export const API_TYPES_MODULE = "scripts/lib/api-schema.ts";
export const API_TYPES_PATH = join(ROOT, API_TYPES_MODULE);

const HEADER = `/**
 * The API's paths, operations and schemas, generated from GET /openapi.json by \`npm run api:types\`.
 * Do not edit: change the routes' contracts (src/routes, src/http) and run it again; a test fails
 * while this file is out of step with the served document.
 */
/* eslint-disable */
`;

/** The types module for `document` (the served OpenAPI document). */
export async function renderApiTypes(document: Record<string, unknown>): Promise<string> {
  const { default: openapiTS } = await import("openapi-typescript");
  // Servers name the deployment that answered; they are not part of the types.
  const body = await openapiTS({ ...document, servers: [] } as never, { exportType: false, immutableTypes: false, commentHeader: "" });
  return HEADER + body;
}
