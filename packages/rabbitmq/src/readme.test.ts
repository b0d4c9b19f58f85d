// The README's parameters table is generated from the declarations (`formatParameterTable`); this keeps it true.
// Regenerate with `SCALERKIT_UPDATE_README=1 npx vitest run packages/rabbitmq/src/readme.test.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { formatParameterTable } from '@scalerkit/core/parameters';
import { expect, it } from 'vitest';
import { rabbitmqParameters } from './rabbitmq-parameters.js';

const START = '<!-- parameters:start -->';
const END = '<!-- parameters:end -->';

it('README parameters table is the one generated from the declared parameters', () => {
  const file = new URL('../README.md', import.meta.url);
  const readme = readFileSync(file, 'utf8');
  const table = formatParameterTable(rabbitmqParameters);
  const [before, rest] = readme.split(START);
  const after = rest?.split(END)[1];
  if (process.env.SCALERKIT_UPDATE_README === '1' && before !== undefined && after !== undefined) {
    writeFileSync(file, `${before}${START}\n${table}\n${END}${after}`);
    return;
  }
  // Compared cell by cell: a markdown formatter may pad the columns.
  expect(cells(rest?.split(END)[0] ?? '')).toEqual(cells(table));
});

/** The table's cells, trimmed, without the separator row. */
function cells(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}
