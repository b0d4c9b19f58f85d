import { ScaledObjectValidationError } from '../errors.js';
import { formatPath, type PathSegment } from './issues.js';
import { MANIFEST_LIMITS } from './limits.js';

/** A problem found in a value: where (relative to the value walked) and what. */
export interface ValueProblem {
  path: PathSegment[];
  message: string;
}

const JSON_LIKE = 'JSON-like data (plain mappings, lists, strings, finite numbers, booleans, null)';

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Names what a non-JSON value is, never its content. */
function describeForeign(value: unknown): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || value === undefined)
    return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'a number that is not finite';
  if (typeof value !== 'object') return `a ${typeof value}`;
  if (Array.isArray(value) || isPlainObject(value)) return undefined;
  if (value instanceof Map) return 'a Map';
  if (value instanceof Set) return 'a Set';
  if (value instanceof Date) return 'a Date';
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return 'binary data (a Buffer or typed array)';
  return 'an object that is not a plain mapping (a class instance)';
}

/** A path as a linked list (parent first), so that a step costs the same at any depth. */
type Trail = { parent: Trail | undefined; segment: PathSegment; depth: number } | undefined;
type Step = { value: unknown; trail: Trail } | { leave: object };

function toPath(trail: Trail): PathSegment[] {
  const path: PathSegment[] = [];
  for (let link = trail; link; link = link.parent) path.push(link.segment);
  return path.reverse();
}

const child = (trail: Trail, segment: PathSegment): Trail => ({
  parent: trail,
  segment,
  depth: (trail?.depth ?? 0) + 1,
});

/**
 * Walks `value` without recursion and returns its first problem: nesting past `MANIFEST_LIMITS.maxDepth`, a mapping
 * or list past its size limit, a circular reference, more than `maxDepth × maxKeysPerMapping` values visited, and,
 * when `jsonLike` is set, any value JSON cannot hold (Map, Set, Date, Buffer, class instance, function, NaN...).
 *
 * @example
 * valueProblem(new Map(), { jsonLike: true }); // { path: [], message: 'must be JSON-like data (...); got a Map' }
 */
export function valueProblem(value: unknown, options: { jsonLike: boolean }): ValueProblem | undefined {
  const reading: { trail: Trail } = { trail: undefined };
  try {
    return walkValue(value, options, reading);
  } catch {
    // A Proxy whose traps throw, or a getter that throws: refused by where it was read, never thrown on.
    return { path: toPath(reading.trail), message: `must be ${JSON_LIKE}; got an object that throws when read` };
  }
}

function walkValue(
  value: unknown,
  options: { jsonLike: boolean },
  reading: { trail: Trail },
): ValueProblem | undefined {
  const open = new Set<object>();
  const stack: Step[] = [{ value, trail: undefined }];
  let visited = 0;
  const budget = MANIFEST_LIMITS.maxDepth * MANIFEST_LIMITS.maxKeysPerMapping;
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    if ('leave' in step) {
      open.delete(step.leave);
      continue;
    }
    const { value: current, trail } = step;
    reading.trail = trail;
    const depth = trail?.depth ?? 0;
    visited += 1;
    if (visited > budget) {
      return {
        path: toPath(trail),
        message: `holds more than ${budget} values (limits MANIFEST_LIMITS.maxDepth × maxKeysPerMapping)`,
      };
    }
    if (options.jsonLike) {
      const foreign = describeForeign(current);
      if (foreign) return { path: toPath(trail), message: `must be ${JSON_LIKE}; got ${foreign}` };
    }
    if (typeof current !== 'object' || current === null) continue;
    if (!Array.isArray(current) && !isPlainObject(current)) continue; // Date etc. when jsonLike is off
    if (open.has(current)) {
      return { path: toPath(trail), message: `refers to itself (a circular reference); expected ${JSON_LIKE}` };
    }
    if (depth + 1 > MANIFEST_LIMITS.maxDepth) {
      return {
        path: toPath(trail),
        message: `is nested more than ${MANIFEST_LIMITS.maxDepth} levels deep (limit MANIFEST_LIMITS.maxDepth)`,
      };
    }
    open.add(current);
    stack.push({ leave: current });
    if (Array.isArray(current)) {
      if (current.length > MANIFEST_LIMITS.maxItemsPerList) {
        return {
          path: toPath(trail),
          message: `has ${current.length} items; the limit is ${MANIFEST_LIMITS.maxItemsPerList} (MANIFEST_LIMITS.maxItemsPerList)`,
        };
      }
      for (let index = current.length - 1; index >= 0; index -= 1) {
        stack.push({ value: current[index], trail: child(trail, index) });
      }
      continue;
    }
    const keys = Object.keys(current);
    if (keys.length > MANIFEST_LIMITS.maxKeysPerMapping) {
      return {
        path: toPath(trail),
        message: `has ${keys.length} keys; the limit is ${MANIFEST_LIMITS.maxKeysPerMapping} (MANIFEST_LIMITS.maxKeysPerMapping)`,
      };
    }
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index] as string;
      stack.push({ value: (current as Record<string, unknown>)[key], trail: child(trail, key) });
    }
  }
  return undefined;
}

/**
 * Checks a manifest given as an object (or JSON text already parsed) against `MANIFEST_LIMITS` and for cycles, so
 * that the schemas never walk an endless or enormous value. Leaf types are left to the schemas. Returns `value`.
 */
export function checkJsonLimits<T>(value: T, kind: string): T {
  const problem = valueProblem(value, { jsonLike: false });
  if (problem)
    throw new ScaledObjectValidationError([{ path: formatPath(problem.path), message: problem.message }], { kind });
  return value;
}
