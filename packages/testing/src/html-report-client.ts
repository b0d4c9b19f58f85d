/**
 * The script and style of the timeline page (the simulation report and the live view). Plain ES2017 in a
 * string, inlined into the page: the page loads nothing (its Content-Security-Policy forbids it).
 *
 * The page reads `#scalerkit-data` (JSON): `{ mode: 'report' | 'live', title, clock: 'elapsed' | 'wall',
 * runs: ReportRun[], windowSeconds?, maxPoints?, eventsUrl? }`. In live mode it then follows server-sent
 * events from `eventsUrl`: `snapshot` `{ runs }`, `point` `{ name, point }`, `scale` `{ name, event }`,
 * `status` `{ name, status }`, `remove` `{ name }`.
 */
export const timelineStyle = `
:root { color-scheme: light; --axis: #374151; --grid: #e5e7eb; --muted: #6b7280; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; background: #fff; }
header { padding: 12px 20px 4px; border-bottom: 1px solid var(--grid); }
h1 { font-size: 18px; margin: 0 0 6px; }
h2 { font-size: 15px; margin: 0; }
.toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.toolbar button { font: inherit; padding: 2px 10px; border: 1px solid #d1d5db; background: #f9fafb; border-radius: 4px; cursor: pointer; }
.toolbar button:hover { background: #eef2ff; }
.toolbar .window-label, .hint, .connection { color: var(--muted); }
.connection.connected { color: #15803d; }
.connection.reconnecting { color: #b45309; }
main { padding: 8px 20px 20px; }
.run { margin: 10px 0 4px; }
.run-head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.status span { display: inline-block; margin-right: 8px; padding: 0 6px; border-radius: 3px; background: #f3f4f6; font-size: 12px; }
.chart { position: relative; width: 100%; user-select: none; touch-action: none; cursor: crosshair; }
.chart svg { display: block; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: var(--axis); margin: 2px 0 0 56px; }
.legend svg { vertical-align: middle; margin-right: 4px; }
.explanations { display: grid; gap: 12px; margin-top: 8px; }
.explanation { border: 1px solid var(--grid); border-radius: 6px; padding: 8px 12px; min-height: 96px; background: #fcfcfd; }
.explanation h3 { font-size: 13px; margin: 0 0 4px; color: var(--muted); font-weight: 600; }
.explanation .pinned { color: #7c3aed; }
.decision-text { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; margin: 4px 0; white-space: pre-wrap; word-break: break-word; }
.decision-details { margin: 4px 0 0; padding-left: 18px; font-size: 12.5px; }
.step-values { font-size: 12.5px; color: var(--axis); }
table.summary { border-collapse: collapse; margin-top: 14px; font-size: 13px; }
table.summary th, table.summary td { border-bottom: 1px solid var(--grid); padding: 3px 14px 3px 0; text-align: left; }
table.summary td.better { color: #15803d; font-weight: 600; }
`;

export const timelineScript = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('scalerkit-data').textContent);
  var live = data.mode === 'live';
  var runs = [];
  var view = { t0: 0, t1: 1, follow: live };
  var pinned = null;
  var hoverT = null;
  var colors = { replicas: '#2563eb', desired: '#ea580c', ready: '#16a34a', up: '#16a34a', down: '#dc2626',
    active: '#22c55e', fallback: '#ef4444', paused: '#6b7280', error: '#f59e0b',
    metrics: ['#7c3aed', '#db2777', '#0891b2', '#a16207'] };
  var bands = [[1, 'active', colors.active, 0.12], [2, 'fallback', colors.fallback, 0.18],
    [4, 'paused', colors.paused, 0.22], [8, 'trigger error', colors.error, 0.25]];
  var TARGET_DASH = '7 3 2 3';
  var DESIRED_DASH = '5 3';

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function fx(n) { return String(Math.round(n * 10) / 10); }
  function num(v) {
    if (v === null || v === undefined) return '–';
    var a = Math.abs(v);
    if (a >= 1e6) return (Math.round(v / 1e5) / 10) + 'M';
    if (a >= 1e4) return (Math.round(v / 1e2) / 10) + 'k';
    return String(Math.round(v * 100) / 100);
  }
  function duration(s) {
    if (s === 0) return '0s';
    var neg = s < 0, rest = Math.abs(s), out = '';
    [['d', 86400], ['h', 3600], ['m', 60]].forEach(function (u) {
      if (rest >= u[1]) { out += Math.floor(rest / u[1]) + u[0]; rest = rest % u[1]; }
    });
    if (rest > 0 || out === '') out += (Math.round(rest * 1000) / 1000) + 's';
    return (neg ? '-' : '') + out;
  }
  function pad2(n) { return n < 10 ? '0' + n : String(n); }
  function timeLabel(t) {
    if (data.clock !== 'wall') return duration(t);
    var d = new Date(t * 1000);
    return pad2(d.getHours()) + ':' + pad2(d.getMinutes()) + ':' + pad2(d.getSeconds());
  }
  function niceTicks(max, count) {
    var top = max > 0 ? max : 1;
    var raw = top / (count || 5);
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * mag; }).filter(function (c) { return c >= raw; })[0];
    var ticks = [];
    for (var v = 0; v < top + step - 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
    return ticks;
  }
  var timeSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800];
  function timeTicks(t0, t1, max) {
    var span = t1 - t0;
    var step = timeSteps.filter(function (c) { return span / c <= max; })[0] || Math.ceil(span / max);
    var ticks = [];
    for (var t = Math.ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) ticks.push(t);
    return ticks;
  }
  /** First index with a[i] >= x. */
  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  /** Last index with a[i] <= x, or -1. */
  function indexAt(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] <= x) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }
  function targetAt(metric, replicas) {
    return metric.targetType === 'AverageValue' ? metric.targetValue * replicas : metric.targetValue;
  }

  // ---- data -------------------------------------------------------------------------------------------
  function prepare(run) {
    run.dec = (run.decision || []).map(function (i) { return i >= 0 ? run.decisions[i] : null; });
    run.status = run.status || null;
    run.metrics.forEach(function (m) {
      if (!m.targets) m.targets = run.replicas.map(function (r) { return targetAt(m, r); });
    });
    return run;
  }
  function emptyRun(name) {
    return prepare({ name: name, metricAxis: 'metric', t: [], replicas: [], ready: [], desired: [], flags: [],
      decision: [], metrics: [], decisions: [], scaleEvents: [], summary: [], end: 0 });
  }
  function fullRange() {
    var t0 = Infinity, t1 = -Infinity;
    runs.forEach(function (r) {
      if (r.t.length) { t0 = Math.min(t0, r.t[0]); t1 = Math.max(t1, r.end || r.t[r.t.length - 1], r.t[r.t.length - 1]); }
    });
    if (!isFinite(t0)) { var now = Date.now() / 1000; return [now - 60, now]; }
    if (t1 <= t0) t1 = t0 + 1;
    return [t0, t1];
  }
  function resetView() {
    var full = fullRange();
    if (live) {
      var span = data.windowSeconds || 600;
      view.t1 = Math.max(full[1], full[0] + 10);
      view.t0 = Math.max(full[0], view.t1 - span);
      if (view.t1 - view.t0 < 10) view.t0 = view.t1 - 10;
    } else { view.t0 = full[0]; view.t1 = full[1]; }
  }
  function findRun(name) { for (var i = 0; i < runs.length; i++) if (runs[i].name === name) return runs[i]; return null; }

  // ---- drawing ----------------------------------------------------------------------------------------
  var M = { left: 56, right: 78, top: 10, bottom: 30 };
  function geometry(el) {
    var width = Math.max(320, el.clientWidth || 960);
    var height = runs.length > 1 ? 270 : 360;
    return { width: width, height: height, left: M.left, right: width - M.right, top: M.top, bottom: height - M.bottom };
  }
  function stepPath(run, values, from, to, g, x, y) {
    var d = '', last = null;
    for (var i = from; i <= to; i++) {
      var v = values[i];
      var t = Math.max(run.t[i], view.t0);
      if (v === null || v === undefined) { if (last !== null) d += ' H' + fx(x(t)); last = null; continue; }
      if (last === null) d += ' M' + fx(x(t)) + ' ' + fx(y(v));
      else if (v !== last) d += ' H' + fx(x(t)) + ' V' + fx(y(v));
      last = v;
    }
    if (last !== null) d += ' H' + fx(x(Math.min(view.t1, to + 1 < run.t.length ? run.t[to + 1] : run.end || run.t[to])));
    return d.trim();
  }
  function linePath(run, values, from, to, x, y) {
    var d = '', col = null, min = 0, max = 0, pen = false;
    function flush() {
      if (col === null) return;
      d += (pen ? ' L' : ' M') + col + ' ' + fx(y(min));
      if (max !== min) d += ' L' + col + ' ' + fx(y(max));
      pen = true;
    }
    for (var i = from; i <= to; i++) {
      var v = values[i];
      if (v === null || v === undefined) { flush(); col = null; pen = false; continue; }
      var px = Math.round(x(run.t[i]));
      if (px !== col) { flush(); col = px; min = v; max = v; } else { if (v < min) min = v; if (v > max) max = v; }
    }
    flush();
    return d.trim();
  }
  function drawRun(run, index) {
    var section = document.querySelector('.run[data-run="' + index + '"]');
    var chart = section.querySelector('.chart');
    var g = geometry(chart);
    var span = view.t1 - view.t0;
    var x = function (t) { return g.left + ((t - view.t0) / span) * (g.right - g.left); };
    var from = Math.max(0, indexAt(run.t, view.t0));
    var to = Math.min(run.t.length - 1, lowerBound(run.t, view.t1));
    var has = run.t.length > 0 && to >= from;
    var rmax = 1, mmax = 0, i, k;
    if (has) {
      for (i = from; i <= to; i++) {
        rmax = Math.max(rmax, run.replicas[i], run.desired[i], run.ready[i]);
        for (k = 0; k < run.metrics.length; k++) {
          var mv = run.metrics[k].values[i];
          if (mv !== null && mv !== undefined && mv > mmax) mmax = mv;
          if (run.metrics[k].targets[i] > mmax) mmax = run.metrics[k].targets[i];
        }
      }
    }
    var rTicks = niceTicks(rmax + 1, Math.min(5, rmax + 1));
    var rTop = rTicks[rTicks.length - 1];
    var mTicks = niceTicks(mmax, 5);
    var mTop = mTicks[mTicks.length - 1];
    var yR = function (v) { return g.bottom - (v / rTop) * (g.bottom - g.top); };
    var yM = function (v) { return g.bottom - (v / mTop) * (g.bottom - g.top); };
    run.geo = { g: g, x: x, yR: yR, yM: yM };
    var o = [];
    o.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + g.width + '" height="' + g.height + '" viewBox="0 0 ' + g.width + ' ' + g.height + '" font-size="11" data-t0="' + view.t0 + '" data-t1="' + view.t1 + '">');
    o.push('<defs><clipPath id="clip' + index + '"><rect x="' + g.left + '" y="' + (g.top - 8) + '" width="' + (g.right - g.left) + '" height="' + (g.bottom - g.top + 16) + '"/></clipPath></defs>');
    o.push('<rect class="plot" x="' + g.left + '" y="' + g.top + '" width="' + (g.right - g.left) + '" height="' + (g.bottom - g.top) + '" fill="#fff"/>');
    var used = { flags: 0, desired: false, ready: false, up: 0, down: 0 };
    o.push('<g class="bands" clip-path="url(#clip' + index + ')">');
    if (has) {
      bands.forEach(function (b) {
        var open = null;
        for (var j = from; j <= to + 1; j++) {
          var on = j <= to && (run.flags[j] & b[0]) !== 0;
          if (on && open === null) open = Math.max(run.t[j], view.t0);
          if (!on && open !== null) {
            var end = j <= to ? run.t[j] : Math.min(view.t1, to + 1 < run.t.length ? run.t[to + 1] : run.end || run.t[to]);
            var w = Math.max(0.75, x(end) - x(open));
            o.push('<rect class="band band-' + b[1].replace(' ', '-') + '" x="' + fx(x(open)) + '" y="' + g.top + '" width="' + fx(w) + '" height="' + (g.bottom - g.top) + '" fill="' + b[2] + '" fill-opacity="' + b[3] + '"/>');
            used.flags |= b[0];
            open = null;
          }
        }
      });
    }
    o.push('</g>');
    o.push('<g class="grid" stroke="#e5e7eb">');
    rTicks.forEach(function (t) { o.push('<line x1="' + g.left + '" x2="' + g.right + '" y1="' + fx(yR(t)) + '" y2="' + fx(yR(t)) + '"/>'); });
    o.push('</g>');
    var tTicks = timeTicks(view.t0, view.t1, Math.max(3, Math.floor((g.right - g.left) / 90)));
    o.push('<g class="ticks" fill="#374151">');
    tTicks.forEach(function (t) {
      o.push('<line x1="' + fx(x(t)) + '" x2="' + fx(x(t)) + '" y1="' + g.bottom + '" y2="' + (g.bottom + 4) + '" stroke="#374151"/>');
      o.push('<text x="' + fx(x(t)) + '" y="' + (g.bottom + 16) + '" text-anchor="middle">' + esc(timeLabel(t)) + '</text>');
    });
    rTicks.forEach(function (t) { o.push('<text x="' + (g.left - 6) + '" y="' + fx(yR(t) + 4) + '" text-anchor="end">' + num(t) + '</text>'); });
    if (run.metrics.length) mTicks.forEach(function (t) { o.push('<text x="' + (g.right + 6) + '" y="' + fx(yM(t) + 4) + '">' + num(t) + '</text>'); });
    o.push('<text transform="translate(14 ' + ((g.top + g.bottom) / 2) + ') rotate(-90)" text-anchor="middle">replicas</text>');
    if (run.metrics.length) o.push('<text class="metric-axis-title" transform="translate(' + (g.width - 8) + ' ' + ((g.top + g.bottom) / 2) + ') rotate(90)" text-anchor="middle">' + esc(run.metricAxis) + '</text>');
    o.push('</g>');
    o.push('<path d="M' + g.left + ' ' + g.top + ' V' + g.bottom + ' H' + g.right + ' V' + g.top + '" stroke="#374151" fill="none"/>');
    o.push('<g class="lines" fill="none" clip-path="url(#clip' + index + ')">');
    if (has) {
      run.metrics.forEach(function (m, j) {
        var c = colors.metrics[j % colors.metrics.length];
        o.push('<path class="target" data-key="' + esc(m.key) + '" d="' + stepPath(run, m.targets, from, to, g, x, yM) + '" stroke="' + c + '" stroke-width="1.6" stroke-dasharray="' + TARGET_DASH + '" stroke-opacity="0.9"/>');
        o.push('<path class="metric" data-key="' + esc(m.key) + '" d="' + linePath(run, m.values, from, to, x, yM) + '" stroke="' + c + '" stroke-width="1.6"/>');
      });
      for (i = from; i <= to; i++) { if (run.ready[i] !== run.replicas[i]) { used.ready = true; break; } }
      o.push('<path class="ready" d="' + stepPath(run, run.ready, from, to, g, x, yR) + '" stroke="' + colors.ready + '" stroke-width="1.5"/>');
      o.push('<path class="replicas" d="' + stepPath(run, run.replicas, from, to, g, x, yR) + '" stroke="' + colors.replicas + '" stroke-width="2.4"/>');
      // Desired only where it differs from the current count, on top, so it is never hidden.
      // (Skipping instants that last no time: a live decision and the scale it made share one time.)
      var differs = run.desired.map(function (d, j) {
        return d !== run.replicas[j] && (j + 1 >= run.t.length || run.t[j + 1] > run.t[j]) ? d : null;
      });
      var dd = stepPath(run, differs, from, to, g, x, yR);
      if (dd) used.desired = true;
      o.push('<path class="desired" d="' + dd + '" stroke="' + colors.desired + '" stroke-width="2" stroke-dasharray="' + DESIRED_DASH + '"/>');
    }
    o.push('</g>');
    o.push('<g class="scale-events" clip-path="url(#clip' + index + ')">');
    var shown = run.scaleEvents.filter(function (e) { return e.t >= view.t0 && e.t <= view.t1; });
    // Hundreds of markers in one window overlap anyway: drawn as one shape per direction they cost little.
    var dense = shown.length > 300;
    var densePaths = { up: '', down: '' };
    shown.forEach(function (e) {
      var px = x(e.t), py = yR(e.to), up = e.to > e.from;
      if (up) used.up++; else used.down++;
      var pts = up
        ? fx(px - 4.5) + ',' + fx(py + 8) + ' ' + fx(px + 4.5) + ',' + fx(py + 8) + ' ' + fx(px) + ',' + fx(py + 1)
        : fx(px - 4.5) + ',' + fx(py - 8) + ' ' + fx(px + 4.5) + ',' + fx(py - 8) + ' ' + fx(px) + ',' + fx(py - 1);
      if (dense) { densePaths[up ? 'up' : 'down'] += 'M' + pts.replace(/ /g, ' L') + 'Z'; return; }
      o.push('<polygon class="scale-event ' + (up ? 'scale-up' : 'scale-down') + '" data-t="' + e.t + '" points="' + pts + '" fill="' + (up ? colors.up : colors.down) + '"><title>' + esc(timeLabel(e.t) + ': ' + e.from + ' → ' + e.to + ' (' + e.reason + ')') + '</title></polygon>');
    });
    if (dense) {
      if (used.up) o.push('<path class="scale-events-dense scale-up" data-count="' + used.up + '" d="' + densePaths.up + '" fill="' + colors.up + '"/>');
      if (used.down) o.push('<path class="scale-events-dense scale-down" data-count="' + used.down + '" d="' + densePaths.down + '" fill="' + colors.down + '"/>');
    }
    o.push('</g>');
    o.push('<g class="cursor" visibility="hidden"><line class="cursor-line" y1="' + g.top + '" y2="' + g.bottom + '" stroke="#111827" stroke-width="1" stroke-dasharray="3 2"/><circle class="cursor-dot" r="3.5" fill="' + colors.replicas + '"/></g>');
    if (!has) o.push('<text x="' + ((g.left + g.right) / 2) + '" y="' + ((g.top + g.bottom) / 2) + '" text-anchor="middle" fill="#6b7280">' + (live ? 'waiting for the first decision…' : 'no steps in this window') + '</text>');
    o.push('</svg>');
    chart.innerHTML = o.join('');
    section.querySelector('.legend').innerHTML = legendHtml(run, used);
    var status = section.querySelector('.status');
    status.innerHTML = run.status ? Object.keys(run.status).map(function (k) { return '<span>' + esc(k) + ': ' + esc(run.status[k]) + '</span>'; }).join('') : '';
  }
  function swatch(kind, color, dash) {
    if (kind === 'band') return '<svg width="20" height="10"><rect width="20" height="10" fill="' + color + '" fill-opacity="0.35"/></svg>';
    if (kind === 'up') return '<svg width="12" height="10"><polygon points="1,9 11,9 6,1" fill="' + color + '"/></svg>';
    if (kind === 'down') return '<svg width="12" height="10"><polygon points="1,1 11,1 6,9" fill="' + color + '"/></svg>';
    return '<svg width="26" height="10"><line x1="0" x2="26" y1="5" y2="5" stroke="' + color + '" stroke-width="2"' + (dash ? ' stroke-dasharray="' + dash + '"' : '') + '/></svg>';
  }
  function legendHtml(run, used) {
    var items = [];
    function add(cls, html, label) { items.push('<span class="legend-entry ' + cls + '">' + html + esc(label) + '</span>'); }
    add('replicas', swatch('line', colors.replicas), 'replicas');
    if (used.desired) add('desired', swatch('line', colors.desired, DESIRED_DASH), 'desired (where it differs)');
    if (used.ready) add('ready', swatch('line', colors.ready), 'ready');
    run.metrics.forEach(function (m, j) {
      var c = colors.metrics[j % colors.metrics.length];
      var name = run.metrics.length > 1 ? ' ' + m.key : '';
      add('metric', swatch('line', c), (m.composite ? 'composite metric' : 'metric') + name);
      add('target', swatch('line', c, TARGET_DASH), (m.targetType === 'AverageValue' ? 'target × replicas' : 'target') + name + ' (' + num(m.targetValue) + (m.targetType === 'AverageValue' ? ' per replica' : '') + ')');
    });
    bands.forEach(function (b) { if (used.flags & b[0]) add('band', swatch('band', b[2]), b[1]); });
    if (used.up) add('marker', swatch('up', colors.up), 'scale up (' + used.up + ')');
    if (used.down) add('marker', swatch('down', colors.down), 'scale down (' + used.down + ')');
    return items.join('');
  }

  // ---- explanation ------------------------------------------------------------------------------------
  function explain(run, index, t) {
    var panel = document.querySelector('.explanation[data-run="' + index + '"]');
    if (!panel) return;
    var i = indexAt(run.t, t);
    if (i < 0) { panel.innerHTML = '<h3>' + esc(run.name) + '</h3><p class="step-values">no step at ' + esc(timeLabel(t)) + '</p>'; return; }
    var parts = ['<h3>' + esc(run.name) + ' at <span class="at">' + esc(timeLabel(run.t[i])) + '</span>' + (pinned !== null ? ' <span class="pinned">(pinned: click to release)</span>' : '') + '</h3>'];
    var values = 'replicas ' + run.replicas[i] + ', ready ' + run.ready[i] + ', desired ' + run.desired[i];
    run.metrics.forEach(function (m) {
      values += '; ' + (m.composite ? 'composite' : m.key) + ' ' + num(m.values[i]) + ' vs ' + (m.targetType === 'AverageValue' ? 'target × replicas ' : 'target ') + num(m.targets[i]);
    });
    parts.push('<div class="step-values">' + esc(values) + '</div>');
    var d = run.dec[i];
    if (!d) parts.push('<p class="decision-text">no decision yet</p>');
    else {
      var same = run.decisions.filter(function (o) { return o.t === d.t; });
      if (same.indexOf(d) < 0) same = [d];
      same.forEach(function (o) {
        parts.push('<div class="decision" data-t="' + o.t + '"><p class="decision-text">' + esc(timeLabel(o.t) + ' — ' + o.text) + '</p>');
        if (o.details && o.details.length) parts.push('<ul class="decision-details">' + o.details.map(function (l) { return '<li>' + esc(l) + '</li>'; }).join('') + '</ul>');
        parts.push('</div>');
      });
    }
    panel.innerHTML = parts.join('');
  }
  function showCursor(t) {
    runs.forEach(function (run, index) {
      if (!run.geo) return;
      var section = document.querySelector('.run[data-run="' + index + '"]');
      var cursor = section && section.querySelector('.cursor');
      if (!cursor) return;
      if (t === null || t < view.t0 || t > view.t1) { cursor.setAttribute('visibility', 'hidden'); return; }
      var px = fx(run.geo.x(t));
      var line = cursor.querySelector('.cursor-line');
      line.setAttribute('x1', px); line.setAttribute('x2', px);
      var i = indexAt(run.t, t);
      var dot = cursor.querySelector('.cursor-dot');
      dot.setAttribute('cx', px); dot.setAttribute('cy', fx(run.geo.yR(i >= 0 ? run.replicas[i] : 0)));
      cursor.setAttribute('visibility', 'visible');
    });
  }
  function focus(t) {
    showCursor(t);
    runs.forEach(function (run, index) { explain(run, index, t); });
  }
  function latest() {
    var t = -Infinity;
    runs.forEach(function (r) { if (r.t.length) t = Math.max(t, r.t[r.t.length - 1]); });
    return isFinite(t) ? t : null;
  }

  // ---- layout and interaction -------------------------------------------------------------------------
  function layout() {
    var main = document.getElementById('runs');
    main.innerHTML = runs.map(function (run, index) {
      return '<section class="run" data-run="' + index + '"><div class="run-head"><h2>' + esc(run.name) + '</h2><div class="status"></div></div><div class="chart"></div><div class="legend"></div></section>';
    }).join('') + '<div class="explanations" style="grid-template-columns: repeat(' + Math.min(runs.length, 3) + ', 1fr)">' +
      runs.map(function (run, index) { return '<div class="explanation" data-run="' + index + '"></div>'; }).join('') + '</div>' + summaryHtml();
    main.querySelectorAll('.chart').forEach(bindChart);
  }
  function summaryHtml() {
    if (live || !runs.length) return '';
    var rows = runs[0].summary.map(function (row) { return row[0]; });
    var head = '<tr><th></th>' + runs.map(function (r) { return '<th>' + esc(r.name) + '</th>'; }).join('') + '</tr>';
    var body = rows.map(function (label, k) {
      return '<tr><th>' + esc(label) + '</th>' + runs.map(function (r) { return '<td>' + esc(r.summary[k] ? r.summary[k][1] : '') + '</td>'; }).join('') + '</tr>';
    }).join('');
    return '<table class="summary">' + head + body + '</table>';
  }
  function drawAll() {
    runs.forEach(drawRun);
    var label = document.querySelector('.window-label');
    if (label) label.textContent = timeLabel(view.t0) + ' – ' + timeLabel(view.t1) + (view.follow ? ' (following)' : '');
    var t = pinned !== null ? pinned : hoverT !== null ? hoverT : live ? latest() : null;
    if (t !== null) focus(t); else showCursor(null);
  }
  function timeOf(chart, clientX) {
    var svg = chart.querySelector('svg');
    var run = runs[Number(chart.parentNode.getAttribute('data-run'))];
    if (!svg || !run.geo) return null;
    var box = svg.getBoundingClientRect();
    var g = run.geo.g;
    var px = clientX - box.left;
    var f = (px - g.left) / (g.right - g.left);
    return view.t0 + Math.max(0, Math.min(1, f)) * (view.t1 - view.t0);
  }
  var frameRequested = false;
  function requestDraw() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(function () { frameRequested = false; drawAll(); });
  }
  function zoom(factor, anchor) {
    var full = fullRange();
    var fullSpan = full[1] - full[0];
    var span = view.t1 - view.t0;
    var minSpan = Math.max(1e-3, Math.min(fullSpan, 5 * (runs[0] && runs[0].t.length > 1 ? runs[0].t[1] - runs[0].t[0] : 1)));
    var next = Math.max(minSpan, Math.min(fullSpan, span * factor));
    if (anchor === null || anchor === undefined) anchor = (view.t0 + view.t1) / 2;
    var f = (anchor - view.t0) / span;
    view.t0 = anchor - f * next;
    view.t1 = view.t0 + next;
    clamp(full);
    view.follow = false;
    requestDraw();
  }
  function pan(dt) {
    view.t0 += dt; view.t1 += dt;
    clamp(fullRange());
    view.follow = false;
    requestDraw();
  }
  function clamp(full) {
    var span = view.t1 - view.t0;
    if (view.t0 < full[0]) { view.t0 = full[0]; view.t1 = full[0] + span; }
    if (view.t1 > full[1]) { view.t1 = full[1]; view.t0 = Math.max(full[0], full[1] - span); }
  }
  function bindChart(chart) {
    var drag = null;
    chart.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      zoom(Math.exp(ev.deltaY * 0.0015), timeOf(chart, ev.clientX));
    }, { passive: false });
    chart.addEventListener('pointerdown', function (ev) {
      drag = { x: ev.clientX, t0: view.t0, t1: view.t1, moved: false };
      chart.setPointerCapture(ev.pointerId);
    });
    chart.addEventListener('pointermove', function (ev) {
      if (drag) {
        var dx = ev.clientX - drag.x;
        if (Math.abs(dx) > 3) drag.moved = true;
        if (drag.moved) {
          var run = runs[Number(chart.parentNode.getAttribute('data-run'))];
          var g = run.geo.g;
          var dt = -dx / (g.right - g.left) * (drag.t1 - drag.t0);
          view.t0 = drag.t0; view.t1 = drag.t1;
          pan(dt);
          return;
        }
      }
      hoverT = timeOf(chart, ev.clientX);
      if (pinned === null && hoverT !== null) focus(hoverT);
    });
    chart.addEventListener('pointerup', function (ev) {
      var wasDrag = drag && drag.moved;
      drag = null;
      if (wasDrag) return;
      var t = timeOf(chart, ev.clientX);
      pinned = pinned === null ? t : null;
      focus(pinned !== null ? pinned : t);
    });
    chart.addEventListener('pointerleave', function () {
      hoverT = null;
      if (pinned === null) { if (live && latest() !== null) focus(latest()); else showCursor(null); }
    });
    chart.addEventListener('dblclick', function () { view.follow = live; resetView(); drawAll(); });
  }
  document.addEventListener('keydown', function (ev) {
    if (ev.target && /INPUT|TEXTAREA/.test(ev.target.tagName)) return;
    var span = view.t1 - view.t0;
    if (ev.key === '+' || ev.key === '=') zoom(0.5);
    else if (ev.key === '-') zoom(2);
    else if (ev.key === 'ArrowLeft') pan(-span / 4);
    else if (ev.key === 'ArrowRight') pan(span / 4);
    else if (ev.key === '0' || ev.key === 'Escape') { pinned = null; view.follow = live; resetView(); drawAll(); }
  });
  document.querySelector('.toolbar').addEventListener('click', function (ev) {
    var action = ev.target && ev.target.getAttribute && ev.target.getAttribute('data-action');
    if (action === 'zoom-in') zoom(0.5);
    else if (action === 'zoom-out') zoom(2);
    else if (action === 'reset' || action === 'follow') { pinned = null; view.follow = live; resetView(); drawAll(); }
  });
  var resizeTimer = null;
  window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(drawAll, 100); });

  // ---- live -------------------------------------------------------------------------------------------
  function trim(run) {
    var max = data.maxPoints || 3600;
    var extra = run.t.length - max;
    if (extra <= 0) return;
    ['t', 'replicas', 'ready', 'desired', 'flags', 'dec'].forEach(function (k) { run[k].splice(0, extra); });
    run.metrics.forEach(function (m) { m.values.splice(0, extra); m.targets.splice(0, extra); });
    var first = run.t[0];
    run.decisions = run.decisions.filter(function (d) { return d.t >= first; });
    run.scaleEvents = run.scaleEvents.filter(function (e) { return e.t >= first; });
  }
  function appendPoint(run, p) {
    var n = run.t.length;
    run.t.push(p.t); run.replicas.push(p.replicas); run.ready.push(p.ready); run.desired.push(p.desired);
    run.flags.push(p.flags || 0);
    var d = p.decision || (n ? run.dec[n - 1] : null);
    if (p.decision) run.decisions.push(p.decision);
    run.dec.push(d);
    (p.metrics || []).forEach(function (pm) {
      var m = null;
      for (var j = 0; j < run.metrics.length; j++) if (run.metrics[j].key === pm.key) m = run.metrics[j];
      if (!m) {
        m = { key: pm.key, metricName: pm.metricName, unit: pm.unit || 'value', targetType: pm.targetType, targetValue: pm.targetValue, composite: !!pm.composite, values: [], targets: [] };
        for (var z = 0; z < n; z++) { m.values.push(null); m.targets.push(null); }
        run.metrics.push(m);
        run.metricAxis = pm.axis || run.metricAxis;
      }
      m.targetType = pm.targetType; m.targetValue = pm.targetValue;
    });
    run.metrics.forEach(function (m) {
      var pm = null;
      (p.metrics || []).forEach(function (q) { if (q.key === m.key) pm = q; });
      m.values.push(pm && pm.value !== undefined ? pm.value : null);
      m.targets.push(pm ? targetAt(m, p.replicas) : (n ? m.targets[n - 1] : null));
    });
    if (p.axis) run.metricAxis = p.axis;
    run.end = p.t;
    trim(run);
  }
  function merge(old, fresh) {
    var cut = fresh.t.length ? fresh.t[0] : Infinity;
    var keep = emptyRun(fresh.name);
    keep.status = fresh.status || old.status;
    for (var i = 0; i < old.t.length && old.t[i] < cut; i++) {
      appendPoint(keep, { t: old.t[i], replicas: old.replicas[i], ready: old.ready[i], desired: old.desired[i], flags: old.flags[i],
        decision: old.dec[i] && (i === 0 || old.dec[i] !== old.dec[i - 1]) ? old.dec[i] : undefined,
        metrics: old.metrics.map(function (m) { return { key: m.key, metricName: m.metricName, unit: m.unit, targetType: m.targetType, targetValue: m.targetValue, composite: m.composite, value: m.values[i] === null ? undefined : m.values[i] }; }) });
    }
    keep.metricAxis = fresh.metricAxis !== 'metric' ? fresh.metricAxis : old.metricAxis;
    keep.scaleEvents = old.scaleEvents.filter(function (e) { return e.t < cut; });
    for (var j = 0; j < fresh.t.length; j++) {
      appendPoint(keep, { t: fresh.t[j], replicas: fresh.replicas[j], ready: fresh.ready[j], desired: fresh.desired[j], flags: fresh.flags[j],
        decision: fresh.dec[j] && (j === 0 || fresh.dec[j] !== fresh.dec[j - 1]) ? fresh.dec[j] : undefined,
        metrics: fresh.metrics.map(function (m) { return { key: m.key, metricName: m.metricName, unit: m.unit, targetType: m.targetType, targetValue: m.targetValue, composite: m.composite, value: m.values[j] === null ? undefined : m.values[j] }; }) });
    }
    keep.scaleEvents = keep.scaleEvents.concat(fresh.scaleEvents);
    return keep;
  }
  var drawPending = false;
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    setTimeout(function () {
      drawPending = false;
      if (view.follow) resetView();
      drawAll();
    }, 50);
  }
  function connect() {
    var label = document.querySelector('.connection');
    var source = new EventSource(data.eventsUrl);
    function setState(text, cls) { label.textContent = text; label.className = 'connection ' + cls; }
    setState('connecting…', 'reconnecting');
    source.addEventListener('open', function () { setState('live: connected', 'connected'); });
    source.addEventListener('error', function () {
      setState('reconnecting… (the autoscaler is not answering; the page keeps what it has)', 'reconnecting');
      if (source.readyState === 2) { source.close(); setTimeout(connect, 1000); }
    });
    source.addEventListener('snapshot', function (ev) {
      var message = JSON.parse(ev.data);
      var next = message.runs.map(function (fresh) {
        fresh = prepare(fresh);
        var old = findRun(fresh.name);
        return old ? merge(old, fresh) : fresh;
      });
      var relayout = next.length !== runs.length || next.some(function (r, k) { return !runs[k] || runs[k].name !== r.name; });
      runs = next;
      if (relayout) layout();
      scheduleDraw();
    });
    source.addEventListener('point', function (ev) {
      var message = JSON.parse(ev.data);
      var run = findRun(message.name);
      if (!run) { run = emptyRun(message.name); runs.push(run); layout(); }
      appendPoint(run, message.point);
      scheduleDraw();
    });
    source.addEventListener('scale', function (ev) {
      var message = JSON.parse(ev.data);
      var run = findRun(message.name);
      if (run) { run.scaleEvents.push(message.event); scheduleDraw(); }
    });
    source.addEventListener('status', function (ev) {
      var message = JSON.parse(ev.data);
      var run = findRun(message.name);
      if (!run) { run = emptyRun(message.name); runs.push(run); layout(); }
      run.status = message.status;
      scheduleDraw();
    });
    source.addEventListener('remove', function (ev) {
      var message = JSON.parse(ev.data);
      runs = runs.filter(function (r) { return r.name !== message.name; });
      layout();
      scheduleDraw();
    });
  }

  runs = (data.runs || []).map(prepare);
  layout();
  resetView();
  drawAll();
  if (live) connect();
  window.scalerkitTimeline = { view: view, runs: function () { return runs; }, redraw: drawAll };
})();
`;
