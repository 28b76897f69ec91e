//! Save-to-reload latency of `paperpress serve`: from writing one day's digest file to the
//! live-reload event reaching a connected client, on a generated corpus (365 days x 60
//! papers by default). Also how long after the save the second reload comes, where the
//! related papers found again after the first one changed some pages.
//!
//!     cargo bench --bench serve
//!     cargo bench --bench serve -- --days 365 --papers 60 --runs 30
//!
//! The corpus is made by ../shared/bench/gen_corpus.py (or $PAPERPRESS_SHARED/bench) and
//! kept in target/bench-serve/ for the next run. The server runs as a separate process, the
//! client talks to it over loopback as a browser would.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

struct Args {
    days: usize,
    papers: usize,
    runs: usize,
}

fn args() -> Args {
    let mut a = Args {
        days: 365,
        papers: 60,
        runs: 20,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let value = || -> usize {
            argv.get(i + 1)
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{} needs a number", argv[i]))
        };
        match argv[i].as_str() {
            "--days" => a.days = value(),
            "--papers" => a.papers = value(),
            "--runs" => a.runs = value(),
            // What cargo passes to every bench target.
            "--bench" => {
                i += 1;
                continue;
            }
            other => panic!("unknown argument {other}; use --days N --papers N --runs N"),
        }
        i += 2;
    }
    a
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The generated site, made once and kept.
fn corpus(days: usize, papers: usize) -> PathBuf {
    let dir = repo().join(format!("target/bench-serve/site-{days}x{papers}"));
    let done = dir.join(".complete");
    if done.is_file() {
        return dir;
    }
    let shared = std::env::var_os("PAPERPRESS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"));
    let script = shared.join("bench/gen_corpus.py");
    assert!(
        script.is_file(),
        "{} not found: set PAPERPRESS_SHARED to the shared folder",
        script.display()
    );
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the corpus folder");
    eprintln!(
        "generating {days} days x {papers} papers into {}",
        dir.display()
    );
    let status = Command::new("python3")
        .arg(&script)
        .args(["--days", &days.to_string(), "--papers", &papers.to_string()])
        .arg("--out")
        .arg(dir.join("content"))
        .stdout(Stdio::null())
        .status()
        .expect("run python3");
    assert!(status.success(), "gen_corpus.py failed");
    std::fs::write(
        dir.join("site.toml"),
        "title = \"Benchmark\"\nbase_url = \"https://example.org/\"\n",
    )
    .expect("write site.toml");
    std::fs::write(&done, "").expect("mark the corpus complete");
    dir
}

fn digest_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(&dir.join("content"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

struct Server {
    child: Child,
    /// What it prints, stdout and stderr (with `--verbose`), line by line.
    lines: Receiver<String>,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paperpress"))
        .args(["serve", "--verbose", "--port", "0", "--root"])
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start paperpress serve");
    let (tx, lines) = channel();
    for out in [
        child
            .stdout
            .take()
            .map(|o| Box::new(o) as Box<dyn std::io::Read + Send>),
        child
            .stderr
            .take()
            .map(|e| Box::new(e) as Box<dyn std::io::Read + Send>),
    ] {
        let Some(out) = out else {
            panic!("no output from serve");
        };
        let tx = tx.clone();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                if l.contains("error") {
                    eprintln!("server: {l}");
                }
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
    }
    let mut server = Server {
        child,
        lines,
        addr: String::new(),
    };
    loop {
        let line = server
            .lines
            .recv_timeout(Duration::from_secs(600))
            .expect("serve did not start");
        if line.starts_with("built ") {
            eprintln!("server: {line}");
        }
        if let Some(at) = line.find("http://") {
            let url = line[at..].split_whitespace().next().unwrap_or("");
            server.addr = url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string();
            return server;
        }
    }
}

/// Reads the event stream on a thread, until it closes: when each reload event came.
fn reloads(mut r: BufReader<TcpStream>) -> Receiver<Instant> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut current = String::new();
        let mut line = String::new();
        while matches!(r.read_line(&mut line), Ok(n) if n > 0) {
            if let Some(v) = line.trim_end().strip_prefix("event:") {
                current = v.trim().to_string();
            } else if line.starts_with("data:")
                && current == "reload"
                && tx.send(Instant::now()).is_err()
            {
                break;
            }
            line.clear();
        }
    });
    rx
}

/// Reads the event stream until an event named `name`.
fn wait_for(r: &mut BufReader<TcpStream>, name: &str) -> String {
    let mut current = String::new();
    loop {
        let mut line = String::new();
        let n = r.read_line(&mut line).expect("read the event stream");
        assert!(n > 0, "the event stream closed");
        let line = line.trim_end();
        if let Some(v) = line.strip_prefix("event:") {
            current = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("data:")
            && current == name
        {
            return v.trim().to_string();
        }
    }
}

/// One change (`change` saves or removes a file) and the reload; then, once the server has
/// caught up (related papers and search index), the second reload if there was one.
/// Milliseconds from the change to each reload, and the server's account of the rebuild.
fn timed(
    server: &Server,
    events: &Receiver<Instant>,
    change: impl FnOnce(),
) -> (f64, Option<f64>, String) {
    let t0 = Instant::now();
    change();
    let first = events
        .recv_timeout(Duration::from_secs(60))
        .expect("a reload event");
    let mut said = String::new();
    loop {
        let l = server
            .lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the server caught up");
        if l.starts_with("rebuilt") {
            said = l;
        } else if l.trim_start().starts_with("caught up in") {
            break;
        }
    }
    // The second reload is sent before the server says it caught up; give it time to come.
    let second = events.recv_timeout(Duration::from_millis(100)).ok();
    let ms = |t: Instant| t.duration_since(t0).as_secs_f64() * 1000.0;
    (ms(first), second.map(ms), said)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let a = args();
    let site = corpus(a.days, a.papers);
    let files = digest_files(&site);
    assert!(files.len() >= 2, "the corpus has no days");
    let t = Instant::now();
    let server = start(&site);
    eprintln!("serve ready in {:.1}s", t.elapsed().as_secs_f64());

    let mut stream = TcpStream::connect(&server.addr).expect("connect");
    write!(
        stream,
        "GET /__paperpress/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .expect("request the event stream");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut stream = BufReader::new(stream);
    wait_for(&mut stream, "hello");
    let events = reloads(stream);

    let mut results: Vec<(&str, Vec<f64>)> =
        vec![("an older day", vec![]), ("the latest day", vec![])];
    // Save to the second reload, for the saves whose related lists changed pages.
    let mut lists: Vec<f64> = Vec::new();
    let mut saves = 0;
    for run in 0..=a.runs * 2 {
        let latest = run % 2 == 1;
        let file = if latest {
            &files[files.len() - 1]
        } else {
            &files[(run * 37 + files.len() / 2) % (files.len() - 1)]
        };
        let text = std::fs::read_to_string(file).expect("read a day");
        // A change a reader sees: the first paper's TL;DR (or abstract) gains a word.
        let at = ["TL;DR: ", "**Abstract**: "]
            .iter()
            .find_map(|label| text.find(label).map(|i| i + label.len()))
            .expect("a day with a TL;DR or an abstract");
        let changed = format!("{}(edit {run}) {}", &text[..at], &text[at..]);
        let (ms, second, said) = timed(&server, &events, || {
            std::fs::write(file, &changed).expect("write a day");
        });
        let second_said = second.map_or("no list changed".to_string(), |s| {
            format!("second reload at {s:.0} ms")
        });
        if run == 0 {
            eprintln!("warm-up: {ms:.0} ms, {second_said} ({said})");
            continue;
        }
        eprintln!(
            "run {run:>2} ({}): {ms:.0} ms, {second_said}; server: {said}",
            if latest { "latest" } else { "older" }
        );
        results[usize::from(latest)].1.push(ms);
        lists.extend(second);
        saves += 1;
        std::thread::sleep(Duration::from_millis(200));
    }
    // The daily routine: a new day's file appears (and goes again); first a copy of the
    // latest day (its papers listed again), then one of new papers (the latest day's with
    // other ids), which enter the related lists.
    let last = &files[files.len() - 1];
    let text = std::fs::read_to_string(last).expect("read the latest day");
    let fresh = text.replace("arxiv.org/abs/24", "arxiv.org/abs/25");
    let new_day = site.join("content/2099/01/2099-01-01.md");
    std::fs::create_dir_all(new_day.parent().expect("a folder")).expect("create a folder");
    for (what, text) in [("a new day", &text), ("a day of new papers", &fresh)] {
        let mut adding = Vec::new();
        for run in 0..=a.runs.div_ceil(3) {
            let (ms, second, _) = timed(&server, &events, || {
                std::fs::write(&new_day, text).expect("write a new day");
            });
            std::thread::sleep(Duration::from_millis(300));
            let (removed, _, _) = timed(&server, &events, || {
                std::fs::remove_file(&new_day).expect("remove the new day");
            });
            std::thread::sleep(Duration::from_millis(300));
            let second_said = second.map_or("no list changed".to_string(), |s| {
                format!("second reload at {s:.0} ms")
            });
            if run > 0 {
                eprintln!(
                    "{what} {run}: {ms:.0} ms, {second_said} (removed again: {removed:.0} ms)"
                );
                adding.push(ms);
                lists.extend(second);
                saves += 1;
            }
        }
        results.push((what, adding));
    }
    let _ = std::fs::remove_dir(new_day.parent().expect("a folder"));
    let _ = std::fs::remove_dir(site.join("content/2099"));
    println!(
        "save-to-reload latency, {} days x {} papers ({} runs each; a new day {} each):",
        a.days,
        a.papers,
        a.runs,
        a.runs.div_ceil(3)
    );
    for (what, mut v) in results {
        v.sort_by(f64::total_cmp);
        println!(
            "  {what:>19}: median {:.0} ms, p90 {:.0} ms, min {:.0} ms, max {:.0} ms",
            percentile(&v, 0.5),
            percentile(&v, 0.9),
            v[0],
            v[v.len() - 1]
        );
    }
    lists.sort_by(f64::total_cmp);
    if lists.is_empty() {
        println!("  no save changed a related list ({saves} saves)");
    } else {
        println!(
            "  second reload (related lists changed, {} of {saves} saves): median {:.0} ms, p90 {:.0} ms after the save",
            lists.len(),
            percentile(&lists, 0.5),
            percentile(&lists, 0.9)
        );
    }
}
