import {
  createConnectionCache,
  type MetricsAndActivity,
  type Scaler,
  type ScalerContext,
  type ScalerDefinition,
  silentLogger,
  type TriggerInput,
} from '@scalerkit/core';
import { describeFailureChecks } from './conformance-failures.js';
import { trackResources } from './conformance-handles.js';
import type { ConformanceHarness, ConformanceOptions } from './conformance-harness.js';
import { describeParseChecks } from './conformance-parse.js';
import { errorText, type OpenScaler, type SuiteTools } from './conformance-support.js';
import { resolveVitestApi } from './vitest-api.js';

/**
 * The conformance suite every scaler package runs against its real service, and that third-party scaler
 * authors run against theirs. Call it at the top level of a vitest test file.
 *
 * Checks: missing required metadata and invalid values are rejected with `ScalerConfigError.parameter` naming
 * the parameter, and no parse error holds an `authParams` value; metric names are `s{triggerIndex}-...`;
 * `metricType: Value` reaches the metric specs; the metric equals the backlog the harness produced; activity
 * is false at the activation threshold and true above it; `close()` leaves no handles and may be called
 * twice; an aborted poll settles promptly with `ABORTED`; an unreachable source fails within the timeout
 * with a `ScalerError` of stable code; a source that never answers fails with `TIMEOUT` at the host's
 * deadline; no secret appears in any error.
 *
 * The host context it gives the scaler has no `clock`: the scaler's timers run on real time, as the
 * deadline and abort checks measure real time.
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
  const settleMs = options.settleMs ?? 1000;
  const backlog = options.backlog ?? 7;
  const activation = options.activation ?? 3;
  const expected = (n: number) => harness.expectedMetric?.(n) ?? n;
  const thresholds = { target: 5, activation };
  const open: OpenScaler[] = [];

  const input = (metadata: Record<string, string>, extra: Partial<TriggerInput> = {}): TriggerInput => ({
    metadata,
    ...(harness.authParams ? { authParams: { ...harness.authParams } } : {}),
    ...(harness.resolvedEnv ? { resolvedEnv: { ...harness.resolvedEnv } } : {}),
    ...extra,
  });
  const tools: SuiteTools<Config> = {
    it,
    expect,
    definition,
    harness,
    thresholds,
    timeoutMs,
    deadlineMs: options.deadlineMs ?? 500,
    settleMs,
    input,
    errors: [],
    async create(metadata, extra = {}, overrides = {}) {
      const controller = new AbortController();
      const connections = createConnectionCache();
      const config = definition.parse(input(metadata, extra));
      const context: ScalerContext = {
        logger: silentLogger,
        signal: controller.signal,
        connections,
        timeoutMs: overrides.timeoutMs ?? timeoutMs,
      };
      const scaler = definition.create(config, context);
      const entry: OpenScaler = {
        scaler,
        connections,
        close: async () => {
          await scaler.close();
          controller.abort();
        },
      };
      open.push(entry);
      return entry;
    },
    forget(entry) {
      const index = open.indexOf(entry);
      if (index >= 0) open.splice(index, 1);
    },
    poll(scaler) {
      const [spec] = scaler.getMetricSpecs();
      if (!spec) throw new Error(`${definition.type}: getMetricSpecs() returned no metric`);
      return scaler.getMetricsAndActivity(spec.metricName, { signal: AbortSignal.timeout(timeoutMs) });
    },
    skip(name, reason) {
      if (typeof it.skip === 'function') it.skip(`${name} (skipped: ${reason})`, () => {});
    },
  };
  /** Polls until the first metric equals `value` or `eventuallyMs` passes; returns the last result. */
  const pollFor = async (scaler: Scaler, value: number): Promise<MetricsAndActivity> => {
    const deadline = Date.now() + (harness.eventuallyMs ?? 0);
    for (;;) {
      const result = await tools.poll(scaler);
      if (result.metrics[0]?.value === value || Date.now() >= deadline) return result;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  describe(options.title ?? `${definition.type} scaler conformance`, () => {
    beforeAll(async () => {
      await harness.setup?.();
    });
    afterAll(async () => {
      for (const entry of open.splice(0)) await entry.close().catch(() => {});
      await harness.teardown?.();
    });

    describeParseChecks(tools);

    it('names its metrics s{triggerIndex}-... (index 0 and 3)', async () => {
      const first = await tools.create(harness.metadata(thresholds), { triggerIndex: 0 });
      const fourth = await tools.create(harness.metadata(thresholds), { triggerIndex: 3 });
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

    it('honours metricType: Value in its metric specs (AverageValue by default)', async () => {
      const byDefault = await tools.create(harness.metadata(thresholds));
      const asValue = await tools.create(harness.metadata(thresholds), { metricType: 'Value' });
      const defaultTypes = byDefault.scaler.getMetricSpecs().map((spec) => spec.targetType);
      const valueTypes = asValue.scaler.getMetricSpecs().map((spec) => spec.targetType);
      await byDefault.close();
      await asValue.close();
      expect(defaultTypes.length).toBeGreaterThan(0);
      expect(defaultTypes, 'without metricType').toEqual(defaultTypes.map(() => 'AverageValue'));
      expect(valueTypes, 'with metricType: Value').toEqual(defaultTypes.map(() => 'Value'));
    });

    it(`reports the backlog the source holds (${backlog})`, async () => {
      await harness.reset();
      await harness.produceBacklog(backlog);
      const { scaler, close } = await tools.create(harness.metadata(thresholds));
      const result = await pollFor(scaler, expected(backlog));
      expect(result.metrics.map((metric) => metric.metricName)).toEqual([scaler.getMetricSpecs()[0]!.metricName]);
      expect(result.metrics[0]!.value).toBe(expected(backlog));
      await close();
    });

    it(`is inactive at the activation threshold (${activation}) and active above it`, async () => {
      await harness.reset();
      const { scaler, close } = await tools.create(harness.metadata(thresholds));
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

    // The handles checks follow the resources the scaler's own calls created (see trackResources), so
    // timers and sockets of other code running meanwhile neither hide a leak nor count as one.
    it('leaves no handles after close(), and close() twice is safe', async () => {
      const tracker = trackResources();
      try {
        const { connections } = await tracker.run(async () => {
          const entry = await tools.create(harness.metadata(thresholds));
          await tools.poll(entry.scaler);
          await entry.scaler.close();
          await entry.scaler.close();
          tools.forget(entry);
          return entry;
        });
        expect(await tracker.openAfter(settleMs), 'resources still open after close()').toEqual([]);
        expect(connections.size, 'shared connections still open after close()').toBe(0);
      } finally {
        tracker.stop();
      }
    });

    it('leaves no handles when close() comes while an aborted poll is still running (an autoscaler stopping)', async () => {
      const tracker = trackResources();
      try {
        const { connections, abandoned } = await tracker.run(async () => {
          const entry = await tools.create(harness.metadata(thresholds));
          const [spec] = entry.scaler.getMetricSpecs();
          const controller = new AbortController();
          const abandoned = entry.scaler.getMetricsAndActivity(spec!.metricName, { signal: controller.signal }).then(
            () => 'answered',
            () => 'rejected',
          );
          controller.abort();
          await entry.scaler.close();
          tools.forget(entry);
          return { connections: entry.connections, abandoned };
        });
        expect(['answered', 'rejected']).toContain(await abandoned);
        expect(await tracker.openAfter(settleMs), 'resources still open after close() during a poll').toEqual([]);
        expect(connections.size, 'shared connections still open after close()').toBe(0);
      } finally {
        tracker.stop();
      }
    });

    describeFailureChecks(tools);

    it('never shows a secret in an error', () => {
      const secrets = (harness.secrets ?? []).filter((secret) => secret.length > 0);
      const texts = tools.errors.filter((error) => error !== undefined).map((error) => errorText(error));
      for (const secret of secrets) {
        for (const text of texts)
          expect(text.includes(secret), `an error contains the secret "${secret.slice(0, 2)}…"`).toBe(false);
      }
    });
  });
}

export type {
  ConformanceHarness,
  ConformanceOptions,
  ConformanceThresholds,
  SilentAddress,
} from './conformance-harness.js';
export type { VitestApi } from './vitest-api.js';
