/* Xixian Innovation Atlas: the parks page. Filter by sector, cluster, new city or belt,
 * search (names, aliases, sectors, anchor projects, new cities), a park list beside the map,
 * a counter and the total of the targets, chips counting what they would give, deep links in
 * the URL fragment (#sector=光伏, #cluster=新能源, #new-city=泾河新城, #belt=…, #q=…) with one
 * history entry per filter change, and the filtered parks taken away: link, CSV, GeoJSON,
 * print, and the `atlas figure` command.
 *
 * Names are matched exactly as atlas.model.sector.normalize + Taxonomy.resolve do in Python:
 * NFKC, case folding (Python's casefold, via the fold table in the data), whitespace
 * runs collapsed to one space and trimmed. The normalized names are built in Python and
 * embedded (each sector's own names and synonyms), so both sides share one source of truth.
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

  // payload.taxonomy_index's names, {normalized name: sorted keys}, from each sector's own
  // names and synonyms (payload.sector_index), which together are the same names
  function nameIndex(sectors) {
    var names = {};
    Object.keys(sectors).sort().forEach(function (key) {
      sectors[key].own.concat(sectors[key].syn).forEach(function (n) {
        var keys = names[n] || (names[n] = []);
        if (keys.indexOf(key) < 0) keys.push(key);
      });
    });
    return names;
  }

  function Taxonomy(tax, normalize) {
    this.names = tax.names;
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

  // atlas.model.query.search_fields, rebuilt from a park's compact groups (payload.search_groups):
  // [kind, text | [normalized, shown], ...], the "sector" group naming keys whose fields the
  // page holds once (findSectors: [shown, normalized, ...]); read at each search, so that a
  // language switch, which rewrites the shown names in place, is followed
  function searchFields(groups, sectors) {
    var out = [];
    groups.forEach(function (g) {
      for (var i = 1; i < g.length; i++) {
        if (g[0] === 'sector') {
          var s = sectors[g[i]];
          for (var j = 1; j < s.length; j++) out.push(['sector', s[j], s[0]]);
        } else if (typeof g[i] === 'string') {
          out.push([g[0], g[i], g[i]]);
        } else {
          out.push([g[0], g[i][0], g[i][1]]);
        }
      }
    });
    return out;
  }

  // atlas.model.query.term_in: a Latin letter or digit at either end of a term must meet a
  // word boundary ("ai" is not in "airport"); Chinese matches anywhere
  function isWord(ch) { return !!ch && /^[A-Za-z0-9]$/.test(ch); }
  function termIn(term, text) {
    var start = text.indexOf(term);
    while (start >= 0) {
      var end = start + term.length;
      var leftOk = !isWord(term[0]) || start === 0 || !isWord(text[start - 1]);
      var rightOk = !isWord(term[term.length - 1]) || end === text.length || !isWord(text[end]);
      if (leftOk && rightOk) return true;
      start = text.indexOf(term, start + 1);
    }
    return false;
  }

  // atlas.model.query.search_hits: [[term, kind, shown]] or null; the terms combine with AND
  function searchHits(fields, terms) {
    var hits = [];
    for (var i = 0; i < terms.length; i++) {
      var found = null;
      for (var j = 0; j < fields.length; j++) {
        if (termIn(terms[i], fields[j][1])) { found = fields[j]; break; }
      }
      if (!found) return null;
      hits.push([terms[i], found[0], found[2]]);
    }
    return hits;
  }

  // atlas.maps.words.amount
  function amount(v) {
    return Number.isInteger(v) ? v.toLocaleString('en-US')
      : v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  }

  // atlas.model.query.target_total + atlas.maps.words.target_total_text
  function totalText(items, tw, qual, fmt) {
    var shares = {}, stated = 0;
    items.forEach(function (p) {
      var v = p.row[3];
      if (v === null || v === undefined || v !== v) return;
      stated += 1;
      shares[p.q] = (shares[p.q] || 0) + v;
    });
    var keys = Object.keys(shares).sort(function (a, b) {
      return shares[b] - shares[a] || (a < b ? -1 : a > b ? 1 : 0);
    });
    var text;
    if (!stated) text = tw.none;
    else {
      var total = keys.reduce(function (sum, k) { return sum + shares[k]; }, 0);
      text = fmt(tw.lead, { v: amount(total) });
      var parts = keys.filter(function (k) { return k; }).map(function (k) {
        return fmt(tw.part, { v: amount(shares[k]), q: qual[k] || k });
      });
      if (parts.length) text += tw.parts + parts.join(tw.sep);
    }
    var missing = items.length - stated;
    if (missing && stated) text += tw.missing_sep + fmt(tw.missing, { n: missing });
    return text;
  }

  // RFC 7946: exterior rings counter-clockwise, holes clockwise
  function ringArea(r) {
    var s = 0;
    for (var i = 0; i < r.length - 1; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
    return s / 2;
  }
  function orient(rings) {
    return rings.map(function (r, i) { return (i === 0) === (ringArea(r) > 0) ? r : r.slice().reverse(); });
  }
  function geojsonGeometry(g) {
    if (g.t === 'Polygon') return { type: g.t, coordinates: orient(g.c) };
    if (g.t === 'MultiPolygon') return { type: g.t, coordinates: g.c.map(orient) };
    return { type: g.t, coordinates: g.c };
  }

  function csvCell(v) {
    var s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function shellWord(s) {
    return /^[A-Za-z0-9_.\-\u00b7\u3400-\u9fff]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";
  }

  function save(name, text, type) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 10000);
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
    var tax = new Taxonomy({ names: nameIndex(P.sectors), members: P.tax.members }, normalize);
    var reasons = makeReasons(P, tax, normalize);
    var byId = {};
    P.items.forEach(function (p) { byId[p.id] = p; });
    var entry = A.layers[P.layer];
    var counter = document.getElementById('atlas-count');
    var message = document.getElementById('atlas-filter-msg');
    var search = document.getElementById('atlas-search');
    var W = P.w;
    var totalBox = document.getElementById('atlas-total');
    var state = {};
    var typing = false;  // a run of keystrokes in the search box makes one history entry
    var v0 = data.view.bounds;
    var home = L.latLngBounds([v0[0][0], v0[0][1]], [v0[1][0], v0[1][1]]);
    // "no results" sits on the map, where the eye is, not at the top of the side panel
    var none = L.DomUtil.create('div', 'atlas-map-none', A.map.getContainer());
    none.setAttribute('role', 'status');
    none.hidden = true;
    var North = L.Control.extend({
      options: { position: 'topright' },
      onAdd: function () {
        var box = L.DomUtil.create('div', 'atlas-north');
        box.setAttribute('role', 'img');
        box.setAttribute('aria-label', W.north);
        box.appendChild(document.createElement('span')).textContent = '▲';
        box.appendChild(document.createElement('span')).textContent = W.north;
        return box;
      }
    });
    new North().addTo(A.map);

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
      var hits = {};
      if (state.q) {
        var terms = normalize(state.q).split(' ').filter(function (x) { return x; });
        require(function (p) {
          var found = searchHits(searchFields(p.find, P.findSectors), terms);
          if (found) hits[p.id] = found;
          return !!found;
        });
      }
      return {
        ids: P.items.filter(function (p, i) { return keep[i]; }).map(function (p) { return p.id; }),
        problems: problems,
        hits: hits
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

    // what the search found in a listed park: "隆基 → 重点项目 隆基光伏产业链项目"
    function showHits(item, list) {
      var box = item.querySelector('[data-atlas-hit]');
      if (!box) {
        box = document.createElement('div');
        box.className = 'atlas-hit';
        box.setAttribute('data-atlas-hit', item.getAttribute('data-atlas-park'));
        item.insertBefore(box, item.querySelector('[data-atlas-why]'));
      }
      box.hidden = !list;
      box.textContent = list ? W.matched + list.map(function (h) {
        return h[0] + ' → ' + W.kinds[h[1]] + ' ' + h[2];
      }).join(W.filter_sep) : '';
    }

    // the chip's count: parks it gives together with the filters already on
    function gives(key, value) {
      if (key === 'all') return P.total;
      var next = Object.assign({}, state);
      if (key === 'sector' || key === 'cluster') { delete next.sector; delete next.cluster; }
      next[key] = value;
      return match(next).ids.length;
    }

    function filterWords() {
      var all = withBase();
      return KEYS.filter(function (k) { return all[k]; }).map(function (k) {
        return A.fmt(W.filter_item, { key: W.filter_keys[k], value: all[k] });
      }).join(W.filter_sep);
    }

    // a map written for a filter (atlas map --sector …) keeps it in names and the command
    function withBase() { return Object.assign({}, P.base, state); }

    function fileName(ext) {
      var all = withBase();
      return ['parks'].concat(KEYS.filter(function (k) { return all[k]; }).map(function (k) {
        return String(all[k]).trim().replace(/[\\/:*?"<>|\s]+/g, '_');
      })).join('-') + '.' + ext;
    }

    function figureCommand() {
      var opts = { sector: '--sector', cluster: '--cluster', 'new-city': '--new-city', belt: '--belt' };
      var words = ['atlas', 'figure', 'parks'];
      var all = withBase();
      Object.keys(opts).forEach(function (k) { if (all[k]) words.push(opts[k], shellWord(all[k])); });
      words.push('--lang', data.lang, '--size', 'a4-landscape', '--dpi', '300', '--out', shellWord(fileName('png')));
      return words.join(' ');
    }

    function shownItems() {
      return match(state).ids.map(function (id) { return byId[id]; });
    }

    // the date the atlas was built (its data's), not the day it is printed
    function printed() {
      document.getElementById('atlas-printed').textContent = A.fmt(W.printed, { date: P.built, version: P.version });
    }

    // the print layout: title naming the filter, the filtered table and its total
    function showPrint(ids, total) {
      var what = filterWords();
      document.getElementById('atlas-print-title').textContent = what
        ? A.fmt(W.print_filter, { what: what, n: ids.length, total: P.total })
        : A.fmt(W.print_all, { n: P.total });
      var body = document.querySelector('#atlas-print-table tbody');
      while (body.firstChild) body.removeChild(body.firstChild);
      ids.forEach(function (id) {
        var p = byId[id];
        var tr = document.createElement('tr');
        [p.row[0], p.row[1], p.row[2], p.label].forEach(function (v) {
          tr.appendChild(document.createElement('td')).textContent = v;
        });
        body.appendChild(tr);
      });
      document.getElementById('atlas-print-total').textContent = total;
    }

    function write(mode) {
      var frag = fragmentOf(state);
      if (fragmentOf(parseFragment(location.hash)) === frag && (frag || !location.hash)) return;
      var url = location.pathname + location.search + (frag ? '#' + frag : '');
      if (mode === 'push') history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }

    // the planner's points follow the same filters (not the search, which is about parks)
    function pointFilter(state) {
      var f = {};
      if (state.sector) f.sectors = tax.resolve(state.sector);
      if (state.cluster) f.members = tax.resolveCluster(state.cluster);
      if (state['new-city']) f.city = cityOf(state['new-city']);
      if (state.belt) f.belt = beltOf(state.belt);
      return f;
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
        showHits(item, visible[id] && result.hits[id] ? result.hits[id] : null);
      });
      if (A.points) A.points.filter(pointFilter(state));
      var n = result.ids.length;
      counter.setAttribute('data-atlas-visible', String(n));
      counter.textContent = n + ' / ' + P.total;
      // unknown names are named in the panel; "nothing matches" goes on the map
      message.textContent = result.problems.join(' ');
      none.hidden = n > 0;
      none.textContent = n ? '' : (result.problems.join(' ') || W.none_map);
      var total = totalText(result.ids.map(function (id) { return byId[id]; }), P.tw, P.qual, A.fmt);
      totalBox.textContent = total;
      document.querySelectorAll('[data-atlas-filter]').forEach(function (b) {
        var key = b.getAttribute('data-atlas-filter');
        var value = b.getAttribute('data-atlas-value');
        var active = key === 'all'
          ? !KEYS.some(function (k) { return state[k]; })
          : same(key, state[key], value);
        b.setAttribute('aria-pressed', active ? 'true' : 'false');
        var k = active ? n : gives(key, value);
        var span = b.querySelector('.atlas-count');
        if (span) span.textContent = '(' + k + ')';
        // a chip that gives nothing cannot be chosen (one that is on can always be turned off)
        var off = k === 0 && !active;
        b.disabled = off;
        if (off) b.setAttribute('aria-disabled', 'true'); else b.removeAttribute('aria-disabled');
        b.classList.toggle('atlas-empty', k === 0);
      });
      if (search && (opts.restore || document.activeElement !== search)) search.value = state.q || '';
      if (opts.write) write(opts.write);
      document.getElementById('atlas-figure-cmd').textContent = figureCommand();
      document.getElementById('atlas-figure-note').hidden = !state.q;
      showPrint(result.ids, total);
      if (n && opts.zoom !== false) {
        A.zoomTo(result.ids.map(function (id) { return entry.features[id]; }), 12);
      } else if (!KEYS.some(function (k) { return state[k]; }) && opts.zoom !== false && opts.home) {
        A.fit(home, 13);
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
        typing = false;
        apply(next, { write: 'push', home: true });
      });
    });
    if (search) {
      search.addEventListener('input', function () {
        var next = Object.assign({}, state);
        if (search.value.trim()) next.q = search.value; else delete next.q;
        apply(next, { write: typing ? 'replace' : 'push', home: true,
                      zoom: !!next.q || Object.keys(next).length > 0 });
        typing = true;
      });
      search.addEventListener('change', function () { typing = false; });
    }
    // Back and Forward step through filters; an edited fragment applies too (once)
    function fromLocation() {
      var next = parseFragment(location.hash);
      typing = false;
      if (fragmentOf(next) === fragmentOf(state)) return;
      apply(next, { home: true, restore: true });
    }
    window.addEventListener('popstate', fromLocation);
    window.addEventListener('hashchange', fromLocation);

    document.getElementById('atlas-copy').addEventListener('click', function () {
      var link = location.href;
      var box = document.getElementById('atlas-copy-box');
      var input = document.getElementById('atlas-link');
      var said = document.getElementById('atlas-copy-msg');
      function fallback() {
        // no clipboard API (or no permission): a selected box to copy from by hand
        box.hidden = false;
        input.value = link;
        input.focus();
        input.select();
        var ok = false;
        try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
        said.textContent = ok ? W.copied : '';
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(function () {
          box.hidden = true;
          said.textContent = W.copied;
        }, fallback);
      } else fallback();
    });
    document.getElementById('atlas-dl-csv').addEventListener('click', function () {
      var lines = [W.columns.map(csvCell).join(',')];
      shownItems().forEach(function (p) { lines.push(p.row.map(csvCell).join(',')); });
      save(fileName('csv'), '\ufeff' + lines.join('\r\n') + '\r\n', 'text/csv;charset=utf-8');
    });
    document.getElementById('atlas-dl-geojson').addEventListener('click', function () {
      var features = shownItems().map(function (p) {
        var r = p.row;
        return {
          type: 'Feature',
          properties: { id: p.id, name: r[0], new_city: r[1], sectors: r[2], output_target_2025: r[3],
                        target_qualifier: p.q, qualifier: r[4], target_wording_zh: r[5], source: r[6] },
          geometry: geojsonGeometry(entry.features[p.id].atlasFeature.g)
        };
      });
      save(fileName('geojson'), JSON.stringify({ type: 'FeatureCollection', features: features }, null, 1) + '\n',
           'application/geo+json');
    });
    // printing resizes the map: redraw it and fit the filtered parks on the paper
    function forPrint() {
      printed();
      A.map.invalidateSize(false);
      var ids = match(state).ids;
      A.fit(ids.length ? L.featureGroup(ids.map(function (id) { return entry.features[id]; })).getBounds() : home,
            12, false);
    }
    window.addEventListener('beforeprint', forPrint);
    window.addEventListener('afterprint', function () { A.map.invalidateSize(false); });
    if (window.matchMedia) {
      var media = window.matchMedia('print');
      if (media.addEventListener) media.addEventListener('change', function (e) { if (e.matches) forPrint(); });
    }
    document.getElementById('atlas-print').addEventListener('click', function () { window.print(); });
    printed();
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
      names: function () { return tax.names; },
      cityOf: cityOf,
      beltOf: beltOf,
      match: match,
      reasons: function (query, id) { return reasons(query, byId[id].tags); },
      apply: function (s) { return apply(s, { write: 'push' }); },
      state: function () { return Object.assign({}, state); },
      parseFragment: parseFragment,
      searchHits: function (text) {
        var terms = normalize(text).split(' ').filter(function (x) { return x; });
        var out = {};
        P.items.forEach(function (p) {
          var h = searchHits(searchFields(p.find, P.findSectors), terms);
          if (h) out[p.id] = h;
        });
        return out;
      },
      total: function () { return totalBox.textContent; },
      figureCommand: figureCommand,
      fileName: fileName,
      forPrint: forPrint
    };
  };
})(window.AtlasMap);
