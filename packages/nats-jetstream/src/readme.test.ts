// The README's parameters table is the one the declarations generate: every cell (name, sources, default,
// meaning) equals `parameterTableRow`, whatever the column padding.
import { readFileSync } from 'node:fs';
import { describeParameters, parameterTableRow } from '@scalerkit/core/parameters';
import { describe, expect, it } from 'vitest';
import { natsJetStreamParameters } from './nats-jetstream-parameters.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('holds the parameters table generated from the declarations', () => {
    const section = readme.split(/^## /m).find((part) => part.startsWith('Parameters\n')) ?? '';
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .slice(1, -1)
          .split(' | ')
          .map((cell) => cell.trim()),
      );
    const expected = describeParameters(natsJetStreamParameters)
      .map(parameterTableRow)
      .map((row) => [row.name, row.source, row.default, row.meaning]);
    expect(rows).toEqual(expected);
  });

  it('shows the metric name its example produces', () => {
    expect(readme).toContain("import { natsJetStreamScaler } from '@scalerkit/nats-jetstream'");
    expect(readme).toContain("'s0-nats-jetstream-orders'");
  });
});
