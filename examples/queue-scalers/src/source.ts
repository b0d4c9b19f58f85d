// What the example needs to know about one queue service: where it listens, how to make a backlog in it, and
// the ScaledObject trigger a user would write for it.
import type { TriggerAuthenticationSources } from '@scalerkit/core';

/** A backlog made in a real service, and what the autoscaler needs to read it. */
export interface PreparedSource {
  /** The `triggers:` entry of the ScaledObject, as YAML (indented for `spec.triggers`). */
  triggerYaml: string;
  /** Environment of the scale target, for `<name>FromEnv` parameters. */
  resolvedEnv?: Record<string, string>;
  /** TriggerAuthentications and secrets, for the trigger's `authenticationRef`. */
  authentication?: TriggerAuthenticationSources;
  /** Deletes what `prepare()` created and closes its clients. */
  cleanup(): Promise<void>;
}

/** One queue service of the example. */
export interface QueueSource {
  /** The trigger type, which names the source in the output. */
  type: string;
  /** `scripts/services/<service>.sh` starts it. */
  service: string;
  /** `host:port` addresses that must accept a TCP connection. */
  addresses: string[];
  /** Messages put in the queue. */
  backlog: number;
  /** The trigger's target per replica. */
  targetPerReplica: number;
  /** Creates the queue (or stream) with exactly `backlog` messages waiting. */
  prepare(): Promise<PreparedSource>;
}

/** A name no other run uses: `<prefix><separator><time><separator><random>`. */
export function uniqueName(prefix: string, separator = '-'): string {
  return [prefix, Date.now().toString(36), Math.random().toString(36).slice(2, 8)].join(separator);
}

/** Calls `read()` until it returns `expected` (a real service may count asynchronously); the last value read. */
export async function settle<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value === expected || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Throws when the service did not report the backlog the example put there. */
export function expectBacklog(type: string, counted: number, backlog: number): void {
  if (counted !== backlog) throw new Error(`${type}: the service counts ${counted} messages, expected ${backlog}`);
}
