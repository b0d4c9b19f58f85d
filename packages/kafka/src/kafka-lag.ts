// KEDA's kafka lag arithmetic (kafka_scaler.go getLagForPartition / getTotalLag), pure and synchronous.
// Offsets are JavaScript numbers: Kafka offsets are int64, but a partition would need 2^53 records
// before precision is lost.

/** The committed offset Kafka reports when the group has committed nothing for a partition. */
export const NO_COMMITTED_OFFSET = -1;

/** What the per-partition rule needs from the trigger's config. */
export interface PartitionLagOptions {
  /** `latest`, `earliest`, or (as KEDA accepts) a comma list of them, which matches neither. */
  offsetResetPolicy: 'latest' | 'earliest' | (string & {});
  scaleToZeroOnInvalidOffset: boolean;
  excludePersistentLag: boolean;
}

/** Lag of one partition: `lag` feeds the metric, `lagWithPersistent` feeds activity. */
export interface PartitionLag {
  lag: number;
  lagWithPersistent: number;
  /** The committed offset to remember for `excludePersistentLag`, when it must be (re)recorded. */
  remember?: number;
}

/**
 * Lag of one partition, exactly as KEDA computes it.
 *
 * @param committed the group's committed offset, `-1` when nothing is committed
 * @param latest the partition's latest offset (high watermark); `undefined` when the ListOffsets answer
 *   did not include the partition (KEDA then reports 0)
 * @param previous the committed offset seen at the previous poll, for `excludePersistentLag`
 * @param oldest the partition's oldest offset (log start), for `earliest` with nothing committed; `undefined`
 *   when it was not asked or the request failed (KEDA then counts `latest`)
 */
export function lagForPartition(
  committed: number,
  latest: number | undefined,
  previous: number | undefined,
  options: PartitionLagOptions,
  oldest?: number,
): PartitionLag {
  if (committed === NO_COMMITTED_OFFSET) {
    // Nothing committed: under `latest` a consumer would start at the end, yet KEDA reports 1 so that a
    // group that never committed still activates; `scaleToZeroOnInvalidOffset` turns that into 0.
    if (options.offsetResetPolicy === 'latest') {
      return options.scaleToZeroOnInvalidOffset ? { lag: 0, lagWithPersistent: 0 } : { lag: 1, lagWithPersistent: 1 };
    }
    // KEDA tests this for every policy other than `latest`, not only `earliest`.
    if (options.scaleToZeroOnInvalidOffset) return { lag: 0, lagWithPersistent: 0 };
  }
  if (latest === undefined) return { lag: 0, lagWithPersistent: 0 };
  // `earliest` with no commit: the records still kept count, `latest - oldest` (never negative: retention can
  // move the log start past the latest offset read by the earlier request); without the oldest offset, `latest`
  // (KEDA v2.21.0 kafka_scaler.go getLagForPartition).
  if (committed === NO_COMMITTED_OFFSET && options.offsetResetPolicy === 'earliest') {
    const lag = oldest === undefined ? latest : Math.max(0, latest - oldest);
    return { lag, lagWithPersistent: lag };
  }
  // From here on a -1 is an ordinary offset: with a policy that is neither (`latest,earliest`), KEDA
  // reports `latest + 1`.
  const lag = latest - committed; // may be negative (topic recreated); clamped only on the total
  if (options.excludePersistentLag) {
    if (previous === committed) return { lag: 0, lagWithPersistent: lag };
    return { lag, lagWithPersistent: lag, remember: committed };
  }
  return { lag, lagWithPersistent: lag };
}

/** What the total needs from the trigger's config. */
export interface TotalLagOptions {
  lagThreshold: number;
  activationLagThreshold: number;
  allowIdleConsumers: boolean;
  limitToPartitionsWithLag: boolean;
  ensureEvenDistributionOfPartitions: boolean;
}

/** The outcome of one poll's arithmetic. */
export interface TotalLag {
  /** The metric value KEDA reports: the capped total, never negative. */
  metric: number;
  /** Sum of per-partition `lag` before capping (may be negative). */
  totalLag: number;
  /** Sum of per-partition `lagWithPersistent` (drives activity). */
  totalLagWithPersistent: number;
  /** Partitions with `lag > 0`. */
  partitionsWithLag: number;
  /** `totalLagWithPersistent > activationLagThreshold` (strict). */
  isActive: boolean;
}

/**
 * Sums the partition lags and applies KEDA's partition cap, `limitToPartitionsWithLag`,
 * `ensureEvenDistributionOfPartitions` and the activation threshold.
 *
 * @param lags one entry per partition present in the latest-offset answer
 */
export function totalLag(
  lags: readonly Pick<PartitionLag, 'lag' | 'lagWithPersistent'>[],
  options: TotalLagOptions,
): TotalLag {
  let total = 0;
  let totalWithPersistent = 0;
  let partitionsWithLag = 0;
  for (const entry of lags) {
    total += entry.lag;
    totalWithPersistent += entry.lagWithPersistent;
    if (entry.lag > 0) partitionsWithLag += 1;
  }
  const rawTotal = total;
  const partitionCount = lags.length;
  const { lagThreshold } = options;
  if (!options.allowIdleConsumers || options.limitToPartitionsWithLag || options.ensureEvenDistributionOfPartitions) {
    let upper = partitionCount;
    if (options.ensureEvenDistributionOfPartitions) {
      total = evenDistributionFactor(partitionCount, total, lagThreshold) * lagThreshold;
    }
    if (options.limitToPartitionsWithLag) upper = partitionsWithLag;
    // Go integer division truncates toward zero: a lag of 29 over threshold 10 and 2 partitions is not capped.
    if (Math.trunc(total / lagThreshold) > upper) total = upper * lagThreshold;
  }
  return {
    metric: Math.max(total, 0),
    totalLag: rawTotal,
    totalLagWithPersistent: totalWithPersistent,
    partitionsWithLag,
    isActive: totalWithPersistent > options.activationLagThreshold,
  };
}

/**
 * The smallest divisor `f` of `partitionCount` with `f * lagThreshold >= lag`, or `partitionCount` when
 * none is (KEDA's FindFactors walk), so that replicas always divide the partitions evenly.
 */
export function evenDistributionFactor(partitionCount: number, lag: number, lagThreshold: number): number {
  for (let factor = 1; factor <= partitionCount; factor += 1) {
    if (partitionCount % factor === 0 && factor * lagThreshold >= lag) return factor;
  }
  return partitionCount;
}
