import type { Scaler, TriggerInput } from '@scalerkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { NatsMonitoringClient } from './nats-jetstream-client.js';
import { closeScalers, type FakeAnswer, fakeMonitoring, fakeScaler, jsz, outcome } from './test-support.js';

const JSZ = 'http://localhost:8222/jsz?acc=%24G&config=true&consumers=true';
const VARZ = 'http://localhost:8222/varz';
const node = (name: string) => `http://${name}.localhost:8222/jsz?acc=%24G&config=true&consumers=true`;
const goodMetadata = {
  natsServerMonitoringEndpoint: 'localhost:8222',
  account: '$G',
  stream: 'mystream',
  consumer: 'pull_consumer',
  useHttps: 'false',
  activationLagThreshold: '10',
};

afterEach(closeScalers);

function scalerWith(client: NatsMonitoringClient, input: Partial<TriggerInput> = {}): Scaler {
  return fakeScaler(client, { metadata: goodMetadata, ...input });
}

// KEDA's mock server (nats_jetstream_scaler_test.go natsMockHTTPJetStreamServer): /varz names the server
// "leader" and lists three route URLs without connect_urls; node hosts other than leader.localhost answer {}.
const varzNoAdvertise = {
  server_name: 'leader',
  cluster: {
    urls: [
      'leader.localhost.nats.svc:8222',
      'not-leader-1.localhost.nats.svc:8222',
      'not-leader-2.localhost.nats.svc:8222',
    ],
  },
};
function keda(data: unknown): Record<string, FakeAnswer> {
  return {
    [JSZ]: data,
    [VARZ]: varzNoAdvertise,
    [node('leader')]: data,
    [node('not-leader-1')]: {},
    [node('not-leader-2')]: {},
  };
}

describe("KEDA's mock-server scenarios (TestNATSJetStreamIsActive / GetMetrics)", () => {
  const scenarios: [string, Record<string, FakeAnswer>, Record<string, string> | undefined, object][] = [
    [
      'no messages waiting: not active',
      keda(jsz({ consumers: [{ name: 'pull_consumer' }] })),
      undefined,
      { value: 0, isActive: false },
    ],
    [
      'messages waiting: active',
      keda(jsz({ consumers: [{ name: 'pull_consumer', num_pending: 100 }] })),
      undefined,
      { value: 100, isActive: true },
    ],
    [
      'bad consumer name: an error (KEDA #7668 dropped the last_seq fallback)',
      keda(jsz({ lastSeq: 1, consumers: [{ name: 'pull_consumer_bad', num_pending: 100 }] })),
      undefined,
      { error: 'NOT_FOUND: nats-jetstream: consumer "pull_consumer" not found in stream "mystream"' },
    ],
    [
      'non-matching stream name: an error',
      keda(jsz({ stream: 'mystreamBad', lastSeq: 1, consumers: [{ name: 'pull_consumer', num_pending: 100 }] })),
      undefined,
      { error: 'NOT_FOUND: nats-jetstream: stream "mystream" not found in account "$G"' },
    ],
    [
      'unresolvable endpoint: an error',
      {},
      { ...goodMetadata, natsServerMonitoringEndpoint: 'asdf32423fdsafdasdf:8222' },
      {
        error:
          'CONNECTION_ERROR: nats-jetstream: consumer "pull_consumer" of stream "mystream" at http://asdf32423fdsafdasdf:8222 failed: getaddrinfo ENOTFOUND asdf32423fdsafdasdf',
      },
    ],
    [
      'messages waiting, clustered: the leader node is found',
      keda(jsz({ clusterSize: 3, consumers: [{ name: 'pull_consumer', num_pending: 100, leader: 'leader' }] })),
      undefined,
      { value: 100, isActive: true },
    ],
    [
      'clustered, the consumer on no node: an error',
      keda(jsz({ clusterSize: 3 })),
      undefined,
      { error: 'NOT_FOUND: nats-jetstream: leader node not found for consumer pull_consumer' },
    ],
  ];
  for (const [name, routes, metadata, expected] of scenarios) {
    it(name, async () => {
      const { client } = fakeMonitoring(routes);
      expect(await outcome(scalerWith(client, metadata ? { metadata } : {}))).toEqual(expected);
    });
  }
});

describe('lag and activity', () => {
  it('reports num_pending + num_ack_pending (7 + 3 = 10), inactive at the activation threshold 10', async () => {
    const { client } = fakeMonitoring({
      [JSZ]: jsz({ consumers: [{ name: 'pull_consumer', num_pending: 7, num_ack_pending: 3 }] }),
    });
    expect(await outcome(scalerWith(client))).toEqual({ value: 10, isActive: false });
  });

  it('is active one above the threshold', async () => {
    const { client } = fakeMonitoring({
      [JSZ]: jsz({ consumers: [{ name: 'pull_consumer', num_pending: 7, num_ack_pending: 4 }] }),
    });
    expect(await outcome(scalerWith(client))).toEqual({ value: 11, isActive: true });
  });

  it('matches the account by id or by name', async () => {
    const answer = (account: string, id: string, pending: number) =>
      jsz({ account, id, consumers: [{ name: 'pull_consumer', num_pending: pending }] }).account_details[0];
    const routes = (acc: string) => ({
      [`http://localhost:8222/jsz?acc=${acc}&config=true&consumers=true`]: {
        account_details: [answer('OTHER', 'AOTHER', 1), answer('TEAM_A', 'AXYZ', 42)],
      },
    });
    const byName = scalerWith(fakeMonitoring(routes('TEAM_A')).client, {
      metadata: { ...goodMetadata, account: 'TEAM_A' },
    });
    const byId = scalerWith(fakeMonitoring(routes('AXYZ')).client, {
      metadata: { ...goodMetadata, account: '', accountID: 'AXYZ' },
    });
    expect(await outcome(byName)).toEqual({ value: 42, isActive: true });
    expect(await outcome(byId)).toEqual({ value: 42, isActive: true });
  });

  it('reads the answer whatever its HTTP status, as KEDA', async () => {
    const { client } = fakeMonitoring({
      [JSZ]: { status: 500, body: jsz({ consumers: [{ name: 'pull_consumer', num_pending: 4 }] }) },
    });
    expect(await outcome(scalerWith(client))).toEqual({ value: 4, isActive: false });
  });

  it('fails on a body that is not JSON, naming the request and the status', async () => {
    const { client } = fakeMonitoring({ [JSZ]: { status: 404, body: undefined } });
    expect(await outcome(scalerWith(client))).toEqual({
      error:
        'NOT_FOUND: nats-jetstream: consumer "pull_consumer" of stream "mystream" at http://localhost:8222 failed: GET http://localhost:8222/jsz (HTTP 404): /jsz: the answer is not JSON',
    });
  });

  it('classifies a 401 page from a proxy in front of the endpoint as an authentication error', async () => {
    const { client } = fakeMonitoring({ [JSZ]: { status: 401, body: undefined } });
    expect(await outcome(scalerWith(client))).toEqual({
      error:
        'AUTHENTICATION_ERROR: nats-jetstream: consumer "pull_consumer" of stream "mystream" at http://localhost:8222 failed: GET http://localhost:8222/jsz (HTTP 401): /jsz: the answer is not JSON',
    });
  });

  it('finds nothing in a JSON error answer (KEDA never checks the status)', async () => {
    const { client } = fakeMonitoring({ [JSZ]: { status: 401, body: { error: 'unauthorized' } } });
    expect(await outcome(scalerWith(client))).toEqual({
      error: 'NOT_FOUND: nats-jetstream: stream "mystream" not found in account "$G"',
    });
  });

  it('refuses an endpoint with a scheme when polled, without a request', async () => {
    const fake = fakeMonitoring({});
    const scaler = scalerWith(fake.client, {
      metadata: { ...goodMetadata, natsServerMonitoringEndpoint: 'http://nats:8222' },
    });
    expect(await outcome(scaler)).toEqual({
      error:
        'CONFIG_ERROR: nats-jetstream: parameter "natsServerMonitoringEndpoint" must be host[:port] only, without a scheme or a path (e.g. "nats.nats:8222"), got "http://nats:8222"',
    });
    expect(fake.requests).toEqual([]);
  });

  it('reports an error, not the old lag, when a standalone server stops reporting the stream', async () => {
    let answer: unknown = jsz({ consumers: [{ name: 'pull_consumer', num_pending: 12 }] });
    const { client } = fakeMonitoring({ [JSZ]: () => answer });
    const scaler = scalerWith(client);
    expect(await outcome(scaler)).toEqual({ value: 12, isActive: true });
    answer = { account_details: [] };
    expect(await outcome(scaler)).toEqual({
      error: 'NOT_FOUND: nats-jetstream: stream "mystream" not found in account "$G"',
    });
  });
});
