// Shared equipment of the chaos suite: the broker under test, an event recorder for an autoscaler, and the
// figures file the suite writes (docs/reliability.md reports them).
import { createHook } from 'node:async_hooks';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Autoscaler, DecisionEvent, PollEvent } from '@scalerkit/core';
import { socketsToPort } from '../../packages/kafka/src/test-broker-process.js';

/** The PLAINTEXT listener of scripts/services/kafka.sh (KAFKA_BROKERS; KAFKA_SERVICE_DIR names its state). */
export const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
export const brokerPort = Number(brokers.split(',')[0]!.split(':').at(-1));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Everything an autoscaler reported, with the wall-clock time it arrived. */
export interface Recording {
  polls: Array<PollEvent & { receivedAt: number }>;
  decisions: DecisionEvent[];
  errors: Array<{ at: number; phase: string; code: string; message: string; triggerKey?: string }>;
}

export function record(autoscaler: Autoscaler): Recording {
  const recording: Recording = { polls: [], decisions: [], errors: [] };
  autoscaler.on('poll', (event) => recording.polls.push({ ...event, receivedAt: Date.now() }));
  autoscaler.on('decision', (event) => recording.decisions.push(event));
  autoscaler.on('error', ({ at, phase, error, triggerKey }) =>
    recording.errors.push({ at, phase, code: error.code, message: error.message, triggerKey }),
  );
  return recording;
}

/** True when every trigger of the poll answered. */
export const answered = (poll: PollEvent) =>
  Object.values(poll.triggers).every((trigger) => trigger.error === undefined);

/** Resolves with the wall-clock time of the first poll after `since` in which every trigger answered. */
export async function firstAnsweredPollAfter(recording: Recording, since: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const poll = recording.polls.find((entry) => entry.receivedAt >= since && answered(entry));
    if (poll) return poll.receivedAt;
    if (Date.now() > deadline) throw new Error(`no answered poll within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Samples this process's sockets to the broker every `everyMs` for `ms`. */
export async function sampleSockets(ms: number, everyMs = 100): Promise<{ most: number; samples: number[] }> {
  const samples: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    samples.push(socketsToPort(brokerPort).total);
    await sleep(everyMs);
  }
  return { most: Math.max(0, ...samples), samples };
}

/** Gaps between consecutive poll starts (ms, the autoscaler's clock). */
export function pollGaps(recording: Recording, from = 0, to = Number.POSITIVE_INFINITY): number[] {
  const starts = recording.polls.filter((poll) => poll.at >= from && poll.at <= to).map((poll) => poll.at);
  return starts.slice(1).map((at, index) => at - starts[index]!);
}

const figuresFile = fileURLToPath(new URL('./out/figures.json', import.meta.url));

/** Merges `figures` under `section` into tests/chaos/out/figures.json (the numbers the docs report). */
export function writeFigures(section: string, figures: Record<string, unknown>): void {
  mkdirSync(fileURLToPath(new URL('./out/', import.meta.url)), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(figuresFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // first section
  }
  all[section] = { ...figures, recordedAt: new Date().toISOString() };
  writeFileSync(figuresFile, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`chaos figures (${section}): ${JSON.stringify(figures)}`);
}

/**
 * Watches the timers created from now on, except the test runner's own: `live()` lists where each one still
 * pending was created (the first frames outside node internals).
 */
export function watchTimers(): { live(): string[]; stop(): void } {
  const pending = new Map<number, { where: string; timer: { _destroyed?: boolean } }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const frames = (new Error().stack ?? '')
        .split('\n')
        .slice(1)
        .map((frame) => frame.trim());
      if (frames.some((frame) => frame.includes('node_modules/@vitest/') || frame.includes('node_modules/vitest/')))
        return;
      const where = frames.filter((frame) => !frame.includes('node:') && !frame.includes('AsyncHook.init'));
      pending.set(id, { where: where.slice(0, 4).join(' < '), timer: resource as { _destroyed?: boolean } });
    },
    destroy(id) {
      pending.delete(id);
    },
  }).enable();
  // A timer that fired or was cleared is marked destroyed at once; the hook's destroy comes later.
  const live = () => [...pending.values()].filter(({ timer }) => timer._destroyed !== true).map(({ where }) => where);
  return { live, stop: () => hook.disable() };
}
