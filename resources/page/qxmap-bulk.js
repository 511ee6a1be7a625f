/*
 * qxmap bulk roads.
 *
 * A very large road layer (render.bulk_min roads or more, packed data) is not made of
 * one Leaflet layer per road: each road is a RoadRef, a small object with the part of
 * a Leaflet path's interface the page uses (hidden flag, group, style, bounds, latlngs,
 * hit test, events through its group), and the renderer draws the roads straight from
 * the packed arrays, projected for the view in one pass.  Leaflet's per-layer work
 * (making, projecting, clipping every road on every zoom and pan) was most of the time
 * and memory of a page with 200,000 roads.  The drawing is the same (the same rounded
 * pixels, groups, styles and order); the draw tool snaps to them through a snap source
 * (bulkSnap), after the other layers' features.
 *
 * A large reference layer (a city's network imported with `qxmap import --as reference`:
 * render.bulk_min lines or more) is drawn the same way, one bulk per layer: not grouped
 * and never filtered, its lines are stroked where the layer comes in the drawing order,
 * in its one style (1 px wide where the view is dense with them), hit and snapped to as
 * Leaflet lines are.  Made as Leaflet layers, 180,000 such lines took seconds per pan.
 *
 * A page script loaded before qxmap-page.js: window.qxmapBulkRoads(core) gives the
 * page these functions, made with the few of its own they need (core: state,
 * GROUPED_LAYER, PACKED_SCALE, PackedFeature, batchKey, displayLatLng, groupOf, own,
 * project, styleFor, thinRun).
 */
(function () {
  "use strict";

  window.qxmapBulkRoads = function (core) {
    var state = core.state, GROUPED_LAYER = core.GROUPED_LAYER, PACKED_SCALE = core.PACKED_SCALE;
    var PackedFeature = core.PackedFeature, batchKey = core.batchKey, displayLatLng = core.displayLatLng;
    var groupOf = core.groupOf, own = core.own, project = core.project, styleFor = core.styleFor;
    var thinRun = core.thinRun;

    /* The bulk of layer *name* (its group *group*), or null where its features are Leaflet
       layers: the tracked roads, or a reference layer, with render.bulk_min lines or more. */
    function bulkFor(name, features, group) {
      var render = state.data.render;
      var min = render && typeof render.bulk_min === "number" ? render.bulk_min : Infinity;
      var grouped = name === GROUPED_LAYER;
      if (!(grouped || isReference(name)) || features.length < min || !features.length ||
          !(features[0] instanceof PackedFeature)) {
        return null;
      }
      if (!grouped) {  // (a land-use plan of areas: no bulk, and no arrays for nothing)
        var lines = 0;
        for (var f = 0; f < features.length; f++) { if (bulkLine(features[f])) { lines++; } }
        if (lines < Math.max(min, 1)) { return null; }
      }
      var src = features[0]._src;
      var n = src.coords[src.coords.length - 1] || 0;
      // Each vertex in spherical Mercator metres (L.Projection.SphericalMercator.project of its
      // display position), once: a view then needs only a scale, a shift and a rounding.
      var mx = new Float64Array(n), my = new Float64Array(n);
      var merc = L.Projection.SphericalMercator, R = merc.R, max = merc.MAX_LATITUDE, d = Math.PI / 180;
      for (var c = 0; c < n; c++) {
        var x = src.xy[2 * c] / PACKED_SCALE, y = src.xy[2 * c + 1] / PACKED_SCALE;
        if (state.transform) {
          var ll = project(L.latLng(y, x));
          y = ll.lat; x = ll.lng;
        }
        var la = Math.max(Math.min(max, y), -max), sin = Math.sin(la * d);
        mx[c] = R * x * d;
        my[c] = R * Math.log((1 + sin) / (1 - sin)) / 2;
      }
      // Each road's box in those metres: its pixel box at a view is then the box's corners
      // projected (rounding keeps the order of the values: the same box as its vertices give).
      var mbox = new Float64Array(4 * features.length);
      for (var i = 0; i < features.length; i++) {
        var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        var c1 = src.coords[src.rings[src.parts[i + 1]]];
        for (c = src.coords[src.rings[src.parts[i]]]; c < c1; c++) {
          if (mx[c] < minX) { minX = mx[c]; }
          if (mx[c] > maxX) { maxX = mx[c]; }
          if (my[c] < minY) { minY = my[c]; }
          if (my[c] > maxY) { maxY = my[c]; }
        }
        mbox[4 * i] = minX; mbox[4 * i + 1] = minY; mbox[4 * i + 2] = maxX; mbox[4 * i + 3] = maxY;
      }
      var anchor = L.polyline([], {renderer: state.renderer, interactive: false});
      // Each vertex's layer point at the view (bulkProject): whole pixels, as Leaflet rounds
      // them, within 2^28 of the pixel origin up to zoom 19: 32-bit integers hold them exactly
      // (200,000 roads: 7 MB where doubles took 14).
      var bulk = {src: src, features: features, refs: new Array(features.length), count: 0, group: group,
                  mx: mx, my: my, mbox: mbox, x: new Int32Array(n), y: new Int32Array(n),
                  box: new Float64Array(4 * features.length), extent: [0, 0, -1, -1], key: null, anchor: anchor, kept: null,
                  keptKey: null, keptByZoom: [], parents: {}, members: null,
                  grouped: grouped, layer: name, shown: null, thin: false, thinFor: null,
                  style: grouped ? null : bulkStyle(styleFor(name, {}, false))};
      anchor._qxBulkAnchor = true;
      anchor._qxBulk = bulk;
      bulk.parents[L.stamp(group)] = group;
      group.addLayer(anchor);
      group._qxBulkOf = bulk;
      if (grouped) { state.bulk = bulk; }
      state.bulks.push(bulk);
      return bulk;
    }

    function isReference(name) {
      var refs = state.data.reference_layers || [];
      for (var i = 0; i < refs.length; i++) { if (refs[i] && refs[i].layer === name) { return true; } }
      return false;
    }

    /* A reference bulk's lines still on the page (not replaced or removed since: see
       bulkMembers), in data order, projected for the view: what the canvas strokes where
       the layer comes and what its hit testing asks.  Made again only when an entry changed. */
    function bulkShown(bulk) {
      var shown = bulk.shown;
      if (!shown || shown.byId !== state.byId || shown.version !== state.byIdVersion) {
        var refs = bulk.refs, list = [];
        for (var i = 0; i < refs.length; i++) {
          var ref = refs[i];
          if (ref && state.byId.get(ref._qxProps.id) === ref._qxEntry) { list.push(ref); }
        }
        shown = bulk.shown = {byId: state.byId, version: state.byIdVersion, refs: list};
      }
      bulkProject(bulk);
      return shown.refs;
    }

    /* Vertex c of a bulk road, in display coordinates (as the map draws it). */
    function bulkLatLng(bulk, c) {
      return displayLatLng(bulk.src.xy[2 * c] / PACKED_SCALE, bulk.src.xy[2 * c + 1] / PACKED_SCALE);
    }

    /* A packed line (LineString, MultiLineString) not replaced since: drawn in bulk. */
    function bulkLine(feature) {
      if (!(feature instanceof PackedFeature) || feature._own !== undefined) { return false; }
      var code = feature._src.type[feature._i];
      return code === 2 || code === 5;
    }

    /* Every vertex in layer pixels for the map's view (as Leaflet rounds them), and each
       road's pixel box; done again only when the zoom or the pixel origin changed. */
    function bulkProject(bulk) {
      var map = state.map;
      var origin = map.getPixelOrigin();
      var key = map.getZoom() + ":" + origin.x + ":" + origin.y;
      if (bulk.key === key) { return; }
      var started = performance.now();
      var crs = map.options.crs, t = crs.transformation, scale = crs.scale(map.getZoom());
      var ta = t._a, tb = t._b, tc = t._c, td = t._d, ox = origin.x, oy = origin.y;
      var mx = bulk.mx, my = bulk.my, xs = bulk.x, ys = bulk.y, c;
      var src = bulk.src, box = bulk.box, all = [Infinity, Infinity, -Infinity, -Infinity], i, boxed = false;
      if (crs !== L.CRS.EPSG3857) {
        for (c = 0; c < mx.length; c++) {
          var p = map.latLngToLayerPoint(bulkLatLng(bulk, c));
          xs[c] = p.x; ys[c] = p.y;
        }
      } else {
        for (c = 0; c < mx.length; c++) {  // as L.Map.latLngToLayerPoint: transform, round, shift
          xs[c] = round(scale * (ta * mx[c] + tb)) - ox;
          ys[c] = round(scale * (tc * my[c] + td)) - oy;
        }
        if (ta > 0 && tc < 0) {  // (Mercator: x grows east, y south) each box from its corners
          var mbox = bulk.mbox;
          for (i = 0; i < bulk.features.length; i++) {
            var x0 = round(scale * (ta * mbox[4 * i] + tb)) - ox, x1 = round(scale * (ta * mbox[4 * i + 2] + tb)) - ox;
            var y0 = round(scale * (tc * mbox[4 * i + 3] + td)) - oy, y1 = round(scale * (tc * mbox[4 * i + 1] + td)) - oy;
            box[4 * i] = x0; box[4 * i + 1] = y0; box[4 * i + 2] = x1; box[4 * i + 3] = y1;
            if (x0 <= x1) {  // (a road with no vertex: an empty box, as below)
              if (x0 < all[0]) { all[0] = x0; }
              if (y0 < all[1]) { all[1] = y0; }
              if (x1 > all[2]) { all[2] = x1; }
              if (y1 > all[3]) { all[3] = y1; }
            }
          }
          boxed = true;
        }
      }
      for (i = 0; i < bulk.features.length && !boxed; i++) {  // each box from its vertices
        var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        var c0 = src.coords[src.rings[src.parts[i]]], c1 = src.coords[src.rings[src.parts[i + 1]]];
        for (var k = c0; k < c1; k++) {
          if (xs[k] < minX) { minX = xs[k]; }
          if (xs[k] > maxX) { maxX = xs[k]; }
          if (ys[k] < minY) { minY = ys[k]; }
          if (ys[k] > maxY) { maxY = ys[k]; }
        }
        box[4 * i] = minX; box[4 * i + 1] = minY; box[4 * i + 2] = maxX; box[4 * i + 3] = maxY;
        if (c1 > c0) {
          if (minX < all[0]) { all[0] = minX; }
          if (minY < all[1]) { all[1] = minY; }
          if (maxX > all[2]) { all[2] = maxX; }
          if (maxY > all[3]) { all[3] = maxY; }
        }
      }
      bulk.extent = all;  // every bulk road's box (layer pixels)
      bulk.key = key;
      bulk.zoom = map.getZoom();
      state.timings.bulk_project_ms = performance.now() - started;
    }

    /* Math.round(v), as Leaflet rounds a projected point, about four times faster in V8 here:
       floor(v + 0.5), unless the sum was rounded up to the next whole number (then v + 0.5
       < r, and r - v > 0.5 exactly for v >= 1) or v < 1, where Math.round decides. */
    function round(v) {
      var r = Math.floor(v + 0.5);
      return r - v > 0.5 || v < 1 ? Math.round(v) : r;
    }

    /* bulk.kept for the view, simplified when first needed at its zoom.  The vertices are
       rounded in whole-world pixels before the (whole) pixel origin is taken off, so what
       Leaflet keeps depends on the zoom only: a pan keeps it, and the last few zooms' are
       kept (BULK_KEPT_ZOOMS) for a planner zooming in and out again. */
    function bulkKept(bulk) {
      bulkProject(bulk);
      var zoom = state.map.getZoom();
      if (bulk.keptKey !== zoom) {
        var cached = bulk.keptByZoom.filter(function (k) { return k.zoom === zoom; })[0];
        if (cached) {
          bulk.kept = cached.kept;
        } else {
          var simplifying = performance.now();
          var spare = bulk.keptByZoom.length >= BULK_KEPT_ZOOMS ? bulk.keptByZoom.shift().kept : null;
          bulk.kept = spare || new Uint8Array(bulk.x.length);
          bulkSimplify(bulk, L.Polyline.prototype.options.smoothFactor);
          bulk.keptByZoom.push({zoom: zoom, kept: bulk.kept});
          state.timings.bulk_simplify_ms = performance.now() - simplifying;
        }
        bulk.keptKey = zoom;
      }
      return bulk.kept;
    }
    var BULK_KEPT_ZOOMS = 4;

    /* How many bulk roads (shown or not) have their pixel box in *view* (layer pixels). */
    function bulkCountIn(bulk, view) {
      bulkProject(bulk);
      var box = bulk.box, refs = bulk.refs, count = 0;
      for (var i = 0; i < refs.length; i++) {
        if (refs[i] && box[4 * i] <= view.max.x && box[4 * i + 2] >= view.min.x &&
            box[4 * i + 1] <= view.max.y && box[4 * i + 3] >= view.min.y) { count++; }
      }
      return count;
    }

    /* Which vertices Leaflet keeps when it simplifies each line for the view (L.LineUtil.simplify:
       radial reduction, then Douglas-Peucker, tolerance smoothFactor px), as bulk.kept. */
    function bulkSimplify(bulk, tolerance) {
      var xs = bulk.x, ys = bulk.y, kept = bulk.kept, coords = bulk.src.coords;
      var sq = tolerance * tolerance;
      kept.fill(tolerance ? 0 : 1);
      if (!tolerance) { return; }
      var reduced = [], markers = [], stack = [];
      var sqd = function (a, b) { var dx = xs[b] - xs[a], dy = ys[b] - ys[a]; return dx * dx + dy * dy; };
      for (var r = 0; r + 1 < coords.length; r++) {
        var c0 = coords[r], c1 = coords[r + 1];
        if (c1 <= c0) { continue; }
        reduced.length = 0;
        reduced.push(c0);
        var prev = c0;
        for (var c = c0 + 1; c < c1; c++) {
          if (sqd(prev, c) > sq) { reduced.push(c); prev = c; }
        }
        if (prev < c1 - 1) { reduced.push(c1 - 1); }
        var m = reduced.length;
        markers.length = m;
        for (var k = 0; k < m; k++) { markers[k] = 0; }
        markers[0] = markers[m - 1] = 1;
        stack.length = 0;
        stack.push(0, m - 1);
        while (stack.length) {
          var last = stack.pop(), first = stack.pop();
          var maxSq = 0, index = -1;
          var x1 = xs[reduced[first]], y1 = ys[reduced[first]];
          var dx = xs[reduced[last]] - x1, dy = ys[reduced[last]] - y1, dot = dx * dx + dy * dy;
          for (var j = first + 1; j <= last - 1; j++) {
            var px = xs[reduced[j]], py = ys[reduced[j]], x = x1, y = y1;
            if (dot > 0) {  // as L.LineUtil._sqClosestPointOnSegment
              var t = ((px - x) * dx + (py - y) * dy) / dot;
              if (t > 1) { x = xs[reduced[last]]; y = ys[reduced[last]]; }
              else if (t > 0) { x += dx * t; y += dy * t; }
            }
            var ex = px - x, ey = py - y, d2 = ex * ex + ey * ey;
            if (d2 > maxSq) { index = j; maxSq = d2; }
          }
          if (maxSq > sq) {
            markers[index] = 1;
            stack.push(first, index, index, last);
          }
        }
        for (k = 0; k < m; k++) { if (markers[k]) { kept[reduced[k]] = 1; } }
      }
    }

    /* The bulk roads still on the page (not replaced or removed since), into the groups
       (_qxCollectGroups), in data order. */
    function bulkCollect(bulk, groups, total) {
      var members = bulkMembers(bulk), refs = bulk.refs, of = members.of, names = members.names;
      var lists = names.map(function () { return []; });
      for (var i = 0; i < of.length; i++) {
        var k = of[i];
        if (k >= 0 && !refs[i]._qxHidden) { lists[k].push(refs[i]); }
      }
      for (k = 0; k < names.length; k++) {
        var name = names[k], list = lists[k];
        total[name] = (total[name] || 0) + members.totals[k];
        if (!list.length) { continue; }
        if (!groups[name]) { groups[name] = list; continue; }
        for (i = 0; i < list.length; i++) { groups[name].push(list[i]); }
      }
      bulkProject(bulk);
    }

    /* The roads the bulk draws (those whose entry is still theirs: the draw tool may have
       replaced or removed one) and each one's group, as indices into bulk.members.names:
       made again only when an entry changed (state.byIdVersion) or a road's group did
       (RoadRef.setStyle), not on every draw.  Looking 200,000 ids up was most of the
       cost of a filter's redraw from the group images. */
    function bulkMembers(bulk) {
      var members = bulk.members;
      if (members && members.byId === state.byId && members.version === state.byIdVersion) { return members; }
      var refs = bulk.refs, of = new Int32Array(refs.length), index = new Map(), names = [], totals = [];
      for (var i = 0; i < refs.length; i++) {
        var ref = refs[i];
        if (!ref || state.byId.get(ref._qxProps.id) !== ref._qxEntry) { of[i] = -1; continue; }
        var k = index.get(ref._qxGroup);
        if (k === undefined) {
          k = names.length;
          index.set(ref._qxGroup, k);
          names.push(ref._qxGroup);
          totals.push(0);
        }
        of[i] = k;
        totals[k]++;
      }
      bulk.members = {byId: state.byId, version: state.byIdVersion, of: of, names: names, totals: totals};
      return bulk.members;
    }

    /* A bulk road's lines added to the path being built (as _strokeBatch adds a layer's parts;
       thin: as it adds a thin layer's, thinRun). */
    function bulkPath(ctx, ref, thin) {
      var bulk = ref._qxBulk, src = bulk.src, xs = bulk.x, ys = bulk.y, i = ref._qxIndex;
      var view = state.renderer._bounds, box = bulk.box, pad = ref.options.weight + 1;
      if (view && (box[4 * i] - pad > view.max.x || box[4 * i + 2] + pad < view.min.x ||
                   box[4 * i + 1] - pad > view.max.y || box[4 * i + 3] + pad < view.min.y)) {
        return;  // wholly outside the canvas: Leaflet clips such a line to nothing
      }
      var kept = thin ? null : (bulk.keptKey === bulk.zoom ? bulk.kept : bulkKept(bulk));
      for (var p = src.parts[i]; p < src.parts[i + 1]; p++) {
        for (var r = src.rings[p]; r < src.rings[p + 1]; r++) {
          if (thin) { thinRun(ctx, null, src.coords[r], src.coords[r + 1], xs, ys); continue; }
          for (var c = src.coords[r]; c < src.coords[r + 1]; c++) {
            if (!kept[c]) { continue; }
            if (c === src.coords[r]) { ctx.moveTo(xs[c], ys[c]); } else { ctx.lineTo(xs[c], ys[c]); }
          }
        }
      }
    }

    /* The draw tool's snapping to lines drawn in bulk (a snap source, qxmap.draw.addSnapSource):
       the nearest vertex of a shown line within tol px, else the nearest point of a segment,
       over every bulk on the map (the nearest, whichever layer it is in);
       {id, kind, at: [run, index], latlng (display), d (px)} or null. */
    function bulkSnap(p, tol) {
      var best = {vertex: null, segment: null};
      for (var b = 0; b < state.bulks.length; b++) {
        if (state.bulks[b].anchor._map) { snapIn(state.bulks[b], p, tol, best); }
      }
      return best.vertex || best.segment;
    }

    function snapIn(bulk, p, tol, best) {
      bulkProject(bulk);
      var src = bulk.src, box = bulk.box, xs = bulk.x, ys = bulk.y;
      for (var i = 0; i < bulk.refs.length; i++) {
        var ref = bulk.refs[i];
        if (!ref || ref._qxHidden || p.x < box[4 * i] - tol || p.x > box[4 * i + 2] + tol ||
            p.y < box[4 * i + 1] - tol || p.y > box[4 * i + 3] + tol ||
            state.byId.get(ref._qxProps.id) !== ref._qxEntry) { continue; }
        var first = src.rings[src.parts[i]];
        for (var r = first; r < src.rings[src.parts[i + 1]]; r++) {
          for (var c = src.coords[r]; c < src.coords[r + 1]; c++) {
            var dx = xs[c] - p.x, dy = ys[c] - p.y, d = Math.sqrt(dx * dx + dy * dy);
            if (d <= tol && (!best.vertex || d < best.vertex.d)) {
              best.vertex = {id: ref._qxProps.id, kind: "vertex", at: [r - first, c - src.coords[r]],
                             latlng: bulkLatLng(bulk, c), d: d};
            }
            if (best.vertex || c + 1 >= src.coords[r + 1]) { continue; }
            var q = L.LineUtil.closestPointOnSegment(p, L.point(xs[c], ys[c]), L.point(xs[c + 1], ys[c + 1]));
            var ds = q.distanceTo(p);
            if (ds <= tol && (!best.segment || ds < best.segment.d)) {
              best.segment = {id: ref._qxProps.id, kind: "segment", at: [r - first, c - src.coords[r]],
                              latlng: state.map.layerPointToLatLng(q), d: ds};
            }
          }
        }
      }
    }

    var bulkOptions = {};
    var bulkByClass = {};
    /* A bulk road's first options, by status and category (all its style depends on): made
       once per pair, not once per road (200,000 of them). */
    function roadRefStyle(props) {
      var key = props.status + "\u0000" + props.category;
      if (!own(bulkByClass, key)) { bulkByClass[key] = bulkStyle(styleFor(GROUPED_LAYER, props, false)); }
      return bulkByClass[key];
    }
    /* The options of a bulk road: a Leaflet polyline's, with this style (one object per style). */
    function bulkStyle(style) {
      var key = [style.color, style.weight, style.opacity, style.lineCap, style.lineJoin].join("|");
      if (!own(bulkOptions, key)) {
        bulkOptions[key] = L.extend({}, L.Polyline.prototype.options, style);
        bulkOptions[key]._qxBatchKey = batchKey(bulkOptions[key]);  // (never changed: a new style is a new object)
      }
      return bulkOptions[key];
    }

    /* A bulk road (made in startPage, once Leaflet is there: it is an L.Evented). */
    var RoadRef = null;

    function defineRoadRef() {
      if (RoadRef) { return; }
      RoadRef = function (bulk, index, entry) {
      this._qxBulk = bulk;
      this._qxIndex = index;
      this._qxEntry = entry;
      this._qxProps = entry.props;
      this._qxGroup = bulk.grouped ? groupOf(entry.props) : undefined;  // (a reference line: none)
      this._qxT = -1;  // its place in state.trackedOrder (stamped by maskPlan, qxmap-page.js)
      this._map = state.map;
      this._renderer = state.renderer;
      this._eventParents = bulk.parents;
      this.options = bulk.grouped ? roadRefStyle(entry.props) : bulk.style;
      };
    RoadRef.prototype = Object.create(L.Evented.prototype);
    RoadRef.prototype.constructor = RoadRef;
    L.extend(RoadRef.prototype, {
      setStyle: function (style) {
        this._qxBulk.members = null;  // (its group may have changed with its style: setEntryStyle)
        this.options = bulkStyle(L.extend({}, this.options, style));
        this.redrawAll();
        return this;
      },
      /* The map drawn again, this road's group from scratch: after its style changed, or its
         entry was dropped (a bulk road is no layer of its group: removing it from the group
         tells the renderer nothing). */
      redrawAll: function () {
        this._renderer._qxTouch(this);
        this._renderer._redrawBounds = null;  // the whole map: a bulk road has no pixel box of its own
        this._renderer._redrawRequest = this._renderer._redrawRequest ||
          L.Util.requestAnimFrame(this._renderer._redraw, this._renderer);
      },
      bringToFront: function () { this._renderer._qxTouch(this); return this; },
      bringToBack: function () { this._renderer._qxTouch(this); return this; },
      _runs: function (fn) {
        var src = this._qxBulk.src, bulk = this._qxBulk, i = this._qxIndex, out = [];
        for (var p = src.parts[i]; p < src.parts[i + 1]; p++) {
          for (var r = src.rings[p]; r < src.rings[p + 1]; r++) {
            var run = [];
            for (var c = src.coords[r]; c < src.coords[r + 1]; c++) { run.push(fn(bulk, c)); }
            out.push(run);
          }
        }
        return out;
      },
      getLatLngs: function () {
        var runs = this._runs(bulkLatLng);
        return runs.length === 1 ? runs[0] : runs;
      },
      getBounds: function () {  // kept, as a polyline keeps its _bounds: the road never moves
        if (this._qxBounds) { return this._qxBounds; }
        this._qxBounds = this._qxMakeBounds();
        return this._qxBounds;
      },
      _qxMakeBounds: function () {
        var src = this._qxBulk.src, bulk = this._qxBulk, i = this._qxIndex;
        var c0 = src.coords[src.rings[src.parts[i]]], c1 = src.coords[src.rings[src.parts[i + 1]]];
        var s = Infinity, w = Infinity, n = -Infinity, e = -Infinity;
        for (var c = c0; c < c1; c++) {
          var ll = bulkLatLng(bulk, c);
          s = Math.min(s, ll.lat); n = Math.max(n, ll.lat);
          w = Math.min(w, ll.lng); e = Math.max(e, ll.lng);
        }
        return c1 > c0 ? L.latLngBounds([s, w], [n, e]) : L.latLngBounds([]);
      },
      getCenter: function () {
        var latlngs = this.getLatLngs();
        var first = L.LineUtil.isFlat(latlngs) ? latlngs : latlngs[0];
        return L.LineUtil.polylineCenter ? L.LineUtil.polylineCenter(first, this._map.options.crs)
          : this.getBounds().getCenter();
      },
      _clickTolerance: function () {
        return (this.options.stroke ? this.options.weight / 2 : 0) + (this._renderer.options.tolerance || 0);
      },
      /* As L.Polyline._containsPoint, over the road's vertices as drawn: Leaflet's simplified
         ones, or in a thin view (see _qxThinNow) those thinRun draws.  The hit test of the map
         (_qxTopmostAt) projects the roads for the view once before asking each. */
      _containsPoint: function (p) {
        if (this._qxHidden) { return false; }
        var bulk = this._qxBulk, src = bulk.src, i = this._qxIndex, box = bulk.box, w = this._clickTolerance();
        if (bulk.key === null) { bulkProject(bulk); }
        if (p.x < box[4 * i] - w || p.x > box[4 * i + 2] + w || p.y < box[4 * i + 1] - w || p.y > box[4 * i + 3] + w) {
          return false;
        }
        var thin = bulk.grouped ? this._renderer._qxThin : bulk.thin;
        var kept = thin ? null : (bulk.keptKey === bulk.zoom ? bulk.kept : bulkKept(bulk));
        var xs = bulk.x, ys = bulk.y;
        for (var part = src.parts[i]; part < src.parts[i + 1]; part++) {
          for (var r = src.rings[part]; r < src.rings[part + 1]; r++) {
            var before = -1, end = src.coords[r + 1];
            for (var c = src.coords[r]; c < end; c++) {
              if (kept ? !kept[c] : (before >= 0 && c !== end - 1 &&
                                     (xs[c] - xs[before]) * (xs[c] - xs[before]) +
                                     (ys[c] - ys[before]) * (ys[c] - ys[before]) <= 1)) { continue; }
              if (before >= 0 && L.LineUtil.pointToSegmentDistance(p, L.point(xs[before], ys[before]),
                                                                   L.point(xs[c], ys[c])) <= w) {
                return true;
              }
              before = c;
            }
          }
        }
        return false;
      }
    });
    /* Hidden by the filter: the road's bit of the mask (state.mask, one bit per tracked record;
       null: all shown), read when asked, so that a filter change writes nothing on 200,000
       roads.  What is set is ignored: the mask decides. */
    Object.defineProperty(RoadRef.prototype, "_qxHidden", {
      get: function () {
        var mask = state.mask, t = this._qxT;
        return mask !== null && t >= 0 && ((mask.charCodeAt(t >> 3) >> (t & 7)) & 1) === 0;
      },
      set: function () {}
    });
    Object.defineProperty(RoadRef.prototype, "_pxBounds", {
      get: function () {
        var box = this._qxBulk.box, i = this._qxIndex, w = this._clickTolerance();
        bulkProject(this._qxBulk);
        return L.bounds([box[4 * i] - w, box[4 * i + 1] - w], [box[4 * i + 2] + w, box[4 * i + 3] + w]);
      }
    });
    }

    return {
      bulkFor: bulkFor, bulkLine: bulkLine, bulkLatLng: bulkLatLng, bulkProject: bulkProject,
      bulkKept: bulkKept, bulkCountIn: bulkCountIn, bulkCollect: bulkCollect, bulkPath: bulkPath,
      bulkSnap: bulkSnap, bulkShown: bulkShown, defineRoadRef: defineRoadRef,
      /* A bulk road: the RoadRef of road *index* of *bulk*, for the page's *entry*. */
      ref: function (bulk, index, entry) { return new RoadRef(bulk, index, entry); },
      /* New page data may come with other styles: the styles made per class are dropped. */
      forgetStyles: function () { bulkByClass = {}; }
    };
  };
})();
