import {
  createConnectionCache,
  type MetricsAndActivity,
  type Scaler,
  ScalerConfigError,
  type ScalerDefinition,
  silentLogger,
  type TriggerInput,
} from '@scalerkit/core';
import { resolveVitestApi, type VitestApi } from './vitest-api.js';

/** Thresholds the suite asks the harness to put into the trigger metadata. */
export interface ConformanceThresholds {
  /** The metric target (`lagThreshold`, `queueLength`, `value`, ...). */
  target: number;
  /** The activation threshold (`activationLagThreshold`, ...). */
  activation: number;
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
  /** Time the scaler gets to fail against the unreachable address. Default 5000 ms. */
  timeoutMs?: number;
  /** The backlog used by the metric test. Default 7. */
  backlog?: number;
  /** The activation threshold used by the activity test. Default 3. */
  activation?: number;
}

function errorText(error: unknown, seen = new Set<unknown>()): string {
  if (error === null || error === undefined || seen.has(error)) return '';
  seen.add(error);
  if (typeof error !== 'object') return String(error);
  const record = error as Record<string, unknown>;
  let text = `${String(record.message ?? '')}\n${String(record.stack ?? '')}\n`;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'cause') continue;
    try {
      text += `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}\n`;
    } catch {
      // unserializable property: its own message is checked through `cause` when it is an error
    }
  }
  return text + errorText(record.cause, seen);
}

/**
 * The conformance suite every scaler package runs against its real service, and that third-party scaler
 * authors run against theirs. Call it at the top level of a vitest test file.
 *
 * Checks: missing required metadata and invalid values are rejected with `ScalerConfigError.parameter` naming
 * the parameter; metric names are `s{triggerIndex}-...`; the metric equals the backlog the harness produced;
 * activity is false at the activation threshold and true above it; `close()` leaves no handles and may be
 * called twice; an unreachable source fails within the timeout with an error; no secret appears in any error.
 *
 * @example
 * describeScalerConformance(directoryQueueScaler, {
 *   metadata: ({ target, activation }) => ({ directory, targetFileCount: `${target}`, activationTargetFileCount: `${activation}` }),
 *   requiredParameters: ['directory'],
 *   reset: () => emptyDirectory(directory),
 *   produceBacklog: (n) => writeFiles(directory, n),
 * });
 */
export function describeScalerConformance<Config>(
  definition: ScalerDefinition<Config>,
  harness: ConformanceHarness,
  options: ConformanceOptions = {},
): void {
  const { describe, it, expect, beforeAll, afterAll } = resolveVitestApi(options.vitest, 'describeScalerConformance');
  const timeoutMs = options.timeoutMs ?? 5000;
  const backlog = options.backlog ?? 7;
  const activation = options.activation ?? 3;
  const expected = (n: number) => harness.expectedMetric?.(n) ?? n;
  const errors: unknown[] = [];

  const input = (metadata: Record<string, string>, extra: Partial<TriggerInput> = {}): TriggerInput => ({
    metadata,
    ...(harness.authParams ? { authParams: { ...harness.authParams } } : {}),
    ...(harness.resolvedEnv ? { resolvedEnv: { ...harness.resolvedEnv } } : {}),
    ...extra,
  });
  /** What `parse()` throws for `triggerInput` (undefined when it accepts it), kept for the secrets check. */
  const parseError = (triggerInput: TriggerInput): unknown => {
    let caught: unknown;
    try {
      definition.parse(triggerInput);
    } catch (error) {
      caught = error;
    }
    errors.push(caught);
    return caught;
  };
  const open: { scaler: Scaler; close: () => Promise<void> }[] = [];
  const create = async (metadata: Record<string, string>, extra: Partial<TriggerInput> = {}) => {
    const controller = new AbortController();
    const connections = createConnectionCache();
    const config = definition.parse(input(metadata, extra));
    const scaler = definition.create(config, {
      logger: silentLogger,
      signal: controller.signal,
      connections,
      timeoutMs,
    });
    const entry = {
      scaler,
      connections,
      close: async () => {
        await scaler.close();
        controller.abort();
      },
    };
    open.push(entry);
    return entry;
  };
  const poll = async (scaler: Scaler): Promise<MetricsAndActivity> => {
    const [spec] = scaler.getMetricSpecs();
    if (!spec) throw new Error(`${definition.type}: getMetricSpecs() returned no metric`);
    return scaler.getMetricsAndActivity(spec.metricName, { signal: AbortSignal.timeout(timeoutMs) });
  };
  /** Polls until the first metric equals `value` or `eventuallyMs` passes; returns the last result. */
  const pollFor = async (scaler: Scaler, value: number): Promise<MetricsAndActivity> => {
    const deadline = Date.now() + (harness.eventuallyMs ?? 0);
    for (;;) {
      const result = await poll(scaler);
      if (result.metrics[0]?.value === value || Date.now() >= deadline) return result;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const thresholds = { target: 5, activation };

  describe(options.title ?? `${definition.type} scaler conformance`, () => {
    beforeAll(async () => {
      await harness.setup?.();
    });
    afterAll(async () => {
      for (const entry of open.splice(0)) await entry.close().catch(() => {});
      await harness.teardown?.();
    });

    it('has a trigger type and a pure parse()', () => {
      expect(typeof definition.type).toBe('string');
      expect(definition.type.length).toBeGreaterThan(0);
      const metadata = harness.metadata(thresholds);
      expect(definition.parse(input(metadata))).toEqual(definition.parse(input(metadata)));
      expect(harness.metadata(thresholds)).toEqual(metadata);
    });

    for (const parameter of harness.requiredParameters) {
      it(`rejects missing "${parameter}" with ScalerConfigError naming it`, () => {
        const metadata = { ...harness.metadata(thresholds) };
        delete metadata[parameter];
        const triggerInput = input(metadata);
        if (triggerInput.authParams) delete triggerInput.authParams[parameter];
        if (triggerInput.resolvedEnv) delete triggerInput.resolvedEnv[parameter];
        const caught = parseError(triggerInput);
        expect(
          ScalerConfigError.isInstance(caught),
          `parse() without "${parameter}" must throw a ScalerConfigError`,
        ).toBe(true);
        expect((caught as ScalerConfigError).parameter).toBe(parameter);
        expect((caught as Error).message).toContain(parameter);
      });
    }

    for (const [parameter, value] of Object.entries(harness.invalidMetadata ?? {})) {
      it(`rejects ${parameter}=${JSON.stringify(value)} with ScalerConfigError naming it`, () => {
        const caught = parseError(input({ ...harness.metadata(thresholds), [parameter]: value }));
        expect(
          ScalerConfigError.isInstance(caught),
          `parse() with ${parameter}="${value}" must throw a ScalerConfigError`,
        ).toBe(true);
        expect((caught as ScalerConfigError).parameter).toBe(parameter);
      });
    }

    it('names its metrics s{triggerIndex}-... (index 0 and 3)', async () => {
      const first = await create(harness.metadata(thresholds), { triggerIndex: 0 });
      const fourth = await create(harness.metadata(thresholds), { triggerIndex: 3 });
      const names0 = first.scaler.getMetricSpecs().map((spec) => spec.metricName);
      const names3 = fourth.scaler.getMetricSpecs().map((spec) => spec.metricName);
      expect(names0.length).toBeGreaterThan(0);
      for (const name of names0) expect(name).toMatch(/^s0-./);
      expect(names3).toEqual(names0.map((name) => name.replace(/^s0-/, 's3-')));
      for (const spec of first.scaler.getMetricSpecs()) {
        expect(['AverageValue', 'Value']).toContain(spec.targetType);
        expect(spec.targetValue).toBe(thresholds.target);
      }
      await first.close();
      await fourth.close();
    });

    it(`reports the backlog the source holds (${backlog})`, async () => {
      await harness.reset();
      await harness.produceBacklog(backlog);
      const { scaler, close } = await create(harness.metadata(thresholds));
      const result = await pollFor(scaler, expected(backlog));
      expect(result.metrics.map((metric) => metric.metricName)).toEqual([scaler.getMetricSpecs()[0]!.metricName]);
      expect(result.metrics[0]!.value).toBe(expected(backlog));
      await close();
    });

    it(`is inactive at the activation threshold (${activation}) and active above it`, async () => {
      await harness.reset();
      const { scaler, close } = await create(harness.metadata(thresholds));
      await harness.produceBacklog(activation);
      const at = await pollFor(scaler, expected(activation));
      expect(at.metrics[0]!.value).toBe(expected(activation));
      expect(at.isActive).toBe(false);
      await harness.produceBacklog(1);
      const above = await pollFor(scaler, expected(activation + 1));
      expect(above.metrics[0]!.value).toBe(expected(activation + 1));
      expect(above.isActive).toBe(true);
      await close();
    });

    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const countResources = () => {
      const counts = new Map<string, number>();
      for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
      return counts;
    };
    const leakedSince = (before: Map<string, number>) =>
      [...countResources()]
        .filter(([type, n]) => n > (before.get(type) ?? 0))
        .map(([type, n]) => `${type} +${n - (before.get(type) ?? 0)}`);

    it('leaves no handles after close(), and close() twice is safe', async () => {
      await settle();
      const before = countResources();
      const { scaler, connections } = await create(harness.metadata(thresholds));
      await poll(scaler);
      await scaler.close();
      await scaler.close();
      open.pop();
      await settle();
      expect(leakedSince(before), 'resources still open after close()').toEqual([]);
      expect(connections.size, 'shared connections still open after close()').toBe(0);
    });

    it('leaves no handles when close() comes while an aborted poll is still running (an autoscaler stopping)', async () => {
      await settle();
      const before = countResources();
      const { scaler, connections } = await create(harness.metadata(thresholds));
      const [spec] = scaler.getMetricSpecs();
      const controller = new AbortController();
      const abandoned = scaler.getMetricsAndActivity(spec!.metricName, { signal: controller.signal }).then(
        () => 'answered',
        () => 'rejected',
      );
      controller.abort();
      await scaler.close();
      open.pop();
      expect(['answered', 'rejected']).toContain(await abandoned);
      await settle();
      expect(leakedSince(before), 'resources still open after close() during a poll').toEqual([]);
      expect(connections.size, 'shared connections still open after close()').toBe(0);
    });

    if (harness.unreachableMetadata) {
      const unreachable = harness.unreachableMetadata;
      it(
        `fails with an error within ${timeoutMs} ms when the source is unreachable`,
        async () => {
          const { scaler, close } = await create(unreachable(thresholds));
          let caught: unknown;
          try {
            await poll(scaler);
          } catch (error) {
            caught = error;
          }
          errors.push(caught);
          await close();
          expect(caught, 'polling an unreachable source must reject').toBeInstanceOf(Error);
          expect((caught as Error).message.length).toBeGreaterThan(0);
        },
        timeoutMs * 2 + 5000,
      );
    }

    it('never shows a secret in an error', () => {
      const secrets = (harness.secrets ?? []).filter((secret) => secret.length > 0);
      const texts = errors.filter((error) => error !== undefined).map((error) => errorText(error));
      for (const secret of secrets) {
        for (const text of texts)
          expect(text.includes(secret), `an error contains the secret "${secret.slice(0, 2)}…"`).toBe(false);
      }
    });
  });
}

export type { VitestApi } from './vitest-api.js';
