/*
 * qxmap plan overlays: a georeferenced planning drawing under the projects (issue 12 §3).
 *
 * Loaded after qxmap-page.js and qxmap-draw.js; registers itself with qxmap.plugin.
 * The app places the drawing (qxmap/georef: Transform.placement()); the page only
 * draws the image it is given, by three of its corners:
 *
 *   commands
 *     overlayShow(key, spec)   spec {url: "qxmap://app/blob/...", placement: {width, height,
 *                              corners_latlng: {top_left, top_right, bottom_left, ...}},
 *                              opacity, visible, pins: [[lat, lon], ...]}: draw (or redraw) the
 *                              image of overlay *key*; pins are its control points on the map
 *                              (the draw tool snaps to them while it is visible)
 *     overlaySet(key, {opacity, visible, pins})   change what is given
 *     overlayRemove(key)
 *     overlayMarkers(points)   numbered markers [{n, lat, lon, enabled}] (the georeferencing
 *                              dialog's map points); null or [] removes them
 *   the tool "overlay-pin" (toolsEnable("overlay-pin")): a click on the map reports
 *     bridge.toolEvent("overlay", {action: "pin", point: [lat, lon]})
 *   diagnostics debug.overlayState(): each overlay (key, opacity, visible, loaded, the
 *     corners as drawn in container pixels, the image's box in the page) and the markers.
 *
 * The image is an <img> in a pane of its own above the basemap and below every
 * feature layer (z-index 250: tiles 200, features 400), never in the way of a click.
 * Its CSS transform maps its top-left, top-right and bottom-left corners onto the
 * map's layer points of those corners (a rotated or sheared drawing too), again on
 * every zoom and view reset, and animated with the map's zoom.  Every coordinate
 * given is WGS-84; on a GCJ-02 basemap the corners and pins are shifted with
 * project() like everything else, and a pin clicked is taken back with unproject().
 * Only URLs the app serves are accepted; no text from the data is put in the page.
 */
(function () {
  "use strict";

  var PANE = "qxPlanPane";
  var PIN_COLOR = "#d7191c";
  var KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;
  var URL_PREFIX = "qxmap://app/blob/";

  var own = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };

  function finite(v) { return typeof v === "number" && isFinite(v); }

  function latLngOf(pair) {
    if (!Array.isArray(pair) || pair.length !== 2 || !finite(pair[0]) || !finite(pair[1]) ||
        Math.abs(pair[0]) > 90 || Math.abs(pair[1]) > 180) {
      throw new Error("qxmap overlay: not a [lat, lon] pair");
    }
    return L.latLng(pair[0], pair[1]);
  }

  function checkKey(key) {
    if (typeof key !== "string" || !KEY.test(key)) { throw new Error("qxmap overlay: bad key"); }
    return key;
  }

  function opacityOf(v) {
    if (!finite(v)) { throw new Error("qxmap overlay: opacity must be a number"); }
    return Math.max(0, Math.min(1, v));
  }

  function pinsOf(list) {
    if (list === null || list === undefined) { return []; }
    if (!Array.isArray(list) || list.length > 500) { throw new Error("qxmap overlay: bad pins"); }
    return list.map(latLngOf);
  }

  window.qxmap.plugin(function (api) {
    var map = api.map;
    var overlays = {};   // key -> {layer, opacity, visible, pins: [L.LatLng WGS-84]}
    var markers = null;  // {group, points: [{n, latlng (WGS-84), enabled}]}
    var shiftSeen = api.state.transform;

    function pane() {
      var p = map.getPane(PANE);
      if (!p) {
        p = map.createPane(PANE);
        p.style.zIndex = "250";          // above the tiles (200), under the features (400)
        p.style.pointerEvents = "none";  // never in the way of a click
      }
      return p;
    }

    /* The drawing as a Leaflet layer: an <img> placed by a CSS matrix from three corners. */
    var PlanImage = L.Layer.extend({
      initialize: function (url, placement) {
        var c = placement.corners_latlng;
        if (!c || !finite(placement.width) || !finite(placement.height) || placement.width <= 0 ||
            placement.height <= 0) {
          throw new Error("qxmap overlay: bad placement");
        }
        if (typeof url !== "string" || url.indexOf(URL_PREFIX) !== 0 || !/^[a-z0-9:/.-]+$/.test(url)) {
          throw new Error("qxmap overlay: not an image the app serves");
        }
        this._url = url;
        this._w = placement.width;
        this._h = placement.height;
        this._corners = {tl: latLngOf(c.top_left), tr: latLngOf(c.top_right), bl: latLngOf(c.bottom_left)};
        this._points = null;  // layer points of tl, tr, bl as last drawn
        this.options = {pane: PANE};
      },

      getEvents: function () {
        var events = {zoom: this._reset, viewreset: this._reset, zoomend: this._reset};
        if (this._zoomAnimated) { events.zoomanim = this._animateZoom; }
        return events;
      },

      onAdd: function () {
        if (!this._image) {
          var img = document.createElement("img");
          img.alt = "";
          img.draggable = false;
          img.className = "leaflet-image-layer" + (this._zoomAnimated ? " leaflet-zoom-animated" : "");
          img.style.position = "absolute";
          img.style.left = "0px";
          img.style.top = "0px";
          img.style.width = this._w + "px";
          img.style.height = this._h + "px";
          img.style.maxWidth = "none";
          img.style.transformOrigin = "0 0";
          img.style.pointerEvents = "none";
          img.src = this._url;
          this._image = img;
        }
        pane().appendChild(this._image);
        this._reset();
      },

      onRemove: function () {
        if (this._image && this._image.parentNode) { this._image.parentNode.removeChild(this._image); }
      },

      setOpacity: function (value) {
        this._opacity = value;
        if (this._image) { this._image.style.opacity = String(value); }
      },

      _place: function (toPoint) {
        var tl = toPoint(api.project(this._corners.tl));
        var tr = toPoint(api.project(this._corners.tr));
        var bl = toPoint(api.project(this._corners.bl));
        var w = this._w, h = this._h;
        var m = [(tr.x - tl.x) / w, (tr.y - tl.y) / w, (bl.x - tl.x) / h, (bl.y - tl.y) / h, tl.x, tl.y];
        this._image.style.transform = "matrix(" + m.join(",") + ")";
        return [tl, tr, bl];
      },

      _reset: function () {
        if (!this._map || !this._image) { return; }
        var m = this._map;
        this._points = this._place(function (ll) { return m.latLngToLayerPoint(ll); });
      },

      _animateZoom: function (e) {
        var m = this._map;
        this._place(function (ll) { return m._latLngToNewLayerPoint(ll, e.zoom, e.center); });
      },

      /* The corners as drawn (container px): from the transform given to the image. */
      drawnCorners: function () {
        if (!this._points || !this._map) { return null; }
        var m = this._map, p = this._points;
        var br = L.point(p[1].x + p[2].x - p[0].x, p[1].y + p[2].y - p[0].y);
        var c = function (pt) { var q = m.layerPointToContainerPoint(pt); return {x: q.x, y: q.y}; };
        return {top_left: c(p[0]), top_right: c(p[1]), bottom_left: c(p[2]), bottom_right: c(br)};
      }
    });

    function show(entry) {
      var onMap = map.hasLayer(entry.layer);
      if (entry.visible && !onMap) { entry.layer.addTo(map); }
      if (!entry.visible && onMap) { map.removeLayer(entry.layer); }
      entry.layer.setOpacity(entry.opacity);
    }

    // ------------------------------------------------------------ numbered markers

    function clearMarkers() {
      if (markers && markers.group) { map.removeLayer(markers.group); }
      if (markers) { markers.group = null; }
    }

    function markerIcon(n, enabled) {
      var box = api.el("div", "qx-pin", String(n));
      var s = box.style;
      s.width = "18px"; s.height = "18px"; s.lineHeight = "18px"; s.borderRadius = "9px";
      s.textAlign = "center"; s.fontSize = "11px"; s.fontWeight = "700";
      s.color = "#fff"; s.background = enabled ? PIN_COLOR : "#888";
      s.border = "2px solid #fff"; s.boxShadow = "0 0 2px rgba(0,0,0,0.6)";
      return L.divIcon({html: box, className: "", iconSize: [22, 22], iconAnchor: [11, 11]});
    }

    function drawMarkers() {
      clearMarkers();
      if (!markers || !markers.points.length) { return; }
      if (!map.getPane(api.TOOLS_PANE)) { map.createPane(api.TOOLS_PANE); }
      var group = L.layerGroup();
      markers.points.forEach(function (p) {
        group.addLayer(L.marker(api.project(p.latlng), {icon: markerIcon(p.n, p.enabled), interactive: false,
                                                         keyboard: false, pane: api.TOOLS_PANE}));
      });
      group.addTo(map);
      markers.group = group;
    }

    /* The display shift changed (the basemap went to or from GCJ-02): draw again. */
    function followShift() {
      if (api.state.transform === shiftSeen) { return; }
      shiftSeen = api.state.transform;
      for (var key in overlays) {
        if (own(overlays, key) && map.hasLayer(overlays[key].layer)) { overlays[key].layer._reset(); }
      }
      drawMarkers();
    }
    map.on("moveend zoomend viewreset", followShift);

    // ------------------------------------------------------------ snapping to the pins

    if (window.qxmap.draw && typeof window.qxmap.draw.addSnapSource === "function") {
      window.qxmap.draw.addSnapSource(function (p, tol) {
        var best = null;
        for (var key in overlays) {
          if (!own(overlays, key) || !overlays[key].visible) { continue; }
          var pins = overlays[key].pins;
          for (var i = 0; i < pins.length; i++) {
            var shown = api.project(pins[i]);
            var d = map.latLngToLayerPoint(shown).distanceTo(p);
            if (d <= tol && (!best || d < best.d)) {
              best = {id: "overlay:" + key + "#" + i, kind: "vertex", at: [0, i], latlng: shown, d: d};
            }
          }
        }
        return best;
      });
    }

    // ------------------------------------------------------------ the pin tool

    api.registerTool("overlay-pin", L.Handler.extend({
      addHooks: function () {
        this._zoomOnDblClick = this._map.doubleClickZoom.enabled();
        this._map.doubleClickZoom.disable();
        L.DomUtil.addClass(this._map.getContainer(), "qx-tool-crosshair");
        this._map.on("click", this._onClick, this);
      },
      removeHooks: function () {
        this._map.off("click", this._onClick, this);
        if (this._zoomOnDblClick) { this._map.doubleClickZoom.enable(); }
        L.DomUtil.removeClass(this._map.getContainer(), "qx-tool-crosshair");
      },
      describe: function () { return {pins: true}; },
      _onClick: function (ev) {
        var w = api.unproject(ev.latlng);
        api.toolEvent("overlay", {action: "pin", point: [w.lat, w.lng]});
      }
    }));

    // ------------------------------------------------------------ commands

    api.addCommand("overlayShow", function (key, spec) {
      checkKey(key);
      if (!spec || typeof spec !== "object") { throw new Error("qxmap overlay: bad spec"); }
      var layer = new PlanImage(spec.url, spec.placement || {});
      var entry = {layer: layer, opacity: opacityOf(own(spec, "opacity") ? spec.opacity : 0.6),
                   visible: spec.visible !== false, pins: pinsOf(spec.pins)};
      if (own(overlays, key)) { map.removeLayer(overlays[key].layer); }
      overlays[key] = entry;
      show(entry);
      return true;
    });

    api.addCommand("overlaySet", function (key, changes) {
      checkKey(key);
      var entry = overlays[key];
      if (!entry || !changes || typeof changes !== "object") { return false; }
      if (own(changes, "opacity")) { entry.opacity = opacityOf(changes.opacity); }
      if (own(changes, "visible")) { entry.visible = changes.visible === true; }
      if (own(changes, "pins")) { entry.pins = pinsOf(changes.pins); }
      show(entry);
      return true;
    });

    api.addCommand("overlayRemove", function (key) {
      checkKey(key);
      if (!own(overlays, key)) { return false; }
      map.removeLayer(overlays[key].layer);
      delete overlays[key];
      return true;
    });

    api.addCommand("overlayMarkers", function (points) {
      if (points !== null && points !== undefined && (!Array.isArray(points) || points.length > 500)) {
        throw new Error("qxmap overlay: bad markers");
      }
      markers = {group: markers ? markers.group : null, points: (points || []).map(function (p) {
        if (!p || typeof p !== "object" || !finite(p.n)) { throw new Error("qxmap overlay: bad marker"); }
        return {n: Math.round(p.n), latlng: latLngOf([p.lat, p.lon]), enabled: p.enabled !== false};
      })};
      drawMarkers();
      return markers.points.length;
    });

    api.addCommand("overlayState", function () {
      var box = map.getContainer().getBoundingClientRect();
      var out = [];
      for (var key in overlays) {
        if (!own(overlays, key)) { continue; }
        var entry = overlays[key], img = entry.layer._image;
        var rect = img && img.parentNode ? img.getBoundingClientRect() : null;
        out.push({
          key: key, opacity: entry.opacity, visible: entry.visible, on_map: map.hasLayer(entry.layer),
          loaded: !!(img && img.complete && img.naturalWidth > 0),
          natural: img ? [img.naturalWidth, img.naturalHeight] : null,
          shown_opacity: img ? Number(img.style.opacity) : null,
          corners: map.hasLayer(entry.layer) ? entry.layer.drawnCorners() : null,
          rect: rect ? {left: rect.left - box.left, top: rect.top - box.top, right: rect.right - box.left,
                        bottom: rect.bottom - box.top} : null,
          pins: entry.pins.length
        });
      }
      var shownMarkers = [];
      if (markers && markers.group) {
        markers.points.forEach(function (p) {
          var q = map.latLngToContainerPoint(api.project(p.latlng));
          shownMarkers.push({n: p.n, x: q.x, y: q.y, enabled: p.enabled});
        });
      }
      return {overlays: out, markers: shownMarkers,
              pane_z: map.getPane(PANE) ? map.getPane(PANE).style.zIndex : null};
    }, true);
  });
})();
