/* Xixian Innovation Atlas: the zh/en switch of the home page, the report and the snippets.
 *
 * The page is written in one language; #atlas-l10n-pack holds the other one's text and
 * attributes, deflated (atlas.render.bilingual.pack) and unpacked once at load with the
 * browser's DecompressionStream. A text is named by its place among the page's non-blank
 * text nodes (as gaps), a tag's attributes by its place among the tags marked data-lp; a
 * long text may be stored as edits on the default's. The language lives
 * in ?lang=, and links to the atlas's other pages keep it.
 */
(function (W, D) {
  'use strict';
  var root = D.documentElement, box = D.getElementById('atlas-l10n-pack');
  var home = box.getAttribute('data-default'), nodes = [], n, p, was;
  var tags = D.querySelectorAll('[data-lp]'), area = D.createElement('textarea');
  // collected before any other script changes a text
  var walk = D.createTreeWalker(D, 4);
  while ((n = walk.nextNode())) {
    if (!/^(script|style)$/i.test(n.parentNode.localName) && /\S/.test(n.data)) nodes.push(n);
  }
  function bytes(s) { return Uint8Array.from(s, function (c) { return c.charCodeAt(0); }); }
  // the value as written in the page (entities), or edits [[start, end, text], …] on ``old``
  function value(v, old) {
    if (typeof v === 'string') { area.innerHTML = v; return area.value; }
    v.forEach(function (o) { old = old.slice(0, o[0]) + o[2] + old.slice(o[1]); });
    return old;
  }
  function lang() { return /^zh/i.test(root.lang) ? 'zh' : 'en'; }
  function query(search, to) {
    return '?' + ['lang=' + to].concat(search.replace(/^\?/, '').split('&').filter(function (q) {
      return q && q.indexOf('lang=') !== 0;
    })).join('&');
  }
  function url(to) { return location.pathname + query(location.search, to) + location.hash; }
  function set(to, write) {
    if (to !== lang()) {
      p.text.forEach(function (t, i) { nodes[p.at[i]].data = to === home ? was.text[i] : t; });
      p.attr.forEach(function (a, i) {
        for (var k in a) tags[i].setAttribute(k, to === home ? was.attr[i][k] : a[k]);
      });
    }
    root.lang = to === 'zh' ? 'zh-CN' : 'en';
    // relative links to another page of the atlas keep the language
    D.querySelectorAll('a[href]').forEach(function (a) {
      var h = a.getAttribute('href'), m = /^([^?#]*\.html)(\?[^#]*)?(#.*)?$/.exec(h);
      if (m && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(h)) a.setAttribute('href', m[1] + query(m[2] || '', to) + (m[3] || ''));
    });
    if (write) history.replaceState(history.state, '', url(to));
    D.dispatchEvent(new CustomEvent('atlas:lang', { detail: { lang: to } }));
  }
  var switches = D.querySelectorAll('[data-atlas-lang-switch]');
  if (!W.DecompressionStream) {
    // no way to unpack the other language: say so, in both
    switches.forEach(function (b) {
      b.disabled = true;
      b.insertAdjacentText('afterend', '此浏览器无法切换语言 · This browser cannot switch the language');
    });
    return;
  }
  var ready = new Response(new Blob([bytes(atob(box.textContent))]).stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))).json().then(function (data) {
    p = data;
    // places from gaps, and the default language's values, to switch back to
    p.at.forEach(function (g, i) { p.at[i] = (i ? p.at[i - 1] : -1) + g; });
    was = { text: p.at.map(function (i) { return nodes[i].data; }), attr: [] };
    p.text = p.text.map(function (t, i) { return value(t, was.text[i]); });
    p.attr.forEach(function (a, i) {
      was.attr[i] = {};
      for (var k in a) {
        was.attr[i][k] = tags[i].getAttribute(k);
        a[k] = value(a[k], was.attr[i][k]);
      }
    });
  });
  switches.forEach(function (b) {
    b.addEventListener('click', function () {
      ready.then(function () { set(lang() === 'zh' ? 'en' : 'zh', true); });
    });
  });
  var want = /[?&]lang=(zh|en)(?:&|$)/.exec(location.search);
  if (want) ready.then(function () { set(want[1]); });
  // Back/Forward to an entry written before a switch keeps the chosen language
  W.addEventListener('popstate', function () {
    var m = /[?&]lang=(zh|en)(?:&|$)/.exec(location.search);
    if ((m ? m[1] : home) !== lang()) history.replaceState(history.state, '', url(lang()));
  });
  W.AtlasL10n = { current: lang, ready: ready };
})(window, document);
