// The loop of a generated differential: every trigger through KEDA (the oracle) and a scalerkit definition, one
// at a time, each built, its specs read and polled once; disagreements matched against a table of known ones,
// counted, printed and written to .services/keda-oracle/<name>-parameters-report.json. Triggers marked
// `acceptanceOnly` (their address refuses connections) are compared on acceptance alone, many at once, first.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ScalerDefinition } from '@scalerkit/core';
import { isParseRejection, type KedaOracle, type OracleTrigger } from '../ts/keda-oracle.js';
import { differences, type Outcome, type RunOptions, runBoth } from '../ts/outcome.js';

/** A disagreement found and explained: it passes while its input and difference match. */
export interface KnownDisagreement {
  name: string;
  matches: (input: OracleTrigger, difference: string) => boolean;
  /** Why the two sides differ, with the upstream function (KEDA file + function + version). */
  why: string;
}

/** One generated trigger as given to both sides. */
export interface GeneratedDifferentialTrigger {
  label: string;
  input: OracleTrigger;
  /** Compare acceptance only (KEDA's parse, scalerkit's `parse()`): for triggers that cannot connect. */
  acceptanceOnly?: boolean;
}

export interface GeneratedDifferentialOptions {
  /** Report name: `azure-queue` writes `azure-queue-parameters-report.json`. */
  name: string;
  oracle: KedaOracle;
  definition: ScalerDefinition<unknown>;
  triggers: GeneratedDifferentialTrigger[];
  known: readonly KnownDisagreement[];
  /** Shortens live names and hides secrets in the printed differences and the report's inputs. */
  mask?: (text: string) => string;
  /** `runBoth`'s options for every live trigger (`timeoutMs` defaults to 5000). */
  runOptions?: RunOptions;
  /** Differences compared besides `differences()`, e.g. `failureDifferences` (the kind of a failed poll). */
  moreDifferences?: (keda: Outcome, scalerkit: Outcome) => string[];
  /** How many unexplained disagreements are printed (default 40; the report has all). */
  printed?: number;
}

/** How many acceptance-only triggers are checked at once. */
const ACCEPTANCE_BATCH = 32;

/**
 * Runs the triggers; returns the unexplained disagreements (the test expects none).
 *
 * @example
 * const unexplained = await runGeneratedDifferential({ name: 'nats-jetstream', oracle, definition, triggers, known: [] });
 * expect(unexplained).toEqual([]);
 */
export async function runGeneratedDifferential(options: GeneratedDifferentialOptions): Promise<string[]> {
  const mask = options.mask ?? ((text: string) => text);
  const acceptanceOnly = options.triggers.filter((trigger) => trigger.acceptanceOnly);
  const live = options.triggers.filter((trigger) => !trigger.acceptanceOnly);
  const counts = {
    ...(acceptanceOnly.length > 0 ? { live: live.length, acceptanceOnly: acceptanceOnly.length } : {}),
    acceptedByBoth: 0,
    rejectedByBoth: 0,
    sameMetricsOnBoth: 0,
    failedOnBoth: 0,
  };
  const disagreements: { label: string; input: OracleTrigger; differences: string[] }[] = [];
  const unexplained: string[] = [];
  const seen = new Map<string, number>();
  const record = (label: string, input: OracleTrigger, found: string[]) => {
    const open = found.filter((difference) => {
      const entry = options.known.find((candidate) => candidate.matches(input, difference));
      if (entry) seen.set(entry.name, (seen.get(entry.name) ?? 0) + 1);
      return entry === undefined;
    });
    if (found.length > 0) disagreements.push({ label, input: maskInput(input, mask), differences: found });
    if (open.length > 0) unexplained.push(`${label}: ${open.join('; ')}`);
  };

  for (let start = 0; start < acceptanceOnly.length; start += ACCEPTANCE_BATCH) {
    await Promise.all(
      acceptanceOnly.slice(start, start + ACCEPTANCE_BATCH).map(async ({ label, input }) => {
        const { keda, scalerkit } = await compareAcceptance(options, input);
        if (keda !== undefined && scalerkit !== undefined) counts.rejectedByBoth += 1;
        if (keda === undefined && scalerkit === undefined) counts.acceptedByBoth += 1;
        if ((keda === undefined) === (scalerkit === undefined)) return;
        const side = (rejection: string | undefined) =>
          rejection === undefined ? 'accepts' : `rejects (${rejection})`;
        record(label, input, [mask(`acceptance: KEDA ${side(keda)}, scalerkit ${side(scalerkit)}`)]);
      }),
    );
  }

  for (const { label, input } of live) {
    const { keda, scalerkit } = await runBoth(options.oracle, options.definition, input, {
      timeoutMs: 5000,
      ...options.runOptions,
    });
    if (keda.stage === 'rejected' && scalerkit.stage === 'rejected') counts.rejectedByBoth += 1;
    if (keda.stage !== 'rejected' && scalerkit.stage !== 'rejected') counts.acceptedByBoth += 1;
    const found = [...differences(keda, scalerkit), ...(options.moreDifferences?.(keda, scalerkit) ?? [])].map(mask);
    if (found.length === 0 && keda.stage === 'ok' && keda.polls?.every((poll) => poll.error === undefined))
      counts.sameMetricsOnBoth += 1;
    if (found.length === 0 && keda.stage !== 'rejected' && scalerkit.polls?.every((poll) => poll.error !== undefined))
      counts.failedOnBoth += 1;
    record(label, input, found);
  }

  const reportFile = new URL(`../../../.services/keda-oracle/${options.name}-parameters-report.json`, import.meta.url);
  mkdirSync(new URL('.', reportFile), { recursive: true });
  const explained = Object.fromEntries(
    options.known.map((entry) => [entry.name, { count: seen.get(entry.name) ?? 0, why: entry.why }]),
  );
  writeFileSync(reportFile, `${JSON.stringify({ counts, explained, disagreements }, null, 2)}\n`);
  const split = acceptanceOnly.length > 0 ? ` (${live.length} live, ${acceptanceOnly.length} acceptance only)` : '';
  console.log(
    `${options.name} parameters: ${options.triggers.length} combinations${split}; both accept ${counts.acceptedByBoth}, ` +
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
  for (const line of unexplained.slice(0, options.printed ?? 40)) console.log(`  UNEXPLAINED ${line}`);
  return unexplained;
}

/** Each side's rejection of `input` (undefined where it accepts), from KEDA's parse and scalerkit's `parse()`. */
async function compareAcceptance(
  options: GeneratedDifferentialOptions,
  input: OracleTrigger,
): Promise<{ keda: string | undefined; scalerkit: string | undefined }> {
  const answer = await options.oracle.check(input, { parseOnly: true, timeoutMs: 15_000 });
  const kedaRejects = options.runOptions?.kedaRejects ?? isParseRejection;
  const keda = typeof answer.parseError === 'string' && kedaRejects(answer.parseError) ? answer.parseError : undefined;
  try {
    options.definition.parse({ ...input, metricType: (input.metricType || undefined) as never });
    return { keda, scalerkit: undefined };
  } catch (error) {
    return { keda, scalerkit: (error as Error).message };
  }
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
