// Job page: fetch the progress block every two seconds until the job has finished (no inline script: CSP).
(function () {
  "use strict";
  var box = document.getElementById("job-status");
  if (!box) { return; }
  var url = box.getAttribute("data-poll-url");
  function finished() {
    var block = box.querySelector(".job-progress");
    return block && block.getAttribute("data-finished") === "1";
  }
  function poll() {
    if (finished()) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { box.innerHTML = html; })
      .catch(function () { /* keep the last state; try again */ })
      .then(function () { if (!finished()) { window.setTimeout(poll, 2000); } });
  }
  window.setTimeout(poll, 1000);
})();
