import assert from "node:assert/strict";
import { isHardwareAdapter } from "../backend/backend.ts";
import type { Report } from "../report/schema.ts";
import { ignoreWithout, OPENBLAS } from "../testing/system_parts.ts";
import { loadBlas } from "./blas_library.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const TINY = ["--suite", "mlp-mnist", "--set", "width=8", "--set", "epochs=3"].concat(
  ["--set", "trainSize=64", "--set", "ntkK=8", "--set", "probeEvery=1", "--no-db"],
);
const gpu = isHardwareAdapter(await navigator.gpu?.requestAdapter());

/** `deno task sweep` in a subprocess with extra `env`; its exit code, all its output, its reports. */
async function sweep(args: string[], env: Record<string, string>) {
  const out = await Deno.makeTempDir();
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-cron", MAIN, "sweep", ...TINY, ...args, "--out", out],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  const reports: Report[] = [];
  for (const e of Deno.readDirSync(out)) {
    if (e.name.endsWith(".json")) {
      reports.push(JSON.parse(Deno.readTextFileSync(`${out}/${e.name}`)));
    }
  }
  await Deno.remove(out, { recursive: true });
  return { code: r.code, text, reports };
}

Deno.test({
  name:
    "with the BLAS hidden (PLBENCH_BLAS=off) a sweep runs on plain wasm, says so once and records it",
  ignore: gpu,
  async fn() {
    const { code, text, reports } = await sweep(["--grid", "seed=0,1", "--jobs", "2"], {
      PLBENCH_BLAS: "off",
    });
    assert.equal(code, 0, text);
    assert.equal(text.match(/no system BLAS/g)?.length, 1, text);
    assert.match(text, /backend auto \(no hardware GPU; no system BLAS \(PLBENCH_BLAS=off\)/);
    assert.equal(reports.length, 2);
    for (const r of reports) {
      assert.equal(r.status, "complete");
      assert.equal(r.env.backend, "wasm");
      assert.equal(r.env.blas, null);
      assert.ok(
        r.notes.includes(
          "NTK eigenvalues: ml-matrix (JavaScript); full-data kernel: Householder + QL (JavaScript)",
        ),
        r.notes.join(" | "),
      );
    }
    const refused = await sweep(["--backend", "blas"], { PLBENCH_BLAS: "off" });
    assert.equal(refused.code, 2);
    assert.equal(
      refused.text.trim(),
      "Cannot use backend 'blas': no system BLAS (PLBENCH_BLAS=off): matrix products on plain " +
        "WebAssembly, one thread" +
        (Deno.build.os === "linux" ? "; install libopenblas0-pthread for BLAS speed" : ""),
    );
    assert.deepEqual(refused.reports, []);
  },
});

const blas = await ignoreWithout(import.meta.url, OPENBLAS) ? null : loadBlas();

Deno.test({
  name:
    "with the BLAS present a sweep's reports name it, with cores / jobs threads and LAPACK eigenvalues",
  ignore: gpu || blas === null,
  async fn() {
    const { code, text, reports } = await sweep(["--grid", "seed=0,1", "--jobs", "2"], {});
    assert.equal(code, 0, text);
    assert.doesNotMatch(text, /no system BLAS/);
    const threads = Math.max(1, Math.floor(navigator.hardwareConcurrency / 2));
    assert.match(text, new RegExp(`jobs 2, BLAS threads ${threads} each`));
    assert.equal(reports.length, 2);
    for (const r of reports) {
      assert.equal(r.env.backend, "wasm");
      assert.deepEqual(r.env.blas, { library: blas!.library, threads });
      assert.ok(
        r.notes.some((n) => n.startsWith("NTK eigenvalues: LAPACK dsyevd")),
        r.notes.join(" | "),
      );
    }
  },
});
