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
  var NAME_BONUS = 1e6;
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var COMPOUND = /^[\p{Alphabetic}\p{N}]+(?:[./-][\p{Alphabetic}\p{N}]+)+$/u;
  var SEPARATORS = /[^\p{Alphabetic}\p{N}./-]+/u;
  // A run of letters and digits that are not CJK: a word that a mark can start.
  var WORD = /(?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}])[\p{Alphabetic}\p{N}])+/gu;

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

  // One file of the index, fetched once per page. A request that has not finished after
  // PATIENCE ms is given up and made once more, past the browser's cache: a stalled
  // connection must not leave the results waiting for good.
  var PATIENCE = 10000;
  function get(path, json) {
    var url = root + path + "?v=" + meta.version;
    var p = files.get(url);
    if (!p) {
      p = load(path, url, json, false);
      p.catch(function () { files.delete(url); });
      files.set(url, p);
    }
    return p;
  }

  function load(path, url, json, again) {
    var ctl = typeof AbortController === "function" ? new AbortController() : null;
    var timer = ctl ? setTimeout(function () { ctl.abort(); }, PATIENCE) : 0;
    var opts = ctl ? { signal: ctl.signal, cache: again ? "reload" : "default" } : undefined;
    return fetch(url, opts)
      .then(function (r) {
        if (!r.ok) throw new Error("search/" + path + ": " + r.status);
        return json ? r.json() : r.text();
      })
      .then(function (v) {
        clearTimeout(timer);
        return v;
      }, function (e) {
        clearTimeout(timer);
        if (!again && e && e.name === "AbortError") return load(path, url, json, true);
        throw e;
      });
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

  // The tiers of the index (see src/render/search/mod.rs): the base and the tail, each with
  // its own posting and vocabulary files; an empty one is left out.
  function tiers() {
    return [
      { dir: "", first: 0, papers: meta.base, shards: meta.shards, vocab: meta.vocab },
      { dir: "tail/", first: meta.base, papers: meta.papers - meta.base, shards: meta.tail.shards, vocab: meta.tail.vocab }
    ].filter(function (t) { return t.papers > 0; });
  }

  // A posting file of a tier, as a map from token to the rest of its line.
  function shardLines(tier, token) {
    var path = tier.dir + "p/" + (fnv1a(token) % tier.shards) + ".txt";
    var parsed = shards.get(path);
    if (!parsed) {
      parsed = get(path).then(function (text) {
        var lines = new Map();
        text.split("\n").forEach(function (line) {
          var sp = line.indexOf(" ");
          if (sp > 0) lines.set(line.slice(0, sp), line.slice(sp + 1));
        });
        return lines;
      });
      shards.set(path, parsed);
      parsed.catch(function () { shards.delete(path); });
    }
    return parsed;
  }

  // Reads the rest of a posting line of the tier whose first paper is `first` into `into`
  // ({df, fields: Map field -> [paper, ...]}). A field is gap-encoded numbers, or `!` and a
  // bitmap of the tier's papers, six a character.
  function readPostings(rest, into, first) {
    var parts = rest.split(" ");
    into.df += +parts[0];
    for (var p = 1; p < parts.length; p++) {
      var part = parts[p];
      var docs = into.fields.get(part[0]);
      if (!docs) {
        docs = [];
        into.fields.set(part[0], docs);
      }
      if (part[1] === "!") {
        for (var j = 2; j < part.length; j++) {
          var bits = DIGIT[part.charCodeAt(j)];
          for (var k = 0; k < 6; k++) if (bits & (1 << k)) docs.push(first + (j - 2) * 6 + k);
        }
        continue;
      }
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
    }
  }

  // A token's postings over every tier: {df, fields: [[field, [paper, ...]], ...]}, or null.
  // The tail's papers come after the base's, so each field's papers stay in order.
  function postings(token) {
    var ts = tiers();
    return Promise.all(ts.map(function (t) { return shardLines(t, token); })).then(function (files) {
      var found = { df: 0, fields: new Map() };
      var any = false;
      files.forEach(function (lines, i) {
        var rest = lines.get(token);
        if (rest === undefined) return;
        any = true;
        readPostings(rest, found, ts[i].first);
      });
      return any ? { df: found.df, fields: Array.from(found.fields) } : null;
    });
  }

  // Whether a token is a plain word: one the vocabulary lists, with its stem.
  function isPlain(t) {
    return Array.from(t).length >= 3 && !CJK.test(t) && !/^\d+$/.test(t);
  }

  // The vocabulary of words starting as `key` does, over every tier: sorted lines `word df
  // stem`, each word once with its document frequencies added up, and the set of stems.
  var vocabs = new Map();
  function vocabFile(key) {
    var merged = vocabs.get(key);
    if (merged) return merged;
    merged = Promise.all(tiers().map(function (t) {
      return get(t.dir + "v/" + (fnv1a(key) % t.vocab) + ".txt");
    })).then(function (texts) {
      var byWord = new Map();
      texts.forEach(function (text) {
        text.split("\n").forEach(function (l) {
          if (!l) return;
          var e = entry(l);
          var have = byWord.get(e[0]);
          if (have) have[1] += e[1];
          else byWord.set(e[0], e);
        });
      });
      var words = Array.from(byWord.keys()).sort();
      var lines = words.map(function (w) {
        var e = byWord.get(w);
        return e[0] + " " + e[1] + " " + e[2];
      });
      lines.stems = new Set(words.map(function (w) { return byWord.get(w)[2]; }));
      return lines;
    });
    merged.catch(function () { vocabs.delete(key); });
    vocabs.set(key, merged);
    return merged;
  }

  // English endings a word the index has not seen may carry: `transforming` is searched as
  // `transform`, the stem of the words the index has, when no paper has `transforming`.
  var ENDINGS = ["ations", "ation", "ings", "ing", "ers", "er", "ed", "es", "s", "ies", "ied",
    "ly", "ions", "ion", "ments", "ment", "ness", "ive", "ity", "ally", "al", "izes", "ized",
    "izing", "ize", "ises", "ised", "ising", "ise"];

  // The stem a word not in `lines` most likely shares with words that are: its base without
  // an English ending (`generating`: `generat`, `generate`; `running`: `run`), when that is a
  // stem or a word of the index.
  function baseStem(lines, word) {
    var bases = [];
    ENDINGS.forEach(function (e) {
      if (!word.endsWith(e) || word.length - e.length < 3) return;
      var b = word.slice(0, word.length - e.length);
      bases.push(b, b + "e", b + "y");
      if (b.length > 3 && b[b.length - 1] === b[b.length - 2]) bases.push(b.slice(0, -1));
    });
    bases.sort(function (a, b) { return b.length - a.length; });
    for (var i = 0; i < bases.length; i++) {
      if (lines.stems.has(bases[i])) return bases[i];
      var at = lowerBound(lines, bases[i] + " ");
      if (at < lines.length && lines[at].startsWith(bases[i] + " ")) return entry(lines[at])[2];
    }
    return null;
  }

  // The first line of sorted `lines` not before `word`.
  function lowerBound(lines, word) {
    var lo = 0;
    var hi = lines.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (lines[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // A vocabulary line: [word, document frequency of its stem, stem].
  function entry(line) {
    var f = line.split(" ");
    return [f[0], +f[1], f[2] || f[0]];
  }

  // What the vocabulary knows of `word`: `exact`, its entry if it is a word there, and
  // `more`, the stems of the most frequent words it starts (when `prefix`), other than its own.
  function lookup(word, prefix) {
    var key = Array.from(word).slice(0, 3).join("");
    return vocabFile(key).then(function (lines) {
      var exact = null;
      var found = [];
      for (var i = lowerBound(lines, word); i < lines.length && lines[i].startsWith(word); i++) {
        var e = entry(lines[i]);
        if (e[0] === word) exact = e;
        else if (prefix) found.push(e);
      }
      if (!exact) {
        var base = baseStem(lines, word);
        if (base) exact = [word, 0, base];
      }
      found.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
      var more = [];
      found.forEach(function (e) {
        if (more.length < PREFIX_WORDS && more.indexOf(e[2]) < 0 && (!exact || e[2] !== exact[2])) {
          more.push(e[2]);
        }
      });
      return { exact: exact, more: more };
    });
  }

  // The edit distance of `a` and `b` (with swaps of neighbours), or `max + 1` past `max`.
  function distance(a, b, max) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var low = i;
      for (var k = 1; k <= b.length; k++) {
        var d = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
        if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
          d = Math.min(d, prev2[k - 2] + 1);
        }
        cur.push(d);
        if (d < low) low = d;
      }
      if (low > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // The indexed word nearest to `word`, a word that is not in the index, or null: at most one
  // edit away for words up to 5 letters, two for longer ones; the most frequent among the
  // nearest. It looks in the vocabulary files of the word's first three letters and of the
  // beginnings one swap or one extra letter away.
  function nearest(word) {
    var w = Array.from(word);
    var max = w.length <= 5 ? 1 : 2;
    var keys = new Set([w.slice(0, 3).join("")]);
    if (w.length > 3) {
      keys.add([w[1], w[0], w[2]].join(""));
      keys.add([w[0], w[2], w[1]].join(""));
      for (var drop = 0; drop < 3; drop++) {
        keys.add(w.slice(0, 4).filter(function (_, i) { return i !== drop; }).join(""));
      }
    }
    return Promise.all(Array.from(keys).map(vocabFile)).then(function (files) {
      var best = null;
      files.forEach(function (lines) {
        lines.forEach(function (line) {
          var e = entry(line);
          var d = distance(word, e[0], max);
          if (d <= max && (!best || d < best[0] || (d === best[0] && e[1] > best[1][1]))) {
            best = [d, e];
          }
        });
      });
      return best ? best[1][0] : null;
    });
  }

  // The query's terms as written, as src/query.rs cuts them: runs of non-space characters,
  // a `"` opening a part that runs to the next `"` (spaces included); each with its `-`
  // (an exclusion) and its operator (`author:`, `cat:`) taken off. Any other `x:` is words.
  function terms(q) {
    var raw = [];
    var cur = "";
    var quoted = false;
    for (var c of q) {
      if (c === '"') {
        quoted = !quoted;
        cur += c;
      } else if (/\s/.test(c) && !quoted) {
        if (cur) raw.push(cur);
        cur = "";
      } else cur += c;
    }
    if (cur) raw.push(cur);
    return raw.map(function (t) {
      var negated = t.length > 1 && t[0] === "-";
      var rest = negated ? t.slice(1) : t;
      var op = /^([A-Za-z]+):/.exec(rest);
      var kind = op ? op[1].toLowerCase() : "";
      if (kind === "author" || kind === "cat") rest = rest.slice(op[0].length);
      else kind = "word";
      return { kind: kind, value: rest.replace(/"/g, "").trim(), negated: negated };
    }).filter(function (t) { return t.value; });
  }

  // The clauses of a term: each a list of [token, weight] alternatives, all of which a
  // paper must match one of; an operator's clauses match in its fields only (`only`).
  // A compound (`cs.CL`, `2506.20747`, `self-supervised`) is looked up whole first, else as
  // its words.
  function termClauses(t) {
    if (t.kind === "author") {
      return tokens(t.value, false).map(function (w) { return { word: w, only: "al" }; });
    }
    if (t.kind === "cat") return [{ word: t.value.toLowerCase(), only: "c" }];
    var clauses = [];
    t.value.toLowerCase().split(SEPARATORS).forEach(function (raw) {
      var piece = raw.replace(/^[./-]+|[./-]+$/g, "");
      if (!piece) return;
      if (COMPOUND.test(piece)) {
        var exact = piece.replace(/^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})v\d+$/, "$1");
        clauses.push({ exact: exact, parts: tokens(piece, false) });
        return;
      }
      tokens(piece, false).forEach(function (w) { clauses.push({ word: w }); });
    });
    return clauses;
  }

  // The query's clauses, and its exclusions: each a list of clauses, a paper matching all of
  // which is left out. `typing`: the last word may still be being typed (it also finds the
  // words it starts); a query in the address or sent with Enter is read as written.
  function parse(q, typing) {
    var clauses = [];
    var exclude = [];
    var ops = false;
    terms(q).forEach(function (t) {
      if (t.kind !== "word" || t.negated) ops = true;
      var cs = termClauses(t);
      if (t.negated) {
        if (cs.length) exclude.push(cs);
      } else clauses.push.apply(clauses, cs);
    });
    var last = clauses[clauses.length - 1];
    if (typing && !ops && last && last.word !== undefined && q.length > 0 && !/\s$/.test(q)) last.open = true;
    return { clauses: clauses, exclude: exclude, ops: ops };
  }

  // Gives a word clause its alternatives: a plain word its stem (from the vocabulary), and
  // the word being typed the stems of the words it may become; a word the index does not
  // have is `unknown`.
  function resolveWord(c) {
    c.alts = [[c.word, 1]];
    c.marks = c.only ? [] : [c.word];
    // A category code with a `.` or `-` is indexed whole, as written.
    if (!isPlain(c.word) || (c.only && !/^[\p{Alphabetic}\p{N}]+$/u.test(c.word))) return Promise.resolve();
    return lookup(c.word, c.open).then(function (found) {
      c.alts = found.exact ? [[found.exact[2], 1]] : [];
      found.more.forEach(function (stem) { c.alts.push([stem, PREFIX_WEIGHT]); });
      c.alts.forEach(function (a) { c.marks.push(a[0]); });
      if (!c.alts.length) {
        c.unknown = true;
        c.alts = [[c.word, 1]];
      }
      if (c.only) c.marks = [];
    });
  }

  function resolve(parsed) {
    var clauses = [];
    var jobs = parsed.map(function (c) {
      clauses.push(c);
      if (c.exact === undefined) return resolveWord(c);
      c.alts = [[c.exact, 1]];
      c.marks = [c.exact];
      return postings(c.exact).then(function (p) {
        if (p) return null;
        // Not a token of the index: its words instead.
        c.alts = null;
        return Promise.all(c.parts.map(function (t) {
          var part = { word: t };
          clauses.push(part);
          return resolveWord(part);
        }));
      });
    });
    return Promise.all(jobs).then(function () {
      return clauses.filter(function (c) { return c.alts; });
    });
  }

  // Papers matching the clauses, best first as far as they are read (see Ranking); `all`
  // tells whether each matches every clause.
  function rank(clauses, strict) {
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
          var only = clauses[ci].only;
          p.fields.forEach(function (f) {
            if (only && only.indexOf(f[0]) < 0) return;
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
      nameFirst(clauses, found, hits, total);
      var need = clauses.length;
      var docs = [];
      for (var i = 0; i < n; i++) if (hits[i] === need) docs.push(i);
      var all = true;
      if (!docs.length && need > 1 && !strict) {
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

  // The papers an exclusion matches: those with every one of its clauses (one of each
  // clause's alternatives, in the clause's fields), as a mask over the papers.
  function excluded(groups) {
    var n = meta.papers;
    var out = new Uint8Array(n);
    return Promise.all(groups.map(function (clauses) {
      return Promise.all(clauses.map(function (c) {
        return Promise.all(c.alts.map(function (a) { return postings(a[0]); }));
      })).then(function (found) {
        var hits = new Uint16Array(n);
        found.forEach(function (alts, ci) {
          var seen = new Uint8Array(n);
          var only = clauses[ci].only;
          alts.forEach(function (p) {
            if (!p) return;
            p.fields.forEach(function (f) {
              if (only && only.indexOf(f[0]) < 0) return;
              f[1].forEach(function (d) { seen[d] = 1; });
            });
          });
          for (var i = 0; i < n; i++) hits[i] += seen[i];
        });
        var need = clauses.length;
        for (var i = 0; i < n; i++) if (need && hits[i] === need) out[i] = 1;
      });
    })).then(function () { return out; });
  }

  // A query of two to four words that names an author (`Yu Su`: the words but the last
  // among the first names of a paper's authors, the last among their last names) ranks the
  // papers that match so above every other: a `Chang Yu` or a `Su Wang` comes after.
  function nameFirst(clauses, found, hits, total) {
    var k = clauses.length;
    if (k < 2 || k > 4) return;
    if (!clauses.every(function (c) { return c.word !== undefined && !c.only && !CJK.test(c.word); })) return;
    var name = new Uint8Array(meta.papers);
    found.forEach(function (alts, ci) {
      var p = alts[0];
      if (!p) return;
      var field = ci < k - 1 ? "a" : "l";
      p.fields.forEach(function (f) {
        if (f[0] !== field) return;
        var docs = f[1];
        for (var i = 0; i < docs.length; i++) if (name[docs[i]] === ci) name[docs[i]] = ci + 1;
      });
    });
    for (var i = 0; i < name.length; i++) if (name[i] === k && hits[i] === k) total[i] += NAME_BONUS;
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

  // Appends `text` to `parent`, with what the query found in it in <mark> elements: words
  // that are a mark or start with one of three letters or more (a stem, `transform` in
  // `Transformers`), and every place a CJK mark is.
  function marked(parent, text, marks) {
    var lower = text.toLowerCase();
    var ranges = [];
    if (lower.length === text.length) {
      var words = marks.filter(function (m) { return !CJK.test(m); });
      var m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(lower))) {
        var w = m[0];
        if (words.some(function (k) { return w === k || (k.length >= 3 && w.startsWith(k)); })) {
          ranges.push([m.index, m.index + w.length]);
        }
      }
      marks.forEach(function (k) {
        if (!CJK.test(k)) return;
        for (var at = lower.indexOf(k); at >= 0; at = lower.indexOf(k, at + 1)) ranges.push([at, at + k.length]);
      });
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[1] <= pos) return;
      var start = Math.max(r[0], pos);
      if (start > pos) parent.appendChild(document.createTextNode(text.slice(pos, start)));
      parent.appendChild(el("mark", "hl-term", text.slice(start, r[1])));
      pos = r[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
    return parent;
  }

  function item(p, marks) {
    // [id, title, Chinese title, first authors, more authors, day, category, TL;DR]
    var li = el("li", "result");
    var h = el("h2", "result-title");
    var a = marked(el("a"), p[1], marks);
    a.href = base + "papers/" + p[0] + ".html";
    h.appendChild(a);
    li.appendChild(h);
    if (p[2] && p[2] !== p[1]) {
      var zh = marked(el("p", "result-zh"), p[2], marks);
      zh.lang = "zh";
      li.appendChild(zh);
    }
    if (p[3]) {
      li.appendChild(el("p", "result-authors", p[3] + (p[4] > 0 ? " and " + p[4] + " more" : "")));
    }
    if (p[7]) li.appendChild(marked(el("p", "result-tldr"), p[7], marks));
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
        var li = item(p, shown.marks);
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

  // The query with each word of `from` replaced by the word at the same place in `to`.
  function replaced(q, from, to) {
    var out = q.toLowerCase().length === q.length ? q : q.toLowerCase();
    from.forEach(function (w, i) {
      if (!to[i]) return;
      var at = out.toLowerCase().indexOf(w);
      if (at >= 0) out = out.slice(0, at) + to[i] + out.slice(at + w.length);
    });
    return out;
  }

  // Offers the query with its unknown words replaced by the nearest indexed words.
  function suggest(id, q, unknown) {
    return Promise.all(unknown.map(nearest)).then(function (near) {
      if (id !== seq || !near.some(Boolean)) return;
      var better = replaced(q.trim(), unknown, near);
      var a = el("a", "search-suggestion", better);
      a.href = "?q=" + encodeURIComponent(better);
      a.addEventListener("click", function (e) {
        e.preventDefault();
        input.value = better;
        run(better);
      });
      status.appendChild(document.createTextNode(" Did you mean "));
      status.appendChild(a);
      status.appendChild(document.createTextNode("?"));
    });
  }

  function run(q, typing) {
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
    var clauses = [];
    var parsed = null;
    return loadMeta()
      .then(function () {
        parsed = parse(q, typing);
        return Promise.all([resolve(parsed.clauses)].concat(parsed.exclude.map(resolve)));
      })
      .then(function (resolved) {
        var cs = resolved[0];
        clauses = cs;
        if (id !== seq) return null;
        if (!cs.length) return { ranking: new Ranking([], null), all: true };
        return Promise.all([rank(cs, parsed.ops), excluded(resolved.slice(1))]).then(function (r) {
          var out = r[1];
          r[0].ranking.docs = r[0].ranking.docs.filter(function (d) { return !out[d]; });
          return r[0];
        });
      })
      .then(function (r) {
        if (!r || id !== seq) return null;
        var marks = [];
        clauses.forEach(function (c) { marks.push.apply(marks, c.marks || []); });
        shown = { ranking: r.ranking, count: 0, marks: marks };
        list.replaceChildren();
        more.hidden = true;
        var n = r.ranking.docs.length;
        if (!n) say("No papers match “" + query + "”.");
        else if (!r.all) say("No paper matches every word of “" + query + "”; " + n + (n === 1 ? " paper matches" : " papers match") + " some of them.");
        else say(n + (n === 1 ? " paper matches" : " papers match") + " “" + query + "”.");
        var unknown = clauses.filter(function (c) { return c.unknown; }).map(function (c) { return c.word; });
        var jobs = [showMore(false)];
        if ((!n || !r.all) && unknown.length) jobs.push(suggest(id, q, unknown));
        return Promise.all(jobs);
      })
      .catch(function (e) {
        if (id === seq) say("Search is not available: " + e.message);
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value, true); }, 50);
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
