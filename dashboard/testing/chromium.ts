/**
 * How the browser tests start Chromium: Debian's binary (or PLBENCH_CHROMIUM), headless, with the
 * network-quiet flags a machine without internet needs, and where screenshots go.
 */

import { filePart, type SystemPart } from "../../src/testing/system_parts.ts";

/** The Chromium executable the tests drive. */
export const CHROMIUM = Deno.env.get("PLBENCH_CHROMIUM") ?? "/usr/bin/chromium";

/** Chromium as a system part the browser tests need. */
export const CHROMIUM_PART: SystemPart = filePart("Chromium", ["chromium"], [CHROMIUM]);

/** Launch flags: headless, no sandbox (root), no GPU, no background connections or updates. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
];

/** The (gitignored) folder the browser tests write their screenshots to. */
export const SCREENSHOTS = new URL("../../screenshots/", import.meta.url);
