//! The viewer on real and large programs: every conformance program's every function renders
//! at every stage, and a generated 10,000-line program opens without rendering everything up
//! front (each function's SVG is made on request, quickly).

#[allow(dead_code)]
#[path = "../examples/gen_program.rs"]
mod gen_program;

use rpy_driver::{Options, Stage};
use rpy_viewer::{stage_name, Site, STAGES};
use std::path::Path;
use std::time::Instant;

fn site(path: &Path) -> Site {
    rpy_viewer::site(path, &Options::default()).unwrap_or_else(|f| panic!("{}: {}", path.display(), f.render(false)))
}

/// The data script of function `f` at stage `s`, as the page loads it.
fn function_data(site: &Site, f: usize, s: Stage) -> String {
    let file = site.get(&format!("data/f/{f}-{}.js", stage_name(s))).expect("every function has a data script at every stage");
    String::from_utf8(file.body.to_vec()).expect("UTF-8")
}

#[test]
fn every_conformance_program_renders_at_every_stage() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/run");
    let mut programs: Vec<_> = std::fs::read_dir(&dir).expect("the conformance cases").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "py")).collect();
    programs.sort();
    assert!(programs.len() > 20, "conformance cases found in {}", dir.display());
    let mut graphs = 0;
    for p in &programs {
        let site = site(p);
        for name in ["index.html", "viewer.js", "viewer.css", "data/index.js", "data/callgraph.js", "data/classes.js"] {
            assert!(site.get(name).is_some(), "{}: {name}", p.display());
        }
        for (i, f) in site.model.functions.iter().enumerate() {
            for s in STAGES {
                let data = function_data(&site, i, s);
                assert!(data.starts_with("rpyView.loaded("), "{}: {}", p.display(), f.name);
                if f.graph(s).is_some() {
                    assert!(data.contains("<svg "), "{}: {} at {s:?} has no SVG", p.display(), f.name);
                    graphs += 1;
                }
            }
        }
    }
    assert!(graphs > 1000, "only {graphs} graphs drawn");
}

#[test]
fn a_ten_thousand_line_program_opens_at_once() {
    let dir = std::env::temp_dir().join(format!("rpy-viewer-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("big.py");
    let text = gen_program::program(10_000);
    assert!(text.lines().count() >= 10_000);
    std::fs::write(&path, text).expect("write");
    let start = Instant::now();
    let site = site(&path);
    let startup = start.elapsed();
    let _ = std::fs::remove_dir_all(&dir);
    let n = site.model.functions.len();
    assert!(n > 800, "{n} functions");
    // The list comes at once, whatever the program's size.
    let t = Instant::now();
    let index = site.get("data/index.js").expect("the index");
    assert!(index.body.len() > 10_000);
    let main = site.model.functions.iter().position(|f| f.name == "big.main").expect("main");
    let run = site.model.functions.iter().position(|f| f.name == "big.run7").expect("run7");
    for f in [main, run] {
        for s in STAGES {
            assert!(function_data(&site, f, s).contains("<svg "));
        }
    }
    // Times are reported, not asserted (machines are noisy): `cargo test --release -p
    // rpy_viewer --test scale -- --nocapture` prints them.
    eprintln!("10,000-line program: {n} functions; start-up {startup:?}; the list and six graphs {:?}", t.elapsed());
}
