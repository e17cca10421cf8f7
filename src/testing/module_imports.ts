/**
 * What a TypeScript module imports, read from its text: static imports and re-exports (type-only
 * or not), string-literal dynamic imports, dynamic imports of a computed specifier (which static
 * tools cannot follow), and `new URL("./x.ts", import.meta.url)` references to other modules. Each
 * with its 1-based line, so a rule broken can be named by file and line.
 *
 * @example
 * moduleImports('import type { A } from "./a.ts";\nconst b = await import("./b.ts");');
 * // [{ specifier: "./a.ts", line: 1, kind: "type" }, { specifier: "./b.ts", line: 2, kind: "dynamic" }]
 */

/** How a module refers to another. */
export type ImportKind = "static" | "type" | "dynamic" | "computed" | "url";

/** One reference from a module to another. */
export interface ModuleImport {
  /** The specifier as written (for `computed`, the expression). */
  specifier: string;
  /** 1-based line of the statement's start. */
  line: number;
  kind: ImportKind;
}

/** `text` with comments blanked out (strings kept, line breaks kept, so offsets and lines hold). */
function blankComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "/" && next === "/") {
      let j = i;
      while (j < text.length && text[j] !== "\n") j++;
      out += " ".repeat(j - i);
      i = j;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const j = end === -1 ? text.length : end + 2;
      out += text.slice(i, j).replace(/[^\n]/g, " ");
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const PATTERNS: { re: RegExp; kind: (m: RegExpExecArray) => ImportKind }[] = [
  {
    // import ... from "x" / export ... from "x" (possibly over several lines), at a statement start
    re: /(?:^|[;\n])[ \t]*(import|export)(\s+type)?\b(?:[^;"'`]|\n)*?\bfrom\s*["']([^"']+)["']/g,
    kind: (m) => m[2] !== undefined ? "type" : "static",
  },
  { re: /(?:^|[;\n])[ \t]*import\s*()()["']([^"']+)["']/g, kind: () => "static" },
  { re: /\bimport\(\s*()()["']([^"']+)["']\s*\)/g, kind: () => "dynamic" },
  {
    re: /\bnew URL\(\s*()()["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g,
    kind: () => "url",
  },
];

const COMPUTED = /\bimport\(\s*([^"'\s)][^)]*)\)/g;

/** Every reference of the module whose text is `text` to another module, in order of position. */
export function moduleImports(text: string): ModuleImport[] {
  const code = blankComments(text);
  const lineAt = (offset: number) => code.slice(0, offset).split("\n").length;
  const found: (ModuleImport & { at: number })[] = [];
  for (const { re, kind } of PATTERNS) {
    for (const m of code.matchAll(re)) {
      const start = m.index + m[0].search(/\S/);
      found.push({
        specifier: m[3]!,
        line: lineAt(start),
        kind: kind(m as RegExpExecArray),
        at: start,
      });
    }
  }
  for (const m of code.matchAll(COMPUTED)) {
    found.push({ specifier: m[1]!.trim(), line: lineAt(m.index), kind: "computed", at: m.index });
  }
  found.sort((a, b) => a.at - b.at);
  return found.map(({ specifier, line, kind }) => ({ specifier, line, kind }));
}
