// Build-time entry for scripts/build_js.sh: exposes Enketo's openrosa-xpath-evaluator
// factory as window.OpenrosaXPathEvaluator. tilik/surveys/static/surveys/expr.js wraps it.
// node-forge (only for digest(), which Tilik does not offer) is left out of the bundle.
const orxe = require('openrosa-xpath-evaluator');

window.OpenrosaXPathEvaluator = orxe;
