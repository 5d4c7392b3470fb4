/**
 * Static files of the console, built into the Worker and served from /console/assets/. Each URL
 * carries a hash of its content, so browsers may keep a file for a year and a new deploy is
 * fetched at once.
 */
import { CLIENT_SCRIPT } from "./client";
import { STYLES } from "./styles";

/** FNV-1a, 32 bits: a cache-busting fingerprint, not a security measure. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export interface Asset {
  body: string;
  contentType: string;
}

const CSS_NAME = `console.${fingerprint(STYLES)}.css`;
const JS_NAME = `console.${fingerprint(CLIENT_SCRIPT)}.js`;

export const STYLESHEET_URL = `/console/assets/${CSS_NAME}`;
export const SCRIPT_URL = `/console/assets/${JS_NAME}`;

export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  [CSS_NAME, { body: STYLES, contentType: "text/css; charset=utf-8" }],
  [JS_NAME, { body: CLIENT_SCRIPT, contentType: "text/javascript; charset=utf-8" }],
]);
