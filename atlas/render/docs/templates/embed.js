(function () {
  // the words are the status line's, once for the page (the language switch sets them);
  // the button's own label node is put back, so a switch meanwhile still reaches it
  function done(button, ok) {
    var status = document.getElementById('copy-status');
    var label = button.atlasLabel || (button.atlasLabel = button.firstChild);
    button.textContent = status.textContent = status.getAttribute(ok ? 'data-copied' : 'data-failed');
    clearTimeout(button.atlasTimer);
    button.atlasTimer = setTimeout(function () { button.replaceChildren(label); }, 1600);
  }
  function fallback(area) {
    area.focus();
    area.select();
    try { return document.execCommand('copy'); } catch (e) { return false; }
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy]');
    if (!button) { return; }
    var area = document.getElementById(button.getAttribute('data-copy'));
    if (!area) { return; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(function () { done(button, true); },
        function () { done(button, fallback(area)); });
    } else {
      done(button, fallback(area));
    }
  });
})();
