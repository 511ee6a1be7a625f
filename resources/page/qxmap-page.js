/*
 * qxmap map page API.
 *
 * The page built by qxmap/mappage.py calls qxmap.init(map, data) once.  After
 * that, Python talks to the page only through qxmap.call(method, argsJson)
 * (see qxmap/ui/mapview.py, the one place that calls it), and the page
 * answers through the QWebChannel object "bridge":
 *   bridge.ready(stateJson)          the layers are drawn
 *   bridge.reply(seq, resultJson)    a command's result
 *   bridge.drawn(seq)                a command with that sequence number is on screen
 *   bridge.featureClicked(layer, id) a feature was clicked (no tool active)
 *   bridge.cursorMoved(lat, lon)     the pointer moved over the map
 *   bridge.viewChanged(boundsJson)   the view was panned or zoomed
 *   bridge.basemapFailed(url)        a basemap tile failed
 *   bridge.toolEvent(name, json)     a tool's report: ("tools", {active, options}) when the
 *                                    active tool changes, ("measure", {kind, points}), ...
 *
 * One coordinate truth: every coordinate that crosses the bridge, either way,
 * is WGS-84.  On a GCJ-02 basemap (AMap) the page draws everything shifted
 * (state.transform); project() and unproject() below are the only places
 * where that shift is applied or taken back.
 *
 * Tools (measuring today; drawing, snapping and georeferencing next) are
 * Leaflet handlers in a registry (see "tools" below): at most one is active,
 * the commands toolsEnable / toolsDisable / toolsUpdate drive them, Esc
 * disables the active one, and they report through bridge.toolEvent only.
 *
 * Commands used only by tests and diagnostics live under "debug."
 * (debug.state, debug.pixelOf, ...).
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
    transform: null,   // optional function(lat, lon) -> [lat, lon], WGS-84 -> display (GCJ-02 basemaps)
    untransform: null, // its inverse, display -> WGS-84
    basemap: null,
    basemapOverlays: [],  // further tile layers above the basemap (Tianditu annotations)
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

  // ---------------------------------------------------------------- coordinates
  //
  // Python sends and receives WGS-84 only; the map itself is drawn in display
  // coordinates (GCJ-02 on an AMap basemap).  These are the only conversions.

  /* WGS-84 -> display. */
  function project(latlng) {
    if (!state.transform) { return latlng; }
    var out = state.transform(latlng.lat, latlng.lng);
    return L.latLng(out[0], out[1]);
  }

  /* Display -> WGS-84. */
  function unproject(latlng) {
    if (!state.untransform) { return L.latLng(latlng.lat, latlng.lng); }
    var out = state.untransform(latlng.lat, latlng.lng);
    return L.latLng(out[0], out[1]);
  }

  /* The envelope of a box's outline taken through fn (the shift is not a translation:
     it changes by a few metres per kilometre, so the outline is sampled, not only the corners). */
  function envelopeThrough(fn, south, west, north, east) {
    var steps = 8;
    var out = L.latLngBounds([]);
    for (var i = 0; i <= steps; i++) {
      var lat = south + (north - south) * i / steps;
      var lon = west + (east - west) * i / steps;
      out.extend(fn(L.latLng(south, lon)));
      out.extend(fn(L.latLng(north, lon)));
      out.extend(fn(L.latLng(lat, west)));
      out.extend(fn(L.latLng(lat, east)));
    }
    return out;
  }

  /* A WGS-84 box -> the display bounds that hold it. */
  function displayBounds(south, west, north, east) {
    if (!state.transform) { return L.latLngBounds(L.latLng(south, west), L.latLng(north, east)); }
    return envelopeThrough(project, south, west, north, east);
  }

  /* Display bounds -> the WGS-84 box {south, west, north, east} of what they show. */
  function wgsBox(bounds) {
    var b = state.untransform
      ? envelopeThrough(unproject, bounds.getSouth(), bounds.getWest(), bounds.getNorth(), bounds.getEast())
      : bounds;
    return {south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast()};
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
      if (tools.active) { return; }  // the click goes on to the map, where the active tool takes it
      L.DomEvent.stopPropagation(ev);
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
    // A map with no size yet (a hidden view), or no room inside the padding, cannot
    // fit bounds (Leaflet's zoom would be NaN): centre it instead.
    var size = state.map.getSize();
    var pad = (options && options.padding) || [0, 0];
    if (size.x > 2 * pad[0] && size.y > 2 * pad[1]) { state.map.fitBounds(bounds, options); }
    else { state.map.setView(bounds.getCenter(), 12); }
  }

  function townBounds() {
    var b = state.data.town_bounds;
    return displayBounds(b[0][0], b[0][1], b[1][0], b[1][1]);
  }

  // ---------------------------------------------------------------- tools
  //
  // A tool is a Leaflet handler, L.Handler.extend({addHooks, removeHooks}),
  // registered by name.  Each toolsEnable makes it afresh with (map, options),
  // so starting a tool again starts it clean.  At most one tool is active;
  // Esc disables it.  Optional methods: update(options) (the toolsUpdate
  // command), reproject() (the display shift changed: draw again), describe()
  // (its part of the page state).  A tool reports only with toolEvent(name,
  // payload), and every coordinate in a payload is WGS-84.

  var tools = {registry: {}, active: null, name: null, options: null};

  function own(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function registerTool(name, Handler) {
    if (typeof name !== "string" || !/^[a-z][a-z0-9-]*$/.test(name) || typeof Handler !== "function") {
      throw new Error("qxmap page: bad tool " + name);
    }
    tools.registry[name] = Handler;
  }

  /* A command's options: a plain object, or {} for none. */
  function plainOptions(options) {
    if (options === null || options === undefined) { return {}; }
    if (typeof options !== "object" || Array.isArray(options)) {
      throw new Error("qxmap page: tool options must be an object");
    }
    return options;
  }

  function toolEvent(name, payload) {
    if (state.bridge) { state.bridge.toolEvent(name, JSON.stringify(payload)); }
  }

  /* Tell the app which tool is active now (after every change, whoever made it). */
  function reportTools() {
    toolEvent("tools", {active: tools.name, options: tools.name ? tools.options : {}});
  }

  function stopTool() {
    var handler = tools.active;
    tools.active = null;
    tools.name = null;
    tools.options = null;
    if (handler) { handler.disable(); }
  }

  function enableTool(name, options) {
    if (typeof name !== "string" || !own(tools.registry, name)) { throw new Error("qxmap page: no tool " + name); }
    var opts = plainOptions(options);
    stopTool();
    var handler = new tools.registry[name](state.map, opts);
    try {
      handler.enable();
    } catch (e) {
      try { handler.disable(); } catch (ignored) { /* it never started */ }
      reportTools();  // none is active now: the app must not think otherwise
      throw e;
    }
    tools.active = handler;
    tools.name = name;
    tools.options = opts;
    reportTools();
  }

  /* Disable the active tool (only when it is *name*, if a name is given). */
  function disableTool(name) {
    if (!tools.active || (name && name !== tools.name)) { return false; }
    stopTool();
    reportTools();
    return true;
  }

  function toolState() {
    if (!tools.active) { return null; }
    return {name: tools.name, options: tools.options,
            state: tools.active.describe ? tools.active.describe() : null};
  }

  var MEASURE_COLOR = "#d7191c";
  var TOOLS_PANE = "qxToolsPane";  // what tools draw: above the overlays, never in the way of a click

  /* Measuring: each click on the map (or on a feature) adds a point; the app
     computes the value on the ellipsoid and sends it back as text to show
     (toolsUpdate("measure", {result: text})).  Options: {mode: "distance" | "area"}.
     Reports ("measure", {kind, points: [[lat, lon], ...]}).
     (Made in init: Leaflet is loaded after this script.) */
  function makeMeasureTool() {
    return L.Handler.extend({
      initialize: function (map, options) {
        L.Handler.prototype.initialize.call(this, map);
        this._kind = options.mode === "area" ? "area" : "distance";
        this._points = [];    // WGS-84 L.LatLng, in click order
        this._result = null;  // the value (text from the app), shown at the last point
        this._renderer = null;
        this._drawn = null;   // what is on the map: an L.LayerGroup
        this._zoomOnDblClick = false;
      },

      addHooks: function () {
        var map = this._map;
        // Drawn in a pane that takes no pointer events (qxmap-page.css): the drawing never
        // covers the features, so a click on an exit still lands on it (and on its point).
        if (!map.getPane(TOOLS_PANE)) { map.createPane(TOOLS_PANE); }
        this._renderer = L.svg({pane: TOOLS_PANE});
        this._zoomOnDblClick = map.doubleClickZoom.enabled();
        map.doubleClickZoom.disable();
        L.DomUtil.addClass(map.getContainer(), "qx-tool-crosshair");
        map.on("click", this._onClick, this);
        this._draw();
      },

      removeHooks: function () {
        var map = this._map;
        map.off("click", this._onClick, this);
        if (this._zoomOnDblClick) { map.doubleClickZoom.enable(); }
        L.DomUtil.removeClass(map.getContainer(), "qx-tool-crosshair");
        this._clear();
        if (this._renderer) { map.removeLayer(this._renderer); this._renderer = null; }
      },

      update: function (options) {
        if (own(options, "result")) {
          this._result = options.result === null || options.result === undefined ? null : String(options.result);
          this._draw();
        }
      },

      reproject: function () {
        this._draw();
      },

      describe: function () {
        return {mode: this._kind, points: this._points.length, result: this._result};
      },

      _onClick: function (ev) {
        this._points.push(unproject(ev.latlng));
        this._result = null;  // the app sends the new value
        this._draw();
        toolEvent("measure", {kind: this._kind, points: this._points.map(function (p) { return [p.lat, p.lng]; })});
      },

      _clear: function () {
        if (this._drawn) { this._map.removeLayer(this._drawn); this._drawn = null; }
      },

      _draw: function () {
        this._clear();
        if (!this._points.length) { return; }
        var shown = this._points.map(project);
        var renderer = this._renderer;
        var style = {color: MEASURE_COLOR, weight: 3, dashArray: "6 4", renderer: renderer,
                     fillColor: MEASURE_COLOR, fillOpacity: 0.12, interactive: false};
        var shape = (this._kind === "area" && shown.length >= 3) ? L.polygon(shown, style) : L.polyline(shown, style);
        var group = L.layerGroup([shape]);
        shown.forEach(function (p) {
          group.addLayer(L.circleMarker(p, {radius: 4, color: MEASURE_COLOR, weight: 2, fillColor: "#fff",
                                            fillOpacity: 1, renderer: renderer, interactive: false}));
        });
        group.addTo(this._map);
        this._drawn = group;
        if (this._result !== null) {
          shape.bindTooltip(el("div", "qx-measure", this._result),
                            {permanent: true, direction: "right", offset: [8, 0]})
            .openTooltip(shown[shown.length - 1]);
        }
      }
    });
  }


  // ---------------------------------------------------------------- state

  /* The view as it crosses the bridge: the WGS-84 box of what is shown, and the zoom. */
  function currentView() {
    var view = wgsBox(state.map.getBounds());
    view.zoom = state.map.getZoom();
    return view;
  }

  /* What the page shows now: every command's reply, and debug.state. */
  function pageState() {
    var drawn = {};
    for (var name in state.groups) {
      if (!own(state.groups, name)) { continue; }
      var group = state.groups[name];
      var onMap = state.map.hasLayer(group);
      var count = state.shownCount[name] !== undefined ? state.shownCount[name] : group.getLayers().length;
      drawn[name] = onMap ? count : 0;
    }
    var hidden = [];
    for (var h in state.hiddenLayers) { if (state.hiddenLayers[h]) { hidden.push(h); } }
    return {
      drawn: drawn,
      highlighted: state.highlighted.slice(),
      hidden_layers: hidden,
      view: currentView(),
      size: {x: state.map.getSize().x, y: state.map.getSize().y, dpr: window.devicePixelRatio || 1},
      shifted: !!state.transform,
      tool: toolState(),
      last_filter_ms: state.lastFilterMs || 0,
      last_paint_wait_ms: state.lastPaintWaitMs || 0,
      render: state.renderer._qxStats,
      basemap: state.basemap ? state.basemap._url : null
    };
  }

  // ---------------------------------------------------------------- commands
  //
  // Every argument is JSON; every coordinate is WGS-84.  Each command answers
  // with pageState().

  var commands = {
    /* Show only these tracked ids (roads and exits); null shows all. */
    showTracked: function (ids) {
      if (ids === null) { applyMask(null); return pageState(); }
      var wanted = new Set(ids);
      var chars = new Array(state.trackedIds.length);
      for (var i = 0; i < chars.length; i++) { chars[i] = wanted.has(state.trackedIds[i]) ? "1" : "0"; }
      applyMask(chars.join(""));
      return pageState();
    },

    /* The same, as one "0"/"1" character per tracked record (roads, then exits, in data order):
       the cheap form for large networks. */
    showTrackedMask: function (mask) {
      if (mask !== null && mask.length !== state.trackedOrder.length) {
        throw new Error("qxmap page: mask of " + mask.length + " for " + state.trackedOrder.length + " records");
      }
      applyMask(mask);
      return pageState();
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
      return pageState();
    },

    /* Enable the tool *name* with these options (the active tool, if any, is disabled first). */
    toolsEnable: function (name, options) {
      enableTool(name, options);
      return pageState();
    },

    /* Disable the active tool; with a name, only if that tool is the active one. */
    toolsDisable: function (name) {
      disableTool(name || null);
      return pageState();
    },

    /* Pass options to the active tool if it is *name* (e.g. the measured value to show). */
    toolsUpdate: function (name, options) {
      var opts = plainOptions(options);
      if (tools.active && tools.name === name && tools.active.update) { tools.active.update(opts); }
      return pageState();
    },

    /* A feature's attributes changed (e.g. its status was edited): redraw it in its new style. */
    restyle: function (id, props) {
      var entry = state.byId[id];
      if (!entry) { return pageState(); }
      for (var key in props) {
        if (own(props, key)) { entry.props[key] = props[key]; }
      }
      setEntryStyle(entry, state.highlighted.indexOf(id) >= 0);
      return pageState();
    },

    setLayerVisible: function (layerName, visible) {
      var group = state.groups[layerName];
      state.hiddenLayers[layerName] = !visible;
      if (group) {
        if (visible && !state.map.hasLayer(group)) { group.addTo(state.map); }
        if (!visible && state.map.hasLayer(group)) { state.map.removeLayer(group); }
      }
      restack();
      return pageState();
    },

    fitTown: function () {
      fitSafely(townBounds(), {padding: [10, 10]});
      return pageState();
    },

    /* Fit the view to a WGS-84 box. */
    fitBounds: function (south, west, north, east) {
      fitSafely(displayBounds(south, west, north, east));
      return pageState();
    },

    /* Basemap: null for none, or {url, attribution, maxZoom, subdomains, gcj02}. */
    setBasemap: function (spec) {
      if (state.basemap) { state.map.removeLayer(state.basemap); state.basemap = null; }
      state.basemapOverlays.forEach(function (l) { state.map.removeLayer(l); });
      state.basemapOverlays = [];
      var wantShift = !!(spec && spec.gcj02);
      var shifted = !!state.transform;
      if (wantShift !== shifted) {
        // The same ground stays in view: the overlays keep their place on screen.  (Before
        // the new tiles come: a tile layer with a lower maxZoom zooms the map out, animated,
        // about the centre of that moment.)
        var size = state.map.getSize();
        var centre = size.x > 0 && size.y > 0 ? unproject(state.map.getCenter()) : null;
        state.transform = wantShift ? window.qxmapGcj02.wgsToGcj : null;
        state.untransform = wantShift ? window.qxmapGcj02.gcjToWgs : null;
        clearLayers();
        buildLayers();
        applyMask(state.mask);
        commands.highlight(state.highlighted.slice(), false);
        if (tools.active && tools.active.reproject) { tools.active.reproject(); }
        if (centre) { state.map.setView(project(centre), state.map.getZoom(), {animate: false}); }
      }
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
      return pageState();
    }
  };

  /* Diagnostics for tests and the log ("debug.<name>"): they change nothing. */
  var debug = {
    /* What the page shows now (as every command's reply). */
    state: function () {
      return pageState();
    },

    /* Where a feature is drawn: pixels in the map ({x, y}), on the basemap's tile grid
       ({grid: {x, y, zoom}}, Web Mercator pixels), and its own WGS-84 position (lat, lon). */
    pixelOf: function (id) {
      var entry = state.byId[id];
      if (!entry) { return null; }
      var shown = entry.leaflet.getLatLng ? entry.leaflet.getLatLng() : entry.leaflet.getCenter();
      var p = state.map.latLngToContainerPoint(shown);
      var zoom = state.map.getZoom();
      var grid = state.map.project(shown, zoom);
      var wgs = unproject(shown);
      return {x: p.x, y: p.y, lat: wgs.lat, lon: wgs.lng, grid: {x: grid.x, y: grid.y, zoom: zoom}};
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

  /* The command named *method*: one of commands, or "debug.<name>" for one of debug. */
  function lookup(method) {
    if (typeof method !== "string") { return null; }
    if (method.indexOf("debug.") === 0) {
      var name = method.slice("debug.".length);
      return own(debug, name) ? debug[name] : null;
    }
    return own(commands, method) ? commands[method] : null;
  }

  function call(method, argsJson, seq) {
    var fn = lookup(method);
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
    registerTool("measure", makeMeasureTool());
    map.attributionControl.setPrefix(false);
    L.control.scale({imperial: false, metric: true, maxWidth: 160}).addTo(map);
    buildLayers();
    fitSafely(townBounds(), {padding: [10, 10]});
    map.on("mousemove", function (ev) {
      if (state.bridge) {
        var wgs = unproject(ev.latlng);
        state.bridge.cursorMoved(wgs.lat, wgs.lng);
      }
    });
    map.on("moveend", function () {
      if (state.bridge) { state.bridge.viewChanged(JSON.stringify(currentView())); }
    });
    document.addEventListener("keydown", function (ev) {
      if ((ev.key === "Escape" || ev.key === "Esc") && tools.active) { disableTool(null); }
    });
    connectBridge(function (bridge) {
      state.bridge = bridge;
      window.requestAnimationFrame(function () {
        window.requestAnimationFrame(function () {
          if (bridge) { bridge.ready(JSON.stringify(pageState())); }
        });
      });
    });
  }

  window.qxmap = {init: init, call: call, registerTool: registerTool};
})();
