/**
 * The console's one stylesheet, served from its own route (CSP `style-src 'self'`: no inline
 * styles anywhere). Colours meet WCAG AA: text ≥ 4.5:1, controls and chart marks ≥ 3:1.
 */
export const STYLES = `
:root {
  --ink: #1c2430; --muted: #4d5b6c; --line: #d5dce5; --bg: #f3f5f8; --card: #ffffff;
  --brand: #14325c; --brand-ink: #ffffff; --accent: #0b5cad; --accent-dark: #084a8c;
  --focus: #c24e00; --danger: #b3261e; --danger-dark: #8c1d17;
  --ok-bg: #e3f4e8; --ok-ink: #1b5e33; --warn-bg: #fff1d6; --warn-ink: #7a4100;
  --bad-bg: #fde7e5; --bad-ink: #9b1c14; --neutral-bg: #eceff3; --neutral-ink: #3a4552;
  --radius: 8px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 0 0 .75rem; }
h3 { font-size: 1rem; margin: 1rem 0 .35rem; }
p { margin: 0 0 .75rem; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.skip-link { position: absolute; left: .75rem; top: -3rem; z-index: 10; background: var(--card); color: var(--accent);
  padding: .5rem .9rem; border-radius: var(--radius); font-weight: 600; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.skip-link:focus { top: .75rem; }

.topbar { background: var(--brand); color: var(--brand-ink); }
.topbar-inner { max-width: 1180px; margin: 0 auto; padding: .6rem 1.25rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; }
.brand { color: var(--brand-ink); text-decoration: none; font-weight: 700; font-size: 1.05rem; display: flex; align-items: baseline; gap: .5rem; }
.brand:hover { color: var(--brand-ink); }
.brand span { font-weight: 400; opacity: .9; font-size: .9rem; }
.nav { flex: 1; }
.nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem; }
.nav a { color: var(--brand-ink); text-decoration: none; padding: .4rem .7rem; border-radius: 6px; display: inline-block; }
.nav a:hover { background: rgba(255,255,255,.12); color: var(--brand-ink); }
.nav a[aria-current="page"] { background: rgba(255,255,255,.2); font-weight: 600; }
.topbar :focus-visible { outline-color: #ffc46b; }
.signout { margin: 0; display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; }
.signout .operator { color: var(--brand-ink); font-weight: 600; margin-right: .25rem; }

main { flex: 1; width: 100%; max-width: 1180px; margin: 0 auto; padding: 1.5rem 1.25rem 2.5rem; }
main:focus { outline: none; }
.page-head { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: .75rem 1.5rem; margin-bottom: 1.25rem; }
.lead { color: var(--muted); margin: 0; }
.breadcrumb { font-size: .9rem; margin-bottom: .5rem; color: var(--muted); }
.breadcrumb ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.breadcrumb li + li::before { content: "›"; margin-right: .4rem; color: var(--muted); }
footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 1rem; border-top: 1px solid var(--line); background: var(--card); }

.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.1rem 1.25rem; margin-bottom: 1.25rem; box-shadow: 0 1px 2px rgba(20,40,70,.05); }
.grid { display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr)); align-items: start; }
.grid { margin-bottom: 1.25rem; }
.grid > .card, .grid > .slot { margin-bottom: 0; }
.tiles { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 150px), 1fr)); margin-bottom: 1.25rem; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .9rem 1rem; }
.tile .label { color: var(--muted); font-size: .85rem; display: block; }
.tile .value { font-size: 1.6rem; font-weight: 700; display: block; line-height: 1.3; }
.tile .sub { color: var(--muted); font-size: .85rem; }

.btn { font: inherit; font-weight: 600; border-radius: 6px; border: 1px solid var(--accent); background: var(--card); color: var(--accent);
  padding: .5rem 1rem; cursor: pointer; min-height: 44px; }
.btn:hover { background: #eaf2fb; }
.btn-primary { background: var(--accent); color: #fff; }
.btn-primary:hover { background: var(--accent-dark); }
.btn-danger { border-color: var(--danger); color: #fff; background: var(--danger); }
.btn-danger:hover { background: var(--danger-dark); }
.btn-quiet { background: transparent; border-color: rgba(255,255,255,.7); color: var(--brand-ink); min-height: 36px; padding: .3rem .8rem; }
.btn-quiet:hover { background: rgba(255,255,255,.12); }
.btn:disabled { opacity: .55; cursor: not-allowed; }
.actions { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; }

.field { margin-bottom: .9rem; }
.field label, .label-strong { display: block; font-weight: 600; margin-bottom: .3rem; }
.help { color: var(--muted); font-size: .88rem; margin: .3rem 0 0; }
input[type="text"], input[type="password"], input[type="search"], select, textarea {
  font: inherit; color: var(--ink); background: #fff; border: 1px solid #7b8794; border-radius: 6px; padding: .5rem .65rem; width: 100%; min-height: 44px; }
textarea { min-height: 5rem; resize: vertical; }
input[type="checkbox"] { width: 1.25rem; height: 1.25rem; accent-color: var(--accent); }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem 1rem; margin: 1rem 0 0; }
legend { font-weight: 600; padding: 0 .35rem; }
.inline-fields { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
.inline-fields .field { margin: 0; flex: 1 1 200px; }
.check { display: inline-flex; align-items: center; gap: .5rem; font-weight: 400; }

.notice, .alert { border-radius: var(--radius); padding: .75rem 1rem; margin-bottom: 1.25rem; border: 1px solid; }
.notice { background: var(--ok-bg); color: var(--ok-ink); border-color: #9fd3ae; }
.alert { background: var(--bad-bg); color: var(--bad-ink); border-color: #f0b3ad; }
.alert strong, .notice strong { display: block; }

.badge { display: inline-block; font-size: .8rem; font-weight: 700; letter-spacing: .02em; padding: .1rem .55rem; border-radius: 999px; text-transform: capitalize; white-space: nowrap; }
.badge-approved, .badge-granted { background: var(--ok-bg); color: var(--ok-ink); }
.badge-pending { background: var(--warn-bg); color: var(--warn-ink); }
.badge-flagged, .badge-revoked { background: var(--bad-bg); color: var(--bad-ink); }
.badge-rejected, .badge-superseded, .badge-neutral { background: var(--neutral-bg); color: var(--neutral-ink); }
.source { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; background: var(--neutral-bg); color: var(--neutral-ink); padding: .05rem .4rem; border-radius: 4px; white-space: nowrap; }

.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .5rem; }
th, td { text-align: left; padding: .6rem .65rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #f8f9fb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f8fafd; }
.muted { color: var(--muted); font-size: .88rem; }
.title-cell a { font-weight: 600; }

dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .45rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.prose { max-width: 70ch; }
.disclosure { color: var(--muted); font-size: .88rem; border-left: 3px solid var(--line); padding-left: .75rem; }
.origin { background: #f2f6fb; border: 1px solid #cfdced; border-radius: var(--radius); padding: .75rem 1rem; }
.pager { display: flex; gap: 1rem; align-items: center; justify-content: space-between; margin-top: 1rem; }
.empty { color: var(--muted); text-align: center; padding: 2rem 1rem; }
.criteria { margin: .25rem 0 0; padding-left: 1.2rem; }

.chart { width: 100%; max-width: 960px; height: auto; display: block; }
.chart text { fill: var(--muted); font-size: 12px; font-family: inherit; }
.chart-narrow { display: none; }
.chart-narrow .chart text { font-size: 13px; }
@media (max-width: 600px) { .chart-wide { display: none; } .chart-narrow { display: block; } }
.chart .axis { stroke: #7b8794; }
.chart .grid-line { stroke: #e3e8ee; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .4rem 1.1rem; padding: 0; margin: .5rem 0 0; font-size: .9rem; }
.legend li { display: inline-flex; align-items: center; gap: .4rem; }
.swatch { width: .9rem; height: .9rem; border-radius: 3px; display: inline-block; border: 1px solid rgba(0,0,0,.25); }
.s0 { background: #0b5cad; fill: #0b5cad; } .s1 { background: #c25400; fill: #c25400; } .s2 { background: #1a7f4b; fill: #1a7f4b; }
.s3 { background: #8e3b8e; fill: #8e3b8e; } .s4 { background: #4a5560; fill: #4a5560; } .s5 { background: #b3261e; fill: #b3261e; }
.s6 { background: #6b5b00; fill: #6b5b00; } .s7 { background: #00798c; fill: #00798c; }
.p50 { fill: #7fb0e3; } .p95 { fill: #0b5cad; } .p99 { fill: #14325c; }
.swatch.p50 { background: #7fb0e3; } .swatch.p95 { background: #0b5cad; } .swatch.p99 { background: #14325c; }
details > summary { cursor: pointer; color: var(--accent); font-weight: 600; margin: .75rem 0 .5rem; }
.slot { border: 2px dashed #9aa7b5; border-radius: var(--radius); padding: .9rem 1rem; background: #fafbfc; }
.slot .label-strong { margin-bottom: .2rem; }
.status-line { color: var(--muted); font-size: .88rem; }
.refresh { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: flex-end; }
.refresh .inline-fields { flex-wrap: nowrap; }
.refresh .inline-fields .field { flex: 0 0 13rem; }
.override .field { flex: 0 1 16rem; }

.doc table { margin: 1rem 0; font-size: .9rem; }
.doc img { width: 100%; max-width: 760px; height: auto; border: 1px solid var(--line); border-radius: var(--radius); background: #fff; }
.doc h1 { font-size: 1.3rem; margin-top: .5rem; }

.signin { max-width: 440px; margin: 3rem auto; }

@media (max-width: 720px) {
  main { padding: 1rem .85rem 2rem; }
  h1 { font-size: 1.35rem; }
  .topbar-inner { padding: .5rem .85rem; gap: .35rem .75rem; justify-content: space-between; }
  .brand { font-size: 1rem; }
  .brand span { font-size: .8rem; }
  .nav { order: 3; flex-basis: 100%; }
  .btn-quiet { min-height: 32px; padding: .2rem .6rem; font-size: .9rem; }
  .nav a { padding: .35rem .55rem; }
  table.stack-sm, table.stack-sm tbody, table.stack-sm tr, table.stack-sm td { display: block; width: 100%; }
  table.stack-sm thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack-sm tr { border: 1px solid var(--line); border-radius: var(--radius); margin-bottom: .75rem; padding: .35rem .25rem; background: var(--card); }
  table.stack-sm td { border: 0; padding: .3rem .6rem; }
  table.stack-sm td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: .88rem; }
  table.stack-sm.has-pick tr { display: grid; grid-template-columns: 2rem 1fr; column-gap: .25rem; }
  table.stack-sm.has-pick td { grid-column: 2; }
  table.stack-sm.has-pick td.pick { grid-column: 1; grid-row: 1 / span 5; padding-top: .45rem; }
  dl.facts { grid-template-columns: 1fr; gap: .1rem; }
  dl.facts dd { margin-bottom: .5rem; }
}
/* Issue 25: filters, claims, the next item, the shortcuts dialog. */
.filters { margin-bottom: 1.25rem; }
.filters .inline-fields .field { flex: 1 1 150px; }
.claim { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin-bottom: 1rem; }
.claim p { margin: 0; }
.inline-form { margin: 0; }
.next-item { margin: 0 0 1.25rem; font-weight: 600; }
dialog#shortcuts { border: 1px solid var(--border, #c9d1da); border-radius: var(--radius); padding: 1.25rem 1.5rem; max-width: 28rem; }
dialog#shortcuts::backdrop { background: rgba(0,0,0,.35); }
kbd { font-family: ui-monospace, monospace; border: 1px solid #9aa5b1; border-radius: 4px; padding: 0 .3rem; background: #f4f6f8; }
`;
