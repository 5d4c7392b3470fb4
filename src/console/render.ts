import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSX } from "hono/jsx/jsx-runtime";

/** A whole HTML page with its doctype. */
export async function page(c: Context, node: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  return c.html(`<!DOCTYPE html>${String(await node)}`, status);
}

/** Messages after a redirect, chosen from a fixed list by a code in the query (never reflected text). */
export const DONE_MESSAGES = {
  approved: "Approved. It is being indexed for reuse.",
  rejected: "Rejected. Its vector, if any, is being taken out of the index.",
  overridden: "Status overridden.",
} as const;

export type DoneCode = keyof typeof DONE_MESSAGES;
