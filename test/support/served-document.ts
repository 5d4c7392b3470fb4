/**
 * The OpenAPI document exactly as the Worker serves it: `GET /openapi.json` through the real app
 * (its middleware included), run in Node. The route needs no database or binding; the config
 * check wants its required variables, given here as placeholders.
 */
export { servedOpenAPIDocument as servedDocument } from "../../scripts/lib/openapi-document";
