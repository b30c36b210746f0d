//! `jaarrapport serve`: answers, rebuilds after an edit, survives a broken
//! edit with the last good site, and stops cleanly on Ctrl-C (SIGINT).

mod common;
use common::Case;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_jaarrapport"))
        .args(["serve", "content", "--port", "0"])
        .current_dir(case.root())
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
