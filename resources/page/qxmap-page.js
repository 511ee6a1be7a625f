/*
 * qxmap map page API.
 *
 * The page built by qxmap/mappage.py calls qxmap.init(map, data) once.  After
 * that, Python talks to the page only through qxmap.call(method, argsJson)
 * (see qxmap/ui/mapview.py, the one place that calls it), and the page
 * answers through the QWebChannel object "bridge":
 *   bridge.ready(stateJson)          the layers are drawn
 *   bridge.featureClicked(layer, id) a feature was clicked
 *   bridge.drawn(seq)                a command with that sequence number is on screen
 *   bridge.cursorMoved(lat, lon)     the pointer moved over the map
 *   bridge.viewChanged(boundsJson)   the view was panned or zoomed
 *   bridge.measured(kind, pointsJson) the measure tool's points (display lat/lon) changed
 *
 * Every text from the data is put in the page with textContent, never as
 * HTML: names and attributes are text, not markup.
 */
(function () {
  "use strict";

  var TRACKED = ["roads", "exits"];
  var GROUPED_LAYER = "roads";          // the layer drawn in cache groups (see makeFilterCanvas)
  var HIGHLIGHT_GROUP = "highlighted";  // highlighted roads: drawn above every group, never cached
  var state = {
    map: null,
    data: null,
    bridge: null,
    renderer: null,
    groups: {},        // layer name -> L.FeatureGroup on the map
    byId: {},          // feature id -> {layer: name, leaflet: L.Layer, props: {...}}
    trackedOrder: [],  // every tracked record (roads, then exits, in data order): its entry, or null if unmapped
    trackedIds: [],    // their ids, same order
    mask: null,        // null = all tracked shown; else a string of "0"/"1", one per tracked record
    highlighted: [],
    hiddenLayers: {},
    shownCount: {},    // tracked layer -> features not hidden by the filter
    transform: null,   // optional function(lat, lon) -> [lat, lon] for display (GCJ-02 basemaps)
    basemap: null,
    basemapOverlays: [],  // further tile layers above the basemap (Tianditu annotations)
    measure: {mode: null, points: [], shape: null, marks: null, renderer: null},
    cspViolations: []  // what the Content-Security-Policy refused (for tests and the log)
  };

  document.addEventListener("securitypolicyviolation", function (e) {
    state.cspViolations.push(e.violatedDirective + " " + (e.blockedURI || ""));
    if (state.cspViolations.length > 100) { state.cspViolations.shift(); }
  });

  /*
   * A canvas renderer that skips features marked hidden. Filtering then only
   * flips a flag per feature and redraws once, instead of removing and
   * re-adding thousands of layers (the cost that makes a filter slow).
   *
   * Roads carry a cache group (their build phase, layer._qxGroup). They are drawn
   * group by group (bottom first, in options.groupOrder), each group's roads
   * stroked as one path per style. With many roads (options.groupCacheMin or more)
   * each group is rasterised into offscreen canvases and the groups are
   * composited, the way a desktop GIS keeps one rendered image per layer: a
   * redraw re-rasterises only the groups whose visible roads, styles or view
   * changed, so switching build phases at a fixed view costs a copy, not a
   * raster of thousands of anti-aliased lines. A group keeps two images: all its
   * roads (what phase filters and "show all" need) and the last other subset
   * (a filter on status, category or name), within options.cacheBudget bytes.
   */
  function makeFilterCanvas(options) {
    var FilterCanvas = L.Canvas.extend({
      options: {groupOrder: [], directGroups: [], groupCacheMin: Infinity, cacheBudget: 256e6},

      initialize: function (opts) {
        L.Canvas.prototype.initialize.call(this, opts);
        this._qxGroupCount = 0;      // grouped layers on this renderer
        this._qxCaches = {};         // group -> {full: image, part: image}; image: {canvas, layers}
        this._qxPainted = null;      // the layers in the order they were painted (for hit testing)
        this._qxStats = {cached: false, rasterised: [], composited: []};
      },

      _updatePoly: function (layer, closed) {
        if (!layer._qxHidden) { L.Canvas.prototype._updatePoly.call(this, layer, closed); }
      },
      _updateCircle: function (layer) {
        if (!layer._qxHidden) { L.Canvas.prototype._updateCircle.call(this, layer); }
      },

      _initPath: function (layer) {
        L.Canvas.prototype._initPath.call(this, layer);
        this._qxPainted = null;
        if (layer._qxGroup !== undefined) { this._qxGroupCount++; }
      },
      _removePath: function (layer) {
        if (layer._qxGroup !== undefined) { this._qxGroupCount--; this._qxTouch(layer); }
        L.Canvas.prototype._removePath.call(this, layer);
      },
      _updateStyle: function (layer) {
        this._qxTouch(layer);
        L.Canvas.prototype._updateStyle.call(this, layer);
      },
      _updatePath: function (layer) {
        this._qxTouch(layer);
        L.Canvas.prototype._updatePath.call(this, layer);
      },
      _bringToFront: function (layer) {
        this._qxTouch(layer);
        L.Canvas.prototype._bringToFront.call(this, layer);
      },
      _bringToBack: function (layer) {
        this._qxTouch(layer);
        L.Canvas.prototype._bringToBack.call(this, layer);
      },
      /* Whatever moves, resizes, re-projects or re-clips the roads makes every image stale
         (the renderer's bounds alone do not show it: after a zoom they can be the same). */
      _update: function () {
        this._qxDropCaches();
        L.Canvas.prototype._update.call(this);
      },
      _reset: function () {
        this._qxDropCaches();
        L.Canvas.prototype._reset.call(this);
      },
      _onZoomEnd: function () {
        this._qxDropCaches();
        L.Canvas.prototype._onZoomEnd.call(this);
      },
      _updatePaths: function () {
        this._qxDropCaches();
        L.Canvas.prototype._updatePaths.call(this);
      },

      /* A layer changed style, shape or place in the drawing order: its group's images are stale. */
      _qxTouch: function (layer) {
        this._qxPainted = null;
        if (layer._qxGroup !== undefined) { this._qxDropImages(layer._qxGroup); }
      },

      _qxCaching: function () {
        return this._qxGroupCount >= this.options.groupCacheMin;
      },

      /* As L.Canvas._draw, with grouped roads drawn in group order, one path per style. */
      _draw: function () {
        var bounds = this._redrawBounds;
        var ctx = this._ctx;
        var caching = this._qxCaching();
        this._qxStats = {cached: caching, rasterised: [], composited: []};
        this._qxPainted = null;
        if (!caching) { this._qxDropCaches(); }
        ctx.save();
        if (bounds) {
          var size = bounds.getSize();
          ctx.beginPath();
          ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
          ctx.clip();
        }
        this._drawing = true;
        var grouped = null;   // group -> visible layers, in drawing order
        var batch = null;     // other open polylines, batched by style
        for (var order = this._drawFirst; order; order = order.next) {
          var layer = order.layer;
          if (layer._qxHidden) { continue; }
          if (layer._qxGroup !== undefined) {
            // Grouped roads are drawn together where the first of them comes.
            if (!grouped) {
              if (batch) { this._strokeBatch(ctx, batch); batch = null; }
              grouped = this._qxCollectGroups();
              if (caching) { this._qxComposite(ctx, grouped); } else { this._qxStrokeGroups(ctx, grouped, bounds); }
            }
            continue;
          }
          if (bounds && !(layer._pxBounds && layer._pxBounds.intersects(bounds))) { continue; }
          if (layer instanceof L.Polyline && !(layer instanceof L.Polygon)) {
            batch = batch || [];
            batch.push(layer);
          } else {
            if (batch) { this._strokeBatch(ctx, batch); batch = null; }
            layer._updatePath();
          }
        }
        if (batch) { this._strokeBatch(ctx, batch); }
        this._drawing = false;
        ctx.restore();
      },

      /* group -> its visible layers in drawing order; groups.$total[group]: all its layers. */
      _qxCollectGroups: function () {
        var groups = {};
        var total = {};
        for (var order = this._drawFirst; order; order = order.next) {
          var layer = order.layer;
          var group = layer._qxGroup;
          if (group === undefined) { continue; }
          total[group] = (total[group] || 0) + 1;
          if (!layer._qxHidden) { (groups[group] = groups[group] || []).push(layer); }
        }
        Object.defineProperty(groups, "$total", {value: total, enumerable: false});
        return groups;
      },

      /* Group names in drawing order (bottom first): the configured order, then any others. */
      _qxOrder: function (groups) {
        var known = this.options.groupOrder;
        var out = [];
        for (var name in groups) {
          if (Object.prototype.hasOwnProperty.call(groups, name) && known.indexOf(name) < 0) { out.push(name); }
        }
        out.sort();
        return out.concat(known.filter(function (g) { return groups[g]; }));
      },

      _qxStrokeGroups: function (ctx, groups, bounds) {
        var order = this._qxOrder(groups);
        for (var g = 0; g < order.length; g++) {
          var layers = groups[order[g]];
          if (bounds) {
            layers = layers.filter(function (l) { return l._pxBounds && l._pxBounds.intersects(bounds); });
          }
          if (layers.length) { this._strokeBatch(ctx, layers); }
        }
      },

      /* How many images per group the budget allows at this canvas size (0, 1 or 2). */
      _qxSlots: function () {
        var bytes = this._container.width * this._container.height * 4;
        if (!bytes) { return 0; }  // a map with no size yet: nothing to keep (and drawImage would throw)
        var groups = this.options.groupOrder.length - this.options.directGroups.length;
        return Math.min(2, Math.floor(this.options.cacheBudget / Math.max(1, bytes * Math.max(1, groups))));
      },

      /* Draw each group from its image, re-rasterising the images that are stale;
         a group with no image to spare is stroked straight onto the map's canvas. */
      _qxComposite: function (ctx, groups) {
        var slots = this._qxSlots();
        if (slots === 0) { this._qxDropCaches(); }
        if (slots < 2) {
          for (var group in this._qxCaches) {
            if (Object.prototype.hasOwnProperty.call(this._qxCaches, group)) {
              freeImage(this._qxCaches[group].part);
              this._qxCaches[group].part = null;
            }
          }
        }
        var order = this._qxOrder(groups);
        var transform = ctx.getTransform();
        for (var g = 0; g < order.length; g++) {
          var name = order[g];
          var layers = groups[name];
          var slot = layers.length === groups.$total[name] ? "full" : "part";
          if (this.options.directGroups.indexOf(name) >= 0 || slots === 0 || (slot === "part" && slots < 2)) {
            this._strokeBatch(ctx, layers);
            continue;
          }
          var images = this._qxCaches[name] = this._qxCaches[name] || {full: null, part: null};
          var image = images[slot];
          if (!image || !sameLayers(image.layers, layers)) {
            image = images[slot] = this._qxRasterise(image, layers, transform);
            this._qxStats.rasterised.push(name);
          }
          ctx.save();
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.globalAlpha = 1;
          ctx.drawImage(image.canvas, 0, 0);
          ctx.restore();
          this._qxStats.composited.push(name);
        }
      },

      _qxRasterise: function (image, layers, transform) {
        var cache = image || {canvas: document.createElement("canvas")};
        var canvas = cache.canvas;
        if (canvas.width !== this._container.width || canvas.height !== this._container.height) {
          canvas.width = this._container.width;
          canvas.height = this._container.height;
        }
        var cctx = canvas.getContext("2d");
        cctx.setTransform(1, 0, 0, 1, 0, 0);
        cctx.clearRect(0, 0, canvas.width, canvas.height);
        cctx.setTransform(transform);
        this._strokeBatch(cctx, layers);
        cache.layers = layers;
        return cache;
      },

      _qxDropImages: function (group) {
        var images = this._qxCaches[group];
        if (images) {
          freeImage(images.full);
          freeImage(images.part);
          delete this._qxCaches[group];
        }
      },

      _qxDropCaches: function () {
        for (var name in this._qxCaches) {
          if (Object.prototype.hasOwnProperty.call(this._qxCaches, name)) { this._qxDropImages(name); }
        }
        this._qxCaches = {};
      },

      /* Every layer in the order it is painted, bottom first: the grouped roads where the
         first of them comes, by group and then by style batch, as _draw paints them. */
      _qxPaintOrder: function () {
        if (this._qxPainted) { return this._qxPainted; }
        var out = [];
        var groupsDone = false;
        for (var order = this._drawFirst; order; order = order.next) {
          var layer = order.layer;
          if (layer._qxGroup === undefined) { out.push(layer); continue; }
          if (groupsDone) { continue; }
          groupsDone = true;
          var groups = this._qxCollectGroups();
          var names = this._qxOrder(groups);
          for (var g = 0; g < names.length; g++) {
            styleBatches(groups[names[g]]).forEach(function (batch) { Array.prototype.push.apply(out, batch); });
          }
        }
        this._qxPainted = out;
        return out;
      },

      /* Leaflet's hit testing, over the painted order: a click or tooltip picks the road
         seen on top, not the last one in data order. */
      _qxTopmostAt: function (point, e) {
        var painted = this._qxPaintOrder();
        for (var i = painted.length - 1; i >= 0; i--) {
          var layer = painted[i];
          if (layer.options.interactive && layer._containsPoint(point) &&
              (!e || !(e.type === "click" || e.type === "preclick") || !this._map._draggableMoved(layer))) {
            return layer;
          }
        }
        return null;
      },

      _onClick: function (e) {
        var layer = this._qxTopmostAt(this._map.mouseEventToLayerPoint(e), e);
        this._fireEvent(layer ? [layer] : false, e);
      },

      _handleMouseHover: function (e, point) {
        if (this._mouseHoverThrottled) { return; }
        var candidate = this._qxTopmostAt(point, null);
        if (candidate !== this._hoveredLayer) {
          this._handleMouseOut(e);
          if (candidate) {
            L.DomUtil.addClass(this._container, "leaflet-interactive");  // the pointer cursor
            this._fireEvent([candidate], e, "mouseover");
            this._hoveredLayer = candidate;
          }
        }
        this._fireEvent(this._hoveredLayer ? [this._hoveredLayer] : false, e);
        this._mouseHoverThrottled = true;
        setTimeout(L.Util.bind(function () { this._mouseHoverThrottled = false; }, this), 32);
      },

      _destroyContainer: function () {
        this._qxDropCaches();
        L.Canvas.prototype._destroyContainer.call(this);
      },

      /* Stroke open polylines as one path per style (in order of first appearance):
         with thousands of roads, one stroke per road is most of the cost of a redraw
         (Leaflet's own TODO in _updatePoly). */
      _strokeBatch: function (ctx, layers) {
        var batches = styleBatches(layers);
        for (var k = 0; k < batches.length; k++) {
          var same = batches[k];
          ctx.beginPath();
          for (var m = 0; m < same.length; m++) {
            var parts = same[m]._parts;
            for (var i = 0; i < parts.length; i++) {
              for (var j = 0; j < parts[i].length; j++) {
                var p = parts[i][j];
                if (j) { ctx.lineTo(p.x, p.y); } else { ctx.moveTo(p.x, p.y); }
              }
            }
          }
          var style = same[0].options;
          if (ctx.setLineDash) { ctx.setLineDash([]); }
          ctx.globalAlpha = style.opacity;
          ctx.lineWidth = style.weight;
          ctx.strokeStyle = style.color;
          ctx.lineCap = style.lineCap;
          ctx.lineJoin = style.lineJoin;
          ctx.stroke();
        }
      }
    });
    return new FilterCanvas(options);
  }

  /* Open polylines grouped by style, in order of each style's first appearance. */
  function styleBatches(layers) {
    var batches = [];
    var byKey = {};
    for (var n = 0; n < layers.length; n++) {
      var o = layers[n].options;
      var key = o.color + "|" + o.weight + "|" + o.opacity + "|" + o.lineCap + "|" + o.lineJoin;
      if (!byKey[key]) { byKey[key] = []; batches.push(byKey[key]); }
      byKey[key].push(layers[n]);
    }
    return batches;
  }

  function freeImage(image) {
    if (image) { image.canvas.width = 0; image.canvas.height = 0; }  // frees the pixels now
  }

  function sameLayers(a, b) {
    if (!a || a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }

  function hideable(layer) {
    var contains = layer._containsPoint;
    layer._containsPoint = function (p) { return !this._qxHidden && contains.call(this, p); };
    return layer;
  }

  /* Text (from a tile package, a file) escaped for the few Leaflet APIs that take HTML. */
  function textAsHtml(text) {
    return String(text === undefined || text === null ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function styleFor(layerName, props, highlighted) {
    var s = state.data.styles;
    var hl = s.highlight;
    if (layerName === "roads") {
      var color = s.status_colors[props.status] || "#000";
      var weight = s.category_widths[props.category] || 3;
      return {
        color: highlighted ? hl.color : color,
        weight: highlighted ? weight + hl.weight_add : weight,
        opacity: 1, lineCap: "butt", lineJoin: "bevel"
      };
    }
    if (layerName === "exits") {
      var ex = s.exit;
      return {
        radius: highlighted ? ex.radius + hl.radius_add : ex.radius,
        color: highlighted ? hl.color : ex.stroke,
        weight: ex.weight,
        fillColor: s.status_colors[props.status] || "#000",
        fillOpacity: 1
      };
    }
    var base = s.layers[layerName] || {};
    var out = {};
    for (var key in base) { if (Object.prototype.hasOwnProperty.call(base, key)) { out[key] = base[key]; } }
    if (highlighted) { out.color = hl.color; out.weight = (base.weight || 2) + hl.weight_add; }
    return out;
  }

  /* The cache group of a road: its build phase (see makeFilterCanvas). */
  function groupOf(props) {
    return props.phase ? String(props.phase) : "";
  }

  function setEntryStyle(entry, highlighted) {
    if (entry.layer === GROUPED_LAYER) { entry.leaflet._qxGroup = highlighted ? HIGHLIGHT_GROUP : groupOf(entry.props); }
    entry.leaflet.setStyle(styleFor(entry.layer, entry.props, highlighted));
  }

  function tooltipContent(props) {
    var box = el("div", "qx-tip");
    box.appendChild(el("div", "qx-tip-zh", props.name_zh || props.id));
    if (props.name_en) { box.appendChild(el("div", "qx-tip-en", props.name_en)); }
    return box;
  }

  function project(latlng) {
    if (!state.transform) { return latlng; }
    var out = state.transform(latlng.lat, latlng.lng);
    return L.latLng(out[0], out[1]);
  }

  function makeLayer(layerName, feature) {
    var props = feature.properties;
    var geojson = L.geoJSON(feature, {
      renderer: state.renderer,
      coordsToLatLng: function (c) { return project(L.latLng(c[1], c[0])); },
      style: function () { return styleFor(layerName, props, false); },
      pointToLayer: function (f, latlng) {
        var st = styleFor(layerName, props, false);
        st.renderer = state.renderer;
        return L.circleMarker(latlng, st);
      }
    });
    var leaflet = hideable(geojson.getLayers()[0]);
    if (layerName === GROUPED_LAYER) { leaflet._qxGroup = groupOf(props); }
    leaflet.bindTooltip(function () { return tooltipContent(props); }, {sticky: layerName !== "exits"});
    leaflet.on("click", function (ev) {
      L.DomEvent.stopPropagation(ev);
      if (state.measure.mode) { addMeasurePoint(ev.latlng); return; }
      if (state.bridge) { state.bridge.featureClicked(layerName, props.id); }
    });
    return leaflet;
  }

  function buildLayers() {
    var order = state.data.layer_order;
    for (var i = 0; i < order.length; i++) {
      var name = order[i];
      var group = L.featureGroup();
      var features = state.data.layers[name] || [];
      var tracked = TRACKED.indexOf(name) >= 0;
      for (var j = 0; j < features.length; j++) {
        var f = features[j];
        var entry = null;
        if (f.geometry) {
          var leaflet = makeLayer(name, f);
          entry = {layer: name, leaflet: leaflet, props: f.properties};
          state.byId[f.properties.id] = entry;
          group.addLayer(leaflet);
        }
        if (tracked) {
          state.trackedOrder.push(entry);
          state.trackedIds.push(f.properties.id);
        }
      }
      state.groups[name] = group;
      if (!state.hiddenLayers[name]) { group.addTo(state.map); }
    }
  }

  function clearLayers() {
    for (var name in state.groups) {
      if (Object.prototype.hasOwnProperty.call(state.groups, name)) { state.map.removeLayer(state.groups[name]); }
    }
    state.groups = {};
    state.byId = {};
    state.trackedOrder = [];
    state.trackedIds = [];
  }

  function applyMask(mask) {
    // mask: null (all shown) or one "0"/"1" per tracked record, in trackedOrder.
    var started = performance.now();
    state.mask = mask;
    var shown = {};
    TRACKED.forEach(function (name) { shown[name] = 0; });
    var order = state.trackedOrder;
    for (var i = 0; i < order.length; i++) {
      var entry = order[i];
      if (!entry) { continue; }
      var hidden = mask !== null && mask.charCodeAt(i) !== 49;  // "1"
      entry.leaflet._qxHidden = hidden;
      if (!hidden) { shown[entry.layer]++; }
    }
    state.shownCount = shown;
    if (state.renderer._map) { state.renderer._redraw(); }
    state.lastFilterMs = performance.now() - started;
  }

  function afterPaint(seq) {
    // The canvas is already redrawn (Leaflet redraws synchronously or in the next
    // animation frame); a task queued from the next animation frame runs once that
    // frame has been rendered.
    var asked = performance.now();
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        state.lastPaintWaitMs = performance.now() - asked;
        if (state.bridge && seq !== undefined && seq !== null) { state.bridge.drawn(seq); }
      }, 0);
    });
  }

  function boundsOf(ids) {
    var bounds = L.latLngBounds([]);
    ids.forEach(function (id) {
      var entry = state.byId[id];
      if (!entry) { return; }
      if (entry.leaflet.getBounds) { bounds.extend(entry.leaflet.getBounds()); }
      else if (entry.leaflet.getLatLng) { bounds.extend(entry.leaflet.getLatLng()); }
    });
    return bounds;
  }

  function fitSafely(bounds, options) {
    // A map with no size yet (a hidden view) cannot fit bounds: centre it instead.
    var size = state.map.getSize();
    if (size.x > 0 && size.y > 0) { state.map.fitBounds(bounds, options); }
    else { state.map.setView(bounds.getCenter(), 12); }
  }

  function townBounds() {
    var b = state.data.town_bounds;
    var sw = project(L.latLng(b[0][0], b[0][1]));
    var ne = project(L.latLng(b[1][0], b[1][1]));
    return L.latLngBounds(sw, ne);
  }

  // ---------------------------------------------------------------- measuring

  function clearMeasureShapes() {
    var m = state.measure;
    if (m.shape) { state.map.removeLayer(m.shape); m.shape = null; }
    if (m.marks) { state.map.removeLayer(m.marks); m.marks = null; }
  }

  function drawMeasure() {
    var m = state.measure;
    clearMeasureShapes();
    if (!m.points.length) { return; }
    var style = {color: "#d7191c", weight: 3, dashArray: "6 4", renderer: m.renderer,
                 fillColor: "#d7191c", fillOpacity: 0.12, interactive: false};
    m.shape = (m.mode === "area" && m.points.length >= 3) ? L.polygon(m.points, style) : L.polyline(m.points, style);
    m.shape.addTo(state.map);
    m.marks = L.layerGroup(m.points.map(function (p) {
      return L.circleMarker(p, {radius: 4, color: "#d7191c", weight: 2, fillColor: "#fff", fillOpacity: 1,
                                renderer: m.renderer, interactive: false});
    })).addTo(state.map);
  }

  function addMeasurePoint(latlng) {
    var m = state.measure;
    m.points.push(latlng);
    drawMeasure();
    if (state.bridge) {
      state.bridge.measured(m.mode, JSON.stringify(m.points.map(function (p) { return [p.lat, p.lng]; })));
    }
  }

  // ---------------------------------------------------------------- commands

  var commands = {
    /* Show only these tracked ids (roads and exits); null shows all. */
    showTracked: function (ids) {
      if (ids === null) { applyMask(null); return commands.state(); }
      var wanted = new Set(ids);
      var chars = new Array(state.trackedIds.length);
      for (var i = 0; i < chars.length; i++) { chars[i] = wanted.has(state.trackedIds[i]) ? "1" : "0"; }
      applyMask(chars.join(""));
      return commands.state();
    },

    /* The same, as one "0"/"1" character per tracked record (roads, then exits, in data order):
       the cheap form for large networks. */
    showTrackedMask: function (mask) {
      if (mask !== null && mask.length !== state.trackedOrder.length) {
        throw new Error("qxmap page: mask of " + mask.length + " for " + state.trackedOrder.length + " records");
      }
      applyMask(mask);
      return commands.state();
    },

    /* Highlight these ids (any layer); fit the view to them when fit is true. */
    highlight: function (ids, fit) {
      state.highlighted.forEach(function (id) {
        var entry = state.byId[id];
        if (entry) { setEntryStyle(entry, false); }
      });
      state.highlighted = [];
      (ids || []).forEach(function (id) {
        var entry = state.byId[id];
        if (!entry) { return; }
        setEntryStyle(entry, true);
        if (entry.leaflet.bringToFront) { entry.leaflet.bringToFront(); }
        state.highlighted.push(id);
      });
      // A highlighted road comes to the top of the roads, but exits stay above roads.
      if (state.groups.exits && state.map.hasLayer(state.groups.exits)) { state.groups.exits.bringToFront(); }
      if (fit && state.highlighted.length) {
        var bounds = boundsOf(state.highlighted);
        if (bounds.isValid()) { fitSafely(bounds, {padding: [40, 40], maxZoom: 16}); }
      }
      return commands.state();
    },

    /* Measure tool: mode "distance", "area" or null (off). Each click adds a point. */
    setMeasureMode: function (mode) {
      var m = state.measure;
      m.mode = mode || null;
      m.points = [];
      clearMeasureShapes();
      if (!m.renderer) { m.renderer = L.svg(); }
      if (m.mode) { state.map.doubleClickZoom.disable(); } else { state.map.doubleClickZoom.enable(); }
      state.map.getContainer().style.cursor = m.mode ? "crosshair" : "";
      return commands.state();
    },

    /* Show the measured value (text computed by the app) at the last point. */
    showMeasureResult: function (text) {
      var m = state.measure;
      if (m.shape && m.points.length) {
        m.shape.bindTooltip(el("div", "qx-measure", text),
                            {permanent: true, direction: "right", offset: [8, 0]})
          .openTooltip(m.points[m.points.length - 1]);
      }
      return commands.state();
    },

    /* A feature's attributes changed (e.g. its status was edited): redraw it in its new style. */
    restyle: function (id, props) {
      var entry = state.byId[id];
      if (!entry) { return commands.state(); }
      for (var key in props) {
        if (Object.prototype.hasOwnProperty.call(props, key)) { entry.props[key] = props[key]; }
      }
      setEntryStyle(entry, state.highlighted.indexOf(id) >= 0);
      return commands.state();
    },

    setLayerVisible: function (layerName, visible) {
      var group = state.groups[layerName];
      state.hiddenLayers[layerName] = !visible;
      if (group) {
        if (visible && !state.map.hasLayer(group)) { group.addTo(state.map); }
        if (!visible && state.map.hasLayer(group)) { state.map.removeLayer(group); }
      }
      restack();
      return commands.state();
    },

    fitTown: function () {
      fitSafely(townBounds(), {padding: [10, 10]});
      return commands.state();
    },

    fitBounds: function (south, west, north, east) {
      fitSafely(L.latLngBounds(project(L.latLng(south, west)), project(L.latLng(north, east))));
      return commands.state();
    },

    /* Basemap: null for none, or {url, attribution, maxZoom, subdomains, gcj02}. */
    setBasemap: function (spec) {
      if (state.basemap) { state.map.removeLayer(state.basemap); state.basemap = null; }
      state.basemapOverlays.forEach(function (l) { state.map.removeLayer(l); });
      state.basemapOverlays = [];
      var wantShift = !!(spec && spec.gcj02);
      var shifted = !!state.transform;
      if (spec && spec.url) {
        var opts = {maxZoom: spec.maxZoom || 18, attribution: "", errorTileUrl: ""};
        if (spec.subdomains) { opts.subdomains = spec.subdomains; }
        if (spec.maxNativeZoom) { opts.maxNativeZoom = spec.maxNativeZoom; }
        state.basemap = L.tileLayer(spec.url, opts);
        state.basemap.on("tileerror", function () {
          if (state.bridge) { state.bridge.basemapFailed(spec.url); }
        });
        // Leaflet puts attributions in the page as HTML: hand it text made safe as HTML.
        var attribution = textAsHtml(spec.attribution);
        state.map.attributionControl.setPrefix(false);
        state.basemap.getAttribution = function () { return attribution; };
        state.basemap.addTo(state.map);
        state.basemap.bringToBack();
        (spec.overlays || []).forEach(function (o) {
          var oopts = {maxZoom: o.maxZoom || opts.maxZoom, attribution: "", errorTileUrl: ""};
          if (o.subdomains) { oopts.subdomains = o.subdomains; }
          var layer = L.tileLayer(o.url, oopts);
          layer.on("tileerror", function () {
            if (state.bridge) { state.bridge.basemapFailed(o.url); }
          });
          layer.addTo(state.map);
          state.basemapOverlays.push(layer);
        });
      }
      if (wantShift !== shifted) {
        state.transform = wantShift ? window.qxmapGcj02.wgsToGcj : null;
        clearLayers();
        buildLayers();
        applyMask(state.mask);
        commands.highlight(state.highlighted.slice(), false);
      }
      return commands.state();
    },

    /* What the page shows now, for tests, the status bar and exports. */
    state: function () {
      var drawn = {};
      for (var name in state.groups) {
        if (!Object.prototype.hasOwnProperty.call(state.groups, name)) { continue; }
        var group = state.groups[name];
        var onMap = state.map.hasLayer(group);
        var count = state.shownCount[name] !== undefined ? state.shownCount[name] : group.getLayers().length;
        drawn[name] = onMap ? count : 0;
      }
      var b = state.map.getBounds();
      var hidden = [];
      for (var h in state.hiddenLayers) { if (state.hiddenLayers[h]) { hidden.push(h); } }
      return {
        drawn: drawn,
        highlighted: state.highlighted.slice(),
        hidden_layers: hidden,
        view: {south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast(), zoom: state.map.getZoom()},
        size: {x: state.map.getSize().x, y: state.map.getSize().y, dpr: window.devicePixelRatio || 1},
        shifted: !!state.transform,
        measure: {mode: state.measure.mode, points: state.measure.points.length},
        last_filter_ms: state.lastFilterMs || 0,
        last_paint_wait_ms: state.lastPaintWaitMs || 0,
        render: state.renderer._qxStats,
        basemap: state.basemap ? state.basemap._url : null
      };
    },

    /* Where a feature is drawn, in pixels of the map (for clicks in tests and tools). */
    pixelOf: function (id) {
      var entry = state.byId[id];
      if (!entry) { return null; }
      var latlng = entry.leaflet.getLatLng ? entry.leaflet.getLatLng() : entry.leaflet.getCenter();
      var p = state.map.latLngToContainerPoint(latlng);
      return {x: p.x, y: p.y, lat: latlng.lat, lon: latlng.lng};
    },

    /* What the document references (to prove nothing leaves the app) and how many images it holds. */
    pageFacts: function () {
      var urls = Array.prototype.map.call(document.querySelectorAll("script[src],link[href],img[src]"),
                                          function (e) { return e.src || e.href; });
      var attribution = document.querySelector(".leaflet-control-attribution");
      return {urls: urls, images: document.images.length, scripts: document.scripts.length,
              attribution: attribution ? attribution.textContent : null,
              attribution_elements: attribution ? attribution.querySelectorAll("*").length : 0,
              csp_violations: state.cspViolations.slice()};
    },

    /* A feature's properties as the page holds them (what its tooltip shows). */
    propsOf: function (id) {
      var entry = state.byId[id];
      return entry ? entry.props : null;
    },

    /* The ids of tracked features now on the map (separate: it is O(n)). */
    visibleTracked: function () {
      var out = [];
      TRACKED.forEach(function (layerName) {
        var group = state.groups[layerName];
        if (!group || !state.map.hasLayer(group)) { return; }
        var features = state.data.layers[layerName] || [];
        for (var i = 0; i < features.length; i++) {
          var entry = state.byId[features[i].properties.id];
          if (entry && !entry.leaflet._qxHidden) { out.push(features[i].properties.id); }
        }
      });
      return out;
    }
  };

  function restack() {
    // Keep the drawing order of the layers (bottom first) after toggles.
    state.data.layer_order.forEach(function (name) {
      var group = state.groups[name];
      if (group && state.map.hasLayer(group)) { group.bringToFront(); }
    });
  }

  function call(method, argsJson, seq) {
    var fn = commands[method];
    if (!fn) { throw new Error("qxmap page: no command " + method); }
    var args = argsJson ? JSON.parse(argsJson) : [];
    var result = fn.apply(null, args);
    afterPaint(seq);
    return JSON.stringify(result === undefined ? null : result);
  }

  function connectBridge(done) {
    if (typeof QWebChannel === "undefined" || typeof qt === "undefined" || !qt.webChannelTransport) {
      done(null);
      return;
    }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      var bridge = channel.objects.bridge || null;
      if (bridge) {
        // Python's commands arrive as the bridge's "command" signal; each gets a reply.
        bridge.command.connect(function (seq, method, argsJson) {
          var out;
          try { out = call(method, argsJson, seq); }
          catch (e) { out = JSON.stringify({error: String(e && e.message || e)}); }
          bridge.reply(seq, out);
        });
      }
      done(bridge);
    });
  }

  function init(map, data) {
    state.map = map;
    state.data = data;
    var render = data.render || {};
    state.renderer = makeFilterCanvas({
      padding: 0.1, tolerance: 4,
      groupOrder: (render.group_order || []).concat([HIGHLIGHT_GROUP]),
      directGroups: [HIGHLIGHT_GROUP],
      groupCacheMin: typeof render.group_cache_min === "number" ? render.group_cache_min : Infinity,
      cacheBudget: typeof render.group_cache_budget === "number" ? render.group_cache_budget : 0
    });
    map.attributionControl.setPrefix(false);
    L.control.scale({imperial: false, metric: true, maxWidth: 160}).addTo(map);
    buildLayers();
    fitSafely(townBounds(), {padding: [10, 10]});
    map.on("click", function (ev) {
      if (state.measure.mode) { addMeasurePoint(ev.latlng); }
    });
    map.on("mousemove", function (ev) {
      if (state.bridge) { state.bridge.cursorMoved(ev.latlng.lat, ev.latlng.lng); }
    });
    map.on("moveend", function () {
      if (state.bridge) { state.bridge.viewChanged(JSON.stringify(commands.state().view)); }
    });
    connectBridge(function (bridge) {
      state.bridge = bridge;
      window.requestAnimationFrame(function () {
        window.requestAnimationFrame(function () {
          if (bridge) { bridge.ready(JSON.stringify(commands.state())); }
        });
      });
    });
  }

  window.qxmap = {init: init, call: call, commands: commands};
})();
