/* Switchboard console: the little behaviour htmx does not give. No inline script is allowed (CSP). */
(function () {
  function toBottom(el) { el.scrollTop = el.scrollHeight; }
  // A followed log keeps its newest line in view.
  document.addEventListener('htmx:afterSwap', function (e) {
    var el = e.detail.target;
    if (el && el.classList && el.classList.contains('follow')) toBottom(el);
  });
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.follow').forEach(toBottom);
  });
  // Escape closes the "Where is" suggestions.
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      var r = document.getElementById('whereis-results');
      if (r) r.innerHTML = '';
    }
  });
  // Buttons that remove something ask first.
  document.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
