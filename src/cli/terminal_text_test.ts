import assert from "node:assert/strict";
import { terminalSafe } from "./terminal_text.ts";
import { main } from "../../main.ts";
import { listReports, writeReport } from "../spool/store_files.ts";
import type { Report } from "../report/schema.ts";
import { realDeps } from "./testdata/deps.ts";

Deno.test("terminalSafe() shows every terminal control as an escape and keeps the text", () => {
  assert.equal(terminalSafe("boom\x1b]0;owned\x07 done"), "boom\\x1b]0;owned\\x07 done");
  assert.equal(terminalSafe("a\rb\x00c\x7fd\x9be"), "a\\x0db\\x00c\\x7fd\\x9be");
  assert.equal(terminalSafe("left \u202eright\u2066"), "left \\u202eright\\u2066");
  for (let code = 0; code < 0x20; code++) {
    const shown = terminalSafe(String.fromCharCode(code));
    if (code === 9 || code === 10) assert.equal(shown, String.fromCharCode(code));
    else assert.match(shown, /^\\x[0-9a-f]{2}$/, `code ${code}`);
  }
});

Deno.test("terminalSafe() leaves plain text, tabs, newlines and other scripts as they are", () => {
  const text = "λ_min 0.18 → 0.58\tθ\nsecond line: ρ 0.99, 幅 128";
  assert.equal(terminalSafe(text), text);
});

Deno.test("claims and the end of a sweep print a report's error and decay reason with their escapes shown", async () => {
  const out = await Deno.makeTempDir();
  const sweep = ["sweep", "--suite", "lemniscate", "--out", out, "--no-db", "--quiet"];
  assert.equal(await main(sweep, realDeps()), 0);
  const reports = await listReports(out);
  assert.equal(reports.length, 2);
  const [first, second] = reports as [Report, Report];
  const title = "\x1b]0;owned\x07\x1b[2J";
  // one regime (no late phase for the claim to read instead), undetermined for an odd reason
  const decay = {
    ...first.summary.decay!,
    model: "undetermined",
    reason: `odd${title}`,
    change: null,
  };
  await writeReport(out, { ...first, summary: { ...first.summary, decay } } as Report);
  await writeReport(out, { ...second, status: "failed", error: `boom${title}` });

  const claims = realDeps();
  await main(["claims", "--out", out], claims);
  const judged = claims.out.text();
  assert.match(judged, /undetermined \(odd\\x1b\]0;owned\\x07\\x1b\[2J\)/);
  assert.match(judged, /failed: boom\\x1b\]0;owned\\x07\\x1b\[2J/);
  assert.ok(!judged.includes("\x1b") && !judged.includes("\x07"), "no raw escape");

  const again = realDeps();
  await main(sweep, again);
  assert.match(again.out.text(), /undetermined \(odd\\x1b\]0;owned\\x07\\x1b\[2J\)/);
  assert.ok(!again.out.text().includes("\x1b"), "no raw escape");
  await Deno.remove(out, { recursive: true });
});
