// The page's only stylesheet, inline. System fonts only: nothing is fetched.
export const PAGE_STYLE = `
:root {
  --pass: #2e7d32; --pass-bg: #e6f4e7;
  --fail: #c62828; --fail-bg: #fdecec;
  --improved: #a86b00; --improved-bg: #fff4d6;
  --missing: #d35400; --missing-bg: #fdeee2;
  --muted: #6b7280; --muted-bg: #f1f2f4;
  --line: #dfe2e6; --ink: #1f2328; --accent: #0b5cad;
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafafa; }
h1 { font-size: 22px; margin: 0 0 4px; display: flex; align-items: center; gap: 12px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 0 0 8px; display: flex; align-items: center; gap: 8px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow: auto; max-height: 320px; font-size: 12px; }
header { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
.counts { margin: 4px 0 10px; font-size: 15px; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 24px; color: var(--muted); font-size: 13px; }
.fact-value { color: var(--ink); }
.warning { color: var(--improved); background: var(--improved-bg); padding: 6px 10px; border-radius: 6px; }
.hint { color: var(--muted); font-size: 12px; font-weight: normal; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.pass { color: var(--pass); background: var(--pass-bg); }
.badge.fail { color: var(--fail); background: var(--fail-bg); }
.badge.improved { color: var(--improved); background: var(--improved-bg); }
.badge.missing { color: var(--missing); background: var(--missing-bg); }
.badge.uncounted { color: var(--muted); background: var(--muted-bg); }
.failures { background: var(--fail-bg); border: 1px solid #f3c1c1; border-radius: 8px; padding: 4px 20px 8px; margin-top: 16px; }
.failures h2 { color: var(--fail); margin-top: 12px; }
.failures li { margin: 2px 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; font-size: 13px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f3f4f6; cursor: pointer; user-select: none; white-space: nowrap; }
th.sorted-asc::after { content: " ▲"; font-size: 10px; }
th.sorted-desc::after { content: " ▼"; font-size: 10px; }
td.file { max-width: 380px; overflow-wrap: anywhere; }
td.identifier { overflow-wrap: anywhere; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num .value { display: block; font-weight: 600; }
td.num .limit { display: block; color: var(--muted); font-size: 11px; }
td.status-pass .value { color: var(--pass); }
td.status-fail { background: var(--fail-bg); }
td.status-fail .value { color: var(--fail); }
td.status-improved { background: var(--improved-bg); }
td.status-improved .value { color: var(--improved); }
td.status-missing .value { color: var(--missing); }
td.status-unchecked .value, td.status-unavailable { color: var(--muted); }
td.failure-cell { color: var(--fail); overflow-wrap: anywhere; }
.toolbar { margin: 28px 0 8px; display: flex; align-items: center; gap: 8px; }
.toolbar h2 { margin: 0 12px 0 0; }
button { font: inherit; font-size: 12px; padding: 2px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
details.file { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; }
details.file > summary { padding: 10px 14px; cursor: pointer; font-weight: 600; overflow-wrap: anywhere; }
details.file[open] > summary { border-bottom: 1px solid var(--line); }
details.file > :not(summary) { margin-left: 16px; margin-right: 16px; }
.failure { color: var(--fail); overflow-wrap: anywhere; }
.failure p { white-space: pre-wrap; }
.failure pre { color: var(--ink); }
details.output { margin: 10px 0; }
section.identifier { padding: 14px 0; border-bottom: 1px dashed var(--line); }
section.identifier:last-child { border-bottom: none; }
h3 .name { overflow-wrap: anywhere; }
.chart-box { overflow-x: auto; }
.load-box { overflow-x: auto; margin-bottom: 10px; }
table.load td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.load .over, ul.checks .over { color: var(--fail, #b42318); font-weight: 600; }
ul.checks { list-style: none; padding-left: 0; font-size: 12px; }
svg.figure-chart { display: block; font-size: 12px; }
svg.figure-chart .metric { fill: var(--ink); }
svg.figure-chart .figure { fill: var(--ink); font-variant-numeric: tabular-nums; }
svg.figure-chart .track { fill: #eef0f2; }
svg.figure-chart .bar { fill: #7fb77e; }
svg.figure-chart .bar.status-fail { fill: #e05252; }
svg.figure-chart .bar.status-improved { fill: #e8b33c; }
svg.figure-chart .bar.status-missing { fill: #f08c3c; }
svg.figure-chart .bar.status-unchecked { fill: #b8bec6; }
svg.figure-chart .limit-mark { stroke: #1f2328; stroke-width: 2; }
svg.figure-chart .base-mark { fill: #7b3fb8; }
.legend { font-size: 12px; color: var(--muted); margin: 4px 0; }
.swatch { display: inline-block; width: 12px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: -1px; }
.swatch:first-child { margin-left: 0; }
.swatch.bar-pass { background: #7fb77e; }
.swatch.limit { background: #1f2328; width: 3px; }
.swatch.base { background: #7b3fb8; }
.swatch.grew { background: hsl(0, 80%, 55%); }
.swatch.shrank { background: hsl(212, 75%, 55%); }
.swatch.same { background: hsl(0, 0%, 80%); }
figure.icicle-box { margin: 12px 0 0; }
figure.icicle-box figcaption { font-size: 13px; margin-bottom: 4px; }
svg.icicle { display: block; width: 100%; height: auto; font: 11px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #fcfcfa; border: 1px solid var(--line); border-radius: 4px; }
svg.icicle .cell { cursor: pointer; }
svg.icicle .cell rect { stroke: #fff; stroke-width: 0.5; }
svg.icicle .cell:hover rect { stroke: #1f2328; stroke-width: 1; }
svg.icicle .cell text { fill: #111; pointer-events: none; }
svg.icicle .cell.hidden { display: none; }
#tooltip { position: fixed; z-index: 10; pointer-events: none; max-width: 520px; background: #1f2328; color: #fff; padding: 8px 10px; border-radius: 6px; font-size: 12px; line-height: 1.5; box-shadow: 0 4px 14px rgba(0,0,0,.25); overflow-wrap: anywhere; }
#tooltip[hidden] { display: none; }
#tooltip .tip-title { font-weight: 700; }
#tooltip .tip-where { color: #b6c2cf; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
#tooltip .tip-grew { color: #ff9b9b; }
#tooltip .tip-shrank { color: #9cc8ff; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;
