/* communique networks, drawn by Cytoscape.js (installed from npm, served from this server).
   Labels are drawn on a canvas and the side panel is built with textContent, so names never become markup. */
(function () {
  "use strict";
  var box = document.getElementById("cq-network");
  var info = document.getElementById("cq-network-info");
  var data = JSON.parse(document.getElementById("cq-network-data").textContent);
  if (!box || typeof window.cytoscape !== "function") {
    if (box) { box.textContent = "The graph library is missing: run make install."; }
    return;
  }

  var el = window.communique.el;
  var link = window.communique.link;

  function row(dl, term, value) {
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    dd.appendChild(value instanceof Node ? value : document.createTextNode(String(value)));
    dl.appendChild(dd);
  }

  var maxWeight = 1;
  var degree = {};
  data.elements.forEach(function (e) {
    if (e.data.source) {
      degree[e.data.source] = (degree[e.data.source] || 0) + 1;
      degree[e.data.target] = (degree[e.data.target] || 0) + 1;
      if (e.data.weight > maxWeight) { maxWeight = e.data.weight; }
    }
  });
  data.elements.forEach(function (e) { if (!e.data.source) { e.data.deg = degree[e.data.id] || 0; } });

  var cy = window.cytoscape({
    container: box,
    elements: data.elements,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "background-color": "#5b6f8a", "width": "mapData(deg, 0, 10, 14, 40)", "height": "mapData(deg, 0, 10, 14, 40)",
        "text-wrap": "ellipsis", "text-max-width": 140, "color": "#222", "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "node[type = 'state']", style: { "shape": "round-rectangle", "background-color": "#3b5b92" } },
      { selector: "node[type = 'person']", style: { "background-color": "#8a6a5b" } },
      { selector: "edge", style: {
        "width": "mapData(weight, 1, " + Math.max(2, maxWeight) + ", 1.5, 9)", "line-color": "data(colour)",
        "target-arrow-color": "data(colour)", "curve-style": "bezier", "opacity": 0.85,
        "label": "data(weight)", "font-size": 9, "color": "#333", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge[polarity != '']", style: { "target-arrow-shape": "triangle" } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#f0b400", "line-style": "dashed" } }
    ],
    layout: { name: "preset" }
  });
  var layout = cy.layout({ name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
                           nodeRepulsion: function () { return 400000; }, idealEdgeLength: function () { return 120; }, padding: 40 });
  layout.one("layoutstop", function () {
    cy.fit(undefined, 40);
    if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
    document.body.setAttribute("data-cq-ready", "network");
  });
  layout.run();

  cy.on("tap", "node", function (ev) {
    var d = ev.target.data();
    info.textContent = "";
    info.appendChild(el("h3", null, d.label));
    var dl = el("dl");
    row(dl, "type", d.type);
    if (d.country) { row(dl, "country", d.country); }
    if (data.kind === "cosign") { row(dl, "documents signed", d.signed); }
    var inc = ev.target.connectedEdges();
    if (data.kind === "signed") {
      var sum = function (list, pol) { return list.filter(function (e) { return e.data("polarity") === pol; }).reduce(function (s, e) { return s + e.data("weight"); }, 0); };
      var out = inc.filter(function (e) { return e.data("source") === d.id; });
      var inn = inc.filter(function (e) { return e.data("target") === d.id; });
      row(dl, "gives", sum(out, "favor") + " favor, " + sum(out, "against") + " against");
      row(dl, "receives", sum(inn, "favor") + " favor, " + sum(inn, "against") + " against");
    } else {
      row(dl, "co-signatories", ev.target.neighborhood("node").length);
    }
    info.appendChild(dl);
    info.appendChild(link(d.href, "Open the actor page"));
  });

  cy.on("tap", "edge", function (ev) {
    var d = ev.target.data();
    var source = cy.getElementById(d.source).data("label");
    var target = cy.getElementById(d.target).data("label");
    info.textContent = "";
    if (data.kind === "signed") {
      info.appendChild(el("h3", "pol-" + d.polarity, source + " → " + target));
      var dl = el("dl");
      row(dl, "polarity", d.polarity);
      row(dl, "stance records", d.weight);
      info.appendChild(dl);
      info.appendChild(link(d.href, "See the stances and their evidence"));
    } else {
      info.appendChild(el("h3", null, source + " — " + target));
      info.appendChild(el("p", null, "Signed " + d.weight + " document" + (d.weight === 1 ? "" : "s") + " together:"));
      var ul = el("ul");
      d.documents.forEach(function (doc) { var li = el("li"); li.appendChild(link(doc.href, doc.id)); ul.appendChild(li); });
      info.appendChild(ul);
    }
  });
  window.communiqueNetwork = cy;
})();
