//! The cases of `../shared/conformance/run/` listed in `tests/conformance-pass.txt` must
//! translate and print exactly their `.out` (and exit with their `.status`), with both
//! backends, with every collector, under a tiny nursery with both backends, and once with
//! `--sanitize` (`GC_VARIANTS`). The list only grows.

use libtest_mimic::{Arguments, Failed, Trial};
use rpy_tests::*;

fn main() {
    let args = Arguments::from_args();
    let list = repo_root().join("tests").join("conformance-pass.txt");
    let text = std::fs::read_to_string(&list).unwrap_or_default();
    let options = test_options(false);
    let run_dir = shared_dir().join("conformance").join("run");
    let mut trials = vec![];
    for name in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let runs = BACKENDS
            .iter()
            .map(|(backend, prefix)| (prefix.to_string(), with_backend(&options, *backend), vec![]))
            .chain(GC_VARIANTS.iter().map(|v| (v.prefix.to_string(), v.options(&options), v.env())));
        for (prefix, options, env) in runs {
            let prog = run_dir.join(format!("{name}.py"));
            trials.push(Trial::test(format!("{prefix}{name}"), move || {
                let expected_out = std::fs::read(prog.with_extension("out")).map_err(|e| Failed::from(format!("{}: {e}", prog.display())))?;
                let status = std::fs::read_to_string(prog.with_extension("status")).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
                let expected = Outcome { stdout: expected_out, status, last_stderr_line: String::new() };
                let actual = translated_env(&prog, &[], &options, &env).map_err(Failed::from)?;
                compare(&expected, &actual).map_err(Failed::from)
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
