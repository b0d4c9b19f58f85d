import { describe, expect, it } from 'vitest';
import { summarize } from './summary.js';
import { formatSummary, renderTerminalChart } from './terminal-chart.js';
import { sampleResult } from './test-fixtures.js';

describe('renderTerminalChart', () => {
  it('draws replicas, metric, activity and a time axis', () => {
    const chart = renderTerminalChart(sampleResult(), { width: 20, height: 2 });
    expect(chart.split('\n')).toEqual([
      'orders-worker: max 4 replicas, 2 scale events, 0.47 replica-hours',
      '     replicas',
      '  4 ┤   ███████████      ',
      '    ┤   █████████████████',
      '  0 ┼────────────────────',
      '    │  █▇▇▆▆▅▄▄  ▂▁▁      queue (peak 200, target 20)',
      '    │  ━━━━━━━━!!━━  ‖‖‖‖ active',
      '    └┴─────────┴────────┴',
      '     0s       5m       10m',
    ]);
  });

  it('marks paused slices when neither fallback nor activity is shown', () => {
    const result = sampleResult();
    for (const step of result.steps) step.decision = { ...step.decision, isActive: false, fallbackActive: false };
    const activity = renderTerminalChart(result, { width: 20, height: 2 }).split('\n')[6];
    expect(activity).toBe('    │          xx    ‖‖‖‖ active');
  });

  it('formats the summary', () => {
    expect(formatSummary(sampleResult())).toBe(
      [
        'max replicas     4 (first at 1m30s)',
        'final replicas   2',
        'metric peak      200 at 1m',
        'scale from zero  50s',
        'scale events     2',
        'replica-seconds  1682',
        'active           6m',
        'fallback         1m',
        'paused           2m1s',
        'decisions        21 (every 30s)',
      ].join('\n'),
    );
  });

  it('draws zero replicas as an empty column over the zero baseline, and one replica always visible', () => {
    const result = sampleResult();
    // 1 replica of a maximum of 20 in one row of 8 levels: 0.4 of a level, still drawn as the lowest block.
    for (const step of result.steps) step.replicas = step.time < 300 ? 0 : step.time < 590 ? 1 : 20;
    const rows = renderTerminalChart(result, { width: 10, height: 1 }).split('\n');
    expect(rows.slice(2, 4)).toEqual([' 20 ┤     ▁▁▁▁█', '  0 ┼──────────']);
  });

  it('with scalingModifiers shows the composite metric against the formula target', async () => {
    const { simulate } = await import('./simulate.js');
    const result = simulate({
      scaledObject: `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: mixed }
spec:
  scaleTargetRef: { name: mixed }
  minReplicaCount: 1
  advanced:
    scalingModifiers: { formula: "a + b", target: "50" }
  triggers:
    - { type: scripted, name: a, metadata: { targetValue: "10" } }
    - { type: scripted, name: b, metadata: { targetValue: "10" } }
`,
      initialReplicas: 1,
      timeline: { a: 30, b: 70 },
      until: 60,
    });
    const rows = renderTerminalChart(result, { width: 10, height: 1 }).split('\n');
    expect(rows[4]).toBe('    │██████████ composite a + b (peak 100, target 50)');
  });

  it('shows both cadences of a two-loop simulation', () => {
    const result = sampleResult();
    result.settings.hpaSyncPeriod = 15;
    for (const step of result.steps) step.hpaSynced = step.time % 15 === 0;
    result.summary = summarize(result.steps, result.scaleEvents, 1);
    expect(formatSummary(result).split('\n').at(-1)).toBe(
      'decisions        62 (21 polls every 30s, 41 HPA syncs every 15s)',
    );
  });
});

describe('simulationCsv', () => {
  it('writes one row per step with every trigger column', async () => {
    const { simulationCsv } = await import('./csv.js');
    const result = sampleResult();
    const lines = simulationCsv(result).trimEnd().split('\n');
    expect(lines).toHaveLength(602);
    expect(lines[0]).toBe(
      'time,replicas,readyReplicas,desiredReplicas,backlog,arrivalRate,metric:queue,active:queue,error:queue,isActive,fallbackActive,paused,polled,hpaSynced,phase,reason',
    );
    expect(lines[91]).toBe('90,4,0,4,,,185,true,,true,false,false,true,,,test');
    expect(lines[301]).toBe('300,4,4,4,,,,true,"broker <down> & ""unreachable""",true,true,false,true,,,test');
  });
});

describe('simulationCsv of a two-loop simulation', () => {
  it('marks the steps where a poll and an HPA sync ran, with the phase of the latest decision', async () => {
    const { simulationCsv } = await import('./csv.js');
    const { simulate } = await import('./simulate.js');
    const result = simulate({
      scaledObject: {
        spec: {
          scaleTargetRef: { name: 'w' },
          pollingInterval: 30,
          triggers: [{ type: 'scripted', name: 'queue', metadata: { targetValue: '10' } }],
        },
      },
      initialReplicas: 1,
      until: 30,
      step: 15,
      timeline: { queue: 25 },
    });
    const lines = simulationCsv(result).trimEnd().split('\n');
    const columns = lines[0]!.split(',');
    const at = (row: number, name: string) => lines[row]!.split(',')[columns.indexOf(name)];
    // t=0: both loops run (the HPA sync first, then the poll); t=15: HPA sync only; t=30: both again
    expect([at(1, 'polled'), at(1, 'hpaSynced'), at(1, 'phase')]).toEqual(['true', 'true', 'poll']);
    expect([at(2, 'polled'), at(2, 'hpaSynced'), at(2, 'phase')]).toEqual(['false', 'true', 'hpa']);
    expect([at(3, 'polled'), at(3, 'hpaSynced')]).toEqual(['true', 'true']);
  });
});
