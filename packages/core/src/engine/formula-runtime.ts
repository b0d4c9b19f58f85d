// Evaluation of a checked formula with expr-lang v1.17.8's run-time semantics (vm/vm.go, vm/runtime, builtin/lib.go):
// integers are Go int (int64, wrapping; here bigint) and stay apart from float64 (here number); `/` and `**` always
// give a float; `%` takes integers only; `&&`, `||`, `!`, `?:` and predicates need booleans; `??` replaces nil;
// `all`, `any` and `none` stop at the first decisive element; `sum` starts from the integer 0.
import type { FormulaNode } from './formula-syntax.js';

/** A run-time value: nil, bool, int (bigint), float64 (number) or an array of values. */
export type FormulaValue = null | boolean | bigint | number | FormulaValue[];

/** An error while the formula runs (expr's run-time panics, with expr's wording where it has one). */
export class FormulaRuntimeError extends Error {}

const MEMORY_BUDGET = 1_000_000; // expr's conf.DefaultMemoryBudget: the largest array a formula may build
const MIN_INT64 = -9223372036854775808n;

/** Go's name of a run-time value's type, as expr's messages print it. */
export function goTypeName(v: FormulaValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  return '[]interface {}';
}

const fail = (message: string): never => {
  throw new FormulaRuntimeError(message);
};
const isNumeric = (v: FormulaValue): v is bigint | number => typeof v === 'bigint' || typeof v === 'number';
const int64 = (v: bigint) => BigInt.asIntN(64, v);

/** Go's float64 → int conversion on amd64: truncation, and the "integer indefinite" value out of range. */
export function goInt(x: number): bigint {
  if (!Number.isFinite(x) || x >= 2 ** 63 || x < -(2 ** 63)) return MIN_INT64;
  return BigInt(Math.trunc(x));
}

/** Go's math.Pow where it differs from JavaScript's `**` (1 to any power and -1 to ±Inf are 1). */
function goPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && !Number.isFinite(y) && !Number.isNaN(y))) return 1;
  return x ** y;
}

function goEqual(a: FormulaValue, b: FormulaValue): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => goEqual(x, b[i] ?? null));
  return a === b;
}

function arithmetic(op: string, a: FormulaValue, b: FormulaValue): FormulaValue {
  if (!isNumeric(a) || !isNumeric(b)) return fail(`invalid operation: ${goTypeName(a)} ${op} ${goTypeName(b)}`);
  if (op === '/') return Number(a) / Number(b);
  if (op === '**' || op === '^') return goPow(Number(a), Number(b));
  if (op === '%') {
    if (typeof a !== 'bigint' || typeof b !== 'bigint')
      return fail(`invalid operation: ${goTypeName(a)} % ${goTypeName(b)}`);
    if (b === 0n) return fail('integer divide by zero');
    return int64(a % b);
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    return int64(op === '+' ? a + b : op === '-' ? a - b : a * b);
  }
  const x = Number(a);
  const y = Number(b);
  return op === '+' ? x + y : op === '-' ? x - y : x * y;
}

function compare(op: string, a: FormulaValue, b: FormulaValue): boolean {
  if (!isNumeric(a) || !isNumeric(b)) return fail(`invalid operation: ${goTypeName(a)} ${op} ${goTypeName(b)}`);
  const [x, y] = typeof a === 'bigint' && typeof b === 'bigint' ? [a, b] : [Number(a), Number(b)];
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

function truth(v: FormulaValue, where: string): boolean {
  if (typeof v !== 'boolean') return fail(`${where} needs a boolean, got ${goTypeName(v)}`);
  return v;
}

function toFloat(v: FormulaValue, name: string): number {
  if (!isNumeric(v)) return fail(`invalid argument for ${name} (type ${goTypeName(v)})`);
  return Number(v);
}

/** expr's minMax: numbers and (nested) arrays of numbers; ties keep the first; an empty list gives nil. */
function minMax(name: 'min' | 'max', args: FormulaValue[]): FormulaValue {
  let best: FormulaValue = null;
  const visit = (v: FormulaValue, depth: number) => {
    if (Array.isArray(v)) {
      for (const e of v) visit(e, depth + 1);
      return;
    }
    if (!isNumeric(v)) {
      if (depth === 0 && args.length === 1) {
        best = v;
        return;
      }
      fail(`invalid argument for ${name} (type ${goTypeName(v)})`);
    }
    if (best === null || (name === 'max' ? compare('<', best, v) : compare('>', best, v))) best = v;
  };
  for (const a of args) visit(a, 0);
  return best;
}

function numbersOf(name: string, args: FormulaValue[]): number[] {
  const out: number[] = [];
  const visit = (v: FormulaValue) => {
    if (Array.isArray(v)) for (const e of v) visit(e);
    else out.push(toFloat(v, name));
  };
  for (const a of args) visit(a);
  return out;
}

interface Frame {
  lets: Map<string, FormulaValue>;
  pointers: { element: FormulaValue; index: bigint; acc: FormulaValue }[];
}

/** Runs a checked formula against trigger values (`null` for a trigger with no value). */
export function evaluateFormula(node: FormulaNode, variables: Readonly<Record<string, FormulaValue>>): FormulaValue {
  return run(node, variables, { lets: new Map(), pointers: [] });
}

function run(node: FormulaNode, vars: Readonly<Record<string, FormulaValue>>, frame: Frame): FormulaValue {
  const go = (n: FormulaNode) => run(n, vars, frame);
  switch (node.kind) {
    case 'int':
    case 'float':
    case 'bool':
      return node.value;
    case 'nil':
      return null;
    case 'name':
      if (frame.lets.has(node.name)) return frame.lets.get(node.name) as FormulaValue;
      return vars[node.name] ?? null;
    case 'pointer': {
      const scope = frame.pointers.at(-1);
      if (scope === undefined) return fail('# outside a predicate');
      return node.name === '' ? scope.element : node.name === 'index' ? scope.index : scope.acc;
    }
    case 'unary': {
      const v = go(node.operand);
      if (node.op === '!' || node.op === 'not') return !truth(v, `operator ${node.op}`);
      if (!isNumeric(v)) return fail(`invalid operation: ${node.op}${goTypeName(v)}`);
      if (node.op === '+') return v;
      return typeof v === 'bigint' ? int64(-v) : -v;
    }
    case 'binary':
      return binary(node, go);
    case 'conditional':
      return truth(go(node.condition), 'the condition of ?:') ? go(node.whenTrue) : go(node.whenFalse);
    case 'array':
      return node.items.map(go);
    case 'index': {
      const target = go(node.target);
      const index = go(node.index);
      if (!Array.isArray(target) || !isNumeric(index)) {
        return fail(`cannot fetch ${String(index)} from ${goTypeName(target)}`);
      }
      let i = typeof index === 'bigint' ? Number(index) : Math.trunc(index);
      if (i < 0) i += target.length;
      if (i < 0 || i >= target.length)
        return fail(`index out of range: ${String(index)} (array length is ${target.length})`);
      return target[i] as FormulaValue;
    }
    case 'call':
      return call(node, vars, frame);
    case 'predicate':
      return go(node.body);
    case 'let': {
      const value = go(node.value);
      const lets = new Map(frame.lets).set(node.name, value);
      return run(node.body, vars, { lets, pointers: frame.pointers });
    }
    case 'sequence': {
      let last: FormulaValue = null;
      for (const n of node.nodes) last = go(n);
      return last;
    }
  }
}

function binary(node: Extract<FormulaNode, { kind: 'binary' }>, go: (n: FormulaNode) => FormulaValue): FormulaValue {
  const { op } = node;
  if (op === '&&' || op === 'and') return truth(go(node.left), `operator ${op}`) ? go(node.right) : false;
  if (op === '||' || op === 'or') return truth(go(node.left), `operator ${op}`) ? true : go(node.right);
  if (op === '??') {
    const left = go(node.left);
    return left !== null ? left : go(node.right);
  }
  const a = go(node.left);
  const b = go(node.right);
  switch (op) {
    case '==':
      return goEqual(a, b);
    case '!=':
      return !goEqual(a, b);
    case '<':
    case '>':
    case '<=':
    case '>=':
      return compare(op, a, b);
    case 'in':
      if (!Array.isArray(b)) return fail(`operator in needs an array on its right, got ${goTypeName(b)}`);
      return b.some((e) => goEqual(a, e));
    case '..': {
      if (typeof a !== 'bigint' || typeof b !== 'bigint')
        return fail(`invalid operation: ${goTypeName(a)}..${goTypeName(b)}`);
      const size = b - a + 1n;
      if (size > BigInt(MEMORY_BUDGET)) return fail('memory budget exceeded');
      return Array.from({ length: size > 0n ? Number(size) : 0 }, (_, i) => a + BigInt(i));
    }
    default:
      return arithmetic(op, a, b);
  }
}

function call(
  node: Extract<FormulaNode, { kind: 'call' }>,
  vars: Readonly<Record<string, FormulaValue>>,
  frame: Frame,
): FormulaValue {
  const { name } = node;
  const go = (n: FormulaNode) => run(n, vars, frame);
  const predicateNode = node.args[1];
  if (predicateNode?.kind === 'predicate' || name === 'count' || name === 'sum') {
    const list = go(node.args[0] as FormulaNode);
    if (!Array.isArray(list)) return fail(`builtin ${name} needs an array, got ${goTypeName(list)}`);
    let acc: FormulaValue = null;
    const test = (element: FormulaValue, index: number): FormulaValue => {
      if (predicateNode === undefined) return element;
      frame.pointers.push({ element, index: BigInt(index), acc });
      try {
        return go(predicateNode);
      } finally {
        frame.pointers.pop();
      }
    };
    const holds = (element: FormulaValue, index: number) => truth(test(element, index), `the predicate of ${name}`);
    switch (name) {
      case 'all':
        return list.every(holds);
      case 'any':
        return list.some(holds);
      case 'none':
        return !list.some(holds);
      case 'one':
        return list.filter(holds).length === 1;
      case 'filter':
        return list.filter(holds);
      case 'map':
        return list.map(test);
      case 'count':
        return BigInt(list.filter(holds).length);
      case 'sum': {
        let total: FormulaValue = 0n;
        for (const [i, e] of list.entries()) total = arithmetic('+', test(e, i), total);
        return total;
      }
      case 'find':
        return list.find(holds) ?? null;
      case 'findLast':
        return list.findLast(holds) ?? null;
      case 'findIndex': {
        const i = list.findIndex(holds);
        return i < 0 ? null : BigInt(i);
      }
      case 'findLastIndex': {
        const i = list.findLastIndex(holds);
        return i < 0 ? null : BigInt(i);
      }
      default: {
        // reduce: #acc starts at the initial value, or the first element (an empty list without one is an error)
        let start = 0;
        if (node.args[2] !== undefined) {
          acc = go(node.args[2]);
        } else {
          if (list.length === 0) return fail('reduce of empty array with no initial value');
          acc = list[0] as FormulaValue;
          start = 1;
        }
        for (let i = start; i < list.length; i++) acc = test(list[i] as FormulaValue, i);
        return acc;
      }
    }
  }
  const args = node.args.map(go);
  const [x = null] = args;
  switch (name) {
    case 'len':
      if (!Array.isArray(x)) return fail(`invalid argument for len (type ${goTypeName(x)})`);
      return BigInt(x.length);
    case 'abs':
      if (typeof x === 'bigint') return x < 0n ? int64(-x) : x;
      return x !== null && typeof x === 'number'
        ? x < 0
          ? -x
          : x
        : fail(`invalid argument for abs (type ${goTypeName(x)})`);
    case 'ceil':
      return Math.ceil(toFloat(x, name));
    case 'floor':
      return Math.floor(toFloat(x, name));
    case 'round': {
      const f = toFloat(x, name); // Go's math.Round: halves away from zero
      return Math.sign(f) * Math.round(Math.abs(f));
    }
    case 'int':
      if (typeof x === 'bigint') return x;
      return typeof x === 'number' ? goInt(x) : fail(`invalid operation: int(${goTypeName(x)})`);
    case 'float':
      return isNumeric(x) ? Number(x) : fail(`invalid operation: float(${goTypeName(x)})`);
    case 'first':
      return Array.isArray(x) ? (x[0] ?? null) : null;
    case 'last':
      return Array.isArray(x) ? (x.at(-1) ?? null) : null;
    case 'min':
    case 'max':
      return minMax(name, args);
    case 'mean': {
      const values = numbersOf(name, args);
      return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
    }
    default: {
      // median
      const values = numbersOf(name, args).sort((a, b) => a - b);
      const n = values.length;
      if (n === 0) return 0;
      return n % 2 === 1
        ? (values[(n - 1) / 2] as number)
        : ((values[n / 2 - 1] as number) + (values[n / 2] as number)) / 2;
    }
  }
}
