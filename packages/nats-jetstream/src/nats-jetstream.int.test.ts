// Against the standalone server of scripts/services/nats.sh (JetStream, monitoring on 127.0.0.1:8222).
import { createServer } from 'node:net';
import { createConnectionCache, ScalerError, silentLogger } from '@scalerkit/core';
import { describeWithService } from '@scalerkit/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { natsJetStreamScaler } from './nats-jetstream-scaler.js';
import {
  closeCreatedScalers,
  JetStreamFixture,
  realScaler,
  standalone,
  teams,
  uniqueName,
} from './nats-test-server.js';
import { outcome } from './test-support.js';

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

describeWithService('nats', standalone.url, 'nats-jetstream scaler against a standalone nats-server', () => {
  const stream = uniqueName('orders');
  let fixture: JetStreamFixture;
  const metadata = (extra: Record<string, string> = {}) => ({
    natsServerMonitoringEndpoint: standalone.monitoring,
    account: 'APP',
    stream,
    consumer: 'workers',
    ...extra,
  });

  beforeAll(async () => {
    fixture = await JetStreamFixture.open({ servers: standalone.url });
    await fixture.createStream(stream, 'workers');
    await fixture.createConsumer(stream, 'idle');
    // 12 published, 5 fetched and not acknowledged: workers has 7 pending and 5 ack-pending.
    await fixture.publish(stream, 12);
    expect(await fixture.fetchWithoutAck(stream, 'workers', 5)).toBe(5);
  });
  afterEach(closeCreatedScalers);
  afterAll(async () => {
    await fixture?.deleteStream(stream);
    await fixture?.close();
  });

  it('reports num_pending + num_ack_pending (7 + 5 = 12), as the server counts them', async () => {
    expect(await fixture.counts(stream, 'workers')).toEqual({ pending: 7, ackPending: 5, leader: '' });
    expect(await outcome(realScaler({ metadata: metadata({ activationLagThreshold: '11' }) }))).toEqual({
      value: 12,
      isActive: true,
    });
  });

  it('is inactive at the activation threshold (lag 12, activationLagThreshold 12)', async () => {
    expect(await outcome(realScaler({ metadata: metadata({ activationLagThreshold: '12' }) }))).toEqual({
      value: 12,
      isActive: false,
    });
  });

  it('reports a consumer that has every message still pending (12 + 0)', async () => {
    expect(await outcome(realScaler({ metadata: metadata({ consumer: 'idle' }) }))).toEqual({
      value: 12,
      isActive: true,
    });
  });

  it('reads the account from the account id too (APP is both in a config-file account)', async () => {
    expect(await outcome(realScaler({ metadata: metadata({ account: '', accountID: 'APP' }) }))).toEqual({
      value: 12,
      isActive: true,
    });
  });

  it('fails for a consumer the stream does not have', async () => {
    expect(await outcome(realScaler({ metadata: metadata({ consumer: 'missing' }) }))).toEqual({
      error: `NOT_FOUND: nats-jetstream: consumer "missing" not found in stream "${stream}"`,
    });
  });

  it('fails for a stream the account does not have', async () => {
    expect(await outcome(realScaler({ metadata: metadata({ stream: 'no_such_stream' }) }))).toEqual({
      error: 'NOT_FOUND: nats-jetstream: stream "no_such_stream" not found in account "APP"',
    });
  });

  it('reads each account apart: the same stream and consumer names in TEAM_A (3 + 1) and TEAM_B (9 + 0)', async () => {
    const shared = uniqueName('shared');
    const teamA = await JetStreamFixture.open({ servers: standalone.url, ...teams.TEAM_A });
    const teamB = await JetStreamFixture.open({ servers: standalone.url, ...teams.TEAM_B });
    try {
      await teamA.createStream(shared, 'workers');
      await teamB.createStream(shared, 'workers');
      await teamA.publish(shared, 4);
      await teamA.fetchWithoutAck(shared, 'workers', 1);
      await teamB.publish(shared, 9);
      const lag = (account: string, authParams: Record<string, string> = {}) =>
        outcome(realScaler({ metadata: { ...metadata({ stream: shared }), account }, authParams }));
      expect(await lag('TEAM_A')).toEqual({ value: 4, isActive: true });
      expect(await lag('TEAM_B')).toEqual({ value: 9, isActive: true });
      // The account from the TriggerAuthentication wins over metadata, as in KEDA.
      expect(await lag('TEAM_A', { account: 'TEAM_B' })).toEqual({ value: 9, isActive: true });
      expect(await lag('APP')).toEqual({
        error: `NOT_FOUND: nats-jetstream: stream "${shared}" not found in account "APP"`,
      });
    } finally {
      await teamA.deleteStream(shared);
      await teamB.deleteStream(shared);
      await teamA.close();
      await teamB.close();
    }
  });

  it('fails within the timeout when the monitoring port is down', async () => {
    const port = await closedPort();
    const started = Date.now();
    const result = await outcome(
      realScaler({ metadata: metadata({ natsServerMonitoringEndpoint: `127.0.0.1:${port}` }) }, 1000),
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toEqual({
      error: `CONNECTION_ERROR: nats-jetstream: GET http://127.0.0.1:${port}/jsz failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });

  it('reports TIMEOUT when the endpoint accepts but never answers', async () => {
    // Reads and never answers (reading lets it see the client's close).
    const silent = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const scaler = realScaler({ metadata: metadata({ natsServerMonitoringEndpoint: `127.0.0.1:${port}` }) }, 300);
      const started = Date.now();
      const error = await scaler
        .getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName)
        .catch((caught) => caught);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(ScalerError.isInstance(error) && error.code).toBe('TIMEOUT');
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('shares one client between 50 triggers on the same endpoint and releases it when the last closes', async () => {
    const connections = createConnectionCache();
    const context = { logger: silentLogger, signal: new AbortController().signal, connections, timeoutMs: 3000 };
    const scalers = Array.from({ length: 50 }, (_, index) =>
      natsJetStreamScaler.create(natsJetStreamScaler.parse({ metadata: metadata(), triggerIndex: index }), context),
    );
    const results = await Promise.all(
      scalers.map((scaler) => scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName)),
    );
    expect(new Set(results.map((result) => result.metrics[0]!.value))).toEqual(new Set([12]));
    expect(connections.size).toBe(1);
    for (const scaler of scalers) await scaler.close();
    expect(connections.size).toBe(0);
  });
});
