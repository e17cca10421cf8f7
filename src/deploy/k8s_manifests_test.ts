/**
 * deploy/k8s/ against schemas written for the fields it uses (k8s_kinds.ts: Kubernetes' OpenAPI
 * schemas cannot be fetched here) and against what the repository defines: the image the README
 * builds, the user the Containerfile runs as, the Secret key the README writes; every container's
 * command line parsed by plbench's own parsers.
 */
import assert from "node:assert/strict";
import { parseServeArgs } from "../cli/serve_command.ts";
import { parseSweepArgs } from "../cli/args.ts";
import { parseNightlyArgs } from "../cli/nightly_args.ts";
import { checkCronExpression } from "../nightly/schedule.ts";
import { checkManifests, type Defined } from "./k8s_references.ts";
import { IMAGE, type Manifests, readManifests } from "./manifests.ts";
import { containerCommand, containerEnv, containersOf, podSpecOf } from "./pod_spec.ts";

const ROOT = new URL("../../", import.meta.url);
const read = (path: string) => Deno.readTextFile(new URL(path, ROOT));

/** The README's "Run on Kubernetes" commands. */
async function kubernetesCommands(): Promise<string[]> {
  const readme = await read("README.md");
  const section = readme.split(/^## Run on Kubernetes$/m)[1]?.split(/^## /m)[0] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block !== undefined, "README.md has no 'Run on Kubernetes' section with commands");
  return block.split("\n").map((l) => l.replace(/\s+#.*$/, "").trim()).filter((l) => l !== "");
}

/** What the repository defines: the README's image and secret, the Containerfile's user. */
async function defined(): Promise<Defined> {
  const commands = await kubernetesCommands();
  assert.equal(commands.length, 5, commands.join("\n"));
  assert.match(commands[0]!, new RegExp(`build (.* )?-t ${IMAGE} `), "step 1 builds the image");
  assert.match(commands[1]!, / push /);
  const secret = /^echo "(\w+)=\$\(openssl rand -hex 32\)" > deploy\/k8s\/token\.env$/.exec(
    commands[2]!,
  );
  assert.ok(secret !== null, `step 3 writes deploy/k8s/token.env: ${commands[2]}`);
  assert.equal(commands[3], "kubectl apply -k deploy/k8s");
  assert.match(commands[4]!, /^kubectl port-forward service\/plbench-dashboard 8080:8080$/);
  const user = /^USER (\d+)(:\d+)?$/m.exec(await read("Containerfile"));
  assert.ok(user !== null, "the Containerfile sets a numeric USER");
  return { image: IMAGE, uid: Number(user[1]), secretKeys: { plbench: [secret[1]!] } };
}

Deno.test("the manifests conform to their schemas and name only what the repository defines", async () => {
  const m = await readManifests();
  assert.deepEqual(checkManifests(m, await defined()), []);
  const kinds = m.objects.map((o) => `${o.file}: ${o.object.kind}`);
  assert.deepEqual(kinds, [
    "dashboard.yaml: PersistentVolumeClaim",
    "dashboard.yaml: Deployment",
    "dashboard.yaml: Service",
    "sweep-job.yaml: Job",
    "nightly-cronjob.yaml: CronJob",
    "sweep-job-gpu.yaml: Job",
  ]);
  assert.deepEqual(m.standalone, ["sweep-job-gpu.yaml"]);
  // the token's file stays out of git and out of the image
  for (const ignore of [".gitignore", ".dockerignore"]) {
    assert.match(await read(ignore), /^deploy\/k8s\/token\.env$/m, ignore);
  }
});

type Mutation = [string, (m: Manifests) => void, RegExp];

function object(m: Manifests, file: string, kind: string): Record<string, unknown> {
  return m.objects.find((o) => o.file === file && o.object.kind === kind)!.object;
}
const pod = (m: Manifests, file: string, kind: string) => podSpecOf(object(m, file, kind))!;

const MUTATIONS: Mutation[] = [
  ["shard count", (m) => {
    pod(m, "sweep-job.yaml", "Job").containers[0]!.env![0]!.value = "3";
  }, /PLBENCH_SHARD_COUNT must equal completions \(4\), got "3"/],
  ["service name in a URL", (m) => {
    pod(m, "sweep-job.yaml", "Job").containers[0]!.env![1]!.value = "http://plbench-dash:8080";
  }, /http:\/\/plbench-dash:8080 is not a Service port/],
  ["service port", (m) => {
    (object(m, "dashboard.yaml", "Service").spec as { ports: { port: number }[] }).ports[0]!.port =
      80;
  }, /http:\/\/plbench-dashboard:8080 is not a Service port/],
  ["secret name", (m) => {
    pod(m, "nightly-cronjob.yaml", "CronJob").containers[0]!.env![1]!.valueFrom!.secretKeyRef!
      .name = "plbench-token";
  }, /reads Secret plbench-token, which is not generated/],
  ["secret key", (m) => {
    pod(m, "dashboard.yaml", "Deployment").containers[0]!.env![0]!.valueFrom!.secretKeyRef!.key =
      "password";
  }, /reads key password of Secret plbench/],
  ["claim", (m) => {
    pod(m, "dashboard.yaml", "Deployment").volumes![0]!.persistentVolumeClaim!.claimName =
      "plbench-data";
  }, /claims plbench-data, which no manifest defines/],
  ["mount", (m) => {
    pod(m, "sweep-job.yaml", "Job").containers[0]!.volumeMounts![0]!.name = "out";
  }, /mounts out, not a volume of the pod/],
  ["image", (m) => {
    pod(m, "sweep-job-gpu.yaml", "Job").initContainers![0]!.image =
      "registry.example.org/plbench:latest";
  }, /runs registry\.example\.org\/plbench:latest, expected plbench:latest/],
  ["gpu limit", (m) => {
    delete pod(m, "sweep-job-gpu.yaml", "Job").containers[0]!.resources!.limits!["nvidia.com/gpu"];
  }, /runs --backend webgpu without a nvidia\.com\/gpu limit/],
  ["root", (m) => {
    pod(m, "sweep-job.yaml", "Job").securityContext!.runAsUser = 0;
  }, /must run as the image's user 10001/],
  ["probe port", (m) => {
    pod(m, "dashboard.yaml", "Deployment").containers[0]!.ports![0]!.name = "web";
  }, /probes port http, which it does not open|no container opens port http/],
  ["startup probe port", (m) => {
    pod(m, "dashboard.yaml", "Deployment").containers[0]!.startupProbe!.httpGet!.port = "web";
  }, /probes port web, which it does not open/],
  ["selector", (m) => {
    const spec = object(m, "dashboard.yaml", "Service").spec as {
      selector: Record<string, string>;
    };
    spec.selector["app.kubernetes.io/component"] = "dash";
  }, /the selector matches no pod template/],
  ["misspelt field", (m) => {
    const spec = object(m, "sweep-job.yaml", "Job").spec as Record<string, unknown>;
    spec.paralelism = spec.parallelism;
  }, /spec\.paralelism: unknown field/],
  ["kustomization", (m) => {
    m.kustomization.resource = m.kustomization.resources;
  }, /kustomization\.yaml: resource: unknown field/],
];

Deno.test("each broken name or field in the manifests is found, with where it is", async () => {
  const repo = await defined();
  for (const [what, mutate, expected] of MUTATIONS) {
    const m = structuredClone(await readManifests());
    mutate(m);
    const problems = checkManifests(m, repo);
    assert.ok(
      problems.some((p) => expected.test(p)),
      `${what}: ${problems.join("\n") || "no problem"}`,
    );
  }
});

Deno.test("every container runs a plbench command line that plbench accepts", async () => {
  const m = await readManifests();
  const image = { entrypoint: ["deno", "task"], cmd: ["sweep", "--help"] };
  const commands = new Map<string, string[]>();
  for (const o of m.objects) {
    const spec = podSpecOf(o.object);
    for (const c of spec === null ? [] : containersOf(spec)) {
      const env = containerEnv(c, { "plbench/token": "t" });
      const argv = containerCommand(c, image, env);
      const mounts = (c.volumeMounts ?? []).map((v) => v.mountPath);
      const under = (path: string | null) => mounts.some((dir) => (path ?? "").startsWith(dir));
      const where = `${o.file} ${c.name}`;
      commands.set(where, argv);
      if (argv[1] === "eval") continue; // the wait for the dashboard (run by src/deploy/image_test.ts)
      assert.deepEqual(argv.slice(0, 2), ["deno", "task"], where);
      const args = argv.slice(3);
      if (argv[2] === "sweep") {
        const flags = parseSweepArgs(args);
        assert.equal(flags.upload, "http://plbench-dashboard:8080", where);
        assert.ok(flags.outs.every(under), `${where} writes outside its volumes`);
        assert.equal(flags.backend, o.file.includes("gpu") ? "webgpu" : "auto", where);
      } else if (argv[2] === "serve") {
        const flags = parseServeArgs(args, (name) => env[name]);
        assert.equal(flags.host, "0.0.0.0");
        assert.ok(under(flags.db), `${where} keeps its database outside its volume`);
      } else {
        assert.equal(argv[2], "nightly", where);
        const flags = parseNightlyArgs(args);
        assert.equal(flags.upload, "http://plbench-dashboard:8080", where);
        assert.ok(under(flags.out), `${where} writes outside its volumes`);
      }
    }
  }
  assert.equal(commands.size, 6);
  const cron = object(m, "nightly-cronjob.yaml", "CronJob").spec as Record<string, string>;
  assert.equal(checkCronExpression(cron.schedule!), "0 3 * * *");
  assert.equal(cron.concurrencyPolicy, "Forbid");
});
