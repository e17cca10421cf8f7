/**
 * The image as a cluster would run it, on this machine: deploy/container/local-image.sh builds it
 * (mmdebstrap base, buildah), then the pods of deploy/k8s run from it through `buildah run` in a
 * network namespace that has nothing but loopback: the dashboard Deployment's container, and the
 * sweep Job's init and sweep containers for completion indexes 0 and 1 of two, each with the
 * command, environment and volumes its manifest gives (a tiny grid appended). The Service's name
 * maps to 127.0.0.1, as the cluster's DNS would map it. Needs root and the container tools
 * (skipped with a line without them, mandatory in CI).
 */
import assert from "node:assert/strict";
import { SUITES } from "../../suites/mod.ts";
import type { Report } from "../report/schema.ts";
import { expandGrid } from "../sweep/grid.ts";
import { CONTAINER_TOOLS, ignoreWithout, ROOT_USER } from "../testing/system_parts.ts";
import { createContainer, imageConfig, removeContainers, runArgs } from "./buildah_container.ts";
import { readManifests } from "./manifests.ts";
import { openPrivateNetwork, type PrivateNetwork } from "./private_network.ts";
import { containerCommand, containerEnv, type ContainerSpec, podSpecOf } from "./pod_spec.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const UID = 10001; // the image's user (Containerfile), who owns the folders bound into it
const SETS = ["width=8", "epochs=3", "trainSize=64", "ntkK=16"];
const GRIDS = ["lr=0.001,0.002", "seed=0,1,2"];
const TINY = [...SETS.flatMap((s) => ["--set", s]), ...GRIDS.flatMap((g) => ["--grid", g])];
const text = new TextDecoder();
const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

interface SweepRow {
  id: string;
  cells: number;
  counts: Record<string, number>;
}

async function localImage(): Promise<string> {
  const r = await new Deno.Command("bash", {
    args: [`${ROOT}deploy/container/local-image.sh`],
    stderr: "piped",
  }).output();
  assert.ok(r.success, `local-image.sh failed: ${text.decode(r.stderr).slice(-3000)}`);
  return text.decode(r.stdout).trim().split("\n").at(-1)!;
}

function manifestObject(
  objects: { object: Record<string, unknown> }[],
  kind: string,
  name: string,
) {
  const found = objects.find((o) =>
    o.object.kind === kind && (o.object.metadata as { name: string }).name === name
  );
  assert.ok(found !== undefined, `deploy/k8s has no ${kind} ${name}`);
  return found.object;
}

/** A pod's container run to its end inside the network (stopped after `limitMs`); its exit code and output. */
async function runIn(net: PrivateNetwork, args: string[], limitMs = 120_000) {
  const r = await new Deno.Command(net.prefix[0]!, {
    args: [...net.prefix.slice(1), "buildah", ...args],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(limitMs),
  }).output();
  return { code: r.code, out: text.decode(r.stdout) + text.decode(r.stderr) };
}

/** GETs `paths` from `base` inside the network with the host's deno; their bodies as text. */
async function getInside(net: PrivateNetwork, base: string, paths: string[]): Promise<string[]> {
  const code = `const out = []; for (const p of ${JSON.stringify(paths)}) {
    const r = await fetch(${JSON.stringify(base)} + p); out.push(await r.text()); }
    console.log(JSON.stringify(out));`;
  const r = await new Deno.Command(net.prefix[0]!, {
    args: [...net.prefix.slice(1), Deno.execPath(), "eval", code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(r.success, text.decode(r.stderr));
  return JSON.parse(text.decode(r.stdout));
}

async function folderFor(parent: string, name: string): Promise<string> {
  const dir = `${parent}/${name}`;
  await Deno.mkdir(dir);
  await Deno.chown(dir, UID, UID);
  return dir;
}

async function reportsIn(dir: string): Promise<Report[]> {
  const reports: Report[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.name.endsWith(".json")) {
      reports.push(JSON.parse(await Deno.readTextFile(`${dir}/${e.name}`)));
    }
  }
  return reports;
}

Deno.test({
  name: "the image runs the manifests' dashboard and a two-shard sweep Job with the network off",
  ignore: await ignoreWithout(import.meta.url, ROOT_USER, CONTAINER_TOOLS),
  async fn() {
    const image = await localImage();
    const config = await imageConfig(image);
    const { objects } = await readManifests();
    const dashboardPod = podSpecOf(manifestObject(objects, "Deployment", "plbench-dashboard"))!;
    const jobPod = podSpecOf(manifestObject(objects, "Job", "plbench-sweep"))!;
    const service = manifestObject(objects, "Service", "plbench-dashboard");
    const serviceName = (service.metadata as { name: string }).name;
    const servicePort = (service.spec as { ports: { port: number }[] }).ports[0]!.port;
    const secrets = { "plbench/token": `image-test-${crypto.randomUUID()}` };
    const tag = crypto.randomUUID().slice(0, 8);
    const tmp = await Deno.makeTempDir({ prefix: "plbench-image-" });
    const names: string[] = [];
    const net = await openPrivateNetwork();
    const pod = async (role: string, spec: ContainerSpec, extraEnv: Record<string, string>) => {
      const name = await createContainer(image, `plbench-test-${role}-${tag}`, {
        [serviceName]: "127.0.0.1",
      });
      names.push(name);
      const env = { ...containerEnv(spec, secrets), ...extraEnv };
      const mounts: Record<string, string> = {};
      for (const m of spec.volumeMounts ?? []) {
        mounts[m.mountPath] = await folderFor(tmp, `${role}-${m.name}`);
      }
      return { name, env, mounts, argv: containerCommand(spec, config, env) };
    };
    try {
      const { links, routes } = await net.describe();
      assert.deepEqual(links.map((l) => l.split(":")[1]!.trim()), ["lo"], links.join("\n"));
      assert.deepEqual(routes, []);
      assert.match(config.user, /^10001(:10001)?$/);

      // the sweep pods start first: their init container must wait until the dashboard answers
      const init = jobPod.initContainers![0]!;
      let initsDone = 0;
      const inits = [0, 1].map(async (i) => {
        const p = await pod(`shard${i}-init`, init, {});
        const r = await runIn(net, runArgs(p.name, p.argv, p.env, p.mounts));
        initsDone++;
        return r;
      });
      await pause(5000);
      assert.equal(initsDone, 0, "an init container ended before the dashboard was up");
      const dash = await pod("dashboard", dashboardPod.containers[0]!, {});
      const served = new Deno.Command(net.prefix[0]!, {
        args: [
          ...net.prefix.slice(1),
          "buildah",
          ...runArgs(dash.name, dash.argv, dash.env, dash.mounts),
        ],
        stdout: "piped",
        stderr: "piped",
      }).spawn().output();
      for (const r of await Promise.all(inits)) assert.equal(r.code, 0, r.out);

      const plan = expandGrid(SUITES.find((s) => s.name === "mlp-mnist")!, SETS, GRIDS);
      const sweep = jobPod.containers[0]!;
      const shard = async (role: string, index: number) => {
        const p = await pod(role, sweep, {
          JOB_COMPLETION_INDEX: String(index),
          PLBENCH_SHARD_COUNT: "2",
        });
        const r = await runIn(net, runArgs(p.name, [...p.argv, ...TINY], p.env, p.mounts));
        assert.equal(r.code, 0, r.out);
        assert.match(
          r.out,
          new RegExp(`shard ${index}/2 \\(Kubernetes completion index ${index}\\)`),
        );
        return await reportsIn(p.mounts["/runs"]!);
      };
      const shards = await Promise.all([shard("shard0", 0), shard("shard1", 1)]);
      // each cell ran once, in the shard its position gives, on the BLAS path
      const ran = shards.flatMap((reports, index) =>
        reports.map((r) => {
          assert.deepEqual(r.sweep.shard, { index, count: 2 });
          assert.equal(r.status, "complete");
          assert.match(r.env.blas?.library ?? "none", /openblas/, `${r.id} did not use BLAS`);
          return r.id;
        })
      );
      assert.deepEqual(ran.sort(), plan.cells.map((c) => c.id).sort());
      for (const [index, reports] of shards.entries()) {
        const expected = plan.cells.filter((c) => c.index % 2 === index).map((c) => c.id).sort();
        assert.deepEqual(reports.map((r) => r.id).sort(), expected);
      }
      // a retried pod (a fresh container, an empty folder) runs nothing: the dashboard holds it all
      assert.deepEqual(await shard("shard0-retry", 0), []);

      const base = `http://127.0.0.1:${servicePort}`;
      const [sweeps, page, runs] = await getInside(net, base, [
        "/api/sweeps",
        "/",
        "/api/runs?suite=mlp-mnist&limit=10000",
      ]);
      const sweepId = shards[0]![0]!.sweep.id;
      const row = (JSON.parse(sweeps!) as { sweeps: SweepRow[] }).sweeps.find((s) =>
        s.id === sweepId
      );
      assert.ok(row !== undefined, `the dashboard lists no sweep ${sweepId}: ${sweeps}`);
      assert.equal(row.cells, plan.cells.length);
      assert.deepEqual(row.counts, { ...row.counts, complete: plan.cells.length, failed: 0 });
      const listed = new RegExp(
        `${sweepId}[\\s\\S]*?data-count="complete">${plan.cells.length}<[\\s\\S]*?` +
          `data-count="missing">0<[\\s\\S]*?data-count="cells">${plan.cells.length}<`,
      );
      assert.match(page!, listed, "/ does not list the sweep complete");
      const stored = (JSON.parse(runs!) as { runs: { id: string; sweepId: string }[] }).runs
        .filter((r) => r.sweepId === sweepId).map((r) => r.id);
      assert.deepEqual(stored.sort(), plan.cells.map((c) => c.id).sort());
      assert.ok((await Deno.stat(`${dash.mounts["/data"]}/plbench.db`)).size > 0);

      await net.close();
      const log = await served;
      assert.match(text.decode(log.stdout), /plbench dashboard on http:\/\/0\.0\.0\.0:8080/);
    } finally {
      await net.close();
      await removeContainers(names);
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
