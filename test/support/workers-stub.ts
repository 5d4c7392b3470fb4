/**
 * `cloudflare:workers` for Node: the Worker's modules load in the node project (to read the
 * served OpenAPI document) without the Workers runtime. Only the class a Durable Object extends.
 */
export class DurableObject {
  constructor(
    readonly ctx: unknown,
    readonly env: unknown,
  ) {}
}
