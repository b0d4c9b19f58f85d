// The bridge (@scalerkit/keda-external) driven by KEDA v2.21.0's own external-scaler client (the oracle's
// `external` and `external-push` triggers), serving @scalerkit/testing's scripted scalers: values, activity,
// metric names after KEDA's `s{index}-` renaming, refusals, secrets, push activity through Run, TLS and mTLS.
import { defineScaler, ScalerRegistry } from '@scalerkit/core';
import { pushScaler, type ScriptedPushScaler, scriptedScalerDefinition } from '@scalerkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTlsFiles } from '../../../packages/keda-external/src/test-support.js';
import type { KedaOracle, OracleMetricSpec, OracleTrigger } from '../ts/keda-oracle.js';
import { differences } from '../ts/outcome.js';
import { BRIDGE_NAMESPACE, type Bridge, runThroughBridge, startBridge } from './external-support.js';
import { oracleOnly, startOracle } from './oracle-harness.js';

const { ready, binary } = await oracleOnly();

const scripted = scriptedScalerDefinition();

describe.skipIf(!ready)('the bridge driven by KEDA v2.21.0 external-scaler client', () => {
  let oracle: KedaOracle;
  let bridge: Bridge;
  const pushed: ScriptedPushScaler[] = [];

  beforeAll(async () => {
    oracle = startOracle(binary!);
    const registry = new ScalerRegistry().register(scripted).register(
      defineScaler({
        type: 'scripted-push',
        parse: (input) => ({ value: Number(input.metadata.value ?? '0') }),
        create: (config) => {
          const scaler = pushScaler({ value: config.value, metricName: 'pushed', targetValue: 1 });
          pushed.push(scaler);
          return scaler;
        },
      }),
    );
    bridge = await startBridge(registry, { pollIntervalMs: 200 });
  });

  afterAll(async () => {
    await oracle?.stop();
    await bridge?.close();
  });

  const cases: [string, Partial<OracleTrigger> & { metadata: Record<string, string> }][] = [
    ['fractional value, active', { metadata: { value: '7.5', targetValue: '5', metricName: 'jobs' } }],
    ['zero, inactive', { metadata: { value: '0', targetValue: '5' } }],
    ['below the activation value', { metadata: { value: '3', targetValue: '2', activationValue: '5' } }],
    ['Value target, trigger 3', { metadata: { value: '12', targetValue: '4' }, metricType: 'Value', triggerIndex: 3 }],
    ['a metric name KEDA-normalised', { metadata: { value: '1', targetValue: '1', metricName: 'Queue.Length/eu' } }],
    ['large and tiny values', { metadata: { value: '1000000000', targetValue: '0.001' } }],
    ['thousandths', { metadata: { value: '0.001', targetValue: '0.5' } }],
    ['negative value', { metadata: { value: '-4', targetValue: '1' } }],
    ['every poll fails', { metadata: { targetValue: '1', error: 'queue is gone' } }],
    ['rejected: no targetValue', { metadata: { value: '1' } }],
    ['rejected: bad targetValue', { metadata: { value: '1', targetValue: 'ten' } }],
  ];

  it.each(cases)('%s: KEDA gets through the bridge what the scaler reports directly', async (_label, trigger) => {
    const { keda, direct } = await runThroughBridge(oracle, bridge, scripted as never, {
      triggerType: 'scripted',
      ...trigger,
    });
    expect(differences(keda, direct), JSON.stringify({ keda, direct })).toEqual([]);
    if (direct.stage === 'ok' && direct.polls?.[0]?.error === undefined) {
      expect(keda.metricSpecs?.[0]?.metricName).toMatch(new RegExp(`^s${trigger.triggerIndex ?? 0}-`));
    }
  });

  it('compares several polls of one scaler the same way', async () => {
    const { keda, direct } = await runThroughBridge(
      oracle,
      bridge,
      scripted as never,
      { triggerType: 'scripted', metadata: { value: '9', targetValue: '2' }, triggerIndex: 1 },
      { polls: 3 },
    );
    expect(keda.polls).toHaveLength(3);
    expect(differences(keda, direct)).toEqual([]);
  });

  it('KEDA sees a refused trigger as a failed poll with InvalidArgument and the parameter named', async () => {
    const { keda } = await runThroughBridge(oracle, bridge, scripted as never, {
      triggerType: 'scripted',
      metadata: { value: '1', targetValue: '-2' },
    });
    expect(keda.stage).toBe('rejected');
    expect(keda.error).toContain('code = InvalidArgument');
    expect(keda.error).toContain('parameter "targetValue" must be a number > 0, got "-2"');
  });

  it('a secret KEDA resolved for a FromEnv key never comes back in an error', async () => {
    const handle = 'secret';
    await oracle.create(handle, {
      triggerType: 'external',
      metadata: {
        scalerAddress: bridge.address,
        scalerType: 'scripted',
        targetValue: '1',
        passwordFromEnv: 'DB_PASSWORD',
        error: 'login refused for s3cr3t-from-the-env',
      },
      resolvedEnv: { DB_PASSWORD: 's3cr3t-from-the-env' },
      scalableObjectName: 'secret',
      scalableObjectNamespace: BRIDGE_NAMESPACE,
    });
    const [poll] = (await oracle.poll(handle, 1)).polls ?? [];
    await oracle.close(handle);
    expect(poll?.error).toContain('login refused for ***');
    expect(poll?.error).not.toContain('s3cr3t-from-the-env');
  });

  it('external-push: KEDA Run receives the current state, then every push; its cancel ends the stream', async () => {
    const handle = 'push';
    const created = await oracle.create(handle, {
      triggerType: 'external-push',
      metadata: { scalerAddress: bridge.address, scalerType: 'scripted-push', value: '0' },
      scalableObjectName: 'push',
      scalableObjectNamespace: BRIDGE_NAMESPACE,
    });
    expect(created.metricSpecs?.map((spec) => spec.name)).toEqual(['s0-pushed']);
    expect((await oracle.run(handle)).error).toBeUndefined();
    const specUpdates: OracleMetricSpec[][] = [];
    const activity = async (count: number) => {
      const answer = await oracle.activity(handle, count);
      specUpdates.push(...(answer.metricSpecUpdates ?? []));
      return answer.activity?.map((value) => value.active);
    };
    expect(await activity(1)).toEqual([false]);
    const scaler = pushed.at(-1)!;
    await expect.poll(() => scaler.running, { timeout: 10_000 }).toBe(true);
    scaler.push(true);
    expect(await activity(1)).toEqual([true]);
    scaler.push(false);
    scaler.push(true);
    expect(await activity(2)).toEqual([false, true]);
    expect(bridge.server.openStreams).toBe(2); // StreamIsActive and StreamMetricSpec
    const stopped = await oracle.stopRun(handle);
    expect(stopped.closed).toBe(true);
    // StreamMetricSpec (KEDA's MetricSpecChan): the specs once, as GetMetricSpec gave them.
    specUpdates.push(...(stopped.metricSpecUpdates ?? []));
    expect(specUpdates.map((specs) => specs.map((spec) => [spec.name, spec.targetValue?.milli]))).toEqual([
      [['s0-pushed', 1000]],
    ]);
    await expect.poll(() => bridge.server.openStreams, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => scaler.running, { timeout: 10_000 }).toBe(false);
    await oracle.close(handle);
  });

  it('external-push on a polled scaler: activity changes reach KEDA at the bridge poll interval', async () => {
    const handle = 'push-polled';
    await oracle.create(handle, {
      triggerType: 'external-push',
      metadata: { scalerAddress: bridge.address, scalerType: 'scripted', value: '0', targetValue: '1', series: '0:0' },
      scalableObjectName: 'push-polled',
      scalableObjectNamespace: BRIDGE_NAMESPACE,
    });
    await oracle.run(handle);
    expect((await oracle.activity(handle, 1)).activity?.map((value) => value.active)).toEqual([false]);
    const stopped = await oracle.stopRun(handle);
    expect(stopped.closed).toBe(true);
    await oracle.close(handle);
  });

  it('external-push: after a bridge shutdown ends its stream, KEDA Run reconnects to the next bridge on the address', async () => {
    const registry = new ScalerRegistry().register(scripted);
    const first = await startBridge(registry);
    const handle = 'push-restart';
    await oracle.create(handle, {
      triggerType: 'external-push',
      metadata: { scalerAddress: first.address, scalerType: 'scripted', value: '4', targetValue: '1' },
      scalableObjectName: handle,
      scalableObjectNamespace: BRIDGE_NAMESPACE,
    });
    await oracle.run(handle);
    expect((await oracle.activity(handle, 1)).activity?.map((value) => value.active)).toEqual([true]);
    await first.close();
    // Run goes on after the stream ends, and opens a new one 2 s later (KEDA's retry).
    const port = first.address.split(':')[1];
    const again = await startBridge(registry, {}, `127.0.0.1:${port}`);
    try {
      const answer = await oracle.activity(handle, 1, 15_000);
      expect(answer.closed).toBe(false);
      expect(answer.activity?.map((value) => value.active)).toEqual([true]);
      expect(again.server.openStreams).toBeGreaterThanOrEqual(1);
      await oracle.stopRun(handle);
      await oracle.close(handle);
    } finally {
      await again.close();
    }
  });

  describe('TLS as KEDA offers it (caCert, tlsClientCert, tlsClientKey)', () => {
    const tls = makeTlsFiles();
    let secure: Bridge;

    beforeAll(async () => {
      secure = await startBridge(new ScalerRegistry().register(scripted), {
        tls: { cert: tls.serverCert, key: tls.serverKey, clientCa: tls.ca },
      });
    });
    afterAll(() => secure?.close());

    async function pollWith(authParams: Record<string, string>, label: string) {
      const handle = `tls-${label}`;
      await oracle.create(handle, {
        triggerType: 'external',
        metadata: { scalerAddress: secure.address, scalerType: 'scripted', value: '6', targetValue: '2' },
        authParams,
        scalableObjectName: handle,
        scalableObjectNamespace: BRIDGE_NAMESPACE,
      });
      const [poll] = (await oracle.poll(handle, 1, 's0-scripted')).polls ?? [];
      await oracle.close(handle);
      return poll;
    }

    it('mutual TLS: KEDA with caCert and a client certificate gets the values', async () => {
      const poll = await pollWith(
        { caCert: tls.ca.toString(), tlsClientCert: tls.clientCert.toString(), tlsClientKey: tls.clientKey.toString() },
        'mutual',
      );
      expect(poll?.error).toBeNull();
      expect(poll?.values.map((value) => value.value.milli)).toEqual([6000]);
      expect(poll?.active).toBe(true);
    });

    it('KEDA without a client certificate, or trusting another CA, is refused', async () => {
      expect((await pollWith({ caCert: tls.ca.toString() }, 'no-client-cert'))?.error).not.toBeNull();
      expect(
        (
          await pollWith(
            {
              caCert: tls.otherCa.toString(),
              tlsClientCert: tls.clientCert.toString(),
              tlsClientKey: tls.clientKey.toString(),
            },
            'other-ca',
          )
        )?.error,
      ).not.toBeNull();
    });
  });
});
