/* Xixian Innovation Atlas: the parks page. Filter by sector, cluster, new city or belt,
 * search by name, a park list beside the map, a counter, and deep links in the URL
 * fragment (#sector=光伏, #cluster=新能源, #new-city=泾河新城, #belt=…, #q=…).
 *
 * Names are matched exactly as atlas.model.sector.normalize + Taxonomy.resolve do in Python:
 * NFKC, case folding (Python's casefold, via the fold table in the data), whitespace
 * runs collapsed to one space and trimmed. The index of normalized names is built in
 * Python and embedded, so both sides share one source of truth.
 */
(function (A) {
  'use strict';

  // Python's `\s` (str.isspace) for str patterns
  var SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  var KEYS = ['sector', 'cluster', 'new-city', 'belt', 'q'];

  function makeNormalize(fold) {
    return function (text) {
      var s = String(text).normalize('NFKC');
      var out = '';
      for (var ch of s) {
        out += Object.prototype.hasOwnProperty.call(fold, ch) ? fold[ch] : ch.toLowerCase();
      }
      return out.replace(SPACE, ' ').replace(/^ | $/g, '');
    };
  }

  function Taxonomy(tax, normalize) {
    this.resolve = function (query) {
      var found = {};
      (tax.names[normalize(query)] || []).forEach(function (key) {
        found[key] = true;
        (tax.members[key] || []).forEach(function (m) { found[m] = true; });
      });
      return Object.keys(found).sort();
    };
    this.resolveCluster = function (query) {
      var found = {};
      (tax.names[normalize(query)] || []).forEach(function (key) {
        if (tax.members[key]) tax.members[key].forEach(function (m) { found[m] = true; });
      });
      return Object.keys(found).sort();
    };
  }

  // atlas.model.tags.reasons: how a park's tags match a sector query, best basis first
  function makeReasons(P, tax, normalize) {
    var order = P.why.order;
    return function (query, tags) {
      var q = normalize(query);
      var keys = tax.resolve(query);
      var out = [];
      tags.forEach(function (tag) {
        var s = P.sectors[tag[0]];
        var how;
        if (s.own.indexOf(q) >= 0) how = 'direct';
        else if (s.syn.indexOf(q) >= 0) how = 'synonym';
        else if (keys.indexOf(s.cluster) >= 0 && s.cluster !== tag[0]) how = 'cluster';
        else return;
        if (tag[1] === 'anchor') how = 'anchor';
        out.push({ how: how, sector: tag[0], basis: tag[1], locator: tag[2], quote: tag[3] });
      });
      function rank(r) { var i = order.indexOf(r.basis); return i < 0 ? order.length : i; }
      return out.map(function (r, i) { return [rank(r), i, r]; })
        .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
        .map(function (x) { return x[2]; });
    };
  }

  function parseFragment(hash) {
    var state = {};
    String(hash || '').replace(/^#/, '').split('&').forEach(function (part) {
      if (!part) return;
      var i = part.indexOf('=');
      var key = i < 0 ? part : part.slice(0, i);
      var value = i < 0 ? '' : part.slice(i + 1);
      try { key = decodeURIComponent(key); value = decodeURIComponent(value.replace(/\+/g, ' ')); } catch (e) { return; }
      if (KEYS.indexOf(key) >= 0 && value !== '') state[key] = value;
    });
    return state;
  }

  function fragmentOf(state) {
    return KEYS.filter(function (k) { return state[k]; }).map(function (k) {
      return k + '=' + encodeURIComponent(state[k]);
    }).join('&');
  }

  A.pages.parks = function (A, data) {
    var P = data.parks;
    var t = data.t;
    var normalize = makeNormalize(P.fold);
    var tax = new Taxonomy(P.tax, normalize);
    var reasons = makeReasons(P, tax, normalize);
    var byId = {};
    P.items.forEach(function (p) { byId[p.id] = p; });
    var entry = A.layers[P.layer];
    var counter = document.getElementById('atlas-count');
    var message = document.getElementById('atlas-filter-msg');
    var search = document.getElementById('atlas-search');
    var state = {};

    function cityOf(query) { return P.cities[normalize(query)] || null; }
    function beltOf(query) {
      // the same key as atlas.model.query.belt_key
      var q = normalize(query).replace(/秦创原/g, '').replace(/业/g, '');
      return P.belts[q] || null;
    }

    // do two names mean the same filter? (#sector=photovoltaic lights the 光伏 button)
    function same(key, a, b) {
      if (!a || !b) return false;
      if (a === b) return true;
      var pick = { sector: tax.resolve, cluster: tax.resolveCluster, 'new-city': cityOf, belt: beltOf }[key];
      if (!pick) return false;
      var x = pick(a), y = pick(b);
      if (Array.isArray(x)) return x.length > 0 && x.join('|') === y.join('|');
      return x !== null && x === y;
    }

    // the same rules as atlas.model.query.parks: every given filter must hold
    function match(state) {
      var problems = [];
      var keep = P.items.map(function () { return true; });
      function require(test) { P.items.forEach(function (p, i) { if (!test(p)) keep[i] = false; }); }
      if (state.sector) {
        var keys = tax.resolve(state.sector);
        if (!keys.length) problems.push(A.fmt(t.noSector, { q: state.sector }));
        // a park matches when one of its tags gives a reason (atlas.model.query.match_reasons)
        require(function (p) { return keys.length > 0 && reasons(state.sector, p.tags).length > 0; });
      }
      if (state.cluster) {
        var members = tax.resolveCluster(state.cluster);
        if (!members.length) problems.push(A.fmt(t.noCluster, { q: state.cluster }));
        require(function (p) { return p.tagged.some(function (s) { return members.indexOf(s) >= 0; }); });
      }
      if (state['new-city']) {
        var city = cityOf(state['new-city']);
        if (!city) problems.push(A.fmt(t.noCity, { q: state['new-city'] }));
        require(function (p) { return p.city === city; });
      }
      if (state.belt) {
        var belt = beltOf(state.belt);
        if (!belt) problems.push(A.fmt(t.noBelt, { q: state.belt }));
        require(function (p) { return p.belt === belt; });
      }
      if (state.q) {
        var q = normalize(state.q);
        require(function (p) { return p.search.some(function (n) { return n.indexOf(q) >= 0; }); });
      }
      return {
        ids: P.items.filter(function (p, i) { return keep[i]; }).map(function (p) { return p.id; }),
        problems: problems
      };
    }

    // why a listed park matched: one line per reason, its quote inside the expander
    function showReasons(box, list) {
      while (box.firstChild) box.removeChild(box.firstChild);
      box.hidden = !list.length;
      if (!list.length) return;
      var W = P.why;
      var summary = document.createElement('summary');
      summary.textContent = W.why + W.sep + list.map(function (r) {
        return P.sectors[r.sector].name + ' (' + W.how[r.how] + ')';
      }).join(W.comma);
      box.appendChild(summary);
      list.forEach(function (r) {
        var line = document.createElement('div');
        line.className = 'atlas-why-reason';
        line.setAttribute('data-how', r.how);
        line.setAttribute('data-basis', r.basis);
        line.setAttribute('data-sector', r.sector);
        line.textContent = P.sectors[r.sector].name + ' · ' + W.how_label + W.sep + W.how[r.how] +
          ' · ' + W.basis_label + W.sep + W.basis[r.basis] + (r.locator ? ' · ' + r.locator : '');
        box.appendChild(line);
        if (r.quote) {
          var q = document.createElement('blockquote');
          q.className = 'atlas-quote';
          q.textContent = '「' + r.quote + '」';
          box.appendChild(q);
        }
      });
    }

    function apply(next, opts) {
      opts = opts || {};
      state = next;
      var result = match(state);
      var visible = {};
      result.ids.forEach(function (id) { visible[id] = true; });
      P.items.forEach(function (p) {
        var shape = entry.features[p.id];
        if (visible[p.id]) { if (!entry.group.hasLayer(shape)) entry.group.addLayer(shape); }
        else if (entry.group.hasLayer(shape)) { shape.closePopup(); entry.group.removeLayer(shape); }
      });
      entry.labels.eachLayer(function (tip) {
        var on = !!visible[tip.atlasLabel.id];
        var el = tip.getElement && tip.getElement();
        if (el) el.style.display = on ? '' : 'none';
        tip.atlasHidden = !on;
      });
      // a map written for one sector (atlas map --sector) explains its parks by that term
      var term = state.sector || state.cluster || P.term || '';
      document.querySelectorAll('[data-atlas-park]').forEach(function (item) {
        var id = item.getAttribute('data-atlas-park');
        item.hidden = !visible[id];
        var box = item.querySelector('[data-atlas-why]');
        if (box) showReasons(box, visible[id] && term ? reasons(term, byId[id].tags) : []);
      });
      var n = result.ids.length;
      counter.setAttribute('data-atlas-visible', String(n));
      counter.textContent = n + ' / ' + P.total;
      message.textContent = result.problems.join(' ') || (n ? '' : t.noneMatch);
      document.querySelectorAll('[data-atlas-filter]').forEach(function (b) {
        var key = b.getAttribute('data-atlas-filter');
        var active = key === 'all'
          ? !KEYS.some(function (k) { return state[k]; })
          : same(key, state[key], b.getAttribute('data-atlas-value'));
        b.setAttribute('aria-pressed', active ? 'true' : 'false');
      });
      if (search && document.activeElement !== search) search.value = state.q || '';
      if (opts.write) {
        var frag = fragmentOf(state);
        var url = location.pathname + location.search + (frag ? '#' + frag : '');
        history.replaceState(null, '', url);
      }
      if (n && opts.zoom !== false) {
        A.zoomTo(result.ids.map(function (id) { return entry.features[id]; }), 12);
      }
      A.declutter();
      return result;
    }

    document.querySelectorAll('[data-atlas-filter]').forEach(function (b) {
      b.addEventListener('click', function () {
        var key = b.getAttribute('data-atlas-filter');
        var value = b.getAttribute('data-atlas-value');
        var next = Object.assign({}, state);
        if (key === 'all') next = {};
        else if (next[key] === value) delete next[key];
        else {
          if (key === 'sector' || key === 'cluster') { delete next.sector; delete next.cluster; }
          next[key] = value;
        }
        apply(next, { write: true });
      });
    });
    if (search) {
      search.addEventListener('input', function () {
        var next = Object.assign({}, state);
        if (search.value.trim()) next.q = search.value; else delete next.q;
        apply(next, { write: true, zoom: !!next.q || Object.keys(next).length > 0 });
      });
    }
    window.addEventListener('hashchange', function () { apply(parseFragment(location.hash)); });
    // the language switched (atlas/render/lang/bilingual.js): redraw the text, keep the view
    document.addEventListener('atlas:lang', function () { apply(state, { zoom: false }); });
    // labels re-added by Leaflet (a layer switched back on) keep their filter
    A.map.on('zoomend layeradd', function () {
      entry.labels.eachLayer(function (tip) {
        var el = tip.getElement && tip.getElement();
        if (el) el.style.display = tip.atlasHidden ? 'none' : '';
      });
    });

    var initial = parseFragment(location.hash);
    apply(initial, { zoom: Object.keys(initial).length > 0 });

    A.parks = {
      normalize: normalize,
      resolve: tax.resolve,
      resolveCluster: tax.resolveCluster,
      cityOf: cityOf,
      beltOf: beltOf,
      match: match,
      reasons: function (query, id) { return reasons(query, byId[id].tags); },
      apply: function (s) { return apply(s, { write: true }); },
      state: function () { return Object.assign({}, state); },
      parseFragment: parseFragment
    };
  };
})(window.AtlasMap);
