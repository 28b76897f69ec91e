//! A plain static file server for built sites, like a static host: it knows nothing of
//! paperpress. Every response carries the Content-Security-Policy the site is built to
//! live under (own scripts and styles only), so browser tests fail on anything inline.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The policy pages are served with: nothing inline, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

pub struct FileServer {
    server: Arc<tiny_http::Server>,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    threads: Vec<JoinHandle<()>>,
}

impl FileServer {
    /// Serves the folder `root` at the root of a free port.
    pub fn start(root: PathBuf) -> FileServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind a port"));
        let addr = server.server_addr().to_ip().expect("an IP address");
        // Requests are answered on a few threads: a browser fetches many files at once. Every
        // response says `Cache-Control: no-cache`, as `serve` does: without it, Chromium now
        // and then left a few of the ten result files the search page fetches at once
        // pending for good (seen in 2 of 24 loads of a search page; none in 32 with it).
        let threads = (0..4)
            .map(|_| {
                let s = server.clone();
                let root = root.clone();
                std::thread::spawn(move || {
                    while let Ok(req) = s.recv() {
                        let response = match file(&root, req.url()) {
                            Some((bytes, ctype)) => tiny_http::Response::from_data(bytes)
                                .with_header(header("Content-Type", ctype))
                                .with_header(header("Content-Security-Policy", CSP))
                                .with_header(header("Cache-Control", "no-cache")),
                            None => tiny_http::Response::from_data(b"not found".to_vec())
                                .with_status_code(404),
                        };
                        let _ = req.respond(response);
                    }
                })
            })
            .collect();
        FileServer {
            server,
            url: format!("http://{addr}"),
            threads,
        }
    }

    /// The URL of a site path (`/days/`).
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        for _ in &self.threads {
            self.server.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header")
}

fn file(root: &Path, url: &str) -> Option<(Vec<u8>, &'static str)> {
    let path = url.split(['?', '#']).next()?;
    let rel = path.strip_prefix('/')?;
    if rel
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.contains('%'))
    {
        return None;
    }
    let mut file = root.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        file.push("index.html");
    }
    let bytes = std::fs::read(&file).ok()?;
    Some((bytes, content_type(&file)))
}

/// The Content-Type a plain file server sends for `file`.
pub fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}
