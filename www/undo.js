// One "undo" toast for the page: a sentence saying what was just done and an
// Undo button, at the bottom of the window until it is used, closed, or
// replaced by the next offer (no timer: a reader takes the time they need,
// WCAG 2.2.1). Used by "Clear runs". Knows nothing of what it undoes: the
// caller's `onUndo` does it and may return a promise; a rejected one shows
// its message in the toast.
import { S } from './strings.js';
import { onLang } from './i18n.js';

let toast = null;

function build() {
  const box = document.createElement('div');
  box.id = 'undo-toast';
  box.className = 'undo-toast';
  box.setAttribute('role', 'status');
  box.hidden = true;
  const text = document.createElement('span');
  text.className = 'undo-text';
  const undo = document.createElement('button');
  undo.type = 'button';
  undo.id = 'undo-button';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'undo-close';
  close.textContent = '×';
  close.setAttribute('aria-label', S.clearUndo.close);
  close.addEventListener('click', dismissUndo);
  box.append(text, undo, close);
  document.body.append(box);
  onLang(() => {
    close.setAttribute('aria-label', S.clearUndo.close);
    undo.textContent = S.clearUndo.undo;
  });
  return { box, text, undo };
}

/** Shows `sentence` with an Undo button that calls `onUndo` once. */
export function offerUndo(sentence, onUndo) {
  toast ??= build();
  const { box, text, undo } = toast;
  text.textContent = sentence;
  undo.textContent = S.clearUndo.undo;
  undo.hidden = false;
  undo.disabled = false;
  undo.onclick = async () => {
    undo.disabled = true;
    try {
      await onUndo();
      dismissUndo();
    } catch (e) {
      text.textContent = S.clearUndo.failed(e?.message ?? String(e));
      undo.hidden = true;
    }
  };
  box.hidden = false;
}

/** Takes the toast away (what it offered can no longer be undone, or was). */
export function dismissUndo() {
  if (toast) toast.box.hidden = true;
}
