import { describe, expect, it } from 'vitest';
import { goQueryEscape, parseGoQuery, parseGoUrl } from './go-url.js';
import {
  amqpAddress,
  anonymizeRabbitMqError,
  managementRequest,
  protocolFromHost,
  ROOT_VHOST_PATH,
  vhostAndPrefix,
} from './rabbitmq-url.js';

// KEDA v2.21.0 rabbitmq_scaler_test.go getVhostAndPathFromURLTestData: raw path, vhostName, vhost path, prefix.
const vhostTable: [string, string, string, string][] = [
  ['myVhost', '', '/myVhost', ''],
  ['%2FmyVhost', '', '/%2FmyVhost', ''],
  ['/', '', ROOT_VHOST_PATH, ''],
  ['//', '', ROOT_VHOST_PATH, ''],
  ['/%2F', '', ROOT_VHOST_PATH, ''],
  ['', '', ROOT_VHOST_PATH, ''],
  ['sub1/myVhost', '', '/myVhost', '/sub1'],
  ['sub1/', 'overridenVhost', '/overridenVhost', '/sub1'],
  ['myVhost', 'overridenVhost', '/overridenVhost', ''],
  ['sub1/%2FmyVhost', '', '/%2FmyVhost', '/sub1'],
  ['sub1/', '', ROOT_VHOST_PATH, '/sub1'],
  ['sub1/', 'myVhost', '/myVhost', '/sub1'],
  ['myVhost', 'overridenVhost', '/overridenVhost', ''],
  ['sub1//', '', ROOT_VHOST_PATH, '/sub1'],
  ['sub1/%2F', '', ROOT_VHOST_PATH, '/sub1'],
  ['sub1/sub2/myVhost', '', '/myVhost', '/sub1/sub2'],
  ['sub1/sub2/myVhost', 'overridenVhost', '/overridenVhost', '/sub1/sub2'],
  ['myVhost', 'overridenVhost', '/overridenVhost', ''],
  ['sub1/sub2/%2FmyVhost', '', '/%2FmyVhost', '/sub1/sub2'],
  ['sub1/sub2/', '', ROOT_VHOST_PATH, '/sub1/sub2'],
  ['sub1/sub2/', 'myVhost', '/myVhost', '/sub1/sub2'],
  ['sub1/myVhost', 'overridenVhost', '/overridenVhost', '/sub1'],
  ['sub1/sub2//', '', ROOT_VHOST_PATH, '/sub1/sub2'],
  ['sub1/sub2/%2F', '', ROOT_VHOST_PATH, '/sub1/sub2'],
];

describe('vhostAndPrefix (KEDA getVhostAndPathFromURL)', () => {
  it.each(vhostTable)('%j with vhostName %j → %s, prefix %j', (rawPath, vhostName, vhostPath, prefix) => {
    expect(vhostAndPrefix(rawPath, vhostName)).toEqual({ vhostPath, prefix });
  });

  it('query-escapes the vhostName override', () => {
    expect(vhostAndPrefix('', '/').vhostPath).toBe('/%2F');
    expect(vhostAndPrefix('', 'team a/b').vhostPath).toBe('/team+a%2Fb');
  });
});

describe('managementRequest (KEDA getQueueInfoViaHTTP)', () => {
  const base = { queueName: 'evaluate_trials', useRegex: false, pageSize: 100 };
  it.each(vhostTable)('builds the path KEDA requests for raw path %j with vhostName %j', (rawPath, vhostName) => {
    const { vhostPath, prefix } = vhostAndPrefix(rawPath, vhostName);
    const request = managementRequest({ ...base, host: `http://127.0.0.1:1${prefix}${vhostPath}`, vhostName });
    expect(request.url).toBe(`http://127.0.0.1:1${prefix}/api/queues${vhostPath}/evaluate_trials`);
  });

  it('builds the regex listing with the page size and the name query-escaped', () => {
    const request = managementRequest({
      ...base,
      queueName: '^evaluate_trials$',
      useRegex: true,
      pageSize: 500,
      host: 'https://user:pw@rabbit.example:15671/sub/vh',
    });
    expect(request).toEqual({
      url: 'https://rabbit.example:15671/sub/api/queues/vh?page=1&use_regex=true&pagination=false&name=%5Eevaluate_trials%24&page_size=500',
      origin: 'https://rabbit.example:15671',
      credentials: { username: 'user', password: 'pw' },
    });
  });

  it('takes Basic credentials from the URL, or from username and password when both are given', () => {
    const host = 'http://us%40er:p%3Ass@h:15672/';
    expect(managementRequest({ ...base, host }).credentials).toEqual({ username: 'us@er', password: 'p:ss' });
    expect(managementRequest({ ...base, host, username: 'a', password: 'b' }).credentials).toEqual({
      username: 'a',
      password: 'b',
    });
    expect(managementRequest({ ...base, host: 'http://h/' }).credentials).toBeUndefined();
    expect(managementRequest({ ...base, host: 'http://only@h/' }).credentials).toEqual({
      username: 'only',
      password: '',
    });
  });

  it('escapes queue names as Go QueryEscape does (not encodeURIComponent)', () => {
    expect(managementRequest({ ...base, host: 'http://h', queueName: "a b(c)!*'/é" }).url).toBe(
      'http://h/api/queues/%2F/a+b%28c%29%21%2A%27%2F%C3%A9',
    );
  });

  it.each([
    ['http://', 'http: no Host in request URL'],
    ['amqp://h/', 'unsupported protocol scheme "amqp"'],
    ['myHostSecret', 'unsupported protocol scheme ""'],
    ['http://h:port/', 'invalid port ":port" after host'],
  ])('fails like Go for host %j', (host, message) => {
    expect(() => managementRequest({ ...base, host })).toThrow(message);
  });
});

describe('protocolFromHost (KEDA Validate with protocol auto)', () => {
  it.each([
    ['amqp://', 'amqp'],
    ['AMQPS://h', 'amqp'],
    ['http://', 'http'],
    ['https://user:pw@h/vh', 'http'],
  ])('%s → %s', (host, protocol) => {
    expect(protocolFromHost(host)).toEqual({ protocol });
  });
  it.each([
    ['something://', 'unknown host URL scheme: `something`'],
    ['myHostSecret', 'unknown host URL scheme: ``'],
    ['localhost:5672', 'unknown host URL scheme: `localhost`'],
    [':5672', "can't parse host to find protocol: missing protocol scheme"],
    ['http://a b/', 'invalid character " " in host name'],
    ['http://h/%zz', 'invalid URL escape "%zz"'],
    ['http://h\n/', 'invalid control character in URL'],
  ])('%j is refused: %s', (host, problem) => {
    const outcome = protocolFromHost(host);
    expect('problem' in outcome && outcome.problem).toContain(problem);
  });
});

describe('amqpAddress (amqp091-go ParseURI with KEDA overrides)', () => {
  it.each([
    ['amqp://user:sercet@somehost.com:5236/vhost', {}, ['amqp', 'somehost.com', 5236, 'user', 'sercet', 'vhost']],
    ['amqp://', {}, ['amqp', 'localhost', 5672, 'guest', 'guest', '/']],
    ['amqps://h/', {}, ['amqps', 'h', 5671, 'guest', 'guest', '/']],
    ['amqp://h/%2Fteam', {}, ['amqp', 'h', 5672, 'guest', 'guest', '/team']],
    [
      'amqp://u:p@h/vh',
      { vhostName: 'other/vh', username: 'x', password: 'y' },
      ['amqp', 'h', 5672, 'x', 'y', 'other/vh'],
    ],
    ['amqp://u:p@h/vh', { username: 'x' }, ['amqp', 'h', 5672, 'u', 'p', 'vh']],
    ['amqp://[::1]:5673', {}, ['amqp', '::1', 5673, 'guest', 'guest', '/']],
  ] as const)('%s %j', (host, overrides, expected) => {
    const address = amqpAddress({ host, ...overrides });
    expect([
      address.protocol,
      address.hostname,
      address.port,
      address.username,
      address.password,
      address.vhost,
    ]).toEqual(expected);
  });

  it('refuses other schemes', () => {
    expect(() => amqpAddress({ host: 'http://h' })).toThrow("AMQP scheme must be either 'amqp://' or 'amqps://'");
  });
});

describe('anonymizeRabbitMqError (KEDA anonymizeRabbitMQErrorTestData)', () => {
  it.each([
    ['https://user1:password1@domain.com', 'error inspecting RabbitMQ: https://user:password@domain.com'],
    ['https://fdasr345_-:password1@domain.com', 'error inspecting RabbitMQ: https://user:password@domain.com'],
    ['https://user1:fdasr345_-@domain.com', 'error inspecting RabbitMQ: https://user:password@domain.com'],
    ['https://fdakls_dsa:password1@domain.com', 'error inspecting RabbitMQ: https://user:password@domain.com'],
    ['fdasr345_-:password1@domain.com', 'error inspecting RabbitMQ: user:password@domain.com'],
    ['this user1:password1@domain.com fails', 'error inspecting RabbitMQ: this user:password@domain.com fails'],
    [
      'this https://user1:password1@domain.com fails also',
      'error inspecting RabbitMQ: this https://user:password@domain.com fails also',
    ],
    ['nothing to replace here', 'error inspecting RabbitMQ: nothing to replace here'],
    [
      'the queue https://user1:fdasr345_-@domain.com/api/virtual is unavailable',
      'error inspecting RabbitMQ: the queue https://user:password@domain.com/api/virtual is unavailable',
    ],
  ])('%s', (message, expected) => {
    expect(anonymizeRabbitMqError(message)).toBe(expected);
  });
});

describe('Go url helpers', () => {
  it('QueryEscape keeps only unreserved characters', () => {
    expect(goQueryEscape('^hell.{1}$ ~-_')).toBe('%5Ehell.%7B1%7D%24+~-_');
  });
  it('ParseQuery reads repeated keys and reports the first bad pair', () => {
    expect(parseGoQuery('a=1&a=2&b=x+y&&c')).toEqual({
      values: { a: ['1', '2'], b: ['x y'], c: [''] },
      problem: undefined,
    });
    expect(parseGoQuery('a=1;b=2').problem).toBe('invalid semicolon separator in query');
  });
  it('Parse keeps the escaped path when it differs from the default encoding', () => {
    const url = parseGoUrl('http://h/sub/%2Fvh');
    expect([url.path, url.rawPath]).toEqual(['/sub//vh', '/sub/%2Fvh']);
  });
});
