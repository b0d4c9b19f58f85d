// The README's parameters table is the one the declarations generate (names, sources, defaults, meanings).
import { readFileSync } from 'node:fs';
import { formatParameterTable } from '@scalerkit/core/parameters';
import { describe, expect, it } from 'vitest';
import { natsJetStreamParameters } from './nats-jetstream-parameters.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('holds the parameters table generated from the declarations', () => {
    const section = readme.split(/^## /m).find((part) => part.startsWith('Parameters\n')) ?? '';
    expect(section).toContain(formatParameterTable(natsJetStreamParameters));
  });

  it('documents every exported name it mentions in its example', () => {
    expect(readme).toContain("import { natsJetStreamScaler } from '@scalerkit/nats-jetstream'");
    expect(readme).toContain("'s0-nats-jetstream-orders'");
  });
});
