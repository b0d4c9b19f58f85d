// The README's parameters table against the declarations (the same check as scripts/docs/readme-parameters.test.ts
// makes for the packages listed there): names, sources and defaults come from describeParameters.
import { readFileSync } from 'node:fs';
import { describeParameters } from '@scalerkit/core/parameters';
import { describe, expect, it } from 'vitest';
import { awsAuthenticationParameters, awsSqsQueueParameters } from './aws-sqs-parameters.js';

const SOURCE_LABELS = { metadata: 'TM', authParams: 'AUTH', resolvedEnv: 'ENV' } as const;
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
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
const described = describeParameters({ ...awsSqsQueueParameters, ...awsAuthenticationParameters });

describe('README parameters table', () => {
  it('has one row per declared parameter, in order, with its sources and default', () => {
    const expected = described.map((parameter) => [
      [parameter.name, ...parameter.aliases].map((name) => `\`${name}\``).join(', '),
      parameter.sources.map((source) => SOURCE_LABELS[source]).join(', '),
      !parameter.optional ? 'required' : parameter.default === undefined ? '–' : `\`${parameter.default}\``,
    ]);
    expect(rows.map((row) => row.slice(0, 3))).toEqual(expected);
  });

  it('says "secret" for every secret parameter', () => {
    const secret = described.filter((parameter) => parameter.secret);
    expect(secret.map((parameter) => parameter.name)).toEqual(['awsSecretAccessKey', 'awsSessionToken']);
    for (const parameter of secret) {
      expect(rows.find((row) => row[0]!.startsWith(`\`${parameter.name}\``))?.[3]).toMatch(/secret/i);
    }
  });
});
