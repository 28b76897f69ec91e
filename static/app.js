// paperpress: the reading features. Every page reads fine without this script; it adds the
// language toggle, filters, favourites, "New" marks, "Copy BibTeX" and keyboard navigation.
// Choices are kept in localStorage, so they hold on every page of the site.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "paperpress.";

  function load(name, fallback) {
    try {
      var v = localStorage.getItem(KEY + name);
      return v === null ? fallback : JSON.parse(v);
    } catch (e) {
      return fallback;
    }
  }
  function save(name, value) {
    try {
      localStorage.setItem(KEY + name, JSON.stringify(value));
    } catch (e) {
      /* storage may be off: the choice lasts for this page only */
    }
  }
  function $(sel, el) {
    return (el || document).querySelector(sel);
  }
  function $$(sel, el) {
    return Array.prototype.slice.call((el || document).querySelectorAll(sel));
  }
  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // Language: data-lang on <html> picks what CSS shows; the site's default is in the HTML.
  var LANGS = ["en", "zh", "both"];
  function setLang(lang) {
    if (LANGS.indexOf(lang) < 0) return;
    root.setAttribute("data-lang", lang);
    $$("[data-set-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-set-lang") === lang));
    });
  }
  function langToggle() {
    var row = $(".top-row");
    if (!row) return null;
    var box = make("div", "lang-toggle");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Language of titles and abstracts");
    [["en", "English"], ["zh", "中文"], ["both", "Both"]].forEach(function (l) {
      var b = make("button", "", l[1]);
      b.type = "button";
      b.setAttribute("data-set-lang", l[0]);
      if (l[0] === "zh") b.lang = "zh";
      b.setAttribute("aria-pressed", "false");
      box.appendChild(b);
    });
    row.appendChild(box);
    return box;
  }
  setLang(load("lang", null));
  var toggle = langToggle();
  if (toggle) {
    setLang(root.getAttribute("data-lang"));
    toggle.addEventListener("click", function (e) {
      var b = e.target.closest("[data-set-lang]");
      if (!b) return;
      var lang = b.getAttribute("data-set-lang");
      setLang(lang);
      save("lang", lang);
    });
  }

  // Mark the header link of the section this page belongs to.
  var path = location.pathname;
  $$(".nav a").forEach(function (a) {
    if (path.indexOf(new URL(a.href, location.href).pathname) === 0) {
      a.setAttribute("aria-current", "page");
    }
  });

  // Favourites: what the reader saw when starring a paper (title, authors, day, category,
  // summary, links) and when, kept in localStorage. The stored copy is the reader's: it is
  // shown as stored, so rebuilding the site or changing a digest takes nothing away. Older
  // entries held only {id, title, url} and still show.
  function str(v, max) {
    return typeof v === "string" ? v.slice(0, max || 2000) : "";
  }
  // An entry as stored, from storage or an imported file: only known fields of known types.
  function clean(f) {
    if (!f || typeof f !== "object" || typeof f.id !== "string" || typeof f.url !== "string") {
      return null;
    }
    var id = f.id.trim().slice(0, 100);
    if (!id) return null;
    var e = { id: id, url: str(f.url, 500), title: str(f.title, 1000) };
    if (Array.isArray(f.authors)) {
      e.authors = f.authors.filter(function (a) {
        return typeof a === "string" && a;
      }).slice(0, 200).map(function (a) {
        return a.slice(0, 300);
      });
    }
    if (typeof f.more === "number" && f.more > 0 && f.more < 100000) e.more = Math.floor(f.more);
    ["date", "category", "summary", "abs", "pdf"].forEach(function (k) {
      if (typeof f[k] === "string" && f[k]) e[k] = str(f[k], 4000);
    });
    if (typeof f.added === "number" && isFinite(f.added)) e.added = f.added;
    return e;
  }
  function favourites() {
    var list = load("favourites", []);
    return Array.isArray(list) ? list.map(clean).filter(Boolean) : [];
  }
  function squash(el) {
    return el ? el.textContent.trim().replace(/\s+/g, " ") : "";
  }
  // What the card or paper page holding el shows of its paper.
  function paperOf(el) {
    var box = el.closest("[data-id]");
    if (!box) return null;
    var link = $(".card-title a", box);
    var title = $("h1 .bi-en, .card-title .bi-en", box) || $("h1", box) || link;
    var p = {
      id: box.getAttribute("data-id"),
      title: squash(title),
      url: link ? link.getAttribute("href") : location.pathname,
    };
    var metas = box.classList.contains("paper") ? $$("meta[name=citation_author]") : [];
    if (metas.length) {
      p.authors = metas.map(function (m) {
        return m.getAttribute("content");
      });
    } else {
      var au = $(".authors", box);
      if (au) {
        var copy = au.cloneNode(true);
        var more = $(".more", copy);
        if (more) {
          p.more = parseInt(more.textContent.replace(/\D/g, ""), 10) || 0;
          more.remove();
        }
        p.authors = squash(copy).split(", ").filter(Boolean);
      }
    }
    p.date = box.getAttribute("data-date") || "";
    p.category = squash($(".card-links a.tag, .eyebrow a.tag", box));
    var sum = $(".tldr", box);
    if (sum) {
      sum = sum.cloneNode(true);
      $$("h2", sum).forEach(function (h) {
        h.remove();
      });
    } else {
      sum = $(".summary:not(.bi-zh)", box) || $(".abstract:not(.bi-zh) p", box);
    }
    p.summary = squash(sum).slice(0, 1200);
    var links = $$(".card-links a[href], .paper-links a[href]", box);
    links.forEach(function (a) {
      var t = a.textContent;
      if (/arXiv:/.test(t)) p.abs = a.href;
      else if (t === "PDF") p.pdf = a.href;
    });
    p.added = Date.now();
    return clean(p);
  }
  // Stars are added here: they need this script.
  $$(".card[data-id] .card-links, .paper-links").forEach(function (links) {
    var b = make("button", "fav", "Favourite");
    b.type = "button";
    b.hidden = true;
    b.setAttribute("aria-pressed", "false");
    links.appendChild(b);
  });
  function showStars() {
    var ids = favourites().map(function (f) {
      return f.id;
    });
    $$("button.fav").forEach(function (b) {
      var p = paperOf(b);
      b.hidden = false;
      b.setAttribute("aria-pressed", String(!!p && ids.indexOf(p.id) >= 0));
    });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button.fav");
    if (!b) return;
    var p = paperOf(b);
    if (!p) return;
    var list = favourites().filter(function (f) {
      return f.id !== p.id;
    });
    if (b.getAttribute("aria-pressed") !== "true") list.unshift(p);
    save("favourites", list);
    showStars();
  });
  showStars();

  // Newest first; entries from before the time was kept stay in their stored order, last.
  function byAdded(list) {
    return list.map(function (f, i) {
      return [f, i];
    }).sort(function (a, b) {
      return (b[0].added || 0) - (a[0].added || 0) || a[1] - b[1];
    }).map(function (x) {
      return x[0];
    });
  }
  function safeLink(u) {
    return /^https?:\/\//i.test(u) ? u : "";
  }
  function absOf(f) {
    return safeLink(f.abs || "") || "https://arxiv.org/abs/" + encodeURI(f.id);
  }
  function pdfOf(f) {
    return safeLink(f.pdf || "") || "https://arxiv.org/pdf/" + encodeURI(f.id);
  }
  function yearOf(f) {
    var m = /^(?:.*\/)?(\d{2})\d{2}/.exec(f.id);
    if (m) return String((+m[1] >= 91 ? 1900 : 2000) + +m[1]);
    return /^\d{4}/.test(f.date || "") ? f.date.slice(0, 4) : "";
  }
  function bib(s) {
    return String(s).replace(/[\\{}]/g, function (c) {
      return c === "\\" ? "\\textbackslash " : "\\" + c;
    });
  }
  var exporters = {
    json: {
      type: "application/json",
      ext: "json",
      text: function (list) {
        return JSON.stringify({ format: "paperpress-favourites", version: 1, favourites: list }, null, 2) + "\n";
      },
    },
    bibtex: {
      type: "application/x-bibtex",
      ext: "bib",
      text: function (list) {
        return list.map(function (f) {
          var fields = [["title", f.title || f.id]];
          var au = (f.authors || []).map(function (a) {
            return / and /.test(a) ? "{" + a + "}" : a;
          });
          if (f.more) au.push("others");
          if (au.length) fields.push(["author", au.join(" and ")]);
          var y = yearOf(f);
          if (y) fields.push(["year", y]);
          fields.push(["eprint", f.id], ["archivePrefix", "arXiv"]);
          if (f.category) fields.push(["primaryClass", f.category]);
          fields.push(["url", absOf(f)]);
          return "@misc{" + f.id.replace(/[^A-Za-z0-9._:-]/g, "_") + ",\n" + fields.map(function (kv) {
            return "  " + kv[0] + " = {" + bib(kv[1]) + "}";
          }).join(",\n") + "\n}\n";
        }).join("\n");
      },
    },
    ris: {
      type: "application/x-research-info-systems",
      ext: "ris",
      text: function (list) {
        function line(tag, v) {
          return tag + "  - " + String(v).replace(/[\r\n]+/g, " ") + "\n";
        }
        return list.map(function (f) {
          var out = line("TY", "ELEC") + line("TI", f.title || f.id);
          (f.authors || []).forEach(function (a) {
            out += line("AU", a);
          });
          var y = yearOf(f);
          if (y) out += line("PY", y);
          if (f.date) out += line("DA", f.date.replace(/-/g, "/"));
          out += line("UR", absOf(f)) + line("L1", pdfOf(f)) + line("M1", "arXiv:" + f.id);
          if (f.category) out += line("KW", f.category);
          if (f.summary) out += line("N2", f.summary);
          return out + "ER  - \n";
        }).join("\n");
      },
    },
  };
  function download(kind) {
    var ex = exporters[kind];
    if (!ex) return;
    var blob = new Blob([ex.text(byAdded(favourites()))], { type: ex.type });
    var url = URL.createObjectURL(blob);
    var a = make("a");
    a.href = url;
    a.download = "favourites." + ex.ext;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }
  // Import: a file from Export JSON (or a bare list), merged by id; what is already here
  // stays (an old entry holding only a title is filled in), malformed entries are dropped, nothing in the file is run or parsed as HTML.
  function importText(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return -1;
    }
    var incoming = Array.isArray(data) ? data : data && Array.isArray(data.favourites) ? data.favourites : null;
    if (!incoming) return -1;
    var list = favourites();
    var ids = list.map(function (f) {
      return f.id;
    });
    var added = 0;
    incoming.slice(0, 10000).map(clean).filter(Boolean).forEach(function (f) {
      var at = ids.indexOf(f.id);
      if (at < 0) {
        ids.push(f.id);
        list.push(f);
        added++;
      } else if (!list[at].added && f.added) {
        // An entry from before cards kept their contents: the import fills it in.
        list[at] = f;
        added++;
      }
    });
    save("favourites", list);
    return added;
  }

  var favBox = $("#favourites");
  var favTools = $(".fav-tools");
  var favStatus = $(".fav-status");
  if (favTools) {
    favTools.hidden = false;
    favTools.addEventListener("click", function (e) {
      var b = e.target.closest("[data-export]");
      if (b) download(b.getAttribute("data-export"));
    });
    var input = $("input[type=file]", favTools);
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      if (file.size > 5e6) {
        if (favStatus) favStatus.textContent = "That file is too large for a favourites export.";
        input.value = "";
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        var n = importText(String(reader.result));
        if (favStatus) {
          favStatus.textContent = n < 0 ? "That file is not a favourites export." : "Imported " + n + (n === 1 ? " favourite." : " favourites.");
        }
        input.value = "";
        showStars();
        showFavourites();
      };
      reader.readAsText(file);
    });
  }
  function showFavourites() {
    if (!favBox) return;
    $$(".fav-list, .fav-empty", favBox).forEach(function (el) {
      el.remove();
    });
    var list = byAdded(favourites());
    $$("[data-export]").forEach(function (b) {
      b.disabled = !list.length;
    });
    if (!list.length) {
      favBox.appendChild(make("p", "fav-empty empty", favBox.getAttribute("data-empty")));
      return;
    }
    var ul = make("ul", "fav-list");
    list.forEach(function (f) {
      var li = make("li", "card");
      li.setAttribute("data-id", f.id);
      var h = make("h2", "card-title");
      // Only links into this site: the stored list is not trusted either.
      if (/^\/(?![\/\\])/.test(f.url)) {
        var a = make("a", "", f.title || f.id);
        a.href = f.url;
        h.appendChild(a);
      } else {
        h.textContent = f.title || f.id;
      }
      li.appendChild(h);
      if (f.authors && f.authors.length) {
        var au = make("p", "authors", f.authors.join(", "));
        if (f.more) {
          au.appendChild(document.createTextNode(" "));
          au.appendChild(make("span", "more", "+" + f.more + " more"));
        }
        li.appendChild(au);
      }
      if (f.summary) li.appendChild(make("p", "summary", f.summary));
      var links = make("p", "card-links");
      if (f.category) links.appendChild(make("span", "tag", f.category));
      if (f.date) {
        var t = make("time", "fav-day", f.date);
        if (/^\d{4}-\d{2}-\d{2}$/.test(f.date)) t.dateTime = f.date;
        links.appendChild(t);
      }
      var abs = make("a", "", "arXiv:" + f.id);
      abs.href = absOf(f);
      abs.rel = "noopener";
      links.appendChild(abs);
      var pdf = make("a", "", "PDF");
      pdf.href = pdfOf(f);
      pdf.rel = "noopener";
      pdf.setAttribute("aria-label", "PDF of " + (f.title || f.id));
      links.appendChild(pdf);
      var rm = make("button", "fav-remove", "Remove");
      rm.type = "button";
      rm.setAttribute("aria-label", "Remove " + (f.title || f.id));
      rm.addEventListener("click", function () {
        save("favourites", favourites().filter(function (g) {
          return g.id !== f.id;
        }));
        showFavourites();
      });
      links.appendChild(rm);
      li.appendChild(links);
      ul.appendChild(li);
    });
    favBox.appendChild(ul);
  }
  showFavourites();

  // Other tabs follow: a choice made in one tab applies to every open page of the site.
  window.addEventListener("storage", function (e) {
    if (e.key === KEY + "lang") setLang(load("lang", null));
    if (e.key === KEY + "favourites") {
      showStars();
      showFavourites();
    }
    if ((e.key === KEY + "filters" || e.key === KEY + "hideSeen") && filters) {
      $$(".seen-hide input").forEach(function (box) {
        box.checked = load("hideSeen", false) === true;
      });
      filters.refresh();
    }
  });

  // A paper's BibTeX entry from its citation_* tags, as src/render/bibtex.rs makes it.
  var WS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  function texValue(s) {
    var cs = Array.from(String(s))
      .map(function (c) {
        return WS.test(c) ? " " : c;
      })
      .filter(function (c) {
        return !/[\u0000-\u001f\u007f-\u009f]/.test(c);
      });
    var esc = [];
    var open = [];
    var i;
    for (i = 0; i < cs.length; i++) {
      if (cs[i] === "\\") i++;
      else if (cs[i] === "{") open.push(i);
      else if (cs[i] === "}") {
        if (open.length) open.pop();
        else esc[i] = true;
      }
    }
    open.forEach(function (j) {
      esc[j] = true;
    });
    var out = "";
    var math = false;
    for (i = 0; i < cs.length; i++) {
      var c = cs[i];
      if (c === "\\") {
        if (i + 1 < cs.length) out += "\\" + cs[++i];
      } else if (c === "$") {
        math = !math;
        out += "$";
      } else if ((c === "{" || c === "}") && esc[i]) out += "\\" + c;
      else if (!math && (c === "&" || c === "%" || c === "#")) out += "\\" + c;
      else out += c;
    }
    return math ? out.replace(/\$/g, "\\$") : out;
  }
  function metaOf(name) {
    return $$("meta[name=" + name + "]").map(function (m) {
      return m.getAttribute("content") || "";
    });
  }
  function pageBibtex(article) {
    var id = article.getAttribute("data-id");
    var trim = new RegExp("^" + WS.source + "+|" + WS.source + "+$", "g");
    var authors = metaOf("citation_author").map(function (a) {
      var v = texValue(a.replace(trim, ""));
      return v.toLowerCase().indexOf(" and ") >= 0 ? "{" + v + "}" : v;
    });
    var yy = /^\d\d/.exec(id.split("/").pop());
    var year = yy ? String((+yy[0] >= 91 ? 1900 : 2000) + +yy[0]) : (metaOf("citation_date")[0] || "").slice(0, 4);
    var fields = [["title", texValue(metaOf("citation_title")[0] || "")]];
    if (authors.length) fields.push(["author", authors.join(" and ")]);
    fields.push(["year", year], ["eprint", id], ["archivePrefix", "arXiv"]);
    var cls = article.getAttribute("data-class");
    if (cls) fields.push(["primaryClass", cls]);
    fields.push(["url", metaOf("citation_abstract_html_url")[0] || ""]);
    return "@misc{" + id.replace(/[^A-Za-z0-9.\-]/g, "_") + ",\n" + fields.map(function (kv) {
      return "  " + kv[0] + " = {" + kv[1] + "},\n";
    }).join("") + "}";
  }
  var article = $("article.paper[data-id]");
  if (article && !$("#bibtex")) {
    var cite = make("details", "cite");
    cite.appendChild(make("summary", "", "Cite (BibTeX)"));
    var pre = make("pre", "", pageBibtex(article));
    pre.id = "bibtex";
    pre.tabIndex = 0;
    cite.appendChild(pre);
    article.insertBefore(cite, $(".appearances", article));
  }

  // Copy BibTeX: the clipboard where the browser allows it, else the text is selected.
  var copy = $("#bibtex") && $(".paper-links") ? make("button", "copy-bibtex", "Copy BibTeX") : null;
  if (copy) {
    copy.type = "button";
    copy.setAttribute("aria-controls", "bibtex");
    $(".paper-links").appendChild(copy);
    var copied = make("span", "copied");
    copied.setAttribute("role", "status");
    $(".paper-links").appendChild(copied);
    copy.addEventListener("click", function () {
      var pre = $("#bibtex");
      var status = $(".copied");
      var text = pre.textContent;
      function select() {
        pre.closest("details").open = true;
        var r = document.createRange();
        r.selectNodeContents(pre);
        var s = getSelection();
        s.removeAllRanges();
        s.addRange(r);
        var ok = false;
        try {
          ok = document.execCommand("copy");
        } catch (e) {
          ok = false;
        }
        status.textContent = ok ? "Copied" : "Selected: press Ctrl+C to copy";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () {
          status.textContent = "Copied";
        }, select);
      } else {
        select();
      }
    });
  }

  // New since the last visit. A visit starts when the last page view of the site was more
  // than 30 minutes ago or on another calendar day. Papers shown on an earlier visit are
  // seen; cards first shown during this visit keep their "New" mark until the visit ends.
  // On the very first visit nothing is marked: the newest day that visit shows is the
  // baseline, and only later days can hold new papers. State, kept under "seen":
  //   base  the baseline date: papers of that day and earlier count as seen
  //   first true during the first visit
  //   last  the time of the last page view (ms)
  //   days  date -> ids shown on that day's pages during earlier visits (packed)
  //   now   the same for this visit, moved into days when the next visit starts
  // It is kept small: at most SEEN_DAYS days and SEEN_BUDGET characters; the oldest days
  // go first and the baseline moves up to them, so they count as seen.
  var VISIT_GAP = 30 * 60 * 1000;
  var SEEN_DAYS = 90;
  var SEEN_BUDGET = 200000;
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  // Ids of one day, sorted and grouped by what precedes their last run of digits; each group
  // is "prefix~width~n,d,d..." with the first number and then the differences in base 36.
  // A token without "~" is an id as it is.
  function packIds(ids) {
    var groups = {};
    var raw = [];
    ids.slice().sort().forEach(function (id) {
      var m = /^(.*?)(\d{1,15})$/.exec(id);
      if (!m) {
        raw.push(id);
        return;
      }
      var key = m[1] + "~" + m[2].length;
      (groups[key] = groups[key] || []).push(parseInt(m[2], 10));
    });
    return Object.keys(groups).sort().map(function (key) {
      var prev = 0;
      return key + "~" + groups[key].sort(function (a, b) {
        return a - b;
      }).map(function (n) {
        var d = n - prev;
        prev = n;
        return d.toString(36);
      }).join(",");
    }).concat(raw).join(" ");
  }
  function unpackIds(s) {
    var out = [];
    if (typeof s !== "string") return out;
    s.split(" ").forEach(function (tok) {
      if (!tok) return;
      var last = tok.lastIndexOf("~");
      var mid = last > 0 ? tok.lastIndexOf("~", last - 1) : -1;
      if (mid < 0) {
        out.push(tok);
        return;
      }
      var prefix = tok.slice(0, mid);
      var width = parseInt(tok.slice(mid + 1, last), 10) || 0;
      var n = 0;
      tok.slice(last + 1).split(",").forEach(function (d) {
        var v = parseInt(d, 36);
        if (!isFinite(v)) return;
        n += v;
        var digits = String(n);
        while (digits.length < width) digits = "0" + digits;
        out.push(prefix + digits);
      });
    });
    return out;
  }
  function seenSets(map) {
    var sets = {};
    if (map && typeof map === "object") {
      Object.keys(map).forEach(function (day) {
        if (ISO.test(day)) sets[day] = new Set(unpackIds(map[day]));
      });
    }
    return sets;
  }
  function localDay(t) {
    return new Date(t).toDateString();
  }
  var seen = (function () {
    var s = load("seen", null);
    if (!s || typeof s !== "object" || typeof s.base !== "string" || (s.base && !ISO.test(s.base))) s = null;
    var t = Date.now();
    var st = {
      base: s ? s.base : "",
      first: !s || s.first === true,
      last: s && typeof s.last === "number" ? s.last : 0,
      days: seenSets(s && s.days),
      now: seenSets(s && s.now),
    };
    if (st.last && (t - st.last > VISIT_GAP || t < st.last || localDay(t) !== localDay(st.last))) {
      // A new visit: what the last one showed is seen now.
      Object.keys(st.now).forEach(function (day) {
        var set = st.days[day] || (st.days[day] = new Set());
        st.now[day].forEach(function (id) {
          set.add(id);
        });
      });
      st.now = {};
      // A first visit that showed no day (search, favourites) has no baseline: it goes on.
      if (st.base) st.first = false;
    }
    st.last = t;
    return st;
  })();
  var seenIds = new Set();
  Object.keys(seen.days).forEach(function (day) {
    seen.days[day].forEach(function (id) {
      seenIds.add(id);
    });
  });
  function dateIn(s) {
    var m = /(\d{4}-\d{2}-\d{2})/.exec(s || "");
    return m ? m[1] : "";
  }
  // The day whose page shows a card: a month page's day section, the day page's address,
  // the group's link to its day, or (the home page) the newest day among the cards.
  var newestCard = $$("[data-id][data-date]").reduce(function (max, el) {
    var d = el.getAttribute("data-date");
    return ISO.test(d) && d > max ? d : max;
  }, "");
  var pathDay = /\/days\/\d{4}-\d{2}-\d{2}\/?$/.test(location.pathname) ? dateIn(location.pathname) : "";
  function pageDay(card) {
    var sec = card.closest("section[id^='d-']");
    if (sec && ISO.test(sec.id.slice(2))) return sec.id.slice(2);
    if (pathDay) return pathDay;
    var g = card.closest(".group");
    var link = g ? $(":scope > h2 a[href*='days/']", g) : null;
    return (link && dateIn(link.getAttribute("href"))) || (card.classList.contains("card") ? newestCard : card.getAttribute("data-date"));
  }
  var dayLinks = $$(".day-list a[href]").map(function (a) {
    return { a: a, date: dateIn(a.getAttribute("href")) };
  }).filter(function (l) {
    return ISO.test(l.date);
  });
  // "N new" goes on the newest listed days only: the ones seen ids are kept for.
  var recentFrom = dayLinks.map(function (l) {
    return l.date;
  }).sort().reverse().slice(0, SEEN_DAYS).pop() || "";
  // The baseline of a first visit: the newest day it shows.
  function raiseBase() {
    dayLinks.forEach(function (l) {
      if (l.date > seen.base) seen.base = l.date;
    });
    if (newestCard > seen.base) seen.base = newestCard;
  }
  if (seen.first) raiseBase();
  // Only ids as arXiv writes them are kept: they pack, and a digest's oddities do not.
  var seenCards = $$(".card[data-id][data-date], article.paper[data-id][data-date]").filter(function (el) {
    return /^[\w.\/-]{1,64}$/.test(el.getAttribute("data-id"));
  });
  function isNew(el) {
    return !seen.first && el.getAttribute("data-date") > seen.base && !seenIds.has(el.getAttribute("data-id"));
  }
  function saveSeen() {
    function pack(sets) {
      var out = {};
      Object.keys(sets).sort().forEach(function (day) {
        if (day > seen.base && sets[day].size) out[day] = packIds(Array.from(sets[day]));
      });
      return out;
    }
    var state;
    for (;;) {
      state = { v: 1, base: seen.base, first: seen.first, last: seen.last, days: pack(seen.days), now: pack(seen.now) };
      var keys = Object.keys(state.days).concat(Object.keys(state.now)).sort();
      var kept = keys.filter(function (d, i) {
        return keys.indexOf(d) === i;
      });
      if (!kept.length || (kept.length <= SEEN_DAYS && JSON.stringify(state).length <= SEEN_BUDGET)) break;
      // The oldest day goes; it and everything before it count as seen from now on.
      seen.base = kept[0];
    }
    save("seen", state);
  }
  seenCards.forEach(function (el) {
    var day = pageDay(el);
    if (!ISO.test(day) || day <= seen.base) return;
    var id = el.getAttribute("data-id");
    if (seen.days[day] && seen.days[day].has(id)) return;
    (seen.now[day] = seen.now[day] || new Set()).add(id);
  });
  saveSeen();
  function resetSeen() {
    try {
      localStorage.removeItem(KEY + "seen");
    } catch (e) {
      /* nothing kept */
    }
    seen.first = true;
    seen.days = {};
    seen.now = {};
    seenIds = new Set();
    raiseBase();
    seenCards.forEach(function (el) {
      var day = pageDay(el);
      if (ISO.test(day) && day > seen.base) seen.base = day;
    });
    saveSeen();
    showSeen();
  }
  var newCount = 0;
  function showSeen() {
    newCount = 0;
    $$(".card[data-id]").forEach(function (c) {
      var fresh = isNew(c);
      c._seen = !fresh;
      c.classList.toggle("is-new", fresh);
      var mark = $(".new-mark", c);
      if (fresh && !mark) {
        var links = $(".card-links", c);
        if (links) links.insertBefore(make("span", "new-mark", "New"), links.firstChild);
      } else if (!fresh && mark) {
        mark.remove();
      }
      if (fresh) newCount++;
    });
    dayLinks.forEach(function (l) {
      var old = $(".new-count", l.a);
      if (old) old.remove();
      var count = $(".count", l.a);
      var total = count ? parseInt(count.textContent, 10) || 0 : 0;
      var had = seen.days[l.date] ? seen.days[l.date].size : 0;
      if (seen.first || l.date <= seen.base || l.date < recentFrom || total <= had) return;
      l.a.insertBefore(make("span", "new-count", total - had + " new"), count);
    });
    $$(".seen-text").forEach(function (el) {
      el.textContent = seenText();
    });
    // Nothing was seen before a first visit: the switch shows from the next one on.
    $$(".seen-hide").forEach(function (label) {
      label.hidden = seen.first;
    });
    if (filters) filters.refresh();
  }
  function seenText() {
    if (seen.first) return "Your first visit: papers added after it will be marked New on your next visits.";
    if (!$$(".card[data-id]").length) {
      var days = $$(".new-count").length;
      return days ? "New papers since your last visit on " + days + (days === 1 ? " day." : " days.") : "Nothing new since your last visit.";
    }
    return newCount + (newCount === 1 ? " paper" : " papers") + " on this page new since your last visit.";
  }
  // The bar: a line of text, the hide switch (pages with cards) and the reset button.
  function seenBar(withSwitch) {
    var bar = make("div", "seen-bar");
    bar.appendChild(make("span", "seen-text"));
    if (withSwitch) {
      var label = make("label", "seen-hide");
      var box = make("input");
      box.type = "checkbox";
      box.setAttribute("role", "switch");
      box.checked = load("hideSeen", false) === true;
      box.addEventListener("change", function () {
        save("hideSeen", box.checked);
        if (filters) filters.refresh();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" Hide papers seen before"));
      bar.appendChild(label);
    }
    var reset = make("button", "seen-reset", "Forget seen papers");
    reset.type = "button";
    reset.addEventListener("click", resetSeen);
    bar.appendChild(reset);
    return bar;
  }
  function hideSeen() {
    return !seen.first && load("hideSeen", false) === true;
  }
  var filterPanel = $(".filters");
  if (filterPanel && $(".card[data-id]")) {
    filterPanel.insertBefore(seenBar(true), $(".filter-status", filterPanel));
  } else if ($("section.month .day-list")) {
    var head = $(".page-head");
    if (head) head.appendChild(seenBar(false));
  }
  showSeen();

  // Filters on list pages: categories, and keyword and author rules that highlight,
  // include or exclude papers.
  var filters = null;
  var panel = $(".filters");
  if (panel) filters = setupFilters(panel);

  function setupFilters(panel) {
    var cards = $$(".card[data-id]");
    if (!cards.length) return null;
    panel.hidden = false;
    cards.forEach(function (c) {
      var parts = $$(".card-title, .summary", c).map(function (el) {
        return el.textContent;
      });
      c._text = parts.join(" ").toLowerCase();
      // data-au lists every author where the card shows only the first ones.
      var au = c.getAttribute("data-au") || squash($(".authors", c)).split(", ").join("|");
      c._au = au.toLowerCase();
    });
    var cats = [];
    cards.forEach(function (c) {
      var cat = c.getAttribute("data-cat");
      if (cat && cats.indexOf(cat) < 0) cats.push(cat);
    });
    var catBox = $(".filter-cats", panel);
    var catList = $(".filter-cat-list", panel);
    if (cats.length > 1) {
      catBox.hidden = false;
      cats.forEach(function (cat) {
        var label = make("label", "filter-cat");
        var box = make("input");
        box.type = "checkbox";
        box.value = cat;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + cat));
        catList.appendChild(label);
      });
      catList.addEventListener("change", function (e) {
        var state = read();
        var cat = e.target.value;
        state.hide = state.hide.filter(function (c) {
          return c !== cat;
        });
        if (!e.target.checked) state.hide.push(cat);
        write(state);
      });
    }
    var NAMES = { hl: "Highlight", in: "Only", ex: "Exclude" };
    var FIELDS = { kw: "", au: "author " };
    function read() {
      var s = load("filters", {});
      return {
        rules: Array.isArray(s.rules) ? s.rules.filter(function (r) {
          return r && typeof r.t === "string" && NAMES[r.m] && FIELDS[r.f] !== undefined;
        }) : [],
        hide: Array.isArray(s.hide) ? s.hide.filter(function (c) {
          return typeof c === "string";
        }) : [],
      };
    }
    function write(state) {
      save("filters", state);
      refresh();
    }
    $(".filter-add", panel).addEventListener("submit", function (e) {
      e.preventDefault();
      var input = $("#filter-term", panel);
      var term = input.value.trim().toLowerCase().slice(0, 100);
      if (!term) return;
      var r = { t: term, f: $("#filter-field", panel).value, m: $("#filter-mode", panel).value };
      var state = read();
      state.rules = state.rules.filter(function (x) {
        return x.t !== r.t || x.f !== r.f;
      });
      state.rules.push(r);
      input.value = "";
      write(state);
    });
    $(".filter-clear", panel).addEventListener("click", function () {
      write({ rules: [], hide: [] });
    });
    // Filters are kept across pages: where they hide papers, the page says so above the
    // papers, panel open or not, with one button that clears them.
    var notice = $(".filter-notice", panel);
    $(".filter-show-all", notice).addEventListener("click", function () {
      save("hideSeen", false);
      $$(".seen-hide input").forEach(function (box) {
        box.checked = false;
      });
      write({ rules: [], hide: [] });
    });
    var rulesList = $(".filter-rules", panel);
    // Highlighted terms are wrapped in <mark>; math is left alone.
    function unmark(c) {
      $$("mark.hl-term", c).forEach(function (m) {
        var parent = m.parentNode;
        parent.replaceChild(document.createTextNode(m.textContent), m);
        parent.normalize();
      });
    }
    function mark(box, term) {
      var walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walk.nextNode()) {
        if (!walk.currentNode.parentNode.closest("math, mark")) nodes.push(walk.currentNode);
      }
      nodes.forEach(function (node) {
        // Offsets hold only where lower-casing keeps the length.
        if (node.data.toLowerCase().length !== node.data.length) return;
        var at = node.data.toLowerCase().indexOf(term);
        while (at >= 0) {
          var hit = node.splitText(at);
          node = hit.splitText(term.length);
          var m = make("mark", "hl-term");
          hit.parentNode.replaceChild(m, hit);
          m.appendChild(hit);
          at = node.data.toLowerCase().indexOf(term);
        }
      });
    }
    function refresh() {
      var state = read();
      var rules = state.rules;
      var hit = function (c, r) {
        return (r.f === "au" ? c._au : c._text).indexOf(r.t) >= 0;
      };
      var only = rules.filter(function (r) {
        return r.m === "in";
      });
      var shown = 0;
      var oldHidden = 0;
      var hideOld = hideSeen();
      cards.forEach(function (c) {
        var show =
          state.hide.indexOf(c.getAttribute("data-cat")) < 0 &&
          !rules.some(function (r) {
            return r.m === "ex" && hit(c, r);
          }) &&
          (!only.length ||
            only.some(function (r) {
              return hit(c, r);
            }));
        if (show && hideOld && c._seen) {
          show = false;
          oldHidden++;
        }
        c.hidden = !show;
        var lit = rules.filter(function (r) {
          return show && r.m === "hl" && hit(c, r);
        });
        c.classList.toggle("is-hl", lit.length > 0);
        unmark(c);
        lit.forEach(function (r) {
          $$(r.f === "au" ? ".authors" : ".card-title, .summary", c).forEach(function (box) {
            mark(box, r.t);
          });
        });
        if (show) shown++;
      });
      $$(".group").forEach(function (g) {
        var n = $$(".card[data-id]", g).filter(function (c) {
          return !c.hidden;
        }).length;
        var count = $(":scope > h2 .count", g);
        if (count) count.textContent = n;
        g.hidden = n === 0;
      });
      $$("input", catList).forEach(function (box) {
        box.checked = state.hide.indexOf(box.value) < 0;
      });
      rulesList.textContent = "";
      rules.forEach(function (r) {
        var li = make("li", "rule rule-" + r.m);
        li.appendChild(make("span", "", NAMES[r.m] + " " + FIELDS[r.f] + "“" + r.t + "”"));
        var rm = make("button", "rule-remove", "×");
        rm.type = "button";
        rm.setAttribute("aria-label", "Remove filter " + NAMES[r.m] + " " + FIELDS[r.f] + r.t);
        rm.addEventListener("click", function () {
          var s = read();
          s.rules = s.rules.filter(function (x) {
            return x.t !== r.t || x.f !== r.f;
          });
          write(s);
        });
        li.appendChild(rm);
        rulesList.appendChild(li);
      });
      var active = rules.length + state.hide.length > 0;
      $(".filter-clear", panel).hidden = !active;
      $(".filter-status", panel).textContent =
        "Showing " + shown + " of " + cards.length + " papers" +
        (active ? " (filtered)" : "") + (oldHidden ? "; " + oldHidden + " seen before are hidden" : "");
      var hidden = cards.length - shown;
      notice.hidden = hidden === 0;
      $(".filter-notice-text", notice).textContent =
        hidden + " of " + cards.length + (cards.length === 1 ? " paper is" : " papers are") +
        (oldHidden === 0 ? " hidden by your filters." : oldHidden === hidden ? " hidden as seen before." :
          " hidden: " + (hidden - oldHidden) + " by your filters, " + oldHidden + " as seen before.");
    }
    refresh();
    return { refresh: refresh };
  }

  // Keyboard: j and k move between papers, o or Enter opens one, f favourites it, [ and ]
  // go to the previous and next day (or paper, or month), / goes to search, ? lists them.
  var KEYS = [
    ["j / k", "next / previous paper"],
    ["o or Enter", "open the paper"],
    ["f", "favourite the paper (or unfavourite it)"],
    ["[ / ]", "previous / next day (on a paper's page: paper; on a month's: month)"],
    ["/", "search"],
    ["?", "this list"],
    ["Esc", "close it"],
  ];
  var currentCard = null;
  function visibleCards() {
    return $$(".card[data-id]").filter(function (c) {
      return !c.hidden && !c.closest("[hidden]");
    });
  }
  var help = null;
  function showHelp() {
    if (!help) {
      help = make("dialog", "key-help");
      help.setAttribute("aria-labelledby", "key-help-title");
      var title = make("h2", "", "Keyboard");
      title.id = "key-help-title";
      help.appendChild(title);
      var dl = make("dl");
      KEYS.forEach(function (k) {
        dl.appendChild(make("dt", "", k[0]));
        dl.appendChild(make("dd", "", k[1]));
      });
      help.appendChild(dl);
      var close = make("button", "key-help-close", "Close");
      close.type = "button";
      close.addEventListener("click", function () {
        help.close();
      });
      help.appendChild(close);
      document.body.appendChild(help);
    }
    if (!help.open) help.showModal();
  }
  function go(rel) {
    var a = $("nav.pager a[rel=" + rel + "]");
    if (a) location.href = a.href;
  }
  function moveTo(list, at, key) {
    var next = key === "j" ? at + 1 : at < 0 ? 0 : at - 1;
    var card = list[Math.max(0, Math.min(list.length - 1, next))];
    if (currentCard) currentCard.classList.remove("is-current");
    card.classList.add("is-current");
    currentCard = card;
    var link = $(".card-title a", card);
    if (link) link.focus({ preventScroll: true });
    // The whole card on screen, not just its title.
    card.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target || document.body;
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    if (help && help.open) return;
    if (e.key === "/") {
      var box = $("#q") || $("#site-search");
      if (box) {
        e.preventDefault();
        box.focus();
        box.select();
      }
      return;
    }
    if (e.key === "?") {
      e.preventDefault();
      showHelp();
      return;
    }
    if (e.key === "[" || e.key === "]") {
      e.preventDefault();
      go(e.key === "[" ? "prev" : "next");
      return;
    }
    var list = visibleCards();
    var at = list.indexOf(t.closest ? t.closest(".card") : null);
    if (at < 0) at = list.indexOf(currentCard);
    if (e.key === "f") {
      var holder = at >= 0 ? list[at] : $(".paper");
      var fav = holder && $("button.fav", holder);
      if (fav && !fav.hidden) {
        e.preventDefault();
        fav.click();
      }
      return;
    }
    if (!list.length) return;
    if (e.key === "j" || e.key === "k") {
      moveTo(list, at, e.key);
      e.preventDefault();
    } else if (at >= 0 && (e.key === "o" || (e.key === "Enter" && !/^(A|BUTTON|SUMMARY)$/.test(t.tagName)))) {
      var open = $(".card-title a", list[at]);
      if (open) {
        e.preventDefault();
        location.href = open.href;
      }
    }
  });
})();
