import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScalerRegistry } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { recordingIo } from './test-io.js';

const fixtures = fileURLToPath(new URL('../test-fixtures/', import.meta.url));
const run = async (argv: string[], env: Record<string, string> = {}) => {
  const io = recordingIo(fixtures, env);
  const code = await main(argv, { io, registry: new ScalerRegistry() });
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
};

describe('main() as a library', () => {
  it('leaves the registry it is given as it was (the built-in scripted type goes into a copy)', async () => {
    const registry = new ScalerRegistry();
    const io = recordingIo(fixtures, {});
    expect(await main(['simulate', 'scripted.yaml', '--until', '5m'], { io, registry })).toBe(0);
    expect(registry.types()).toEqual([]);
  });
});

describe('scalerkit validate', () => {
  it('prints ok and exits 0 for valid documents', async () => {
    expect(await run(['validate', 'valid.yaml'])).toEqual({
      code: 0,
      stdout: 'valid.yaml: ok (ScaledObject/orders, TriggerAuthentication/orders-auth)',
      stderr: '',
    });
  });

  it('prints one line per problem with file, resource and path, and exits 1', async () => {
    const { code, stdout, stderr } = await run(['validate', 'invalid.txt']);
    expect(code).toBe(1);
    expect(stdout.split('\n')).toEqual([
      'invalid.txt: ScaledObject/broken: spec.pollingInterval: must be greater than or equal to 1',
      'invalid.txt: ScaledObject/broken: spec.minReplicaCount: MinReplicaCount=5 must be less than MaxReplicaCount=2',
      // the scaler still checks a well-formed trigger of an invalid manifest, so one run shows every problem
      'invalid.txt: ScaledObject/broken: spec.triggers[0].metadata.targetValue: scripted: parameter "targetValue" must be a number > 0, got "-3"',
      'invalid.txt: TriggerAuthentication/auth: spec.secretTargetRef[0].name: is required; expected a string',
      'invalid.txt: TriggerAuthentication/auth: spec.secretTargetRef[0].key: is required; expected a string',
      'invalid.txt: document 4: YAML syntax error at line 26, column 1: bad indentation, or a flow collection ([...] or {...}) that is not closed',
    ]);
    expect(stderr).toBe('invalid.txt: note: Deployment/w: skipped (not a KEDA resource)');
  });

  it('checks trigger metadata with the scaler definition and names the parameter', async () => {
    const { code, stdout } = await run(['validate', 'bad-trigger.yaml']);
    expect(code).toBe(1);
    expect(stdout.split('\n')).toEqual([
      'bad-trigger.yaml: ScaledObject/orders: spec.triggers[0].metadata.targetValue: scripted: missing required parameter "targetValue" (a number > 0)',
      'bad-trigger.yaml: ScaledObject/orders: spec.triggers[1].metadata.targetValue: scripted: parameter "targetValue" must be a number > 0, got "zero"',
    ]);
  });

  it('refuses a trigger type KEDA does not know, with the one it was probably meant to be', async () => {
    const { code, stdout } = await run(['validate', 'misspelt-trigger.yaml']);
    expect(code).toBe(1);
    const prefix = 'misspelt-trigger.yaml: ScaledObject/typos: spec.triggers';
    expect(stdout.split('\n')).toEqual([
      `${prefix}[0].type: "kafak" is not a trigger type KEDA knows; did you mean "kafka"? (nor one registered here)`,
      `${prefix}[1].type: "RabbitMQ" is not a trigger type KEDA knows; did you mean "rabbitmq"? (nor one registered here)`,
      `${prefix}[2].type: "something-else-entirely" is not a trigger type KEDA knows (nor one registered here)`,
    ]);
  });

  it('warns about a credential written in plain metadata, pointing to TriggerAuthentication, without its value', async () => {
    const { code, stderr } = await run(['validate', 'plain-credentials.yaml']);
    expect(code).toBe(0);
    expect(stderr).toContain(
      'plain-credentials.yaml: note: ScaledObject/plain: spec.triggers[0].metadata.password: warning: a credential written in plain trigger metadata; put it in a Secret and reference it from a TriggerAuthentication (secretTargetRef)',
    );
    expect(stderr).not.toContain('hunter2-plain');
  });

  it('warns that paused-replicas "three" pauses without setting the replicas, as KEDA does silently', async () => {
    const { code, stderr } = await run(['validate', 'paused-replicas-word.yaml']);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'paused-replicas-word.yaml: note: ScaledObject/paused: metadata.annotations["autoscaling.keda.sh/paused-replicas"]: warning: "three" is not an integer >= 0: KEDA pauses the ScaledObject but does not set its replicas (they stay where they are), and says nothing',
    );
  });

  it('refuses a scalingModifiers formula that names no trigger, as simulate and KEDA do', async () => {
    const { code, stdout } = await run(['validate', 'formula-unknown-trigger.yaml']);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^formula-unknown-trigger\.yaml: ScaledObject\/composite: spec\.advanced\.scalingModifiers: scalingModifiers\.formula "queue \+ backlog": .*backlog/,
    );
    expect(stdout.split('\n')).toHaveLength(1);
  });

  it('notes trigger types that no package provides without failing', async () => {
    // (Was the demo's rabbitmq trigger, before @scalerkit/rabbitmq existed; redis has no package yet.)
    const { code, stderr } = await run(['validate', 'unprovided-trigger.yaml']);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'unprovided-trigger.yaml: note: ScaledObject/cache-worker: spec.triggers[0]: metadata of trigger type "redis" not checked: no scalerkit package provides this type',
    );
  });

  it("finds @scalerkit/rabbitmq for the demo's trigger and checks all but the host it reads from the environment", async () => {
    // Not found, the trigger would get a note "metadata of trigger type "rabbitmq" not checked".
    const { code, stderr } = await run(['validate', '../../../examples/demo/scaledobject.yaml']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('refuses a file beyond the manifest limits at once, naming the limit (core reader, not the quadratic one)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scalerkit-limits-'));
    const file = join(directory, 'many.yaml');
    writeFileSync(
      file,
      Array.from({ length: 1001 }, (_, index) => `kind: ScaledObject\nmetadata: { name: s${index} }`).join('\n---\n'),
    );
    const io = recordingIo(directory, {});
    const code = await main(['validate', 'many.yaml'], { io, registry: new ScalerRegistry() });
    expect(code).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/1000 \(MANIFEST_LIMITS\.maxDocuments\)/);
  });

  it('reports a missing file as a usage error', async () => {
    expect(await run(['validate', 'nope.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'scalerkit: cannot read nope.yaml: no such file\nRun "scalerkit --help" for usage.',
    });
  });
});

describe('scalerkit usage', () => {
  it.each([
    [['nope'], 'scalerkit: unknown command "nope"'],
    [['simulate', 'scripted.yaml', '--bogus'], "scalerkit: simulate: Unknown option '--bogus'"],
    [['simulate'], 'scalerkit: simulate: a manifest file is required'],
    [['explain', 'a.yaml', 'b.yaml'], 'scalerkit: explain: one manifest file, got 2'],
    [['simulate', 'scripted.yaml', '--', 'x'], 'scalerkit: simulate: unexpected arguments after "--"'],
    [
      ['simulate', 'scripted.yaml', '--workload', 'tsunami'],
      'scalerkit: --workload must be a preset (steady, bursty, sine, spike, ramp) or a .json, .yaml or .csv file, got "tsunami"',
    ],
    [['run', 'scripted.yaml', '--target', 'k8s'], 'scalerkit: --target must be memory or exec, got "k8s"'],
    [
      ['run', 'scripted.yaml', '--target', 'exec'],
      'scalerkit: --target exec needs a command: scalerkit run <file> --target exec -- <command...>',
    ],
  ])('%j exits 2 with one message', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toBe(`${message}\nRun "scalerkit --help" for usage.`);
  });

  it('prints the help with exit 0, and with exit 2 when no command is given', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['--help'])).stdout).toContain('scalerkit validate <file...>');
    expect((await run([])).code).toBe(2);
  });
});

describe('scalerkit simulate', () => {
  it('prints the chart and summary and writes SVG and CSV files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'scalerkit-cli-'));
    const svg = join(out, 'chart.svg');
    const csv = join(out, 'steps.csv');
    const { code, stdout } = await run([
      'simulate',
      'scripted.yaml',
      '--workload',
      'spike',
      '--until',
      '30m',
      '--svg',
      svg,
      '--csv',
      csv,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('scripted-worker: max 10 replicas');
    expect(stdout).toMatch(/^max replicas +10 \(first at /m);
    expect(stdout).toContain(`wrote ${svg}`);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(readFileSync(csv, 'utf8').split('\n')).toHaveLength(1800 + 3);
  });

  it('reads a CSV arrival trace and a workload file', async () => {
    const trace = await run([
      'simulate',
      'scripted.yaml',
      '--workload',
      'trace.csv',
      '--until',
      '10m',
      '--service-rate',
      '10',
    ]);
    expect(trace.code).toBe(0);
    const file = await run(['simulate', 'scripted.yaml', '--workload', 'workload.yaml', '--until', '10m']);
    expect(file.code).toBe(0);
    expect(file.stdout).toContain('scale from zero');
  });

  it('reports an invalid manifest with paths and exits 1', async () => {
    const { code, stderr } = await run(['simulate', 'invalid.txt']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'invalid.txt: document 4: YAML syntax error at line 26, column 1: bad indentation, or a flow collection ([...] or {...}) that is not closed',
    );
  });

  it('names the manifest file in errors even when an option comes before it', async () => {
    const { code, stderr } = await run(['simulate', '--until', '10m', 'invalid.txt']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'invalid.txt: document 4: YAML syntax error at line 26, column 1: bad indentation, or a flow collection ([...] or {...}) that is not closed',
    );
  });

  it('reports a bad workload file naming the field', async () => {
    const { code, stderr } = await run(['simulate', 'scripted.yaml', '--workload', 'bad-workload.json']);
    expect(code).toBe(1);
    expect(stderr).toBe('scalerkit: bad-workload.json.serviceRatePerReplica must be a non-negative number, got -1');
  });
});

describe('scalerkit explain', () => {
  it('exits 1 and shows the error when a trigger fails', async () => {
    const { code, stdout } = await run(['explain', 'scripted-error.yaml']);
    expect(code).toBe(1);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'failing-worker: 1 replicas now',
      'trigger queue (scripted): inactive',
      '  error: scripted trigger 0 (queue): broker down',
    ]);
  });

  it('polls each trigger once and prints metric, target, proposal and decision', async () => {
    const { code, stdout } = await run(['explain', 'scripted.yaml', '--replicas', '1']);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'scripted-worker: 1 replicas now',
      'trigger queue (scripted): active',
      '  s0-scripted = 42 (target AverageValue 10), proposes 5 replicas',
      'decision: 1 → 4 (Hpa); active; s0-scripted (queue) 42 vs AverageValue 10 → 5; limited by ScaleUpLimit to 4',
    ]);
  });
});
