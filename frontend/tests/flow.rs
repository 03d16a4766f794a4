//! Snapshot tests of flow graphs built from small programs.

use rpy_flow::{check_graph, print_graph};
use rpy_frontend::{build_flow_graph, load_program, MemoryLoader, Object, ProgramNamer};

/// Loads `src` as module `prog` and prints the flow graph of every user function, checking
/// each graph's invariants.
fn check_flow(src: &str) -> String {
    let loader = MemoryLoader::new().with("prog", src);
    let mut program = match load_program("prog", &loader) {
        Ok(p) => p,
        Err((sources, diags)) => return rpy_source::render_diagnostics(&diags, &sources, false),
    };
    let funcs: Vec<_> = program.objects.iter().filter(|(_, o)| matches!(o, Object::Function(_))).map(|(r, _)| r).collect();
    let mut out = String::new();
    for f in funcs {
        match build_flow_graph(&mut program, f) {
            Ok(g) => {
                let errors = check_graph(&g);
                assert!(errors.is_empty(), "{errors:?}");
                out.push_str(&print_graph(&g, &ProgramNamer { program: &program }));
            }
            Err(diags) => out.push_str(&rpy_source::render_diagnostics(&diags, &program.sources, false)),
        }
        out.push('\n');
    }
    out
}

#[test]
fn while_loop_and_branch() {
    insta::assert_snapshot!(check_flow(
        "def count(n):\n    i = 0\n    total = 0\n    while i < n:\n        if i % 2 == 0:\n            total += i\n        i += 1\n    return total\n\ndef main(argv):\n    print(count(10))\n    return 0\n"
    ));
}

#[test]
fn try_except_finally() {
    insta::assert_snapshot!(check_flow(
        "def f(a, b):\n    try:\n        x = a // b\n    except ZeroDivisionError as e:\n        x = -1\n    finally:\n        print('done')\n    return x\n\ndef main(argv):\n    return f(1, 0)\n"
    ));
}

#[test]
fn for_range_and_short_circuit() {
    insta::assert_snapshot!(check_flow(
        "def main(argv):\n    s = 0\n    for i in range(10):\n        if i > 2 and i < 8 or i == 9:\n            s += i\n    print(s, 1 < s <= 100)\n    return 0\n"
    ));
}

#[test]
fn unsupported_constructs_are_rejected() {
    insta::assert_snapshot!(check_flow(
        "def main(argv):\n    x = eval('1')\n    return x\n"
    ));
}
