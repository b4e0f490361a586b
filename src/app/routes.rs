//! The app's routes: each reads its settings from the request, calls the
//! library as the matching command does, and keeps the report it returns
//! for viewing (`/view/N`, HTML) and downloading (`/download/N.xlsx`, any
//! format the command writes, by the same renderer).

use super::{App, Job, LoadedSurvey, Stored, Upload, guard, lock, page};
use renkei::analyses::evaluate::{EvaluateOptions, Rules};
use renkei::analyses::ratio::{Adjustment, CiMethod, MaskedPolicy, Method, PMethod, RatioOptions};
use renkei::analyses::survey_report::{SurveyPlan, survey_report};
use renkei::analyses::tab::{self, TabRequest};
use renkei::error::{Error, Result};
use renkei::input::plan::{PlanOptions, read_plan};
use renkei::input::rates::{Standard, read_standard, read_study};
use renkei::input::returns::TextEncoding;
use renkei::input::returns::read_returns;
use renkei::input::survey::DEFINITION_FILE;
use renkei::render::{Format, render};
use renkei::report::{Messages, Report};
use renkei::stats::exact::ExactProgress;
use renkei::stats::{Analysis, AnalysisOptions, ExactWhen, Interrupted, analyze_with};
use renkei::tabulate::PercentBase;
use renkei::tabulate::table::ContingencyTable;
use renkei::text::Lang;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// An answer before it is sent: every answer gets the same protective
/// headers (`send`).
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
    /// A report's page is shown in a frame of the app's page and holds no
    /// script and no external resource at all.
    pub report_page: bool,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
            report_page: false,
        }
    }

    fn json(status: u16, v: &Value) -> Reply {
        Reply::new(status, "application/json; charset=utf-8", v.to_string())
    }

    fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &json!({ "error": message }))
    }
}

/// A request the route could not carry out: the status and the message
/// shown beside the field.
struct Failure {
    status: u16,
    message: String,
}

type Answer = std::result::Result<Reply, Failure>;

fn failure(status: u16, message: impl Into<String>) -> Failure {
    Failure {
        status,
        message: message.into(),
    }
}

/// The parts of a request the routes read, taken out of tiny_http's type.
struct Asked<'a> {
    method: &'a tiny_http::Method,
    path: &'a str,
    params: HashMap<String, String>,
    lang: Lang,
}

impl Asked<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Answers one request: the guard's checks, then the route.
pub fn answer(app: &App, mut request: tiny_http::Request) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let params: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let lang = match params.get("lang").map(String::as_str) {
        Some("en") => Lang::En,
        Some("ja") => Lang::Ja,
        _ => app.lang,
    };
    let header = |name: &str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_string())
    };
    let (host, origin, site, token_header, cookie) = (
        header("Host"),
        header("Origin"),
        header("Sec-Fetch-Site"),
        header("X-Renkei-Token"),
        header("Cookie"),
    );
    let presented = guard::Presented {
        host: host.as_deref(),
        origin: origin.as_deref(),
        fetch_site: site.as_deref(),
        query_token: params.get("token").map(String::as_str),
        header_token: token_header.as_deref(),
        cookie: cookie.as_deref(),
    };
    let method = request.method().clone();
    let reply = match app.guard.check(&presented) {
        Err(refusal) => Reply::error(403, &page::refused(lang, refusal)),
        Ok(()) => {
            let asked = Asked {
                method: &method,
                path,
                params,
                lang,
            };
            let mut reply = route(app, &mut request, &asked)
                .unwrap_or_else(|f| Reply::error(f.status, &f.message));
            // The address's token becomes a cookie, so that the page's own
            // requests, frames and downloads carry it without the token in
            // every link.
            if asked.param("token").is_some() {
                reply.headers.push((
                    "Set-Cookie",
                    format!(
                        "{}={}; HttpOnly; SameSite=Strict; Path=/",
                        app.guard.cookie_name(),
                        app.guard.token
                    ),
                ));
            }
            reply
        }
    };
    send(request, reply);
}

fn send(request: tiny_http::Request, reply: Reply) {
    let csp = if reply.report_page {
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
    } else {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; \
         frame-ancestors 'none'"
    };
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("Content-Security-Policy", csp.to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("Cross-Origin-Resource-Policy", "same-origin".to_string()),
    ];
    headers.extend(reply.headers);
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    let _ = request.respond(response);
}

fn route(app: &App, request: &mut tiny_http::Request, a: &Asked) -> Answer {
    use tiny_http::Method::{Get, Post};
    let path = a.path;
    match (a.method, path) {
        (Get, "/") => Ok(Reply::new(
            200,
            "text/html; charset=utf-8",
            page::index(a.lang),
        )),
        (Get, "/static/app.js") => Ok(Reply::new(
            200,
            "text/javascript; charset=utf-8",
            page::SCRIPT,
        )),
        (Get, "/static/app.css") => Ok(Reply::new(200, "text/css; charset=utf-8", page::STYLE)),
        (Post, _) if path.starts_with("/api/upload/") => {
            upload(app, request, &path["/api/upload/".len()..], a.lang)
        }
        (Post, "/api/survey/init") => survey_init(app, a),
        (Post, "/api/survey/definition") => {
            let text = body_text(app, request, a.lang)?;
            let loaded = load_survey(app, &text, a.lang)?;
            Ok(Reply::json(
                200,
                &survey_summary(app, &loaded, a.lang, None),
            ))
        }
        (Get, "/api/survey/definition") => {
            let loaded = current_survey(app, a.lang)?;
            let mut r = Reply::new(200, "application/json; charset=utf-8", loaded.json.clone());
            r.headers.push((
                "Content-Disposition",
                format!("attachment; filename=\"{DEFINITION_FILE}\""),
            ));
            Ok(r)
        }
        (Post, "/api/survey/table") => survey_table(app, a),
        (Post, "/api/survey/report") => whole_report(app, a),
        (Get, "/api/progress") => {
            let job = a.param("job").and_then(|j| app.existing_job(j));
            Ok(Reply::json(200, &progress(job.as_deref())))
        }
        (Post, "/api/cancel") => {
            if let Some(job) = a.param("job").and_then(|j| app.existing_job(j)) {
                job.cancel.store(true, Ordering::SeqCst);
            }
            Ok(Reply::json(200, &json!({ "cancelled": true })))
        }
        (Post, "/api/evaluate") => evaluate(app, a),
        (Post, "/api/ratio") => ratio(app, a),
        (Post, "/api/checklist") => checklist(app, a),
        (Get, _) if path.starts_with("/view/") => view(app, &path["/view/".len()..], a.lang),
        (Get, _) if path.starts_with("/download/") => {
            download(app, &path["/download/".len()..], a.lang)
        }
        _ => Err(failure(404, page::word(a.lang, "not_found"))),
    }
}

/// The files a page may upload, by slot; the file is stored under the
/// slot's name, never a name the browser sent.
const SLOTS: [&str; 5] = ["returns", "plan", "study", "standard", "checklist"];

/// Extensions the readers take.
const EXTENSIONS: [&str; 8] = ["csv", "tsv", "txt", "json", "xlsx", "xlsm", "xls", "ods"];

/// Reads a request's body, refusing one larger than the app's limit with 413.
fn body(
    app: &App,
    request: &mut tiny_http::Request,
    lang: Lang,
) -> std::result::Result<Vec<u8>, Failure> {
    // The rest of a refused body is read and dropped (memory stays
    // bounded): a browser that is cut off while sending shows a network
    // error instead of the message.
    let too_large = |request: &mut tiny_http::Request| {
        let _ = std::io::copy(request.as_reader(), &mut std::io::sink());
        failure(413, page::too_large(lang, app.max_upload))
    };
    if request
        .body_length()
        .is_some_and(|n| n as u64 > app.max_upload)
    {
        return Err(too_large(request));
    }
    let mut bytes = Vec::new();
    request
        .as_reader()
        .take(app.max_upload + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| failure(400, e.to_string()))?;
    if bytes.len() as u64 > app.max_upload {
        return Err(too_large(request));
    }
    Ok(bytes)
}

fn body_text(
    app: &App,
    request: &mut tiny_http::Request,
    lang: Lang,
) -> std::result::Result<String, Failure> {
    String::from_utf8(body(app, request, lang)?)
        .map_err(|_| failure(422, page::word(lang, "not_utf8")))
}

fn upload(app: &App, request: &mut tiny_http::Request, slot: &str, lang: Lang) -> Answer {
    let slot = *SLOTS
        .iter()
        .find(|s| **s == slot)
        .ok_or_else(|| failure(404, page::word(lang, "not_found")))?;
    let name = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("X-File-Name"))
        .map(|h| {
            form_urlencoded::parse(format!("n={}", h.value.as_str()).as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let extension = Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| EXTENSIONS.contains(&e.as_str()))
        .ok_or_else(|| failure(415, page::unsupported_file(lang, &name, &EXTENSIONS)))?;
    let bytes = body(app, request, lang)?;
    // The survey's returns live beside its survey.json, as on disk.
    let folder = if slot == "returns" {
        app.survey_dir()
    } else {
        app.dir.clone()
    };
    std::fs::create_dir_all(&folder).map_err(|e| told(app, Error::io(&folder, e), lang))?;
    let path = folder.join(format!("{slot}.{extension}"));
    std::fs::write(&path, &bytes).map_err(|e| told(app, Error::io(&path, e), lang))?;
    // A new returns file ends the survey that was read from the old one.
    if slot == "returns" {
        *lock(&app.survey) = None;
    }
    lock(&app.uploads).insert(
        slot,
        Upload {
            path,
            name: name.clone(),
        },
    );
    Ok(Reply::json(
        200,
        &json!({ "slot": slot, "name": name, "bytes": bytes.len() }),
    ))
}

fn uploaded(app: &App, slot: &str, lang: Lang) -> std::result::Result<Upload, Failure> {
    lock(&app.uploads)
        .get(slot)
        .cloned()
        .ok_or_else(|| failure(422, page::missing_upload(lang, slot)))
}

/// A library error as the user should read it: in their language, naming
/// their file (not the private folder it was copied to).
fn told(app: &App, e: Error, lang: Lang) -> Failure {
    let status = match e {
        Error::Internal(_) => 500,
        Error::Interrupted => 409,
        _ => 422,
    };
    let mut message = e.describe(lang);
    for u in lock(&app.uploads).values() {
        message = message.replace(&u.path.display().to_string(), &u.name);
    }
    message = message.replace(&app.dir.display().to_string(), "…");
    failure(status, message)
}

fn survey_init(app: &App, a: &Asked) -> Answer {
    let returns = uploaded(app, "returns", a.lang)?;
    let sheet = a.param("sheet");
    let raw =
        read_returns(&returns.path, TextEncoding::Auto, sheet).map_err(|e| told(app, e, a.lang))?;
    let file = returns
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let proposal = renkei::analyses::init::propose(&raw, "survey", &file);
    let json = serde_json::to_string_pretty(&proposal.definition)
        .map_err(|e| told(app, Error::Internal(e.to_string()), a.lang))?
        + "\n";
    *lock(&app.sheet) = sheet.map(str::to_string);
    *lock(&app.headers) = raw.headers.clone();
    let loaded = load_survey(app, &json, a.lang)?;
    let said = renkei::analyses::init::report(&proposal, DEFINITION_FILE);
    let id = app.keep(Stored {
        report: said,
        kind: "init",
    });
    Ok(Reply::json(
        200,
        &survey_summary(app, &loaded, a.lang, Some(id)),
    ))
}

/// Writes `json` as the session's survey.json and reads the returns with
/// it, as `renkei tab --survey` does.
fn load_survey(
    app: &App,
    json: &str,
    lang: Lang,
) -> std::result::Result<Arc<LoadedSurvey>, Failure> {
    let returns = uploaded(app, "returns", lang)?;
    let dir = app.survey_dir();
    let definition = dir.join(DEFINITION_FILE);
    std::fs::write(&definition, json).map_err(|e| told(app, Error::io(&definition, e), lang))?;
    let sheet = lock(&app.sheet).clone();
    let (survey, mut typed) = renkei::load_survey_with(
        &dir,
        Some(&returns.path),
        TextEncoding::Auto,
        sheet.as_deref(),
        false,
    )
    .map_err(|e| told(app, e, lang))?;
    typed.source = returns.name.clone().into();
    let loaded = Arc::new(LoadedSurvey {
        survey,
        returns: typed,
        json: json.to_string(),
    });
    *lock(&app.survey) = Some(loaded.clone());
    Ok(loaded)
}

fn current_survey(app: &App, lang: Lang) -> std::result::Result<Arc<LoadedSurvey>, Failure> {
    lock(&app.survey)
        .clone()
        .ok_or_else(|| failure(422, page::word(lang, "no_survey")))
}

/// What the page's form needs: the definition, its questions and groupings.
fn survey_summary(app: &App, loaded: &LoadedSurvey, lang: Lang, view: Option<u64>) -> Value {
    let def = &loaded.survey.definition;
    json!({
        "view": view,
        "headers": *lock(&app.headers),
        "definition": loaded.json,
        "title": def.title.get(lang),
        "units": loaded.returns.units.len(),
        "questions": def.questions.iter().map(|q| json!({
            "id": q.id,
            "label": q.label.get(lang),
            "multiple": q.kind == renkei::input::survey::QuestionKind::Multiple,
        })).collect::<Vec<_>>(),
        "groupings": def.groupings.iter().map(|g| json!({
            "id": g.id,
            "label": g.label.get(lang),
        })).collect::<Vec<_>>(),
    })
}

/// The tests' settings the page offers (the command's `--exact`,
/// `--monte-carlo` and `--time-limit`).
struct TestChoice {
    exact: ExactWhen,
    monte_carlo: Option<u64>,
    time_limit: Duration,
}

fn test_choice(a: &Asked) -> TestChoice {
    TestChoice {
        exact: match a.param("exact") {
            Some("always") => ExactWhen::Always,
            Some("never") => ExactWhen::Never,
            _ => ExactWhen::Auto,
        },
        monte_carlo: a
            .param("monte_carlo")
            .and_then(|b| b.parse::<u64>().ok())
            .filter(|b| *b > 0)
            .map(|b| b.min(10_000_000)),
        time_limit: a
            .param("time_limit")
            .and_then(|s| s.parse::<f64>().ok())
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
            .filter(|d| !d.is_zero())
            .unwrap_or(Duration::from_secs(10)),
    }
}

/// How much memory one exact test may hold in the app. The command's
/// default (4 GiB) is for one test at a time; the app may run one per
/// processor, and the whole must fit a municipal office's PC.
const EXACT_MEMORY: usize = 512 << 20;

/// Whether a quick answer left tests to run: the exact test (asked for, or
/// needed because Cochran's rule fails) or a Monte Carlo estimate.
fn more_to_run(choice: &TestChoice, a: &Analysis) -> bool {
    let cochran_fails = a.expected.as_ref().is_some_and(|e| !e.cochran_ok);
    choice.monte_carlo.is_some()
        || choice.exact == ExactWhen::Always
        || (choice.exact == ExactWhen::Auto && cochran_fails)
}

/// Runs the tests on a table as `TestOptions::analyze` does for the
/// commands, with the job's progress and cancel switch.
fn run_tests(
    job: &Job,
    choice: &TestChoice,
    t: &ContingencyTable,
    ordered: bool,
) -> Result<Analysis> {
    let progress = |p: ExactProgress| {
        job.stage.store(p.stage, Ordering::Relaxed);
        job.stages.store(p.stages, Ordering::Relaxed);
        job.open_nodes.store(p.open_nodes, Ordering::Relaxed);
    };
    let options = AnalysisOptions {
        exact: choice.exact,
        monte_carlo: choice.monte_carlo,
        seed: 1,
        time_limit: Some(choice.time_limit),
        memory_limit: Some(EXACT_MEMORY),
        ordered,
        cancel: Some(&job.cancel),
        exact_progress: Some(&progress),
        mc_done: Some(&job.mc_done),
        ..Default::default()
    };
    analyze_with(t, &options).map_err(|Interrupted| Error::Interrupted)
}

/// The page's job for this request, reset and started.
fn started_job(app: &App, a: &Asked) -> Arc<Job> {
    let job = app.job(a.param("job").unwrap_or("default"));
    job.cancel.store(false, Ordering::SeqCst);
    job.stage.store(0, Ordering::Relaxed);
    job.stages.store(0, Ordering::Relaxed);
    job.mc_done.store(0, Ordering::Relaxed);
    *lock(&job.started) = Some(Instant::now());
    job
}

fn progress(job: Option<&Job>) -> Value {
    let Some(job) = job else {
        return json!({ "running": false });
    };
    let elapsed = lock(&job.started).map_or(0.0, |s| s.elapsed().as_secs_f64());
    json!({
        "running": true,
        "elapsed": elapsed,
        "stage": job.stage.load(Ordering::Relaxed),
        "stages": job.stages.load(Ordering::Relaxed),
        "open_nodes": job.open_nodes.load(Ordering::Relaxed),
        "mc_done": job.mc_done.load(Ordering::Relaxed),
    })
}

/// A table in one of two steps. `quick=1`: the table with the asymptotic
/// tests only, at once, and whether the exact test (or Monte Carlo) is still
/// to come (`more`); the page then asks again without `quick` and shows
/// that answer's progress, which can be cancelled. The full answer is the
/// command's: the same tests, chosen the same way.
fn survey_table(app: &App, a: &Asked) -> Answer {
    let loaded = current_survey(app, a.lang)?;
    let (Some(question), Some(by)) = (a.param("question"), a.param("by")) else {
        return Err(failure(422, page::word(a.lang, "choose_question")));
    };
    let choice = test_choice(a);
    let request = table_request(a, question, by, &choice);
    if a.param("quick") == Some("1") {
        let quick = TestChoice {
            exact: ExactWhen::Never,
            monte_carlo: None,
            time_limit: choice.time_limit,
        };
        let mut more = false;
        let job = Job::default();
        let report = tab::report(
            &loaded.survey,
            &loaded.returns,
            &request,
            &mut |t, ordered| {
                let analysis = run_tests(&job, &quick, t, ordered)?;
                more |= more_to_run(&choice, &analysis);
                Ok(analysis)
            },
        )
        .map_err(|e| told(app, e, a.lang))?;
        return keep_report(app, report, "table", a.lang, json!({ "more": more }));
    }
    let _turn = app.heavy.enter();
    let job = started_job(app, a);
    let report = tab::report(
        &loaded.survey,
        &loaded.returns,
        &request,
        &mut |t, ordered| run_tests(&job, &choice, t, ordered),
    )
    .map_err(|e| told(app, e, a.lang))?;
    keep_report(app, report, "table", a.lang, json!({ "more": false }))
}

fn table_request<'a>(
    a: &'a Asked,
    question: &'a str,
    by: &'a str,
    choice: &TestChoice,
) -> TabRequest<'a> {
    TabRequest {
        question,
        by,
        strata: a.param("strata"),
        percent: match a.param("percent") {
            Some("row") => PercentBase::Row,
            _ => PercentBase::Column,
        },
        seed: 1,
        time_limit: Some(choice.time_limit),
    }
}

fn whole_report(app: &App, a: &Asked) -> Answer {
    let loaded = current_survey(app, a.lang)?;
    let choice = test_choice(a);
    let _turn = app.heavy.enter();
    let job = started_job(app, a);
    let plan = SurveyPlan::new(&loaded.survey, &[], &[]).map_err(|e| told(app, e, a.lang))?;
    let cancelled = || {
        if job.cancel.load(Ordering::SeqCst) {
            Err(Error::Interrupted)
        } else {
            Ok(())
        }
    };
    let built = survey_report(
        &loaded.survey.definition,
        &loaded.returns,
        &plan,
        1,
        Some(choice.time_limit),
        |t: &ContingencyTable, ordered| run_tests(&job, &choice, t, ordered),
        &cancelled,
    )
    .map_err(|e| told(app, e, a.lang))?;
    keep_report(app, built.report, "report", a.lang, json!({}))
}

fn evaluate(app: &App, a: &Asked) -> Answer {
    let plan_file = uploaded(app, "plan", a.lang)?;
    let mut plan = read_plan(
        &plan_file.path,
        TextEncoding::Auto,
        a.param("sheet"),
        PlanOptions {
            ignore_unknown_columns: a.param("ignore_unknown_columns") == Some("1"),
        },
    )
    .map_err(|e| told(app, e, a.lang))?;
    // Reports name the user's file, not the private copy.
    plan.source = plan_file.name.into();
    let options = EvaluateOptions {
        rules: match a.param("rule") {
            Some("hj21") => Rules::Hj21,
            Some("direction") => Rules::Direction,
            _ => Rules::Both,
        },
        alpha: 0.05,
        min_change: 0.05,
        min_progress: 0.0,
        era: match a.param("era") {
            Some("wareki") => Some(true),
            Some("seireki") => Some(false),
            _ => None,
        },
    };
    keep_report(
        app,
        renkei::analyses::evaluate::report(&plan, &options),
        "evaluate",
        a.lang,
        json!({}),
    )
}

fn ratio(app: &App, a: &Asked) -> Answer {
    let study_file = uploaded(app, "study", a.lang)?;
    let own = a.param("standard") == Some("study");
    let mut study =
        read_study(&study_file.path, TextEncoding::Auto, None).map_err(|e| told(app, e, a.lang))?;
    study.source = study_file.name.into();
    let standard = if own {
        Standard::of_study(&study)
    } else {
        let file = uploaded(app, "standard", a.lang)?;
        let mut standard = read_standard(&file.path, TextEncoding::Auto, None)
            .map_err(|e| told(app, e, a.lang))?;
        standard.source = file.name.into();
        standard
    };
    let options = RatioOptions {
        method: match a.param("method") {
            Some("direct") => Method::Direct,
            _ => Method::Indirect,
        },
        level: 0.95,
        ci: CiMethod::Exact,
        p_method: PMethod::Central,
        masked: match a.param("masked") {
            Some("exclude") => MaskedPolicy::Exclude,
            Some("bounds") => MaskedPolicy::Bounds,
            _ => MaskedPolicy::Stop,
        },
        adjust: Adjustment::Holm,
        per: 100.0,
        own_standard: own,
        by_stratum: a.param("by_stratum") == Some("1"),
        own_scale: false,
        model_population: None,
    };
    let report = renkei::analyses::ratio::report(&study, &standard, &options)
        .map_err(|e| told(app, e, a.lang))?;
    keep_report(app, report, "ratio", a.lang, json!({}))
}

fn checklist(app: &App, a: &Asked) -> Answer {
    // Only a shipped checklist's id: never a path the browser names.
    let id = a
        .param("checklist")
        .filter(|id| crate::cli::checklist::SHIPPED.contains(id))
        .ok_or_else(|| failure(422, page::word(a.lang, "choose_checklist")))?;
    let returns_file = uploaded(app, "checklist", a.lang)?;
    let (checklist, _) =
        crate::cli::checklist::load_checklist(id).map_err(|e| told(app, e, a.lang))?;
    let mut returns = renkei::input::checklist::read_returns_for(
        &checklist,
        &returns_file.path,
        TextEncoding::Auto,
        a.param("by"),
    )
    .map_err(|e| told(app, e, a.lang))?;
    returns.source = returns_file.name.into();
    let report = renkei::analyses::checklist::report_with(
        &checklist,
        &returns,
        renkei::analyses::checklist::ChecklistOptions {
            radar: a.param("radar").is_some(),
        },
    );
    keep_report(app, report, "checklist", a.lang, json!({}))
}

/// Keeps a report and tells the page where to see and download it, with
/// what else the route has to say (`extra`, an object).
fn keep_report(app: &App, report: Report, kind: &'static str, lang: Lang, extra: Value) -> Answer {
    let charts = renkei::render::svg::chart_documents(&report, &Messages::new(lang))
        .map(|d| d.len())
        .unwrap_or(0);
    let id = app.keep(Stored { report, kind });
    let mut answer = json!({ "id": id, "kind": kind, "charts": charts });
    if let (Some(a), Value::Object(more)) = (answer.as_object_mut(), extra) {
        a.extend(more);
    }
    Ok(Reply::json(200, &answer))
}

fn stored(app: &App, id: &str, lang: Lang) -> std::result::Result<Arc<Stored>, Failure> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| app.result(id))
        .ok_or_else(|| failure(404, page::word(lang, "gone")))
}

fn view(app: &App, id: &str, lang: Lang) -> Answer {
    let s = stored(app, id, lang)?;
    let html =
        render(&s.report, Format::Html, &Messages::new(lang)).map_err(|e| told(app, e, lang))?;
    let mut r = Reply::new(200, "text/html; charset=utf-8", html);
    r.report_page = true;
    Ok(r)
}

fn download(app: &App, file: &str, lang: Lang) -> Answer {
    let (id, extension) = file
        .split_once('.')
        .ok_or_else(|| failure(404, page::word(lang, "not_found")))?;
    let s = stored(app, id, lang)?;
    let format = Format::from_extension(Path::new(&format!("x.{extension}")))
        .ok_or_else(|| failure(404, page::word(lang, "not_found")))?;
    let bytes = render(&s.report, format, &Messages::new(lang)).map_err(|e| told(app, e, lang))?;
    let content_type = match format {
        Format::Html => "text/html; charset=utf-8",
        Format::Json => "application/json; charset=utf-8",
        Format::Csv(_) => "text/csv; charset=utf-8",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        Format::Svg => "image/svg+xml",
        Format::Png => "image/png",
        Format::Text | Format::Markdown => "text/plain; charset=utf-8",
    };
    let mut r = Reply::new(200, content_type, bytes);
    r.headers.push((
        "Content-Disposition",
        format!(
            "attachment; filename=\"renkei-{}-{id}.{extension}\"",
            s.kind
        ),
    ));
    Ok(r)
}
