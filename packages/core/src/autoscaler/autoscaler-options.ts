import type { Clock } from '../clock.js';
import type { ConnectionCache } from '../connection-cache.js';
import type { EngineSnapshot, ScalingEngineOptions } from '../engine/index.js';
import { ScalerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TriggerAuthenticationSources } from '../manifest/index.js';
import type { ScaledObject } from '../manifest/types.js';
import type { ScalerRegistry } from '../registry.js';
import type { PushScaler, Scaler } from '../types.js';
import { DEFAULT_HPA_SYNC_PERIOD_MS } from './loop-schedule.js';
import type { ScaleTarget } from './scale-target.js';
import { DEFAULT_TARGET_TIMEOUT_MS } from './target-calls.js';

/** Upper bound of the default per-poll timeout. */
export const DEFAULT_MAX_POLL_TIMEOUT_MS = 10_000;

/** Options of `createAutoscaler`. */
export interface AutoscalerOptions {
  /** A parsed ScaledObject, or anything `parseScaledObject` accepts (YAML, JSON, manifest, bare spec). */
  scaledObject: ScaledObject | unknown;
  target: ScaleTarget;
  /** Where trigger types are looked up (and provider packages loaded). Default: the default registry. */
  registry?: ScalerRegistry;
  /** Ready-made scalers keyed by trigger key (name, or index when unnamed), used instead of the registry. */
  scalers?: Record<string, Scaler | PushScaler>;
  /** Sources for the triggers' `authenticationRef` (see `resolveTriggerAuthentication`). */
  authentication?: TriggerAuthenticationSources;
  /** Extra authentication parameters per trigger key, applied over the resolved ones. */
  authParams?: Record<string, Record<string, string>>;
  /** Environment of the scale target, for `<name>FromEnv` parameters. */
  resolvedEnv?: Record<string, string>;
  clock?: Clock;
  logger?: Logger;
  /**
   * Deadline of one trigger query. Default `min(pollingInterval, 10 s)`: a hung source is detected within
   * one interval (so a poll never runs into the next one) and never later than 10 s.
   */
  pollTimeoutMs?: number;
  /**
   * Deadline of one `target.getReplicas()` / `target.setReplicas()` call (ms), default 10 s; `0`: none. A call
   * past it is reported as an `error` event (phase `getReplicas` / `setReplicas`, code `TIMEOUT`) and its
   * signal aborts; while it has not returned, the next call of that method fails at once (code `TIMEOUT`)
   * instead of piling up behind it.
   */
  targetTimeoutMs?: number;
  /**
   * Bound of `stop()` (ms): it settles within this time whatever user code does (a build, target call,
   * scaler `close()` or shared client close that never returns); what is left then finishes in the background
   * and is reported as an `error` event (phase `close`, code `TIMEOUT`). Default: the scalers' own close bound
   * (2 × `pollTimeoutMs` + 1 s, or 10 s without a poll timeout) plus 5 s, so an orderly stop that reports a
   * hung scaler's close finishes first.
   */
  stopTimeoutMs?: number;
  /** Aborting it stops the autoscaler. */
  signal?: AbortSignal;
  /** A shared connection cache (a controller's); the autoscaler then does not close it. */
  connections?: ConnectionCache;
  /**
   * KEDA's refresh-and-retry once after a failed query (`GetMetricsAndActivityForScaler` and `refreshScaler` in
   * KEDA v2.21 pkg/scaling/cache/scalers_cache.go). Default true.
   */
  refreshOnError?: boolean;
  /** Also decide at once on a pushed `false` (KEDA ignores it: deactivation through polls only). Default false. */
  pushDeactivation?: boolean;
  /** Engine history to restore (from `autoscaler.engine.snapshot()`), keeping stabilization windows. */
  engineSnapshot?: EngineSnapshot;
  /** Passed to `createScalingEngine`. */
  engineOptions?: Pick<ScalingEngineOptions, 'fallbackFailuresPerDecision' | 'hpa'>;
  /**
   * Period of the HPA loop (ms), default 15000 (Kubernetes' sync period). KEDA runs two loops: its scale
   * loop every `pollingInterval` (`startScaleLoop` in KEDA v2.21 pkg/scaling/scale_handler.go; activation,
   * cooldown: `decide({ phase: 'poll' })`) and the HPA every sync period, which fetches each trigger's
   * metrics again, or the last poll's record for a trigger with `useCachedMetrics` (`GetScaledObjectMetrics`
   * in the same file), and moves 1 ⇄ N (`decide({ phase: 'hpa' })`). `0` or `false`:
   * merged mode, one decision per poll doing both (`decide()` without phase).
   */
  hpaSyncPeriodMs?: number | false;
}

/** The autoscaler's periods and deadlines (ms), validated, with their defaults applied. */
export interface AutoscalerTimings {
  /** 0: merged mode. */
  syncPeriodMs: number;
  pollTimeoutMs: number;
  targetTimeoutMs: number;
  stopTimeoutMs: number;
}

/** Reads the timing options of `createAutoscaler` (throwing a CONFIG_ERROR naming the option). */
export function resolveTimings(options: AutoscalerOptions, name: string, intervalMs: number): AutoscalerTimings {
  const sync = options.hpaSyncPeriodMs ?? DEFAULT_HPA_SYNC_PERIOD_MS;
  if (sync !== false && (typeof sync !== 'number' || !Number.isFinite(sync) || sync < 0)) {
    throw new ScalerError(
      `autoscaler "${name}": option "hpaSyncPeriodMs" must be a number >= 0 (0 or false: merged mode), got ${String(sync)}`,
      { code: 'CONFIG_ERROR' },
    );
  }
  const poll = options.pollTimeoutMs ?? Math.min(intervalMs, DEFAULT_MAX_POLL_TIMEOUT_MS);
  if (typeof poll !== 'number' || !Number.isFinite(poll) || poll < 0) {
    throw new ScalerError(
      `autoscaler "${name}": option "pollTimeoutMs" must be a number >= 0 (0: no timeout), got ${String(poll)}`,
      { code: 'CONFIG_ERROR' },
    );
  }
  // The scalers' own close bound (the runtime's closeTimeoutMs default), which an orderly stop waits for.
  const closeBound = poll > 0 ? 2 * poll + 1000 : 10_000;
  return {
    syncPeriodMs: sync === false ? 0 : sync,
    pollTimeoutMs: poll,
    targetTimeoutMs: milliseconds(options.targetTimeoutMs, 'targetTimeoutMs', DEFAULT_TARGET_TIMEOUT_MS, name),
    stopTimeoutMs: milliseconds(options.stopTimeoutMs, 'stopTimeoutMs', closeBound + 5000, name),
  };
}

/** An option in ms: a finite number >= 0, or the default when absent. */
function milliseconds(value: unknown, option: string, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ScalerError(
      `autoscaler "${name}": option "${option}" must be a number >= 0 (ms), got ${typeof value === 'number' ? value : typeof value}`,
      { code: 'CONFIG_ERROR' },
    );
  }
  return value;
}
