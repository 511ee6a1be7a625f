/*
 * qxmap road renderer: the map's canvas (FilterCanvas, an L.Canvas).
 *
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
 * In a dense view drawn as pixels an image holds the group's roads in the whole
 * world at that zoom where they fit in a few canvases (a world image,
 * _qxWorldRegion): a pan, or a zoom back to it, composites it where it now lies.
 *
 * A reference layer drawn in bulk (qxmap-bulk.js) is stroked where it comes in the
 * drawing order, as its Leaflet lines would be, 1 px wide where the view is dense
 * with its lines (the same rule as the roads', counted for that layer alone).
 *
 * A page script loaded before qxmap-page.js: window.qxmapCanvas gives the page
 * makeFilterCanvas(options, core) (core: the page's state and the bulk roads' bulkCollect,
 * bulkCountIn, bulkKept, bulkPath, bulkProject and bulkShown, from qxmap-bulk.js), and
 * thinRun and batchKey, with which roads drawn in bulk are stroked too.
 */
(function () {
  "use strict";

  function makeFilterCanvas(options, core) {
    var state = core.state, bulkCollect = core.bulkCollect, bulkCountIn = core.bulkCountIn;
    var bulkKept = core.bulkKept, bulkPath = core.bulkPath, bulkProject = core.bulkProject;
    var bulkShown = core.bulkShown;
    var FilterCanvas = L.Canvas.extend({
      options: {groupOrder: [], directGroups: [], groupCacheMin: Infinity, cacheBudget: 256e6, thinPerMpx: Infinity,
                thinPixels: false},

      initialize: function (opts) {
        L.Canvas.prototype.initialize.call(this, opts);
        this._qxGroupCount = 0;      // grouped layers on this renderer
        this._qxCaches = {};         // group -> {full: image, part: image}; image: {canvas, layers, thin, world}
        this._qxByZoom = {};         // zoom -> its _qxCaches (world images kept across moves: _qxMoved)
        this._qxZooms = [];          // the zooms in _qxByZoom, the one drawn last at the end
        this._qxPainted = null;      // the layers in the order they were painted (for hit testing)
        this._qxStats = {cached: false, rasterised: [], composited: [], thin: false, thinLayers: []};
        this._qxThin = false;        // this draw strokes grouped roads 1 px wide (see _qxThinNow)
        this._qxThinFor = null;      // the view _qxThin was decided for
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
        // Restyling many roads at once (restyleTracked) redraws the whole map once afterwards:
        // no redraw request, and no growing redraw box, per road.
        if (!this._qxQuiet) { L.Canvas.prototype._updateStyle.call(this, layer); }
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
      /* Whatever moves, resizes, re-projects or re-clips the roads makes every image of the
         canvas stale (the renderer's bounds alone do not show it: after a zoom they can be the
         same); world images are kept (_qxMoved). */
      _update: function () {
        this._qxMoved();
        if (this._map._animatingZoom && this._bounds) { return; }
        // As L.Canvas._update, except that a canvas keeping its size keeps its pixels' buffer:
        // Leaflet sized it again at every pan and zoom, which makes Chromium drop the buffer
        // and allocate another (4 MB at 1,100 x 1,000 px); resetting the context clears it
        // and its state as the sizing did.
        L.Renderer.prototype._update.call(this);
        var b = this._bounds, container = this._container, size = b.getSize(), m = L.Browser.retina ? 2 : 1;
        var ctx = this._ctx;
        L.DomUtil.setPosition(container, b.min);
        if (container.width === m * size.x && container.height === m * size.y && ctx.reset) {
          ctx.reset();
        } else {
          container.width = m * size.x;
          container.height = m * size.y;
        }
        container.style.width = size.x + "px";
        container.style.height = size.y + "px";
        if (L.Browser.retina) { ctx.scale(2, 2); }
        ctx.translate(-b.min.x, -b.min.y);
        this.fire("update");
      },
      /* A view reset right after a zoom's end (a fit, not animated) finds every layer already
         projected for this zoom and pixel origin: they are clipped and drawn again, not
         projected twice (with many roads projecting is most of a zoom's cost). */
      _reset: function () {
        this._qxMoved();
        if (this._qxProjectedFor !== undefined && this._qxProjectedFor === this._qxViewKey()) {
          this._update();
          this._updateTransform(this._center, this._zoom);
          if (this._postponeUpdatePaths) { this._postponeUpdatePaths = false; this._updatePaths(); }
          return;
        }
        L.Canvas.prototype._reset.call(this);
        this._qxProjectedFor = this._qxViewKey();
      },
      _onZoomEnd: function () {
        this._qxMoved();
        L.Canvas.prototype._onZoomEnd.call(this);
        this._qxProjectedFor = this._qxViewKey();
      },
      _qxViewKey: function () {
        var origin = this._map.getPixelOrigin();
        return this._map.getZoom() + ":" + origin.x + ":" + origin.y + ":" + this._qxGroupCount;
      },
      _updatePaths: function () {
        this._qxMoved();
        L.Canvas.prototype._updatePaths.call(this);
      },

      /* A layer changed style, shape or place in the drawing order: its group's images are stale. */
      _qxTouch: function (layer) {
        this._qxPainted = null;
        this._qxExtentFor = null;
        if (layer._qxGroup !== undefined) { this._qxDropImages(layer._qxGroup); }
      },

      _qxCaching: function () {
        if (this._qxDirectOnce) { return false; }  // a redraw that changes every group's style (restyleTracked)
        var bulk = state.bulk && state.bulk.anchor._map ? state.bulk.count : 0;  // roads drawn in bulk
        return this._qxGroupCount + bulk >= this.options.groupCacheMin;
      },

      /* As L.Canvas._draw, with grouped roads drawn in group order, one path per style. */
      _draw: function () {
        var drawStarted = performance.now();
        var bounds = this._redrawBounds;
        var ctx = this._ctx;
        var caching = this._qxCaching();
        this._qxThin = this._qxThinNow();
        this._qxStats = {cached: caching, rasterised: [], composited: [], thin: this._qxThin, thinLayers: []};
        // simplified once for every road drawn in bulk; thin lines do without (thinRun)
        if (state.bulk && state.bulk.anchor._map && !this._qxThin) { bulkKept(state.bulk); }
        this._qxPainted = null;
        if (!caching) { this._qxDropCaches(); } else { this._qxZoomImages(); }
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
          if (layer._qxBulkAnchor && !layer._qxBulk.grouped) {  // a reference layer's lines, in its place
            var lines = bulkShown(layer._qxBulk);
            if (this._qxBulkThin(layer._qxBulk)) {
              if (batch) { this._strokeBatch(ctx, batch); batch = null; }
              this._qxThinLayer(ctx, lines);
              this._qxStats.thinLayers.push(layer._qxBulk.layer);
            } else {
              batch = batch || [];
              for (var n = 0; n < lines.length; n++) { batch.push(lines[n]); }
            }
            continue;
          }
          if (layer._qxGroup !== undefined || layer._qxBulkAnchor) {
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
        state.timings.draw_ms = performance.now() - drawStarted;
      },

      /* Level of detail (RenderOptions.thin_per_mpx in qxmap/mappage.py): whether the view
         holds so many roads (shown or not: a filter never changes the widths) that they are
         stroked 1 px wide; decided again only when the view or the roads on it change. */
      _qxThinNow: function () {
        var limit = this.options.thinPerMpx;
        var map = this._map;
        if (!map || !(limit < Infinity)) { return false; }
        var size = map.getSize();
        var bulk = state.bulk && state.bulk.anchor._map ? state.bulk : null;
        var key = this._qxViewKey() + ":" + size.x + "x" + size.y + ":" + (bulk ? bulk.count : 0);
        if (this._qxThinFor === key) { return this._qxThin; }
        var view = L.bounds(map.containerPointToLayerPoint([0, 0]), map.containerPointToLayerPoint(size));
        var count = 0;
        for (var order = this._drawFirst; order; order = order.next) {
          var layer = order.layer;
          if (layer._qxGroup !== undefined && layer._pxBounds && layer._pxBounds.intersects(view)) { count++; }
        }
        if (bulk) { count += bulkCountIn(bulk, view); }
        this._qxThinFor = key;
        this._qxThin = count > limit * size.x * size.y / 1e6;
        return this._qxThin;
      },

      /* Whether a reference layer drawn in bulk is stroked 1 px wide at this view: more of its
         lines on the view than options.thinPerMpx per million pixels (_qxThinNow's rule, its
         lines alone: a dense city network thins itself, never the tracked roads). */
      _qxBulkThin: function (bulk) {
        var limit = this.options.thinPerMpx, map = this._map;
        if (!map || !(limit < Infinity)) { return (bulk.thin = false); }
        var size = map.getSize();
        var key = this._qxViewKey() + ":" + size.x + "x" + size.y + ":" + bulk.count;
        if (bulk.thinFor !== key) {
          var view = L.bounds(map.containerPointToLayerPoint([0, 0]), map.containerPointToLayerPoint(size));
          bulk.thin = bulkCountIn(bulk, view) > limit * size.x * size.y / 1e6;
          bulk.thinFor = key;
        }
        return bulk.thin;
      },

      /* A reference layer's thin lines (_qxBulkThin): set as pixels (PixelPen) in an image of
         their own, composited at the layer's opacity, as one translucent stroke of them all
         covers each pixel once whatever lies under it; else stroked.  Chromium rasterising
         the strokes of a city's 160,000 lines was about 100 ms of every pan. */
      _qxThinLayer: function (ctx, lines) {
        var batches = styleBatches(lines);
        if (!batches.length) { return; }
        var opacity = batches[0][0].options.opacity;
        var canvas = this._qxLayerCanvas = this._qxLayerCanvas || document.createElement("canvas");
        if (canvas.width !== ctx.canvas.width || canvas.height !== ctx.canvas.height) {
          canvas.width = ctx.canvas.width;
          canvas.height = ctx.canvas.height;
        }
        var lctx = canvas.getContext("2d");
        lctx.setTransform(ctx.getTransform());
        if (!this._qxThinPixels(lctx, batches, true, opacity)) {
          this._strokeBatch(ctx, lines, true, false, batches);
          return;
        }
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.globalAlpha = opacity;
        ctx.drawImage(canvas, 0, 0);
        ctx.restore();
      },

      /* group -> its visible layers in drawing order; groups.$total[group]: all its layers. */
      _qxCollectGroups: function () {
        var groups = {};
        var total = {};
        for (var order = this._drawFirst; order; order = order.next) {
          var layer = order.layer;
          if (layer._qxBulkAnchor) {
            if (layer._qxBulk.grouped) { bulkCollect(layer._qxBulk, groups, total); }
            continue;
          }
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
          if (layers.length) { this._strokeBatch(ctx, layers, this._qxThinGroup(order[g])); }
        }
      },

      _qxThinGroup: function (name) {
        return this._qxThin && this.options.directGroups.indexOf(name) < 0;
      },

      /* How many images per group the budget allows at this canvas size (0, 1 or 2). */
      _qxSlots: function () {
        var bytes = this._container.width * this._container.height * 4;
        if (!bytes) { return 0; }  // a map with no size yet: nothing to keep (and drawImage would throw)
        var groups = this.options.groupOrder.length - this.options.directGroups.length;
        return Math.min(2, Math.floor(this.options.cacheBudget / Math.max(1, bytes * Math.max(1, groups))));
      },

      /* The images of this zoom as this._qxCaches (the zoom drawn last, last in _qxZooms). */
      _qxZoomImages: function () {
        var zoom = this._map.getZoom();
        var images = this._qxByZoom[zoom] = this._qxByZoom[zoom] || {};
        this._qxZooms = this._qxZooms.filter(function (z) { return z !== zoom; }).concat([zoom]);
        this._qxCaches = images;
      },

      /* fn(images of a group, slot, image) for every image kept, at every zoom. */
      _qxEachImage: function (fn) {
        for (var z in this._qxByZoom) {
          if (!Object.prototype.hasOwnProperty.call(this._qxByZoom, z)) { continue; }
          var images = this._qxByZoom[z];
          for (var group in images) {
            if (!Object.prototype.hasOwnProperty.call(images, group)) { continue; }
            if (images[group].full) { fn(images[group], "full", images[group].full); }
            if (images[group].part) { fn(images[group], "part", images[group].part); }
          }
        }
      },

      /* The view moved (a pan, a zoom, a resize, a reset): an image of the canvas is stale,
         a world image (_qxWorldRegion) is not: it is kept with its zoom's images. */
      _qxMoved: function () {
        this._qxEachImage(function (images, slot, image) {
          if (!image.world) { freeImage(image); images[slot] = null; }
        });
      },

      /* The bytes of every image kept, at every zoom. */
      _qxImageBytes: function () {
        var bytes = 0;
        this._qxEachImage(function (images, slot, image) { bytes += image.canvas.width * image.canvas.height * 4; });
        return bytes;
      },

      /* Within options.cacheBudget and WORLD_ZOOMS: the images of the zooms seen longest ago go first. */
      _qxKeepBudget: function () {
        while (this._qxZooms.length > WORLD_ZOOMS ||
               (this._qxZooms.length > 1 && this._qxImageBytes() > this.options.cacheBudget)) {
          var zoom = this._qxZooms.shift(), images = this._qxByZoom[zoom];
          for (var group in images) {
            if (Object.prototype.hasOwnProperty.call(images, group)) { freeImage(images[group].full); freeImage(images[group].part); }
          }
          delete this._qxByZoom[zoom];
        }
      },

      /* A world image: where a dense view's roads are set as pixels (_qxThinPixels) and all of
         a group's roads at this zoom fit in at most WORLD_AREA canvases, its image holds them
         all, in whole-world pixels (the layer pixels plus the pixel origin): a pan, or a zoom
         back to it, composites it where it now lies instead of setting every pixel again.
         The same pixels: the pen floors whole-pixel vertices shifted by whole pixels.
         Its box (world pixels, {x, y, width, height}), or null where an image of the canvas
         is drawn instead (strokes, a sparse view, a zoom too close). */
      _qxWorldRegion: function (batches, transform, thin) {
        if (!thin || !this.options.thinPixels || !this._map) { return null; }
        if (transform.a !== 1 || transform.b !== 0 || transform.c !== 0 || transform.d !== 1) { return null; }
        if (!batchColours(batches)) { return null; }
        var pad = 0;
        for (var k = 0; k < batches.length; k++) { pad = Math.max(pad, batches[k][0].options.weight + 1); }
        var extent = this._qxGroupedExtent();
        if (!extent) { return null; }
        var minX = extent[0], minY = extent[1], maxX = extent[2], maxY = extent[3];
        if (!(minX <= maxX && minY <= maxY)) { return null; }
        var origin = this._map.getPixelOrigin();
        var x = Math.floor(minX - pad) + origin.x, y = Math.floor(minY - pad) + origin.y;
        var width = Math.ceil(maxX + pad) + origin.x - x + 1, height = Math.ceil(maxY + pad) + origin.y - y + 1;
        var canvasArea = this._container.width * this._container.height;
        if (!canvasArea || width * height > WORLD_AREA * canvasArea) { return null; }
        // (and one such image per group within the budget, as _qxSlots counts them)
        var groups = Math.max(1, this.options.groupOrder.length - this.options.directGroups.length);
        if (width * height * 4 * groups > this.options.cacheBudget) { return null; }
        return {x: x, y: y, width: width, height: height};
      },

      /* The box (layer pixels) of every grouped road at this view: the bulk roads' box (their
         projection keeps it) and each other road's; null where one is not drawn from its
         projected rings (then no world image).  Kept until the view or a road changes. */
      _qxGroupedExtent: function () {
        var bulk = state.bulk && state.bulk.anchor._map ? state.bulk : null;
        if (bulk) { bulkProject(bulk); }
        var key = this._qxViewKey() + ":" + (bulk ? bulk.key + ":" + L.stamp(bulk.anchor) : "");
        if (this._qxExtentFor === key) { return this._qxExtent; }
        var all = bulk ? bulk.extent.slice() : [Infinity, Infinity, -Infinity, -Infinity];
        for (var order = this._drawFirst; order && all; order = order.next) {
          var layer = order.layer;
          if (layer._qxGroup === undefined) { continue; }
          if (!layer._rings || !layer._pxBounds) { all = null; break; }
          var b = layer._pxBounds;
          all = [Math.min(all[0], b.min.x), Math.min(all[1], b.min.y), Math.max(all[2], b.max.x), Math.max(all[3], b.max.y)];
        }
        this._qxExtentFor = key;
        this._qxExtent = all;
        return all;
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
            this._strokeBatch(ctx, layers, this._qxThinGroup(name));
            continue;
          }
          var images = this._qxCaches[name] = this._qxCaches[name] || {full: null, part: null};
          var image = images[slot];
          var thin = this._qxThinGroup(name);
          if (!image || image.thin !== thin || !sameLayers(image.layers, layers)) {
            image = images[slot] = this._qxRasterise(image, layers, transform, thin);
            this._qxStats.rasterised.push(name);
            if (image.world) { this._qxKeepBudget(); }
          }
          var at = {x: 0, y: 0};
          if (image.world) {  // where its box lies on the canvas now
            var origin = this._map.getPixelOrigin();
            at = {x: image.world.x - origin.x + transform.e, y: image.world.y - origin.y + transform.f};
          }
          ctx.save();
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.globalAlpha = 1;
          ctx.drawImage(image.canvas, at.x, at.y);
          ctx.restore();
          this._qxStats.composited.push(name);
        }
      },

      _qxRasterise: function (image, layers, transform, thin) {
        var cache = image || {canvas: document.createElement("canvas")};
        var canvas = cache.canvas;
        var batches = styleBatches(layers);
        var world = this._qxWorldRegion(batches, transform, thin);
        var width = world ? world.width : this._container.width, height = world ? world.height : this._container.height;
        var resized = canvas.width !== width || canvas.height !== height;
        if (resized) {  // (which leaves it blank)
          canvas.width = width;
          canvas.height = height;
        }
        var cctx = canvas.getContext("2d");
        cctx.setTransform(1, 0, 0, 1, 0, 0);
        // A canvas just sized is transparent already: clearing it first made Chromium
        // allocate and fill its pixels, about 17 ms for each group's image at a zoom change.
        if (!resized) { cctx.clearRect(0, 0, canvas.width, canvas.height); }
        if (world) {  // layer pixels -> the image's: whole pixels, so the same pixels as on the canvas
          var origin = this._map.getPixelOrigin();
          cctx.setTransform(1, 0, 0, 1, origin.x - world.x, origin.y - world.y);
          this._qxCull = L.bounds([world.x - origin.x, world.y - origin.y],
                                  [world.x - origin.x + width, world.y - origin.y + height]);
        } else {
          cctx.setTransform(transform);
        }
        try {
          this._strokeBatch(cctx, layers, thin, true, batches);
        } finally {
          this._qxCull = null;
        }
        cache.layers = layers;
        cache.thin = thin;
        cache.world = world;
        return cache;
      },

      /* A group's images, at every zoom. */
      _qxDropImages: function (group) {
        for (var z in this._qxByZoom) {
          if (!Object.prototype.hasOwnProperty.call(this._qxByZoom, z)) { continue; }
          var images = this._qxByZoom[z][group];
          if (images) {
            freeImage(images.full);
            freeImage(images.part);
            delete this._qxByZoom[z][group];
          }
        }
      },

      /* Every image, at every zoom. */
      _qxDropCaches: function () {
        for (var z in this._qxByZoom) {
          if (!Object.prototype.hasOwnProperty.call(this._qxByZoom, z)) { continue; }
          for (var name in this._qxByZoom[z]) {
            if (Object.prototype.hasOwnProperty.call(this._qxByZoom[z], name)) { this._qxDropImages(name); }
          }
        }
        this._qxByZoom = {};
        this._qxZooms = [];
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
          if (layer._qxBulkAnchor && !layer._qxBulk.grouped) {  // a reference layer's lines, in its place
            var lines = bulkShown(layer._qxBulk);
            for (var n = 0; n < lines.length; n++) { out.push(lines[n]); }
            continue;
          }
          if (layer._qxGroup === undefined && !layer._qxBulkAnchor) { out.push(layer); continue; }
          if (groupsDone) { continue; }
          groupsDone = true;
          var groups = this._qxCollectGroups();
          var names = this._qxOrder(groups);
          for (var g = 0; g < names.length; g++) {
            styleBatches(groups[names[g]]).forEach(function (batch) {
              for (var k = 0; k < batch.length; k++) { out.push(batch[k]); }  // (no apply: 200,000 arguments)
            });
          }
        }
        this._qxPainted = out;
        return out;
      },

      /* Leaflet's hit testing, over the painted order: a click or tooltip picks the road
         seen on top, not the last one in data order. */
      _qxTopmostAt: function (point, e) {
        for (var b = 0; b < state.bulks.length; b++) {  // (once: _containsPoint reads it)
          if (state.bulks[b].anchor._map) { bulkProject(state.bulks[b]); }
        }
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
        if (this._qxLayerCanvas) { freeImage({canvas: this._qxLayerCanvas}); }
        L.Canvas.prototype._destroyContainer.call(this);
      },

      /* Stroke open polylines as one path per style (in order of first appearance):
         with thousands of roads, one stroke per road is most of the cost of a redraw
         (Leaflet's own TODO in _updatePoly).  thin: 1 px wide (see _qxThinNow). */
      /* The thin roads of *batches* set as pixels (see PixelPen); false (nothing drawn) where
         that would not give what the strokes give. */
      _qxThinPixels: function (ctx, batches, fresh, opacity) {
        if (!this.options.thinPixels) { return false; }
        var m = ctx.getTransform();
        if (m.a !== 1 || m.b !== 0 || m.c !== 0 || m.d !== 1) { return false; }
        var colours = batchColours(batches, opacity), k;
        if (!colours) { return false; }
        var width = ctx.canvas.width, height = ctx.canvas.height;
        if (!width || !height) { return true; }
        var image;
        if (fresh) {  // one buffer for every group's image: putImageData copies it (not 7 MB kept per image)
          image = this._qxBlank;  // (at least as large as the image: world images' sizes differ a little)
          if (!image || image.width < width || image.height < height) {
            image = this._qxBlank = ctx.createImageData(Math.max(width, image ? image.width : 0),
                                                        Math.max(height, image ? image.height : 0));
          } else {
            new Uint32Array(image.data.buffer).fill(0);
          }
        } else {
          image = ctx.getImageData(0, 0, width, height);
        }
        var pen = new PixelPen(new Uint32Array(image.data.buffer), image.width, image.height, m.e, m.f);
        pen.right = width;
        pen.bottom = height;
        var box = fresh ? null : this._redrawBounds;  // a partial redraw: only its box is drawn again
        if (box) {
          pen.left = Math.max(0, Math.floor(box.min.x + m.e));
          pen.top = Math.max(0, Math.floor(box.min.y + m.f));
          pen.right = Math.min(width, Math.ceil(box.max.x + m.e));
          pen.bottom = Math.min(height, Math.ceil(box.max.y + m.f));
          if (pen.right <= pen.left || pen.bottom <= pen.top) { return true; }
        }
        var view = this._qxCull || this._bounds;  // the roads drawn: those on the canvas, or a world image's
        for (k = 0; k < batches.length; k++) {
          pen.colour = colours[k];
          var same = batches[k], run = -1;  // run: where the bulk roads not yet drawn begin
          for (var n = 0; n < same.length; n++) {
            var layer = same[n];
            if (layer._qxBulk) { if (run < 0) { run = n; } continue; }
            if (run >= 0) { pen.bulkRoads(same, run, n, view); run = -1; }  // (in their order)
            if (layer._rings && layer._pxBounds && layer._pxBounds.intersects(view)) {
              for (var ring = 0; ring < layer._rings.length; ring++) {
                thinRun(pen, layer._rings[ring], 0, layer._rings[ring].length, null, null);
              }
            }
          }
          if (run >= 0) { pen.bulkRoads(same, run, same.length, view); }
        }
        if (box) { ctx.putImageData(image, 0, 0, pen.left, pen.top, pen.right - pen.left, pen.bottom - pen.top); }
        else { ctx.putImageData(image, 0, 0, 0, 0, width, height); }
        return true;
      },

      /* Stroke *layers* (open polylines) one path per style; *thin*: 1 px wide (thinRun);
         *fresh*: ctx is an image just cleared (a group's), nothing under the roads. */
      _strokeBatch: function (ctx, layers, thin, fresh, batches) {
        batches = batches || styleBatches(layers);
        if (thin && this._qxThinPixels(ctx, batches, fresh)) { return; }
        for (var k = 0; k < batches.length; k++) {
          var same = batches[k];
          var style = same[0].options;
          if (ctx.setLineDash) { ctx.setLineDash([]); }
          ctx.globalAlpha = style.opacity;
          ctx.lineWidth = thin ? Math.min(1, style.weight) : style.weight;
          ctx.strokeStyle = style.color;
          ctx.lineCap = style.lineCap;
          ctx.lineJoin = style.lineJoin;
          // A path of tens of thousands of roads is stroked in pieces: the rasteriser is about
          // twice as fast on pieces of STROKE_CHUNK roads (same colour, opaque: the same look,
          // but where the anti-aliased edges of two pieces overlap).  Smaller batches: one path.
          var chunk = same.length > 2 * STROKE_CHUNK ? STROKE_CHUNK : same.length;
          ctx.beginPath();
          for (var m = 0; m < same.length; m++) {
            if (same[m]._qxBulk) {
              bulkPath(ctx, same[m], thin);
            } else if (thin) {
              var layer = same[m];
              if (layer._rings && layer._pxBounds && layer._pxBounds.intersects(this._bounds)) {
                for (var ring = 0; ring < layer._rings.length; ring++) {
                  thinRun(ctx, layer._rings[ring], 0, layer._rings[ring].length, null, null);
                }
              }
            } else {
              var parts = same[m]._parts;
              for (var i = 0; i < parts.length; i++) {
                for (var j = 0; j < parts[i].length; j++) {
                  var p = parts[i][j];
                  if (j) { ctx.lineTo(p.x, p.y); } else { ctx.moveTo(p.x, p.y); }
                }
              }
            }
            if ((m + 1) % chunk === 0 && m + 1 < same.length) { ctx.stroke(); ctx.beginPath(); }
          }
          ctx.stroke();
        }
      }
    });
    return new FilterCanvas(options);
  }

  var STROKE_CHUNK = 2000;  // roads per stroke in a very large batch (see _strokeBatch)
  var WORLD_AREA = 3;       // a world image is at most this many canvases (see _qxWorldRegion)
  var WORLD_ZOOMS = 3;      // the zooms whose images are kept (a planner zooming in and out again)

  /* Thin roads as pixels (RenderOptions.thin_pixels): where a view is so dense that its roads are
     drawn 1 px wide, each line is set pixel by pixel (Bresenham: every pixel a line passes,
     one per step, in its colour, opaque) into the canvas's pixels, and put back once,
     instead of anti-aliased 1 px strokes.  Chromium rasterises a canvas on the CPU here:
     200,000 roads took it about 125 ms per view, and the paths handed to it 80 ms more.
     The same vertices as the strokes (thinRun: a bulk road and a Leaflet layer alike), in
     the same order (a later style over an earlier one); only the anti-aliasing goes, as a
     desktop GIS's fast drawing of a dense map does.  Only where it gives what the stroke
     would: opaque colours, lines at most 1 px, the canvas's scale 1 (no high-DPI scaling),
     no clip (a partial redraw), else the strokes.  A PixelPen takes moveTo/lineTo as the
     canvas does. */
  function PixelPen(pixels, width, height, dx, dy) {
    this.pixels = pixels;   // Uint32Array over an ImageData's bytes (RGBA, little-endian words)
    this.width = width;
    this.height = height;
    this.dx = dx;           // the canvas transform's translation (layer point -> canvas pixel)
    this.dy = dy;
    this.colour = 0;
    this.x = 0;
    this.y = 0;
    this.left = 0;          // the pixels set: x in [left, right), y in [top, bottom)
    this.top = 0;
    this.right = width;
    this.bottom = height;
  }
  PixelPen.prototype.moveTo = function (x, y) {
    this.x = Math.floor(x + this.dx);
    this.y = Math.floor(y + this.dy);
    this.dot(this.x, this.y);
  };
  PixelPen.prototype.dot = function (x, y) {
    if (x >= this.left && y >= this.top && x < this.right && y < this.bottom) { this.pixels[y * this.width + x] = this.colour; }
  };
  PixelPen.prototype.lineTo = function (x, y) {
    var x0 = this.x, y0 = this.y, x1 = Math.floor(x + this.dx), y1 = Math.floor(y + this.dy);
    this.x = x1;
    this.y = y1;
    this.segment(x0, y0, x1, y1);
  };
  /* The pixels from (x0, y0) to (x1, y1), canvas pixels, both ends set (one Bresenham step
     per pixel; a segment wholly inside the pixels set is stepped without asking each). */
  PixelPen.prototype.segment = function (x0, y0, x1, y1) {
    var w = this.width, h = this.height, l = this.left, t = this.top, r = this.right, b = this.bottom;
    if ((x0 < l && x1 < l) || (y0 < t && y1 < t) || (x0 >= r && x1 >= r) || (y0 >= b && y1 >= b)) { return; }
    var ax = x1 > x0 ? x1 - x0 : x0 - x1, ay = y1 > y0 ? y1 - y0 : y0 - y1;
    if (ax > 4 * (w + h) || ay > 4 * (w + h)) { this.longLine(x0, y0, x1, y1); return; }
    var sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = ax - ay, px = this.pixels, colour = this.colour, e2;
    if (x0 >= l && x1 >= l && x0 < r && x1 < r && y0 >= t && y1 >= t && y0 < b && y1 < b) {
      // The same steps as the loop below, without a branch per pixel: along the major axis
      // every step, the minor one where the error says (m: -1 or 0, from the error's sign).
      var at = y0 * w + x0, down = sy * w, m, i;
      px[at] = colour;
      if (ax >= ay) {
        for (i = ax; i > 0; i--) {
          e2 = err << 1;
          m = (e2 - ax) >> 31;          // e2 < ax: a step down too
          err = err - ay + (ax & m);
          at = at + sx + (down & m);
          px[at] = colour;
        }
      } else {
        for (i = ay; i > 0; i--) {
          e2 = err << 1;
          m = (-ay - e2) >> 31;         // e2 > -ay: a step across too
          err = err + ax - (ay & m);
          at = at + down + (sx & m);
          px[at] = colour;
        }
      }
      return;
    }
    for (;;) {
      if (x0 >= l && y0 >= t && x0 < r && y0 < b) { px[y0 * w + x0] = colour; }
      if (x0 === x1 && y0 === y1) { break; }
      e2 = 2 * err;
      if (e2 > -ay) { err -= ay; x0 += sx; }
      if (e2 < ax) { err += ax; y0 += sy; }
    }
  };
  /* The thin lines of the bulk roads refs[start:end] (RoadRef, qxmap-bulk.js; one style: the
     same width) as bulkPath and thinRun draw them (the roads wholly outside *view* passed
     over; each vertex more than 1 px from the last one drawn, and each run's last), in one
     loop over the packed arrays. */
  PixelPen.prototype.bulkRoads = function (refs, start, end, view) {
    var dx = this.dx, dy = this.dy, pad = refs[start].options.weight + 1;
    var minX = view ? view.min.x - pad : -Infinity, maxX = view ? view.max.x + pad : Infinity;
    var minY = view ? view.min.y - pad : -Infinity, maxY = view ? view.max.y + pad : Infinity;
    var bulk = null, xs = null, ys = null, box = null, parts = null, rings = null, coords = null;
    for (var n = start; n < end; n++) {
      var ref = refs[n], i = ref._qxIndex;
      if (ref._qxBulk !== bulk) {
        bulk = ref._qxBulk; xs = bulk.x; ys = bulk.y; box = bulk.box;
        parts = bulk.src.parts; rings = bulk.src.rings; coords = bulk.src.coords;
      }
      if (box[4 * i] > maxX || box[4 * i + 2] < minX || box[4 * i + 1] > maxY || box[4 * i + 3] < minY) { continue; }
      for (var p = parts[i]; p < parts[i + 1]; p++) {
        for (var q = rings[p]; q < rings[p + 1]; q++) {
          var a = coords[q], stop = coords[q + 1];
          if (stop <= a) { continue; }
          var px = xs[a], py = ys[a];
          var x0 = Math.floor(px + dx), y0 = Math.floor(py + dy);
          this.dot(x0, y0);
          for (var c = a + 1; c < stop; c++) {
            var x = xs[c], y = ys[c], ex = x - px, ey = y - py;
            if (ex * ex + ey * ey > 1 || c === stop - 1) {
              var x1 = Math.floor(x + dx), y1 = Math.floor(y + dy);
              this.segment(x0, y0, x1, y1);
              x0 = x1; y0 = y1; px = x; py = y;
            }
          }
        }
      }
    }
  };
  /* A line far longer than the canvas (a zoomed-in view, which is seldom a thin one): its
     part across the canvas, cut first (Liang-Barsky), then stepped. */
  PixelPen.prototype.longLine = function (x0, y0, x1, y1) {
    var dx = x1 - x0, dy = y1 - y0, t0 = 0, t1 = 1;
    var edges = [[-dx, x0 + 1], [dx, this.width - x0], [-dy, y0 + 1], [dy, this.height - y0]];
    for (var i = 0; i < 4; i++) {
      var p = edges[i][0], q = edges[i][1];
      if (p === 0) { if (q < 0) { return; } continue; }
      var r = q / p;
      if (p < 0) { if (r > t1) { return; } if (r > t0) { t0 = r; } } else { if (r < t0) { return; } if (r < t1) { t1 = r; } }
    }
    var keep = {x: x1, y: y1};
    this.x = Math.round(x0 + t0 * dx);
    this.y = Math.round(y0 + t0 * dy);
    var endX = Math.round(x0 + t1 * dx), endY = Math.round(y0 + t1 * dy);
    var saved = [this.dx, this.dy];
    this.dx = 0; this.dy = 0;
    this.lineTo(endX, endY);
    this.dx = saved[0]; this.dy = saved[1];
    this.x = keep.x; this.y = keep.y;
  };

  /* Each style batch's colour as PixelPen sets it, or null where one cannot be set as pixels
     (not opaque, or thinner than 1 px: the strokes draw it).  *opacity*: the pixels are an
     image composited at that opacity (_qxThinLayer): every batch must have it. */
  function batchColours(batches, opacity) {
    var colours = [], alpha = opacity === undefined ? 1 : opacity;
    for (var k = 0; k < batches.length; k++) {
      var style = batches[k][0].options;
      var colour = style.opacity === alpha && style.weight >= 1 ? pixelColour(style.color) : null;
      if (colour === null) { return null; }
      colours.push(colour);
    }
    return colours;
  }

  /* A CSS colour as the opaque RGBA word PixelPen sets (via a 1 px canvas: any CSS colour). */
  var pixelColours = {};
  var colourProbe = null;
  function pixelColour(css) {
    if (Object.prototype.hasOwnProperty.call(pixelColours, css)) { return pixelColours[css]; }
    if (!colourProbe) {
      var probe = document.createElement("canvas");
      probe.width = probe.height = 1;
      colourProbe = probe.getContext("2d", {willReadFrequently: true});
    }
    colourProbe.clearRect(0, 0, 1, 1);
    colourProbe.fillStyle = "#000";
    colourProbe.fillStyle = css;
    colourProbe.fillRect(0, 0, 1, 1);
    var rgba = colourProbe.getImageData(0, 0, 1, 1).data;
    var word = rgba[3] === 255 ? ((255 << 24) | (rgba[2] << 16) | (rgba[1] << 8) | rgba[0]) >>> 0 : null;
    pixelColours[css] = word;
    return word;
  }

  /* A line drawn 1 px wide (see _qxThinNow) added to the path: its projected vertices from
     index a to b (points, or xs[i], ys[i] when xs is given), each one that lies more than
     1 px from the last one drawn, and the last.  Not Leaflet's clipping and simplification
     (a Douglas-Peucker pass over every vertex at every zoom, most of a zoom's cost with
     200,000 roads): a 1 px line looks the same, and a road drawn in bulk and one drawn as a
     Leaflet layer go through this same function, so they give the same pixels. */
  function thinRun(ctx, points, a, b, xs, ys) {
    if (b <= a) { return; }
    var px = xs ? xs[a] : points[a].x, py = xs ? ys[a] : points[a].y;
    ctx.moveTo(px, py);
    for (var c = a + 1; c < b; c++) {
      var x = xs ? xs[c] : points[c].x, y = xs ? ys[c] : points[c].y;
      var dx = x - px, dy = y - py;
      if (dx * dx + dy * dy > 1 || c === b - 1) { ctx.lineTo(x, y); px = x; py = y; }
    }
  }

  /* Open polylines grouped by style, in order of each style's first appearance. */
  function styleBatches(layers) {
    var batches = [];
    var byKey = {};
    for (var n = 0; n < layers.length; n++) {
      var o = layers[n].options;
      var key = o._qxBatchKey || batchKey(o);
      if (!byKey[key]) { byKey[key] = []; batches.push(byKey[key]); }
      byKey[key].push(layers[n]);
    }
    return batches;
  }

  function batchKey(o) {
    return o.color + "|" + o.weight + "|" + o.opacity + "|" + o.lineCap + "|" + o.lineJoin;
  }

  function freeImage(image) {
    if (image) { image.canvas.width = 0; image.canvas.height = 0; }  // frees the pixels now
  }

  function sameLayers(a, b) {
    if (!a || a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }

  window.qxmapCanvas = {makeFilterCanvas: makeFilterCanvas, thinRun: thinRun, batchKey: batchKey};
})();
