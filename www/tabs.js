// The page's tabs (the ARIA tabs pattern): which panel shows, arrow keys,
// Home and End between tabs, and the tab a panel's owner is told it was
// shown (to draw at its current size). All of its state is the one `state`
// object. Knows nothing of what a panel holds.
import { S } from './strings.js';
import { $, putText } from './dom.js';

const state = {
  shown: () => {}, // called with a tab's name when it is selected (from app.js)
};

/** Shows tab `name`'s panel and tells its owner. */
export function selectTab(name) {
  for (const tab of document.querySelectorAll('#tabs [role=tab]')) {
    const on = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !on;
  }
  document.body.dataset.tab = name;
  state.shown(name);
}

/** The tabs' names and keys; `shown(name)` is called whenever a tab is selected. */
export function initTabs(shown) {
  state.shown = shown;
  const tabs = [...document.querySelectorAll('#tabs [role=tab]')];
  for (const tab of tabs) {
    putText(tab, () => S.tabs[tab.dataset.tab]);
    tab.addEventListener('click', () => selectTab(tab.dataset.tab));
    // Arrow keys move between tabs, Home and End to the first and last (the ARIA tabs pattern).
    tab.addEventListener('keydown', (e) => {
      const at = tabs.indexOf(tab);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const next = tabs[(to + tabs.length) % tabs.length];
      next.focus();
      selectTab(next.dataset.tab);
    });
  }
}
