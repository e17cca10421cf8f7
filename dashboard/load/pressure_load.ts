/**
 * Load scripts for the dashboard under exhaustion (not tests: they print figures). Each scenario
 * starts the server (`main.ts serve`) in its own process on a fresh database (`--serve PATH`
 * loads another checkout's, to measure before and after in one sitting) and times `GET /` from a
 * worker thread while it loads the server:
 *
 * ```sh
 * deno run -A dashboard/load/pressure_load.ts uploads [--uploads 50] [--mib 15]
 * deno run -A dashboard/load/pressure_load.ts oversize [--uploads 10] [--mib 59]
 * deno run -A dashboard/load/pressure_load.ts heartbeats [--running 5000] [--viewers 100] [--seconds 20] [--rate 500]
 * deno run -A dashboard/load/pressure_load.ts report-copies [--copies 1000,2000,4000]
 * deno run -A dashboard/load/pressure_load.ts migration [--reports 2000]
 * deno run -A dashboard/load/pressure_load.ts connections [--limit 256] [--connections 400]
 * deno run -A dashboard/load/pressure_load.ts full-disk   # as root: a small tmpfs
 * ```
 */
import { FlagError, parseFlags } from "../../src/util/strict_flags.ts";
import { connectionsScenario } from "./connections_load.ts";
import { fullDiskScenario } from "./disk_load.ts";
import { heartbeatsScenario } from "./heartbeats_load.ts";
import { migrationScenario } from "./migration_load.ts";
import { reportCopiesScenario } from "./query_load.ts";
import { oversizeScenario, uploadsScenario } from "./uploads_load.ts";

const SCENARIOS = [
  "uploads",
  "oversize",
  "heartbeats",
  "report-copies",
  "migration",
  "connections",
  "full-disk",
] as const;

function whole(flags: Record<string, string | undefined>, name: string, fallback: number): number {
  const given = flags[name];
  const n = Number(given ?? fallback);
  if (!Number.isInteger(n) || n < 1) {
    throw new FlagError(`--${name} must be a whole number of at least 1, got '${given}'`);
  }
  return n;
}

/** Runs one scenario and prints its figures; returns the exit code (2 for misuse). */
export async function main(args: string[]): Promise<number> {
  const [scenario, ...rest] = args;
  try {
    if (!(SCENARIOS as readonly string[]).includes(scenario ?? "")) {
      throw new FlagError(`expected a scenario, one of ${SCENARIOS.join(", ")}; got '${scenario}'`);
    }
    const { strings } = parseFlags(rest, {
      string: [
        "serve",
        "uploads",
        "mib",
        "running",
        "viewers",
        "seconds",
        "rate",
        "copies",
        "reports",
        "limit",
        "connections",
      ],
    });
    const base = { servePath: strings.serve };
    let lines: string[];
    if (scenario === "uploads" || scenario === "oversize") {
      const big = scenario === "uploads";
      const options = {
        ...base,
        uploads: whole(strings, "uploads", big ? 50 : 10),
        mib: whole(strings, "mib", big ? 15 : 59),
      };
      lines = big ? await uploadsScenario(options) : await oversizeScenario(options);
    } else if (scenario === "heartbeats") {
      lines = await heartbeatsScenario({
        ...base,
        running: whole(strings, "running", 5000),
        viewers: whole(strings, "viewers", 100),
        seconds: whole(strings, "seconds", 20),
        rate: whole(strings, "rate", 500),
      });
    } else if (scenario === "full-disk") {
      lines = await fullDiskScenario(base);
    } else if (scenario === "connections") {
      lines = await connectionsScenario({
        ...base,
        limit: whole(strings, "limit", 256),
        connections: whole(strings, "connections", 400),
      });
    } else if (scenario === "migration") {
      lines = await migrationScenario({ ...base, reports: whole(strings, "reports", 2000) });
    } else {
      const copies = (strings.copies ?? "1000,2000,4000").split(",").map(Number);
      if (copies.some((n) => !Number.isInteger(n) || n < 1)) {
        throw new FlagError(`--copies must be whole numbers, got '${strings.copies}'`);
      }
      lines = await reportCopiesScenario({ ...base, copies });
    }
    console.log(`${scenario} against ${strings.serve ?? "this checkout's main.ts serve"}:`);
    for (const line of lines) console.log(`  ${line}`);
    return 0;
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    console.error(
      `${e.message}\nusage: pressure_load.ts SCENARIO [flags] (see the file's comment)`,
    );
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
