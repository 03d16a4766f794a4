//! Plumbing shared by the tests of the C runtime: finding the C compiler, building a test
//! driver (`tests/support/`) with runtime files, running it and `python3`.
//!
//! Each test file is its own crate and includes this module (`mod common;`); not every file
//! uses every item.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

use rpy_runtime::{Gc, COMMON_SOURCES, HEADERS};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory a test file builds in (created): `name` under cargo's temporary directory.
pub fn work_dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn target_triple() -> String {
    if let Ok(t) = std::env::var("TARGET") {
        return t;
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let out = Command::new(rustc).arg("-vV").output().expect("running rustc -vV");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().find_map(|l| l.strip_prefix("host: ")).expect("host line in rustc -vV").trim().to_string()
}

pub fn build_config(opt_level: u32) -> cc::Build {
    let target = target_triple();
    let mut b = cc::Build::new();
    b.target(&target).host(&target).opt_level(opt_level).debug(false).cargo_metadata(false);
    b
}

pub fn compiler(opt_level: u32) -> cc::Tool {
    build_config(opt_level).get_compiler()
}

/// Runs a compiler or archiver: Ok(what it wrote to stderr, i.e. warnings) when it succeeds.
pub fn run_tool(mut cmd: Command, what: &str) -> Result<String, String> {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run the tool for {what}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() {
        Ok(stderr)
    } else {
        Err(format!("{what} failed:\n{stderr}"))
    }
}

/// Asserts that the C file `file` compiles (to `obj`, at -O2 unless `flags` say otherwise)
/// with -Wall -Wextra and `flags`, without a warning.
pub fn assert_compiles_clean(file: &Path, obj: &Path, flags: &[&str]) {
    let mut cmd = compiler(2).to_command();
    cmd.args(["-Wall", "-Wextra"]).args(flags).arg("-c").arg("-I").arg(manifest_dir().join("c"));
    cmd.arg(file).arg("-o").arg(obj);
    let out = cmd.output().expect("running the C compiler");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{} does not compile ({flags:?}):\n{stderr}", file.display());
    assert!(stderr.trim().is_empty(), "{} compiles with warnings ({flags:?}):\n{stderr}", file.display());
}

/// A driver linked with the whole runtime as a static archive, so only the members it needs
/// (and their dependencies) are linked.
pub struct ArchiveDriver<'a> {
    /// Where the runtime's sources, the objects, the archive and the driver go.
    pub dir: PathBuf,
    pub gc: Gc,
    pub opt_level: u32,
    /// Options of every compilation (after the collector's defines).
    pub flags: &'a [&'a str],
    /// Runtime files compiled with -Wall -Wextra that must not warn (the others get -w).
    pub own_files: &'a [&'a str],
    /// The driver's files, under tests/support (compiled with -Wall -Wextra, must not warn).
    pub files: &'a [&'a str],
    /// Options of the driver's compilation only.
    pub driver_flags: &'a [&'a str],
}

impl ArchiveDriver<'_> {
    /// Builds `<dir>/driver`.
    pub fn build(&self) -> Result<PathBuf, String> {
        let src = self.dir.join("src");
        let obj = self.dir.join("obj");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::create_dir_all(&obj).unwrap();
        let sources: Vec<_> = COMMON_SOURCES.iter().chain(self.gc.sources()).collect();
        for f in HEADERS.iter().chain(sources.iter().copied()) {
            std::fs::write(src.join(f.name), f.text).unwrap();
        }
        let base = |cmd: &mut Command| {
            cmd.args(["-std=gnu11", "-fno-strict-aliasing", "-pthread"])
                .args(self.gc.defines())
                .args(self.flags)
                .arg("-I")
                .arg(&src);
        };
        let mut objects = Vec::new();
        for f in &sources {
            let o = obj.join(f.name).with_extension("o");
            let own = self.own_files.contains(&f.name);
            let mut cmd = compiler(self.opt_level).to_command();
            base(&mut cmd);
            if own {
                cmd.args(["-Wall", "-Wextra"]);
            } else {
                cmd.arg("-w");
            }
            cmd.arg("-c").arg(src.join(f.name)).arg("-o").arg(&o);
            let warnings = run_tool(cmd, &format!("compiling {}", f.name))?;
            if own && !warnings.trim().is_empty() {
                return Err(format!("{} compiles with warnings:\n{warnings}", f.name));
            }
            objects.push(o);
        }
        let lib = self.dir.join("libruntime.a");
        let _ = std::fs::remove_file(&lib);
        let mut ar = build_config(self.opt_level).get_archiver();
        ar.arg("crs").arg(&lib).args(&objects);
        run_tool(ar, "archiving the runtime")?;
        let support = manifest_dir().join("tests/support");
        let exe = self.dir.join("driver");
        let mut cmd = compiler(self.opt_level).to_command();
        base(&mut cmd);
        cmd.args(["-Wall", "-Wextra"]).args(self.driver_flags);
        for f in self.files {
            cmd.arg(support.join(f));
        }
        cmd.arg(&lib).arg("-o").arg(&exe).arg("-lm");
        let warnings = run_tool(cmd, "compiling and linking the driver")?;
        if !warnings.trim().is_empty() {
            return Err(format!("the driver compiles with warnings:\n{warnings}"));
        }
        Ok(exe)
    }
}

/// The sanitized build of a driver, or None (with a note) when the compiler cannot build
/// with sanitizers.
pub fn sanitized(build: Result<PathBuf, String>) -> Option<PathBuf> {
    match build {
        Ok(exe) => Some(exe),
        // Only the compiler's or linker's own complaints about sanitizers (not any message
        // that happens to mention them, e.g. in a path or a warning).
        Err(e) if e.contains("unrecognized argument to '-fsanitize") || e.contains("cannot find -lasan") || e.contains("cannot find -lubsan") || e.contains("libasan.so") => {
            eprintln!("skipping: the C compiler cannot build with sanitizers:\n{e}");
            None
        }
        Err(e) => panic!("building the sanitized driver failed:\n{e}"),
    }
}

/// The options of a build under AddressSanitizer and UndefinedBehaviorSanitizer.
pub const SANITIZE: [&str; 4] = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer", "-g"];

/// The environment of a sanitized driver. Leaks are detected only where the driver frees
/// what it allocates.
pub fn sanitize_env(detect_leaks: bool) -> [(&'static str, &'static str); 2] {
    let asan = if detect_leaks {
        "detect_leaks=1:abort_on_error=0:halt_on_error=1"
    } else {
        "detect_leaks=0:abort_on_error=0:halt_on_error=1"
    };
    [("ASAN_OPTIONS", asan), ("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")]
}

/// The tests of a file build and run C programs one at a time: they are CPU-heavy, and
/// parallel runs would distort timings.
pub fn exclusive() -> MutexGuard<'static, ()> {
    static HEAVY: Mutex<()> = Mutex::new(());
    HEAVY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs the driver; returns its output lines (panics on failure or output on stderr).
pub fn run_driver(exe: &Path, args: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    let out = Command::new(exe).args(args).envs(env.iter().copied()).output().expect("running the driver");
    let stdout: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "driver {args:?} failed ({}):\n{stderr}\nlast output lines:\n{}",
        out.status,
        stdout[stdout.len().saturating_sub(5)..].join("\n")
    );
    assert!(stderr.trim().is_empty(), "driver {args:?} wrote to stderr:\n{stderr}");
    stdout
}

/// The lines `python3 -c script args...` prints.
pub fn python(script: &str, args: &[&Path]) -> Vec<String> {
    let out = Command::new("python3").arg("-c").arg(script).args(args).output().expect("running python3");
    assert!(out.status.success(), "python3 failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

/// Cases, one a line, written to `cases.txt` for the driver, and CPython's results for them.
pub struct Fixture {
    pub cases_path: PathBuf,
    pub cases: Vec<String>,
    pub expected: Vec<String>,
}

impl Fixture {
    /// Writes the cases into `dir`; `script` prints one line per case of the file it is given.
    pub fn new(dir: &Path, cases: Vec<String>, script: &str) -> Fixture {
        let cases_path = dir.join("cases.txt");
        std::fs::write(&cases_path, cases.join("\n") + "\n").unwrap();
        let expected = python(script, &[&cases_path]);
        assert_eq!(expected.len(), cases.len(), "python3 printed one line per case");
        Fixture { cases_path, cases, expected }
    }

    /// Runs the driver on the cases and compares its results with CPython's. Returns how many
    /// differ, but for those `excused` (called with the case) excuses, and a report on the
    /// first 60 of them, showing cases and results with `describe_case`/`describe_result`.
    pub fn differences(
        &self,
        exe: &Path,
        env: &[(&str, &str)],
        describe_case: fn(&str) -> String,
        describe_result: fn(&str) -> String,
        mut excused: impl FnMut(&str) -> bool,
    ) -> (usize, String) {
        let actual = run_driver(exe, &[self.cases_path.to_str().unwrap()], env);
        assert_eq!(actual.len(), self.cases.len(), "driver printed one line per case");
        let mut report = String::new();
        let mut count = 0;
        for ((case, want), got) in self.cases.iter().zip(&self.expected).zip(&actual) {
            if want == got || excused(case) {
                continue;
            }
            count += 1;
            if count <= 60 {
                let (case, want, got) = (describe_case(case), describe_result(want), describe_result(got));
                writeln!(report, "{case}\n    python: {want}\n    rpy:    {got}").unwrap();
            }
        }
        (count, report)
    }
}

/// Random numbers for test cases (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// Empty with probability 1/2, else a random element.
    pub fn maybe<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        if self.below(2) == 0 {
            ""
        } else {
            *self.pick(xs)
        }
    }
}
