/**
 * The methods a path is served with, from the app's own route table, so a wrong method on a known
 * path answers 405 with `Allow` (RFC 9110) rather than 404. Middleware (method ALL) is not a route.
 */
interface RouteTable {
  routes: readonly { method: string; path: string }[];
}

/** `/users/:user_id/token` → a matcher for `/users/u1/token`. */
const matcher = (path: string) =>
  new RegExp(
    `^${path
      .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
      .replace(/:[A-Za-z0-9_]+/g, "[^/]+")
      .replace(/\*/g, ".*")}$`,
  );

export function allowedMethods(app: RouteTable): (path: string) => string[] {
  let table: { method: string; matches: RegExp }[] | undefined;
  return (path) => {
    table ??= app.routes.filter((r) => r.method !== "ALL").map((r) => ({ method: r.method, matches: matcher(r.path) }));
    const methods = new Set(table.filter((r) => r.matches.test(path)).map((r) => r.method));
    return [...methods].sort();
  };
}
