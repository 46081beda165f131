// Progressive enhancement for show-if questions: hide a question while the answer it depends on
// does not match. The server applies the same rule, so the form works without this file.
(function () {
  "use strict";
  function selected(name) {
    var out = [];
    document.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value !== "") { out.push(el.value); }
    });
    return out;
  }
  function refresh() {
    document.querySelectorAll("[data-show-if]").forEach(function (block) {
      var wanted = (block.getAttribute("data-show-values") || "").split("|");
      var shown = selected(block.getAttribute("data-show-if")).some(function (v) { return wanted.indexOf(v) >= 0; });
      block.hidden = !shown;
      block.querySelectorAll(".hint").forEach(function (h) { if (h.dataset.cond !== undefined) { h.hidden = true; } });
    });
  }
  document.addEventListener("change", refresh);
  document.addEventListener("DOMContentLoaded", refresh);
})();
