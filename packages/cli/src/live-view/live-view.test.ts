import { request } from 'node:http';
import { createAutoscaler, InMemoryScaleTarget, ScalerRegistry } from '@scalerkit/core';
import { FakeClock, scriptedScalerDefinition } from '@scalerkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveView, type LiveView } from './live-view.js';
import { parseUiAddress } from './ui-address.js';

const manifest = (series: string) => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'orders' },
  spec: {
    scaleTargetRef: { name: 'worker' },
    pollingInterval: 10,
    cooldownPeriod: 60,
    minReplicaCount: 0,
    maxReplicaCount: 10,
    triggers: [{ type: 'scripted', name: 'queue', metadata: { series, targetValue: '10', activationValue: '1' } }],
  },
});

/** An autoscaler on a FakeClock whose queue holds `series` ("ms:value,..."). */
function autoscalerOn(clock: FakeClock, series = '0:0,30000:45') {
  const registry = new ScalerRegistry();
  registry.register(scriptedScalerDefinition('scripted', { clock }));
  return createAutoscaler({
    scaledObject: manifest(series),
    target: new InMemoryScaleTarget({ replicas: 0 }),
    registry,
    clock,
    hpaSyncPeriodMs: 15_000,
  });
}

/** One HTTP exchange with the view; `host` overrides the Host header. */
function fetchRaw(view: LiveView, path: string, init: { method?: string; host?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: view.host,
        port: view.port,
        path,
        method: init.method ?? 'GET',
        headers: init.host ? { host: init.host } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the payloads are read as the page reads them, untyped JSON
type Sse = { event: string; data: any };

/** Subscribes to `/events`; `until(predicate)` resolves once the events received satisfy it. */
function subscribe(view: LiveView) {
  const events: Sse[] = [];
  let waiters: { predicate: (events: Sse[]) => boolean; resolve: (events: Sse[]) => void }[] = [];
  const check = () => {
    waiters = waiters.filter((waiter) => {
      if (!waiter.predicate(events)) return true;
      waiter.resolve(events);
      return false;
    });
  };
  const req = request({ host: view.host, port: view.port, path: '/events' }, (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
      check();
    });
  });
  req.on('error', () => {});
  req.end();
  return {
    until: (predicate: (events: Sse[]) => boolean) =>
      new Promise<Sse[]>((resolve) => {
        waiters.push({ predicate, resolve });
        check();
      }),
    close: () => req.destroy(),
  };
}

const views: LiveView[] = [];
afterEach(async () => {
  for (const view of views.splice(0)) await view.close();
});
async function open(options: Parameters<typeof createLiveView>[0] = {}) {
  const view = await createLiveView(options);
  views.push(view);
  return view;
}

describe('createLiveView', () => {
  it('listens on loopback by default and serves the page with a policy that allows only its own server', async () => {
    const view = await open();
    expect(view.host).toBe('127.0.0.1');
    expect(view.url).toBe(`http://127.0.0.1:${view.port}/`);
    const page = await fetchRaw(view, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.body).toContain('"eventsUrl":"/events"');
    expect(page.body).not.toMatch(/\s(src|href)\s*=/);
  });

  it('is read-only: any method but GET and HEAD is refused, and so is a foreign Host (DNS rebinding)', async () => {
    const view = await open();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await fetchRaw(view, '/state', { method });
      expect([method, answer.status, answer.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
    }
    expect((await fetchRaw(view, '/', { host: 'attacker.example:80' })).status).toBe(403);
    expect((await fetchRaw(view, '/', { host: `localhost:${view.port}` })).status).toBe(200);
    expect((await fetchRaw(view, '/nothing')).status).toBe(404);
  });

  it('sends a snapshot, then each decision with the explanation the engine wrote, and each scale', async () => {
    const clock = new FakeClock(0);
    const autoscaler = autoscalerOn(clock);
    const view = await open();
    view.attach('orders', autoscaler);
    const stream = subscribe(view);
    await stream.until((events) => events.some((e) => e.event === 'snapshot'));
    await autoscaler.start();
    await clock.advance(45_000);
    const events = await stream.until((received) => received.some((e) => e.event === 'scale'));
    stream.close();
    expect(events[0]!.event).toBe('snapshot');
    const points = events.filter((e) => e.event === 'point').map((e) => e.data.point);
    const first = points.find((p) => p.decision);
    expect(first.decision.text).toMatch(/^(HPA sync|poll): 0 → 0/);
    const scale = events.find((e) => e.event === 'scale')!.data;
    expect(scale).toMatchObject({ name: 'orders', event: { from: 0, to: 1, reason: 'ScaledFromZero' } });
    expect(scale.event.t).toBe(30);
    const state = JSON.parse((await fetchRaw(view, '/state')).body);
    const row = state.runs[0];
    expect(row.name).toBe('orders');
    expect(row.metricAxis).toBe('s0-scripted (value)');
    expect(row.metrics.map((m: { key: string; targetValue: number }) => [m.key, m.targetValue])).toEqual([
      ['queue', 10],
    ]);
    expect(row.decisions.at(-1).text).toBe(autoscaler.lastDecision!.toString());
    await autoscaler.stop();
  });

  it('keeps a bounded window of history per row', async () => {
    const clock = new FakeClock(0);
    const autoscaler = autoscalerOn(clock, '0:5');
    const view = await open({ maxPoints: 20, historySeconds: 100_000 });
    view.attach('orders', autoscaler);
    await autoscaler.start();
    await clock.advance(600_000);
    const row = JSON.parse((await fetchRaw(view, '/state')).body).runs[0];
    expect(row.t).toHaveLength(20);
    expect(row.t.at(-1)).toBe(600);
    const short = await open({ historySeconds: 60 });
    short.attach('orders', autoscaler);
    await clock.advance(300_000);
    const windowed = JSON.parse((await fetchRaw(short, '/state')).body).runs[0];
    expect(windowed.t[0]).toBeGreaterThanOrEqual(windowed.t.at(-1) - 60);
    await autoscaler.stop();
  });

  it('takes one row per name with its status, replaces an autoscaler attached again, and removes rows', async () => {
    const clock = new FakeClock(0);
    const first = autoscalerOn(clock, '0:5');
    const view = await open();
    view.attach('shop/orders', first);
    view.update('shop/orders', { ready: 'True', replicas: 1 });
    view.update('shop/billing', { ready: 'False', reason: 'ScalerError' });
    await first.start();
    await clock.advance(20_000);
    await first.stop();
    // The restarted autoscaler feeds the same row; the stopped one is no longer heard.
    const second = autoscalerOn(clock, '0:5');
    view.attach('shop/orders', second);
    await second.start();
    await clock.advance(20_000);
    let state = JSON.parse((await fetchRaw(view, '/state')).body);
    expect(state.runs.map((r: { name: string; status: unknown }) => [r.name, r.status])).toEqual([
      ['shop/orders', { ready: 'True', replicas: 1 }],
      ['shop/billing', { ready: 'False', reason: 'ScalerError' }],
    ]);
    expect(state.runs[0].t[0]).toBe(0);
    expect(state.runs[0].t.at(-1)).toBe(40);
    view.remove('shop/billing');
    state = JSON.parse((await fetchRaw(view, '/state')).body);
    expect(state.runs.map((r: { name: string }) => r.name)).toEqual(['shop/orders']);
    await second.stop();
  });
});

describe('parseUiAddress', () => {
  it.each([
    ['8080', { host: '127.0.0.1', port: 8080, loopback: true }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0, loopback: true }],
    ['localhost:9000', { host: 'localhost', port: 9000, loopback: true }],
    ['[::1]:8080', { host: '::1', port: 8080, loopback: true }],
    ['0.0.0.0:8080', { host: '0.0.0.0', port: 8080, loopback: false }],
  ])('%s', (text, expected) => {
    expect(parseUiAddress(text)).toEqual(expected);
  });

  it.each(['', 'http://localhost:80', '127.0.0.1:', ':80', '127.0.0.1:70000', '[zz]:80'])(
    'refuses %j with the accepted forms',
    (text) => {
      expect(() => parseUiAddress(text)).toThrow(/--ui/);
    },
  );
});
