import assert from "node:assert/strict";
import { check, type Schema } from "./k8s_schema.ts";
import { KINDS } from "./k8s_kinds.ts";

Deno.test("each kind of value is accepted as itself and refused as anything else, with its path", () => {
  const cases: [Schema, unknown[], unknown[]][] = [
    [{ type: "string" }, ["", "x"], [1, null, [], {}]],
    [{ type: "string", enum: ["A", "B"] }, ["A"], ["a", "C"]],
    [{ type: "string", pattern: /^[a-z]+$/ }, ["abc"], ["Abc", "a-b"]],
    [{ type: "integer", minimum: 1 }, [1, 40], [0, 1.5, "2", -3]],
    [{ type: "boolean" }, [true, false], ["true", 1, null]],
    [{ type: "int-or-string" }, [8080, "http"], [1.5, null, true]],
    [{ type: "quantity" }, ["500m", "2Gi", "1", 1, "1.5", "1e3", "128Mi"], [
      "2 Gi",
      "two",
      "1GB",
      "",
    ]],
    [{ type: "array", items: { type: "integer" }, minItems: 1 }, [[1], [1, 2]], [[], ["1"], 1]],
    [{ type: "map", values: { type: "string" }, keys: /^[a-z]+$/ }, [{}, { a: "x" }], [{ A: "x" }, {
      a: 1,
    }, []]],
  ];
  for (const [schema, good, bad] of cases) {
    for (const v of good) assert.deepEqual(check(schema, v, "f"), [], `${JSON.stringify(v)}`);
    for (const v of bad) {
      const problems = check(schema, v, "spec.f");
      assert.equal(problems.length, 1, `${JSON.stringify(v)} against ${schema.type}`);
      assert.match(problems[0]!, /^spec\.f(\.A|\.a|\[0\])?: /);
    }
  }
});

Deno.test("an object refuses unknown fields and missing required ones, and checks nested paths", () => {
  const schema: Schema = {
    type: "object",
    fields: { name: { type: "string" }, ports: { type: "array", items: { type: "integer" } } },
    required: ["name"],
  };
  assert.deepEqual(check(schema, { name: "a", ports: [1] }, ""), []);
  assert.deepEqual(check(schema, { ports: [1, "2"] }, "spec"), [
    "spec.name: required, missing",
    'spec.ports[1]: expected an integer, got "2"',
  ]);
  assert.deepEqual(check(schema, { name: "a", prots: [] }, "spec"), [
    "spec.prots: unknown field (known: name, ports)",
  ]);
});

Deno.test("the kinds' schemas refuse what the API server would: a misspelt field, a bad enum, a bad name", () => {
  const job = () => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "plbench-sweep" },
    spec: {
      completionMode: "Indexed",
      completions: 2,
      template: { spec: { restartPolicy: "Never", containers: [{ name: "s", image: "i" }] } },
    },
  });
  assert.deepEqual(check(KINDS.Job!, job(), ""), []);
  const bad: [(j: ReturnType<typeof job>) => void, RegExp][] = [
    [(j) => Object.assign(j.spec, { completionmode: "Indexed" }), /spec\.completionmode: unknown/],
    [(j) => Object.assign(j.spec, { completionMode: "indexed" }), /expected one of NonIndexed/],
    [
      (j) => Object.assign(j.spec, { completions: 0 }),
      /spec\.completions: expected an integer >= 1/,
    ],
    [
      (j) => Object.assign(j.metadata, { name: "Plbench_Sweep" }),
      /metadata\.name: expected a string/,
    ],
    [
      (j) => Object.assign(j, { apiVersion: "batch/v1beta1" }),
      /apiVersion: expected one of batch\/v1/,
    ],
    [
      (j) => Object.assign(j.spec.template.spec, { containers: [] }),
      /containers: expected at least 1/,
    ],
    [
      (j) =>
        Object.assign(j.spec.template.spec.containers[0]!, {
          resources: { limits: { cpu: "two" } },
        }),
      /limits\.cpu: expected a quantity/,
    ],
  ];
  for (const [mutate, expected] of bad) {
    const j = job();
    mutate(j);
    const problems = check(KINDS.Job!, j, "");
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0]!, expected);
  }
});
