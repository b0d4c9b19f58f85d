import { ScalerError } from '../errors.js';
import type { ScaledJob } from '../manifest/types.js';

const DEFAULT_MAX = 100;

/** KEDA's `ScaledJob.MinReplicaCount()`: `min(spec.min, spec.max)`, 0 when unset. */
export function jobMinReplicaCount(job: ScaledJob): number {
  const { minReplicaCount: min, maxReplicaCount: max } = job.spec;
  if (min === undefined || min === null) return 0;
  return Math.min(min, max ?? DEFAULT_MAX);
}

/**
 * KEDA's `ScaledJob.MaxReplicaCount()`: jobs allowed ABOVE the minimum when `spec.max` is set
 * (`spec.max - MinReplicaCount()`, or `spec.max` when min > max), and 100 when unset (not reduced by min).
 */
export function jobMaxReplicaCount(job: ScaledJob): number {
  const { minReplicaCount: min, maxReplicaCount: max } = job.spec;
  if (max === undefined || max === null) return DEFAULT_MAX;
  if (min !== undefined && min !== null && min > max) return max;
  return max - jobMinReplicaCount(job);
}

/** One scaler's contribution to a ScaledJob poll. */
export interface JobScalerEntry {
  /** Sum of the values of the scaler's first metric. */
  queueLength: number;
  /** Mean AverageValue target over the scaler's metric specs (0 → the entry contributes no maxValue). */
  targetAverageValue: number;
  isActive: boolean;
}

/** Result of `combineJobScalerMetrics`. */
export interface CombinedJobMetrics {
  isActive: boolean;
  queueLength: number;
  maxValue: number;
  /** `ceil(queueLength)`. */
  scaleTo: number;
  /** `ceil(maxValue)`. */
  maxScale: number;
}

/**
 * KEDA's ScaledJob metric combination (`multipleScalersCalculation`), with its quirks: only active entries
 * count; `max` selects only a queue length above the running max (which starts at 0), so an active entry
 * with queue length 0 does not activate; `min` treats a running minimum of 0 as unset; `avg`/`sum` are
 * active if any entry is. `minReplicaCount > 0` always makes the job active.
 *
 * @example
 * combineJobScalerMetrics(job, [{ queueLength: 7, targetAverageValue: 2, isActive: true }])
 * // → { isActive: true, queueLength: 7, maxValue: 3.5, scaleTo: 7, maxScale: 4 }
 */
export function combineJobScalerMetrics(job: ScaledJob, entries: readonly JobScalerEntry[]): CombinedJobMetrics {
  const maxRC = jobMaxReplicaCount(job);
  const maxValueOf = (e: JobScalerEntry) =>
    e.targetAverageValue > 0 ? Math.min(e.queueLength / e.targetAverageValue, maxRC) : 0;
  let queueLength = 0;
  let maxValue = 0;
  let isActive = false;
  const active = entries.filter((e) => e.isActive);
  switch (job.spec.scalingStrategy.multipleScalersCalculation) {
    case 'min':
      for (const e of active) {
        if (queueLength === 0 || e.queueLength < queueLength) {
          queueLength = e.queueLength;
          maxValue = maxValueOf(e);
          isActive = true;
        }
      }
      break;
    case 'avg':
      if (active.length > 0) {
        for (const e of active) {
          queueLength += e.queueLength;
          maxValue += maxValueOf(e);
        }
        queueLength /= active.length;
        maxValue /= active.length;
        isActive = true;
      }
      break;
    case 'sum':
      for (const e of active) {
        queueLength += e.queueLength;
        maxValue += maxValueOf(e);
        isActive = true;
      }
      break;
    default:
      for (const e of active) {
        if (e.queueLength > queueLength) {
          queueLength = e.queueLength;
          maxValue = maxValueOf(e);
          isActive = true;
        }
      }
  }
  if (jobMinReplicaCount(job) > 0) isActive = true;
  maxValue = Math.min(maxValue, maxRC);
  return { isActive, queueLength, maxValue, scaleTo: Math.ceil(queueLength), maxScale: Math.ceil(maxValue) };
}

/** Input of `computeJobsToCreate`. */
export interface JobsToCreateInput {
  queueLength: number;
  targetAverageValue: number;
  /** Jobs of this ScaledJob that are not finished. */
  runningJobCount: number;
  /** Running jobs considered pending (see `pendingPodConditions`). */
  pendingJobCount: number;
  isActive: boolean;
}

function requireCount(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ScalerError(`computeJobsToCreate: "${name}" must be a number >= 0, got ${String(value)}`, {
      code: 'INVALID_ARGUMENT',
    });
  }
  return value;
}

/** Go's `strconv.ParseFloat` acceptance (decimal or exponent form, Inf/NaN words excluded). */
function parseGoFloat(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/**
 * How many Jobs KEDA's `RequestJobScale` creates in one poll, with the scaling strategies
 * default / custom / accurate / eager exactly as KEDA computes them (`r = running - minReplicaCount`).
 *
 * @example
 * computeJobsToCreate(job, { queueLength: 10, targetAverageValue: 1, runningJobCount: 3, pendingJobCount: 0, isActive: true })
 * // default strategy: min(ceil(10), 10 - 3) = 7
 */
export function computeJobsToCreate(job: ScaledJob, input: JobsToCreateInput): number {
  const queueLength = requireCount('queueLength', input.queueLength);
  const target = requireCount('targetAverageValue', input.targetAverageValue);
  const running = requireCount('runningJobCount', input.runningJobCount);
  const pending = requireCount('pendingJobCount', input.pendingJobCount);
  const min = jobMinReplicaCount(job);
  const maxRC = jobMaxReplicaCount(job);
  const isActive = input.isActive === true || min > 0;
  let maxValue = target > 0 ? Math.min(queueLength / target, maxRC) : 0;
  maxValue = Math.min(maxValue, maxRC);
  const maxScale = Math.ceil(maxValue);
  let scaleTo = Math.ceil(queueLength);
  let effective: number;
  if (running < min) {
    effective = min - running;
    scaleTo = effective;
  } else {
    const r = running - min;
    const strategy = job.spec.scalingStrategy;
    const percentage =
      strategy.strategy === 'custom' ? parseGoFloat(strategy.customScalingRunningJobPercentage?.trim()) : undefined;
    if (strategy.strategy === 'custom' && percentage !== undefined) {
      const deduction = strategy.customScalingQueueLengthDeduction ?? 0;
      effective = Math.min(maxScale - deduction - Math.trunc(r * percentage), maxRC);
    } else if (strategy.strategy === 'accurate') {
      effective = maxScale + r - pending > maxRC ? maxRC - r : maxScale - pending;
    } else if (strategy.strategy === 'eager') {
      effective = Math.min(maxRC - r - pending, maxScale);
      scaleTo = maxRC;
    } else {
      effective = maxScale - r;
    }
  }
  effective = Math.max(effective, 0);
  if (!isActive || effective <= 0) return 0;
  return Math.min(scaleTo, effective);
}
