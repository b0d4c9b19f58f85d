import { parseDuration } from './duration.js';

export { formatDuration, parseDuration } from './duration.js';

/** A duration: seconds, or text such as `90s`, `5m`, `1h30m`. */
export type Duration = number | string;

/**
 * How many items arrive per second, as a function of simulated time.
 *
 * - a number: constant rate;
 * - `steps`: piecewise constant, `rate` from `at` on (0 before the first step);
 * - `bursts`: `baseRate`, and `burstRate` for `duration` every `every`, the first burst at `start` (default `every`);
 * - `sine`: `mean + amplitude · sin(2π (t + phase) / period)`, never below 0;
 * - `trace`: measured points (`parseArrivalCsv`), held until the next point;
 * - a function of the time in seconds.
 */
export type ArrivalModel =
  | number
  | { type: 'constant'; rate: number }
  | { type: 'steps'; steps: { at: Duration; rate: number }[] }
  | { type: 'bursts'; baseRate: number; burstRate: number; every: Duration; duration: Duration; start?: Duration }
  | { type: 'sine'; mean: number; amplitude: number; period: Duration; phase?: Duration }
  | { type: 'trace'; points: { at: Duration; rate: number }[] }
  | ((timeSeconds: number) => number);

/**
 * A closed-loop queue: items arrive, every ready replica serves `serviceRatePerReplica` items per second, and
 * the trigger's metric is the resulting backlog.
 */
export interface Workload {
  arrivals: ArrivalModel;
  /** Items one ready replica processes per second. */
  serviceRatePerReplica: number;
  /** Seconds before a new replica is ready; overrides `simulate`'s `readyDelay`. */
  startupDelay?: Duration;
  /** Backlog at time 0. Default 0. */
  initialBacklog?: number;
  /** The trigger (key: name, or index as a string) whose metric is the backlog. Default: the first trigger. */
  trigger?: string;
}

function nonNegative(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${path} must be a non-negative number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function positiveDuration(value: unknown, path: string): number {
  const seconds = parseDuration(value as Duration, path);
  if (seconds <= 0) throw new Error(`${path} must be longer than 0, got ${JSON.stringify(value)}`);
  return seconds;
}

function heldPoints(points: { at: Duration; rate: number }[], path: string): (t: number) => number {
  if (!Array.isArray(points) || points.length === 0)
    throw new Error(`${path} must be a non-empty list of { at, rate }`);
  const sorted = points
    .map((point, index) => ({
      at: parseDuration(point?.at, `${path}[${index}].at`),
      rate: nonNegative(point?.rate, `${path}[${index}].rate`),
    }))
    .sort((a, b) => a.at - b.at);
  return (t) => {
    let rate = 0;
    for (const point of sorted) {
      if (point.at > t) break;
      rate = point.rate;
    }
    return rate;
  };
}

/**
 * Validates an arrival model and returns its rate function (items per second at a time in seconds).
 * Errors name the offending field (`workload.arrivals.every must be ...`).
 */
export function arrivalRateFunction(model: ArrivalModel, path = 'workload.arrivals'): (timeSeconds: number) => number {
  if (typeof model === 'function') return (t) => Math.max(0, model(t));
  if (typeof model === 'number') {
    const rate = nonNegative(model, path);
    return () => rate;
  }
  switch (model?.type) {
    case 'constant': {
      const rate = nonNegative(model.rate, `${path}.rate`);
      return () => rate;
    }
    case 'steps':
      return heldPoints(model.steps, `${path}.steps`);
    case 'trace':
      return heldPoints(model.points, `${path}.points`);
    case 'bursts': {
      const base = nonNegative(model.baseRate, `${path}.baseRate`);
      const burst = nonNegative(model.burstRate, `${path}.burstRate`);
      const every = positiveDuration(model.every, `${path}.every`);
      const duration = positiveDuration(model.duration, `${path}.duration`);
      const start = model.start === undefined ? every : parseDuration(model.start, `${path}.start`);
      if (duration > every) throw new Error(`${path}.duration must not exceed ${path}.every`);
      return (t) => (t >= start && (t - start) % every < duration ? burst : base);
    }
    case 'sine': {
      const mean = nonNegative(model.mean, `${path}.mean`);
      const amplitude = nonNegative(model.amplitude, `${path}.amplitude`);
      const period = positiveDuration(model.period, `${path}.period`);
      const phase = model.phase === undefined ? 0 : parseDuration(model.phase, `${path}.phase`);
      return (t) => Math.max(0, mean + amplitude * Math.sin((2 * Math.PI * (t + phase)) / period));
    }
    default:
      throw new Error(
        `${path} must be a number (items per second), a function, or an object with type constant, steps, bursts, sine or trace; got ${JSON.stringify(model)}`,
      );
  }
}

/**
 * Reads an arrival trace from CSV: two columns, time (seconds or a duration such as `5m`) and rate (items per
 * second). A header line and `#` comments are allowed. Each rate holds until the next line.
 *
 * @example parseArrivalCsv('time,rate\n0,5\n10m,40\n12m,5')
 */
export function parseArrivalCsv(text: string, source = 'trace'): ArrivalModel {
  const points: { at: number; rate: number }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(/[,;\t]/).map((cell) => cell.trim());
    if (index === 0 && Number.isNaN(Number(cells[1]))) return; // header
    if (cells.length < 2) throw new Error(`${source}:${index + 1}: expected "time,rate", got "${line}"`);
    const at = parseDuration(cells[0]!, `${source}:${index + 1}: time`);
    const rate = Number(cells[1]);
    if (!Number.isFinite(rate) || rate < 0) {
      throw new Error(`${source}:${index + 1}: rate must be a non-negative number, got "${cells[1]}"`);
    }
    points.push({ at, rate });
  });
  if (points.length === 0) throw new Error(`${source}: no data lines (expected "time,rate")`);
  return { type: 'trace', points };
}

/** Checks a workload read from JSON or YAML and returns it typed. Errors name the field. */
export function parseWorkload(value: unknown, path = 'workload'): Workload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path} must be an object with arrivals and serviceRatePerReplica`);
  }
  const input = value as Record<string, unknown>;
  const allowed = ['arrivals', 'serviceRatePerReplica', 'startupDelay', 'initialBacklog', 'trigger'];
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key))
      throw new Error(`${path}.${key} is not a workload field (accepted: ${allowed.join(', ')})`);
  }
  const workload: Workload = {
    arrivals: input.arrivals as ArrivalModel,
    serviceRatePerReplica: nonNegative(input.serviceRatePerReplica, `${path}.serviceRatePerReplica`),
  };
  arrivalRateFunction(workload.arrivals, `${path}.arrivals`);
  if (input.startupDelay !== undefined) {
    parseDuration(input.startupDelay as Duration, `${path}.startupDelay`);
    workload.startupDelay = input.startupDelay as Duration;
  }
  if (input.initialBacklog !== undefined) {
    workload.initialBacklog = nonNegative(input.initialBacklog, `${path}.initialBacklog`);
  }
  if (input.trigger !== undefined) {
    if (typeof input.trigger !== 'string') throw new Error(`${path}.trigger must be a trigger name or index`);
    workload.trigger = input.trigger;
  }
  return workload;
}

/**
 * Ready-made workloads (for `scalerkit simulate --workload <name>` and quick experiments). Every replica
 * serves 5 items per second and needs 20 s to become ready.
 */
export const workloadPresets: Readonly<Record<'steady' | 'bursty' | 'sine' | 'spike' | 'ramp', Workload>> = {
  /** 30 items/s all the time. */
  steady: { arrivals: 30, serviceRatePerReplica: 5, startupDelay: 20 },
  /** Quiet (1 item/s) with 3-minute bursts of 60 items/s every 20 minutes, the first at 5 minutes. */
  bursty: {
    arrivals: { type: 'bursts', baseRate: 1, burstRate: 60, every: '20m', duration: '3m', start: '5m' },
    serviceRatePerReplica: 5,
    startupDelay: 20,
  },
  /** A daily-like wave between 0 and 60 items/s with a one-hour period. */
  sine: {
    arrivals: { type: 'sine', mean: 30, amplitude: 30, period: '1h', phase: '45m' },
    serviceRatePerReplica: 5,
    startupDelay: 20,
  },
  /** Nothing, then one 10-minute spike of 100 items/s at 10 minutes, then nothing. */
  spike: {
    arrivals: {
      type: 'steps',
      steps: [
        { at: 0, rate: 0 },
        { at: '10m', rate: 100 },
        { at: '20m', rate: 0 },
      ],
    },
    serviceRatePerReplica: 5,
    startupDelay: 20,
  },
  /** From 0 to 80 items/s in steps of 10 every 5 minutes. */
  ramp: {
    arrivals: { type: 'steps', steps: Array.from({ length: 9 }, (_, i) => ({ at: i * 300, rate: i * 10 })) },
    serviceRatePerReplica: 5,
    startupDelay: 20,
  },
};
