import { describe, expect, it } from 'vitest';
import {
  endpointProblem,
  goEscapeHost,
  monitoringUrl,
  nodeJszUrl,
  nodeJszUrlByName,
  varzUrl,
} from './nats-jetstream-urls.js';

const address = { useHttps: false, endpoint: 'nats.nats:8222', accountID: '$G' };

// KEDA v2.21.0 nats_jetstream_scaler_test.go: the https/http prefix tests, the exact monitoring URLs (with an
// `acc` injection attempt) and the node URLs keeping the query.
describe('monitoring URLs as KEDA builds them', () => {
  const table: [string, string][] = [
    [monitoringUrl(false, 'localhost:8222', '$G'), 'http://localhost:8222/jsz?acc=%24G&config=true&consumers=true'],
    [monitoringUrl(true, 'nats.nats:8222', '$G'), 'https://nats.nats:8222/jsz?acc=%24G&config=true&consumers=true'],
    [
      monitoringUrl(false, 'nats:8222', '$G&consumers=false&acc=OTHER'),
      'http://nats:8222/jsz?acc=%24G%26consumers%3Dfalse%26acc%3DOTHER&config=true&consumers=true',
    ],
    [
      monitoringUrl(false, 'nats:8222', 'team a/ü~*'),
      'http://nats:8222/jsz?acc=team+a%2F%C3%BC~%2A&config=true&consumers=true',
    ],
    [monitoringUrl(false, 'nats', 'AB'), 'http://nats/jsz?acc=AB&config=true&consumers=true'],
    [
      monitoringUrl(false, 'http://nats:8222', '$G'),
      'http://http:%2F%2Fnats:8222/jsz?acc=%24G&config=true&consumers=true',
    ],
    [varzUrl(address), 'http://nats.nats:8222/varz'],
    [varzUrl(address, 'nats-1.nats.svc'), 'http://nats-1.nats.svc:8222/varz'],
    [varzUrl({ ...address, endpoint: 'nats' }, '10.0.0.7'), 'http://10.0.0.7/varz'],
    [varzUrl({ ...address, useHttps: true }, '10.0.0.7'), 'https://10.0.0.7:8222/varz'],
    [nodeJszUrl(address, 'nats-1.nats.svc'), 'http://nats-1.nats.svc:8222/jsz?acc=%24G&config=true&consumers=true'],
    [nodeJszUrl(address, 'fe80::1'), 'http://[fe80::1]:8222/jsz?acc=%24G&config=true&consumers=true'],
    [nodeJszUrlByName(address, 'nats-0'), 'http://nats-0.nats.nats:8222/jsz?acc=%24G&config=true&consumers=true'],
    [
      nodeJszUrlByName({ ...address, accountID: 'A&B' }, 'leader'),
      'http://leader.nats.nats:8222/jsz?acc=A%26B&config=true&consumers=true',
    ],
  ];
  for (const [built, expected] of table) {
    it(expected, () => expect(built).toBe(expected));
  }

  it("escapes a host as Go's url.URL.String does", () => {
    expect(goEscapeHost('a/b c@d?e%f')).toBe('a%2Fb%20c%40d%3Fe%25f');
    expect(goEscapeHost('[::1]:8222!$&\'()*+,;=<>"')).toBe('[::1]:8222!$&\'()*+,;=<>"');
  });
});

describe('endpointProblem: the endpoint must be host[:port]', () => {
  const table: [string, boolean][] = [
    ['nats.nats:8222', true],
    ['127.0.0.1:8222', true],
    ['nats', true],
    ['[::1]:8222', true],
    ['http://nats:8222', false],
    ['nats:8222/jsz', false],
    ['user@nats:8222', false],
    ['nats:8222?x=1', false],
    ['na ts:8222', false],
    ['nats:port', false],
  ];
  for (const [endpoint, valid] of table) {
    it(`${JSON.stringify(endpoint)} is ${valid ? 'accepted' : 'refused'}`, () => {
      expect(endpointProblem(endpoint) === undefined).toBe(valid);
    });
  }
});
