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
    thread: Option<JoinHandle<()>>,
}

impl FileServer {
    /// Serves the folder `root` at the root of a free port.
    pub fn start(root: PathBuf) -> FileServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind a port"));
        let addr = server.server_addr().to_ip().expect("an IP address");
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            for req in s.incoming_requests() {
                let response = match file(&root, req.url()) {
                    Some((bytes, ctype)) => tiny_http::Response::from_data(bytes)
                        .with_header(header("Content-Type", ctype))
                        .with_header(header("Content-Security-Policy", CSP)),
                    None => {
                        tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                    }
                };
                let _ = req.respond(response);
            }
        });
        FileServer {
            server,
            url: format!("http://{addr}"),
            thread: Some(thread),
        }
    }

    /// The URL of a site path (`/days/`).
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header")
}

/// The bytes and content type a static host serves for `url` below `root` (a folder's
/// `index.html`), or `None`.
pub fn file(root: &Path, url: &str) -> Option<(Vec<u8>, &'static str)> {
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
