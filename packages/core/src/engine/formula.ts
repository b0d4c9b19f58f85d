import { compile, parse } from 'subscript/justin';
import { ScalerError } from '../errors.js';

/** A compiled scalingModifiers formula: evaluates against trigger values (`null` = no value). */
export type CompiledFormula = (variables: Readonly<Record<string, number | null>>) => unknown;

const BINARY = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  '&&',
  '||',
  '??',
]);
const UNARY = new Set(['-', '+', '!']);

/** Functions a formula may call (expr-lang builtins with the same meaning). */
export const FORMULA_FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = Object.freeze({
  min: (...a: number[]) => Math.min(...a),
  max: (...a: number[]) => Math.max(...a),
  abs: (x: number) => Math.abs(x),
  ceil: (x: number) => Math.ceil(x),
  floor: (x: number) => Math.floor(x),
  // expr-lang's round is Go's math.Round: halves away from zero (-2.5 → -3), unlike Math.round.
  round: (x: number) => Math.sign(x) * Math.round(Math.abs(x)),
  float: (x: number) => Number(x),
  int: (x: number) => Math.trunc(Number(x)),
});

function invalid(formula: string, problem: string): never {
  throw new ScalerError(
    `scalingModifiers.formula ${JSON.stringify(formula)}: ${problem}. Supported: numbers, nil, trigger names, + - * / % **, ` +
      `comparisons, && || !, ?:, ??, parentheses and ${Object.keys(FORMULA_FUNCTIONS).join('/')}()`,
    { code: 'CONFIG_ERROR' },
  );
}

type Node = string | [unknown, ...unknown[]];

function check(formula: string, node: unknown, variables: ReadonlySet<string>): void {
  if (typeof node === 'string') {
    if (node === 'nil') return; // expr-lang's null literal (e.g. `a > 100 ? a : nil` → fallback replicas × target)
    if (!variables.has(node)) invalid(formula, `unknown variable "${node}" (variables are trigger names)`);
    return;
  }
  if (!Array.isArray(node)) invalid(formula, 'unsupported construct');
  const [op, ...args] = node as [unknown, ...unknown[]];
  if (op === null || op === undefined) {
    const value = args[0];
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) return;
    invalid(formula, `unsupported literal ${JSON.stringify(value)}`);
  }
  if (op === '()') {
    if (args.length === 1) {
      check(formula, args[0], variables); // grouping
      return;
    }
    const [callee, list] = args;
    if (typeof callee !== 'string' || !Object.hasOwn(FORMULA_FUNCTIONS, callee)) {
      invalid(formula, `unknown function ${JSON.stringify(callee)}`);
    }
    // subscript gives `null` for an empty argument list, which check() refuses: no builtin takes none.
    const params = Array.isArray(list) && list[0] === ',' ? list.slice(1) : [list];
    for (const p of params) check(formula, p, variables);
    return;
  }
  if (op === '?' && args.length === 3) {
    for (const a of args) check(formula, a, variables);
    return;
  }
  if (typeof op === 'string' && args.length === 2 && BINARY.has(op)) {
    for (const a of args) check(formula, a, variables);
    return;
  }
  if (typeof op === 'string' && args.length === 1 && UNARY.has(op)) {
    check(formula, args[0], variables);
    return;
  }
  invalid(formula, `unsupported operator ${JSON.stringify(op)}`);
}

/**
 * Parses and compiles a KEDA scalingModifiers formula with subscript (an AST evaluator: no `eval`, no
 * `new Function`). Only a whitelisted subset of expr-lang is accepted; anything else is refused at
 * compile time with the construct named.
 */
export function compileFormula(formula: string, variables: readonly string[]): CompiledFormula {
  let ast: Node;
  try {
    ast = parse(formula) as Node;
  } catch (e) {
    invalid(formula, `syntax error: ${(e as Error).message.split('\n')[0]}`);
  }
  check(formula, ast, new Set(variables));
  const run = compile(ast as never) as (context: Record<string, unknown>) => unknown;
  return (values) => run({ ...FORMULA_FUNCTIONS, nil: null, ...values });
}
