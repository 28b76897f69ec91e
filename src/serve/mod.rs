//! `paperpress serve`: builds the site into a private folder, serves it over HTTP, watches
//! its sources and, on every change, rebuilds what changed and reloads every open page.

pub mod error_page;
pub mod http;
pub mod paths;
pub mod reload;
pub mod watch;

use std::collections::HashSet;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};

use crate::report::Report;
use crate::session::{Changes, Session, Update};
use crate::site_dir::SiteDir;
use http::{Published, Shared};

/// How many requests are answered at once (the event streams do not count).
const WORKERS: usize = 16;

/// How often the event streams are pinged. A stream whose client has gone is found by the
/// second write after it went (the first one only draws the client's reset), so it is let
/// go within two pings.
const PING: Duration = Duration::from_secs(2);

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// Overrides `content_dir` of site.toml.
    pub content: Option<PathBuf>,
    pub interface: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
}

/// Binds the port, with a message a person can act on when that fails.
pub fn bind(interface: IpAddr, port: u16) -> Result<TcpListener> {
    let addr = SocketAddr::new(interface, port);
    TcpListener::bind(addr).map_err(|e| match e.kind() {
        io::ErrorKind::AddrInUse => anyhow!(
            "cannot serve on {addr}: the port is already in use (is another `paperpress serve` \
             running?). Stop it, or choose another port with --port."
        ),
        io::ErrorKind::AddrNotAvailable => anyhow!(
            "cannot serve on {addr}: this machine has no such address. Use --interface \
             127.0.0.1 (the default), or one of this machine's addresses."
        ),
        io::ErrorKind::PermissionDenied => anyhow!(
            "cannot serve on {addr}: not allowed to use port {port} (ports below 1024 need \
             privileges). Choose another port with --port."
        ),
        _ => anyhow!("cannot serve on {addr}: {e}"),
    })
}

/// Sends small responses at once. The server writes a response's head and body separately;
/// with Nagle's algorithm on, the body waits for the client's delayed acknowledgement
/// (40 ms on Linux). Connections accepted from the listener inherit the option on Linux.
fn no_delay(listener: &TcpListener) {
    #[cfg(target_os = "linux")]
    {
        // Only speed is at stake: a failure here changes nothing else.
        let _ = rustix::net::sockopt::set_tcp_nodelay(listener, true);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = listener;
}

/// The address pages are served at, for base_url and for people.
fn site_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        ip if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        ip => ip,
    };
    match ip {
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/", addr.port()),
        IpAddr::V4(v4) => format!("http://{v4}:{}/", addr.port()),
    }
}

/// Serves the site until the process is stopped.
pub fn run(opts: &ServeOptions, report: &Report) -> Result<()> {
    let root = site_root(&opts.root)?;
    let (listener, addr) = listen(opts, report)?;
    let url = site_url(addr);
    let tmp = preview_folder()?;
    let out = tmp.path().join("site");
    let session_opts = SiteDir {
        root: root.clone(),
        output: Some(out.clone()),
        base_url: Some(url.clone()),
        content: opts.content.clone(),
    };
    let content = session_opts.content_dir();
    let content = content.canonicalize().unwrap_or(content);
    // Watching starts before the first build, so no change made during it is missed.
    let mut watch = watch::Watch::new(&root, &content)?;
    report.info(&format!("building {} ...", root.display()));
    let mut preview = Preview::open(session_opts, &out, report)?;
    start_server(listener, addr, &preview.shared)?;
    report.always(&format!(
        "serving {} at {url} (Ctrl-C to stop)",
        root.display()
    ));
    if opts.open
        && let Err(e) = opener::open(&url)
    {
        report.warning(&format!("cannot open a browser: {e}"));
    }
    while let Some(changes) = watch.wait() {
        preview.update(&changes, report);
    }
    bail!("stopped watching the site's files")
}

/// The site's folder, absolute, once it is known to hold a site.
fn site_root(root: &Path) -> Result<PathBuf> {
    if !root.join("site.toml").is_file() {
        return Err(crate::site_dir::no_site(root));
    }
    root.canonicalize()
        .with_context(|| format!("cannot read {}", root.display()))
}

/// Binds the server's port, warning when the preview can be read from other machines.
fn listen(opts: &ServeOptions, report: &Report) -> Result<(TcpListener, SocketAddr)> {
    let listener = bind(opts.interface, opts.port)?;
    no_delay(&listener);
    let addr = listener
        .local_addr()
        .context("cannot read the server's address")?;
    if !opts.interface.is_loopback() {
        report.warning(&format!(
            "serving on {}: anyone who can reach this machine on port {} can read the preview",
            opts.interface,
            addr.port()
        ));
    }
    Ok((listener, addr))
}

/// A private folder for the preview, removed when the process ends.
fn preview_folder() -> Result<tempfile::TempDir> {
    let tmp = tempfile::Builder::new()
        .prefix("paperpress-serve-")
        .tempdir()
        .context("cannot create a folder for the preview")?;
    remove_on_exit(tmp.path());
    Ok(tmp)
}

/// Answers requests on `WORKERS` threads, and pings the event streams every [`PING`] to
/// find the clients that have gone.
fn start_server(listener: TcpListener, addr: SocketAddr, shared: &Arc<Shared>) -> Result<()> {
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| anyhow!("cannot serve on {addr}: {e}"))?,
    );
    for _ in 0..WORKERS {
        let server = server.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                http::handle(req, &shared);
            }
        });
    }
    let shared = shared.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(PING);
            shared.hub.ping();
        }
    });
    Ok(())
}

/// The preview being served: the session that builds it, what the server shows, and the
/// number of the build the pages show.
struct Preview {
    session: Session,
    shared: Arc<Shared>,
    generation: u64,
}

impl Preview {
    /// Builds the site into `out` and makes it what the server shows.
    fn open(opts: SiteDir, out: &Path, report: &Report) -> Result<Preview> {
        let (session, first) = Session::open(opts, out)?;
        let shared = Arc::new(Shared::new(out).context("cannot read the preview folder")?);
        publish(&session, &shared, 1);
        show(&session, &first, report, true);
        Ok(Preview {
            session,
            shared,
            generation: 1,
        })
    }

    /// Rebuilds what `changes` touch and reloads the open pages; then the related papers
    /// and the stats page catch up (the pages reload again if either changed), then the
    /// feeds, the sitemap and the search index.
    fn update(&mut self, changes: &Changes, report: &Report) {
        let update = match self.session.update(changes) {
            Ok(u) => u,
            Err(e) => {
                // The preview folder could not be written (a full disk?): keep serving what
                // is there and try again on the next change.
                report.error(&format!("cannot update the preview: {e:#}"));
                return;
            }
        };
        self.reload_if(update.changed);
        show(&self.session, &update, report, false);
        // The pages are reloading; now the related papers and the stats page catch up.
        let related = self.session.update_related();
        let stats = self.session.update_stats();
        self.reload_if(related.changed || stats.changed);
        show_related(&self.session, &related, report);
        if stats.rendered > 0 {
            report.detail(&format!("stats page: {} ms", stats.elapsed.as_millis()));
        }
        // Then the feeds and the sitemap, which no page shows, and the search index.
        let feeds = self.session.update_feeds();
        if feeds.changed {
            self.reload_if(true);
            show(&self.session, &feeds, report, false);
        } else if feeds.written > 0 {
            publish(&self.session, &self.shared, self.generation);
            report.detail(&format!("feeds, sitemap: {} ms", feeds.elapsed.as_millis()));
        }
        let t = std::time::Instant::now();
        match self.session.update_search() {
            Ok(true) => {
                publish(&self.session, &self.shared, self.generation);
                report.detail(&format!("search index: {} ms", t.elapsed().as_millis()));
            }
            Ok(false) => {}
            Err(e) => report.error(&format!("cannot update the search index: {e:#}")),
        }
        report.detail(&format!(
            "caught up in {} ms",
            (update.elapsed + related.elapsed + stats.elapsed + feeds.elapsed + t.elapsed())
                .as_millis()
        ));
    }

    /// Makes the session's output what the server shows under a new generation and reloads
    /// the open pages, if `changed`.
    fn reload_if(&mut self, changed: bool) {
        if changed {
            self.generation += 1;
            publish(&self.session, &self.shared, self.generation);
            self.shared.hub.reload(self.generation);
        }
    }
}

/// Makes the session's output what the server shows.
fn publish(session: &Session, shared: &Shared, generation: u64) {
    let files: HashSet<String> = session.files().map(str::to_string).collect();
    let error_page = session
        .problem()
        .map(|p| error_page::render(&p.lines(), generation));
    shared.publish(Published {
        files,
        error_page,
        generation,
    });
}

/// Tells the person at the terminal what an update did.
fn show(session: &Session, update: &Update, report: &Report, first: bool) {
    for d in &update.diagnostics {
        report.diagnostic(d);
    }
    if let Some(p) = session.problem() {
        if let Some(fatal) = &p.fatal {
            report.error(fatal);
        }
        report.error(&format!(
            "the site has errors; the browser shows them until they are fixed ({} error(s))",
            p.errors.len() + usize::from(p.fatal.is_some())
        ));
        return;
    }
    if first {
        let site = session.site();
        report.info(&format!(
            "built {} days, {} papers, {} categories into {} pages in {} ms",
            site.days().len(),
            site.papers().len(),
            site.categories().len(),
            update.pages,
            update.elapsed.as_millis()
        ));
    } else if update.changed || report.verbose {
        report.info(&format!(
            "rebuilt in {} ms: {} file(s) parsed, {} of {} pages rendered, {} written, {} removed",
            update.elapsed.as_millis(),
            update.reparsed,
            update.rendered,
            update.pages,
            update.written,
            update.removed
        ));
    }
    if update.changed || report.verbose {
        let phases: Vec<String> = update
            .phases
            .iter()
            .map(|(p, d)| format!("{p} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect();
        report.detail(&format!("  {}", phases.join(", ")));
    }
}

/// Tells the person at the terminal what bringing the related papers up to date did.
fn show_related(session: &Session, related: &Update, report: &Report) {
    if session.problem().is_some() {
        if related.changed {
            show(session, related, report, false);
        }
        return;
    }
    let ms = related.elapsed.as_millis();
    if related.changed || (report.verbose && related.lists > 0) {
        report.info(&format!(
            "related papers in {ms} ms: {} list(s) changed, {} of {} pages rendered, {} written",
            related.lists, related.rendered, related.pages, related.written
        ));
    } else if report.verbose && !related.phases.is_empty() {
        report.info(&format!("related papers in {ms} ms: no list changed"));
    }
}

/// Removes the preview folder when the process is stopped with Ctrl-C or a signal.
fn remove_on_exit(dir: &Path) {
    let dir = dir.to_path_buf();
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&dir);
        std::process::exit(0);
    });
}
