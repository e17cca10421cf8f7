import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

/** The file paths a Markdown text names in backticks (`a/b.ts`, `c.ts`). */
function namedPaths(text: string): string[] {
  return [...text.matchAll(/`([A-Za-z0-9_.-][A-Za-z0-9_./-]*\.(?:ts|js|css|json|sh|py))`/g)]
    .map((m) => m[1]!);
}

/** Whether `path` exists under one of `bases` (a bare file name: anywhere in its folders). */
async function exists(path: string, bases: URL[]): Promise<boolean> {
  for (const base of bases) {
    try {
      await Deno.stat(new URL(path, base));
      return true;
    } catch {
      // try the next base
    }
  }
  return false;
}

/** Every file under `dir` (URL), as a path relative to the repository. */
async function allFiles(dir: URL, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.name.startsWith(".") || ["node_modules", "vendor", "runs"].includes(e.name)) continue;
    if (e.isDirectory) {
      out.push(...await allFiles(new URL(`${e.name}/`, dir), `${prefix}${e.name}/`));
    } else out.push(`${prefix}${e.name}`);
  }
  return out;
}

Deno.test("the READMEs name only files that exist", async () => {
  const files = await allFiles(ROOT);
  const names = new Set(files.map((f) => f.split("/").at(-1)!));
  const missing: string[] = [];
  for (
    const [doc, base] of [["README.md", ROOT], [
      "dashboard/README.md",
      new URL("dashboard/", ROOT),
    ]] as const
  ) {
    const text = await Deno.readTextFile(new URL(doc, ROOT));
    for (const path of namedPaths(text)) {
      const found = path.includes("/") ? await exists(path, [base, ROOT]) : names.has(path);
      if (!found) missing.push(`${doc}: ${path}`);
    }
  }
  assert.deepEqual(missing, []);
});
