/* Xixian Innovation Atlas: the map runtime shared by every page.
 *
 * Reads the page's JSON data island and draws it with Leaflet: vector layers,
 * labels, popups, a grouped layer control, legends and switchable basemaps
 * (overlays move to GCJ-02 on Gaode tiles). Text from the data is only ever
 * set with textContent or as DOM nodes, never parsed as HTML.
 */
(function (global) {
  'use strict';

  var A = {};

  // --- small DOM helpers ------------------------------------------------------------------

  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') node.textContent = String(v);
        else if (k === 'cls') node.className = v;
        else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, String(v));
      });
    }
    (kids || []).forEach(function (kid) {
      if (kid === null || kid === undefined) return;
      node.appendChild(typeof kid === 'string' ? document.createTextNode(kid) : kid);
    });
    return node;
  }
  A.el = el;

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }
  A.fmt = fmt;

  // --- geometry ---------------------------------------------------------------------------

  // GeoJSON-style nested [lon, lat] coordinates -> Leaflet [lat, lng], optionally moved by
  // the per-vertex GCJ-02 offsets (millionths of a degree, in the same vertex order; each
  // pair after the first is its difference from the one before: payload.deltas).
  function toLatLngs(coords, deltas, shifted, state) {
    if (typeof coords[0] === 'number') {
      var lon = coords[0], lat = coords[1];
      if (shifted && deltas) {
        state.x += deltas[state.i];
        state.y += deltas[state.i + 1];
        lon += state.x / 1e6;
        lat += state.y / 1e6;
      }
      state.i += 2;
      return [lat, lon];
    }
    return coords.map(function (c) { return toLatLngs(c, deltas, shifted, state); });
  }

  function latLngsOf(g, deltas, shifted) {
    return toLatLngs(g.c, deltas, shifted, { i: 0, x: 0, y: 0 });
  }
  A.latLngsOf = latLngsOf;

  function makeShape(g, ll, style) {
    if (g.t === 'Point') return L.circleMarker(ll, style);
    if (g.t === 'Polygon' || g.t === 'MultiPolygon') return L.polygon(ll, style);
    return L.polyline(ll, style);
  }

  function moveShape(layer, g, ll) {
    if (g.t === 'Point') layer.setLatLng(ll);
    else layer.setLatLngs(ll);
  }

  // --- popups and tooltips ----------------------------------------------------------------

  function popupNode(p) {
    var box = el('div', { cls: 'atlas-popup' });
    box.appendChild(el('h3', { text: p.title }));
    if (p.sub) box.appendChild(el('div', { cls: 'atlas-popup-sub', text: p.sub }));
    if (p.rows && p.rows.length) {
      var table = el('table');
      p.rows.forEach(function (row) {
        table.appendChild(el('tr', null, [el('th', { text: row[0] }), el('td', { text: row[1] })]));
      });
      box.appendChild(table);
    }
    (p.lists || []).forEach(function (list) {
      box.appendChild(el('div', { cls: 'atlas-popup-label', text: list[0] }));
      box.appendChild(el('ul', null, list[1].map(function (item) { return el('li', { text: item }); })));
    });
    (p.notes || []).forEach(function (note) {
      box.appendChild(el('p', { cls: 'atlas-note', text: note }));
    });
    if (p.src && p.src.length) {
      box.appendChild(el('div', { cls: 'atlas-popup-label', text: A.data.t.srcLabel }));
      p.src.forEach(function (s) {
        box.appendChild(el('blockquote', { cls: 'atlas-quote' }, [
          el('div', { text: '「' + s.quote + '」' }),
          el('cite', { text: s.cite })  // the plan's short title and locator (payload.sources)
        ]));
      });
    }
    return box;
  }
  A.popupNode = popupNode;

  // --- layers -----------------------------------------------------------------------------

  A.layers = {};      // layer id -> {spec, group, labels, features: {id: leaflet layer}}
  A.shifted = false;  // overlays in GCJ-02 (Gaode tiles) or WGS84

  // A permanent label: a non-interactive marker whose text is placed by CSS alone
  // (no layout reads while the page builds, unlike Leaflet's tooltips).
  function makeLabel(lab, cls) {
    var text = el('span', { cls: 'atlas-label-text' });
    String(lab.t).split('\n').forEach(function (line, i) {
      if (i) text.appendChild(el('br'));
      text.appendChild(document.createTextNode(line));
    });
    var dir = lab.dir || 'center';
    var off = lab.off || [0, 0];
    text.style.transform = placement(dir, off);
    var marker = L.marker(latLngsOf({ t: 'Point', c: lab.p }, lab.d, A.shifted), {
      icon: L.divIcon({ className: 'atlas-label ' + (cls || ''), html: text, iconSize: null, iconAnchor: [0, 0] }),
      interactive: false, keyboard: false, pane: 'atlasLabels'
    });
    marker.atlasLabel = lab;
    marker.atlasDir = dir;
    marker.atlasOff = off;
    return marker;
  }

  function placement(dir, off) {
    var x = off[0], y = off[1];
    if (dir === 'right') return 'translate(' + x + 'px, calc(-50% + ' + y + 'px))';
    if (dir === 'left') return 'translate(calc(-100% - ' + x + 'px), calc(-50% + ' + y + 'px))';
    if (dir === 'bottom') return 'translate(calc(-50% + ' + x + 'px), ' + y + 'px)';
    if (dir === 'top') return 'translate(calc(-50% + ' + x + 'px), calc(-100% - ' + y + 'px))';
    return 'translate(calc(-50% + ' + x + 'px), calc(-50% + ' + y + 'px))';
  }

  function buildLayer(map, spec) {
    var group = L.featureGroup();
    var labels = L.layerGroup();
    var entry = { spec: spec, group: group, labels: labels, features: {}, list: [] };
    spec.features.forEach(function (f) {
      var style = Object.assign({}, spec.style || {}, f.st || {});
      style.className = 'atlas-f atlas-l-' + spec.id;
      if (spec.interactive === false) style.interactive = false;
      var shape = makeShape(f.g, latLngsOf(f.g, f.d, A.shifted), style);
      shape.atlasFeature = f;
      shape.atlasLayer = spec.id;
      if (f.tip) {
        shape.bindTooltip(el('span', { text: f.tip }), { sticky: true, direction: 'top', className: 'atlas-tip' });
      }
      if (f.pop) {
        shape.bindPopup(function () { return popupNode(f.pop); }, { maxWidth: 380, minWidth: 240, autoPanPadding: [20, 20] });
        clearOfPanels(shape.getPopup().options);
      }
      group.addLayer(shape);
      entry.features[f.id] = shape;
      entry.list.push(shape);
      if (f.lab) labels.addLayer(makeLabel(f.lab, spec.labelClass));
    });
    A.layers[spec.id] = entry;
    if (spec.show !== false) {
      if (A.booting) {  // shapes now, labels after the first paint (see A.boot)
        group.addTo(map);
        entry.on = true;
      } else showLayer(map, spec.id, true);
    }
    return entry;
  }

  function showLayer(map, id, on) {
    var entry = A.layers[id];
    if (!entry) return;
    if (on) {
      entry.group.addTo(map);
      entry.labels.addTo(map);
    } else {
      map.removeLayer(entry.group);
      map.removeLayer(entry.labels);
    }
    entry.on = on;
    restack();
    if (A.legend) A.legend.refresh();
    declutter();
  }
  A.showLayer = function (id, on) { showLayer(A.map, id, on); };

  // Labels that are never dropped (parks, their targets, new cities): where no position is
  // clear they become a numbered callout, and the legend lists the number with the name.
  var KEEP = { 'atlas-label-park': 1, 'atlas-label-target': 1, 'atlas-label-city': 1 };
  var CANDIDATES = ['top', 'bottom', 'right', 'left', 'center'];

  // the parks' polygons on screen (client pixels), to keep labels off other parks
  function parkShapes() {
    var out = [], origin = A.map.getContainer().getBoundingClientRect();
    Object.keys(A.layers).forEach(function (id) {
      var entry = A.layers[id];
      if (!entry.on || entry.spec.schema !== 'parks' || entry.spec.kind !== 'polygon') return;
      entry.list.forEach(function (shape) {
        if (!shape.getLatLngs) return;
        var rings = [];
        (function walk(ll) {
          if (ll.length && ll[0] instanceof L.LatLng) {
            rings.push(ll.map(function (p) {
              var c = A.map.latLngToContainerPoint(p);
              return [c.x + origin.left, c.y + origin.top];
            }));
          } else ll.forEach(walk);
        })(shape.getLatLngs());
        var xs = [], ys = [];
        rings.forEach(function (r) { r.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
        out.push({ id: shape.atlasFeature.id, rings: rings, left: Math.min.apply(null, xs),
                   right: Math.max.apply(null, xs), top: Math.min.apply(null, ys), bottom: Math.max.apply(null, ys) });
      });
    });
    return out;
  }

  function inside(pt, rings) {  // even-odd over every ring
    var odd = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a[1] > pt[1]) !== (b[1] > pt[1]) && pt[0] < (b[0] - a[0]) * (pt[1] - a[1]) / (b[1] - a[1]) + a[0]) odd = !odd;
      }
    });
    return odd;
  }

  function segmentsCross(p, q, r, s) {
    function side(a, b, c) { return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]); }
    return side(p, q, r) * side(p, q, s) < 0 && side(r, s, p) * side(r, s, q) < 0;
  }

  function rectHitsShape(r, shape) {
    if (r.right <= shape.left || r.left >= shape.right || r.bottom <= shape.top || r.top >= shape.bottom) return false;
    var corners = [[r.left, r.top], [r.right, r.top], [r.right, r.bottom], [r.left, r.bottom]];
    if (corners.some(function (c) { return inside(c, shape.rings); })) return true;
    return shape.rings.some(function (ring) {
      return ring.some(function (a, i) {
        var b = ring[(i + 1) % ring.length];
        if (a[0] > r.left && a[0] < r.right && a[1] > r.top && a[1] < r.bottom) return true;
        return corners.some(function (c, k) { return segmentsCross(a, b, c, corners[(k + 1) % 4]); });
      });
    });
  }

  function boxOf(node) {
    var r = node.getBoundingClientRect();
    // a pixel of give: text halos may touch, letters may not
    return { left: r.left + 1, right: r.right - 1, top: r.top + 1, bottom: r.bottom - 1, width: r.width };
  }

  // Place labels most important first (never-dropped ones before the rest), each at the
  // first clear position; run after every zoom, toggle or filter.
  function declutter() {
    if (!A.map || A.booting) return;
    var items = [];
    A.order.forEach(function (id, index) {
      var entry = A.layers[id];
      if (!entry || !entry.on) return;
      var priority = entry.spec.labelPriority || 0;
      var keep = !!KEEP[entry.spec.labelClass];
      entry.labels.eachLayer(function (tip) {
        var outer = tip.getElement && tip.getElement();
        if (!outer || outer.style.display === 'none' || !outer.firstChild) return;
        // the number a never-dropped label shows where its name cannot fit
        if (keep && !outer.querySelector('.atlas-callout-num')) outer.appendChild(el('span', { cls: 'atlas-callout-num' }));
        items.push({ outer: outer, node: outer.firstChild, num: outer.lastChild, tip: tip, keep: keep,
                     priority: priority, index: index, rank: tip.atlasLabel.pr || 0 });
      });
    });
    items.sort(function (a, b) {
      return (b.keep - a.keep) || (b.priority - a.priority) || (b.index - a.index) || (b.rank - a.rank);
    });
    // the map's own controls are obstacles too: a label under them could not be read
    var box = A.map.getContainer().getBoundingClientRect();
    var placed = [];
    A.map.getContainer().querySelectorAll('.leaflet-control').forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (r.width && r.height) placed.push(r);
    });
    var shapes = parkShapes();
    function clear(r, own) {
      if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom) return false;
      if (placed.some(function (p) { return r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top; })) return false;
      return !shapes.some(function (s) { return s.id !== own && rectHitsShape(r, s); });
    }
    // write every default position, then read each label's size and point once (one
    // layout, not one per label); the other candidate boxes follow from placement()
    items.forEach(function (item) {
      item.outer.classList.remove('atlas-as-callout');
      item.callout = false;
      item.node.style.transform = placement(item.tip.atlasDir, item.tip.atlasOff);
    });
    items.forEach(function (item) {
      var r = item.node.getBoundingClientRect(), at = item.outer.getBoundingClientRect();
      // a label whose point is off the map is not shown, and is no callout either (its
      // number would be off the map too, and the legend would list what is not in view)
      item.off = at.left < box.left || at.left > box.right || at.top < box.top || at.top > box.bottom;
      item.boxes = [{ dir: null, box: shrunk(r.left, r.top, r.width, r.height) }];
      CANDIDATES.forEach(function (dir) {
        if (!item.keep && !(item.tip.atlasDir === 'right' && dir === 'left')) return;
        var o = spread(item.tip.atlasOff), w = r.width, h = r.height, x = at.left, y = at.top;
        // the box placement(dir, o) gives
        var left = dir === 'right' ? x + o[0] : dir === 'left' ? x - w - o[0] : x - w / 2 + o[0];
        var top = dir === 'bottom' ? y + o[1] : dir === 'top' ? y - h - o[1] : y - h / 2 + o[1];
        item.boxes.push({ dir: dir, box: shrunk(left, top, w, h) });
      });
    });
    // A name that fits nowhere becomes a number; numbers are placed first on the next
    // round, so the names around them make room (a few rounds settle it).
    var controls = placed.slice(), callouts = [];
    function placeNumbers() {
      callouts = items.filter(function (item) { return item.callout; });
      callouts.forEach(function (item, i) {
        item.outer.classList.add('atlas-as-callout');
        item.outer.style.visibility = '';
        item.num.textContent = String(i + 1);
        var spots = [[0, 0], [0, -14], [0, 14], [14, 0], [-14, 0]], chosen = null;
        spots.forEach(function (d) {
          if (chosen) return;
          item.num.style.transform = 'translate(calc(-50% + ' + d[0] + 'px), calc(-50% + ' + d[1] + 'px))';
          if (clear(boxOf(item.num), item.tip.atlasLabel.id)) chosen = d;
        });
        if (!chosen) item.num.style.transform = 'translate(-50%, -50%)';
        placed.push(boxOf(item.num));
      });
    }
    for (var round = 0, changed = true; changed && round < 10; round++) {
      placed = controls.slice();
      placeNumbers();
      changed = false;
      items.forEach(function (item) {
        if (item.callout || item.off) return;
        var own = item.tip.atlasLabel.id;
        item.show = false;
        item.choice = null;
        for (var i = 0; i < item.boxes.length; i++) {
          if (clear(item.boxes[i].box, own)) { item.show = true; item.choice = item.boxes[i]; break; }
        }
        if (item.show) placed.push(item.choice.box);
        else if (item.keep) { item.callout = true; changed = true; }
      });
    }
    if (changed) placeNumbers();  // rounds ran out: still give the last ones their numbers
    items.forEach(function (item) {
      if (item.callout) return;
      item.outer.style.visibility = item.show && !item.off ? '' : 'hidden';
      var c = item.choice;
      item.node.style.transform = placement(c && c.dir ? c.dir : item.tip.atlasDir,
                                            c && c.dir ? spread(item.tip.atlasOff) : item.tip.atlasOff);
    });
    calloutKey(callouts);
  }
  A.declutter = declutter;

  function shrunk(left, top, w, h) {  // as boxOf: a pixel of give
    return { left: left + 1, right: left + w - 1, top: top + 1, bottom: top + h - 1, width: w };
  }

  function spread(off) { return [Math.max(Math.abs(off[0]), 4), Math.max(Math.abs(off[1]), 4)]; }

  // the key of the numbered callouts, at the end of the legend
  function calloutKey(callouts) {
    var legend = document.getElementById('atlas-legend') ||
      (A.legend && A.legend._box) || null;
    if (!legend) return;
    var key = legend.querySelector('.atlas-callout-key');
    if (key) key.remove();
    if (!callouts.length) return;
    key = el('div', { cls: 'atlas-legend-section atlas-callout-key' },
             [el('div', { cls: 'atlas-legend-title', text: A.data.t.callouts })]);
    var list = el('ol', { cls: 'atlas-callout-list' });
    callouts.forEach(function (item, i) {
      list.appendChild(el('li', { 'data-atlas-callout': item.tip.atlasLabel.id, value: i + 1,
                                  text: String(item.tip.atlasLabel.t).replace(/\n/g, ' ') }));
    });
    key.appendChild(list);
    legend.appendChild(key);
  }

  // keep the drawing order of the data (context at the bottom, points on top)
  function restack() {
    A.order.forEach(function (id) {
      var entry = A.layers[id];
      if (entry && entry.on) entry.group.bringToFront();
    });
  }

  function shiftAll(shifted) {
    if (A.shifted === shifted) return;
    A.shifted = shifted;
    Object.keys(A.layers).forEach(function (id) {
      var entry = A.layers[id];
      entry.list.forEach(function (shape) {
        var f = shape.atlasFeature;
        moveShape(shape, f.g, latLngsOf(f.g, f.d, shifted));
      });
      entry.labels.eachLayer(function (tip) {
        var lab = tip.atlasLabel;
        tip.setLatLng(latLngsOf({ t: 'Point', c: lab.p }, lab.d, shifted));
      });
    });
    document.documentElement.setAttribute('data-atlas-datum', shifted ? 'gcj02' : 'wgs84');
    declutter();
  }

  // --- basemaps ---------------------------------------------------------------------------

  A.basemap = 'none';

  // An online basemap whose tiles fail (no network) says so on the map, in the page's
  // language, instead of leaving a grey map under a tile credit.
  function tileNotice(text) {
    if (A.notice) { A.notice.remove(); A.notice = null; }
    if (!text) return;
    A.notice = el('div', { cls: 'atlas-notice', role: 'status', text: text });
    A.map.getContainer().appendChild(A.notice);
  }

  function watchTiles(layer, spec) {
    var loaded = false;
    layer.on('tileload', function () { loaded = true; if (A.basemap === spec.id) tileNotice(null); });
    layer.on('tileerror', function () {
      if (!loaded && A.basemap === spec.id && !A.notice) tileNotice(fmt(A.data.t.tilesOffline, { name: spec.name }));
    });
  }

  function setBasemap(id) {
    var spec = null;
    A.data.basemaps.forEach(function (b) { if (b.id === id) spec = b; });
    if (!spec) return;
    if (A.tiles) { A.map.removeLayer(A.tiles); A.tiles = null; }
    tileNotice(null);
    A.basemap = id;
    if (spec.url) {
      A.tiles = L.tileLayer(spec.url, {
        attribution: spec.attr || '', subdomains: spec.sub || 'abc', maxZoom: spec.maxZoom || 18,
        maxNativeZoom: spec.maxNativeZoom || spec.maxZoom || 18
      });
      watchTiles(A.tiles, spec);
      A.tiles.addTo(A.map);
      if (spec.overlay) {
        A.tiles = L.layerGroup([A.tiles, L.tileLayer(spec.overlay, {
          subdomains: spec.sub || 'abc', maxZoom: spec.maxZoom || 18
        })]).addTo(A.map);
      }
    }
    shiftAll(!!spec.gcj);
    var container = A.map.getContainer();
    container.classList.toggle('atlas-no-tiles', !spec.url);
    Object.keys(A.layers).forEach(function (lid) {
      var entry = A.layers[lid];
      if (entry.spec.underTiles) {
        entry.group.setStyle({ fillOpacity: spec.url ? 0 : (entry.spec.style.fillOpacity || 0) });
      }
    });
    document.querySelectorAll('input[name="atlas-basemap"]').forEach(function (input) {
      input.checked = input.value === id;
    });
  }
  A.setBasemap = setBasemap;

  // --- controls: grouped layer switcher and legend -----------------------------------------

  var LayerControl = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var t = A.data.t;
      var box = el('details', { cls: 'atlas-control atlas-layers', open: A.panelStartsOpen() ? 'open' : null });
      box.appendChild(el('summary', { text: t.layers }));
      A.data.groups.forEach(function (g) {
        var members = A.data.layers.filter(function (s) { return s.group === g.id; });
        if (!members.length && g.id !== 'base') return;
        var section = el('div', { cls: 'atlas-layer-group', 'data-atlas-group': g.id });
        var boxes = [];
        var head = el('input', { type: 'checkbox', 'aria-label': g.name });
        section.appendChild(el('label', { cls: 'atlas-group-name' }, [head, ' ' + g.name]));
        members.forEach(function (s) {
          var cb = el('input', { type: 'checkbox', 'data-atlas-layer': s.id });
          cb.checked = s.show !== false;
          cb.addEventListener('change', function () { showLayer(A.map, s.id, cb.checked); sync(); });
          boxes.push(cb);
          var swatch = el('span', { cls: 'atlas-swatch atlas-swatch-' + (s.swatch || 'fill') });
          swatch.style.background = s.swatchColor;  // always set: atlas.maps.style.SWATCH_DEFAULT
          section.appendChild(el('label', { cls: 'atlas-layer-item' }, [
            cb, swatch, el('span', { text: s.name }), el('span', { cls: 'atlas-count', text: ' ' + s.features.length })
          ]));
        });
        function sync() {
          var on = boxes.filter(function (b) { return b.checked; }).length;
          head.checked = on === boxes.length && on > 0;
          head.indeterminate = on > 0 && on < boxes.length;
        }
        head.addEventListener('change', function () {
          boxes.forEach(function (b) {
            b.checked = head.checked;
            showLayer(A.map, b.getAttribute('data-atlas-layer'), head.checked);
          });
          sync();
        });
        sync();
        if (!boxes.length) head.disabled = true;
        if (g.id === 'base') {
          var radios = el('div', { cls: 'atlas-basemaps' }, [el('div', { cls: 'atlas-popup-label', text: t.tiles })]);
          A.data.basemaps.forEach(function (b) {
            var r = el('input', { type: 'radio', name: 'atlas-basemap', value: b.id });
            r.checked = b.id === A.basemap;
            r.addEventListener('change', function () { if (r.checked) setBasemap(b.id); });
            radios.appendChild(el('label', { cls: 'atlas-layer-item' }, [r, ' ' + b.name]));
          });
          if (A.data.basemapNote) radios.appendChild(el('div', { cls: 'atlas-note', text: A.data.basemapNote }));
          section.appendChild(radios);
        }
        box.appendChild(section);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  function swatchNode(item) {
    var kind = item.k || 'fill';
    var s = el('span', { cls: 'atlas-swatch atlas-swatch-' + kind });
    if (kind === 'line') {
      s.style.borderTopColor = item.c;
      s.style.borderTopWidth = (item.w || 2) + 'px';
      if (item.dash) s.style.borderTopStyle = 'dashed';
    } else if (kind === 'circle') {
      var d = 2 * (item.r || 6);
      s.style.width = d + 'px';
      s.style.height = d + 'px';
      s.style.background = item.c;
      if (item.e) s.style.borderColor = item.e;
    } else {
      // as the map draws it: a nearly empty fill stays nearly empty, a dashed edge dashed
      s.style.background = typeof item.o === 'number'
        ? 'color-mix(in srgb, ' + item.c + ' ' + Math.round(item.o * 100) + '%, transparent)' : item.c;
      if (item.e) s.style.borderColor = item.e;
      if (item.dash) { s.style.borderStyle = 'dashed'; s.style.borderWidth = '2px'; }
    }
    s.setAttribute('data-atlas-swatch', item.c);
    return s;
  }

  // The legend lives in the side panel (#atlas-legend) so it never hides the map; a page
  // without one gets it as a map control.
  function Legend(box) {
    this._box = box;
    this.refresh();
  }
  Legend.prototype.refresh = function () {
    var box = this._box;
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(el('summary', { text: A.data.t.legend }));
    A.data.layers.forEach(function (s) {
      if (!s.legend) return;
      if (!A.layers[s.id] || !A.layers[s.id].on) return;
      var section = el('div', { cls: 'atlas-legend-section', 'data-atlas-legend': s.id });
      section.appendChild(el('div', { cls: 'atlas-legend-title', text: s.legend.title || s.name }));
      s.legend.items.forEach(function (item) {
        section.appendChild(el('div', { cls: 'atlas-legend-item' }, [swatchNode(item), el('span', { text: item.l })]));
      });
      if (s.legend.note) section.appendChild(el('div', { cls: 'atlas-note', text: s.legend.note }));
      box.appendChild(section);
    });
  };

  var LegendControl = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd: function () {
      var box = el('details', { cls: 'atlas-control atlas-legend', open: 'open' });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      this.legend = new Legend(box);
      return box;
    }
  });

  // --- zooming ----------------------------------------------------------------------------

  function boundsOf(shapes) {
    var b = L.latLngBounds([]);
    shapes.forEach(function (s) {
      if (s.getBounds) b.extend(s.getBounds());
      else if (s.getLatLng) b.extend(s.getLatLng());
    });
    return b;
  }
  A.boundsOf = boundsOf;

  // the layer panel starts closed where it would hide the map: narrow screens and embeds
  A.PANEL_MIN_WIDTH = 900;
  A.panelStartsOpen = function () {
    var embedded;
    try { embedded = window.self !== window.top; } catch (e) { embedded = true; }
    return window.innerWidth >= A.PANEL_MIN_WIDTH && !embedded;
  };

  // The room the open map panels take, as Leaflet padding {tl, br} in pixels: a panel on
  // the right pads the right, one on the left the left; never more than half the map.
  function panelPadding(margin) {
    var map = A.map, m = map.getContainer().getBoundingClientRect();
    var left = margin, right = margin;
    map.getContainer().querySelectorAll('.atlas-control').forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (!r.width || !r.height) return;
      if (m.right - r.right < r.left - m.left) right = Math.max(right, m.right - r.left + margin);
      else left = Math.max(left, r.right - m.left + margin);
    });
    left = Math.min(left, m.width / 2);
    right = Math.min(right, m.width / 2);
    return { tl: L.point(left, margin), br: L.point(right, margin) };
  }
  A.panelPadding = panelPadding;

  // a popup's auto-pan keeps it clear of whatever panel is open when it opens
  function clearOfPanels(options) {
    Object.defineProperty(options, 'autoPanPaddingTopLeft', { get: function () { return panelPadding(20).tl; } });
    Object.defineProperty(options, 'autoPanPaddingBottomRight', { get: function () { return panelPadding(20).br; } });
  }

  // The closest zoom a feature's precision supports: its "mz" (atlas.model.measure.zoom_cap
  // for a 1 px viewport) plus log2 of the map's shorter side, snapped down; else fallback.
  A.zoomCap = function (f, fallback) {
    var cap = fallback || 13;
    if (f && typeof f.mz === 'number') {
      var size = A.map.getSize();
      cap = Math.min(cap, f.mz + Math.log2(Math.min(size.x, size.y)));
    }
    var snap = A.map.options.zoomSnap || 1;
    return Math.floor(cap / snap + 1e-9) * snap;
  };

  // fit to bounds, keeping clear of the open panels
  A.fit = function (b, maxZoom, animate) {
    var map = A.map;
    // Leaflet drops a new view asked for during a zoom animation: ask again after it
    if (map._animatingZoom) {
      map.once('zoomend', function () { A.fit(b, maxZoom, animate); });
      return;
    }
    var pad = panelPadding(20);
    map.fitBounds(b, { paddingTopLeft: pad.tl, paddingBottomRight: pad.br, maxZoom: maxZoom || 14,
                       animate: animate !== false });
  };

  A.zoomTo = function (shapes, maxZoom) {
    var b = boundsOf(shapes);
    if (!b.isValid()) return;
    // no closer than the least precise shape allows when it is shown alone
    var cap = Math.max.apply(null, shapes.map(function (s) { return A.zoomCap(s.atlasFeature, maxZoom); }));
    A.fit(b, cap);
  };

  A.focus = function (layerId, featureId) {
    var entry = A.layers[layerId];
    var shape = entry && entry.features[featureId];
    if (!shape) return;
    if (!entry.on) {
      showLayer(A.map, layerId, true);
      var cb = document.querySelector('input[data-atlas-layer="' + layerId + '"]');
      if (cb) cb.checked = true;
    }
    // open the popup once the map has arrived (its auto-pan would cut the zoom short);
    // the timer covers a view that does not move at all
    var opened = false;
    function open() {
      if (opened || !shape.getPopup()) return;
      opened = true;
      shape.openPopup(shape.getBounds ? shape.getBounds().getCenter() : shape.getLatLng());
    }
    A.map.once('moveend', open);
    A.zoomTo([shape], 13);
    setTimeout(open, 700);
  };

  // buttons rendered by the page: data-atlas-zoom="layer:feature"
  function wireZoomButtons(root) {
    root.querySelectorAll('[data-atlas-zoom]').forEach(function (node) {
      node.addEventListener('click', function () {
        var parts = node.getAttribute('data-atlas-zoom').split(':');
        A.focus(parts[0], parts.slice(1).join(':'));
      });
    });
  }

  /** Features currently drawn, per layer id (SVG paths in the overlay pane). */
  A.drawn = function () {
    var out = {};
    Object.keys(A.layers).forEach(function (id) {
      out[id] = A.map.getContainer().querySelectorAll('path.atlas-l-' + id).length;
    });
    return out;
  };

  // --- boot -------------------------------------------------------------------------------

  A.boot = function (map, dataId) {
    var started = performance.now();
    var data = JSON.parse(document.getElementById(dataId).textContent);
    // opened with ?lang= for the other language: draw once, in it, when its patch is in
    var L10n = global.AtlasL10n, opening = L10n && L10n.opening && L10n.opening();
    var patched = opening && L10n.ready();
    if (patched) {
      patched.then(function (l10n) {
        L10n.patch(data, l10n, opening);
        draw(map, data, started);
      }, function () { draw(map, data, started); });  // no patch: the page's own words
      return A;
    }
    return draw(map, data, started);
  };

  function draw(map, data, started) {
    A.map = map;
    A.data = data;
    A.booting = true;  // labels are placed once, at the end, not after every layer
    A.order = data.layers.map(function (s) { return s.id; });
    map.getContainer().classList.add('atlas-no-tiles');
    map.createPane('atlasLabels').style.zIndex = 650;  // above shapes, below tooltips and popups
    map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
    data.layers.forEach(function (spec) { buildLayer(map, spec); });
    restack();
    // the layer list and the legend before the view: the view keeps clear of them
    A.layerControl = new LayerControl().addTo(map);
    var legendBox = document.getElementById('atlas-legend');
    if (legendBox) A.legend = new Legend(legendBox);
    else A.legend = new LegendControl().addTo(map).legend;
    var v = data.view.bounds;
    A.fit(L.latLngBounds([v[0][0], v[0][1]], [v[1][0], v[1][1]]), 13, false);
    A.drawnMs = performance.now();  // the features are in the document
    // labels, basemap and the page's own panels wait until the shapes are painted:
    // a frame, then a task after it (a hidden page gets no frame, hence the timer too)
    var done = false;
    function rest() {
      if (done) return;
      done = true;
      finish(map, data, started);
    }
    requestAnimationFrame(function () { setTimeout(rest, 0); });
    setTimeout(rest, 200);
    return A;
  }

  function finish(map, data, started) {
    A.order.forEach(function (id) {
      var entry = A.layers[id];
      if (entry && entry.on) entry.labels.addTo(map);
    });
    if (data.basemap && data.basemap !== 'none') setBasemap(data.basemap);
    else document.documentElement.setAttribute('data-atlas-datum', 'wgs84');
    wireZoomButtons(document);
    // layers a page adds by itself (points.js), before the page's own script filters them
    A.extras.forEach(function (extra) { extra(A, data); });
    var hooks = A.pages[data.page];
    if (hooks) hooks(A, data);
    map.on('zoomend moveend', declutter);
    A.booting = false;
    declutter();
    A.readyMs = performance.now();
    A.bootMs = A.readyMs - started;
    document.documentElement.setAttribute('data-atlas-ready', '1');
  }

  A.pages = {};
  A.extras = [];
  global.AtlasMap = A;
  global.atlas = A;
})(window);
