import { niceTicks, shortNumber, timeLabel, timeTicks } from './chart-scales.js';
import { chartMetrics, metricAxisTitle, targetLevel } from './chart-series.js';
import type { SimulationResult, SimulationStep } from './simulation-types.js';

/** Options of `renderTimelineSvg`. */
export interface TimelineSvgOptions {
  /** Pixels. Default 960 × 440. */
  width?: number;
  height?: number;
  /** Title line; default: the ScaledObject's name and the summary. */
  title?: string;
}

const palette = {
  replicas: '#2563eb',
  desired: '#ea580c',
  ready: '#16a34a',
  metrics: ['#7c3aed', '#db2777', '#0891b2', '#a16207'],
  active: '#22c55e',
  fallback: '#ef4444',
  paused: '#6b7280',
  error: '#f59e0b',
  scaleDown: '#dc2626',
  axis: '#374151',
  grid: '#e5e7eb',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

const fixed = (n: number) => String(Math.round(n * 10) / 10);

/** Dash patterns: the target (dash-dot) and desired (dashed) lines differ from solid lines by more than colour. */
const targetDash = '7 3 2 3';
const desiredDash = '6 4';

/** Runs of consecutive steps where `predicate` holds, as [startTime, endTime) pairs. */
function runs(steps: readonly SimulationStep[], endTime: number, predicate: (s: SimulationStep) => boolean) {
  const result: [number, number][] = [];
  let open: number | undefined;
  for (const step of steps) {
    if (predicate(step)) open ??= step.time;
    else if (open !== undefined) {
      result.push([open, step.time]);
      open = undefined;
    }
  }
  if (open !== undefined) result.push([open, endTime]);
  return result;
}

/** A step-line path through the points where the value changes. */
function stepPath(
  steps: readonly SimulationStep[],
  value: (s: SimulationStep) => number | undefined,
  x: (t: number) => number,
  y: (v: number) => number,
  endTime: number,
): string {
  let path = '';
  let last: number | undefined;
  for (const step of steps) {
    const v = value(step);
    if (v === undefined) {
      if (last !== undefined) path += ` H${fixed(x(step.time))}`;
      last = undefined;
      continue;
    }
    if (last === undefined) path += ` M${fixed(x(step.time))} ${fixed(y(v))}`;
    else if (v !== last) path += ` H${fixed(x(step.time))} V${fixed(y(v))}`;
    last = v;
  }
  if (last !== undefined) path += ` H${fixed(x(endTime))}`;
  return path.trim();
}

/** A line path downsampled to the min and max of each pixel column. */
function linePath(
  steps: readonly SimulationStep[],
  value: (s: SimulationStep) => number | undefined,
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  let path = '';
  let column: number | undefined;
  let min = 0;
  let max = 0;
  let pen = false;
  const flush = () => {
    if (column === undefined) return;
    path += `${pen ? ' L' : ' M'}${column} ${fixed(y(min))}`;
    if (max !== min) path += ` L${column} ${fixed(y(max))}`;
    pen = true;
  };
  for (const step of steps) {
    const v = value(step);
    if (v === undefined) {
      flush();
      column = undefined;
      pen = false;
      continue;
    }
    const px = Math.round(x(step.time));
    if (px !== column) {
      flush();
      column = px;
      min = v;
      max = v;
    } else {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  flush();
  return path.trim();
}

/**
 * Draws a simulation as an SVG chart: replicas, ready replicas and (dashed, where it differs from the count)
 * desired replicas on the left axis; each trigger's metric (solid) and target (dash-dot; for `AverageValue`
 * targets target × replicas, the metric level the HPA aims at) on the right axis, titled with the metric's
 * name and unit; with `scalingModifiers` the composite metric against the formula's target instead. Bands
 * where the ScaledObject was active, in fallback, paused or a trigger failed, and a marker per scale-up
 * (▲) and scale-down (▼). The legend lists only what occurs. Self-contained (no scripts, no external fonts).
 *
 * @example writeFileSync('out.svg', renderTimelineSvg(simulate({ ... })))
 */
export function renderTimelineSvg(result: SimulationResult, options: TimelineSvgOptions = {}): string {
  const width = options.width ?? 960;
  const height = options.height ?? 440;
  const left = 56;
  const right = width - 64;
  const top = 78;
  const bottom = height - 44;
  const steps = result.steps;
  const endTime = Math.max(result.settings.until, steps.at(-1)?.time ?? 0, 1);

  const replicaMax = Math.max(1, ...steps.map((s) => Math.max(s.replicas, s.desiredReplicas)));
  // One replica of headroom keeps the top line off the frame.
  const replicaTicks = niceTicks(replicaMax + 1, Math.min(5, replicaMax + 1));
  const replicaTop = replicaTicks.at(-1)!;

  const metrics = chartMetrics(result);
  let metricMax = 0;
  for (const step of steps) {
    for (const metric of metrics) {
      const value = metric.value(step);
      if (value !== undefined && value > metricMax) metricMax = value;
      metricMax = Math.max(metricMax, targetLevel(metric, step.replicas));
    }
  }
  const metricTicks = niceTicks(metricMax);
  const metricTop = metricTicks.at(-1)!;

  const x = (t: number) => left + (t / endTime) * (right - left);
  const yReplicas = (v: number) => bottom - (v / replicaTop) * (bottom - top);
  const yMetric = (v: number) => bottom - (v / metricTop) * (bottom - top);

  const out: string[] = [];
  const s = result.summary;
  const title =
    options.title ??
    `${result.name}: max ${s.maxReplicas} replicas, ${s.scaleEvents} scale events, ${shortNumber(s.replicaSeconds / 3600)} replica-hours`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="22" font-size="15" font-weight="600" fill="${palette.axis}">${escapeXml(title)}</text>`,
  );

  // Bands first, so the lines are drawn over them.
  const bandKinds = [
    ['active', palette.active, 0.12, (step: SimulationStep) => step.decision.isActive],
    ['fallback', palette.fallback, 0.18, (step: SimulationStep) => step.decision.fallbackActive],
    ['paused', palette.paused, 0.2, (step: SimulationStep) => step.decision.paused],
    ['error', palette.error, 0.25, (step: SimulationStep) => Object.keys(step.errors).length > 0],
  ] as const;
  out.push('<g class="bands">');
  for (const [kind, color, opacity, predicate] of bandKinds) {
    for (const [from, to] of runs(steps, endTime, predicate)) {
      out.push(
        `<rect class="band-${kind}" x="${fixed(x(from))}" y="${top}" width="${fixed(Math.max(0.5, x(to) - x(from)))}" height="${bottom - top}" fill="${color}" fill-opacity="${opacity}"/>`,
      );
    }
  }
  out.push('</g>');

  // Grid and axes.
  out.push(`<g class="axes" stroke="${palette.grid}" stroke-width="1">`);
  for (const tick of replicaTicks)
    out.push(`<line x1="${left}" x2="${right}" y1="${fixed(yReplicas(tick))}" y2="${fixed(yReplicas(tick))}"/>`);
  out.push('</g>');
  out.push(`<g class="axis-lines" stroke="${palette.axis}" stroke-width="1" fill="none">`);
  out.push(`<path d="M${left} ${top} V${bottom} H${right} V${top}"/>`);
  const timeTickValues = timeTicks(endTime);
  for (const t of timeTickValues)
    out.push(`<line x1="${fixed(x(t))}" x2="${fixed(x(t))}" y1="${bottom}" y2="${bottom + 5}"/>`);
  out.push('</g>');
  out.push(`<g class="tick-labels" fill="${palette.axis}">`);
  for (const t of timeTickValues)
    out.push(`<text x="${fixed(x(t))}" y="${bottom + 18}" text-anchor="middle">${timeLabel(t)}</text>`);
  for (const tick of replicaTicks)
    out.push(`<text x="${left - 8}" y="${fixed(yReplicas(tick) + 4)}" text-anchor="end">${shortNumber(tick)}</text>`);
  for (const tick of metricTicks)
    out.push(`<text x="${right + 8}" y="${fixed(yMetric(tick) + 4)}">${shortNumber(tick)}</text>`);
  out.push(`<text x="${(left + right) / 2}" y="${height - 8}" text-anchor="middle">time</text>`);
  out.push(`<text transform="translate(14 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">replicas</text>`);
  out.push(
    `<text transform="translate(${width - 10} ${(top + bottom) / 2}) rotate(90)" text-anchor="middle">${escapeXml(metricAxisTitle(metrics))}</text>`,
  );
  out.push('</g>');

  // Metric and target lines (right axis): the metric solid, its target dash-dot.
  const legend: { label: string; color: string; kind: 'line' | 'dash' | 'target' | 'band' | 'up' | 'down' }[] = [
    { label: 'replicas', color: palette.replicas, kind: 'line' },
  ];
  const desiredDiffers = steps.some((step) => step.desiredReplicas !== step.replicas);
  const readyDiffers = steps.some((step) => step.readyReplicas !== step.replicas);
  if (desiredDiffers) legend.push({ label: 'desired (where it differs)', color: palette.desired, kind: 'dash' });
  if (readyDiffers) legend.push({ label: 'ready', color: palette.ready, kind: 'line' });
  out.push('<g class="metrics" fill="none">');
  metrics.forEach((metric, index) => {
    const color = palette.metrics[index % palette.metrics.length]!;
    const label = metrics.length > 1 ? ` ${metric.key}` : '';
    out.push(
      `<path class="target" d="${stepPath(steps, (step) => targetLevel(metric, step.replicas), x, yMetric, endTime)}" stroke="${color}" stroke-width="1.6" stroke-dasharray="${targetDash}"/>`,
    );
    out.push(
      `<path class="metric" d="${linePath(steps, metric.value, x, yMetric)}" stroke="${color}" stroke-width="1.8"/>`,
    );
    legend.push({ label: `${metric.composite ? 'composite metric' : 'metric'}${label}`, color, kind: 'line' });
    const target = `${metric.targetType === 'AverageValue' ? 'target × replicas' : 'target'}${label} (${shortNumber(metric.targetValue)}${metric.targetType === 'AverageValue' ? ' per replica' : ''})`;
    legend.push({ label: target, color, kind: 'target' });
  });
  out.push('</g>');

  // Replica lines (left axis); desired only where it differs from the count, on top, so it is never hidden.
  out.push('<g class="replicas" fill="none">');
  out.push(
    `<path class="ready" d="${stepPath(steps, (step) => step.readyReplicas, x, yReplicas, endTime)}" stroke="${palette.ready}" stroke-width="1.5"/>`,
  );
  out.push(
    `<path class="replicas" d="${stepPath(steps, (step) => step.replicas, x, yReplicas, endTime)}" stroke="${palette.replicas}" stroke-width="2.2"/>`,
  );
  if (desiredDiffers) {
    const differs = (step: SimulationStep) =>
      step.desiredReplicas === step.replicas ? undefined : step.desiredReplicas;
    out.push(
      `<path class="desired" d="${stepPath(steps, differs, x, yReplicas, endTime)}" stroke="${palette.desired}" stroke-width="2" stroke-dasharray="${desiredDash}"/>`,
    );
  }
  out.push('</g>');

  out.push('<g class="scale-events">');
  let ups = 0;
  for (const event of result.scaleEvents) {
    const px = x(event.time);
    const py = yReplicas(event.to);
    const up = event.to > event.from;
    if (up) ups += 1;
    const points = up
      ? `${fixed(px - 4)},${fixed(py + 7)} ${fixed(px + 4)},${fixed(py + 7)} ${fixed(px)},${fixed(py + 1)}`
      : `${fixed(px - 4)},${fixed(py - 7)} ${fixed(px + 4)},${fixed(py - 7)} ${fixed(px)},${fixed(py - 1)}`;
    out.push(
      `<polygon class="${up ? 'scale-up' : 'scale-down'}" points="${points}" fill="${up ? palette.ready : palette.scaleDown}"><title>${escapeXml(`${timeLabel(event.time)}: ${event.from} → ${event.to} (${event.reason})`)}</title></polygon>`,
    );
  }
  out.push('</g>');

  for (const [kind, color, , predicate] of bandKinds) {
    if (steps.some(predicate)) legend.push({ label: kind === 'error' ? 'trigger error' : kind, color, kind: 'band' });
  }
  const downs = result.scaleEvents.length - ups;
  if (ups > 0) legend.push({ label: `scale up (${ups})`, color: palette.ready, kind: 'up' });
  if (downs > 0) legend.push({ label: `scale down (${downs})`, color: palette.scaleDown, kind: 'down' });
  out.push('<g class="legend">');
  let lx = left;
  let ly = 46;
  for (const entry of legend) {
    const textWidth = entry.label.length * 7.2 + 36;
    if (lx + textWidth > right) {
      lx = left;
      ly += 18;
    }
    const swatch =
      entry.kind === 'band'
        ? `<rect x="${fixed(lx)}" y="${ly - 9}" width="20" height="10" fill="${entry.color}" fill-opacity="0.35"/>`
        : entry.kind === 'up'
          ? `<polygon points="${fixed(lx + 6)},${ly + 1} ${fixed(lx + 14)},${ly + 1} ${fixed(lx + 10)},${ly - 6}" fill="${entry.color}"/>`
          : entry.kind === 'down'
            ? `<polygon points="${fixed(lx + 6)},${ly - 7} ${fixed(lx + 14)},${ly - 7} ${fixed(lx + 10)},${ly}" fill="${entry.color}"/>`
            : `<line x1="${fixed(lx)}" x2="${fixed(lx + 20)}" y1="${ly - 4}" y2="${ly - 4}" stroke="${entry.color}" stroke-width="2"${entry.kind === 'dash' ? ` stroke-dasharray="${desiredDash}"` : entry.kind === 'target' ? ` stroke-dasharray="${targetDash}"` : ''}/>`;
    out.push(
      `<g class="legend-entry">${swatch}<text x="${fixed(lx + 26)}" y="${ly}" fill="${palette.axis}">${escapeXml(entry.label)}</text></g>`,
    );
    lx += textWidth;
  }
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
