/*
 * window.TilikExpr: Tilik's expression language (ODK's XPath subset) in the browser.
 *
 * Needs tilik/static/vendor/openrosa-xpath/openrosa-xpath.js (Enketo's openrosa-xpath-evaluator,
 * bundled by scripts/build_js.sh) loaded first. The server evaluates the same expressions with
 * tilik/surveys/expr (Python); tests/browser/test_expr_parity.py checks both agree.
 *
 * An expression is parsed here with the same grammar as the server, then handed to the
 * evaluator in a fully bracketed form over a small XML instance that holds the answers:
 *   ${q}        -> string(/d/vN)     (each answer is ONE string value, '' when empty)
 *   .           -> string(/d/cur)    (the value being checked, for constraints)
 *   bare name   -> string(/d/c/cN)   (a column of the choice row, for choice_filter)
 *   -x          -> (-1 * x)
 *   today(), now() -> date('...') when a date/time is injected (tests)
 * contains, starts-with, substring, substring-before/-after, translate, floor and ceiling are
 * registered as custom functions (XPath 1.0 definitions): the evaluator would otherwise pass them
 * to the browser's native XPath, which cannot quote a value holding both ' and ".
 *
 *   TilikExpr.evaluate(expr, values, {current, today, choice, now}) -> string | number | boolean
 *     values: {name: answer string}; current: the value of `.`; choice: {name, <column>: value} of one
 *     choice row; today: 'YYYY-MM-DD' or a Date (default: the device's date); now: an ISO string with
 *     offset or a Date (default: the device's clock). A date result comes back as its ISO text.
 *   TilikExpr.asBool(v), TilikExpr.asString(v), TilikExpr.asNumber(v), TilikExpr.check(expr)
 * Errors are thrown as TilikExpr.ExprError (Indonesian message naming the position).
 */
(function () {
    'use strict';

    var OPERATOR_NAMES = { and: 1, or: 1, div: 1, mod: 1 };
    var LEVELS = [['or'], ['and'], ['=', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', 'div', 'mod']];
    var SYMBOLS = ['!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '(', ')', ','];
    var ARITY = {
        not: [1, 1], true: [0, 0], false: [0, 0], boolean: [1, 1], string: [1, 1], number: [1, 1],
        selected: [2, 2], 'count-selected': [1, 1], 'selected-at': [2, 2], 'string-length': [1, 1],
        concat: [1, null], contains: [2, 2], 'starts-with': [2, 2], 'ends-with': [2, 2], substr: [2, 3],
        substring: [2, 3], 'substring-before': [2, 2], 'substring-after': [2, 2], translate: [3, 3],
        'normalize-space': [1, 1], round: [1, 2], int: [1, 1], floor: [1, 1], ceiling: [1, 1],
        abs: [1, 1], if: [3, 3], coalesce: [2, 2], today: [0, 0], now: [0, 0], regex: [2, 2],
        date: [1, 1], 'date-time': [1, 1], 'decimal-date-time': [1, 1], max: [1, null], min: [1, null],
        join: [1, null], checklist: [2, null], 'weighted-checklist': [2, null],
    };
    var NAME = /[\p{L}\p{Nl}\p{No}_][\p{L}\p{N}_.\-]*/uy;
    var REF = /\$\{\s*([\p{L}\p{Nl}\p{No}_][\p{L}\p{N}_.\-]*)\s*\}/uy;
    var NUMBER = /\d+(?:\.\d*)?|\.\d+/y;

    function ExprError(message, position) {
        this.name = 'ExprError';
        this.reason = message;
        this.position = position;
        this.message = position ? message + ' (posisi ' + position + ')' : message;
    }
    ExprError.prototype = Object.create(Error.prototype);

    function sticky(re, text, i) {
        re.lastIndex = i;
        return re.exec(text);
    }

    function tokenize(expr) {
        var tokens = [];
        var i = 0;
        var n = expr.length;
        function operandBefore() {
            if (!tokens.length) return false;
            var k = tokens[tokens.length - 1].kind;
            return k === 'num' || k === 'str' || k === 'ref' || k === 'dot' || k === ')' || k === 'name';
        }
        while (i < n) {
            var c = expr.charAt(i);
            var pos = i + 1;
            var m;
            if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
                i += 1;
                continue;
            }
            if (c === "'" || c === '"') {
                var end = expr.indexOf(c, i + 1);
                if (end < 0) throw new ExprError('Teks diawali tanda kutip yang tidak ditutup', pos);
                tokens.push({ kind: 'str', text: expr.slice(i + 1, end), quote: c, pos: pos });
                i = end + 1;
                continue;
            }
            if (c === '$') {
                m = sticky(REF, expr, i);
                if (!m) throw new ExprError('Rujukan pertanyaan harus ditulis ${nama}', pos);
                tokens.push({ kind: 'ref', text: m[1], pos: pos });
                i += m[0].length;
                continue;
            }
            m = sticky(NUMBER, expr, i);
            if (m) {
                var after = expr.charAt(i + m[0].length);
                if (after && /[\p{L}_]/u.test(after)) {
                    throw new ExprError("Angka '" + expr.slice(i, i + m[0].length + 1) + "' tidak dikenal", pos);
                }
                tokens.push({ kind: 'num', text: m[0], pos: pos });
                i += m[0].length;
                continue;
            }
            if (c === '.') {
                if (expr.charAt(i + 1) === '.') throw new ExprError("'..' (induk) tidak didukung; pakai ${nama}", pos);
                tokens.push({ kind: 'dot', text: '.', pos: pos });
                i += 1;
                continue;
            }
            m = sticky(NAME, expr, i);
            if (m) {
                var word = m[0];
                if (operandBefore()) {
                    if (!OPERATOR_NAMES[word]) {
                        throw new ExprError("Di sini diharapkan operator (and, or, div, mod), bukan '" + word + "'", pos);
                    }
                    tokens.push({ kind: 'op', text: word, pos: pos });
                } else {
                    tokens.push({ kind: 'name', text: word, pos: pos });
                }
                i += word.length;
                continue;
            }
            var sym = null;
            for (var s = 0; s < SYMBOLS.length; s++) {
                if (expr.startsWith(SYMBOLS[s], i)) {
                    sym = SYMBOLS[s];
                    break;
                }
            }
            if (sym === null) {
                if ('/[]@|'.indexOf(c) >= 0) {
                    throw new ExprError("Jalur XPath ('" + c + "') tidak didukung; rujuk pertanyaan dengan ${nama}", pos);
                }
                throw new ExprError("Karakter '" + c + "' tidak dikenal", pos);
            }
            tokens.push({ kind: sym === '(' || sym === ')' || sym === ',' ? sym : 'op', text: sym, pos: pos });
            i += sym.length;
        }
        tokens.push({ kind: 'end', text: '', pos: n + 1 });
        return tokens;
    }

    function describe(tok) {
        if (tok.kind === 'end') return 'akhir ekspresi';
        if (tok.kind === 'str') return "teks '" + tok.text + "'";
        if (tok.kind === 'ref') return '${' + tok.text + '}';
        return "'" + tok.text + "'";
    }

    // Parse into a small tree: {t: 'num'|'str'|'ref'|'dot'|'col'|'call'|'bin'|'neg', ...}
    function parse(expr) {
        var tokens = tokenize(expr);
        var i = 0;
        function tok() {
            return tokens[i];
        }
        function expect(kind, what) {
            if (tok().kind !== kind) throw new ExprError('Diharapkan ' + what + ', ditemukan ' + describe(tok()), tok().pos);
            return tokens[i++];
        }
        function binary(level) {
            if (level === LEVELS.length) return unary();
            var node = binary(level + 1);
            while (tok().kind === 'op' && LEVELS[level].indexOf(tok().text) >= 0) {
                var op = tokens[i++].text;
                node = { t: 'bin', op: op, left: node, right: binary(level + 1) };
            }
            return node;
        }
        function unary() {
            if (tok().kind === 'op' && tok().text === '-') {
                i++;
                return { t: 'neg', operand: unary() };
            }
            return primary();
        }
        function primary() {
            var t = tok();
            if (t.kind === 'num') {
                i++;
                return { t: 'num', text: t.text };
            }
            if (t.kind === 'str') {
                i++;
                return { t: 'str', text: t.text, quote: t.quote };
            }
            if (t.kind === 'ref') {
                i++;
                return { t: 'ref', name: t.text };
            }
            if (t.kind === 'dot') {
                i++;
                return { t: 'dot' };
            }
            if (t.kind === '(') {
                i++;
                var inner = binary(0);
                expect(')', "')'");
                return inner;
            }
            if (t.kind === 'name') {
                i++;
                if (tok().kind !== '(') return { t: 'col', name: t.text, pos: t.pos };
                return call(t);
            }
            throw new ExprError('Diharapkan nilai, ${nama} atau fungsi, ditemukan ' + describe(t), t.pos);
        }
        function call(name) {
            var arity = Object.prototype.hasOwnProperty.call(ARITY, name.text) ? ARITY[name.text] : null;
            if (!arity) throw new ExprError("Fungsi '" + name.text + "' tidak didukung", name.pos);
            i++; // (
            var args = [];
            if (tok().kind !== ')') {
                args.push(binary(0));
                while (tok().kind === ',') {
                    i++;
                    args.push(binary(0));
                }
            }
            expect(')', "',' atau ')'");
            var low = arity[0];
            var high = arity[1] === null ? args.length : arity[1];
            if (args.length < low || args.length > high) {
                var wanted = arity[0] === arity[1] ? String(low)
                    : arity[1] === null ? 'paling sedikit ' + low : low + '–' + arity[1];
                throw new ExprError("Fungsi '" + name.text + "' menerima " + wanted + ' argumen, diberi ' + args.length, name.pos);
            }
            return { t: 'call', name: name.text, args: args };
        }
        if (tok().kind === 'end') throw new ExprError('Ekspresi kosong', 1);
        var tree = binary(0);
        if (tok().kind !== 'end') throw new ExprError('Sisa ekspresi tidak terbaca: ' + describe(tok()), tok().pos);
        return tree;
    }

    var cache = new Map();
    function parsed(expr) {
        var tree = cache.get(expr);
        if (!tree) {
            tree = parse(expr);
            if (cache.size > 2000) cache.clear();
            cache.set(expr, tree);
        }
        return tree;
    }

    function isoDate(d) {
        if (typeof d === 'string') return d;
        var pad = function (x) { return (x < 10 ? '0' : '') + x; };
        return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
    }

    // What a node gives, as far as the text shows: a date, a string, or something else.
    var DATE_FUNCS = { today: 1, now: 1, date: 1, 'date-time': 1 };
    var STRING_FUNCS = {
        concat: 1, join: 1, substr: 1, substring: 1, 'substring-before': 1, 'substring-after': 1, translate: 1,
        'normalize-space': 1, string: 1, 'selected-at': 1, coalesce: 1,
    };
    function kindOf(node) {
        if (node.t === 'call') return DATE_FUNCS[node.name] ? 'date' : STRING_FUNCS[node.name] ? 'str' : 'other';
        return node.t === 'str' || node.t === 'ref' || node.t === 'dot' || node.t === 'col' ? 'str' : 'other';
    }

    // Text the evaluator will read as a date with `new Date(text)`: Chromium's lenient parser would
    // make a date of free text ('abc 2' is 1 February 2001); the server reads only the ISO forms.
    function asDateText(node, slots, opts) {
        var inner = emit(node, slots, opts);
        return kindOf(node) === 'str' ? 'tilik-datetext(' + inner + ')' : inner;
    }

    // The bracketed expression for the evaluator; `slots` numbers the answers and columns used.
    function emit(node, slots, opts) {
        switch (node.t) {
            case 'num':
                return node.text;
            case 'str':
                return node.quote + node.text + node.quote;
            case 'ref':
                if (!slots.refs.has(node.name)) slots.refs.set(node.name, 'v' + slots.refs.size);
                return 'string(/d/' + slots.refs.get(node.name) + ')';
            case 'dot':
                return 'string(/d/cur)';
            case 'col':
                if (!opts.choice) {
                    throw new ExprError("Nama '" + node.name + "' tanpa ${…} hanya berlaku di choice_filter (kolom pilihan)", node.pos);
                }
                if (!slots.cols.has(node.name)) slots.cols.set(node.name, 'c' + slots.cols.size);
                return 'string(/d/c/' + slots.cols.get(node.name) + ')';
            case 'neg':
                return '(-1 * ' + emit(node.operand, slots, opts) + ')';
            case 'bin': {
                var left = kindOf(node.right) === 'date' ? asDateText(node.left, slots, opts) : emit(node.left, slots, opts);
                var right = kindOf(node.left) === 'date' ? asDateText(node.right, slots, opts) : emit(node.right, slots, opts);
                return '(' + left + ' ' + node.op + ' ' + right + ')';
            }
            case 'call':
                if (node.name === 'today' && opts.today) return "date('" + isoDate(opts.today) + "')";
                if (node.name === 'substring') {
                    // our own XPath 1.0 substring() (the native one cannot take a value with both quotes)
                    return 'tilik-substring' + node.args.length + '(' +
                        node.args.map(function (a) { return emit(a, slots, opts); }).join(', ') + ')';
                }
                if (node.name === 'date' || node.name === 'date-time') {
                    return node.name + '(' + asDateText(node.args[0], slots, opts) + ')';
                }
                if (node.name === 'now' && opts.now) {
                    return "date('" + (typeof opts.now === 'string' ? opts.now : opts.now.toISOString()) + "')";
                }
                return node.name + '(' + node.args.map(function (a) { return emit(a, slots, opts); }).join(', ') + ')';
            default:
                throw new Error('unknown node ' + node.t);
        }
    }

    var evaluator = null;
    function getEvaluator() {
        if (evaluator) return evaluator;
        if (!window.OpenrosaXPathEvaluator) {
            throw new Error('openrosa-xpath.js (vendor) must be loaded before expr.js');
        }
        evaluator = window.OpenrosaXPathEvaluator();
        var add = evaluator.customXPathFunction.add;
        var S = { t: 'string' };
        var N = { t: 'number' };
        add('contains', { fn: function (a, b) { return a.indexOf(b) !== -1; }, args: [S, S], ret: 'boolean' });
        add('starts-with', { fn: function (a, b) { return a.startsWith(b); }, args: [S, S], ret: 'boolean' });
        add('substring-before', {
            fn: function (a, b) { var k = a.indexOf(b); return k < 0 ? '' : a.slice(0, k); },
            args: [S, S], ret: 'string',
        });
        add('substring-after', {
            fn: function (a, b) { var k = a.indexOf(b); return k < 0 ? '' : a.slice(k + b.length); },
            args: [S, S], ret: 'string',
        });
        add('translate', {
            fn: function (s, from, to) {
                var src = Array.from(from);
                var dst = Array.from(to);
                return Array.from(s).map(function (ch) {
                    var k = src.indexOf(ch);
                    if (k < 0) return ch;
                    return k < dst.length ? dst[k] : '';
                }).join('');
            },
            args: [S, S, S], ret: 'string',
        });
        // XPath 1.0 substring(): characters at positions p (from 1) with round(start) <= p < round(start) +
        // round(length); a missing length means to the end, and a negative start then counts as 0.
        var xsub = function (s, start, length) {
            if (Number.isNaN(start)) return '';
            var first = Math.floor(start + 0.5);
            var end = length === undefined ? Infinity : first + Math.floor(length + 0.5);
            var out = '';
            for (var p = 1; p <= s.length; p++) {
                if (p >= first && p < end) out += s.charAt(p - 1);
            }
            return out;
        };
        add('tilik-substring2', { fn: function (s, a) { return xsub(s, Math.max(0, a)); }, args: [S, N], ret: 'string' });
        add('tilik-substring3', { fn: xsub, args: [S, N, N], ret: 'string' });
        // the forms the server reads as dates (tilik/surveys/expr/dates.py); other text becomes 'x', Invalid Date
        var DATE_TEXT = [
            /^-?[0-9]+(\.[0-9]+)?$/, // a day count
            /^(\d{4}|[+-]\d{6})(-\d\d(-\d\d)?)?$/, // ISO dates
            /^\d{4,6}-\d{1,2}-\d{1,2}$/, // year-month-day, also unpadded
            /^(\d{4}-\d{1,2}-\d{1,2}|[+-]\d{6}-\d\d-\d\d)T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/, // date-times
        ];
        add('tilik-datetext', {
            fn: function (text) {
                var ok = text === '' || DATE_TEXT.some(function (re) { return re.test(text); });
                return ok ? text : 'x';
            },
            args: [S], ret: 'string',
        });
        add('floor', { fn: Math.floor, args: [N], ret: 'number' });
        add('ceiling', { fn: Math.ceil, args: [N], ret: 'number' });
        return evaluator;
    }

    function str(v) {
        return v === null || v === undefined ? '' : String(v);
    }

    function evaluate(expr, values, options) {
        var opts = options || {};
        var slots = { refs: new Map(), cols: new Map() };
        var xpath = emit(parsed(expr), slots, opts);
        var doc = document.implementation.createDocument(null, 'd', null);
        var root = doc.documentElement;
        var add = function (parent, tag, text) {
            var el = doc.createElement(tag);
            el.textContent = text;
            parent.appendChild(el);
        };
        slots.refs.forEach(function (tag, name) { add(root, tag, str(values ? values[name] : '')); });
        add(root, 'cur', str(opts.current));
        if (opts.choice) {
            var row = doc.createElement('c');
            root.appendChild(row);
            slots.cols.forEach(function (tag, name) { add(row, tag, str(opts.choice[name])); });
        }
        var r = getEvaluator().evaluate(xpath, doc, null, XPathResult.ANY_TYPE, null);
        switch (r.resultType) {
            case XPathResult.NUMBER_TYPE:
                return r.numberValue;
            case XPathResult.BOOLEAN_TYPE:
                return r.booleanValue;
            default:
                return r.stringValue; // strings, and dates as their ISO text
        }
    }

    function asBool(v) {
        if (typeof v === 'boolean') return v;
        if (typeof v === 'number') return !(v === 0 || Number.isNaN(v));
        return str(v) !== '';
    }

    function asString(v) {
        if (typeof v === 'boolean') return v ? 'true' : 'false';
        return str(v);
    }

    function asNumber(v) {
        if (typeof v === 'number') return v;
        if (typeof v === 'boolean') return v ? 1 : 0;
        var doc = document.implementation.createDocument(null, 'd', null);
        var el = doc.createElement('cur');
        el.textContent = str(v);
        doc.documentElement.appendChild(el);
        // the evaluator's own string-to-number rule (an ISO date is its day count)
        var r = getEvaluator().evaluate('(string(/d/cur) * 1)', doc, null, XPathResult.NUMBER_TYPE, null);
        return r.numberValue;
    }

    function check(expr) {
        parsed(expr);
    }

    window.TilikExpr = {
        evaluate: evaluate,
        asBool: asBool,
        asString: asString,
        asNumber: asNumber,
        check: check,
        ExprError: ExprError,
    };
})();
