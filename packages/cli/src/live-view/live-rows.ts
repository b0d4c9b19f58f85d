import type {
  AutoscalerScaleEvent,
  Decision,
  DecisionEvent,
  Explanation,
  HpaSyncEvent,
  PollEvent,
  TriggerObservation,
} from '@scalerkit/core';
import { metricUnit, type ReportDecision, type ReportRun, reportDecision } from '@scalerkit/testing';

/** The status line of a row (operator mode: the ScaledObject's conditions, replicas, ...). */
export type LiveStatus = Record<string, string | number | boolean>;

/** One metric of a live point: the value the autoscaler saw and its target. */
export interface LiveMetric {
  key: string;
  metricName: string;
  targetType: 'AverageValue' | 'Value';
  targetValue: number;
  /** What the metric counts (from the trigger type: `messages`, `consumer lag, messages`, ...). */
  unit: string;
  composite?: boolean;
  value?: number;
}

/** One instant of a row: after a decision, or after a scale. Times are epoch seconds. */
export interface LivePoint {
  t: number;
  replicas: number;
  ready: number;
  desired: number;
  /** Bits: 1 active, 2 fallback, 4 paused, 8 a trigger failed. */
  flags: number;
  metrics: LiveMetric[];
  /** Set on the point a decision made (the page shows it until the next one). */
  decision?: ReportDecision;
}

export interface LiveScaleEvent {
  t: number;
  from: number;
  to: number;
  reason: string;
  phase?: string;
}

/** Limits of one row's history. */
export interface RowLimits {
  /** Points kept (oldest dropped first). */
  maxPoints: number;
  /** Seconds of history kept behind the latest point. */
  historySeconds: number;
}

function flagsOf(decision: Decision): number {
  return (
    (decision.isActive ? 1 : 0) |
    (decision.fallbackActive ? 2 : 0) |
    (decision.paused ? 4 : 0) |
    (decision.isError ? 8 : 0)
  );
}

/**
 * One ScaledObject's recent history, bounded by `limits`: the points, scale events and status the live view
 * shows, built from the autoscaler's events.
 */
export class LiveRow {
  readonly name: string;
  readonly #limits: RowLimits;
  readonly points: LivePoint[] = [];
  readonly scaleEvents: LiveScaleEvent[] = [];
  status: LiveStatus | undefined;
  /** The last value each trigger reported (poll or HPA sync). */
  readonly #observed = new Map<string, number | undefined>();
  /** The last known target of each metric (from the HPA's part of the decisions). */
  readonly #targets = new Map<string, Omit<LiveMetric, 'value'>>();

  constructor(name: string, limits: RowLimits) {
    this.name = name;
    this.#limits = limits;
  }

  /** A poll or an HPA sync: remembers what each trigger reported. */
  observe(event: PollEvent | HpaSyncEvent): void {
    for (const [key, observation] of Object.entries(event.triggers) as [string, TriggerObservation][]) {
      this.#observed.set(key, observation.error === undefined ? observation.metrics?.[0]?.value : undefined);
    }
  }

  /** A decision: a point with the decision's explanation. */
  decide(event: DecisionEvent): LivePoint {
    const { decision } = event;
    const explanation = decision.explanation as Explanation;
    const composite = explanation.activity?.composite;
    for (const metric of explanation.hpa?.metrics ?? []) {
      const isComposite = metric.triggerKey === 'composite-metric';
      const type = explanation.triggers?.find((trigger) => trigger.key === metric.triggerKey)?.type;
      this.#targets.set(metric.triggerKey, {
        key: metric.triggerKey,
        metricName: metric.metricName,
        targetType: metric.targetType,
        targetValue: metric.target,
        unit: isComposite ? `formula ${composite?.formula ?? ''}`.trim() : metricUnit(type ?? ''),
        ...(isComposite ? { composite: true } : {}),
      });
    }
    const metrics: LiveMetric[] = [];
    for (const [key, target] of this.#targets) {
      const value = target.composite ? composite?.value : this.#observed.get(key);
      metrics.push(value === undefined ? { ...target } : { ...target, value });
    }
    return this.#push({
      t: event.at / 1000,
      replicas: event.currentReplicas,
      ready: event.readyReplicas ?? event.currentReplicas,
      desired: decision.desiredReplicas,
      flags: flagsOf(decision),
      metrics,
      decision: reportDecision(decision, event.at / 1000),
    });
  }

  /** A scale: the event, and a point with the new count. */
  scale(event: AutoscalerScaleEvent): { point: LivePoint; event: LiveScaleEvent } {
    const t = event.at / 1000;
    const scaleEvent: LiveScaleEvent = { t, from: event.from, to: event.to, reason: event.decision.reason };
    if (event.decision.phase !== undefined) scaleEvent.phase = event.decision.phase;
    this.scaleEvents.push(scaleEvent);
    const last = this.points.at(-1);
    const point = this.#push({
      t,
      replicas: event.to,
      ready: last?.ready ?? event.from,
      desired: event.decision.desiredReplicas,
      flags: flagsOf(event.decision),
      metrics: last?.metrics ?? [],
    });
    return { point, event: scaleEvent };
  }

  #push(point: LivePoint): LivePoint {
    this.points.push(point);
    const oldest = point.t - this.#limits.historySeconds;
    let drop = Math.max(0, this.points.length - this.#limits.maxPoints);
    while (drop < this.points.length - 1 && this.points[drop]!.t < oldest) drop += 1;
    if (drop > 0) this.points.splice(0, drop);
    const first = this.points[0]!.t;
    let events = 0;
    while (events < this.scaleEvents.length && this.scaleEvents[events]!.t < first) events += 1;
    if (events > 0) this.scaleEvents.splice(0, events);
    return point;
  }

  /** The row in the page's format (the report's columns, epoch seconds). */
  snapshot(): ReportRun & { status?: LiveStatus } {
    const keys: LiveMetric[] = [];
    for (const point of this.points) {
      for (const metric of point.metrics) if (!keys.some((k) => k.key === metric.key)) keys.push(metric);
    }
    const decisions: ReportDecision[] = [];
    const decisionIndex: number[] = [];
    for (const point of this.points) {
      if (point.decision !== undefined) decisions.push(point.decision);
      decisionIndex.push(decisions.length - 1);
    }
    const run: ReportRun & { status?: LiveStatus } = {
      name: this.name,
      metricAxis: liveMetricAxis(keys),
      t: this.points.map((p) => p.t),
      replicas: this.points.map((p) => p.replicas),
      ready: this.points.map((p) => p.ready),
      desired: this.points.map((p) => p.desired),
      flags: this.points.map((p) => p.flags),
      decision: decisionIndex,
      metrics: keys.map((key) => ({
        key: key.key,
        metricName: key.metricName,
        unit: key.unit,
        targetType: key.targetType,
        targetValue: key.targetValue,
        composite: key.composite === true,
        values: this.points.map((p) => p.metrics.find((m) => m.key === key.key)?.value ?? null),
      })),
      decisions,
      scaleEvents: [...this.scaleEvents],
      summary: [],
      end: this.points.at(-1)?.t ?? 0,
    };
    if (this.status !== undefined) run.status = this.status;
    return run;
  }
}

/** The metric axis title of a live row: the metric's name and unit, or the names of several. */
export function liveMetricAxis(metrics: readonly Pick<LiveMetric, 'metricName' | 'unit'>[]): string {
  if (metrics.length === 0) return 'metric';
  if (metrics.length === 1) return `${metrics[0]!.metricName} (${metrics[0]!.unit})`;
  return metrics.map((m) => m.metricName).join(', ');
}
