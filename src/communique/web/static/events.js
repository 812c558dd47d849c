/* communique timeline (vis-timeline) and map (Leaflet over Natural Earth outlines from world-atlas),
   both served from this server. Every string from the database reaches the page through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cq-events-data").textContent);
  var info = document.getElementById("cq-event-info");
  var QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict", 0: "uncoded" };
  var QUAD_COLOURS = { 1: "#66bd63", 2: "#1a9850", 3: "#f46d43", 4: "#b2182b", 0: "#888888" };

  var el = window.communique.el;
  var link = window.communique.link;

  function quad(e) {
    var root = parseInt(e.cameo, 10);
    if (!root) { return 0; }
    return root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
  }

  function eventCard(e) {
    var card = el("div", "cq-event");
    card.appendChild(el("h3", null, e.type + (e.negated ? " (negated)" : "") + " · " + (e.date || e.published || "undated")));
    var dl = el("dl");
    function row(term, value) { if (value) { dl.appendChild(el("dt", null, term)); dl.appendChild(el("dd", null, value)); } }
    row("who", e.actors || "—");
    row("to whom", e.recipients || "—");
    row("trigger", e.trigger);
    row("modality", e.modality);
    row("place", [e.place_name, e.place_country].filter(Boolean).join(", "));
    row("document", e.title || e.doc_id);
    card.appendChild(dl);
    var p = el("p");
    p.appendChild(link(e.href, "See it in the document"));
    p.appendChild(document.createTextNode(" · "));
    p.appendChild(link(e.row, "its row"));
    card.appendChild(p);
    return card;
  }

  function show(events) {
    info.textContent = "";
    events.forEach(function (e) { info.appendChild(eventCard(e)); });
  }

  function dateRange(e) {
    var d = e.date || e.published;
    if (!d) { return null; }
    var parts = d.split("-").map(function (x) { return parseInt(x, 10); });
    var start = new Date(Date.UTC(parts[0], (parts[1] || 1) - 1, parts[2] || 1));
    if (parts.length === 3) { return { start: start }; }
    var end = parts.length === 2 ? new Date(Date.UTC(parts[0], parts[1], 1)) : new Date(Date.UTC(parts[0] + 1, 0, 1));
    return { start: start, end: end };
  }

  function drawTimeline(box) {
    if (!window.vis || !window.vis.Timeline) { box.textContent = "The timeline library is missing: run make install."; return; }
    var byId = {};
    var items = [];
    data.events.forEach(function (e) {
      var range = dateRange(e);
      if (!range) { return; }
      var q = quad(e);
      byId[e.id] = e;
      // Points (a dot and a label) stack more compactly than boxes when a corpus has many events.
      items.push({ id: e.id, group: q, start: range.start, end: range.end, type: range.end ? "range" : "point",
                   className: "q" + q, label: e.type + ": " + (e.actors || "?") + (e.recipients ? " → " + e.recipients : "") });
    });
    var groups = [1, 2, 3, 4, 0].map(function (q) { return { id: q, content: QUADS[q] }; });
    var timeline = new window.vis.Timeline(box, items, groups, {
      stack: true, zoomKey: "ctrlKey", maxHeight: 640, orientation: "top", margin: { item: { vertical: 2 } },
      // Item content is built as text, never parsed as HTML.
      template: function (item) { return el("span", null, item.label); }
    });
    timeline.on("select", function (props) {
      show(props.items.map(function (id) { return byId[id]; }).filter(Boolean));
    });
    document.body.setAttribute("data-cq-ready", "timeline");
    window.communiqueTimeline = timeline;
  }

  // Russia's and Fiji's outlines cross the antimeridian (longitude jumps from 180 to -180), which
  // a flat map would draw as a line across the world: continue such rings east of 180 instead.
  function unwrapAntimeridian(feature) {
    var g = feature.geometry;
    if (!g) { return; }
    var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    polygons.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var crosses = ring.some(function (p, i) { return i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180; });
        if (crosses) { ring.forEach(function (p) { if (p[0] < 0) { p[0] += 360; } }); }
      });
    });
  }

  function drawMap(box) {
    if (!window.L || !window.topojson) { box.textContent = "The map libraries are missing: run make install."; return; }
    var map = window.L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 10, attributionControl: true }).setView([25, 10], 2);
    map.attributionControl.setPrefix("").addAttribution("Country outlines: Natural Earth (public domain)");
    var byCountry = {};
    var byPlace = {};
    data.events.forEach(function (e) {
      if (e.place_lat !== null && e.place_lon !== null) {
        var key = e.place_lat.toFixed(4) + "," + e.place_lon.toFixed(4);
        (byPlace[key] = byPlace[key] || []).push(e);
      } else if (e.country_numeric) {
        (byCountry[e.country_numeric] = byCountry[e.country_numeric] || []).push(e);
      }
    });
    var maxCountry = Math.max.apply(null, [1].concat(Object.keys(byCountry).map(function (k) { return byCountry[k].length; })));
    fetch(box.getAttribute("data-basemap")).then(function (r) { return r.json(); }).then(function (world) {
      var countries = window.topojson.feature(world, world.objects.countries);
      // Antarctica's outline runs along the pole, which Web Mercator cannot draw: leave it out.
      countries.features = countries.features.filter(function (f) { return f.id !== "010"; });
      countries.features.forEach(unwrapAntimeridian);
      window.L.geoJSON(countries, {
        style: function (f) {
          var n = (byCountry[f.id] || []).length;
          return { color: "#8b9bb0", weight: 0.6, fillColor: n ? "#d6604d" : "#f7f7f4", fillOpacity: n ? 0.25 + 0.6 * n / maxCountry : 1 };
        },
        onEachFeature: function (f, layer) {
          var list = byCountry[f.id];
          layer.bindTooltip(function () {
            return el("span", null, (f.properties && f.properties.name || "") + (list ? ": " + list.length + " event(s) placed at country level" : ""));
          }, { sticky: true });
          if (list) { layer.on("click", function () { show(list); }); }
        }
      }).addTo(map);
      Object.keys(byPlace).forEach(function (key) {
        var list = byPlace[key];
        var e = list[0];
        var marker = window.L.circleMarker([e.place_lat, e.place_lon], {
          radius: 5 + 3 * Math.sqrt(list.length), className: "cq-dot", color: "#333", weight: 1, fillColor: QUAD_COLOURS[quad(e)], fillOpacity: 0.85
        }).addTo(map);
        marker.bindTooltip(function () { return el("span", null, (e.place_name || "") + ": " + list.length + " event(s)"); });
        marker.on("click", function () { show(list); });
      });
      document.body.setAttribute("data-cq-ready", "map");
    });
    window.communiqueMap = map;
  }

  var timelineBox = document.getElementById("cq-timeline");
  var mapBox = document.getElementById("cq-map");
  if (timelineBox) { drawTimeline(timelineBox); }
  if (mapBox) { drawMap(mapBox); }
})();
