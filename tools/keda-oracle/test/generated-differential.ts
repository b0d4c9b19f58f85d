// The loop of a generated differential: every trigger through KEDA (the oracle) and a scalerkit definition, one
// at a time, each built, its specs read and polled once; disagreements matched against a table of known ones,
// counted, printed and written to .services/keda-oracle/<name>-parameters-report.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ScalerDefinition } from '@scalerkit/core';
import type { KedaOracle, OracleTrigger } from '../ts/keda-oracle.js';
import { differences, runBoth } from '../ts/outcome.js';

/** A disagreement found and explained: it passes while its input and difference match. */
export interface KnownDisagreement {
  name: string;
  matches: (input: OracleTrigger, difference: string) => boolean;
  /** Why the two sides differ, with the upstream function (KEDA file + function + version). */
  why: string;
}

export interface GeneratedDifferentialOptions {
  /** Report name: `azure-queue` writes `azure-queue-parameters-report.json`. */
  name: string;
  oracle: KedaOracle;
  definition: ScalerDefinition<unknown>;
  triggers: { label: string; input: OracleTrigger }[];
  known: readonly KnownDisagreement[];
  /** Shortens live names in the printed differences (a queue name per run, a connection string). */
  mask?: (text: string) => string;
  timeoutMs?: number;
}

/** Runs the triggers; returns the unexplained disagreements (the test expects none). */
export async function runGeneratedDifferential(options: GeneratedDifferentialOptions): Promise<string[]> {
  const mask = options.mask ?? ((text: string) => text);
  const counts = { acceptedByBoth: 0, rejectedByBoth: 0, sameMetricsOnBoth: 0, failedOnBoth: 0 };
  const disagreements: { label: string; input: OracleTrigger; differences: string[] }[] = [];
  const unexplained: string[] = [];
  const seen = new Map<string, number>();
  for (const { label, input } of options.triggers) {
    const { keda, scalerkit } = await runBoth(options.oracle, options.definition, input, {
      timeoutMs: options.timeoutMs ?? 5000,
    });
    if (keda.stage === 'rejected' && scalerkit.stage === 'rejected') counts.rejectedByBoth += 1;
    if (keda.stage !== 'rejected' && scalerkit.stage !== 'rejected') counts.acceptedByBoth += 1;
    const found = differences(keda, scalerkit).map(mask);
    if (found.length === 0 && keda.stage === 'ok' && keda.polls?.every((poll) => poll.error === undefined))
      counts.sameMetricsOnBoth += 1;
    if (found.length === 0 && keda.stage !== 'rejected' && scalerkit.polls?.every((poll) => poll.error !== undefined))
      counts.failedOnBoth += 1;
    const open = found.filter((difference) => {
      const entry = options.known.find((candidate) => candidate.matches(input, difference));
      if (entry) seen.set(entry.name, (seen.get(entry.name) ?? 0) + 1);
      return entry === undefined;
    });
    if (found.length > 0) disagreements.push({ label, input: maskInput(input, mask), differences: found });
    if (open.length > 0) unexplained.push(`${label}: ${open.join('; ')}`);
  }
  const reportFile = new URL(`../../../.services/keda-oracle/${options.name}-parameters-report.json`, import.meta.url);
  mkdirSync(new URL('.', reportFile), { recursive: true });
  const explained = Object.fromEntries(
    options.known.map((entry) => [entry.name, { count: seen.get(entry.name) ?? 0, why: entry.why }]),
  );
  writeFileSync(reportFile, `${JSON.stringify({ counts, explained, disagreements }, null, 2)}\n`);
  console.log(
    `${options.name} parameters: ${options.triggers.length} combinations; both accept ${counts.acceptedByBoth}, ` +
      `both reject ${counts.rejectedByBoth}; ${disagreements.length} disagree (report: ${reportFile.pathname})`,
  );
  console.log(
    `  same metrics on both sides: ${counts.sameMetricsOnBoth}; failed to poll on both sides: ${counts.failedOnBoth}`,
  );
  for (const entry of options.known) {
    const count = seen.get(entry.name) ?? 0;
    console.log(
      `  known: ${entry.name}: ${count}${count === 0 ? ' (no longer seen: remove it from KNOWN_DISAGREEMENTS)' : ''} — ${entry.why}`,
    );
  }
  for (const line of unexplained.slice(0, 40)) console.log(`  UNEXPLAINED ${line}`);
  return unexplained;
}

/** The input as written to the report, with live names (and connection strings) masked. */
function maskInput(input: OracleTrigger, mask: (text: string) => string): OracleTrigger {
  const each = (values: Record<string, string> | undefined) =>
    values && Object.fromEntries(Object.entries(values).map(([key, value]) => [key, mask(value)]));
  return {
    ...input,
    metadata: each(input.metadata)!,
    authParams: each(input.authParams),
    resolvedEnv: each(input.resolvedEnv),
  };
}
