import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { formatComparison, renderTimelineHtml, type SimulationResult } from '@scalerkit/testing';
import type { Io } from '../io.js';

/** What `simulate --compare` and `--html` need: the first run, and how to run another manifest the same way. */
export interface SimulationReportInput {
  file: string;
  result: SimulationResult;
  /** `--compare`: the other manifest. */
  compare?: string;
  /** `--html`: the report's path. */
  html?: string;
  /** Reads, checks and simulates another manifest file under the same workload and settings. */
  rerun(file: string): Promise<SimulationResult>;
}

/**
 * `--compare other.yaml`: simulates the other manifest under the same workload and prints both summaries
 * side by side; `--html report.html`: writes the interactive report (both runs with `--compare`).
 */
export async function simulationReport(input: SimulationReportInput, io: Io): Promise<void> {
  const results = [input.result];
  const labels = [basename(input.file)];
  if (input.compare !== undefined) {
    results.push(await input.rerun(input.compare));
    labels.push(basename(input.compare));
    if (labels[0] === labels[1]) {
      labels[0] = input.file;
      labels[1] = input.compare;
    }
    io.out('');
    io.out(formatComparison(results, labels));
  }
  if (input.html !== undefined) {
    const path = resolve(io.cwd, input.html);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, renderTimelineHtml(results, { labels }));
    io.out(`wrote ${input.html}`);
  }
}
