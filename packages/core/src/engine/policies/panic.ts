import type { PanicPolicy } from './types.js';

/**
 * Knative Serving's panic mode (docs "serving/autoscaling/kpa-specific"; `Autoscaler.Scale` in Knative
 * Serving pkg/autoscaler/scaling/autoscaler.go): the demand over a short panic window is compared with the
 * ready replicas; at `panicThresholdPercentage` or more the autoscaler panics: it scales up to the panic demand
 * at once and does not scale down, and it leaves panic once a whole stable window has passed without a sample
 * over the threshold. Defaults are Knative's.
 */
export const PANIC_DEFAULTS = Object.freeze({
  stableWindowSeconds: 60,
  panicWindowPercentage: 10,
  panicThresholdPercentage: 200,
});

/** Knative's accepted ranges (kpa-specific docs). */
export const PANIC_LIMITS = Object.freeze({
  stableWindowSeconds: [6, 3600] as const,
  panicWindowPercentage: [1, 100] as const,
  panicThresholdPercentage: [110, 1000] as const,
});

/** A panic policy with its defaults applied, in the engine's units. */
export interface ResolvedPanic {
  stableWindowMs: number;
  panicWindowMs: number;
  thresholdPercentage: number;
}

export function resolvePanic(policy: PanicPolicy): ResolvedPanic {
  const stable = policy.stableWindowSeconds ?? PANIC_DEFAULTS.stableWindowSeconds;
  const percentage = policy.panicWindowPercentage ?? PANIC_DEFAULTS.panicWindowPercentage;
  return {
    stableWindowMs: stable * 1000,
    panicWindowMs: (stable * 1000 * percentage) / 100,
    thresholdPercentage: policy.panicThresholdPercentage ?? PANIC_DEFAULTS.panicThresholdPercentage,
  };
}

/** The panic mode's memory between decisions (part of the engine's snapshot). */
export interface PanicState {
  /** The HPA's proposals inside the panic window, oldest first. */
  samples: { time: number; demand: number }[];
  /** The last time the panic demand was over the threshold (Knative's `panicTime`); undefined: not panicking. */
  lastOverThresholdTime: number | undefined;
  /** The highest count asked for during this panic (Knative's `maxPanicPods`). */
  maxPanicReplicas: number;
}

export function emptyPanicState(): PanicState {
  return { samples: [], lastOverThresholdTime: undefined, maxPanicReplicas: 0 };
}

export interface PanicStepResult {
  panicking: boolean;
  /** `ceil(mean demand over the panic window)`. */
  panicDemand: number;
  /** `panicDemand / max(ready, 1)` in percent. */
  demandPercentage: number;
  /** The count the panic asks for (≥ current); undefined when not panicking. */
  replicas: number | undefined;
}

/**
 * One panic evaluation at `now` with the HPA's proposal `demand` (the replicas its metrics ask for, before
 * stabilization and rate limits) and the count the HPA chose (`normal`). Updates `state`.
 */
export function panicStep(
  panic: ResolvedPanic,
  state: PanicState,
  input: { now: number; demand: number; ready: number; current: number; normal: number; maxReplicas: number },
): PanicStepResult {
  const { now } = input;
  const samples = state.samples;
  samples.push({ time: now, demand: input.demand });
  const cutoff = now - panic.panicWindowMs;
  let drop = 0;
  // The window is (now - W, now]; the sample just pushed always counts.
  while (drop < samples.length - 1 && (samples[drop] as { time: number }).time <= cutoff) drop++;
  if (drop > 0) samples.splice(0, drop);
  let sum = 0;
  for (const sample of samples) sum += sample.demand;
  const panicDemand = Math.ceil(sum / samples.length);
  // Knative divides by the ready pods, at least 1, so a burst at one starting replica panics too.
  const demandPercentage = (panicDemand / Math.max(input.ready, 1)) * 100;
  const over = demandPercentage >= panic.thresholdPercentage;
  if (over) state.lastOverThresholdTime = now;
  else if (state.lastOverThresholdTime !== undefined && state.lastOverThresholdTime + panic.stableWindowMs < now) {
    state.lastOverThresholdTime = undefined;
    state.maxPanicReplicas = 0;
  }
  if (state.lastOverThresholdTime === undefined) {
    return { panicking: false, panicDemand, demandPercentage, replicas: undefined };
  }
  let replicas = Math.max(input.normal, Math.min(panicDemand, input.maxReplicas));
  if (replicas < state.maxPanicReplicas) replicas = state.maxPanicReplicas;
  if (replicas < input.current) replicas = input.current; // no scale-down while panicking
  if (replicas > state.maxPanicReplicas) state.maxPanicReplicas = replicas;
  return { panicking: true, panicDemand, demandPercentage, replicas };
}
