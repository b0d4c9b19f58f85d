// `useRegex`: KEDA compiles queueName / subscriptionName with Go's regexp (RE2 syntax, leftmost-longest) and keeps
// an entity when `FindString(name) == name`, i.e. when the pattern matches the whole name
// (pkg/scalers/azure_servicebus_scaler.go Validate, getQueueLength, getSubscriptionLength; KEDA v2.21.0).

/** What `compileEntityNamePattern` gives: a whole-name matcher, or why RE2 would refuse the pattern. */
export type EntityNamePattern = { matches(name: string): boolean } | { problem: string };

// POSIX classes RE2 accepts inside brackets, as JS class contents.
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const escapeLiteral = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** Rewrites RE2 syntax into the JS equivalent, or returns the construct RE2 refuses or JS cannot express. */
function translate(pattern: string): { source: string; flags: string } | { problem: string } {
  let flags = '';
  let rest = pattern;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(rest);
  if (leading) {
    for (const flag of leading[1]!) {
      if (flag === 'i' || flag === 's' || flag === 'm') flags += flags.includes(flag) ? '' : flag;
      else return { problem: `flag "${flag}" is not supported` };
    }
    rest = rest.slice(leading[0].length);
  }
  let source = '';
  let inClass = false;
  for (let index = 0; index < rest.length; index += 1) {
    const char = rest[index]!;
    if (char === '\\') {
      const next = rest[index + 1];
      if (next === undefined) return { problem: 'trailing backslash' };
      if (next === 'Q') {
        const end = rest.indexOf('\\E', index + 2);
        const literal = rest.slice(index + 2, end === -1 ? undefined : end);
        source += escapeLiteral(literal);
        index = end === -1 ? rest.length : end + 1;
        continue;
      }
      if (!inClass && next === 'A') source += '^';
      else if (!inClass && next === 'z') source += '$';
      else if (/[1-9kcuZ]/.test(next)) return { problem: `escape \\${next} is not RE2 syntax` };
      else if (next === 'x' && rest[index + 2] === '{') {
        const close = rest.indexOf('}', index + 3);
        const hex = close === -1 ? '' : rest.slice(index + 3, close);
        if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || Number.parseInt(hex, 16) > 0x10ffff)
          return { problem: 'invalid \\x{...} escape' };
        source += escapeLiteral(String.fromCodePoint(Number.parseInt(hex, 16)));
        index = close;
        continue;
      } else source += char + next;
      index += 1;
      continue;
    }
    if (inClass) {
      if (char === '[' && rest[index + 1] === ':') {
        const close = rest.indexOf(':]', index + 2);
        const name = close === -1 ? '' : rest.slice(index + 2, close);
        const negated = name.startsWith('^');
        const members = POSIX_CLASSES[negated ? name.slice(1) : name];
        if (members === undefined || negated) return { problem: `character class [:${name}:] is not supported` };
        source += members;
        index = close + 1;
        continue;
      }
      if (char === ']') inClass = false;
      source += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      source += char;
      // A `]` right after `[` or `[^` is a literal in RE2 (JS would read `[]` as an empty class).
      if (rest[index + 1] === '^') {
        source += '^';
        index += 1;
      }
      if (rest[index + 1] === ']') {
        source += '\\]';
        index += 1;
      }
      continue;
    }
    if (char === '(' && rest[index + 1] === '?') {
      const group = rest.slice(index + 2);
      if (group.startsWith('P<')) {
        source += '(?<';
        index += 3;
        continue;
      }
      if (group.startsWith(':')) {
        source += '(?:';
        index += 2;
        continue;
      }
      return {
        problem: `group "(?${group.slice(0, 3)}" is not supported (RE2 has no lookaround or inline flags there)`,
      };
    }
    if (char === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(rest.slice(index));
      if (repeat && (Number(repeat[1]) > 1000 || Number(repeat[3] || 0) > 1000))
        return { problem: 'repeat count above 1000' };
    }
    source += char;
  }
  return { source, flags };
}

/**
 * Compiles an entity-name pattern as KEDA does (RE2 syntax), as a whole-name matcher. Patterns RE2 refuses (and
 * RE2 constructs JavaScript lacks) give a problem instead.
 *
 * @example
 * const pattern = compileEntityNamePattern('orders-.*');
 * 'matches' in pattern && pattern.matches('orders-1'); // true
 */
export function compileEntityNamePattern(pattern: string): EntityNamePattern {
  const translated = translate(pattern);
  if ('problem' in translated) return translated;
  let expression: RegExp;
  try {
    expression = new RegExp(`^(?:${translated.source})$`, translated.flags);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  return { matches: (name) => expression.test(name) };
}

/** How the counts of the entities a pattern matched are combined. */
export type EntityCountOperation = 'sum' | 'max' | 'avg';

/**
 * KEDA's `performOperation`: `sum` adds, `max` is the largest (starting from 0), `avg` is the sum divided by the
 * number of entities with integer division (truncated). No entity gives 0. Any other operation (an accepted list
 * such as `sum,max`) matches none of KEDA's cases and gives 0.
 *
 * @example
 * combineEntityCounts([2, 4, 3], 'avg'); // 3
 */
export function combineEntityCounts(counts: readonly number[], operation: EntityCountOperation | string): number {
  let result = 0;
  for (const count of counts) {
    if (operation === 'max') result = Math.max(result, count);
    else if (operation === 'sum' || operation === 'avg') result += count;
  }
  return operation === 'avg' && counts.length > 0 ? Math.trunc(result / counts.length) : result;
}
