import assert from "node:assert/strict";
import { parseNightlyArgs } from "../cli/nightly_args.ts";
import { checkCronExpression } from "./schedule.ts";

const DIR = new URL("../../deploy/nightly/", import.meta.url);

async function read(name: string): Promise<string> {
  return await Deno.readTextFile(new URL(name, DIR));
}

/** The flags after `deno task nightly` on a shell line, placeholders replaced by a URL. */
function nightlyFlags(line: string): string[] {
  const after = line.split("deno task nightly")[1];
  assert.ok(after !== undefined, `no 'deno task nightly' in ${line}`);
  const text = after.split(">>")[0]!.replace(/\$\{\{[^}]*\}\}/g, "http://dashboard.example");
  return text.trim().split(/\s+/).map((w) => w.replace(/^"|"$/g, ""));
}

function cronLine(text: string): string {
  const lines = text.split("\n").filter((l) => /^[0-9*]/.test(l));
  assert.equal(lines.length, 1);
  return lines[0]!;
}

Deno.test("the crontab and scrontab templates hold a valid schedule and valid nightly flags", async () => {
  for (const name of ["crontab", "scrontab"]) {
    const line = cronLine(await read(name));
    const schedule = line.split(/\s+/).slice(0, 5).join(" ");
    assert.equal(checkCronExpression(schedule), "0 3 * * *");
    const flags = parseNightlyArgs(nightlyFlags(line));
    assert.match(flags.upload ?? "", /^http:\/\//, name);
  }
  assert.match(await read("scrontab"), /^#SCRON --time=00:30:00$/m);
});

Deno.test("the GitHub Actions workflow has a schedule trigger and valid nightly flags", async () => {
  const text = await read("github-actions.yml");
  checkCronExpression(/- cron: "([^"]+)"/.exec(text)![1]!);
  const run = text.split("\n").find((l) => l.includes("deno task nightly"))!;
  assert.equal(parseNightlyArgs(nightlyFlags(run)).upload, "http://dashboard.example");
});
