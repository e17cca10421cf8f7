/**
 * A condition logged once when it starts and once when it has ended (things went well for
 * EPISODE_MS since it last held), however often it is met meanwhile: the gate's log of failing
 * accepts, scarce descriptors and an unreachable HTTP server is two lines an episode.
 */

/** How long things must go well before a logged condition is said to have ended. */
export const EPISODE_MS = 1000;

/** A condition and its log. */
export class Episode {
  #holding = false;
  #last = 0;

  constructor(readonly log: (line: string) => void) {}

  /** The condition holds now; logs `line` if it was not holding. */
  start(line: string): void {
    if (!this.#holding) this.log(line);
    this.#holding = true;
    this.#last = Date.now();
  }

  /** Things went well now; logs `line` once they have gone well EPISODE_MS since the last bad. */
  fine(line: string): void {
    if (!this.#holding || Date.now() - this.#last < EPISODE_MS) return;
    this.log(line);
    this.#holding = false;
  }
}
