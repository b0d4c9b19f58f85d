import { fileURLToPath } from 'node:url';
import { ScalerRegistry } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo } from '../test-io.js';

const fixtures = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));
const run = async (argv: string[]) => {
  const io = recordingIo(fixtures);
  const code = await main(argv, { io, registry: new ScalerRegistry() });
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
};
const decisionsLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('decisions'));

describe('scalerkit simulate: cadences', () => {
  it('runs KEDA polls and HPA syncs (15 s) by default and names both cadences in the summary', async () => {
    const { code, stdout } = await run(['simulate', 'scripted.yaml', '--workload', 'spike', '--until', '10m']);
    expect(code).toBe(0);
    // the fixture polls every second: 601 polls in 600 s, and HPA syncs at 0, 15, ..., 600 s (41)
    expect(decisionsLine(stdout)).toBe('decisions        642 (601 polls every 1s, 41 HPA syncs every 15s)');
  });

  it('--hpa-sync-period sets the HPA cadence; 0 merges both loops into one decision per poll', async () => {
    const synced = await run(['simulate', 'scripted.yaml', '--until', '10m', '--hpa-sync-period', '1m']);
    expect(decisionsLine(synced.stdout)).toBe('decisions        612 (601 polls every 1s, 11 HPA syncs every 1m)');
    const merged = await run(['simulate', 'scripted.yaml', '--until', '10m', '--hpa-sync-period', '0']);
    expect(decisionsLine(merged.stdout)).toBe('decisions        601 (every 1s)');
  });

  it('names the option when its value is not a duration, as wrong usage (exit 2)', async () => {
    const { code, stderr } = await run(['simulate', 'scripted.yaml', '--hpa-sync-period', 'often']);
    expect(code).toBe(2);
    expect(stderr).toContain('--hpa-sync-period must be seconds or a duration like 90s, 5m, 1h30m, 500ms, got "often"');
  });
});
