import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPath, screenshotPath, withChromium } from './browser-test-support.js';
import { timeLabel } from './chart-scales.js';
import { renderTimelineHtml } from './html-report.js';
import { describeWithService } from './services.js';
import { simulate } from './simulate.js';
import { sampleResult } from './test-fixtures.js';

const scaledObject = (target: number) => `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: orders-worker }
spec:
  scaleTargetRef: { name: orders-worker }
  pollingInterval: 15
  cooldownPeriod: 300
  minReplicaCount: 0
  maxReplicaCount: 20
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown:
          stabilizationWindowSeconds: 120
          policies: [{ type: Percent, value: 50, periodSeconds: 30 }]
  triggers:
    - type: rabbitmq
      name: orders
      metadata: { queueName: orders, mode: QueueLength, value: "${target}", activationValue: "5", host: amqp://localhost }
`;
const workload = {
  arrivals: { type: 'bursts' as const, baseRate: 2, burstRate: 40, every: '20m', duration: '4m', start: '5m' },
  serviceRatePerReplica: 5,
  startupDelay: '30s',
};
const current = simulate({ scaledObject: scaledObject(20), initialReplicas: 0, workload, until: '1h' });
const proposal = simulate({ scaledObject: scaledObject(10), initialReplicas: 0, workload, until: '1h' });

const scratch = mkdtempSync(join(tmpdir(), 'scalerkit-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
function reportFile(name: string, html: string): string {
  const path = join(scratch, name);
  writeFileSync(path, html);
  return pathToFileURL(path).href;
}

/** The visible time window of a run's chart and the plot area's box on the page. */
async function chartFrame(page: Page, run = 0) {
  // Zoom and pan redraw at the next animation frame: let it pass.
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        (globalThis as unknown as { requestAnimationFrame(callback: () => void): void }).requestAnimationFrame(() =>
          resolve(undefined),
        ),
      ),
  );
  const svg = page.locator(`.run[data-run="${run}"] .chart svg`);
  const t0 = Number(await svg.getAttribute('data-t0'));
  const t1 = Number(await svg.getAttribute('data-t1'));
  const box = (await page.locator(`.run[data-run="${run}"] rect.plot`).boundingBox())!;
  return { t0, t1, box, xOf: (t: number) => box.x + ((t - t0) / (t1 - t0)) * box.width, y: box.y + box.height / 2 };
}

describe('renderTimelineHtml in a browser', () => {
  describeWithService(
    'chromium',
    { path: chromiumPath },
    'headless Chromium',
    () => {
      it('opens from a file with the network unplugged and asks for nothing', async () => {
        const url = reportFile('offline.html', renderTimelineHtml(current));
        await withChromium(async (context) => {
          const attempted: string[] = [];
          // Everything but the report file itself is recorded and refused.
          await context.route(
            (target) => target.href !== url,
            (route) => {
              attempted.push(route.request().url());
              return route.abort();
            },
          );
          await context.setOffline(true);
          // The trap works: a page that does load something is caught.
          const control = await context.newPage();
          await control.setContent('<img src="http://192.0.2.1/pixel.png">');
          await control.waitForLoadState('load');
          expect(attempted).toEqual(['http://192.0.2.1/pixel.png']);
          attempted.length = 0;

          const page = await context.newPage();
          const requests: string[] = [];
          const errors: string[] = [];
          page.on('request', (request) => requests.push(request.url()));
          page.on('pageerror', (error) => errors.push(String(error)));
          await page.goto(url, { waitUntil: 'load' });
          await page.locator('.run[data-run="0"] .chart svg').waitFor();
          await page.mouse.move(600, 300);
          await page.mouse.wheel(0, -400);
          expect(requests).toEqual([url]);
          expect(attempted).toEqual([]);
          expect(errors).toEqual([]);
        });
      }, 60_000);

      it('draws one marker per scale event, and zooming keeps only those in the window', async () => {
        const url = reportFile('events.html', renderTimelineHtml(current));
        await withChromium(async (context) => {
          const page = await context.newPage();
          await page.goto(url);
          const markers = page.locator('.run[data-run="0"] .scale-event');
          expect(current.scaleEvents.length).toBeGreaterThan(10);
          expect(await markers.count()).toBe(current.scaleEvents.length);
          const ups = current.scaleEvents.filter((event) => event.to > event.from).length;
          expect(await page.locator('.run[data-run="0"] .scale-up').count()).toBe(ups);
          expect(await page.locator('.legend-entry.marker').allInnerTexts()).toEqual([
            `scale up (${ups})`,
            `scale down (${current.scaleEvents.length - ups})`,
          ]);
          const shot = screenshotPath('timeline-report.png');
          if (shot) {
            // For the docs: the whole run, pointing at the first scale-down (its explanation below the chart).
            const down = current.scaleEvents.find((e) => e.to < e.from)!;
            const whole = await chartFrame(page);
            await page.mouse.move(whole.xOf(down.time + 1), whole.y);
            await page.screenshot({ path: shot, fullPage: true });
          }

          const frame = await chartFrame(page);
          await page.mouse.move(frame.xOf(900), frame.y);
          await page.mouse.wheel(0, -500);
          await page.mouse.wheel(0, -500);
          const zoomed = await chartFrame(page);
          expect(zoomed.t1 - zoomed.t0).toBeLessThan(frame.t1 - frame.t0);
          expect(zoomed.t0).toBeLessThanOrEqual(900);
          expect(zoomed.t1).toBeGreaterThanOrEqual(900);
          const inWindow = current.scaleEvents.filter((e) => e.time >= zoomed.t0 && e.time <= zoomed.t1).length;
          expect(await markers.count()).toBe(inWindow);
          // Dragging to the left shows later times.
          await page.mouse.move(zoomed.xOf((zoomed.t0 + zoomed.t1) / 2), zoomed.y);
          await page.mouse.down();
          await page.mouse.move(zoomed.xOf(zoomed.t0), zoomed.y, { steps: 5 });
          await page.mouse.up();
          const panned = await chartFrame(page);
          expect(panned.t0).toBeGreaterThan(zoomed.t0);
          expect(panned.t1 - panned.t0).toBeCloseTo(zoomed.t1 - zoomed.t0, 6);
        });
      }, 60_000);

      it('draws hundreds of scale events in one window as one shape per direction, still counted', async () => {
        const busy = sampleResult();
        busy.scaleEvents = Array.from({ length: 400 }, (_, index) => ({
          time: index + 0.5,
          from: index % 2 === 0 ? 2 : 4,
          to: index % 2 === 0 ? 4 : 2,
          reason: 'test',
        }));
        const url = reportFile('busy.html', renderTimelineHtml(busy));
        await withChromium(async (context) => {
          const page = await context.newPage();
          await page.goto(url);
          const dense = page.locator('.run[data-run="0"] .scale-events-dense');
          expect(await dense.evaluateAll((paths) => paths.map((p) => p.getAttribute('data-count')))).toEqual([
            '200',
            '200',
          ]);
          expect(await page.locator('.legend-entry.marker').allInnerTexts()).toEqual([
            'scale up (200)',
            'scale down (200)',
          ]);
          // Zoomed in to fewer than 300, each is its own marker again.
          const frame = await chartFrame(page);
          await page.mouse.move(frame.xOf(100), frame.y);
          await page.mouse.wheel(0, -600);
          const zoomed = await chartFrame(page);
          const inWindow = busy.scaleEvents.filter((e) => e.time >= zoomed.t0 && e.time <= zoomed.t1).length;
          expect(inWindow).toBeLessThan(300);
          expect(await page.locator('.run[data-run="0"] .scale-event').count()).toBe(inWindow);
        });
      }, 60_000);

      it('shows the decision in force at a hovered instant, as the engine wrote it', async () => {
        const url = reportFile('hover.html', renderTimelineHtml(current));
        // A scale-up well inside the run (zooming keeps the instant under the pointer where it is on screen).
        const event = current.scaleEvents.find((e) => e.to > e.from && e.time > 900)!;
        const step = current.steps.find((s) => s.time === event.time)!;
        const decisions = step.decisions ?? [step.decision];
        expect(decisions.some((d) => d.desiredReplicas === event.to)).toBe(true);
        await withChromium(async (context) => {
          const page = await context.newPage();
          await page.goto(url);
          // Zoom in around the instant until a step is many pixels wide, then point half a step after it.
          let frame = await chartFrame(page);
          for (let i = 0; i < 8; i++) {
            await page.mouse.move(frame.xOf(event.time), frame.y);
            await page.mouse.wheel(0, -600);
            frame = await chartFrame(page);
          }
          expect(frame.t1 - frame.t0).toBeLessThanOrEqual(10);
          await page.mouse.move(frame.xOf(event.time + 0.5), frame.y);
          const panel = page.locator('.explanation[data-run="0"]');
          expect(await panel.locator('.at').innerText()).toBe(timeLabel(event.time));
          expect(await panel.locator('.decision-text').allInnerTexts()).toEqual(
            decisions.map((d) => `${timeLabel(event.time)} — ${d.toString()}`),
          );
          const details = await panel.locator('.decision-details li').allInnerTexts();
          expect(details).toContain('trigger orders (rabbitmq): active');
          // Before the step, the previous decision is shown.
          await page.mouse.move(frame.xOf(event.time - 0.5), frame.y);
          expect(await panel.locator('.at').innerText()).not.toBe(timeLabel(event.time));
          // A click pins the instant: moving away leaves it.
          await page.mouse.click(frame.xOf(event.time + 0.5), frame.y);
          await page.mouse.move(frame.xOf(event.time - 2), frame.y);
          expect(await panel.locator('.at').innerText()).toBe(timeLabel(event.time));
          expect(await panel.locator('.pinned').count()).toBe(1);
          const shot = screenshotPath('timeline-report-explanation.png');
          if (shot) await page.screenshot({ path: shot, fullPage: true });
        });
      }, 60_000);

      it('compares two runs on one time axis with their summaries', async () => {
        const html = renderTimelineHtml([current, proposal], { labels: ['value 20', 'value 10'] });
        const url = reportFile('compare.html', html);
        await withChromium(
          async (context) => {
            const page = await context.newPage();
            await page.goto(url);
            expect(await page.locator('.run').count()).toBe(2);
            expect(await page.locator('.run[data-run="1"] .scale-event').count()).toBe(proposal.scaleEvents.length);
            const row = await page
              .locator('table.summary tr', { hasText: 'replica-hours' })
              .locator('td')
              .allInnerTexts();
            const hours = (r: typeof current) => String(Math.round((r.summary.replicaSeconds / 3600) * 1000) / 1000);
            expect(row).toEqual([hours(current), hours(proposal)]);
            const events = await page
              .locator('table.summary tr', { hasText: 'scale events' })
              .locator('td')
              .allInnerTexts();
            expect(events).toEqual([String(current.summary.scaleEvents), String(proposal.summary.scaleEvents)]);
            // One cursor for both: hovering the first chart explains both runs at that instant.
            const frame = await chartFrame(page, 0);
            await page.mouse.move(frame.xOf(1500), frame.y);
            const at = await page.locator('.explanation .at').allInnerTexts();
            expect(at).toHaveLength(2);
            expect(at[0]).toBe(at[1]);
            const shot = screenshotPath('timeline-report-compare.png');
            if (shot) await page.screenshot({ path: shot, fullPage: true });
          },
          { width: 1200, height: 1100 },
        );
      }, 60_000);
    },
    { hint: 'run scripts/services/chromium.sh up' },
  );
});
