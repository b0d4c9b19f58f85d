// The kafkajs adapter's own helpers.
import { describe, expect, it } from 'vitest';
import { inPartitionOrder } from './kafka-client.js';

describe('inPartitionOrder', () => {
  const ids = (...partitions: number[]) => partitions.map((partition) => ({ partition, leader: partition % 3 }));
  // [name, partitions in the broker's order, ids in the answer's order]
  const table: Array<[string, number[], number[]]> = [
    ['0..n-1 in any order', [3, 0, 2, 1], [0, 1, 2, 3]],
    ['already in order', [0, 1, 2], [0, 1, 2]],
    ['ids with a gap (a partitionLimitation, or a partial answer)', [5, 1, 3], [1, 3, 5]],
    ['a repeated id', [1, 0, 1], [0, 1, 1]],
    ['a negative id', [0, -1], [-1, 0]],
    ['none', [], []],
  ];
  for (const [name, given, expected] of table) {
    it(`orders ${name}`, () => {
      const ordered = inPartitionOrder(ids(...given));
      expect(ordered.map((entry) => entry.partition)).toEqual(expected);
      expect(ordered.every((entry) => entry.leader === entry.partition % 3)).toBe(true);
    });
  }
});
