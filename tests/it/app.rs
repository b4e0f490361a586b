//! `renkei app` over HTTP: the security checks, the limits, the stop on
//! Ctrl-C, and the numbers it serves equal to the commands'. The requests
//! are written by hand on a TCP socket (`send`) because these tests must set
//! Host and Origin freely, which HTTP clients normalise; the browser test
//! (`app_webdriver`) drives Chromium through WebDriver with the same helper.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `renkei app`, stopped when dropped.
pub struct RunningApp {
    child: Child,
    pub port: u16,
    pub token: String,
    /// The private folder it copies uploads to (from its stderr).
    pub folder: PathBuf,
}

pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {} {}", self.status, self.text()))
    }
}

/// One HTTP/1.1 request on its own connection; `headers` are written as
/// given (Host included), the body with its length.
pub fn send(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // A refused body may be cut off; the answer is still read.
    let _ = stream.write_all(body);
    // The answer is read up to its Content-Length: some servers
    // (chromedriver) keep the connection open whatever the request says.
    let mut raw = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    let (split, length) = loop {
        let n = stream.read(&mut buffer).expect("read the answer");
        assert!(n > 0 || !raw.is_empty(), "no answer");
        raw.extend_from_slice(&buffer[..n]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head.lines().find_map(|l| {
                l.strip_prefix("content-length:")
                    .and_then(|v| v.trim().parse::<usize>().ok())
            });
            break (split, length);
        }
        assert!(n > 0, "the answer ended in its headers");
    };
    match length {
        Some(length) => {
            while raw.len() < split + 4 + length {
                let n = stream.read(&mut buffer).expect("read the answer");
                assert!(n > 0, "the answer ended early");
                raw.extend_from_slice(&buffer[..n]);
            }
        }
        None => {
            stream.read_to_end(&mut raw).expect("read the answer");
        }
    }
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    Response { status, head, body }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16)
                .unwrap();
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

impl RunningApp {
    /// Starts the app speaking English (its messages are easier to check).
    pub fn start(extra: &[&str]) -> RunningApp {
        RunningApp::launch("en", extra)
    }

    /// Starts the app speaking Japanese, as a user's would.
    pub fn start_in(extra: &[&str]) -> RunningApp {
        RunningApp::launch("ja", extra)
    }

    fn launch(lang: &str, extra: &[&str]) -> RunningApp {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("renkei"))
            .args(["app", "--no-browser", "--port", "0", "--lang", lang])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("renkei app starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // http://127.0.0.1:PORT/?token=HEX
        let address = first.trim();
        let rest = address
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line is the address: {address:?}"));
        let (port, token) = rest.split_once("/?token=").unwrap();
        let mut said = String::new();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        // The second line names the private folder, in either language.
        let (before, after) = match lang {
            "en" => ("copied to ", " and deleted"),
            _ => ("写しは ", " に置き"),
        };
        while !said.contains(after) {
            assert!(err.read_line(&mut said).unwrap() > 0, "{said}");
        }
        let folder = said
            .split(before)
            .nth(1)
            .and_then(|s| s.split(after).next())
            .map(PathBuf::from)
            .unwrap();
        RunningApp {
            child,
            port: port.parse().unwrap(),
            token: token.to_string(),
            folder,
        }
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A request as the app's own page sends it (Host and token right).
    pub fn call(&self, method: &str, path: &str, body: &[u8]) -> Response {
        self.call_with(method, path, &[], body)
    }

    pub fn call_with(
        &self,
        method: &str,
        path: &str,
        extra: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let host = self.host();
        let mut headers = vec![
            ("Host", host.as_str()),
            ("X-Renkei-Token", self.token.as_str()),
        ];
        headers.extend_from_slice(extra);
        send(self.port, method, path, &headers, body)
    }

    pub fn upload(&self, slot: &str, file: &str) -> Response {
        let bytes = std::fs::read(file).unwrap();
        let name = std::path::Path::new(file)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        self.call_with(
            "POST",
            &format!("/api/upload/{slot}"),
            &[("X-File-Name", &name)],
            &bytes,
        )
    }

    /// Runs `path` and returns the JSON of the result it keeps.
    pub fn result_json(&self, path: &str) -> serde_json::Value {
        let r = self.call("POST", path, b"");
        assert_eq!(r.status, 200, "{}", r.text());
        let id = r.json()["id"].as_u64().unwrap();
        let d = self.call("GET", &format!("/download/{id}.json"), b"");
        assert_eq!(d.status, 200, "{}", d.text());
        d.json()
    }

    /// Sends Ctrl-C; returns the exit status and how long the app took.
    pub fn interrupt(mut self) -> (std::process::ExitStatus, Duration) {
        let started = Instant::now();
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, started.elapsed());
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the app did not stop"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Timings differ from run to run; everything else must not.
fn without_timings(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("seconds");
            m.values_mut().for_each(without_timings);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(without_timings),
        _ => {}
    }
}

/// The command's JSON, run in `dir` on bare file names, so that the files
/// are named as the app names them (by the name the user uploaded).
fn cli_json(dir: &str, args: &[&str]) -> serde_json::Value {
    let out = renkei()
        .current_dir(dir)
        .args(args)
        .args(["--format", "json", "--lang", "en"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_same(mut app: serde_json::Value, mut cli: serde_json::Value) {
    without_timings(&mut app);
    without_timings(&mut cli);
    assert_eq!(app, cli);
}

#[test]
fn every_request_needs_the_token_the_own_host_and_no_foreign_origin() {
    let app = RunningApp::start(&[]);
    let host = app.host();
    // No token: 403, with a message saying what to open.
    let r = send(app.port, "GET", "/", &[("Host", &host)], b"");
    assert_eq!(r.status, 403);
    assert!(r.text().contains("token"), "{}", r.text());
    let r = send(app.port, "GET", "/?token=0123", &[("Host", &host)], b"");
    assert_eq!(r.status, 403);
    // The right token in the address: the page, and a cookie for the rest.
    let r = send(
        app.port,
        "GET",
        &format!("/?token={}", app.token),
        &[("Host", &host)],
        b"",
    );
    assert_eq!(r.status, 200);
    assert!(r.head.contains("HttpOnly; SameSite=Strict"), "{}", r.head);
    let csp = r
        .head
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with("content-security-policy:")
        })
        .expect("a CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let cookie = format!("renkei_token_{}={}", app.port, app.token);
    let r = send(
        app.port,
        "GET",
        "/static/app.js",
        &[("Host", &host), ("Cookie", &cookie)],
        b"",
    );
    assert_eq!(r.status, 200);
    // DNS rebinding: the attacker's own name as Host.
    let evil = format!("rebind.example:{}", app.port);
    let r = send(
        app.port,
        "GET",
        &format!("/?token={}", app.token),
        &[("Host", &evil)],
        b"",
    );
    assert_eq!(r.status, 403);
    // Cross-site POST, even with the cookie a browser would attach.
    let r = send(
        app.port,
        "POST",
        "/api/survey/init",
        &[
            ("Host", &host),
            ("Cookie", &cookie),
            ("Origin", "http://evil.example"),
        ],
        b"",
    );
    assert_eq!(r.status, 403);
    assert!(r.text().contains("another site"), "{}", r.text());
}

#[test]
fn an_oversize_upload_is_refused_with_413_and_a_message() {
    let app = RunningApp::start(&["--max-upload", "1"]);
    let big = vec![b'a'; (1 << 20) + 10];
    let r = app.call_with(
        "POST",
        "/api/upload/returns",
        &[("X-File-Name", "big.csv")],
        &big,
    );
    assert_eq!(r.status, 413);
    assert!(
        r.json()["error"].as_str().unwrap().contains("1 MiB"),
        "{}",
        r.text()
    );
    // A file of a kind no reader takes, and a slot that is no slot.
    let r = app.call_with(
        "POST",
        "/api/upload/returns",
        &[("X-File-Name", "x.exe")],
        b"MZ",
    );
    assert_eq!(r.status, 415);
    let r = app.call_with(
        "POST",
        "/api/upload/..%2Fetc",
        &[("X-File-Name", "a.csv")],
        b"a",
    );
    assert_eq!(r.status, 404);
}

#[test]
fn a_label_that_is_markup_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("returns.csv");
    std::fs::write(
        &file,
        "id,class,<img src=x onerror=alert(1)>\na,市,<script>alert(2)</script>\nb,町,はい\nc,村,はい\n",
    )
    .unwrap();
    let app = RunningApp::start(&[]);
    let r = app.upload("returns", file.to_str().unwrap());
    assert_eq!(r.status, 200, "{}", r.text());
    let r = app.call("POST", "/api/survey/init", b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let s = r.json();
    let view = app.call("GET", &format!("/view/{}", s["view"]), b"");
    let html = view.text();
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("<img") && !html.contains("<script"),
        "{html}"
    );
    // The report's frame runs no script at all.
    assert!(view.head.contains("default-src 'none'"), "{}", view.head);
}

#[test]
fn tables_evaluation_ratios_and_checklists_are_the_commands_numbers() {
    let app = RunningApp::start(&[]);
    // 表3: the shipped returns with the shipped definition.
    assert_eq!(
        app.upload("returns", "surveys/renkei-2025/returns.csv")
            .status,
        200
    );
    let r = app.call("POST", "/api/survey/init", b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let definition = std::fs::read("surveys/renkei-2025/survey.json").unwrap();
    let r = app.call("POST", "/api/survey/definition", &definition);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["units"], 113);
    let table = app.result_json("/api/survey/table?question=implementation&by=class");
    let cli = cli_json(
        ".",
        &[
            "tab",
            "--survey",
            "surveys/renkei-2025",
            "--question",
            "implementation",
            "--by",
            "class",
        ],
    );
    assert_same(table.clone(), cli);
    assert!(
        (table["tests"]["pearson"]["p"].as_f64().unwrap() - 0.0733).abs() < 5e-5,
        "{table}"
    );

    assert_eq!(app.upload("plan", "seeds/otaru-midterm.csv").status, 200);
    assert_same(
        app.result_json("/api/evaluate"),
        cli_json("seeds", &["evaluate", "otaru-midterm.csv"]),
    );

    assert_eq!(app.upload("study", "examples/ndb/study.csv").status, 200);
    assert_eq!(
        app.upload("standard", "examples/ndb/standard.csv").status,
        200
    );
    assert_same(
        app.result_json("/api/ratio?masked=exclude"),
        cli_json(
            "examples/ndb",
            &[
                "ratio",
                "--study",
                "study.csv",
                "--standard",
                "standard.csv",
                "--masked",
                "exclude",
            ],
        ),
    );

    assert_eq!(
        app.upload("checklist", "checklists/examples/prefecture-32.csv")
            .status,
        200
    );
    assert_same(
        app.result_json("/api/checklist?checklist=prefecture-32&by=uses_checklist"),
        cli_json(
            "checklists/examples",
            &[
                "checklist",
                "--checklist",
                "prefecture-32",
                "--returns",
                "prefecture-32.csv",
                "--by",
                "uses_checklist",
            ],
        ),
    );
    // The form's radar box: each council's chart a radar chart in the
    // workbook the page offers.
    let r = app.call(
        "POST",
        "/api/checklist?checklist=prefecture-32&radar=1",
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["id"].as_u64().unwrap();
    let d = app.call("GET", &format!("/download/{id}.xlsx"), b"");
    assert_eq!(d.status, 200);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(d.body.clone())).unwrap();
    let radars = (0..zip.len())
        .filter(|&i| {
            let mut text = String::new();
            let mut f = zip.by_index(i).unwrap();
            f.name().unwrap().starts_with("xl/charts/")
                && std::io::Read::read_to_string(&mut f, &mut text).is_ok()
                && text.contains("<c:radarChart>")
        })
        .count();
    assert_eq!(radars, 47);
    // A path is never taken for a checklist.
    let r = app.call("POST", "/api/checklist?checklist=%2Fetc%2Fpasswd", b"");
    assert_eq!(r.status, 422);
}

#[test]
fn an_input_error_names_the_users_file_not_the_private_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan-2024.csv");
    std::fs::write(
        &file,
        "id,item,baseline,current,target\n1,歩数,abc,7000,8000\n",
    )
    .unwrap();
    let app = RunningApp::start(&[]);
    assert_eq!(app.upload("plan", file.to_str().unwrap()).status, 200);
    let r = app.call("POST", "/api/evaluate", b"");
    assert_eq!(r.status, 422);
    let message = r.json()["error"].as_str().unwrap().to_string();
    assert!(
        message.contains("plan-2024.csv") && message.contains("abc"),
        "{message}"
    );
    assert!(!message.contains(app.folder.to_str().unwrap()), "{message}");
}

#[test]
fn ctrl_c_stops_the_app_within_a_second_and_deletes_the_uploads() {
    let app = RunningApp::start(&[]);
    assert_eq!(app.upload("plan", "seeds/otaru-midterm.csv").status, 200);
    let folder = app.folder.clone();
    assert!(folder.join("plan.csv").is_file());
    let (status, took) = app.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(!folder.exists(), "{}", folder.display());
}

#[test]
fn a_table_comes_first_with_its_asymptotic_tests_then_with_the_exact_test() {
    let app = RunningApp::start(&[]);
    assert_eq!(
        app.upload("returns", "surveys/renkei-2025/returns.csv")
            .status,
        200
    );
    let definition = std::fs::read("surveys/renkei-2025/survey.json").unwrap();
    assert_eq!(
        app.call("POST", "/api/survey/definition", &definition)
            .status,
        200
    );
    // 表3 fails Cochran's rule: the quick answer says more is to come, and
    // holds no exact test.
    let quick = app.call(
        "POST",
        "/api/survey/table?question=implementation&by=class&quick=1",
        b"",
    );
    assert_eq!(quick.status, 200, "{}", quick.text());
    assert_eq!(quick.json()["more"], true);
    let id = quick.json()["id"].as_u64().unwrap();
    let first = app.call("GET", &format!("/download/{id}.json"), b"").json();
    assert!(first["tests"].get("fisher_exact").is_none(), "{first}");
    assert!((first["tests"]["pearson"]["p"].as_f64().unwrap() - 0.0733).abs() < 5e-5);
    // The second step is the command's answer.
    let full = app.result_json("/api/survey/table?question=implementation&by=class&job=t1");
    assert!((full["tests"]["fisher_exact"]["p"].as_f64().unwrap() - 0.0792).abs() < 5e-5);
    // Asked never to run the exact test, a table has no second step.
    let r = app.call(
        "POST",
        "/api/survey/table?question=implementation&by=class&exact=never&quick=1",
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["more"], false);
}
