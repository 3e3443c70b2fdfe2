/* Xixian Innovation Atlas: one page, both languages (the map pages).
 *
 * The page's static text is written in both languages (span.l10n[lang], hidden by CSS on
 * <html lang>); tags whose attributes differ carry both in data-l10n. A map page's data
 * island holds its default language, and #atlas-l10n, deflated, the places that differ
 * (by their gaps in a walk of the data). The map draws at once from its own data; the
 * patch is unpacked at load (DecompressionStream), so a switch patches the data in place
 * and redraws only text. A page opened with ?lang= for the other language is in it from
 * the start: <html lang> is set at once (the static text follows by CSS) and the map
 * waits for the patch before it draws (AtlasMap.boot asks L10n.opening()).
 * The language lives in ?lang= (the filter stays in the hash), and links to the atlas's
 * other pages keep it.
 */
(function (global) {
  'use strict';

  var L10n = {};
  var HTML = { zh: 'zh-CN', en: 'en' };

  function fromUrl() {
    var m = /[?&]lang=(zh|en)(?:&|$)/.exec(location.search);
    return m ? m[1] : null;
  }
  function current() {
    return /^zh/i.test(document.documentElement.lang) ? 'zh' : 'en';
  }
  L10n.current = current;

  function withLang(search, lang) {
    var rest = search.replace(/^\?/, '').split('&').filter(function (p) {
      return p && p.indexOf('lang=') !== 0;
    });
    return '?' + ['lang=' + lang].concat(rest).join('&');
  }

  // relative links to another page of the atlas keep the language
  function relink(lang) {
    document.querySelectorAll('a[href]').forEach(function (a) {
      var href = a.getAttribute('href');
      if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(href) || !/\.html(?:[?#]|$)/.test(href)) return;
      var hash = href.indexOf('#') >= 0 ? href.slice(href.indexOf('#')) : '';
      var base = href.replace(/[?#].*$/, '');
      var search = href.indexOf('?') >= 0 ? href.slice(href.indexOf('?')).replace(/#.*$/, '') : '';
      a.setAttribute('href', base + withLang(search, lang) + hash);
    });
  }

  function attributes(lang) {
    var i = lang === 'zh' ? 0 : 1;
    document.querySelectorAll('[data-l10n]').forEach(function (node) {
      // null is the value the page was written with: read once, before any switch
      if (!node.atlasL10n) {
        node.atlasL10n = JSON.parse(node.getAttribute('data-l10n'));
        Object.keys(node.atlasL10n).forEach(function (k) {
          var pair = node.atlasL10n[k];
          pair.forEach(function (v, j) {
            if (v === null) pair[j] = k === 'text' ? node.textContent : node.getAttribute(k);
          });
        });
      }
      var pairs = node.atlasL10n;
      Object.keys(pairs).forEach(function (k) {
        if (k === 'text') node.textContent = pairs[k][i];
        else node.setAttribute(k, pairs[k][i]);
      });
    });
  }

  // read once the page's body has it (this script runs in the head)
  var parsed = null;
  function island() {
    if (!parsed) {
      var node = document.getElementById('atlas-l10n');
      parsed = node ? JSON.parse(node.textContent) : null;
    }
    return parsed;
  }

  // the other language's values come deflated (atlas.render.bilingual.payload_patch):
  // unpacked once, at load, while the map draws in the page's own language
  function unpack() {
    var l10n = island();
    if (!l10n || !l10n.pack) return Promise.resolve(l10n);
    if (!global.DecompressionStream) return null;
    var bin = atob(l10n.pack);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).json().then(function (p) {
      Object.assign(l10n, p);
      return l10n;
    });
  }
  var ready = null;
  function unpacked() {
    if (!ready) ready = unpack();
    return ready;
  }

  // set the places of the page data that differ between the languages; the default
  // language's values are kept from the data before its first change
  var saved = null;
  function patch(data, l10n, lang) {
    // every place of the data in order (an object's keys sorted, a list's in turn), then
    // [object, key, index into l10n.values] of each place the patch names by its gap
    var places = [];
    (function walk(node) {
      var keys = Array.isArray(node) ? node.map(function (v, i) { return i; }) : Object.keys(node).sort();
      keys.forEach(function (k) {
        places.push([node, k]);
        if (node[k] && typeof node[k] === 'object') walk(node[k]);
      });
    })(data);
    var at = -1;
    var leaves = l10n.at.map(function (gap, n) {
      at += gap;
      return [places[at][0], places[at][1], l10n.ix[n]];
    });
    if (!saved) saved = leaves.map(function (d) { return d[0][d[1]]; });
    leaves.forEach(function (d, n) {
      d[0][d[1]] = lang === l10n['default'] ? saved[n] : l10n.values[d[2]];
    });
    data.lang = lang;  // what the page says it is in: the figure command's --lang
  }
  L10n.patch = patch;

  // redraw the map's text: tooltips, labels, layer control, legend, an open popup
  function redrawMap(A) {
    Object.keys(A.layers).forEach(function (id) {
      var entry = A.layers[id];
      entry.list.forEach(function (shape) {
        var f = shape.atlasFeature;
        if (f && f.tip && shape.getTooltip()) shape.setTooltipContent(A.el('span', { text: f.tip }));
        if (shape.isPopupOpen && shape.isPopupOpen()) shape.getPopup().update();
      });
      entry.labels.eachLayer(function (marker) {
        // the label's text node is the divIcon's own element: rewrite it in place
        var box = marker.options.icon.options.html;
        while (box.firstChild) box.removeChild(box.firstChild);
        String(marker.atlasLabel.t).split('\n').forEach(function (line, n) {
          if (n) box.appendChild(A.el('br'));
          box.appendChild(document.createTextNode(line));
        });
      });
    });
    if (A.layerControl) {
      var old = A.layerControl.getContainer();
      var open = old && old.open;
      A.layerControl.remove();
      A.layerControl.addTo(A.map);
      var box = A.layerControl.getContainer();
      if (box && old) box.open = open;
      box.querySelectorAll('input[data-atlas-layer]').forEach(function (cb) {
        var e = A.layers[cb.getAttribute('data-atlas-layer')];
        if (e && cb.checked !== !!e.on) {
          cb.checked = !!e.on;
          cb.dispatchEvent(new Event('change'));
        }
      });
      box.querySelectorAll('input[name="atlas-basemap"]').forEach(function (r) {
        r.checked = r.value === (A.basemap || 'none');
      });
    }
    if (A.legend) A.legend.refresh();
    if (A.declutter) A.declutter();
  }

  function setLang(lang, write) {
    if (lang !== 'zh' && lang !== 'en') return;
    var before = current();
    document.documentElement.lang = HTML[lang];
    attributes(lang);
    relink(lang);
    if (write) {
      history.replaceState(history.state, '', location.pathname + withLang(location.search, lang) + location.hash);
    }
    var A = global.AtlasMap;
    var l10n = island();
    if (l10n && l10n.title) document.title = l10n.title[lang === 'zh' ? 0 : 1];
    if (A && A.data && l10n && before !== lang) {
      patch(A.data, l10n, lang);
      redrawMap(A);
    }
    document.querySelectorAll('[data-atlas-lang-switch]').forEach(function (b) {
      b.setAttribute('data-atlas-lang-to', lang === 'zh' ? 'en' : 'zh');
    });
    document.dispatchEvent(new CustomEvent('atlas:lang', { detail: { lang: lang } }));
  }
  L10n.set = function (lang) {
    return unpacked().then(function () { setLang(lang, true); });
  };
  L10n.ready = unpacked;

  var built = current();
  var want = fromUrl();
  // a link to the other language: in it before anything is painted, if it can be
  var opening = want && want !== built && global.DecompressionStream ? want : null;
  if (opening) document.documentElement.lang = HTML[opening];
  L10n.opening = function () { return opening; };
  function start() {
    var switches = document.querySelectorAll('[data-atlas-lang-switch]');
    if (!unpacked()) {
      // no way to unpack the other language: say so, in both
      switches.forEach(function (b) {
        b.disabled = true;
        b.insertAdjacentText('afterend', '此浏览器无法切换语言 · This browser cannot switch the language');
      });
      return;
    }
    // opened in the other language: its data is patched as the map boots, and the rest
    // (attributes, links, title) is set now
    if (opening) setLang(opening, false);
    else if (want) unpacked().then(function () { setLang(want, false); });
    switches.forEach(function (b) {
      b.addEventListener('click', function () { L10n.set(current() === 'zh' ? 'en' : 'zh'); });
    });
    // Back/Forward to an entry written before a switch keeps the chosen language
    // (an entry without ?lang= is in the language the page was built in)
    window.addEventListener('popstate', function () {
      if ((fromUrl() || built) !== current()) {
        history.replaceState(history.state, '', location.pathname + withLang(location.search, current()) + location.hash);
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();

  global.AtlasL10n = L10n;
})(window);
