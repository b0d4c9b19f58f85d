/** One metric's outcome for `combineMetrics`: a proposal, or invalid (the metric could not be computed). */
export type MetricProposal = { replicas: number; invalid?: false } | { invalid: true; replicas?: undefined };

/** Result of `combineMetrics`. */
export interface CombinedMetrics {
  /** The max over valid proposals; `undefined` when the reconcile aborts. */
  replicas: number | undefined;
  /** Index of the proposal that won (the first one on ties), or -1. */
  winner: number;
  invalidCount: number;
  /** True when the HPA would abort the reconcile and keep the current count. */
  aborted: boolean;
}

/**
 * `computeReplicasForMetrics` combination: the max over valid proposals. The reconcile aborts (keeps the
 * current count) when every metric is invalid, or when any is invalid and the max is below `specReplicas`
 * (the scale-down guard).
 *
 * @example
 * hpa.combineMetrics([{ replicas: 3 }, { invalid: true }], 5) // → aborted: true (no scale-down on partial data)
 */
export function combineMetrics(proposals: readonly MetricProposal[], specReplicas: number): CombinedMetrics {
  let replicas = 0;
  let winner = -1;
  let invalidCount = 0;
  for (let i = 0; i < proposals.length; i++) {
    const p = proposals[i] as MetricProposal;
    if (p.invalid === true) {
      invalidCount++;
      continue;
    }
    if (winner === -1 || p.replicas > replicas) {
      replicas = p.replicas;
      winner = i;
    }
  }
  const aborted = invalidCount >= proposals.length || (invalidCount > 0 && replicas < specReplicas);
  return { replicas: aborted ? undefined : replicas, winner: aborted ? -1 : winner, invalidCount, aborted };
}
