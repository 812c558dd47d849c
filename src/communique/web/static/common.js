/* Helpers shared by the communique page scripts. Strings from the database only ever reach the page
   through textContent, and links only ever point at this server's own paths. */
window.communique = (function () {
  "use strict";

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (content !== undefined && content !== null) { node.textContent = String(content); }
    return node;
  }

  function isLocalPath(href) {
    return typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/" && href.charAt(1) !== "\\";
  }

  // A link to one of this server's paths; anything else is shown as plain text.
  function link(href, label) {
    if (!isLocalPath(href)) { return el("span", null, label); }
    var a = el("a", null, label);
    a.href = href;
    return a;
  }

  return { el: el, link: link, isLocalPath: isLocalPath };
})();
