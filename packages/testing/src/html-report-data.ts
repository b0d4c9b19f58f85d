import type { Decision, Explanation } from '@scalerkit/core';
import { chartMetrics, metricAxisTitle } from './chart-series.js';
import type { SimulatedDecision, SimulationResult, SimulationStep } from './simulation-types.js';
import { formatDuration } from './duration.js';
import { longestWait } from './summary.js';

/** One decision as the report shows it: the engine's own line, then the facts behind it. */
export interface ReportDecision {
  /** Seconds (simulation) or epoch seconds (live view). */
  t: number;
  phase?: string;
  reason: string;
  current?: number;
  desired: number;
  /** `Decision.toString()`: the line the engine wrote. */
  text: string;
  /** The structured explanation, one fact a line. */
  details: string[];
}

/** One metric drawn against its target. */
export interface ReportMetric {
  key: string;
  metricName: string;
  unit: string;
  targetType: 'AverageValue' | 'Value';
  targetValue: number;
  composite: boolean;
  /** Per step; `null` where the trigger failed (or no value). */
  values: (number | null)[];
}

/** The data of one run, as the page's script reads it (columns of equal length, one entry per step). */
export interface ReportRun {
  name: string;
  metricAxis: string;
  /** Step times in seconds. */
  t: number[];
  replicas: number[];
  ready: number[];
  desired: number[];
  /** Bits: 1 active, 2 fallback, 4 paused, 8 a trigger failed. */
  flags: number[];
  /** Index into `decisions` of the latest decision at each step (-1: none yet). */
  decision: number[];
  metrics: ReportMetric[];
  decisions: ReportDecision[];
  scaleEvents: { t: number; from: number; to: number; reason: string; phase?: string }[];
  /** Label → value lines shown under the chart. */
  summary: [string, string][];
  end: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The facts of an engine explanation, one a line (what `Decision.toString` folds into one line). */
export function explanationDetails(decision: SimulatedDecision | Decision): string[] {
  const e = decision.explanation as Explanation | undefined;
  if (typeof e !== 'object' || e === null || !Array.isArray(e.triggers)) return [];
  const lines: string[] = [];
  for (const trigger of e.triggers) {
    let line = `trigger ${trigger.key} (${trigger.type}): ${trigger.isActive ? 'active' : 'inactive'}`;
    if (trigger.error !== undefined) line += `, error: ${trigger.error}`;
    for (const state of trigger.fallback ?? []) {
      line += `, ${state.metricName} failed ${state.failures} time${state.failures === 1 ? '' : 's'}${state.active ? ' (fallback)' : ''}`;
    }
    lines.push(line);
  }
  const composite = e.activity?.composite;
  if (composite !== undefined) {
    lines.push(
      composite.error !== undefined
        ? `formula ${composite.formula}: ${composite.error}`
        : `formula ${composite.formula} = ${composite.value} (active above ${composite.activationTarget})`,
    );
  }
  const executor = e.executor;
  if (executor !== undefined && executor.skipped !== true) {
    lines.push(`KEDA executor: ${executor.action} (${executor.reason})`);
    const cooldown = executor.cooldown;
    if (cooldown !== undefined) {
      lines.push(`${cooldown.period} ends in ${round(cooldown.remainingMs / 1000)} s`);
    }
  }
  const hpa = e.hpa;
  if (hpa !== undefined) {
    if (hpa.branch === 'metrics') {
      for (const m of hpa.metrics) {
        if (m.invalid !== undefined) {
          lines.push(`HPA: ${m.metricName} (${m.triggerKey}) invalid: ${m.invalid}`);
          continue;
        }
        const usage = m.targetType === 'AverageValue' && m.usage !== undefined ? `, ${round(m.usage)} per replica` : '';
        const tolerance = m.withinTolerance === true ? ', within tolerance' : '';
        const fallback = m.fallback === true ? ' [fallback value]' : '';
        lines.push(
          `HPA: ${m.metricName} (${m.triggerKey}) ${m.value}${fallback} vs ${m.targetType} ${m.target}${usage} → ${m.proposedReplicas} replicas${tolerance}`,
        );
      }
      if (hpa.aborted === true) lines.push('HPA kept the count (invalid metrics)');
      if (hpa.stabilizedReplicas !== undefined && hpa.stabilizedReplicas !== hpa.proposedReplicas) {
        lines.push(
          `stabilization window: ${hpa.proposedReplicas} → ${hpa.stabilizedReplicas} (${hpa.stabilizationReason})`,
        );
      }
      if (hpa.limitReason !== undefined && hpa.limitReason !== 'DesiredWithinRange') {
        lines.push(`limited by ${hpa.limitReason} to ${hpa.desiredReplicas}`);
      }
    } else if (hpa.branch !== 'skipped') {
      lines.push(`HPA: ${hpa.branch} (min ${hpa.minReplicas}, max ${hpa.maxReplicas})`);
    }
  }
  if (e.fallback?.active) lines.push(`fallback: ${e.fallback.replicas} replicas (${e.fallback.behavior})`);
  if (e.pause?.paused) {
    lines.push(e.pause.pausedReplicas !== undefined ? `paused at ${e.pause.pausedReplicas} replicas` : 'paused');
  } else if (e.pause?.pausedScaleIn || e.pause?.pausedScaleOut) {
    lines.push(
      `paused: ${[e.pause.pausedScaleIn && 'scale-in', e.pause.pausedScaleOut && 'scale-out'].filter(Boolean).join(', ')}`,
    );
  }
  return lines;
}

/** `Decision.toString()` when the decision has its own, else its reason. */
export function decisionText(decision: SimulatedDecision | Decision): string {
  const own = (decision as { toString?: unknown }).toString;
  if (typeof own === 'function' && own !== Object.prototype.toString) {
    try {
      return String(own.call(decision));
    } catch {
      // fall through: a hand-built decision may have a toString that throws
    }
  }
  return `${decision.desiredReplicas} replicas (${decision.reason})`;
}

/** The report's view of one decision at time `t`. */
export function reportDecision(decision: SimulatedDecision | Decision, t: number): ReportDecision {
  const entry: ReportDecision = {
    t,
    reason: decision.reason,
    desired: decision.desiredReplicas,
    text: decisionText(decision),
    details: explanationDetails(decision),
  };
  const phase = (decision as { phase?: string }).phase;
  if (phase !== undefined) entry.phase = phase;
  const current = (decision as { currentReplicas?: number }).currentReplicas;
  if (typeof current === 'number') entry.current = current;
  return entry;
}

function flagsOf(step: SimulationStep): number {
  return (
    (step.decision.isActive ? 1 : 0) |
    (step.decision.fallbackActive ? 2 : 0) |
    (step.decision.paused ? 4 : 0) |
    (Object.keys(step.errors).length > 0 ? 8 : 0)
  );
}

/** The summary lines a report shows under a run (replica-hours, longest wait, scale events, ...). */
export function reportSummary(result: SimulationResult): [string, string][] {
  const s = result.summary;
  const wait = longestWait(result.steps, result.settings.step);
  const seconds = (value: number) => formatDuration(round(value));
  return [
    ['replica-hours', String(round(s.replicaSeconds / 3600))],
    [
      'longest wait',
      wait === null
        ? 'n/a (no workload)'
        : `${seconds(wait.seconds)}${wait.servedAt === null ? ' (still waiting at the end)' : ''} (arriving at ${seconds(wait.arrivedAt)})`,
    ],
    ['scale events', String(s.scaleEvents)],
    ['max replicas', `${s.maxReplicas} (first at ${seconds(s.timeAtMaxReplicas)})`],
    ['scale from zero', s.timeToScaleFromZero === null ? 'n/a' : seconds(s.timeToScaleFromZero)],
    ['active', seconds(s.activeSeconds)],
    ['fallback', seconds(s.fallbackSeconds)],
    ['paused', seconds(s.pausedSeconds)],
    ['decisions', String(s.decisions)],
  ];
}

/** Turns a simulation into the columns the report's script draws. */
export function reportRun(result: SimulationResult): ReportRun {
  const steps = result.steps;
  const metrics = chartMetrics(result);
  const decisions: ReportDecision[] = [];
  const indexOf = new Map<object, number>();
  const record = (decision: SimulatedDecision, t: number) => {
    let index = indexOf.get(decision);
    if (index === undefined) {
      index = decisions.length;
      indexOf.set(decision, index);
      decisions.push(reportDecision(decision, t));
    }
    return index;
  };
  const run: ReportRun = {
    name: result.name,
    metricAxis: metricAxisTitle(metrics),
    t: [],
    replicas: [],
    ready: [],
    desired: [],
    flags: [],
    decision: [],
    metrics: metrics.map((metric) => ({
      key: metric.key,
      metricName: metric.metricName,
      unit: metric.unit,
      targetType: metric.targetType,
      targetValue: metric.targetValue,
      composite: metric.composite,
      values: [],
    })),
    decisions,
    scaleEvents: result.scaleEvents.map((event) => ({ ...event, t: event.time })),
    summary: reportSummary(result),
    end: Math.max(result.settings.until, steps.at(-1)?.time ?? 0),
  };
  for (const step of steps) {
    run.t.push(step.time);
    run.replicas.push(step.replicas);
    run.ready.push(step.readyReplicas);
    run.desired.push(step.desiredReplicas);
    run.flags.push(flagsOf(step));
    for (const decision of step.decisions ?? []) record(decision, step.time);
    run.decision.push(record(step.decision, step.time));
    metrics.forEach((metric, index) => {
      const value = metric.value(step);
      run.metrics[index]!.values.push(value === undefined || !Number.isFinite(value) ? null : value);
    });
  }
  for (const event of run.scaleEvents) delete (event as { time?: number }).time;
  return run;
}
