import type { ScaleEvent } from '../hpa/types.js';
import { fail } from './config.js';
import { copyEvents, RecommendationHistory } from './history.js';
import {
  emptyPolicyState,
  type PolicyState,
  policySnapshotOf,
  policyStateFromSnapshot,
  policyTimes,
} from './policies/state.js';
import { printable } from './printable.js';
import type { EngineSnapshot } from './types.js';

/** The history an engine owns between decides (what `snapshot()` / `restore()` carry). */
export interface EngineState {
  history: RecommendationHistory;
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
  lastActiveTime: number | undefined;
  /** Consecutive failures per metric name (fallback). */
  failures: Map<string, number>;
  /** The HPA's first reconcile has seeded the recommendations. */
  hpaInitialized: boolean;
  /** The latest `now` decided at (or recorded in a restored snapshot): the engine's time never goes back. */
  latestNow: number | undefined;
  /** The opt-in policies' memory (untouched by an engine without policies). */
  policies: PolicyState;
}

export function emptyState(): EngineState {
  return {
    history: new RecommendationHistory(),
    scaleUpEvents: [],
    scaleDownEvents: [],
    lastActiveTime: undefined,
    failures: new Map(),
    hpaInitialized: false,
    latestNow: undefined,
    policies: emptyPolicyState(),
  };
}

export function snapshotOf(state: EngineState): EngineSnapshot {
  const failureCounts: Record<string, number> = {};
  for (const [name, count] of state.failures) failureCounts[name] = count;
  const snapshot: EngineSnapshot = {
    version: 1,
    recommendations: state.history.toJSON(),
    scaleUpEvents: copyEvents(state.scaleUpEvents),
    scaleDownEvents: copyEvents(state.scaleDownEvents),
    lastActiveTime: state.lastActiveTime ?? null,
    failureCounts,
    hpaInitialized: state.hpaInitialized,
  };
  const policies = policySnapshotOf(state.policies);
  if (policies !== undefined) snapshot.policies = policies;
  return snapshot;
}

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail(`restore: "${path}" must be a finite number, got ${printable(v)}`);
  return v;
}

function list<T>(v: unknown, path: string): T[] {
  if (!Array.isArray(v)) fail(`restore: "${path}" must be an array`);
  return v as T[];
}

function events(v: unknown, path: string): ScaleEvent[] {
  return list<ScaleEvent>(v, path).map((e, i) => ({
    timestamp: num(e?.timestamp, `${path}[${i}].timestamp`),
    replicaChange: num(e?.replicaChange, `${path}[${i}].replicaChange`),
    outdated: e?.outdated === true,
  }));
}

/** Validates a snapshot (clear errors naming the field) and builds the state it describes. */
export function stateFromSnapshot(snapshot: EngineSnapshot): EngineState {
  if (typeof snapshot !== 'object' || snapshot === null || snapshot.version !== 1) {
    fail('restore: "snapshot" must be an object from ScalingEngine.snapshot() with version 1');
  }
  const history = new RecommendationHistory();
  const recs = list<{ timestamp: number; replicas: number }>(snapshot.recommendations, 'recommendations');
  const sorted = recs
    .map((r, i) => ({
      timestamp: num(r?.timestamp, `recommendations[${i}].timestamp`),
      replicas: num(r?.replicas, `recommendations[${i}].replicas`),
    }))
    .sort((a, b) => a.timestamp - b.timestamp);
  for (const r of sorted) history.push(r.timestamp, r.replicas);
  const scaleUpEvents = events(snapshot.scaleUpEvents, 'scaleUpEvents');
  const scaleDownEvents = events(snapshot.scaleDownEvents, 'scaleDownEvents');
  const failures = new Map<string, number>();
  const counts = snapshot.failureCounts ?? {};
  if (typeof counts !== 'object') fail('restore: "failureCounts" must be an object of metric name → count');
  for (const [name, count] of Object.entries(counts)) failures.set(name, num(count, `failureCounts.${name}`));
  const last = snapshot.lastActiveTime;
  const lastActiveTime = last === null || last === undefined ? undefined : num(last, 'lastActiveTime');
  const policies = policyStateFromSnapshot(snapshot.policies, num);
  return {
    history,
    scaleUpEvents,
    scaleDownEvents,
    failures,
    lastActiveTime,
    hpaInitialized: snapshot.hpaInitialized === true,
    policies,
    latestNow: latestTime([
      ...policyTimes(policies),
      sorted[sorted.length - 1]?.timestamp,
      ...scaleUpEvents.map((event) => event.timestamp),
      ...scaleDownEvents.map((event) => event.timestamp),
      lastActiveTime,
    ]),
  };
}

/** The latest of the times a snapshot recorded (the restored engine does not decide before it). */
function latestTime(times: (number | undefined)[]): number | undefined {
  let latest: number | undefined;
  for (const time of times) if (time !== undefined && (latest === undefined || time > latest)) latest = time;
  return latest;
}
