// The expr-lang (v1.17.8, the version KEDA v2.21.0 pins) grammar as far as a scalingModifiers formula can use it:
// the lexer follows parser/lexer/state.go and the parser parser/parser.go (operator precedence from
// parser/operator/operator.go). Constructs that only make sense for strings, maps, structs or dates are
// recognised and refused by name, so a user learns what is not supported rather than reading a syntax error.

/** A syntax tree node. `at` is the 1-based column of the token that made the node (for messages). */
export type FormulaNode =
  | { kind: 'int'; value: bigint; at: number }
  | { kind: 'float'; value: number; at: number }
  | { kind: 'bool'; value: boolean; at: number }
  | { kind: 'nil'; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'pointer'; name: string; at: number }
  | { kind: 'unary'; op: string; operand: FormulaNode; at: number }
  | { kind: 'binary'; op: string; left: FormulaNode; right: FormulaNode; at: number }
  | { kind: 'conditional'; condition: FormulaNode; whenTrue: FormulaNode; whenFalse: FormulaNode; at: number }
  | { kind: 'array'; items: FormulaNode[]; at: number }
  | { kind: 'index'; target: FormulaNode; index: FormulaNode; at: number }
  | { kind: 'call'; name: string; args: FormulaNode[]; at: number }
  | { kind: 'predicate'; body: FormulaNode; at: number }
  | { kind: 'let'; name: string; value: FormulaNode; body: FormulaNode; at: number }
  | { kind: 'sequence'; nodes: FormulaNode[]; at: number };

/** A formula the language refuses; `at` is the 1-based column. */
export class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
    /** `syntax` from the lexer and parser, `type` from the checker. */
    readonly phase: 'syntax' | 'type' = 'syntax',
  ) {
    super(message);
  }
}

type TokenKind = 'number' | 'identifier' | 'operator' | 'bracket' | 'string' | 'eof';
interface Token {
  kind: TokenKind;
  value: string;
  at: number;
}

const KEYWORD_OPERATORS = new Set([
  'in',
  'or',
  'and',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'let',
  'if',
  'else',
]);
const isAlphaNumeric = (c: string) => /^[\p{L}\p{N}_$]$/u.test(c);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const chars = Array.from(source);
  let i = 0;
  const fail = (message: string, at: number): never => {
    throw new FormulaSyntaxError(message, at + 1);
  };
  const push = (kind: TokenKind, value: string, start: number) => tokens.push({ kind, value, at: start + 1 });
  while (i < chars.length) {
    const start = i;
    const c = chars[i] as string;
    const next = chars[i + 1];
    if (/\s/u.test(c)) {
      i++;
    } else if (c === '/' && next === '/') {
      while (i < chars.length && chars[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      i += 2;
      while (i < chars.length && !(chars[i] === '*' && chars[i + 1] === '/')) i++;
      if (i >= chars.length) fail('unclosed comment', start);
      i += 2;
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < chars.length && chars[i] !== c) i += chars[i] === '\\' && c !== '`' ? 2 : 1;
      if (i >= chars.length) fail('literal not terminated', start);
      i++;
      push('string', chars.slice(start, i).join(''), start);
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      let digits = /[0-9_]/;
      if (c === '0' && next !== undefined && /[xXoObB]/.test(next)) {
        digits = /[xX]/.test(next) ? /[0-9a-fA-F_]/ : /[oO]/.test(next) ? /[0-7_]/ : /[01_]/;
        i += 2;
      }
      while (i < chars.length && digits.test(chars[i] as string)) i++;
      if (chars[i] === '.' && chars[i + 1] !== '.') {
        i++;
        while (i < chars.length && digits.test(chars[i] as string)) i++;
      }
      if (chars[i] === 'e' || chars[i] === 'E') {
        i++;
        if (chars[i] === '+' || chars[i] === '-') i++;
        while (i < chars.length && digits.test(chars[i] as string)) i++;
      }
      if (i < chars.length && isAlphaNumeric(chars[i] as string)) {
        fail(`bad number syntax: ${JSON.stringify(chars.slice(start, i + 1).join(''))}`, start);
      }
      push('number', chars.slice(start, i).join(''), start);
    } else if (isAlphaNumeric(c)) {
      while (i < chars.length && isAlphaNumeric(chars[i] as string)) i++;
      const word = chars.slice(start, i).join('');
      push(word === 'not' || KEYWORD_OPERATORS.has(word) ? 'operator' : 'identifier', word, start);
    } else if (c === '#') {
      i++;
      push('operator', '#', start);
      const nameStart = i;
      while (i < chars.length && isAlphaNumeric(chars[i] as string)) i++;
      if (i > nameStart) push('identifier', chars.slice(nameStart, i).join(''), nameStart);
    } else if ('([{)]}'.includes(c)) {
      i++;
      push('bracket', c, start);
    } else {
      // Two-character operators first: ?? ?. .. || && == != <= >= ** and ::
      const two = c + (next ?? '');
      const operator = ['??', '?.', '..', '||', '&&', '==', '!=', '<=', '>=', '**', '::'].includes(two)
        ? two
        : ',;%+-^?:|.&!=*<>/'.includes(c)
          ? c
          : fail(`unrecognized character: ${JSON.stringify(c)}`, start);
      i += operator.length;
      push('operator', operator, start);
    }
  }
  tokens.push({ kind: 'eof', value: '', at: chars.length + 1 });
  return tokens;
}

interface BinaryOperator {
  precedence: number;
  right?: boolean;
}
const BINARY: Record<string, BinaryOperator> = {
  '|': { precedence: 0 },
  or: { precedence: 10 },
  '||': { precedence: 10 },
  and: { precedence: 15 },
  '&&': { precedence: 15 },
  '==': { precedence: 20 },
  '!=': { precedence: 20 },
  '<': { precedence: 20 },
  '>': { precedence: 20 },
  '>=': { precedence: 20 },
  '<=': { precedence: 20 },
  in: { precedence: 20 },
  matches: { precedence: 20 },
  contains: { precedence: 20 },
  startsWith: { precedence: 20 },
  endsWith: { precedence: 20 },
  '..': { precedence: 25 },
  '+': { precedence: 30 },
  '-': { precedence: 30 },
  '*': { precedence: 60 },
  '/': { precedence: 60 },
  '%': { precedence: 60 },
  '**': { precedence: 100, right: true },
  '^': { precedence: 100, right: true },
  '??': { precedence: 500 },
};
const UNARY: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };
const COMPARISONS = new Set(['<', '>', '<=', '>=']);
const STRING_OPERATORS = new Set(['matches', 'contains', 'startsWith', 'endsWith']);

/** expr's predicate builtins and their arguments (`?` = optional): parser.go's `predicates` table. */
export const PREDICATE_BUILTINS: Readonly<Record<string, readonly ('expr' | 'predicate' | 'expr?' | 'predicate?')[]>> =
  {
    all: ['expr', 'predicate'],
    none: ['expr', 'predicate'],
    any: ['expr', 'predicate'],
    one: ['expr', 'predicate'],
    filter: ['expr', 'predicate'],
    map: ['expr', 'predicate'],
    count: ['expr', 'predicate?'],
    sum: ['expr', 'predicate?'],
    find: ['expr', 'predicate'],
    findIndex: ['expr', 'predicate'],
    findLast: ['expr', 'predicate'],
    findLastIndex: ['expr', 'predicate'],
    groupBy: ['expr', 'predicate'],
    sortBy: ['expr', 'predicate', 'expr?'],
    reduce: ['expr', 'predicate', 'expr?'],
  };

const describeToken = (t: Token) => (t.kind === 'eof' ? 'end of formula' : `${JSON.stringify(t.value)}`);

class Parser {
  private position = 0;
  private predicateDepth = 0;
  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.position] as Token;
  }
  private is(kind: TokenKind, value?: string): boolean {
    return this.current.kind === kind && (value === undefined || this.current.value === value);
  }
  private fail(message: string, token: Token = this.current): never {
    throw new FormulaSyntaxError(message, token.at);
  }
  private next(): Token {
    const token = this.current;
    if (token.kind !== 'eof') this.position++;
    return token;
  }
  private expect(kind: TokenKind, value: string): Token {
    if (!this.is(kind, value))
      this.fail(`unexpected token ${describeToken(this.current)} (expected ${JSON.stringify(value)})`);
    return this.next();
  }

  parseFormula(): FormulaNode {
    const node = this.sequence();
    if (!this.is('eof')) this.fail(`unexpected token ${describeToken(this.current)}`);
    return node;
  }

  private sequence(): FormulaNode {
    const nodes = [this.expression(0)];
    while (this.is('operator', ';')) {
      this.next();
      if (this.is('eof') || this.is('bracket', '}') || this.is('bracket', ')')) break;
      nodes.push(this.expression(0));
    }
    return nodes.length === 1 ? (nodes[0] as FormulaNode) : { kind: 'sequence', nodes, at: nodes[0]?.at ?? 1 };
  }

  private expression(precedence: number): FormulaNode {
    if (precedence === 0 && this.is('operator', 'let')) return this.letDeclaration();
    if (precedence === 0 && this.is('operator', 'if')) return this.conditionalIf();
    let left = this.primary();
    let previous = '';
    for (;;) {
      let token = this.current;
      if (token.kind !== 'operator') break;
      let negate = false;
      if (token.value === 'not') {
        const after = this.tokens[this.position + 1];
        if (after?.kind === 'operator' && (after.value === 'in' || STRING_OPERATORS.has(after.value))) {
          if ((BINARY[after.value]?.precedence ?? -1) < precedence) break;
          this.next();
          token = after;
          negate = true;
        } else {
          this.fail(`unexpected token ${describeToken(after ?? token)}`, after ?? token);
        }
      }
      const op = BINARY[token.value];
      if (op === undefined || op.precedence < precedence) break;
      this.next();
      if (token.value === '|') {
        const name = this.current;
        if (name.kind !== 'identifier') this.fail(`unexpected token ${describeToken(name)} (expected a function)`);
        this.next();
        left = this.call(name, [left]);
        previous = token.value;
        continue;
      }
      if (previous === '??' && token.value !== '??') {
        this.fail(
          `operator (${token.value}) and coalesce expressions (??) cannot be mixed; wrap either by parentheses`,
          token,
        );
      }
      if (STRING_OPERATORS.has(token.value)) this.fail(`the string operator "${token.value}" is not supported`, token);
      if (COMPARISONS.has(token.value)) {
        left = this.comparison(left, token, op.precedence);
      } else {
        const right = this.expression(op.right ? op.precedence : op.precedence + 1);
        left = { kind: 'binary', op: token.value, left, right, at: token.at };
        if (negate) left = { kind: 'unary', op: 'not', operand: left, at: token.at };
      }
      previous = token.value;
    }
    if (precedence === 0) left = this.conditional(left);
    return left;
  }

  private comparison(first: FormulaNode, operator: Token, precedence: number): FormulaNode {
    let root: FormulaNode | undefined;
    let left = first;
    let token = operator;
    for (;;) {
      const right = this.expression(precedence + 1);
      const node: FormulaNode = { kind: 'binary', op: token.value, left, right, at: token.at };
      root = root === undefined ? node : { kind: 'binary', op: '&&', left: root, right: node, at: token.at };
      left = right;
      token = this.current;
      if (!(token.kind === 'operator' && COMPARISONS.has(token.value))) return root;
      this.next();
    }
  }

  private letDeclaration(): FormulaNode {
    const at = this.expect('operator', 'let').at;
    const name = this.current;
    if (name.kind !== 'identifier') this.fail(`unexpected token ${describeToken(name)} (expected a variable name)`);
    this.next();
    this.expect('operator', '=');
    const value = this.expression(0);
    this.expect('operator', ';');
    return { kind: 'let', name: name.value, value, body: this.sequence(), at };
  }

  private conditionalIf(): FormulaNode {
    const at = this.next().at;
    const condition = this.expression(0);
    this.expect('bracket', '{');
    const whenTrue = this.sequence();
    this.expect('bracket', '}');
    this.expect('operator', 'else');
    let whenFalse: FormulaNode;
    if (this.is('operator', 'if')) {
      whenFalse = this.conditionalIf();
    } else {
      this.expect('bracket', '{');
      whenFalse = this.sequence();
      this.expect('bracket', '}');
    }
    return { kind: 'conditional', condition, whenTrue, whenFalse, at };
  }

  private conditional(node: FormulaNode): FormulaNode {
    let result = node;
    while (this.is('operator', '?')) {
      const at = this.next().at;
      if (this.is('operator', ':')) {
        this.next(); // `a ?: b` is `a ? a : b`
        result = { kind: 'conditional', condition: result, whenTrue: result, whenFalse: this.expression(0), at };
      } else {
        const whenTrue = this.expression(0);
        this.expect('operator', ':');
        result = { kind: 'conditional', condition: result, whenTrue, whenFalse: this.expression(0), at };
      }
    }
    return result;
  }

  private primary(): FormulaNode {
    const token = this.current;
    if (token.kind === 'operator' && UNARY[token.value] !== undefined) {
      this.next();
      const operand = this.expression(UNARY[token.value] as number);
      return this.postfix({ kind: 'unary', op: token.value, operand, at: token.at });
    }
    if (this.is('bracket', '(')) {
      this.next();
      const inner = this.sequence();
      this.expect('bracket', ')');
      return this.postfix(inner);
    }
    if (token.kind === 'operator' && (token.value === '#' || token.value === '.')) {
      if (this.predicateDepth === 0) {
        this.fail(`"${token.value}" (the current element) is only allowed inside a predicate such as all(list, # > 1)`);
      }
      if (token.value === '.') this.fail('member access (.field) is not supported: formula values are numbers');
      this.next();
      let name = '';
      if (this.is('identifier')) name = this.next().value;
      return this.postfix({ kind: 'pointer', name, at: token.at });
    }
    return this.secondary();
  }

  private secondary(): FormulaNode {
    const token = this.next();
    switch (token.kind) {
      case 'identifier': {
        if (token.value === 'true' || token.value === 'false') {
          return { kind: 'bool', value: token.value === 'true', at: token.at };
        }
        if (token.value === 'nil') return { kind: 'nil', at: token.at };
        if (this.is('bracket', '(')) return this.postfix(this.call(token, []));
        return this.postfix({ kind: 'name', name: token.value, at: token.at });
      }
      case 'number':
        return this.postfix(numberLiteral(token));
      case 'string':
        return this.fail('strings are not supported: formula values are numbers', token);
      case 'bracket':
        if (token.value === '[') return this.postfix(this.array(token));
        if (token.value === '{')
          return this.fail('maps ({key: value}) are not supported: formula values are numbers', token);
        return this.fail(`unexpected token ${describeToken(token)}`, token);
      default:
        return this.fail(`unexpected token ${describeToken(token)}`, token);
    }
  }

  private call(name: Token, piped: FormulaNode[]): FormulaNode {
    const shape = PREDICATE_BUILTINS[name.value];
    const args = [...piped];
    this.expect('bracket', '(');
    if (shape !== undefined) {
      const rest = shape.slice(piped.length);
      for (const [i, kind] of rest.entries()) {
        if (this.is('bracket', ')')) {
          if (kind.endsWith('?')) break;
          this.fail(`${name.value}() expects at least ${shape.filter((k) => !k.endsWith('?')).length} arguments`);
        }
        if (i > 0) this.expect('operator', ',');
        args.push(kind.startsWith('predicate') ? this.predicate() : this.expression(0));
      }
      if (this.is('operator', ',')) this.next();
    } else {
      while (!this.is('bracket', ')')) {
        if (args.length > piped.length) this.expect('operator', ',');
        if (this.is('bracket', ')')) break;
        args.push(this.expression(0));
      }
    }
    this.expect('bracket', ')');
    return { kind: 'call', name: name.value, args, at: name.at };
  }

  private predicate(): FormulaNode {
    const at = this.current.at;
    const braces = this.is('bracket', '{');
    if (braces) this.next();
    this.predicateDepth++;
    let body: FormulaNode;
    if (braces) {
      body = this.sequence();
    } else {
      body = this.expression(0);
      if (this.is('operator', ';')) this.fail('wrap predicate with brackets { and }');
    }
    this.predicateDepth--;
    if (braces) this.expect('bracket', '}');
    return { kind: 'predicate', body, at };
  }

  private array(open: Token): FormulaNode {
    const items: FormulaNode[] = [];
    while (!this.is('bracket', ']')) {
      if (items.length > 0) {
        this.expect('operator', ',');
        if (this.is('bracket', ']')) break;
      }
      items.push(this.expression(0));
    }
    this.expect('bracket', ']');
    return { kind: 'array', items, at: open.at };
  }

  private postfix(node: FormulaNode): FormulaNode {
    let result = node;
    for (;;) {
      const token = this.current;
      if (token.kind === 'operator' && (token.value === '.' || token.value === '?.')) {
        this.fail(`member access (${token.value}) is not supported: formula values are numbers`);
      }
      if (!(token.kind === 'bracket' && token.value === '[')) return result;
      this.next();
      if (this.is('operator', ':')) this.fail('slices ([from:to]) are not supported');
      const index = this.expression(0);
      if (this.is('operator', ':')) this.fail('slices ([from:to]) are not supported');
      this.expect('bracket', ']');
      result = { kind: 'index', target: result, index, at: token.at };
    }
  }
}

function numberLiteral(token: Token): FormulaNode {
  const text = token.value.replaceAll('_', '');
  const lower = text.toLowerCase();
  const radix = lower.startsWith('0x') ? 16 : lower.startsWith('0o') ? 8 : lower.startsWith('0b') ? 2 : 10;
  if (radix === 10 && /[.e]/.test(lower)) {
    const value = Number(text);
    if (!Number.isFinite(value) || Number.isNaN(value)) {
      throw new FormulaSyntaxError(`invalid float literal: ${token.value}`, token.at);
    }
    return { kind: 'float', value, at: token.at };
  }
  const digits = radix === 10 ? text : text.slice(2);
  const valid = { 16: /^[0-9a-f]+$/i, 8: /^[0-7]+$/, 2: /^[01]+$/, 10: /^[0-9]+$/ }[radix];
  if (!valid.test(digits)) throw new FormulaSyntaxError(`invalid integer literal: ${token.value}`, token.at);
  const prefix = { 16: '0x', 8: '0o', 2: '0b', 10: '' }[radix];
  const value = BigInt(prefix + digits);
  if (value > 9223372036854775807n) {
    throw new FormulaSyntaxError(`integer literal is too large: ${token.value} (int64)`, token.at);
  }
  return { kind: 'int', value, at: token.at };
}

/** Parses a formula into its syntax tree; throws FormulaSyntaxError naming the problem and its column. */
export function parseFormula(source: string): FormulaNode {
  return new Parser(tokenize(source)).parseFormula();
}
