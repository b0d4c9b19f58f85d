// NATS JetStream, live: the scenarios of packages/nats-jetstream/src/*.int.test.ts, each run through KEDA
// v2.21.0's own nats-jetstream scaler (the oracle) and @scalerkit/nats-jetstream on the same servers
// (scripts/services/nats.sh), interleaved: pending + ack-pending, activation, several accounts, the account from
// the authentication, missing streams and consumers, unreachable endpoints, and on the three-node cluster the
// consumer-leader search, a leader step-down between polls and a consumer no node leads. They must agree on metric
// names, targets, values, activity and acceptance; the only allowed differences are listed in KNOWN_DIFFERENCES.
import { natsJetStreamScaler } from '@scalerkit/nats-jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterNodes,
  eventually,
  JetStreamFixture,
  standalone,
  teams,
  uniqueName,
} from '../../../packages/nats-jetstream/src/nats-test-server.js';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { differences, type Outcome, type RunOptions, runBoth } from '../ts/outcome.js';
import { oracleAndService, startOracle } from './oracle-harness.js';
import { failureDifferences, type LiveReportEntry, pollSummary, printLiveReport } from './service-harness.js';

/**
 * Differences between KEDA v2.21.0 and scalerkit that are known, with why. A case listed here passes while the
 * difference is exactly this; when it disappears the run says so (remove the entry).
 */
export const KNOWN_DIFFERENCES: Record<string, { differences: string[]; why: string }> = {};

const { ready, binary } = await oracleAndService('nats', standalone.url, 'run bash scripts/services/nats.sh up');
const clusterReady =
  ready &&
  (await fetch(`http://${clusterNodes[0].monitoring}/varz`, { signal: AbortSignal.timeout(2000) }).then(
    (response) => response.ok,
    () => false,
  ));

describe.skipIf(!ready)('nats-jetstream: KEDA v2.21.0 and @scalerkit/nats-jetstream agree on live servers', () => {
  let oracle: KedaOracle;
  let app: JetStreamFixture;
  const stream = uniqueName('orders');
  const report: LiveReportEntry[] = [];

  beforeAll(async () => {
    oracle = startOracle(binary!);
    app = await JetStreamFixture.open({ servers: standalone.url });
    await app.createStream(stream, 'workers');
    await app.createConsumer(stream, 'idle');
    // 12 published, 5 fetched and not acknowledged: workers has 7 pending and 5 ack-pending; idle 12 + 0.
    await app.publish(stream, 12);
    expect(await app.fetchWithoutAck(stream, 'workers', 5)).toBe(5);
    expect(await app.counts(stream, 'workers')).toEqual({ pending: 7, ackPending: 5, leader: '' });
  }, 60_000);

  afterAll(async () => {
    await oracle?.stop();
    await app?.deleteStream(stream);
    await app?.close();
    printLiveReport('nats-jetstream live', report);
  });

  /** Runs the trigger on both sides and checks that they agree (or differ exactly as KNOWN_DIFFERENCES says). */
  async function agree(
    label: string,
    metadata: Record<string, string>,
    extra: Partial<OracleTrigger> & RunOptions = {},
  ): Promise<{ keda: Outcome; scalerkit: Outcome }> {
    const { polls, between, timeoutMs, ...trigger } = extra;
    const { keda, scalerkit } = await runBoth(
      oracle,
      natsJetStreamScaler as never,
      { triggerType: 'nats-jetstream', ...trigger, metadata },
      { polls, between, timeoutMs: timeoutMs ?? 5000 },
    );
    const found = [...differences(keda, scalerkit), ...failureDifferences(keda, scalerkit)].map((text) =>
      text.split(stream.toLowerCase()).join('STREAM').split(stream).join('STREAM'),
    );
    report.push({
      name: label,
      differences: found,
      outcome: `KEDA ${keda.stage}${pollSummary(keda)} / scalerkit ${scalerkit.stage}${pollSummary(scalerkit)}`,
    });
    const known = KNOWN_DIFFERENCES[label];
    if (known && found.length === 0)
      console.log(`nats-jetstream live: "${label}" now agrees; remove it from KNOWN_DIFFERENCES`);
    expect(found, `${label}: ${JSON.stringify({ keda, scalerkit })}`).toEqual(
      found.length === 0 ? [] : (known?.differences ?? []),
    );
    return { keda, scalerkit };
  }
  const kedaValues = (outcome: Outcome) => outcome.polls?.map((poll) => poll.values?.[0]?.value ?? poll.error);

  const metadata = (extra: Record<string, string> = {}) => ({
    natsServerMonitoringEndpoint: standalone.monitoring,
    account: 'APP',
    stream,
    consumer: 'workers',
    ...extra,
  });

  it('pending + ack-pending, activation, thresholds, metric type and index', async () => {
    expect(kedaValues((await agree('pending + ack-pending', metadata())).keda)).toEqual([12]);
    await agree('active above the activation threshold', metadata({ activationLagThreshold: '11' }));
    await agree('inactive at the activation threshold', metadata({ activationLagThreshold: '12' }));
    await agree('every message still pending', metadata({ consumer: 'idle' }));
    await agree('lagThreshold 3', metadata({ lagThreshold: '3' }));
    await agree('Value target, trigger 4', metadata(), { metricType: 'Value', triggerIndex: 4 });
    await agree('explicit useHttps false', metadata({ useHttps: 'false' }));
  });

  it('the account: by id, from the authentication, several accounts with the same names', async () => {
    await agree('accountID only', metadata({ account: '', accountID: 'APP' }));
    await agree('account and a different accountID', metadata({ accountID: 'APP', account: 'TEAM_A' }));
    await agree(
      'endpoint and account from authParams',
      { stream, consumer: 'workers' },
      {
        authParams: { natsServerMonitoringEndpoint: standalone.monitoring, account: 'APP' },
      },
    );
    const shared = uniqueName('shared');
    const teamA = await JetStreamFixture.open({ servers: standalone.url, ...teams.TEAM_A });
    const teamB = await JetStreamFixture.open({ servers: standalone.url, ...teams.TEAM_B });
    try {
      await teamA.createStream(shared, 'workers');
      await teamB.createStream(shared, 'workers');
      await teamA.publish(shared, 4);
      await teamA.fetchWithoutAck(shared, 'workers', 1);
      await teamB.publish(shared, 9);
      const base = { ...metadata(), stream: shared };
      expect(kedaValues((await agree('TEAM_A: 3 + 1', { ...base, account: 'TEAM_A' })).keda)).toEqual([4]);
      expect(kedaValues((await agree('TEAM_B: 9 + 0', { ...base, account: 'TEAM_B' })).keda)).toEqual([9]);
      await agree(
        'the authentication account wins',
        { ...base, account: 'TEAM_A' },
        { authParams: { account: 'TEAM_B' } },
      );
      await agree('APP has no such stream', { ...base, account: 'APP' });
    } finally {
      await teamA.deleteStream(shared);
      await teamB.deleteStream(shared);
      await teamA.close();
      await teamB.close();
    }
  });

  it('missing consumer, stream and account; unreachable and wrong endpoints', async () => {
    await agree('missing consumer', metadata({ consumer: 'missing' }));
    await agree('missing stream', metadata({ stream: 'no_such_stream' }));
    await agree('an account the server does not have', metadata({ account: 'NOBODY' }));
    await agree('$G (no JetStream once accounts exist)', metadata({ account: '$G' }));
    await agree('nothing listens', metadata({ natsServerMonitoringEndpoint: '127.0.0.1:1' }), { timeoutMs: 3000 });
    await agree('useHttps against the http port', metadata({ useHttps: 'true' }));
    await agree('the client port instead of monitoring', metadata({ natsServerMonitoringEndpoint: '127.0.0.1:4222' }));
    await agree(
      'an endpoint with a scheme',
      metadata({ natsServerMonitoringEndpoint: `http://${standalone.monitoring}` }),
    );
    await agree('an endpoint with a path', metadata({ natsServerMonitoringEndpoint: `${standalone.monitoring}/jsz` }));
  });

  it('follows the lag across polls: more messages, acknowledgements, a consumer created late', async () => {
    const moving = uniqueName('moving');
    await app.createStream(moving, 'workers');
    try {
      await app.publish(moving, 3);
      const result = await agree(
        'lag over three polls',
        { ...metadata(), stream: moving },
        {
          polls: 3,
          between: async (index) => {
            if (index === 1) await app.publish(moving, 4);
            if (index === 2) await app.reset(moving, 'workers');
          },
        },
      );
      expect(kedaValues(result.keda)).toEqual([3, 7, 0]);
      await agree(
        'a consumer created between polls',
        { ...metadata(), stream: moving, consumer: 'late' },
        {
          polls: 2,
          between: async () => {
            await app.publish(moving, 2);
            await app.createConsumer(moving, 'late');
          },
        },
      );
    } finally {
      await app.deleteStream(moving);
    }
  });

  describe.skipIf(!clusterReady)('three-node cluster', () => {
    const clustered = uniqueName('clustered');
    let team: JetStreamFixture;
    const leader = () =>
      team.counts(clustered, 'workers').then(
        (counts) => counts.leader,
        () => '',
      );
    const node = (name: string) => clusterNodes.find((candidate) => candidate.name === name)!;
    const otherThan = (name: string) => clusterNodes.find((candidate) => candidate.name !== name)!;
    const clusterMetadata = (monitoring: string, extra: Record<string, string> = {}) => ({
      natsServerMonitoringEndpoint: monitoring,
      account: 'TEAM_A',
      stream: clustered,
      consumer: 'workers',
      ...extra,
    });

    beforeAll(async () => {
      team = await JetStreamFixture.open({ servers: clusterNodes.map((entry) => entry.url), ...teams.TEAM_A });
      await team.createStream(clustered, 'workers', 3);
      // 10 published, 4 fetched and not acknowledged: 6 pending + 4 ack-pending.
      await team.publish(clustered, 10);
      expect(await team.fetchWithoutAck(clustered, 'workers', 4)).toBe(4);
      await eventually(
        () => team.counts(clustered, 'workers'),
        (counts) => counts.leader !== '' && counts.pending === 6 && counts.ackPending === 4,
      );
    }, 60_000);

    afterAll(async () => {
      await team?.deleteStream(clustered);
      await team?.close();
    });

    it("finds the consumer's leader from every node, and after a step-down", async () => {
      const current = await eventually(leader, (name) => name !== '');
      for (const entry of clusterNodes) {
        const label = entry.name === current ? 'cluster: asked the leader' : 'cluster: asked a follower';
        const { keda } = await agree(`${label} (${entry.name})`, clusterMetadata(entry.monitoring), { polls: 2 });
        expect(kedaValues(keda)).toEqual([10, 10]);
      }
      await agree('cluster: a leader step-down between polls', clusterMetadata(otherThan(current).monitoring), {
        polls: 3,
        between: async (index) => {
          if (index !== 1) return;
          const before = await leader();
          await team.stepDownConsumerLeader(clustered, 'workers');
          await eventually(leader, (name) => name !== '' && name !== before);
        },
      });
      expect(node(await leader())).toBeDefined();
    }, 60_000);

    it('a consumer no node leads, a stream no node has, another account', async () => {
      const monitoring = clusterNodes[0].monitoring;
      await agree('cluster: missing consumer', clusterMetadata(monitoring, { consumer: 'missing' }));
      await agree('cluster: missing stream', clusterMetadata(monitoring, { stream: 'no_such_stream' }));
      await agree('cluster: TEAM_B does not have the stream', clusterMetadata(monitoring, { account: 'TEAM_B' }));
    });
  });
});
