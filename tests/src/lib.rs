//! Shared pieces of the test harnesses: locating the repository and `../shared`, running
//! programs under CPython (cached by content hash under `target/`), translating them with the
//! driver, and comparing the two runs.

use rpy_driver::{Backend, CompileOptions, Gc, Options, Sanitize, Silent};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The workspace root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the workspace").to_path_buf()
}

/// `../shared` beside the checkout.
pub fn shared_dir() -> PathBuf {
    repo_root().parent().expect("the checkout has a parent").join("shared")
}

/// Where the harnesses keep caches (CPython outputs, the runtime build).
pub fn cache_root() -> PathBuf {
    let d = repo_root().join("target").join("test-cache");
    let _ = std::fs::create_dir_all(&d);
    d
}

/// Per-file settings, from a `# rpy: args=a b  gc=none` comment in the first lines.
#[derive(Default, Clone, Debug)]
pub struct Directives {
    pub args: Vec<String>,
}

pub fn directives(src: &str) -> Directives {
    let mut d = Directives::default();
    for line in src.lines().take(5) {
        if let Some(rest) = line.trim().strip_prefix("# rpy:") {
            for part in rest.split("  ") {
                if let Some(a) = part.trim().strip_prefix("args=") {
                    d.args = a.split_whitespace().map(str::to_string).collect();
                }
            }
        }
    }
    d
}

/// What a run printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub status: i32,
    /// The last line of stderr (the exception of a traceback).
    pub last_stderr_line: String,
}

fn run(mut cmd: Command, timeout: Duration) -> Result<Outcome, String> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    let start = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                return Err(format!("timed out after {}s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(e.to_string()),
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
    let status = out.status.code().unwrap_or_else(|| {
        use std::os::unix::process::ExitStatusExt;
        -out.status.signal().unwrap_or(0)
    });
    Ok(Outcome { stdout: out.stdout, status, last_stderr_line: last })
}

/// Runs `prog` under CPython (cached by the hash of the program, its directory's other .py
/// files and the arguments).
pub fn cpython(prog: &Path, args: &[String]) -> Result<Outcome, String> {
    let mut h = Sha256::new();
    h.update(std::fs::read(prog).map_err(|e| e.to_string())?);
    if let Some(dir) = prog.parent() {
        let mut others: Vec<PathBuf> = std::fs::read_dir(dir).map(|r| r.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "py")).collect()).unwrap_or_default();
        others.sort();
        for o in others {
            h.update(std::fs::read(&o).unwrap_or_default());
        }
    }
    for a in args {
        h.update(a.as_bytes());
        h.update([0]);
    }
    let key: String = h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    let cache = cache_root().join("cpython").join(&key);
    if let (Ok(stdout), Ok(meta)) = (std::fs::read(cache.join("stdout")), std::fs::read_to_string(cache.join("meta"))) {
        let (status, last) = meta.split_once('\n').unwrap_or(("0", ""));
        return Ok(Outcome { stdout, status: status.parse().unwrap_or(0), last_stderr_line: last.to_string() });
    }
    let mut cmd = Command::new("python3");
    cmd.arg(prog).args(args).env("PYTHONPATH", repo_root().join("stdlib")).env("PYTHONHASHSEED", "0");
    if let Some(dir) = prog.parent() {
        cmd.current_dir(dir);
    }
    let out = run(cmd, Duration::from_secs(60))?;
    // Written under temporary names and renamed: the trials of both backends may run the
    // same program at once.
    let _ = std::fs::create_dir_all(&cache);
    let tmp = format!(".tmp{}-{}", std::process::id(), unique());
    let _ = std::fs::write(cache.join(format!("stdout{tmp}")), &out.stdout);
    let _ = std::fs::rename(cache.join(format!("stdout{tmp}")), cache.join("stdout"));
    let _ = std::fs::write(cache.join(format!("meta{tmp}")), format!("{}\n{}", out.status, out.last_stderr_line));
    let _ = std::fs::rename(cache.join(format!("meta{tmp}")), cache.join("meta"));
    Ok(out)
}

/// How the harnesses translate.
pub fn test_options(sanitize: bool) -> Options {
    std::env::set_var("RPY_CACHE_DIR", cache_root().join("rpy"));
    let sanitize = if sanitize || std::env::var_os("RPY_TEST_SANITIZE").is_some() { Sanitize::AddressUndefined } else { Sanitize::None };
    Options { compile: CompileOptions { opt: 1, sanitize, ..CompileOptions::default() }, verify: true }
}

/// The backends every program is tested with, and the prefix of their trials' names (the C
/// backend's trials keep the bare program name).
pub const BACKENDS: &[(Backend, &str)] = &[(Backend::C, ""), (Backend::Llvm, "llvm/")];

/// `options` with another backend.
pub fn with_backend(options: &Options, backend: Backend) -> Options {
    let mut o = options.clone();
    o.compile.backend = backend;
    o
}

/// A way of running programs beyond the default (the gen collector, both backends): another
/// collector; gen with a tiny nursery (a minor collection every few allocations) and the
/// heap checked around every collection; or a build with AddressSanitizer and UBSan. The
/// prefix names the trials.
pub struct GcVariant {
    pub prefix: &'static str,
    pub gc: Gc,
    pub backend: Backend,
    pub gc_debug: bool,
    /// RPY_GC_NURSERY for the run.
    pub nursery: Option<&'static str>,
    /// Built with `--sanitize`.
    pub sanitize: bool,
}

const fn variant(prefix: &'static str, gc: Gc, backend: Backend, gc_debug: bool, nursery: Option<&'static str>) -> GcVariant {
    GcVariant { prefix, gc, backend, gc_debug, nursery, sanitize: false }
}

/// The variants every conformance case runs with: the other collectors, the tiny nursery with
/// both backends (each emits its own GC operations), and a sanitized build.
pub const GC_VARIANTS: &[GcVariant] = &[
    variant("boehm/", Gc::Boehm, Backend::C, false, None),
    variant("none/", Gc::None, Backend::C, false, None),
    variant("tiny/", Gc::Gen, Backend::C, true, Some("128")),
    variant("llvm-tiny/", Gc::Gen, Backend::Llvm, true, Some("128")),
    GcVariant { sanitize: true, ..variant("sanitize/", Gc::Gen, Backend::C, false, None) },
];

/// The variants of the GC programs (`tests/programs/gc/`): those above, and the LLVM backend
/// under a tiny nursery (its GC operations emitted by its own code).
pub const GC_PROGRAM_VARIANTS: &[GcVariant] = &[
    variant("boehm/", Gc::Boehm, Backend::C, false, None),
    variant("none/", Gc::None, Backend::C, false, None),
    variant("tiny/", Gc::Gen, Backend::C, true, Some("1k")),
    variant("llvm-tiny/", Gc::Gen, Backend::Llvm, true, Some("1k")),
];

/// RPY_TEST_ALL_GC=1: every program runs with `GC_PROGRAM_VARIANTS` (slower).
pub fn all_gc_variants() -> bool {
    std::env::var_os("RPY_TEST_ALL_GC").is_some_and(|v| v != "0")
}

impl GcVariant {
    /// `options` for this variant.
    pub fn options(&self, options: &Options) -> Options {
        let mut o = with_backend(options, self.backend);
        o.compile.gc = self.gc;
        o.compile.gc_debug = self.gc_debug;
        if self.sanitize {
            o.compile.sanitize = Sanitize::AddressUndefined;
        }
        o
    }

    /// The environment of its runs.
    pub fn env(&self) -> Vec<(&'static str, &'static str)> {
        self.nursery.map(|n| vec![("RPY_GC_NURSERY", n)]).unwrap_or_default()
    }
}

/// Translates `prog` and runs the binary with `args`.
pub fn translated(prog: &Path, args: &[String], options: &Options) -> Result<Outcome, String> {
    translated_env(prog, args, options, &[])
}

/// Translates `prog` and runs the binary with `args` and these environment variables.
pub fn translated_env(prog: &Path, args: &[String], options: &Options, env: &[(&str, &str)]) -> Result<Outcome, String> {
    let dir = std::env::temp_dir().join(format!("rpy-test-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let name = prog.file_stem().and_then(|s| s.to_str()).unwrap_or("prog");
    let exe = dir.join(format!("{name}-{}", unique()));
    rpy_driver::build(prog, &exe, options, None, &mut Silent).map_err(|f| format!("translation failed:\n{}", f.render(false)))?;
    let mut cmd = Command::new(&exe);
    cmd.args(args).envs(env.iter().copied());
    if let Some(d) = prog.parent() {
        cmd.current_dir(d);
    }
    let out = run(cmd, Duration::from_secs(30));
    let _ = std::fs::remove_file(&exe);
    out
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Compares a translated run with CPython's: stdout, status, and the exception line.
pub fn compare(expected: &Outcome, actual: &Outcome) -> Result<(), String> {
    if expected.stdout != actual.stdout {
        let e = String::from_utf8_lossy(&expected.stdout);
        let a = String::from_utf8_lossy(&actual.stdout);
        let line = e.lines().zip(a.lines()).position(|(x, y)| x != y).unwrap_or_else(|| e.lines().count().min(a.lines().count()));
        return Err(format!(
            "stdout differs at line {}:\n  expected: {:?}\n  actual:   {:?}",
            line + 1,
            e.lines().nth(line).unwrap_or("<end>"),
            a.lines().nth(line).unwrap_or("<end>")
        ));
    }
    if expected.status != actual.status {
        return Err(format!("exit status {} instead of {} (stderr: {})", actual.status, expected.status, actual.last_stderr_line));
    }
    if expected.status == 1 && expected.last_stderr_line.contains("Error") && expected.last_stderr_line != actual.last_stderr_line {
        return Err(format!("exception line {:?} instead of {:?}", actual.last_stderr_line, expected.last_stderr_line));
    }
    Ok(())
}

/// Every `*.py` file under `dir`, sorted.
pub fn py_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
