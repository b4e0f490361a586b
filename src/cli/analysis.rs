//! Options shared by the commands that test tables (`test`, `tab`,
//! `reproduce`), with what a long computation needs from a terminal: a
//! progress display on stderr after a second, and a clean stop on Ctrl-C.

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use renkei::error::{Error, Result};
use renkei::report::messages::errors::Usage;
use renkei::report::{Messages, Msg};
use renkei::stats::exact::ExactProgress;
use renkei::stats::{Analysis, AnalysisOptions, ExactWhen, Interrupted, analyze_with};
use renkei::tabulate::table::ContingencyTable;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

/// Set by Ctrl-C; every long computation polls it.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Set while outputs are renamed into place (a few milliseconds): the
/// watchdog below lets that finish rather than leave half the outputs.
static COMMITTING: AtomicBool = AtomicBool::new(false);

/// What the watchdog writes when it ends the process (the command's
/// language), set once the command line is parsed.
static STOP_MESSAGE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// Sets the message a stop by the watchdog writes (`renkei: 中断しました…`).
pub fn set_stop_message(m: Messages) {
    let _ =
        STOP_MESSAGE.set(format!("renkei: {}\n", Error::Interrupted.describe(m.lang)).into_bytes());
}

/// Runs `f` (renaming finished outputs into place) with the watchdog held off.
/// `RENKEI_COMMIT_DELAY_MS` holds the window open that long first: the
/// tests use it to send a signal while outputs are being renamed.
pub fn committing<T>(f: impl FnOnce() -> T) -> T {
    COMMITTING.store(true, Ordering::SeqCst);
    if let Some(ms) = std::env::var("RENKEI_COMMIT_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms.min(10_000)));
    }
    let out = f();
    COMMITTING.store(false, Ordering::SeqCst);
    out
}

/// Installs the Ctrl-C handler once (later calls do nothing): the first
/// Ctrl-C sets `CANCEL`, and the computation stops cleanly at its next poll;
/// a second one, with `CANCEL` already set, ends the process at once with
/// exit code 130, for a user who will not wait. The handler only stores a
/// flag and sets an alarm, so no thread waits for signals (the `ctrlc`
/// crate's thread took about 4 % of a 5 ms `renkei test` process).
///
/// The alarm is the watchdog: a phase that cannot poll the flag (a read
/// blocked on a FIFO, a long loop that does not look) would otherwise
/// ignore the signal. One second after the first signal, unless outputs
/// are being renamed into place, the process writes the stop message and
/// ends with exit 130; nothing has been committed by then.
pub fn install_interrupt_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        use signal_hook::consts::{SIGALRM, SIGINT, SIGTERM};
        // The shutdown is registered first, so that it sees the flag as the
        // previous Ctrl-C left it. SIGTERM (a service stopping, `kill`)
        // stops the run the same way: nothing new is written.
        for signal in [SIGINT, SIGTERM] {
            let _ = signal_hook::flag::register_conditional_shutdown(
                signal,
                renkei::error::EXIT_INTERRUPTED,
                &CANCEL,
            );
            let _ = signal_hook::flag::register(signal, &CANCEL);
            // SAFETY: alarm(2) is async-signal-safe, and the closure does
            // nothing else.
            let _ = unsafe {
                signal_hook::low_level::register(signal, || {
                    libc::alarm(1);
                })
            };
        }
        // SAFETY: only atomic loads, write(2) and _exit(2), all
        // async-signal-safe; the message was set before any signal could
        // start the alarm.
        let _ = unsafe {
            signal_hook::low_level::register(SIGALRM, || {
                if COMMITTING.load(Ordering::SeqCst) || !CANCEL.load(Ordering::SeqCst) {
                    return;
                }
                if let Some(m) = STOP_MESSAGE.get() {
                    libc::write(2, m.as_ptr().cast(), m.len());
                }
                libc::_exit(renkei::error::EXIT_INTERRUPTED);
            })
        };
    });
}

/// Whether Ctrl-C or SIGTERM has come.
pub fn cancelled() -> bool {
    CANCEL.load(Ordering::SeqCst)
}

/// Takes back a Ctrl-C that was the expected way to stop (`renkei app`):
/// the run then ends as done, and the watchdog lets it finish.
pub fn acknowledge_interrupt() {
    CANCEL.store(false, Ordering::SeqCst);
}

/// Stops the command (exit 130, nothing written) when Ctrl-C or SIGTERM has
/// come: called before each output is written, so that a signal in any
/// phase — reading, tabulating, testing, rendering — is obeyed.
pub fn check_interrupted() -> renkei::error::Result<()> {
    if CANCEL.load(Ordering::Relaxed) {
        Err(renkei::error::Error::Interrupted)
    } else {
        Ok(())
    }
}

pub use renkei::stats::MAX_SIMULATION_TOTAL;

/// `--exact`: when to run the exact test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExactArg {
    /// When Cochran's rule fails (the asymptotic p is then not to be trusted).
    #[default]
    Auto,
    Always,
    Never,
}

impl From<ExactArg> for ExactWhen {
    fn from(e: ExactArg) -> Self {
        match e {
            ExactArg::Auto => ExactWhen::Auto,
            ExactArg::Always => ExactWhen::Always,
            ExactArg::Never => ExactWhen::Never,
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct TestOptions {
    /// Fisher–Freeman–Halton exact test: auto (when Cochran's rule fails),
    /// always, or never. `--exact` alone means always.
    #[arg(long, value_enum, value_name = "WHEN", num_args = 0..=1,
          default_value_t = ExactArg::Auto, default_missing_value = "always")]
    pub exact: ExactArg,
    /// Monte Carlo p-values from B random tables with the observed margins.
    #[arg(long, value_name = "B")]
    pub monte_carlo: Option<u64>,
    /// Seed of the Monte Carlo runs (same seed, same p, whatever the threads).
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Give the exact test this long; past it, a Monte Carlo estimate
    /// (B = 100000 unless --monte-carlo says otherwise) stands in, labelled.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10.0,
        allow_negative_numbers = true
    )]
    pub time_limit: f64,
    /// Let the exact test hold at most this much memory (MiB); past it, the
    /// Monte Carlo estimate stands in, as for --time-limit.
    #[arg(long, value_name = "MiB", default_value_t = 4096)]
    pub exact_memory: u64,
    /// Compare every pair of columns (exact test of each sub-table, Holm-adjusted).
    #[arg(long)]
    pub pairwise: bool,
}

impl TestOptions {
    /// Runs the tests on `table`, with progress and Ctrl-C handling.
    /// The progress display speaks the language of `m`.
    pub fn analyze(
        &self,
        table: &ContingencyTable,
        ordered: bool,
        m: Messages,
    ) -> Result<Analysis> {
        // A limit too large for a Duration (1e20 s) is refused, not a panic.
        let time_limit = Duration::try_from_secs_f64(self.time_limit)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or(Usage::TimeLimit {
                got: self.time_limit,
            })?;
        if self.exact_memory == 0 {
            return Err(Usage::ExactMemory.into());
        }
        if self.monte_carlo == Some(0) {
            return Err(Usage::MonteCarloZero.into());
        }
        let n = table.total();
        let asked: ExactWhen = self.exact.into();
        let simulate = asked != ExactWhen::Never || self.monte_carlo.is_some();
        // Asked for by name, a test the table is too large for is a usage
        // error; under `auto` the analysis says it could not run, and why.
        if simulate
            && n > MAX_SIMULATION_TOTAL
            && (asked == ExactWhen::Always || self.monte_carlo.is_some())
        {
            return Err(Usage::TotalTooLarge {
                n,
                max: MAX_SIMULATION_TOTAL,
            }
            .into());
        }
        let exact = asked;
        install_interrupt_handler();
        let progress = Progress::start(m);
        let p2 = progress.clone();
        let exact_cb = move |p: ExactProgress| p2.exact(p);
        let opts = AnalysisOptions {
            exact,
            monte_carlo: self.monte_carlo,
            seed: self.seed,
            time_limit: Some(time_limit),
            memory_limit: Some(
                usize::try_from(self.exact_memory.saturating_mul(1 << 20)).unwrap_or(usize::MAX),
            ),
            ordered,
            pairwise: self.pairwise,
            cancel: Some(&CANCEL),
            exact_progress: Some(&exact_cb),
            mc_done: Some(&progress.state.mc_done),
            ..Default::default()
        };
        let result = analyze_with(table, &opts);
        progress.finish();
        result.map_err(|Interrupted| Error::Interrupted)
    }
}

struct ProgressState {
    started: Instant,
    stage: AtomicUsize,
    stages: AtomicUsize,
    open_nodes: AtomicUsize,
    mc_done: AtomicU64,
}

/// A progress display that appears on stderr only after a second, and only
/// when stderr is a terminal: otherwise there is nothing to draw, and no
/// thread is started (starting and joining it took about 2 % of a 5 ms
/// `renkei test` process).
#[derive(Clone)]
struct Progress {
    state: Arc<ProgressState>,
    /// Dropping the sender wakes the display thread at once to finish.
    stop: Arc<Mutex<Option<std::sync::mpsc::Sender<()>>>>,
    handle: Arc<Mutex<Option<std::thread::JoinHandle<()>>>>,
}

impl Progress {
    fn start(m: Messages) -> Self {
        let state = Arc::new(ProgressState {
            started: Instant::now(),
            stage: AtomicUsize::new(0),
            stages: AtomicUsize::new(0),
            open_nodes: AtomicUsize::new(0),
            mc_done: AtomicU64::new(0),
        });
        if !std::io::stderr().is_terminal() {
            return Progress {
                state,
                stop: Arc::new(Mutex::new(None)),
                handle: Arc::new(Mutex::new(None)),
            };
        }
        let s = state.clone();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let handle = std::thread::spawn(move || {
            let mut bar: Option<ProgressBar> = None;
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                rx.recv_timeout(Duration::from_millis(100))
            {
                if s.started.elapsed() < Duration::from_secs(1) {
                    continue;
                }
                let b = bar.get_or_insert_with(|| {
                    let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                    b.set_style(
                        ProgressStyle::with_template("{spinner} {msg}")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    b
                });
                let stages = s.stages.load(Ordering::Relaxed);
                let mc = s.mc_done.load(Ordering::Relaxed);
                let msg = if mc > 0 {
                    Msg::ProgressMonteCarlo { drawn: mc }
                } else if stages > 0 {
                    Msg::ProgressExact {
                        stage: s.stage.load(Ordering::Relaxed),
                        stages,
                        open_nodes: s.open_nodes.load(Ordering::Relaxed),
                    }
                } else {
                    Msg::ProgressComputing
                };
                b.set_message(format!(
                    "{:.0}s {}",
                    s.started.elapsed().as_secs_f64(),
                    msg.words(m)
                ));
                b.tick();
            }
            if let Some(b) = bar {
                b.finish_and_clear();
            }
        });
        Progress {
            state,
            stop: Arc::new(Mutex::new(Some(tx))),
            handle: Arc::new(Mutex::new(Some(handle))),
        }
    }

    fn exact(&self, p: ExactProgress) {
        self.state.stage.store(p.stage, Ordering::Relaxed);
        self.state.stages.store(p.stages, Ordering::Relaxed);
        self.state.open_nodes.store(p.open_nodes, Ordering::Relaxed);
    }

    fn finish(&self) {
        if let Ok(mut stop) = self.stop.lock() {
            stop.take();
        }
        if let Some(h) = self.handle.lock().ok().and_then(|mut h| h.take()) {
            let _ = h.join();
        }
    }
}
