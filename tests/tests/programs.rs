//! Differential tests: every program under `tests/programs/` runs under CPython and
//! translated; stdout, exit status and the exception line must match. Helper modules (files
//! whose name starts with `_`) are imported by the programs, not run. The programs of
//! `tests/programs/gc/` also run with the other collectors and a tiny nursery
//! (`GC_PROGRAM_VARIANTS`); with RPY_TEST_ALL_GC=1 in the environment, every program does.

use libtest_mimic::{Arguments, Failed, Trial};
use rpy_tests::*;

fn main() {
    let args = Arguments::from_args();
    let root = repo_root().join("tests").join("programs");
    let options = test_options(false);
    let mut trials = vec![];
    for prog in py_files(&root) {
        if prog.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('_')) {
            continue;
        }
        let name = prog.strip_prefix(&root).unwrap_or(&prog).with_extension("").display().to_string();
        let variants: &[GcVariant] = if name.starts_with("gc/") || all_gc_variants() { GC_PROGRAM_VARIANTS } else { &[] };
        let runs = BACKENDS
            .iter()
            .map(|(backend, prefix)| (prefix.to_string(), with_backend(&options, *backend), vec![]))
            .chain(variants.iter().map(|v| (v.prefix.to_string(), v.options(&options), v.env())));
        for (prefix, options, env) in runs {
            let prog = prog.clone();
            trials.push(Trial::test(format!("{prefix}{name}"), move || {
                let src = std::fs::read_to_string(&prog).map_err(|e| Failed::from(e.to_string()))?;
                let d = directives(&src);
                let expected = cpython(&prog, &d.args).map_err(Failed::from)?;
                let actual = translated_env(&prog, &d.args, &options, &env).map_err(Failed::from)?;
                compare(&expected, &actual).map_err(Failed::from)
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
