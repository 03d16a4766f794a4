//! Repository hygiene: ARCHITECTURE.md names every crate and only crates that exist, and
//! every Rust source file starts with a `//!` comment saying what lives there.

use rpy_tests::*;

fn members() -> Vec<String> {
    let manifest = std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("root Cargo.toml");
    let start = manifest.find("members").expect("workspace members");
    let list = &manifest[start..manifest[start..].find(']').map(|e| start + e).expect("end of members")];
    list.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn architecture_names_every_crate_and_only_existing_paths() {
    let arch = std::fs::read_to_string(repo_root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md exists");
    for m in members() {
        assert!(arch.contains(&format!("`{m}/`")), "ARCHITECTURE.md does not describe the crate `{m}/`");
    }
    // Every path written as `dir/...` in backquotes must exist.
    for part in arch.split('`').skip(1).step_by(2) {
        let top_dirs = ["frontend/", "annotator/", "rtyper/", "backends/", "driver/", "cli/", "stdlib/", "tests/", "examples/", "tools/", "bench/"];
        let looks_like_path = top_dirs.iter().any(|d| part.starts_with(d)) && !part.contains(' ') && !part.contains('*') && !part.contains('<');
        if looks_like_path {
            let p = repo_root().join(part.trim_end_matches('/'));
            assert!(p.exists(), "ARCHITECTURE.md names `{part}`, which does not exist");
        }
    }
}

#[test]
fn every_rust_file_says_what_it_holds() {
    let mut todo = vec![repo_root()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("readable").flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                if !matches!(name, "target" | ".git" | "snapshots") {
                    todo.push(p);
                }
            } else if name.ends_with(".rs") && name != "build.rs" && !p.components().any(|c| c.as_os_str() == "tests" && p.parent().is_some_and(|x| x.ends_with("tests"))) {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                assert!(text.starts_with("//!"), "{} does not start with a //! comment", p.display());
            }
        }
    }
}
