// Leader election on coordination.k8s.io/v1 Leases with client-go's semantics
// (k8s.io/client-go v0.34 tools/leaderelection/leaderelection.go and resourcelock/leaselock.go), so that of
// several replicas of a controller exactly one acts, and a replica that cannot renew stops acting before its
// lease can expire.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Clock, type Logger, ScalerError, silentLogger, systemClock } from '@scalerkit/core';
import {
  createKubernetesClient,
  isApiStatus,
  type KubernetesClient,
  type KubernetesConnectionOptions,
  type ResourceLocation,
  wait,
} from './kube-client.js';

/** client-go's `JitterFactor`: the acquire loop waits retryPeriod × (1 + random × 1.2). */
export const LEADER_ELECTION_JITTER_FACTOR = 1.2;

/** client-go's defaults for core components (kube-controller-manager, kube-scheduler), in ms. */
export const LEADER_ELECTION_DEFAULTS = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** What a Lease says (client-go's `LeaderElectionRecord`); times in ms since the epoch. */
export interface LeaderElectionRecord {
  /** Empty when nobody holds the lease (released). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: number;
  renewTime: number;
  leaseTransitions: number;
}

/** The lock the elector takes (client-go's `resourcelock.Interface`); `LeaseLock` is the Kubernetes one. */
export interface ResourceLock {
  /** The current record and its canonical text, or `undefined` when the lock object does not exist. */
  get(signal: AbortSignal): Promise<{ record: LeaderElectionRecord; raw: string } | undefined>;
  create(record: LeaderElectionRecord, signal: AbortSignal): Promise<void>;
  /** Writes over the version last read or written; fails when someone else wrote since (409). */
  update(record: LeaderElectionRecord, signal: AbortSignal): Promise<void>;
  /** `namespace/name`, for logs. */
  describe(): string;
}

/** `2026-12-02T17:06:01.123000Z`: metav1.MicroTime's RFC 3339 form with exactly six fraction digits. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function parseTime(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : 0;
}

interface LeaseObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

function recordOf(lease: LeaseObject): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: parseTime(spec.acquireTime),
    renewTime: parseTime(spec.renewTime),
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

function specOf(record: LeaderElectionRecord): Required<NonNullable<LeaseObject['spec']>> {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: formatMicroTime(record.acquireTime),
    renewTime: formatMicroTime(record.renewTime),
    leaseTransitions: record.leaseTransitions,
  };
}

/**
 * The canonical text of a record, compared to tell a changed lease from an unchanged one. client-go compares
 * the JSON of its `LeaderElectionRecord`, whose `metav1.Time` keeps whole seconds, so renewals within one second
 * look unchanged and a follower may count the lease duration from up to a second before the last renewal; times
 * here keep their milliseconds, so a follower never takes over earlier than leaseDuration after the last
 * renewal it could see.
 */
export function rawRecord(record: LeaderElectionRecord): string {
  return JSON.stringify(record);
}

/** Options of `LeaseLock`. */
export interface LeaseLockOptions {
  client: KubernetesClient | (() => Promise<KubernetesClient>);
  name: string;
  /** Default the client's namespace. */
  namespace?: string | undefined;
  /** Labels set on the Lease. */
  labels?: Record<string, string>;
}

/**
 * A `coordination.k8s.io/v1` Lease as the lock (client-go resourcelock/leaselock.go `LeaseLock`): updates carry
 * the resourceVersion last read or written, so of two concurrent writers one gets a 409.
 */
export class LeaseLock implements ResourceLock {
  readonly #client: () => Promise<KubernetesClient>;
  readonly #name: string;
  readonly #namespace: string | undefined;
  readonly #labels: Record<string, string> | undefined;
  #lease: LeaseObject | undefined;
  #resolvedNamespace: string | undefined;

  constructor(options: LeaseLockOptions) {
    const { client } = options;
    this.#client = typeof client === 'function' ? client : async () => client;
    this.#name = options.name;
    this.#namespace = options.namespace;
    this.#labels = options.labels;
  }

  describe(): string {
    return `${this.#namespace ?? this.#resolvedNamespace ?? '<default namespace>'}/${this.#name}`;
  }

  async #location(named: boolean): Promise<{ client: KubernetesClient; resource: ResourceLocation }> {
    const client = await this.#client();
    this.#resolvedNamespace = this.#namespace ?? client.namespace;
    return {
      client,
      resource: {
        group: 'coordination.k8s.io',
        version: 'v1',
        resource: 'leases',
        namespace: this.#resolvedNamespace,
        name: named ? this.#name : undefined,
      },
    };
  }

  async get(signal: AbortSignal): Promise<{ record: LeaderElectionRecord; raw: string } | undefined> {
    const { client, resource } = await this.#location(true);
    try {
      this.#lease = await client.request<LeaseObject>({ method: 'GET', resource, signal });
    } catch (error) {
      if (isApiStatus(error, 404)) return undefined;
      throw error;
    }
    const record = recordOf(this.#lease);
    return { record, raw: rawRecord(record) };
  }

  async create(record: LeaderElectionRecord, signal: AbortSignal): Promise<void> {
    const { client, resource } = await this.#location(false);
    const body: LeaseObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.#name, namespace: resource.namespace, ...(this.#labels ? { labels: this.#labels } : {}) },
      spec: specOf(record),
    };
    this.#lease = await client.request<LeaseObject>({ method: 'POST', resource, body, signal });
  }

  async update(record: LeaderElectionRecord, signal: AbortSignal): Promise<void> {
    if (!this.#lease) throw new ScalerError('LeaseLock: update before get or create', { code: 'SCALER_ERROR' });
    const { client, resource } = await this.#location(true);
    const metadata = { ...this.#lease.metadata };
    if (this.#labels) metadata.labels = { ...metadata.labels, ...this.#labels };
    const body: LeaseObject = { ...this.#lease, metadata, spec: specOf(record) };
    this.#lease = await client.request<LeaseObject>({ method: 'PUT', resource, body, signal });
  }
}

/** Options of `LeaderElector`. */
export interface LeaderElectorOptions extends KubernetesConnectionOptions {
  /** Name of the Lease. */
  leaseName: string;
  /** Namespace of the Lease. Default: the configuration's namespace. */
  leaseNamespace?: string;
  /** This replica's identity in `holderIdentity`. Default `<hostname>_<random UUID>`. */
  identity?: string;
  /** How long followers wait, from their last sight of a change, before taking the lease. Default 15 000 ms. */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it stops leading. Default 10 000 ms. */
  renewDeadlineMs?: number;
  /** Wait between attempts. Default 2 000 ms. */
  retryPeriodMs?: number;
  /**
   * Release the lease (empty holder, 1 s duration) when `run` is stopped, so a follower takes over at its next
   * attempt instead of after leaseDuration. Default `true` (client-go's `ReleaseOnCancel`, whose default is false).
   */
  releaseOnCancel?: boolean;
  /** Another lock than a Lease over the connection options. */
  lock?: ResourceLock;
  /**
   * Called on becoming leader; `signal` aborts the moment leadership ends (stopped, or a renewal failed). A
   * returned promise is awaited before the lease is released, so a follower never starts while it runs.
   */
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  /** Called when `run` ends, leader or not (as client-go's `OnStoppedLeading`). */
  onStoppedLeading?: () => void;
  /** Called when the observed leader changes (this replica included); `''` when released. */
  onNewLeader?: (identity: string) => void;
  logger?: Logger;
  /** Source of the acquire loop's jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

function positiveMs(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw electionConfigError(`${name} must be a number of milliseconds > 0, got ${String(value)}`);
  }
  return value;
}

function electionConfigError(message: string): ScalerError {
  return new ScalerError(`LeaderElector: ${message}`, { code: 'CONFIG_ERROR' });
}

/**
 * Runs for leadership of a Lease and calls `onStartedLeading` while this replica holds it, with client-go's
 * algorithm (`tryAcquireOrRenew`): a follower takes the lease only when it is released or when leaseDuration
 * has passed since the follower last saw it change (its own clock; no comparison of clocks across machines);
 * the leader renews every retryPeriod and stops leading when it could not renew for renewDeadline, which is
 * shorter than leaseDuration, so it stops before any follower may take over.
 *
 * @example
 * const elector = new LeaderElector({
 *   leaseName: 'orders-autoscaler', leaseNamespace: 'shop',
 *   onStartedLeading: async (signal) => { await autoscaler.start(); await once(signal, 'abort'); await autoscaler.stop(); },
 * });
 * await elector.run(shutdown.signal);
 */
export class LeaderElector {
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly #options: LeaderElectorOptions;
  readonly #lock: ResourceLock;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #random: () => number;
  readonly #releaseOnCancel: boolean;
  #observed: LeaderElectionRecord | undefined;
  #observedRaw: string | undefined;
  #observedTime = 0;
  #reportedLeader = '';
  #running = false;

  constructor(options: LeaderElectorOptions) {
    const leaseDurationMs = positiveMs(
      options.leaseDurationMs ?? LEADER_ELECTION_DEFAULTS.leaseDurationMs,
      'leaseDurationMs',
    );
    const renewDeadlineMs = positiveMs(
      options.renewDeadlineMs ?? LEADER_ELECTION_DEFAULTS.renewDeadlineMs,
      'renewDeadlineMs',
    );
    const retryPeriodMs = positiveMs(options.retryPeriodMs ?? LEADER_ELECTION_DEFAULTS.retryPeriodMs, 'retryPeriodMs');
    // client-go's NewLeaderElector checks.
    if (leaseDurationMs <= renewDeadlineMs) {
      throw electionConfigError(
        `leaseDurationMs (${leaseDurationMs}) must be greater than renewDeadlineMs (${renewDeadlineMs})`,
      );
    }
    if (renewDeadlineMs <= LEADER_ELECTION_JITTER_FACTOR * retryPeriodMs) {
      throw electionConfigError(
        `renewDeadlineMs (${renewDeadlineMs}) must be greater than retryPeriodMs × ${LEADER_ELECTION_JITTER_FACTOR} (${LEADER_ELECTION_JITTER_FACTOR * retryPeriodMs})`,
      );
    }
    if (leaseDurationMs < 1000) {
      throw electionConfigError(
        `leaseDurationMs must be at least 1000 (the Lease counts whole seconds), got ${leaseDurationMs}`,
      );
    }
    if (typeof options.onStartedLeading !== 'function') {
      throw electionConfigError('onStartedLeading is required: (signal) => work done while leading');
    }
    const identity = options.identity ?? `${hostname()}_${randomUUID()}`;
    if (typeof identity !== 'string' || identity === '') {
      throw electionConfigError('identity must be a non-empty string');
    }
    if (
      !options.lock &&
      (typeof options.leaseName !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.leaseName))
    ) {
      throw electionConfigError(`leaseName must be a Kubernetes object name, got ${JSON.stringify(options.leaseName)}`);
    }
    this.identity = identity;
    this.leaseDurationMs = leaseDurationMs;
    this.renewDeadlineMs = renewDeadlineMs;
    this.retryPeriodMs = retryPeriodMs;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#random = options.random ?? Math.random;
    this.#releaseOnCancel = options.releaseOnCancel ?? true;
    let client: Promise<KubernetesClient> | undefined;
    this.#lock =
      options.lock ??
      new LeaseLock({
        client: () => {
          client ??= createKubernetesClient(options);
          client.catch(() => {
            client = undefined;
          });
          return client;
        },
        name: options.leaseName,
        namespace: options.leaseNamespace,
      });
  }

  /** True when the last observed record names this replica (client-go's `IsLeader`). */
  isLeader(): boolean {
    return this.#observed?.holderIdentity === this.identity;
  }

  /** The holder of the last observed record (`''` when none). */
  getLeader(): string {
    return this.#observed?.holderIdentity ?? '';
  }

  /**
   * For a health check (client-go's `Check`): an error when this replica believes it leads but has not renewed
   * for leaseDuration + `maxTolerableExpiredLeaseMs` (it should have stopped leading: a stuck process).
   */
  check(maxTolerableExpiredLeaseMs = 0): Error | undefined {
    if (!this.isLeader()) return undefined;
    if (this.#clock.now() - this.#observedTime > this.leaseDurationMs + maxTolerableExpiredLeaseMs) {
      return new ScalerError(`LeaderElector: failed to renew leadership of lease ${this.#lock.describe()}`, {
        code: 'LEADER_ELECTION_ERROR',
      });
    }
    return undefined;
  }

  /**
   * Campaigns until `signal` aborts, leading whenever it holds the lease: resolves once it was stopped, or once
   * it lost the lease (a replica that lost leadership should exit or call `run` again).
   */
  async run(signal?: AbortSignal): Promise<void> {
    if (this.#running) throw new ScalerError('LeaderElector: run() is already running', { code: 'SCALER_ERROR' });
    this.#running = true;
    const stop = signal ?? new AbortController().signal;
    try {
      if (!(await this.#acquire(stop))) return;
      const leading = new AbortController();
      const onStop = (): void => leading.abort(stop.reason);
      stop.addEventListener('abort', onStop, { once: true });
      let work: Promise<void> = Promise.resolve();
      try {
        work = Promise.resolve()
          .then(() => this.#options.onStartedLeading(leading.signal))
          .catch((error: unknown) =>
            this.#logger.error('leader election: onStartedLeading failed', { error: String(error) }),
          );
        await this.#renew(leading.signal);
      } finally {
        stop.removeEventListener('abort', onStop);
        // Stop acting first; release only once the work has ended, so a follower never overlaps it.
        leading.abort(new ScalerError('leadership ended', { code: 'ABORTED' }));
        await work;
      }
      if (this.#releaseOnCancel) await this.#release();
    } finally {
      this.#running = false;
      this.#options.onStoppedLeading?.();
    }
  }

  /** client-go `acquire`: tries every retryPeriod with jitter until it holds the lease; false when stopped. */
  async #acquire(stop: AbortSignal): Promise<boolean> {
    this.#logger.info('leader election: attempting to acquire the lease', { lease: this.#lock.describe() });
    while (!stop.aborted) {
      const succeeded = await this.#tryAcquireOrRenew(stop);
      this.#reportTransition();
      if (succeeded) {
        this.#logger.info('leader election: acquired the lease', {
          lease: this.#lock.describe(),
          identity: this.identity,
        });
        return true;
      }
      await wait(this.#clock, this.retryPeriodMs * (1 + this.#random() * LEADER_ELECTION_JITTER_FACTOR), stop);
    }
    return false;
  }

  /**
   * client-go `renew`: every retryPeriod, renews within renewDeadline (trying every retryPeriod); returns when a
   * renewal did not succeed in time or `leading` aborted.
   */
  async #renew(leading: AbortSignal): Promise<void> {
    while (!leading.aborted) {
      const deadline = new AbortController();
      const timer = this.#clock.setTimeout(() => deadline.abort(), this.renewDeadlineMs);
      const onStop = (): void => deadline.abort();
      leading.addEventListener('abort', onStop, { once: true });
      let renewed = false;
      try {
        while (!deadline.signal.aborted) {
          if (await this.#tryAcquireOrRenew(deadline.signal)) {
            renewed = true;
            break;
          }
          await wait(this.#clock, this.retryPeriodMs, deadline.signal);
        }
      } finally {
        this.#clock.clearTimeout(timer);
        leading.removeEventListener('abort', onStop);
      }
      this.#reportTransition();
      if (leading.aborted) return;
      if (!renewed) {
        this.#logger.warn('leader election: failed to renew the lease within renewDeadline; stopped leading', {
          lease: this.#lock.describe(),
          renewDeadlineMs: this.renewDeadlineMs,
        });
        return;
      }
      await wait(this.#clock, this.retryPeriodMs, leading);
    }
  }

  #setObserved(record: LeaderElectionRecord, raw?: string): void {
    this.#observed = record;
    this.#observedRaw = raw ?? rawRecord(record);
    this.#observedTime = this.#clock.now();
  }

  #isLeaseValid(now: number): boolean {
    return this.#observedTime + (this.#observed?.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  /** client-go `tryAcquireOrRenew`; every failure is logged and answers false. */
  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.#clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.floor(this.leaseDurationMs / 1000),
      renewTime: now,
      acquireTime: now,
      leaseTransitions: 0,
    };
    // 1. The leader's fast path: update over the version it last wrote.
    if (this.isLeader() && this.#isLeaseValid(now)) {
      const observed = this.#observed!;
      const renewal = { ...record, acquireTime: observed.acquireTime, leaseTransitions: observed.leaseTransitions };
      try {
        await this.#lock.update(renewal, signal);
        this.#setObserved(renewal);
        return true;
      } catch (error) {
        this.#logger.debug('leader election: optimistic renewal failed; reading the lease', { error: String(error) });
      }
    }
    if (signal.aborted) return false;
    // 2. Read the lease, or create it.
    let current: Awaited<ReturnType<ResourceLock['get']>>;
    try {
      current = await this.#lock.get(signal);
      if (!current) {
        await this.#lock.create(record, signal);
        this.#setObserved(record);
        return true;
      }
    } catch (error) {
      this.#logger.warn('leader election: could not read or create the lease', {
        lease: this.#lock.describe(),
        error: String(error),
      });
      return false;
    }
    // 3. A changed record restarts the follower's wait (measured on this replica's clock).
    if (current.raw !== this.#observedRaw) this.#setObserved(current.record, current.raw);
    if (current.record.holderIdentity !== '' && this.#isLeaseValid(now) && !this.isLeader()) return false;
    // 4. Take (or keep) the lease.
    const next = this.isLeader()
      ? { ...record, acquireTime: current.record.acquireTime, leaseTransitions: current.record.leaseTransitions }
      : { ...record, leaseTransitions: current.record.leaseTransitions + 1 };
    try {
      await this.#lock.update(next, signal);
    } catch (error) {
      this.#logger.warn('leader election: could not update the lease', {
        lease: this.#lock.describe(),
        error: String(error),
      });
      return false;
    }
    this.#setObserved(next);
    return true;
  }

  /**
   * client-go `release`: an empty holder with a 1 s duration, bounded by renewDeadline. Unlike client-go, it
   * first checks that the lease read back still names this replica, so it never clears a successor's lease.
   */
  async #release(): Promise<boolean> {
    const deadline = new AbortController();
    const timer = this.#clock.setTimeout(() => deadline.abort(), this.renewDeadlineMs);
    try {
      const current = await this.#lock.get(deadline.signal);
      if (!current) return false;
      if (!this.isLeader() || current.record.holderIdentity !== this.identity) return true;
      const now = this.#clock.now();
      const released: LeaderElectionRecord = {
        holderIdentity: '',
        leaseDurationSeconds: 1,
        renewTime: now,
        acquireTime: now,
        leaseTransitions: current.record.leaseTransitions,
      };
      await this.#lock.update(released, deadline.signal);
      this.#setObserved(released);
      this.#reportTransition();
      this.#logger.info('leader election: released the lease', { lease: this.#lock.describe() });
      return true;
    } catch (error) {
      this.#logger.warn('leader election: could not release the lease', {
        lease: this.#lock.describe(),
        error: String(error),
      });
      return false;
    } finally {
      this.#clock.clearTimeout(timer);
    }
  }

  #reportTransition(): void {
    const holder = this.#observed?.holderIdentity ?? '';
    if (holder === this.#reportedLeader) return;
    this.#reportedLeader = holder;
    const callback = this.#options.onNewLeader;
    if (callback) {
      queueMicrotask(() => {
        try {
          callback(holder);
        } catch (error) {
          this.#logger.error('leader election: onNewLeader failed', { error: String(error) });
        }
      });
    }
  }
}
