import type { SimulationResult } from './simulation-types.js';

function cell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A simulation as CSV, one row per step: time, replicas, ready and desired replicas, backlog and arrival rate
 * (workload runs), each trigger's metric and activity, whether a poll and an HPA sync ran at this step, and the
 * latest decision's flags, phase and reason.
 */
export function simulationCsv(result: SimulationResult): string {
  const keys = result.triggers.map((trigger) => trigger.key);
  const header = [
    'time',
    'replicas',
    'readyReplicas',
    'desiredReplicas',
    'backlog',
    'arrivalRate',
    ...keys.flatMap((key) => [`metric:${key}`, `active:${key}`, `error:${key}`]),
    'isActive',
    'fallbackActive',
    'paused',
    'polled',
    'hpaSynced',
    'phase',
    'reason',
  ];
  const rows = [header.map(cell).join(',')];
  for (const step of result.steps) {
    rows.push(
      [
        step.time,
        step.replicas,
        step.readyReplicas,
        step.desiredReplicas,
        step.backlog,
        step.arrivalRate,
        ...keys.flatMap((key) => [step.metrics[key], step.activity[key], step.errors[key]]),
        step.decision.isActive,
        step.decision.fallbackActive,
        step.decision.paused,
        step.polled,
        step.hpaSynced,
        step.decision.phase,
        step.decision.reason,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
