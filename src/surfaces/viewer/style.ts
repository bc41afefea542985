/** The viewer's one stylesheet, written to assets/style.css (a file, because the CSP allows no inline style). */
export const STYLE = `:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --bg: #ffffff; --panel: #f3f5f9; --line: #d9dee8; --accent: #2456c7; --warn: #9a5b00; --old: #7a7f8a; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a3abbb; --bg: #14171d; --panel: #1d222b; --line: #2f3542; --accent: #8fb1ff; --warn: #f0b45a; --old: #8d93a0; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header.site { display: flex; gap: 1rem; align-items: center; justify-content: space-between; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--panel); flex-wrap: wrap; }
header.site .home { font-weight: 600; color: var(--fg); text-decoration: none; }
form.search { display: flex; gap: .5rem; }
form.search input { width: min(28rem, 60vw); padding: .4rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); font: inherit; }
form.search button { padding: .4rem .8rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); font: inherit; cursor: pointer; }
main { max-width: 54rem; margin: 0 auto; padding: 1.5rem; }
footer { max-width: 54rem; margin: 2rem auto; padding: 0 1.5rem; color: var(--muted); font-size: .85rem; }
a { color: var(--accent); }
a:not([href]) { color: inherit; }
h1 { font-size: 1.7rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.lead { color: var(--muted); }
.crumbs { color: var(--muted); font-size: .9rem; }
ul.notes, ol.notes { padding-left: 1.2rem; }
ul.notes li, ol.notes li { margin: .45rem 0; }
.summary { color: var(--muted); font-size: .92rem; }
.topics { columns: 2 14rem; }
.count, .score, .topic, time { color: var(--muted); font-size: .85rem; }
.badge { display: inline-block; padding: 0 .4rem; border: 1px solid var(--line); border-radius: 999px; font-size: .75rem; color: var(--muted); }
.badge.stale { border-color: var(--warn); color: var(--warn); }
.badge.status { border-color: var(--old); color: var(--old); }
.badge.pinned { border-color: var(--accent); color: var(--accent); }
.banner { padding: .6rem .9rem; border-radius: 6px; background: var(--panel); border-left: 4px solid var(--old); }
.banner.stale { border-left-color: var(--warn); }
.banner p, .banner ul { margin: .2rem 0; }
.body { margin: 1rem 0 1.5rem; overflow-wrap: anywhere; }
.body pre { background: var(--panel); padding: .75rem; border-radius: 6px; overflow-x: auto; }
.body code, .facts code { background: var(--panel); padding: 0 .25rem; border-radius: 4px; }
.body table { border-collapse: collapse; }
.body td, .body th { border: 1px solid var(--line); padding: .25rem .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font-size: .9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ol.history { font-size: .9rem; padding-left: 1.2rem; }
.empty { color: var(--muted); }
.search-options { font-size: .9rem; color: var(--muted); }
`;
