/**
 * Schemas of the Kubernetes kinds plbench's manifests use, written by hand for the fields they
 * use (a subset of the Kubernetes API: batch/v1, apps/v1, core v1, kustomize's Kustomization).
 * Field names, types and enumerations follow the Kubernetes API reference; a field outside this
 * subset is reported as unknown, so a typo cannot pass, and a field worth using gets added here.
 */
import type { Schema } from "./k8s_schema.ts";

const str: Schema = { type: "string" };
const int: Schema = { type: "integer", minimum: 0 };
const positive: Schema = { type: "integer", minimum: 1 };
const bool: Schema = { type: "boolean" };
const quantity: Schema = { type: "quantity" };
const any: Schema = { type: "any" };
const obj = (fields: Record<string, Schema>, required: string[] = []): Schema => ({
  type: "object",
  fields,
  required,
});
const list = (items: Schema, minItems = 0): Schema => ({ type: "array", items, minItems });
const oneOf = (...values: string[]): Schema => ({ type: "string", enum: values });

/** An object name (RFC 1123 label: what Services, Jobs and containers need). */
const dnsLabel: Schema = { type: "string", pattern: /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ };
/** A label key (optional DNS prefix, then a name) and value. */
const labels: Schema = {
  type: "map",
  keys: /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
  values: { type: "string", pattern: /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/ },
};
const envName: Schema = { type: "string", pattern: /^[-._a-zA-Z][-._a-zA-Z0-9]*$/ };

const metadata = obj({ name: dnsLabel, labels, annotations: { type: "map", values: str } }, [
  "name",
]);
const resourceList: Schema = {
  type: "map",
  keys: /^(cpu|memory|ephemeral-storage|storage|[a-z0-9.-]+\.[a-z]+\/[a-z0-9-]+)$/,
  values: quantity,
};
const resources = obj({ requests: resourceList, limits: resourceList });
const envVar = obj({
  name: envName,
  value: str,
  valueFrom: obj({
    secretKeyRef: obj({ name: dnsLabel, key: str, optional: bool }, ["name", "key"]),
    fieldRef: obj({ fieldPath: str }, ["fieldPath"]),
  }),
}, ["name"]);
const probe = obj({
  httpGet: obj({ path: str, port: { type: "int-or-string" }, scheme: oneOf("HTTP", "HTTPS") }, [
    "port",
  ]),
  initialDelaySeconds: int,
  periodSeconds: positive,
  timeoutSeconds: positive,
  failureThreshold: positive,
});
const container = obj({
  name: dnsLabel,
  image: str,
  imagePullPolicy: oneOf("Always", "IfNotPresent", "Never"),
  command: list(str),
  args: list(str),
  workingDir: str,
  env: list(envVar),
  ports: list(obj({
    name: { type: "string", pattern: /^(?=.{1,15}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ },
    containerPort: { type: "integer", minimum: 1 },
    protocol: oneOf("TCP", "UDP", "SCTP"),
  }, ["containerPort"])),
  startupProbe: probe,
  readinessProbe: probe,
  livenessProbe: probe,
  resources,
  volumeMounts: list(obj({ name: dnsLabel, mountPath: str, readOnly: bool, subPath: str }, [
    "name",
    "mountPath",
  ])),
}, ["name", "image"]);
const podSpec = obj({
  restartPolicy: oneOf("Always", "OnFailure", "Never"),
  terminationGracePeriodSeconds: int,
  securityContext: obj({
    runAsNonRoot: bool,
    runAsUser: int,
    runAsGroup: int,
    fsGroup: int,
  }),
  initContainers: list(container),
  containers: list(container, 1),
  volumes: list(obj({
    name: dnsLabel,
    emptyDir: any,
    persistentVolumeClaim: obj({ claimName: dnsLabel, readOnly: bool }, ["claimName"]),
  }, ["name"])),
  nodeSelector: { type: "map", values: str },
}, ["containers"]);
const podTemplate = obj({ metadata: obj({ labels }), spec: podSpec }, ["spec"]);
const jobSpec = obj({
  completionMode: oneOf("NonIndexed", "Indexed"),
  completions: positive,
  parallelism: int,
  backoffLimit: int,
  podFailurePolicy: obj({
    rules: list(
      obj({
        action: oneOf("FailJob", "FailIndex", "Ignore", "Count"),
        onExitCodes: obj({ operator: oneOf("In", "NotIn"), values: list(int, 1) }, [
          "operator",
          "values",
        ]),
        onPodConditions: list(
          obj({ type: str, status: oneOf("True", "False", "Unknown") }, ["type"]),
          1,
        ),
      }, ["action"]),
      1,
    ),
  }, ["rules"]),
  activeDeadlineSeconds: positive,
  ttlSecondsAfterFinished: int,
  template: podTemplate,
}, ["template"]);
const top = (apiVersion: string, kind: string, spec: Schema): Schema =>
  obj({ apiVersion: oneOf(apiVersion), kind: oneOf(kind), metadata, spec }, [
    "apiVersion",
    "kind",
    "metadata",
    "spec",
  ]);

/** The schema of each kind plbench's manifests hold, by `kind`. */
export const KINDS: Readonly<Record<string, Schema>> = {
  PersistentVolumeClaim: top(
    "v1",
    "PersistentVolumeClaim",
    obj({
      accessModes: list(
        oneOf("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"),
        1,
      ),
      storageClassName: str,
      resources: obj({ requests: resourceList }, ["requests"]),
    }, ["accessModes", "resources"]),
  ),
  Deployment: top(
    "apps/v1",
    "Deployment",
    obj({
      replicas: int,
      strategy: obj({ type: oneOf("Recreate", "RollingUpdate") }),
      selector: obj({ matchLabels: labels }, ["matchLabels"]),
      template: podTemplate,
    }, ["selector", "template"]),
  ),
  Service: top(
    "v1",
    "Service",
    obj({
      type: oneOf("ClusterIP", "NodePort", "LoadBalancer"),
      selector: labels,
      ports: list(
        obj({
          name: dnsLabel,
          port: { type: "integer", minimum: 1 },
          targetPort: { type: "int-or-string" },
          protocol: oneOf("TCP", "UDP", "SCTP"),
        }, ["port"]),
        1,
      ),
    }, ["ports"]),
  ),
  Job: top("batch/v1", "Job", jobSpec),
  CronJob: top(
    "batch/v1",
    "CronJob",
    obj({
      schedule: str,
      timeZone: str,
      concurrencyPolicy: oneOf("Allow", "Forbid", "Replace"),
      successfulJobsHistoryLimit: int,
      failedJobsHistoryLimit: int,
      jobTemplate: obj({ metadata: obj({ labels }), spec: jobSpec }, ["spec"]),
    }, ["schedule", "jobTemplate"]),
  ),
};

/** kustomize's Kustomization, for the fields deploy/k8s/kustomization.yaml uses. */
export const KUSTOMIZATION: Schema = obj({
  apiVersion: oneOf("kustomize.config.k8s.io/v1beta1"),
  kind: oneOf("Kustomization"),
  resources: list(str, 1),
  secretGenerator: list(obj({
    name: dnsLabel,
    envs: list(str),
    literals: list(str),
    files: list(str),
  }, ["name"])),
  generatorOptions: obj({ disableNameSuffixHash: bool, labels }),
  images: list(obj({ name: str, newName: str, newTag: str }, ["name"])),
}, ["apiVersion", "kind", "resources"]);
