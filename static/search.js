// paperpress search: runs in the browser over the index in search/ (its format is described
// in src/render/search/mod.rs). A query fetches only the posting files of its words, one
// vocabulary file for the word being typed, and the papers of the results it shows.
// Everything from the index is untrusted text: it goes into the page with textContent only.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!form || !input || !status || !list || !more) return;

  var base = form.getAttribute("data-base") || "/";
  var root = base + "search/";
  var PAGE = 10;
  var PREFIX_WORDS = 5;
  var PREFIX_WEIGHT = 0.7;
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var COMPOUND = /^[\p{Alphabetic}\p{N}]+(?:[./-][\p{Alphabetic}\p{N}]+)+$/u;
  var SEPARATORS = /[^\p{Alphabetic}\p{N}./-]+/u;

  var meta = null;
  var metaPromise = null;
  var files = new Map();
  var shards = new Map();
  var seq = 0;
  var timer = 0;
  var shown = null;

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = fetch(root + "meta.json", { cache: "no-cache" })
        .then(function (r) {
          if (!r.ok) throw new Error("search/meta.json: " + r.status);
          return r.json();
        })
        .then(function (m) {
          m.stop = new Set(m.stopwords);
          meta = m;
          return m;
        });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  // One file of the index, fetched once per page.
  function get(path, json) {
    var url = root + path + "?v=" + meta.version;
    var p = files.get(url);
    if (!p) {
      p = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("search/" + path + ": " + r.status);
        return json ? r.json() : r.text();
      });
      p.catch(function () { files.delete(url); });
      files.set(url, p);
    }
    return p;
  }

  // The same tokens as src/render/search/tokens.rs.
  function tokens(text, unigrams) {
    var out = [];
    var word = "";
    var n = 0;
    var run = [];
    function endWord() {
      if (n >= 2 && n <= meta.maxWord && !meta.stop.has(word)) out.push(word);
      word = "";
      n = 0;
    }
    function endRun() {
      if (run.length === 1) out.push(run[0]);
      else if (run.length > 1) {
        for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
        if (unigrams) out.push.apply(out, run);
      }
      run = [];
    }
    for (var c of text.toLowerCase()) {
      if (CJK.test(c)) {
        endWord();
        run.push(c);
      } else {
        endRun();
        if (ALNUM.test(c)) {
          word += c;
          n++;
        } else endWord();
      }
    }
    endWord();
    endRun();
    return out;
  }

  function fnv1a(s) {
    var h = 0x811c9dc5;
    var bytes = new TextEncoder().encode(s);
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 64; d++) DIGIT[DIGITS.charCodeAt(d)] = d;

  // A token's postings: {df, fields: [[field, [paper, ...]], ...]}, or null.
  function postings(token) {
    var shard = fnv1a(token) % meta.shards;
    var parsed = shards.get(shard);
    if (!parsed) {
      parsed = get("p/" + shard + ".txt").then(function (text) {
        var lines = new Map();
        text.split("\n").forEach(function (line) {
          var sp = line.indexOf(" ");
          if (sp > 0) lines.set(line.slice(0, sp), line.slice(sp + 1));
        });
        return lines;
      });
      shards.set(shard, parsed);
      parsed.catch(function () { shards.delete(shard); });
    }
    return parsed.then(function (lines) {
      var rest = lines.get(token);
      if (rest === undefined) return null;
      var parts = rest.split(" ");
      var fields = [];
      for (var p = 1; p < parts.length; p++) {
        var part = parts[p];
        var docs = [];
        var v = 0;
        var shift = 0;
        var prev = -1;
        for (var i = 1; i < part.length; i++) {
          var x = DIGIT[part.charCodeAt(i)];
          v |= (x & 31) << shift;
          if (x & 32) shift += 5;
          else {
            prev = prev < 0 ? v : prev + v + 1;
            docs.push(prev);
            v = 0;
            shift = 0;
          }
        }
        fields.push([part[0], docs]);
      }
      return { df: +parts[0], fields: fields };
    });
  }

  // Words of the vocabulary that start with `prefix`, most frequent first; none if `prefix`
  // is a word of the vocabulary itself.
  function expand(prefix) {
    var key = Array.from(prefix).slice(0, 3).join("");
    return get("v/" + (fnv1a(key) % meta.vocab) + ".txt").then(function (text) {
      var found = [];
      var lines = text.split("\n");
      // Sorted: find the first line not before the prefix, then read while it matches.
      var lo = 0;
      var hi = lines.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (lines[mid] < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (var i = lo; i < lines.length && lines[i].startsWith(prefix); i++) {
        var sp = lines[i].indexOf(" ");
        var w = lines[i].slice(0, sp);
        // A whole word already: the reader may have finished typing it.
        if (w === prefix) return [];
        found.push([w, +lines[i].slice(sp + 1)]);
      }
      found.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
      return found.slice(0, PREFIX_WORDS).map(function (f) { return f[0]; });
    });
  }

  // The query's clauses: each a list of [token, weight] alternatives, all of which a paper
  // must match one of. A compound (`cs.CL`, `2506.20747`, `self-supervised`) is looked up
  // whole first, else as its words.
  function parse(q) {
    var clauses = [];
    var pieces = q.toLowerCase().split(SEPARATORS);
    var open = q.length > 0 && !/[\s]$/.test(q);
    var last = null;
    pieces.forEach(function (raw) {
      var piece = raw.replace(/^[./-]+|[./-]+$/g, "");
      if (!piece) return;
      if (COMPOUND.test(piece)) {
        var exact = piece.replace(/^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})v\d+$/, "$1");
        clauses.push({ exact: exact, parts: tokens(piece, false) });
        last = null;
        return;
      }
      tokens(piece, false).forEach(function (t) {
        var c = { alts: [[t, 1]] };
        clauses.push(c);
        last = t;
      });
    });
    var prefix = null;
    var lastClause = clauses[clauses.length - 1];
    if (open && last && lastClause && lastClause.alts && lastClause.alts[0][0] === last &&
        Array.from(last).length >= 3 && !CJK.test(last) && !/^\d+$/.test(last)) {
      prefix = lastClause;
    }
    return { clauses: clauses, prefix: prefix };
  }

  function resolve(parsed) {
    var jobs = [];
    var clauses = [];
    parsed.clauses.forEach(function (c) {
      if (c.exact === undefined) {
        clauses.push(c);
        return;
      }
      var slot = { alts: [[c.exact, 1]] };
      clauses.push(slot);
      jobs.push(postings(c.exact).then(function (p) {
        if (p) return;
        // Not a token of the index: its words instead.
        slot.alts = null;
        c.parts.forEach(function (t) { clauses.push({ alts: [[t, 1]] }); });
      }));
    });
    if (parsed.prefix) {
      var pc = parsed.prefix;
      jobs.push(expand(pc.alts[0][0]).then(function (words) {
        words.forEach(function (w) { pc.alts.push([w, PREFIX_WEIGHT]); });
      }));
    }
    return Promise.all(jobs).then(function () {
      return clauses.filter(function (c) { return c.alts; });
    });
  }

  // Papers matching the clauses, best first as far as they are read (see Ranking); `all`
  // tells whether each matches every clause.
  function rank(clauses) {
    var n = meta.papers;
    return Promise.all(clauses.map(function (c) {
      return Promise.all(c.alts.map(function (a) { return postings(a[0]); }));
    })).then(function (found) {
      var total = new Float64Array(n);
      var hits = new Uint16Array(n);
      var best = new Float64Array(n);
      var score = new Float64Array(n);
      found.forEach(function (alts, ci) {
        best.fill(0);
        alts.forEach(function (p, ai) {
          if (!p) return;
          var idf = Math.log(1 + n / p.df) * clauses[ci].alts[ai][1];
          score.fill(0);
          p.fields.forEach(function (f) {
            var w = (meta.weights[f[0]] || 1) * idf;
            var docs = f[1];
            for (var i = 0; i < docs.length; i++) score[docs[i]] += w;
          });
          for (var i = 0; i < n; i++) if (score[i] > best[i]) best[i] = score[i];
        });
        for (var i = 0; i < n; i++) {
          if (best[i] > 0) {
            total[i] += best[i];
            hits[i]++;
          }
        }
      });
      var need = clauses.length;
      var docs = [];
      for (var i = 0; i < n; i++) if (hits[i] === need) docs.push(i);
      var all = true;
      if (!docs.length && need > 1) {
        all = false;
        for (var j = 0; j < n; j++) {
          if (hits[j] > 0) {
            total[j] *= hits[j];
            docs.push(j);
          }
        }
      }
      return { ranking: new Ranking(docs, total), all: all };
    });
  }

  // Matching papers, sorted only as far as they are shown: by score, newer first among equals.
  function Ranking(docs, score) {
    this.docs = docs;
    this.score = score;
    this.sorted = 0;
  }

  Ranking.prototype.top = function (k) {
    var score = this.score;
    var docs = this.docs;
    function cmp(a, b) { return score[b] - score[a] || b - a; }
    if (k > this.sorted) {
      if (this.sorted === 0 && k * 8 < docs.length) {
        // The k-th best score, by a fast numeric sort; only papers at or above it in order.
        var s = Float64Array.from(docs, function (d) { return score[d]; }).sort();
        var threshold = s[s.length - k];
        var head = [];
        var tail = [];
        docs.forEach(function (d) { (score[d] >= threshold ? head : tail).push(d); });
        head.sort(cmp);
        this.docs = head.concat(tail);
        this.sorted = head.length;
      } else {
        docs.sort(cmp);
        this.sorted = docs.length;
      }
    }
    return this.docs.slice(0, k);
  };

  function papers(docs) {
    var chunks = Array.from(new Set(docs.map(function (d) { return Math.floor(d / meta.chunk); })));
    return Promise.all(chunks.map(function (c) { return get("d/" + c + ".json", true); }))
      .then(function (loaded) {
        var byChunk = new Map();
        chunks.forEach(function (c, i) { byChunk.set(c, loaded[i]); });
        return docs.map(function (d) { return byChunk.get(Math.floor(d / meta.chunk))[d % meta.chunk]; });
      });
  }

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function item(p) {
    // [id, title, Chinese title, first authors, more authors, day, category]
    var li = el("li", "result");
    var h = el("h2", "result-title");
    var a = el("a", null, p[1]);
    a.href = base + "papers/" + p[0] + ".html";
    h.appendChild(a);
    li.appendChild(h);
    if (p[2] && p[2] !== p[1]) {
      var zh = el("p", "result-zh", p[2]);
      zh.lang = "zh";
      li.appendChild(zh);
    }
    if (p[3]) {
      li.appendChild(el("p", "result-authors", p[3] + (p[4] > 0 ? " and " + p[4] + " more" : "")));
    }
    var m = el("p", "result-meta");
    var day = el("a", null, p[5]);
    day.href = base + "days/" + p[5] + "/";
    m.appendChild(day);
    m.appendChild(document.createTextNode(" · "));
    m.appendChild(el("span", "code", p[6]));
    m.appendChild(document.createTextNode(" · "));
    m.appendChild(el("span", "code", "arXiv:" + p[0]));
    li.appendChild(m);
    return li;
  }

  function showMore(focus) {
    var id = seq;
    var from = shown.count;
    var docs = shown.ranking.top(from + PAGE).slice(from);
    return papers(docs).then(function (ps) {
      if (id !== seq) return;
      var first = null;
      ps.forEach(function (p) {
        var li = item(p);
        if (!first) first = li;
        list.appendChild(li);
      });
      shown.count = from + ps.length;
      more.hidden = shown.count >= shown.ranking.docs.length;
      if (focus && first) first.querySelector("a").focus();
    });
  }

  function say(text) {
    status.textContent = text;
  }

  function run(q) {
    var id = ++seq;
    var query = q.trim();
    var url = query ? "?q=" + encodeURIComponent(query) : location.pathname;
    history.replaceState(null, "", url);
    if (!query) {
      list.replaceChildren();
      more.hidden = true;
      say("");
      return Promise.resolve();
    }
    return loadMeta()
      .then(function () { return resolve(parse(q)); })
      .then(function (clauses) {
        if (id !== seq) return null;
        if (!clauses.length) return { ranking: new Ranking([], null), all: true };
        return rank(clauses);
      })
      .then(function (r) {
        if (!r || id !== seq) return;
        shown = { ranking: r.ranking, count: 0 };
        list.replaceChildren();
        more.hidden = true;
        var n = r.ranking.docs.length;
        if (!n) say("No papers match “" + query + "”.");
        else if (!r.all) say("No paper matches every word of “" + query + "”; " + n + (n === 1 ? " paper matches" : " papers match") + " some of them.");
        else say(n + (n === 1 ? " paper matches" : " papers match") + " “" + query + "”.");
        return showMore(false);
      })
      .catch(function (e) {
        if (id === seq) say("Search is not available: " + e.message);
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 50);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  more.addEventListener("click", function () { showMore(true); });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  } else {
    loadMeta().catch(function () {});
  }
})();
