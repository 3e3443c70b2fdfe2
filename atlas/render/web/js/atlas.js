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
  // the per-vertex GCJ-02 offsets (millionths of a degree, in the same vertex order).
  function toLatLngs(coords, deltas, shifted, state) {
    if (typeof coords[0] === 'number') {
      var lon = coords[0], lat = coords[1];
      if (shifted && deltas) {
        lon += deltas[state.i] / 1e6;
        lat += deltas[state.i + 1] / 1e6;
      }
      state.i += 2;
      return [lat, lon];
    }
    return coords.map(function (c) { return toLatLngs(c, deltas, shifted, state); });
  }

  function latLngsOf(g, deltas, shifted) {
    return toLatLngs(g.c, deltas, shifted, { i: 0 });
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
      box.appendChild(el('div', { cls: 'atlas-popup-label', text: p.srcLabel }));
      p.src.forEach(function (s) {
        box.appendChild(el('blockquote', { cls: 'atlas-quote' }, [
          el('div', { text: '「' + s.quote + '」' }),
          el('cite', { text: s.file + ' · ' + s.locator + (s.field && s.field !== '*' ? ' · ' + s.field : '') })
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
      }
      group.addLayer(shape);
      entry.features[f.id] = shape;
      entry.list.push(shape);
      if (f.lab) labels.addLayer(makeLabel(f.lab, spec.labelClass));
    });
    A.layers[spec.id] = entry;
    if (spec.show !== false) showLayer(map, spec.id, true);
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

  // Hide labels that would overlap one already placed, most important first
  // (layer spec labelPriority); run after every zoom, toggle or filter.
  function declutter() {
    if (!A.map) return;
    var items = [];
    A.order.forEach(function (id, index) {
      var entry = A.layers[id];
      if (!entry || !entry.on) return;
      var priority = entry.spec.labelPriority || 0;
      entry.labels.eachLayer(function (tip) {
        var outer = tip.getElement && tip.getElement();
        if (!outer || outer.style.display === 'none' || !outer.firstChild) return;
        items.push({ outer: outer, node: outer.firstChild, tip: tip, priority: priority, index: index,
                     rank: tip.atlasLabel.pr || 0 });
      });
    });
    items.sort(function (a, b) { return (b.priority - a.priority) || (b.index - a.index) || (b.rank - a.rank); });
    // the map's own controls are obstacles too: a label under them could not be read
    var box = A.map.getContainer().getBoundingClientRect();
    var placed = [];
    A.map.getContainer().querySelectorAll('.leaflet-control').forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (r.width && r.height) placed.push(r);
    });
    // write, then read every box at once, then decide: one layout, not one per label
    items.forEach(function (item) { item.node.style.transform = placement(item.tip.atlasDir, item.tip.atlasOff); });
    items.forEach(function (item) {
      var r = item.node.getBoundingClientRect();
      item.box = { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
    });
    function clear(r) {
      if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom) return false;
      return !placed.some(function (p) {
        return r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top;
      });
    }
    items.forEach(function (item) {
      var r = item.box;
      item.show = clear(r);
      item.shift = 0;
      // a label to the right of its symbol may go to the left of it instead
      if (!item.show && item.tip.atlasDir === 'right') {
        var off = item.tip.atlasOff[0];
        var shift = -(r.width + 2 * off);
        var moved = { left: r.left + shift, right: r.right + shift, top: r.top, bottom: r.bottom };
        if (clear(moved)) { item.show = true; item.shift = shift; r = moved; }
      }
      if (item.show) placed.push(r);
    });
    items.forEach(function (item) {
      item.outer.style.visibility = item.show ? '' : 'hidden';
      if (item.shift) item.node.style.transform = placement('left', item.tip.atlasOff);
    });
  }
  A.declutter = declutter;

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

  function setBasemap(id) {
    var spec = null;
    A.data.basemaps.forEach(function (b) { if (b.id === id) spec = b; });
    if (!spec) return;
    if (A.tiles) { A.map.removeLayer(A.tiles); A.tiles = null; }
    if (spec.url) {
      A.tiles = L.tileLayer(spec.url, {
        attribution: spec.attr || '', subdomains: spec.sub || 'abc', maxZoom: spec.maxZoom || 18,
        maxNativeZoom: spec.maxNativeZoom || spec.maxZoom || 18
      });
      A.tiles.addTo(A.map);
      if (spec.overlay) {
        A.tiles = L.layerGroup([A.tiles, L.tileLayer(spec.overlay, {
          subdomains: spec.sub || 'abc', maxZoom: spec.maxZoom || 18
        })]).addTo(A.map);
      }
    }
    A.basemap = id;
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
      var box = el('details', { cls: 'atlas-control atlas-layers', open: window.innerWidth > 720 ? 'open' : null });
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
      s.style.background = item.c;
      if (item.e) s.style.borderColor = item.e;
    }
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

  // fit to bounds, keeping clear of the layer control on a wide screen
  A.fit = function (b, maxZoom, animate) {
    var map = A.map;
    // Leaflet drops a new view asked for during a zoom animation: ask again after it
    if (map._animatingZoom) {
      map.once('zoomend', function () { A.fit(b, maxZoom, animate); });
      return;
    }
    var right = 20;
    var control = A.layerControl && A.layerControl.getContainer();
    if (control && control.open && map.getSize().x > 700) right = control.offsetWidth + 20;
    map.fitBounds(b, { paddingTopLeft: [20, 20], paddingBottomRight: [right, 20], maxZoom: maxZoom || 14,
                       animate: animate !== false });
  };

  A.zoomTo = function (shapes, maxZoom) {
    var b = boundsOf(shapes);
    if (!b.isValid()) return;
    A.fit(b, maxZoom);
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
    A.map = map;
    A.data = data;
    A.order = data.layers.map(function (s) { return s.id; });
    map.getContainer().classList.add('atlas-no-tiles');
    map.createPane('atlasLabels').style.zIndex = 650;  // above shapes, below tooltips and popups
    map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
    data.layers.forEach(function (spec) { buildLayer(map, spec); });
    A.layerControl = new LayerControl().addTo(map);
    var legendBox = document.getElementById('atlas-legend');
    if (legendBox) A.legend = new Legend(legendBox);
    else A.legend = new LegendControl().addTo(map).legend;
    var v = data.view.bounds;
    A.fit(L.latLngBounds([v[0][0], v[0][1]], [v[1][0], v[1][1]]), 13, false);
    if (data.basemap && data.basemap !== 'none') setBasemap(data.basemap);
    else document.documentElement.setAttribute('data-atlas-datum', 'wgs84');
    wireZoomButtons(document);
    // layers a page adds by itself (points.js), before the page's own script filters them
    A.extras.forEach(function (extra) { extra(A, data); });
    var hooks = A.pages[data.page];
    if (hooks) hooks(A, data);
    map.on('zoomend moveend', declutter);
    declutter();
    A.readyMs = performance.now();
    A.bootMs = A.readyMs - started;
    document.documentElement.setAttribute('data-atlas-ready', '1');
    return A;
  };

  A.pages = {};
  A.extras = [];
  global.AtlasMap = A;
  global.atlas = A;
})(window);
