import assert from "node:assert/strict";
import {
  commandsPart,
  filePart,
  INSTALL_COMMAND,
  MissingSystemPartError,
  systemPartsRequired,
  verdict,
} from "./system_parts.ts";

const env = (vars: Record<string, string>) => (k: string) => vars[k];

Deno.test("systemPartsRequired() is true for CI=true or PLBENCH_REQUIRE_SYSTEM=1 only", () => {
  assert.equal(systemPartsRequired(env({})), false);
  assert.equal(systemPartsRequired(env({ CI: "" })), false);
  assert.equal(systemPartsRequired(env({ CI: "false" })), false);
  assert.equal(systemPartsRequired(env({ PLBENCH_REQUIRE_SYSTEM: "0" })), false);
  assert.equal(systemPartsRequired(env({ CI: "true" })), true);
  assert.equal(systemPartsRequired(env({ CI: "TRUE" })), true);
  assert.equal(systemPartsRequired(env({ CI: "1" })), true);
  assert.equal(systemPartsRequired(env({ PLBENCH_REQUIRE_SYSTEM: "1" })), true);
});

Deno.test("verdict() runs with every part, skips with one line without one, and throws when required", () => {
  assert.deepEqual(verdict("a_test.ts", [], false), { ignore: false, line: null });
  assert.deepEqual(verdict("a_test.ts", [], true), { ignore: false, line: null });
  const missing = [{ name: "Chromium", why: "/usr/bin/chromium not found", debian: ["chromium"] }];
  const skip = verdict("a_test.ts", missing, false);
  assert.equal(skip.ignore, true);
  assert.equal(
    skip.line,
    "SKIP a_test.ts: needs Chromium (/usr/bin/chromium not found); " +
      `install with \`${INSTALL_COMMAND}\` (Debian packages chromium)`,
  );
  const two = [{ name: "root", why: "running as uid 1000", debian: [] }, {
    name: "Slurm",
    why: "sbatch not found",
    debian: ["slurmd", "munge"],
  }];
  assert.equal(
    verdict("b_test.ts", two, false).line,
    "SKIP b_test.ts: needs root (running as uid 1000), Slurm (sbatch not found); " +
      `install with \`${INSTALL_COMMAND}\` (Debian packages slurmd munge)`,
  );
  assert.throws(
    () => verdict("a_test.ts", missing, true),
    (e: unknown) =>
      e instanceof MissingSystemPartError &&
      e.message.includes("a_test.ts needs Chromium (/usr/bin/chromium not found)") &&
      e.message.includes(INSTALL_COMMAND),
  );
});

Deno.test("filePart() and commandsPart() find what exists and name what does not", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/lib.so`, "");
    assert.equal(await filePart("lib", [], [`${dir}/absent.so`, `${dir}/lib.so`]).missing(), null);
    assert.equal(await filePart("lib", [], [`${dir}/x.so`]).missing(), `${dir}/x.so not found`);
    assert.equal(await filePart("lib", [], [`${dir}/x.so`], "no lib").missing(), "no lib");
    assert.equal(
      await filePart("dir", [], [dir]).missing(),
      `${dir} not found`,
      "a folder is no file",
    );
    assert.equal(await commandsPart("shell", [], ["sh"]).missing(), null);
    assert.equal(
      await commandsPart("tools", [], ["sh", "plbench-no-such-command"]).missing(),
      "plbench-no-such-command not found",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs the gated test file in a fresh `deno test` with `vars` as the only requirement settings. */
async function runGated(vars: Record<string, string>) {
  const file = new URL("./testdata/gated_tests.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--allow-read", "--allow-env", file],
    env: { CI: "", PLBENCH_REQUIRE_SYSTEM: "", NO_COLOR: "1", ...vars },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test("a real test run skips the tests of a missing part with one line, and fails with CI=true", async () => {
  const relaxed = await runGated({});
  assert.equal(relaxed.code, 0, relaxed.text);
  const skipLines = relaxed.text.split("\n").filter((l) => l.startsWith("SKIP "));
  assert.deepEqual(skipLines, [
    "SKIP src/testing/testdata/gated_tests.ts: needs a part never installed " +
    `(/nonexistent/plbench-system-part not found); install with \`${INSTALL_COMMAND}\` ` +
    "(Debian packages plbench-none)",
  ]);
  assert.match(relaxed.text, /first test of the absent part \.\.\. ignored/);
  assert.match(relaxed.text, /second test of the absent part \.\.\. ignored/);
  assert.match(relaxed.text, /present part: ran/);
  assert.match(relaxed.text, /no parts: ran/);
  assert.doesNotMatch(relaxed.text, /ran without its part/);

  const strictSettings: Record<string, string>[] = [{ CI: "true" }, {
    PLBENCH_REQUIRE_SYSTEM: "1",
  }];
  for (const vars of strictSettings) {
    const strict = await runGated(vars);
    assert.notEqual(strict.code, 0, `${JSON.stringify(vars)} must fail:\n${strict.text}`);
    assert.match(
      strict.text,
      /MissingSystemPartError: src\/testing\/testdata\/gated_tests\.ts needs a part never installed/,
    );
    assert.doesNotMatch(strict.text, /^SKIP /m);
  }
});
