/** `main.ts` with the stand-in suites, for tests that run a sweep as a separate process. */
import { main } from "../../../main.ts";
import { SUITES } from "../../sweep/testdata/fake_suites.ts";
import { stdoutSink } from "../progress.ts";

if (import.meta.main) {
  Deno.exit(
    await main(Deno.args, {
      suites: SUITES,
      suitesModule: new URL("../../sweep/testdata/fake_suites.ts", import.meta.url).href,
      configPath: new URL("../../../deno.json", import.meta.url).pathname,
      env: Deno.env.toObject(),
      out: stdoutSink(),
    }),
  );
}
