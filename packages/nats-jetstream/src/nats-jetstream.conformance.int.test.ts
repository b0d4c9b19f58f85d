// The shared scaler conformance suite (@scalerkit/testing) against the standalone server of
// scripts/services/nats.sh. Skips locally when the server is not reachable; fails under CI=true.
import { createServer } from 'node:net';
import { describeScalerConformance, requireService } from '@scalerkit/testing';
import { it } from 'vitest';
import { natsJetStreamScaler } from './nats-jetstream-scaler.js';
import { JetStreamFixture, standalone, uniqueName } from './nats-test-server.js';

const status = await requireService('nats', standalone.url, { hint: 'run scripts/services/nats.sh up' });

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}
const unreachablePort = status.reachable ? await closedPort() : 1;

const stream = uniqueName('conformance');
const consumer = 'workers';
let fixture: JetStreamFixture | undefined;

if (status.reachable) {
  describeScalerConformance(natsJetStreamScaler, {
    metadata: ({ target, activation }) => ({
      natsServerMonitoringEndpoint: standalone.monitoring,
      stream,
      consumer,
      lagThreshold: String(target),
      activationLagThreshold: String(activation),
    }),
    // The account from the TriggerAuthentication, as KEDA reads it (authParams before metadata).
    authParams: { account: 'APP' },
    requiredParameters: ['natsServerMonitoringEndpoint', 'account', 'stream', 'consumer'],
    invalidMetadata: { lagThreshold: '1.5', activationLagThreshold: 'ten', useHttps: 'yes' },
    async setup() {
      fixture = await JetStreamFixture.open({ servers: standalone.url });
      await fixture.createStream(stream, consumer);
    },
    async teardown() {
      await fixture?.deleteStream(stream);
      await fixture?.close();
    },
    reset: () => fixture!.reset(stream, consumer),
    produceBacklog: (count) => fixture!.publish(stream, count),
    unreachableMetadata: ({ target }) => ({
      natsServerMonitoringEndpoint: `127.0.0.1:${unreachablePort}`,
      stream,
      consumer,
      lagThreshold: String(target),
    }),
    silentMetadata: ({ target, address }) => ({
      natsServerMonitoringEndpoint: `${address.host}:${address.port}`,
      stream,
      consumer,
      lagThreshold: String(target),
    }),
  });
} else {
  it.skip(status.reason ?? 'nats not reachable', () => {});
}
