//! Snapshot tests of the text and DOT forms of `rpy flowgraph` at each stage, of the call
//! graph and of the class hierarchy, over the small programs in `tests/programs/`; and checks
//! of the SVG form and of where an annotation error is placed.

use rpy_driver::{Options, Stage};
use rpy_viewer::{build_model, flowgraph, Format, Subject, Target};
use std::path::{Path, PathBuf};

/// Relative to the crate, so that locations in the snapshots do not depend on the checkout.
fn program(name: &str) -> PathBuf {
    Path::new("tests/programs").join(format!("{name}.py"))
}

/// The model of a program that loads.
fn model_of(path: &Path) -> rpy_viewer::Model {
    build_model(path, &options(), Stage::Lowered).unwrap_or_else(|f| panic!("{}", f.render(false)))
}

fn options() -> Options {
    Options { verify: true, ..Options::default() }
}

fn form(name: &str, subject: Subject, format: Format) -> String {
    match flowgraph(&program(name), subject, format, &options()) {
        Ok(text) => text,
        Err(f) => format!("error:\n{}", f.render(false)),
    }
}

fn stages(name: &str, format: Format) -> String {
    let mut out = String::new();
    for (stage, label) in [(Stage::Flow, "flow"), (Stage::Annotated, "annotated"), (Stage::Lowered, "lowered")] {
        // The lowered program has helpers too; the program's own functions are enough.
        let func = if stage == Stage::Lowered { Some(name_of_first_function(name)) } else { None };
        out.push_str(&format!("==== {label}\n"));
        out.push_str(&form(name, Subject::Graphs { func: func.as_deref(), stage }, format));
    }
    out
}

fn name_of_first_function(name: &str) -> String {
    let src = std::fs::read_to_string(program(name)).expect("test program");
    let line = src.lines().find(|l| l.starts_with("def ")).expect("a function");
    line[4..line.find('(').expect("a parameter list")].to_string()
}

#[test]
fn fib_text() {
    insta::assert_snapshot!(stages("fib", Format::Text));
}

#[test]
fn fib_dot() {
    insta::assert_snapshot!(stages("fib", Format::Dot));
}

#[test]
fn shapes_text() {
    insta::assert_snapshot!(stages("shapes", Format::Text));
}

#[test]
fn shapes_dot() {
    insta::assert_snapshot!(stages("shapes", Format::Dot));
}

#[test]
fn parse_text() {
    insta::assert_snapshot!(stages("parse", Format::Text));
}

#[test]
fn parse_dot() {
    insta::assert_snapshot!(stages("parse", Format::Dot));
}

#[test]
fn shapes_callgraph_and_classes() {
    let mut out = String::new();
    for (subject, label) in [(Subject::CallGraph, "callgraph"), (Subject::Classes, "classes")] {
        for (format, f) in [(Format::Text, "text"), (Format::Dot, "dot")] {
            out.push_str(&format!("==== {label} {f}\n"));
            out.push_str(&form("shapes", subject, format));
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn annotation_errors_are_reported_by_typed_forms_but_not_the_flow_form() {
    let flow = form("conflict", Subject::Graphs { func: Some("pick"), stage: Stage::Flow }, Format::Dot);
    assert!(flow.starts_with("digraph \"conflict.pick\""), "{flow}");
    let annotated = form("conflict", Subject::Graphs { func: Some("pick"), stage: Stage::Annotated }, Format::Dot);
    assert!(annotated.starts_with("error:") && annotated.contains("type-conflict"), "{annotated}");
    let classes = form("conflict", Subject::Classes, Format::Text);
    assert!(classes.contains("type-conflict"), "{classes}");
}

#[test]
fn unknown_functions_are_named_in_the_error() {
    let out = form("fib", Subject::Graphs { func: Some("nope"), stage: Stage::Flow }, Format::Svg);
    assert!(out.contains("no function named `nope`"), "{out}");
}

#[test]
fn svg_has_a_box_per_block_and_clickable_variables_and_callees() {
    let model = model_of(&program("fib"));
    let fib = model.functions.iter().position(|f| f.name == "fib.fib").expect("fib.fib");
    for stage in [Stage::Flow, Stage::Annotated, Stage::Lowered] {
        let g = model.functions[fib].graph(stage).expect("a graph at every stage");
        let svg = rpy_viewer::graph_svg(&model, fib, stage, None).expect("an SVG").svg;
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(svg.matches("<rect class=\"box\"").count(), g.blocks.len(), "one box per block at {stage:?}");
        let edges = g.blocks.iter().flat_map(|b| &b.exits).filter(|e| matches!(e.target, Target::Block(_))).count();
        assert!(svg.matches("<path class=\"edge\"").count() >= edges.min(1), "edges at {stage:?}");
        assert!(svg.contains("class=\"var\" data-var=\"0\""), "the parameter is clickable at {stage:?}");
        // The recursive call links back to fib itself.
        assert!(svg.contains(&format!("class=\"callee\" data-func=\"{fib}\"")), "the call to fib links at {stage:?}: {svg}");
    }
    let ann = model.functions[fib].graph(Stage::Annotated).expect("annotated");
    let p = ann.var(ann.params[0]).expect("the parameter");
    assert_eq!((p.name.as_deref(), p.annotation.as_deref(), p.lltype.as_deref()), (Some("n"), Some("int"), Some("Signed")));
}

#[test]
fn annotation_error_is_placed_on_the_binding_that_conflicts() {
    let model = model_of(&program("conflict"));
    let failure = model.failure.as_ref().expect("annotation fails");
    assert!(failure.message.contains("type-conflict"));
    let at = failure.at.expect("the error is placed");
    let f = &model.functions[at.func];
    assert_eq!(f.name, "conflict.pick");
    let g = f.graph(Stage::Flow).expect("flow graph");
    let block = g.block(at.block).expect("the block exists");
    // `x = "one"` is the binding of a link carrying the constant.
    let exit = &block.exits[at.exit.expect("an exit")];
    assert!(exit.args.iter().any(|a| matches!(a, rpy_viewer::Arg::Const { text, .. } if text.contains("one"))), "{:?}", exit.args);
    let svg = rpy_viewer::graph_svg(&model, at.func, Stage::Flow, Some(at)).expect("svg").svg;
    assert_eq!(svg.matches("line-bg error").count(), 1);
    assert!(model.stage_errors[1].is_some() && model.functions.iter().all(|f| f.graph(Stage::Annotated).is_none()));
}

#[test]
fn an_operation_error_is_placed_on_the_operation() {
    let dir = std::env::temp_dir().join(format!("rpy-viewer-op-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bad.py");
    std::fs::write(&path, "def f(a):\n    return a + 1\n\ndef main(argv):\n    print(f(\"x\"))\n    return 0\n").expect("write");
    let model = model_of(&path);
    let at = model.failure.as_ref().and_then(|f| f.at).expect("placed");
    let f = &model.functions[at.func];
    assert_eq!(f.name, "bad.f");
    let op = &f.graph(Stage::Flow).and_then(|g| g.block(at.block)).expect("block").ops[at.op.expect("an operation")];
    assert_eq!(op.name, "add");
    let _ = std::fs::remove_dir_all(&dir);
}
