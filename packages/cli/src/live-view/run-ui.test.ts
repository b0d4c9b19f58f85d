import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ScalerRegistry } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo } from '../test-io.js';

const fixtures = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));

function getJson(url: string): Promise<{ runs: { name: string; decisions: { text: string }[] }[] }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

describe('scalerkit run --ui', () => {
  it('serves the live view while running, names its address, and closes it on stop', async () => {
    const io = recordingIo(fixtures);
    let announced: (url: string) => void = () => {};
    const address = new Promise<string>((resolve) => {
      announced = resolve;
    });
    const out = io.out;
    io.out = (line) => {
      out(line);
      const match = / live view at (http:\/\/127\.0\.0\.1:\d+\/) \(read-only\)$/.exec(line);
      if (match) announced(match[1]!);
    };
    const stop = new AbortController();
    const exit = main(['run', 'scripted.yaml', '--ui', '127.0.0.1:0'], {
      io,
      registry: new ScalerRegistry(),
      signal: stop.signal,
    });
    const url = await address;
    // The first poll happens at start: wait until the view holds its decision.
    let state = await getJson(`${url}state`);
    while ((state.runs[0]?.decisions.length ?? 0) === 0) state = await getJson(`${url}state`);
    expect(state.runs[0]!.name).toBe('scripted-worker');
    expect(state.runs[0]!.decisions[0]!.text).toMatch(/^(HPA sync|poll): /);
    stop.abort();
    expect(await exit).toBe(0);
    await expect(getJson(`${url}state`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses an address it cannot read, as wrong usage', async () => {
    const io = recordingIo(fixtures);
    const code = await main(['run', 'scripted.yaml', '--ui', 'somewhere'], { io, registry: new ScalerRegistry() });
    expect(code).toBe(2);
    expect(io.stderr.join('\n')).toContain('--ui must be PORT, HOST:PORT or [IPv6]:PORT');
  });
});
