import { ScalerError } from '../errors.js';
import { DEFAULT_DOWNSCALE_STABILIZATION_SECONDS } from '../hpa/behavior-defaults.js';
import { type ResolvedBehavior, resolveBehavior, scaleDownLimit, scaleUpLimit } from '../hpa/normalize.js';
import { toMilli, toNumberInput } from '../hpa/quantity.js';
import { averageValueReplicasMilli, valueReplicasMilli } from '../hpa/replicas.js';
import { longestPeriodSeconds, storeScaleEventInPlace } from '../hpa/scale-events.js';
import { resolveTolerance } from '../hpa/tolerance.js';
import type { HpaBehavior, NormalizeReason, ScaleEvent, Tolerance } from '../hpa/types.js';
import type { ScaledObject } from '../manifest/types.js';
import { describeDecision } from './describe.js';
import { fallbackConfigured, fallbackMetricValue, fallbackReplicas } from './fallback.js';
import { copyEvents, RecommendationHistory } from './history.js';
import { type PreparedMetric, type PreparedTrigger, prepareTriggers } from './model.js';
import { type CompiledModifiers, compileScalingModifiers, evaluateModifiers } from './modifiers.js';
import type {
  DecideInput,
  Decision,
  DecisionReason,
  EngineSnapshot,
  ExecutorExplanation,
  HpaExplanation,
  MetricExplanation,
  MetricFailureState,
  ScalingEngine,
  ScalingEngineOptions,
  TriggerExplanation,
} from './types.js';

/** One HPA metric input of a decide: a value (units), or why it is invalid. */
interface MetricInput {
  metric: PreparedMetric;
  valueMilli: number;
  invalid: string | undefined;
  fallback: boolean;
}

const SECOND = 1000;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return String(error);
}

function fail(message: string): never {
  throw new ScalerError(message, { code: 'INVALID_ARGUMENT' });
}

/** Pause-related annotations inject `selectPolicy: Disabled` into the generated HPA (KEDA hpa.go). */
function effectiveBehavior(so: ScaledObject): HpaBehavior | undefined {
  const user = so.spec.advanced?.horizontalPodAutoscalerConfig?.behavior ?? undefined;
  if (!so.pause.pausedScaleIn && !so.pause.pausedScaleOut) return user ?? undefined;
  const b: HpaBehavior = { ...(user ?? {}) };
  if (so.pause.pausedScaleIn) b.scaleDown = { ...(user?.scaleDown ?? {}), selectPolicy: 'Disabled' };
  if (so.pause.pausedScaleOut) b.scaleUp = { ...(user?.scaleUp ?? {}), selectPolicy: 'Disabled' };
  return b;
}

class Engine implements ScalingEngine {
  readonly triggerKeys: readonly string[];
  private readonly so: ScaledObject;
  private readonly triggers: PreparedTrigger[];
  private readonly createdAt: number;
  private readonly failuresPerDecision: number;
  private readonly behavior: ResolvedBehavior | undefined;
  private readonly tolerance: Tolerance;
  private readonly legacyFactor: number;
  private readonly legacyMinimum: number;
  private readonly legacyWindowMs: number;
  private readonly upWindowMs: number;
  private readonly downWindowMs: number;
  private readonly longestUpMs: number;
  private readonly longestDownMs: number;
  private readonly fallbackOn: boolean;
  private readonly modifiers: CompiledModifiers | undefined;
  private readonly resourceOnly: boolean;

  private history = new RecommendationHistory();
  private scaleUpEvents: ScaleEvent[] = [];
  private scaleDownEvents: ScaleEvent[] = [];
  private lastActiveTime: number | undefined;
  private failures = new Map<string, number>();
  private hpaInitialized = false;

  constructor(so: ScaledObject, options: ScalingEngineOptions) {
    if (typeof so !== 'object' || so === null || typeof so.spec !== 'object' || !Array.isArray(so.spec.triggers)) {
      fail(
        'createScalingEngine: "scaledObject" must be a parsed ScaledObject (see parseScaledObject) with spec.triggers',
      );
    }
    if (typeof options !== 'object' || options === null || typeof options.metricSpecs !== 'object') {
      fail('createScalingEngine: "options.metricSpecs" must map each trigger key to its MetricSpec[]');
    }
    this.so = so;
    this.triggers = prepareTriggers(so, options.metricSpecs);
    this.triggerKeys = Object.freeze(this.triggers.map((t) => t.key));
    this.createdAt = options.createdAt ?? 0;
    if (!Number.isFinite(this.createdAt)) fail('createScalingEngine: "options.createdAt" must be a finite number (ms)');
    this.failuresPerDecision = options.fallbackFailuresPerDecision ?? 1;
    if (!Number.isInteger(this.failuresPerDecision) || this.failuresPerDecision < 1) {
      fail('createScalingEngine: "options.fallbackFailuresPerDecision" must be an integer >= 1');
    }
    const legacy = options.hpa?.legacy;
    this.legacyFactor = legacy?.scaleUpLimitFactor ?? 2;
    this.legacyMinimum = legacy?.scaleUpLimitMinimum ?? 4;
    this.legacyWindowMs =
      (legacy?.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS) * SECOND;
    const behavior = effectiveBehavior(so);
    this.behavior = behavior === undefined ? undefined : resolveBehavior(behavior, legacy);
    const base = resolveTolerance('createScalingEngine', options.hpa?.tolerance);
    // HPAConfigurableTolerance: a per-direction tolerance in the behavior overrides the controller's.
    this.tolerance = {
      scaleUp: this.behavior?.scaleUp.tolerance ?? base.scaleUp,
      scaleDown: this.behavior?.scaleDown.tolerance ?? base.scaleDown,
    };
    this.upWindowMs = (this.behavior?.scaleUp.stabilizationWindowSeconds ?? 0) * SECOND;
    this.downWindowMs = (this.behavior?.scaleDown.stabilizationWindowSeconds ?? 0) * SECOND;
    this.longestUpMs = this.behavior === undefined ? 0 : longestPeriodSeconds(this.behavior.scaleUp) * SECOND;
    this.longestDownMs = this.behavior === undefined ? 0 : longestPeriodSeconds(this.behavior.scaleDown) * SECOND;
    this.modifiers = compileScalingModifiers(so);
    this.fallbackOn = fallbackConfigured(so, this.modifiers !== undefined);
    this.resourceOnly = this.triggers.every((t) => t.resource);
  }

  decide(input: DecideInput): Decision {
    if (typeof input !== 'object' || input === null) fail('decide: "input" must be an object');
    const { now, currentReplicas: current } = input;
    if (typeof now !== 'number' || !Number.isFinite(now))
      fail(`decide: "now" must be a finite number (ms), got ${String(now)}`);
    if (!Number.isInteger(current) || current < 0) {
      fail(`decide: "currentReplicas" must be an integer >= 0, got ${String(current)}`);
    }
    const ready = input.readyReplicas ?? current;
    if (!Number.isInteger(ready) || ready < 0)
      fail(`decide: "readyReplicas" must be an integer >= 0, got ${String(ready)}`);
    const observations = input.triggers;
    if (typeof observations !== 'object' || observations === null) {
      fail('decide: "triggers" must map each trigger key to { isActive, metrics?, error? }');
    }
    const so = this.so;
    const spec = so.spec;
    const pause = so.pause;
    const pauseInfo = {
      paused: pause.paused,
      pausedReplicas: pause.pausedReplicas,
      pausedScaleIn: pause.pausedScaleIn,
      pausedScaleOut: pause.pausedScaleOut,
    };

    if (pause.paused) return this.pausedDecision(now, current, pauseInfo);

    // The HPA's recordInitialRecommendation: the first reconcile seeds {current, now}.
    if (!this.hpaInitialized) {
      this.history.push(now, current);
      this.hpaInitialized = true;
    }

    // ── Triggers: activity, errors, fallback (KEDA getScaledObjectState / GetMetricsWithFallback) ──
    const fallback = spec.fallback;
    let isActive = false;
    let isError = false;
    let fallbackActive = false;
    const triggerExplanations: TriggerExplanation[] = [];
    const metricInputs: MetricInput[] = [];
    for (const t of this.triggers) {
      const obs = observations[t.key];
      if (t.resource) {
        triggerExplanations.push({ key: t.key, type: t.trigger.type, isActive: false, resource: true });
        continue;
      }
      const error =
        obs === undefined || obs === null
          ? `no observation for trigger "${t.key}"`
          : obs.error !== undefined && obs.error !== null
            ? messageOf(obs.error)
            : undefined;
      let tActive = false;
      let tError: string | undefined;
      let fbStates: MetricFailureState[] | undefined;
      if (t.metrics.length === 0) {
        if (error !== undefined) tError = error;
        else tActive = obs?.isActive === true;
      }
      for (const m of t.metrics) {
        if (error === undefined) {
          if (this.fallbackOn) this.failures.set(m.metricName, 0);
          tActive = obs?.isActive === true;
          metricInputs.push(this.observedMetric(m, obs?.metrics));
          continue;
        }
        if (!this.fallbackOn || fallback === undefined) {
          tError = error;
          metricInputs.push({ metric: m, valueMilli: 0, invalid: error, fallback: false });
          continue;
        }
        const count = (this.failures.get(m.metricName) ?? 0) + this.failuresPerDecision;
        this.failures.set(m.metricName, count);
        const over = count > fallback.failureThreshold;
        (fbStates ??= []).push({ metricName: m.metricName, failures: count, active: over });
        if (!over) {
          tError = error;
          metricInputs.push({ metric: m, valueMilli: 0, invalid: error, fallback: false });
        } else if (fallback.behavior === 'scalingModifiers') {
          // KEDA returns a -1 placeholder: the formula sees nil for this trigger; no error, not active.
          metricInputs.push({ metric: m, valueMilli: -1000, invalid: undefined, fallback: true });
        } else {
          fallbackActive = true;
          tActive = true;
          metricInputs.push(this.fallbackMetric(m, current, ready));
        }
      }
      const te: TriggerExplanation = { key: t.key, type: t.trigger.type, isActive: tActive && tError === undefined };
      if (tError !== undefined) te.error = tError;
      if (fbStates !== undefined) te.fallback = fbStates;
      triggerExplanations.push(te);
      if (tError !== undefined) isError = true;
      else if (tActive) isActive = true;
    }

    let hpaInputs = metricInputs;
    let composite: Decision['explanation']['activity']['composite'];
    if (this.modifiers !== undefined) {
      const evaluated = evaluateModifiers(this.modifiers, {
        inputs: metricInputs,
        triggers: this.triggers,
        isError,
        fallback: this.fallbackOn ? fallback : undefined,
        current,
        ready,
      });
      hpaInputs = evaluated.inputs;
      composite = evaluated.composite;
      isActive = evaluated.isActive;
      if (evaluated.fallbackActive) fallbackActive = true;
    }
    if (this.resourceOnly && !isError) isActive = true;

    // ── KEDA executor (RequestScale) ──
    const executor = this.executor(now, current, isActive, isError);

    // ── HPA reconcile (only when the executor left the count alone) ──
    const hpa =
      executor.target === undefined
        ? this.reconcileHpa(now, current, ready, hpaInputs)
        : this.skippedHpa(executor.target);

    let desired = current;
    let reason: DecisionReason = executor.explanation.reason;
    if (executor.target !== undefined) desired = executor.target;
    else if (hpa.desiredReplicas !== current) {
      desired = hpa.desiredReplicas;
      reason = hpa.branch === 'aboveMaximum' ? 'AboveMaximum' : hpa.branch === 'belowMinimum' ? 'BelowMinimum' : 'Hpa';
    } else if (hpa.aborted === true && reason === 'NoChange') reason = 'MetricsUnavailable';

    const fallbackInfo: Decision['explanation']['fallback'] = { active: fallbackActive };
    if (fallback !== undefined) {
      fallbackInfo.behavior = fallback.behavior;
      fallbackInfo.replicas = fallbackReplicas(fallback, current);
    }
    const activity: Decision['explanation']['activity'] = {
      isActive,
      isError,
      forced: pause.forceActivation,
    };
    if (composite !== undefined) activity.composite = composite;
    return {
      now,
      currentReplicas: current,
      desiredReplicas: desired,
      isActive: isActive || pause.forceActivation,
      isError,
      fallbackActive,
      paused: false,
      reason,
      explanation: {
        triggers: triggerExplanations,
        activity,
        executor: executor.explanation,
        hpa,
        fallback: fallbackInfo,
        pause: pauseInfo,
      },
      toString: describeDecision,
    };
  }

  private observedMetric(
    m: PreparedMetric,
    metrics: readonly { metricName: string; value: number }[] | undefined,
  ): MetricInput {
    let found = false;
    let sum = 0;
    if (metrics !== undefined) {
      for (let i = 0; i < metrics.length; i++) {
        const v = metrics[i];
        if (v === undefined) continue;
        if (v.metricName === m.metricName || v.metricName.toLowerCase() === m.lowerName) {
          found = true;
          // A numeric string (e.g. from JSON) is read as a number; KEDA emits NaN, ±Inf and negatives as 0.
          const value = typeof v.value === 'number' ? v.value : toNumberInput(v.value);
          if (value !== undefined && Number.isFinite(value) && value > 0) sum += toMilli(value);
        }
      }
    }
    if (!found)
      return { metric: m, valueMilli: 0, invalid: `no matching metrics found for ${m.metricName}`, fallback: false };
    return { metric: m, valueMilli: sum, invalid: undefined, fallback: false };
  }

  private fallbackMetric(m: PreparedMetric, current: number, ready: number): MetricInput {
    const fallback = this.so.spec.fallback;
    if (fallback === undefined) return { metric: m, valueMilli: 0, invalid: 'no fallback', fallback: false };
    const value = fallbackMetricValue(m.target, m.targetType, fallbackReplicas(fallback, current), ready);
    if (value === undefined) {
      return { metric: m, valueMilli: 0, invalid: 'fallback for a Value metric needs ready pods', fallback: true };
    }
    return { metric: m, valueMilli: toMilli(value), invalid: undefined, fallback: true };
  }

  private executor(
    now: number,
    current: number,
    isActive: boolean,
    isError: boolean,
  ): { target: number | undefined; explanation: ExecutorExplanation } {
    const spec = this.so.spec;
    const pause = this.so.pause;
    const min = spec.minReplicaCount;
    const idle = spec.idleReplicaCount;
    const ex: ExecutorExplanation = { action: 'none', reason: 'NoChange' };
    let target: number | undefined;
    if (isActive || pause.forceActivation) {
      if ((idle !== undefined && current < min) || current === 0) {
        if (pause.pausedScaleOut) ex.reason = 'PausedScaleOut';
        else {
          target = min > 0 ? min : 1;
          this.lastActiveTime = now;
          ex.action = 'activate';
          ex.reason = current === 0 ? 'ScaledFromZero' : 'ScaledFromIdle';
        }
      } else if (isError) {
        ex.partialTriggerError = true; // lastActiveTime is NOT refreshed
      } else {
        this.lastActiveTime = now;
      }
    } else {
      const fallback = spec.fallback;
      if (isError && fallback !== undefined && fallback.replicas !== 0) ex.reason = 'FallbackWaiting';
      else if (isError && fallback === undefined) ex.reason = 'TriggerErrorHoldsScaleIn';
      else if ((idle !== undefined && current > idle) || (current > 0 && min === 0)) {
        const neverActive = this.lastActiveTime === undefined;
        const since = neverActive ? this.createdAt : (this.lastActiveTime as number);
        const endsAt = since + (neverActive ? spec.initialCooldownPeriod : spec.cooldownPeriod) * SECOND;
        const period = neverActive ? 'initialCooldownPeriod' : 'cooldownPeriod';
        if (pause.pausedScaleIn) ex.reason = 'PausedScaleIn';
        else if (endsAt < now) {
          target = idle ?? min;
          ex.action = idle !== undefined ? 'scaleToIdle' : 'scaleToZero';
          ex.reason = idle !== undefined ? 'ScaledToIdle' : 'ScaledToZero';
        } else {
          ex.reason = 'Cooldown';
          ex.cooldown = { period, since, endsAt, remainingMs: endsAt - now };
        }
      } else if (idle === undefined && current < min) {
        target = min;
        ex.action = 'scaleToMinimum';
        ex.reason = 'BelowMinimum';
      }
    }
    if (this.lastActiveTime !== undefined) ex.lastActiveTime = this.lastActiveTime;
    return { target, explanation: ex };
  }

  private skippedHpa(target: number): HpaExplanation {
    const spec = this.so.spec;
    return {
      branch: 'skipped',
      minReplicas: Math.max(spec.minReplicaCount, 1),
      maxReplicas: spec.maxReplicaCount,
      metrics: [],
      desiredReplicas: target,
      behavior: this.behavior !== undefined,
    };
  }

  private reconcileHpa(now: number, current: number, ready: number, inputs: MetricInput[]): HpaExplanation {
    const spec = this.so.spec;
    const min = Math.max(spec.minReplicaCount, 1);
    const max = spec.maxReplicaCount;
    const h: HpaExplanation = {
      branch: 'metrics',
      minReplicas: min,
      maxReplicas: max,
      metrics: [],
      desiredReplicas: current,
      behavior: this.behavior !== undefined,
    };
    if (current === 0) {
      h.branch = 'disabled'; // ScalingActive=False ScalingDisabled
      return h;
    }
    if (current > max || current < min) {
      h.branch = current > max ? 'aboveMaximum' : 'belowMinimum';
      h.desiredReplicas = current > max ? max : min;
      this.recordScaleEvent(now, current, h.desiredReplicas);
      return h;
    }
    let proposal = 0;
    let winner = -1;
    let invalid = 0;
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i] as MetricInput;
      const m = input.metric;
      const me: MetricExplanation = {
        triggerKey: m.triggerKey,
        metricName: m.metricName,
        targetType: m.targetType,
        target: m.target,
      };
      if (input.fallback) me.fallback = true;
      h.metrics.push(me);
      if (input.invalid !== undefined) {
        me.invalid = input.invalid;
        invalid++;
        continue;
      }
      me.value = input.valueMilli / 1000;
      let replicas: number;
      if (m.targetType === 'AverageValue') {
        const r = averageValueReplicasMilli(current, input.valueMilli, m.targetMilli, this.tolerance);
        replicas = r.replicas;
        me.usage = r.averageMilli / 1000;
        me.ratio = r.ratio;
        me.withinTolerance = r.withinTolerance;
      } else {
        const r = valueReplicasMilli(current, ready, input.valueMilli, m.targetMilli, this.tolerance);
        replicas = r.replicas;
        me.usage = me.value;
        me.ratio = r.ratio;
        me.withinTolerance = r.withinTolerance;
      }
      me.proposedReplicas = replicas;
      if (winner === -1 || replicas > proposal) {
        proposal = replicas;
        winner = i;
      }
    }
    h.invalidMetrics = invalid;
    if (invalid >= inputs.length || (invalid > 0 && proposal < current)) {
      h.aborted = true; // the HPA keeps the current count
      return h;
    }
    const desired = Math.max(0, proposal);
    h.proposedReplicas = desired;
    h.winningMetric = (inputs[winner] as MetricInput).metric.metricName;
    const result = this.normalize(now, current, desired, min, max);
    h.stabilizedReplicas = result.stabilized;
    h.stabilizationReason =
      result.stabilized === desired
        ? 'ReadyForNewScale'
        : desired >= current && this.behavior !== undefined
          ? 'ScaleUpStabilized'
          : 'ScaleDownStabilized';
    h.limitReason = result.reason;
    if (result.limit !== undefined) h.limit = result.limit;
    h.desiredReplicas = result.replicas;
    if (result.replicas !== current) this.recordScaleEvent(now, current, result.replicas);
    return h;
  }

  /** `normalizeDesiredReplicas[WithBehaviors]` on the engine's own history (no allocation on the hot path). */
  private normalize(
    now: number,
    current: number,
    desired: number,
    min: number,
    max: number,
  ): { replicas: number; reason: NormalizeReason; stabilized: number; limit: number | undefined } {
    const history = this.history;
    const b = this.behavior;
    if (b === undefined) {
      const cutoff = now - this.legacyWindowMs;
      history.prune(cutoff, false);
      const stabilized = history.maxSince(cutoff, desired);
      history.push(now, desired);
      const limit = Math.trunc(Math.max(this.legacyFactor * current, this.legacyMinimum));
      const upReason: NormalizeReason = max > limit ? 'ScaleUpLimit' : 'TooManyReplicas';
      const allowed = Math.min(max, limit);
      if (stabilized < min) return { replicas: min, reason: 'TooFewReplicas', stabilized, limit };
      if (stabilized > allowed) return { replicas: allowed, reason: upReason, stabilized, limit };
      return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized, limit };
    }
    history.prune(now - Math.max(this.upWindowMs, this.downWindowMs), true);
    const stabilized = history.stabilize(now, current, desired, this.upWindowMs, this.downWindowMs);
    history.push(now, desired);
    if (stabilized > current) {
      let lim = scaleUpLimit(current, this.scaleUpEvents, this.scaleDownEvents, b.scaleUp, now);
      if (lim < current) lim = current;
      const limited = max > lim;
      const allowed = limited ? lim : max;
      if (stabilized > allowed)
        return { replicas: allowed, reason: limited ? 'ScaleUpLimit' : 'TooManyReplicas', stabilized, limit: lim };
      return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized, limit: lim };
    }
    if (stabilized < current) {
      let lim = scaleDownLimit(current, this.scaleUpEvents, this.scaleDownEvents, b.scaleDown, now);
      if (lim > current) lim = current;
      const limited = min < lim;
      const allowed = limited ? lim : min;
      if (stabilized < allowed)
        return { replicas: allowed, reason: limited ? 'ScaleDownLimit' : 'TooFewReplicas', stabilized, limit: lim };
      return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized, limit: lim };
    }
    return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized, limit: undefined };
  }

  /** `storeScaleEvent`: only with a behavior, after the HPA rescaled. */
  private recordScaleEvent(now: number, previous: number, next: number): void {
    if (this.behavior === undefined || previous === next) return;
    if (next > previous) storeScaleEventInPlace(this.scaleUpEvents, now, next - previous, this.longestUpMs);
    else storeScaleEventInPlace(this.scaleDownEvents, now, previous - next, this.longestDownMs);
  }

  private pausedDecision(now: number, current: number, pause: Decision['explanation']['pause']): Decision {
    const desired = pause.pausedReplicas ?? current;
    const spec = this.so.spec;
    return {
      now,
      currentReplicas: current,
      desiredReplicas: desired,
      isActive: false,
      isError: false,
      fallbackActive: false,
      paused: true,
      reason: pause.pausedReplicas !== undefined ? 'PausedReplicas' : 'Paused',
      explanation: {
        triggers: [],
        activity: { isActive: false, isError: false, forced: this.so.pause.forceActivation },
        executor: { action: 'none', reason: pause.pausedReplicas !== undefined ? 'PausedReplicas' : 'Paused' },
        hpa: {
          branch: 'skipped',
          minReplicas: Math.max(spec.minReplicaCount, 1),
          maxReplicas: spec.maxReplicaCount,
          metrics: [],
          desiredReplicas: desired,
          behavior: this.behavior !== undefined,
        },
        fallback: { active: false },
        pause,
      },
      toString: describeDecision,
    };
  }

  snapshot(): EngineSnapshot {
    const failureCounts: Record<string, number> = {};
    for (const [name, count] of this.failures) failureCounts[name] = count;
    return {
      version: 1,
      recommendations: this.history.toJSON(),
      scaleUpEvents: copyEvents(this.scaleUpEvents),
      scaleDownEvents: copyEvents(this.scaleDownEvents),
      lastActiveTime: this.lastActiveTime ?? null,
      failureCounts,
      hpaInitialized: this.hpaInitialized,
    };
  }

  restore(snapshot: EngineSnapshot): void {
    if (typeof snapshot !== 'object' || snapshot === null || snapshot.version !== 1) {
      fail('restore: "snapshot" must be an object from ScalingEngine.snapshot() with version 1');
    }
    const num = (v: unknown, path: string) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        fail(`restore: "${path}" must be a finite number, got ${String(v)}`);
      return v;
    };
    const list = <T>(v: unknown, path: string): T[] => {
      if (!Array.isArray(v)) fail(`restore: "${path}" must be an array`);
      return v as T[];
    };
    const history = new RecommendationHistory();
    const recs = list<{ timestamp: number; replicas: number }>(snapshot.recommendations, 'recommendations');
    const sorted = recs
      .map((r, i) => ({
        timestamp: num(r?.timestamp, `recommendations[${i}].timestamp`),
        replicas: num(r?.replicas, `recommendations[${i}].replicas`),
      }))
      .sort((a, b) => a.timestamp - b.timestamp);
    for (const r of sorted) history.push(r.timestamp, r.replicas);
    const events = (v: unknown, path: string): ScaleEvent[] =>
      list<ScaleEvent>(v, path).map((e, i) => ({
        timestamp: num(e?.timestamp, `${path}[${i}].timestamp`),
        replicaChange: num(e?.replicaChange, `${path}[${i}].replicaChange`),
        outdated: e?.outdated === true,
      }));
    const up = events(snapshot.scaleUpEvents, 'scaleUpEvents');
    const down = events(snapshot.scaleDownEvents, 'scaleDownEvents');
    const failures = new Map<string, number>();
    const counts = snapshot.failureCounts ?? {};
    if (typeof counts !== 'object') fail('restore: "failureCounts" must be an object of metric name → count');
    for (const [name, count] of Object.entries(counts)) failures.set(name, num(count, `failureCounts.${name}`));
    const last = snapshot.lastActiveTime;
    this.history = history;
    this.scaleUpEvents = up;
    this.scaleDownEvents = down;
    this.failures = failures;
    this.lastActiveTime = last === null || last === undefined ? undefined : num(last, 'lastActiveTime');
    this.hpaInitialized = snapshot.hpaInitialized === true;
  }
}

/**
 * Creates the pure scaling engine of one ScaledObject: one `decide` does what KEDA's scale loop + executor
 * and the Kubernetes HPA it generates would do together at that instant. The engine never reads a clock;
 * `now` (ms) comes with every decide and must not go backwards.
 *
 * @example
 * const engine = createScalingEngine(scaledObject, {
 *   metricSpecs: { '0': [{ metricName: 's0-rabbitmq-orders', targetType: 'AverageValue', targetValue: 20 }] },
 * });
 * const d = engine.decide({ now: Date.now(), currentReplicas: 2,
 *   triggers: { '0': { isActive: true, metrics: [{ metricName: 's0-rabbitmq-orders', value: 100 }] } } });
 * d.desiredReplicas; // 4: the metric asks for 5, the HPA without behavior allows max(2·2, 4) per step
 */
export function createScalingEngine(scaledObject: ScaledObject, options: ScalingEngineOptions): ScalingEngine {
  return new Engine(scaledObject, options);
}
