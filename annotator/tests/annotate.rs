//! Snapshot tests of annotated graphs and of annotation errors.

use rpy_annotator::{annotate, AnnotatedNamer, GraphId};
use rpy_frontend::{load_program, MemoryLoader};

/// Annotates `src` (module `prog`) and prints every annotated graph, or the errors.
fn check_annotate(src: &str) -> String {
    let loader = MemoryLoader::new().with("prog", src);
    let program = match load_program("prog", &loader) {
        Ok(p) => p,
        Err((sources, diags)) => return rpy_source::render_diagnostics(&diags, &sources, false),
    };
    match annotate(program) {
        Ok(ann) => {
            let mut out = String::new();
            for i in 0..ann.graphs.len() {
                let g = GraphId(i as u32);
                out.push_str(&rpy_flow::print_graph(&ann.graph(g).graph, &AnnotatedNamer { annotated: &ann, graph: g }));
                out.push('\n');
            }
            out
        }
        Err((program, diags)) => rpy_source::render_diagnostics(&diags, &program.sources, false),
    }
}

#[test]
fn fib_is_int_to_int() {
    insta::assert_snapshot!(check_annotate(
        "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\ndef main(argv):\n    print('fib', fib(int(argv[1])))\n    return 0\n"
    ));
}

#[test]
fn local_with_two_types_names_both_places() {
    insta::assert_snapshot!(check_annotate(
        "def label(n):\n    if n > 0:\n        text = n * 2\n    else:\n        text = 'negative'\n    return text\n\ndef main(argv):\n    print(label(len(argv)))\n    return 0\n"
    ));
}

#[test]
fn parameter_called_with_two_types() {
    insta::assert_snapshot!(check_annotate(
        "def twice(amount):\n    return amount * 2\n\ndef main(argv):\n    print(twice(21))\n    print(twice('ab'))\n    return 0\n"
    ));
}

#[test]
fn list_of_int_receives_str() {
    insta::assert_snapshot!(check_annotate(
        "def main(argv):\n    items = [1, 2, 3]\n    items.append(len(argv))\n    items.append('four')\n    print(len(items))\n    return 0\n"
    ));
}

#[test]
fn none_narrowing_and_classes() {
    insta::assert_snapshot!(check_annotate(
        "class Node:\n    def __init__(self, value, next):\n        self.value = value\n        self.next = next\n\ndef total(node):\n    s = 0\n    while node is not None:\n        s += node.value\n        node = node.next\n    return s\n\ndef main(argv):\n    n = Node(1, Node(2, None))\n    print(total(n))\n    return 0\n"
    ));
}
