// Chart export for a slide or a paper, on every chart of every tab: an
// "Export" menu under each chart (<figure class="chart">) with PNG at 2× and
// 3× the chart's size, SVG (vector: the chart's own draw ops, written by
// src/chart/svg.rs) and CSV (the curve points behind it, unsimplified, by
// src/chart/data.rs), each drawn in the light theme whatever the page's.
// The worker that painted the chart repaints it for the file (www/frames.js,
// exportFrame); nothing is uploaded: the file is a Blob URL. Knows nothing
// of what a chart shows or of any tab: figures are found as they appear.
import { S } from './strings.js';
import { chartId, exportFrame } from './frames.js';
import { onLang } from './i18n.js';
import { toFull } from './engine_client.js';

const FORMATS = [
  { format: 'png', scale: 2, text: () => S.chartExport.png(2) },
  { format: 'png', scale: 3, text: () => S.chartExport.png(3) },
  { format: 'svg', text: () => S.chartExport.svg },
  { format: 'csv', text: () => S.chartExport.csv },
];

/** Adds the export menu to every chart figure under `root`, now and as tabs add them. */
export function initChartExport(root = document.body) {
  for (const f of root.querySelectorAll('figure.chart')) addMenu(f);
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        // A new figure, or a figure whose contents a tab replaced (a new canvas for a new worker).
        const around = n.closest('figure.chart');
        if (around) addMenu(around);
        for (const f of n.querySelectorAll('figure.chart')) addMenu(f);
      }
    }
  }).observe(root, { childList: true, subtree: true });
  // Another language: every menu's words again.
  onLang(() => {
    for (const menu of root.querySelectorAll('details.chart-export')) {
      const summary = menu.querySelector('summary');
      summary.textContent = S.chartExport.menu;
      summary.title = S.chartExport.note;
      menu.querySelectorAll('button[data-export]').forEach((b, i) => { b.textContent = FORMATS[i]?.text() ?? b.textContent; });
    }
  });
}

/** A <details> menu in the figure's tool row (made when it has none). */
function addMenu(figure) {
  let tools = figure.querySelector(':scope > .chart-tools');
  if (figure.querySelector(':scope .chart-export')) {
    // A canvas added after the menu (a live chart's, by its worker): the menu goes under it.
    const canvas = figure.querySelector(':scope > canvas');
    if (tools && canvas && (tools.compareDocumentPosition(canvas) & Node.DOCUMENT_POSITION_FOLLOWING)) canvas.after(tools);
    return;
  }
  if (!tools) {
    tools = document.createElement('div');
    tools.className = 'chart-tools';
    figure.append(tools);
  }
  const menu = document.createElement('details');
  menu.className = 'chart-export';
  const summary = document.createElement('summary');
  summary.textContent = S.chartExport.menu;
  summary.title = S.chartExport.note;
  const list = document.createElement('div');
  list.className = 'chart-export-list';
  for (const f of FORMATS) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'small';
    b.textContent = f.text();
    b.dataset.export = f.format;
    if (f.scale) b.dataset.scale = String(f.scale);
    b.addEventListener('click', () => exportChart(figure, menu, f.format, f.scale));
    list.append(b);
  }
  const error = document.createElement('p');
  error.className = 'error export-error';
  error.setAttribute('role', 'alert');
  error.hidden = true;
  menu.addEventListener('toggle', () => {
    // The chart's own name, for a screen reader, read when the menu opens.
    if (menu.open) summary.setAttribute('aria-label', S.chartExport.menuLabel(figure.querySelector('canvas')?.getAttribute('aria-label') ?? ''));
  });
  menu.append(summary, list);
  tools.append(menu);
  figure.append(error);
}

/**
 * The chart in `figure` as `format`. SVG and CSV are written by the full
 * module only: asked of the first-view one (code `full_module`), the export
 * waits for the move (www/engine_client.js), then asks the new worker once
 * it has painted the chart again (its canvas is a new one).
 */
async function exported(figure, format, scale) {
  try {
    return await exportFrame(figure.querySelector('canvas'), format, scale);
  } catch (e) {
    if (e?.code !== 'full_module') throw e;
  }
  await toFull();
  for (let tries = 0; ; tries++) {
    try {
      return await exportFrame(figure.querySelector('canvas'), format, scale);
    } catch (e) {
      if (e?.code !== 'not_ready' || tries >= 50) throw e;
      await new Promise((resolve) => { setTimeout(resolve, 100); });
    }
  }
}

async function exportChart(figure, menu, format, scale) {
  const error = figure.querySelector(':scope > .export-error');
  error.hidden = true;
  try {
    const blob = await exported(figure, format, scale);
    const canvas = figure.querySelector('canvas');
    const id = chartId(canvas) ?? figure.id.replace(/^chart-/, '');
    save(`rareclass-${id}.${format}`, blob);
    figure.dataset.exported = format;
    menu.open = false;
  } catch (e) {
    error.textContent = S.chartExport.failed(e?.message ?? String(e));
    error.hidden = false;
  }
}

/** Saves `blob` as file `name` through a Blob URL; nothing is uploaded. */
function save(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
