//! Live reload: a server-sent events stream that tells open pages to reload, and the small
//! scripts that listen to it.
//!
//! The pages of a browser share one stream: a browser opens at most six connections to the
//! server, and a stream holds one for as long as it is open, also for a page kept in the
//! back/forward cache. The page script (`live.js`) connects to a shared worker
//! (`worker.js`) that holds the stream and tells every page; without SharedWorker a page
//! opens a stream of its own and closes it when it is left (`pagehide`).
//!
//! The scripts are same-origin files under the reserved path, never inline, so a
//! Content-Security-Policy that allows only same-origin scripts lets them run. The server
//! adds the page script's `<script>` tag to HTML responses; built sites never contain it.

use std::io::Write;
use std::sync::Mutex;

use crate::ascii::find_ci;
use crate::sync::lock;

/// Paths the server keeps for itself; a site can have no file there.
pub const RESERVED: &str = "/__paperpress/";
pub const EVENTS: &str = "/__paperpress/events";
pub const SCRIPT: &str = "/__paperpress/live.js";
/// The shared worker that holds the one event stream of a browser for all its pages.
pub const WORKER: &str = "/__paperpress/worker.js";
/// The error page's stylesheet (a file, not a `<style>`: the pages allow no inline style).
pub const ERROR_CSS: &str = "/__paperpress/error.css";

/// The client script.
pub const SCRIPT_JS: &str = include_str!("live.js");
/// The shared worker's script.
pub const WORKER_JS: &str = include_str!("worker.js");

/// The tag that loads the script, for a page of build `generation`.
pub fn script_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT}\" data-generation=\"{generation}\" defer></script>")
}

/// Adds the script tag to an HTML document: before `</head>`, else before `</body>`, else
/// at the end.
pub fn inject(html: &str, generation: u64) -> String {
    let tag = script_tag(generation);
    let at = find_ci(html, "</head>")
        .or_else(|| find_ci(html, "</body>"))
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

/// Everyone listening to the event stream.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

/// The response head of the event stream.
const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";

impl Hub {
    /// Starts an event stream on `w` (a connection's raw writer) and greets it with the
    /// build being served.
    pub fn join(&self, mut w: Box<dyn Write + Send>, generation: u64) {
        let hello = format!("{HEAD}retry: 500\n\n{}", event("hello", generation));
        if w.write_all(hello.as_bytes())
            .and_then(|()| w.flush())
            .is_ok()
        {
            lock(&self.clients).push(w);
        }
    }

    /// Tells every page that build `generation` is ready.
    pub fn reload(&self, generation: u64) {
        self.send(&event("reload", generation));
    }

    /// A comment line, to find out which clients have gone.
    pub fn ping(&self) {
        self.send(": ping\n\n");
    }

    pub fn len(&self) -> usize {
        lock(&self.clients).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn send(&self, text: &str) {
        lock(&self.clients).retain_mut(|w| {
            w.write_all(text.as_bytes())
                .and_then(|()| w.flush())
                .is_ok()
        });
    }
}

fn event(name: &str, generation: u64) -> String {
    format!("event: {name}\ndata: {generation}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_into_the_head() {
        let html = "<html><head><title>x</title></HEAD><body></body></html>";
        let out = inject(html, 7);
        assert!(out.contains(
            "<script src=\"/__paperpress/live.js\" data-generation=\"7\" defer></script></HEAD>"
        ));
        assert!(inject("<p>no head", 1).ends_with("</script>"));
        assert!(inject("", 1).starts_with("<script"));
    }
}
