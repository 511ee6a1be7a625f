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
 * Labels (setLabels: names placed by the print layouts' priority, by
 * qxmap-labels.js) and snapshots (setCaptureMode hides the map's controls, viewScale
 * gives the metres per CSS pixel for a scale bar) are commands too.
 *
 * Commands used only by tests and diagnostics live under "debug."
 * (debug.state, debug.pixelOf, debug.labels, ...).
 *
 * Every text from the data is put in the page with textContent, never as
 * HTML: names and attributes are text, not markup.
 */
(function () {
  "use strict";

  var TRACKED = ["roads", "exits"];
  var SELECT_MAX_ZOOM = 15;  // a selected row is shown no closer than this (about 1:18,000)
  var GROUPED_LAYER = "roads";          // the layer drawn in cache groups (see qxmap-canvas.js)
  var HIGHLIGHT_GROUP = "highlighted";  // highlighted roads: drawn above every group, never cached
  var state = {
    map: null,
    data: null,
    bridge: null,
    renderer: null,
    groups: {},        // layer name -> L.FeatureGroup on the map
    // feature id -> {layer: name, leaflet: L.Layer, props: {...}}, a Map: "__proto__" or
    // "constructor" (ids are text from a file) is an id like any other, and 200,000 ids go
    // in without each being interned as an object's key would be (about 100 ms at opening).
    // (Other objects keyed by ids have no prototype: byIds.)
    byId: new Map(),
    byIdVersion: 0,    // counts the changes to byId (bulk roads keep what they know of it till then)
    trackedOrder: [],  // every tracked record (roads, then exits, in data order): its entry, or null if unmapped
    trackedIds: [],    // their ids, same order
    mask: null,        // null = all tracked shown; else one bit per tracked record (maskBits)
    highlighted: [],
    hiddenLayers: {},
    shownCount: {},    // tracked layer -> features not hidden by the filter
    maskPlan: null,    // what applyMask knows of the tracked records (maskPlan)
    bulk: null,        // the tracked roads drawn in bulk, if they are (qxmap-bulk.js)
    bulks: [],         // every layer drawn in bulk (those roads, large reference layers), in drawing order
    transform: null,   // optional function(lat, lon) -> [lat, lon], WGS-84 -> display (GCJ-02 basemaps)
    untransform: null, // its inverse, display -> WGS-84
    basemap: null,
    basemapOverlays: [],  // further tile layers above the basemap (Tianditu annotations)
    cspViolations: [],  // what the Content-Security-Policy refused (for tests and the log)
    timings: {},        // ms: data_ms (fetch and read the page data), build_ms (make the layers)
    dataError: null     // why the page data could not be read (the page then shows none)
  };

  document.addEventListener("securitypolicyviolation", function (e) {
    state.cspViolations.push(e.violatedDirective + " " + (e.blockedURI || ""));
    if (state.cspViolations.length > 100) { state.cspViolations.shift(); }
  });

  // The road renderer (hidden features skipped, roads drawn by cache group from their
  // images, thin lines in dense views) is qxmap-canvas.js, loaded before this script.
  var canvasKit = window.qxmapCanvas;
  var thinRun = canvasKit.thinRun, batchKey = canvasKit.batchKey;

  /* A feature hidden by the filter is never hit (a click, a tooltip, the draw tool's tests):
     Leaflet's shapes learn it once (teachHiding, in init), not by a closure per feature. */
  function hideable(layer) {
    return layer;
  }

  /* Leaflet projects a line's vertices one by one through three calls and four new
     objects each (map.latLngToLayerPoint); on the Web Mercator map this does the very
     same arithmetic inline, so the points, and the pixels, are the same. */
  function teachFastProjection() {
    var proto = L.Polyline.prototype;
    if (proto._qxFastProjection) { return; }
    var plain = proto._projectLatlngs;
    proto._projectLatlngs = function (latlngs, result, projectedBounds) {
      var map = this._map;
      var crs = map && map.options.crs;
      if (!crs || crs !== L.CRS.EPSG3857 || !crs.projection || crs.projection.R === undefined) {
        return plain.call(this, latlngs, result, projectedBounds);
      }
      var t = crs.transformation, proj = crs.projection;
      var R = proj.R, max = proj.MAX_LATITUDE, d = Math.PI / 180, scale = crs.scale(map._zoom);
      var origin = map.getPixelOrigin();
      var ta = t._a, tb = t._b, tc = t._c, td = t._d, ox = origin.x, oy = origin.y;
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      var walk = function (lls) {
        if (!(lls[0] instanceof L.LatLng)) {
          for (var k = 0; k < lls.length; k++) { walk(lls[k]); }
          return;
        }
        var ring = new Array(lls.length);
        for (var i = 0; i < lls.length; i++) {
          var ll = lls[i];
          var lat = Math.max(Math.min(max, ll.lat), -max), sin = Math.sin(lat * d);
          var x = Math.round(scale * (ta * (R * ll.lng * d) + tb)) - ox;
          var y = Math.round(scale * (tc * (R * Math.log((1 + sin) / (1 - sin)) / 2) + td)) - oy;
          ring[i] = new L.Point(x, y);
          if (x < minX) { minX = x; }
          if (x > maxX) { maxX = x; }
          if (y < minY) { minY = y; }
          if (y > maxY) { maxY = y; }
        }
        result.push(ring);
      };
      walk(latlngs);
      if (minX <= maxX) {
        projectedBounds.extend(new L.Point(minX, minY));
        projectedBounds.extend(new L.Point(maxX, maxY));
      }
    };
    proto._qxFastProjection = true;
  }

  function teachHiding() {
    [L.Polyline, L.Polygon, L.CircleMarker].forEach(function (cls) {
      var proto = cls.prototype;
      if (!Object.prototype.hasOwnProperty.call(proto, "_containsPoint") || proto._qxHideable) { return; }
      var contains = proto._containsPoint;
      proto._containsPoint = function (p, w) { return !this._qxHidden && contains.call(this, p, w); };
      proto._qxHideable = true;
    });
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

  /* The cache group of a road: its build phase (see qxmap-canvas.js). */
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

  /* A feature's shape on the map (its tooltip and its click are its group's: makeGroup). */
  function makeLayer(layerName, feature) {
    var props = feature.properties;
    var leaflet = packedShape(layerName, feature);
    if (!leaflet) {
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
      leaflet = geojson.getLayers()[0];
    }
    leaflet = hideable(leaflet);
    leaflet._qxProps = props;
    // a multi-point is a group of markers: a click or a tooltip reaches its group with a marker
    if (leaflet.eachLayer) { leaflet.eachLayer(function (member) { member._qxProps = props; }); }
    if (layerName === GROUPED_LAYER) { leaflet._qxGroup = groupOf(props); }
    return leaflet;
  }

  /* The group that holds a layer's features on the map.  The tooltip and the click are
     bound once, to the group (Leaflet hands the feature under the pointer to both), not
     once per feature: with 200,000 roads that was most of the time and memory of a page. */
  function makeGroup(layerName) {
    var group = L.featureGroup();
    // "auto": the tooltip opens on the side of the pointer with room, never cut by the map's edge.
    // Canvas shapes have no element to focus or describe: Leaflet's per-member focus and
    // aria hooks would only walk every feature (and fail on a multi-point's group).
    group._addFocusListeners = function () {};
    group._setAriaDescribedByOnLayer = function () {};
    group.bindTooltip(function (layer) { return tooltipContent(layer._qxProps || {}); },
                      {sticky: layerName !== "exits", direction: "auto"});
    group.on("click", function (ev) {
      var layer = ev.propagatedFrom || ev.layer;
      if (!layer || !layer._qxProps) { return; }
      // The click goes on to the map, where the active tool takes it (unless the tool lets
      // features be selected: the drawing tool's "select" mode).
      if (tools.active && !tools.active.featureClicks) { return; }
      L.DomEvent.stopPropagation(ev);
      if (state.bridge) { state.bridge.featureClicked(layerName, layer._qxProps.id); }
    });
    return group;
  }

  // ---------------------------------------------------------------- packed data
  //
  // The fast path (qxmap/mappage.py page_payload): the page's HTML only says where its
  // data is (data_url); the page fetches it once, as one binary block, and reads it with
  // JSON.parse and typed arrays: data, never code.  Each feature of a packed layer is a
  // PackedFeature: its properties, and its geometry read from the arrays when it is drawn
  // (as GeoJSON only when asked for).  Positions are millionths of a degree: x / 1e6 is
  // the very number the inline JSON (page_data, 6 decimals) gives.

  var PACKED_SCALE = 1e6;
  var PACKED_NAMES = [null, "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"];

  function PackedFeature(src, index, props) {
    this.properties = props;
    this._src = src;
    this._i = index;
  }
  PackedFeature.prototype.type = "Feature";
  Object.defineProperty(PackedFeature.prototype, "geometry", {
    enumerable: true,
    get: function () { return this._own !== undefined ? this._own : packedGeoJSON(this._src, this._i); },
    set: function (geometry) { this._own = geometry; }
  });

  function hasGeometry(feature) {
    if (feature instanceof PackedFeature && feature._own === undefined) {
      return feature._src.type[feature._i] !== 0 || own(feature._src.geojson, String(feature._i));
    }
    return !!feature.geometry;
  }

  /* Feature i's positions, one array per part and ring: [[[pos, ...], ...], ...], pos = fn(x, y). */
  function packedRuns(src, i, fn) {
    var parts = [];
    for (var p = src.parts[i]; p < src.parts[i + 1]; p++) {
      var rings = [];
      for (var r = src.rings[p]; r < src.rings[p + 1]; r++) {
        var c0 = src.coords[r], n = src.coords[r + 1] - c0;
        var ring = new Array(n);
        for (var k = 0; k < n; k++) {
          ring[k] = fn(src.xy[2 * (c0 + k)] / PACKED_SCALE, src.xy[2 * (c0 + k) + 1] / PACKED_SCALE);
        }
        rings.push(ring);
      }
      parts.push(rings);
    }
    return parts;
  }

  /* Parts and rings nested as the geometry type nests them (GeoJSON coordinates, Leaflet latlngs). */
  function nestAs(code, parts) {
    switch (code) {
      case 1: return parts[0][0][0];
      case 2: return parts[0][0];
      case 3: return parts[0];
      case 4: return parts.map(function (rings) { return rings[0][0]; });
      case 5: return parts.map(function (rings) { return rings[0]; });
      case 6: return parts;
    }
    return null;
  }

  function packedGeoJSON(src, i) {
    var code = src.type[i];
    if (!code) {
      var other = own(src.geojson, String(i)) ? src.geojson[String(i)] : null;
      return other || null;
    }
    return {type: PACKED_NAMES[code],
            coordinates: nestAs(code, packedRuns(src, i, function (x, y) { return [x, y]; }))};
  }

  function displayLatLng(x, y) { return project(L.latLng(y, x)); }

  /* A packed feature's shape, as L.geoJSON would make it (null: not packed, a MultiPoint,
     another type: L.geoJSON makes it from the GeoJSON geometry). */
  function packedShape(layerName, feature) {
    if (!(feature instanceof PackedFeature) || feature._own !== undefined) { return null; }
    var code = feature._src.type[feature._i];
    if (code === 0 || code === 4) { return null; }
    var latlngs = nestAs(code, packedRuns(feature._src, feature._i, displayLatLng));
    var st = packedStyle(layerName, feature.properties);
    if (code === 1) { return L.circleMarker(latlngs, st); }
    return code === 3 || code === 6 ? L.polygon(latlngs, st) : L.polyline(latlngs, st);
  }

  /* styleFor(layerName, props, false) with the renderer, one object per style (Leaflet
     copies a layer's options: the object is shared, never changed). */
  var packedStyles = {};
  function packedStyle(layerName, props) {
    var key = layerName === "roads" ? layerName + "|" + props.status + "|" + props.category
      : (layerName === "exits" ? layerName + "|" + props.status : layerName);
    var st = own(packedStyles, key) ? packedStyles[key] : null;
    if (!st || st.renderer !== state.renderer) {
      st = styleFor(layerName, props, false);
      st.renderer = state.renderer;
      packedStyles[key] = st;
    }
    return st;
  }

  /* The page data from its binary block (see page_payload): a dict as page_data's, each
     packed layer a list of PackedFeature. */
  function decodePayload(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes.length < 8 || bytes[0] !== 81 || bytes[1] !== 88 || bytes[2] !== 68 || bytes[3] !== 49) {
      throw new Error("qxmap page: not qxmap page data");
    }
    var headerLength = new DataView(buffer).getUint32(4, true);
    var data = JSON.parse(new TextDecoder("utf-8").decode(bytes.subarray(8, 8 + headerLength)));
    var base = Math.ceil((8 + headerLength) / 8) * 8;
    var kinds = {i32: Int32Array, u8: Uint8Array, u16: Uint16Array};
    var views = (data.buffers || []).map(function (b) {
      var T = own(kinds, b[2]) ? kinds[b[2]] : null;
      if (!T) { throw new Error("qxmap page: unknown buffer type"); }
      return new T(buffer, base + b[0], b[1] / T.BYTES_PER_ELEMENT);
    });
    delete data.buffers;
    var layers = data.layers || {};
    for (var name in layers) {
      if (own(layers, name) && layers[name] && !Array.isArray(layers[name]) && layers[name].packed) {
        layers[name] = unpackLayer(layers[name].packed, views);
      }
    }
    return data;
  }

  /* A column of texts as page_payload packs it (_packed_texts): UTF-8, a NUL between two
     texts, and a byte per row (1: no value). */
  function packedTexts(bytes, missing, count) {
    if (!(bytes instanceof Uint8Array) || !(missing instanceof Uint8Array) || missing.length !== count) {
      throw new Error("qxmap page: bad text column");
    }
    var texts = new TextDecoder("utf-8").decode(bytes).split("\u0000");
    if (texts.length !== count && !(count === 0 && texts.length === 1)) { throw new Error("qxmap page: bad text column"); }
    if (count === 0) { return []; }
    for (var i = 0; i < count; i++) {
      if (missing[i]) { texts[i] = null; }
    }
    return texts;
  }

  function unpackLayer(spec, views) {
    var src = {type: views[spec.type], parts: views[spec.parts], rings: views[spec.rings],
               coords: views[spec.coords], xy: views[spec.xy], geojson: spec.geojson || {}};
    var columns = [];
    for (var key in spec.props) {
      if (!own(spec.props, key)) { continue; }
      var col = spec.props[key];
      var values = col.values || null;
      if (col.text !== undefined) { values = packedTexts(views[col.text], views[col.missing], spec.count); }
      columns.push({key: key, values: values, dict: col.dict || null,
                    codes: col.codes !== undefined ? views[col.codes] : null});
    }
    var out = new Array(spec.count);
    for (var i = 0; i < spec.count; i++) {
      var props = {};
      for (var k = 0; k < columns.length; k++) {
        var c = columns[k];
        props[c.key] = c.values ? c.values[i] : c.dict[c.codes[i]];
      }
      out[i] = new PackedFeature(src, i, props);
    }
    return out;
  }

  /* Fetch and read the page data (done(data, null), or done(null, why)). */
  function fetchData(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.responseType = "arraybuffer";
    xhr.onload = function () {
      var data = null;
      try {
        if (!xhr.response) { throw new Error("qxmap page: no page data"); }
        data = decodePayload(xhr.response);
      } catch (e) {
        done(null, String(e && e.message || e));
        return;
      }
      done(data, null);
    };
    xhr.onerror = function () { done(null, "qxmap page: the page data could not be loaded"); };
    xhr.send();
  }

  // ---------------------------------------------------------------- bulk roads
  //
  // A very large road layer is drawn straight from the packed arrays, each road a
  // RoadRef instead of a Leaflet layer: qxmap-bulk.js (loaded before this script).

  var bulkRoads = window.qxmapBulkRoads({
    state: state, GROUPED_LAYER: GROUPED_LAYER, PACKED_SCALE: PACKED_SCALE, PackedFeature: PackedFeature,
    batchKey: batchKey, displayLatLng: displayLatLng, groupOf: groupOf, own: own, project: project,
    styleFor: styleFor, thinRun: thinRun
  });
  var bulkFor = bulkRoads.bulkFor, bulkLine = bulkRoads.bulkLine, bulkLatLng = bulkRoads.bulkLatLng;
  var bulkProject = bulkRoads.bulkProject, bulkKept = bulkRoads.bulkKept, bulkCountIn = bulkRoads.bulkCountIn;
  var bulkCollect = bulkRoads.bulkCollect, bulkPath = bulkRoads.bulkPath, bulkSnap = bulkRoads.bulkSnap;
  var defineRoadRef = bulkRoads.defineRoadRef;
  function buildLayers() {
    // Canvas shapes carry no attribution: the attribution control's per-layer listener (a
    // closure for every feature added) is left out while they are added.
    var attribution = state.map.attributionControl;
    if (attribution && attribution._addAttribution) { state.map.off("layeradd", attribution._addAttribution, attribution); }
    try {
      addLayers();
    } finally {
      if (attribution && attribution._addAttribution) { state.map.on("layeradd", attribution._addAttribution, attribution); }
    }
  }

  /* Every layer's features and entries first, then the groups onto the map (in the same
     order: the drawing order).  Once the first group was on the map (the canvas renderer
     added and drawn), the rest of that task ran several times slower here (a plain
     arithmetic loop: 3 ms before, 25 ms after; the cause is inside Chromium): at 200,000
     roads the packed arrays' Mercator metres and the entries took 480-500 ms when the
     roads came after the boundary's group was added, 280 ms made first. */
  function addLayers() {
    var order = state.data.layer_order;
    state.bulk = null;
    state.bulks = [];
    for (var i = 0; i < order.length; i++) {
      var name = order[i];
      var group = makeGroup(name);
      var features = state.data.layers[name] || [];
      var tracked = TRACKED.indexOf(name) >= 0;
      var bulk = bulkFor(name, features, group);
      for (var j = 0; j < features.length; j++) {
        var f = features[j];
        var entry = null;
        if (bulk && bulkLine(f)) {
          entry = {layer: name, leaflet: null, props: f.properties};
          entry.leaflet = bulkRoads.ref(bulk, j, entry);
          bulk.refs[j] = entry.leaflet;
          bulk.count++;
          state.byId.set(f.properties.id, entry);
          state.byIdVersion++;
        } else if (hasGeometry(f)) {
          var leaflet = makeLayer(name, f);
          entry = {layer: name, leaflet: leaflet, props: f.properties};
          state.byId.set(f.properties.id, entry);
          state.byIdVersion++;
          group.addLayer(leaflet);
        }
        if (tracked) {
          state.trackedOrder.push(entry);
          state.trackedIds.push(f.properties.id);
        }
      }
      state.groups[name] = group;
    }
    var adding = performance.now();
    for (i = 0; i < order.length; i++) {
      if (!state.hiddenLayers[order[i]]) { state.groups[order[i]].addTo(state.map); }
    }
    state.timings.add_ms = performance.now() - adding;
  }

  function clearLayers() {
    for (var name in state.groups) {
      if (Object.prototype.hasOwnProperty.call(state.groups, name)) { state.map.removeLayer(state.groups[name]); }
    }
    state.groups = {};
    state.byId = new Map();
    state.byIdVersion++;
    state.trackedOrder = [];
    state.trackedIds = [];
    labels.forget();
    bulkRoads.forgetStyles();  // (the next data may come with other styles)
  }

  /* A filter's mask as the bridge sends it (showTrackedMask): base64 of one bit per tracked
     record, in trackedOrder, the first record in the lowest bit of the first byte (numpy's
     packbits, little bit order; 1 = shown).  Returned as the bytes' string (one character
     per byte): 25 kB for 200,000 roads, where a character per record took 200 kB to send,
     parse and read.  null stays null. */
  function maskBits(text) {
    if (text === null) { return null; }
    if (typeof text !== "string") { throw new Error("qxmap page: a mask is base64 text"); }
    var bits = window.atob(text);
    var n = state.trackedOrder.length;
    if (bits.length !== ((n + 7) >> 3)) {
      throw new Error("qxmap page: mask of " + bits.length + " bytes for " + n + " records");
    }
    return bits;
  }

  /* Whether *mask* (maskBits) shows tracked record *i*. */
  function maskShows(mask, i) {
    return mask === null || ((mask.charCodeAt(i >> 3) >> (i & 7)) & 1) === 1;
  }

  /* What applyMask needs of the tracked records, made again when they change (another
     trackedOrder, an entry made or dropped: state.byIdVersion): the places of the entries
     that keep their own _qxHidden (Leaflet layers: exits, roads of a small network, roads
     the draw tool made), and for each tracked layer a bit per place of its entries (the
     shown are counted from them and the mask).  Stamps each entry, and each bulk road,
     with its place (_qxT): a bulk road's _qxHidden is its bit of the mask (RoadRef,
     qxmap-bulk.js). */
  function maskPlan() {
    var order = state.trackedOrder, plan = state.maskPlan;
    if (plan && plan.order === order && plan.version === state.byIdVersion && plan.length === order.length) {
      return plan;
    }
    var own_ = [], layers = {}, bytes = (order.length + 7) >> 3;
    TRACKED.forEach(function (name) { layers[name] = {bits: new Uint8Array(bytes), total: 0}; });
    for (var i = 0; i < order.length; i++) {
      var entry = order[i];
      if (!entry) { continue; }
      entry._qxT = i;  // (the labels pass over the candidates the mask hides by it)
      if (entry.leaflet._qxBulk) { entry.leaflet._qxT = i; } else { own_.push(i); }
      var layer = layers[entry.layer];
      if (layer) { layer.bits[i >> 3] |= 1 << (i & 7); layer.total++; }
    }
    state.maskPlan = {order: order, version: state.byIdVersion, length: order.length, own: own_, layers: layers};
    return state.maskPlan;
  }

  /* Set bits in each byte value (counting the shown of a layer: mask AND its bits). */
  var BITS_IN = new Uint8Array(256);
  for (var byteValue = 1; byteValue < 256; byteValue++) { BITS_IN[byteValue] = (byteValue & 1) + BITS_IN[byteValue >> 1]; }

  function applyMask(mask) {
    // mask: null (all shown) or maskBits.  A bulk road reads its bit of state.mask when
    // asked (RoadRef._qxHidden): 200,000 of them are not touched; the other entries (a few
    // exits, or the roads of a small network) are given theirs here.
    var started = performance.now();
    var plan = maskPlan(), order = state.trackedOrder, shown = {}, i;
    state.mask = mask;
    for (var k = 0; k < plan.own.length; k++) {
      i = plan.own[k];
      order[i].leaflet._qxHidden = !maskShows(mask, i);
    }
    TRACKED.forEach(function (name) {
      var layer = plan.layers[name], bits = layer.bits, n = 0;
      if (mask === null) { shown[name] = layer.total; return; }
      for (var b = 0; b < bits.length; b++) { if (bits[b]) { n += BITS_IN[bits[b] & mask.charCodeAt(b)]; } }
      shown[name] = n;
    });
    state.shownCount = shown;
    var drawing = performance.now();
    if (state.renderer._map) { state.renderer._redraw(); }
    var labelling = performance.now();
    labels.placeSoon();  // only what is shown is named: after this frame, unless kept for this filter
    state.lastFilterMs = performance.now() - started;
    state.timings.filter_mask_ms = drawing - started;
    state.timings.filter_draw_ms = labelling - drawing;
    state.timings.filter_labels_ms = performance.now() - labelling;
  }

  /* Work that may wait for the frame (placing the names after a filter or a pan): *task*
     runs once the next animation frame has been rendered, after the `drawn` that frame
     sends (afterPaint's task, queued from the same frame, goes first: the map is on screen
     and Python told before the names are placed).  Tasks asked for before that run
     together, in order. */
  var lateTasks = [];
  function afterFrame(task) {
    lateTasks.push(task);
    if (lateTasks.length > 1) { return; }
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        window.setTimeout(function () {
          var tasks = lateTasks;
          lateTasks = [];
          tasks.forEach(function (fn) { fn(); });
        }, 0);
      }, 0);
    });
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
      var entry = state.byId.get(id);
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

  /* An empty object to key by ids (or other text from a file): without a prototype, so that
     no key ("__proto__", "constructor", "toString") finds or sets anything but its own entry. */
  function byIds() {
    return Object.create(null);
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


  // ---------------------------------------------------------------- labels
  //
  // Names on the map come from qxmap-labels.js, a page script loaded after this
  // one: it hands its functions over through internals().provideLabels.  Until
  // it has, the map shows no names (these do nothing).

  var labels = {
    place: function () {},            // place the names for the view as it is now
    placeSoon: function () {},        // the same once this frame is on screen (a filter, a pan: see qxmap-labels.js)
    settle: function () {},           // a placement still waiting for its frame: now
    relayout: function () {},         // order them again, then place (the rules, selection or data changed)
    set: function (on, rules) {},     // the layer panel's "Labels" and their rules (the setLabels command)
    forget: function () {},           // the data were replaced (clearLayers)
    touchedEntry: function (entry) {}, // a feature's line or properties changed in place (null: some)
    hideWhileZooming: function () {}, // a zoom animation began
    fontsChanged: function () {},     // a web font arrived: the text widths change
    facts: function () { return {on: false, count: 0, last_ms: 0, reused: false, pending: false}; }  // for pageState
  };

  function provideLabels(impl) {
    for (var key in labels) {
      if (own(labels, key) && typeof impl[key] !== "function") { throw new Error("qxmap page: labels lack " + key); }
    }
    for (key in labels) { if (own(labels, key)) { labels[key] = impl[key]; } }
  }

  // ---------------------------------------------------------------- capture

  /* The map's own controls (zoom buttons, scale, attribution) now visible; in capture
     mode the basemap's credit kept for the picture is not counted (see creditShown). */
  function visibleControls() {
    var n = 0;
    var keep = L.DomUtil.hasClass(state.map.getContainer(), "qx-keep-credit");
    Array.prototype.forEach.call(state.map.getContainer().querySelectorAll(".leaflet-control"), function (c) {
      if (keep && L.DomUtil.hasClass(c, "leaflet-control-attribution")) { return; }
      var r = c.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { n++; }
    });
    return n;
  }

  /* Capture mode, and (in it, or when *measured* is asked for) what of the map's own
     furniture is on screen (see pageState). */
  function captureState(measured) {
    var on = L.DomUtil.hasClass(state.map.getContainer(), "qx-capture");
    if (!on && !measured) { return {on: false, visible_controls: null, credit: null}; }
    return {on: on, visible_controls: visibleControls(), credit: creditShown()};
  }

  /* The basemap's credit (attribution) is on screen, with some text in it. */
  function creditShown() {
    var c = state.map.getContainer().querySelector(".leaflet-control-attribution");
    if (!c) { return false; }
    var r = c.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && c.textContent.trim().length > 0;
  }

  /* Ground metres per CSS pixel at the centre of the view (WGS-84 distance across 100 px). */
  function metresPerPixel() {
    var size = state.map.getSize();
    if (size.x <= 0 || size.y <= 0) { return null; }
    var half = Math.min(50, Math.max(1, Math.floor(size.x / 4)));
    var a = unproject(state.map.containerPointToLatLng([size.x / 2 - half, size.y / 2]));
    var b = unproject(state.map.containerPointToLatLng([size.x / 2 + half, size.y / 2]));
    return L.CRS.Earth.distance(a, b) / (2 * half);
  }


  // ---------------------------------------------------------------- state

  /* The view as it crosses the bridge: the WGS-84 box of what is shown, and the zoom. */
  function currentView() {
    var view = wgsBox(state.map.getBounds());
    view.zoom = state.map.getZoom();
    view.thin = state.renderer && state.renderer._map ? state.renderer._qxThinNow() : false;  // roads 1 px wide
    return view;
  }

  /* What the page shows now: every command's reply, and debug.state (*full*).  Where the
     map's controls are on screen (capture.visible_controls, capture.credit) is measured in
     capture mode and for debug.state only: measuring makes Chromium lay the page out at
     once, after a filter or a pan has just replaced the labels (3 to 4 ms a command with
     200,000 roads); an ordinary command's reply says null. */
  function pageState(full) {
    var drawn = {};
    for (var name in state.groups) {
      if (!own(state.groups, name)) { continue; }
      var group = state.groups[name];
      var onMap = state.map.hasLayer(group);
      var count = state.shownCount[name] !== undefined ? state.shownCount[name]
        : group.getLayers().length + (group._qxBulkOf ? group._qxBulkOf.count - 1 : 0);
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
      bulk_layers: state.bulks.map(function (bulk) { return bulk.layer; }),  // drawn from the arrays
      basemap: state.basemap ? state.basemap._url : null,
      labels: labels.facts(),
      capture: captureState(full),
      timings: state.timings,
      data_error: state.dataError
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
      var bytes = new Array((state.trackedIds.length + 7) >> 3).fill(0);
      for (var i = 0; i < state.trackedIds.length; i++) {
        if (wanted.has(state.trackedIds[i])) { bytes[i >> 3] |= 1 << (i & 7); }
      }
      var bits = "";
      for (var at = 0; at < bytes.length; at += 8192) {
        bits += String.fromCharCode.apply(null, bytes.slice(at, at + 8192));
      }
      applyMask(bits);
      return pageState();
    },

    /* The same, as one bit per tracked record (roads, then exits, in data order; see
       maskBits): the cheap form for large networks. */
    showTrackedMask: function (mask) {
      applyMask(maskBits(mask));
      return pageState();
    },

    /* Highlight these ids (any layer); fit the view to them when fit is true. */
    highlight: function (ids, fit) {
      state.highlighted.forEach(function (id) {
        var entry = state.byId.get(id);
        if (entry) { setEntryStyle(entry, false); }
      });
      state.highlighted = [];
      (ids || []).forEach(function (id) {
        var entry = state.byId.get(id);
        if (!entry) { return; }
        setEntryStyle(entry, true);
        if (entry.leaflet.bringToFront) { entry.leaflet.bringToFront(); }
        state.highlighted.push(id);
      });
      // A highlighted road comes to the top of the roads, but exits stay above roads.
      if (state.groups.exits && state.map.hasLayer(state.groups.exits)) { state.groups.exits.bringToFront(); }
      if (fit && state.highlighted.length) {
        var bounds = boundsOf(state.highlighted);
        // The feature with its surroundings: never closer than a scale where its neighbours show.
        if (bounds.isValid()) { fitSafely(bounds.pad(0.5), {padding: [40, 40], maxZoom: SELECT_MAX_ZOOM}); }
      }
      labels.place();  // a selected feature is named first
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
      var entry = state.byId.get(id);
      if (!entry) { return pageState(); }
      for (var key in props) {
        if (own(props, key)) { entry.props[key] = props[key]; }
      }
      setEntryStyle(entry, state.highlighted.indexOf(id) >= 0);
      entry._qxLabelLength = undefined;
      labels.touchedEntry(entry);
      labels.relayout();
      return pageState();
    },

    /* Restyle every tracked record at once (the "state as of a day" view; qxmap issue 14).
       columns: {status|phase: {codes: [code, ...], values: one character per tracked record, in
       trackedOrder: "0" + the index of its code, or "-" to leave the record as it is}}.
       mask (optional): as showTrackedMask, applied in the same redraw. */
    restyleTracked: function (columns, mask) {
      if (mask !== undefined) { mask = maskBits(mask); }
      var order = state.trackedOrder;
      var fields = [];
      ["status", "phase"].forEach(function (key) {
        if (!columns || !own(columns, key)) { return; }
        var col = columns[key];
        if (!col || typeof col.values !== "string" || !Array.isArray(col.codes)) {
          throw new Error("qxmap page: restyleTracked: bad column " + key);
        }
        if (col.values.length !== order.length) {
          throw new Error("qxmap page: restyleTracked: " + col.values.length + " " + key + " values for " +
                          order.length + " records");
        }
        fields.push({key: key, codes: col.codes, values: col.values});
      });
      var started = performance.now();
      var lit = byIds();
      state.highlighted.forEach(function (id) { lit[id] = true; });
      var changed = 0;
      var renderer = state.renderer;
      if (renderer) { renderer._qxQuiet = true; }  // one redraw below, none per road
      try {
        for (var i = 0; i < order.length; i++) {
          var entry = order[i];
          if (!entry) { continue; }
          var touched = false;
          for (var f = 0; f < fields.length; f++) {
            var code = fields[f].codes[fields[f].values.charCodeAt(i) - 48];
            if (typeof code === "string" && entry.props[fields[f].key] !== code) {
              entry.props[fields[f].key] = code;
              touched = true;
            }
          }
          if (touched) {
            setEntryStyle(entry, lit[entry.props.id] === true);
            changed++;
          }
        }
      } finally {
        if (renderer) { renderer._qxQuiet = false; }
      }
      state.lastRestyled = changed;
      if (changed) { labels.touchedEntry(null); }  // (their styles: the widths labels keep off)
      var styled = performance.now();
      state.timings.restyle_ms = styled - started;  // the styles; the redraw is in restyle_draw_ms
      if (renderer && renderer._redrawRequest) {  // one redraw below, not one more in the next frame
        L.Util.cancelAnimFrame(renderer._redrawRequest);
        renderer._redrawRequest = null;
      }
      // Every group's image stale (a year's step: thousands of roads in every phase): draw the
      // roads straight onto the map once (rasterising five images first would cost twice that);
      // the images are made again when a phase filter wants them.  Some still good (a month's
      // step: a few roads, in a phase or two): only the stale groups are rasterised again.
      var kept = 0;
      if (renderer && renderer._qxCaches) {
        for (var cached in renderer._qxCaches) { if (own(renderer._qxCaches, cached)) { kept++; } }
      }
      state.timings.restyle_kept_images = kept;
      if (renderer && changed && kept === 0) { renderer._qxDirectOnce = true; }
      try {
        if (mask !== undefined && mask !== state.mask) {
          applyMask(mask);  // redraws and places the labels
        } else if (changed && renderer && renderer._map) {
          renderer._redraw();  // the same roads shown: the labels (names, not colours) stay where they are
        }
      } finally {
        if (renderer) { renderer._qxDirectOnce = false; }
      }
      state.timings.restyle_draw_ms = performance.now() - styled;
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
      labels.place();
      return pageState();
    },

    fitTown: function () {
      fitSafely(townBounds(), {padding: [10, 10]});
      return pageState();
    },

    /* Names on the map on or off; rules (optional): {lang, category_rank, context_rank,
       min_zoom, sizes: {road, exit, area}, max_labels} (see "labels"). */
    setLabels: function (on, rules) {
      labels.set(on, rules);
      return pageState();
    },

    /* For a snapshot: hide (true) or show again (false) the map's own controls (zoom
       buttons, scale, attribution) and any open tooltip.  keepCredit: the basemap's
       credit stays in the picture (its tiles' licence asks for it) when a basemap is
       shown; a picture composed for slides names it in its source line instead. */
    setCaptureMode: function (on, keepCredit) {
      var container = state.map.getContainer();
      if (on) { L.DomUtil.addClass(container, "qx-capture"); } else { L.DomUtil.removeClass(container, "qx-capture"); }
      if (on && keepCredit && state.basemap) {
        L.DomUtil.addClass(container, "qx-keep-credit");
      } else {
        L.DomUtil.removeClass(container, "qx-keep-credit");
      }
      return pageState();
    },

    /* The ground metres per CSS pixel at the centre of the view (a snapshot's scale bar),
       the zoom and the WGS-84 centre. */
    viewScale: function () {
      var centre = unproject(state.map.getCenter());
      return {metres_per_px: metresPerPixel(), zoom: state.map.getZoom(), lat: centre.lat, lon: centre.lng};
    },

    /* Fit the view to a WGS-84 box (at once, not animated: the reply is the view fitted). */
    fitBounds: function (south, west, north, east) {
      fitSafely(displayBounds(south, west, north, east), {animate: false});
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
    /* What the page shows now (as every command's reply), the names placed: a placement
       waiting for its frame (labels.placeSoon) is done first, as it would be a frame later. */
    state: function () {
      labels.settle();
      return pageState(true);
    },

    /* Where a feature is drawn: pixels in the map ({x, y}), on the basemap's tile grid
       ({grid: {x, y, zoom}}, Web Mercator pixels), and its own WGS-84 position (lat, lon). */
    pixelOf: function (id) {
      var entry = state.byId.get(id);
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
      var entry = state.byId.get(id);
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
          var entry = state.byId.get(features[i].properties.id);
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

  /* The page's start: data is the page data (inline), or {data_url} to fetch it from. */
  function init(map, data) {
    if (data && typeof data.data_url === "string" && !data.layers) {
      var asked = performance.now();
      fetchData(data.data_url, function (full, error) {
        state.timings.data_ms = performance.now() - asked;
        state.dataError = error;
        startPage(map, full || {layer_order: [], layers: {}, town_bounds: [[22.77, 114.10], [22.91, 114.23]],
                            styles: {layers: {}, status_colors: {}, category_widths: {}, highlight: {}, exit: {}}});
      });
      return;
    }
    startPage(map, data);
  }

  function startPage(map, data) {
    state.map = map;
    state.data = data;
    var render = data.render || {};
    state.renderer = canvasKit.makeFilterCanvas({
      padding: 0.1, tolerance: 4,
      groupOrder: (render.group_order || []).concat([HIGHLIGHT_GROUP]),
      directGroups: [HIGHLIGHT_GROUP],
      groupCacheMin: typeof render.group_cache_min === "number" ? render.group_cache_min : Infinity,
      thinPerMpx: typeof render.thin_per_mpx === "number" ? render.thin_per_mpx : Infinity,
      thinPixels: render.thin_pixels === true,
      cacheBudget: typeof render.group_cache_budget === "number" ? render.group_cache_budget : 0
    }, {state: state, bulkCollect: bulkCollect, bulkCountIn: bulkCountIn, bulkKept: bulkKept, bulkPath: bulkPath,
        bulkProject: bulkProject, bulkShown: bulkRoads.bulkShown});
    teachHiding();
    teachFastProjection();
    defineRoadRef();
    registerTool("measure", makeMeasureTool());
    plugins.forEach(function (plugin) { plugin(internals()); });
    if (window.qxmap.draw && typeof window.qxmap.draw.addSnapSource === "function") {
      window.qxmap.draw.addSnapSource(bulkSnap);  // the draw tool snaps to roads drawn in bulk too
    }
    map.attributionControl.setPrefix(false);
    L.control.scale({imperial: false, metric: true, maxWidth: 160}).addTo(map);
    // Not animated: the first view is final when the page says it is ready (a zoom animation
    // still running then would drop the app's first fit).  Fitted before the layers come, so
    // that they are projected once, for the view they are drawn in.
    fitSafely(townBounds(), {padding: [10, 10], animate: false});
    var building = performance.now();
    buildLayers();
    state.timings.build_ms = performance.now() - building;
    map.on("mousemove", function (ev) {
      if (state.bridge) {
        var wgs = unproject(ev.latlng);
        state.bridge.cursorMoved(wgs.lat, wgs.lng);
      }
    });
    map.on("moveend", function () {
      if (state.bridge) { state.bridge.viewChanged(JSON.stringify(currentView())); }
    });
    map.on("zoomstart", function () { labels.hideWhileZooming(); });
    map.on("moveend resize", function () { labels.placeSoon(); });  // (the candidates stay: see qxmap-labels.js)
    if (document.fonts && document.fonts.addEventListener) {
      // A label measured before the CJK font came is measured again with it.
      document.fonts.addEventListener("loadingdone", function () { labels.fontsChanged(); });
    }
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

  // ---------------------------------------------------------------- plugins
  //
  // Page scripts loaded after this one (qxmap-draw.js: drawing and editing) call
  // qxmap.plugin(fn); init calls fn(internals) once the map exists.  The internals
  // are the small set such a script needs: the state, the coordinate conversions,
  // how a feature is made and styled, the tools registry and a way to add commands.

  var plugins = [];

  function internals() {
    return {
      state: state, tools: tools, map: state.map, renderer: state.renderer, TRACKED: TRACKED, maskShows: maskShows,
      TOOLS_PANE: TOOLS_PANE, project: project, unproject: unproject, makeLayer: makeLayer,
      setEntryStyle: setEntryStyle, relayoutLabels: function () { labels.relayout(); }, restack: restack, el: el,
      labelsTouched: function (entry) { labels.touchedEntry(entry); },
      own: own, byIds: byIds, PACKED_SCALE: PACKED_SCALE, bulkLatLng: bulkLatLng, bulkProject: bulkProject,
      provideLabels: provideLabels, afterFrame: afterFrame,
      toolEvent: toolEvent, registerTool: registerTool, disableTool: disableTool, pageState: pageState,
      /* Add a command (debug: a "debug.<name>" diagnostic); an existing name is never replaced. */
      addCommand: function (name, fn, isDebug) {
        var table = isDebug ? debug : commands;
        if (typeof name !== "string" || own(table, name) || typeof fn !== "function") {
          throw new Error("qxmap page: bad command " + name);
        }
        table[name] = fn;
      }
    };
  }

  window.qxmap = {init: init, call: call, registerTool: registerTool,
                  plugin: function (fn) { if (typeof fn === "function") { plugins.push(fn); } }};
})();
