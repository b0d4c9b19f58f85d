// Public API of this area; re-exported by ../index.ts.
export { createScalingEngine } from './engine.js';
export { compileFormula, FORMULA_FUNCTIONS } from './formula.js';
export type { CombinedJobMetrics, JobScalerEntry, JobsToCreateInput } from './jobs.js';
export { combineJobScalerMetrics, computeJobsToCreate, jobMaxReplicaCount, jobMinReplicaCount } from './jobs.js';
export { triggerKeyOf } from './model.js';
export { COMPOSITE_METRIC_NAME, compileScalingModifiers } from './modifiers.js';
export * as scalingPolicies from './policies/index.js';
export type * from './policies/types.js';
export type * from './types.js';
