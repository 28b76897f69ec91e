//! Answering one HTTP request: the site's files, the live-reload stream and script, the
//! site's 404 page, and the error page while the site has errors.

use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::paths::{self, Target};
use super::reload::{self, Hub};
use crate::sync::{read, write};

/// What the server shows, replaced as a whole after each rebuild.
#[derive(Default)]
pub struct Published {
    /// The site's files, as paths below the output folder.
    pub files: HashSet<String>,
    /// The error page shown instead of every page, while the site has errors.
    pub error_page: Option<String>,
    /// Counts the rebuilds that changed what is shown.
    pub generation: u64,
}

/// Everything the request handlers share.
pub struct Shared {
    /// The output folder, canonical.
    pub out: PathBuf,
    pub published: RwLock<Arc<Published>>,
    pub hub: Hub,
}

impl Shared {
    pub fn new(out: &Path) -> std::io::Result<Shared> {
        Ok(Shared {
            out: out.canonicalize()?,
            published: RwLock::new(Arc::new(Published::default())),
            hub: Hub::default(),
        })
    }

    pub fn current(&self) -> Arc<Published> {
        read(&self.published).clone()
    }

    pub fn publish(&self, p: Published) {
        *write(&self.published) = Arc::new(p);
    }
}

/// A header written by this module; its name and value are plain ASCII.
fn header(name: &'static str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(name.as_bytes(), &b""[..]).expect("ASCII name"))
}

/// Sends a response with the security headers ([`crate::security::headers`]).
fn respond<R: Read>(req: Request, mut resp: Response<R>) {
    for (name, value) in crate::security::headers() {
        resp.add_header(header(name, &value));
    }
    // A client that went away is no concern of the server's.
    let _ = req.respond(resp);
}

fn text(req: Request, status: u16, body: &str) {
    let resp = Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"));
    respond(req, resp);
}

fn html(req: Request, status: u16, body: String) {
    let resp = Response::from_data(body.into_bytes())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"));
    respond(req, resp);
}

/// Answers one request.
pub fn handle(req: Request, shared: &Shared) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        let resp = Response::from_string("only GET and HEAD\n")
            .with_status_code(StatusCode(405))
            .with_header(header("Allow", "GET, HEAD"));
        return respond(req, resp);
    }
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path.starts_with(reload::RESERVED) {
        return reserved(req, path, shared);
    }
    let now = shared.current();
    let target = paths::resolve(&url, |rel| now.files.contains(rel));
    if let Some(page) = &now.error_page {
        let is_page = match &target {
            Target::File(rel) => rel.ends_with(".html"),
            _ => true,
        };
        if is_page {
            return html(req, 500, page.clone());
        }
    }
    match target {
        Target::File(rel) => file(req, shared, &now, &rel, 200),
        Target::Redirect(to) => match Header::from_bytes(&b"Location"[..], to.as_bytes()) {
            Ok(location) => respond(req, Response::empty(StatusCode(301)).with_header(location)),
            Err(()) => not_found(req, shared, &now),
        },
        Target::NotFound => not_found(req, shared, &now),
    }
}

fn reserved(req: Request, path: &str, shared: &Shared) {
    match path {
        reload::EVENTS if *req.method() == Method::Get => {
            let generation = shared.current().generation;
            shared.hub.join(req.into_writer(), generation);
        }
        reload::ERROR_CSS => {
            let resp = Response::from_string(super::error_page::CSS)
                .with_header(header("Content-Type", "text/css; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"));
            respond(req, resp);
        }
        reload::SCRIPT => script(req, reload::SCRIPT_JS),
        reload::WORKER => script(req, reload::WORKER_JS),
        _ => text(req, 404, "not found\n"),
    }
}

fn script(req: Request, js: &str) {
    let resp = Response::from_string(js)
        .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"));
    respond(req, resp);
}

fn not_found(req: Request, shared: &Shared, now: &Published) {
    if now.files.contains("404.html") {
        file(req, shared, now, "404.html", 404);
    } else {
        text(req, 404, "not found\n");
    }
}

/// Sends a file of the site, if it really lies inside the output folder.
fn file(req: Request, shared: &Shared, now: &Published, rel: &str, status: u16) {
    let inside = shared
        .out
        .join(rel)
        .canonicalize()
        .ok()
        .filter(|p| p.starts_with(&shared.out) && p.is_file());
    let opened = inside.and_then(|p| File::open(p).ok());
    let Some(mut f) = opened else {
        // A symlink out of the site, or a file removed by a rebuild a moment ago.
        return if rel == "404.html" {
            text(req, 404, "not found\n")
        } else {
            not_found(req, shared, now)
        };
    };
    let ctype = paths::content_type(rel);
    if rel.ends_with(".html") {
        let mut body = String::new();
        if f.read_to_string(&mut body).is_err() {
            return text(req, 500, "cannot read the page\n");
        }
        return html(req, status, reload::inject(&body, now.generation));
    }
    let len = f.metadata().map(|m| m.len() as usize).ok();
    let resp = Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", &ctype),
            header("Cache-Control", "no-cache"),
        ],
        f,
        len,
        None,
    );
    respond(req, resp);
}
