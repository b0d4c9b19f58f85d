import { describe, expect, it } from 'vitest';
import { parameters as p } from './builders.js';
import { describeParameters } from './describe.js';

describe('describeParameters', () => {
  it('describes each parameter for documentation tables, in declaration order', () => {
    const rows = describeParameters({
      consumerGroup: p.string({ order: ['metadata', 'resolvedEnv'], description: 'Consumer group to watch.' }),
      value: p.float({ name: ['value', 'queueLength'], default: 20 }),
      offsetResetPolicy: p.enum(['latest', 'earliest'], { default: 'latest' }),
      password: p.string({ order: ['authParams'], optional: true, secret: true }),
      partitionLimitation: p.list({ of: 'integer', range: true, optional: true }),
      headers: p.map({ default: { a: '1', b: '2' } }),
      timeout: p.duration({ default: '1m' }),
      tls: p.boolean({ default: false }),
      old: p.string({ deprecated: 'use "new" instead' }),
      announced: p.integer({ optional: true, deprecatedAnnounce: 'going away' }),
      modes: p.enumList(['a', 'b'], { separator: ';', default: ['a', 'b'] }),
    });
    expect(rows).toEqual([
      {
        key: 'consumerGroup',
        name: 'consumerGroup',
        aliases: [],
        sources: ['metadata', 'resolvedEnv'],
        location: 'metadata, resolvedEnv via "consumerGroupFromEnv"',
        kind: 'string',
        type: 'a string',
        default: undefined,
        optional: false,
        secret: false,
        deprecated: undefined,
        deprecatedAnnounce: undefined,
        description: 'Consumer group to watch.',
      },
      expect.objectContaining({
        name: 'value',
        aliases: ['queueLength'],
        type: 'a number',
        default: '20',
        optional: true,
      }),
      expect.objectContaining({ type: 'one of latest, earliest', default: 'latest', kind: 'enum' }),
      expect.objectContaining({ sources: ['authParams'], location: 'authParams', secret: true, optional: true }),
      expect.objectContaining({
        type: 'a list of integers (ranges like 5-10 allowed)',
        optional: true,
        default: undefined,
      }),
      expect.objectContaining({ type: 'a map written key=value,key=value', default: 'a=1,b=2' }),
      expect.objectContaining({ kind: 'duration', default: '1m' }),
      expect.objectContaining({ kind: 'boolean', default: 'false' }),
      expect.objectContaining({ name: 'old', deprecated: 'use "new" instead', optional: true }),
      expect.objectContaining({ name: 'announced', deprecatedAnnounce: 'going away', optional: true }),
      expect.objectContaining({ type: 'a list separated by ";" of a, b', default: 'a;b' }),
    ]);
  });

  it('writes a millisecond default the way a user could write it', () => {
    expect(describeParameters({ t: p.duration({ default: 1500 }) })[0]?.default).toBe('1500ms');
  });
});
