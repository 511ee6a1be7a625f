/*
 * qxmap drawing and editing on the map (Edit mode, issue 12).
 *
 * Loaded after qxmap-page.js; registers itself with qxmap.plugin (see
 * "plugins" there) and adds:
 *
 *   the tool "draw" (a Leaflet handler in the page's tools registry), in one of
 *   these modes (toolsEnable / toolsUpdate("draw", {mode, target, snap, tolerance})):
 *     select    handles on the target feature: drag a vertex, drag a midpoint to
 *               insert one, right-click (or hover + Delete) to delete one; a click
 *               elsewhere selects a feature as without a tool
 *     line, polygon, point
 *               sketch a new geometry: a click adds a vertex; a double click, a
 *               click on the last vertex (a polygon: on its first) or Enter
 *               finishes; Backspace takes the last vertex back, Esc cancels
 *     continue  sketch on from the target line's end ({end: "last" | "first"})
 *     move      drag the target feature to move it
 *     split     click an inner vertex of the target line to split it there
 *   Snapping (on unless options.snap is false; S toggles it, Alt held suspends it)
 *   to the vertices, then the segments, of the features shown, within
 *   options.tolerance px (default 10), and to what qxmap.draw.addSnapSource adds
 *   (reference layers).
 *
 *   Reports, all through bridge.toolEvent("draw", payload), every coordinate WGS-84
 *   [lat, lon] (the page draws on a GCJ-02 basemap shifted; unproject() takes it back):
 *     {action: "sketch", kind, points}                 live, for the length and area
 *     {action: "finish", kind, points, snaps}          a new geometry
 *     {action: "continue", id, end, points, snaps}     points added to a line's end
 *     {action: "vertex", id, op: "move" | "insert" | "delete", vertex: [run, i], to, snap}
 *     {action: "move", id, from, to}                   the whole feature dragged
 *     {action: "split", id, vertex: [run, i]}
 *     {action: "cancel"}, {action: "snap", on}
 *   A snap is {id, kind: "vertex" | "segment", at: [run, i]}: Python puts the
 *   vertex exactly on the target's own coordinates.  Vertices are numbered as
 *   qxmap.geometry_edits.coordinate_runs numbers them (runs: a line, each ring
 *   of a polygon without its closing vertex, the parts of a multi-geometry).
 *
 *   commands: setFeature(id, layer, geometry, props) draws a feature's new
 *   geometry (or adds, or removes it: geometry null), removeFeature(id),
 *   syncTracked(ids) gives the tracked records' order again (after records were
 *   added or removed); diagnostics debug.vertexPixels(id), debug.pixelOfLatLng(lat,
 *   lon), debug.snapAt(x, y, tolerance), debug.drawState(), debug.redrawAll().
 *
 *   For other page scripts (the plan overlay): qxmap.draw.addSnapSource(fn) adds
 *   snap candidates (a reference drawn outside the feature layers).
 *
 * Nothing from the data is put in the page as HTML here (no text at all).
 */
(function () {
  "use strict";

  var EDIT_COLOR = "#7b2cbf";
  var SNAP_COLOR = "#00a651";
  var HANDLE_PX = 8;        // a vertex or midpoint handle is hit within this many px
  var REPORT_MS = 50;       // live reports while drawing, at most this often
  var MAX_MIDPOINTS = 2000; // no midpoint handles on a shape with more vertices than this

  var own = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };

  window.qxmap.plugin(function (api) {
    var state = api.state;
    var map = api.map;
    var snapSources = [];
    var featureIndex = null;  // id -> {layer, feature} in state.data.layers (built when first needed)

    // ------------------------------------------------------------ geometry helpers

    /* Leaflet's nested latlngs -> the runs (arrays of latlngs), in coordinate_runs order. */
    function flatRuns(latlngs) {
      if (!latlngs || !latlngs.length) { return []; }
      if (L.LineUtil.isFlat(latlngs)) { return [latlngs]; }
      var out = [];
      for (var i = 0; i < latlngs.length; i++) { out = out.concat(flatRuns(latlngs[i])); }
      return out;
    }

    function runsOf(leaflet) {
      if (leaflet.getLatLng) { return [[leaflet.getLatLng()]]; }
      return flatRuns(leaflet.getLatLngs());
    }

    function isRing(leaflet) { return leaflet instanceof L.Polygon; }

    function toPair(latlng) {
      var w = api.unproject(latlng);
      return [w.lat, w.lng];
    }

    function kindOf(leaflet) {
      if (leaflet.getLatLng) { return "point"; }
      return isRing(leaflet) ? "polygon" : "line";
    }

    function indexFeatures() {
      if (featureIndex) { return featureIndex; }
      featureIndex = api.byIds();
      for (var name in state.data.layers) {
        if (!own(state.data.layers, name)) { continue; }
        var list = state.data.layers[name];
        for (var i = 0; i < list.length; i++) {
          featureIndex[list[i].properties.id] = {layer: name, feature: list[i]};
        }
      }
      return featureIndex;
    }

    function layerPointOf(ev) { return map.mouseEventToLayerPoint(ev); }

    // ------------------------------------------------------------ snapping

    /* The nearest snap target to a layer point: a vertex within tol px, else a segment's
       nearest point within tol px; {id, kind, at: [run, i], latlng (display), d} or null. */
    function snapTarget(p, tol, exclude) {
      var bestVertex = null, bestSegment = null;
      for (var it = state.byId.entries(), step = it.next(); !step.done; step = it.next()) {
        var id = step.value[0], entry = step.value[1];
        if (id === exclude) { continue; }
        var lf = entry.leaflet;
        if (lf._qxHidden || !map.hasLayer(lf)) { continue; }
        if (lf._point) {  // a circle marker
          var dp = lf._point.distanceTo(p);
          if (dp <= tol && (!bestVertex || dp < bestVertex.d)) {
            bestVertex = {id: id, kind: "vertex", at: [0, 0], latlng: lf.getLatLng(), d: dp};
          }
          continue;
        }
        var rings = lf._rings;
        var b = lf._pxBounds;
        if (!rings || !b || p.x < b.min.x - tol || p.x > b.max.x + tol || p.y < b.min.y - tol ||
            p.y > b.max.y + tol) { continue; }
        var closed = isRing(lf);
        var runs = null;
        for (var r = 0; r < rings.length; r++) {
          var ring = rings[r];
          for (var i = 0; i < ring.length; i++) {
            var d = ring[i].distanceTo(p);
            if (d <= tol && (!bestVertex || d < bestVertex.d)) {
              runs = runs || runsOf(lf);
              bestVertex = {id: id, kind: "vertex", at: [r, i], latlng: runs[r] && runs[r][i], d: d};
            }
            var j = i + 1 < ring.length ? i + 1 : (closed && ring.length > 2 ? 0 : -1);
            if (j < 0 || bestVertex) { continue; }
            var q = L.LineUtil.closestPointOnSegment(p, ring[i], ring[j]);
            var ds = q.distanceTo(p);
            if (ds <= tol && (!bestSegment || ds < bestSegment.d)) {
              bestSegment = {id: id, kind: "segment", at: [r, i], latlng: map.layerPointToLatLng(q), d: ds};
            }
          }
        }
      }
      for (var s = 0; s < snapSources.length && !bestVertex; s++) {
        var extra = null;
        try { extra = snapSources[s](p, tol); } catch (e) { extra = null; }
        if (extra && extra.latlng && (!bestSegment || extra.d < bestSegment.d)) { bestSegment = extra; }
      }
      var best = bestVertex || bestSegment;
      if (best && !best.latlng) { best = null; }
      return best;
    }

    // ------------------------------------------------------------ the tool

    var DrawTool = L.Handler.extend({
      initialize: function (theMap, options) {
        L.Handler.prototype.initialize.call(this, theMap);
        this._qxDraw = true;
        this._mode = "select";
        this._target = null;
        this._end = "last";
        this._snap = true;
        this._tol = 10;
        this._sketch = [];       // display latlngs of the new or continued geometry
        this._sketchSnaps = [];  // per sketch vertex: a snap or null
        this._base = 0;          // sketch vertices that were there before (continue)
        this._cursor = null;     // {latlng, snap}: where the pointer is (snapped), for the rubber band
        this._drag = null;       // a vertex, midpoint or feature being dragged
        this._hover = null;      // the handle under the pointer: {op: "vertex" | "insert", run, index}
        this._suppressClick = false;
        this._lastReport = 0;
        this._drawn = null;
        this._renderer = null;
        this._zoomOnDblClick = false;
        this._bound = {};
        this._apply(options || {});
      },

      _apply: function (o) {
        if (own(o, "snap")) { this._snap = o.snap !== false; }
        if (own(o, "tolerance") && typeof o.tolerance === "number" && isFinite(o.tolerance)) {
          this._tol = Math.max(1, Math.min(50, o.tolerance));
        }
        if (own(o, "end")) { this._end = o.end === "first" ? "first" : "last"; }
        if (own(o, "target")) { this._target = typeof o.target === "string" ? o.target : null; }
        if (own(o, "mode")) {
          var modes = ["select", "line", "polygon", "point", "continue", "move", "split"];
          this._mode = modes.indexOf(o.mode) >= 0 ? o.mode : "select";
          this._resetSketch();
        }
        this.featureClicks = this._mode === "select";
        this._cursorClass();
      },

      /* A crosshair while sketching or splitting (qxmap-page.css). */
      _cursorClass: function () {
        var c = this._map && this._map.getContainer();
        if (!c) { return; }
        var on = this.enabled() && ["line", "polygon", "point", "continue", "split"].indexOf(this._mode) >= 0;
        if (on) { L.DomUtil.addClass(c, "qx-draw-sketch"); } else { L.DomUtil.removeClass(c, "qx-draw-sketch"); }
      },

      _resetSketch: function () {
        this._sketch = [];
        this._sketchSnaps = [];
        this._base = 0;
        this._cursor = null;
        this._drag = null;
        this._hover = null;
        if (this._mode === "continue") {
          var entry = this._targetEntry();
          if (entry && kindOf(entry.leaflet) === "line") {
            var run = runsOf(entry.leaflet)[0].slice();
            if (this._end === "first") { run.reverse(); }
            this._sketch = run;
            this._sketchSnaps = run.map(function () { return null; });
            this._base = run.length;
          }
        }
      },

      addHooks: function () {
        var m = this._map;
        if (!m.getPane(api.TOOLS_PANE)) { m.createPane(api.TOOLS_PANE); }
        this._renderer = L.svg({pane: api.TOOLS_PANE});
        this._zoomOnDblClick = m.doubleClickZoom.enabled();
        m.doubleClickZoom.disable();
        L.DomUtil.addClass(m.getContainer(), "qx-draw");
        setTimeout(L.Util.bind(this._cursorClass, this), 0);  // (enabled() is true once addHooks returns)
        m.on("click", this._onClick, this);
        m.on("dblclick", this._onDblClick, this);
        m.on("mousemove", this._onMove, this);
        m.on("contextmenu", this._onContextMenu, this);
        m.on("zoomend moveend", this._draw, this);
        var self = this;
        this._bound = {
          down: function (ev) { self._onDown(ev); },
          move: function (ev) { self._onDragMove(ev); },
          up: function (ev) { self._onUp(ev); },
          click: function (ev) {
            if (self._suppressClick) { self._suppressClick = false; ev.stopPropagation(); ev.preventDefault(); }
          },
          key: function (ev) { self._onKey(ev); }
        };
        var c = m.getContainer();
        c.addEventListener("mousedown", this._bound.down, true);
        c.addEventListener("click", this._bound.click, true);
        document.addEventListener("mousemove", this._bound.move, true);
        document.addEventListener("mouseup", this._bound.up, true);
        window.addEventListener("keydown", this._bound.key, true);
        this._draw();
      },

      removeHooks: function () {
        var m = this._map;
        m.off("click", this._onClick, this);
        m.off("dblclick", this._onDblClick, this);
        m.off("mousemove", this._onMove, this);
        m.off("contextmenu", this._onContextMenu, this);
        m.off("zoomend moveend", this._draw, this);
        var c = m.getContainer();
        c.removeEventListener("mousedown", this._bound.down, true);
        c.removeEventListener("click", this._bound.click, true);
        document.removeEventListener("mousemove", this._bound.move, true);
        document.removeEventListener("mouseup", this._bound.up, true);
        window.removeEventListener("keydown", this._bound.key, true);
        if (this._drag) { m.dragging.enable(); this._drag = null; }
        if (this._zoomOnDblClick) { m.doubleClickZoom.enable(); }
        L.DomUtil.removeClass(c, "qx-draw");
        L.DomUtil.removeClass(c, "qx-draw-sketch");
        L.DomUtil.removeClass(c, "qx-draw-handle");
        this._clear();
        if (this._renderer) { m.removeLayer(this._renderer); this._renderer = null; }
      },

      update: function (options) {
        this._apply(options);
        if (options.finish) { this._finish(); }
        if (options.cancel) { this._cancel(); }
        this._draw();
      },

      reproject: function () { this._resetSketch(); this._draw(); },

      /* The target's geometry changed (setFeature): draw its handles again. */
      featureChanged: function (id) {
        if (id === this._target) {
          if (this._mode === "continue") { this._resetSketch(); }
          this._hover = null;
          this._draw();
        }
      },

      describe: function () {
        var entry = this._targetEntry();
        return {mode: this._mode, target: this._target, target_shown: !!entry, snap: this._snap,
                tolerance: this._tol, end: this._end, sketch: this._sketch.length - this._base,
                dragging: this._drag ? this._drag.op : null, hover: this._hover,
                cursor_snap: this._cursor && this._cursor.snap ? this._cursor.snap.id : null};
      },

      // ---------------------------------------------------------- helpers

      _targetEntry: function () {
        var entry = this._target ? state.byId.get(this._target) : null;
        return entry && map.hasLayer(entry.leaflet) ? entry : null;
      },

      _snapping: function (ev) { return this._snap && !(ev && ev.altKey); },

      /* Where the pointer is: {latlng (display), snap or null}. */
      _pointer: function (ev, exclude) {
        var p = layerPointOf(ev);
        var latlng = map.layerPointToLatLng(p);
        if (this._snapping(ev)) {
          var hit = snapTarget(p, this._tol, exclude);
          if (hit) { return {latlng: hit.latlng, snap: {id: hit.id, kind: hit.kind, at: hit.at}}; }
        }
        return {latlng: latlng, snap: null};
      },

      /* The handle of the target under a layer point: {op, run, index} or null. */
      _handleAt: function (p) {
        var entry = this._targetEntry();
        if (!entry) { return null; }
        var runs = runsOf(entry.leaflet);
        var closed = isRing(entry.leaflet);
        var best = null, bestD = HANDLE_PX + 1;
        var count = 0;
        runs.forEach(function (run) { count += run.length; });
        for (var r = 0; r < runs.length; r++) {
          var run = runs[r];
          for (var i = 0; i < run.length; i++) {
            var d = map.latLngToLayerPoint(run[i]).distanceTo(p);
            if (d < bestD) { bestD = d; best = {op: "vertex", run: r, index: i}; }
          }
        }
        if (best || count > MAX_MIDPOINTS || entry.leaflet.getLatLng) { return best; }
        for (var r2 = 0; r2 < runs.length; r2++) {
          var run2 = runs[r2];
          var n = run2.length;
          for (var k = 0; k < n; k++) {
            var next = k + 1 < n ? k + 1 : (closed && n > 2 ? 0 : -1);
            if (next < 0) { continue; }
            var a = map.latLngToLayerPoint(run2[k]), b = map.latLngToLayerPoint(run2[next]);
            var mid = L.point((a.x + b.x) / 2, (a.y + b.y) / 2);
            var dm = mid.distanceTo(p);
            if (dm < bestD) { bestD = dm; best = {op: "insert", run: r2, index: k + 1}; }
          }
        }
        return best;
      },

      /* Is a layer point on the target (within the tolerance, or inside its area)? */
      _onTarget: function (p) {
        var entry = this._targetEntry();
        if (!entry) { return false; }
        var lf = entry.leaflet;
        if (lf._point) { return lf._point.distanceTo(p) <= this._tol + (lf._radius || 0); }
        if (!lf._rings) { return false; }
        var closed = isRing(lf);
        for (var r = 0; r < lf._rings.length; r++) {
          var ring = lf._rings[r];
          for (var i = 0; i + 1 < ring.length + (closed ? 1 : 0); i++) {
            if (L.LineUtil.pointToSegmentDistance(p, ring[i], ring[(i + 1) % ring.length]) <= this._tol) {
              return true;
            }
          }
        }
        return closed && lf._containsPoint ? lf._containsPoint(p) : false;
      },

      _report: function (payload) { api.toolEvent("draw", payload); },

      _sketchKind: function () {
        if (this._mode === "continue") { return "line"; }
        return this._mode;
      },

      _reportSketch: function (force) {
        var now = performance.now();
        if (!force && now - this._lastReport < REPORT_MS) { return; }
        this._lastReport = now;
        var pts = this._sketch.slice();
        if (this._cursor && this._sketchKind() !== "point") { pts.push(this._cursor.latlng); }
        if (this._mode === "continue" && this._end === "first") { pts.reverse(); }
        this._report({action: "sketch", kind: this._sketchKind(), points: pts.map(toPair)});
      },

      // ---------------------------------------------------------- sketching

      _sketching: function () {
        return ["line", "polygon", "point", "continue"].indexOf(this._mode) >= 0;
      },

      _onClick: function (e) {
        var ev = e.originalEvent;
        if (this._sketching()) {
          var at = this._pointer(ev, this._mode === "continue" ? this._target : null);
          var last = this._sketch[this._sketch.length - 1];
          var first = this._sketch[this._base];
          var here = map.latLngToLayerPoint(at.latlng);
          if (last && this._sketch.length > this._base && map.latLngToLayerPoint(last).distanceTo(here) < 4) {
            this._finish();  // the last vertex clicked again (or a double click): done
            return;
          }
          if (this._mode === "polygon" && first && this._sketch.length - this._base >= 3 &&
              map.latLngToLayerPoint(first).distanceTo(here) < 4) {
            this._finish();  // the ring closed on its first vertex
            return;
          }
          this._sketch.push(at.latlng);
          this._sketchSnaps.push(at.snap);
          if (this._mode === "point") { this._finish(); return; }
          this._draw();
          this._reportSketch(true);
        } else if (this._mode === "split") {
          var h = this._handleAt(layerPointOf(ev));
          if (h && h.op === "vertex") { this._report({action: "split", id: this._target, vertex: [h.run, h.index]}); }
        }
      },

      _onDblClick: function () {
        if (this._sketching() && this._mode !== "point") { this._finish(); }
      },

      _finish: function () {
        if (!this._sketching()) { return; }
        var added = this._sketch.slice(this._base);
        var snaps = [];
        for (var k = this._base; k < this._sketch.length; k++) {
          var s = this._sketchSnaps[k];
          if (s) { snaps.push({vertex: k - this._base, id: s.id, kind: s.kind, at: s.at}); }
        }
        if (!added.length) { return; }
        if (this._mode === "continue") {
          this._report({action: "continue", id: this._target, end: this._end, points: added.map(toPair),
                        snaps: snaps});
        } else {
          this._report({action: "finish", kind: this._mode, points: added.map(toPair), snaps: snaps});
        }
        this._resetSketch();
        this._draw();
      },

      _cancel: function () {
        var had = this._sketch.length > this._base || this._drag;
        if (this._drag) { map.dragging.enable(); }
        this._resetSketch();
        this._draw();
        if (had) { this._report({action: "cancel"}); }
        return had;
      },

      // ---------------------------------------------------------- pointer

      _onMove: function (e) {
        if (this._drag) { return; }
        var ev = e.originalEvent;
        if (this._sketching()) {
          this._cursor = this._pointer(ev, this._mode === "continue" ? this._target : null);
          this._draw();
          if (this._sketch.length > this._base || this._mode === "point") { this._reportSketch(false); }
          return;
        }
        var hover = (this._mode === "select" || this._mode === "split") ? this._handleAt(layerPointOf(ev)) : null;
        if (this._mode === "split" && hover && hover.op !== "vertex") { hover = null; }
        if (JSON.stringify(hover) !== JSON.stringify(this._hover)) {
          this._hover = hover;
          // On a handle no tooltip covers it (qxmap-page.css).
          var c = map.getContainer();
          if (hover) { L.DomUtil.addClass(c, "qx-draw-handle"); } else { L.DomUtil.removeClass(c, "qx-draw-handle"); }
          this._draw();
        }
      },

      _onDown: function (ev) {
        if (ev.button !== 0 || this._drag) { return; }
        this._suppressClick = false;
        var p = layerPointOf(ev);
        var entry = this._targetEntry();
        if (!entry) { return; }
        var drag = null;
        if (this._mode === "select") {
          var h = this._handleAt(p);
          if (h) { drag = {op: h.op, run: h.run, index: h.index, moved: false}; }
        } else if (this._mode === "move" && this._onTarget(p)) {
          drag = {op: "move", from: map.layerPointToLatLng(p), moved: false};
        }
        if (!drag) { return; }
        ev.stopPropagation();
        ev.preventDefault();
        drag.start = p;
        drag.runs = runsOf(entry.leaflet).map(function (r) { return r.slice(); });
        drag.kind = kindOf(entry.leaflet);
        drag.closed = isRing(entry.leaflet);
        drag.at = drag.op === "move" ? drag.from : null;
        drag.snap = null;
        this._drag = drag;
        map.dragging.disable();
        this._draw();
      },

      _onDragMove: function (ev) {
        var drag = this._drag;
        if (!drag) { return; }
        ev.stopPropagation();
        ev.preventDefault();
        var p = layerPointOf(ev);
        if (!drag.moved && p.distanceTo(drag.start) < 2) { return; }
        drag.moved = true;
        if (drag.op === "move") {
          drag.at = map.layerPointToLatLng(p);
        } else {
          var at = this._pointer(ev, this._target);
          drag.at = at.latlng;
          drag.snap = at.snap;
        }
        this._draw();
        var run = this._dragRuns()[drag.op === "move" ? 0 : drag.run];
        if (drag.kind !== "point" && run) {
          var now = performance.now();
          if (now - this._lastReport >= REPORT_MS) {
            this._lastReport = now;
            this._report({action: "sketch", kind: drag.kind, points: run.map(toPair)});
          }
        }
      },

      _onUp: function (ev) {
        var drag = this._drag;
        if (!drag || ev.button !== 0) { return; }
        ev.stopPropagation();
        ev.preventDefault();
        this._drag = null;
        map.dragging.enable();
        if (!drag.moved) { this._draw(); return; }
        this._suppressClick = true;
        setTimeout(L.Util.bind(function () { this._suppressClick = false; }, this), 400);
        if (drag.op === "move") {
          this._report({action: "move", id: this._target, from: toPair(drag.from), to: toPair(drag.at)});
        } else {
          this._report({action: "vertex", id: this._target, op: drag.op === "vertex" ? "move" : "insert",
                        vertex: [drag.run, drag.index],
                        to: toPair(drag.at), snap: drag.snap});
        }
        // Until the app answers (setFeature), the edited shape stays drawn as it was dropped.
        this._pendingShape = this._dragRuns.call({_drag: drag});
        this._draw();
        this._pendingShape = null;
      },

      /* The target's runs as the current drag makes them (display latlngs). */
      _dragRuns: function () {
        var drag = this._drag;
        if (!drag) { return []; }
        var runs = drag.runs.map(function (r) { return r.slice(); });
        if (!drag.moved || !drag.at) { return runs; }
        if (drag.op === "move") {
          var dlat = drag.at.lat - drag.from.lat, dlng = drag.at.lng - drag.from.lng;
          return runs.map(function (r) {
            return r.map(function (ll) { return L.latLng(ll.lat + dlat, ll.lng + dlng); });
          });
        }
        if (drag.op === "vertex") { runs[drag.run][drag.index] = drag.at; }
        else { runs[drag.run].splice(drag.index, 0, drag.at); }
        return runs;
      },

      _onContextMenu: function (e) {
        if (this._mode !== "select") { return; }
        L.DomEvent.preventDefault(e.originalEvent);
        var h = this._handleAt(layerPointOf(e.originalEvent));
        if (h && h.op === "vertex") { this._deleteVertex(h); }
      },

      _deleteVertex: function (h) {
        this._report({action: "vertex", id: this._target, op: "delete", vertex: [h.run, h.index], to: null,
                      snap: null});
        this._hover = null;
      },

      _onKey: function (ev) {
        var key = ev.key;
        if (ev.ctrlKey || ev.metaKey) { return; }
        if (key === "Escape" || key === "Esc") {
          if (this._cancel()) { ev.stopPropagation(); ev.preventDefault(); }
          return;  // nothing to cancel: the page's own Esc turns the tool off
        }
        if (key === "s" || key === "S") {
          this._snap = !this._snap;
          this._cursor = null;
          this._draw();
          this._report({action: "snap", on: this._snap});
          ev.preventDefault();
        } else if (key === "Enter" && this._sketching()) {
          this._finish();
          ev.preventDefault();
        } else if (key === "Backspace" && this._sketching()) {
          if (this._sketch.length > this._base) {
            this._sketch.pop();
            this._sketchSnaps.pop();
            this._draw();
            this._reportSketch(true);
          }
          ev.preventDefault();
        } else if ((key === "Delete" || key === "Backspace") && this._mode === "select" && this._hover &&
                   this._hover.op === "vertex") {
          this._deleteVertex(this._hover);
          ev.preventDefault();
        }
      },

      // ---------------------------------------------------------- drawing

      _clear: function () {
        if (this._drawn) { this._map.removeLayer(this._drawn); this._drawn = null; }
      },

      _draw: function () {
        this._clear();
        if (!this._renderer) { return; }
        var group = L.layerGroup();
        var renderer = this._renderer;
        var line = {color: EDIT_COLOR, weight: 3, dashArray: "7 5", renderer: renderer, interactive: false,
                    fill: false};
        var handle = {radius: 5, color: EDIT_COLOR, weight: 2, fillColor: "#ffffff", fillOpacity: 1,
                      renderer: renderer, interactive: false};
        var entry = this._targetEntry();
        var runs = this._pendingShape || (this._drag ? this._dragRuns() : (entry ? runsOf(entry.leaflet) : []));
        var closed = entry ? isRing(entry.leaflet) : false;
        var showHandles = entry && ["select", "split", "move", "continue"].indexOf(this._mode) >= 0;
        if (showHandles) {
          var count = 0;
          runs.forEach(function (run) { count += run.length; });
          var self = this;
          runs.forEach(function (run, r) {
            if (run.length > 1) {
              var ll = closed ? run.concat([run[0]]) : run;
              group.addLayer(L.polyline(ll, line));
            }
            run.forEach(function (ll, i) {
              var hot = self._hover && self._hover.op === "vertex" && self._hover.run === r && self._hover.index === i;
              var style = hot ? L.extend({}, handle, {radius: 7, fillColor: EDIT_COLOR}) : handle;
              group.addLayer(L.circleMarker(ll, style));
            });
            if (self._mode === "select" && count <= MAX_MIDPOINTS && run.length > 1 && !self._drag) {
              var n = run.length;
              for (var k = 0; k < n; k++) {
                var next = k + 1 < n ? k + 1 : (closed && n > 2 ? 0 : -1);
                if (next < 0) { continue; }
                var mid = L.latLng((run[k].lat + run[next].lat) / 2, (run[k].lng + run[next].lng) / 2);
                var hotMid = self._hover && self._hover.op === "insert" && self._hover.run === r &&
                             self._hover.index === k + 1;
                group.addLayer(L.circleMarker(mid, {radius: hotMid ? 5 : 3.5, color: EDIT_COLOR, weight: 1,
                                                    fillColor: EDIT_COLOR, fillOpacity: hotMid ? 0.9 : 0.45,
                                                    renderer: renderer, interactive: false}));
              }
            }
          });
        }
        if (this._sketching()) {
          var pts = this._sketch.slice();
          var cursor = this._cursor;
          if (cursor && this._mode !== "point") { pts.push(cursor.latlng); }
          var style = L.extend({}, line, {dashArray: null, fill: this._mode === "polygon",
                                          fillColor: EDIT_COLOR, fillOpacity: 0.12});
          if (pts.length > 1) {
            group.addLayer(this._mode === "polygon" && pts.length > 2 ? L.polygon(pts, style) : L.polyline(pts, style));
          }
          this._sketch.forEach(function (ll, i) {
            if (i >= this._base || i === this._sketch.length - 1) { group.addLayer(L.circleMarker(ll, handle)); }
          }, this);
          if (cursor && cursor.snap) {
            group.addLayer(L.circleMarker(cursor.latlng, {radius: 9, color: SNAP_COLOR, weight: 3, fill: false,
                                                          renderer: renderer, interactive: false}));
          }
        }
        if (this._drag && this._drag.snap && this._drag.at) {
          group.addLayer(L.circleMarker(this._drag.at, {radius: 9, color: SNAP_COLOR, weight: 3, fill: false,
                                                        renderer: renderer, interactive: false}));
        }
        group.addTo(this._map);
        this._drawn = group;
      }
    });

    api.registerTool("draw", DrawTool);

    // ------------------------------------------------------------ commands

    function drawTool() {
      var active = api.tools.active;
      return active && active._qxDraw ? active : null;
    }

    function depthOf(type) {
      return {LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2}[type];
    }

    /* Can the feature's Leaflet layer take this geometry in place? */
    function fits(leaflet, geometry) {
      var t = geometry.type;
      if (t === "Point") { return !!leaflet.getLatLng; }
      if (t === "Polygon" || t === "MultiPolygon") { return leaflet instanceof L.Polygon; }
      if (t === "LineString" || t === "MultiLineString") {
        return leaflet instanceof L.Polyline && !(leaflet instanceof L.Polygon);
      }
      return false;
    }

    function checkGeometry(geometry) {
      if (geometry === null) { return; }
      var types = ["Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"];
      if (!geometry || typeof geometry !== "object" || types.indexOf(geometry.type) < 0 ||
          !Array.isArray(geometry.coordinates)) {
        throw new Error("qxmap page: not a GeoJSON geometry");
      }
    }

    /* The labels are placed again just after the map is redrawn (placing them around
       thousands of roads takes longer than drawing one road again). */
    var relayoutTimer = null;
    function relayoutSoon() {
      if (relayoutTimer !== null) { clearTimeout(relayoutTimer); }
      relayoutTimer = setTimeout(function () { relayoutTimer = null; api.relayoutLabels(); }, 60);
    }

    function recount() {
      var shown = {};
      api.TRACKED.forEach(function (name) { shown[name] = 0; });
      state.trackedOrder.forEach(function (entry) {
        if (entry && !entry.leaflet._qxHidden) { shown[entry.layer]++; }
      });
      state.shownCount = shown;
    }

    function dropEntry(id) {
      var entry = state.byId.get(id);
      if (!entry) { return; }
      var group = state.groups[entry.layer];
      if (group) { group.removeLayer(entry.leaflet); }
      state.byId.delete(id);
      state.byIdVersion++;
      if (entry.leaflet._qxBulk) { entry.leaflet.redrawAll(); }  // drawn in bulk: not by the group
      var i = state.trackedIds.indexOf(id);
      if (i >= 0) { state.trackedOrder[i] = null; }
    }

    function forgetFeature(id) {
      var index = indexFeatures();
      var found = index[id];
      if (!found) { return; }
      var list = state.data.layers[found.layer];
      var at = list.indexOf(found.feature);
      if (at >= 0) { list.splice(at, 1); }
      delete index[id];
    }

    /* Draw one feature as it now is: its WGS-84 geometry (null: it has none, it leaves the
       map) and its properties (name, status, ...).  A feature the page did not know is added. */
    api.addCommand("setFeature", function (id, layerName, geometry, props) {
      if (typeof id !== "string" || !own(state.groups, layerName)) { throw new Error("qxmap page: bad feature"); }
      checkGeometry(geometry);
      var index = indexFeatures();
      var found = index[id];
      if (found && found.layer !== layerName) { dropEntry(id); forgetFeature(id); found = null; }
      var feature = found ? found.feature : null;
      if (!feature) {
        feature = {type: "Feature", properties: {id: id}, geometry: null};
        state.data.layers[layerName].push(feature);
        index[id] = {layer: layerName, feature: feature};
      }
      var p = feature.properties;
      if (props && typeof props === "object") {
        for (var key in props) { if (own(props, key)) { p[key] = props[key]; } }
      }
      p.id = id;
      feature.geometry = geometry;
      var entry = state.byId.get(id);
      if (entry && (!geometry || !fits(entry.leaflet, geometry))) {
        dropEntry(id);
        entry = null;
      }
      var highlighted = state.highlighted.indexOf(id) >= 0;
      if (geometry) {
        if (entry) {
          if (geometry.type === "Point") {
            entry.leaflet.setLatLng(api.project(L.latLng(geometry.coordinates[1], geometry.coordinates[0])));
          } else {
            entry.leaflet.setLatLngs(L.GeoJSON.coordsToLatLngs(geometry.coordinates, depthOf(geometry.type),
              function (c) { return api.project(L.latLng(c[1], c[0])); }));
          }
        } else {
          var leaflet = api.makeLayer(layerName, feature);
          entry = {layer: layerName, leaflet: leaflet, props: p};
          state.byId.set(id, entry);
          state.byIdVersion++;
          state.groups[layerName].addLayer(leaflet);
        }
        entry._qxLabelLength = undefined;
        api.labelsTouched(entry);  // (the places its label was tried, and what was placed: qxmap-labels.js)
        entry._qxLabelArea = undefined;
        api.setEntryStyle(entry, highlighted);
        if (highlighted && entry.leaflet.bringToFront) { entry.leaflet.bringToFront(); }
        var t = state.trackedIds.indexOf(id);
        if (t >= 0) {
          state.trackedOrder[t] = entry;
          entry.leaflet._qxHidden = !api.maskShows(state.mask, t);
        }
      }
      recount();
      relayoutSoon();
      var tool = drawTool();
      if (tool) { tool.featureChanged(id); }
      return api.pageState();
    });

    /* A feature removed from the dataset (a merged road; an undone new record). */
    api.addCommand("removeFeature", function (id) {
      dropEntry(id);
      forgetFeature(id);
      state.highlighted = state.highlighted.filter(function (h) { return h !== id; });
      recount();
      relayoutSoon();
      var tool = drawTool();
      if (tool) { tool.featureChanged(id); }
      return api.pageState();
    });

    /* The tracked records (roads, then exits) in the app's order, after records were added
       or removed: the masks that follow (showTrackedMask) count in this order.  All shown. */
    api.addCommand("syncTracked", function (ids) {
      if (!Array.isArray(ids)) { throw new Error("qxmap page: syncTracked takes a list of ids"); }
      state.trackedIds = ids.map(String);
      state.trackedOrder = state.trackedIds.map(function (id) {
        var entry = state.byId.get(id);
        return entry && api.TRACKED.indexOf(entry.layer) >= 0 ? entry : null;
      });
      state.mask = null;
      state.trackedOrder.forEach(function (entry) { if (entry) { entry.leaflet._qxHidden = false; } });
      recount();
      if (state.renderer._map) { state.renderer._redraw(); }
      return api.pageState();
    });

    /* Where each vertex of a feature is: {layer, kind, runs: [[{x, y, lat, lon}]]} (container
       pixels; WGS-84), numbered as the draw tool's reports number them. */
    api.addCommand("vertexPixels", function (id) {
      var entry = state.byId.get(id);
      if (!entry) { return null; }
      return {layer: entry.layer, kind: kindOf(entry.leaflet), runs: runsOf(entry.leaflet).map(function (run) {
        return run.map(function (ll) {
          var px = map.latLngToContainerPoint(ll);
          var w = api.unproject(ll);
          return {x: px.x, y: px.y, lat: w.lat, lon: w.lng};
        });
      })};
    }, true);

    /* Where a WGS-84 place is drawn (container pixels; shifted on a GCJ-02 basemap). */
    api.addCommand("pixelOfLatLng", function (lat, lon) {
      var px = map.latLngToContainerPoint(api.project(L.latLng(lat, lon)));
      return {x: px.x, y: px.y};
    }, true);

    /* What a pointer at container pixel (x, y) would snap to (tolerance px, default 10):
       {id, kind, at, d} or null. */
    api.addCommand("snapAt", function (x, y, tolerance) {
      var hit = snapTarget(map.containerPointToLayerPoint(L.point(x, y)), tolerance || 10, null);
      return hit ? {id: hit.id, kind: hit.kind, at: hit.at, d: hit.d} : null;
    }, true);

    api.addCommand("drawState", function () {
      var tool = drawTool();
      return tool ? tool.describe() : null;
    }, true);

    /* Every road drawn again from scratch (no cached image): the plain redraw the
       benchmarks compare an edit with. */
    api.addCommand("redrawAll", function () {
      var started = performance.now();
      state.renderer._qxDropCaches();
      state.renderer._redrawBounds = null;
      state.renderer._redraw();
      return {ms: performance.now() - started};
    }, true);

    window.qxmap.draw = {
      /* A reference layer's snap candidates: fn(layerPoint, tolPx) -> {latlng (display), d (px),
         id, kind, at} or null; the app gets the snapped place (no exact id lookup for these). */
      addSnapSource: function (fn) { if (typeof fn === "function") { snapSources.push(fn); } }
    };
  });
})();
