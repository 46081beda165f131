// Public survey: a random device id kept in this browser's localStorage and sent with the answers in the
// hidden field "perangkat", so the evaluator can see many answers from one device even when cookies are
// cleared (tilik/surveys/services/bursts.py). It is not personal data: 16 random bytes, stored on the
// server only as a salted hash. Without JavaScript or storage the field stays empty and the form still works.
(function () {
  "use strict";
  var field = document.querySelector('input[name="perangkat"]');
  if (!field || !window.crypto || !window.crypto.getRandomValues) { return; }
  var KEY = "tilik.perangkat";
  var id = "";
  try { id = window.localStorage.getItem(KEY) || ""; } catch (e) { id = ""; }
  if (!/^[0-9a-f]{32}$/.test(id)) {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    try { window.localStorage.setItem(KEY, id); } catch (e) { /* private mode: this page's id only */ }
  }
  field.value = id;
})();
