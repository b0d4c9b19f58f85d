import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { chromiumPath, withChromium } from './browser-test-support.js';
import { describeWithService } from './services.js';
import { renderTimelineSvg } from './svg.js';
import { sampleResult } from './test-fixtures.js';

describe('renderTimelineSvg in a browser', () => {
  describeWithService(
    'chromium',
    { path: chromiumPath },
    'headless Chromium',
    () => {
      it('renders a chart that is not blank, with the palette of its series', async () => {
        await withChromium(
          async (context) => {
            const page = await context.newPage();
            // A stretch where the desired count is above the current one (replicas starting, say).
            const result = sampleResult();
            for (const step of result.steps) if (step.time >= 200 && step.time < 260) step.desiredReplicas = 6;
            await page.setContent(`<html><body style="margin:0">${renderTimelineSvg(result)}</body></html>`);
            const png = PNG.sync.read(await page.screenshot({ type: 'png' }));
            const colors = new Set<number>();
            let nonWhite = 0;
            const seen = { replicas: 0, desired: 0, ready: 0, metric: 0 };
            for (let i = 0; i < png.data.length; i += 4) {
              const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
              colors.add((r << 16) | (g << 8) | b);
              if (r < 250 || g < 250 || b < 250) nonWhite += 1;
              // The line colours, as drawn over white or a light band (allow anti-aliasing).
              if (Math.abs(r - 0x25) < 24 && Math.abs(g - 0x63) < 24 && Math.abs(b - 0xeb) < 24) seen.replicas += 1;
              if (Math.abs(r - 0xea) < 24 && Math.abs(g - 0x58) < 24 && Math.abs(b - 0x0c) < 24) seen.desired += 1;
              if (Math.abs(r - 0x16) < 24 && Math.abs(g - 0xa3) < 24 && Math.abs(b - 0x4a) < 24) seen.ready += 1;
              if (Math.abs(r - 0x7c) < 24 && Math.abs(g - 0x3a) < 24 && Math.abs(b - 0xed) < 24) seen.metric += 1;
            }
            expect(png.width).toBe(960);
            expect(nonWhite).toBeGreaterThan(960 * 440 * 0.05);
            expect(colors.size).toBeGreaterThan(20);
            expect(seen.replicas).toBeGreaterThan(200);
            expect(seen.ready).toBeGreaterThan(50);
            expect(seen.metric).toBeGreaterThan(50);
            // desired is drawn where it differs (84 px, dashed: about 70 pixels of its colour, the legend's
            // swatch alone about 20), on top of the other lines
            expect(seen.desired).toBeGreaterThan(50);
          },
          { width: 960, height: 440 },
        );
      }, 60_000);
    },
    { hint: 'run scripts/services/chromium.sh up' },
  );
});
