import {
  createScalingEngine,
  type Decision,
  type MetricSpec,
  parseScaledObject,
  type ScaledObject,
  type ScalingEngineOptions,
  type TriggerObservation,
} from '@scalerkit/core';
import { autoscalerLoops, DEFAULT_HPA_SYNC_PERIOD_MS, LoopCadence } from '@scalerkit/core/autoscaler';
import { parseDuration } from './duration.js';
import { simulationTriggers } from './simulation-targets.js';
import type { SimulatedTrigger, SimulationResult, SimulationScaleEvent, SimulationStep } from './simulation-types.js';
import { summarize } from './summary.js';
import { arrivalRateFunction, type Duration, type Workload } from './workload.js';

/** What a timeline point or function says about a trigger at one time. */
export interface MetricSample {
  value?: number;
  /** The poll fails with this message (`true`: a generic message). */
  error?: string | true;
  /** Overrides the activity computed as `value > activationTarget`. */
  isActive?: boolean;
}

/**
 * One trigger's metric over time: a constant, points held until the next point (`{ at: '5m', value: 40 }`,
 * `{ at: '10m', error: 'broker down' }`; 0 before the first point), or a function of the time in seconds.
 */
export type MetricSeries =
  | number
  | readonly ({ at: Duration } & MetricSample)[]
  | ((timeSeconds: number) => number | MetricSample);

/**
 * Options of `simulate`. Units follow scalerkit's one rule (docs/testing-policies.md#units): a number in an
 * option whose name ends in `Ms` is milliseconds, as in `createAutoscaler`; the other durations describe the
 * simulated world, whose time axis is in seconds as KEDA's manifest fields are, and accept text with a unit
 * (`90s`, `2h`, `500ms`).
 */
export interface SimulateOptions {
  /** A parsed ScaledObject, or anything `parseScaledObject` accepts (YAML, JSON, manifest object). */
  scaledObject: ScaledObject | string | Record<string, unknown>;
  /** `spec.replicas` at time 0 (all ready). */
  initialReplicas: number;
  /** Per trigger key (name, or index as a string), the metric it reports. */
  timeline?: Record<string, MetricSeries>;
  /** A closed-loop queue: its backlog is the metric of `workload.trigger` (default the first trigger). */
  workload?: Workload;
  /** Length of the simulation. */
  until: Duration;
  /** Time step. Default 1 s. */
  step?: Duration;
  /** Seconds before a new replica is ready. Default 0. */
  readyDelay?: Duration;
  /** Period of KEDA's scale loop (the poll phase), overriding `spec.pollingInterval` (seconds, as in KEDA). */
  pollingInterval?: Duration;
  /**
   * Period of the HPA loop (the HPA phase) in ms, default 15000 as in Kubernetes: the option of
   * `createAutoscaler`, run on the same schedule (`autoscalerLoops`). `0` or `false`: merged mode, one
   * decision doing both at each poll (the engine without phase).
   */
  hpaSyncPeriodMs?: number | false;
  /** @deprecated Use `hpaSyncPeriodMs` (milliseconds, as `createAutoscaler` takes it). Seconds or text. */
  hpaSyncPeriod?: Duration;
  /** Each trigger's metric specs, when the trigger metadata does not say (key as in `timeline`). */
  metricSpecs?: Record<string, MetricSpec[]>;
  /** Each trigger's activation threshold, when the trigger metadata does not say. */
  activationTargets?: Record<string, number>;
  /** Wall time (ms) of simulation time 0, given to the engine as `now`. Default 0. */
  start?: number;
  /** Creation time of the ScaledObject (ms) for `initialCooldownPeriod`. Default `start`. */
  createdAt?: number;
  /**
   * Passed to the engine: HPA tolerance and legacy settings; `fallbackFailuresPerDecision` (merged mode only:
   * 2 models a poll plus an HPA fetch per decision).
   */
  engineOptions?: Pick<ScalingEngineOptions, 'fallbackFailuresPerDecision' | 'hpa'>;
}

type Sampler = (time: number) => MetricSample;

/**
 * Kubernetes' HPA sync period (`--horizontal-pod-autoscaler-sync-period`), in seconds.
 * @deprecated Use `DEFAULT_HPA_SYNC_PERIOD_MS` from `@scalerkit/core/autoscaler`.
 */
export const DEFAULT_HPA_SYNC_PERIOD_SECONDS = DEFAULT_HPA_SYNC_PERIOD_MS / 1000;

/** Shared by the steps where the engine was not consulted (a day at 1 s steps has 86 400 of them). */
const noDecisions: readonly never[] = Object.freeze([]);

function toSampler(series: MetricSeries, path: string): Sampler {
  if (typeof series === 'number') return () => ({ value: series });
  if (typeof series === 'function') {
    return (time) => {
      const sample = series(time);
      return typeof sample === 'number' ? { value: sample } : sample;
    };
  }
  if (!Array.isArray(series)) throw new Error(`${path} must be a number, a list of points or a function`);
  const points = series
    .map((point, index) => ({ ...point, at: parseDuration(point.at, `${path}[${index}].at`) }))
    .sort((a, b) => a.at - b.at);
  let cursor = -1;
  return (time) => {
    // Simulation time only moves forward: advance a cursor instead of searching.
    if (cursor >= 0 && points[cursor]!.at > time) cursor = -1;
    while (cursor + 1 < points.length && points[cursor + 1]!.at <= time) cursor += 1;
    return cursor < 0 ? { value: 0 } : points[cursor]!;
  };
}

function resolveScaledObject(input: SimulateOptions['scaledObject']): ScaledObject {
  if (
    typeof input === 'object' &&
    input !== null &&
    'pause' in input &&
    (input as ScaledObject).kind === 'ScaledObject'
  ) {
    return input as ScaledObject;
  }
  return parseScaledObject(input);
}

/**
 * Runs a ScaledObject through the real scaling engine in virtual time and returns every step, on the
 * autoscaler's two cadences: an HPA sync (`decide({ phase: 'hpa' })`) at time 0 and every `hpaSyncPeriod`,
 * and a poll (`decide({ phase: 'poll' })`) at time 0 and every `pollingInterval`, the HPA first when both
 * are due. Each decision is applied at once (`spec.replicas`), new replicas become ready after
 * `readyDelay`, scale-in removes not-ready replicas first. A trigger with `useCachedMetrics` gives the HPA
 * the last poll's observation. With `hpaSyncPeriod: 0` one merged decision is made at each poll.
 *
 * @example
 * const result = simulate({
 *   scaledObject: yaml, initialReplicas: 0, until: '1h',
 *   workload: { arrivals: { type: 'bursts', baseRate: 1, burstRate: 60, every: '20m', duration: '3m' },
 *               serviceRatePerReplica: 5 },
 * });
 * expect(result.summary.maxReplicas).toBe(12);
 */
export function simulate(options: SimulateOptions): SimulationResult<Decision> {
  const scaledObject = resolveScaledObject(options.scaledObject);
  const until = parseDuration(options.until, 'until');
  const step = parseDuration(options.step ?? 1, 'step');
  if (step <= 0) throw new Error('step must be longer than 0');
  const pollingInterval = parseDuration(
    options.pollingInterval ?? scaledObject.spec.pollingInterval,
    'pollingInterval',
  );
  if (pollingInterval <= 0) throw new Error('pollingInterval must be longer than 0');
  const hpaSyncPeriod = hpaSyncPeriodSeconds(options);
  const twoLoops = hpaSyncPeriod > 0;
  const workload = options.workload;
  const readyDelay = parseDuration(workload?.startupDelay ?? options.readyDelay ?? 0, 'readyDelay');
  const initialReplicas = options.initialReplicas;
  if (!Number.isInteger(initialReplicas) || initialReplicas < 0) {
    throw new Error(`initialReplicas must be a non-negative integer, got ${initialReplicas}`);
  }
  const start = options.start ?? 0;

  const triggers = simulationTriggers(scaledObject, options.metricSpecs, options.activationTargets);
  const keys = triggers.map((trigger) => trigger.key);
  const workloadKey = workload?.trigger ?? keys[0];
  if (workload && !keys.includes(workloadKey!)) {
    throw new Error(
      `workload.trigger "${workloadKey}" is not a trigger of this ScaledObject (triggers: ${keys.join(', ')})`,
    );
  }
  for (const key of Object.keys(options.timeline ?? {})) {
    if (!keys.includes(key))
      throw new Error(`timeline["${key}"] is not a trigger of this ScaledObject (triggers: ${keys.join(', ')})`);
  }
  const samplers = new Map<string, Sampler>();
  for (const trigger of triggers) {
    const series = options.timeline?.[trigger.key];
    if (series !== undefined) samplers.set(trigger.key, toSampler(series, `timeline["${trigger.key}"]`));
    else if (trigger.key !== workloadKey || !workload) samplers.set(trigger.key, () => ({ value: 0 }));
  }
  const arrivalRate = workload ? arrivalRateFunction(workload.arrivals) : undefined;
  const serviceRate = workload?.serviceRatePerReplica ?? 0;

  const metricSpecs: Record<string, MetricSpec[]> = {};
  for (const trigger of triggers) {
    metricSpecs[trigger.key] = [
      { metricName: trigger.metricName, targetType: trigger.targetType, targetValue: trigger.targetValue },
    ];
  }
  const engine = createScalingEngine(scaledObject, {
    ...options.engineOptions,
    metricSpecs,
    createdAt: options.createdAt ?? start,
  });

  // Each replica is the time (s) it becomes ready; kept sorted, so the last ones are the newest.
  const pods: number[] = Array.from({ length: initialReplicas }, () => 0);
  let backlog = workload?.initialBacklog ?? 0;
  let decision: Decision | undefined;
  // The autoscaler's schedule, stepped through in virtual time (ms from time 0).
  const cadence = new LoopCadence(autoscalerLoops(pollingInterval * 1000, hpaSyncPeriod * 1000));
  cadence.start(0);
  /** The last poll's observation of each trigger with `useCachedMetrics` (KEDA's metrics records). */
  const records = new Map<string, TriggerObservation>();
  const cachedKeys = new Set(
    scaledObject.spec.triggers.flatMap((trigger, index) => (trigger.useCachedMetrics ? [keys[index]!] : [])),
  );
  const steps: SimulationStep<Decision>[] = [];
  const scaleEvents: SimulationScaleEvent[] = [];
  const epsilonMs = step / 1000; // a millionth of a step: `index * step` may fall a rounding error short
  const count = Math.floor(until / step + 1e-9);

  let nextDue = 0; // cadence.start(0): every loop is due at time 0
  let decisionsHere: Decision[] | undefined;
  /**
   * The decisions of the loops due at `time`, applied at once; returns the ready count after them. A function of
   * its own, apart from the per-step loop: inlined there, the engine made the loop's optimized code big enough
   * that V8 spent ~100 ms compiling it, and threw it away at each change of the engine's object shapes
   * (bench/policy), so the steps ran unoptimized.
   */
  function decideDue(
    due: readonly ('hpa' | 'poll')[],
    time: number,
    metrics: Record<string, number | undefined>,
    activity: Record<string, boolean>,
    errors: Record<string, string>,
    ready: number,
  ): number {
    let readyReplicas = ready;
    for (const phase of due) {
      const observations = observe(triggers, metrics, activity, errors);
      if (phase === 'hpa') {
        for (const key of cachedKeys) {
          const cached = records.get(key);
          if (cached !== undefined) observations[key] = cached; // before the first poll: queried live
        }
      } else {
        for (const key of cachedKeys) records.set(key, observations[key]!);
      }
      const enginePhase = twoLoops ? phase : undefined;
      // A literal input (no spread): spread objects make the engine's hot path several times slower.
      decision = engine.decide({
        phase: enginePhase,
        now: start + time * 1000,
        currentReplicas: pods.length,
        readyReplicas,
        triggers: observations,
      });
      (decisionsHere ??= []).push(decision);
      const desired = decision.desiredReplicas;
      if (desired !== pods.length) {
        const event: SimulationScaleEvent = { time, from: pods.length, to: desired, reason: decision.reason };
        if (enginePhase !== undefined) event.phase = enginePhase;
        scaleEvents.push(event);
        if (desired > pods.length) while (pods.length < desired) pods.push(time + readyDelay);
        else pods.length = desired; // newest (least ready) first, as a ReplicaSet deletes not-ready pods first
        readyReplicas = countReady(pods, time);
      }
    }
    return readyReplicas;
  }

  const sampleValues: number[] = new Array(triggers.length).fill(0);
  const sampleActive: boolean[] = new Array(triggers.length).fill(false);
  const sampleErrors: (string | undefined)[] = new Array(triggers.length).fill(undefined);
  /** A step record in trigger order: metrics of the triggers without an error, errors of those with one. */
  function newRecord<V>(values: readonly V[], skipErrors: boolean, onlyErrors = false): Record<string, V> {
    const record: Record<string, V> = {};
    for (let i = 0; i < triggers.length; i++) {
      const failed = sampleErrors[i] !== undefined;
      if ((skipErrors && failed) || (onlyErrors && !failed)) continue;
      record[triggers[i]!.key] = values[i] as V;
    }
    return record;
  }
  const sameMetrics = (record: Readonly<Record<string, number | undefined>>): boolean => {
    for (let i = 0; i < triggers.length; i++) {
      const key = triggers[i]!.key;
      if (sampleErrors[i] === undefined ? record[key] !== sampleValues[i] : key in record) return false;
    }
    return true;
  };
  const sameActivity = (record: Readonly<Record<string, boolean>>): boolean => {
    for (let i = 0; i < triggers.length; i++) if (record[triggers[i]!.key] !== sampleActive[i]) return false;
    return true;
  };
  const sameErrors = (record: Readonly<Record<string, string>>): boolean => {
    for (let i = 0; i < triggers.length; i++) {
      const key = triggers[i]!.key;
      if (sampleErrors[i] === undefined ? key in record : record[key] !== sampleErrors[i]) return false;
    }
    return true;
  };

  let previous: SimulationStep<Decision> | undefined;
  /**
   * One step. The loop's body is a function of its own, as `decideDue` is: V8 compiles a hot loop inside a long
   * function as the whole function (on-stack replacement), which took ~50-100 ms here and was redone each time a
   * shape the code depended on changed, so most steps ran unoptimized (bench/policy).
   */
  const runStep = (index: number): void => {
    const time = index * step;
    // Each trigger's sample at this step, in scratch arrays; the step's records are built only when they differ
    // from the previous step's, which are shared otherwise: a day at 1 s steps has 86 400 steps, and an object
    // keyed by a trigger index ('0') takes about 200 bytes in V8 (bench/policy). Steps are read-only.
    for (let i = 0; i < triggers.length; i++) {
      const trigger = triggers[i]!;
      if (trigger.key === workloadKey && workload) {
        sampleErrors[i] = undefined;
        sampleValues[i] = backlog;
        sampleActive[i] = backlog > trigger.activationTarget;
        continue;
      }
      const sample = samplers.get(trigger.key)!(time);
      if (sample.error !== undefined) {
        sampleErrors[i] = sample.error === true ? `${trigger.key}: simulated error` : sample.error;
        sampleActive[i] = false;
        continue;
      }
      const value = sample.value ?? 0;
      sampleErrors[i] = undefined;
      sampleValues[i] = value;
      sampleActive[i] = sample.isActive ?? value > trigger.activationTarget;
    }
    const metrics =
      previous !== undefined && sameMetrics(previous.metrics) ? previous.metrics : newRecord(sampleValues, true);
    const activity =
      previous !== undefined && sameActivity(previous.activity) ? previous.activity : newRecord(sampleActive, false);
    const errors =
      previous !== undefined && sameErrors(previous.errors)
        ? previous.errors
        : (newRecord(sampleErrors, false, true) as Record<string, string>);

    let readyReplicas = countReady(pods, time);
    // Each loop runs at the first step at or after each due time of the autoscaler's schedule, so it keeps
    // its cadence from time 0 whatever the step; the HPA syncs first when both are due (it reads the count
    // the previous poll left), as in the autoscaler. Nothing is due before `nextDue` (most steps).
    let synced = false;
    let polled = false;
    decisionsHere = undefined;
    const nowMs = time * 1000 + epsilonMs;
    if (nowMs >= nextDue) {
      const due = cadence.takeDue(nowMs);
      nextDue = cadence.nextDueAt() ?? Number.POSITIVE_INFINITY;
      synced = twoLoops && due.includes('hpa');
      polled = due.includes('poll');
      readyReplicas = decideDue(due, time, metrics, activity, errors, readyReplicas);
    }

    // One literal per shape, the keys in the same order as before: properties added after the literal cost a
    // second allocation per step, and a simulated day keeps 86 400 of these (bench/policy).
    const decided = decision!;
    const replicas = pods.length;
    let record: SimulationStep<Decision>;
    if (workload && arrivalRate) {
      const rate = arrivalRate(time);
      record = twoLoops
        ? {
            time,
            replicas,
            readyReplicas,
            desiredReplicas: decided.desiredReplicas,
            metrics,
            activity,
            errors,
            polled,
            decision: decided,
            hpaSynced: synced,
            decisions: decisionsHere ?? noDecisions,
            backlog,
            arrivalRate: rate,
          }
        : {
            time,
            replicas,
            readyReplicas,
            desiredReplicas: decided.desiredReplicas,
            metrics,
            activity,
            errors,
            polled,
            decision: decided,
            backlog,
            arrivalRate: rate,
          };
      backlog = Math.max(0, backlog + rate * step - readyReplicas * serviceRate * step);
    } else {
      record = twoLoops
        ? {
            time,
            replicas,
            readyReplicas,
            desiredReplicas: decided.desiredReplicas,
            metrics,
            activity,
            errors,
            polled,
            decision: decided,
            hpaSynced: synced,
            decisions: decisionsHere ?? noDecisions,
          }
        : {
            time,
            replicas,
            readyReplicas,
            desiredReplicas: decided.desiredReplicas,
            metrics,
            activity,
            errors,
            polled,
            decision: decided,
          };
    }
    steps.push(record);
    previous = record;
  };
  for (let index = 0; index <= count; index++) runStep(index);

  const modifiers = scaledObject.spec.advanced?.scalingModifiers;
  return {
    name: scaledObject.metadata.name,
    steps,
    triggers,
    scaleEvents,
    summary: summarize(steps, scaleEvents, step),
    ...(modifiers?.formula
      ? {
          scalingModifiers: {
            formula: modifiers.formula,
            target: Number(modifiers.target),
            targetType: modifiers.metricType,
            activationTarget: Number(modifiers.activationTarget || 0),
          },
        }
      : {}),
    settings: {
      until,
      step,
      pollingInterval,
      hpaSyncPeriod,
      readyDelay,
      minReplicaCount: scaledObject.spec.minReplicaCount,
      maxReplicaCount: scaledObject.spec.maxReplicaCount,
    },
  };
}

/** The HPA sync period in seconds: `hpaSyncPeriodMs`, else the deprecated `hpaSyncPeriod`, else 15 s. */
function hpaSyncPeriodSeconds(options: SimulateOptions): number {
  const { hpaSyncPeriodMs, hpaSyncPeriod } = options;
  if (hpaSyncPeriodMs !== undefined && hpaSyncPeriod !== undefined) {
    throw new Error('give hpaSyncPeriodMs or the deprecated hpaSyncPeriod, not both');
  }
  if (hpaSyncPeriodMs === undefined) {
    return parseDuration(hpaSyncPeriod ?? DEFAULT_HPA_SYNC_PERIOD_MS / 1000, 'hpaSyncPeriod');
  }
  if (hpaSyncPeriodMs === false) return 0;
  if (typeof hpaSyncPeriodMs !== 'number' || !Number.isFinite(hpaSyncPeriodMs) || hpaSyncPeriodMs < 0) {
    throw new Error(
      `hpaSyncPeriodMs must be a number of milliseconds >= 0 (0 or false: merged mode), got ${String(hpaSyncPeriodMs)}`,
    );
  }
  return hpaSyncPeriodMs / 1000;
}

/** What the triggers report at one step, as the engine's observations. */
function observe(
  triggers: readonly SimulatedTrigger[],
  metrics: Record<string, number | undefined>,
  activity: Record<string, boolean>,
  errors: Record<string, string>,
): Record<string, TriggerObservation> {
  const observations: Record<string, TriggerObservation> = {};
  for (const trigger of triggers) {
    const error = errors[trigger.key];
    observations[trigger.key] =
      error === undefined
        ? {
            isActive: activity[trigger.key]!,
            metrics: [{ metricName: trigger.metricName, value: metrics[trigger.key]! }],
          }
        : { isActive: false, error: new Error(error) };
  }
  return observations;
}

function countReady(pods: readonly number[], time: number): number {
  let ready = 0;
  for (const readyAt of pods) if (readyAt <= time) ready += 1;
  return ready;
}

export { simulationCsv } from './csv.js';
export type {
  SimulatedDecision,
  SimulatedTrigger,
  SimulationResult,
  SimulationScaleEvent,
  SimulationStep,
  SimulationSummary,
} from './simulation-types.js';
export { summarize } from './summary.js';
