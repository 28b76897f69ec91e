// paperpress: the reading features. Every page reads fine without this script; it adds the
// language toggle, filters, favourites, "Copy BibTeX" and keyboard navigation. Choices are
// kept in localStorage, so they hold on every page of the site.
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
  setLang(load("lang", null));
  var toggle = $(".lang-toggle");
  if (toggle) {
    toggle.hidden = false;
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
  $$(".nav a[data-section]").forEach(function (a) {
    if (path.indexOf(new URL(a.href, location.href).pathname) === 0) {
      a.setAttribute("aria-current", "page");
    }
  });

  // Favourites: {id, title, url} in localStorage, starred on cards and paper pages.
  function favourites() {
    var list = load("favourites", []);
    return Array.isArray(list) ? list.filter(function (f) {
      return f && typeof f.id === "string" && typeof f.url === "string";
    }) : [];
  }
  function paperOf(el) {
    var box = el.closest("[data-id]");
    if (!box) return null;
    var link = $(".card-title a", box);
    var title = $("h1 .bi-en, .card-title .bi-en", box) || $("h1", box) || link;
    return {
      id: box.getAttribute("data-id"),
      title: (title ? title.textContent : "").trim().replace(/\s+/g, " "),
      url: link ? link.getAttribute("href") : location.pathname,
    };
  }
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

  var favBox = $("#favourites");
  function showFavourites() {
    if (!favBox) return;
    $$(".fav-list, .fav-empty", favBox).forEach(function (el) {
      el.remove();
    });
    var list = favourites();
    if (!list.length) {
      favBox.appendChild(make("p", "fav-empty empty", favBox.getAttribute("data-empty")));
      return;
    }
    var ul = make("ul", "fav-list");
    list.forEach(function (f) {
      // Only links into this site: the stored list is not trusted either.
      if (!/^\/(?![\/\\])/.test(f.url)) return;
      var li = make("li", "card");
      li.setAttribute("data-id", f.id);
      var h = make("h2", "card-title");
      var a = make("a", "", f.title || f.id);
      a.href = f.url;
      h.appendChild(a);
      var links = make("p", "card-links");
      links.appendChild(make("span", "id", "arXiv:" + f.id));
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
      li.appendChild(h);
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
    if (e.key === KEY + "filters" && filters) filters.refresh();
  });

  // Copy BibTeX: the clipboard where the browser allows it, else the text is selected.
  var copy = $(".copy-bibtex");
  if (copy) {
    copy.hidden = false;
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
      c._au = (c.getAttribute("data-au") || "").toLowerCase();
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
        (active ? " (filtered)" : "");
      var hidden = cards.length - shown;
      notice.hidden = hidden === 0;
      $(".filter-notice-text", notice).textContent =
        hidden + " of " + cards.length + (cards.length === 1 ? " paper is" : " papers are") +
        " hidden by your filters.";
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
