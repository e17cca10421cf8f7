/**
 * Checks plbench's manifests as a whole: each object against its kind's schema (`k8s_kinds.ts`),
 * and every name one object gives another by (image, Secret and key, volume and claim, Service and
 * port, selector and labels) against what the manifests and the repository define; an Indexed
 * Job's shard count against its completions; a GPU request against the backend it is for.
 */
import { KINDS, KUSTOMIZATION } from "./k8s_kinds.ts";
import { check } from "./k8s_schema.ts";
import type { ManifestObject, Manifests } from "./manifests.ts";
import { containersOf, podSpecOf } from "./pod_spec.ts";

/** What the repository defines outside the manifests. */
export interface Defined {
  /** The image name every container must run. */
  image: string;
  /** The uid the image's USER runs as (pods must run as it, not as root). */
  uid: number;
  /** Keys of each Secret the kustomization generates, by Secret name (known from how it is made). */
  secretKeys: Readonly<Record<string, readonly string[]>>;
}

/** The environment variable a sweep reads its shard count from, beside JOB_COMPLETION_INDEX. */
const SHARD_COUNT = "PLBENCH_SHARD_COUNT";
const GPU = "nvidia.com/gpu";

function nameOf(o: ManifestObject): string {
  const meta = o.object.metadata as { name?: string } | undefined;
  return `${o.file}: ${String(o.object.kind)} ${meta?.name ?? "(no name)"}`;
}

function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Every problem of the manifests, one line each naming the file and object (empty: none). */
export function checkManifests(m: Manifests, defined: Defined): string[] {
  const problems = check(KUSTOMIZATION, m.kustomization, "").map((p) => `kustomization.yaml: ${p}`);
  const secrets = new Set(
    ((m.kustomization.secretGenerator ?? []) as { name: string }[]).map((s) => s.name),
  );
  const claims = new Set(
    m.objects.filter((o) => o.object.kind === "PersistentVolumeClaim")
      .map((o) => (o.object.metadata as { name: string }).name),
  );
  const seen = new Set<string>();
  for (const o of m.objects) {
    const where = nameOf(o);
    const schema = KINDS[String(o.object.kind)];
    if (schema === undefined) {
      problems.push(`${where}: kind ${String(o.object.kind)} is not one plbench's schemas know`);
      continue;
    }
    const schemaProblems = check(schema, o.object, "");
    problems.push(...schemaProblems.map((p) => `${where}: ${p}`));
    if (schemaProblems.length > 0) continue;
    if (seen.has(where.split(": ")[1]!)) problems.push(`${where}: defined twice`);
    seen.add(where.split(": ")[1]!);
    problems.push(...podProblems(o, where, defined, secrets, claims));
  }
  problems.push(...serviceProblems(m));
  return problems;
}

function podProblems(
  o: ManifestObject,
  where: string,
  defined: Defined,
  secrets: Set<string>,
  claims: Set<string>,
): string[] {
  const pod = podSpecOf(o.object);
  if (pod === null) return [];
  const problems: string[] = [];
  const kind = o.object.kind;
  if ((kind === "Job" || kind === "CronJob") && pod.restartPolicy === "Always") {
    problems.push(`${where}: a Job's pods restart Never or OnFailure, got Always`);
  }
  const sc = pod.securityContext;
  if (sc?.runAsNonRoot !== true || sc.runAsUser !== defined.uid) {
    problems.push(
      `${where}: pods must run as the image's user ${defined.uid} (runAsNonRoot: true)`,
    );
  }
  const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
  for (const v of pod.volumes ?? []) {
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim !== undefined && !claims.has(claim)) {
      problems.push(`${where}: volume ${v.name} claims ${claim}, which no manifest defines`);
    }
  }
  for (const c of containersOf(pod)) {
    if (c.image !== defined.image) {
      problems.push(`${where}: container ${c.name} runs ${c.image}, expected ${defined.image}`);
    }
    for (const mount of c.volumeMounts ?? []) {
      if (!volumes.has(mount.name)) {
        problems.push(
          `${where}: container ${c.name} mounts ${mount.name}, not a volume of the pod`,
        );
      }
    }
    for (const v of c.env ?? []) {
      const ref = v.valueFrom?.secretKeyRef;
      if (ref === undefined) continue;
      if (!secrets.has(ref.name)) {
        problems.push(`${where}: ${v.name} reads Secret ${ref.name}, which is not generated`);
      } else if (!(defined.secretKeys[ref.name] ?? []).includes(ref.key)) {
        problems.push(
          `${where}: ${v.name} reads key ${ref.key} of Secret ${ref.name}, which it lacks`,
        );
      }
    }
    const ports = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
      const port = probe?.httpGet?.port;
      if (port !== undefined && !ports.has(port)) {
        problems.push(`${where}: container ${c.name} probes port ${port}, which it does not open`);
      }
    }
    const gpus = Number(c.resources?.limits?.[GPU] ?? 0);
    const webgpu = (c.args ?? []).some((a, i, all) => a === "--backend" && all[i + 1] === "webgpu");
    if (webgpu !== gpus >= 1) {
      problems.push(
        `${where}: container ${c.name} ${webgpu ? "runs --backend webgpu without" : "has"} a ` +
          `${GPU} limit${webgpu ? "" : " but does not run --backend webgpu"}`,
      );
    }
    const requested = c.resources?.requests?.[GPU];
    if (requested !== undefined && Number(requested) !== gpus) {
      problems.push(`${where}: ${GPU} requested ${requested} but limited to ${gpus}`);
    }
  }
  if (kind === "Job") problems.push(...indexedJobProblems(o, where));
  return problems;
}

function indexedJobProblems(o: ManifestObject, where: string): string[] {
  const spec = o.object.spec as {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
  };
  const pod = podSpecOf(o.object)!;
  const counts = pod.containers.flatMap((c) => (c.env ?? []).filter((v) => v.name === SHARD_COUNT));
  if (spec.completionMode !== "Indexed") return [`${where}: a sweep Job must be Indexed`];
  const problems: string[] = [];
  if (counts.length === 0 || counts.some((v) => v.value !== String(spec.completions))) {
    problems.push(
      `${where}: ${SHARD_COUNT} must equal completions (${spec.completions}), got ` +
        (counts.map((v) => JSON.stringify(v.value)).join(", ") || "none"),
    );
  }
  if ((spec.parallelism ?? 1) > (spec.completions ?? 1)) {
    problems.push(
      `${where}: parallelism ${spec.parallelism} exceeds completions ${spec.completions}`,
    );
  }
  return problems;
}

type Labels = Record<string, string>;

function serviceProblems(m: Manifests): string[] {
  const problems: string[] = [];
  const services = m.objects.filter((o) => o.object.kind === "Service");
  const pods = m.objects.filter((o) => o.object.kind === "Deployment").map((o) => {
    const spec = o.object.spec as {
      selector: { matchLabels: Labels };
      template: { metadata?: { labels?: Labels } };
    };
    const labels = spec.template.metadata?.labels ?? {};
    if (!labelsMatch(spec.selector.matchLabels, labels)) {
      problems.push(`${nameOf(o)}: the selector does not match the pod template's labels`);
    }
    return { labels, pod: podSpecOf(o.object)! };
  });
  const ports = new Map<string, Set<number>>();
  for (const s of services) {
    const spec = s.object.spec as {
      selector?: Labels;
      ports: { port: number; targetPort?: number | string }[];
    };
    const targets = pods.filter((p) => labelsMatch(spec.selector ?? {}, p.labels));
    if (targets.length === 0) problems.push(`${nameOf(s)}: the selector matches no pod template`);
    for (const port of spec.ports) {
      const target = port.targetPort ?? port.port;
      const open = targets.some((t) =>
        t.pod.containers.some((c) =>
          (c.ports ?? []).some((p) => p.name === target || p.containerPort === target)
        )
      );
      if (targets.length > 0 && !open) {
        problems.push(`${nameOf(s)}: no container opens port ${target}`);
      }
    }
    ports.set((s.object.metadata as { name: string }).name, new Set(spec.ports.map((p) => p.port)));
  }
  // every URL a container is given must name a Service of these manifests and one of its ports
  for (const o of m.objects) {
    const pod = podSpecOf(o.object);
    for (const c of pod === null ? [] : containersOf(pod)) {
      const words = [...(c.args ?? []), ...(c.env ?? []).map((v) => v.value ?? "")];
      for (const url of words.filter((w) => /^https?:\/\//.test(w))) {
        const { hostname, port } = new URL(url);
        if (!ports.get(hostname)?.has(Number(port || 80))) {
          problems.push(`${nameOf(o)}: ${url} is not a Service port these manifests define`);
        }
      }
    }
  }
  return problems;
}
