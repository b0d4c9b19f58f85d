import { ScalerError } from '../errors.js';
import { toNumberInput } from '../hpa/quantity.js';
import type { ScaledJob, ScalingStrategy } from '../manifest/types.js';

const DEFAULT_MAX = 100;

/** The fields of a ScaledJob spec the job arithmetic reads, with `null` / missing meaning unset. */
interface JobLimits {
  min: number | undefined;
  max: number | undefined;
  strategy: Partial<ScalingStrategy>;
}

function invalid(message: string): never {
  throw new ScalerError(message, { code: 'INVALID_ARGUMENT' });
}

function optionalCount(fn: string, path: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = toNumberInput(value);
  if (n === undefined) invalid(`${fn}: "${path}" must be a number, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * Reads the limits and strategy from a parsed ScaledJob (`parseScaledJob`), a manifest-like object with a
 * `spec`, or a bare spec; a missing `scalingStrategy` is KEDA's default strategy and `max` calculation.
 */
function limitsOf(fn: string, job: ScaledJob): JobLimits {
  if (typeof job !== 'object' || job === null) invalid(`${fn}: "scaledJob" must be a ScaledJob (see parseScaledJob)`);
  const raw = job as unknown as Record<string, unknown>;
  const spec = (typeof raw.spec === 'object' && raw.spec !== null ? raw.spec : raw) as Record<string, unknown>;
  const strategy = spec.scalingStrategy;
  if (strategy !== undefined && strategy !== null && typeof strategy !== 'object') {
    invalid(`${fn}: "spec.scalingStrategy" must be an object`);
  }
  return {
    min: optionalCount(fn, 'spec.minReplicaCount', spec.minReplicaCount),
    max: optionalCount(fn, 'spec.maxReplicaCount', spec.maxReplicaCount),
    strategy: (strategy ?? {}) as Partial<ScalingStrategy>,
  };
}

function minOf(limits: JobLimits): number {
  if (limits.min === undefined) return 0;
  return Math.min(limits.min, limits.max ?? DEFAULT_MAX);
}

function maxOf(limits: JobLimits): number {
  if (limits.max === undefined) return DEFAULT_MAX;
  if (limits.min !== undefined && limits.min > limits.max) return limits.max;
  return limits.max - minOf(limits);
}

/** KEDA's `ScaledJob.MinReplicaCount()`: `min(spec.min, spec.max)`, 0 when unset. */
export function jobMinReplicaCount(job: ScaledJob): number {
  return minOf(limitsOf('jobMinReplicaCount', job));
}

/**
 * KEDA's `ScaledJob.MaxReplicaCount()`: jobs allowed ABOVE the minimum when `spec.max` is set
 * (`spec.max - MinReplicaCount()`, or `spec.max` when min > max), and 100 when unset (not reduced by min).
 */
export function jobMaxReplicaCount(job: ScaledJob): number {
  return maxOf(limitsOf('jobMaxReplicaCount', job));
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
  const limits = limitsOf('combineJobScalerMetrics', job);
  if (!Array.isArray(entries)) invalid('combineJobScalerMetrics: "entries" must be an array of scaler entries');
  const maxRC = maxOf(limits);
  const maxValueOf = (e: JobScalerEntry) =>
    e.targetAverageValue > 0 ? Math.min(e.queueLength / e.targetAverageValue, maxRC) : 0;
  let queueLength = 0;
  let maxValue = 0;
  let isActive = false;
  const active = entries.filter((e) => e.isActive);
  switch (limits.strategy.multipleScalersCalculation) {
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
  if (minOf(limits) > 0) isActive = true;
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
  const n = toNumberInput(value);
  if (n === undefined || n < 0) {
    invalid(
      `computeJobsToCreate: "${name}" must be a number >= 0, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    );
  }
  return n;
}

/**
 * Go's `strconv.ParseFloat` acceptance for decimal and exponent forms; no surrounding spaces (Go refuses
 * them, and KEDA then falls back to the default strategy). The Inf/NaN words are not accepted: Go's result
 * with them is platform-defined (`int64(±Inf)`), so the default strategy is the predictable reading.
 */
function parseGoFloat(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
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
  const limits = limitsOf('computeJobsToCreate', job);
  if (typeof input !== 'object' || input === null) {
    invalid(
      'computeJobsToCreate: the second argument must be { queueLength, targetAverageValue, runningJobCount, pendingJobCount, isActive }',
    );
  }
  const queueLength = requireCount('queueLength', input.queueLength);
  const target = requireCount('targetAverageValue', input.targetAverageValue);
  const running = requireCount('runningJobCount', input.runningJobCount);
  const pending = requireCount('pendingJobCount', input.pendingJobCount);
  const min = minOf(limits);
  const maxRC = maxOf(limits);
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
    const strategy = limits.strategy;
    const percentage =
      strategy.strategy === 'custom' ? parseGoFloat(strategy.customScalingRunningJobPercentage) : undefined;
    if (strategy.strategy === 'custom' && percentage !== undefined) {
      const deduction =
        optionalCount(
          'computeJobsToCreate',
          'spec.scalingStrategy.customScalingQueueLengthDeduction',
          strategy.customScalingQueueLengthDeduction,
        ) ?? 0;
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
