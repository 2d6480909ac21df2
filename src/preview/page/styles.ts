/** The page's styles, inlined into its HTML. Colours keep WCAG 2.1 AA contrast (4.5:1 for text). */
export const PAGE_STYLES = `
:root { --brand: #0f6cbd; --text: #1b1b1b; --muted: #595959; --line: #d1d1d1; --accent: #0f6cbd; --bad: #a4262c; --good: #0e700e; font-family: "Segoe UI", system-ui, sans-serif; color: var(--text); background: #fafafa; }
body { margin: 0; }
.top { border-top: 6px solid var(--brand); background: #fff; padding: 12px 24px; border-bottom: 1px solid var(--line); }
.top h1 { margin: 0 0 4px; font-size: 1.4rem; }
.lead { margin: 0 0 6px; max-width: 70ch; }
.legend, .hint, .meta { color: var(--muted); font-size: 0.875rem; margin: 4px 0; }
.layout { display: grid; grid-template-columns: minmax(200px, 280px) 1fr; gap: 16px; padding: 16px 24px; }
nav ul { list-style: none; margin: 0; padding: 0; }
.nav-item { display: block; width: 100%; text-align: left; background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; margin-bottom: 6px; font: inherit; color: var(--text); cursor: pointer; }
.nav-item[aria-current="page"] { border-color: var(--accent); box-shadow: inset 4px 0 0 var(--accent); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px; max-width: 760px; }
.card-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.card-head h2 { margin: 0; font-size: 1.15rem; }
.tag { display: inline-block; font-size: 0.75rem; border: 1px solid var(--muted); color: var(--muted); border-radius: 10px; padding: 0 8px; margin-left: 6px; }
.tag.preview { border-color: #8a3707; color: #8a3707; }
.approx { font-size: 0.75rem; color: #6b4a00; background: #fff4ce; border-radius: 4px; padding: 1px 6px; }
.field { margin: 12px 0; border: 0; padding: 0; }
.field label, .field legend { display: block; font-weight: 600; margin-bottom: 4px; }
.label-row { display: flex; gap: 6px; align-items: baseline; }
.required { color: var(--bad); }
input[type="text"], input[type="number"], input[type="password"], select, textarea { font: inherit; border: 1px solid #8a8a8a; border-radius: 4px; padding: 6px 8px; width: 100%; box-sizing: border-box; background: #fff; color: var(--text); }
input::placeholder, textarea::placeholder { color: #6b6b6b; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
button { font: inherit; border-radius: 4px; padding: 5px 12px; cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border: 1px solid var(--accent); }
button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
button:disabled { color: #6b6b6b; border-color: #8a8a8a; background: #f0f0f0; cursor: default; }
button.small { padding: 2px 8px; font-size: 0.875rem; }
button.info, .tooltip { display: inline-flex; align-items: center; justify-content: center; width: 1.25rem; height: 1.25rem; padding: 0; border-radius: 50%; border: 1px solid var(--accent); background: #fff; color: var(--accent); font: italic 600 0.8rem Georgia, serif; }
.with-button { display: flex; gap: 6px; align-items: center; }
.items .item { display: flex; gap: 6px; margin-bottom: 6px; }
.picker { border-top: 1px solid var(--line); margin-top: 16px; padding-top: 12px; }
.picker-label { display: block; font-weight: 600; margin-bottom: 4px; }
.picker-row { display: flex; gap: 6px; }
.picker-toggle { flex: 1; text-align: left; background: #fff; border: 1px solid #8a8a8a; color: var(--text); }
.picker-list { border: 1px solid var(--line); border-radius: 4px; margin: 4px 0 0; padding: 6px 10px; }
.check { display: flex; gap: 8px; align-items: center; padding: 2px 0; }
.check label { font-weight: normal; }
section > h3 { font-size: 1rem; margin: 20px 0 6px; border-top: 1px solid var(--line); padding-top: 12px; }
.tokens { list-style: none; padding: 0; margin: 0; }
.token { display: grid; grid-template-columns: 1fr auto auto; gap: 2px 8px; padding: 6px 0; border-bottom: 1px solid #eee; }
.token-title { font-weight: 600; }
.token-type { color: var(--muted); font-size: 0.875rem; }
.token-description { grid-column: 1 / -1; color: var(--muted); font-size: 0.875rem; }
code { font-family: Consolas, "Cascadia Mono", monospace; font-size: 0.875rem; background: #f3f3f3; padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: #f3f3f3; padding: 8px; border-radius: 4px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.8125rem; }
.findings li.error strong, .problem { color: var(--bad); }
.findings li.warning strong { color: #6b4a00; }
.status.ok { color: var(--good); font-weight: 600; }
.status.failed { color: var(--bad); font-weight: 600; }
.warnings { color: #6b4a00; }
.loading { padding: 24px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 720px) { .layout { grid-template-columns: 1fr; } }
`;
