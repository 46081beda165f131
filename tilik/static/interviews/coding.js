// Coding a transcript in the browser: turn the text selection into character offsets
// (Unicode code points, as Python counts them) and fill the hidden fields of the normal
// POST form. Keys: 1-9 toggle the numbered codes, Enter applies them. No inline handlers.
(function () {
  "use strict";
  var root = document.getElementById("transcript");
  var form = document.getElementById("coding-form");
  if (!root || !form) { return; }
  var startField = form.querySelector("input[name=start]");
  var endField = form.querySelector("input[name=end]");
  var quoteField = form.querySelector("input[name=quote]");
  var preview = document.getElementById("selection-preview");
  var button = document.getElementById("apply-code");
  var fullText = Array.from(root.textContent);

  function cpLength(s) { return Array.from(s).length; }

  function chunkOf(node) {
    var el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return el && el.closest ? el.closest("#transcript span[data-s]") : null;
  }

  // Offset in the transcript of a DOM boundary point (container, offset).
  function offsetOf(container, offset) {
    if (container === root) {
      var child = root.childNodes[offset];
      return child ? parseInt(child.getAttribute("data-s"), 10) : fullText.length;
    }
    var chunk = chunkOf(container);
    if (!chunk || !root.contains(chunk)) { return null; }
    var base = parseInt(chunk.getAttribute("data-s"), 10);
    if (container.nodeType === Node.TEXT_NODE) { return base + cpLength(container.data.slice(0, offset)); }
    return offset === 0 ? base : base + cpLength(chunk.textContent);
  }

  function setSelection(start, end) {
    startField.value = String(start);
    endField.value = String(end);
    var quote = fullText.slice(start, end).join("");
    quoteField.value = quote;
    var shown = quote.length > 160 ? quote.slice(0, 160) + "…" : quote;
    preview.textContent = "“" + shown + "” (" + start + "–" + end + ")";
    preview.classList.remove("muted");
  }

  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) { return; }
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) { return; }
    setSelection(start, end);
  });

  document.addEventListener("keydown", function (event) {
    var tag = event.target && event.target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && event.target.type !== "checkbox")) { return; }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (/^[1-9]$/.test(event.key)) {
      var box = form.querySelector("input[data-hotkey='" + event.key + "']");
      if (box) { box.checked = !box.checked; event.preventDefault(); }
    } else if (event.key === "Enter" && startField.value !== "") {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(button); } else { form.submit(); }
    }
  });

  form.addEventListener("submit", function (event) {
    if (startField.value === "" || endField.value === "") {
      event.preventDefault();
      preview.textContent = preview.getAttribute("data-empty") || "Pilih teks transkrip terlebih dahulu.";
      preview.classList.add("error");
    }
  });
})();
