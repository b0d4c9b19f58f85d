import { ScalerRegistry } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo } from '../test-io.js';
import { jsonLogger } from './operator.js';

const run = async (argv: string[]) => {
  const io = recordingIo(process.cwd(), {});
  const code = await main(argv, { io, registry: new ScalerRegistry(), signal: AbortSignal.abort() });
  return { code, stderr: io.stderr.join('\n') };
};

describe('scalerkit operator', () => {
  it('refuses a manifest argument: the operator reads its ScaledObjects from the cluster', async () => {
    expect(await run(['operator', 'so.yaml'])).toEqual({
      code: 2,
      stderr: 'scalerkit: operator: takes options only\nRun "scalerkit --help" for usage.',
    });
  });

  it('names the accepted forms of a wrong --metrics-address and --log-format', async () => {
    expect((await run(['operator', '--metrics-address', 'here'])).stderr).toContain(
      '--metrics-address must be [HOST:]PORT (PORT 0-65535; 0 disables), got "here"',
    );
    expect((await run(['operator', '--log-format', 'xml'])).stderr).toContain(
      '--log-format must be json or text, got "xml"',
    );
  });

  it('fails with the configuration problem when no kubeconfig exists', async () => {
    const result = await run([
      'operator',
      '--kubeconfig',
      '/nonexistent/kubeconfig',
      '--no-leader-election',
      '--metrics-address',
      '0',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the kubeconfig file \\"/nonexistent/kubeconfig\\" does not exist');
  });

  it('--ui: a wrong address is wrong usage; a live view it started is closed when the operator fails', async () => {
    const wrong = await run(['operator', '--ui', 'banana']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--ui must be PORT, HOST:PORT or [IPv6]:PORT');
    const failed = await run([
      'operator',
      '--kubeconfig',
      '/nonexistent/kubeconfig',
      '--no-leader-election',
      '--metrics-address',
      '0',
      '--ui',
      '127.0.0.1:0',
    ]);
    expect(failed.code).toBe(1);
    const url = /"msg":"serving the live view \(read-only\)","url":"(http:\/\/127\.0\.0\.1:\d+\/)"/.exec(
      failed.stderr,
    )?.[1];
    expect(url).toBeDefined();
    // Closed with the operator: nothing listens there any more.
    await expect(fetch(url as string)).rejects.toThrow();
  });

  it('writes one JSON object per log line', () => {
    const lines: string[] = [];
    const logger = jsonLogger((line) => lines.push(line));
    logger.info('scaled', { scaledObject: 'shop/web', to: 3 });
    logger.debug('hidden');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'info',
      msg: 'scaled',
      scaledObject: 'shop/web',
      to: 3,
    });
  });
});
