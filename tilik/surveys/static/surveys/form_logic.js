// XLSForm logic on the respondent page, in the browser: relevance of questions and sections,
// calculations, choice filters and constraints, evaluated with window.TilikExpr (expr.js), the same
// expression language the server evaluates (tilik/surveys/form_logic.py). The server sets the same
// hidden attributes when it renders the page and applies every rule again on submission, so the
// form works without this file ("Perbarui pertanyaan" re-renders it there).
//
// The templates emit: question blocks [data-q] (data-repeat-index inside repeat groups,
// data-relevant, data-constraint, data-constraint-msg, data-calculate), section blocks
// [data-section] (data-relevant), and for a choice filter [data-choice-filter] on the fieldset with
// data-choice='{"name": ..., "<column>": ...}' on each option.
(function () {
  "use strict";
  var E = window.TilikExpr;
  if (!E) { return; }
  var PASSES = 4;

  function truth(expr, values, opts) {
    try { return E.asBool(E.evaluate(expr, values, opts || {})); } catch (e) { return true; }
  }

  function text(expr, values) {
    try { return E.asString(E.evaluate(expr, values, {})); } catch (e) { return ""; }
  }

  function number(v) {
    // The page accepts a decimal comma (Indonesian); expressions read a decimal point, as ODK does.
    return /^\s*-?\d+(,\d+)?\s*$/.test(v) ? v.trim().replace(",", ".") : v;
  }

  function blockValue(block) {
    if (block.hasAttribute("data-calculate")) {
      var own = block.querySelector("input[type=hidden]");
      return own ? own.value : "";
    }
    if (block.hidden) { return ""; }
    var ranks = block.querySelectorAll("select[data-choice-value]");
    if (ranks.length) {
      var placed = [];
      var full = true;
      ranks.forEach(function (s) { if (s.value === "") { full = false; } else { placed.push([+s.value, s.getAttribute("data-choice-value")]); } });
      if (!full) { return ""; }
      placed.sort(function (a, b) { return a[0] - b[0]; });
      return placed.map(function (p) { return p[1]; }).join(" ");
    }
    var out = [];
    var plain = null;
    block.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.name.indexOf("q_") !== 0) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { out.push(el.value); }
      } else if (plain === null) {
        plain = el.getAttribute("inputmode") === "decimal" ? number(el.value) : el.value;
      }
    });
    return plain !== null ? plain : out.join(" ");
  }

  function blocks() { return Array.prototype.slice.call(document.querySelectorAll("[data-q]")); }

  function context(all, index) {
    var base = {};
    var own = {};
    all.forEach(function (b) {
      var code = b.getAttribute("data-q");
      var i = +(b.getAttribute("data-repeat-index") || 0);
      if (i === 0 || (i === 1 && !(code in base))) { base[code] = b._value || ""; }
      if (index && i === index) { own[code] = b._value || ""; }
    });
    Object.keys(own).forEach(function (k) { base[k] = own[k]; });
    return base;
  }

  function filterChoices(block, values) {
    block.querySelectorAll("[data-choice-filter]").forEach(function (group) {
      var expr = group.getAttribute("data-choice-filter");
      group.querySelectorAll("[data-choice]").forEach(function (input) {
        var row = {};
        try { row = JSON.parse(input.getAttribute("data-choice")); } catch (e) { row = {}; }
        var offered = truth(expr, values, { choice: row });
        var holder = input.tagName === "OPTION" ? input : (input.closest("label") || input);
        holder.hidden = !offered;
        if (!offered && input.checked) { input.checked = false; }
        if (!offered && input.selected) { input.selected = false; input.parentNode.value = ""; }
      });
    });
  }

  function refresh() {
    var all = blocks();
    for (var pass = 0; pass < PASSES; pass++) {
      var changed = false;
      all.forEach(function (b) { b._value = blockValue(b); });
      var top = context(all, 0);
      document.querySelectorAll("[data-section][data-relevant]").forEach(function (s) {
        var hide = !truth(s.getAttribute("data-relevant"), top);
        if (s.hidden !== hide) { s.hidden = hide; changed = true; }
      });
      all.forEach(function (b) {
        var ctx = context(all, +(b.getAttribute("data-repeat-index") || 0));
        var rel = b.getAttribute("data-relevant");
        var shown = rel ? truth(rel, ctx) : true;
        var calc = b.getAttribute("data-calculate");
        if (calc !== null) {
          var input = b.querySelector("input[type=hidden]");
          var v = shown ? text(calc, ctx) : "";
          if (input && input.value !== v) { input.value = v; changed = true; }
          b._value = v;
          return;
        }
        if (b.hidden === shown) { b.hidden = !shown; changed = true; }
        filterChoices(b, ctx);
        b._value = blockValue(b);
      });
      if (!changed) { break; }
    }
    all.forEach(function (b) { checkConstraint(b, all); });
  }

  function checkConstraint(b, all) {
    var expr = b.getAttribute("data-constraint");
    var msg = b.querySelector(".constraint-msg");
    if (!expr || !msg) { return; }
    var v = b._value || "";
    var ok = b.hidden || v === "" || truth(expr, context(all, +(b.getAttribute("data-repeat-index") || 0)), { current: v });
    msg.textContent = ok ? "" : (b.getAttribute("data-constraint-msg") || "");
    msg.hidden = ok;
  }

  function start() {
    document.querySelectorAll(".js-refresh").forEach(function (btn) { btn.hidden = true; });
    refresh();
  }
  document.addEventListener("change", refresh);
  document.addEventListener("input", function (ev) { if (ev.target.matches("input[type=text], input[inputmode], textarea")) { refresh(); } });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
