// Clients are shared: triggers with the same region, endpoint and identity go through one SDK client. Counted
// with a TCP relay in front of the emulator of scripts/services/sqs.sh.
import { connect, createServer, type Server } from 'node:net';
import { createConnectionCache, type Scaler, silentLogger } from '@scalerkit/core';
import { describeWithService } from '@scalerkit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsSqsQueueScaler } from './aws-sqs-scaler.js';
import { queueName, SqsAdmin, sqsEndpoint, sqsRegion, testCredentials } from './test-support.js';

interface Relay {
  endpoint: string;
  /** Connections the relay accepted so far. */
  accepted(): number;
  /** Connections still open. */
  open(): number;
  close(): Promise<void>;
}

async function startRelay(target: URL): Promise<Relay> {
  let accepted = 0;
  const live = new Set<import('node:net').Socket>();
  const server: Server = createServer((client) => {
    accepted += 1;
    live.add(client);
    const upstream = connect(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    const end = () => {
      live.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    open: () => live.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of live) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describeWithService(
  'sqs',
  sqsEndpoint,
  'aws-sqs-queue scaler: shared clients',
  () => {
    const admin = new SqsAdmin();
    let relay: Relay;
    let queueUrl = '';
    beforeAll(async () => {
      relay = await startRelay(new URL(sqsEndpoint));
      queueUrl = await admin.createQueue(queueName('shared'));
      await admin.send(queueUrl, 2);
    });
    afterAll(async () => {
      await relay.close();
      await admin.close();
    });

    function fiftyTriggers(): Scaler[] {
      const connections = createConnectionCache();
      return Array.from({ length: 50 }, (_, triggerIndex) =>
        awsSqsQueueScaler.create(
          awsSqsQueueScaler.parse({
            metadata: { queueURL: queueUrl, awsRegion: sqsRegion, awsEndpoint: relay.endpoint },
            authParams: testCredentials,
            triggerIndex,
          }),
          { logger: silentLogger, signal: new AbortController().signal, connections, timeoutMs: 3000 },
        ),
      );
    }

    it('50 triggers polled one after another open one connection, and close() leaves none open', async () => {
      const before = relay.accepted();
      const scalers = fiftyTriggers();
      for (const scaler of scalers) {
        const result = await scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName);
        expect(result.metrics[0]!.value).toBe(2);
      }
      expect(relay.accepted() - before).toBe(1);
      await Promise.all(scalers.map((scaler) => scaler.close()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(relay.open()).toBe(0);
    });

    it('50 triggers polled all at once share one client: connections stay at most the concurrent requests, reused afterwards', async () => {
      const before = relay.accepted();
      const scalers = fiftyTriggers();
      const poll = () =>
        Promise.all(scalers.map((scaler) => scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName)));
      await poll();
      const firstBurst = relay.accepted() - before;
      await poll();
      const secondBurst = relay.accepted() - before - firstBurst;
      console.info(
        `aws-sqs: 50 concurrent polls opened ${firstBurst} connection(s); a second burst opened ${secondBurst} more`,
      );
      expect(firstBurst).toBeGreaterThanOrEqual(1);
      expect(firstBurst).toBeLessThanOrEqual(50);
      expect(secondBurst).toBe(0);
      await Promise.all(scalers.map((scaler) => scaler.close()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(relay.open()).toBe(0);
    });
  },
  { hint: 'run scripts/services/sqs.sh up' },
);
