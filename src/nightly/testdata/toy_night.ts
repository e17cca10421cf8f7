/**
 * Dependencies of real nightly runs over one exact toy (lemniscate F_L, 400 epochs, two seeds),
 * for the end-to-end and browser tests: a few seconds per night.
 */
import { lemniscateSuite } from "../../../suites/lemniscate.ts";
import type { NightlyDeps } from "../run_night.ts";
import { TOY_PROGRAM } from "./toy_suites.ts";

/** Nightly dependencies running the toy set; `say` collects the printed lines. */
export function toyNightDeps(
  env: Record<string, string>,
  say: (line: string) => void,
): NightlyDeps {
  return {
    suites: [lemniscateSuite],
    program: TOY_PROGRAM,
    env,
    entries: [{
      name: "lemniscate",
      suite: "lemniscate",
      set: { param: "L", epochs: 400 },
      grid: { seed: [0, 1] },
      exact: true,
    }],
    say,
  };
}
