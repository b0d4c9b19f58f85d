import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// End-to-end: the built binary, as a user runs it. The build is turbo's (cached when nothing changed).
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const fixtures = join(root, 'packages/cli/test-fixtures');

beforeAll(() => {
  // turbo's own binary, not `npx turbo`: under `npx -p node@22 -c ...` (how CI runs the other Node versions) npx
  // inherits the outer exec's npm_config_* variables and refuses the nested call.
  execFileSync(
    join(root, 'node_modules/.bin/turbo'),
    ['run', 'build', '--filter=@scalerkit/cli...', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
}, 180_000);

const cli = (args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: fixtures, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** Resolves with the first stdout line matching `pattern`. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((candidate) => pattern.test(candidate));
      if (line) {
        child.stdout!.off('data', onData);
        resolve(line);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before printing ${pattern}:\n${buffer}`)));
  });
}

describe('the scalerkit binary', () => {
  it('is executable with a shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(cli(['--version']).stdout.trim()).toBe('0.1.0');
  });

  it('validate: exits 1 with one line per problem and no stack trace', () => {
    const { code, stdout, stderr } = cli(['validate', 'invalid.txt']);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(6);
    expect(stdout).toContain(
      'invalid.txt: ScaledObject/broken: spec.pollingInterval: must be greater than or equal to 1\n',
    );
    expect(`${stdout}${stderr}`).not.toMatch(/^\s+at /m);
  });

  it('validate: exits 0 for a valid file', () => {
    expect(cli(['validate', 'valid.yaml'])).toEqual({
      code: 0,
      stdout: 'valid.yaml: ok (ScaledObject/orders, TriggerAuthentication/orders-auth)\n',
      stderr: '',
    });
  });

  it('simulate: prints chart and summary, writes the files', () => {
    const out = mkdtempSync(join(tmpdir(), 'scalerkit-bin-'));
    const { code, stdout } = cli([
      'simulate',
      'scripted.yaml',
      '--until',
      '20m',
      '--svg',
      join(out, 'a.svg'),
      '--csv',
      join(out, 'a.csv'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('scale events');
    expect(existsSync(join(out, 'a.svg'))).toBe(true);
    expect(readFileSync(join(out, 'a.csv'), 'utf8').split('\n')[0]).toMatch(
      /^time,replicas,readyReplicas,desiredReplicas/,
    );
  });

  it('validate: checks the metadata of every event source scalerkit ships, loading each package by itself', () => {
    const { code, stdout } = cli(['validate', 'event-sources-invalid.yaml']);
    expect(code).toBe(1);
    const prefix = 'event-sources-invalid.yaml: ScaledObject/event-sources: spec.triggers';
    expect(stdout.trim().split('\n')).toEqual([
      `${prefix}[0].metadata.mode: rabbitmq: trigger mode QueueSize must be one of QueueLength, MessageRate, DeliverGetRate, PublishedToDeliveredRatio or ExpectedQueueConsumptionTime`,
      `${prefix}[1].metadata.queueLength: aws-sqs-queue: parameter "queueLength" must be an integer, got "many"`,
      `${prefix}[2].metadata.topicName: azure-servicebus: both topic and queue name metadata provided`,
      `${prefix}[3].metadata.queueLength: azure-queue: parameter "queueLength" must be an integer, got "1.5"`,
      `${prefix}[4].metadata.consumer: nats-jetstream: missing required parameter "consumer" (looked in metadata)`,
      `${prefix}[4].metadata.lagThreshold: nats-jetstream: parameter "lagThreshold" must be an integer, got "ten"`,
    ]);
  });

  it('explain: fails naming a trigger type nothing provides, without a stack trace', () => {
    const { code, stderr } = cli(['explain', join(root, 'packages/cli/test-fixtures/unprovided-trigger.yaml')]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'unprovided-trigger.yaml: ScaledObject/cache-worker: spec.triggers[0].type: no scalerkit package provides trigger type "redis"',
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('run --target exec: starts workers as decided and stops them on SIGINT', async () => {
    const worker = `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);`;
    const child = spawn(
      process.execPath,
      // The HPA syncs every second here, as the fixture polls: 1 → 4 without waiting 15 s.
      [
        bin,
        'run',
        'scripted.yaml',
        '--target',
        'exec',
        '--grace',
        '2s',
        '--hpa-sync-period',
        '1s',
        '--',
        process.execPath,
        '-e',
        worker,
      ],
      {
        cwd: fixtures,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await waitForLine(child, /scaled 0 → 1/);
    await waitForLine(child, /scaled 1 → 4/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr.match(/worker \d started/g)).toHaveLength(4);
    expect(stderr.match(/worker \d exited/g)).toHaveLength(4);
  }, 30_000);

  it('run --target memory --for: stops by itself', () => {
    const result = spawnSync(process.execPath, [bin, 'run', 'scripted.yaml', '--for', '1500ms'], {
      cwd: fixtures,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^\d\d:\d\d:\d\d queue=42\* \| ready 0\/0 \| poll: 0 → 1 \(ScaledFromZero\); active$/m,
    );
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/stopped$/);
  });
});
