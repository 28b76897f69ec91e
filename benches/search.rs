//! The search benchmark: on a synthetic site (1000 days x 100 papers by default) it measures
//! (a) the bytes a first query transfers, raw and gzipped, (b) the time from typing to
//! results shown in headless Chromium, and (c) the build time and the share of it the search
//! index takes. `cargo bench --bench search -- --help` lists the options.
//!
//! The site is served by a small file server here that counts every byte it sends; each
//! query runs in a freshly loaded search page (nothing cached), typed key by key through
//! WebDriver.

/// What the shared WebDriver client (`tests/common/webdriver.rs`) needs of its sibling.
mod server {
    pub fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(std::time::Duration::from_secs(60)))
            .build()
            .into()
    }
}
/// What it needs of the tests' skips: here the caller says what is missing.
enum Need {
    Chromium,
}
fn skip(need: Need, why: &str) {
    match need {
        Need::Chromium => eprintln!("{why}"),
    }
}
#[path = "../tests/common/webdriver.rs"]
#[allow(dead_code)]
mod webdriver;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use clap::Parser;

use webdriver::Browser;

#[derive(Parser)]
#[command(
    name = "search",
    bin_name = "cargo bench --bench search --",
    about = "Builds a synthetic site and measures search: bytes of a first query, time from \
             typing to results in headless Chromium, build time with the index's share."
)]
struct Args {
    /// Days of the synthetic corpus.
    #[arg(long, default_value_t = 1000)]
    days: usize,
    /// Papers a day.
    #[arg(long, default_value_t = 100)]
    papers: usize,
    /// Builds to time.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Queries to type (each in a fresh page).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "transformer,language model,diffusion models for image generation,强化学习,大语言模型,graph neural netw,reinforcement learning robot"
    )]
    queries: Vec<String>,
    /// Also list every file each query fetched, with its bytes.
    #[arg(long)]
    files: bool,
    /// Work folder; the corpus is cached there [default: target/tmp/paperpress-search-bench].
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<()> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_paperpress"));
    let work = args
        .dir
        .clone()
        .unwrap_or_else(|| repo.join("target/tmp/paperpress-search-bench"));
    let site = work.join(format!("site-{}x{}", args.days, args.papers));
    corpus(&repo, &site, args.days, args.papers)?;
    // Every build goes into a fresh folder, and nothing is deleted until the measurements
    // are done: on ext4, creating files soon after many were deleted is several times
    // slower, which would charge each build for the clean-up of the one before.
    let builds = work.join("builds");
    let trash = work.join("trash");
    if builds.exists() {
        let _ = std::fs::remove_dir_all(&trash);
        std::fs::rename(&builds, &trash).context("cannot move the earlier builds aside")?;
    }
    std::fs::create_dir_all(&builds)?;
    let out = builds.join("site");

    // (c) Build time, from scratch each time, with and without the index, alternating; wall
    // time and CPU time (user + system, which other work on the machine disturbs less).
    let mut with = (Vec::new(), Vec::new());
    let mut without = (Vec::new(), Vec::new());
    let mut phase = Vec::new();
    for i in 0..args.runs {
        for index in [true, false] {
            let fresh = builds.join(format!("{i}-{}", if index { "with" } else { "without" }));
            let (wall, cpu, ms) = build(&bin, &site, &fresh, index)?;
            eprintln!(
                "build {} {}: {wall:.2} s wall, {cpu:.2} s CPU{}",
                i + 1,
                if index { "with the index" } else { "without" },
                ms.map(|m| format!(", search index phase {m:.0} ms"))
                    .unwrap_or_default()
            );
            let into = if index { &mut with } else { &mut without };
            into.0.push(wall);
            into.1.push(cpu);
            if index {
                phase.push(ms.context("no 'search index' phase in the --verbose output")? / 1000.0);
            }
        }
    }
    // The site the browser searches.
    build(&bin, &site, &out, true)?;
    let (wall_with, cpu_with) = (median(&mut with.0), median(&mut with.1));
    let (wall_without, cpu_without) = (median(&mut without.0), median(&mut without.1));
    let idx = median(&mut phase);
    let files = walk(&out.join("search"));
    let size: u64 = files
        .iter()
        .map(|f| f.metadata().map(|m| m.len()).unwrap_or(0))
        .sum();

    // (a) and (b) in headless Chromium.
    let server = FileServer::start(&out)?;
    let Some(browser) = Browser::start() else {
        bail!("Chromium and chromedriver are needed");
    };
    let mut rows = Vec::new();
    for q in &args.queries {
        rows.push(measure(&browser, &server, &out, q, args.files)?);
    }

    println!(
        "\nsearch on {} days x {} papers ({} papers)\n",
        args.days,
        args.papers,
        args.days * args.papers
    );
    println!(
        "| query | results | files | raw KB | gzip KB | typed: last key to results ms | first key to results ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {:.1} | {:.1} | {:.0} | {:.0} |",
            r.query,
            r.results,
            r.files,
            r.raw as f64 / 1000.0,
            r.gzip as f64 / 1000.0,
            r.last_key_ms,
            r.first_key_ms
        );
    }
    println!(
        "\nbuild, median of {} from scratch: with the index {wall_with:.2} s wall, {cpu_with:.2} s CPU; \
         without {wall_without:.2} s wall, {cpu_without:.2} s CPU; the index adds {:.1}% wall, {:.1}% CPU \
         (its phase: {idx:.2} s wall)",
        args.runs,
        100.0 * (wall_with - wall_without) / wall_without,
        100.0 * (cpu_with - cpu_without) / cpu_without,
    );
    println!("index: {} files, {:.1} MB", files.len(), size as f64 / 1e6);
    let _ = std::fs::remove_dir_all(&trash);
    let _ = std::fs::remove_dir_all(&builds);
    Ok(())
}

struct Row {
    query: String,
    results: String,
    files: usize,
    raw: u64,
    gzip: u64,
    last_key_ms: f64,
    first_key_ms: f64,
}

/// Loads the search page afresh, types `q` and waits for its results; counts what the
/// server sent from the page's load on.
fn measure(browser: &Browser, server: &FileServer, out: &Path, q: &str, list: bool) -> Result<Row> {
    browser.goto("about:blank");
    server.reset();
    browser.goto(&format!("{}search/", server.url));
    if !browser.wait_until(
        "return !!document.getElementById('q') && document.readyState === 'complete';",
        Duration::from_secs(30),
    ) {
        bail!("the search page did not load");
    }
    browser.run(
        "window.__keys = []; \
         document.getElementById('q').addEventListener('input', () => __keys.push(performance.now())); \
         window.__shown = null; \
         new MutationObserver(() => { \
           if (document.querySelector('#search-results li') || \
               document.getElementById('search-status').textContent.startsWith('No papers')) \
             window.__shown = [performance.now(), location.search]; \
         }).observe(document.getElementById('main'), {childList: true, subtree: true, characterData: true}); \
         return true;",
    );
    browser.type_into("#q", q);
    let want = serde_json::to_string(&format!("?q={}", encode(q)))?;
    if !browser.wait_until(
        &format!("return !!window.__shown && window.__shown[1] === {want};"),
        Duration::from_secs(60),
    ) {
        bail!(
            "no results for {q:?}: {}",
            browser.run("return document.body.innerText;")
        );
    }
    // Let the last fetches finish.
    std::thread::sleep(Duration::from_millis(300));
    let v = browser
        .run("return [__keys, __shown[0], document.getElementById('search-status').textContent];");
    let keys: Vec<f64> = serde_json::from_value(v[0].clone())?;
    let shown = v[1].as_f64().unwrap_or(0.0);
    let results = v[2]
        .as_str()
        .unwrap_or("")
        .split(' ')
        .next()
        .unwrap_or("")
        .to_string();
    let served = server.take();
    let mut raw = 0;
    let mut gzip = 0;
    for (path, bytes) in &served {
        if list {
            eprintln!("{q}: {bytes:>8} {path}");
        }
        raw += bytes;
        gzip += gzip_size(&file_of(out, path))?;
    }
    Ok(Row {
        query: q.to_string(),
        results,
        files: served.len(),
        raw,
        gzip,
        last_key_ms: shown - keys.last().copied().unwrap_or(shown),
        first_key_ms: shown - keys.first().copied().unwrap_or(shown),
    })
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-")
        .replace("%2E", ".")
        .replace("%5F", "_")
}

fn gzip_size(path: &Path) -> Result<u64> {
    let o = Command::new("gzip")
        .args(["-6", "-c"])
        .arg(path)
        .stderr(Stdio::null())
        .output()
        .context("cannot run gzip")?;
    Ok(o.stdout.len() as u64)
}

/// One build from scratch into `out` (a folder that does not exist yet): wall seconds, CPU
/// seconds, the index phase in ms.
fn build(bin: &Path, site: &Path, out: &Path, index: bool) -> Result<(f64, f64, Option<f64>)> {
    let mut cmd = Command::new(bin);
    cmd.args(["build", "--verbose", "--root"])
        .arg(site)
        .arg("--output")
        .arg(out);
    if !index {
        cmd.env("PAPERPRESS_NO_SEARCH_INDEX", "1");
    }
    let cpu0 = children_cpu();
    let t = Instant::now();
    let o = cmd.output()?;
    let wall = t.elapsed().as_secs_f64();
    let cpu = children_cpu() - cpu0;
    if !o.status.success() {
        bail!("build failed: {}", String::from_utf8_lossy(&o.stderr));
    }
    let ms = String::from_utf8_lossy(&o.stderr).lines().find_map(|l| {
        l.split("search index: ")
            .nth(1)?
            .split(' ')
            .next()?
            .parse::<f64>()
            .ok()
    });
    Ok((wall, cpu, ms))
}

/// CPU time (user + system) of the children that have ended, in seconds.
fn children_cpu() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// Writes the synthetic site: site.toml and content/ from ../shared/bench/gen_corpus.py.
fn corpus(repo: &Path, site: &Path, days: usize, papers: usize) -> Result<()> {
    let content = site.join("content");
    let done = site.join(".complete");
    if done.exists() {
        return Ok(());
    }
    let gen_py = repo.join("../shared/bench/gen_corpus.py");
    if !gen_py.exists() {
        bail!("{} not found: it writes the corpus", gen_py.display());
    }
    let _ = std::fs::remove_dir_all(site);
    std::fs::create_dir_all(site)?;
    std::fs::write(
        site.join("site.toml"),
        "title = \"Search bench\"\nbase_url = \"https://example.org/\"\n",
    )?;
    eprintln!(
        "writing {days} x {papers} papers into {}",
        content.display()
    );
    let st = Command::new("python3")
        .arg(&gen_py)
        .args([
            "--days",
            &days.to_string(),
            "--papers",
            &papers.to_string(),
            "--out",
        ])
        .arg(&content)
        .status()?;
    if !st.success() {
        bail!("gen_corpus.py failed");
    }
    std::fs::write(done, "")?;
    Ok(())
}

/// The file that serves a URL path.
fn file_of(out: &Path, path: &str) -> PathBuf {
    let p = path.split('?').next().unwrap_or("").trim_start_matches('/');
    let decoded = percent_encoding::percent_decode_str(p)
        .decode_utf8_lossy()
        .to_string();
    let mut f = out.join(decoded);
    if p.is_empty() || p.ends_with('/') {
        f = f.join("index.html");
    }
    f
}

/// A static file server that records what it sent.
struct FileServer {
    url: String,
    sent: Arc<Mutex<Vec<(String, u64)>>>,
}

impl FileServer {
    fn start(out: &Path) -> Result<FileServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}/", listener.local_addr()?);
        let sent: Arc<Mutex<Vec<(String, u64)>>> = Arc::default();
        let (root, log) = (out.to_path_buf(), sent.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, log) = (root.clone(), log.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &root, &log);
                });
            }
        });
        Ok(FileServer { url, sent })
    }

    fn reset(&self) {
        self.sent.lock().map(|mut s| s.clear()).ok();
    }

    fn take(&self) -> Vec<(String, u64)> {
        self.sent
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    }
}

fn serve(stream: TcpStream, root: &Path, log: &Mutex<Vec<(String, u64)>>) -> Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
    }
    let path = first.split(' ').nth(1).unwrap_or("/").to_string();
    let file = file_of(root, &path);
    let mut stream = stream;
    match std::fs::read(&file) {
        Ok(body) => {
            let ty = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                Some("svg") => "image/svg+xml",
                _ => "text/plain; charset=utf-8",
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {ty}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            stream.write_all(&body)?;
            if let Ok(mut l) = log.lock() {
                l.push((path, body.len() as u64));
            }
        }
        Err(_) => {
            write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )?;
        }
    }
    Ok(())
}
