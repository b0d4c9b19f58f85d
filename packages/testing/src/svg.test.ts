import { describe, expect, it } from 'vitest';
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

  it('has a legend entry for every series and band', () => {
    const legend = [...svg.matchAll(/<g class="legend-entry">.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => m[1]);
    expect(legend).toEqual([
      'replicas',
      'desired',
      'ready',
      'metric',
      'target × replicas',
      'active',
      'fallback',
      'paused',
      'error',
      'scale event',
    ]);
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
    const titles = [...svg.matchAll(/<polygon [^>]*><title>([^<]*)<\/title><\/polygon>/g)].map((m) => m[1]);
    expect(titles).toEqual(['1m30s: 0 → 4 (ScaleUp)', '7m: 4 → 2 (ScaleDown)']);
  });

  it('labels the time axis with round durations and both value axes', () => {
    const labels = [...svg.matchAll(/<text x="[\d.]+" y="414" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['0s', '2m', '4m', '6m', '8m', '10m']);
    expect(svg).toContain('>replicas</text>');
    expect(svg).toContain('>metric</text>');
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
