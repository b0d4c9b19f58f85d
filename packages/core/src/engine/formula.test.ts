// The formula language against expr-lang v1.17.8 (the version KEDA v2.21.0 pins): docs/language-definition.md,
// builtin/builtin.go, checker/checker.go and vm/runtime, plus KEDA's castToFloatIfNecessary and the webhook's
// dry run with every trigger at -1 (apis/keda/v1alpha1/scaledobject_webhook.go).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { castToFloatIfNecessary, compileFormula } from './formula.js';

const vars = ['a', 'b', 'c'];
const run = (formula: string, values: Record<string, number | null>) => compileFormula(formula, vars)(values);

describe('formula language: expressions (expr-lang v1.17.8)', () => {
  it.each([
    ['a + b * 2', { a: 1, b: 2 }, 5],
    ['(a + b) / 2', { a: 1, b: 2 }, 1.5],
    ['a > b ? a : b', { a: 3, b: 2 }, 3],
    ['a ?: b', { a: null, b: 4 }, Number.NaN], // `a ?: b` is `a ? a : b`: nil is no condition (checked below)
    ['min(a, b) + max(a, b)', { a: 1, b: 5 }, 6],
    ['abs(a - b)', { a: 1, b: 5 }, 4],
    ['ceil(a / b)', { a: 7, b: 2 }, 4],
    ['floor(a / b)', { a: 7, b: 2 }, 3],
    ['round(a)', { a: -2.5 }, -3], // Go's math.Round: halves away from zero
    ['int(a) % int(b)', { a: 7.9, b: 2 }, 1],
    ['-7 % 3', {}, -1], // Go's %: the sign of the dividend
    ['a == 1 && b != 1 ? 10 : 20', { a: 1, b: 2 }, 10],
    ['!(a < b) || b >= 3 ? 10 : 20', { a: 1, b: 2 }, 20],
    ['not (a < b) or b >= 3 ? 10 : 20', { a: 1, b: 2 }, 20],
    ['1 < a < 3 ? 10 : 20', { a: 2 }, 10], // chained comparison: 1 < a && a < 3
    ['float(a)', { a: 2 }, 2],
    ['-a + +b', { a: 2, b: 5 }, 3],
    ['2 ** 10 + 2 ^ 2', {}, 1028],
    ['2 ** 3 ** 2', {}, 512], // right associative
    ['7 / 2', {}, 3.5], // `/` always divides as floats
    ['a / 0', { a: 1 }, Number.POSITIVE_INFINITY],
    ['0x10 + 0o10 + 0b10 + 1_000 + .5 + 1e2', {}, 1126.5],
    ['let x = a * 2; let y = x + 1; y', { a: 2 }, 5],
    ['if a > 1 { a } else if b > 1 { b } else { 0 }', { a: 0, b: 3 }, 3],
    ['a in [1, 2] ? 1 : 0', { a: 2 }, 1],
    ['a not in [1, 2] ? 1 : 0', { a: 2 }, 0],
    ['[a, b, c][-1]', { a: 1, b: 2, c: 3 }, 3],
    ['a + b // a comment', { a: 1, b: 2 }, Number.NaN], // a trailing comment swallows float()'s closing bracket
    ['a + b // a comment\n', { a: 1, b: 2 }, 3],
    ['/* load */ a + b', { a: 1, b: 2 }, 3],
    ['9223372036854775807 + 1 < 0 ? 1 : 0', {}, 1], // Go int wraps
  ] as const)('%s', (formula, values, expected) => {
    if (Number.isNaN(expected)) {
      expect(() => run(formula, values)).toThrow(/scalingModifiers\.formula/);
      return;
    }
    expect(run(formula, values)).toBe(expected);
  });

  it('?? falls through nil terms, and a formula with ?? may yield nil (castToFloatIfNecessary keeps it)', () => {
    expect(run('a ?? b ?? 8', { a: null, b: null })).toBe(8);
    expect(run('a ?? b ?? 8', { a: null, b: 3 })).toBe(3);
    expect(run('a ?? b', { a: null, b: null })).toBeNull();
    expect(castToFloatIfNecessary('a ?? 1').source).toBe(
      'let _kedaCompositeResult = (a ?? 1); _kedaCompositeResult == nil ? nil : float(_kedaCompositeResult)',
    );
    expect(castToFloatIfNecessary('a + 1').source).toBe('float(a + 1)');
    expect(castToFloatIfNecessary('float(a) > 1').source).toBe('float(a) > 1');
  });

  it('a formula written as float(...) escapes the float() wrapping and may return a boolean', () => {
    expect(run('float(a) > 1', { a: 5 })).toBe(true);
  });
});

describe('formula language: predicate builtins with # (expr builtin/builtin.go)', () => {
  it.each([
    ['count([a, b, c], # > 5)', { a: 7, b: 2, c: 9 }, 2],
    ['count([a > 1, b > 1])', { a: 7, b: 0 }, 1], // without a predicate: the true elements
    ['sum(map([a, b], # * 2))', { a: 1.5, b: 2 }, 7],
    ['sum([a, b], # * 10)', { a: 1, b: 2 }, 30],
    ['sum([])', {}, 0],
    ['all([a, b], {# > 1}) ? 1 : 0', { a: 2, b: 3 }, 1],
    ['all([], # > 1) ? 1 : 0', {}, 1],
    ['any([a, b], # > 2) ? 1 : 0', { a: 2, b: 3 }, 1],
    ['any([], # > 2) ? 1 : 0', {}, 0],
    ['none([a, b], # > 5) ? 1 : 0', { a: 2, b: 3 }, 1],
    ['one([a, b], # > 2) ? 1 : 0', { a: 2, b: 3 }, 1],
    ['one([a, b], # > 1) ? 1 : 0', { a: 2, b: 3 }, 0],
    ['len(filter([a, b, c], # != nil))', { a: null, b: 1, c: 2 }, 2],
    ['sum(filter([a, b, c], # != nil))', { a: null, b: 1, c: 2 }, 3],
    ['len([a, b, c])', {}, 3],
    ['find([a, b, c], # > 1) ?? 0', { a: 1, b: 5, c: 9 }, 5], // nothing is found at -1: float(nil) without ??
    ['findLast([a, b, c], # > 1) ?? 0', { a: 1, b: 5, c: 9 }, 9],
    ['findIndex([a, b, c], # > 1) ?? -1', { a: 1, b: 5, c: 9 }, 1],
    ['reduce([a, b, c], #acc + #, 0)', { a: 1, b: 2, c: 3 }, 6],
    ['reduce([a, b, c], #acc > # ? #acc : #)', { a: 1, b: 7, c: 3 }, 7],
    ['sum(map([a, b], # * #index))', { a: 5, b: 7 }, 7],
    ['count([a, b], { let v = #; v > 1 })', { a: 5, b: 0 }, 1],
    ['sum(map([a, b], count([1, 2, 3], # < 3)))', { a: 0, b: 0 }, 4], // the inner # is the inner element
    ['max([a, b], c)', { a: 1, b: 5, c: 3 }, 5],
    ['mean([a, b])', { a: 1, b: 2 }, 1.5],
    ['median([a, b, c, 4])', { a: 1, b: 2, c: 3 }, 2.5],
    ['first([a, b]) + last([a, b])', { a: 1, b: 2 }, 3],
    ['[a, b] | sum()', { a: 1, b: 2 }, 3],
    ['sum(1..4)', {}, 10],
    ['count(1..10, # % 2 == 0)', {}, 5],
  ] as const)('%s', (formula, values, expected) => {
    expect(run(formula, values)).toBe(expected);
  });

  it('all and any stop at the first decisive element, as expr jumps out of the loop', () => {
    // The second element would fail (nil > 1); all stops at the first false, any at the first true.
    expect(run('all([a, b], # > 1) ? 1 : 0', { a: 0, b: null })).toBe(0);
    expect(run('any([a, b], # > 1) ? 1 : 0', { a: 5, b: null })).toBe(1);
    expect(() => run('one([a, b], # > 1) ? 1 : 0', { a: 5, b: null })).toThrow(/<nil> > int/);
  });

  const numbers = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 8 });
  const formulaOver = (values: number[], body: (list: string) => string) => {
    const names = values.map((_, i) => `t${i}`);
    const env = Object.fromEntries(values.map((v, i) => [`t${i}`, v]));
    return compileFormula(body(`[${names.join(', ')}]`), names)(env);
  };

  it('count, all, any, none, one and filter agree with the same predicate over any list (property)', () => {
    fc.assert(
      fc.property(numbers, fc.integer({ min: -5, max: 5 }), (values, t) => {
        const holds = values.filter((v) => v > t).length;
        expect(formulaOver(values, (l) => `count(${l}, # > ${t})`)).toBe(holds);
        expect(formulaOver(values, (l) => `len(filter(${l}, # > ${t}))`)).toBe(holds);
        expect(formulaOver(values, (l) => `all(${l}, # > ${t}) ? 1 : 0`)).toBe(holds === values.length ? 1 : 0);
        expect(formulaOver(values, (l) => `any(${l}, # > ${t}) ? 1 : 0`)).toBe(holds > 0 ? 1 : 0);
        expect(formulaOver(values, (l) => `none(${l}, # > ${t}) ? 1 : 0`)).toBe(holds === 0 ? 1 : 0);
        expect(formulaOver(values, (l) => `one(${l}, # > ${t}) ? 1 : 0`)).toBe(holds === 1 ? 1 : 0);
      }),
    );
  });

  it('sum adds left to right from the integer 0, and sum(map(l, # * 2)) is twice sum(l) (property)', () => {
    fc.assert(
      fc.property(numbers, (values) => {
        const sum = values.reduce((acc, v) => v + acc, 0);
        expect(formulaOver(values, (l) => `sum(${l})`)).toBe(sum);
        expect(formulaOver(values, (l) => `sum(map(${l}, # * 2))`)).toBe(2 * sum);
        expect(formulaOver(values, (l) => `reduce(${l}, #acc + #, 0)`)).toBe(sum);
      }),
    );
  });
});

describe('formula language: refused, with the problem named', () => {
  it.each([
    // KEDA compiles with every trigger typed float64: expr's checker refuses these (checker/checker.go)
    ['a % b', /invalid operation: % \(mismatched types float64 and float64\).*use int\(x\) % n/],
    ['a && b', /invalid operation: && \(mismatched types float64 and float64\)/],
    ['!a', /invalid operation: ! \(mismatched type float64\)/],
    ['a ? 1 : 2', /non-bool expression \(type float64\) used as condition/],
    ['a == true ? 1 : 2', /invalid operation: == \(mismatched types float64 and bool\)/],
    ['a + d', /unknown variable "d" \(variables are trigger names: a, b, c\)/],
    ['find([a], # > 1)', /fails with every trigger at -1.*invalid operation: float\(<nil>\)/],
    ['a > 1', /invalid argument for float \(type bool\)/], // castToFloatIfNecessary wraps it in float()
    ['all([a, b], #)', /predicate should return boolean \(got float64\)/],
    ['count(a, # > 1)', /builtin count takes only array \(got float64\)/],
    ['map([a], nil)', /predicate should has one input and one output param/],
    ['sum([a], #index)', /unknown pointer #index \(here: #\)/],
    ['max()', /not enough arguments to call max/],
    ['abs(a, b)', /abs\(\): invalid number of arguments \(expected 1, got 2\)/],
    ['len(a)', /invalid argument for len \(type float64\)/],
    ['let a = 1; a', /cannot redeclare a/],
    ['1..a', /invalid operation: \.\. \(mismatched types int and float64\)/],
    // the parser (parser/parser.go)
    ['a ?? b + 1', /operator \(\+\) and coalesce expressions \(\?\?\) cannot be mixed/],
    ['# > 1', /"#" \(the current element\) is only allowed inside a predicate/],
    ['all([a])', /all\(\) expects at least 2 arguments/],
    ['count([a], # > 1; # > 2)', /wrap predicate with brackets \{ and \}/],
    ['a +', /syntax error: unexpected end of formula/],
    ['a = 1', /syntax error: unexpected token "="/],
    ['(x) => 1', /syntax error: unexpected token "="/],
    ['a @ b', /syntax error: unrecognized character: "@"/],
    ['12abc', /bad number syntax/],
    ['99999999999999999999', /integer literal is too large/],
    ['/* open', /unclosed comment/],
    // outside the numeric subset: named rather than a generic syntax error
    ['a.constructor', /member access \(\.\) is not supported/],
    ['a["x"]', /strings are not supported/],
    ['"text"', /strings are not supported/],
    ['{x: 1}', /maps \(\{key: value\}\) are not supported/],
    ['[a][0:1]', /slices \(\[from:to\]\) are not supported/],
    ['upper(a)', /function "upper" is not supported in scalingModifiers formulas/],
    ['eval(a)', /unknown function "eval" \(supported: min, max/],
    // KEDA's webhook runs the formula once with every trigger at -1
    ['a > 100 ? a : nil', /fails with every trigger at -1.*invalid operation: float\(<nil>\)/],
    ['int(a) % 0', /fails with every trigger at -1.*integer divide by zero/],
    ['[a][3]', /fails with every trigger at -1.*index out of range: 3 \(array length is 1\)/],
    ['reduce([], #acc + #)', /fails with every trigger at -1.*reduce of empty array/],
  ])('refuses %s', (formula, message) => {
    expect(() => compileFormula(formula, vars)).toThrow(message);
  });

  it('a compile error carries CONFIG_ERROR and the column in the formula as written', () => {
    const error = (() => {
      try {
        compileFormula('a + d', vars);
      } catch (e) {
        return e as { code: string; message: string };
      }
      return undefined;
    })();
    expect(error?.code).toBe('CONFIG_ERROR');
    expect(error?.message).toMatch(/^scalingModifiers\.formula "a \+ d": unknown variable "d" .*\(column 5\)/);
  });

  it('a formula that fails on the values given throws METRIC_ERROR naming the operation', () => {
    const f = compileFormula('a + b', vars);
    expect(() => f({ a: null, b: 1 })).toThrow(
      expect.objectContaining({
        code: 'METRIC_ERROR',
        message: 'scalingModifiers.formula "a + b" failed: invalid operation: <nil> + float64',
      }),
    );
  });
});
