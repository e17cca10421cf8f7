/**
 * Strict command-line flags on top of @std/cli's `parseArgs`: only the declared flags, no
 * positional arguments, a string flag needs a value, a boolean flag takes none. A bad argument is
 * refused with the message Node's `util.parseArgs` (strict mode) gives, e.g. `Unknown option
 * '--bogus'`, so the commands' one-line refusals read the same whichever parser is used.
 */
import { parseArgs } from "@std/cli/parse-args";

/** The flags a command accepts (long names without dashes). */
export interface FlagSpec {
  /** Flags with a value (`--out DIR` or `--out=DIR`); the last one given wins. */
  string?: readonly string[];
  /** Flags with a value that may be given several times; collected in order. */
  collect?: readonly string[];
  /** Flags without a value. */
  boolean?: readonly string[];
  /** One-letter aliases of boolean flags, e.g. `{ h: "help" }`. */
  short?: Readonly<Record<string, string>>;
}

/** The parsed flags: strings, string lists (empty when absent) and booleans (false when absent). */
export interface Flags {
  strings: Record<string, string | undefined>;
  lists: Record<string, string[]>;
  booleans: Record<string, boolean>;
}

/** A refused argument; `message` is the one line to show. */
export class FlagError extends Error {
  override name = "FlagError";
}

/** Throws FlagError for the first argument Node's strict `parseArgs` would refuse. */
function checkArgs(args: readonly string[], spec: FlagSpec): void {
  const strings = new Set([...(spec.string ?? []), ...(spec.collect ?? [])]);
  const booleans = new Set(spec.boolean ?? []);
  const short = spec.short ?? {};
  const letters = new Map(Object.entries(short).map(([letter, long]) => [long, letter]));
  const shown = (name: string) => {
    const letter = letters.get(name);
    return letter === undefined ? `--${name}` : `-${letter}, --${name}`;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      const rest = args[i + 1];
      if (rest !== undefined) throw positional(rest);
      return;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (booleans.has(name)) {
        if (eq >= 0) throw new FlagError(`Option '${shown(name)}' does not take an argument`);
      } else if (strings.has(name)) {
        if (eq >= 0) continue;
        const value = args[i + 1];
        if (value === undefined) throw new FlagError(`Option '--${name} <value>' argument missing`);
        if (value.startsWith("-") && value !== "-") {
          throw new FlagError(
            `Option '--${name}' argument is ambiguous.\nDid you forget to specify the option ` +
              `argument for '--${name}'?\nTo specify an option argument starting with a dash use ` +
              `'--${name}=-XYZ'.`,
          );
        }
        i++;
      } else {
        throw new FlagError(`Unknown option '--${name}'`);
      }
    } else if (arg.startsWith("-") && arg !== "-") {
      for (const letter of arg.slice(1)) {
        const long = short[letter];
        if (long === undefined || !booleans.has(long)) {
          throw new FlagError(`Unknown option '-${letter}'`);
        }
      }
    } else {
      throw positional(arg);
    }
  }
}

function positional(arg: string): FlagError {
  return new FlagError(
    `Unexpected argument '${arg}'. This command does not take positional arguments`,
  );
}

/**
 * Parses `args` against `spec`; throws FlagError (one line first) for an unknown flag, a missing
 * or unexpected value, or a positional argument.
 *
 * @example
 * parseFlags(["--out", "runs", "--force"], { string: ["out"], boolean: ["force"] });
 * // { strings: { out: "runs" }, lists: {}, booleans: { force: true } }
 */
export function parseFlags(args: readonly string[], spec: FlagSpec): Flags {
  checkArgs(args, spec);
  // `--name value` as `--name=value`, so a checked value that starts with a dash stays a value
  const valued = new Set([...(spec.string ?? []), ...(spec.collect ?? [])]);
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : null;
    if (name !== null && valued.has(name)) joined.push(`${arg}=${args[++i]}`);
    else joined.push(arg);
  }
  const parsed = parseArgs(joined, {
    string: [...(spec.string ?? []), ...(spec.collect ?? [])],
    collect: [...(spec.collect ?? [])],
    boolean: [...(spec.boolean ?? [])],
    alias: { ...spec.short },
    "--": true,
    unknown: (arg: string) => {
      throw new FlagError(`Unknown option '${arg}'`);
    },
  }) as Record<string, unknown>;
  const flags: Flags = { strings: {}, lists: {}, booleans: {} };
  for (const name of spec.string ?? []) {
    const value = parsed[name];
    flags.strings[name] = Array.isArray(value) ? value.at(-1) : value as string | undefined;
  }
  for (const name of spec.collect ?? []) flags.lists[name] = (parsed[name] as string[]) ?? [];
  for (const name of spec.boolean ?? []) flags.booleans[name] = parsed[name] === true;
  return flags;
}
