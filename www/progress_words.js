// The sentence a live progress report shows ("Fitting: epoch 12/3000 · loss
// 0.0931"), formed here from the report's fields (rareclass::progress::Progress:
// stage, unit, step, of, loss, val, name, task, terms) in the page's
// language, never from the engine's English `message`. Why the page and not
// Rust: the reports are data already (charts read them), the words live in
// www/strings.js / strings_zh.js like every other page string, and a
// language switch mid-run words the next report at once.
// Knows nothing of the DOM: callers put the text where they show progress.
import { MSG, S } from './strings.js';

/** `v` with 4 decimals (a loss or a score), or '' when not a finite number. */
const fixed = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : '');

/**
 * The sentence for progress report `p` in the language of `tables`
 * ({MSG, S}: the page's by default; an embed passes its own).
 */
export function progressText(p, tables = { MSG, S }) {
  const { MSG: M, S: words } = tables;
  const stage = M.stages[p.stage] ?? M.stages.fit;
  const parts = [];
  if (p.name) parts.push(words.shownModelName?.(p.name) ?? p.name);
  if (p.task && M.tasks[p.task]) parts.push(M.tasks[p.task]);
  const unit = M.units[p.unit];
  if (unit && p.step !== undefined && p.of !== undefined) parts.push(M.stepOf(unit, p.step, p.of));
  else if (unit && p.step !== undefined) parts.push(p.unit === 'node' ? M.counted(unit, p.step) : M.stepOf(unit, p.step, '?'));
  const value = (name, v) => { if (fixed(v)) parts.push(M.value(M.terms[name] ?? name, fixed(v))); };
  value('loss', p.loss);
  for (const [name, v] of p.terms ?? []) value(name, v);
  // A network's validation scores (one of them: the one early stopping watches most often).
  if (p.val && !(p.terms ?? []).length) {
    if (p.val.pr_auc != null) value('val PR-AUC', p.val.pr_auc);
    else if (p.val.roc_auc != null) value('val ROC-AUC', p.val.roc_auc);
  }
  return M.sentence(stage, parts.join(' · '));
}
