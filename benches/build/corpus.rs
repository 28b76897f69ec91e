//! A deterministic synthetic digest corpus, for machines without `../shared/bench`.
//!
//! Its statistics follow the real files in `../shared/seeds` as measured by
//! `gen_corpus.py --stats`: field lengths (drawn from the seeds' quantiles), authors per
//! paper, the category mix, about 80% of days in the "daily arXiv" format and 20% bilingual,
//! Chinese TL;DRs and summaries, and LaTeX spans in about 6% of papers. The text itself is
//! built from a small phrase grammar, so no real file is needed. Same arguments, same bytes;
//! `days + 1` reproduces days `1..=days` and adds one.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};

/// Changes whenever the generator's output changes, so cached corpora are regenerated.
pub const VERSION: u32 = 2;

/// The first day of every corpus, as in gen_corpus.py.
pub fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
}

/// The date of day `n` (0-based).
pub fn date(n: usize) -> NaiveDate {
    start()
        .checked_add_days(Days::new(n as u64))
        .unwrap_or(NaiveDate::MAX)
}

/// Where day `n`'s file lives below the content folder: `YYYY/MM/YYYY-MM-DD.md`.
pub fn day_path(n: usize) -> PathBuf {
    let d = date(n);
    PathBuf::from(format!("{:04}", d.year()))
        .join(format!("{:02}", d.month()))
        .join(format!("{d}.md"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `### [N] [Title](abs link)`, Chinese TL;DR and summary, English abstract.
    DailyArxiv,
    /// `# Title`, Chinese title, English and Chinese abstracts; no category.
    Bilingual,
}

/// One synthetic paper. Fields a format does not have are empty.
#[derive(Debug, Clone)]
pub struct Paper {
    pub id: String,
    pub title: String,
    pub title_zh: String,
    pub authors: Vec<String>,
    pub category: &'static str,
    pub tldr: String,
    pub motivation: String,
    pub method: String,
    pub result: String,
    pub conclusion: String,
    pub abstract_en: String,
    pub abstract_zh: String,
}

/// One day: its date, format, papers and the digest file's text.
#[derive(Debug, Clone)]
pub struct Day {
    pub date: NaiveDate,
    pub format: Format,
    pub papers: Vec<Paper>,
}

impl Day {
    pub fn text(&self) -> String {
        match self.format {
            Format::DailyArxiv => render_daily_arxiv(&self.papers),
            Format::Bilingual => render_bilingual(&self.papers),
        }
    }
}

/// Generates `days` days of `papers` papers each, oldest first, handing each to `each`.
pub fn generate(
    days: usize,
    papers: usize,
    mut each: impl FnMut(Day) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut rng = Rng(1);
    let mut month_key = String::new();
    let mut month_seq = 0u32;
    for n in 0..days {
        let date = date(n);
        let format = if rng.unit() < 0.2 {
            Format::Bilingual
        } else {
            Format::DailyArxiv
        };
        let key = format!("{:02}{:02}", date.year() % 100, date.month());
        if key != month_key {
            month_key = key;
            month_seq = 0;
        }
        let mut list = Vec::with_capacity(papers);
        for _ in 0..papers {
            month_seq += 1;
            let id = format!("{month_key}.{month_seq:05}");
            list.push(paper(&mut rng, format, id));
        }
        each(Day {
            date,
            format,
            papers: list,
        })?;
    }
    Ok(())
}

/// Writes the corpus as `dir/YYYY/MM/YYYY-MM-DD.md`. Returns (files, papers, bytes).
pub fn write(dir: &Path, days: usize, papers: usize) -> std::io::Result<(usize, usize, u64)> {
    let (mut files, mut count, mut bytes) = (0, 0, 0u64);
    let mut n = 0;
    generate(days, papers, |day| {
        let path = dir.join(day_path(n));
        n += 1;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let text = day.text();
        std::fs::write(&path, &text)?;
        files += 1;
        count += day.papers.len();
        bytes += text.len() as u64;
        Ok(())
    })?;
    Ok((files, count, bytes))
}

// ------------------------------------------------------------------ randomness

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn seeded(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A length drawn from quantiles at 0, 10, 25, 50, 75, 90 and 100%, linear in between.
    fn length(&mut self, q: &[usize; 7]) -> usize {
        const AT: [f64; 7] = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0];
        let u = self.unit();
        let i = AT.iter().rposition(|&a| a <= u).unwrap_or(0).min(5);
        let f = (u - AT[i]) / (AT[i + 1] - AT[i]);
        (q[i] as f64 + f * (q[i + 1] as f64 - q[i] as f64)).round() as usize
    }
}

// ------------------------------------------------------------------ statistics of the seeds

// Field lengths in characters (min, p10, p25, p50, p75, p90, max), from the seeds.
const TITLE: [usize; 7] = [20, 42, 59, 79, 94, 103, 150];
const TITLE_ZH: [usize; 7] = [7, 18, 21, 26, 29, 35, 64];
const TLDR: [usize; 7] = [30, 52, 64, 84, 100, 122, 186];
const MOTIVATION: [usize; 7] = [33, 39, 52, 68, 89, 109, 144];
const METHOD: [usize; 7] = [36, 72, 83, 109, 158, 180, 240];
const RESULT: [usize; 7] = [17, 37, 52, 70, 93, 117, 214];
const CONCLUSION: [usize; 7] = [17, 31, 38, 49, 68, 82, 119];
const ABSTRACT: [usize; 7] = [513, 890, 1050, 1280, 1450, 1730, 1905];
const ABSTRACT_ZH: [usize; 7] = [22, 34, 97, 312, 410, 522, 832];

/// How many of the seeds' 169 papers have 1, 2, ... 27 authors.
const AUTHORS: [u32; 27] = [
    8, 16, 22, 23, 30, 19, 15, 8, 8, 5, 5, 2, 0, 2, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1,
];

/// Categories of the daily-arXiv seed, in its table-of-contents order, with their counts.
const CATEGORIES: [(&str, u32); 6] = [
    ("cs.CL", 38),
    ("cs.SD", 1),
    ("eess.AS", 1),
    ("cs.CV", 3),
    ("cs.AI", 5),
    ("cs.LG", 8),
];

/// Share of papers with LaTeX spans; such a paper has several.
const MATH_SHARE: f64 = 0.06;

// ------------------------------------------------------------------ papers

fn paper(rng: &mut Rng, format: Format, id: String) -> Paper {
    let name = system_name(rng);
    let math = rng.unit() < MATH_SHARE;
    let authors = authors(rng);
    let title = title(rng, &name);
    let en = |rng: &mut Rng, q| fill(rng, q, " ", |r| english(r, &name, math));
    let abstract_en = en(rng, &ABSTRACT);
    let zh = |rng: &mut Rng, q| fill(rng, q, "", |r| chinese(r, &name, math));
    match format {
        Format::DailyArxiv => {
            let category = CATEGORIES[rng.weighted(&CATEGORIES.map(|c| c.1))].0;
            Paper {
                id,
                title,
                title_zh: String::new(),
                authors,
                category,
                tldr: zh(rng, &TLDR),
                motivation: zh(rng, &MOTIVATION),
                method: zh(rng, &METHOD),
                result: zh(rng, &RESULT),
                conclusion: zh(rng, &CONCLUSION),
                abstract_en,
                abstract_zh: String::new(),
            }
        }
        Format::Bilingual => Paper {
            id,
            title,
            title_zh: title_zh(rng, &name),
            authors,
            category: "",
            tldr: String::new(),
            motivation: String::new(),
            method: String::new(),
            result: String::new(),
            conclusion: String::new(),
            abstract_en,
            abstract_zh: zh(rng, &ABSTRACT_ZH),
        },
    }
}

/// Sentences from `sentence` until the text is about a length drawn from `q`, the way
/// gen_corpus.py fills a field: stop once the target is reached, or before a sentence that
/// would overshoot by more than it fills.
fn fill(
    rng: &mut Rng,
    q: &[usize; 7],
    sep: &str,
    mut sentence: impl FnMut(&mut Rng) -> String,
) -> String {
    let target = rng.length(q);
    let mut out = String::new();
    let mut n = 0;
    loop {
        let s = sentence(rng);
        let len = s.chars().count();
        if !out.is_empty() && (n + len).saturating_sub(target) > target.saturating_sub(n) {
            break;
        }
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(&s);
        n += len + sep.len();
        if n >= target {
            break;
        }
    }
    out
}

fn authors(rng: &mut Rng) -> Vec<String> {
    let n = rng.weighted(&AUTHORS) + 1;
    let mut out: Vec<String> = Vec::with_capacity(n);
    while out.len() < n {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn system_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(NAME_HEAD), rng.pick(NAME_TAIL))
}

fn title(rng: &mut Rng, name: &str) -> String {
    let target = rng.length(&TITLE);
    let base = match rng.below(5) {
        0 => format!(
            "{name}: {} {} for {}",
            rng.pick(ADJ_T),
            rng.pick(APPROACH_T),
            rng.pick(TASK_T)
        ),
        1 => format!("Towards {} {}", rng.pick(ADJ_T), rng.pick(TASK_T)),
        2 => format!("When {} Meet {}", rng.pick(MODELS_T), rng.pick(TASK_T)),
        3 => format!("{} via {}", rng.pick(TASK_T), rng.pick(TECHNIQUE_T)),
        _ => format!("{name}: {} {}", rng.pick(TECHNIQUE_T), rng.pick(APPROACH_T)),
    };
    lengthen(rng, base, target, TITLE_TAIL)
}

fn title_zh(rng: &mut Rng, name: &str) -> String {
    let target = rng.length(&TITLE_ZH);
    let base = match rng.below(3) {
        0 => format!(
            "{name}：基于{}的{}",
            rng.pick(TECHNIQUE_ZH),
            rng.pick(TASK_ZH)
        ),
        1 => format!(
            "面向{}的{}{}",
            rng.pick(TASK_ZH),
            rng.pick(ADJ_ZH),
            rng.pick(APPROACH_ZH)
        ),
        _ => format!("当{}遇上{}", rng.pick(MODELS_ZH), rng.pick(TASK_ZH)),
    };
    lengthen(rng, base, target, TITLE_ZH_TAIL)
}

/// Appends tails while that brings the text closer to `target` characters.
fn lengthen(rng: &mut Rng, mut text: String, target: usize, tails: &[&str]) -> String {
    for _ in 0..4 {
        let tail = rng.pick(tails);
        let (now, then) = (
            text.chars().count(),
            text.chars().count() + tail.chars().count(),
        );
        if then.abs_diff(target) >= now.abs_diff(target) {
            break;
        }
        text.push_str(tail);
    }
    text
}

/// A number as text, or as a LaTeX span in a paper that has math.
fn number(rng: &mut Rng, math: bool) -> String {
    let n = 1 + rng.below(40);
    let frac = rng.below(100);
    if !math {
        return format!("{n}.{frac:02}%");
    }
    match rng.below(6) {
        0 => format!("${n}.{frac:02}\\%$"),
        1 => format!("${n}\\times$"),
        2 => format!("${{\\sim}}{n}000$"),
        3 => format!("$\\approx {n}B$"),
        4 => format!("${n}.{frac:02} \\pm 0.{frac:02}$"),
        _ => "$\\mathcal{O}(n \\log n)$".to_string(),
    }
}

fn english(rng: &mut Rng, name: &str, math: bool) -> String {
    let task = rng.pick(TASK);
    match rng.below(12) {
        0 => format!(
            "{} have shown strong performance on {task}, yet they remain {} when {}.",
            cap(rng.pick(MODELS)),
            rng.pick(WEAK),
            rng.pick(CONDITION)
        ),
        1 => format!(
            "Existing {}s for {task} rely on {}, which limits their {}.",
            rng.pick(APPROACH),
            rng.pick(RESOURCE),
            rng.pick(PROPERTY)
        ),
        2 => format!(
            "In this paper, we introduce {name}, a {} {} that {}.",
            rng.pick(ADJ),
            rng.pick(APPROACH),
            rng.pick(DOES)
        ),
        3 => format!("{name} {} and {}.", rng.pick(DOES), rng.pick(DOES)),
        4 => format!(
            "We evaluate {name} on {} benchmarks covering {task} and {}.",
            2 + rng.below(9),
            rng.pick(TASK)
        ),
        5 => format!(
            "Experiments show that our method improves {} by {} over strong baselines while using {} fewer parameters.",
            rng.pick(METRIC),
            number(rng, math),
            number(rng, math)
        ),
        6 => format!(
            "We further analyse {} and find that {}.",
            rng.pick(ANALYSE),
            rng.pick(FINDING)
        ),
        7 => format!(
            "Ablation studies confirm that {} contributes most of the gain on {task}.",
            rng.pick(COMPONENT)
        ),
        8 => "Our code, data and models are publicly available.".to_string(),
        9 => format!(
            "Compared with {}, {name} reduces {} by {} without loss of {}.",
            rng.pick(MODELS),
            rng.pick(COST),
            number(rng, math),
            rng.pick(METRIC)
        ),
        10 => format!("These results suggest that {}.", rng.pick(FINDING)),
        _ => format!(
            "To address this, we design a {} {} based on {}.",
            rng.pick(ADJ),
            rng.pick(APPROACH),
            rng.pick(TECHNIQUE)
        ),
    }
}

fn chinese(rng: &mut Rng, name: &str, math: bool) -> String {
    let task = rng.pick(TASK_ZH);
    match rng.below(9) {
        0 => format!(
            "现有的{}在处理{task}时表现不佳，难以应对{}。",
            rng.pick(APPROACH_ZH),
            rng.pick(DIFFICULTY_ZH)
        ),
        1 => format!(
            "本文提出了{name}，一种用于{task}的{}{}。",
            rng.pick(ADJ_ZH),
            rng.pick(APPROACH_ZH)
        ),
        2 => format!(
            "该方法通过{}来{}，并利用{}生成最终答案。",
            rng.pick(TECHNIQUE_ZH),
            rng.pick(GOAL_ZH),
            rng.pick(MODELS_ZH)
        ),
        3 => format!(
            "实验结果表明，{name}在{}个基准上显著优于基线，{}提升了{}。",
            2 + rng.below(9),
            rng.pick(METRIC_ZH),
            number(rng, math)
        ),
        4 => format!("{name}为{task}提供了一种{}的解决方案。", rng.pick(ADJ_ZH)),
        5 => format!("消融实验验证了{}的有效性。", rng.pick(COMPONENT_ZH)),
        6 => format!("这一发现突出了{}的重要性。", rng.pick(TECHNIQUE_ZH)),
        7 => format!(
            "研究表明，{}在{task}上仍有很大的提升空间。",
            rng.pick(MODELS_ZH)
        ),
        _ => format!("{}是{task}中的关键挑战。", rng.pick(DIFFICULTY_ZH)),
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

// ------------------------------------------------------------------ the two formats

/// The "daily arXiv" format, as gen_corpus.py writes it.
pub fn render_daily_arxiv(papers: &[Paper]) -> String {
    let order: Vec<&str> = CATEGORIES
        .iter()
        .map(|c| c.0)
        .filter(|c| papers.iter().any(|p| p.category == *c))
        .collect();
    let mut out = String::from("<div id=toc></div>\n\n# Table of Contents\n\n");
    for c in &order {
        let n = papers.iter().filter(|p| p.category == *c).count();
        let _ = writeln!(out, "- [{c}](#{c}) [Total: {n}]");
    }
    out.push('\n');
    let mut n = 0;
    for c in &order {
        let _ = write!(out, "\n<div id='{c}'></div>\n\n# {c} [[Back]](#toc)\n\n");
        for p in papers.iter().filter(|p| p.category == *c) {
            n += 1;
            let _ = write!(
                out,
                "### [{n}] [{}](https://arxiv.org/abs/{})\n*{}*\n\nMain category: {c}\n\nTL;DR: {}\n\n\n\
                 <details>\n  <summary>Details</summary>\nMotivation: {}\n\nMethod: {}\n\nResult: {}\n\n\
                 Conclusion: {}\n\nAbstract: {}\n\n</details>\n\n\n",
                p.title,
                p.id,
                p.authors.join(","),
                p.tldr,
                p.motivation,
                p.method,
                p.result,
                p.conclusion,
                wrap(&p.abstract_en, 79),
            );
        }
    }
    let trimmed = out.trim_end_matches('\n').len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The bilingual list format, as gen_corpus.py writes it (trailing spaces included).
pub fn render_bilingual(papers: &[Paper]) -> String {
    let mut out = String::new();
    for p in papers {
        let _ = write!(
            out,
            "# {} \n\n**Title (ZH)**: {} \n\n**Authors**: {}  \n\n**Link**: [PDF](https://arxiv.org/pdf/{})  \n\n\
             **Abstract**: {} \n\n**Abstract (ZH)**: {} \n\n---\n",
            p.title,
            p.title_zh,
            p.authors.join(", "),
            p.id,
            p.abstract_en,
            p.abstract_zh
        );
    }
    out
}

/// Greedy line wrapping at `width` characters, never breaking a word.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

// ------------------------------------------------------------------ phrases

const FIRST: &[&str] = &[
    "Wei",
    "Xinyang",
    "Chen",
    "Maria",
    "Yifan",
    "Sajjadur",
    "Estevam",
    "Jingbo",
    "Philip",
    "Lian",
    "Kostis",
    "Tias",
    "Hannah",
    "Arjun",
    "Mei",
    "Olga",
    "Tomás",
    "Zhepei",
    "Haruto",
    "Fatima",
    "Lucas",
    "Priya",
    "Jonas",
    "Yuki",
    "Ahmed",
    "Sofia",
    "Minh",
    "Elena",
    "Kwame",
    "Ingrid",
    "Rafael",
    "Seo-yeon",
    "Dmitri",
    "Aisha",
    "Henry Peng",
    "Xiaoman",
    "Chenwei",
    "Liangwei",
    "Gabriel",
    "Nadia",
];

const LAST: &[&str] = &[
    "Zhang",
    "Shen",
    "Rahman",
    "Hruschka",
    "Garcia",
    "Wang",
    "Li",
    "Liu",
    "Chen",
    "Yang",
    "Shang",
    "Wei",
    "Zou",
    "Huang",
    "Gao",
    "Pan",
    "Xiong",
    "Michailidis",
    "Tsouros",
    "Guns",
    "Müller",
    "Patel",
    "Nguyen",
    "Kim",
    "Sato",
    "Ivanova",
    "Okafor",
    "Rossi",
    "Silva",
    "Kowalski",
    "Haddad",
    "Johansson",
    "Fernández",
    "Yamamoto",
    "Park",
    "Singh",
    "Dubois",
    "Novak",
    "Mensah",
    "O'Brien",
];

const NAME_HEAD: &[&str] = &[
    "Token", "Graph", "Vision", "Speech", "Meta", "Chain", "Sparse", "Flow", "Omni", "Persona",
    "Table", "Lingo", "Robo", "Proof", "Audio", "Med", "Geo", "Code",
];

const NAME_TAIL: &[&str] = &[
    "Former", "Bench", "Agent", "LM", "Net", "Align", "RAG", "Diff", "Mixer", "Tune", "Scope",
    "Probe", "Pilot", "Mind",
];

const ADJ: &[&str] = &[
    "lightweight",
    "scalable",
    "training-free",
    "multilingual",
    "retrieval-augmented",
    "self-supervised",
    "robust",
    "efficient",
    "unified",
    "interpretable",
    "hierarchical",
    "modular",
    "probabilistic",
    "uncertainty-aware",
];

const APPROACH: &[&str] = &[
    "framework",
    "method",
    "benchmark",
    "pipeline",
    "architecture",
    "training recipe",
    "decoding strategy",
    "evaluation protocol",
    "dataset",
    "agent",
];

const TASK: &[&str] = &[
    "long-context question answering",
    "speech recognition in noisy conditions",
    "multi-step mathematical reasoning",
    "code generation",
    "low-resource machine translation",
    "visual grounding",
    "tabular question answering",
    "open-vocabulary segmentation",
    "instruction following",
    "text-to-speech synthesis",
    "fact verification",
    "dialogue state tracking",
    "molecular property prediction",
    "time-series forecasting",
    "robot manipulation",
    "constraint modelling",
];

const MODELS: &[&str] = &[
    "large language models (LLMs)",
    "vision-language models",
    "diffusion models",
    "graph neural networks",
    "speech foundation models",
    "mixture-of-experts transformers",
    "small language models",
    "multimodal agents",
];

const WEAK: &[&str] = &[
    "brittle",
    "poorly calibrated",
    "expensive to deploy",
    "prone to hallucination",
    "sensitive to prompt wording",
    "hard to interpret",
];

const CONDITION: &[&str] = &[
    "inputs are long or noisy",
    "the test distribution shifts",
    "labelled data is scarce",
    "questions require reasoning under uncertainty",
    "users have diverse preferences",
    "latency budgets are tight",
];

const RESOURCE: &[&str] = &[
    "large amounts of annotated data",
    "hand-crafted rules",
    "proprietary models",
    "expensive human feedback",
    "task-specific architectures",
];

const PROPERTY: &[&str] = &[
    "scalability",
    "generality",
    "robustness to distribution shift",
    "practical adoption",
    "reproducibility",
];

const DOES: &[&str] = &[
    "combines symbolic planning with neural generation",
    "learns a shared representation across languages and modalities",
    "retrieves supporting evidence before answering",
    "adapts the model at test time without labels",
    "decomposes a query into verifiable sub-questions",
    "compresses the key-value cache by an order of magnitude",
    "aligns intermediate reasoning steps with human preferences",
    "estimates uncertainty from the agreement of several samples",
];

const METRIC: &[&str] = &[
    "accuracy",
    "F1",
    "BLEU",
    "word error rate",
    "exact match",
    "win rate",
    "mean average precision",
    "perplexity",
];

const ANALYSE: &[&str] = &[
    "the attention patterns of the model",
    "failure cases on out-of-domain inputs",
    "the effect of model scale",
    "the trade-off between latency and quality",
];

const FINDING: &[&str] = &[
    "most errors stem from incorrect intermediate steps rather than missing knowledge",
    "scaling the data matters more than scaling the model",
    "hybrid symbolic-neural reasoning is markedly more robust",
    "simple baselines remain surprisingly competitive",
    "calibration improves together with accuracy",
];

const COMPONENT: &[&str] = &[
    "the retrieval module",
    "the curriculum schedule",
    "the uncertainty estimate",
    "the memory mechanism",
    "the contrastive objective",
];

const COST: &[&str] = &[
    "inference latency",
    "memory use",
    "training cost",
    "annotation effort",
];

const TECHNIQUE: &[&str] = &[
    "contrastive learning",
    "reinforcement learning from human feedback",
    "low-rank adaptation",
    "chain-of-thought prompting",
    "retrieval augmentation",
    "knowledge distillation",
    "Bayesian networks",
    "mixture of experts",
    "curriculum learning",
    "speculative decoding",
];

const ADJ_T: &[&str] = &[
    "Lightweight",
    "Scalable",
    "Training-Free",
    "Multilingual",
    "Retrieval-Augmented",
    "Self-Supervised",
    "Robust",
    "Efficient",
    "Unified",
    "Interpretable",
    "Probabilistic",
];

const APPROACH_T: &[&str] = &[
    "Framework",
    "Benchmark",
    "Pipeline",
    "Architecture",
    "Decoding",
    "Evaluation",
    "Agents",
    "Alignment",
];

const TASK_T: &[&str] = &[
    "Long-Context Question Answering",
    "Noisy Speech Recognition",
    "Mathematical Reasoning",
    "Code Generation",
    "Low-Resource Translation",
    "Visual Grounding",
    "Question Answering over Tabular Data",
    "Open-Vocabulary Segmentation",
    "Instruction Following",
    "Text-to-Speech",
    "Fact Verification",
    "Robot Manipulation",
    "Constraint Modelling",
    "Personalization at Test Time",
];

const MODELS_T: &[&str] = &[
    "Large Language Models",
    "Vision-Language Models",
    "Diffusion Models",
    "Graph Neural Networks",
    "Speech Foundation Models",
    "Language Model Agents",
];

const TECHNIQUE_T: &[&str] = &[
    "Contrastive Learning",
    "Preference Optimization",
    "Low-Rank Adaptation",
    "Chain-of-Thought Prompting",
    "Retrieval Augmentation",
    "Knowledge Distillation",
    "Bayesian Inference",
    "Mixture of Experts",
    "Speculative Decoding",
];

const TITLE_TAIL: &[&str] = &[
    " with Large Language Models",
    " at Scale",
    " in Low-Resource Settings",
    " for Real-World Deployment",
    " with Verifiable Rewards",
    ": A Case Study",
    " and Beyond",
    " under Distribution Shift",
    " Without Human Labels",
    ": Benchmark and Analysis",
    " in the Wild",
    " for Multilingual Speech",
];

const TITLE_ZH_TAIL: &[&str] = &[
    "的统一框架",
    "研究",
    "：基准与分析",
    "在真实场景中的应用",
    "及其评估",
    "：一种无需训练的方法",
    "中的不确定性推理",
];

const TASK_ZH: &[&str] = &[
    "长上下文问答",
    "噪声环境下的语音识别",
    "多步数学推理",
    "代码生成",
    "低资源机器翻译",
    "视觉定位",
    "表格数据问答",
    "开放词汇分割",
    "指令遵循",
    "语音合成",
    "事实核查",
    "对话状态跟踪",
    "分子性质预测",
    "时间序列预测",
    "机器人操作",
    "约束建模",
];

const APPROACH_ZH: &[&str] = &[
    "框架",
    "方法",
    "基准",
    "流水线",
    "架构",
    "训练方案",
    "解码策略",
    "智能体",
];

const ADJ_ZH: &[&str] = &[
    "轻量级",
    "可扩展",
    "无需训练",
    "多语言",
    "检索增强",
    "自监督",
    "鲁棒",
    "高效",
    "统一",
    "可解释",
    "层次化",
    "概率",
];

const MODELS_ZH: &[&str] = &[
    "大型语言模型（LLMs）",
    "视觉语言模型",
    "扩散模型",
    "图神经网络",
    "语音基础模型",
    "混合专家模型",
    "多模态智能体",
];

const TECHNIQUE_ZH: &[&str] = &[
    "对比学习",
    "基于人类反馈的强化学习",
    "低秩适配",
    "思维链提示",
    "检索增强",
    "知识蒸馏",
    "贝叶斯网络",
    "混合专家",
    "课程学习",
    "推测解码",
    "混合符号-神经推理",
];

const DIFFICULTY_ZH: &[&str] = &[
    "不确定性推理",
    "分布偏移",
    "标注数据稀缺",
    "长距离依赖",
    "幻觉问题",
    "推理延迟",
];

const GOAL_ZH: &[&str] = &[
    "将自然语言查询转换为概率查询",
    "从表格中推断贝叶斯网络",
    "压缩键值缓存",
    "对齐中间推理步骤",
    "在测试时适应用户偏好",
    "检索支持证据",
];

const METRIC_ZH: &[&str] = &["准确率", "F1分数", "BLEU", "词错误率", "精确匹配率", "胜率"];

const COMPONENT_ZH: &[&str] = &[
    "检索模块",
    "课程调度",
    "不确定性估计",
    "记忆机制",
    "对比目标",
];
