//! The module of a translated test program: emitted twice from one `LlProgram`, the text is
//! the same; only the runtime's entry points are exported; every function has a subprogram
//! and every instruction a debug location; it compiles at every optimisation level; its
//! type-info table (and the offset arrays it points to) has the bytes of the C backend's.

use rpy_backend_llvm::{compile, emit_ir, LlvmOptions};
use std::path::Path;

fn program() -> rpy_lltype::LlProgram {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs/backend/prim_edges.py");
    let options = rpy_driver::Options { verify: true, ..Default::default() };
    match rpy_driver::translate(&path, &options, &mut rpy_driver::Silent) {
        Ok((ll, _)) => ll,
        Err(f) => panic!("translation failed:\n{}", f.render(false)),
    }
}

#[test]
fn module_is_deterministic_exports_entry_points_and_has_locations() {
    let ll = program();
    let options = LlvmOptions::default();
    let ir = emit_ir(&ll, &options).expect("emits");
    assert_eq!(ir, emit_ir(&ll, &options).expect("emits again"), "two emissions differ");

    let defines: Vec<&str> = ir.lines().filter(|l| l.starts_with("define ")).collect();
    assert_eq!(defines.len(), ll.functions.len());
    for d in &defines {
        let exported = ["@rpy_entry(", "@rpy_make_exception(", "@rpy_init_prebuilt("].iter().any(|n| d.contains(n));
        assert_eq!(!d.starts_with("define internal "), exported, "linkage of {d}");
        assert!(d.contains("!dbg"), "no subprogram: {d}");
    }
    for g in ["@rpy_type_info_table = constant", "@rpy_type_count = constant", "@rpy_locations = constant"] {
        assert!(ir.contains(g), "{g} is missing");
    }
    // Inside function bodies, every instruction (not labels, not the closing brace) has a
    // location.
    let mut in_body = false;
    for line in ir.lines() {
        if line.starts_with("define ") {
            in_body = true;
            continue;
        }
        if line == "}" {
            in_body = false;
            continue;
        }
        // Instructions are indented; labels are not; a switch spans lines up to its `]`.
        if in_body && line.starts_with("  ") && !line.starts_with("  switch ") && !line.starts_with("    ") {
            assert!(line.contains("!dbg"), "instruction without a location: {line}");
        }
    }
    assert!(ir.contains("DICompileUnit(language: DW_LANG_C"), "no compile unit");
    assert!(ir.contains("prim_edges.py"), "no source file");
}

#[test]
fn compiles_at_every_level() {
    let ll = program();
    for opt in 0..=3 {
        let options = LlvmOptions { opt, ..Default::default() };
        let mut phases = vec![];
        let out = compile(&ll, &options, opt == 0, &mut |name, f| {
            phases.push(name);
            f()
        })
        .expect("compiles");
        assert_eq!(phases, ["emit LLVM", "optimize LLVM", "codegen LLVM"]);
        assert_eq!(out.ir.is_some(), opt == 0);
        assert_eq!(&out.object[..4], b"\x7fELF", "an ELF object");
    }
}

/// The bytes of a data symbol of an object file (through binutils' objdump and objcopy).
fn symbol_bytes(obj: &Path, symbol: &str) -> Vec<u8> {
    let table = std::process::Command::new("objdump").arg("-t").arg(obj).output().expect("objdump runs");
    let table = String::from_utf8_lossy(&table.stdout).to_string();
    // "0000000000000000 g     O .rodata	0000000000000aa8 rpy_type_info_table"
    let line = table.lines().find(|l| l.split_whitespace().last() == Some(symbol)).unwrap_or_else(|| panic!("{symbol} not in {}", obj.display()));
    let (left, right) = line.split_once('\t').expect("objdump's symbol line");
    let section = left.split_whitespace().last().expect("a section");
    let value = u64::from_str_radix(left.split_whitespace().next().expect("a value"), 16).expect("hex");
    let size = u64::from_str_radix(right.split_whitespace().next().expect("a size"), 16).expect("hex");
    let bin = obj.with_extension(format!("{}.bin", section.trim_start_matches('.')));
    let status = std::process::Command::new("objcopy").args(["-O", "binary", "--only-section", section]).arg(obj).arg(&bin).status().expect("objcopy runs");
    assert!(status.success());
    let data = std::fs::read(&bin).expect("the section");
    data[value as usize..(value + size) as usize].to_vec()
}

#[test]
fn type_info_table_is_the_c_backends() {
    let ll = program();
    let dir = std::env::temp_dir().join(format!("rpy-llvm-typeinfo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for h in rpy_runtime::HEADERS {
        std::fs::write(dir.join(h.name), h.text).unwrap();
    }
    std::fs::write(dir.join("program.c"), rpy_backend_c::emit_c(&ll)).unwrap();
    let status = std::process::Command::new("cc")
        .args(["-std=gnu11", "-fno-strict-aliasing", "-w", "-O1", "-c"])
        .args(rpy_runtime::Gc::default().defines())
        .arg(dir.join("program.c"))
        .arg("-I")
        .arg(&dir)
        .arg("-o")
        .arg(dir.join("c.o"))
        .status()
        .expect("cc runs");
    assert!(status.success(), "the C backend's output compiles");
    let out = compile(&ll, &LlvmOptions::default(), false, &mut |_, f| f()).expect("compiles");
    std::fs::write(dir.join("llvm.o"), &out.object).unwrap();
    // The table's pointers to the offset arrays are relocations (zero bytes here); the arrays
    // themselves are compared one by one.
    let mut syms = vec!["rpy_type_info_table".to_string(), "rpy_type_count".to_string(), "rpy_ptrs_list_gc".to_string()];
    for d in &ll.types.defs {
        let sd = d.as_struct();
        if sd.gc && sd.tid != 0 && sd.fields.iter().any(|(_, t)| t.is_gc_ptr(&ll.types)) {
            syms.push(format!("rpy_ptrs{}", sd.tid));
        }
    }
    for sym in &syms {
        let c = symbol_bytes(&dir.join("c.o"), sym);
        assert!(!c.is_empty());
        assert_eq!(c, symbol_bytes(&dir.join("llvm.o"), sym), "{sym} differs");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
