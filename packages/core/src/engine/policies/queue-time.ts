/**
 * Queue-time targets: a backlog becomes an estimated time to drain, `backlog / (rate × replicas)`, and the
 * replicas that keep it under `targetSeconds` are `ceil(backlog / (rate × targetSeconds))`: the HPA's own
 * AverageValue arithmetic with a target of `rate × targetSeconds` items per replica (so tolerance, stabilization
 * and rate limits apply unchanged).
 */

/** Weight of a drain sample below the estimate in the moving estimate of the service rate. */
export const DRAIN_ESTIMATE_WEIGHT = 0.02;

/** One observation of a backlog. */
export interface BacklogObservation {
  time: number;
  backlog: number;
  ready: number;
}

/**
 * Items per replica per second seen draining between two observations, or undefined when the interval says
 * nothing about the service rate: no time passed, no ready replica, the backlog did not fall, or it reached 0
 * (it may have emptied early in the interval). Items that arrived meanwhile were served too but are not
 * seen, so a sample is a lower bound of the true rate: an estimate built on it errs toward more replicas.
 * The larger ready count of the two ends is used, for the same reason.
 */
export function drainRateSample(previous: BacklogObservation, current: BacklogObservation): number | undefined {
  const seconds = (current.time - previous.time) / 1000;
  const ready = Math.max(previous.ready, current.ready);
  if (!(seconds > 0) || ready <= 0) return undefined;
  if (!(current.backlog < previous.backlog) || current.backlog <= 0) return undefined;
  return (previous.backlog - current.backlog) / seconds / ready;
}

/**
 * The moving estimate. Every sample is a lower bound of the true rate (items that arrived during the drain are
 * not seen), so a sample above the estimate proves it low: the estimate rises to it at once. A lower sample
 * may only mean items kept arriving, so the estimate drifts toward it with a small weight, which still lets it
 * follow a service that really slowed down. More replicas make the samples closer to the true rate (the
 * arrivals are shared among more replicas), so an estimate that is low corrects itself.
 */
export function updateDrainEstimate(
  estimate: number | undefined,
  sample: number,
  weight = DRAIN_ESTIMATE_WEIGHT,
): number {
  if (estimate === undefined || sample >= estimate) return sample;
  return estimate + weight * (sample - estimate);
}

/** The AverageValue target (items per replica) that keeps the drain time at `targetSeconds`. */
export function queueTimeItemsPerReplica(serviceRatePerReplica: number, targetSeconds: number): number {
  return serviceRatePerReplica * targetSeconds;
}

/** Seconds `backlog` takes to drain at `ready` replicas; undefined without a ready replica or a rate. */
export function estimatedDrainSeconds(
  backlog: number,
  serviceRatePerReplica: number | undefined,
  ready: number,
): number | undefined {
  if (serviceRatePerReplica === undefined || !(serviceRatePerReplica > 0) || ready <= 0) return undefined;
  return backlog / (serviceRatePerReplica * ready);
}
