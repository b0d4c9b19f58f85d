import { describe, expect, it } from 'vitest';
import { combineEntityCounts, compileEntityNamePattern, type EntityCountOperation } from './entity-name-pattern.js';

const matches = (pattern: string, name: string) => {
  const compiled = compileEntityNamePattern(pattern);
  if ('problem' in compiled) throw new Error(compiled.problem);
  return compiled.matches(name);
};

describe('entity name patterns (RE2 syntax, whole-name match as KEDA FindString(name) == name)', () => {
  // [pattern, name, matches]
  const cases: [string, string, boolean][] = [
    ['orders-.*', 'orders-1', true],
    ['orders-.*', 'old-orders-1', false], // a match that does not start at the beginning is not the name
    ['orders', 'orders-1', false], // nor one that stops before the end
    ['a|ab', 'ab', true], // leftmost-longest: the longer alternative covers the name
    ['(?i)ORDERS', 'orders', true],
    ['(?P<kind>orders|events)-\\d+', 'events-12', true],
    ['\\Aorders\\z', 'orders', true],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['[[:digit:]]+', '123', true],
    ['[]a]+', ']a]', true],
    ['\\x{41}', 'A', true],
    ['q.', 'q\n', false],
  ];
  for (const [pattern, name, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, () => {
      expect(matches(pattern, name)).toBe(expected);
    });
  }

  const refused = [
    '*',
    '(?=a)a',
    '(?!a)b',
    '(?<=a)b',
    '(a)\\1',
    '\\k<x>',
    'a{1001}',
    '(?U)a',
    'a\\Z',
    '(',
    '[[:nope:]]',
  ];
  for (const pattern of refused) {
    it(`refuses ${JSON.stringify(pattern)} as RE2 does`, () => {
      expect(compileEntityNamePattern(pattern)).toHaveProperty('problem');
    });
  }
});

describe("KEDA's performOperation", () => {
  // [counts, operation, result]
  const cases: [number[], EntityCountOperation | string, number][] = [
    [[2, 4], 'sum', 6],
    [[2, 4], 'max', 4],
    [[2, 4], 'avg', 3],
    [[2, 3], 'avg', 2], // integer division truncates
    [[1, 1, 2], 'avg', 1],
    [[], 'sum', 0],
    [[], 'max', 0],
    [[], 'avg', 0],
    [[0, 0], 'max', 0],
    // A list KEDA's parse accepts matches no case of performOperation.
    [[2, 4], 'sum,max', 0],
    [[2, 4], 'avg, avg', 0],
  ];
  for (const [counts, operation, expected] of cases) {
    it(`${operation} of [${counts.join(', ')}] is ${expected}`, () => {
      expect(combineEntityCounts(counts, operation)).toBe(expected);
    });
  }
});
