// The README's example says what the scaler really names its metric (its parameters table is checked with
// every scaler package's in scripts/docs/readme-parameters.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the metric name its example produces', () => {
    expect(readme).toContain("import { natsJetStreamScaler } from '@scalerkit/nats-jetstream'");
    expect(readme).toContain("'s0-nats-jetstream-orders'");
  });
});
