//! Live preview (`jaarrapport serve`): build the site, serve it on
//! 127.0.0.1, rebuild when the content changes and let open pages reload
//! themselves. A content error is shown in the page and on the terminal
//! while the last good site stays served.
//!
//! Security headers go out as HTTP headers: the page's own
//! Content-Security-Policy meta tag (`default-src 'none'`) would block the
//! reload script's `fetch`, so it is taken out of served pages and the
//! preview's policy, which allows exactly that one thing more, is sent
//! instead. Each request is answered on a thread of its own, so a client
//! that does not read its reply holds up no one else; a request head has a
//! deadline for the whole of it and an answer one for all of its writes, a
//! peer holds a bounded number of connections and one more is refused at
//! once, so slow clients cannot take every place for long. Only a `Host:`
//! naming the loopback address or `localhost` is answered: a web page that
//! reaches 127.0.0.1 through DNS rebinding sends its own name.

use crate::diagnostics::print_diagnostics;
use crate::output::Staging;
use crate::render;
use crate::validate;
use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// What the pages' reload script polls.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct State {
    /// Goes up with every successful build.
    pub version: u64,
    /// The diagnostics of the last failed build, as printed on a terminal.
    pub errors: Option<String>,
}

pub struct Server {
    content_dir: PathBuf,
    /// The site is built into `<out>/site`, moved into place atomically.
    out: PathBuf,
    state: Arc<Mutex<State>>,
}

/// The preview's policy for pages: the site's own (`templates/html/base.html`)
/// plus `connect-src 'self'` for the reload script's polling.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                            connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/// Everything else, an SVG opened on its own included: no script at all.
pub const FILE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; sandbox";
/// Connections handled at once; one more is answered 503 and closed at
/// once, so the accept loop never waits.
const MAX_CLIENTS: usize = 128;
/// Connections one address may hold at once: a browser opens about six;
/// a client that opens more cannot take every place.
const MAX_PER_PEER: usize = 32;
/// The whole request head must arrive within this, however it trickles in.
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// The whole answer must be taken within this, however slowly it is read.
const WRITE_DEADLINE: Duration = Duration::from_secs(120);

/// One answer: status, content type and body.
pub struct Reply {
    pub code: u16,
    pub mime: &'static str,
    pub body: Vec<u8>,
}

impl Reply {
    fn new(code: u16, mime: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { code, mime, body: body.into() }
    }

    fn not_found() -> Reply {
        Reply::new(404, "text/plain; charset=utf-8", b"not found".to_vec())
    }

    /// The headers every reply carries: never cached, never sniffed, and
    /// its policy.
    pub fn headers(&self) -> Vec<(&'static str, &'static str)> {
        let csp = if self.mime.starts_with("text/html") { PAGE_CSP } else { FILE_CSP };
        vec![
            ("Content-Type", self.mime),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Content-Security-Policy", csp),
            ("Referrer-Policy", "no-referrer"),
        ]
    }
}

const RELOAD_JS: &str = include_str!("../templates/static/reload.js");
const SCRIPT_TAG: &str = "<script src=\"/__jaarrapport/reload.js\" defer></script>";

impl Server {
    pub fn new(content_dir: &Path, out: &Path) -> Server {
        Server { content_dir: content_dir.to_path_buf(), out: out.to_path_buf(), state: Arc::default() }
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    pub fn site(&self) -> PathBuf {
        self.out.join("site")
    }

    /// Builds the HTML; on content errors keeps the previous site and
    /// records the errors for the pages to show.
    pub fn rebuild(&self) {
        self.rebuild_then(|_| {});
    }

    /// [`Server::rebuild`], handing the report to `loaded` once it is read
    /// and before anything is written: the first build says which report
    /// and year the preview shows before it says what it built.
    pub fn rebuild_then(&self, loaded: impl FnOnce(&crate::model::Report)) {
        let started = std::time::Instant::now();
        let (report, diags) = validate::load_report(&self.content_dir);
        if let Some(report) = &report {
            loaded(report);
        }
        let result = match report {
            None => Err(diags.render_errors_first(false)),
            Some(report) => Staging::begin(&self.out).map_err(|e| e.to_string()).and_then(|mut staging| {
                // The formats without typst, the site last: it offers the
                // open data the others wrote (a preview has no PDF).
                let view = crate::view::build(&report);
                let slug = &view.meta.slug;
                let tools = render::format::Tools::default();
                let mut written = Vec::new();
                for f in render::format::FORMATS.iter().filter(|f| f.tools().is_empty()) {
                    let ctx = render::format::RenderContext {
                        written: &written,
                        ..render::format::RenderContext::new(&view, &report.images, &report.theme, &tools)
                    };
                    let wrote = f.render(&ctx, &staging.dir()).map_err(|e| e.to_string())?;
                    written.extend(wrote);
                    staging.claim(f.name(), &f.outputs(slug));
                }
                staging.commit().map_err(|e| e.to_string())
            }),
        };
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok(()) => {
                state.version += 1;
                state.errors = None;
                eprintln!("built the site in {} ms", started.elapsed().as_millis());
            }
            Err(text) => {
                print_diagnostics(&diags);
                eprintln!("the last good site stays served until this is fixed");
                state.errors = Some(text);
            }
        }
    }

    pub fn state(&self) -> State {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Answers one GET (or HEAD) request.
    pub fn respond(&self, url: &str) -> Reply {
        let path = url.split(['?', '#']).next().unwrap_or("/");
        match path {
            "/__jaarrapport/reload.js" => Reply::new(200, "text/javascript; charset=utf-8", RELOAD_JS),
            "/__jaarrapport/status" => {
                Reply::new(200, "application/json", serde_json::to_vec(&self.state()).unwrap_or_default())
            }
            _ => self.file(path),
        }
    }

    fn file(&self, path: &str) -> Reply {
        let rel = path.trim_start_matches('/');
        let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        let decoded = percent_decode(&rel);
        let rel = Path::new(&decoded);
        // Only plain names below the site: no `..`, no absolute paths.
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Reply::not_found();
        }
        let full = self.site().join(rel);
        // Only regular files the build wrote: never a FIFO, never a link.
        let is_file = std::fs::symlink_metadata(&full).is_ok_and(|m| m.is_file());
        let bytes = if is_file { std::fs::read(&full) } else { Err(std::io::ErrorKind::NotFound.into()) };
        match bytes {
            Ok(bytes) => {
                let mime = mime(&full);
                if mime.starts_with("text/html") {
                    Reply::new(200, mime, inject(bytes))
                } else {
                    Reply::new(200, mime, bytes)
                }
            }
            Err(_) if self.state().version == 0 => {
                // No good build yet: a page that shows the errors and reloads when fixed.
                let page = format!(
                    "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>jaarrapport</title></head>\
                     <body><h1>De inhoud heeft fouten</h1><p>Zie hieronder of in de terminal.</p>{SCRIPT_TAG}</body></html>"
                );
                Reply::new(200, "text/html; charset=utf-8", page)
            }
            Err(_) => Reply::not_found(),
        }
    }
}

/// The page as the preview serves it: the reload script added, and the
/// page's own policy meta tag taken out (the HTTP header replaces it; two
/// policies would both apply and block the reload).
fn inject(bytes: Vec<u8>) -> Vec<u8> {
    let html = without_csp_meta(&String::from_utf8_lossy(&bytes));
    match html.rfind("</body>") {
        Some(at) => format!("{}{SCRIPT_TAG}{}", &html[..at], &html[at..]).into_bytes(),
        None => html.into_bytes(),
    }
}

fn without_csp_meta(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    while let Some(at) = lower[from..].find("<meta").map(|i| from + i) {
        let end = lower[at..].find('>').map_or(html.len(), |i| at + i + 1);
        out.push_str(&html[from..at]);
        if !lower[at..end].contains("content-security-policy") {
            out.push_str(&html[at..end]);
        }
        from = end;
    }
    out.push_str(&html[from..]);
    out
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes in a URL path; a malformed escape stays as it is.
/// Public because the HTML tests resolve the site's links the same way.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A cheap summary of every file's name, size and time under `dir`:
/// polling it a few times a second costs little for a few hundred files and
/// behaves the same on every platform and file share. `skip` (the preview's
/// own output, when `TMPDIR` lies inside the content) is left out, or every
/// rebuild would start the next.
pub fn fingerprint(dir: &Path, skip: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let skip = std::fs::canonicalize(skip).unwrap_or_else(|_| skip.to_path_buf());
    let mut v: Vec<_> = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .max_depth(12)
        .into_iter()
        .filter_entry(|e| e.path() != skip)
        .filter_map(Result::ok)
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.path().to_path_buf(), meta.len(), meta.modified().ok()))
        })
        .collect();
    v.sort();
    v
}

/// How long the content must stay as it is before a change is built, and
/// how long at most to wait for that while it keeps changing.
const SETTLE_PAUSE: Duration = Duration::from_millis(120);
const SETTLE_LIMIT: Duration = Duration::from_secs(3);

/// What `look` sees once two looks `pause` apart agree (or `limit` has
/// passed): a file caught half written (emptied, not yet filled) is not
/// built as if it were the writer's text.
fn settled<T: PartialEq>(mut look: impl FnMut() -> T, pause: Duration, limit: Duration) -> T {
    let start = Instant::now();
    let mut seen = look();
    loop {
        std::thread::sleep(pause);
        let now = look();
        if now == seen || start.elapsed() >= limit {
            return now;
        }
        seen = now;
    }
}

/// Serves until `stop` is set (by Ctrl-C). Each connection gets its own
/// thread and one answer (`Connection: close`). tiny_http was used before,
/// but its thread pool can leave a new connection queued behind idle
/// keep-alive connections for as long as the browser keeps them open: a
/// page with six resources then never finished loading.
pub fn run(server: Arc<Server>, port: u16, stop: Arc<AtomicBool>) -> std::io::Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    listener.set_nonblocking(true)?;
    println!("serving http://127.0.0.1:{}/ (Ctrl-C stops)", listener.local_addr()?.port());

    let watcher = {
        let server = Arc::clone(&server);
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let look = || fingerprint(&server.content_dir, &server.out);
            let mut last = look();
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(250));
                if look() != last {
                    // An editor that writes a file in place empties it
                    // first: build what the files hold once they hold still.
                    last = settled(look, SETTLE_PAUSE, SETTLE_LIMIT);
                    server.rebuild();
                }
            }
        })
    };

    let port = listener.local_addr()?.port();
    let places = Arc::new(Mutex::new(Places::default()));
    while !stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((mut stream, peer)) => {
                let peer = peer.ip();
                if !lock(&places).take(peer) {
                    // Refused without waiting: the reply fits any socket buffer.
                    let _ = stream.set_nonblocking(true);
                    let _ = stream.write_all(&head_of(&busy_reply(), false));
                    continue;
                }
                let server = Arc::clone(&server);
                let places = Arc::clone(&places);
                std::thread::spawn(move || {
                    answer(&server, stream, port);
                    lock(&places).give_back(peer);
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                eprintln!("warning: a connection failed: {e}");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    let _ = watcher.join();
    Ok(())
}

/// The connections being handled, in all and per address.
#[derive(Default)]
struct Places {
    total: usize,
    per_peer: std::collections::HashMap<IpAddr, usize>,
}

impl Places {
    /// Takes a place for a connection from `peer`, when there is one.
    fn take(&mut self, peer: IpAddr) -> bool {
        let held = self.per_peer.get(&peer).copied().unwrap_or(0);
        if self.total >= MAX_CLIENTS || held >= MAX_PER_PEER {
            return false;
        }
        self.total += 1;
        self.per_peer.insert(peer, held + 1);
        true
    }

    fn give_back(&mut self, peer: IpAddr) {
        self.total = self.total.saturating_sub(1);
        if let Some(n) = self.per_peer.get_mut(&peer) {
            *n -= 1;
            if *n == 0 {
                self.per_peer.remove(&peer);
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn busy_reply() -> Reply {
    Reply::new(503, "text/plain; charset=utf-8", b"too many connections; try again".to_vec())
}

/// The longest request head read; the preview only ever needs the first line.
const MAX_HEAD: usize = 16 * 1024;

/// The names a request may give in `Host:`: the loopback address the
/// preview listens on and `localhost`, with or without its port. Any other
/// name means the page that sent it was loaded from elsewhere and reaches
/// 127.0.0.1 only through DNS rebinding: it gets no draft.
fn host_allowed(head: &str, port: u16) -> Result<(), u16> {
    let mut hosts = head
        .split("\r\n")
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_ascii_lowercase());
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        // None, or more than one: not a request to answer.
        return Err(400);
    };
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) if !name.contains(':') => (name, Some(p)),
        _ => (host.as_str(), None),
    };
    let port_ok = given_port.is_none_or(|p| p.parse::<u16>() == Ok(port));
    if matches!(name, "127.0.0.1" | "localhost") && port_ok { Ok(()) } else { Err(421) }
}

/// Reads the request head until its end, the size limit, or the deadline
/// for the whole of it: a client that sends a byte now and then cannot
/// hold its place longer than [`HEAD_DEADLINE`]. `None` when the time ran out.
fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return None;
        }
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return None;
            }
            Err(_) => break,
        }
    }
    Some(head)
}

/// Writes all of `bytes` by the deadline, or gives up.
fn write_by(stream: &mut TcpStream, bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    for chunk in bytes.chunks(64 * 1024) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        stream.write_all(chunk)?;
    }
    Ok(())
}

/// The status line and headers of a reply.
fn head_of(reply: &Reply, allow: bool) -> Vec<u8> {
    let reason = match reply.code {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        503 => "Service Unavailable",
        _ => "Bad Request",
    };
    let mut header =
        format!("HTTP/1.1 {} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n", reply.code, reply.body.len());
    for (name, value) in reply.headers() {
        header.push_str(&format!("{name}: {value}\r\n"));
    }
    if allow {
        header.push_str("Allow: GET, HEAD\r\n");
    }
    header.push_str("\r\n");
    header.into_bytes()
}

/// Reads one request's head and answers it: `GET` and `HEAD` only, for a
/// `Host:` of its own only, every reply with the headers of [`Reply::headers`].
fn answer(server: &Server, mut stream: TcpStream, port: u16) {
    let _ = stream.set_nonblocking(false);
    let deadline = Instant::now() + HEAD_DEADLINE + WRITE_DEADLINE;
    let text =
        |reply: u16, body: &'static str| Reply::new(reply, "text/plain; charset=utf-8", body.as_bytes().to_vec());
    let Some(head) = read_head(&mut stream) else {
        let reply = text(408, "the request took too long");
        let _ = write_by(&mut stream, &head_of(&reply, false), deadline);
        let _ = write_by(&mut stream, &reply.body, deadline);
        return;
    };
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (request_line.next(), request_line.next());
    let reply = match (method, target, host_allowed(&head, port)) {
        (Some(_), Some(_), Err(421)) => text(421, "this preview answers only to 127.0.0.1 and localhost"),
        (Some(_), Some(_), Err(_)) => text(400, "bad request: one Host header is needed"),
        (Some("GET" | "HEAD"), Some(target), Ok(())) => server.respond(target),
        (Some(_), Some(_), Ok(())) => text(405, "method not allowed"),
        _ => text(400, "bad request"),
    };
    if write_by(&mut stream, &head_of(&reply, reply.code == 405), deadline).is_ok() && method != Some("HEAD") {
        let _ = write_by(&mut stream, &reply.body, deadline);
    }
    let _ = stream.flush();
}

#[cfg(test)]
mod tests {
    use super::{host_allowed, percent_decode, settled};
    use std::time::Duration;

    /// A file seen emptied and then filled is built once it holds still,
    /// not as the empty file the first look caught; content that never
    /// holds still is built after the limit all the same.
    #[test]
    fn a_change_is_built_once_the_files_hold_still() {
        let mut looks = [0, 812, 812].into_iter();
        // The first look after the change sees the file emptied.
        let seen = settled(|| looks.next().unwrap_or(812), Duration::ZERO, Duration::from_secs(60));
        assert_eq!(seen, 812);
        let mut n = 0;
        let moving = settled(
            || {
                n += 1;
                n
            },
            Duration::from_millis(1),
            Duration::from_millis(20),
        );
        assert!(moving > 1);
    }

    #[test]
    fn only_its_own_host_names_pass() {
        let head = |host: &str| format!("GET / HTTP/1.1\r\n{host}\r\n\r\n");
        for ok in ["Host: 127.0.0.1", "Host: 127.0.0.1:8000", "host: LOCALHOST:8000", "HOST:  localhost "] {
            assert_eq!(host_allowed(&head(ok), 8000), Ok(()), "{ok}");
        }
        for (bad, code) in [
            ("Host: evil.example", 421),
            ("Host: evil.example:8000", 421),
            ("Host: 127.0.0.1:8001", 421),
            ("Host: 127.0.0.1.nip.io:8000", 421),
            ("Host: localhost.evil.example", 421),
            ("Host: [::1]:8000", 421),
            ("Host: 127.0.0.1:", 421),
            ("Host:", 421),
            ("X-Host: 127.0.0.1", 400),
            ("Host: 127.0.0.1\r\nHost: evil.example", 400),
        ] {
            assert_eq!(host_allowed(&head(bad), 8000), Err(code), "{bad}");
        }
        assert_eq!(host_allowed("GET / HTTP/1.0\r\n\r\n", 8000), Err(400));
    }

    #[test]
    fn percent_escapes_decode_and_malformed_ones_stay() {
        assert_eq!(percent_decode("hoofdstuk%20werk.html"), "hoofdstuk werk.html");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
    }
}
