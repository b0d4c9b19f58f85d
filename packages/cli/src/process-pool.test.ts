import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessPoolTarget } from './process-pool.js';

const node = process.execPath;
const obedient = `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);`;
const pools: ProcessPoolTarget[] = [];
const pool = (script: string, graceMs = 5000) => {
  const lines: string[] = [];
  const target = new ProcessPoolTarget([node, '-e', script], { graceMs, log: (line) => lines.push(line) });
  pools.push(target);
  return { target, lines };
};
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
};

afterEach(async () => {
  for (const target of pools.splice(0)) await target.close();
});

describe('ProcessPoolTarget', () => {
  it('starts one process per replica and stops the newest first on scale-in', async () => {
    const { target, lines } = pool(obedient);
    await target.setReplicas(3);
    expect(target.running).toBe(3);
    await target.setReplicas(1);
    await until(() => lines.filter((line) => line.includes('exited')).length === 2);
    expect(lines.filter((line) => line.includes('exited')).map((line) => line.split(' ')[1])).toEqual(
      expect.arrayContaining(['1', '2']),
    );
    expect(await target.getReplicas()).toEqual({ replicas: 1, readyReplicas: 1 });
  });

  it('kills a worker that ignores SIGTERM after the grace period', async () => {
    const ready = join(mkdtempSync(join(tmpdir(), 'scalerkit-pool-')), 'ready');
    const stubborn = `process.on('SIGTERM', () => {}); require('fs').writeFileSync(${JSON.stringify(ready)}, ''); setInterval(() => {}, 1000);`;
    const { target, lines } = pool(stubborn, 200);
    await target.setReplicas(1);
    await until(() => existsSync(ready)); // the worker has installed its SIGTERM handler
    await target.close();
    expect(lines.at(-1)).toBe('worker 0 exited (SIGKILL)');
  });

  it('starts a worker again when it exits on its own, as a ReplicaSet does', async () => {
    const { target, lines } = pool('setTimeout(() => process.exit(3), 50)');
    await target.setReplicas(1);
    await until(() => lines.includes('worker 0 exited (code 3)'));
    expect(await target.getReplicas()).toEqual({ replicas: 1, readyReplicas: 1 });
    expect(lines.filter((line) => line.startsWith('worker 1 started'))).toHaveLength(1);
  });

  it('reports a command that cannot start', async () => {
    const lines: string[] = [];
    const target = new ProcessPoolTarget(['/nonexistent/worker'], { log: (line) => lines.push(line) });
    await target.setReplicas(1);
    await until(() => lines.some((line) => line.includes('failed to start')));
    expect(lines.at(-1)).toBe('worker 0 failed to start: spawn /nonexistent/worker ENOENT');
    await target.close();
  });
});
