import type { DecisionReason } from '../types.js';
import { emptyPanicState, type PanicState } from './panic.js';
import type { BacklogObservation } from './queue-time.js';
import type { PolicyExplanation, PolicySnapshot } from './types.js';

/** One metric's drain history: the last backlog seen and the learned rate. */
export interface DrainState extends BacklogObservation {
  rate: number | undefined;
}

/** What one decide's hooks found; attached to the decision as `explanation.policies`. */
export interface DecideNotes {
  explanation: PolicyExplanation;
  reason: DecisionReason | undefined;
  hold: boolean;
  /** Triggers whose failure was ignored or held: their neutral metrics are dropped from the explanation. */
  neutralized: Set<string>;
}

/** The policies' memory between decides (snapshotted with the engine) plus the current decide's notes. */
export interface PolicyState {
  lastScaleUpTime: number | undefined;
  panic: PanicState;
  /** Metric name → drain history (queue-time triggers without a given rate). */
  drain: Map<string, DrainState>;
  notes: DecideNotes | undefined;
}

export function emptyPolicyState(): PolicyState {
  return { lastScaleUpTime: undefined, panic: emptyPanicState(), drain: new Map(), notes: undefined };
}

/** The snapshot of a policy state, or undefined when it holds nothing (engines without policies). */
export function policySnapshotOf(state: PolicyState): PolicySnapshot | undefined {
  const panic = state.panic;
  if (
    state.lastScaleUpTime === undefined &&
    panic.samples.length === 0 &&
    panic.lastOverThresholdTime === undefined &&
    state.drain.size === 0
  ) {
    return undefined;
  }
  const drain: PolicySnapshot['drain'] = {};
  for (const [name, d] of state.drain)
    drain[name] = { time: d.time, backlog: d.backlog, ready: d.ready, rate: d.rate ?? null };
  return {
    lastScaleUpTime: state.lastScaleUpTime ?? null,
    panic: {
      samples: panic.samples.map((s) => ({ time: s.time, demand: s.demand })),
      lastOverThresholdTime: panic.lastOverThresholdTime ?? null,
      maxPanicReplicas: panic.maxPanicReplicas,
    },
    drain,
  };
}

/** Rebuilds a policy state from a snapshot; `num` validates a number and names the field. */
export function policyStateFromSnapshot(snapshot: unknown, num: (value: unknown, path: string) => number): PolicyState {
  const state = emptyPolicyState();
  if (snapshot === undefined || snapshot === null) return state;
  const s = snapshot as Partial<PolicySnapshot>;
  const optional = (v: unknown, path: string) => (v === null || v === undefined ? undefined : num(v, path));
  state.lastScaleUpTime = optional(s.lastScaleUpTime, 'policies.lastScaleUpTime');
  const panic = s.panic;
  if (panic !== undefined && panic !== null) {
    const samples = Array.isArray(panic.samples) ? panic.samples : [];
    state.panic.samples = samples.map((sample, i) => ({
      time: num(sample?.time, `policies.panic.samples[${i}].time`),
      demand: num(sample?.demand, `policies.panic.samples[${i}].demand`),
    }));
    state.panic.lastOverThresholdTime = optional(panic.lastOverThresholdTime, 'policies.panic.lastOverThresholdTime');
    state.panic.maxPanicReplicas = num(panic.maxPanicReplicas ?? 0, 'policies.panic.maxPanicReplicas');
  }
  for (const [name, d] of Object.entries(s.drain ?? {})) {
    state.drain.set(name, {
      time: num(d?.time, `policies.drain.${name}.time`),
      backlog: num(d?.backlog, `policies.drain.${name}.backlog`),
      ready: num(d?.ready, `policies.drain.${name}.ready`),
      rate: optional(d?.rate, `policies.drain.${name}.rate`),
    });
  }
  return state;
}

/** The times a policy state recorded (the restored engine does not decide before the latest). */
export function policyTimes(state: PolicyState): (number | undefined)[] {
  return [
    state.lastScaleUpTime,
    state.panic.lastOverThresholdTime,
    ...state.panic.samples.map((s) => s.time),
    ...[...state.drain.values()].map((d) => d.time),
  ];
}
