// Static checks of a formula before it runs, after expr-lang v1.17.8's checker/checker.go (the check KEDA v2.21.0's
// webhook applies through expr.Compile with every trigger typed float64): unknown names, operands of the wrong
// type (`a % 2` on float64 values, `a && b`), predicates that do not return a boolean, arity of builtins.
import { type FormulaNode, FormulaSyntaxError } from './formula-syntax.js';

/** What the checker knows of a value's type (expr's "nature"); `unknown` is `interface {}`. */
export type Nature =
  | { t: 'int' | 'float' | 'bool' | 'nil' | 'unknown' }
  | { t: 'array'; elem: Nature }
  | { t: 'predicate'; out: Nature | undefined };

const INT: Nature = { t: 'int' };
const FLOAT: Nature = { t: 'float' };
const BOOL: Nature = { t: 'bool' };
const UNKNOWN: Nature = { t: 'unknown' };
const arrayOf = (elem: Nature): Nature => ({ t: 'array', elem });

/** Go's name of a nature, as expr's messages print it. */
export function natureName(n: Nature): string {
  switch (n.t) {
    case 'float':
      return 'float64';
    case 'unknown':
      return 'interface {}';
    case 'array':
      return `[]${natureName(n.elem)}`;
    case 'predicate':
      return 'func';
    default:
      return n.t;
  }
}

const isNumber = (n: Nature) => n.t === 'int' || n.t === 'float';
const isUnknown = (n: Nature) => n.t === 'unknown';
const elemOf = (n: Nature): Nature => (n.t === 'array' ? n.elem : UNKNOWN);
/** expr's MaybeCompatible: both unknown, or one unknown and the other passes the check. */
const maybe = (l: Nature, r: Nature, ok: (n: Nature) => boolean) =>
  (isUnknown(l) && isUnknown(r)) || (isUnknown(l) && ok(r)) || (isUnknown(r) && ok(l));
const comparable = (l: Nature, r: Nature) =>
  isUnknown(l) ||
  isUnknown(r) ||
  l.t === 'nil' ||
  r.t === 'nil' ||
  (isNumber(l) && isNumber(r)) ||
  (l.t === 'array' && r.t === 'array') ||
  l.t === r.t;
const assignable = (n: Nature, to: Nature) =>
  (n.t === 'nil' && (to.t === 'array' || to.t === 'unknown')) ||
  (n.t !== 'nil' && (to.t === 'unknown' || n.t === to.t));

/** Builtins that take a collection and, optionally, a predicate (`all(list, # > 1)`): checked by predicateCall. */
const PREDICATE_BUILTINS = [
  'all',
  'any',
  'none',
  'one',
  'filter',
  'map',
  'count',
  'sum',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'reduce',
] as const;
/** Every builtin the formula subset implements (the predicate ones last); other expr builtins are refused by name. */
export const FORMULA_BUILTINS = [
  'min',
  'max',
  'abs',
  'ceil',
  'floor',
  'round',
  'int',
  'float',
  'len',
  'mean',
  'median',
  'first',
  'last',
  ...PREDICATE_BUILTINS,
] as const;
const SUPPORTED = new Set<string>(FORMULA_BUILTINS);
const PREDICATE_SHAPED = new Set<string>(PREDICATE_BUILTINS);
// expr's other builtins (builtin/builtin.go): known to KEDA, but they work on strings, maps or dates.
const OTHER_EXPR_BUILTINS = new Set(
  (
    'groupBy sortBy type string trim trimPrefix trimSuffix upper lower split splitAfter replace repeat join indexOf ' +
    'lastIndexOf hasPrefix hasSuffix toJSON fromJSON toBase64 fromBase64 now duration date timezone get ' +
    'take keys values toPairs fromPairs sort concat flatten uniq reverse bitand bitor bitxor bitnand bitnot bitshl ' +
    'bitshr bitushr'
  ).split(' '),
);

interface PredicateScope {
  collection: Nature;
  vars: Record<string, Nature>;
}

export class FormulaChecker {
  private readonly lets: { name: string; nature: Nature }[] = [];
  private readonly predicates: PredicateScope[] = [];
  constructor(private readonly variables: ReadonlySet<string>) {}

  private fail(node: FormulaNode, message: string): never {
    throw new FormulaSyntaxError(message, node.at, 'type');
  }

  check(node: FormulaNode): Nature {
    switch (node.kind) {
      case 'int':
        return INT;
      case 'float':
        return FLOAT;
      case 'bool':
        return BOOL;
      case 'nil':
        return { t: 'nil' };
      case 'name': {
        for (let i = this.lets.length - 1; i >= 0; i--)
          if (this.lets[i]?.name === node.name) return this.lets[i]!.nature;
        if (this.variables.has(node.name)) return FLOAT; // KEDA compiles with map[string]float64
        const known = [...this.variables].join(', ') || 'none: name the triggers';
        return this.fail(node, `unknown variable "${node.name}" (variables are trigger names: ${known})`);
      }
      case 'pointer':
        return this.pointer(node);
      case 'unary':
        return this.unary(node);
      case 'binary':
        return this.binary(node);
      case 'conditional': {
        const condition = this.check(node.condition);
        if (condition.t !== 'bool' && !isUnknown(condition)) {
          this.fail(node.condition, `non-bool expression (type ${natureName(condition)}) used as condition`);
        }
        const a = this.check(node.whenTrue);
        const b = this.check(node.whenFalse);
        if (a.t === 'nil') return b;
        if (b.t === 'nil') return a;
        if (assignable(a, b)) {
          if (a.t === 'array' && b.t === 'array' && !(assignable(a.elem, b.elem) && assignable(b.elem, a.elem))) {
            return arrayOf(UNKNOWN);
          }
          return a;
        }
        return UNKNOWN;
      }
      case 'array': {
        const natures = node.items.map((item) => this.check(item));
        const same = natures.every((n) => n.t === natures[0]?.t);
        return arrayOf(same && natures.length > 0 ? (natures.at(-1) as Nature) : UNKNOWN);
      }
      case 'index': {
        const target = this.check(node.target);
        const index = this.check(node.index);
        if (target.t !== 'array' && !isUnknown(target)) {
          this.fail(node, `type ${natureName(target)} has no elements to select with [ ]`);
        }
        if (target.t === 'array' && index.t !== 'int' && !isUnknown(index)) {
          this.fail(node.index, `array elements can only be selected using an integer (got ${natureName(index)})`);
        }
        return elemOf(target);
      }
      case 'call':
        return this.call(node);
      case 'predicate': {
        const body = this.check(node.body);
        return { t: 'predicate', out: body.t === 'nil' ? undefined : body };
      }
      case 'let': {
        if (this.variables.has(node.name) || SUPPORTED.has(node.name) || OTHER_EXPR_BUILTINS.has(node.name)) {
          this.fail(node, `cannot redeclare ${node.name}`);
        }
        if (this.lets.some((l) => l.name === node.name)) this.fail(node, `cannot redeclare variable ${node.name}`);
        this.lets.push({ name: node.name, nature: this.check(node.value) });
        const body = this.check(node.body);
        this.lets.pop();
        return body;
      }
      case 'sequence':
        return node.nodes.map((n) => this.check(n)).at(-1) as Nature;
    }
  }

  private pointer(node: Extract<FormulaNode, { kind: 'pointer' }>): Nature {
    const scope = this.predicates.at(-1) as PredicateScope; // the parser allows # only inside a predicate
    if (node.name === '') return elemOf(scope.collection);
    const named = scope.vars[node.name];
    if (named === undefined) {
      const available = Object.keys(scope.vars).map((v) => `#${v}`);
      this.fail(
        node,
        `unknown pointer #${node.name}${available.length > 0 ? ` (here: #, ${available.join(', ')})` : ' (here: #)'}`,
      );
    }
    return named;
  }

  private unary(node: Extract<FormulaNode, { kind: 'unary' }>): Nature {
    const n = this.check(node.operand);
    if (node.op === '!' || node.op === 'not') {
      if (n.t === 'bool' || isUnknown(n)) return BOOL;
    } else if (isNumber(n) || isUnknown(n)) {
      return n;
    }
    return this.fail(node, `invalid operation: ${node.op} (mismatched type ${natureName(n)})`);
  }

  private binary(node: Extract<FormulaNode, { kind: 'binary' }>): Nature {
    const l = this.check(node.left);
    const r = this.check(node.right);
    const numbers = isNumber(l) && isNumber(r);
    switch (node.op) {
      case '==':
      case '!=':
        if (comparable(l, r)) return BOOL;
        break;
      case 'or':
      case '||':
      case 'and':
      case '&&':
        if ((l.t === 'bool' && r.t === 'bool') || maybe(l, r, (n) => n.t === 'bool')) return BOOL;
        break;
      case '<':
      case '>':
      case '<=':
      case '>=':
        if (numbers || maybe(l, r, isNumber)) return BOOL;
        break;
      case '+':
      case '-':
      case '*':
        if (numbers) return l.t === 'float' || r.t === 'float' ? FLOAT : INT;
        if (maybe(l, r, isNumber)) return UNKNOWN;
        break;
      case '/':
      case '**':
      case '^':
        if (numbers || maybe(l, r, isNumber)) return FLOAT;
        break;
      case '%':
        if ((l.t === 'int' && r.t === 'int') || maybe(l, r, (n) => n.t === 'int')) return INT;
        break;
      case '..':
        if ((l.t === 'int' && r.t === 'int') || maybe(l, r, (n) => n.t === 'int')) return arrayOf(INT);
        break;
      case 'in':
        if (r.t === 'array') {
          if (!comparable(l, r.elem)) {
            this.fail(node, `cannot use ${natureName(l)} as type ${natureName(r.elem)} in array`);
          }
          return BOOL;
        }
        if (isUnknown(r)) return BOOL;
        break;
      case '??':
        if (l.t === 'nil') return r;
        if (r.t === 'nil') return l;
        return assignable(r, l) ? l : UNKNOWN;
    }
    return this.fail(
      node,
      `invalid operation: ${node.op} (mismatched types ${natureName(l)} and ${natureName(r)})` +
        (node.op === '%' && (l.t === 'float' || r.t === 'float')
          ? '; % takes integers and trigger values are float64: use int(x) % n'
          : ''),
    );
  }

  private withPredicate(collection: Nature, vars: Record<string, Nature>, predicate: FormulaNode): Nature | undefined {
    this.predicates.push({ collection, vars });
    const nature = this.check(predicate);
    this.predicates.pop();
    return nature.t === 'predicate' ? nature.out : undefined;
  }

  private call(node: Extract<FormulaNode, { kind: 'call' }>): Nature {
    const { name, args } = node;
    if (!SUPPORTED.has(name)) {
      if (OTHER_EXPR_BUILTINS.has(name)) {
        this.fail(
          node,
          `function "${name}" is not supported in scalingModifiers formulas (it works on strings, maps or dates)`,
        );
      }
      this.fail(node, `unknown function "${name}" (supported: ${FORMULA_BUILTINS.join(', ')})`);
    }
    if (PREDICATE_SHAPED.has(name)) return this.predicateCall(node);
    const natures = args.map((a) => this.check(a));
    const arity = (n: number) => {
      if (natures.length !== n) {
        this.fail(node, `${name}(): invalid number of arguments (expected ${n}, got ${natures.length})`);
      }
    };
    const only = (ok: (n: Nature) => boolean, what = `invalid argument for ${name}`): Nature => {
      arity(1);
      const n = natures[0] as Nature;
      if (!ok(n) && !isUnknown(n)) this.fail(node, `${what} (type ${n.t === 'nil' ? '<nil>' : natureName(n)})`);
      return n;
    };
    switch (name) {
      case 'len':
        only((n) => n.t === 'array');
        return INT;
      case 'abs':
        return only(isNumber);
      case 'ceil':
      case 'floor':
      case 'round':
        only(isNumber);
        return FLOAT;
      case 'int':
        only(isNumber);
        return INT;
      case 'float':
        only(isNumber);
        return FLOAT;
      case 'first':
      case 'last':
        return elemOf(only((n) => n.t === 'array', `cannot get ${name} element from`));
      default: {
        // min, max, mean, median: expr's validateAggregateFunc
        if (natures.length === 0) this.fail(node, `not enough arguments to call ${name}`);
        for (const n of natures) {
          if (isUnknown(n) || n.t === 'array') return UNKNOWN;
          if (!isNumber(n))
            this.fail(node, `invalid argument for ${name} (type ${n.t === 'nil' ? '<nil>' : natureName(n)})`);
        }
        return name === 'mean' || name === 'median' ? FLOAT : (natures[0] as Nature);
      }
    }
  }

  private predicateCall(node: Extract<FormulaNode, { kind: 'call' }>): Nature {
    const { name, args } = node;
    const collection = this.check(args[0] as FormulaNode);
    if (collection.t !== 'array' && !isUnknown(collection)) {
      this.fail(args[0] as FormulaNode, `builtin ${name} takes only array (got ${natureName(collection)})`);
    }
    const predicate = args[1];
    if (predicate === undefined) return name === 'count' ? INT : elemOf(collection); // count(list), sum(list)
    const vars: Record<string, Nature> =
      name === 'map' ? { index: INT } : name === 'reduce' ? { index: INT, acc: UNKNOWN } : {};
    const out = this.withPredicate(collection, vars, predicate);
    if (out === undefined) this.fail(predicate, 'predicate should has one input and one output param (it returns nil)');
    if (args[2] !== undefined) this.check(args[2]);
    const needsBool = !['map', 'sum', 'reduce'].includes(name);
    if (needsBool && out.t !== 'bool' && !isUnknown(out)) {
      this.fail(predicate, `predicate should return boolean (got ${natureName(out)})`);
    }
    switch (name) {
      case 'all':
      case 'any':
      case 'none':
      case 'one':
        return BOOL;
      case 'filter':
        return arrayOf(elemOf(collection));
      case 'map':
        return arrayOf(out);
      case 'count':
      case 'findIndex':
      case 'findLastIndex':
        return INT;
      case 'find':
      case 'findLast':
        return elemOf(collection);
      default:
        return out; // sum with a predicate, reduce
    }
  }
}
