/* A planner's list on the map (atlas build --points): clustered by Leaflet.markercluster,
 * filtered with the parks page's sector / cluster / new-city / belt filter, counted per
 * park in the side panel. The data are integer columns (see atlas/render/web/points.py). */
(function (A) {
  A.extras = A.extras || [];
  A.extras.push(function (A) {
    var node = document.getElementById('atlas-points');
    var block = document.getElementById('atlas-points-data');
    if (!node || !block) return;
    var P = JSON.parse(block.textContent);
    var n = P.x.length;
    var renderer = L.canvas({ padding: 0.2 });
    var markers = new Array(n);
    var shifted = !!A.shifted;  // on the Gaode basemap (GCJ-02), as the other layers

    // the GCJ-02 offset, interpolated in the grid the page carries (points.py shifted())
    function offset(lon, lat) {
      var g = P.shift;
      var fx = (lon - g.x0) / g.step, fy = (lat - g.y0) / g.step;
      var i = Math.min(Math.max(Math.floor(fx), 0), g.nx - 2);
      var j = Math.min(Math.max(Math.floor(fy), 0), g.ny - 2);
      var tx = fx - i, ty = fy - j;
      function mix(v) {
        return ((1 - tx) * (1 - ty) * v[j * g.nx + i] + tx * (1 - ty) * v[j * g.nx + i + 1] +
                (1 - tx) * ty * v[(j + 1) * g.nx + i] + tx * ty * v[(j + 1) * g.nx + i + 1]) / 1e6;
      }
      return [mix(g.dx), mix(g.dy)];
    }

    function latLngOf(k) {
      var lon = (P.x0 + P.x[k]) * P.step, lat = (P.y0 + P.y[k]) * P.step;
      if (shifted && P.shift) {
        var d = offset(lon, lat);
        lon += d[0];
        lat += d[1];
      }
      return L.latLng(lat, lon);
    }

    function makeMarker(k) {
      var m = L.circleMarker(latLngOf(k), {
        renderer: renderer, radius: 4, weight: 1, color: P.edge, fillColor: P.color,
        fillOpacity: 0.9
      });
      if (P.names || P.values) {
        var text = [P.names ? P.names[k] : '', P.values && P.values[k] !== null ? String(P.values[k]) : '']
          .filter(function (s) { return s; }).join(' · ');
        if (text) m.bindTooltip(document.createTextNode(text));
      }
      return m;
    }
    for (var i = 0; i < n; i++) markers[i] = makeMarker(i);
    // markercluster needs the map's deepest zoom; a page without tiles sets none
    if (A.map.getMaxZoom() === Infinity) A.map.setMaxZoom(18);
    // chunked: a large list is clustered in slices, the page stays responsive meanwhile;
    // doneMs says when the last slice of the latest change was clustered (benchmarks)
    function makeGroup() {
      return L.markerClusterGroup({
        chunkedLoading: true, showCoverageOnHover: false, disableClusteringAtZoom: 16,
        chunkProgress: function (done, total) { if (done === total) A.points.doneMs = performance.now(); }
      });
    }
    // every point is clustered once, in its own group; a filter gets a group of its own (new
    // markers: one marker cannot sit in two groups), kept for the last few filters, so that
    // going back to every point or to a recent filter only swaps groups
    var base = makeGroup();
    var kept = {}, order = [], KEEP = 6;
    var group = null, baseFilled = false;
    var parkIndex = {};
    P.parks.forEach(function (p, k) { parkIndex[p[0]] = k; });
    var rows = {};
    node.querySelectorAll('[data-atlas-points-park]').forEach(function (tr) {
      rows[tr.getAttribute('data-atlas-points-park')] = tr.querySelector('[data-atlas-points-n]');
    });
    var shown = document.getElementById('atlas-points-shown');
    var current = null;

    // which points a filter keeps: {sectors: keys, members: a cluster's keys, city: id,
    // belt: id}, each required when given; a key left out is no filter, and an unknown name
    // (no keys, a null id) keeps nothing, as on the parks
    function keep(f) {
      f = f || {};
      function meets(set, keys) {
        return !keys || set.some(function (k) { return keys.indexOf(P.sectors[k]) >= 0; });
      }
      var setOk = P.sets.map(function (set) {
        return meets(set, f.sectors) && meets(set, f.members);
      });
      var placeOk = P.places.map(function (pl) {
        if (f.city !== undefined && pl[0] !== f.city) return false;
        if (f.belt !== undefined && pl[2] !== f.belt) return false;
        return true;
      });
      var out = new Uint8Array(n);
      for (var i = 0; i < n; i++) out[i] = setOk[P.s[i]] && placeOk[P.w[i]] ? 1 : 0;
      return out;
    }

    function count(mask) {
      var perPark = {}, total = 0;
      for (var i = 0; i < n; i++) {
        if (!mask[i]) continue;
        total += 1;
        var pid = P.places[P.w[i]][1];
        perPark[pid] = (perPark[pid] || 0) + 1;
      }
      return { total: total, parks: perPark };
    }

    function use(next) {
      if (group === next) return;
      if (group) A.map.removeLayer(group);
      group = next;
      A.map.addLayer(group);
      A.points.group = group;
    }

    var shownMask = null, shownKey = null;
    function show(mask, key) {
      shownMask = mask;
      shownKey = key;
      var c = count(mask);
      if (c.total === n) {
        use(base);
        if (!baseFilled) {
          baseFilled = true;
          base.addLayers(markers);
        } else {
          A.points.doneMs = performance.now();
        }
      } else if (kept[key]) {
        use(kept[key]);
        A.points.doneMs = performance.now();
      } else {
        var chosen = [];
        for (var i = 0; i < n; i++) if (mask[i]) chosen.push(makeMarker(i));
        var g = makeGroup();
        kept[key] = g;
        order.push(key);
        if (order.length > KEEP) delete kept[order.shift()];
        use(g);
        g.addLayers(chosen);
      }
      Object.keys(rows).forEach(function (pid) {
        var k = c.parks[pid] || 0;
        rows[pid].textContent = String(k);
        rows[pid].setAttribute('data-atlas-points-n', String(k));
      });
      shown.setAttribute('data-atlas-points-shown', String(c.total));
      shown.textContent = A.fmt(P.t.shown, { n: c.total });
      return c;
    }

    A.points = {
      group: null,  // the cluster group on the map now
      markers: markers,  // every point's marker (the group of no filter), in the list's order

      count: function (f) { return count(keep(f)); },
      filter: function (f) {
        var key = JSON.stringify(f || {});
        if (key === current) return null;
        current = key;
        var t0 = performance.now();
        var c = show(keep(f), key);
        A.points.lastMs = performance.now() - t0;
        return c;
      }
    };
    A.points.filter({});
    // the basemap's datum changed (atlas.js sets data-atlas-datum): move every point
    new MutationObserver(function () {
      var now = document.documentElement.getAttribute('data-atlas-datum') === 'gcj02';
      if (now === shifted) return;
      shifted = now;
      // markers are moved outside their group, then clustered again; filters' groups go
      if (group) A.map.removeLayer(group);
      group = null;
      base.clearLayers();
      baseFilled = false;
      for (var k = 0; k < n; k++) markers[k].setLatLng(latLngOf(k));
      kept = {};
      order = [];
      show(shownMask, shownKey);
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-atlas-datum'] });
  });
})(window.AtlasMap);
