import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.js';
import { renderTimelineSvg } from './svg.js';
import { sampleResult } from './test-fixtures.js';

/** A small well-formedness check: every tag closes in order, attributes are quoted, entities are known. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let position = 0;
  for (const match of xml.matchAll(tag)) {
    const between = xml.slice(position, match.index);
    expect(between).not.toMatch(/[<>]/);
    expect(between.replace(/&(lt|gt|amp|quot|apos);/g, '')).not.toContain('&');
    position = match.index + match[0].length;
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(xml.slice(position).trim()).toBe('');
  expect(stack).toEqual([]);
}

describe('renderTimelineSvg', () => {
  const svg = renderTimelineSvg(sampleResult());

  it('is a well-formed SVG document with the requested size', () => {
    expect(
      svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="960" height="440" viewBox="0 0 960 440"'),
    ).toBe(true);
    assertWellFormed(svg);
    expect(renderTimelineSvg(sampleResult(), { width: 400, height: 200 })).toContain('viewBox="0 0 400 200"');
  });

  const legendOf = (chart: string) =>
    [...chart.matchAll(/<g class="legend-entry">.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => m[1]);

  it('has a legend entry for every mark drawn, and none for series that do not occur', () => {
    // desired equals replicas throughout the sample: no desired line, no desired entry.
    expect(legendOf(svg)).toEqual([
      'replicas',
      'ready',
      'metric',
      'target × replicas (20 per replica)',
      'active',
      'fallback',
      'paused',
      'trigger error',
      'scale up (1)',
      'scale down (1)',
    ]);
    expect(svg).not.toContain('class="desired"');
    const calm = sampleResult();
    for (const step of calm.steps) {
      step.decision = { ...step.decision, fallbackActive: false, paused: false };
      step.errors = {};
      step.readyReplicas = step.replicas;
    }
    calm.scaleEvents = calm.scaleEvents.filter((event) => event.to > event.from);
    expect(legendOf(renderTimelineSvg(calm))).toEqual([
      'replicas',
      'metric',
      'target × replicas (20 per replica)',
      'active',
      'scale up (1)',
    ]);
  });

  it('tells the metric from its target by the dash pattern, not only by colour', () => {
    const metric = svg.match(/<path class="metric" [^>]*>/)![0];
    const target = svg.match(/<path class="target" [^>]*>/)![0];
    expect(metric).not.toContain('stroke-dasharray');
    expect(target).toContain('stroke-dasharray="7 3 2 3"');
    expect(svg).toMatch(/<line [^>]*stroke-dasharray="7 3 2 3"\/><text [^>]*>target × replicas/);
  });

  it('draws the desired count where it differs from the current one, over the replica line', () => {
    const result = sampleResult();
    for (const step of result.steps) if (step.time >= 200 && step.time < 260) step.desiredReplicas = 6;
    const chart = renderTimelineSvg(result);
    const desired = chart.match(/<path class="desired" d="([^"]*)"[^>]*>/)!;
    // x = 56 + t / 600 * 840; y = 396 - v / 8 * 318 (ticks 0, 2, .. 8)
    expect(desired[1]).toBe('M336 157.5 H420');
    expect(desired[0]).toContain('stroke-dasharray="6 4"');
    expect(chart.indexOf('class="desired"')).toBeGreaterThan(chart.indexOf('<path class="replicas"'));
    expect(legendOf(chart)).toContain('desired (where it differs)');
  });

  it('draws scale-downs with their own marker', () => {
    const down = svg.match(/<polygon class="scale-down" [^>]*fill="([^"]+)"><title>([^<]*)<\/title>/)!;
    expect([down[1], down[2]]).toEqual(['#dc2626', '7m: 4 → 2 (ScaleDown)']);
    expect(svg).toMatch(/<polygon points="[^"]+" fill="#dc2626"\/><text [^>]*>scale down \(1\)<\/text>/);
  });

  it('draws one band per run of active, fallback, paused and failing steps', () => {
    const bands = (kind: string) =>
      [...svg.matchAll(new RegExp(`class="band-${kind}" x="([\\d.]+)"[^>]* width="([\\d.]+)"`, 'g'))].map((m) => [
        Number(m[1]),
        Number(m[2]),
      ]);
    // x = 56 + t / 600 * 840
    expect(bands('active')).toEqual([[140, 504]]);
    expect(bands('fallback')).toEqual([[476, 84]]);
    expect(bands('error')).toEqual([[476, 84]]);
    expect(bands('paused')).toEqual([[728, 168]]);
  });

  it('draws replicas as a step line through the scale changes', () => {
    const path = svg.match(/<path class="replicas" d="([^"]*)"/)![1];
    // y = 396 - v / 5 * 318 (ticks 0..5: one replica of headroom)
    expect(path).toBe('M56 396 H182 V141.6 H644 V268.8 H896');
  });

  it('marks every scale event with a titled marker', () => {
    const titles = [...svg.matchAll(/<polygon class="scale-[^>]*><title>([^<]*)<\/title><\/polygon>/g)].map(
      (m) => m[1],
    );
    expect(titles).toEqual(['1m30s: 0 → 4 (ScaleUp)', '7m: 4 → 2 (ScaleDown)']);
  });

  it('labels the time axis with round durations, and the value axes with the metric and its unit', () => {
    const labels = [...svg.matchAll(/<text x="[\d.]+" y="414" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['0s', '2m', '4m', '6m', '8m', '10m']);
    expect(svg).toContain('>replicas</text>');
    expect(svg).toContain('rotate(90)" text-anchor="middle">s0-rabbitmq (messages)</text>');
    const two = sampleResult();
    two.triggers.push({ ...two.triggers[0]!, key: 'lag', type: 'kafka', metricName: 's1-kafka' });
    expect(renderTimelineSvg(two)).toContain('>metrics (messages / consumer lag, messages)</text>');
  });

  it('with scalingModifiers draws the composite metric against the formula target', () => {
    const result = simulate({
      scaledObject: `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: mixed }
spec:
  scaleTargetRef: { name: mixed }
  pollingInterval: 10
  minReplicaCount: 1
  maxReplicaCount: 10
  advanced:
    scalingModifiers: { formula: "a + b", target: "50", metricType: AverageValue }
  triggers:
    - { type: scripted, name: a, metadata: { targetValue: "10" } }
    - { type: scripted, name: b, metadata: { targetValue: "10" } }
`,
      initialReplicas: 1,
      timeline: { a: 30, b: 70 },
      until: 120,
    });
    const chart = renderTimelineSvg(result);
    expect(chart).toContain('>composite-metric (formula a + b)</text>');
    expect(legendOf(chart)).toEqual([
      'replicas',
      'composite metric',
      'target × replicas (50 per replica)',
      'active',
      'scale up (1)',
    ]);
    // One metric line (the composite, 100) and one target line; no line per trigger.
    expect(chart.match(/<path class="metric"/g)).toHaveLength(1);
    expect(chart.match(/<path class="target"/g)).toHaveLength(1);
    expect(result.steps.at(-1)!.replicas).toBe(2);
  });

  it('breaks the metric line where the trigger failed', () => {
    const path = svg.match(/<path class="metric" d="([^"]*)"/)![1]!;
    expect(path.match(/M/g)).toHaveLength(2);
  });

  it('escapes text taken from the result', () => {
    const result = sampleResult();
    result.name = 'a<b>&"c"';
    const escaped = renderTimelineSvg(result);
    expect(escaped).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    assertWellFormed(escaped);
  });

  it('keeps the document small for a day at 1-second steps', () => {
    const result = sampleResult();
    const base = result.steps[200]!;
    result.steps = Array.from({ length: 86401 }, (_, time) => ({ ...base, time, metrics: { queue: time % 977 } }));
    result.settings.until = 86400;
    expect(renderTimelineSvg(result).length).toBeLessThan(60_000);
  });
});
