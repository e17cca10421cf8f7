import assert from "node:assert/strict";
import { UsageError } from "../util/usage_error.ts";
import { DEFAULT_BASELINE, parseBaselineArgs, parseNightlyArgs } from "./nightly_args.ts";

function refuses(args: string[], includes: string): void {
  assert.throws(
    () => parseNightlyArgs(args),
    (e: unknown) => e instanceof UsageError && e.message.includes(includes),
  );
}

Deno.test("parseNightlyArgs() defaults to the recorded baseline and the whole set", () => {
  const flags = parseNightlyArgs([]);
  assert.equal(flags.baseline, DEFAULT_BASELINE);
  assert.equal(flags.compare, true);
  assert.equal(flags.upload, null);
  assert.equal(flags.jobs, null);
  assert.deepEqual(flags.only, []);
});

Deno.test("parseNightlyArgs() reads every flag, --set and --only repeatable", () => {
  const flags = parseNightlyArgs([
    "--baseline",
    "b.json",
    "--upload",
    "http://127.0.0.1:8080",
    "--shard",
    "1/2",
    "--out",
    "o",
    "--jobs",
    "2",
    "--backend",
    "wasm",
    "--set",
    "lr=0.1",
    "--set",
    "epochs=3",
    "--only",
    "a,b",
  ]);
  assert.deepEqual(
    [flags.baseline, flags.upload, flags.shard, flags.out, flags.jobs, flags.backend],
    ["b.json", "http://127.0.0.1:8080", "1/2", "o", 2, "wasm"],
  );
  assert.deepEqual(flags.sets, ["lr=0.1", "epochs=3"]);
  assert.deepEqual(flags.only, ["a", "b"]);
});

Deno.test("parseNightlyArgs() refuses bad flags with a message naming the value", () => {
  refuses(["--upload", "dashboard:8080"], "Invalid --upload 'dashboard:8080'");
  refuses(["--jobs", "0"], "Invalid --jobs '0': expected a whole number >= 1");
  refuses(["--frobnicate"], "frobnicate");
  refuses(["--backend", "tpu"], "tpu");
});

Deno.test("parseBaselineArgs() takes several --from folders and an --out file", () => {
  const flags = parseBaselineArgs(["--from", "a", "--from", "b", "--out", "x.json"]);
  assert.deepEqual([flags.from, flags.out], [["a", "b"], "x.json"]);
  assert.equal(parseBaselineArgs([]).out, DEFAULT_BASELINE);
});
