// Keeps each scaler package README's parameters table true to the declared parameters: names, sources and
// defaults come from `describeParameters`, so a parameter added, renamed or re-defaulted in code fails here
// until the README says the same. The "meaning" column stays free prose.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  describeParameters,
  type ParameterDescription,
  type ParameterShape,
  parameterTableRow,
} from '@scalerkit/core/parameters';
import { awsAuthenticationParameters, awsSqsQueueParameters } from '@scalerkit/aws-sqs';
import { azureServiceBusParameters } from '@scalerkit/azure-service-bus';
import { azureQueueParameters } from '@scalerkit/azure-storage-queue';
import { kafkaParameters } from '@scalerkit/kafka';
import { natsJetStreamParameters } from '@scalerkit/nats-jetstream';
import { rabbitmqParameters } from '@scalerkit/rabbitmq';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Each scaler package whose README documents its trigger parameters. */
const packages: { readme: string; parameters: ParameterShape; secrets: string[] }[] = [
  {
    readme: 'packages/kafka/README.md',
    parameters: kafkaParameters,
    secrets: ['key', 'keyPassword', 'password', 'keytab'],
  },
  {
    readme: 'packages/rabbitmq/README.md',
    parameters: rabbitmqParameters,
    secrets: ['host', 'password', 'key', 'keyPassword', 'clientSecret'],
  },
  {
    readme: 'packages/aws-sqs/README.md',
    parameters: { ...awsSqsQueueParameters, ...awsAuthenticationParameters },
    secrets: ['awsSecretAccessKey', 'awsSessionToken'],
  },
  { readme: 'packages/azure-service-bus/README.md', parameters: azureServiceBusParameters, secrets: ['connection'] },
  { readme: 'packages/azure-storage-queue/README.md', parameters: azureQueueParameters, secrets: ['connection'] },
  { readme: 'packages/nats-jetstream/README.md', parameters: natsJetStreamParameters, secrets: [] },
];

interface Row {
  name: string;
  source: string;
  default: string;
}

/** The README row a parameter must have (the first three columns; the meaning stays free prose). */
function expectedRow(parameter: ParameterDescription): Row {
  const { name, source, default: defaultCell } = parameterTableRow(parameter);
  return { name, source, default: defaultCell };
}

/** The table rows under `## Parameters`: `| name | source | default | meaning |`. */
function readmeRows(text: string): (Row & { meaning: string })[] {
  const section = text.split(/^## /m).find((part) => part.startsWith('Parameters\n'));
  if (section === undefined) throw new Error('no "## Parameters" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [name = '', source = '', defaultCell = '', meaning = ''] = line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim());
      return { name, source, default: defaultCell, meaning };
    });
}

describe.each(packages)('$readme parameters table', ({ readme, parameters, secrets }) => {
  const described = describeParameters(parameters);
  const rows = readmeRows(readFileSync(root + readme, 'utf8'));

  it('has one row per declared parameter, in declaration order, with its sources and default', () => {
    const expected = described.map(expectedRow);
    const actual = rows.map(({ name, source, default: defaultCell }) => ({ name, source, default: defaultCell }));
    const table = expected.map((row) => `| ${row.name} | ${row.source} | ${row.default} | ... |`).join('\n');
    expect(actual, `expected these rows (meaning column free):\n${table}\n`).toEqual(expected);
  });

  it('says "secret" in the meaning of every secret parameter', () => {
    const secret = described.filter((parameter) => parameter.secret).map((parameter) => parameter.name);
    expect(secret).toEqual(secrets);
    for (const name of secret) {
      const row = rows.find((candidate) => candidate.name.split(', ')[0] === `\`${name}\``);
      expect(row?.meaning, `row of ${name}`).toMatch(/secret/i);
    }
  });
});
