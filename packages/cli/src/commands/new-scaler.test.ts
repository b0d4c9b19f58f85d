import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatParameterTable } from '@scalerkit/core/parameters';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { scaffoldParameters } from '../scaffold/scaler-parameters.js';
import { recordingIo } from '../test-io.js';

// The generated package is built and its own tests run by scripts/scaffold-check.sh (in CI); here, what the
// command writes and refuses.
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'scalerkit-new-'));
  directories.push(directory);
  return directory;
}

describe('scalerkit new scaler', () => {
  it('writes a package named after the directory, with the kit-based scaler, tests and README', async () => {
    const cwd = scratch();
    const io = recordingIo(cwd);
    expect(await main(['new', 'scaler', 'orders-queue'], { io, version: '0.1.0' })).toBe(0);
    const read = (path: string) => readFileSync(join(cwd, 'orders-queue', path), 'utf8');
    const manifest = JSON.parse(read('package.json'));
    expect(manifest).toMatchObject({
      name: 'scalerkit-scaler-orders-queue',
      peerDependencies: { '@scalerkit/core': '^0.1.0' },
      sideEffects: ['./dist/register.js', './dist/register.cjs'],
    });
    expect(read('src/orders-queue-scaler.ts')).toContain(
      'export const ordersQueueScaler = defineScaler<OrdersQueueConfig>({',
    );
    expect(read('src/orders-queue-scaler.ts')).toContain('createPolledScaler(');
    expect(read('src/register.ts')).toContain('registry.register(ordersQueueScaler);');
    expect(read('README.md')).toContain(formatParameterTable(scaffoldParameters()));
    expect(io.stdout[0]).toBe('Created scalerkit-scaler-orders-queue (trigger type "orders-queue") in orders-queue:');
  });

  it('takes the trigger type and package name from options', async () => {
    const cwd = scratch();
    const io = recordingIo(cwd);
    expect(await main(['new', 'scaler', 'pkg', '--type', 'my-q', '--package', '@acme/my-q'], { io })).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'pkg', 'package.json'), 'utf8')).name).toBe('@acme/my-q');
    expect(readFileSync(join(cwd, 'pkg', 'src', 'my-q-parameters.ts'), 'utf8')).toContain('export const myQParameters');
  });

  it('refuses a directory that is not empty, and leaves it as it was', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'keep.txt'), 'mine');
    const io = recordingIo(cwd);
    expect(await main(['new', 'scaler', 'taken'], { io })).toBe(1);
    expect(io.stderr).toEqual(['scalerkit: new scaler: taken exists and is not empty; choose another directory']);
    expect(readFileSync(join(cwd, 'taken', 'keep.txt'), 'utf8')).toBe('mine');
  });

  const usage: [string[], string][] = [
    [['new'], 'new: what to create: "scaler", got ""'],
    [['new', 'widget', 'x'], 'new: what to create: "scaler", got "widget"'],
    [['new', 'scaler'], 'new scaler: a directory is required'],
    [['new', 'scaler', 'a', 'b'], 'new scaler: one directory, got 2'],
    [
      ['new', 'scaler', 'x', '--type', 'My_Queue'],
      'new scaler: --type must be a kebab-case trigger type such as "http-queue" (lower-case letters, digits, single dashes), got "My_Queue"',
    ],
  ];
  for (const [argv, message] of usage) {
    it(`${JSON.stringify(argv)} is wrong usage: ${message}`, async () => {
      const io = recordingIo(scratch());
      expect(await main(argv, { io })).toBe(2);
      expect(io.stderr[0]).toBe(`scalerkit: ${message}`);
    });
  }
});
