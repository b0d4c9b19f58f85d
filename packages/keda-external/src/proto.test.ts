import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEDA_VERSION, loadProtos, protoDirectory } from './proto.js';

describe('the vendored protocol', () => {
  it('names the KEDA version it comes from in its header, and KEDA_VERSION agrees', () => {
    const text = readFileSync(join(protoDirectory(), 'externalscaler.proto'), 'utf8');
    expect(text).toContain('github.com/kedacore/keda/v2@v2.21.0  pkg/scalers/externalscaler/externalscaler.proto');
    expect(text).toContain('Licensed under the Apache License, Version 2.0');
    expect(KEDA_VERSION).toBe('v2.21.0');
  });

  it('defines the five methods of externalscaler.ExternalScaler and the two of grpc.health.v1.Health', () => {
    const { externalScaler, health } = loadProtos();
    expect(Object.values(externalScaler.service).map((method) => method.path)).toEqual([
      '/externalscaler.ExternalScaler/IsActive',
      '/externalscaler.ExternalScaler/StreamIsActive',
      '/externalscaler.ExternalScaler/GetMetricSpec',
      '/externalscaler.ExternalScaler/GetMetrics',
      '/externalscaler.ExternalScaler/StreamMetricSpec',
    ]);
    expect(Object.values(health.service).map((method) => method.path)).toEqual([
      '/grpc.health.v1.Health/Check',
      '/grpc.health.v1.Health/Watch',
    ]);
  });
});
