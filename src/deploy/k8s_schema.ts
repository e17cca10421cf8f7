/**
 * A small schema language for Kubernetes objects, and its checker. Kubernetes' own OpenAPI
 * schemas cannot be fetched here, so plbench's manifests are checked against schemas written for
 * the fields they use (`k8s_kinds.ts`), in the spirit of `kubectl apply --validate=strict`: an
 * unknown field, a value of the wrong type or outside its enumeration, and a required field that
 * is missing are each reported with its path.
 */

/** What a value must be. */
export type Schema =
  | { type: "string"; enum?: readonly string[]; pattern?: RegExp }
  | { type: "integer"; minimum?: number }
  | { type: "boolean" }
  /** An integer, or a name or a percentage (e.g. a container port given by name). */
  | { type: "int-or-string" }
  /** A resource quantity: a number with an optional suffix (100m, 2Gi, 1). */
  | { type: "quantity" }
  | { type: "array"; items: Schema; minItems?: number }
  /** A map with free keys (labels, resource lists), each value of one schema. */
  | { type: "map"; values: Schema; keys?: RegExp }
  /** An object with these fields only; `required` must be there. */
  | { type: "object"; fields: Readonly<Record<string, Schema>>; required?: readonly string[] }
  /** Any value at all (kept for fields whose content another check reads, such as `emptyDir`). */
  | { type: "any" };

/** Kubernetes' resource quantity syntax (decimal or binary suffix, or an exponent). */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([kMGTPE]i?|[munk]|[eE][+-]?\d+)?$/;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Checks `value` against `schema`; returns one line per problem, each starting with the path of
 * the value (`spec.template.spec.containers[0].imagePullPolicy: ...`). Empty when it conforms.
 *
 * @example check({ type: "integer", minimum: 1 }, 0, "spec.completions")
 * // ["spec.completions: expected an integer >= 1, got 0"]
 */
export function check(schema: Schema, value: unknown, path: string): string[] {
  const at = path === "" ? "(top)" : path;
  switch (schema.type) {
    case "any":
      return [];
    case "string": {
      if (typeof value !== "string") return [`${at}: expected a string, got ${kindOf(value)}`];
      if (schema.enum !== undefined && !schema.enum.includes(value)) {
        return [`${at}: expected one of ${schema.enum.join(", ")}, got ${shown(value)}`];
      }
      if (schema.pattern !== undefined && !schema.pattern.test(value)) {
        return [`${at}: expected a string matching ${schema.pattern}, got ${shown(value)}`];
      }
      return [];
    }
    case "integer": {
      const min = schema.minimum;
      if (
        typeof value !== "number" || !Number.isInteger(value) || (min !== undefined && value < min)
      ) {
        const bound = min === undefined ? "" : ` >= ${min}`;
        return [`${at}: expected an integer${bound}, got ${shown(value)}`];
      }
      return [];
    }
    case "boolean":
      return typeof value === "boolean"
        ? []
        : [`${at}: expected true or false, got ${shown(value)}`];
    case "int-or-string":
      return (typeof value === "number" && Number.isInteger(value)) || typeof value === "string"
        ? []
        : [`${at}: expected an integer or a string, got ${shown(value)}`];
    case "quantity":
      return (typeof value === "string" && QUANTITY.test(value)) ||
          (typeof value === "number" && Number.isFinite(value))
        ? []
        : [`${at}: expected a quantity such as 500m, 2Gi or 1, got ${shown(value)}`];
    case "array": {
      if (!Array.isArray(value)) return [`${at}: expected a list, got ${kindOf(value)}`];
      const min = schema.minItems ?? 0;
      const short = value.length < min
        ? [`${at}: expected at least ${min} items, got ${value.length}`]
        : [];
      return [...short, ...value.flatMap((item, i) => check(schema.items, item, `${path}[${i}]`))];
    }
    case "map": {
      if (!isObject(value)) return [`${at}: expected a map, got ${kindOf(value)}`];
      return Object.entries(value).flatMap(([k, v]) => [
        ...(schema.keys !== undefined && !schema.keys.test(k)
          ? [`${at}: key ${shown(k)} does not match ${schema.keys}`]
          : []),
        ...check(schema.values, v, `${path}.${k}`),
      ]);
    }
    case "object": {
      if (!isObject(value)) return [`${at}: expected an object, got ${kindOf(value)}`];
      const missing = (schema.required ?? []).filter((k) => !(k in value))
        .map((k) => `${path === "" ? "" : `${path}.`}${k}: required, missing`);
      const fields = Object.entries(value).flatMap(([k, v]) => {
        const sub = schema.fields[k];
        const where = path === "" ? k : `${path}.${k}`;
        return sub === undefined
          ? [`${where}: unknown field (known: ${Object.keys(schema.fields).join(", ")})`]
          : check(sub, v, where);
      });
      return [...missing, ...fields];
    }
  }
}

/** Whether `value` is a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
