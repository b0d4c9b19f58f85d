import { describe, expect, it } from 'vitest';
import { createConnectionCache } from './connection-cache.js';
import { silentLogger } from './logger.js';
import { completeScalerContext, defineScaler, type ScalerContext } from './types.js';

describe('defineScaler', () => {
  it('hands create() a complete context when called with none or a partial one', () => {
    const seen: ScalerContext[] = [];
    const definition = defineScaler({
      type: 'probe',
      parse: (input) => input,
      create: (_config, context) => {
        seen.push(context);
        return {
          getMetricSpecs: () => [],
          getMetricsAndActivity: async () => ({ metrics: [], isActive: false }),
          close: async () => {},
        };
      },
    });
    definition.create({ metadata: {} }, undefined as unknown as ScalerContext);
    definition.create({ metadata: {} }, { timeoutMs: 1234 } as ScalerContext);
    expect(seen[0]).toMatchObject({ logger: silentLogger });
    expect(seen[0]!.signal.aborted).toBe(false);
    expect(seen[0]!.connections.size).toBe(0);
    expect(seen[1]!.timeoutMs).toBe(1234);
  });
});

describe('completeScalerContext', () => {
  it('returns a complete context as it is, and fills what a partial one lacks', () => {
    const complete: ScalerContext = {
      logger: silentLogger,
      signal: new AbortController().signal,
      connections: createConnectionCache(),
    };
    expect(completeScalerContext(complete)).toBe(complete);
    const connections = createConnectionCache();
    const filled = completeScalerContext({ connections });
    expect(filled.connections).toBe(connections);
    expect(filled.logger).toBe(silentLogger);
  });
});
