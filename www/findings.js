// The one findings list shown beside a result (Train tab, Compare tab):
// the run report's `warnings` — the data check before the fit and the
// model checks, each {code, severity, message, next_step, column} — then
// the shown threshold's model diagnostics and plain-text notes (a
// threshold's metric fallbacks), each said once, as code badge, sentence
// and next step. A finding that left its column out of the features
// offers "Keep anyway"; the caller decides what keeping means (the next
// run's config). Knows nothing of workers or charts.
import { S, X, FINDINGS } from './strings.js';
import { el } from './dom.js';

const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);
// The core's messages end without a period (a question may end in "?").
// A Chinese sentence ends with a full-width stop.
const sentence = (s) => (/[.?!。？！]$/.test(s) ? s : `${s}${/[\u4e00-\u9fff]/.test(s) ? '。' : '.'}`);

/**
 * `lists` (of findings and strings) joined in order, each finding or note
 * kept once: a finding repeated by a later list (same code, column and
 * sentence) or a note that repeats a finding's sentence is dropped. A
 * model finding (no column) is also dropped when a later list has one with
 * the same code: the later list is the shown threshold's re-check of the
 * run's (a run flags nobody at its threshold, and so does the shown one),
 * and the list says each fact once, as it is on screen.
 */
export function mergeFindings(...lists) {
  const later = lists.map((_, k) => new Set(lists.slice(k + 1).flat()
    .filter((d) => typeof d !== 'string' && !d.column).map((d) => d.code)));
  const seen = new Set();
  const out = [];
  for (const d of lists.flatMap((list, k) => list.filter((d) => typeof d === 'string' || d.column || !later[k].has(d.code)))) {
    const key = typeof d === 'string' ? `note\u0000${d}` : `${d.code}\u0000${d.column ?? ''}\u0000${d.message}`;
    const sentenceKey = `note\u0000${typeof d === 'string' ? d : d.message}`;
    if (seen.has(key) || seen.has(sentenceKey)) continue;
    seen.add(key);
    seen.add(sentenceKey);
    out.push(d);
  }
  return out;
}

/**
 * Renders `list` (findings or strings) into `ul`. `leftOut` are the columns
 * the check left out (report.data.left_out); `onKeep(column)` is called by a
 * finding's "Keep anyway" button (omit it for no button).
 */
export function showFindings(ul, list, { leftOut = [], onKeep = null } = {}) {
  ul.classList.add('diagnostics');
  if (!ul.hasAttribute('aria-labelledby')) ul.setAttribute('aria-label', S.warnings);
  // The codes shown, for tests and for styling hooks.
  ul.dataset.codes = list.filter((d) => typeof d !== 'string').map((d) => d.code).join(' ');
  ul.replaceChildren(...list.map((d) => {
    if (typeof d === 'string') return el('li', { className: 'diagnostic info note', text: sentence(capital(d)) });
    // data-term: the code's ⓘ (www/glossary.js), inside the code badge.
    const li = el('li', { className: `diagnostic ${d.severity}`, data: { code: d.code, column: d.column ?? '', term: d.code } },
      el('span', { className: 'code', text: d.code, title: X.severity[d.severity] ?? d.severity }),
      // In the page's language when strings.js can say it (the code stays), else as the core wrote it.
      el('span', { className: 'sentence', text: () => sentence(capital(FINDINGS.say(d)?.message ?? d.message)) }),
      el('span', { className: 'next muted', text: () => sentence(X.nextStep + (FINDINGS.say(d)?.next ?? d.next_step)) }));
    if (onKeep && d.column && leftOut.includes(d.column)) {
      const b = el('button', { type: 'button', className: 'keep', text: () => S.keepAnyway(d.column) });
      b.addEventListener('click', () => { b.disabled = true; onKeep(d.column); });
      li.append(b);
    }
    return li;
  }));
}
