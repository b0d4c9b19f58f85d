import { describe, expect, it } from 'vitest';
import { readJsz, readVarz } from './nats-jetstream-responses.js';

describe('readJsz: what Go decodes into KEDA structs', () => {
  it('reads accounts, streams, consumers and the cluster size, ignoring other fields', () => {
    const answer = readJsz({
      server_id: 'N1',
      meta_cluster: { name: 'c', leader: 'n2', cluster_size: 3 },
      account_details: [
        {
          name: 'TEAM_A',
          id: 'AID',
          extra: true,
          stream_detail: [
            {
              name: 'orders',
              state: { messages: 5, last_seq: 9 },
              consumer_detail: [
                { name: 'workers', num_pending: 3, num_ack_pending: 2, num_redelivered: 1, cluster: { leader: 'n1' } },
              ],
            },
          ],
        },
      ],
    });
    expect(answer).toEqual({
      clusterSize: 3,
      accounts: [
        {
          id: 'AID',
          name: 'TEAM_A',
          streams: [
            {
              name: 'orders',
              lastSequence: 9,
              consumers: [{ name: 'workers', numPending: 3, numAckPending: 2, leader: 'n1' }],
            },
          ],
        },
      ],
    });
  });

  it('treats missing and null fields as zero values (a body of {} finds nothing)', () => {
    expect(readJsz({})).toEqual({ accounts: [], clusterSize: 0 });
    expect(readJsz({ account_details: null, meta_cluster: null })).toEqual({ accounts: [], clusterSize: 0 });
    expect(readJsz({ account_details: [{ stream_detail: [{ consumer_detail: [{}] }] }] }).accounts).toEqual([
      {
        id: '',
        name: '',
        streams: [
          { name: '', lastSequence: 0, consumers: [{ name: '', numPending: 0, numAckPending: 0, leader: '' }] },
        ],
      },
    ]);
  });

  const refused: [string, unknown, string][] = [
    ['not JSON', undefined, '/jsz: the answer is not JSON'],
    ['null', null, '/jsz: expected a JSON object, got null'],
    ['an array', [], '/jsz: expected a JSON object, got an array'],
    [
      'a string count',
      { account_details: [{ stream_detail: [{ consumer_detail: [{ num_pending: '5' }] }] }] },
      'account_details[0].stream_detail[0].consumer_detail[0].num_pending: expected an integer, got a string "5"',
    ],
    [
      'a fractional count',
      { account_details: [{ stream_detail: [{ consumer_detail: [{ num_ack_pending: 1.5 }] }] }] },
      'account_details[0].stream_detail[0].consumer_detail[0].num_ack_pending: expected an integer, got number 1.5',
    ],
    ['accounts not a list', { account_details: {} }, 'account_details: expected an array, got an object'],
    ['a numeric name', { account_details: [{ name: 7 }] }, 'account_details[0].name: expected a string, got number 7'],
    [
      'cluster size a string',
      { meta_cluster: { cluster_size: '3' } },
      'meta_cluster.cluster_size: expected an integer, got a string "3"',
    ],
  ];
  for (const [name, body, message] of refused) {
    it(`refuses ${name}`, () => expect(() => readJsz(body)).toThrow(message));
  }
});

describe('readVarz', () => {
  it('reads the server name, connect URLs and route URLs', () => {
    expect(
      readVarz({
        server_name: 'n1',
        connect_urls: ['10.0.0.1:4222'],
        cluster: { urls: ['10.0.0.2:6222'] },
        port: 4222,
      }),
    ).toEqual({ serverName: 'n1', connectUrls: ['10.0.0.1:4222'], clusterUrls: ['10.0.0.2:6222'] });
    expect(readVarz({})).toEqual({ serverName: '', connectUrls: [], clusterUrls: [] });
  });
  it('refuses a non-string URL', () => {
    expect(() => readVarz({ connect_urls: [1] })).toThrow('connect_urls[0]: expected a string, got number 1');
  });
});
