// Runs every scenario of docs/policies.md through simulate(), KEDA's behaviour beside each scalerkit policy on
// the same workload: prints the figures, writes one SVG chart per run to out/ (and to docs/images/policies/
// with --docs) and the figures as markdown to out/figures.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTimelineSvg } from '@scalerkit/testing';
import { type Figures, runScenario, scenarios } from './scenarios.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'out');
const docsImages = join(here, '..', '..', '..', 'docs', 'images', 'policies');
const toDocs = process.argv.includes('--docs');

export function figuresTable(rows: readonly Figures[]): string {
  const lines = [
    '| run | replica-hours | longest wait | scale events | max replicas |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (f) => `| ${f.label} | ${f.replicaHours} | ${f.longestWaitSeconds} s | ${f.scaleEvents} | ${f.maxReplicas} |`,
    ),
  ];
  return lines.join('\n');
}

mkdirSync(out, { recursive: true });
if (toDocs) mkdirSync(docsImages, { recursive: true });
const markdown: string[] = [];
for (const scenario of scenarios) {
  const runs = runScenario(scenario);
  const table = figuresTable(runs.map((run) => run.figures));
  console.log(`\n${scenario.title}\n${table}`);
  markdown.push(`### ${scenario.id}\n\n${table}\n`);
  runs.forEach((run, index) => {
    const svg = renderTimelineSvg(run.result, { title: `${scenario.id}: ${run.label}` });
    const file = `${scenario.id}-${index === 0 ? 'keda' : `policy${runs.length > 2 ? `-${index}` : ''}`}.svg`;
    writeFileSync(join(out, file), svg);
    if (toDocs) writeFileSync(join(docsImages, file), svg);
  });
}
writeFileSync(join(out, 'figures.md'), markdown.join('\n'));
console.log(`\ncharts and figures.md in ${out}${toDocs ? ` (charts also in ${docsImages})` : ''}`);
