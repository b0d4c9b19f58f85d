import { describe, expect, it } from 'vitest';
import {
  type Conversion,
  convertBoolean,
  convertDuration,
  convertFloat,
  convertInteger,
  convertList,
  convertMap,
  parseGoDuration,
} from './convert.js';

type Row = [
  rule: string,
  convert: (raw: string) => Conversion<unknown>,
  input: string,
  expected: unknown | typeof REJECT,
];
const REJECT = Symbol('rejected');

const integer = convertInteger;
const float = convertFloat;
const boolean = convertBoolean;
const duration = convertDuration;
const strings = (raw: string) => convertList(raw, 'string', ',');
const integers = (raw: string) => convertList(raw, 'integer', ',');
const floats = (raw: string) => convertList(raw, 'float', ',');
const booleans = (raw: string) => convertList(raw, 'boolean', ',');
const ranges = (raw: string) => convertList(raw, 'integer', ',', '-');
const colonRanges = (raw: string) => convertList(raw, 'integer', ',', ':');
const semicolonList = (raw: string) => convertList(raw, 'string', ';');
const map = (raw: string) => convertMap(raw, ',');
const semicolonMap = (raw: string) => convertMap(raw, ';');

// One table for every conversion rule of KEDA's typed config (setConfigValueHelper, typed_config.go:440-497).
const table: Row[] = [
  // integers: decoded as JSON into int64
  ['integer', integer, '10', 10],
  ['integer', integer, '-1', -1],
  ['integer', integer, '0', 0],
  ['integer', integer, '-0', 0],
  ['integer', integer, '9007199254740991', 9007199254740991],
  ['integer', integer, '-9007199254740991', -9007199254740991],
  ['integer', integer, '9007199254740992', REJECT],
  ['integer', integer, '9223372036854775807', REJECT],
  ['integer', integer, '1.5', REJECT],
  ['integer', integer, '1.0', REJECT],
  ['integer', integer, '1e3', REJECT],
  ['integer', integer, '+5', REJECT],
  ['integer', integer, '010', REJECT],
  ['integer', integer, '05', REJECT],
  ['integer', integer, '0x10', REJECT],
  ['integer', integer, 'AA', REJECT],
  ['integer', integer, '-', REJECT],
  ['integer', integer, '1_000', REJECT],
  ['integer', integer, 'null', REJECT],
  ['integer', integer, '"5"', REJECT],
  ['integer', integer, '', REJECT],
  // floats: decoded as JSON into float64
  ['float', float, '10', 10],
  ['float', float, '10.5', 10.5],
  ['float', float, '1e3', 1000],
  ['float', float, '1E3', 1000],
  ['float', float, '1e-3', 0.001],
  ['float', float, '2.5e+2', 250],
  ['float', float, '-1', -1],
  ['float', float, '-0.25', -0.25],
  ['float', float, '0.5', 0.5],
  ['float', float, '.5', REJECT],
  ['float', float, '5.', REJECT],
  ['float', float, '+1', REJECT],
  ['float', float, '01', REJECT],
  ['float', float, 'lots', REJECT],
  ['float', float, 'NaN', REJECT],
  ['float', float, 'Infinity', REJECT],
  ['float', float, '-Infinity', REJECT],
  ['float', float, '1e400', REJECT],
  ['float', float, '0x10', REJECT],
  ['float', float, '1e', REJECT],
  // booleans: Go strconv.ParseBool
  ...(['1', 't', 'T', 'TRUE', 'true', 'True'].map((s) => ['boolean', boolean, s, true]) as Row[]),
  ...(['0', 'f', 'F', 'FALSE', 'false', 'False'].map((s) => ['boolean', boolean, s, false]) as Row[]),
  ...(['yes', 'no', 'on', 'off', 'tRuE', 'fALSE', 'y', '2', 'notvalid', ''].map((s) => [
    'boolean',
    boolean,
    s,
    REJECT,
  ]) as Row[]),
  // durations: Go duration string, else integer milliseconds; never negative
  ['duration', duration, '30s', 30_000],
  ['duration', duration, '1m30s', 90_000],
  ['duration', duration, '1h', 3_600_000],
  ['duration', duration, '500ms', 500],
  ['duration', duration, '1.5s', 1500],
  ['duration', duration, '.5s', 500],
  ['duration', duration, '5.s', 5000],
  ['duration', duration, '1h2m3s4ms', 3_723_004],
  ['duration', duration, '1000us', 1],
  ['duration', duration, '1000µs', 1],
  ['duration', duration, '1000μs', 1],
  ['duration', duration, '2000000ns', 2],
  ['duration', duration, '+2s', 2000],
  ['duration', duration, '0', 0],
  ['duration', duration, '-0', 0],
  ['duration', duration, '0s', 0],
  ['duration', duration, '1000', 1000],
  ['duration', duration, '010', 10],
  ['duration', duration, '+5', 5],
  ['duration', duration, '-10', REJECT],
  ['duration', duration, '-1s', REJECT],
  ['duration', duration, '-1m30s', REJECT],
  ['duration', duration, 'error', REJECT],
  ['duration', duration, '1d', REJECT],
  ['duration', duration, '1S', REJECT],
  ['duration', duration, '1.5', REJECT],
  ['duration', duration, 's', REJECT],
  ['duration', duration, '.s', REJECT],
  ['duration', duration, '1s ', REJECT],
  ['duration', duration, '3000000h', REJECT],
  ['duration', duration, '2562047h', 2562047 * 3_600_000],
  // lists: split, trim each part, keep empty parts
  ['string list', strings, 'a,b,c', ['a', 'b', 'c']],
  ['string list', strings, ' a , b ,c ', ['a', 'b', 'c']],
  ['string list', strings, 'a,,b', ['a', '', 'b']],
  ['string list', strings, 'a,', ['a', '']],
  ['string list', strings, 'single', ['single']],
  ['string list', semicolonList, 'a;b, c', ['a', 'b, c']],
  ['integer list', integers, '1, 2,3', [1, 2, 3]],
  ['integer list', integers, '-1,0', [-1, 0]],
  ['integer list', integers, '1,,2', REJECT],
  ['integer list', integers, '1,1.5', REJECT],
  ['integer list', integers, '5-10', REJECT],
  ['float list', floats, '1.5, 2,1e2', [1.5, 2, 100]],
  ['float list', floats, '1.5,.5', REJECT],
  ['boolean list', booleans, 'true, F,1', [true, false, true]],
  ['boolean list', booleans, 'true,yes', REJECT],
  // integer ranges: inclusive, JSON integers on both sides
  ['range', ranges, '5-10', [5, 6, 7, 8, 9, 10]],
  ['range', ranges, '0,2-4, 7', [0, 2, 3, 4, 7]],
  ['range', ranges, '3-3', [3]],
  ['range', ranges, '5 - 7', [5, 6, 7]],
  ['range', ranges, '1-3,2', [1, 2, 3, 2]],
  ['range', ranges, '-1', REJECT],
  ['range', ranges, '1--3', REJECT],
  ['range', ranges, '1-2-3', REJECT],
  ['range', ranges, '10-5', REJECT],
  ['range', ranges, '05-7', REJECT],
  ['range', ranges, 'a-b', REJECT],
  ['range', ranges, '1-', REJECT],
  ['range', ranges, '0-100000', REJECT],
  ['range', colonRanges, '-2:1', [-2, -1, 0, 1]],
  ['range', colonRanges, '-2', [-2]],
  // maps: k=v entries, trimmed, exactly one "=" each
  ['map', map, 'a=1,b=2', { a: '1', b: '2' }],
  ['map', map, ' a = 1 , b= two words ', { a: '1', b: 'two words' }],
  ['map', map, 'a=', { a: '' }],
  ['map', map, '=v', { '': 'v' }],
  ['map', map, 'a=1,a=2', { a: '2' }],
  ['map', map, 'a', REJECT],
  ['map', map, 'a=b=c', REJECT],
  ['map', map, 'a=1,', REJECT],
  ['map', map, 'a=1,,b=2', REJECT],
  ['map', semicolonMap, 'a=1,2;b=3', { a: '1,2', b: '3' }],
];

describe('conversion rules', () => {
  it.each(table)('%s: %j', (_rule, convert, input, expected) => {
    const result = convert(input);
    if (expected === REJECT) {
      expect(result.ok).toBe(false);
    } else {
      expect(result).toEqual({ ok: true, value: expected });
    }
  });

  it('returns -0 inputs as 0', () => {
    expect(Object.is((convertInteger('-0') as { value: number }).value, 0)).toBe(true);
    expect(Object.is((convertFloat('-0') as { value: number }).value, 0)).toBe(true);
  });

  it('truncates sub-nanosecond fractions like Go', () => {
    expect(parseGoDuration('1.0000000001s')).toBe(1_000_000_000n);
    expect(parseGoDuration('1.5ns')).toBe(1n);
  });

  it('accepts the full negative int64 range in Go duration syntax before rejecting negatives', () => {
    expect(parseGoDuration('-2562047h47m16.854775808s')).toBe(-(1n << 63n));
    expect(parseGoDuration('2562047h47m16.854775808s')).toBeUndefined();
  });

  it('explains failures without the value when asked to hide it', () => {
    const hidden = () => '(hidden)';
    const list = convertList('1,x', 'integer', ',');
    expect(list).toMatchObject({ ok: false, expected: 'a list of integers' });
    if (!list.ok) {
      expect(list.detail?.((t) => JSON.stringify(t))).toBe('element 2 "x" is not an integer');
      expect(list.detail?.(hidden)).toBe('element 2 (hidden) is not an integer');
    }
    const entry = convertMap('a=1,x', ',');
    if (!entry.ok) expect(entry.detail?.(hidden)).toBe('entry 2 (hidden) is not key=value');
  });
});
