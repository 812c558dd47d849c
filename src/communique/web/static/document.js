/* communique document page: hover a highlight for what it is, click it for the records there.
   Every string from the database goes into the page through textContent, never as markup; links
   are only ever the server's own relative URLs. */
(function () {
  "use strict";
  var text = document.getElementById("cq-text");
  var dataNode = document.getElementById("cq-records");
  if (!text || !dataNode) { return; }
  var records = JSON.parse(dataNode.textContent);
  var tip = document.getElementById("cq-tip");
  var pop = document.getElementById("cq-pop");

  var el = window.communique.el;
  var link = window.communique.link;

  function keysOf(seg) { return (seg.getAttribute("data-r") || "").split(" ").filter(Boolean); }

  function visible(key) {
    var r = records[key];
    return r && !text.classList.contains("hide-" + r.kind);
  }

  function segmentsOf(key) {
    return Array.prototype.filter.call(text.querySelectorAll(".seg"), function (seg) {
      return keysOf(seg).indexOf(key) >= 0;
    });
  }

  function select(keys) {
    Array.prototype.forEach.call(text.querySelectorAll(".seg.sel"), function (s) { s.classList.remove("sel"); });
    keys.forEach(function (key) { segmentsOf(key).forEach(function (s) { s.classList.add("sel"); }); });
  }

  function place(box, x, y) {
    var left = Math.max(8, Math.min(x, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8));
    box.style.left = left + "px";
    box.style.top = (y + 14) + "px";
  }

  function recordCard(r) {
    var card = el("section", "cq-rec k-" + r.kind);
    card.setAttribute("data-key", r.key);
    card.appendChild(el("div", "cq-kind", r.kindLabel));
    card.appendChild(el("h3", null, r.title));
    card.appendChild(el("blockquote", null, r.evidence));
    var dl = el("dl");
    r.fields.forEach(function (f) {
      if (f[1] === "" && !f[2]) { return; }
      dl.appendChild(el("dt", null, f[0]));
      var dd = el("dd");
      dd.appendChild(f[2] ? link(f[2], f[1]) : document.createTextNode(f[1]));
      dl.appendChild(dd);
    });
    card.appendChild(dl);
    var foot = el("p", "cq-rec-links");
    var where = r.span[0] === null ? "not in the text (from the metadata)" : "characters " + r.span[0] + "–" + r.span[1];
    foot.appendChild(el("span", "cq-muted", where + " · "));
    if (r.row) { foot.appendChild(link(r.row, "open its row")); }
    card.appendChild(foot);
    return card;
  }

  function openPop(keys, x, y) {
    keys = keys.filter(visible);
    if (!keys.length) { return; }
    pop.textContent = "";
    var close = el("button", "cq-pop-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "close");
    close.addEventListener("click", closePop);
    pop.appendChild(close);
    pop.appendChild(el("p", "cq-muted", keys.length === 1 ? "1 record here" : keys.length + " records here"));
    keys.forEach(function (key) { pop.appendChild(recordCard(records[key])); });
    pop.hidden = false;
    place(pop, x, y);
    select(keys);
    tip.hidden = true;
    close.focus({ preventScroll: true });
    if (keys.length) { history.replaceState(null, "", "#" + keys[0]); }
  }

  function closePop() {
    pop.hidden = true;
    select([]);
  }

  text.addEventListener("click", function (ev) {
    var seg = ev.target.closest(".seg");
    if (!seg) { return; }
    ev.stopPropagation();
    openPop(keysOf(seg), ev.pageX, ev.pageY);
  });

  text.addEventListener("mouseover", function (ev) {
    var seg = ev.target.closest(".seg");
    if (!seg || !pop.hidden) { return; }
    var keys = keysOf(seg).filter(visible);
    if (!keys.length) { tip.hidden = true; return; }
    tip.textContent = "";
    keys.forEach(function (key) {
      tip.appendChild(el("div", null, records[key].kindLabel + ": " + records[key].title));
    });
    tip.hidden = false;
    place(tip, ev.pageX, ev.pageY);
  });
  text.addEventListener("mouseleave", function () { tip.hidden = true; });

  document.addEventListener("click", function (ev) {
    if (!pop.hidden && !pop.contains(ev.target) && !ev.target.closest(".cq-goto")) { closePop(); }
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { closePop(); } });

  // Legend: show or hide one kind's bands.
  Array.prototype.forEach.call(document.querySelectorAll("#cq-legend input[type=checkbox]"), function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.value, !box.checked);
    });
  });

  function goTo(key) {
    var segs = segmentsOf(key);
    if (!records[key]) { return; }
    var kind = records[key].kind;
    var box = document.querySelector("#cq-legend input[value='" + kind + "']");
    if (box && !box.checked) { box.checked = true; text.classList.remove("hide-" + kind); }
    if (!segs.length) {
      var r = text.getBoundingClientRect();
      openPop([key], r.left + window.scrollX, r.top + window.scrollY);
      return;
    }
    segs[0].scrollIntoView({ block: "center" });
    var rect = segs[0].getBoundingClientRect();
    openPop([key], rect.left + window.scrollX, rect.bottom + window.scrollY - 10);
  }

  // The record list under the text: each entry opens its record in place.
  Array.prototype.forEach.call(document.querySelectorAll(".cq-goto"), function (button) {
    button.addEventListener("click", function (ev) { ev.stopPropagation(); goTo(button.getAttribute("data-key")); });
  });

  // A link to #event-3 (from the timeline, the map or an actor page) opens that record.
  function fromHash() {
    var wanted = decodeURIComponent(window.location.hash.slice(1));
    if (wanted && records[wanted]) { goTo(wanted); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.body.setAttribute("data-cq-ready", "document");
})();
