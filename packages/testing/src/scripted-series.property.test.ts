import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';
import { type ScriptStep, scriptedScaler, valueAt } from './scripted-scalers.js';

describe('scriptedScaler: the value at a time (property)', () => {
  it('reports what valueAt says for any series (any order, equal times, NaN times) at any time', async () => {
    const at = fc.oneof(fc.integer({ min: -5, max: 40 }), fc.constantFrom(Number.NaN, Number.NEGATIVE_INFINITY));
    const step = fc.oneof(
      fc.record({ at, value: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ at, error: fc.constantFrom('down', 'timeout') }),
    ) as fc.Arbitrary<ScriptStep>;
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 45 }), { maxLength: 6 }),
        async (series, times) => {
          const clock = new FakeClock();
          const scaler = scriptedScaler({ series, clock, targetValue: 1 });
          const metricName = scaler.getMetricSpecs()[0]!.metricName;
          for (const time of [...times].sort((a, b) => a - b)) {
            await clock.advanceTo(time);
            const expected = valueAt(series, time);
            const got = await scaler.getMetricsAndActivity(metricName).then(
              (result) => ({ value: result.metrics[0]!.value }),
              (error: Error) => ({ error: error.message }),
            );
            expect(got).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
