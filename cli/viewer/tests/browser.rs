//! End to end: the viewer in a real headless Chromium, driven through chromedriver's
//! WebDriver protocol (plain HTTP and JSON on 127.0.0.1). Opens the viewer on the largest
//! conformance program, searches for a function, clicks through to a callee, clicks a
//! variable and checks the SVG and the annotation shown; then opens the viewer of a program
//! with a type error and checks the failing line is highlighted.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian's `chromium` and
//! `chromium-driver`, installed by `tools/setup`). Without them the test says so and passes,
//! unless RPY_REQUIRE_BROWSER or CI is set, where it fails. RPY_SCREENSHOT=FILE.png saves a
//! screenshot of the viewer (the README's picture is made so).

use rpy_driver::Options;
use rpy_viewer::{Server, Site};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn shared_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// One HTTP request to chromedriver; returns the JSON `value` or the WebDriver error.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
    s.write_all(req.as_bytes()).map_err(|e| format!("write: {e}"))?;
    // Read the header, then exactly Content-Length bytes (chromedriver keeps connections
    // open), or chunks up to the last one.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = s.read(&mut chunk).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("connection closed before the header ended".into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
    let length = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let body = &buf[header_end..];
        let done = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = s.read(&mut chunk).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let rest = String::from_utf8_lossy(&buf[header_end..]).to_string();
    let text = if chunked { dechunk(&rest) } else { rest };
    let v: Value = serde_json::from_str(&text).map_err(|e| format!("bad JSON ({e}): {text}"))?;
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    if head.starts_with("http/1.1 2") {
        Ok(value)
    } else {
        Err(format!("{method} {path}: {value}"))
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// chromedriver and one browser session; both end when dropped.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
        let mut driver = Command::new(CHROMEDRIVER).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("chromedriver starts");
        let start = Instant::now();
        while !http(port, "GET", "/status", None).map(|v| v["ready"] == json!(true)).unwrap_or(false) {
            if start.elapsed() > Duration::from_secs(30) {
                let _ = driver.kill();
                panic!("chromedriver did not become ready in 30 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900"],
        } } } });
        let session = match http(port, "POST", "/session", Some(&caps)) {
            Ok(v) => v["sessionId"].as_str().expect("a session id").to_string(),
            Err(e) => {
                let _ = driver.kill();
                panic!("cannot start Chromium: {e}");
            }
        };
        Browser { driver, port, session }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("/session/{}{path}", self.session);
        http(self.port, method, &url, body.as_ref()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn js(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// Waits until `script` returns something truthy (JS), for up to 20 s; returns it.
    fn wait_for(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.js(script);
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let shot = self.call("GET", "/screenshot", None);
                let path = std::env::temp_dir().join("rpy-viewer-failure.png");
                if let Some(b64) = shot.as_str() {
                    let _ = std::fs::write(&path, base64_decode(b64));
                }
                panic!("timed out waiting for {what} (screenshot: {})", path.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find(&self, css: &str) -> String {
        let v = self.call("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element for {css}")).to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/value"), Some(json!({ "text": text })));
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &format!("/element/{e}/text"), None).as_str().unwrap_or("").to_string()
    }

    fn screenshot(&self, path: &Path) {
        let shot = self.call("GET", "/screenshot", None);
        std::fs::write(path, base64_decode(shot.as_str().expect("base64 PNG"))).expect("write the screenshot");
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = s.bytes().filter_map(val).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}

/// One browser at a time: parallel Chromiums on a small CI machine only slow each other down.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn browser_present() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    let required = std::env::var_os("RPY_REQUIRE_BROWSER").is_some() || std::env::var_os("CI").is_some();
    assert!(!required, "{CHROMIUM} or {CHROMEDRIVER} is missing, and RPY_REQUIRE_BROWSER or CI is set: run tools/setup");
    eprintln!("SKIPPED: {CHROMIUM} or {CHROMEDRIVER} is missing (install Debian's chromium and chromium-driver with tools/setup)");
    false
}

fn serve(program: &Path) -> Server {
    let site = rpy_viewer::site(program, &Options::default()).unwrap_or_else(|f| panic!("{}", f.render(false)));
    Server::start(Arc::new(site), 0).expect("the server starts")
}

#[test]
fn viewer_in_chromium() {
    if !browser_present() {
        return;
    }
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let program = shared_dir().join("conformance/run/interp_minilang_01.py");
    let server = serve(&program);
    let browser = Browser::start();

    // The list of functions, searched.
    browser.goto(&server.url);
    browser.wait_for("the function list", "return document.querySelectorAll('#functions li').length > 10");
    browser.wait_for("the entry's graph", "return document.querySelector('#graph svg g[data-block]') !== null");
    browser.type_into("#search", "Parser.stat");
    let visible = browser.wait_for(
        "the search to filter the list",
        "const v = [...document.querySelectorAll('#functions li')].filter(li => !li.hidden).map(li => li.dataset.name); return v.length > 0 && v.every(n => n.toLowerCase().includes('parser.stat')) ? v : null",
    );
    assert!(visible.as_array().is_some_and(|v| v.iter().any(|n| n == "interp_minilang_01.Parser.statement")), "{visible}");

    // A function's graph, drawn as SVG at the annotated stage.
    browser.click("#functions li[data-name='interp_minilang_01.Parser.statement']");
    let id = browser.wait_for(
        "Parser.statement's graph",
        "const s = document.querySelector('#graph svg'); const li = document.querySelector(\"#functions li[data-name='interp_minilang_01.Parser.statement']\"); return s && s.dataset.func === li.dataset.func && s.dataset.stage === 'annotated' ? s.dataset.func : null",
    );
    let blocks = browser.js("return document.querySelectorAll('#graph svg g[data-block] rect.box').length");
    assert!(blocks.as_u64().is_some_and(|n| n > 3), "Parser.statement has several blocks: {blocks}");
    assert!(browser.text("#title").contains("Parser.statement"));

    // Click through to a callee.
    let callee = browser.js(
        "const c = [...document.querySelectorAll('#graph svg .callee')].find(t => t.textContent !== 'Parser.statement'); if (!c) return null; c.setAttribute('id', 'the-callee'); c.scrollIntoView({block: 'center', inline: 'center'}); return [c.dataset.func, c.textContent]",
    );
    let (callee_id, callee_name) = (callee[0].as_str().expect("a callee").to_string(), callee[1].as_str().unwrap_or("").to_string());
    assert_ne!(Value::String(callee_id.clone()), id);
    browser.click("#the-callee");
    browser.wait_for("the callee's graph", &format!("const s = document.querySelector('#graph svg'); return s && s.dataset.func === '{callee_id}'"));
    assert!(browser.text("#title").contains(&callee_name), "the title names the callee {callee_name}");
    assert!(browser.js("return location.hash").as_str().is_some_and(|h| h.starts_with(&format!("#/f/{callee_id}/"))));

    // Click a variable: the callee is a method, whose first parameter is `self`.
    browser.js("document.querySelector('#graph svg g.start .header .var').scrollIntoView({block: 'center', inline: 'center'})");
    browser.click("#graph svg g.start .header .var");
    browser.wait_for("the variable's information", "return document.getElementById('info-ann')");
    assert_eq!(browser.text("#info-local"), "self");
    assert_eq!(browser.text("#info-ann"), "Parser");
    assert_eq!(browser.text("#info-ll"), "Ptr(inst_Parser)");
    let selected = browser.js("return document.querySelectorAll('#graph .var.selected').length");
    assert!(selected.as_u64().is_some_and(|n| n >= 1));

    // The same function lowered.
    browser.click("input[name=stage][value=lowered]");
    browser.wait_for("the lowered graph", &format!("const s = document.querySelector('#graph svg'); return s && s.dataset.func === '{callee_id}' && s.dataset.stage === 'lowered'"));
    assert!(browser.text("#graph").contains("Ptr(inst_Parser)"));

    // The call graph and the classes.
    browser.click("#nav-classes");
    browser.wait_for("the class hierarchy", "return [...document.querySelectorAll('#graph svg text')].some(t => t.textContent === 'class Parser')");
    assert!(browser.text("#graph").contains(".pos: int"), "the classes show their attributes' types");
    browser.click("#nav-callgraph");
    browser.wait_for("the call graph", "const t = document.querySelector('#graph svg .title'); return t && t.textContent === 'call graph' && document.querySelectorAll('#graph svg .callee').length > 10");

    if let Some(path) = std::env::var_os("RPY_SCREENSHOT") {
        // The README's picture: a small method, annotated, with a variable selected.
        let id = browser.js("return document.querySelector(\"#functions li[data-name='interp_minilang_01.Parser.accept']\").dataset.func");
        let id = id.as_str().expect("Parser.accept is listed").to_string();
        browser.goto(&format!("{}#/f/{id}/annotated", server.url));
        browser.wait_for("the graph", &format!("const s = document.querySelector('#graph svg'); return s && s.dataset.func === '{id}' && s.dataset.stage === 'annotated'"));
        browser.js("document.getElementById('search').value = 'Parser'; document.getElementById('search').dispatchEvent(new Event('input'))");
        browser.click("#graph svg g.start .op .var");
        browser.wait_for("the variable's information", "return document.getElementById('info-ann')");
        browser.screenshot(Path::new(&path));
    }
    drop(browser);
    server.stop();
}

#[test]
fn failing_operation_is_highlighted_in_chromium() {
    if !browser_present() {
        return;
    }
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("rpy-viewer-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let program = dir.join("bad.py");
    std::fs::write(&program, "def f(a):\n    return a + 1\n\ndef main(argv):\n    print(f(\"x\"))\n    return 0\n").expect("write");
    let site = rpy_viewer::site(&program, &Options::default()).unwrap_or_else(|f| panic!("{}", f.render(false)));
    let at = site.model.failure.as_ref().and_then(|f| f.at).expect("the error is placed");
    let fragment = Site::fragment(&at);
    let server = Server::start(Arc::new(site), 0).expect("the server starts");
    let browser = Browser::start();
    browser.goto(&format!("{}{fragment}", server.url));
    browser.wait_for("the highlighted operation", "return document.querySelector('#graph svg .line-bg.error.selected') !== null");
    assert!(browser.text("#failure-text").contains("bad-operation"));
    assert!(browser.text("#info-op").contains("add"), "the info panel shows the failing operation");
    drop(browser);
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn static_pages_work_from_the_file_system_in_chromium() {
    if !browser_present() {
        return;
    }
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("rpy-viewer-static-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/fib.py");
    let site = rpy_viewer::site(&program, &Options::default()).unwrap_or_else(|f| panic!("{}", f.render(false)));
    let fib = site.model.functions.iter().position(|f| f.name == "fib.fib").expect("fib.fib");
    let n = site.write_static(&dir).expect("the static pages are written");
    assert_eq!(n, site.paths().len());
    let browser = Browser::start();
    browser.goto(&format!("file://{}#/f/{fib}/annotated", dir.join("index.html").display()));
    browser.wait_for("fib's graph", &format!("const s = document.querySelector('#graph svg'); return s && s.dataset.func === '{fib}'"));
    browser.click("#graph svg g.start .header .var");
    browser.wait_for("the variable's information", "return document.getElementById('info-ann')");
    assert_eq!(browser.text("#info-local"), "n");
    assert_eq!(browser.text("#info-ann"), "int");
    assert_eq!(browser.text("#info-ll"), "Signed");
    drop(browser);
    let _ = std::fs::remove_dir_all(&dir);
}
