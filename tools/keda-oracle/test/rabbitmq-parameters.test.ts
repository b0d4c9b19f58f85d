// RabbitMQ, generated: parameter combinations from `rabbitmqParameters` (one parameter at a time from every
// source, then seeded random mixes), from an AMQP base and from a management API base, each given to KEDA
// v2.21.0's rabbitmq scaler (the oracle) and to @scalerkit/rabbitmq, live against one fixture queue (6 messages in
// `/`, 4 in the test vhost). They must agree on acceptance and, where both accept, on metric specs, value and
// activity. Disagreements are listed with their input in .services/keda-oracle/rabbitmq-parameters-report.json.
import { rabbitmqParameters, rabbitmqScaler } from '@scalerkit/rabbitmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminChannel,
  amqpHost,
  broker,
  eventually,
  management,
  managementHost,
  tlsFile,
} from '../../../packages/rabbitmq/src/test-broker.js';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { type GeneratedTrigger, generateCombinations } from '../ts/parameter-combinations.js';
import { type KnownDisagreement, runGeneratedDifferential } from './generated-differential.js';
import { oracleAndService, runId, startOracle } from './oracle-harness.js';
import { rabbitmqRunOptions } from './rabbitmq-support.js';
import { failureDifferences } from './service-harness.js';

const queue = `diff-params-${runId}`;
const seed = Number(process.env.KEDA_DIFF_SEED ?? 20_261_203);

const FLOATS = [
  '5',
  '0',
  '-3',
  '2.5',
  'abc',
  '',
  ' 7 ',
  '+5',
  '1e3',
  'NaN',
  'Inf',
  '0x10',
  '1_000',
  '2.0004',
  '0.0625',
  '1e20',
];
/** Candidate values beyond what the kinds suggest; QUEUE, VHOST and the CA/cert/key placeholders are filled in. */
const valuesFor: Record<string, readonly string[]> = {
  queueName: ['QUEUE', '', ' QUEUE ', 'QUEUE-missing', '^diff-params-.*$', 'a/b c'],
  mode: [
    'QueueLength',
    'MessageRate',
    'DeliverGetRate',
    'PublishedToDeliveredRatio',
    'ExpectedQueueConsumptionTime',
    'Unknown',
    'queuelength',
    '',
    'bogus',
  ],
  queueLength: FLOATS,
  value: FLOATS,
  activationValue: FLOATS,
  host: [
    'AMQP',
    'HTTP',
    'AMQP_VHOST',
    'HTTP_VHOST',
    'amqp://u:p@127.0.0.1:1/',
    'http://u:p@127.0.0.1:1/',
    '',
    'ftp://127.0.0.1/',
    'amqp://has space@127.0.0.1/',
    'http://[::1',
    'amqp://127.0.0.1:notaport/',
    ' AMQP',
    'AMQP_NOAUTH',
    'HTTP_NOAUTH',
  ],
  protocol: ['amqp', 'http', 'auto', '', 'AMQP', 'bogus'],
  vhostName: ['VHOST', '', '/', 'no-such-vhost'],
  pageSize: ['100', '1', '0', '-1', 'abc', '', '2'],
  operation: ['sum', 'avg', 'max', '', 'bogus', 'SUM'],
  timeout: ['1000', '2s', '0', '-1', 'abc', '', '1.5', '500ms', '3m'],
  username: ['USER', '', 'wrong'],
  password: ['PASSWORD', '', 'wrong'],
  ca: ['CA', 'not pem', ''],
  cert: ['CERT', 'not pem', ''],
  key: ['KEY', 'not pem', ''],
  keyPassword: ['client-key-secret', '', 'wrong'],
  tls: ['enable', 'disable', '', 'ENABLE', 'bogus'],
  workloadIdentityResource: ['https://resource', ''],
  authModes: ['basic', 'tls', 'oauth', 'bearer', 'basic,tls', 'oauth,basic', '', 'bogus', ' basic '],
  oauthTokenURI: ['http://127.0.0.1:1/token', ''],
  scopes: ['a,b', ' a , ,b', ''],
  clientID: ['client', ''],
  clientSecret: ['secret', ''],
  endpointParams: ['audience=x', 'a=b&c=d', '%zz', ''],
};

const baseFor = (host: string) => ({ queueName: 'QUEUE', host });
const combinations = [
  ...generateCombinations(rabbitmqParameters, { base: baseFor('AMQP'), valuesFor, randomCount: 250, seed }).map(
    (trigger) => ({ ...trigger, label: `amqp base: ${trigger.label}` }),
  ),
  ...generateCombinations(rabbitmqParameters, {
    base: baseFor('HTTP'),
    valuesFor,
    randomCount: 250,
    seed: seed + 1,
  }).map((trigger) => ({ ...trigger, label: `http base: ${trigger.label}` })),
];

/**
 * Disagreements found and explained, each matched by its input and its difference; they pass while they stay as
 * described, and the run says when one no longer appears.
 */
const KNOWN_DISAGREEMENTS: KnownDisagreement[] = [];

const { ready, binary } = await oracleAndService(
  'rabbitmq',
  broker.amqpUrl,
  'run bash scripts/services/rabbitmq.sh up',
);

describe.skipIf(!ready)('rabbitmq: KEDA v2.21.0 and @scalerkit/rabbitmq agree on generated parameters', () => {
  let oracle: KedaOracle;
  let admin: Awaited<ReturnType<typeof adminChannel>>;
  let vhostAdmin: Awaited<ReturnType<typeof adminChannel>>;
  let placeholders: Record<string, string>;

  /** Waits until the management API shows `messages` and no publish rate (both sides then read the same). */
  async function settled(vhost: string, messages: number) {
    const read = async () => {
      const info = (await management(`/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}`)) as {
        messages?: number;
        message_stats?: { publish_details?: { rate?: number } };
      };
      return [info.messages, info.message_stats?.publish_details?.rate ?? 0];
    };
    expect(await eventually(read, [messages, 0], 20_000)).toEqual([messages, 0]);
  }

  beforeAll(async () => {
    oracle = startOracle(binary!);
    admin = await adminChannel();
    vhostAdmin = await adminChannel(broker.vhost);
    await admin.queue(queue);
    await admin.publish(queue, 6);
    await vhostAdmin.queue(queue);
    await vhostAdmin.publish(queue, 4);
    await settled('/', 6);
    await settled(broker.vhost, 4);
    placeholders = {
      AMQP_VHOST: amqpHost(broker.vhost),
      HTTP_VHOST: managementHost(broker.vhost),
      AMQP_NOAUTH: amqpHost('', false),
      HTTP_NOAUTH: managementHost('', false),
      AMQP: amqpHost(),
      HTTP: managementHost(),
      QUEUE: queue,
      VHOST: broker.vhost,
      USER: broker.username,
      PASSWORD: broker.password,
      CA: tlsFile('ca.pem'),
      CERT: tlsFile('client.pem'),
      KEY: tlsFile('client.key'),
    };
  }, 60_000);

  afterAll(async () => {
    await oracle?.stop();
    await admin?.channel.deleteQueue(queue).catch(() => undefined);
    await vhostAdmin?.channel.deleteQueue(queue).catch(() => undefined);
    await admin?.close();
    await vhostAdmin?.close();
  });

  /** A value that starts with a placeholder (after spaces) gets the fixture's value in its place. */
  function fill(values: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(values).map(([key, value]) => {
        const match = /^(\s*)([A-Z_]+)(.*)$/s.exec(value);
        const actual = match ? placeholders[match[2]!] : undefined;
        return [key, match && actual !== undefined ? `${match[1]}${actual}${match[3]}` : value];
      }),
    );
  }

  const toOracleTrigger = (trigger: GeneratedTrigger): OracleTrigger => ({
    triggerType: 'rabbitmq',
    metadata: fill(trigger.metadata),
    authParams: fill(trigger.authParams),
    resolvedEnv: fill(trigger.resolvedEnv),
    metricType: trigger.metricType,
    triggerIndex: trigger.triggerIndex,
  });

  it(`agrees on ${combinations.length} combinations`, { timeout: 1_200_000 }, async () => {
    expect(combinations.length).toBeGreaterThanOrEqual(500);
    const secrets = [broker.password, placeholders.KEY!];
    const unexplained = await runGeneratedDifferential({
      name: 'rabbitmq',
      oracle,
      definition: rabbitmqScaler as never,
      triggers: combinations.map((trigger) => ({ label: trigger.label, input: toOracleTrigger(trigger) })),
      known: KNOWN_DISAGREEMENTS,
      mask: (text) =>
        secrets.reduce((result, secret) => result.split(secret).join('***'), text.split(queue).join('QUEUE')),
      runOptions: rabbitmqRunOptions,
      moreDifferences: failureDifferences,
      printed: 60,
    });
    expect(unexplained).toEqual([]);
  });
});
