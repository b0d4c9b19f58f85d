import { describe, expect, it } from 'vitest';
import { renderTimelineHtml } from './html-report.js';
import { explanationDetails, type reportRun } from './html-report-data.js';
import { simulate } from './simulate.js';
import type { SimulationStep } from './simulation-types.js';
import { longestWait } from './summary.js';
import { formatComparison } from './terminal-chart.js';
import { sampleResult } from './test-fixtures.js';

const queue = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: worker }
spec:
  scaleTargetRef: { name: worker }
  pollingInterval: 10
  cooldownPeriod: 60
  minReplicaCount: 0
  maxReplicaCount: 4
  triggers:
    - type: rabbitmq
      name: queue
      metadata: { queueName: jobs, mode: QueueLength, value: "20", activationValue: "5" }
`;
const timeline = {
  queue: [
    { at: 0, value: 0 },
    { at: 30, value: 200 },
    { at: 120, value: 0 },
  ],
};
const result = simulate({ scaledObject: queue, initialReplicas: 0, timeline, until: 600 });

/** The JSON the page's script reads. */
function pageData(html: string) {
  const match = html.match(/<script type="application\/json" id="scalerkit-data">(.*?)<\/script>/s);
  return JSON.parse(match![1]!) as { mode: string; clock: string; runs: ReturnType<typeof reportRun>[] };
}

describe('renderTimelineHtml', () => {
  const html = renderTimelineHtml(result);

  it('is one file that loads nothing: inline script and style, and a policy that forbids any connection', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1]!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('connect-src');
    expect(pageData(html).mode).toBe('report');
  });

  it('keeps text from the run out of the markup: a name cannot close the data script', () => {
    const hostile = { ...sampleResult(), name: '</script><script>alert(1)</script>' };
    const page = renderTimelineHtml(hostile);
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page).toContain('<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;: simulation</title>');
    expect(pageData(page).runs[0]!.name).toBe(hostile.name);
  });

  it('holds one column entry per step, each decision once, and the scale events', () => {
    const run = pageData(html).runs[0]!;
    expect(run.t).toHaveLength(result.steps.length);
    expect(run.replicas).toEqual(result.steps.map((s) => s.replicas));
    expect(run.metrics.map((m) => [m.key, m.metricName, m.unit, m.targetType, m.targetValue])).toEqual([
      ['queue', 's0-rabbitmq', 'messages', 'AverageValue', 20],
    ]);
    const distinct = new Set(result.steps.flatMap((s) => [...(s.decisions ?? []), s.decision]));
    expect(run.decisions).toHaveLength(distinct.size);
    expect(run.decisions[run.decision[45]!]!.text).toBe(result.steps[45]!.decision.toString());
    expect(run.scaleEvents).toEqual(
      result.scaleEvents.map((e) => ({ t: e.time, from: e.from, to: e.to, reason: e.reason, phase: e.phase })),
    );
  });

  it('with scalingModifiers draws the composite metric against the formula target', () => {
    const mixed = simulate({
      scaledObject: `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: mixed }
spec:
  scaleTargetRef: { name: mixed }
  minReplicaCount: 1
  advanced:
    scalingModifiers: { formula: "a + b", target: "50", metricType: Value }
  triggers:
    - { type: scripted, name: a, metadata: { targetValue: "10" } }
    - { type: scripted, name: b, metadata: { targetValue: "10" } }
`,
      initialReplicas: 1,
      timeline: { a: 30, b: 70 },
      until: 60,
    });
    const run = pageData(renderTimelineHtml(mixed)).runs[0]!;
    expect(run.metricAxis).toBe('composite-metric (formula a + b)');
    expect(run.metrics.map((m) => [m.key, m.targetType, m.targetValue, m.composite])).toEqual([
      ['composite-metric', 'Value', 50, true],
    ]);
    expect(run.metrics[0]!.values.at(-1)).toBe(100);
  });

  it('labels the runs it compares and tells two runs of one name apart', () => {
    expect(pageData(renderTimelineHtml([result, result])).runs.map((r) => r.name)).toEqual(['worker', 'worker (2)']);
    const labelled = pageData(renderTimelineHtml([result, result], { labels: ['a.yaml', 'b.yaml'] }));
    expect(labelled.runs.map((r) => r.name)).toEqual(['a.yaml', 'b.yaml']);
    expect(() => renderTimelineHtml([])).toThrow(
      'renderTimelineHtml: results must hold at least one simulation result',
    );
  });

  it('summarises each run: replica-hours, longest wait, scale events, paused time', () => {
    const rows = Object.fromEntries(pageData(html).runs[0]!.summary);
    expect(rows['replica-hours']).toBe(String(Math.round((result.summary.replicaSeconds / 3600) * 1000) / 1000));
    expect(rows['longest wait']).toBe('n/a (no workload)');
    expect(rows['scale events']).toBe(String(result.scaleEvents.length));
    expect(rows.paused).toBe('0s');
  });
});

describe('explanationDetails', () => {
  it('lists the facts of a decision: triggers, each HPA metric against its target, the limit, the cooldown', () => {
    const scaleUp = result.steps.find((s) => s.time === 30)!.decisions!.find((d) => d.phase === 'poll')!;
    expect(explanationDetails(scaleUp)).toEqual([
      'trigger queue (rabbitmq): active',
      'KEDA executor: activate (ScaledFromZero)',
    ]);
    const limited = result.steps.find((s) => s.time === 45)!.decision;
    expect(explanationDetails(limited)).toEqual([
      'trigger queue (rabbitmq): active',
      'HPA: s0-rabbitmq (queue) 200 vs AverageValue 20, 200 per replica → 10 replicas',
      'limited by TooManyReplicas to 4',
    ]);
    const cooling = result.steps.find((s) => s.time === 130)!.decision;
    expect(explanationDetails(cooling)).toContain('cooldownPeriod ends in 40 s');
  });

  it('is empty for a hand-built decision without an engine explanation', () => {
    expect(explanationDetails(sampleResult().steps[0]!.decision)).toEqual([]);
  });
});

describe('longestWait', () => {
  const steps = (backlogs: number[], rates: number[]) =>
    backlogs.map((backlog, time) => ({ time, backlog, arrivalRate: rates[time] ?? 0 }) as unknown as SimulationStep);

  it('is the first-in-first-out wait of the item that waited longest', () => {
    // 4 items at 0 s, 1 served a second from 1 s on: the last of them is gone at 5 s.
    expect(longestWait(steps([4, 4, 3, 2, 1, 0], []), 1)).toEqual({ seconds: 5, arrivedAt: 0, servedAt: 5 });
    // 2 items a second for 2 s into an empty queue, served at once in the next step: each waits one step.
    expect(longestWait(steps([0, 0, 0], [2, 2]), 1)).toEqual({ seconds: 1, arrivedAt: 0, servedAt: 1 });
  });

  it('is a floor when an item is still waiting at the end, and null without a workload', () => {
    expect(longestWait(steps([0, 3, 3], [3]), 1)).toEqual({ seconds: 2, arrivedAt: 0, servedAt: null });
    expect(longestWait(result.steps, 1)).toBeNull();
  });
});

describe('formatComparison', () => {
  it('puts the summaries side by side, one column per run', () => {
    const text = formatComparison([result, sampleResult()], ['a.yaml', 'sample']);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\s+a\.yaml\s+sample$/);
    expect(lines.find((line) => line.startsWith('scale events'))).toMatch(
      new RegExp(`^scale events\\s+${result.scaleEvents.length}\\s+2$`),
    );
    expect(lines.find((line) => line.startsWith('paused'))).toMatch(/^paused\s+0s\s+2m1s$/);
  });
});
