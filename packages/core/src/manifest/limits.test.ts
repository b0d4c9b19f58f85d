import { describe, expect, it } from 'vitest';
import { MANIFEST_LIMITS } from './limits.js';
import { parseScaledJob } from './scaled-job.js';
import { parseScaledObject } from './scaled-object.js';
import { catchError } from './test-helpers.js';
import { parseTriggerAuthentication } from './trigger-authentication.js';

// Timing goals live in bench/manifest/parse-size.ts; these tests check what is refused and how it is said.

const head = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: orders\n';
const spec =
  'spec:\n  scaleTargetRef: { name: orders }\n  minReplicaCount: 1\n' +
  '  triggers:\n    - type: cpu\n      metricType: Utilization\n      metadata: { value: "50" }\n';
const valid = head + spec;

function labels(count: number): string {
  const lines = [head, '  labels:\n'];
  for (let index = 0; index < count; index += 1) lines.push(`    l${index}: v\n`);
  return lines.join('') + spec;
}

/** A ScaledObject whose `spec.extra` field holds `levels` nested flow lists (root and spec are 2 more levels). */
function nested(levels: number): string {
  return `${valid}  extra: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
}

function aliases(count: number): string {
  return `${head}  annotations: &a { x: "1" }\n${spec}  extra: [${Array.from({ length: count }, () => '*a').join(', ')}]\n`;
}

function nestedObject(levels: number): unknown {
  let value: unknown = {};
  for (let level = 0; level < levels; level += 1) value = { next: value };
  return value;
}

describe('manifest limits', () => {
  const refused: { name: string; input: () => unknown; path: string; message: string | RegExp }[] = [
    {
      name: 'text longer than maxTextLength, even when it is only a comment',
      input: () => `${valid}# ${'x'.repeat(MANIFEST_LIMITS.maxTextLength)}\n`,
      path: '',
      message: `YAML text is too large: ${valid.length + MANIFEST_LIMITS.maxTextLength + 3} characters; the limit is 3145728 (MANIFEST_LIMITS.maxTextLength;`,
    },
    {
      name: 'more documents than maxDocuments',
      input: () => `${'---\n{}\n'.repeat(MANIFEST_LIMITS.maxDocuments)}---\n${valid}`,
      path: '',
      message: 'YAML text holds 1001 documents; the limit is 1000 (MANIFEST_LIMITS.maxDocuments)',
    },
    {
      name: 'a mapping with more keys than maxKeysPerMapping',
      input: () => labels(MANIFEST_LIMITS.maxKeysPerMapping + 1),
      path: '',
      message:
        'YAML error at line 6, column 5: a mapping has 10001 keys; the limit is 10000 (MANIFEST_LIMITS.maxKeysPerMapping)',
    },
    {
      name: 'a list with more items than maxItemsPerList',
      input: () => `${valid}  extra: [${'0,'.repeat(MANIFEST_LIMITS.maxItemsPerList)}0]\n`,
      path: '',
      message:
        'YAML error at line 12, column 10: a list has 100001 items; the limit is 100000 (MANIFEST_LIMITS.maxItemsPerList)',
    },
    {
      name: 'nesting one level past maxDepth',
      input: () => nested(MANIFEST_LIMITS.maxDepth - 1),
      path: '',
      message:
        'YAML error at line 12, column 108: mappings and lists are nested more than 100 levels deep (limit MANIFEST_LIMITS.maxDepth)',
    },
    {
      name: 'nesting deep enough to overflow the YAML composer',
      input: () => nested(5000),
      path: '',
      // The composer overflows its stack somewhere past 800 levels and reports where.
      message:
        /^YAML syntax error at line 12, column \d+: mappings and lists are nested more than 100 levels deep \(limit MANIFEST_LIMITS\.maxDepth\)$/,
    },
    {
      name: 'more alias nodes than maxAliases',
      input: () => aliases(MANIFEST_LIMITS.maxAliases + 1),
      path: '',
      message: 'YAML error at line 13, column 4011: more than 1000 aliases (limit MANIFEST_LIMITS.maxAliases)',
    },
    {
      name: 'aliases that expand past maxAliases copies (a billion laughs)',
      input: () =>
        `${valid}  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n` +
        '  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
      path: '',
      message: 'YAML error: aliases expand to more than 1000 copies of their values (limit MANIFEST_LIMITS.maxAliases)',
    },
    {
      name: 'JSON text nested past maxDepth',
      input: () => `{"spec": ${'['.repeat(MANIFEST_LIMITS.maxDepth)}${']'.repeat(MANIFEST_LIMITS.maxDepth)}}`,
      path: `spec${'[0]'.repeat(MANIFEST_LIMITS.maxDepth - 1)}`,
      message: 'is nested more than 100 levels deep (limit MANIFEST_LIMITS.maxDepth)',
    },
    {
      name: 'a manifest object nested past maxDepth',
      input: () => ({ ...parseScaledObject(valid), extra: nestedObject(MANIFEST_LIMITS.maxDepth) }),
      path: `extra${'.next'.repeat(MANIFEST_LIMITS.maxDepth - 1)}`,
      message: 'is nested more than 100 levels deep (limit MANIFEST_LIMITS.maxDepth)',
    },
  ];
  for (const row of refused) {
    it(`refuses ${row.name}, naming the limit`, () => {
      const error = catchError(() => parseScaledObject(row.input()));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.path).toBe(row.path);
      const message = error.issues[0]?.message ?? '';
      if (typeof row.message === 'string') expect(message.startsWith(row.message), message).toBe(true);
      else expect(message).toMatch(row.message);
      // Bounded whatever the input's size (the path of a deep value is the longest part).
      expect(error.message.length).toBeLessThan(1000);
    });
  }

  it('refuses a circular manifest object with the path of the cycle', () => {
    const manifest: Record<string, unknown> = { ...parseScaledObject(valid) };
    const extra: Record<string, unknown> = { a: {} };
    (extra.a as Record<string, unknown>).back = extra;
    manifest.extra = extra;
    const error = catchError(() => parseScaledObject(manifest));
    expect(error.issues).toEqual([
      {
        path: 'extra.a.back',
        message:
          'refers to itself (a circular reference); expected JSON-like data (plain mappings, lists, strings, ' +
          'finite numbers, booleans, null)',
      },
    ]);
  });

  it('refuses a circular YAML alias (an anchor used inside its own value)', () => {
    const error = catchError(() => parseScaledObject(`${valid}  extra: &loop [1, *loop]\n`));
    expect(error.issues[0]?.message).toBe(
      'YAML syntax error at line 12, column 20: an alias refers to the anchored value that contains it (a cycle)',
    );
  });

  it('accepts input right at each limit', () => {
    expect(parseScaledObject(labels(MANIFEST_LIMITS.maxKeysPerMapping)).metadata.labels.l9999).toBe('v');
    expect(parseScaledObject(nested(MANIFEST_LIMITS.maxDepth - 2)).metadata.name).toBe('orders');
    expect(parseScaledObject(aliases(MANIFEST_LIMITS.maxAliases - 1)).metadata.annotations).toEqual({ x: '1' });
    const documents = `${'---\n{}\n'.repeat(MANIFEST_LIMITS.maxDocuments - 1)}---\n${valid}`;
    expect(parseScaledObject(documents).metadata.name).toBe('orders');
  });

  it('lists at most ten kinds when no document is of the kind sought', () => {
    const text = Array.from({ length: 25 }, (_, index) => `kind: K${index}\nmetadata: {name: c}\n`).join('---\n');
    const error = catchError(() => parseScaledObject(text));
    expect(error.issues[0]?.message).toBe(
      'no ScaledObject document found among 25 documents (kinds: K0, K1, K2, K3, K4, K5, K6, K7, K8, K9, and 15 more)',
    );
  });

  it('applies the same limits to ScaledJobs and TriggerAuthentications', () => {
    const deep = `spec: ${'['.repeat(MANIFEST_LIMITS.maxDepth)}${']'.repeat(MANIFEST_LIMITS.maxDepth)}\n`;
    for (const parse of [parseScaledJob, parseTriggerAuthentication]) {
      expect(catchError(() => parse(deep)).issues[0]?.message).toContain('(limit MANIFEST_LIMITS.maxDepth)');
    }
  });
});
