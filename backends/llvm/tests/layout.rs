//! The LLVM backend agrees with the runtime's C headers: the LLVM types of the runtime's
//! structs have the layout the C compiler gives the structs of `rpy.h` (the same size and the
//! same offset for every field low-level code reads or writes; a probe compiled and run with
//! the system C compiler, `cc`, tells; it also prints the exception numbers the emitted code
//! raises), and the `RuntimeFn` table's signatures are those of the prototypes (the LLVM
//! backend calls them without C's conversions).

use rpy_lltype::Types;
use std::process::Command;

#[test]
fn runtime_structs_match_rpy_h() {
    let dir = std::env::temp_dir().join(format!("rpy-llvm-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for h in rpy_runtime::HEADERS {
        std::fs::write(dir.join(h.name), h.text).unwrap();
    }
    let types = Types::new();
    let mut probe = String::from("#include \"rpy.h\"\n#include <stdio.h>\nint main(void) {\n");
    for d in &types.defs {
        let sd = d.as_struct();
        let Some(name) = sd.runtime else { continue };
        probe.push_str(&format!("    printf(\"{name} %zu\", sizeof({name}));\n"));
        for (field, _) in &sd.fields {
            probe.push_str(&format!("    printf(\" %zu\", offsetof({name}, {field}));\n"));
        }
        probe.push_str("    printf(\"\\n\");\n");
    }
    for (name, _) in rpy_backend_llvm::EXCEPTIONS {
        probe.push_str(&format!("    printf(\"{name} %d\\n\", (int){name});\n"));
    }
    probe.push_str("    return 0;\n}\n");
    std::fs::write(dir.join("probe.c"), probe).unwrap();
    let exe = dir.join("probe");
    let status = Command::new("cc").arg("-std=gnu11").arg("-I").arg(&dir).arg(dir.join("probe.c")).arg("-o").arg(&exe).status().expect("cc runs");
    assert!(status.success(), "the probe compiles");
    let out = Command::new(&exe).output().expect("the probe runs");
    let c_text = String::from_utf8(out.stdout).unwrap();
    let llvm: Vec<String> = rpy_backend_llvm::runtime_layouts()
        .into_iter()
        .map(|(name, size, offs)| {
            let mut line = format!("{name} {size}");
            for o in offs {
                line.push_str(&format!(" {o}"));
            }
            line
        })
        .collect();
    let mut llvm = llvm;
    llvm.extend(rpy_backend_llvm::EXCEPTIONS.iter().map(|(name, v)| format!("{name} {v}")));
    let c: Vec<&str> = c_text.lines().collect();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(c, llvm, "C's layout (left) and the LLVM backend's (right) of the runtime structs, and the exception numbers");
}

/// The class of a C type for the calling convention: what an LLVM declaration must agree on.
fn c_class(t: &str) -> String {
    let t = t.trim().trim_start_matches("const ").trim();
    if t.contains('*') || t.contains('[') {
        return "ptr".into();
    }
    match t {
        "Signed" | "int64_t" | "long" | "ssize_t" | "intptr_t" => "i64",
        "Unsigned" | "uint64_t" | "size_t" | "uintptr_t" => "u64",
        "Float" | "double" => "f64",
        "bool" => "bool",
        "UniChar" | "uint32_t" => "u32",
        "Char" | "uint8_t" => "u8",
        "void" => "void",
        other => return format!("other({other})"),
    }
    .into()
}

fn ll_class(t: rpy_lltype::LlType) -> &'static str {
    use rpy_lltype::LlType::*;
    match t {
        Void => "void",
        Bool => "bool",
        Signed => "i64",
        Unsigned => "u64",
        Float => "f64",
        Char => "u8",
        UniChar => "u32",
        Ptr(_) | FuncPtr(_) => "ptr",
    }
}

/// The LLVM backend calls the runtime's functions with the signatures of the `RuntimeFn`
/// table, without C's conversions at the call: each must match the prototype in the
/// runtime's headers (an `int` result where the table says `Signed` would leave the upper
/// half of the register undefined).
#[test]
fn runtime_functions_match_their_prototypes() {
    let headers: String = rpy_runtime::HEADERS.iter().map(|h| h.text).collect::<Vec<_>>().join("\n");
    let protos = prototypes(&headers);
    let mut errors = vec![];
    let table = rpy_lltype::RuntimeFn::ALL.iter().map(|f| (f.c_name(), f.params(), f.result()));
    let helpers = rpy_backend_llvm::HELPERS.iter().map(|(n, p, r)| (*n, p.to_vec(), *r));
    for (name, params_ll, result) in table.chain(helpers) {
        let Some((ret, params)) = protos.get(name) else {
            errors.push(format!("{name}: no prototype in the runtime's headers"));
            continue;
        };
        let c_params: Vec<String> = params.iter().map(|p| param_class(p)).collect();
        let want: Vec<String> = params_ll.iter().filter(|t| **t != rpy_lltype::LlType::Void).map(|t| ll_class(*t).to_string()).collect();
        if c_class(ret) != ll_class(result) || c_params != want {
            errors.push(format!("{name}: table {want:?} -> {}, header {c_params:?} -> {}", ll_class(result), c_class(ret)));
        }
    }
    assert!(errors.is_empty(), "runtime functions whose table signature differs from the header:\n{}", errors.join("\n"));
}

/// The class of a parameter declaration (`Signed n`, `const char *s`, `bool (*eq)(...)`).
fn param_class(p: &str) -> String {
    let p = p.trim();
    if p.contains("(*") {
        return "ptr".into();
    }
    // Drop the parameter's name when there is one.
    let cut = p.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
    let ty = if cut == 0 || cut >= p.len() { p } else { &p[..cut] };
    c_class(ty)
}

/// `name -> (result type, parameter declarations)` of the functions the headers declare.
fn prototypes(text: &str) -> std::collections::HashMap<String, (String, Vec<String>)> {
    // Without comments and preprocessor lines, declarations end with `;` at depth 0.
    let mut clean = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        clean.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    clean.push_str(rest);
    let clean: String = clean.lines().filter(|l| !l.trim_start().starts_with('#')).map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join(" ");
    let mut out = std::collections::HashMap::new();
    let mut depth = 0i32;
    let mut decl = String::new();
    for c in clean.chars() {
        match c {
            '{' => {
                depth += 1;
                decl.clear();
                continue;
            }
            '}' => {
                depth -= 1;
                decl.clear();
                continue;
            }
            ';' if depth == 0 => {
                if let Some((name, ret, params)) = parse_prototype(&decl) {
                    out.insert(name, (ret, params));
                }
                decl.clear();
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            decl.push(c);
        }
    }
    out
}

fn parse_prototype(decl: &str) -> Option<(String, String, Vec<String>)> {
    let decl = decl.trim();
    let open = decl.find('(')?;
    let head = decl[..open].trim_end();
    let name_start = head.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
    let (ret, name) = (head[..name_start].trim(), &head[name_start..]);
    if !name.starts_with("rpy_") || ret.is_empty() || ret.contains("typedef") || ret.contains("static") {
        return None;
    }
    // The parameters, split at depth-0 commas.
    let mut params = vec![];
    let mut depth = 0;
    let mut cur = String::new();
    for c in decl[open + 1..].chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                params.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() && cur.trim() != "void" {
        params.push(cur);
    }
    Some((name.to_string(), ret.to_string(), params.into_iter().map(|p| p.trim().to_string()).collect()))
}
