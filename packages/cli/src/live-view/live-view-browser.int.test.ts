import { createAutoscaler, InMemoryScaleTarget, ScalerRegistry } from '@scalerkit/core';
import { describeWithService, FakeClock, scriptedScalerDefinition } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
// The browser set-up the report's browser tests use (a test helper, not part of @scalerkit/testing's API).
import { chromiumPath, screenshotPath, withChromium } from '../../../testing/src/browser-test-support.js';
import { createLiveView } from './live-view.js';

const start = Date.UTC(2026, 0, 5, 9, 0, 0);

function autoscalerOn(clock: FakeClock, series: string, name = 'orders-worker') {
  const registry = new ScalerRegistry();
  registry.register(scriptedScalerDefinition('scripted', { clock }));
  return createAutoscaler({
    scaledObject: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name },
      spec: {
        scaleTargetRef: { name },
        pollingInterval: 10,
        cooldownPeriod: 60,
        minReplicaCount: 0,
        maxReplicaCount: 10,
        triggers: [{ type: 'scripted', name: 'queue', metadata: { series, targetValue: '10', activationValue: '1' } }],
      },
    },
    target: new InMemoryScaleTarget({ replicas: 0 }),
    registry,
    clock,
    hpaSyncPeriodMs: 15_000,
  });
}

describe('the live view in a browser', () => {
  describeWithService(
    'chromium',
    { path: chromiumPath },
    'headless Chromium',
    () => {
      it('draws each new decision as it is made, and carries on when the autoscaler restarts', async () => {
        const clock = new FakeClock(start);
        const at = (seconds: number) => start + seconds * 1000;
        const series = `${at(0)}:0,${at(30)}:45,${at(200)}:80,${at(400)}:0`;
        let view = await createLiveView({ windowSeconds: 900 });
        const port = view.port;
        let autoscaler = autoscalerOn(clock, series);
        view.attach('orders-worker', autoscaler);
        view.update('orders-worker', { target: 'memory' });
        try {
          await withChromium(async (context) => {
            const page = await context.newPage();
            const errors: string[] = [];
            page.on('pageerror', (error) => errors.push(String(error)));
            await page.goto(view.url);
            await page.locator('.connection.connected').waitFor();
            const markers = page.locator('.run[data-run="0"] .scale-event');
            expect(await markers.count()).toBe(0);

            await autoscaler.start();
            await clock.advance(45_000);
            // The scale from zero at 30 s, and the latest decision explained as the engine wrote it.
            await expect.poll(() => markers.count(), { timeout: 10_000 }).toBe(2);
            const latest = autoscaler.lastDecision!.toString();
            await expect
              .poll(async () => (await page.locator('.explanation .decision-text').allInnerTexts()).at(-1), {
                timeout: 10_000,
              })
              .toMatch(new RegExp(`— ${latest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
            expect(await page.locator('.status').innerText()).toContain('target: memory');

            await clock.advance(300_000);
            await expect.poll(() => markers.count(), { timeout: 10_000 }).toBeGreaterThan(2);
            const before = await markers.count();
            const firstTime = await page.evaluate(
              () =>
                (
                  globalThis as unknown as { scalerkitTimeline: { runs(): { t: number[] }[] } }
                ).scalerkitTimeline.runs()[0]!.t[0],
            );
            expect(firstTime).toBe(start / 1000);
            const shot = screenshotPath('live-view.png');
            if (shot) await page.screenshot({ path: shot, fullPage: true });

            // The process restarts: the page says so, keeps what it has, and reconnects to the new server.
            await autoscaler.stop();
            await view.close();
            await page.locator('.connection.reconnecting').waitFor({ timeout: 10_000 });
            view = await createLiveView({ port, windowSeconds: 900 });
            autoscaler = autoscalerOn(clock, series);
            view.attach('orders-worker', autoscaler);
            await page.locator('.connection.connected').waitFor({ timeout: 15_000 });
            await autoscaler.start();
            await clock.advance(200_000);
            const restarted = autoscaler.lastDecision!.toString();
            await expect
              .poll(async () => (await page.locator('.explanation .decision-text').allInnerTexts()).at(-1), {
                timeout: 10_000,
              })
              .toMatch(new RegExp(`— ${restarted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
            expect(
              await page.evaluate(
                () =>
                  (
                    globalThis as unknown as { scalerkitTimeline: { runs(): { t: number[] }[] } }
                  ).scalerkitTimeline.runs()[0]!.t[0],
              ),
            ).toBe(start / 1000);
            expect(await markers.count()).toBeGreaterThanOrEqual(before);
            expect(errors).toEqual([]);
          });
        } finally {
          await autoscaler.stop();
          await view.close();
        }
      }, 90_000);
    },
    { hint: 'run scripts/services/chromium.sh up' },
  );
});
