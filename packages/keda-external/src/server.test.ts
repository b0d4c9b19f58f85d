import { credentials, status } from '@grpc/grpc-js';
import {
  defineScaler,
  type Logger,
  type MetricSpec,
  type Scaler,
  ScalerConfigError,
  ScalerRegistry,
  type TriggerInput,
} from '@scalerkit/core';
import {
  FakeClock,
  pushScaler,
  type ScriptedPushScaler,
  scriptedScalerDefinition,
  slowScaler,
} from '@scalerkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createExternalScalerServer, type ExternalScalerServer, type ExternalScalerServerOptions } from './index.js';
import { type BridgeClient, bridgeClient, makeTlsFiles } from './test-support.js';
import type { ScaledObjectRef } from './trigger.js';

const running: { server: ExternalScalerServer; client?: BridgeClient }[] = [];

afterEach(async () => {
  for (const { server, client } of running.splice(0)) {
    client?.close();
    await server.close({ graceMs: 1000 });
  }
});

/** A registry with `scripted` (the testing package's definition) plus whatever the test adds. */
function scriptedRegistry(clock?: FakeClock): ScalerRegistry {
  return new ScalerRegistry().register(scriptedScalerDefinition('scripted', clock ? { clock } : {}));
}

async function start(
  options: ExternalScalerServerOptions,
): Promise<{ server: ExternalScalerServer; client: BridgeClient }> {
  const server = createExternalScalerServer(options);
  const port = await server.listen('127.0.0.1:0');
  const client = bridgeClient(port);
  running.push({ server, client });
  return { server, client };
}

function ref(metadata: Record<string, string>, name = 'orders', namespace = 'team-a'): ScaledObjectRef {
  return { name, namespace, scalerMetadata: { scalerAddress: 'bridge:9090', ...metadata } };
}

/** A definition recording what parse() received and how many scalers it created and closed. */
function recordingDefinition(type = 'recording') {
  const record = { inputs: [] as TriggerInput[], created: 0, closed: 0 };
  const definition = defineScaler<TriggerInput>({
    type,
    parse: (input) => {
      record.inputs.push(input);
      if (input.metadata.threshold === 'bad') {
        throw new ScalerConfigError(`${type}: parameter "threshold" must be a number, got "bad"`, {
          parameter: 'threshold',
        });
      }
      return input;
    },
    create: (input): Scaler => {
      record.created += 1;
      const spec: MetricSpec = { metricName: 's0-recorded', targetType: 'AverageValue', targetValue: 2.5 };
      return {
        getMetricSpecs: () => [spec],
        getMetricsAndActivity: async () => {
          if (input.metadata.failWith)
            throw new Error(`${input.metadata.failWith} (env ${input.resolvedEnv?.passwordFromEnv})`);
          return { metrics: [{ metricName: 's0-recorded', value: 4 }], isActive: true };
        },
        close: async () => {
          record.closed += 1;
        },
      };
    },
  });
  return { definition, record };
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function expectStatus(error: unknown, code: status): { details: string } {
  expect(error).toMatchObject({ code });
  return error as { details: string };
}

describe('GetMetricSpec, GetMetrics and IsActive', () => {
  it('serves the scaler named by scalerType: specs and values under the names KEDA expects (no s0- prefix)', async () => {
    const { client } = await start({ registry: scriptedRegistry() });
    const trigger = ref({ scalerType: 'scripted', value: '7.5', targetValue: '5', metricName: 'jobs' });
    const specs = await client.getMetricSpec(trigger);
    expect(specs.metricSpecs).toEqual([{ metricName: 'jobs', targetSize: '5', targetSizeFloat: 5 }]);
    const metrics = await client.getMetrics(trigger, 'jobs');
    expect(metrics.metricValues).toEqual([{ metricName: 'jobs', metricValue: '8', metricValueFloat: 7.5 }]);
    expect(await client.isActive(trigger)).toEqual({ result: true });
  });

  it('reports an inactive trigger as inactive and a value of 0 as 0', async () => {
    const { client } = await start({ registry: scriptedRegistry(), activityReuseMs: 0 });
    const trigger = ref({ scalerType: 'scripted', value: '0', targetValue: '5' });
    expect((await client.getMetrics(trigger, 'scripted')).metricValues).toEqual([
      { metricName: 'scripted', metricValue: '0', metricValueFloat: 0 },
    ]);
    expect(await client.isActive(trigger)).toEqual({ result: false });
  });

  it('passes the metadata on without scalerType and scalerAddress; a FromEnv key carries the value KEDA resolved', async () => {
    const { definition, record } = recordingDefinition();
    const { client } = await start({ registry: new ScalerRegistry().register(definition) });
    await client.getMetricSpec(
      ref({ scalerType: 'recording', enableTLS: 'false', topic: 'orders', passwordFromEnv: 'hunter2-from-env' }),
    );
    expect(record.inputs).toEqual([
      {
        metadata: { enableTLS: 'false', topic: 'orders', passwordFromEnv: 'passwordFromEnv' },
        authParams: {},
        resolvedEnv: { passwordFromEnv: 'hunter2-from-env' },
        triggerIndex: 0,
      },
    ]);
  });

  it('gives the scaler the authentication parameters the bridge holds for that ScaledObject', async () => {
    const { definition, record } = recordingDefinition();
    const asked: unknown[] = [];
    const { client } = await start({
      registry: new ScalerRegistry().register(definition),
      authParams: (scaledObject) => {
        asked.push(scaledObject);
        return scaledObject.namespace === 'team-a' ? { password: 'bridge-held-secret' } : undefined;
      },
    });
    await client.getMetricSpec(ref({ scalerType: 'recording' }));
    expect(asked).toEqual([{ namespace: 'team-a', name: 'orders', scalerType: 'recording' }]);
    expect(record.inputs[0]?.authParams).toEqual({ password: 'bridge-held-secret' });
  });

  it('answers IsActive right after GetMetrics from the same poll (KEDA asks both for every poll)', async () => {
    const clock = new FakeClock(0);
    const scalers: ScriptedPushScaler[] = [];
    const registry = new ScalerRegistry().register(
      defineScaler({
        type: 'counted',
        parse: () => ({}),
        create: () => {
          const scaler = pushScaler({ value: 3, clock });
          scalers.push(scaler);
          return scaler;
        },
      }),
    );
    const { client } = await start({ registry, clock, activityReuseMs: 2000 });
    const trigger = ref({ scalerType: 'counted' });
    await client.getMetrics(trigger, 'scripted');
    expect(await client.isActive(trigger)).toEqual({ result: true });
    expect(scalers[0]?.callCount).toBe(1);
    // Later (or a second time) IsActive polls on its own.
    await clock.advance(2001);
    await client.isActive(trigger);
    expect(scalers[0]?.callCount).toBe(2);
  });
});

describe('errors', () => {
  it('refuses a ref without scalerType with INVALID_ARGUMENT naming the key', async () => {
    const { client } = await start({ registry: scriptedRegistry() });
    const error = await client.getMetricSpec(ref({ value: '1' })).catch((e: unknown) => e);
    expect(expectStatus(error, status.INVALID_ARGUMENT).details).toBe(
      'keda-external: GetMetricSpec (no scalerType) for team-a/orders: metadata "scalerType" is required: the scalerkit trigger type to serve (kafka, rabbitmq, ...)',
    );
  });

  it('refuses an unregistered scalerType with INVALID_ARGUMENT listing the registered types', async () => {
    const { client } = await start({ registry: scriptedRegistry() });
    const error = await client.isActive(ref({ scalerType: 'no-such-type' })).catch((e: unknown) => e);
    const { details } = expectStatus(error, status.INVALID_ARGUMENT);
    expect(details).toContain('no scaler registered for trigger type "no-such-type"');
    expect(details).toContain('Registered types: scripted.');
  });

  it('maps a rejected trigger to INVALID_ARGUMENT with the parameter named, and builds nothing', async () => {
    const { client, server } = await start({ registry: scriptedRegistry() });
    const error = await client
      .getMetricSpec(ref({ scalerType: 'scripted', targetValue: '-1' }))
      .catch((e: unknown) => e);
    expect(expectStatus(error, status.INVALID_ARGUMENT).details).toBe(
      'keda-external: GetMetricSpec scripted for team-a/orders: scripted: parameter "targetValue" must be a number > 0, got "-1"',
    );
    expect(server.cachedScalers).toBe(0);
  });

  it('maps a failing poll to UNKNOWN with the scaler named', async () => {
    const { client } = await start({ registry: scriptedRegistry() });
    const trigger = ref({ scalerType: 'scripted', targetValue: '1', error: 'broker went away' });
    const error = await client.getMetrics(trigger, 'scripted').catch((e: unknown) => e);
    expect(expectStatus(error, status.UNKNOWN).details).toBe(
      'keda-external: GetMetrics scripted for team-a/orders: scripted trigger 0: broker went away',
    );
  });

  it('never shows a secret (FromEnv value, secret-named metadata, bridge-held authParams) in errors or logs', async () => {
    const { definition } = recordingDefinition();
    const logger = capturingLogger();
    const { client } = await start({
      registry: new ScalerRegistry().register(definition),
      logger,
      authParams: () => ({ saslPassword: 'bridge-sasl-secret' }),
    });
    const secrets = ['env-secret-value', 'metadata-token-value', 'bridge-sasl-secret'];
    const trigger = ref({
      scalerType: 'recording',
      passwordFromEnv: 'env-secret-value',
      token: 'metadata-token-value',
      failWith: 'login refused for metadata-token-value and bridge-sasl-secret',
    });
    const error = await client.getMetrics(trigger, 'recorded').catch((e: unknown) => e);
    const { details } = expectStatus(error, status.UNKNOWN);
    expect(details).toBe(
      'keda-external: GetMetrics recording for team-a/orders: recording trigger 0: login refused for *** and *** (env ***)',
    );
    const rejected = await client
      .getMetricSpec(ref({ scalerType: 'recording', threshold: 'bad', passwordFromEnv: 'env-secret-value' }))
      .catch((e: unknown) => e);
    expectStatus(rejected, status.INVALID_ARGUMENT);
    expect(logger.lines.some((line) => line.includes('GetMetrics failed'))).toBe(true);
    for (const secret of secrets) {
      expect(logger.lines.join('\n')).not.toContain(secret);
      expect(JSON.stringify(rejected)).not.toContain(secret);
    }
  });

  it('honours the call deadline: DEADLINE_EXCEEDED, and the scaler is told to stop', async () => {
    const slow = slowScaler({ delayMs: 60_000, clock: new FakeClock(0) });
    const registry = new ScalerRegistry().register(
      defineScaler({ type: 'slow', parse: () => ({}), create: () => slow }),
    );
    const { client } = await start({ registry });
    const error = await client.getMetrics(ref({ scalerType: 'slow' }), 'scripted', 200).catch((e: unknown) => e);
    expectStatus(error, status.DEADLINE_EXCEEDED);
    await expect.poll(() => slow.inFlight, { timeout: 10_000 }).toBe(0);
    expect(slow.callCount).toBe(1);
  });

  it('refuses bad options with the option named', () => {
    expect(() => createExternalScalerServer({ pollIntervalMs: 0 })).toThrow(
      'createExternalScalerServer: option "pollIntervalMs" must be a number > 0 (ms), got 0',
    );
  });
});

describe('scaler cache', () => {
  it('builds one scaler per ScaledObject and metadata, a new one when either differs', async () => {
    const { definition, record } = recordingDefinition();
    const { client, server } = await start({ registry: new ScalerRegistry().register(definition) });
    const trigger = ref({ scalerType: 'recording', topic: 'a' });
    await client.getMetricSpec(trigger);
    await client.getMetrics(trigger, 'recorded');
    await client.isActive(trigger);
    expect(record.created).toBe(1);
    await client.getMetrics(ref({ scalerType: 'recording', topic: 'b' }), 'recorded');
    await client.getMetrics(ref({ scalerType: 'recording', topic: 'a' }, 'orders', 'team-b'), 'recorded');
    await client.getMetrics(ref({ scalerType: 'recording', topic: 'a' }, 'payments'), 'recorded');
    expect(record.created).toBe(4);
    expect(server.cachedScalers).toBe(4);
  });

  it('closes a scaler not asked for idleTimeoutMs, and builds it again when asked', async () => {
    const clock = new FakeClock(0);
    const { definition, record } = recordingDefinition();
    const { client, server } = await start({
      registry: new ScalerRegistry().register(definition),
      clock,
      idleTimeoutMs: 60_000,
    });
    const trigger = ref({ scalerType: 'recording' });
    await client.getMetrics(trigger, 'recorded');
    await clock.advance(40_000);
    await client.getMetrics(trigger, 'recorded');
    await clock.advance(40_000);
    expect(record.closed).toBe(0);
    await clock.advance(20_000);
    expect(record.closed).toBe(1);
    expect(server.cachedScalers).toBe(0);
    await client.getMetrics(trigger, 'recorded');
    expect(record.created).toBe(2);
  });

  it('closes every scaler when the server closes', async () => {
    const { definition, record } = recordingDefinition();
    const { client, server } = await start({ registry: new ScalerRegistry().register(definition) });
    await client.getMetrics(ref({ scalerType: 'recording', topic: 'a' }), 'recorded');
    await client.getMetrics(ref({ scalerType: 'recording', topic: 'b' }), 'recorded');
    await server.close();
    expect(record.closed).toBe(2);
  });
});

describe('StreamIsActive', () => {
  it('polls a scaler without run every pollIntervalMs and sends each change', async () => {
    const clock = new FakeClock(0);
    const { client, server } = await start({ registry: scriptedRegistry(clock), clock, pollIntervalMs: 10_000 });
    const stream = client.streamIsActive(
      ref({ scalerType: 'scripted', targetValue: '1', series: '0:5,15000:5,25000:0,45000:3' }),
    );
    expect(await stream.next(1)).toEqual([true]);
    await clock.advance(10_000); // still 5: nothing sent
    await clock.advance(20_000); // t=30 s: 0
    expect(await stream.next(2)).toEqual([true, false]);
    await clock.advance(20_000); // t=50 s: 3
    expect(await stream.next(3)).toEqual([true, false, true]);
    expect(server.openStreams).toBe(1);
    stream.cancel();
    await expect.poll(() => server.openStreams, { timeout: 10_000 }).toBe(0);
  });

  it('forwards what a push scaler pushes, and stops its run when KEDA hangs up', async () => {
    const scaler = pushScaler({ value: 0 });
    const registry = new ScalerRegistry().register(
      defineScaler({ type: 'push', parse: () => ({}), create: () => scaler }),
    );
    const { client, server } = await start({ registry });
    const stream = client.streamIsActive(ref({ scalerType: 'push' }));
    expect(await stream.next(1)).toEqual([false]); // the current state, from one poll
    await expect.poll(() => scaler.running, { timeout: 10_000 }).toBe(true);
    scaler.push(true);
    scaler.push(true);
    scaler.push(false);
    expect(await stream.next(4)).toEqual([false, true, true, false]);
    stream.cancel();
    await expect.poll(() => scaler.running, { timeout: 10_000 }).toBe(false);
    expect(server.openStreams).toBe(0);
  });

  it('shares one run among the streams of one scaler', async () => {
    const scaler = pushScaler({ value: 1 });
    const registry = new ScalerRegistry().register(
      defineScaler({ type: 'push', parse: () => ({}), create: () => scaler }),
    );
    const { client } = await start({ registry });
    const first = client.streamIsActive(ref({ scalerType: 'push' }));
    const second = client.streamIsActive(ref({ scalerType: 'push' }));
    await first.next(1);
    await second.next(1);
    scaler.push(false);
    expect(await first.next(2)).toEqual([true, false]);
    expect(await second.next(2)).toEqual([true, false]);
    expect(scaler.runCount).toBe(1);
  });

  it('ends the stream cleanly (end of stream, not an error) when the server closes', async () => {
    const scaler = pushScaler({ value: 1 });
    const registry = new ScalerRegistry().register(
      defineScaler({ type: 'push', parse: () => ({}), create: () => scaler }),
    );
    const { client, server } = await start({ registry });
    const stream = client.streamIsActive(ref({ scalerType: 'push' }));
    await stream.next(1);
    await server.close();
    expect(await stream.ended).toBe('ended');
    expect(scaler.closed).toBe(true);
  });

  it('ends the stream with INVALID_ARGUMENT when the trigger is rejected', async () => {
    const { client } = await start({ registry: scriptedRegistry() });
    const stream = client.streamIsActive(ref({ scalerType: 'scripted' }));
    const ended = await stream.ended;
    expect(ended).toMatchObject({ code: status.INVALID_ARGUMENT });
  });
});

describe('StreamMetricSpec', () => {
  it('sends the specs at once, as GetMetricSpec has them, and ends cleanly when the server closes', async () => {
    const { client, server } = await start({ registry: scriptedRegistry() });
    const trigger = ref({ scalerType: 'scripted', value: '1', targetValue: '2.5', metricName: 'jobs' });
    const stream = client.streamMetricSpec(trigger);
    const [first] = await stream.next(1);
    expect(first).toEqual(await client.getMetricSpec(trigger));
    expect(first).toEqual({ metricSpecs: [{ metricName: 'jobs', targetSize: '3', targetSizeFloat: 2.5 }] });
    expect(server.openStreams).toBe(1);
    await server.close();
    expect(await stream.ended).toBe('ended');
    expect(stream.messages).toHaveLength(1);
  });

  it('keeps its scaler from idling while open, and lets it idle once KEDA hangs up', async () => {
    const clock = new FakeClock(0);
    const { definition, record } = recordingDefinition();
    const { client, server } = await start({
      registry: new ScalerRegistry().register(definition),
      clock,
      idleTimeoutMs: 60_000,
    });
    const stream = client.streamMetricSpec(ref({ scalerType: 'recording' }));
    await stream.next(1);
    await clock.advance(180_000);
    expect(record.closed).toBe(0);
    stream.cancel();
    await expect.poll(() => server.openStreams, { timeout: 10_000 }).toBe(0);
    await clock.advance(60_000);
    expect(record.closed).toBe(1);
  });

  it('ends with INVALID_ARGUMENT when the trigger is rejected', async () => {
    const { client } = await start({ registry: scriptedRegistry() });
    const ended = await client.streamMetricSpec(ref({ scalerType: 'scripted' })).ended;
    expect(ended).toMatchObject({ code: status.INVALID_ARGUMENT });
  });
});

describe('health', () => {
  it('answers SERVING for the server and the external scaler service, NOT_FOUND for others', async () => {
    const { client } = await start({ registry: scriptedRegistry() });
    expect(await client.healthCheck('')).toEqual({ status: 'SERVING' });
    expect(await client.healthCheck('externalscaler.ExternalScaler')).toEqual({ status: 'SERVING' });
    expect(await client.healthCheck('other.Service').catch((e: unknown) => e)).toMatchObject({
      code: status.NOT_FOUND,
    });
  });
});

describe('health Watch', () => {
  it('sends SERVING at once, NOT_SERVING when shutdown begins, then ends the stream', async () => {
    const { client, server } = await start({ registry: scriptedRegistry() });
    const stream = client.healthWatch('');
    const statuses: string[] = [];
    const ended = new Promise<string>((resolve) => {
      stream.on('data', (response: { status: string }) => statuses.push(response.status));
      stream.on('end', () => resolve('ended'));
      stream.on('error', (error: Error) => resolve(error.message));
    });
    await expect.poll(() => statuses, { timeout: 10_000 }).toEqual(['SERVING']);
    await server.close();
    expect(await ended).toBe('ended');
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
  });
});

describe('TLS', () => {
  const tls = makeTlsFiles();
  const trigger = ref({ scalerType: 'scripted', value: '2', targetValue: '1' });

  async function tlsServer(options: ExternalScalerServerOptions['tls']) {
    const server = createExternalScalerServer({ registry: scriptedRegistry(), tls: options });
    const port = await server.listen('127.0.0.1:0');
    running.push({ server });
    return port;
  }

  it('serves over TLS to a client trusting its CA (KEDA caCert), and refuses one that does not', async () => {
    const port = await tlsServer({ cert: tls.serverCert, key: tls.serverKey });
    const trusting = bridgeClient(port, credentials.createSsl(tls.ca));
    const plain = bridgeClient(port);
    const other = bridgeClient(port, credentials.createSsl(tls.otherCa));
    running.push({ server: createExternalScalerServer(), client: trusting });
    try {
      expect(await trusting.isActive(trigger)).toEqual({ result: true });
      expect(await plain.isActive(trigger, 2000).catch((e: unknown) => e)).toMatchObject({ code: status.UNAVAILABLE });
      expect(await other.isActive(trigger, 2000).catch((e: unknown) => e)).toMatchObject({ code: status.UNAVAILABLE });
    } finally {
      plain.close();
      other.close();
    }
  });

  it('with clientCa requires a client certificate signed by it (KEDA tlsClientCert / tlsClientKey)', async () => {
    const port = await tlsServer({ cert: tls.serverCert, key: tls.serverKey, clientCa: tls.ca });
    const mutual = bridgeClient(port, credentials.createSsl(tls.ca, tls.clientKey, tls.clientCert));
    const anonymous = bridgeClient(port, credentials.createSsl(tls.ca));
    try {
      expect(await mutual.isActive(trigger)).toEqual({ result: true });
      expect(await anonymous.isActive(trigger, 2000).catch((e: unknown) => e)).toMatchObject({
        code: status.UNAVAILABLE,
      });
    } finally {
      mutual.close();
      anonymous.close();
    }
  });

  it('refuses requireClientCertificate without clientCa, naming both options', async () => {
    const server = createExternalScalerServer({
      tls: { cert: tls.serverCert, key: tls.serverKey, requireClientCertificate: true },
    });
    await expect(server.listen('127.0.0.1:0')).rejects.toThrow(
      'createExternalScalerServer: option "tls.requireClientCertificate" needs "tls.clientCa"',
    );
    await server.close();
  });
});
