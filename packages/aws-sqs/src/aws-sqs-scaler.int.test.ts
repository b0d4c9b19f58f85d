// The scaler against the SQS emulator of scripts/services/sqs.sh (fauxqs, counting like AWS). Skips locally
// when it is not running; fails under CI=true.
import { createConnectionCache, type Scaler, type ScalerContext, ScalerError, silentLogger } from '@scalerkit/core';
import { describeWithService } from '@scalerkit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsSqsQueueScaler } from './aws-sqs-scaler.js';
import { closedPort, queueName, SqsAdmin, sqsEndpoint, sqsRegion, testCredentials } from './test-support.js';

function scalerFor(metadata: Record<string, string>, context: Partial<ScalerContext> = {}): Scaler {
  const config = awsSqsQueueScaler.parse({
    metadata: { awsRegion: sqsRegion, awsEndpoint: sqsEndpoint, ...metadata },
    authParams: testCredentials,
  });
  return awsSqsQueueScaler.create(config, {
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    timeoutMs: 3000,
    ...context,
  });
}

/** An error's message, stack, own properties and causes, as text. */
function everything(error: unknown, seen = new Set<unknown>()): string {
  if (error === null || typeof error !== 'object' || seen.has(error)) return String(error);
  seen.add(error);
  const record = error as Record<string, unknown>;
  let text = `${String(record.message)}\n${String(record.stack)}\n`;
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = record[key];
    text += `${key}=${typeof value === 'object' ? everything(value, seen) : String(value)}\n`;
  }
  return text;
}

async function pollOnce(metadata: Record<string, string>) {
  const scaler = scalerFor(metadata);
  try {
    const result = await scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName);
    return { value: result.metrics[0]!.value, isActive: result.isActive };
  } finally {
    await scaler.close();
  }
}

/** Polls until the value is `expected` (the emulator's timers run on each request), for up to `withinMs`. */
async function pollUntil(metadata: Record<string, string>, expected: number, withinMs: number) {
  const started = Date.now();
  let last = await pollOnce(metadata);
  while (last.value !== expected && Date.now() - started < withinMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await pollOnce(metadata);
  }
  return last;
}

describeWithService(
  'sqs',
  sqsEndpoint,
  'aws-sqs-queue scaler against the SQS emulator',
  () => {
    const admin = new SqsAdmin();
    let mixedQueue = '';

    beforeAll(async () => {
      // 5 sent, 2 received and kept in flight for 60 s, 1 sent with a 60 s delay: AWS reports 3 / 2 / 1.
      mixedQueue = await admin.createQueue(queueName('mixed'));
      await admin.send(mixedQueue, 5);
      expect(await admin.receive(mixedQueue, 2, 60)).toBe(2);
      await admin.sendDelayed(mixedQueue, 60);
      expect(await admin.counts(mixedQueue)).toEqual([3, 2, 1]);
    });
    afterAll(() => admin.close());

    // One table: scaleOnInFlight / scaleOnDelayed -> the sum of the requested counts of 3 / 2 / 1.
    const combinations: [Record<string, string>, number][] = [
      [{}, 5],
      [{ scaleOnInFlight: 'true', scaleOnDelayed: 'false' }, 5],
      [{ scaleOnInFlight: 'false' }, 3],
      [{ scaleOnDelayed: 'true' }, 6],
      [{ scaleOnInFlight: 'false', scaleOnDelayed: 'true' }, 4],
    ];
    for (const [flags, expected] of combinations) {
      it(`reports ${expected} for 3 visible / 2 in flight / 1 delayed with ${JSON.stringify(flags)}`, async () => {
        expect(await pollOnce({ queueURL: mixedQueue, ...flags })).toEqual({ value: expected, isActive: true });
      });
    }

    it('follows visibility timeouts and delays as they expire, with nothing else touching the queue', async () => {
      const queue = await admin.createQueue(queueName('expiry'));
      await admin.send(queue, 2);
      expect(await admin.receive(queue, 1, 1)).toBe(1);
      await admin.sendDelayed(queue, 1);
      const visibleOnly = { queueURL: queue, scaleOnInFlight: 'false' };
      const everything = { queueURL: queue, scaleOnDelayed: 'true' };
      expect(await pollOnce(visibleOnly)).toEqual({ value: 1, isActive: true });
      expect(await pollOnce(everything)).toEqual({ value: 3, isActive: true });
      // After about a second the in-flight message and the delayed one are visible: 3 / 0 / 0.
      expect(await pollUntil(visibleOnly, 3, 5000)).toEqual({ value: 3, isActive: true });
      expect(await pollOnce({ queueURL: queue })).toEqual({ value: 3, isActive: true });
    });

    it('is inactive at activationQueueLength and active above it', async () => {
      const queue = await admin.createQueue(queueName('activation'));
      await admin.send(queue, 3);
      const metadata = { queueURL: queue, activationQueueLength: '3' };
      expect(await pollOnce(metadata)).toEqual({ value: 3, isActive: false });
      await admin.send(queue, 1);
      expect(await pollOnce(metadata)).toEqual({ value: 4, isActive: true });
    });

    it('reports an empty queue as 0, inactive', async () => {
      const queue = await admin.createQueue(queueName('empty'));
      expect(await pollOnce({ queueURL: queue })).toEqual({ value: 0, isActive: false });
    });

    it('sends to awsEndpoint, not to the host of the queue URL (useQueueUrlAsEndpoint off, as KEDA)', async () => {
      const name = queueName('elsewhere');
      const queue = await admin.createQueue(name);
      await admin.send(queue, 2);
      // The URL names AWS's regional host; the request must still go to the emulator.
      const awsUrl = `https://sqs.${sqsRegion}.amazonaws.com/000000000000/${name}`;
      expect(await pollOnce({ queueURL: awsUrl })).toEqual({ value: 2, isActive: true });
    });

    it('reports a missing queue as NOT_FOUND naming the queue', async () => {
      const missing = `${sqsEndpoint}/000000000000/${queueName('missing')}`;
      const failure = await pollOnce({ queueURL: missing }).catch((error: unknown) => error);
      expect(ScalerError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringMatching(
          /^aws-sqs-queue: reading queue "missing-[^"]+" at http:\/\/127\.0\.0\.1:\d+ failed: /,
        ),
      });
    });

    it('sends a bare queue name as the QueueUrl, as KEDA does (SQS then finds no such queue)', async () => {
      const name = queueName('bare');
      await admin.createQueue(name);
      await expect(pollOnce({ queueURL: name })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('fails against a wrong endpoint with CONNECTION_ERROR within the timeout', async () => {
      const port = await closedPort();
      const started = Date.now();
      const failure = await pollOnce({
        queueURL: `http://127.0.0.1:${port}/000000000000/q`,
        awsEndpoint: `http://127.0.0.1:${port}`,
      }).catch((error: unknown) => error);
      const elapsed = Date.now() - started;
      expect(failure).toMatchObject({ code: 'CONNECTION_ERROR' });
      expect(elapsed).toBeLessThan(3000);
    });

    it('holds no secret in any failure: message, properties or cause chain', async () => {
      const secrets = {
        awsSecretAccessKey: 'integration-secret-key-value',
        awsSessionToken: 'integration-session-token',
      };
      const authParams = { awsAccessKeyID: 'AKIDINTEGRATION', ...secrets };
      const port = await closedPort();
      const failing = [
        { queueURL: `${sqsEndpoint}/000000000000/${queueName('no-such-queue')}` },
        { queueURL: `http://127.0.0.1:${port}/000000000000/q`, awsEndpoint: `http://127.0.0.1:${port}` },
        { queueURL: 'bare-name-without-queue' },
      ];
      for (const metadata of failing) {
        const config = awsSqsQueueScaler.parse({
          metadata: { awsRegion: sqsRegion, awsEndpoint: sqsEndpoint, ...metadata },
          authParams,
        });
        const scaler = awsSqsQueueScaler.create(config, {
          logger: silentLogger,
          signal: new AbortController().signal,
          connections: createConnectionCache(),
          timeoutMs: 3000,
        });
        const failure = await scaler.getMetricsAndActivity(scaler.getMetricSpecs()[0]!.metricName).then(
          () => undefined,
          (error: unknown) => error,
        );
        await scaler.close();
        expect(failure).toBeInstanceOf(Error);
        const text = everything(failure);
        for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
      }
    });
  },
  { hint: 'run scripts/services/sqs.sh up' },
);
