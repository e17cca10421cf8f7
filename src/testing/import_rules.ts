/**
 * The rules that keep plbench's layers in place, checked over every module's imports:
 * - `main.ts` is the one composition root: nothing imports it;
 * - `src/` imports neither `suites/` nor `dashboard/`; `dashboard/` imports neither `suites/` nor
 *   `src/cli/`; `suites/` imports neither `dashboard/` nor `src/cli/`;
 * - `src/cli/` (the commands) is imported by `main.ts` only;
 * - `dashboard/compute/` imports neither `dashboard/storage/` nor `dashboard/routes/`;
 * - `src/report/` does not call `src/analysis/`; `src/util/` imports nothing of plbench's outside it;
 * - no production module imports test code (`*_test.ts`, `*_bench.ts`, `testing/`, `testdata/`,
 *   the load scripts under `load/`);
 * - no production module imports a computed specifier (static tools and readers cannot follow it);
 * - no cycle between folders among production modules (type-only imports count).
 * Test code (tests, benchmarks, their helpers) assembles real parts like a root of its own: it may
 * import any module, but not put a cycle into production folders (it is left out of that graph).
 *
 * Run `deno run -R src/testing/import_rules.ts [ROOT]` for the counts and each offender.
 */
import { type ModuleImport, moduleImports } from "./module_imports.ts";
import { dirname, join, normalize, relative } from "node:path";

/** One module's path (relative to the root, `/`-separated) and what it imports. */
export interface ModuleNode {
  path: string;
  imports: ModuleImport[];
}

/** An import that breaks a rule, with where it stands. */
export interface Breach {
  file: string;
  line: number;
  target: string;
  rule: string;
}

/**
 * Whether `path` is test code: a test, a benchmark, a load script (under `load/`), or a helper
 * under `testing/` or `testdata/`.
 */
export function isTestCode(path: string): boolean {
  return /_(test|bench)\.ts$/.test(path) || /(^|\/)(testing|testdata|load)\//.test(path);
}

/**
 * The folder a module belongs to for the cycle check: `main` for root files, `suites`, the first
 * two levels elsewhere (`src/sweep`, `dashboard/routes`; `dashboard` for its top-level files).
 */
export function folderOf(path: string): string {
  const parts = path.split("/");
  if (parts.length === 1) return "main";
  if (parts[0] === "src" || parts[0] === "dashboard") {
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return parts[0]!;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(folder + "/");

/** A rule over one import: a name and whether the edge from `from` to `to` breaks it. */
interface EdgeRule {
  rule: string;
  breaks(from: string, to: string): boolean;
}

const EDGE_RULES: EdgeRule[] = [
  { rule: "nothing imports main.ts, the composition root", breaks: (_f, to) => to === "main.ts" },
  {
    rule: "src/ imports neither suites/ nor dashboard/",
    breaks: (f, to) => under(f, "src") && (under(to, "suites") || under(to, "dashboard")),
  },
  {
    rule: "dashboard/ imports neither suites/ nor src/cli/",
    breaks: (f, to) => under(f, "dashboard") && (under(to, "suites") || under(to, "src/cli")),
  },
  {
    rule: "suites/ imports neither dashboard/ nor src/cli/",
    breaks: (f, to) => under(f, "suites") && (under(to, "dashboard") || under(to, "src/cli")),
  },
  {
    rule: "src/cli/ (the commands) is imported by main.ts only",
    breaks: (f, to) => under(to, "src/cli") && !under(f, "src/cli") && f !== "main.ts",
  },
  {
    rule: "dashboard/compute/ imports neither storage nor routes",
    breaks: (f, to) =>
      under(f, "dashboard/compute") &&
      (under(to, "dashboard/storage") || under(to, "dashboard/routes")),
  },
  {
    rule: "src/report/ does not call src/analysis/",
    breaks: (f, to) => under(f, "src/report") && under(to, "src/analysis"),
  },
  {
    rule: "src/util/ imports nothing of plbench outside it",
    breaks: (f, to) => under(f, "src/util") && !under(to, "src/util"),
  },
  {
    rule: "production code imports no test code",
    breaks: (f, to) => !isTestCode(f) && isTestCode(to),
  },
];

/** The repository path an import of `node` points to, or null for a package or a computed one. */
export function importTarget(node: ModuleNode, imp: ModuleImport): string | null {
  if (imp.kind === "computed" || !imp.specifier.startsWith(".")) return null;
  const target = normalize(join(dirname(node.path), imp.specifier)).replaceAll("\\", "/");
  return target.startsWith("..") ? null : target;
}

/** Every import of `nodes` that breaks a rule (test code only by importing a computed specifier: never). */
export function ruleBreaches(nodes: readonly ModuleNode[]): Breach[] {
  const breaches: Breach[] = [];
  for (const node of nodes) {
    if (isTestCode(node.path)) continue;
    for (const imp of node.imports) {
      if (imp.kind === "computed") {
        breaches.push({
          file: node.path,
          line: imp.line,
          target: `import(${imp.specifier})`,
          rule: "no import of a computed specifier",
        });
        continue;
      }
      const to = importTarget(node, imp);
      if (to === null) continue;
      for (const r of EDGE_RULES) {
        if (r.breaks(node.path, to)) {
          breaches.push({ file: node.path, line: imp.line, target: to, rule: r.rule });
        }
      }
    }
  }
  return breaches;
}

/** One folder-to-folder import with one place that makes it. */
export interface FolderEdge {
  from: string;
  to: string;
  file: string;
  line: number;
}

/**
 * The cycles between folders of the production modules: each strongly connected set of two or
 * more folders, with the imports between its members (file and line of one each).
 */
export function folderCycles(
  nodes: readonly ModuleNode[],
): { folders: string[]; edges: FolderEdge[] }[] {
  const edges = new Map<string, FolderEdge>();
  for (const node of nodes) {
    if (isTestCode(node.path)) continue;
    for (const imp of node.imports) {
      const to = importTarget(node, imp);
      if (to === null || isTestCode(to)) continue;
      const a = folderOf(node.path);
      const b = folderOf(to);
      if (a !== b && !edges.has(`${a}>${b}`)) {
        edges.set(`${a}>${b}`, { from: a, to: b, file: node.path, line: imp.line });
      }
    }
  }
  const next = new Map<string, string[]>();
  for (const e of edges.values()) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sets: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const set: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        set.push(w);
      } while (w !== v);
      if (set.length > 1) sets.push(set.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return sets.map((folders) => ({
    folders,
    edges: [...edges.values()].filter((e) => folders.includes(e.from) && folders.includes(e.to)),
  }));
}

/** Every TypeScript module under `root` that plbench owns (not vendor/, node_modules/, runs/). */
export async function readModules(root: string): Promise<ModuleNode[]> {
  const nodes: ModuleNode[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).replaceAll("\\", "/");
      if (entry.isDirectory) {
        if (!/^(vendor|node_modules|runs|\.git)$/.test(rel) && !entry.name.startsWith(".")) {
          await walk(full);
        }
      } else if (entry.isFile && entry.name.endsWith(".ts")) {
        nodes.push({ path: rel, imports: moduleImports(await Deno.readTextFile(full)) });
      }
    }
  };
  await walk(root);
  return nodes.sort((a, b) => a.path < b.path ? -1 : 1);
}

/** Prints the breaches and folder cycles of the tree at `args[0]` (default `.`) with their counts. */
export async function main(args: string[]): Promise<number> {
  const nodes = await readModules(args[0] ?? ".");
  const breaches = ruleBreaches(nodes);
  const cycles = folderCycles(nodes);
  for (const b of breaches) console.log(`${b.file}:${b.line} -> ${b.target}: ${b.rule}`);
  for (const c of cycles) {
    console.log(`cycle ${c.folders.join(" <-> ")}`);
    for (const e of c.edges) console.log(`  ${e.from} -> ${e.to} (${e.file}:${e.line})`);
  }
  const files = new Set(breaches.map((b) => b.file));
  const edges = cycles.flatMap((c) => c.edges);
  const mutual = edges.filter((e) =>
    e.from < e.to && edges.some((b) => b.from === e.to && b.to === e.from)
  );
  for (const e of mutual) console.log(`mutual ${e.from} <-> ${e.to}`);
  console.log(
    `${nodes.filter((n) => !isTestCode(n.path)).length} production modules: ${files.size} ` +
      `with imports that break a rule (${breaches.length} imports), ${cycles.length} folder cycles ` +
      `(${
        cycles.reduce((n, c) => n + c.folders.length, 0)
      } folders in them, ${mutual.length} pairs ` +
      `importing each other)`,
  );
  return breaches.length === 0 && cycles.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
