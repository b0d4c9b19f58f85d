import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScalerRegistry } from '@scalerkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo } from '../test-io.js';

const fixtures = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'scalerkit-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = async (argv: string[]) => {
  const io = recordingIo(fixtures);
  const code = await main(argv, { io, registry: new ScalerRegistry() });
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
};
/** The data a report embeds for its script. */
const pageData = (html: string) =>
  JSON.parse(html.match(/<script type="application\/json" id="scalerkit-data">(.*?)<\/script>/s)![1]!) as {
    runs: { name: string; scaleEvents: unknown[]; summary: [string, string][] }[];
  };

describe('scalerkit simulate --html / --compare', () => {
  it('--html writes one self-contained report of the run', async () => {
    const out = join(scratch, 'nested', 'report.html');
    const { code, stdout } = await run(['simulate', 'scripted.yaml', '--until', '10m', '--html', out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    const data = pageData(html);
    expect(data.runs.map((r) => r.name)).toEqual(['scripted.yaml']);
  });

  it('--compare simulates the other manifest under the same workload and prints both summaries', async () => {
    const other = join(scratch, 'eager.yaml');
    writeFileSync(
      other,
      readFileSync(join(fixtures, 'scripted.yaml'), 'utf8').replace('targetValue: "10"', 'targetValue: "5"'),
    );
    const out = join(scratch, 'compare.html');
    const { code, stdout } = await run([
      'simulate',
      'scripted.yaml',
      '--until',
      '10m',
      '--compare',
      other,
      '--html',
      out,
    ]);
    expect(code).toBe(0);
    const table = stdout.split('\n');
    const header = table.find((line) => line.includes('scripted.yaml') && line.includes('eager.yaml'));
    expect(header).toBeDefined();
    const hours = table.find((line) => line.startsWith('replica-hours'))!;
    // value 42 against a target of 10 wants 5 replicas, against 5 it wants 9: the second costs more.
    const [first, second] = hours.replace('replica-hours', '').trim().split(/\s+/).map(Number);
    expect(second!).toBeGreaterThan(first!);
    const data = pageData(readFileSync(out, 'utf8'));
    expect(data.runs.map((r) => r.name)).toEqual(['scripted.yaml', 'eager.yaml']);
    expect(data.runs[1]!.summary.find(([name]) => name === 'replica-hours')![1]).toBe(String(second));
  });

  it('--compare checks the other manifest as the first, and names it in its problems', async () => {
    const { code, stderr } = await run(['simulate', 'scripted.yaml', '--until', '1m', '--compare', 'invalid.txt']);
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toMatch(/^invalid\.txt: /);
    expect(stderr).not.toContain('scripted.yaml');
  });
});
