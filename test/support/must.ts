/**
 * A value a test builds on. A helper that can read nothing (null or undefined) would let
 * `expect(after).toEqual(before)` compare absent with absent and never fail, so it throws instead.
 */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected a value: ${what}`);
  return value;
}
