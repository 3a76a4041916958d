/* Accessible names for what the chart library draws: vega-embed's "..." menu is a <summary>
   with only an icon in it, so screen readers (and axe-core's summary-name rule) find no name.
   Charts are drawn after load, so new menus are named as they appear. */
(function () {
  function name(root) {
    (root.querySelectorAll ? root : document).querySelectorAll('.vega-embed details > summary').forEach(function (s) {
      if (!s.getAttribute('aria-label')) s.setAttribute('aria-label', 'Chart actions: save as image, view data');
    });
  }
  function start() {
    name(document);
    new MutationObserver(function (records) {
      records.forEach(function (r) { r.addedNodes.forEach(function (n) { if (n.nodeType === 1) name(n); }); });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
