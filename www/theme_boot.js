// Applies the reader's remembered theme (www/theme.js's switch: light or
// dark; nothing for "system") before the first paint, so a dark choice
// never flashes light. A classic script in <head>, since modules run only
// after the page is parsed. Knows nothing else.
(function () {
  'use strict';
  try {
    var t = localStorage.getItem('rareclass-theme');
    if (t === 'light' || t === 'dark') document.documentElement.setAttribute('data-theme', t);
  } catch (e) { /* storage refused (private mode, file://): follow the system */ }
}());
