// Starts the oracle for a test file that needs one live service (rabbitmq, nats), or tells why it cannot: skips
// locally, fails under CI=true or SCALERKIT_REQUIRE_SERVICES=1, like the integration tests' services.
import { requireService } from '@scalerkit/testing';
import { kedaOracleBinary } from '../ts/keda-oracle.js';
import type { Outcome } from '../ts/outcome.js';

/** Probes the oracle binary and `address` once; `ready` is false (with one line each) when either is missing. */
export async function oracleAnd(
  service: string,
  address: string,
  hint: string,
): Promise<{ ready: boolean; binary: string | undefined }> {
  const binary = kedaOracleBinary();
  const oracle = await requireService(
    'keda-oracle',
    { path: binary ?? 'tools/keda-oracle (not built for the current sources)' },
    { hint: 'run bash scripts/keda-oracle.sh build (a cold build: ~1,000 s of CPU)' },
  );
  const reachable = await requireService(service, address, { hint });
  return { ready: oracle.reachable && reachable.reachable, binary };
}

/** `, polls 7/true 0/true` or `, polls failed`: what a side reported, for a run's summary. */
export function pollSummary(outcome: Outcome): string {
  if (!outcome.polls || outcome.polls.length === 0) return '';
  return `, polls ${outcome.polls.map((poll) => (poll.error ? 'failed' : `${poll.values?.[0]?.value}/${poll.isActive}`)).join(' ')}`;
}

/** One compared trigger of a live suite, for the summary printed at its end. */
export interface LiveReportEntry {
  name: string;
  differences: string[];
  outcome: string;
}

/** Prints `<suite>: N triggers compared, M disagree` and one line per trigger. */
export function printLiveReport(suite: string, report: LiveReportEntry[]): void {
  const disagreeing = report.filter((entry) => entry.differences.length > 0);
  console.log(`${suite}: ${report.length} triggers compared, ${disagreeing.length} disagree`);
  for (const entry of report)
    console.log(
      `  ${entry.name}: ${entry.outcome}${entry.differences.length > 0 ? ` DIFFERS: ${entry.differences.join('; ')}` : ''}`,
    );
}

/** `not found` when an error says so (a missing queue, stream, consumer or account), else `failed`. */
const failureKind = (error: string) => (/not[ _-]?found/i.test(error) ? 'not found' : 'failed');

/**
 * For polls that failed on both sides: whether both failed for a missing thing, or both for another reason
 * (error texts differ by design; this is the part that must not).
 */
export function failureDifferences(keda: Outcome, scalerkit: Outcome): string[] {
  const found: string[] = [];
  for (const [index, theirs] of (keda.polls ?? []).entries()) {
    const ours = scalerkit.polls?.[index];
    if (theirs.error === undefined || ours?.error === undefined) continue;
    if (failureKind(theirs.error) !== failureKind(ours.error))
      found.push(
        `poll ${index + 1} failure: KEDA ${failureKind(theirs.error)} (${theirs.error}), scalerkit ${failureKind(ours.error)} (${ours.error})`,
      );
  }
  return found;
}
