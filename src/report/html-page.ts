// The review page's skeleton: one self-contained HTML document with its CSS and script inline, a
// Content-Security-Policy that lets only that script run and nothing load, and the run's figures
// as JSON for the script. The markup holds all the data (it reads with JS off); the script only
// adds search, the kind filter and sorting. Sections arrive already escaped.
import { createHash } from 'node:crypto';
import { jsonForScript } from './html-escape.js';
import { KIND_LABEL, n } from './html-parts.js';
import { MATCH_KINDS, type MatchKind } from './html-collect.js';

const CSS = `
:root{--fg:#1d2330;--dim:#8a93a3;--bg:#fff;--line:#e3e7ee;--rm:#fff1f0;--rmb:#e5484d;--del:#ffd7d5;--ins:#d3f5dc;--chg:#fff0b3;--acc:#2f6feb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic",Tahoma,sans-serif;color:var(--fg);background:var(--bg)}
header.top{position:sticky;top:0;z-index:2;background:#f7f8fb;border-bottom:1px solid var(--line);padding:8px 20px}
header.top h1{font-size:18px;margin:0 12px 0 0;display:inline}
header.top nav{display:inline}
header.top nav a{margin-right:10px}
#controls{margin-top:6px}
#controls input{width:22em;padding:3px 6px}
main{padding:0 20px 40px;max-width:1200px}
h2{border-bottom:2px solid var(--line);padding-bottom:2px;margin-top:28px}
a{color:var(--acc);text-decoration:none}
a:hover{text-decoration:underline}
.cols{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.cols>*{flex:1 1 380px;min-width:0}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dl.kv dt{color:var(--dim)}
dl.kv dd{margin:0}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:start;vertical-align:top}
th[data-sort]{cursor:pointer;user-select:none}
th[aria-sort=descending]::after{content:" ▼"}
th[aria-sort=ascending]::after{content:" ▲"}
td.num{text-align:end;white-space:nowrap;font-variant-numeric:tabular-nums;width:1%}
th[data-sort=num]{text-align:end;white-space:nowrap}
.t{white-space:pre-wrap;overflow-wrap:anywhere}
details summary{cursor:pointer}
details summary .t{display:inline}
ol.places{columns:2;font-size:13px}
.hint,.meta{color:var(--dim);margin:2px 0 8px}
.left-out{color:#9a6700;font-style:italic}
.warn{color:#b42318}
.missing{color:var(--dim);font-style:italic;margin:0}
.chart{max-width:100%;height:auto}
.chart rect{fill:var(--acc)}
.chart .zero rect{fill:#b8c2d3}
.chart text{font-size:11px;text-anchor:middle;fill:var(--fg)}
.chart .cap{fill:var(--dim)}
.chart .axis{stroke:#99a}
section.file{border:1px solid var(--line);border-radius:6px;padding:4px 12px;margin:12px 0}
section.file h3{margin:6px 0 0;font-size:15px}
ol.rows{list-style:none;padding:0;margin:6px 0}
.row{display:grid;grid-template-columns:4em 1fr;gap:0 10px;padding:3px 4px;border-radius:4px}
.row .ln{color:var(--dim);text-align:end;font-variant-numeric:tabular-nums}
.row .where{grid-column:2;font-size:12px;color:var(--dim)}
.row.kept{opacity:.55}
.row.u{background:var(--rm);border-inline-start:3px solid var(--rmb)}
:target{outline:2px solid var(--acc)}
.kind{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:#eef1f6;color:var(--fg)}
.k-near{background:#fde7c8}.k-template{background:#e4dcfb}.k-earlier-run{background:#d9ecfb}
article.pair{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:12px 0}
dl.score{display:flex;flex-wrap:wrap;gap:2px 6px;margin:6px 0;font-size:13px}
dl.score dt{color:var(--dim)}
dl.score dd{margin:0 10px 0 0}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.sides h4{margin:4px 0;color:var(--dim);font-weight:normal}
del,ins{text-decoration:none;border-radius:3px;padding:0 2px}
del.del{background:var(--del);text-decoration:line-through}
ins.ins{background:var(--ins);text-decoration:underline}
del.chg,ins.chg{background:var(--chg)}
[hidden]{display:none!important}
`;

const SCRIPT = `(function(){'use strict';
var data=JSON.parse(document.getElementById('dedupe-data').textContent);
var q=document.getElementById('q'),kind=document.getElementById('kind'),count=document.getElementById('count');
document.getElementById('controls').hidden=false;
var units=Array.prototype.slice.call(document.querySelectorAll('.u'));
var texts=units.map(function(u){return u.textContent.toLowerCase();});
var files=Array.prototype.slice.call(document.querySelectorAll('section.file'));
function apply(){var query=q.value.trim().toLowerCase(),k=kind.value,shown=0;
units.forEach(function(u,i){var ok=(!k||u.getAttribute('data-kind')===k)&&(!query||texts[i].indexOf(query)!==-1);u.hidden=!ok;if(ok)shown++;});
var filtering=query!==''||k!=='';
files.forEach(function(s){s.hidden=filtering&&!s.querySelector('.u:not([hidden])');
Array.prototype.forEach.call(s.querySelectorAll('.row.kept'),function(r){r.hidden=filtering;});});
count.textContent=shown+' of '+units.length+' listed rows match ('+data.duplicates+' removed in the run)';}
q.addEventListener('input',apply);kind.addEventListener('change',apply);
function key(td){var v=td.getAttribute('data-v');return v!==null?Number(v):Number(td.textContent.replace(/[^0-9.]/g,''));}
Array.prototype.forEach.call(document.querySelectorAll('table.sortable th[data-sort]'),function(th){th.tabIndex=0;
function sort(){var table=th.closest('table'),body=table.tBodies[0],col=th.cellIndex,down=th.getAttribute('aria-sort')!=='descending';
Array.prototype.forEach.call(table.querySelectorAll('th'),function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',down?'descending':'ascending');
Array.prototype.slice.call(body.rows).sort(function(a,b){var d=key(a.cells[col])-key(b.cells[col]);return down?-d:d;}).forEach(function(r){body.appendChild(r);});}
th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});});
apply();})();`;

// Only this script may run: an inline handler or script smuggled in by input text would not.
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; img-src data:`;

export interface PageParts {
  readonly title: string;
  readonly sections: readonly string[];
  /** Figures the script reads (never input text it would write as markup). */
  readonly data: Record<string, unknown>;
  readonly kinds: Readonly<Record<MatchKind, number>>;
}

export function renderPage(parts: PageParts): string {
  const options = MATCH_KINDS.map((k) => `<option value="${k}">${KIND_LABEL[k]} (${n(parts.kinds[k])})</option>`).join(
    '',
  );
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${parts.title}</title><style>${CSS}</style></head>\n<body>` +
    `<header class="top"><h1>${parts.title}</h1><nav><a href="#totals">totals</a><a href="#boilerplate">boilerplate</a>` +
    `<a href="#where">where</a><a href="#near">near pairs</a><a href="#files">per file</a><a href="#problems">problems</a></nav>` +
    `<div id="controls" hidden><input id="q" type="search" placeholder="Search removed units" aria-label="Search removed units"> ` +
    `<select id="kind" aria-label="Kind of match"><option value="">all kinds</option>${options}</select> <span id="count"></span></div></header>\n` +
    `<main>${parts.sections.join('\n')}</main>\n` +
    `<script type="application/json" id="dedupe-data">${jsonForScript(parts.data)}</script>\n` +
    `<script>${SCRIPT}</script>\n</body></html>\n`
  );
}
