// Public API of this area; re-exported by ../index.ts.
import { defaultBehavior } from './behavior-defaults.js';
import { combineMetrics } from './combine.js';
import { normalize } from './normalize.js';
import { toMilli } from './quantity.js';
import { replicasForAverageValue, replicasForValue } from './replicas.js';
import { recordScaleEvent } from './scale-events.js';
import { defaultTolerance, isWithinTolerance } from './tolerance.js';

export type { CombinedMetrics, MetricProposal } from './combine.js';
export type * from './types.js';

/**
 * The Kubernetes HPA's arithmetic as pure functions (autoscaling/v2, External metrics). Times are milliseconds.
 *
 * @example
 * import { hpa } from '@scalerkit/core';
 * hpa.replicasForAverageValue({ currentReplicas: 2, metricValue: 95, targetAverageValue: 10 }).replicas; // 10
 */
export const hpa = Object.freeze({
  replicasForValue,
  replicasForAverageValue,
  normalize,
  recordScaleEvent,
  defaultBehavior,
  combineMetrics,
  isWithinTolerance,
  toMilli,
  /** Kubernetes' default tolerance, 0.1 in each direction. */
  tolerance: defaultTolerance,
});
