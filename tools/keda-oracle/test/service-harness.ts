// What the live differential suites (kafka, rabbitmq, nats-jetstream) share: a poll summary, the printed report,
// and the comparison of failed polls' kinds. (Probing the oracle and the service: oracle-harness.ts.)
import type { Outcome } from '../ts/outcome.js';

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
