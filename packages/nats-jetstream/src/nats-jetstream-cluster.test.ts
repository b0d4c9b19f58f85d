// The consumer-leader search and cache of KEDA's getNATSJetstreamMonitoringData, request by request.
import { afterEach, describe, expect, it } from 'vitest';
import { closeScalers, type FakeAnswer, fakeMonitoring, fakeScaler, jsz, outcome } from './test-support.js';

afterEach(closeScalers);

const QUERY = 'acc=TEAM_A&config=true&consumers=true';
const jszOf = (host: string) => `http://${host}:8222/jsz?${QUERY}`;
const varzOf = (host: string) => `http://${host}:8222/varz`;
const metadata = {
  natsServerMonitoringEndpoint: 'nats-b:8222',
  account: 'TEAM_A',
  stream: 'orders',
  consumer: 'workers',
  activationLagThreshold: '0',
};

/** Three advertised nodes; each answers /jsz with its own view (pending = `views[node]`) naming `leader`. */
function advertisedCluster(state: { leader: string; views: Record<string, number>; down?: string[] }) {
  const hosts: Record<string, string> = { n1: 'nats-a', n2: 'nats-b', n3: 'nats-c' };
  const routes: Record<string, FakeAnswer | (() => FakeAnswer)> = {};
  const refused = (host: string) =>
    Object.assign(new Error(`connect ECONNREFUSED ${host}:8222`), { code: 'ECONNREFUSED' });
  for (const [name, host] of Object.entries(hosts)) {
    routes[jszOf(host)] = () =>
      state.down?.includes(name)
        ? refused(host)
        : jsz({
            account: 'TEAM_A',
            stream: 'orders',
            clusterSize: 3,
            consumers: [{ name: 'workers', num_pending: state.views[name] ?? 0, leader: state.leader }],
          });
    routes[varzOf(host)] = () =>
      state.down?.includes(name)
        ? refused(host)
        : {
            server_name: name,
            connect_urls: Object.entries(hosts)
              .filter(([other]) => !state.down?.includes(other))
              .map(([, other]) => `${other}:4222`),
            cluster: { urls: [] },
          };
  }
  return fakeMonitoring(routes);
}

describe('clustered server, advertised nodes (connect_urls)', () => {
  it("finds the consumer's leader, reads its view, then asks only the leader", async () => {
    // Followers lag behind: only the leader's count is right.
    const state = { leader: 'n3', views: { n1: 50, n2: 51, n3: 7 } };
    const fake = advertisedCluster(state);
    const scaler = fakeScaler(fake.client, { metadata });
    expect(await outcome(scaler)).toEqual({ value: 7, isActive: true });
    expect(fake.requests).toEqual([
      jszOf('nats-b'),
      varzOf('nats-b'),
      varzOf('nats-a'),
      jszOf('nats-a'),
      varzOf('nats-b'),
      jszOf('nats-b'),
      varzOf('nats-c'),
      jszOf('nats-c'),
    ]);
    fake.requests.length = 0;
    state.views.n3 = 9;
    expect(await outcome(scaler)).toEqual({ value: 9, isActive: true });
    expect(fake.requests).toEqual([jszOf('nats-c')]);
  });

  it('searches again when the cached leader names a new leader (a step-down)', async () => {
    const state = { leader: 'n3', views: { n1: 4, n2: 5, n3: 6 } };
    const fake = advertisedCluster(state);
    const scaler = fakeScaler(fake.client, { metadata });
    expect(await outcome(scaler)).toEqual({ value: 6, isActive: true });
    state.leader = 'n1';
    fake.requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 4, isActive: true });
    expect(fake.requests).toEqual([jszOf('nats-c'), varzOf('nats-b'), varzOf('nats-a'), jszOf('nats-a')]);
    fake.requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 4, isActive: true });
    expect(fake.requests).toEqual([jszOf('nats-a')]);
  });

  it('fails the poll when the cached leader is down, then starts again from the configured server', async () => {
    const state: { leader: string; views: Record<string, number>; down?: string[] } = {
      leader: 'n3',
      views: { n1: 1, n2: 2, n3: 3 },
    };
    const fake = advertisedCluster(state);
    const scaler = fakeScaler(fake.client, { metadata });
    expect(await outcome(scaler)).toEqual({ value: 3, isActive: true });
    state.down = ['n3'];
    state.leader = 'n2';
    expect(await outcome(scaler)).toEqual({
      error:
        'CONNECTION_ERROR: nats-jetstream: consumer "workers" of stream "orders" at http://nats-b:8222 failed: connect ECONNREFUSED nats-c:8222',
    });
    fake.requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 2, isActive: true });
    expect(fake.requests).toEqual([
      jszOf('nats-b'),
      varzOf('nats-b'),
      varzOf('nats-a'),
      jszOf('nats-a'),
      varzOf('nats-b'),
      jszOf('nats-b'),
    ]);
  });

  it('forgets a cached node that no longer has the consumer and searches in the same poll', async () => {
    const state = { leader: 'n3', views: { n1: 1, n2: 2, n3: 3 } };
    const fake = advertisedCluster(state);
    const scaler = fakeScaler(fake.client, { metadata });
    await outcome(scaler);
    // What a real node answers when it holds no replica of the stream any more: the cluster, no account.
    fake.routes[jszOf('nats-c')] = { meta_cluster: { cluster_size: 3 }, account_details: [] };
    state.leader = 'n1';
    fake.requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 1, isActive: true });
    expect(fake.requests).toEqual([jszOf('nats-c'), varzOf('nats-b'), varzOf('nats-a'), jszOf('nats-a')]);
  });

  it('an answer of {} from the cached node reads as a standalone server: one failed poll, then a new search', async () => {
    const state = { leader: 'n3', views: { n1: 1, n2: 2, n3: 3 } };
    const fake = advertisedCluster(state);
    const scaler = fakeScaler(fake.client, { metadata });
    await outcome(scaler);
    fake.routes[jszOf('nats-c')] = {};
    state.leader = 'n1';
    expect(await outcome(scaler)).toEqual({
      error: 'NOT_FOUND: nats-jetstream: stream "orders" not found in account "TEAM_A"',
    });
    fake.requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 1, isActive: true });
    expect(fake.requests).toEqual([jszOf('nats-b'), varzOf('nats-b'), varzOf('nats-a'), jszOf('nats-a')]);
  });
});

describe('clustered server that does not advertise (route URLs)', () => {
  it('reaches node <name> as <name>.<endpoint> and matches it by the route host', async () => {
    const answer = (pending: number) =>
      jsz({
        account: 'TEAM_A',
        stream: 'orders',
        clusterSize: 3,
        consumers: [{ name: 'workers', num_pending: pending, leader: 'nats-1' }],
      });
    const endpoint = 'nats-headless.ns.svc:8222';
    const fake = fakeMonitoring({
      [`http://${endpoint}/jsz?${QUERY}`]: answer(90),
      [`http://${endpoint}/varz`]: {
        server_name: 'nats-2',
        cluster: { urls: ['nats-0.nats-headless.ns.svc:6222', 'nats-1.nats-headless.ns.svc:6222'] },
      },
      [`http://nats-0.${endpoint}/jsz?${QUERY}`]: {},
      [`http://nats-1.${endpoint}/jsz?${QUERY}`]: answer(8),
    });
    const scaler = fakeScaler(fake.client, { metadata: { ...metadata, natsServerMonitoringEndpoint: endpoint } });
    expect(await outcome(scaler)).toEqual({ value: 8, isActive: true });
    expect(fake.requests).toEqual([
      `http://${endpoint}/jsz?${QUERY}`,
      `http://${endpoint}/varz`,
      `http://nats-0.${endpoint}/jsz?${QUERY}`,
      `http://nats-1.${endpoint}/jsz?${QUERY}`,
    ]);
  });
});

describe('standalone server', () => {
  it('makes one request per poll', async () => {
    const url = 'http://127.0.0.1:8222/jsz?acc=%24G&config=true&consumers=true';
    const fake = fakeMonitoring({ [url]: jsz({ stream: 'orders', consumers: [{ name: 'workers', num_pending: 2 }] }) });
    const scaler = fakeScaler(fake.client, {
      metadata: { ...metadata, account: '$G', natsServerMonitoringEndpoint: '127.0.0.1:8222' },
    });
    for (let index = 0; index < 3; index += 1) expect(await outcome(scaler)).toEqual({ value: 2, isActive: true });
    expect(fake.requests).toEqual([url, url, url]);
  });
});
