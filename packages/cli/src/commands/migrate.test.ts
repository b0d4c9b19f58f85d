import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { recordingIo } from '../test-io.js';

const fixtures = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));

async function run(argv: string[], cwd = fixtures) {
  const io = recordingIo(cwd);
  const code = await main(argv, { io });
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

describe('scalerkit migrate', () => {
  it("validate refuses the article's v1 manifest and names the v2 fields with the fixed lines", async () => {
    const { code, stdout } = await run(['validate', 'keda-v1-article.yaml']);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'apiVersion: is KEDA v1\'s API group (keda.k8s.io), which KEDA v2 does not serve: write "apiVersion: keda.sh/v1alpha1"',
    );
    expect(stdout).toContain('spec.scaleTargetRef.name: is required: KEDA v2 names the workload here');
    expect(stdout).toContain('write "name: sample-deployment"');
    expect(stdout).toContain('spec.triggers[0].metadata.brokerList');
    expect(stdout).toContain('write "bootstrapServers: kafka-brokers.example.com:9092"');
  });

  it('prints the v2 manifest on stdout and each change on stderr; the result validates', async () => {
    const { code, stdout, stderr } = await run(['migrate', 'keda-v1-article.yaml']);
    expect(code).toBe(0);
    expect(stdout).toContain('apiVersion: keda.sh/v1alpha1');
    expect(stdout).toContain('name: sample-deployment # the consumer');
    expect(stdout).toContain('bootstrapServers: "kafka-brokers.example.com:9092"');
    expect(stdout).toContain('# Copied from an article');
    expect(stdout).not.toMatch(/deploymentName|brokerList|keda\.k8s\.io/);
    expect(stderr.split('\n')).toEqual([
      expect.stringMatching(/^keda-v1-article\.yaml: apiVersion: keda\.k8s\.io\/v1alpha1 → keda\.sh\/v1alpha1/),
      'keda-v1-article.yaml: metadata.labels.deploymentName: deleted: KEDA v2 does not need it',
      'keda-v1-article.yaml: spec.scaleTargetRef.deploymentName: renamed to name',
      expect.stringMatching(
        /^keda-v1-article\.yaml: spec\.triggers\[0\]\.metadata\.brokerList: renamed to bootstrapServers/,
      ),
      'keda-v1-article.yaml: the result validates',
    ]);

    // What it printed is a file `validate` accepts, kafka's metadata checked by @scalerkit/kafka.
    const dir = mkdtempSync(join(tmpdir(), 'scalerkit-migrate-'));
    writeFileSync(join(dir, 'v2.yaml'), stdout);
    const validated = await run(['validate', 'v2.yaml'], dir);
    expect(validated.stdout).toBe('v2.yaml: ok (ScaledObject/kafka-consumer)');
    expect(validated.code).toBe(0);
  });

  it('--write rewrites the file in place and reports on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalerkit-migrate-'));
    cpSync(join(fixtures, 'keda-v1-article.yaml'), join(dir, 'so.yaml'));
    const { code, stdout } = await run(['migrate', 'so.yaml', '--write'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('so.yaml: the rewritten file validates');
    expect(readFileSync(join(dir, 'so.yaml'), 'utf8')).toContain('apiVersion: keda.sh/v1alpha1');
  });

  it('a file without v1 syntax is left alone and said to be so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalerkit-migrate-'));
    cpSync(join(fixtures, 'valid.yaml'), join(dir, 'v.yaml'));
    const before = readFileSync(join(dir, 'v.yaml'), 'utf8');
    const { code, stdout } = await run(['migrate', 'v.yaml', '--write'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('v.yaml: no KEDA v1 syntax found; nothing to change');
    expect(readFileSync(join(dir, 'v.yaml'), 'utf8')).toBe(before);
  });

  it('what the result still lacks is reported and the exit code is 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalerkit-migrate-'));
    writeFileSync(
      join(dir, 'partial.yaml'),
      readFileSync(join(fixtures, 'keda-v1-article.yaml'), 'utf8')
        .replace(/\s+topic: "exampleTopic"/, '')
        .replace(/consumerGroup: keda-consumer-group/, 'consumerGroup: ""'),
    );
    const { code, stderr } = await run(['migrate', 'partial.yaml'], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /partial\.yaml: after migration: ScaledObject\/kafka-consumer: spec\.triggers\[0\]\.metadata\.consumerGroup: /,
    );
  });

  it('a missing file or a missing argument is wrong usage', async () => {
    expect((await run(['migrate'])).code).toBe(2);
    expect((await run(['migrate', 'nope.yaml'])).code).toBe(2);
  });
});

describe('validate and KEDA v1 leftovers in a manifest KEDA v2 accepts', () => {
  it('warns with the v2 field to use, and still says ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalerkit-migrate-'));
    writeFileSync(
      join(dir, 'leftovers.yaml'),
      `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: app }
spec:
  scaleTargetRef: { name: app, containerName: worker }
  triggers:
  - type: scripted
    metadata: { value: "3", targetValue: "1" }
`,
    );
    const { code, stdout, stderr } = await run(['validate', 'leftovers.yaml'], dir);
    expect(code).toBe(0);
    expect(stdout).toBe('leftovers.yaml: ok (ScaledObject/app)');
    expect(stderr).toContain(
      'leftovers.yaml: note: ScaledObject/app: spec.scaleTargetRef.containerName: warning: is KEDA v1\'s field; KEDA v2 reads spec.scaleTargetRef.envSourceContainerName (and drops this one): write "envSourceContainerName: worker"',
    );
  });
});
