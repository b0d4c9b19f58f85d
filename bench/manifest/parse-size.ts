// Parse time of hostile or very large manifests as they grow: many labels (one big mapping), a long list,
// many YAML documents, deep nesting, many aliases. Prints size, time and the outcome of each parse, so growth
// that is not linear, and refusals that are not quick, show at a glance.
// Run from the repository root: npx tsx bench/manifest/parse-size.ts [--max-scale 1] [--case labels]
import { parseScaledObject } from '../../packages/core/src/manifest/index.js';

const head = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: bench
`;
const spec = `spec:
  scaleTargetRef: { name: bench }
  minReplicaCount: 1
  triggers:
    - type: cpu
      metricType: Utilization
      metadata: { value: "50" }
`;

/** Each case builds a manifest of about `count` units. */
const cases: Record<string, { counts: number[]; build: (count: number) => string }> = {
  // One mapping with `count` keys: the yaml library's unique-key check compares each key with every earlier one.
  labels: {
    counts: [1_000, 2_000, 5_000, 10_000, 20_000, 50_000],
    build: (count) => {
      const lines = [head, '  labels:\n'];
      for (let index = 0; index < count; index += 1) lines.push(`    label-${index}: value-${index}\n`);
      return lines.join('') + spec;
    },
  },
  // A list of `count` strings in a trigger's metadata (refused by the schema, but read first).
  list: {
    counts: [10_000, 50_000, 100_000, 300_000, 600_000],
    build: (count) => {
      const lines = [head, spec, '  extra:\n'];
      for (let index = 0; index < count; index += 1) lines.push(`    - item-${index}\n`);
      return lines.join('');
    },
  },
  // `count` YAML documents in one stream.
  documents: {
    counts: [1_000, 10_000, 50_000, 100_000],
    build: (count) => {
      const lines: string[] = [];
      for (let index = 0; index < count; index += 1) lines.push(`---\nkind: ConfigMap\nmetadata: {name: c${index}}\n`);
      return lines.join('') + `---\n${head}${spec}`;
    },
  },
  // Flow mappings nested `count` deep.
  nesting: {
    counts: [50, 98, 99, 1_000, 10_000],
    // The root mapping and `spec` are two levels: 98 brackets reach the limit of 100, 99 pass it.
    build: (count) => `${head}${spec}  extra: ${'['.repeat(count)}${']'.repeat(count)}\n`,
  },
  // `count` alias references to one anchored mapping.
  aliases: {
    counts: [100, 1_000, 10_000, 100_000],
    build: (count) => {
      const lines = [head, '  annotations: &a { x: "1" }\n', spec, '  extra:\n'];
      for (let index = 0; index < count; index += 1) lines.push('    - *a\n');
      return lines.join('');
    },
  },
};

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const maxScale = Number(argument('--max-scale') ?? 1);
const only = argument('--case');

function describeOutcome(run: () => unknown): string {
  try {
    run();
    return 'parsed';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const first = message.length > 110 ? `${message.slice(0, 110)}…` : message;
    return `refused (${message.length} chars): ${first}`;
  }
}

// Warm up (module loading, schema compilation) so the first row measures parsing only.
describeOutcome(() => parseScaledObject(head + spec));

console.log('case       units      size       time   µs/KB  outcome');
for (const [name, { counts, build }] of Object.entries(cases)) {
  if (only && only !== name) continue;
  const ceiling = counts[Math.max(0, Math.round((counts.length - 1) * maxScale))] ?? Infinity;
  for (const count of counts.filter((value) => value <= ceiling)) {
    const text = build(count);
    const start = performance.now();
    const outcome = describeOutcome(() => parseScaledObject(text));
    const milliseconds = performance.now() - start;
    const size = `${(text.length / 1024).toFixed(0)} KB`;
    const perKilobyte = ((milliseconds * 1000) / Math.max(1, text.length / 1024)).toFixed(0);
    console.log(
      `${name.padEnd(10)} ${String(count).padStart(7)} ${size.padStart(9)} ${`${milliseconds.toFixed(0)} ms`.padStart(10)} ${perKilobyte.padStart(7)}  ${outcome}`,
    );
  }
}
