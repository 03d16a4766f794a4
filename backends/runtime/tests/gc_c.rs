//! Tests of the generational collector (`c/gc_gen.c`) on its own: the runtime is compiled
//! with `RPY_GC_GEN` and `RPY_GC_DEBUG` (heap invariants checked around every collection, the
//! idle nursery inaccessible) into a static archive and linked with
//! `tests/support/gc_driver.c`, a random mutator checked against a model of its object graph
//! (see the driver). Each seed runs with a tiny nursery (a collection every few allocations)
//! and a low major-collection threshold, then with larger ones; once more under
//! AddressSanitizer and UndefinedBehaviorSanitizer (skipped when the compiler lacks them).

use std::path::{Path, PathBuf};
use std::process::Command;

use rpy_runtime::{Gc, GC_DEBUG_DEFINE};

mod common;
use common::{exclusive, sanitize_env, sanitized, ArchiveDriver, SANITIZE};

/// Compiles the runtime (gen, debug) + the driver into `<work>/<name>/driver`.
fn build_driver(name: &str, opt_level: u32, extra: &[&str]) -> Result<PathBuf, String> {
    let flags: Vec<&str> = [GC_DEBUG_DEFINE].iter().chain(extra).copied().collect();
    ArchiveDriver {
        dir: common::work_dir("gc_c").join(name),
        gc: Gc::Gen,
        opt_level,
        flags: &flags,
        own_files: &["gc_gen.c"],
        files: &["gc_driver.c"],
        driver_flags: &[],
    }
    .build()
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
    let Some(exe) = sanitized(build_driver("asan", 1, &SANITIZE)) else { return };
    run_seeds(&exe, &[5, 6], 10_000, &ENVS[..2], &sanitize_env(false));
}
