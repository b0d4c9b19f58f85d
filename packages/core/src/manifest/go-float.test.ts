import { describe, expect, it } from 'vitest';
import { parseGoFloat } from './go-float.js';

// What Go's strconv.ParseFloat(s, 64) returns for each input (undefined = an error).
const rows: [string, number | undefined][] = [
  ['2', 2],
  ['0.5', 0.5],
  ['.5', 0.5],
  ['5.', 5],
  ['+1.5e3', 1500],
  ['-2E-1', -0.2],
  ['0x1p-2', 0.25],
  ['0X1.8P1', 3],
  ['-0x_1p4', -16],
  ['0x1_0p0', 16],
  ['Inf', Infinity],
  ['+infinity', Infinity],
  ['-INF', -Infinity],
  ['1e400', undefined],
  ['0x1p2000', undefined],
  ['0x10', undefined],
  ['0x1_p0', undefined],
  ['1_000', undefined],
  [' 2', undefined],
  ['2 ', undefined],
  ['', undefined],
  ['two', undefined],
  ['1e', undefined],
  ['+nan', undefined],
];

describe('parseGoFloat', () => {
  it.each(rows)('reads %j as Go does', (text, expected) => {
    expect(parseGoFloat(text)).toBe(expected);
  });

  it('reads NaN in any case', () => {
    expect(parseGoFloat('nan')).toBeNaN();
    expect(parseGoFloat('NaN')).toBeNaN();
  });
});
