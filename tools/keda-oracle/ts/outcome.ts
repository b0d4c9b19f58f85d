// One shape for what a scaler did with a trigger, from either side (KEDA's oracle or a scalerkit
// ScalerDefinition), and the differences between two such outcomes.
import {
  createConnectionCache,
  type Scaler,
  ScalerConfigError,
  type ScalerContext,
  type ScalerDefinition,
  silentLogger,
  type TriggerInput,
} from '@scalerkit/core';
import {
  isParseRejection,
  type KedaOracle,
  type OracleAnswer,
  type OracleQuantity,
  type OracleTrigger,
} from './keda-oracle.js';

/**
 * `rejected`: the trigger was refused before any I/O (KEDA's "error parsing ..." / scalerkit's parse()).
 * `create-failed`: accepted, but building the scaler failed (KEDA connects at once; scalerkit's create()).
 * `ok`: built; `metricSpecs` and `polls` say what it reported.
 */
export interface Outcome {
  stage: 'rejected' | 'create-failed' | 'ok';
  error?: string;
  metricSpecs?: { metricName: string; targetType: string; targetValue: number }[];
  polls?: PollOutcome[];
}

export interface PollOutcome {
  /** Each metric's value (one per metric name), or undefined when the poll failed. */
  values?: { metricName: string; value: number }[];
  isActive?: boolean;
  error?: string;
}

/**
 * A quantity as a number: exact from its thousandths, or, past 9e12 (where Go's `Quantity.MilliValue` overflows
 * int64), its approximate float64.
 */
function quantityNumber(quantity: OracleQuantity): number {
  return Math.abs(quantity.value) < 9e12 ? quantity.milli / 1000 : quantity.value;
}

/** The metric specs of the oracle's answer to `create`, as an outcome holds them. */
export function kedaMetricSpecs(answer: OracleAnswer): NonNullable<Outcome['metricSpecs']> {
  return (answer.metricSpecs ?? []).map((spec) => ({
    metricName: spec.name,
    targetType: spec.targetType,
    targetValue: spec.targetValue ? quantityNumber(spec.targetValue) : Number.NaN,
  }));
}

/** One poll of the oracle's scaler open under `handle` (for `metricName` when the caller names one). */
export async function pollKeda(oracle: KedaOracle, handle: string, metricName?: string): Promise<PollOutcome> {
  const [poll] = (await oracle.poll(handle, 1, metricName)).polls ?? [];
  if (!poll) return { error: 'keda-oracle: no poll in the answer' };
  if (poll.error !== null) return { error: poll.error };
  return {
    values: poll.values.map((value) => ({ metricName: value.name, value: quantityNumber(value.value) })),
    isActive: poll.active,
  };
}

/** The KEDA side of one trigger: the oracle's scaler kept open under a handle. */
async function openKeda(
  oracle: KedaOracle,
  trigger: OracleTrigger,
  timeoutMs: number,
  kedaRejects: (parseError: string) => boolean = isParseRejection,
): Promise<OpenSide> {
  const handle = `h${++handles}`;
  const answer = await oracle.create(handle, trigger, timeoutMs);
  if (answer.error) throw new Error(`keda-oracle refused the request: ${answer.error}`);
  if (answer.parseError) {
    return {
      outcome: { stage: kedaRejects(answer.parseError) ? 'rejected' : 'create-failed', error: answer.parseError },
    };
  }
  return {
    outcome: { stage: 'ok', metricSpecs: kedaMetricSpecs(answer), polls: [] },
    poll: () => pollKeda(oracle, handle),
    async close() {
      await oracle.close(handle);
    },
  };
}
let handles = 0;

/** The scalerkit side of one trigger: parse, create, specs. */
export function openScalerkit(
  definition: ScalerDefinition<unknown>,
  trigger: OracleTrigger,
  timeoutMs: number,
  configErrorAtCreateIsRejection = false,
): OpenSide {
  const input: TriggerInput = {
    metadata: trigger.metadata,
    authParams: trigger.authParams,
    resolvedEnv: trigger.resolvedEnv,
    triggerIndex: trigger.triggerIndex,
    triggerName: trigger.triggerName,
    metricType: (trigger.metricType || undefined) as TriggerInput['metricType'],
  };
  let config: unknown;
  try {
    config = definition.parse(input);
  } catch (error) {
    return { outcome: { stage: 'rejected', error: (error as Error).message } };
  }
  const context: ScalerContext = {
    logger: silentLogger,
    signal: new AbortController().signal,
    connections: createConnectionCache(),
    timeoutMs,
  };
  let scaler: Scaler;
  try {
    scaler = definition.create(config, context);
  } catch (error) {
    const rejected = configErrorAtCreateIsRejection && ScalerConfigError.isInstance(error);
    return { outcome: { stage: rejected ? 'rejected' : 'create-failed', error: (error as Error).message } };
  }
  const specs = scaler.getMetricSpecs();
  return {
    outcome: {
      stage: 'ok',
      metricSpecs: specs.map((spec) => ({
        metricName: spec.metricName,
        targetType: spec.targetType,
        targetValue: spec.targetValue,
      })),
      polls: [],
    },
    async poll() {
      try {
        const result = await scaler.getMetricsAndActivity(specs[0]!.metricName);
        return {
          values: result.metrics.map((metric) => ({ metricName: metric.metricName, value: metric.value })),
          isActive: result.isActive,
        };
      } catch (error) {
        return { error: (error as Error).message };
      }
    },
    close: () => scaler.close(),
  };
}

/** One side of a comparison, built and ready to poll. */
export interface OpenSide {
  outcome: Outcome;
  poll?: () => Promise<PollOutcome>;
  close?: () => Promise<void>;
}

/** Options of `runBoth`. */
export interface RunOptions {
  /** Polls per side (default 1; 0 compares only acceptance and specs). */
  polls?: number;
  /** Runs once before each poll after the first, between the two sides' polls of the previous round. */
  between?: (pollIndex: number) => Promise<void>;
  /** scalerkit's poll timeout and the oracle's create deadline (default 5000 ms). */
  timeoutMs?: number;
  /**
   * Which of KEDA's constructor errors refuse the trigger itself (the rest are failures to reach the service).
   * Default: `isParseRejection` (KEDA's `error parsing ...` / metric type errors).
   */
  kedaRejects?: (parseError: string) => boolean;
  /**
   * Count a `ScalerConfigError` from scalerkit's `create()` as a rejection (default false). For scalers whose
   * KEDA constructor refuses the same input before any I/O (rabbitmq's TLS material and AMQP URI).
   */
  configErrorAtCreateIsRejection?: boolean;
}

/**
 * Runs one trigger through KEDA (the oracle) and scalerkit, interleaved: both are built, then each round polls
 * KEDA and then scalerkit, so that a change made by `between` is seen by both.
 */
export async function runBoth(
  oracle: KedaOracle,
  definition: ScalerDefinition<unknown>,
  trigger: OracleTrigger,
  options: RunOptions = {},
): Promise<{ keda: Outcome; scalerkit: Outcome }> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const keda = await openKeda(oracle, trigger, timeoutMs, options.kedaRejects);
  const ours = openScalerkit(definition, trigger, timeoutMs, options.configErrorAtCreateIsRejection);
  await pollInterleaved(keda, ours, options.polls ?? 1, options.between);
  return { keda: keda.outcome, scalerkit: ours.outcome };
}

/**
 * Polls both sides `polls` times, each round KEDA then scalerkit (`between` runs before every round after the
 * first), then closes both.
 */
export async function pollInterleaved(
  keda: OpenSide,
  ours: OpenSide,
  polls: number,
  between: RunOptions['between'],
): Promise<void> {
  try {
    for (let index = 0; index < polls; index += 1) {
      if (index > 0) await between?.(index);
      if (keda.poll) keda.outcome.polls!.push(await keda.poll());
      if (ours.poll) ours.outcome.polls!.push(await ours.poll());
    }
  } finally {
    await keda.close?.();
    await ours.close?.();
  }
}

/** True when every poll failed (or there were none): the trigger produced no metric. */
const producedNothing = (outcome: Outcome) =>
  outcome.stage !== 'ok' || (outcome.polls ?? []).every((poll) => poll.error !== undefined);

/**
 * The differences that matter between KEDA's outcome and scalerkit's: the stage, the metric specs, and each
 * poll's values, activity and success. Error texts differ by design and are not compared.
 */
export function differences(keda: Outcome, scalerkit: Outcome): string[] {
  const found: string[] = [];
  // KEDA connects while building the scaler; scalerkit connects on the first poll. A trigger that cannot
  // reach the broker therefore fails at create in KEDA and at every poll in scalerkit: the same outcome.
  const connectFailure = (one: Outcome, other: Outcome) =>
    one.stage === 'create-failed' && other.stage === 'ok' && (other.polls?.length ?? 0) > 0 && producedNothing(other);
  if (connectFailure(keda, scalerkit) || connectFailure(scalerkit, keda)) return found;
  if (keda.stage !== scalerkit.stage) {
    found.push(
      `stage: KEDA ${keda.stage}${keda.error ? ` (${keda.error})` : ''}, scalerkit ${scalerkit.stage}${scalerkit.error ? ` (${scalerkit.error})` : ''}`,
    );
    return found;
  }
  if (keda.stage !== 'ok') return found;
  const kedaSpecs = JSON.stringify(keda.metricSpecs);
  const ourSpecs = JSON.stringify(scalerkit.metricSpecs);
  if (kedaSpecs !== ourSpecs) found.push(`metric specs: KEDA ${kedaSpecs}, scalerkit ${ourSpecs}`);
  const count = Math.max(keda.polls?.length ?? 0, scalerkit.polls?.length ?? 0);
  for (let index = 0; index < count; index += 1) {
    const ours = scalerkit.polls?.[index];
    const theirs = keda.polls?.[index];
    const label = `poll ${index + 1}`;
    if (!ours || !theirs) {
      found.push(`${label}: missing on one side`);
    } else if ((theirs.error === undefined) !== (ours.error === undefined)) {
      found.push(
        `${label}: KEDA ${theirs.error ? `failed (${theirs.error})` : JSON.stringify(theirs)}, scalerkit ${ours.error ? `failed (${ours.error})` : JSON.stringify(ours)}`,
      );
    } else if (theirs.error === undefined) {
      if (JSON.stringify(theirs.values) !== JSON.stringify(ours.values))
        found.push(`${label} values: KEDA ${JSON.stringify(theirs.values)}, scalerkit ${JSON.stringify(ours.values)}`);
      if (theirs.isActive !== ours.isActive)
        found.push(`${label} activity: KEDA ${theirs.isActive}, scalerkit ${ours.isActive}`);
    }
  }
  return found;
}
