// scalerkit's opt-in scaling policies (docs/policies.md): their types and their arithmetic, exported so
// users can unit-test a policy's numbers directly.
export { scaleInBlocked, scaleInCooldownEndsAt } from './cooldown.js';
export {
  PANIC_DEFAULTS,
  PANIC_LIMITS,
  type PanicState,
  type PanicStepResult,
  panicStep,
  resolvePanic,
} from './panic.js';
export {
  type BacklogObservation,
  DRAIN_ESTIMATE_WEIGHT,
  drainRateSample,
  estimatedDrainSeconds,
  queueTimeItemsPerReplica,
  updateDrainEstimate,
} from './queue-time.js';
export type * from './types.js';
