import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineScaler, ScalerRegistry, type TriggerInput } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { bridgeClient } from '../../../keda-external/src/test-support.js';
import { main } from '../main.js';
import { recordingIo } from '../test-io.js';
import { authParamsFor, parseAuthParamsFile } from './serve-external.js';

function recordingRegistry() {
  const seen: TriggerInput[] = [];
  const registry = new ScalerRegistry().register(
    defineScaler<TriggerInput>({
      type: 'recording',
      parse: (input) => {
        seen.push(input);
        return input;
      },
      create: () => ({
        getMetricSpecs: () => [{ metricName: 's0-recorded', targetType: 'AverageValue', targetValue: 3 }],
        getMetricsAndActivity: async () => ({ metrics: [{ metricName: 's0-recorded', value: 11 }], isActive: true }),
        close: async () => {},
      }),
    }),
  );
  return { registry, seen };
}

/** The port from the server's "serving" log line. */
async function servedPort(stderr: string[]): Promise<number> {
  await expect
    .poll(() => stderr.some((line) => line.includes('serving KEDA external scaler')), { timeout: 10_000 })
    .toBe(true);
  const line = stderr.find((entry) => entry.includes('serving KEDA external scaler')) as string;
  return (JSON.parse(line) as { port: number }).port;
}

describe('scalerkit serve-external', () => {
  it('serves the registry to a KEDA client with the auth params file, and stops on the signal', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'serve-external-'));
    writeFileSync(
      join(directory, 'auth.json'),
      JSON.stringify({
        '*': { region: 'eu' },
        'team-a/*': { password: 'team-secret' },
        'team-a/orders': { user: 'u1' },
      }),
    );
    const io = recordingIo(directory);
    const { registry, seen } = recordingRegistry();
    const controller = new AbortController();
    const exit = main(
      ['serve-external', '--address', '127.0.0.1:0', '--auth-params', 'auth.json', '--poll-interval', '2s'],
      {
        io,
        registry,
        signal: controller.signal,
      },
    );
    const client = bridgeClient(await servedPort(io.stderr));
    try {
      const ref = { name: 'orders', namespace: 'team-a', scalerMetadata: { scalerType: 'recording', topic: 't' } };
      expect((await client.getMetrics(ref, 'recorded')).metricValues).toEqual([
        { metricName: 'recorded', metricValue: '11', metricValueFloat: 11 },
      ]);
      expect(seen[0]?.authParams).toEqual({ region: 'eu', password: 'team-secret', user: 'u1' });
      expect(await client.healthCheck('')).toEqual({ status: 'SERVING' });
    } finally {
      client.close();
      controller.abort();
    }
    expect(await exit).toBe(0);
    expect(io.stderr.join('\n')).not.toContain('team-secret');
  });

  it('refuses wrong usage with exit code 2 and the option named', async () => {
    const io = recordingIo(tmpdir());
    expect(await main(['serve-external', '--poll-interval', 'soon'], { io })).toBe(2);
    expect(io.stderr[0]).toBe(
      'scalerkit: --poll-interval must be seconds or a duration like 90s, 5m, 1h30m, 500ms, got "soon"',
    );
    const tls = recordingIo(tmpdir());
    expect(await main(['serve-external', '--tls-cert', 'server.pem'], { io: tls })).toBe(2);
    expect(tls.stderr[0]).toBe('scalerkit: --tls-cert and --tls-key go together (the server certificate and its key)');
  });

  it('reads the auth params file strictly, naming the entry and never a value', () => {
    expect(() => parseAuthParamsFile('{"team-a": {"password": "p4ss"}}', 'auth.json')).toThrow(
      '--auth-params auth.json: key "team-a" must be "<namespace>/<name>", "<namespace>/*" or "*"',
    );
    expect(() => parseAuthParamsFile('{"a/b": {"password": 42}}', 'auth.json')).toThrow(
      '--auth-params auth.json: "a/b"."password" must be a string',
    );
    const entries = parseAuthParamsFile('{"*": {"a": "1"}, "ns/*": {"a": "2", "b": "2"}, "ns/x": {"b": "3"}}', 'f');
    expect(authParamsFor(entries, 'ns', 'x')).toEqual({ a: '2', b: '3' });
    expect(authParamsFor(entries, 'other', 'x')).toEqual({ a: '1' });
    expect(authParamsFor(new Map(), 'ns', 'x')).toBeUndefined();
  });
});
