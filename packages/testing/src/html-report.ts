import { timelineScript, timelineStyle } from './html-report-client.js';
import { type ReportRun, reportRun } from './html-report-data.js';
import type { SimulationResult } from './simulation-types.js';

export type { ReportDecision, ReportMetric, ReportRun } from './html-report-data.js';
export { metricUnit } from './chart-series.js';
export { explanationDetails, reportDecision } from './html-report-data.js';

/** Options of `renderTimelineHtml`. */
export interface TimelineHtmlOptions {
  /** The page title; default: the run names. */
  title?: string;
  /** A heading per run (default: the ScaledObject's name), e.g. the manifest files compared. */
  labels?: readonly string[];
}

/** What the page's script reads (see `timelinePageHtml`). */
export interface TimelinePageData {
  mode: 'report' | 'live';
  title: string;
  /** `elapsed`: times are seconds since the start; `wall`: epoch seconds, shown as clock time. */
  clock: 'elapsed' | 'wall';
  runs: ReportRun[];
  /** Live: seconds of history in view while following. */
  windowSeconds?: number;
  /** Live: points kept per run in the page. */
  maxPoints?: number;
  /** Live: the server-sent events endpoint. */
  eventsUrl?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

/** JSON safe inside a `<script>` element (no `</script>`, no `<!--`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The timeline page around `data`: the report (a file that loads nothing, so its policy allows no
 * connection at all) or the live view (which may connect to its own server only). Used by
 * `renderTimelineHtml` and by the CLI's live view (`scalerkit run --ui`).
 */
export function timelinePageHtml(data: TimelinePageData): string {
  const connect = data.mode === 'live' ? "connect-src 'self'; " : '';
  const policy = `default-src 'none'; ${connect}script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const liveTools =
    data.mode === 'live'
      ? '<button type="button" data-action="follow">follow live</button><span class="connection"></span>'
      : '<button type="button" data-action="reset">whole run</button>';
  const hint =
    data.mode === 'live'
      ? 'Read-only. Scroll to zoom, drag to pan, hover for a decision, click to pin it; “follow live” returns to the latest.'
      : 'Scroll to zoom, drag to pan, double-click or 0 for the whole run; hover an instant for the decision behind it, click to pin it.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scalerkit">
<title>${escapeHtml(data.title)}</title>
<style>${timelineStyle}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.title)}</h1>
<div class="toolbar"><button type="button" data-action="zoom-in" title="zoom in (+)">+</button><button type="button" data-action="zoom-out" title="zoom out (-)">−</button>${liveTools}<span class="window-label"></span></div>
<p class="hint">${hint}</p>
</header>
<main id="runs"></main>
<script type="application/json" id="scalerkit-data">${scriptJson(data)}</script>
<script>${timelineScript}</script>
</body>
</html>
`;
}

/**
 * An interactive report of one simulation, or of several side by side on one time axis (`--compare`): one
 * self-contained HTML file (inline script, style and SVG; it loads nothing and its policy forbids any
 * connection) with replicas, desired and ready replicas, each trigger's metric against its target (the
 * composite against the formula's target with `scalingModifiers`), activity, fallback, pause and trigger
 * error bands, and the scale events. Scroll zooms, dragging pans; hovering an instant shows the decision
 * in force then, as the engine wrote it (`Decision.toString()`) and fact by fact (each trigger, each HPA
 * metric against its target, stabilization, the policy limit, cooldown remaining). Below: the summaries
 * (replica-hours, longest wait, scale events, ...).
 *
 * @example
 * writeFileSync('report.html', renderTimelineHtml([simulate(current), simulate(proposal)]));
 */
export function renderTimelineHtml(
  results: SimulationResult | readonly SimulationResult[],
  options: TimelineHtmlOptions = {},
): string {
  const list = Array.isArray(results) ? (results as readonly SimulationResult[]) : [results as SimulationResult];
  if (list.length === 0) throw new Error('renderTimelineHtml: results must hold at least one simulation result');
  const runs = list.map(reportRun);
  options.labels?.forEach((label, index) => {
    if (runs[index] !== undefined) runs[index].name = label;
  });
  // Two runs of one ScaledObject name: tell them apart in headings and the summary.
  const seen = new Map<string, number>();
  for (const run of runs) {
    const count = (seen.get(run.name) ?? 0) + 1;
    seen.set(run.name, count);
    if (count > 1) run.name = `${run.name} (${count})`;
  }
  const title =
    options.title ?? (runs.length === 1 ? `${runs[0]!.name}: simulation` : `${runs.map((r) => r.name).join(' vs ')}`);
  return timelinePageHtml({ mode: 'report', title, clock: 'elapsed', runs });
}
