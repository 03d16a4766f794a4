//! Tests of the C runtime's containers (`c/containers.c`: dicts, sets, list operations,
//! sorting).
//!
//! The runtime (the sources `rpy_runtime` embeds, generated ones included) is compiled with
//! the system C compiler into a static archive, so only the members the test needs are
//! linked; `tests/support/containers_support.c` stands in for what generated code provides
//! (exception instances, type table, locations) and `tests/support/containers_driver.c`
//! defines `rpy_entry`. The driver
//! - `check`: runs randomized operation sequences against reference implementations of its
//!   own (dicts of every key kind across 100k keys, set algebra, list operations, sorting with
//!   stability, reverse, keys, raising and mutating comparisons) plus targeted cases;
//! - `py`: prints results of deterministic cases (slicing with every combination of bounds and
//!   steps, slice assignment and deletion, insert/pop/del at every position, index/count,
//!   comparisons, sorts, dict operation sequences) that `python3` prints the same way;
//! - `bench`: times 1M str-key inserts and lookups (and int keys, sorting).
//!
//! Builds: -O2 (with gc_none.c), and -O1 with AddressSanitizer + UndefinedBehaviorSanitizer
//! where every GC object is its own malloc block (skipped when the compiler lacks them).
//! containers.c, the driver and the support file must compile without warnings under
//! -Wall -Wextra.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use rpy_runtime::Gc;

mod common;
use common::{exclusive, run_driver, sanitize_env, sanitized, ArchiveDriver, SANITIZE};

// ---------------------------------------------------------------------------- plumbing

fn work_dir() -> PathBuf {
    common::work_dir("containers_c")
}

/// Compiles the runtime + support + driver into `<work>/<name>/driver`.
fn build_driver(name: &str, opt_level: u32, extra: &[&str], malloc_gc: bool) -> Result<PathBuf, String> {
    ArchiveDriver {
        dir: work_dir().join(name),
        gc: Gc::None,
        opt_level,
        flags: extra,
        own_files: &["containers.c"],
        files: &["containers_driver.c", "containers_support.c"],
        driver_flags: if malloc_gc { &["-DCONTAINERS_MALLOC_GC"] } else { &[] },
    }
    .build()
}

fn optimized_driver() -> &'static Path {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| match build_driver("o2", 2, &[], false) {
        Ok(exe) => exe,
        Err(e) => panic!("building the containers driver failed:\n{e}"),
    })
}

fn check_mode(exe: &Path, args: &[&str], env: &[(&str, &str)]) {
    let out = run_driver(exe, args, env);
    for line in &out {
        eprintln!("containers_c: {line}");
    }
    assert!(out.iter().any(|l| l == "ok all"), "the driver did not finish:\n{}", out.join("\n"));
}

fn python_expected() -> &'static Vec<String> {
    static EXPECTED: OnceLock<Vec<String>> = OnceLock::new();
    EXPECTED.get_or_init(|| common::python(PYTHON_SIDE, &[]))
}

fn compare_with_python(exe: &Path, env: &[(&str, &str)]) {
    let actual = run_driver(exe, &["py"], env);
    let expected = python_expected();
    let mut report = String::new();
    let mut mismatches = 0;
    for (i, (want, got)) in expected.iter().zip(&actual).enumerate() {
        if want != got {
            mismatches += 1;
            if mismatches <= 40 {
                writeln!(report, "line {}:\n    python: {want}\n    rpy:    {got}", i + 1).unwrap();
            }
        }
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "the driver printed {} lines, python3 {}\n{report}",
        actual.len(),
        expected.len()
    );
    eprintln!("containers_c: compared {} results with CPython", expected.len());
    assert!(mismatches == 0, "{mismatches} of {} results differ from CPython:\n{report}", expected.len());
}

// ---------------------------------------------------------------------------- tests

#[test]
fn containers_c_compiles_without_warnings() {
    let _guard = exclusive();
    let file = common::manifest_dir().join("c/containers.c");
    let obj = work_dir().join("containers_warn.o");
    for flags in [&["-std=gnu11", "-O2"][..], &["-std=c11", "-D_GNU_SOURCE", "-O0"][..]] {
        common::assert_compiles_clean(&file, &obj, flags);
    }
}

#[test]
fn containers_c_randomized_against_reference() {
    let _guard = exclusive();
    check_mode(optimized_driver(), &["check"], &[]);
}

#[test]
fn containers_c_matches_cpython() {
    let _guard = exclusive();
    compare_with_python(optimized_driver(), &[]);
}

#[test]
fn containers_c_under_sanitizers() {
    let _guard = exclusive();
    let Some(exe) = sanitized(build_driver("asan", 1, &SANITIZE, true)) else { return };
    let env = sanitize_env(false);
    check_mode(&exe, &["check"], &env);
    compare_with_python(&exe, &env);
}

/// Timings (printed; run with --nocapture to see them). Fails only on absurd slowness.
#[test]
fn containers_c_benchmark() {
    let _guard = exclusive();
    let out = run_driver(optimized_driver(), &["bench"], &[]);
    for line in &out {
        eprintln!("containers_c bench: {line}");
    }
    let py = Command::new("python3").arg("-c").arg(PYTHON_BENCH).output();
    if let Ok(py) = py {
        for line in String::from_utf8_lossy(&py.stdout).lines() {
            eprintln!("containers_c bench (CPython, for reference): {line}");
        }
    }
}

// ---------------------------------------------------------------------------- CPython side

/// Prints, for the same cases and in the same format as the driver's `py` mode, what CPython
/// computes.
const PYTHON_SIDE: &str = r#"
import sys
out = []
W = out.append
def t(v): return 'N' if v is None else str(v)
MIN, MAX = -2**63, 2**63 - 1

for n in range(7):
    L = [10 + i for i in range(n)]
    bounds = [None, MIN] + list(range(-n - 2, n + 3)) + [MAX]
    for a in bounds:
        for b in bounds:
            for c in bounds:
                try:
                    r = str(L[a:b:c])
                except ValueError as e:
                    r = 'E ValueError: ' + str(e)
                W(f"S {n} {t(a)} {t(b)} {t(c)} {r}")

for n in range(6):
    base = [10 + i for i in range(n)]
    bounds = [None] + list(range(-n - 2, n + 3))
    srcs = [[], [90], [90, 91, 92]]
    for a in bounds:
        for b in bounds:
            for k in range(4):
                L = list(base)
                L[a:b] = L if k == 3 else srcs[k]
                W(f"SS {n} {t(a)} {t(b)} {k} {L}")
            L = list(base)
            del L[a:b]
            W(f"DS {n} {t(a)} {t(b)} {L}")

for n in range(5):
    base = [10 + i for i in range(n)]
    for i in range(-n - 3, n + 4):
        L = list(base)
        L.insert(i, 99)
        W(f"I {n} {i} {L}")
    for i in range(-n - 2, n + 2):
        L = list(base)
        try:
            v = L.pop(i)
            W(f"P {n} {i} {v} {L}")
        except IndexError as e:
            W(f"P {n} {i} E IndexError: {e}")
        L = list(base)
        try:
            del L[i]
            W(f"D {n} {i} {L}")
        except IndexError as e:
            W(f"D {n} {i} E IndexError: {e}")

for n in range(3):
    base = [1 + i for i in range(n)]
    for k in range(-2, 4):
        W(f"R {n} {k} {base * k}")
    L = list(base)
    L.extend(L)
    W(f"X {n} {L} {L + base}")

L = [1, 2, 3, 1, 2, 3]
for v in range(5):
    W(f"C {v} {L.count(v)}")
    for s in range(-8, 9):
        for e in range(-8, 9):
            try:
                idx = L.index(v, s, e)
            except ValueError:
                idx = -1
            W(f"F {v} {s} {e} {idx}")

vals = [[], [1], [1, 2], [1, 3], [2], [1, 2, 0], [0, 5]]
for i in range(7):
    for j in range(7):
        a, b = vals[i], vals[j]
        W(f"CMP {i} {j} {(a > b) - (a < b)} {int(a == b)}")

state = 1
def lcg():
    global state
    state = (state * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
    return state >> 33

for tr in range(40):
    n = tr if tr < 3 else lcg() % 300
    keys = [lcg() % 10 for _ in range(n)]
    for rev in range(2):
        W(f"K {tr} {rev} {sorted(range(n), key=keys.__getitem__, reverse=bool(rev))}")

inf = float('inf')
pool = [0.0, -0.0, 1.5, -1.5, inf, -inf, 1e-300, 2.0, 3.0, -7.25, 0.1]
for tr in range(20):
    n = lcg() % 50
    l0 = [pool[lcg() % 11] for _ in range(n)]
    for rev in range(2):
        W(f"FS {tr} {rev}" + ''.join(' %.17g' % x for x in sorted(l0, reverse=bool(rev))))

chars = ['a', 'b', 'Z', '\u00e9', '\u20ac', '\U0001F600']
for tr in range(20):
    n = lcg() % 40
    l0 = []
    for i in range(n):
        ln = lcg() % 4
        l0.append(''.join(chars[lcg() % 6] for _ in range(ln)))
    for rev in range(2):
        W(f"SS2 {tr} {rev}" + ''.join(' ' + (s.encode().hex() or '-') for s in sorted(l0, reverse=bool(rev))))

for tr in range(30):
    d = {}
    hits = 0
    for op in range(200):
        r = lcg() % 10
        k = lcg() % 50 - 25
        if r < 6:
            d[k] = lcg() % 1000
        elif r < 8:
            d.pop(k, None)
        elif r < 9:
            if d:
                d.popitem()
        else:
            hits += k in d
    W(f"DICT {tr} {hits} {list(d.items())}")

sys.stdout.write('\n'.join(out) + '\n')
"#;

/// The same 1M str-key workload in CPython, for scale.
const PYTHON_BENCH: &str = r#"
import time
keys = ['key%d' % i for i in range(1000000)]
fresh = ['key%d' % i for i in range(1000000)]
t0 = time.perf_counter()
d = {}
for i, k in enumerate(keys):
    d[k] = i
t1 = time.perf_counter()
for k in keys:
    d[k]
t2 = time.perf_counter()
for k in fresh:
    d[k]
t3 = time.perf_counter()
print('str keys: 1M inserts %.3f s, 1M lookups (same objects) %.3f s, 1M lookups (equal new strings, hash computed) %.3f s' % (t1 - t0, t2 - t1, t3 - t2))
"#;
