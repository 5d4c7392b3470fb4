/**
 * The first key that appears twice in one JSON object of `text`, or undefined when there is none.
 *
 * JSON.parse keeps the last of two equal keys without a word, so `{"action":"grant","action":"revoke"}`
 * would be read as a revoke that a reviewer of the raw body could read as a grant. Call this only
 * on text JSON.parse has accepted: it is a single pass over tokens, not a validator. Keys are
 * compared after unescaping (`"a"` and `"\u0061"` are the same key). Iterative, so nesting depth
 * cannot overflow the stack.
 */
export function findDuplicateKey(text: string): string | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  // True where the next string is an object key (after `{` or after `,` inside an object).
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const end = endOfString(text, i);
      const keys = open[open.length - 1];
      if (keyNext && keys) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        keyNext = false;
      }
      i = end - 1;
    } else if (ch === OPEN_OBJECT) {
      open.push(new Set());
      keyNext = true;
    } else if (ch === OPEN_ARRAY) {
      open.push(null);
      keyNext = false;
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      open.pop();
      keyNext = false;
    } else if (ch === COMMA) {
      keyNext = open[open.length - 1] != null;
    } else if (ch === COLON) {
      keyNext = false;
    }
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Index just past the closing quote of the string literal that opens at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === BACKSLASH) i++;
    else if (ch === QUOTE) return i + 1;
  }
  return text.length;
}
