import { ScalerError } from '@scalerkit/core';
import { startSilentServer } from './conformance-silent-server.js';
import { type OpenScaler, type Outcome, outcomeWithin, type SuiteTools } from './conformance-support.js';

/** A stable, machine-readable `ScalerError.code`: UPPER_SNAKE (`CONNECTION_ERROR`, `TIMEOUT`, ...). */
export const STABLE_CODE = /^[A-Z][A-Z_]+$/;

/** The error of a rejected outcome (undefined otherwise), kept for the secrets check. */
function caught<Config, T>(tools: SuiteTools<Config>, outcome: Outcome<T>): unknown {
  const error = outcome.state === 'rejected' ? outcome.error : undefined;
  tools.errors.push(error);
  return error;
}

/** How a poll ended, for an assertion's message; the harness's secrets and authParams values are masked. */
function describeOutcome<Config, T>(tools: SuiteTools<Config>, outcome: Outcome<T>): string {
  let text: string;
  if (outcome.state === 'rejected') {
    const error = outcome.error as Partial<ScalerError> | undefined;
    text = `rejected after ${outcome.elapsedMs} ms with ${error?.name ?? typeof error} code=${String(error?.code)}: ${String(error?.message)}`;
  } else {
    text = `${outcome.state === 'answered' ? 'answered' : 'still pending'} after ${outcome.elapsedMs} ms`;
  }
  const hidden = [...(tools.harness.secrets ?? []), ...Object.values(tools.harness.authParams ?? {})];
  for (const value of hidden) if (value.length >= 3) text = text.split(value).join('***');
  return text;
}

/** Closes a scaler the test created; bounded, so that a scaler whose close() hangs does not hang the suite. */
async function closeWithin<Config>(tools: SuiteTools<Config>, entry: OpenScaler): Promise<void> {
  await outcomeWithin(entry.close(), 2 * tools.timeoutMs + 1000);
  tools.forget(entry);
}

/**
 * The checks of how polls fail: an abort, an unreachable source, a source that never answers. Each failure
 * is a `ScalerError` with a stable code, so a host can tell a timeout from a refused connection.
 */
export function describeFailureChecks<Config>(tools: SuiteTools<Config>): void {
  const { it, expect, harness, thresholds, timeoutMs, deadlineMs, settleMs } = tools;

  it(
    `settles an aborted poll within ${settleMs} ms with code ABORTED`,
    async () => {
      const entry = await tools.create(harness.metadata(thresholds));
      try {
        const [spec] = entry.scaler.getMetricSpecs();
        const controller = new AbortController();
        const polling = entry.scaler.getMetricsAndActivity(spec!.metricName, { signal: controller.signal });
        controller.abort();
        const outcome = await outcomeWithin(polling, settleMs);
        const error = caught(tools, outcome);
        expect(outcome.state, `an aborted poll ${describeOutcome(tools, outcome)}`).toBe('rejected');
        expect(ScalerError.isInstance(error), `an aborted poll ${describeOutcome(tools, outcome)}`).toBe(true);
        expect((error as ScalerError).code).toBe('ABORTED');
      } finally {
        await closeWithin(tools, entry);
      }
    },
    settleMs + 2 * timeoutMs + 5000,
  );

  if (harness.unreachableMetadata) {
    const unreachable = harness.unreachableMetadata;
    it(
      `fails with an error within ${timeoutMs} ms when the source is unreachable`,
      async () => {
        const { scaler, close } = await tools.create(unreachable(thresholds));
        let failure: unknown;
        try {
          await tools.poll(scaler);
        } catch (error) {
          failure = error;
        }
        tools.errors.push(failure);
        await close();
        expect(failure, 'polling an unreachable source must reject').toBeInstanceOf(Error);
        expect((failure as Error).message.length).toBeGreaterThan(0);
      },
      timeoutMs * 2 + 5000,
    );

    it(
      'reports an unreachable source as a ScalerError with a stable code',
      async () => {
        const entry = await tools.create(unreachable(thresholds));
        try {
          const outcome = await outcomeWithin(tools.poll(entry.scaler), timeoutMs + settleMs);
          const error = caught(tools, outcome);
          expect(outcome.state, `polling an unreachable source ${describeOutcome(tools, outcome)}`).toBe('rejected');
          expect(
            ScalerError.isInstance(error),
            `polling an unreachable source ${describeOutcome(tools, outcome)}; expected a ScalerError`,
          ).toBe(true);
          expect((error as ScalerError).code).toMatch(STABLE_CODE);
        } finally {
          await closeWithin(tools, entry);
        }
      },
      timeoutMs * 3 + settleMs + 5000,
    );
  } else {
    const reason = 'the harness gives no unreachableMetadata';
    tools.skip(`fails with an error within ${timeoutMs} ms when the source is unreachable`, reason);
    tools.skip('reports an unreachable source as a ScalerError with a stable code', reason);
  }

  const deadlineName = `reports a poll past its ${deadlineMs} ms deadline as TIMEOUT within ${deadlineMs + settleMs} ms`;
  if (harness.silentMetadata) {
    const silent = harness.silentMetadata;
    it(
      deadlineName,
      async () => {
        const server = await startSilentServer();
        try {
          const entry = await tools.create(
            silent({ ...thresholds, address: server.address }),
            {},
            { timeoutMs: deadlineMs },
          );
          try {
            const [spec] = entry.scaler.getMetricSpecs();
            // No signal of the caller's: the deadline must come from the host's timeoutMs alone.
            const outcome = await outcomeWithin(
              entry.scaler.getMetricsAndActivity(spec!.metricName),
              deadlineMs + settleMs,
            );
            const error = caught(tools, outcome);
            const what = `a poll of a source that never answers, with the host's timeoutMs ${deadlineMs},`;
            expect(outcome.state, `${what} ${describeOutcome(tools, outcome)}`).toBe('rejected');
            expect(ScalerError.isInstance(error), `${what} ${describeOutcome(tools, outcome)}`).toBe(true);
            expect((error as ScalerError).code, `${what} ${describeOutcome(tools, outcome)}`).toBe('TIMEOUT');
          } finally {
            await closeWithin(tools, entry);
          }
        } finally {
          await server.close();
        }
      },
      deadlineMs + settleMs + 2 * timeoutMs + 5000,
    );
  } else {
    tools.skip(deadlineName, 'the harness gives no silentMetadata');
  }
}
