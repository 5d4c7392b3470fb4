/**
 * A field's name in an error message, in the one style the API uses everywhere: dots between
 * names, brackets around array indices (`body.added[3].balances.current`), as the document's
 * field names are written.
 */
export function fieldPath(where: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : `${out}.${String(key)}`), where);
}
