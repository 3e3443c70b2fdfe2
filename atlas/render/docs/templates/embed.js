(function () {
  function done(button, ok) {
    var status = document.getElementById('copy-status');
    var label = button.getAttribute('data-label');
    button.textContent = ok ? button.getAttribute('data-copied') : button.getAttribute('data-failed');
    status.textContent = button.textContent;
    setTimeout(function () { button.textContent = label; }, 1600);
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
