//! `renkei app`: the same analyses in a page served on the user's own
//! machine, for staff who do not use a command line.
//!
//! The server only hands settings to the library, as the commands do: an
//! uploaded file is read by the same readers, a table is built and tested by
//! the same functions, and a download is the same renderer's output. What
//! is particular to the app is here: the checks every request passes
//! ([`guard`]), the routes ([`routes`]), the page ([`page`]) and the state
//! one user's session keeps (this module).
//!
//! Why tiny_http and not an async stack (axum, tokio, hyper): the app
//! serves one user on the loopback interface, and every request runs
//! synchronous library code (reading a workbook, an exact test), so a
//! fixed pool of threads does what is needed; tiny_http brings five small
//! crates where an async stack brings some forty, and the build time of a
//! fresh clone is a goal of its own (BENCHMARKS.md).

pub mod guard;
mod page;
mod routes;

use renkei::error::{Error, Result};
use renkei::input::survey::Survey;
use renkei::report::Report;
use renkei::text::Lang;
use renkei::units::Returns;
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What `renkei app` was asked for.
pub struct Settings {
    pub address: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open_browser: bool,
    /// The page's language when the address does not say.
    pub lang: Lang,
    /// The largest upload accepted, in bytes.
    pub max_upload: u64,
    /// Whether to stop (set by Ctrl-C).
    pub stop: &'static (dyn Fn() -> bool + Sync),
}

/// Threads answering requests. A long exact test holds one, and so does a
/// request waiting for its turn to run one (`App::heavy`); the others keep
/// answering at once (tables, progress, cancel). A waiting thread holds
/// little memory, so there are many.
const WORKERS: usize = 64;

/// Results kept for viewing and downloading; older ones are dropped, so
/// memory stays bounded however long the app runs.
const KEPT_RESULTS: usize = 40;

/// One result: a report, kept to be viewed and rendered in any format.
pub struct Stored {
    pub report: Report,
    /// What made it (`table`, `report`, `init`, `evaluate`, `ratio`,
    /// `checklist`): the downloaded files' names.
    pub kind: &'static str,
}

/// A survey loaded from the session's definition and returns.
pub struct LoadedSurvey {
    pub survey: Survey,
    pub returns: Returns,
    /// survey.json as it is (what "save" downloads).
    pub json: String,
}

/// A computation's progress and its cancel switch, polled by the page.
#[derive(Default)]
pub struct Job {
    pub cancel: AtomicBool,
    pub stage: AtomicUsize,
    pub stages: AtomicUsize,
    pub open_nodes: AtomicUsize,
    pub mc_done: AtomicU64,
    pub started: Mutex<Option<Instant>>,
}

/// An uploaded file: where it was put, and the name the user knows it by
/// (errors name that, not the private folder).
#[derive(Clone)]
pub struct Upload {
    pub path: PathBuf,
    pub name: String,
}

/// The results kept: the last number given, and the latest results by number.
type Kept = (u64, VecDeque<(u64, Arc<Stored>)>);

/// The session: one user, one browser, any number of tabs.
pub struct App {
    pub guard: guard::Guard,
    pub lang: Lang,
    pub max_upload: u64,
    /// The private folder uploads are written to (removed at exit).
    pub dir: PathBuf,
    pub uploads: Mutex<HashMap<&'static str, Upload>>,
    pub survey: Mutex<Option<Arc<LoadedSurvey>>>,
    /// The worksheet of the returns init read (the command's `--sheet`).
    pub sheet: Mutex<Option<String>>,
    /// The returns' headers, as init read them (the form's choices of columns).
    pub headers: Mutex<Vec<String>>,
    results: Mutex<Kept>,
    /// Turns for the computations that may be long (exact tests, whole
    /// reports): one per processor at a time, so that memory and time stay
    /// bounded under any number of requests.
    pub heavy: Turns,
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

/// A counting semaphore: at most `n` holders at once; the others wait.
pub struct Turns {
    free: Mutex<usize>,
    freed: std::sync::Condvar,
}

/// A turn, given back when dropped.
pub struct Turn<'a>(&'a Turns);

impl Turns {
    fn new(n: usize) -> Turns {
        Turns {
            free: Mutex::new(n.max(1)),
            freed: std::sync::Condvar::new(),
        }
    }

    pub fn enter(&self) -> Turn<'_> {
        let mut free = lock(&self.free);
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Turn(self)
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        give_back_memory();
        *lock(&self.0.free) += 1;
        self.0.freed.notify_one();
    }
}

/// Returns the memory a long computation freed to the system. glibc keeps
/// freed memory in per-thread arenas, and with many threads taking turns
/// at exact tests of up to 512 MiB the process grew by about 100 MB per
/// round of `bench/app_load.py` without this (1.3 GB after one round,
/// 2.4 GB after ten).
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own heap structures, under
    // their locks; it is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Locks a mutex; a thread that panicked while holding it left plain data
/// (maps of files and results), still usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl App {
    pub fn new(token: String, port: u16, lang: Lang, max_upload: u64, dir: PathBuf) -> App {
        App {
            guard: guard::Guard { token, port },
            lang,
            max_upload,
            dir,
            uploads: Mutex::new(HashMap::new()),
            survey: Mutex::new(None),
            sheet: Mutex::new(None),
            headers: Mutex::new(Vec::new()),
            results: Mutex::new((0, VecDeque::new())),
            heavy: Turns::new(
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2),
            ),
            jobs: Mutex::new(HashMap::new()),
        }
    }

    /// Keeps a result; returns its number.
    pub fn keep(&self, stored: Stored) -> u64 {
        let mut r = lock(&self.results);
        r.0 += 1;
        let id = r.0;
        r.1.push_back((id, Arc::new(stored)));
        while r.1.len() > KEPT_RESULTS {
            r.1.pop_front();
        }
        id
    }

    pub fn result(&self, id: u64) -> Option<Arc<Stored>> {
        lock(&self.results)
            .1
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, s)| s.clone())
    }

    /// The job named by the page (created on first use). Names are the
    /// page's own random words; at most a few hundred are kept.
    pub fn job(&self, name: &str) -> Arc<Job> {
        let mut jobs = lock(&self.jobs);
        if jobs.len() > 256 {
            jobs.retain(|_, j| Arc::strong_count(j) > 1);
        }
        jobs.entry(name.to_string()).or_default().clone()
    }

    pub fn existing_job(&self, name: &str) -> Option<Arc<Job>> {
        lock(&self.jobs).get(name).cloned()
    }

    /// Cancels every running computation (at exit).
    fn cancel_all(&self) {
        for j in lock(&self.jobs).values() {
            j.cancel.store(true, Ordering::SeqCst);
        }
    }

    /// The folder of the session's survey (survey.json and its returns).
    pub fn survey_dir(&self) -> PathBuf {
        self.dir.join("survey")
    }
}

/// Serves the app until `settings.stop` says so; the private folder is
/// removed before returning. The first line of standard output is the
/// address with its token.
pub fn serve(settings: &Settings) -> Result<()> {
    let token = guard::new_token().map_err(|e| Error::io(Path::new("<random>"), e))?;
    let folder = tempfile::Builder::new()
        .prefix("renkei-app-")
        .tempdir()
        .map_err(|e| Error::io(&std::env::temp_dir(), e))?;
    // tempfile makes the folder readable by its owner only (0700 on Unix).
    let bind = SocketAddr::new(settings.address, settings.port);
    let server = tiny_http::Server::http(bind).map_err(|e| {
        Error::io(
            Path::new(&bind.to_string()),
            std::io::Error::other(e.to_string()),
        )
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(settings.port);
    let host = if settings.address.is_loopback() {
        "127.0.0.1".to_string()
    } else {
        match settings.address {
            IpAddr::V6(a) => format!("[{a}]"),
            IpAddr::V4(a) => a.to_string(),
        }
    };
    let address = format!("http://{host}:{port}/?token={token}");
    let app = Arc::new(App::new(
        token,
        port,
        settings.lang,
        settings.max_upload,
        folder.path().to_path_buf(),
    ));
    crate::cli::emit_bytes(format!("{address}\n").as_bytes())?;
    say(&page::started_message(
        settings.lang,
        folder.path(),
        !settings.address.is_loopback(),
    ));
    let server = Arc::new(server);
    let stopping = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::with_capacity(WORKERS);
    for _ in 0..WORKERS {
        let (server, app, stopping) = (server.clone(), app.clone(), stopping.clone());
        workers.push(std::thread::spawn(move || {
            while !stopping.load(Ordering::SeqCst) {
                match server.recv_timeout(Duration::from_millis(100)) {
                    Ok(Some(request)) => routes::answer(&app, request),
                    Ok(None) => {}
                    Err(_) => break,
                }
            }
        }));
    }
    if settings.open_browser {
        open_in_browser(&address);
    }
    while !(settings.stop)() {
        std::thread::sleep(Duration::from_millis(50));
    }
    stopping.store(true, Ordering::SeqCst);
    app.cancel_all();
    server.unblock();
    // Idle workers see the flag within 100 ms; one inside a computation
    // that has not yet seen its cancel flag is not waited for: the process
    // ends, and the folder is removed first.
    let deadline = Instant::now() + Duration::from_millis(500);
    for w in workers {
        while !w.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        if w.is_finished() {
            let _ = w.join();
        }
    }
    drop(app);
    folder
        .close()
        .map_err(|e| Error::io(&std::env::temp_dir(), e))?;
    say(page::stopped_message(settings.lang));
    Ok(())
}

/// A line on stderr for the user. A closed stderr (the app started from a
/// desktop shortcut, or by a program that stopped listening) is no reason
/// to stop, as `eprintln!` would.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Opens `address` in the default browser. Written by hand: it is one
/// system command per platform, and a failure only means the user copies
/// the printed address.
fn open_in_browser(address: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", address]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(address);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(address);
        c
    };
    let _ = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// A report is kept and rendered on another thread than the one that made
/// it: this fails to compile if a report ever stops being Send and Sync.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<Stored>();
};
