//! Tests of the generational collector (`c/gc_gen.c`) on its own: the runtime is compiled
//! with `RPY_GC_GEN` and `RPY_GC_DEBUG` (heap invariants checked around every collection, the
//! idle nursery inaccessible) into a static archive and linked with
//! `tests/support/gc_driver.c`, a random mutator checked against a model of its object graph
//! (see the driver). Each seed runs with a tiny nursery (a collection every few allocations)
//! and a low major-collection threshold, then with larger ones; once more under
//! AddressSanitizer and UndefinedBehaviorSanitizer (skipped when the compiler lacks them).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

use rpy_runtime::{Gc, COMMON_SOURCES, GC_DEBUG_DEFINE, HEADERS};

fn work_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gc_c");
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

fn build_config(opt_level: u32) -> cc::Build {
    let target = target_triple();
    let mut b = cc::Build::new();
    b.target(&target).host(&target).opt_level(opt_level).debug(false).cargo_metadata(false);
    b
}

fn run_tool(mut cmd: Command, what: &str) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("cannot run the tool for {what}: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() {
        Ok(stderr)
    } else {
        Err(format!("{what} failed:\n{stderr}"))
    }
}

/// Compiles the runtime (gen, debug) + the driver into `<work>/<name>/driver`.
fn build_driver(name: &str, opt_level: u32, extra: &[&str]) -> Result<PathBuf, String> {
    let dir = work_dir().join(name);
    let src = dir.join("src");
    let obj = dir.join("obj");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&obj).unwrap();
    let sources: Vec<_> = COMMON_SOURCES.iter().chain(Gc::Gen.sources()).collect();
    for f in HEADERS.iter().chain(sources.iter().copied()) {
        std::fs::write(src.join(f.name), f.text).unwrap();
    }
    let base = |cmd: &mut Command| {
        cmd.args(["-std=gnu11", "-fno-strict-aliasing", "-pthread"]).args(Gc::Gen.defines()).arg(GC_DEBUG_DEFINE).args(extra).arg("-I").arg(&src);
    };
    let mut objects = Vec::new();
    for f in &sources {
        let o = obj.join(f.name).with_extension("o");
        let mut cmd = build_config(opt_level).get_compiler().to_command();
        base(&mut cmd);
        if f.name == "gc_gen.c" {
            cmd.args(["-Wall", "-Wextra"]);
        } else {
            cmd.arg("-w");
        }
        cmd.arg("-c").arg(src.join(f.name)).arg("-o").arg(&o);
        let warnings = run_tool(cmd, &format!("compiling {}", f.name))?;
        if f.name == "gc_gen.c" && !warnings.trim().is_empty() {
            return Err(format!("gc_gen.c compiles with warnings:\n{warnings}"));
        }
        objects.push(o);
    }
    let lib = dir.join("libruntime.a");
    let _ = std::fs::remove_file(&lib);
    let mut ar = build_config(opt_level).get_archiver();
    ar.arg("crs").arg(&lib).args(&objects);
    run_tool(ar, "archiving the runtime")?;
    let exe = dir.join("driver");
    let mut cmd = build_config(opt_level).get_compiler().to_command();
    base(&mut cmd);
    cmd.args(["-Wall", "-Wextra"]);
    cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/gc_driver.c")).arg(&lib).arg("-o").arg(&exe).arg("-lm");
    let warnings = run_tool(cmd, "compiling and linking the driver")?;
    if !warnings.trim().is_empty() {
        return Err(format!("the driver compiles with warnings:\n{warnings}"));
    }
    Ok(exe)
}

/// One C program at a time (they are CPU-heavy).
fn exclusive() -> MutexGuard<'static, ()> {
    static HEAVY: Mutex<()> = Mutex::new(());
    HEAVY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs the driver on each seed with each environment.
fn run_seeds(exe: &Path, seeds: &[u64], steps: u64, envs: &[&[(&str, &str)]], extra_env: &[(&str, &str)]) {
    for env in envs {
        for seed in seeds {
            let out = Command::new(exe)
                .args([seed.to_string(), steps.to_string()])
                .envs(env.iter().copied())
                .envs(extra_env.iter().copied())
                .env("RPY_GC_STATS", "1")
                .output()
                .expect("running the GC driver");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success() && stdout.starts_with("ok "), "seed {seed} with {env:?} failed ({}):\n{stdout}\n{stderr}", out.status);
            eprintln!("gc_c: seed {seed} {env:?}: {} {}", stdout.trim(), stderr.trim());
        }
    }
}

const ENVS: &[&[(&str, &str)]] = &[
    &[("RPY_GC_NURSERY", "256"), ("RPY_GC_MAJOR_MIN", "64k")],
    &[("RPY_GC_NURSERY", "4k"), ("RPY_GC_MAJOR_MIN", "256k"), ("RPY_GC_MAJOR_FACTOR", "1.2")],
    &[("RPY_GC_NURSERY", "64k")],
];

#[test]
fn gc_c_random_graphs_against_a_model() {
    let _guard = exclusive();
    let exe = build_driver("o1", 1, &[]).unwrap_or_else(|e| panic!("building the GC driver failed:\n{e}"));
    run_seeds(&exe, &[1, 2, 3, 4], 20_000, ENVS, &[]);
}

#[test]
fn gc_c_under_sanitizers() {
    let _guard = exclusive();
    let flags = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer", "-g"];
    let exe = match build_driver("asan", 1, &flags) {
        Ok(exe) => exe,
        Err(e) if e.contains("sanitize") || e.contains("asan") || e.contains("ubsan") => {
            eprintln!("skipping: the C compiler cannot build with sanitizers:\n{e}");
            return;
        }
        Err(e) => panic!("building the sanitized GC driver failed:\n{e}"),
    };
    let env = [("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0:halt_on_error=1"), ("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")];
    run_seeds(&exe, &[5, 6], 10_000, &ENVS[..2], &env);
}
