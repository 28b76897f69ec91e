//! Search: the index the build writes under `search/`, read back as `static/search.js` reads
//! it, and the search page in headless Chromium, typing queries as a reader does.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::files::FileServer;
use common::server::{Served, example_site};
use common::webdriver::Browser;
use common::*;
use paperpress::render::search::{is_index_file, parse_line, tokens};
use serde_json::{Value, json};

/// A built search index, read from an output folder.
struct Index {
    dir: PathBuf,
    meta: Value,
}

impl Index {
    fn open(out: &Path) -> Index {
        let dir = out.join("search");
        let meta: Value =
            serde_json::from_str(&fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
        Index { dir, meta }
    }

    fn num(&self, key: &str) -> u32 {
        self.meta[key].as_u64().unwrap() as u32
    }

    /// The tiers present: (folder under search/, shards, vocabulary files).
    fn tiers(&self) -> Vec<(String, u32, u32)> {
        let mut out = Vec::new();
        if self.num("base") > 0 {
            out.push((String::new(), self.num("shards"), self.num("vocab")));
        }
        if self.num("papers") > self.num("base") {
            let tail = &self.meta["tail"];
            let n = |k: &str| tail[k].as_u64().unwrap() as u32;
            out.push(("tail/".to_string(), n("shards"), n("vocab")));
        }
        out
    }

    /// A token's postings over both tiers: (field, paper) pairs, base first.
    fn postings(&self, token: &str) -> Vec<(char, u32)> {
        let mut out = Vec::new();
        for (dir, shards, _) in self.tiers() {
            let first = if dir.is_empty() { 0 } else { self.num("base") };
            let shard = tokens::fnv1a(token) % shards;
            let path = self.dir.join(format!("{dir}p/{shard}.txt"));
            let text = fs::read_to_string(&path).unwrap();
            let found = text
                .lines()
                .map(|l| {
                    parse_line(l, first).unwrap_or_else(|| panic!("bad line in {path:?}: {l}"))
                })
                .find(|(t, _)| t == token);
            out.extend(found.map(|(_, p)| p).unwrap_or_default());
        }
        out
    }

    /// A word's vocabulary lines over both tiers: (document frequency, the token it is
    /// indexed as).
    fn vocab(&self, word: &str) -> Option<(u32, String)> {
        let key: String = word.chars().take(3).collect();
        let mut found: Option<(u32, String)> = None;
        for (dir, _, vocab) in self.tiers() {
            let file = format!("{dir}v/{}.txt", tokens::fnv1a(&key) % vocab);
            let text = fs::read_to_string(self.dir.join(&file)).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert!(
                lines.windows(2).all(|w| w[0] < w[1]),
                "{file} is not sorted"
            );
            for l in lines {
                let f: Vec<&str> = l.split(' ').collect();
                if f[0] != word {
                    continue;
                }
                let df: u32 = f[1].parse().unwrap();
                let stem = f.get(2).unwrap_or(&f[0]).to_string();
                found = match found {
                    Some((d, s)) => {
                        assert_eq!(s, stem, "{word} has two stems");
                        Some((d + df, stem))
                    }
                    None => Some((df, stem)),
                };
            }
        }
        found
    }

    fn papers_with(&self, token: &str) -> BTreeSet<u32> {
        self.postings(token).into_iter().map(|(_, d)| d).collect()
    }

    /// Papers that have every token of `query`, as search.js reads a query of whole words
    /// (by their stems).
    fn query(&self, query: &str) -> BTreeSet<u32> {
        let stemmer = tokens::Stemmer::default();
        let toks: Vec<String> = tokens::token_list(query, false)
            .iter()
            .map(|t| stemmer.stem(t).into_owned())
            .collect();
        assert!(!toks.is_empty(), "{query:?} has no tokens");
        let mut sets = toks.iter().map(|t| self.papers_with(t));
        let first = sets.next().unwrap();
        sets.fold(first, |a, b| a.intersection(&b).copied().collect())
    }

    /// What a result shows of paper `doc`.
    fn paper(&self, doc: u32) -> Value {
        let chunk = self.num("chunk");
        let text = fs::read_to_string(self.dir.join(format!("d/{}.json", doc / chunk))).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        v[(doc % chunk) as usize].clone()
    }

    fn doc_of(&self, id: &str) -> u32 {
        (0..self.num("papers"))
            .find(|&d| self.paper(d)[0] == json!(id))
            .unwrap_or_else(|| panic!("{id} is not in the index"))
    }
}

fn build(site: &Path, out: &Path) -> String {
    build_tiered(site, out, None)
}

/// A build whose search index's base tier holds multiples of `tier` papers (16,384 unless
/// given), so that a small site has both tiers.
fn build_tiered(site: &Path, out: &Path, tier: Option<usize>) -> String {
    let mut cmd = std::process::Command::new(bin());
    cmd.args(["build", "--output"]).arg(out).current_dir(site);
    if let Some(t) = tier {
        cmd.env("PAPERPRESS_SEARCH_TIER", t.to_string());
    }
    let o = cmd.output().expect("cannot run paperpress");
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn index_of_the_example_site_finds_words_names_ids_categories_and_chinese() {
    let dir = scratch();
    let site = dir.path();
    example_site(site);
    let out = site.join("out");
    build(site, &out);
    let ix = Index::open(&out);
    let clip = ix.doc_of("2103.00020");
    let attention = ix.doc_of("1706.03762");
    let flash = ix.doc_of("2205.14135");

    // Chinese without spaces: "视觉模型" is in the title 从自然语言监督中学习可迁移的视觉模型.
    let found = ix.query("视觉模型");
    assert!(found.contains(&clip), "{found:?}");
    assert_eq!(
        ix.paper(clip)[2],
        json!("从自然语言监督中学习可迁移的视觉模型")
    );
    // One Chinese character alone finds the titles that hold it.
    assert!(ix.postings("迁").contains(&('t', clip)));
    // An author, an arXiv id, a category code, a title word.
    // An author's last word is a field of its own, the words before it another.
    assert!(ix.postings("vaswani").contains(&('l', attention)));
    assert!(ix.postings("ashish").contains(&('a', attention)));
    assert_eq!(ix.postings("1706.03762"), [('i', attention)]);
    // English words are indexed by their stem; the vocabulary leads from the word to it.
    let (df, stem) = ix
        .vocab("flashattention")
        .expect("flashattention is in the vocabulary");
    assert_eq!(stem, "flashattent");
    assert!(ix.postings(&stem).contains(&('t', flash)));
    assert_eq!(df as usize, ix.papers_with(&stem).len());
    assert!(ix.postings("flashattention").is_empty());
    assert!(
        ix.query("memory efficient exact attention")
            .contains(&flash)
    );
    // Every paper is under its category's code, and nothing else is.
    let n = ix.num("papers");
    let in_cl: BTreeSet<u32> = (0..n)
        .filter(|&d| ix.paper(d)[6] == json!("cs.CL"))
        .collect();
    assert!(!in_cl.is_empty());
    let c: BTreeSet<u32> = ix
        .postings("cs.cl")
        .into_iter()
        .filter(|(f, _)| *f == 'c')
        .map(|(_, d)| d)
        .collect();
    assert!(in_cl.is_subset(&c), "{in_cl:?} vs {c:?}");
    // Stop words are not indexed; the meta file tells the browser which.
    assert!(ix.postings("the").is_empty());
    assert!(
        ix.meta["stopwords"]
            .as_array()
            .unwrap()
            .contains(&json!("the"))
    );
    // What a result shows: id, title, Chinese title, authors, more authors, day, category.
    let p = ix.paper(attention);
    assert_eq!(p[1], json!("Attention Is All You Need"));
    assert_eq!(p[3], json!("Ashish Vaswani, Noam Shazeer, Niki Parmar"));
    assert_eq!(p[4], json!(5));
    assert_eq!(p[5], json!("2025-06-23"));
    // Every posting file, vocabulary file and paper file the meta file promises exists.
    for (dir, shards, vocab) in ix.tiers() {
        for (sub, count) in [("p", shards), ("v", vocab)] {
            for s in 0..count {
                assert!(ix.dir.join(format!("{dir}{sub}/{s}.txt")).is_file());
            }
        }
    }
    assert!(
        ix.dir
            .join(format!("d/{}.json", (n - 1) / ix.num("chunk")))
            .is_file()
    );
    // The search page loads its script with defer, and has no inline script or style.
    let page = fs::read_to_string(out.join("search/index.html")).unwrap();
    assert!(page.contains("search.js\" defer></script>"), "{page}");
    for bad in ["<script>", "<style", " style=", " onclick=", " oninput="] {
        assert!(!page.contains(bad), "the search page has {bad}");
    }
    assert!(out.join("search.js").is_file());
}

#[test]
fn unchanged_rebuild_writes_nothing_and_a_new_day_rewrites_only_the_tail_of_the_index() {
    let dir = scratch();
    let site = dir.path();
    // 1,000 papers; with tiers of 256 papers the base holds 768 (32 posting files) and the
    // tail 232 (8 posting files).
    let days: Vec<(String, String)> = (1..=10)
        .map(|d| {
            let papers: Vec<String> = (0..100)
                .map(|i| {
                    format!(
                        "# Paper {d} {i} on topic{i}\n\n**Authors**: Author{d} Writer{i}\n\n\
                         **Link**: [PDF](https://arxiv.org/pdf/2506.{d:02}{i:03})\n\n\
                         **Abstract**: Words number{d} and count{i}.\n"
                    )
                })
                .collect();
            (
                format!("2025/06/2025-06-{d:02}.md"),
                format!("+++\ncategory = \"cs.LG\"\n+++\n{}", papers.join("\n---\n")),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = days.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    common::site(site, &files);
    let out = site.join("out");
    let tier = Some(256);
    build_tiered(site, &out, tier);
    let ix = Index::open(&out);
    assert_eq!((ix.num("base"), ix.num("shards")), (768, 32));
    assert_eq!(ix.meta["tail"]["shards"], json!(8));
    let again = build_tiered(site, &out, tier);
    assert!(again.contains(" 0 files written"), "{again}");
    let before: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| is_index_file(rel))
        .collect();
    fs::write(
        site.join("content/2025/06/2025-06-27.md"),
        "+++\ncategory = \"cs.RO\"\n+++\n# Quadruped Robots Learn Parkour\n\n**Authors**: Dana Xu\n\n\
         **Link**: [PDF](https://arxiv.org/pdf/2506.99999)\n\n**Abstract**: Legged robots jump; words.\n",
    )
    .unwrap();
    build_tiered(site, &out, tier);
    let changed: Vec<&str> = before
        .iter()
        .filter(|(p, bytes)| fs::read(out.join(p)).unwrap() != *bytes)
        .map(|(p, _)| p.as_str())
        .collect();
    // The base tier is untouched; the new paper's words change some of the tail's files,
    // the last paper file and meta.json.
    assert!(
        changed.iter().all(|p| p.starts_with("search/tail/")
            || *p == "search/meta.json"
            || *p == "search/d/124.json"),
        "{changed:?}"
    );
    assert!(
        changed.iter().any(|p| p.starts_with("search/tail/p/")),
        "{changed:?}"
    );
    let ix = Index::open(&out);
    let parkour = ix.doc_of("2506.99999");
    assert_eq!(
        parkour,
        ix.num("papers") - 1,
        "a new paper is numbered last"
    );
    assert_eq!(ix.query("parkour"), BTreeSet::from([parkour]));
    // A word of every paper is found in both tiers, its document frequencies adding up.
    assert_eq!(ix.query("words").len(), 1001);
    assert_eq!(ix.vocab("words").map(|(df, _)| df), Some(1001));
}

/// A small site whose papers test ranking, Chinese, authors, ids, categories and escaping.
fn search_site(dir: &Path) {
    site(
        dir,
        &[
            (
                "2025/06/2025-06-01.md",
                "+++\ncategory = \"q-bio.NC\"\n+++\n\
                 # Zebrafish Larvae Learn to Swim\n\n**Title (ZH)**: 斑马鱼幼体学习游泳\n\n\
                 **Authors**: Alice Zhang, Bob Li\n\n**Link**: [PDF](https://arxiv.org/pdf/2506.00001)\n\n\
                 **Abstract**: We record how young fish move.\n\n---\n\
                 # <img src=x onerror=alert(1)> Markup in Titles\n\n**Authors**: Eve Doe\n\n\
                 **Link**: [PDF](https://arxiv.org/pdf/2506.00003)\n\n**Abstract**: A title with markup.\n",
            ),
            (
                "2025/06/2025-06-02.md",
                "+++\ncategory = \"cs.CL\"\n+++\n\
                 # Swimming Robots\n\n**Authors**: Carol Wang\n\n\
                 **Link**: [PDF](https://arxiv.org/pdf/2506.00002)\n\n\
                 **Abstract**: Inspired by zebrafish, we build robots that swim.\n\n---\n\
                 # Attention Mechanisms Explained\n\n**Title (ZH)**: 深度学习中的注意力机制\n\n\
                 **Authors**: Dan Chen\n\n**Link**: [PDF](https://arxiv.org/pdf/2506.00004)\n\n\
                 **Abstract**: A survey of attention.\n\n**Abstract (ZH)**: 注意力机制的综述。\n",
            ),
        ],
    );
}

/// Replaces the query, typing it key by key, and waits until results for it are shown.
fn search(browser: &Browser, query: &str) {
    browser.run(
        "const q = document.getElementById('q'); q.value = ''; \
         document.getElementById('search-status').textContent = ''; return true;",
    );
    browser.type_into("#q", query);
    let want = serde_json::to_string(&format!("?q={}", urlencode(query))).unwrap();
    assert!(
        browser.wait_until(
            &format!(
                "return location.search === {want} && \
                 document.getElementById('search-status').textContent !== '';"
            ),
            Duration::from_secs(20)
        ),
        "no results for {query:?}: {}",
        browser.run("return location.search + ' ' + document.body.innerText;")
    );
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-")
        .replace("%2E", ".")
        .replace("%5F", "_")
}

/// The paper paths of the results shown.
fn results(browser: &Browser) -> Vec<String> {
    let v = browser.run(
        "return Array.from(document.querySelectorAll('#search-results .result-title a'))\
         .map(a => new URL(a.href).pathname);",
    );
    serde_json::from_value(v).unwrap()
}

fn status(browser: &Browser) -> String {
    browser
        .run("return document.getElementById('search-status').textContent;")
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn search_page_in_chromium() {
    let server = Served::start(search_site, &[]);
    let Some(browser) = Browser::start() else {
        return;
    };

    // A query in the address (the header's search box sends readers here) runs on load;
    // a title match ranks above a newer paper that has the word in its abstract only.
    browser.goto(&server.at("/search/?q=zebrafish"));
    assert!(
        browser.wait_until(
            "return document.querySelectorAll('#search-results li').length === 2;",
            Duration::from_secs(20)
        ),
        "{}",
        browser.run("return document.body.innerText;")
    );
    assert_eq!(
        results(&browser),
        ["/papers/2506.00001.html", "/papers/2506.00002.html"]
    );
    assert!(
        status(&browser).starts_with("2 papers match"),
        "{}",
        status(&browser)
    );
    assert_eq!(
        browser.run("return document.getElementById('q').value;"),
        json!("zebrafish")
    );
    // Each result shows its day (linked) and category.
    let meta = browser.run(
        "const li = document.querySelector('#search-results li'); \
         return [li.querySelector('.result-meta a').getAttribute('href'), li.innerText];",
    );
    assert_eq!(meta[0], json!("/days/2025-06-01/"));
    let text = meta[1].as_str().unwrap();
    for want in [
        "Alice Zhang, Bob Li",
        "q-bio.NC",
        "2025-06-01",
        "斑马鱼幼体学习游泳",
    ] {
        assert!(text.contains(want), "{want:?} not in {text:?}");
    }

    // axe-core finds no serious or critical problem, with results shown.
    check_accessibility(&browser);

    // Chinese without spaces, typed; the address follows.
    search(&browser, "斑马鱼");
    assert_eq!(results(&browser), ["/papers/2506.00001.html"]);
    search(&browser, "注意力机制");
    assert_eq!(results(&browser), ["/papers/2506.00004.html"]);
    // An author, an arXiv id (with a version), a category code, a word being typed.
    search(&browser, "Carol Wang");
    assert_eq!(results(&browser), ["/papers/2506.00002.html"]);
    search(&browser, "2506.00004v2");
    assert_eq!(results(&browser), ["/papers/2506.00004.html"]);
    search(&browser, "cs.CL");
    assert_eq!(
        results(&browser).into_iter().collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "/papers/2506.00002.html".to_string(),
            "/papers/2506.00004.html".into()
        ])
    );
    search(&browser, "zebraf");
    assert_eq!(results(&browser).len(), 2);
    // Nothing found says so.
    search(&browser, "qwertyuiop");
    assert!(results(&browser).is_empty());
    assert!(
        status(&browser).starts_with("No papers match"),
        "{}",
        status(&browser)
    );

    // Text from the index is text, never markup.
    search(&browser, "markup");
    assert_eq!(results(&browser), ["/papers/2506.00003.html"]);
    let shown = browser.run(
        "return [document.querySelectorAll('#search-results img').length, \
         document.querySelector('#search-results .result-title a').textContent];",
    );
    assert_eq!(shown[0], json!(0));
    assert!(shown[1].as_str().unwrap().contains("<img src=x"), "{shown}");

    // The keyboard reaches the results: from the box, Tab to the button, Tab to the first
    // result; Enter opens it.
    search(&browser, "zebrafish");
    browser.run("document.getElementById('q').focus(); return true;");
    browser.keys("\u{E004}\u{E004}");
    assert_eq!(
        browser.run("return new URL(document.activeElement.href).pathname;"),
        json!("/papers/2506.00001.html")
    );
    browser.keys("\u{E007}");
    assert!(
        browser.wait_until(
            "return location.pathname === '/papers/2506.00001.html';",
            Duration::from_secs(20)
        ),
        "Enter on a result did not open it"
    );
}

/// Papers for word forms, near words and author names. A `Chang Yu` paper has `SU` in its
/// title, which alone would rank it above the paper by Yu Su for the query `Yu Su`.
fn word_forms_site(dir: &Path) {
    let paper = |id: &str, title: &str, authors: &str, tldr: &str| {
        format!(
            "# {title}\n\n**Authors**: {authors}\n\n**Link**: [PDF](https://arxiv.org/pdf/{id})\n\n\
             **TL;DR**: {tldr}\n\n**Abstract**: {tldr}\n\n---\n"
        )
    };
    let day1 = [
        paper(
            "2506.10001",
            "Transformers for Protein Folding",
            "Yu Su, Ann Lee",
            "We transform protein sequences into structures.",
        ),
        paper(
            "2506.10002",
            "SU(3) Lattice Gauge Theory with a Transformer",
            "Chang Yu, Mei Lin",
            "A transformer learns lattice configurations.",
        ),
        paper(
            "2506.10003",
            "Diffusion Models for Images",
            "Ravi Kumar",
            "Denoising diffusion makes images.",
        ),
    ]
    .concat();
    let day2 = [
        paper(
            "2506.10004",
            "Transfer Learning at Scale",
            "Olga Petrova",
            "Transferring what a model learned.",
        ),
        paper(
            "2506.10005",
            "Graph Transformation Rules",
            "Jon Smith",
            "Rules that rewrite graphs by transformations.",
        ),
    ]
    .concat();
    site(
        dir,
        &[
            (
                "2025/06/2025-06-01.md",
                &format!("+++\ncategory = \"cs.LG\"\n+++\n{day1}"),
            ),
            (
                "2025/06/2025-06-02.md",
                &format!("+++\ncategory = \"cs.LG\"\n+++\n{day2}"),
            ),
        ],
    );
}

fn result_set(browser: &Browser) -> BTreeSet<String> {
    results(browser).into_iter().collect()
}

#[test]
fn search_matches_word_forms_suggests_near_words_ranks_authors_and_marks_tldrs() {
    // Tiers of two papers: the first four papers in the base, the fifth in the tail, so that
    // words, stems and authors are read from both.
    let dir = scratch();
    word_forms_site(dir.path());
    let out = dir.path().join("out");
    build_tiered(dir.path(), &out, Some(2));
    assert_eq!(Index::open(&out).num("base"), 4);
    let server = FileServer::start(out);
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&server.at("/search/"));
    let transform: BTreeSet<String> = ["10001", "10002", "10005"]
        .iter()
        .map(|n| format!("/papers/2506.{n}.html"))
        .collect();
    // Word forms: every form of `transform`, whole or being typed, finds the same papers.
    for q in [
        "transform",
        "transfo",
        "transformers",
        "Transformation",
        "transforming",
    ] {
        search(&browser, q);
        assert_eq!(result_set(&browser), transform, "{q}: {}", status(&browser));
    }
    // A category every paper is in: a bitmap in the base tier, gaps in the tail.
    search(&browser, "cs.LG");
    assert_eq!(results(&browser).len(), 5, "{}", status(&browser));
    // The start of a word finds the words it may become: `transfer` too.
    search(&browser, "transf");
    let mut wider = transform.clone();
    wider.insert("/papers/2506.10004.html".into());
    assert_eq!(result_set(&browser), wider, "{}", status(&browser));
    // Each result shows its TL;DR, with the query's words marked.
    let marks = browser.run(
        "return [...document.querySelectorAll('#search-results .result-tldr mark')].map(m => m.textContent.toLowerCase());",
    );
    let marks: Vec<String> = serde_json::from_value(marks).unwrap();
    assert!(marks.len() >= 3, "{marks:?}");
    assert!(marks.iter().all(|m| m.starts_with("transf")), "{marks:?}");

    // A word the index does not have: nothing found, the nearest word offered; one click
    // searches it.
    search(&browser, "diffusoin");
    assert!(results(&browser).is_empty());
    assert!(
        browser.wait_until(
            "return !!document.querySelector('#search-status .search-suggestion');",
            Duration::from_secs(10)
        ),
        "no suggestion: {}",
        status(&browser)
    );
    assert!(
        status(&browser).contains("Did you mean diffusion?"),
        "{}",
        status(&browser)
    );
    browser.click("#search-status .search-suggestion");
    assert!(
        browser.wait_until(
            "return location.search === '?q=diffusion' && document.querySelectorAll('#search-results li').length === 1;",
            Duration::from_secs(10)
        ),
        "{}",
        status(&browser)
    );
    assert_eq!(results(&browser), ["/papers/2506.10003.html"]);
    // A typo in the first letters, and in one word of two.
    search(&browser, "tarnsformer lattice");
    assert!(
        browser.wait_until(
            "return document.getElementById('search-status').textContent.includes('Did you mean transformer lattice?');",
            Duration::from_secs(10)
        ),
        "{}",
        status(&browser)
    );

    // An author's name ranks that author's papers first: Yu Su above Chang Yu.
    search(&browser, "Yu Su");
    assert_eq!(
        results(&browser).first().map(String::as_str),
        Some("/papers/2506.10001.html"),
        "{}",
        status(&browser)
    );

    // The marks read well, and axe-core finds nothing serious, on a phone and a desktop,
    // light and dark.
    search(&browser, "transformer");
    for (width, scheme) in [
        (390, "light"),
        (390, "dark"),
        (1280, "light"),
        (1280, "dark"),
    ] {
        browser.view(width, scheme);
        let overflow = browser.run(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        );
        assert_eq!(
            overflow,
            json!(0),
            "{width} px, {scheme}: the page scrolls sideways"
        );
        check_accessibility(&browser);
    }
}

/// axe-core's `axe.min.js`: `$AXE_CORE_JS`, else `node_modules/axe-core/` of the repository.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("node_modules/axe-core/axe.min.js"));
    match fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) => {
            skip(
                Need::Axe,
                &format!(
                    "the accessibility check: {} not found (npm ci)",
                    path.display()
                ),
            );
            None
        }
    }
}

/// Runs axe-core on the page shown and fails on any serious or critical violation.
fn check_accessibility(browser: &Browser) {
    let Some(axe) = axe_source() else {
        return;
    };
    browser.run(&format!(
        "{axe}\n;window.__axe = null; \
         axe.run(document).then(r => {{ window.__axe = r.violations \
           .filter(v => v.impact === 'serious' || v.impact === 'critical') \
           .map(v => v.id + ': ' + v.nodes.map(n => n.html).join(' | ')); }}); return true;"
    ));
    assert!(
        browser.wait_until("return window.__axe !== null;", Duration::from_secs(60)),
        "axe-core did not finish"
    );
    let violations = browser.run("return window.__axe;");
    assert_eq!(violations, json!([]), "axe-core: {violations}");
}

/// Serves `root` over plain HTTP/1.1, one connection a request, except that the first
/// request for each result file under `search/d/` gets no answer at all: a connection that
/// stalled. Returns the address and the paths requested so far.
fn stalling_server(root: PathBuf) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let seen = seen.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let path = line.split(' ').nth(1).unwrap_or("/").to_string();
                let first = {
                    let mut s = seen.lock().unwrap();
                    let first = !s.contains(&path);
                    s.push(path.clone());
                    first
                };
                if first && path.starts_with("/search/d/") {
                    std::thread::sleep(Duration::from_secs(60));
                    return;
                }
                let (status, body, ctype) = match common::files::file(&root, &path) {
                    Some((b, ctype)) => ("200 OK", b, ctype),
                    None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                };
                let mut out = &stream;
                let _ = write!(
                    out,
                    "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = out.write_all(&body);
            });
        }
    });
    (addr, log)
}

#[test]
fn results_come_even_when_a_result_file_stalls() {
    let dir = scratch();
    word_forms_site(dir.path());
    let out = dir.path().join("out");
    build(dir.path(), &out);
    let (addr, log) = stalling_server(out);
    let Some(browser) = Browser::start() else {
        return;
    };
    browser.goto(&format!("{addr}/search/?q=transformer"));
    assert!(
        browser.wait_until(
            "return document.querySelectorAll('#search-results li').length === 3;",
            Duration::from_secs(40)
        ),
        "{}",
        browser.run("return document.body.innerText;")
    );
    let asked: Vec<String> = log.lock().unwrap().clone();
    let d: Vec<&String> = asked
        .iter()
        .filter(|p| p.starts_with("/search/d/"))
        .collect();
    assert!(
        d.len() >= 2 && d.iter().all(|p| *p == d[0]),
        "the stalled result file was asked for again: {asked:?}"
    );
}
