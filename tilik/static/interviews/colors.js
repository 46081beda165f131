// Paint code chips and highlighted transcript passages from their data-color(s) attributes.
// Kept out of the HTML so a strict Content-Security-Policy (no inline styles or scripts) holds.
(function () {
  "use strict";
  var HEX = /^#[0-9a-fA-F]{6}$/;
  document.querySelectorAll("[data-color]").forEach(function (el) {
    var color = el.getAttribute("data-color");
    if (HEX.test(color)) { el.style.setProperty("--code-color", color); }
  });
  document.querySelectorAll("#transcript span[data-colors]").forEach(function (el) {
    var colors = el.getAttribute("data-colors").split(",").filter(function (c) { return HEX.test(c); });
    if (!colors.length) { return; }
    el.style.backgroundColor = colors[0] + "33";
    el.style.borderBottom = "3px solid " + colors[0];
    if (colors.length > 1) { el.style.boxShadow = "inset 0 -6px 0 " + colors[1] + "88"; }
  });
})();
