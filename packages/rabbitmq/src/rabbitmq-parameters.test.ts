// KEDA v2.21.0's own parse tables for `rabbitmq` (pkg/scalers/rabbitmq_scaler_test.go: testRabbitMQMetadata,
// testRabbitMQAuthParamData, testDefaultQueueLength), run through our parser: same accept/reject decisions.
import { ScalerConfigError, type TriggerInput } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { parseRabbitMqParameters } from './rabbitmq-parameters.js';

const host = 'myHostSecret';
const usernameEnv = 'myUsernameSecret';
const passwordEnv = 'myPasswordSecret';
const resolvedEnv = {
  [host]: 'amqp://user:sercet@somehost.com:5236/vhost',
  [usernameEnv]: 'user',
  [passwordEnv]: 'Password',
};

type Row = [name: string, metadata: Record<string, string>, isError: boolean, authParams?: Record<string, string>];

// testRabbitMQMetadata, in KEDA's order.
const metadataTable: Row[] = [
  ['nothing passed', {}, true],
  ['properly formed metadata', { queueLength: '10', queueName: 'sample', hostFromEnv: host }, false],
  ['malformed queueLength', { queueLength: 'AA', queueName: 'sample', hostFromEnv: host }, true],
  ['missing host', { queueLength: 'AA', queueName: 'sample' }, true],
  ['missing queueName', { queueLength: '10', hostFromEnv: host }, true],
  ['host defined in authParams', { queueLength: '10', hostFromEnv: host }, true, { host }],
  [
    'properly formed metadata with http protocol',
    { queueLength: '10', queueName: 'sample', host, protocol: 'http' },
    false,
  ],
  ['queue name with slashes', { queueLength: '10', queueName: 'namespace/name', hostFromEnv: host }, false],
  ['vhost passed', { vhostName: 'myVhost', queueName: 'namespace/name', hostFromEnv: host }, false],
  ['vhost passed but empty', { vhostName: '', queueName: 'namespace/name', hostFromEnv: host }, false],
  ['protocol defined in authParams', { queueName: 'sample', hostFromEnv: host }, false, { protocol: 'http' }],
  ['auto protocol and a bad URL', { queueName: 'sample', host: 'something://' }, true],
  ['auto protocol and an HTTP URL', { queueName: 'sample', host: 'http://' }, false],
  ['auto protocol and an HTTPS URL', { queueName: 'sample', host: 'https://' }, false],
  ['queueLength and mode', { queueLength: '10', mode: 'QueueLength', queueName: 'sample', host: 'https://' }, true],
  ['queueLength and value', { queueLength: '10', value: '20', queueName: 'sample', host: 'https://' }, true],
  [
    'queueLength and mode and value',
    { queueLength: '10', mode: 'QueueLength', value: '20', queueName: 'sample', host: 'https://' },
    true,
  ],
  ['only mode', { mode: 'QueueLength', queueName: 'sample', host: 'https://' }, true],
  ['only value', { value: '20', queueName: 'sample', host: 'https://' }, true],
  ['mode and value', { mode: 'QueueLength', value: '20', queueName: 'sample', host: 'https://' }, false],
  ['invalid mode', { mode: 'Feelings', value: '20', queueName: 'sample', host: 'https://' }, true],
  ['invalid value', { mode: 'QueueLength', value: 'lots', queueName: 'sample', host: 'https://' }, true],
  ['queue length amqp', { mode: 'QueueLength', value: '20', queueName: 'sample', host: 'amqps://' }, false],
  ['message rate amqps', { mode: 'MessageRate', value: '1000', queueName: 'sample', host: 'amqps://' }, true],
  ['message rate amqp', { mode: 'MessageRate', value: '1000', queueName: 'sample', host: 'amqp://' }, true],
  ['message rate http', { mode: 'MessageRate', value: '1000', queueName: 'sample', host: 'http://' }, false],
  ['message rate https', { mode: 'MessageRate', value: '1000', queueName: 'sample', host: 'https://' }, false],
  ['deliverGet rate amqps', { mode: 'DeliverGetRate', value: '1000', queueName: 'sample', host: 'amqps://' }, true],
  ['deliverGet rate amqp', { mode: 'DeliverGetRate', value: '1000', queueName: 'sample', host: 'amqp://' }, true],
  ['deliverGet rate http', { mode: 'DeliverGetRate', value: '1000', queueName: 'sample', host: 'http://' }, false],
  ['deliverGet rate https', { mode: 'DeliverGetRate', value: '1000', queueName: 'sample', host: 'https://' }, false],
  ['amqp host and useRegex', { queueName: 'sample', host: 'amqps://', useRegex: 'true' }, true],
  ['http host and useRegex', { queueName: 'sample', host: 'http://', useRegex: 'true' }, false],
  [
    'message rate and useRegex',
    { mode: 'MessageRate', value: '1000', queueName: 'sample', host: 'http://', useRegex: 'true' },
    false,
  ],
  [
    'deliverGet rate and useRegex',
    { mode: 'DeliverGetRate', value: '1000', queueName: 'sample', host: 'http://', useRegex: 'true' },
    false,
  ],
  [
    'queue length and useRegex',
    { mode: 'QueueLength', value: '1000', queueName: 'sample', host: 'http://', useRegex: 'true' },
    false,
  ],
  [
    'http valid timeout',
    { mode: 'QueueLength', value: '1000', queueName: 'sample', host: 'http://', timeout: '1000' },
    false,
  ],
  [
    'http invalid timeout',
    { mode: 'QueueLength', value: '1000', queueName: 'sample', host: 'http://', timeout: '-10' },
    true,
  ],
  [
    'http wrong timeout',
    { mode: 'QueueLength', value: '1000', queueName: 'sample', host: 'http://', timeout: 'error' },
    true,
  ],
  ['amqp timeout', { mode: 'QueueLength', value: '1000', queueName: 'sample', host: 'amqp://', timeout: '10' }, true],
  ...(['MessageRate', 'DeliverGetRate'] as const).flatMap((mode): Row[] => [
    [
      `valid pageSize (${mode})`,
      { mode, value: '1000', queueName: 'sample', host: 'http://', useRegex: 'true', pageSize: '100' },
      false,
    ],
    [
      `pageSize less than 1 (${mode})`,
      { mode, value: '1000', queueName: 'sample', host: 'http://', useRegex: 'true', pageSize: '-1' },
      true,
    ],
    [
      `invalid pageSize (${mode})`,
      { mode, value: '1000', queueName: 'sample', host: 'http://', useRegex: 'true', pageSize: 'a' },
      true,
    ],
  ]),
  [
    'activationValue passed',
    { activationValue: '10', queueLength: '20', queueName: 'sample', hostFromEnv: host },
    false,
  ],
  [
    'malformed activationValue',
    { activationValue: 'AA', queueLength: '10', queueName: 'sample', hostFromEnv: host },
    true,
  ],
  [
    'http and excludeUnacknowledged',
    {
      mode: 'QueueLength',
      value: '1000',
      queueName: 'sample',
      host: 'http://',
      useRegex: 'true',
      excludeUnacknowledged: 'true',
    },
    false,
  ],
  [
    'amqp and excludeUnacknowledged',
    {
      mode: 'QueueLength',
      value: '1000',
      queueName: 'sample',
      host: 'amqp://',
      useRegex: 'true',
      excludeUnacknowledged: 'true',
    },
    true,
  ],
  ['unsafeSsl true', { queueName: 'sample', host: 'https://', unsafeSsl: 'true' }, false],
  ['unsafeSsl wrong input', { queueName: 'sample', host: 'https://', unsafeSsl: 'random' }, true],
];

const tlsHost = { queueName: 'sample', hostFromEnv: host };
const oauthClient = {
  oauthTokenURI: 'https://oauth.example.com/token',
  clientID: 'my-client',
  clientSecret: 'my-secret',
};
const httpLocal = { queueName: 'sample', host: 'http://localhost:15672', protocol: 'http' };
const httpsLocal = { queueName: 'sample', host: 'https://localhost:15672', protocol: 'http' };

// testRabbitMQAuthParamData, in KEDA's order (pod identity rows: the resource alone decides parsing).
const authTable: Row[] = [
  ['TLS with ca, cert and key', tlsHost, false, { tls: 'enable', ca: 'caaa', cert: 'ceert', key: 'keey' }],
  ['TLS cert/key and assumed public CA', tlsHost, false, { tls: 'enable', cert: 'ceert', key: 'keey' }],
  [
    'TLS cert/key + key password',
    tlsHost,
    false,
    { tls: 'enable', cert: 'ceert', key: 'keey', keyPassword: 'keeyPassword' },
  ],
  ['TLS CA only', tlsHost, false, { tls: 'enable', ca: 'caaa' }],
  ['TLS missing cert', tlsHost, true, { tls: 'enable', ca: 'caaa', key: 'kee' }],
  ['TLS missing key', tlsHost, true, { tls: 'enable', ca: 'caaa', cert: 'ceert' }],
  ['TLS invalid', tlsHost, true, { tls: 'yes', ca: 'caaa', cert: 'ceert', key: 'kee' }],
  ['username and password', tlsHost, false, { username: 'user', password: 'PASSWORD' }],
  ['username but no password', tlsHost, true, { username: 'user' }],
  ['password but no username', tlsHost, true, { password: 'PASSWORD' }],
  ['vhostName', tlsHost, false, { vhostName: 'myVhost' }],
  ['vhostName but empty', tlsHost, false, { vhostName: '' }],
  ['username and password from env', { ...tlsHost, usernameFromEnv: usernameEnv, passwordFromEnv: passwordEnv }, false],
  ['username from env but not password', { ...tlsHost, usernameFromEnv: usernameEnv }, true],
  ['password from env but not username', { ...tlsHost, passwordFromEnv: passwordEnv }, true],
  [
    'workload identity (http)',
    { ...tlsHost, protocol: 'http' },
    false,
    { workloadIdentityResource: 'rabbitmq-resource-id' },
  ],
  [
    'workload identity with amqp',
    { ...tlsHost, protocol: 'amqp' },
    true,
    { workloadIdentityResource: 'rabbitmq-resource-id' },
  ],
  ['OAuth2 with HTTP protocol (minimal config)', httpLocal, false, oauthClient],
  ['OAuth2 with scopes', httpsLocal, false, { ...oauthClient, scopes: 'rabbitmq.read,rabbitmq.write' }],
  [
    'OAuth2 with endpoint params',
    httpLocal,
    false,
    { ...oauthClient, endpointParams: 'audience=rabbitmq&resource=api' },
  ],
  ['OAuth2 with TLS', httpsLocal, false, { ...oauthClient, tls: 'enable', ca: 'caaa' }],
  [
    'OAuth2 with AMQP protocol',
    { queueName: 'sample', host: 'amqp://localhost:5672', protocol: 'amqp' },
    true,
    oauthClient,
  ],
  ['OAuth2 + basic auth', httpLocal, true, { ...oauthClient, username: 'user', password: 'pass' }],
  ['OAuth2 + workload identity', httpLocal, true, { ...oauthClient, workloadIdentityResource: 'rabbitmq-resource-id' }],
  ['OAuth2 missing tokenUrl', httpLocal, true, { clientID: 'my-client', clientSecret: 'my-secret' }],
  ['OAuth2 missing clientId', httpLocal, true, { oauthTokenURI: oauthClient.oauthTokenURI, clientSecret: 'my-secret' }],
  ['OAuth2 missing clientSecret', httpLocal, true, { oauthTokenURI: oauthClient.oauthTokenURI, clientID: 'my-client' }],
  [
    'authModes basic with username/password',
    httpLocal,
    false,
    { authModes: 'basic', username: 'user', password: 'pass' },
  ],
  [
    'authModes tls with cert/key/ca',
    httpsLocal,
    false,
    { authModes: 'tls', tls: 'enable', ca: 'caaa', cert: 'ceert', key: 'keey' },
  ],
  ['authModes bearer is not supported', httpLocal, true, { authModes: 'bearer', bearerToken: 'token' }],
];

function parse(metadata: Record<string, string>, authParams: Record<string, string> = {}) {
  const input: TriggerInput = { metadata, authParams, resolvedEnv };
  return parseRabbitMqParameters(input);
}

describe('KEDA rabbitmq parse tables', () => {
  it.each([...metadataTable, ...authTable])('%s (error: %s)', (_name, metadata, isError, authParams) => {
    const outcome = (() => {
      try {
        return parse(metadata, authParams);
      } catch (error) {
        return error;
      }
    })();
    if (isError) {
      expect(outcome).toBeInstanceOf(ScalerConfigError);
      // Secrets never appear in messages: the host values and passwords of these rows.
      const message = (outcome as Error).message;
      for (const secret of ['sercet', 'PASSWORD', 'Password', 'my-secret', 'keey', 'keeyPassword']) {
        expect(message).not.toContain(secret);
      }
    } else {
      expect(outcome).not.toBeInstanceOf(Error);
    }
  });

  it('keeps unsafeSsl as given when parsing succeeds', () => {
    expect(parse({ queueName: 'sample', host: 'https://', unsafeSsl: 'true' }).unsafeSsl).toBe(true);
  });

  it('keeps the TLS material and tls flag from authParams', () => {
    const config = parse(tlsHost, { tls: 'enable', ca: 'caaa', cert: 'ceert', key: 'keey', keyPassword: 'pw' });
    expect([config.tls, config.ca, config.cert, config.key, config.keyPassword]).toEqual([
      'enable',
      'caaa',
      'ceert',
      'keey',
      'pw',
    ]);
  });

  it.each([
    ['amqp host from env', { queueName: 'sample', hostFromEnv: host }],
    ['http protocol', { queueName: 'sample', hostFromEnv: host, protocol: 'http' }],
  ])('uses the default QueueLength 20 with nothing else given (%s)', (_name, metadata) => {
    const config = parse(metadata);
    expect([config.mode, config.value]).toEqual(['QueueLength', 20]);
  });
});

describe('rabbitmq parse errors', () => {
  const base = { queueName: 'orders', host: 'http://guest:topsecret@127.0.0.1:15672/' };
  it.each<[string, Record<string, string>, Record<string, string>, string, string]>([
    ['missing queueName', { host: base.host }, {}, 'queueName', 'rabbitmq: missing required parameter "queueName"'],
    ['protocol outside the list', { ...base, protocol: 'amqps' }, {}, 'protocol', 'but is `amqps`'],
    ['tls from authParams only', base, { tls: 'yes' }, 'tls', 'incorrect value for TLS given: yes'],
    ['cert without key', base, { cert: 'c' }, 'key', 'both key and certificate must be provided'],
    ['pageSize 0', { ...base, pageSize: '0' }, {}, 'pageSize', 'pageSize should be 1 or greater'],
    ['username alone', base, { username: 'u' }, 'password', 'username and password must be given together'],
    ['host without scheme', { queueName: 'q', host: 'myHostSecret' }, {}, 'host', 'unknown host URL scheme: ``'],
    ['host with a leading colon', { queueName: 'q', host: ':5672' }, {}, 'host', 'missing protocol scheme'],
    ['regex over amqp', { queueName: 'q', host: 'amqp://h', useRegex: 'true' }, {}, 'useRegex', 'only with HTTP'],
    ['mode without value', { ...base, mode: 'MessageRate' }, {}, 'value', 'value must be specified'],
    ['value 0 with mode', { ...base, mode: 'QueueLength', value: '0' }, {}, 'value', 'value must be specified'],
    [
      'rate mode over amqp',
      { queueName: 'q', host: 'amqp://h', mode: 'DeliverGetRate', value: '1' },
      {},
      'mode',
      'must be HTTP to use trigger mode DeliverGetRate',
    ],
    [
      'amqp timeout with a mode',
      { queueName: 'q', host: 'amqp://h', mode: 'QueueLength', value: '5', timeout: '10' },
      {},
      'timeout',
      "AMQP protocol doesn't support custom timeouts: 10000000",
    ],
    [
      'queueLength with mode',
      { ...base, queueLength: '5', mode: 'QueueLength' },
      {},
      'queueLength',
      'queueLength is deprecated; use mode and value',
    ],
    [
      'unsupported auth mode',
      base,
      { authModes: 'apiKey' },
      'authModes',
      'auth mode "apiKey" is not supported by this scaler',
    ],
    [
      'OAuth2 without secret',
      base,
      { oauthTokenURI: 'http://t', clientID: 'c' },
      'clientSecret',
      'OAuth2 requires tokenUrl clientId and clientSecret',
    ],
    [
      'bad endpointParams',
      base,
      { ...oauthClient, endpointParams: 'a=%zz' },
      'endpointParams',
      'invalid URL escape "%zz"',
    ],
    ['method outside its enum', { ...base, method: 'body' }, {}, 'method', 'must be one of'],
  ])('%s', (_name, metadata, authParams, parameter, message) => {
    let caught: unknown;
    try {
      parseRabbitMqParameters({ metadata, authParams });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScalerConfigError);
    expect((caught as ScalerConfigError).parameter).toBe(parameter);
    expect((caught as Error).message).toContain(message);
    expect((caught as Error).message).not.toContain('topsecret');
  });

  it('accepts the deprecated queueLength path with amqp and a timeout, as KEDA does', () => {
    const config = parseRabbitMqParameters({
      metadata: { queueName: 'q', host: 'amqp://h', queueLength: '7', timeout: '10' },
    });
    expect([config.protocol, config.mode, config.value, config.timeout]).toEqual(['amqp', 'QueueLength', 7, 10]);
  });

  it('returns KEDA names with defaults and resolutions', () => {
    expect(parseRabbitMqParameters({ metadata: base, triggerIndex: 2, metricType: 'Value' })).toEqual({
      queueName: 'orders',
      queueLength: undefined,
      activationValue: 0,
      host: base.host,
      vhostName: undefined,
      useRegex: false,
      excludeUnacknowledged: false,
      pageSize: 100,
      operation: 'sum',
      timeout: undefined,
      username: undefined,
      password: undefined,
      ca: undefined,
      cert: undefined,
      key: undefined,
      keyPassword: undefined,
      tls: 'disable',
      unsafeSsl: false,
      workloadIdentityResource: undefined,
      authModes: undefined,
      method: 'header',
      oauthTokenURI: undefined,
      scopes: undefined,
      clientID: undefined,
      clientSecret: undefined,
      protocol: 'http',
      mode: 'QueueLength',
      value: 20,
      endpointParams: {},
      oauth: false,
      triggerIndex: 2,
      metricType: 'Value',
    });
  });

  it('reads OAuth2 scopes without empty entries and endpointParams as a query string', () => {
    const config = parseRabbitMqParameters({
      metadata: base,
      authParams: { ...oauthClient, scope: 'a, ,b', endpointParams: 'audience=x&resource=y+z&audience=w' },
    });
    expect(config.scopes).toEqual(['a', 'b']);
    expect(config.endpointParams).toEqual({ audience: ['x', 'w'], resource: ['y z'] });
    expect(config.oauth).toBe(true);
  });
});
