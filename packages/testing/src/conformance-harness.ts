import type { VitestApi } from './vitest-api.js';

/** Thresholds the suite asks the harness to put into the trigger metadata. */
export interface ConformanceThresholds {
  /** The metric target (`lagThreshold`, `queueLength`, `value`, ...). */
  target: number;
  /** The activation threshold (`activationLagThreshold`, ...). */
  activation: number;
}

/** A loopback address where a server accepts connections and never sends a byte (started by the suite). */
export interface SilentAddress {
  host: string;
  port: number;
}

/**
 * What a scaler package provides so `describeScalerConformance` can test its scaler against the real source.
 * Every method may be async. `produceBacklog` and `reset` act on the source the `metadata` points at.
 */
export interface ConformanceHarness {
  /** Trigger metadata of a scaler reading the harness's source, with these thresholds. */
  metadata(thresholds: ConformanceThresholds): Record<string, string>;
  /** Resolved TriggerAuthentication parameters to pass along (may hold secrets). */
  authParams?: Record<string, string>;
  /** The `...FromEnv` environment to pass along. */
  resolvedEnv?: Record<string, string>;
  /** Metadata keys whose absence `parse` must reject with `ScalerConfigError.parameter` set to the key. */
  requiredParameters: string[];
  /** Metadata values `parse` must reject, each naming its parameter: `{ lagThreshold: '-3' }`. */
  invalidMetadata?: Record<string, string>;
  /** Runs once before the suite (create the topic/queue, connect an admin client). */
  setup?(): Promise<void> | void;
  /** Runs once after the suite. */
  teardown?(): Promise<void> | void;
  /** Empties the source: the backlog becomes 0. */
  reset(): Promise<void> | void;
  /** Adds `count` items to the source's backlog. */
  produceBacklog(count: number): Promise<void> | void;
  /** The metric the scaler should report for a backlog (default: the backlog itself). */
  expectedMetric?(backlog: number): number;
  /** Metadata of a scaler pointing at an address where nothing answers (a closed loopback port). */
  unreachableMetadata?(thresholds: ConformanceThresholds): Record<string, string>;
  /**
   * Metadata of a scaler pointing at `address`, where a server accepts connections and never answers.
   * Enables the deadline test: a poll there must fail with code `TIMEOUT` after the host's `timeoutMs`.
   *
   * @example
   * silentMetadata: ({ target, address }) => ({ bootstrapServers: `${address.host}:${address.port}`, lagThreshold: `${target}` })
   */
  silentMetadata?(thresholds: ConformanceThresholds & { address: SilentAddress }): Record<string, string>;
  /** Secret values (passwords, keys, connection strings) that must never appear in an error. */
  secrets?: string[];
  /** Sources that update their counts asynchronously: the suite polls until the value matches for up to this long. Default 0. */
  eventuallyMs?: number;
}

/** Options of `describeScalerConformance`. */
export interface ConformanceOptions {
  /** vitest's API; found at run time when omitted (see docs/writing-a-scaler.md). */
  vitest?: Partial<VitestApi>;
  /** Title of the suite. Default `<type> scaler conformance`. */
  title?: string;
  /** Time the scaler gets to fail against the unreachable address (the host's `timeoutMs`). Default 5000 ms. */
  timeoutMs?: number;
  /** The host's `timeoutMs` in the deadline test (`silentMetadata`). Default 500 ms. */
  deadlineMs?: number;
  /**
   * How promptly a poll must settle after an abort or after its deadline, and how long the handle checks
   * wait for handles that close asynchronously after `close()`. Default 1000 ms.
   */
  settleMs?: number;
  /** The backlog used by the metric test. Default 7. */
  backlog?: number;
  /** The activation threshold used by the activity test. Default 3. */
  activation?: number;
}
