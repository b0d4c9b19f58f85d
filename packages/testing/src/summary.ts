import type { SimulationScaleEvent, SimulationStep, SimulationSummary } from './simulation-types.js';

/** Computes the summary of a list of steps (exported for results built or filtered by hand). */
export function summarize(
  steps: readonly SimulationStep[],
  scaleEvents: readonly SimulationScaleEvent[],
  step: number,
): SimulationSummary {
  const summary: SimulationSummary = {
    steps: steps.length,
    decisions: 0,
    polls: 0,
    hpaSyncs: 0,
    maxReplicas: 0,
    timeAtMaxReplicas: 0,
    finalReplicas: steps.at(-1)?.replicas ?? 0,
    backlogPeak: 0,
    timeOfBacklogPeak: 0,
    timeToScaleFromZero: null,
    scaleEvents: scaleEvents.length,
    replicaSeconds: 0,
    activeSeconds: 0,
    fallbackSeconds: 0,
    pausedSeconds: 0,
  };
  let waitingSince: number | undefined;
  // simulate() shares an unchanged metrics/activity object between steps: the same object gives the same answer.
  let lastMetrics: SimulationStep['metrics'] | undefined;
  let lastActivity: SimulationStep['activity'] | undefined;
  let anyActive = false;
  for (const current of steps) {
    if (current.polled) summary.polls += 1;
    if (current.hpaSynced === true) summary.hpaSyncs += 1;
    if (current.replicas > summary.maxReplicas) {
      summary.maxReplicas = current.replicas;
      summary.timeAtMaxReplicas = current.time;
    }
    if (current.metrics !== lastMetrics) {
      lastMetrics = current.metrics;
      for (const value of Object.values(current.metrics)) {
        if (value !== undefined && value > summary.backlogPeak) {
          summary.backlogPeak = value;
          summary.timeOfBacklogPeak = current.time;
        }
      }
    }
    summary.replicaSeconds += current.replicas * step;
    if (current.decision.isActive) summary.activeSeconds += step;
    if (current.decision.fallbackActive) summary.fallbackSeconds += step;
    if (current.decision.paused) summary.pausedSeconds += step;
    if (summary.timeToScaleFromZero === null) {
      if (current.activity !== lastActivity) {
        lastActivity = current.activity;
        anyActive = Object.values(current.activity).some(Boolean);
      }
      if (waitingSince === undefined && current.readyReplicas === 0 && anyActive) waitingSince = current.time;
      if (waitingSince !== undefined && current.readyReplicas > 0)
        summary.timeToScaleFromZero = current.time - waitingSince;
    }
  }
  summary.decisions = summary.polls + summary.hpaSyncs;
  summary.replicaSeconds = Math.round(summary.replicaSeconds * 1000) / 1000;
  return summary;
}

/** The longest time an item waited in a workload simulation's queue (see `longestWait`). */
export interface LongestWait {
  seconds: number;
  /** When the item that waited longest arrived. */
  arrivedAt: number;
  /** When it was taken from the queue; `null` when it was still waiting at the end (`seconds` is then a floor). */
  servedAt: number | null;
}

/**
 * The longest time an item waited in the queue of a workload simulation, the queue served first in, first
 * out: the items arriving during a step wait until everything before them has been served. `null` without a
 * workload (steps carry no `backlog`) or when nothing arrived.
 */
export function longestWait(steps: readonly SimulationStep[], step: number): LongestWait | null {
  if (steps.length === 0 || steps[0]!.backlog === undefined) return null;
  // arrived[i]: items that arrived before step i began; served[i]: items served before step i began.
  const arrived: number[] = [];
  const served: number[] = [];
  let total = steps[0]!.backlog ?? 0;
  for (const current of steps) {
    arrived.push(total);
    served.push(total - (current.backlog ?? 0));
    total += (current.arrivalRate ?? 0) * step;
  }
  const epsilon = 1e-9;
  let longest: LongestWait | null = null;
  let cursor = 0;
  // The last item of each step's arrivals (the initial backlog counts as arriving at time 0).
  for (let index = -1; index < steps.length - 1; index++) {
    const arrivalCount = arrived[index + 1]!;
    if (arrivalCount <= (index < 0 ? 0 : arrived[index]!) + epsilon) continue;
    const arrivedAt = index < 0 ? steps[0]!.time : steps[index]!.time;
    while (cursor < steps.length && served[cursor]! < arrivalCount - epsilon) cursor += 1;
    const servedAt = cursor < steps.length ? steps[cursor]!.time : null;
    const seconds = (servedAt ?? steps.at(-1)!.time) - arrivedAt;
    if (longest === null || seconds > longest.seconds) longest = { seconds, arrivedAt, servedAt };
  }
  return longest;
}
