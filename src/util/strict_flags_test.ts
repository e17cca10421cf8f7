import assert from "node:assert/strict";
import { parseArgs as nodeParseArgs } from "node:util";
import { FlagError, type Flags, parseFlags } from "./strict_flags.ts";

const spec = {
  string: ["suite", "out", "db"],
  collect: ["set"],
  boolean: ["force", "help", "no-db"],
  short: { h: "help" },
};
const nodeOptions = {
  suite: { type: "string" as const },
  out: { type: "string" as const },
  db: { type: "string" as const },
  set: { type: "string" as const, multiple: true },
  force: { type: "boolean" as const },
  help: { type: "boolean" as const, short: "h" },
  "no-db": { type: "boolean" as const },
};

/** Node's strict parseArgs (the reference) in the shape of Flags, or its error message. */
function reference(args: string[]): Flags | string {
  try {
    const { values } = nodeParseArgs({ args, options: nodeOptions, strict: true });
    return {
      strings: {
        suite: values.suite as string | undefined,
        out: values.out as string | undefined,
        db: values.db as string | undefined,
      },
      lists: { set: (values.set as string[] | undefined) ?? [] },
      booleans: {
        force: values.force === true,
        help: values.help === true,
        "no-db": values["no-db"] === true,
      },
    };
  } catch (e) {
    return (e as Error).message;
  }
}

function ours(args: string[]): Flags | string {
  try {
    return parseFlags(args, spec);
  } catch (e) {
    assert.ok(e instanceof FlagError, String(e));
    return e.message;
  }
}

const CASES: string[][] = [
  [],
  ["--suite", "mlp-mnist", "--force"],
  ["--suite=a", "--suite", "b"],
  ["--suite="],
  ["--suite", "-"],
  ["--suite=-x"],
  ["--set", "a=1", "--set=b=2", "--set", "c"],
  ["-h"],
  ["-hh"],
  ["--help", "--force", "--force"],
  ["--out", "runs", "--"],
  ["--bogus"],
  ["--bogus=1"],
  ["-x"],
  ["-hx"],
  ["--no-force"],
  ["--suite"],
  ["--set"],
  ["--suite", "--force"],
  ["--out", "-r"],
  ["--force=1"],
  ["--help=false"],
  ["extra"],
  ["--force", "extra"],
  ["--", "extra"],
  ["-"],
  ["--Suite", "x"],
  ["--no-db"],
  ["--db", "x.db", "--no-db"],
  ["--no-db=1"],
  ["--no-force"],
  ["--set", "a=--x", "--set=--y"],
];

Deno.test("parseFlags() gives what Node's strict parseArgs gives, values and refusals alike", () => {
  for (const args of CASES) {
    assert.deepEqual(ours(args), reference(args), JSON.stringify(args));
  }
  // the refusals this table reaches, so a change of the reference cannot empty it
  const refusals = CASES.map(ours).filter((r) => typeof r === "string");
  assert.equal(refusals.length, 18);
});

Deno.test("parseFlags() names the first bad argument in one line", () => {
  assert.throws(() => parseFlags(["--bogus"], spec), { message: "Unknown option '--bogus'" });
  assert.throws(
    () => parseFlags(["--suite", "--force"], spec),
    (e: Error) => e.message.split("\n")[0] === "Option '--suite' argument is ambiguous.",
  );
  assert.throws(() => parseFlags(["x"], {}), {
    message: "Unexpected argument 'x'. This command does not take positional arguments",
  });
});
