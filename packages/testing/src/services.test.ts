import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  checkService,
  describeWithService,
  requireService,
  ServiceUnavailableError,
  servicesRequired,
} from './services.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

let open: Server;
let openPort: number;
let closedPort: number;

beforeAll(async () => {
  open = createServer((socket) => socket.end());
  openPort = await listen(open);
  const closed = createServer();
  closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => new Promise((resolve) => open.close(resolve)));

describe('servicesRequired', () => {
  it.each([
    [{}, false],
    [{ CI: 'true' }, true],
    [{ CI: 'false' }, false],
    [{ SCALERKIT_REQUIRE_SERVICES: '1' }, true],
    [{ SCALERKIT_REQUIRE_SERVICES: '0' }, false],
  ])('%j -> %s', (env, expected) => {
    expect(servicesRequired(env)).toBe(expected);
  });
});

describe('checkService', () => {
  it('reports a listening port as reachable', async () => {
    const status = await checkService('open-a', { host: '127.0.0.1', port: openPort });
    expect(status).toEqual({ name: 'open-a', address: `127.0.0.1:${openPort}`, reachable: true });
  });

  it('reports a closed port with a one-line reason and the hint', async () => {
    const status = await checkService('kafka', `127.0.0.1:${closedPort}`);
    expect(status.reachable).toBe(false);
    expect(status.reason).toBe(`kafka not reachable at 127.0.0.1:${closedPort} — run scripts/services/up.sh`);
  });

  it('takes host and port from a URL and drops its credentials', async () => {
    const status = await checkService('rabbitmq', `amqp://guest:s3cret@127.0.0.1:${closedPort}/vhost`, {
      hint: 'run scripts/services/rabbitmq.sh up',
    });
    expect(status.address).toBe(`127.0.0.1:${closedPort}`);
    expect(status.reason).toBe(
      `rabbitmq not reachable at 127.0.0.1:${closedPort} — run scripts/services/rabbitmq.sh up`,
    );
    expect(JSON.stringify(status)).not.toContain('s3cret');
  });

  it('uses the scheme default port and the first of a broker list', async () => {
    expect((await checkService('amqp-default', 'amqp://127.0.0.1')).address).toBe('127.0.0.1:5672');
    expect((await checkService('list', `127.0.0.1:${openPort},127.0.0.1:1`)).address).toBe(`127.0.0.1:${openPort}`);
  });

  it('checks an executable by path', async () => {
    expect((await checkService('node', { path: process.execPath })).reachable).toBe(true);
    const missing = await checkService('chromium', { path: '/nonexistent/chromium' });
    expect(missing.reason).toBe('chromium not found at /nonexistent/chromium — run scripts/services/up.sh');
  });

  it('probes once per name and address', async () => {
    const first = checkService('once', { host: '127.0.0.1', port: openPort });
    expect(checkService('once', { host: '127.0.0.1', port: openPort })).toBe(first);
  });
});

describe('requireService', () => {
  it('returns the status of an unreachable service when not required, printing the reason once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const status = await requireService('skip-me', `127.0.0.1:${closedPort}`, { required: false });
    await requireService('skip-me', `127.0.0.1:${closedPort}`, { required: false });
    expect(status.reachable).toBe(false);
    expect(warn.mock.calls).toEqual([
      [`skipped: skip-me not reachable at 127.0.0.1:${closedPort} — run scripts/services/up.sh`],
    ]);
    warn.mockRestore();
  });

  it('throws when required', async () => {
    const error = await requireService('must', `127.0.0.1:${closedPort}`, { required: true }).catch((e) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      `must not reachable at 127.0.0.1:${closedPort} — run scripts/services/up.sh (required because CI=true or SCALERKIT_REQUIRE_SERVICES=1)`,
    );
  });

  it('resolves for a reachable service even when required', async () => {
    expect((await requireService('up', { host: '127.0.0.1', port: openPort }, { required: true })).reachable).toBe(
      true,
    );
  });
});

describe('describeWithService', () => {
  function recorder() {
    const calls: string[] = [];
    const suites: Promise<unknown>[] = [];
    const it = Object.assign((name: string) => calls.push(`it ${name}`), {
      skip: (name: string) => calls.push(`skip ${name}`),
    });
    const api = {
      describe: (name: string, fn: () => Promise<void>) => {
        calls.push(`describe ${name}`);
        suites.push(fn());
      },
      it,
      expect,
      beforeAll: () => {},
      afterAll: () => {},
    };
    return { api, calls, done: () => Promise.all(suites) };
  }

  it('runs the factory when reachable', async () => {
    const r = recorder();
    describeWithService(
      'svc',
      { host: '127.0.0.1', port: openPort },
      'suite',
      () => {
        r.api.it('inner');
      },
      {
        vitest: r.api,
      },
    );
    await r.done();
    expect(r.calls).toEqual(['describe suite', 'it inner']);
  });

  it('registers one skipped test named with the reason when unreachable locally', async () => {
    const r = recorder();
    describeWithService(
      'svc',
      `127.0.0.1:${closedPort}`,
      'suite',
      () => {
        r.api.it('inner');
      },
      {
        vitest: r.api,
        required: false,
      },
    );
    await r.done();
    expect(r.calls).toEqual([
      'describe suite',
      `skip svc not reachable at 127.0.0.1:${closedPort} — run scripts/services/up.sh`,
    ]);
  });

  it('registers one failing test when unreachable and required', async () => {
    const r = recorder();
    describeWithService(
      'svc',
      `127.0.0.1:${closedPort}`,
      'suite',
      () => {
        r.api.it('inner');
      },
      {
        vitest: r.api,
        required: true,
      },
    );
    await r.done();
    expect(r.calls).toEqual(['describe suite', 'it svc is available']);
  });
});
