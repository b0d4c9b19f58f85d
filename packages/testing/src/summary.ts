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
  for (const current of steps) {
    if (current.polled) summary.polls += 1;
    if (current.hpaSynced === true) summary.hpaSyncs += 1;
    if (current.replicas > summary.maxReplicas) {
      summary.maxReplicas = current.replicas;
      summary.timeAtMaxReplicas = current.time;
    }
    for (const value of Object.values(current.metrics)) {
      if (value !== undefined && value > summary.backlogPeak) {
        summary.backlogPeak = value;
        summary.timeOfBacklogPeak = current.time;
      }
    }
    summary.replicaSeconds += current.replicas * step;
    if (current.decision.isActive) summary.activeSeconds += step;
    if (current.decision.fallbackActive) summary.fallbackSeconds += step;
    if (current.decision.paused) summary.pausedSeconds += step;
    if (summary.timeToScaleFromZero === null) {
      const anyActive = Object.values(current.activity).some(Boolean);
      if (waitingSince === undefined && current.readyReplicas === 0 && anyActive) waitingSince = current.time;
      if (waitingSince !== undefined && current.readyReplicas > 0)
        summary.timeToScaleFromZero = current.time - waitingSince;
    }
  }
  summary.decisions = summary.polls + summary.hpaSyncs;
  summary.replicaSeconds = Math.round(summary.replicaSeconds * 1000) / 1000;
  return summary;
}
