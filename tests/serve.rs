//! `jaarrapport serve`: answers, rebuilds after an edit, survives a broken
//! edit with the last good site, and stops cleanly on Ctrl-C (SIGINT); sends
//! its security headers as HTTP headers, answers only GET and HEAD, serves
//! many clients at once, does not rebuild in a loop when its own files lie
//! inside the content, and keeps them where no one else can reach.
//! (Reload and the error overlay in Chromium: tests/browser.rs.)

mod common;
use common::Case;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A minimal HTTP/1.0 GET: status code and body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let code = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (code, body)
}

/// Polls until `f` holds; bounded, so a broken server fails the test
/// instead of hanging it. Not a speed test: the bound is generous.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("gave up waiting for: {what}");
}

struct Serving {
    child: Child,
    port: u16,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(case: &Case) -> Serving {
    serve_with(case, &[])
}

fn serve_with(case: &Case, env: &[(&str, &Path)]) -> Serving {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["serve", "content", "--port", "0"])
        .current_dir(case.root())
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Serving { child, port }
}

fn version(port: u16) -> u64 {
    let (_, body) = get(port, "/__jaarrapport/status");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    json["version"].as_u64().unwrap()
}

#[test]
fn serves_rebuilds_and_survives_a_broken_edit() {
    let case = Case::new("valid");
    let s = serve(&case);

    let (code, index) = get(s.port, "/");
    assert_eq!(code, 200);
    assert!(index.contains("Jaarrapportage Proef 2030"), "{index}");
    assert!(index.contains("/__jaarrapport/reload.js"), "the page does not reload itself");
    let (code, js) = get(s.port, "/__jaarrapport/reload.js");
    assert_eq!(code, 200);
    assert!(js.contains("location.reload()"));
    assert_eq!(get(s.port, "/static/style.css").0, 200);
    assert_eq!(get(s.port, "/../../etc/passwd").0, 404);
    assert_eq!(get(s.port, "/%2e%2e/%2e%2e/etc/passwd").0, 404);

    // An edit is rebuilt and served.
    let v1 = version(s.port);
    case.edit("bijdragen/BZK/4.1.A.md", "De normen gelden sinds maart.", "De normen gelden sinds april.");
    eventually("the rebuild after an edit", || version(s.port) > v1);
    assert!(get(s.port, "/huisvesting.html").1.contains("sinds april"));

    // A broken edit: errors for the page, the last good site still served.
    case.edit("bijdragen/BZK/4.1.A.md", "status: afgerond", "stauts: afgerond");
    eventually("the errors of a broken edit", || get(s.port, "/__jaarrapport/status").1.contains("stauts"));
    let (_, status) = get(s.port, "/__jaarrapport/status");
    assert!(status.contains("content/bijdragen/BZK/4.1.A.md:2:1: error: unknown field `stauts`"), "{status}");
    let (code, page) = get(s.port, "/huisvesting.html");
    assert_eq!(code, 200);
    assert!(page.contains("sinds april"), "the last good site is gone");

    // Fixed again: a new version, no errors.
    let v2 = version(s.port);
    case.edit("bijdragen/BZK/4.1.A.md", "stauts: afgerond", "status: afgerond");
    eventually("the rebuild after the fix", || version(s.port) > v2);
    assert!(get(s.port, "/__jaarrapport/status").1.contains("\"errors\":null"));
}

#[cfg(unix)]
#[test]
fn stops_cleanly_on_ctrl_c() {
    let case = Case::new("valid");
    let mut s = serve(&case);
    assert_eq!(get(s.port, "/").0, 200);
    let pid = s.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let mut code = None;
    eventually("the server to stop after SIGINT", || {
        code = s.child.try_wait().unwrap().map(|st| st.code());
        code.is_some()
    });
    assert_eq!(code, Some(Some(0)), "serve should exit 0 on Ctrl-C");
}

/// One HTTP/1.0 request: status, headers (lower-case names) and body.
fn request(port: u16, method: &str, path: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete reply");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let code = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (code, headers, raw[split + 4..].to_vec())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

#[test]
fn security_headers_go_out_as_http_headers_also_for_svgs() {
    let case = Case::new("valid");
    let s = serve(&case);
    for path in
        ["/", "/huisvesting.html", "/static/style.css", "/afbeeldingen/tijdlijn.svg", "/__jaarrapport/status", "/nope"]
    {
        let (_, headers, body) = request(s.port, "GET", path);
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff", "{path}");
        let csp = header(&headers, "content-security-policy");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-eval") && !csp.contains('*'), "{path}: {csp}");
        if header(&headers, "content-type").starts_with("text/html") {
            // The page's policy plus exactly what the reload needs.
            assert!(csp.contains("connect-src 'self'") && csp.contains("script-src 'self'"), "{path}: {csp}");
            assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
            let html = String::from_utf8_lossy(&body).to_ascii_lowercase();
            assert!(
                !html.contains("http-equiv=\"content-security-policy\""),
                "{path}: the page's meta policy would block the reload"
            );
        } else {
            // An SVG (or anything else) opened on its own runs nothing.
            assert!(csp.contains("sandbox") && !csp.contains("script-src"), "{path}: {csp}");
        }
    }
    let (code, headers, _) = request(s.port, "GET", "/afbeeldingen/tijdlijn.svg");
    assert_eq!((code, header(&headers, "content-type")), (200, "image/svg+xml"));
}

#[test]
fn only_get_and_head_are_answered() {
    let case = Case::new("valid");
    let s = serve(&case);
    let (code, headers, body) = request(s.port, "HEAD", "/");
    assert_eq!(code, 200);
    assert!(body.is_empty(), "HEAD has no body");
    assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"] {
        let (code, headers, _) = request(s.port, method, "/index.html");
        assert_eq!(code, 405, "{method}");
        assert_eq!(header(&headers, "allow"), "GET, HEAD", "{method}");
    }
    assert_eq!(get(s.port, "/").0, 200, "still serving");
}

#[test]
fn clients_that_do_not_read_hold_up_no_one_else() {
    let case = Case::new("valid");
    // A page of several megabytes: far more than a socket buffers.
    let mut big = case.read("bijdragen/BZK/4.1.A.md");
    for i in 0..60_000 {
        big.push_str(&format!(
            "Alinea {i} met tekst die de pagina groot maakt, zodat een trage lezer haar niet opneemt.\n\n"
        ));
    }
    case.write("bijdragen/BZK/4.1.A.md", big);
    let s = serve(&case);
    eventually("the first build", || version(s.port) >= 1);
    // Clients that ask for the big page and never read; one that sends half a request.
    let mut stuck = Vec::new();
    for _ in 0..4 {
        let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        write!(c, "GET /huisvesting.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        stuck.push(c);
    }
    let mut half = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    write!(half, "GET /index.ht").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // Everyone else is served meanwhile, by many clients at once.
    let others: Vec<_> = (0..8)
        .map(|_| {
            let port = s.port;
            std::thread::spawn(move || (get(port, "/").0, get(port, "/static/style.css").0, version(port)))
        })
        .collect();
    for o in others {
        let (a, b, v) = o.join().expect("a client was not served");
        assert_eq!((a, b), (200, 200));
        assert!(v >= 1);
    }
    drop(stuck);
    drop(half);
}

#[test]
fn its_own_files_inside_the_content_start_no_rebuild_loop() {
    let case = Case::new("valid");
    let tmp = case.content().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let s = serve_with(&case, &[("TMPDIR", &tmp)]);
    eventually("the first build", || version(s.port) >= 1);
    let first = version(s.port);
    // The watcher looks four times a second: two seconds are eight looks.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(version(s.port), first, "serve rebuilt although nothing changed");
    // Its directory is there, private and named at random, not by its pid.
    let dirs: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let name = dirs[0].file_name().into_string().unwrap();
    assert!(name.starts_with("jaarrapport-serve-") && !name.ends_with(&s.child.id().to_string()), "{name}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = dirs[0].metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{name} can be entered by others");
        let lock = std::fs::symlink_metadata(dirs[0].path().join(".jaarrapport-lock")).unwrap();
        assert!(lock.file_type().is_file(), "the lock is a plain file inside it");
    }
    // A real edit is still seen.
    case.edit("bijdragen/BZK/4.1.A.md", "De normen gelden sinds maart.", "De normen gelden sinds mei.");
    eventually("the rebuild after an edit", || version(s.port) > first);
    assert!(get(s.port, "/huisvesting.html").1.contains("sinds mei"));
}

/// A connection from `source` (any 127.x.y.z: every one is loopback) to
/// the preview: another peer than 127.0.0.1 on the same machine.
#[cfg(unix)]
fn connect_from(source: [u8; 4], port: u16) -> TcpStream {
    use rustix::net::{AddressFamily, SocketType};
    use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
    let fd = rustix::net::socket(AddressFamily::INET, SocketType::STREAM, None).unwrap();
    rustix::net::bind(&fd, &SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::from(source), 0))).unwrap();
    rustix::net::connect(&fd, &SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))).unwrap();
    TcpStream::from(fd)
}

/// Sends `head` as it is and returns the status code of the answer (0 when
/// the connection closed without one); reading is bounded.
fn status_of(mut stream: TcpStream, head: &str) -> (u16, String) {
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let _ = stream.write_all(head.as_bytes());
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    (text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0), text)
}

/// DNS rebinding: a page from elsewhere whose name now points at 127.0.0.1
/// sends its own name in `Host:`. Only the loopback address and `localhost`
/// (with the port it listens on, or none) are answered; a request without
/// one Host header is a bad request. No draft text goes out to the others.
#[test]
fn only_requests_to_its_own_loopback_name_are_answered() {
    let case = Case::new("valid");
    let s = serve(&case);
    eventually("the first build", || version(s.port) >= 1);
    let port = s.port;
    let ask = |host: &str| {
        let head = format!("GET /huisvesting.html HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n");
        status_of(TcpStream::connect(("127.0.0.1", port)).unwrap(), &head)
    };
    for host in [format!("Host: 127.0.0.1:{port}"), format!("Host: localhost:{port}"), "host: LocalHost".into()] {
        assert_eq!(ask(&host).0, 200, "{host}");
    }
    for (host, code) in [
        (format!("Host: rebind.example:{port}"), 421),
        ("Host: rebind.example".into(), 421),
        (format!("Host: 127.0.0.1.nip.io:{port}"), 421),
        (format!("Host: localhost.rebind.example:{port}"), 421),
        (format!("Host: 127.0.0.1:{}", port.wrapping_add(1)), 421),
        (format!("Host: [::1]:{port}"), 421),
        (format!("Host: 127.0.0.1:{port}\r\nHost: rebind.example"), 400),
        ("X-Forwarded-Host: 127.0.0.1".into(), 400),
    ] {
        let (got, text) = ask(&host);
        assert_eq!(got, code, "{host}: {text}");
        assert!(!text.contains("Normen voor goede huisvesting"), "{host}: the page went out");
    }
    // The reload script's status and the static files are guarded alike.
    let (got, _) = status_of(
        TcpStream::connect(("127.0.0.1", port)).unwrap(),
        "GET /__jaarrapport/status HTTP/1.1\r\nHost: rebind.example\r\n\r\n",
    );
    assert_eq!(got, 421);
}

/// A client that sends its request head a byte at a time is closed once
/// the whole head has taken too long (not only when one read waits too
/// long), and the preview answers others meanwhile.
#[test]
fn a_request_head_that_trickles_in_is_cut_off() {
    let case = Case::new("valid");
    let s = serve(&case);
    eventually("the first build", || version(s.port) >= 1);
    let mut slow = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    let start = Instant::now();
    let mut answer = Vec::new();
    let mut sent = 0;
    // Bounded: a server that never cuts it off fails the test here.
    let closed = loop {
        if start.elapsed() > Duration::from_secs(60) {
            break false;
        }
        if slow.write_all(b"X").is_err() {
            break true;
        }
        sent += 1;
        let mut buf = [0u8; 512];
        match slow.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => break true,
        }
        if sent % 5 == 0 {
            assert_eq!(get(s.port, "/").0, 200, "others are served meanwhile");
        }
    };
    assert!(closed, "a head trickling in for a minute was never cut off");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(get(s.port, "/").0, 200);
}

/// One address holding many connections open gets no more than its share:
/// further connections from it are refused at once (503), not queued, and
/// another address is served all the while; once the held connections are
/// cut off, the first address is served again.
#[cfg(unix)]
#[test]
fn one_peer_holding_connections_blocks_no_one_else() {
    let case = Case::new("valid");
    let s = serve(&case);
    eventually("the first build", || version(s.port) >= 1);
    // 100 half requests from 127.0.0.1: more than one peer may hold.
    let held: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
            c.write_all(b"GET /index.ht").unwrap();
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let one_more = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let (code, _) = status_of(one_more, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert_eq!(code, 503, "the 101st connection of one peer is refused at once");
    for source in [[127, 0, 0, 2], [127, 0, 0, 3]] {
        let (code, text) =
            status_of(connect_from(source, s.port), "GET /huisvesting.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assert_eq!(code, 200, "another peer was not served: {text}");
    }
    eventually("127.0.0.1 is served again", || {
        status_of(TcpStream::connect(("127.0.0.1", s.port)).unwrap(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").0
            == 200
    });
    drop(held);
}
