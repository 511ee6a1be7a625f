/*
 * qxmap map labels.
 *
 * Names on the live map (the layer panel's "Labels"): a road's name beside its
 * line, turned to it; an exit's beside its point; a park's, zone's or
 * facility's at its centre.  The rules come from Python (setLabels): the
 * print layouts' priority (qxmap/exports/scene.py, LabelCandidate.priority),
 * sent as its rank tables, which the page applies the same way: roads and
 * exits (0, category rank, -length in metres), expressways first, then
 * provincial/county roads, exits, external and town roads; then the areas
 * (1, layer rank, -area in m2), parks, zones, facilities.  A selected feature
 * comes first.  Each kind is named only from its zoom on (rules.min_zoom).
 * Labels are placed in priority order at the first of a few positions (along
 * the line's stretch in view, around the point) where they overlap no placed
 * label and no exit marker; otherwise dropped.  Only what is shown is named
 * (not records hidden by the filter, not hidden layers); the text goes in
 * with textContent.  Placed again after every zoom, pan, filter or toggle; after a
 * filter, a pan or a zoom once that frame is on screen (placeLabels(true)): the
 * lines first, their names a frame later.
 * The ordered candidates are kept between placings (labelCandidates): only a
 * change of rules or data orders them again.  In a dense view, once
 * LABEL_MISSES names in a row found no room or after LABEL_BUDGET_MS, the
 * roads still to come are passed over and only the few exits, parks, zones
 * and facilities still placed, so that landmarks are named on the densest
 * map; a road shorter on screen than its name is passed over before any
 * placing is tried.
 *
 * A page script (see "plugins" in qxmap-page.js), loaded after qxmap-page.js:
 * it gives the page its label functions (internals().provideLabels), which the
 * page calls after a filter, a selection, a pan or a zoom, and adds the
 * diagnostic debug.labels.  Every text is put in with textContent.
 */
(function () {
  "use strict";

  window.qxmap.plugin(function (api) {
    var state = api.state, own = api.own, PACKED_SCALE = api.PACKED_SCALE;
    var bulkLatLng = api.bulkLatLng, bulkProject = api.bulkProject, maskShows = api.maskShows;

    var LABELS_PANE = "qxLabelsPane";
    var LABEL_LAYERS = ["roads", "exits", "parks", "zones", "facilities"];
    var LABEL_INK = "#222222";
    var LABEL_HALO = "rgba(255, 255, 255, 0.92)";  // a white halo under each name keeps it readable
    var LABEL_HALO_PX = 3;                          // (its stroke: 1.5 px beyond the glyphs)
    var LABEL_CELL = 64;          // px: the grid that finds neighbours of a box
    var LABEL_BUDGET_MS = 80;     // a huge network: no more road names after this long (the few exits,
                                  // parks, zones and facilities still are), no more names at all after twice it
    var LABEL_MISSES = 150;       // names in a row that found no room: the roads have filled the view (the
                                  // few exits, parks, zones and facilities still to come are still named)
    var LABEL_FONT = "\"QxCJK\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", sans-serif";
    var labelState = {
      on: false,
      rules: null,
      placed: [],     // on the map: {id, layer, kind, text, priority, x, y, w, h, angle, corners, ...}
      pane: null,
      measure: null,  // a 2D context that measures text
      widths: {},     // font -> Map(character -> advance in px)
      images: new Map(),  // a name's canvas, by font, colour, box and text (labelImage)
      nWidths: 0,
      lastMs: 0,
      candidates: null,  // labelCandidates for one view (a CandidateList)
      spotsView: null,   // the view the roads in spotted keep their tried places for (roadSpots)
      spotted: [],
      generation: 0,     // the page's data: one more at every reload
      touched: 0,        // one more whenever a feature's places to try are dropped (touchedEntry)
      memo: null,        // the labels placed at one view, by filter (placeLabels: labelMemo)
      reused: false,     // the last placement was put back from memo
      pending: false     // a placement waits for the frame (placeLabels(true))
    };
    var LABEL_MEMO_MASKS = 16;    // the filters whose labels are kept for the view (the phases, and a few more)

    function labelRules(rules) {
      var r = rules && typeof rules === "object" && !Array.isArray(rules) ? rules : {};
      var num = function (v, d) { return typeof v === "number" && isFinite(v) ? v : d; };
      var table = function (v) { return v && typeof v === "object" && !Array.isArray(v) ? v : {}; };
      var sizes = table(r.sizes);
      return {
        lang: r.lang === "en" ? "en" : "zh",
        category_rank: table(r.category_rank),
        context_rank: table(r.context_rank),
        min_zoom: table(r.min_zoom),
        sizes: {road: num(sizes.road, 13), exit: num(sizes.exit, 12), area: num(sizes.area, 12)},
        max_labels: Math.max(0, Math.min(2000, num(r.max_labels, 300)))
      };
    }

    /* The name a feature is labelled by (as the exports' display_name): one line, at most 60 characters. */
    function labelText(props) {
      var names = labelState.rules.lang === "en" ? [props.name_en, props.name_zh] : [props.name_zh];
      for (var i = 0; i < names.length; i++) {
        if (typeof names[i] !== "string") { continue; }
        var text = names[i].replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
        if (text) { return text.length > 60 ? text.slice(0, 59) + "\u2026" : text; }
      }
      return props.id === undefined || props.id === null ? "" : String(props.id);
    }

    /* Less than the width any font gives *text* at *size* px (with the 4 px placeRoad adds). */
    function leastTextWidth(text, size) {
      var w = 4;
      for (var i = 0; i < text.length; i++) { w += text.charCodeAt(i) >= 0x2e80 ? 0.8 * size : 0.2 * size; }
      return w;
    }

    function labelFont(kind, size) {
      return (kind === "road" ? "600 " : "500 ") + size + "px " + LABEL_FONT;
    }

    /* The width of *text* in *font*: the sum of its characters' advances, each measured once
       per font (names share a few hundred characters: a filter or a pan at 200,000 roads
       measured thousands of names it had not met; CJK advances do not kern, and the label's
       box has 4 px to spare for what Latin kerning takes away). */
    function textWidth(text, font) {
      var widths = labelState.widths[font];
      if (!widths) {
        if (labelState.nWidths > 64) { labelState.widths = {}; labelState.nWidths = 0; }
        widths = labelState.widths[font] = new Map();
        labelState.nWidths++;
      }
      var w = 0;
      for (var ch of text) {
        var cw = widths.get(ch);
        if (cw === undefined) {
          if (!labelState.measure) { labelState.measure = document.createElement("canvas").getContext("2d"); }
          labelState.measure.font = font;
          cw = labelState.measure.measureText(ch).width;
          widths.set(ch, cw);
        }
        w += cw;
      }
      return w;
    }

    /* Metres per degree of longitude and latitude about a latitude (enough to rank sizes). */
    function metresPerDegree(lat) {
      var m = 6371008.8 * Math.PI / 180;
      return [m * Math.cos(lat * Math.PI / 180), m];
    }

    function flatParts(latlngs) {
      if (!latlngs.length) { return []; }
      return L.LineUtil.isFlat(latlngs) ? [latlngs] : latlngs.reduce(function (acc, p) {
        return acc.concat(flatParts(p));
      }, []);
    }

    /* A road's length in metres: its longest part, as the exports rank it (cached). */
    function roadLength(entry) {
      if (entry.leaflet._qxBulk) { return bulkRoadLength(entry.leaflet); }
      if (entry._qxLabelLength !== undefined) { return entry._qxLabelLength; }
      var best = 0;
      flatParts(entry.leaflet.getLatLngs()).forEach(function (part) {
        var len = 0;
        for (var i = 1; i < part.length; i++) {
          var k = metresPerDegree((part[i].lat + part[i - 1].lat) / 2);
          var dx = (part[i].lng - part[i - 1].lng) * k[0];
          var dy = (part[i].lat - part[i - 1].lat) * k[1];
          len += Math.sqrt(dx * dx + dy * dy);
        }
        best = Math.max(best, len);
      });
      entry._qxLabelLength = best;
      return best;
    }

    /* roadLength of a bulk road, from the packed arrays (no LatLng objects made), kept in
       its bulk's lengths (NaN: not measured yet), not on its entry: a property added to
       each of 200,000 entries was an object more each.  (A bulk road's line never changes:
       an edited road is drawn as a Leaflet layer of its own.) */
    function bulkRoadLength(ref) {
      var bulk = ref._qxBulk, i = ref._qxIndex;
      // (as many as the packed arrays hold: the layer's feature list can be shorter since, a
      // road merged or moved away, while the bulk's roads keep their places)
      if (!bulk.lengths) { bulk.lengths = new Float64Array(bulk.src.parts.length - 1).fill(NaN); }
      if (!(i < bulk.lengths.length)) { return measureBulkRoad(bulk, i); }
      var known = bulk.lengths[i];
      return known === known ? known : (bulk.lengths[i] = measureBulkRoad(bulk, i));
    }

    function measureBulkRoad(bulk, i) {
      var src = bulk.src, xy = src.xy, best = 0, m = 6371008.8 * Math.PI / 180;
      for (var p = src.parts[i]; p < src.parts[i + 1]; p++) {
        for (var r = src.rings[p]; r < src.rings[p + 1]; r++) {
          var len = 0, lat0 = 0, lng0 = 0;
          for (var c = src.coords[r]; c < src.coords[r + 1]; c++) {
            var lat = xy[2 * c + 1] / PACKED_SCALE, lng = xy[2 * c] / PACKED_SCALE;
            if (state.transform) { var ll = bulkLatLng(bulk, c); lat = ll.lat; lng = ll.lng; }
            if (c > src.coords[r]) {  // (metresPerDegree, without its array)
              var dx = (lng - lng0) * (m * Math.cos((lat + lat0) / 2 * Math.PI / 180)), dy = (lat - lat0) * m;
              len += Math.sqrt(dx * dx + dy * dy);
            }
            lat0 = lat; lng0 = lng;
          }
          best = Math.max(best, len);
        }
      }
      return best;
    }

    /* An area's size in m2 (0 for points and lines) (cached). */
    function areaSize(entry) {
      if (entry._qxLabelArea !== undefined) { return entry._qxLabelArea; }
      var total = 0;
      if (entry.leaflet instanceof L.Polygon) {
        flatParts(entry.leaflet.getLatLngs()).forEach(function (ring) {
          if (ring.length < 3) { return; }
          var k = metresPerDegree(ring[0].lat);
          var sum = 0;
          for (var i = 0; i < ring.length; i++) {
            var a = ring[i], b = ring[(i + 1) % ring.length];
            sum += (a.lng * k[0]) * (b.lat * k[1]) - (b.lng * k[0]) * (a.lat * k[1]);
          }
          total += Math.abs(sum) / 2;
        });
      }
      entry._qxLabelArea = total;
      return total;
    }

    function comparePriority(a, b) {
      for (var i = 0; i < Math.max(a.priority.length, b.priority.length); i++) {
        var x = a.priority[i] || 0, y = b.priority[i] || 0;
        if (x !== y) { return x < y ? -1 : 1; }
      }
      return a.order - b.order;
    }

    /* What may be named, most important first: every feature of a labelled layer, whether
       in view, allowed at this zoom, shown or filtered out (placeLabels asks each in turn:
       CandidateList.eligible), the selected first (CandidateList.select).  Kept until the
       rules or the data change (relayoutLabels): a pan, a zoom, a filter change or a new
       selection only places again.  A CandidateList; candidate objects are made only for
       those placeLabels reaches. */
    function labelCandidates() {
      var key = String(labelState.generation);
      if (!labelState.candidates || labelState.candidates.key !== key) {
        var capacity = 0;
        LABEL_LAYERS.forEach(function (layerName) { capacity += (state.data.layers[layerName] || []).length; });
        var list = new CandidateList(key, capacity);
        LABEL_LAYERS.forEach(function (layerName) {
          var features = state.data.layers[layerName] || [];
          for (var i = 0; i < features.length; i++) {
            var props = features[i].properties;
            var entry = state.byId.get(props.id);
            if (entry && entry.layer === layerName) { list.add(entry, layerName); }
          }
        });
        list.trim();
        list.sort();
        labelState.candidates = list;
      }
      labelState.candidates.select(state.highlighted);
      return labelState.candidates;
    }

    /* Label candidates in priority order: [tier, rank of its class, minus its size] (smaller
       first; the selected before all others), ties in their order in the data.  The order
       comes from one native sort of numbers, each a candidate's tier, rank, size (roads to
       0.1 m, areas to 10 m2) and place packed into the 52 bits a double holds exactly: a sort
       calling a comparer 200,000 times, and an object per candidate, were most of the time a
       big network took to label after a pan or a zoom. */
    function CandidateList(key, capacity) {
      this.key = key;
      this.first = [];      // the selected: candidate objects, sorted by comparePriority (select)
      this.selected = api.byIds();  // ... by id: passed over in the order below
      // Every candidate, in data order, in arrays made at their full size (at most *capacity*
      // candidates; trim): 200,000 roads grew five arrays push by push and made an array of
      // three numbers per road, garbage the page process kept for long after (see add).
      this.count = 0;
      this.entries = new Array(capacity);
      this.layers = new Array(capacity);
      this.tier = new Int8Array(capacity); this.rank = new Float64Array(capacity);
      this.size = new Float64Array(capacity);
      this.order = null;    // ... and their places in priority order
      this.others = [];     // ... and the places in that order of those not roads
      this.runEnds = null;  // ... and where each one's run of its class ends
      this.made = [];       // ... and the candidate objects made of them (at), by place in data order
      this.length = 0;
    }
    CandidateList.prototype.add = function (entry, layerName) {
      var k = this.count++;
      this.entries[k] = entry;
      this.layers[k] = layerName;
      labelPriority(entry, layerName, labelKind(entry, layerName), this, k);
    };
    /* The arrays cut to the candidates added. */
    CandidateList.prototype.trim = function () {
      var n = this.count;
      this.entries.length = n; this.layers.length = n;
      this.tier = this.tier.subarray(0, n); this.rank = this.rank.subarray(0, n); this.size = this.size.subarray(0, n);
    };
    CandidateList.prototype.sort = function () {
      var n = this.entries.length, ranks = [], i;
      for (i = 0; i < n; i++) { if (ranks.indexOf(this.rank[i]) < 0) { ranks.push(this.rank[i]); } }
      ranks.sort(function (a, b) { return a - b; });
      var order = new Array(n);
      if (n >= 1048576 || ranks.length > 64) {
        for (i = 0; i < n; i++) { order[i] = i; }
        var self = this;
        order.sort(function (a, b) {
          return self.tier[a] - self.tier[b] || self.rank[a] - self.rank[b] || self.size[a] - self.size[b] || a - b;
        });
      } else {
        var keys = new Float64Array(n);
        for (i = 0; i < n; i++) {
          var size = this.tier[i] === 0 ? -this.size[i] * 10 : -this.size[i] / 10;  // roads in dm, areas in 10 m2
          var q = 16777215 - Math.max(0, Math.min(16777215, Math.round(size)));
          keys[i] = ((this.tier[i] * 64 + ranks.indexOf(this.rank[i])) * 16777216 + q) * 1048576 + i;
        }
        keys.sort();
        for (i = 0; i < n; i++) { order[i] = keys[i] % 1048576; }
      }
      this.order = order;
      // Where the few candidates that are not roads are in that order: once the roads have
      // filled the view, placeLabels goes straight from one to the next (nextOther).
      var others = [];
      for (i = 0; i < n; i++) { if (this.layers[order[i]] !== "roads") { others.push(i); } }
      this.others = others;
      // The runs of candidates of one class (a road category, exits, a layer) in that order,
      // as the end of the run each is in: a class not named in a view (its zoom, a hidden
      // layer) is passed over in one step (runEnd, classNamed).
      var runEnd = new Int32Array(n), end = n;
      for (i = n - 1; i >= 0; i--) {
        if (i < n - 1) {
          var a = order[i], b = order[i + 1];
          if (this.layers[a] !== this.layers[b] ||
              labelClass(this.entries[a], this.layers[a]) !== labelClass(this.entries[b], this.layers[b])) {
            end = i + 1;
          }
        }
        runEnd[i] = end;
      }
      this.runEnds = runEnd;
      this.length = this.first.length + n;
    };
    /* The end (exclusive) of the run of candidates of one class the i-th is in (a selected
       one: a run of its own). */
    CandidateList.prototype.runEnd = function (i) {
      var skip = this.first.length;
      return i < skip ? i + 1 : skip + this.runEnds[i - skip];
    };
    /* Whether the class of the i-th candidate is named in this view (*where*: labelWhere): its
       layer shown, and its zoom reached (the selected are named whatever the zoom). */
    CandidateList.prototype.classNamed = function (i, where) {
      if (i < this.first.length) { return !where.hidden[this.first[i].layer]; }
      var k = this.order[i - this.first.length], layerName = this.layers[k];
      return !where.hidden[layerName] && zoomNames(labelClass(this.entries[k], layerName), where);
    };
    /* The first candidate from the i-th on (in priority order) that is selected or not a road;
       this.length if none is left. */
    CandidateList.prototype.nextOther = function (i) {
      var skip = this.first.length;
      if (i < skip) { return i; }
      var others = this.others, lo = 0, hi = others.length;
      while (lo < hi) {  // the first place in others at or after i - skip
        var mid = (lo + hi) >> 1;
        if (others[mid] < i - skip) { lo = mid + 1; } else { hi = mid; }
      }
      return lo < others.length ? skip + others[lo] : this.length;
    };
    /* The features *ids* (the selection) come first, named whatever the zoom. */
    CandidateList.prototype.select = function (ids) {
      var first = [], selected = api.byIds();
      ids.forEach(function (id) {
        var entry = state.byId.get(id);
        if (!entry || selected[id] || LABEL_LAYERS.indexOf(entry.layer) < 0) { return; }
        var priority = labelPriority(entry, entry.layer, labelKind(entry, entry.layer));
        priority[0] = -1;
        first.push(makeCandidate(entry, entry.layer, priority, first.length));
        selected[id] = true;
      });
      this.first = first.sort(comparePriority);
      this.selected = selected;
      this.length = first.length + this.entries.length;
    };
    CandidateList.prototype.layerAt = function (i) {
      return i < this.first.length ? this.first[i].layer : this.layers[this.order[i - this.first.length]];
    };
    /* The i-th candidate in priority order (made when first asked for). */
    CandidateList.prototype.at = function (i) {
      if (i < this.first.length) { return this.first[i]; }
      var k = this.order[i - this.first.length];
      return this.made[k] || (this.made[k] = makeCandidate(this.entries[k], this.layers[k],
                                                           [this.tier[k], this.rank[k], this.size[k]], k));
    };
    /* Whether the filter's mask (state.mask: one bit per tracked record) hides the i-th
       candidate: a look at one bit, where eligible would look the candidate up.  Only
       ever true for a candidate eligible would refuse: the entry at its place (_qxT, stamped
       by maskPlan in qxmap-page.js) was given the mask's bit; an entry put there since, or
       not stamped yet, is left to eligible. */
    CandidateList.prototype.hiddenByMask = function (i, mask) {
      var pos = i - this.first.length;
      if (mask === null || pos < 0) { return false; }
      var entry = this.entries[this.order[pos]], at = entry._qxT;
      return at !== undefined && state.trackedOrder[at] === entry && !maskShows(mask, at);
    };
    /* Whether the i-th candidate may be named in this view (*where*: labelWhere): shown
       (not filtered out, not replaced since, its layer on the map), allowed at this zoom
       (rules.min_zoom; the selected always are) and in view. */
    CandidateList.prototype.eligible = function (i, where) {
      var selected = i < this.first.length;
      var k = selected ? -1 : this.order[i - this.first.length];
      var entry = selected ? this.first[i].entry : this.entries[k];
      var layerName = selected ? this.first[i].layer : this.layers[k];
      var leaflet = entry.leaflet;
      if (leaflet._qxHidden || where.hidden[layerName]) { return false; }
      if (!selected && !zoomNames(labelClass(entry, layerName), where)) { return false; }
      if (state.byId.get(entry.props.id) !== entry) { return false; }
      if (!selected && this.selected[entry.props.id]) { return false; }  // (named first)
      if (leaflet._qxBulk) {
        var box = leaflet._qxBulk.box, b = 4 * leaflet._qxIndex, v = where.pixels;
        return box[b] <= v.max.x && box[b + 2] >= v.min.x && box[b + 1] <= v.max.y && box[b + 3] >= v.min.y;
      }
      var bounds = leaflet.getBounds ? leaflet.getBounds() : L.latLngBounds([leaflet.getLatLng()]);
      return bounds.isValid() && where.view.intersects(bounds);
    };

    /* What decides a candidate's minimum zoom (rules.min_zoom): its road category, "exit",
       or its layer. */
    function labelClass(entry, layerName) {
      return layerName === "roads" ? entry.props.category : (layerName === "exits" ? "exit" : layerName);
    }

    /* Whether the view's zoom is one the class *cls* is named at (rules.min_zoom). */
    function zoomNames(cls, where) {
      var minZoom = where.minZoom[cls];
      return !(typeof minZoom === "number" && where.zoom < minZoom);
    }

    /* What CandidateList.eligible needs to know of the map now. */
    function labelWhere() {
      var map = state.map, hidden = {};
      LABEL_LAYERS.forEach(function (name) {
        hidden[name] = !state.groups[name] || !!state.hiddenLayers[name] || !map.hasLayer(state.groups[name]);
      });
      if (state.bulk) { bulkProject(state.bulk); }  // the bulk roads' pixel boxes for this view
      return {hidden: hidden, zoom: map.getZoom(), minZoom: labelState.rules.min_zoom, view: map.getBounds(),
              pixels: L.bounds(map.containerPointToLayerPoint([0, 0]), map.containerPointToLayerPoint(map.getSize()))};
    }

    /* A feature named beside a point ("point": a marker, or several: a MultiPoint is a group
       of markers, named beside the middle of their bounds) or inside or beside its shape. */
    function labelKind(entry, layerName) {
      if (layerName === "roads") { return "road"; }
      if (layerName === "exits") { return "exit"; }
      return entry.leaflet.getLatLng || !entry.leaflet.getCenter ? "point" : "area";
    }

    function pointOf(leaflet) {
      return leaflet.getLatLng ? leaflet.getLatLng() : leaflet.getBounds().getCenter();
    }

    function makeCandidate(entry, layerName, priority, order) {
      return {entry: entry, id: entry.props.id, layer: layerName, kind: labelKind(entry, layerName), props: entry.props,
              text: null, priority: priority, order: order};
    }

    /* A candidate's rank: [tier, rank of its class, minus its size]. */
    function labelPriority(entry, layerName, kind, list, k) {
      var rules = labelState.rules, tier, rank, size;
      if (kind === "road") {
        tier = 0; rank = rankOf(rules.category_rank, entry.props.category); size = -roadLength(entry);
      } else if (kind === "exit") {
        tier = 0; rank = rankOf(rules.category_rank, "exit"); size = 0;
      } else {
        tier = 1; rank = rankOf(rules.context_rank, layerName); size = -areaSize(entry);
      }
      if (!list) { return [tier, rank, size]; }
      list.tier[k] = tier; list.rank[k] = rank; list.size[k] = size;  // (a CandidateList's: no array made)
      return null;
    }

    /* A candidate's text (made once); "" for a feature with no name to show. */
    function labelTextOf(c) {
      if (c.text === null) {
        // kept on the feature for its names and the language (placing again after a pan or a
        // filter then makes no text; each is two regular-expression passes)
        var p = c.props, entry = c.entry;
        var key = labelState.rules.lang + "\u0000" + p.name_zh + "\u0000" + p.name_en + "\u0000" + p.id;
        if (entry._qxLabelKey !== key) { entry._qxLabelText = labelText(p); entry._qxLabelKey = key; }
        c.text = entry._qxLabelText;
      }
      return c.text;
    }

    function rankOf(table, key) {
      var v = table[key];
      return typeof v === "number" && isFinite(v) ? v : 5;
    }

    /* A w x h box centred on (x, y), turned by angle (radians): its four corners, flat
       ([x0, y0, x1, y1, ...]: one array, not five, for each of the thousands of places a
       big network's names are tried at, which a view keeps). */
    function labelBox(x, y, w, h, angle) {
      var c = Math.cos(angle), s = Math.sin(angle), hw = w / 2, hh = h / 2;
      return [x - hw * c + hh * s, y - hw * s - hh * c, x + hw * c + hh * s, y + hw * s - hh * c,
              x + hw * c - hh * s, y + hw * s + hh * c, x - hw * c - hh * s, y - hw * s + hh * c];
    }

    /* The corners as [[x, y], ...] (what the "labels" diagnostic reports). */
    function cornerPairs(corners) {
      return [[corners[0], corners[1]], [corners[2], corners[3]], [corners[4], corners[5]], [corners[6], corners[7]]];
    }

    function boxBounds(corners) {
      var out = [Infinity, Infinity, -Infinity, -Infinity];
      for (var i = 0; i < 8; i += 2) {
        var x = corners[i], y = corners[i + 1];
        if (x < out[0]) { out[0] = x; }
        if (y < out[1]) { out[1] = y; }
        if (x > out[2]) { out[2] = x; }
        if (y > out[3]) { out[3] = y; }
      }
      return out;
    }

    /* Two convex quadrilaterals (flat corners) overlap (separating axis test; touching is
       not overlapping). */
    function boxesOverlap(a, b) {
      for (var p = 0; p < 2; p++) {
        var poly = p === 0 ? a : b;
        for (var i = 0; i < 8; i += 2) {
          var j2 = (i + 2) % 8;
          var nx = poly[i + 1] - poly[j2 + 1], ny = poly[j2] - poly[i];
          var amin = Infinity, amax = -Infinity, bmin = Infinity, bmax = -Infinity;
          for (var j = 0; j < 8; j += 2) {
            var da = a[j] * nx + a[j + 1] * ny;
            var db = b[j] * nx + b[j + 1] * ny;
            if (da < amin) { amin = da; }
            if (da > amax) { amax = da; }
            if (db < bmin) { bmin = db; }
            if (db > bmax) { bmax = db; }
          }
          if (amax <= bmin + 1e-9 || bmax <= amin + 1e-9) { return false; }
        }
      }
      return true;
    }

    /* The boxes placed so far, found by a coarse grid (cells keyed by number; each box kept
       with its bounds, so most neighbours are ruled out before the exact test). */
    function LabelGrid() { this.cells = new Map(); }
    LabelGrid.prototype.cellsOf = function (bb) {
      var out = [];
      for (var gx = Math.floor(bb[0] / LABEL_CELL); gx <= Math.floor(bb[2] / LABEL_CELL); gx++) {
        for (var gy = Math.floor(bb[1] / LABEL_CELL); gy <= Math.floor(bb[3] / LABEL_CELL); gy++) {
          out.push(gx * 65536 + gy);
        }
      }
      return out;
    };
    /* No placed box overlaps *corners* (*bb*: their boxBounds, if known). */
    LabelGrid.prototype.free = function (corners, bb) {
      bb = bb || boxBounds(corners);
      var x1 = Math.floor(bb[2] / LABEL_CELL), y0 = Math.floor(bb[1] / LABEL_CELL), y1 = Math.floor(bb[3] / LABEL_CELL);
      for (var gx = Math.floor(bb[0] / LABEL_CELL); gx <= x1; gx++) {
        for (var gy = y0; gy <= y1; gy++) {
          var boxes = this.cells.get(gx * 65536 + gy);
          if (!boxes) { continue; }
          for (var j = 0; j < boxes.length; j++) {
            var other = boxes[j].bb;
            if (other[0] >= bb[2] || other[2] <= bb[0] || other[1] >= bb[3] || other[3] <= bb[1]) { continue; }
            if (boxesOverlap(corners, boxes[j].corners)) { return false; }
          }
        }
      }
      return true;
    };
    LabelGrid.prototype.add = function (corners) {
      var bb = boxBounds(corners);
      var cells = this.cellsOf(bb);
      for (var i = 0; i < cells.length; i++) {
        var boxes = this.cells.get(cells[i]);
        if (!boxes) { this.cells.set(cells[i], boxes = []); }
        boxes.push({corners: corners, bb: bb});
      }
    };


    function insideView(corners, size) {
      for (var i = 0; i < 8; i += 2) {
        var x = corners[i], y = corners[i + 1];
        if (x < 2 || y < 2 || x > size.x - 2 || y > size.y - 2) { return false; }
      }
      return true;
    }

    /* A line's parts in container pixels, as map.latLngToContainerPoint gives them; a road
       drawn in bulk from its vertices already projected for the view (the same rounded
       layer pixels, shifted by the map pane: no LatLng made, none projected again). */
    function containerParts(entry) {
      var leaflet = entry.leaflet;
      if (!leaflet._qxBulk) {
        return flatParts(leaflet.getLatLngs()).map(function (part) {
          return part.map(function (ll) { return state.map.latLngToContainerPoint(ll); });
        });
      }
      var bulk = leaflet._qxBulk, src = bulk.src, i = leaflet._qxIndex, parts = [];
      bulkProject(bulk);
      var pane = state.map._getMapPanePos(), xs = bulk.x, ys = bulk.y;
      for (var p = src.parts[i]; p < src.parts[i + 1]; p++) {
        for (var r = src.rings[p]; r < src.rings[p + 1]; r++) {
          var pts = [];
          for (var c = src.coords[r]; c < src.coords[r + 1]; c++) { pts.push(L.point(xs[c] + pane.x, ys[c] + pane.y)); }
          if (pts.length) { parts.push(pts); }
        }
      }
      return parts;
    }

    /* The stretches of a line inside the view, in container pixels: [[{x, y}...], ...]. */
    function visibleRuns(entry, size) {
      var clip = L.bounds([4, 4], [size.x - 4, size.y - 4]);
      var runs = [];
      containerParts(entry).forEach(function (pts) {
        var run = null;
        for (var i = 1; i < pts.length; i++) {
          var seg = L.LineUtil.clipSegment(pts[i - 1], pts[i], clip, false, false);
          if (!seg) { run = null; continue; }
          if (run && run[run.length - 1].distanceTo(seg[0]) < 0.01) { run.push(seg[1]); }
          else { run = [seg[0], seg[1]]; runs.push(run); }
          if (!seg[1].equals(pts[i])) { run = null; }
        }
      });
      return runs;
    }

    function pointAlong(run, cum, s) {
      for (var i = 1; i < run.length; i++) {
        if (cum[i] >= s || i === run.length - 1) {
          var span = cum[i] - cum[i - 1];
          var t = span > 0 ? Math.max(0, Math.min(1, (s - cum[i - 1]) / span)) : 0;
          return L.point(run[i - 1].x + (run[i].x - run[i - 1].x) * t, run[i - 1].y + (run[i].y - run[i - 1].y) * t);
        }
      }
      return run[0];
    }

    /* How far the line strays from the straight chord between s0 and s1 (px). */
    function strayFromChord(run, cum, s0, s1, a, b) {
      var dx = b.x - a.x, dy = b.y - a.y;
      var len = Math.sqrt(dx * dx + dy * dy);
      if (len === 0) { return Infinity; }
      var worst = 0;
      for (var i = 0; i < run.length; i++) {
        if (cum[i] <= s0 || cum[i] >= s1) { continue; }
        worst = Math.max(worst, Math.abs((run[i].x - a.x) * dy - (run[i].y - a.y) * dx) / len);
      }
      return worst;
    }

    /* A road's label: beside its longest stretch in view (above it, else below: never over
       the line, which it would hide), turned to it, where the line is straightest (the
       middle preferred).  The places tried, and their scores, depend on the view and the
       road only: kept on the road for its view (roadSpots), so a filter change names the
       roads at a fixed view again with only the grid to ask. */
    function placeRoad(c, w, h, size, grid) {
      var spots = roadSpots(c.entry, w, h, size);
      if (spots.none) { return null; }
      var chosen = null, chosenScore = Infinity;
      for (var k = 0; k < ROAD_TRIES.length; k++) {
        var spot = spots.tries[k] || (spots.tries[k] = roadTry(spots, k, w));
        if (spot.score >= chosenScore) { continue; }
        var sides = spot.sides || (spot.sides = roadSides(spots, spot, w, h, size));
        for (var side = 0; side < 2; side++) {
          if (sides[side].inside && grid.free(sides[side].corners, sides[side].bb)) {
            chosen = sides[side];
            chosenScore = spot.score;
            break;
          }
        }
      }
      return chosen;
    }

    var ROAD_TRIES = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];  // along the stretch, the middle first

    /* What placeRoad knows of a road in this view: its longest stretch in view and the
       places tried on it (each made when first needed); made again when the label's size or
       the line's width change, dropped when the line does (entry._qxSpots set to null with
       its _qxLabelLength, qxmap-draw.js) and, for every road, when the view does. */
    function roadSpots(entry, w, h, size) {
      var map = state.map, origin = map.getPixelOrigin(), pane = map._getMapPanePos();
      var view = [map.getZoom(), origin.x, origin.y, pane.x, pane.y, size.x, size.y].join(",");
      if (labelState.spotsView !== view) {  // kept for one view only: the roads tried at another forget theirs
        labelState.spotted.forEach(function (e) { e._qxSpots = null; });
        labelState.spotted = [];
        labelState.spotsView = view;
      }
      var key = w + "," + h + "," + (entry.leaflet.options.weight || 3);
      if (entry._qxSpots && entry._qxSpots.key === key) { return entry._qxSpots; }
      if (!entry._qxSpots) { labelState.spotted.push(entry); }
      var best = null, bestLen = 0, bestCum = null;
      visibleRuns(entry, size).forEach(function (run) {
        var cum = [0];
        for (var i = 1; i < run.length; i++) { cum.push(cum[i - 1] + run[i].distanceTo(run[i - 1])); }
        if (cum[cum.length - 1] > bestLen) { best = run; bestLen = cum[cum.length - 1]; bestCum = cum; }
      });
      entry._qxSpots = {key: key, none: !best || w > bestLen + 24, best: best, len: bestLen, cum: bestCum,
                        weight: entry.leaflet.options.weight || 3, tries: []};
      return entry._qxSpots;
    }

    /* The k-th place tried on a road's stretch: its score (how far the line strays from the
       label's chord, and from the middle) and the chord. */
    function roadTry(spots, k, w) {
      var best = spots.best, bestLen = spots.len, bestCum = spots.cum;
      var s = bestLen > w ? Math.max(w / 2, Math.min(bestLen - w / 2, ROAD_TRIES[k] * bestLen)) : bestLen / 2;
      var s0 = Math.max(0, s - w / 2), s1 = Math.min(bestLen, s + w / 2);
      var a = pointAlong(best, bestCum, s0);
      var b = pointAlong(best, bestCum, s1);
      var stray = strayFromChord(best, bestCum, s0, s1, a, b);
      return {s: s, a: a, b: b, score: stray + 12 * Math.abs(s / bestLen - 0.5), sides: null};
    }

    /* A place's two labels, above and below the line: {x, y, angle, corners, inside}. */
    function roadSides(spots, spot, w, h, size) {
      var a = spot.a, b = spot.b;
      var angle = (a.x === b.x && a.y === b.y) ? 0 : Math.atan2(b.y - a.y, b.x - a.x);
      if (angle > Math.PI / 2) { angle -= Math.PI; }
      if (angle <= -Math.PI / 2) { angle += Math.PI; }
      // Centred on the chord's middle, pulled halfway to the line where it bends, then
      // moved off the line by half the line's width and half the label's height.
      var m = pointAlong(spots.best, spots.cum, spot.s);
      var cx = (a.x + b.x) / 4 + m.x / 2, cy = (a.y + b.y) / 4 + m.y / 2;
      var off = spots.weight / 2 + h / 2 + 1;
      var nx = -Math.sin(angle), ny = Math.cos(angle);  // the label's "down"
      return [roadSide(cx - nx * off, cy - ny * off, w, h, angle, size),
              roadSide(cx + nx * off, cy + ny * off, w, h, angle, size)];
    }

    function roadSide(x, y, w, h, angle, size) {
      var corners = labelBox(x, y, w, h, angle);
      return {x: x, y: y, angle: angle, corners: corners, bb: boxBounds(corners), inside: insideView(corners, size)};
    }

    /* A label beside a point (an exit, a facility): right, left, above, below. */
    function placeBeside(p, r, w, h, size, grid) {
      var spots = [[r + 4 + w / 2, 0], [-(r + 4 + w / 2), 0], [0, -(r + 3 + h / 2)], [0, r + 3 + h / 2]];
      for (var k = 0; k < spots.length; k++) {
        var x = p.x + spots[k][0], y = p.y + spots[k][1];
        var corners = labelBox(x, y, w, h, 0);
        if (insideView(corners, size) && grid.free(corners)) { return {x: x, y: y, angle: 0, corners: corners}; }
      }
      return null;
    }

    /* An area's label: at its centre (else just above or below it) when the area is large
       enough to hold it; a small area (a label would hide it) is named beside it: below,
       above, right, left. */
    function placeArea(c, w, h, size, grid) {
      var leaflet = c.entry.leaflet;
      var p = state.map.latLngToContainerPoint(leaflet.getCenter());
      var b = leaflet.getBounds();
      var nw = state.map.latLngToContainerPoint(b.getNorthWest());
      var se = state.map.latLngToContainerPoint(b.getSouthEast());
      var spots;
      if (se.x - nw.x >= w * 0.8 && se.y - nw.y >= h * 1.5) {
        spots = [[p.x, p.y], [p.x, p.y - h], [p.x, p.y + h]];
      } else {
        spots = [[p.x, se.y + h / 2 + 2], [p.x, nw.y - h / 2 - 2], [se.x + w / 2 + 3, p.y], [nw.x - w / 2 - 3, p.y]];
      }
      for (var k = 0; k < spots.length; k++) {
        var corners = labelBox(spots[k][0], spots[k][1], w, h, 0);
        if (insideView(corners, size) && grid.free(corners)) {
          return {x: spots[k][0], y: spots[k][1], angle: 0, corners: corners};
        }
      }
      return null;
    }

    function labelPane() {
      if (!labelState.pane) {
        labelState.pane = state.map.getPane(LABELS_PANE) || state.map.createPane(LABELS_PANE);
      }
      return labelState.pane;
    }

    /* Name what is shown again, after the rules, the selection or the data changed (a pan, a
       zoom or a filter change keeps the candidates: placeLabels). */
    function relayoutLabels() {
      labelState.candidates = null;
      placeLabels();
    }

    /* The labels placed for this view, rules, data, selection and shown layers, by filter
       (state.mask): a filter shown again at the same view (the phases, switched back and
       forth) puts back what was placed, not asking the grid again.  What a placement gives
       depends on these only (never on the filters before it: the places tried, kept per view,
       give the same answers), except where it ran out of time: that one is not kept. */
    function labelMemo(size, candidates, where) {
      var map = state.map, origin = map.getPixelOrigin(), pane = map._getMapPanePos();
      var context = [map.getZoom(), origin.x, origin.y, pane.x, pane.y, size.x, size.y, labelState.generation,
                     labelState.touched, state.byIdVersion, state.highlighted.join("\u0001"),
                     JSON.stringify(where.hidden)].join("|");
      var memo = labelState.memo;
      if (!memo || memo.context !== context || memo.candidates !== candidates || memo.rules !== labelState.rules ||
          memo.widths !== labelState.widths) {
        memo = labelState.memo = {context: context, candidates: candidates, rules: labelState.rules,
                                  widths: labelState.widths, byMask: new Map()};
      }
      return memo;
    }

    /* A placed label's node (placed: a labelState.placed record with its font and colour): a
       canvas of the label's box holding its name drawn upright (the halo stroked, then the
       text), turned to its road by the node's transform, the name itself its fallback content
       (textContent: never markup).  Chromium rasterised text turned to an angle glyph by glyph,
       the halo stroked again at each angle: about 100 ms of the frame after every pan or zoom
       with 200,000 roads, where turning an image costs little.  A name drawn in the same font,
       colour and box keeps its canvas (labelImage): a pan draws no text again. */
    function labelNode(placed, font, color) {
      var node = labelImage(placed, font, color);
      node.className = "qx-label qx-label-" + placed.kind;
      var at = state.map.containerPointToLayerPoint([placed.x, placed.y]);
      node.style.left = at.x + "px";
      node.style.top = at.y + "px";
      node.style.transform = "translate(-50%, -50%) rotate(" + (placed.angle * 180 / Math.PI).toFixed(2) + "deg)";
      return node;
    }

    /* The canvas of a name (see labelNode): the one kept for it (labelState.images, the most
       recently used LABEL_IMAGES), unless that one is on the map already (a name placed twice),
       or a new one. */
    function labelImage(placed, font, color) {
      var ratio = window.devicePixelRatio || 1;
      var key = [font, color, placed.w, placed.h, ratio, placed.text].join("\u0001");
      var images = labelState.images, node = images.get(key);
      if (node && !node.parentNode) {
        images.delete(key);
        images.set(key, node);
        return node;
      }
      node = document.createElement("canvas");
      node.textContent = placed.text;
      node.width = Math.ceil(placed.w * ratio);
      node.height = Math.ceil(placed.h * ratio);
      node.style.width = placed.w + "px";
      node.style.height = placed.h + "px";
      var ctx = node.getContext("2d");
      ctx.scale(ratio, ratio);
      ctx.font = font;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      ctx.lineWidth = LABEL_HALO_PX;
      ctx.strokeStyle = LABEL_HALO;
      ctx.strokeText(placed.text, placed.w / 2, placed.h / 2);
      ctx.fillStyle = color;
      ctx.fillText(placed.text, placed.w / 2, placed.h / 2);
      images.delete(key);
      images.set(key, node);
      if (images.size > LABEL_IMAGES) { images.delete(images.keys().next().value); }
      return node;
    }
    var LABEL_IMAGES = 600;  // names kept drawn (two views' worth at the default 300 names; each a few kB)

    /* Place the names now, or (*soon*: after a filter or a pan) once this frame is on
       screen: the roads are drawn and shown a frame before their names, whose placing (10 to
       25 ms with 200,000 roads) would hold that frame back.  Until then the names already
       there stay where they are, less those of features no longer shown (placeSoon: never a
       name without its feature); a zoom keeps them hidden (hideWhileZooming) until the
       names are placed.  A filter whose names are kept for this view (labelMemo) has them
       put back at once.  Asked for several times before the frame: placed once. */
    function placeLabels(soon) {
      if (!state.map || !labelState.pane && !labelState.on) { return; }
      var started = performance.now();
      var pane = labelPane();
      var size = state.map.getSize();
      var usable = labelState.on && labelState.rules && size.x > 0 && size.y > 0;
      // (candidates not ordered yet for these data: nothing kept either; they are ordered
      // with the placing, after the frame)
      var ordered = labelState.candidates && labelState.candidates.key === String(labelState.generation);
      var candidates = usable && (ordered || !soon) ? labelCandidates() : null;
      var where = usable ? labelWhere() : null;
      var memo = candidates ? labelMemo(size, candidates, where) : null;
      var maskKey = state.mask === null ? "" : "m" + state.mask;
      var kept = memo ? memo.byMask.get(maskKey) : null;
      if (soon && usable && !kept) {
        dropUnshown(where);
        if (!labelState.pending) {
          labelState.pending = true;
          api.afterFrame(function () { if (labelState.pending) { placeLabels(); } });
        }
        return;
      }
      labelState.pending = false;
      while (pane.firstChild) { pane.removeChild(pane.firstChild); }
      L.DomUtil.removeClass(pane, "qx-labels-moving");
      labelState.placed = [];
      labelState.reused = false;
      if (!usable) { labelState.lastMs = 0; return; }
      var rules = labelState.rules;
      if (kept) {  // (the most recent last: the one longest unused goes first)
        memo.byMask.delete(maskKey);
        memo.byMask.set(maskKey, kept);
        var again = document.createDocumentFragment();
        for (var n = 0; n < kept.placed.length; n++) {
          labelState.placed.push(kept.placed[n]);
          again.appendChild(labelNode(kept.placed[n], kept.fonts[n], kept.colors[n]));
        }
        pane.appendChild(again);
        labelState.reused = true;
        state.timings.label_candidates_ms = 0;
        labelState.lastMs = performance.now() - started;
        return;
      }
      var fonts = [], colors = [], timedOut = false;
      var grid = new LabelGrid();
      var styles = state.data.styles;
      var exitRadius = (styles.exit && styles.exit.radius) || 7;
      var pointRadius = (styles.layers.facilities && styles.layers.facilities.radius) || 6;
      // The exit markers shown: no label covers one.
      var exits = state.groups.exits;
      if (exits && !state.hiddenLayers.exits && state.map.hasLayer(exits)) {
        exits.eachLayer(function (m) {
          if (m._qxHidden || !m.getLatLng) { return; }
          var p = state.map.latLngToContainerPoint(m.getLatLng());
          if (p.x < -20 || p.y < -20 || p.x > size.x + 20 || p.y > size.y + 20) { return; }
          grid.add(labelBox(p.x, p.y, 2 * exitRadius + 2, 2 * exitRadius + 2, 0));
        });
      }
      state.timings.label_candidates_ms = performance.now() - started;
      // metres per pixel at the view's centre (a road shorter on screen than its name is not named)
      var metresPerPx = 40075016.686 * Math.cos(state.map.getCenter().lat * Math.PI / 180) /
        Math.pow(2, state.map.getZoom() + 8);
      var frag = document.createDocumentFragment();
      var mask = state.mask;  // the filter: most candidates of a big network are passed over by it
      var misses = 0;  // tries in a row that found no room
      var roadsOver = false;  // past the budget: the roads still to come are passed over, the rest named
      var runUntil = 0;       // the candidates before this one have had their class looked at
      for (var i = 0; i < candidates.length && labelState.placed.length < rules.max_labels; i++) {
        if ((i & 255) === 255 && !roadsOver && performance.now() - started > LABEL_BUDGET_MS) { roadsOver = timedOut = true; }
        if (roadsOver && ((i & 255) === 255 && performance.now() - started > 2 * LABEL_BUDGET_MS)) { timedOut = true; break; }
        if (misses >= LABEL_MISSES) { roadsOver = true; }  // the roads have filled the view
        if (roadsOver) {  // past the roads still to come, to the next candidate that is not one
          i = candidates.nextOther(i);
          if (i >= candidates.length) { break; }
          if (candidates.layerAt(i) === "roads") { continue; }  // (a selected road)
        }
        if (i >= runUntil) {  // the first of a class: passed over whole when the view names none of it
          runUntil = candidates.runEnd(i);
          if (!candidates.classNamed(i, where)) { i = runUntil - 1; continue; }
        }
        if (candidates.hiddenByMask(i, mask) || !candidates.eligible(i, where)) { continue; }
        var c = candidates.at(i);
        if (!labelTextOf(c)) { continue; }
        var fontSize = c.kind === "road" ? rules.sizes.road : (c.kind === "exit" ? rules.sizes.exit : rules.sizes.area);
        // At most the road's length on screen (with room for rounding): placeRoad needs the name
        // to fit within its visible stretch plus 24 px; a quick bound first, then the exact width.
        var room = c.kind === "road" ? 1.1 * roadLength(c.entry) / metresPerPx + 32 : Infinity;
        if (room < leastTextWidth(c.text, fontSize)) { continue; }
        var font = labelFont(c.kind, fontSize);
        var w = Math.ceil(textWidth(c.text, font)) + 4;
        if (room < w) { continue; }
        var h = Math.ceil(fontSize * 1.3);
        var spot = null;
        if (c.kind === "road") { spot = placeRoad(c, w, h, size, grid); }
        else if (c.kind === "exit" || c.kind === "point") {
          spot = placeBeside(state.map.latLngToContainerPoint(pointOf(c.entry.leaflet)),
                             c.kind === "exit" ? exitRadius : pointRadius, w, h, size, grid);
        } else { spot = placeArea(c, w, h, size, grid); }
        if (!spot) { misses++; continue; }
        misses = 0;
        grid.add(spot.corners);
        var color = c.layer === "roads" || c.layer === "exits" ? LABEL_INK
          : ((styles.layers[c.layer] && styles.layers[c.layer].color) || LABEL_INK);
        var placed = {id: c.id, layer: c.layer, kind: c.kind, text: c.text, priority: c.priority,
                      x: spot.x, y: spot.y, w: w, h: h, angle: spot.angle, corners: spot.corners, font_px: fontSize};
        frag.appendChild(labelNode(placed, font, color));
        labelState.placed.push(placed);
        fonts.push(font);
        colors.push(color);
      }
      pane.appendChild(frag);
      if (!timedOut) {
        memo.byMask.set(maskKey, {placed: labelState.placed.slice(), fonts: fonts, colors: colors});
        if (memo.byMask.size > LABEL_MEMO_MASKS) { memo.byMask.delete(memo.byMask.keys().next().value); }
      }
      labelState.lastMs = performance.now() - started;
    }

    /* Take away the names of features no longer shown (filtered out, replaced, their layer
       hidden): what stays on the map while the names wait for their frame (placeLabels). */
    function dropUnshown(where) {
      var pane = labelState.pane, nodes = pane ? pane.querySelectorAll(".qx-label") : [];
      if (nodes.length !== labelState.placed.length) {  // (never: one node per name placed)
        while (pane && pane.firstChild) { pane.removeChild(pane.firstChild); }
        labelState.placed = [];
        return;
      }
      var stay = [];
      for (var i = 0; i < labelState.placed.length; i++) {
        var p = labelState.placed[i], entry = state.byId.get(p.id);
        if (!entry || entry.layer !== p.layer || entry.leaflet._qxHidden || where.hidden[p.layer]) {
          pane.removeChild(nodes[i]);
        } else {
          stay.push(p);
        }
      }
      labelState.placed = stay;
    }

    /* For pageState: {on, count, last_ms, reused, pending}. */
    function labelFacts() {
      return {on: labelState.on, count: labelState.placed.length, last_ms: labelState.lastMs, reused: labelState.reused,
              pending: labelState.pending};
    }

    function setLabels(on, rules) {
      labelState.on = !!on;
      if (rules !== undefined && rules !== null) { labelState.rules = labelRules(rules); }
      if (!labelState.rules) { labelState.rules = labelRules({}); }
      relayoutLabels();
    }

    /* During a zoom animation the labels would stay where they were: hide them until it ends. */
    function hideLabelsWhileZooming() {
      if (labelState.pane) { L.DomUtil.addClass(labelState.pane, "qx-labels-moving"); }
    }

    api.provideLabels({
      place: function () { placeLabels(); },
      placeSoon: function () { placeLabels(true); },
      settle: function () { if (labelState.pending) { placeLabels(); } },
      relayout: relayoutLabels,
      set: setLabels,
      forget: function () { labelState.generation++; labelState.spotted = []; labelState.spotsView = null; },
      /* entry's line or properties changed in place (null: some entries'): the places tried
         on it are dropped, and the labels kept for the view (labelMemo). */
      touchedEntry: function (entry) { if (entry) { entry._qxSpots = null; } labelState.touched++; },
      hideWhileZooming: hideLabelsWhileZooming,
      fontsChanged: function () { labelState.widths = {}; labelState.images = new Map(); placeLabels(); },
      facts: labelFacts
    });

    /* The labels' facts as they are now: a placement waiting for its frame is left waiting
       (debug.state and debug.labels finish it first). */
    api.addCommand("labelFacts", labelFacts, true);

    /* The labels on the map, in the order they were placed: {id, layer, kind ("road", "exit",
       "area", "point"), text, priority, x, y (centre, container px), w, h, angle (radians),
       corners: the box's four corners [[x, y], ...], font_px}; and the text each node shows. */
    api.addCommand("labels", function () {
      if (labelState.pending) { placeLabels(); }  // (as the map shows them a frame later)
      var nodes = labelState.pane ? labelState.pane.querySelectorAll(".qx-label") : [];
      return labelState.placed.map(function (p, i) {
        var out = {};
        for (var key in p) { if (own(p, key)) { out[key] = p[key]; } }
        out.corners = cornerPairs(p.corners);
        out.shown_text = nodes[i] ? nodes[i].textContent : null;
        out.node_children = nodes[i] ? nodes[i].children.length : null;
        return out;
      });
    }, true);
  });
})();
