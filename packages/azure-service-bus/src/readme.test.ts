// The README's parameter table names, sources and defaults come from the declarations (the meaning column is prose).
import { readFileSync } from 'node:fs';
import { describeParameters, parameterTableRow } from '@scalerkit/core/parameters';
import { expect, it } from 'vitest';
import { azureServiceBusParameters } from './azure-service-bus-parameters.js';

it('README parameters table matches the declared parameters', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Parameters\n')) ?? '';
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .slice(0, 3)
        .map((cell) => cell.trim()),
    );
  const expected = describeParameters(azureServiceBusParameters).map((parameter) => {
    const row = parameterTableRow(parameter);
    return [row.name, row.source, row.default];
  });
  expect(rows).toEqual(expected);
});
