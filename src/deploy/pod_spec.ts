/**
 * What a kubelet would run for a container of a manifest: its pod spec found in a Deployment, Job
 * or CronJob; its environment (values, and secrets from a given table); its command line with
 * Kubernetes' `$(VAR)` references expanded. Pure: the image test turns the result into a
 * `buildah run`.
 */
import { isObject } from "./k8s_schema.ts";

/** A container of a manifest, as far as running it goes. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string } };
  }[];
  volumeMounts?: { name: string; mountPath: string }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: { httpGet?: { path?: string; port: number | string } };
  readinessProbe?: { httpGet?: { path?: string; port: number | string } };
  livenessProbe?: { httpGet?: { path?: string; port: number | string } };
}

/** The pod spec of a Deployment, Job or CronJob (null for other kinds). */
export interface PodSpec {
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  restartPolicy?: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}

/** The pod spec inside `object`: spec.template.spec, or a CronJob's spec.jobTemplate.spec.template.spec. */
export function podSpecOf(object: Record<string, unknown>): PodSpec | null {
  let spec: unknown = object.spec;
  if (object.kind === "CronJob" && isObject(spec)) {
    const job = spec.jobTemplate;
    spec = isObject(job) ? job.spec : undefined;
  }
  if (!isObject(spec) || !isObject(spec.template)) return null;
  const pod = spec.template.spec;
  return isObject(pod) && Array.isArray(pod.containers) ? pod as unknown as PodSpec : null;
}

/** Every container of a pod spec, init containers first. */
export function containersOf(pod: PodSpec): ContainerSpec[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/**
 * Expands `$(NAME)` references as Kubernetes does in command and args: a defined name gives its
 * value, an undefined one stays as written, and `$$` gives a single `$`.
 *
 * @example expandReferences("--upload $(URL)", { URL: "http://d:8080" }) // "--upload http://d:8080"
 */
export function expandReferences(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)/g, (whole, name?: string) => {
    if (whole === "$$") return "$";
    const value = name === undefined ? undefined : env[name];
    return value ?? whole;
  });
}

/**
 * The container's environment: each `value` as written (with earlier variables expanded in it, as
 * Kubernetes does), each secret from `secrets` (`name/key` to value); a secret missing there throws.
 */
export function containerEnv(
  container: ContainerSpec,
  secrets: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of container.env ?? []) {
    const ref = v.valueFrom?.secretKeyRef;
    if (ref !== undefined) {
      const secret = secrets[`${ref.name}/${ref.key}`];
      if (secret === undefined) {
        throw new Error(`container ${container.name}: no value for secret ${ref.name}/${ref.key}`);
      }
      env[v.name] = secret;
    } else {
      env[v.name] = expandReferences(v.value ?? "", env);
    }
  }
  return env;
}

/**
 * The command line the container runs: its `command` (else the image's entry point) then its
 * `args` (else the image's default arguments when `command` is not given either), with `$(VAR)`
 * references expanded from `env`.
 */
export function containerCommand(
  container: ContainerSpec,
  image: { entrypoint: readonly string[]; cmd: readonly string[] },
  env: Readonly<Record<string, string>>,
): string[] {
  const command = container.command ?? [...image.entrypoint];
  const args = container.args ?? (container.command === undefined ? [...image.cmd] : []);
  return [...command, ...args].map((word) => expandReferences(word, env));
}
