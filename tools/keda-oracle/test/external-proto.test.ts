// The protocol @scalerkit/keda-external serves is KEDA v2.21.0's own: its vendored externalscaler.proto is KEDA's
// file byte for byte below the licence header (read from the Go module cache the oracle was built from).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEDA_VERSION, protoDirectory } from '@scalerkit/keda-external';
import { describe, expect, it } from 'vitest';
import { oracleOnly } from './oracle-harness.js';

const { ready } = await oracleOnly();

function kedaModuleDirectory(): string {
  const cache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  return join(cache, 'github.com', 'kedacore', 'keda', `v2@${KEDA_VERSION}`);
}

describe.skipIf(!ready)('the vendored externalscaler.proto', () => {
  it(`is KEDA ${KEDA_VERSION}'s pkg/scalers/externalscaler/externalscaler.proto below its header`, () => {
    const upstream = join(kedaModuleDirectory(), 'pkg/scalers/externalscaler/externalscaler.proto');
    expect(existsSync(upstream), `${upstream} (the oracle's build downloads it)`).toBe(true);
    const vendored = readFileSync(join(protoDirectory(), 'externalscaler.proto'), 'utf8');
    const body = vendored.slice(vendored.indexOf('syntax = "proto3";'));
    expect(body).toBe(readFileSync(upstream, 'utf8'));
    expect(vendored.slice(0, vendored.indexOf('syntax'))).toContain(`github.com/kedacore/keda/v2@${KEDA_VERSION}`);
  });
});
