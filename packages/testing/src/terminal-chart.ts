import { shortNumber, timeLabel } from './chart-scales.js';
import { chartMetrics } from './chart-series.js';
import { reportSummary } from './html-report-data.js';
import type { SimulationResult, SimulationStep } from './simulation-types.js';

/** Options of `renderTerminalChart`: the size of the replica plot in characters. Default 72 × 8. */
export interface TerminalChartOptions {
  width?: number;
  height?: number;
}

const blocks = ' ▁▂▃▄▅▆▇█';

/** The steps falling into each of `columns` equal time slices. */
function columnsOf(result: SimulationResult, columns: number): SimulationStep[][] {
  const buckets: SimulationStep[][] = Array.from({ length: columns }, () => []);
  const end = Math.max(result.settings.until, result.steps.at(-1)?.time ?? 0) || 1;
  for (const step of result.steps) {
    const index = Math.min(columns - 1, Math.floor((step.time / end) * columns));
    buckets[index]!.push(step);
  }
  // An empty column (more columns than steps) repeats the previous one.
  for (let i = 1; i < columns; i++) if (buckets[i]!.length === 0) buckets[i] = buckets[i - 1]!;
  return buckets;
}

/** The bottom row's cell of a value above zero: at least ▁. */
function lowestBlock(fraction: number): string {
  return blocks[Math.max(1, Math.min(8, Math.round(fraction * 8)))]!;
}

function block(fraction: number): string {
  const level = Math.max(0, Math.min(8, Math.round(fraction * 8)));
  return blocks[level]!;
}

/**
 * A compact text chart of a simulation for terminals: replicas as unicode block columns (the maximum in each
 * time slice) over a zero baseline, a row for the metric of each trigger (the
 * composite with `scalingModifiers`), a row of activity (`━` active, `!` fallback, `‖` paused,
 * `x` failing) and a time axis.
 *
 * @example console.log(renderTerminalChart(result, { width: 60, height: 6 }))
 */
export function renderTerminalChart(result: SimulationResult, options: TerminalChartOptions = {}): string {
  const width = Math.max(8, Math.floor(options.width ?? 72));
  const height = Math.max(1, Math.floor(options.height ?? 8));
  const buckets = columnsOf(result, width);
  const replicas = buckets.map((bucket) => Math.max(0, ...bucket.map((step) => step.replicas)));
  const top = Math.max(1, ...replicas);
  const labelWidth = Math.max(String(top).length, 3);
  const pad = (text: string) => text.padStart(labelWidth);
  const lines: string[] = [];
  const s = result.summary;
  lines.push(
    `${result.name}: max ${s.maxReplicas} replicas, ${s.scaleEvents} scale events, ${shortNumber(s.replicaSeconds / 3600)} replica-hours`,
  );
  lines.push(`${' '.repeat(labelWidth)}  replicas`);
  // The rows show (0, top]; zero is the baseline under them, so an idle stretch is empty, not a solid row,
  // and one replica always shows (at least ▁).
  for (let row = height - 1; row >= 0; row--) {
    const label = row === height - 1 ? pad(String(top)) : pad('');
    const cells = replicas
      .map((value) =>
        row === 0 && value > 0 ? lowestBlock((value / top) * height) : block((value / top) * height - row),
      )
      .join('');
    lines.push(`${label} ┤${cells}`);
  }
  lines.push(`${pad('0')} ┼${'─'.repeat(width)}`);
  for (const metric of chartMetrics(result)) {
    const values = buckets.map((bucket) => Math.max(0, ...bucket.map((step) => metric.value(step) ?? 0)));
    const peak = Math.max(...values);
    const row = values.map((value) => (peak > 0 ? block(value / peak) : ' ')).join('');
    const name = metric.composite ? `composite ${metric.formula}` : metric.key === '0' ? 'metric' : metric.key;
    lines.push(`${pad('')} │${row} ${name} (peak ${shortNumber(peak)}, target ${shortNumber(metric.targetValue)})`);
  }
  const activity = buckets
    .map((bucket) => {
      if (bucket.some((step) => step.decision.fallbackActive)) return '!';
      if (bucket.some((step) => step.decision.paused)) return '‖';
      if (bucket.some((step) => Object.keys(step.errors).length > 0)) return 'x';
      return bucket.some((step) => step.decision.isActive) ? '━' : ' ';
    })
    .join('');
  lines.push(`${pad('')} │${activity} active`);
  const end = Math.max(result.settings.until, result.steps.at(-1)?.time ?? 0);
  const axis = [...`${'─'.repeat(width)}`];
  const labels = [...' '.repeat(width + 12)];
  for (const [position, text] of [
    [0, timeLabel(0)],
    [Math.floor(width / 2), timeLabel(end / 2)],
    [width - 1, timeLabel(end)],
  ] as const) {
    axis[position] = '┴';
    const start = Math.max(0, Math.min(position - Math.floor(text.length / 2), width + 12 - text.length));
    for (let i = 0; i < text.length; i++) labels[start + i] = text[i]!;
  }
  lines.push(`${pad('')} └${axis.join('')}`);
  lines.push(`${pad('')}  ${labels.join('').trimEnd()}`);
  return lines.join('\n');
}

/** Decisions and their cadences: polls only (merged mode), or polls and HPA syncs. */
function decisionsLabel(result: SimulationResult): string {
  const { summary: s, settings } = result;
  const polls = `every ${timeLabel(settings.pollingInterval)}`;
  if (!settings.hpaSyncPeriod) return `${s.decisions} (${polls})`;
  return `${s.decisions} (${s.polls} polls ${polls}, ${s.hpaSyncs} HPA syncs every ${timeLabel(settings.hpaSyncPeriod)})`;
}

/** The summary of a simulation as aligned `name: value` lines. */
export function formatSummary(result: SimulationResult): string {
  const s = result.summary;
  const rows: [string, string][] = [
    ['max replicas', `${s.maxReplicas} (first at ${timeLabel(s.timeAtMaxReplicas)})`],
    ['final replicas', String(s.finalReplicas)],
    ['metric peak', `${shortNumber(s.backlogPeak)} at ${timeLabel(s.timeOfBacklogPeak)}`],
    ['scale from zero', s.timeToScaleFromZero === null ? 'n/a' : timeLabel(s.timeToScaleFromZero)],
    ['scale events', String(s.scaleEvents)],
    ['replica-seconds', shortNumber(s.replicaSeconds)],
    ['active', timeLabel(s.activeSeconds)],
    ['fallback', timeLabel(s.fallbackSeconds)],
    ['paused', timeLabel(s.pausedSeconds)],
    ['decisions', decisionsLabel(result)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}

/**
 * The summaries of several simulations side by side (`scalerkit simulate --compare`): replica-hours, longest
 * wait, scale events, ... one column per run.
 */
export function formatComparison(results: readonly SimulationResult[], labels: readonly string[] = []): string {
  const columns = results.map((result, index) => ({
    label: labels[index] ?? result.name,
    rows: reportSummary(result),
  }));
  const names = columns[0]?.rows.map(([name]) => name) ?? [];
  const nameWidth = Math.max(0, ...names.map((name) => name.length));
  const widths = columns.map((column) =>
    Math.max(column.label.length, ...column.rows.map(([, value]) => value.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (index === 0 ? cell.padEnd(nameWidth) : cell.padEnd(widths[index - 1]!)))
      .join('  ')
      .trimEnd();
  return [
    line(['', ...columns.map((column) => column.label)]),
    ...names.map((name, row) => line([name, ...columns.map((column) => column.rows[row]?.[1] ?? '')])),
  ].join('\n');
}
