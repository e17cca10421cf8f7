import assert from "node:assert/strict";
import {
  containerCommand,
  containerEnv,
  containersOf,
  expandReferences,
  podSpecOf,
} from "./pod_spec.ts";

Deno.test("$(VAR) references expand as Kubernetes expands them", () => {
  const env = { URL: "http://d:8080", EMPTY: "" };
  assert.equal(expandReferences("--upload=$(URL)", env), "--upload=http://d:8080");
  assert.equal(expandReferences("$(URL)$(URL)", env), "http://d:8080http://d:8080");
  assert.equal(expandReferences("[$(EMPTY)]", env), "[]");
  assert.equal(expandReferences("$(MISSING)", env), "$(MISSING)"); // unresolved: left as written
  assert.equal(expandReferences("$$(URL)", env), "$(URL)"); // $$ escapes
  assert.equal(expandReferences("$URL ${URL}", env), "$URL ${URL}"); // shell syntax is not expanded
});

Deno.test("a container's environment takes values in order and secrets from the table", () => {
  const container = {
    name: "sweep",
    image: "plbench:latest",
    env: [
      { name: "HOST", value: "dash" },
      { name: "URL", value: "http://$(HOST):8080" },
      { name: "PLBENCH_TOKEN", valueFrom: { secretKeyRef: { name: "plbench", key: "token" } } },
    ],
  };
  assert.deepEqual(containerEnv(container, { "plbench/token": "t0k" }), {
    HOST: "dash",
    URL: "http://dash:8080",
    PLBENCH_TOKEN: "t0k",
  });
  assert.throws(() => containerEnv(container, {}), /no value for secret plbench\/token/);
});

Deno.test("command and args replace the image's entry point and arguments as a kubelet does", () => {
  const image = { entrypoint: ["deno", "task"], cmd: ["sweep", "--help"] };
  const base = { name: "c", image: "plbench:latest" };
  const env = { U: "http://d:8080" };
  assert.deepEqual(containerCommand(base, image, env), ["deno", "task", "sweep", "--help"]);
  assert.deepEqual(containerCommand({ ...base, args: ["serve", "$(U)"] }, image, env), [
    "deno",
    "task",
    "serve",
    "http://d:8080",
  ]);
  assert.deepEqual(containerCommand({ ...base, command: ["deno", "eval", "1"] }, image, env), [
    "deno",
    "eval",
    "1",
  ]);
});

Deno.test("pod specs are found in Deployments, Jobs and CronJobs, and nowhere else", () => {
  const pod = {
    containers: [{ name: "a", image: "i" }],
    initContainers: [{ name: "w", image: "i" }],
  };
  const template = { template: { spec: pod } };
  assert.equal(podSpecOf({ kind: "Deployment", spec: template }), pod);
  assert.equal(podSpecOf({ kind: "Job", spec: template }), pod);
  assert.equal(podSpecOf({ kind: "CronJob", spec: { jobTemplate: { spec: template } } }), pod);
  assert.equal(podSpecOf({ kind: "Service", spec: { ports: [] } }), null);
  assert.deepEqual(containersOf(pod).map((c) => c.name), ["w", "a"]);
});
