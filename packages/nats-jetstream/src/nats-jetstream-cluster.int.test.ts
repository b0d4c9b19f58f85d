// Against the three-node cluster of scripts/services/nats.sh (n1 127.0.0.2, n2 127.0.0.3, n3 127.0.0.4, each
// with monitoring on :8222): KEDA's consumer-leader search, its cache, a leader step-down and a leader that stops.
import { createConnectionCache, type Scaler, silentLogger } from '@scalerkit/core';
import { describeWithService } from '@scalerkit/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createNatsMonitoringClient } from './nats-jetstream-client.js';
import { createNatsJetStreamScaler, natsJetStreamScaler } from './nats-jetstream-scaler.js';
import { clusterNodes, eventually, JetStreamFixture, natsService, teams, uniqueName } from './nats-test-server.js';
import { outcome } from './test-support.js';

type Node = (typeof clusterNodes)[number];
const nodeNamed = (name: string): Node => clusterNodes.find((node) => node.name === name)!;
const jszOf = (node: Node) => `http://${node.monitoring}/jsz?acc=TEAM_A&config=true&consumers=true`;
const varzOf = (node: Node) => `http://${node.monitoring}/varz`;

describeWithService('nats cluster', clusterNodes[1].url, 'nats-jetstream scaler against a three-node cluster', () => {
  const stream = uniqueName('clustered');
  let fixture: JetStreamFixture;
  let stopped: string | undefined;
  const scalers: Scaler[] = [];

  /** A scaler configured with `node`'s monitoring endpoint whose every GET is recorded. */
  function recordedScaler(node: Node, consumer = 'workers') {
    const requests: string[] = [];
    const config = natsJetStreamScaler.parse({
      metadata: { natsServerMonitoringEndpoint: node.monitoring, account: 'TEAM_A', stream, consumer },
    });
    const scaler = createNatsJetStreamScaler(
      config,
      {
        logger: silentLogger,
        signal: new AbortController().signal,
        connections: createConnectionCache(),
        timeoutMs: 3000,
      },
      {
        createClient: ({ timeoutMs }) => {
          const client = createNatsMonitoringClient({ timeoutMs });
          return {
            get: (url, signal) => {
              requests.push(url);
              return client.get(url, signal);
            },
          };
        },
      },
    );
    scalers.push(scaler);
    return { scaler, requests };
  }

  // Empty while the cluster elects a leader (the consumer-info API answers 503 meanwhile).
  const leader = () =>
    fixture.counts(stream, 'workers').then(
      (counts) => counts.leader,
      () => '',
    );
  const otherThan = (name: string) => clusterNodes.find((node) => node.name !== name)!;

  beforeAll(async () => {
    fixture = await JetStreamFixture.open({ servers: clusterNodes.map((node) => node.url), ...teams.TEAM_A });
    await fixture.createStream(stream, 'workers', 3);
    // 10 published, 4 fetched and not acknowledged: 6 pending + 4 ack-pending.
    await fixture.publish(stream, 10);
    expect(await fixture.fetchWithoutAck(stream, 'workers', 4)).toBe(4);
  }, 60_000);
  afterEach(async () => {
    for (const scaler of scalers.splice(0)) await scaler.close();
  });
  afterAll(async () => {
    await fixture?.deleteStream(stream);
    await fixture?.close();
    if (stopped) await natsService('up', 'cluster');
  }, 120_000);

  it("finds the consumer's leader through /varz, then asks only the leader", async () => {
    const counts = await eventually(
      () => fixture.counts(stream, 'workers'),
      (value) => value.leader !== '' && value.pending === 6 && value.ackPending === 4,
    );
    const configured = otherThan(counts.leader);
    const { scaler, requests } = recordedScaler(configured);
    expect(await outcome(scaler)).toEqual({ value: 10, isActive: true });
    expect(requests.slice(0, 2)).toEqual([jszOf(configured), varzOf(configured)]);
    expect(requests.at(-1)).toBe(jszOf(nodeNamed(counts.leader)));
    requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 10, isActive: true });
    expect(requests).toEqual([jszOf(nodeNamed(counts.leader))]);
  });

  it('searches again after a consumer-leader step-down, and keeps the lag', async () => {
    const before = await eventually(leader, (name) => name !== '');
    const configured = otherThan(before);
    const { scaler, requests } = recordedScaler(configured);
    expect(await outcome(scaler)).toEqual({ value: 10, isActive: true });
    await fixture.stepDownConsumerLeader(stream, 'workers');
    const after = await eventually(leader, (name) => name !== '' && name !== before);
    expect(after).not.toBe(before);
    requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 10, isActive: true });
    // The old leader names the new one: the search starts again from the configured server.
    expect(requests.slice(0, 2)).toEqual([jszOf(nodeNamed(before)), varzOf(configured)]);
    expect(requests.at(-1)).toBe(jszOf(nodeNamed(after)));
    requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 10, isActive: true });
    expect(requests).toEqual([jszOf(nodeNamed(after))]);
  }, 30_000);

  it('fails for a consumer no node has', async () => {
    const { scaler } = recordedScaler(clusterNodes[0], 'missing');
    expect(await outcome(scaler)).toEqual({
      error: 'NOT_FOUND: nats-jetstream: leader node not found for consumer missing',
    });
  });

  it('fails one poll when the leader stops, then finds the new leader', async () => {
    const before = await eventually(leader, (name) => name !== '');
    const configured = otherThan(before);
    const { scaler, requests } = recordedScaler(configured);
    expect(await outcome(scaler)).toEqual({ value: 10, isActive: true });
    stopped = before;
    await natsService('stop-node', before);
    const failed = await outcome(scaler);
    expect(failed).toEqual({
      error: `CONNECTION_ERROR: nats-jetstream: GET http://${nodeNamed(before).monitoring}/jsz failed: connect ECONNREFUSED ${nodeNamed(before).monitoring}`,
    });
    // The cluster elects a new consumer leader; the scaler starts again from the configured server.
    const recovered = await eventually(
      () => outcome(scaler),
      (result) => 'value' in result,
      30_000,
    );
    expect(recovered).toEqual({ value: 10, isActive: true });
    // From then on one request per poll, to the leader found (cached), which is not the stopped server. (The
    // fixture's own client may still be reconnecting away from the stopped server, so the scaler's requests say
    // where the new leader is.)
    requests.length = 0;
    expect(await outcome(scaler)).toEqual({ value: 10, isActive: true });
    expect(requests).toHaveLength(1);
    expect(requests[0]).not.toBe(jszOf(nodeNamed(before)));
    expect(clusterNodes.filter((node) => node.name !== before).map(jszOf)).toContain(requests[0]);
  }, 60_000);
});
