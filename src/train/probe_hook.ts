/**
 * The hook a trainer calls at chosen epochs, before that epoch's update: the NTK tracker measures
 * the kernel of theta_t through it.
 */

/** Called at the epochs in `epochs` with the model at theta_t (before that epoch's update) and its drift. */
export interface ProbeHook<M> {
  epochs: Set<number>;
  run(epoch: number, model: M, drift: number): Promise<void>;
}
