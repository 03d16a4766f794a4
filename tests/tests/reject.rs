//! Programs that must be rejected: every case of `../shared/conformance/reject/` (with its
//! `# error-line` and `# error-mentions`) and the malformed sources of `tests/malformed/`.
//! Each must give a non-zero result with a message, and never a panic.

use libtest_mimic::{Arguments, Failed, Trial};
use rpy_tests::*;
use std::path::{Path, PathBuf};

/// Runs `rpy check` through the driver on a thread with a large stack; a panic is a failure.
fn check(prog: &Path) -> Result<String, String> {
    let prog: PathBuf = prog.to_path_buf();
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || rpy_driver::check(&prog, &mut rpy_driver::Silent).map(|_| ()).map_err(|f| f.render(false)))
        .map_err(|e| e.to_string())?;
    match handle.join() {
        Ok(Ok(())) => Err("accepted".into()),
        Ok(Err(msg)) => Ok(msg),
        Err(_) => Err("rpy panicked".into()),
    }
}

fn header(src: &str, key: &str) -> Option<String> {
    src.lines().take(5).find_map(|l| l.trim().strip_prefix(&format!("# {key}:")).map(|v| v.trim().to_string()))
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = vec![];
    for prog in py_files(&shared_dir().join("conformance").join("reject")) {
        let name = format!("conformance/{}", prog.file_stem().and_then(|s| s.to_str()).unwrap_or("?"));
        trials.push(Trial::test(name, move || {
            let src = std::fs::read_to_string(&prog).map_err(|e| Failed::from(e.to_string()))?;
            let msg = check(&prog).map_err(Failed::from)?;
            let base = prog.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if let Some(line) = header(&src, "error-line") {
                let at = format!("{base}:{line}");
                let pointed = msg.match_indices(&at).any(|(i, _)| !msg[i + at.len()..].starts_with(|c: char| c.is_ascii_digit()));
                if !pointed {
                    return Err(format!("the message does not point at {at}:\n{msg}").into());
                }
            }
            for word in header(&src, "error-mentions").unwrap_or_default().split(',').map(str::trim).filter(|w| !w.is_empty()) {
                if !msg.to_lowercase().contains(&word.to_lowercase()) {
                    return Err(format!("the message does not mention {word:?}:\n{msg}").into());
                }
            }
            Ok(())
        }));
    }
    for prog in py_files(&repo_root().join("tests").join("malformed")) {
        let name = format!("malformed/{}", prog.file_stem().and_then(|s| s.to_str()).unwrap_or("?"));
        trials.push(Trial::test(name, move || {
            let msg = check(&prog).map_err(Failed::from)?;
            if !msg.contains("error") || !msg.contains(".py") {
                return Err(format!("no error naming the file:\n{msg}").into());
            }
            Ok(())
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}
