/**
 * The browser for the console's test: the Chromium that `npm install` brings inside the
 * @sparticuz/chromium package (brotli-compressed; executablePath() unpacks it to the temp
 * directory once), driven by playwright-core. No browser download happens at install or test time.
 */
import chromium from "@sparticuz/chromium";
import { chromium as playwright, type Browser } from "playwright-core";

/**
 * Flags of the package's serverless defaults that would weaken what the test checks (same-origin
 * policy, mixed content, site isolation); the rest (no sandbox as root, headless shell) are needed
 * to run here.
 */
const WEAKENING = new Set(["--disable-web-security", "--allow-running-insecure-content", "--disable-site-isolation-trials"]);

/**
 * Its GL flags (SwiftShader through ANGLE) emulate a GPU on the CPU; the console draws no WebGL, and
 * plain software raster (--disable-gpu) renders the same pages with a tenth less CPU.
 */
const GL = new Set([
  "--ignore-gpu-blocklist",
  "--in-process-gpu",
  "--use-gl=angle",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
]);

export async function launchChromium(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  return playwright.launch({
    executablePath,
    args: [...chromium.args.filter((a) => !WEAKENING.has(a) && !GL.has(a)), "--disable-gpu"],
    headless: true,
  });
}
