import { createConnectionCache, ScalerConfigError, silentLogger, type TriggerInput } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { parseNatsJetStreamParameters } from './nats-jetstream-parameters.js';
import { natsJetStreamScaler } from './nats-jetstream-scaler.js';

const good = {
  natsServerMonitoringEndpoint: 'localhost:8222',
  account: '$G',
  stream: 'mystream',
  consumer: 'pull_consumer',
};

/** `true`: accepted; a string: rejected with `ScalerConfigError.parameter` equal to it. */
type Outcome = true | string;

// KEDA v2.21.0 pkg/scalers/nats_jetstream_scaler_test.go testNATSJetStreamMetadata, in its order, then the
// typed-config rules (scalersconfig/typed_config.go) that apply to these parameters.
const cases: [name: string, metadata: Record<string, string>, authParams: Record<string, string>, outcome: Outcome][] =
  [
    ['all good localhost', { ...good, accountID: '$G', useHttps: 'false' }, {}, true],
    ['all good url', { ...good, natsServerMonitoringEndpoint: 'nats.nats:8222', useHttps: 'true' }, {}, true],
    ['an unknown key (leaderOnly) is ignored', { ...good, leaderOnly: 'true' }, {}, true],
    ['accountID without account', { ...good, account: '', accountID: '$G' }, {}, true],
    ['nothing passed', {}, {}, 'stream'],
    ['no account name nor id', { ...good, account: '' }, {}, 'account'],
    ['no stream', { ...good, stream: '' }, {}, 'stream'],
    ['no consumer', { ...good, consumer: '' }, {}, 'consumer'],
    ['no endpoint', { account: '$G', stream: 'mystream' }, {}, 'consumer'],
    ['activationLagThreshold', { ...good, activationLagThreshold: '10' }, {}, true],
    ['activationLagThreshold not a number', { ...good, activationLagThreshold: 'Y' }, {}, 'activationLagThreshold'],
    ['endpoint from authParams', { ...good, natsServerMonitoringEndpoint: '' }, good, true],
    [
      'endpoint empty in authParams and absent from metadata',
      { account: '$G', stream: 'mystream', consumer: 'pull_consumer' },
      { natsServerMonitoringEndpoint: '' },
      'natsServerMonitoringEndpoint',
    ],
    ['useHttps not a boolean', { ...good, useHttps: 'error' }, {}, 'useHttps'],
    ['lagThreshold', { ...good, lagThreshold: '6' }, {}, true],
    ['lagThreshold not a number', { ...good, lagThreshold: 'Y' }, {}, 'lagThreshold'],
    [
      'account from authParams',
      { stream: 'mystream', consumer: 'pull_consumer' },
      { account: '$G', natsServerMonitoringEndpoint: 'nats.nats:8222' },
      true,
    ],
    [
      'no account anywhere',
      { stream: 'mystream', consumer: 'pull_consumer' },
      { natsServerMonitoringEndpoint: 'nats.nats:8222' },
      'account',
    ],
    // Numbers are JSON integers, booleans Go's ParseBool spellings, values trimmed, empty is absent.
    ['lagThreshold negative is accepted (no range check)', { ...good, lagThreshold: '-3' }, {}, true],
    ['lagThreshold 0 is accepted', { ...good, lagThreshold: '0' }, {}, true],
    ['lagThreshold with a leading zero', { ...good, lagThreshold: '05' }, {}, 'lagThreshold'],
    ['lagThreshold with a plus sign', { ...good, lagThreshold: '+5' }, {}, 'lagThreshold'],
    ['lagThreshold 1.0', { ...good, lagThreshold: '1.0' }, {}, 'lagThreshold'],
    ['lagThreshold 1e3', { ...good, lagThreshold: '1e3' }, {}, 'lagThreshold'],
    ['lagThreshold beyond int64', { ...good, lagThreshold: '9223372036854775808' }, {}, 'lagThreshold'],
    ['activationLagThreshold negative', { ...good, activationLagThreshold: '-1' }, {}, true],
    ['useHttps T', { ...good, useHttps: 'T' }, {}, true],
    ['useHttps 0', { ...good, useHttps: '0' }, {}, true],
    ['useHttps yes', { ...good, useHttps: 'yes' }, {}, 'useHttps'],
    ['useHttps tRuE', { ...good, useHttps: 'tRuE' }, {}, 'useHttps'],
    ['blank stream counts as absent', { ...good, stream: '   ' }, {}, 'stream'],
    [
      'an endpoint with a scheme is accepted at parse (it fails when polled, as in KEDA)',
      { ...good, natsServerMonitoringEndpoint: 'http://nats:8222' },
      {},
      true,
    ],
    ['several problems: the first in KEDA order is named', { account: '$G', lagThreshold: 'x' }, {}, 'stream'],
  ];

function outcome(metadata: Record<string, string>, authParams: Record<string, string>): Outcome | unknown {
  try {
    natsJetStreamScaler.parse({ metadata, authParams });
    return true;
  } catch (error) {
    return ScalerConfigError.isInstance(error) ? error.parameter : error;
  }
}

describe('nats-jetstream parse(): KEDA accept/reject decisions', () => {
  for (const [name, metadata, authParams, expected] of cases) {
    it(`${name}: ${expected === true ? 'accepted' : `rejected naming "${expected}"`}`, () => {
      expect(outcome(metadata, authParams)).toBe(expected);
    });
  }
});

describe('nats-jetstream parse(): values', () => {
  it('applies KEDA defaults and keeps KEDA names', () => {
    expect(parseNatsJetStreamParameters({ metadata: good })).toEqual({
      natsServerMonitoringEndpoint: 'localhost:8222',
      account: '$G',
      accountID: '$G',
      stream: 'mystream',
      consumer: 'pull_consumer',
      lagThreshold: 10,
      activationLagThreshold: 0,
      useHttps: false,
      triggerIndex: 0,
      metricType: 'AverageValue',
    });
  });

  it('reads authParams before metadata for the endpoint and the account, trimming values', () => {
    const config = parseNatsJetStreamParameters({
      metadata: { ...good, natsServerMonitoringEndpoint: 'meta:8222', account: 'META' },
      authParams: { natsServerMonitoringEndpoint: ' auth:8222 ', account: 'AUTH', accountID: 'ABCD' },
    });
    expect([config.natsServerMonitoringEndpoint, config.account, config.accountID]).toEqual([
      'auth:8222',
      'AUTH',
      'ABCD',
    ]);
  });

  it('reads stream, consumer and thresholds from metadata only', () => {
    const input: TriggerInput = {
      metadata: { natsServerMonitoringEndpoint: 'n:8222', account: '$G' },
      authParams: { stream: 's', consumer: 'c' },
    };
    expect(outcome(input.metadata, input.authParams!)).toBe('stream');
  });

  it('keeps an explicit accountID and falls back to the account name otherwise', () => {
    expect(parseNatsJetStreamParameters({ metadata: { ...good, accountID: 'AXYZ' } }).accountID).toBe('AXYZ');
    expect(parseNatsJetStreamParameters({ metadata: { ...good, account: 'TEAM_A' } }).accountID).toBe('TEAM_A');
  });

  it('explains a missing account in words', () => {
    expect(() => parseNatsJetStreamParameters({ metadata: { ...good, account: '' } })).toThrow(
      'nats-jetstream: no account name or id given: set "account" (e.g. "$G") or "accountID"',
    );
  });

  it('carries the trigger identity', () => {
    const config = parseNatsJetStreamParameters({
      metadata: good,
      triggerIndex: 4,
      triggerName: 'orders',
      metricType: 'Value',
    });
    expect([config.triggerIndex, config.triggerName, config.metricType]).toEqual([4, 'orders', 'Value']);
  });
});

// KEDA v2.21.0 nats_jetstream_scaler_test.go natsJetStreamMetricIdentifiers, and GetMetricSpecForScaling.
describe('nats-jetstream create().getMetricSpecs()', () => {
  const specs = (input: TriggerInput) => {
    const scaler = natsJetStreamScaler.create(natsJetStreamScaler.parse(input), {
      logger: silentLogger,
      signal: new AbortController().signal,
      connections: createConnectionCache(),
    });
    return scaler.getMetricSpecs();
  };
  const table: [TriggerInput, { metricName: string; targetType: string; targetValue: number }][] = [
    [
      { metadata: { ...good, accountID: '$G', useHttps: 'false' } },
      { metricName: 's0-nats-jetstream-mystream', targetType: 'AverageValue', targetValue: 10 },
    ],
    [
      { metadata: { ...good, accountID: '$G', useHttps: 'false' }, triggerIndex: 1 },
      { metricName: 's1-nats-jetstream-mystream', targetType: 'AverageValue', targetValue: 10 },
    ],
    [
      { metadata: { ...good, stream: 'orders.eu/v1:(x)%', lagThreshold: '25' }, metricType: 'Value' },
      { metricName: 's0-nats-jetstream-orders-eu-v1--x--', targetType: 'Value', targetValue: 25 },
    ],
    [
      { metadata: { ...good, stream: 'Orders_EU', lagThreshold: '-3' }, triggerIndex: 12 },
      { metricName: 's12-nats-jetstream-Orders_EU', targetType: 'AverageValue', targetValue: -3 },
    ],
  ];
  for (const [input, expected] of table) {
    it(`${expected.metricName} (${expected.targetType} ${expected.targetValue})`, () => {
      expect(specs(input)).toEqual([expected]);
    });
  }
});
