/**
 * The hook a trainer calls at chosen epochs, before that epoch's update: the NTK tracker measures
 * the kernel of theta_t through it, the sharpness tracker the Hessian's top eigenvalue.
 */

/** Called at the epochs in `epochs` with the model at theta_t (before that epoch's update) and its drift. */
export interface ProbeHook<M> {
  epochs: Set<number>;
  run(epoch: number, model: M, drift: number): Promise<void>;
}

/**
 * One hook running several, each at its own epochs, in the order given; null entries are skipped.
 *
 * @example
 * const probe = combineProbes(ntkTracker, sharpnessTracker);
 */
export function combineProbes<M>(...hooks: (ProbeHook<M> | null | undefined)[]): ProbeHook<M> {
  const present = hooks.filter((h): h is ProbeHook<M> => h !== null && h !== undefined);
  return {
    epochs: new Set(present.flatMap((h) => [...h.epochs])),
    async run(epoch, model, drift) {
      for (const hook of present) {
        if (hook.epochs.has(epoch)) await hook.run(epoch, model, drift);
      }
    },
  };
}
