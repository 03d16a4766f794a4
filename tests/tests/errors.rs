//! Snapshots of the error messages for the programs of `tests/errors/` (translated up to
//! low-level graphs): the rendered text
//! (code, location, underlined expression, both places of a conflict, hints) is part of
//! rpy's interface. `cargo insta review` (or INSTA_UPDATE=always) blesses changes.

use rpy_tests::*;

#[test]
fn error_messages() {
    let dir = repo_root().join("tests").join("errors");
    let mut n = 0;
    for prog in py_files(&dir) {
        let name = prog.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        // Through the rtyper (which reports a few errors of its own), not the C compiler.
        let text = match rpy_driver::translate(&prog, &rpy_driver::Options::default(), &mut rpy_driver::Silent) {
            Ok(_) => "accepted".to_string(),
            Err(f) => f.render(false),
        };
        // Paths differ between checkouts: keep the file name only.
        let text = text.replace(&format!("{}/", dir.display()), "");
        insta::with_settings!({ snapshot_path => dir.join("snapshots"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, text);
        });
        n += 1;
    }
    assert!(n > 0, "no error programs found");
}
