import { formatDuration } from './duration.js';

/** About `count` round tick values (1, 2, 5 × 10^k steps) from 0 to at least `max`. */
export function niceTicks(max: number, count = 5): number[] {
  const top = max > 0 ? max : 1;
  const raw = top / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const stepSize = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw)!;
  const ticks: number[] = [];
  for (let value = 0; value < top + stepSize - 1e-9; value += stepSize) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

const timeSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800];

/** Round time ticks (seconds) between 0 and `until`, at most `maxTicks` + 1 of them. */
export function timeTicks(until: number, maxTicks = 8): number[] {
  const stepSize = timeSteps.find((candidate) => until / candidate <= maxTicks) ?? Math.ceil(until / maxTicks);
  const ticks: number[] = [];
  for (let t = 0; t <= until + 1e-9; t += stepSize) ticks.push(t);
  return ticks;
}

/** Tick label for a time in seconds. */
export function timeLabel(seconds: number): string {
  return formatDuration(seconds);
}

/** A compact number: 1234 → `1.2k`, 0.5 → `0.5`. */
export function shortNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${Number((value / 1e6).toFixed(1))}M`;
  if (abs >= 1e4) return `${Number((value / 1e3).toFixed(1))}k`;
  return String(Number(value.toFixed(2)));
}
