// The Train action kept in view once a file is loaded: a copy of the Train
// button fixed at the bottom of the window while the real one is scrolled
// out of sight (below the fold at 1440 × 900 under the data and label
// sections; far above the results on a phone) and the file has no results
// yet. Pressing it presses the real button. Knows nothing of training.
//
// Why a sticky button rather than training an uploaded file at once, as the
// demo does: the demo's label column and settings are known to suit it; an
// uploaded file's label is a guess to check first (and a wrong guess on a
// 150 MB file is minutes of work thrown away), so the page waits for the
// person, but never with the button out of reach.

import { $ } from './dom.js';

function start() {
  const train = $('train');
  const section = $('train-section');
  if (!train || !section) return;
  const bar = document.createElement('div');
  bar.className = 'train-bar';
  bar.hidden = true;
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'primary';
  copy.id = 'train-bar-button';
  bar.append(copy);
  document.body.append(bar);

  let inView = true;
  const update = () => {
    const want = !inView && !section.hidden && !train.disabled && !$('panel-train')?.hidden
      && !$('no-results')?.hidden;
    copy.textContent = train.textContent;
    if (bar.hidden === want) bar.hidden = !want;
  };
  new IntersectionObserver((entries) => {
    inView = entries.at(-1).isIntersecting;
    update();
  }).observe(train);
  // Training state, a new file, a tab switch: all show as attributes or
  // hidden flags on these elements.
  const watch = new MutationObserver(update);
  for (const el of [train, section, $('no-results'), $('panel-train')]) {
    if (el) watch.observe(el, { attributes: true, attributeFilter: ['hidden', 'disabled'] });
  }
  watch.observe(train, { childList: true, characterData: true, subtree: true });
  copy.addEventListener('click', () => {
    train.click();
    // Where the run's progress shows.
    train.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
  update();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
