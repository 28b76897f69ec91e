//! `paperpress serve` driven from tests: the real binary on a free port, a real HTTP client
//! (ureq), a raw socket for requests no client would send, and the live-reload stream.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `paperpress serve`, stopped when dropped.
pub struct Serve {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    pub addr: String,
    lines: Mutex<Receiver<String>>,
    /// Everything it printed on stderr so far.
    pub stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts `serve` on the site in `site` on a free port and waits until it serves (it
    /// prints its address once it answers). Tests start it through [`Served`].
    fn start(site: &Path, extra: &[&str]) -> Serve {
        // The preview folder goes beside the site, into the test's scratch folder: a server
        // the test kills cannot remove it itself.
        let tmp = site.parent().expect("the site is in a scratch folder");
        let mut child = Command::new(super::bin())
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .args(extra)
            .env("TMPDIR", tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start paperpress serve");
        let (tx, lines) = channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().expect("stderr");
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut seen = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if let Some(at) = line.find("http://") {
                        let url = line[at..].split_whitespace().next().unwrap().to_string();
                        let addr = url
                            .trim_start_matches("http://")
                            .trim_end_matches('/')
                            .to_string();
                        return Serve {
                            child,
                            url,
                            addr,
                            lines: Mutex::new(lines),
                            stderr,
                        };
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    std::thread::sleep(Duration::from_millis(100));
                    panic!(
                        "serve did not start: stdout:\n{seen}\nstderr:\n{}",
                        stderr.lock().unwrap()
                    );
                }
            }
        }
    }

    /// The next line the server prints on stdout, within `timeout`.
    pub fn next_line(&self, timeout: Duration) -> Option<String> {
        self.lines.lock().unwrap().recv_timeout(timeout).ok()
    }

    /// The full URL of a site path (`/days/`).
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url.trim_end_matches('/'), path)
    }

    /// GETs `path` with ureq: (status, content type, body). Redirects are not followed.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let mut resp = agent()
            .get(&self.at(path))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = resp.status().as_u16();
        let ctype = header(&resp, "content-type");
        let body = resp
            .body_mut()
            .with_config()
            .limit(100 << 20)
            .read_to_vec()
            .unwrap_or_else(|e| panic!("GET {path}: reading the body: {e}"));
        (status, ctype, String::from_utf8_lossy(&body).into_owned())
    }

    /// Sends `target` as the request line's target, byte for byte, on a raw socket:
    /// (status, whole response).
    pub fn raw(&self, method: &str, target: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            s,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    /// Connects to the live-reload stream.
    pub fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        write!(
            s,
            "GET /__paperpress/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut ev = Events {
            reader: BufReader::new(s),
        };
        let mut head = String::new();
        loop {
            let mut line = String::new();
            ev.set_timeout(Duration::from_secs(20));
            ev.reader.read_line(&mut line).expect("event stream head");
            if line.trim().is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        ev
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The process's exit status, if it has exited.
    pub fn try_wait(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fixture of every test of `serve`: a site written into a scratch folder and served by
/// the real binary on a free port, ready to answer. Dropped, it stops the server, then
/// removes the folder. It derefs to the running [`Serve`].
pub struct Served {
    // Fields drop in order: the server stops before its folder goes.
    server: Serve,
    site: PathBuf,
    dir: tempfile::TempDir,
}

impl Served {
    /// The repository's example site ([`example_site`]), served.
    pub fn example() -> Served {
        Served::start(example_site, &[])
    }

    /// The example site with `change` made to it (the site's folder) before it is served.
    pub fn example_with(change: impl FnOnce(&Path)) -> Served {
        Served::start(
            |site| {
                example_site(site);
                change(site);
            },
            &[],
        )
    }

    /// Serves the site `write` puts into its folder (`site/` in a scratch folder, which has
    /// room beside it), with `extra` arguments to `serve`.
    pub fn start(write: impl FnOnce(&Path), extra: &[&str]) -> Served {
        let dir = super::scratch();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).expect("create the site folder");
        write(&site);
        let server = Serve::start(&site, extra);
        Served { server, site, dir }
    }

    /// The site's folder: site.toml, content/, templates/, static/.
    pub fn site(&self) -> &Path {
        &self.site
    }

    /// The scratch folder that holds the site's folder, for files beside the site.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }
}

impl std::ops::Deref for Served {
    type Target = Serve;

    fn deref(&self) -> &Serve {
        &self.server
    }
}

impl std::ops::DerefMut for Served {
    fn deref_mut(&mut self) -> &mut Serve {
        &mut self.server
    }
}

/// A ureq agent that reports every status instead of failing on 4xx/5xx and does not follow
/// redirects.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

pub fn header(resp: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// A live-reload event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn set_timeout(&mut self, t: Duration) {
        self.reader
            .get_ref()
            .set_read_timeout(Some(t.max(Duration::from_millis(1))))
            .unwrap();
    }

    /// The next event (name, data) within `timeout`; comments are skipped.
    pub fn next(&mut self, timeout: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + timeout;
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.set_timeout(left);
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(_) => return None,
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() || !data.is_empty() {
                    return Some((name, data));
                }
            } else if let Some(v) = line.strip_prefix("event:") {
                name = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data = v.trim().to_string();
            }
        }
    }

    /// Waits for the next event named `name`.
    pub fn wait_for(&mut self, name: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (n, d) = self.next(left)?;
            if n == name {
                return Some(d);
            }
        }
    }
}

/// Copies the repository's example site (site.toml, content/, templates/, static/) into
/// `dir`.
pub fn example_site(dir: &Path) {
    let repo = super::repo();
    for sub in ["content", "templates", "static"] {
        for entry in walkdir::WalkDir::new(repo.join(sub))
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&repo).unwrap();
                std::fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), dir.join(rel)).unwrap();
            }
        }
    }
    std::fs::copy(repo.join("site.toml"), dir.join("site.toml")).unwrap();
}
