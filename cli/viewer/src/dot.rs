//! The DOT forms (for Graphviz and other tools) and the text forms of the call graph and the
//! class hierarchy. A function's graph: one box per block holding its lines, one edge per
//! link to another block, labelled with its case.

use crate::lines::block_lines;
use crate::model::{Model, Place, Target};
use petgraph::Direction;
use rpy_driver::Stage;
use std::fmt::Write;

/// A DOT string literal's contents.
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The graph of function `func` at `stage` in DOT, or `None` if it has none there. The
/// operation (or block) at `highlight` is drawn in red.
pub fn graph_dot(model: &Model, func: usize, stage: Stage, highlight: Option<Place>) -> Option<String> {
    let f = model.functions.get(func)?;
    let g = f.graph(stage)?;
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", esc(&f.name));
    let _ = writeln!(out, "    node [shape=box, fontname=\"monospace\", fontsize=10];");
    let _ = writeln!(out, "    edge [fontname=\"monospace\", fontsize=9];");
    for b in &g.blocks {
        let mut label = String::new();
        for line in block_lines(model, g, b, stage) {
            let indent = if matches!(line.kind, crate::lines::LineKind::Header) { "" } else { "    " };
            label.push_str(&esc(&format!("{indent}{}", line.text())));
            label.push_str("\\l");
        }
        let mut attrs = format!("label=\"{label}\"");
        let hl = highlight.filter(|p| p.func == func && p.stage == stage && p.block == b.id);
        if let Some(p) = hl {
            attrs.push_str(", color=red, penwidth=2");
            match (p.op, p.exit) {
                (Some(k), _) => {
                    let _ = write!(attrs, ", xlabel=\"error at operation {k}\", fontcolor=red");
                }
                (None, Some(k)) => {
                    let _ = write!(attrs, ", xlabel=\"error at exit {k}\", fontcolor=red");
                }
                _ => {}
            }
        } else if !b.reached {
            attrs.push_str(", style=dashed, color=gray50");
        }
        let _ = writeln!(out, "    block{} [{attrs}];", b.id);
    }
    for b in &g.blocks {
        for e in &b.exits {
            if let Target::Block(t) = e.target {
                if e.case.is_empty() {
                    let _ = writeln!(out, "    block{} -> block{t};", b.id);
                } else {
                    let _ = writeln!(out, "    block{} -> block{t} [label=\"{}\"];", b.id, esc(&e.case));
                }
            }
        }
    }
    out.push_str("}\n");
    Some(out)
}

/// Functions that appear in the call graph: those with a graph at the stage it was built
/// from (the annotated one, or the flow one when annotation failed).
pub fn callgraph_stage(model: &Model) -> Stage {
    if model.functions.iter().any(|f| f.graph(Stage::Annotated).is_some()) {
        Stage::Annotated
    } else {
        Stage::Flow
    }
}

fn callees(model: &Model, f: usize) -> Vec<usize> {
    let mut out: Vec<usize> = model.callgraph.neighbors_directed(model.call_node[f], Direction::Outgoing).map(|n| model.callgraph[n]).collect();
    out.sort_unstable();
    out
}

/// The functions calling `f`, by index.
pub fn callers(model: &Model, f: usize) -> Vec<usize> {
    let mut out: Vec<usize> = model.callgraph.neighbors_directed(model.call_node[f], Direction::Incoming).map(|n| model.callgraph[n]).collect();
    out.sort_unstable();
    out
}

/// The functions `f` calls, by index.
pub fn called(model: &Model, f: usize) -> Vec<usize> {
    callees(model, f)
}

/// `caller -> callee, callee` per function, in program order.
pub fn callgraph_text(model: &Model) -> String {
    let stage = callgraph_stage(model);
    let mut out = String::new();
    for (i, f) in model.functions.iter().enumerate() {
        if f.graph(stage).is_none() {
            continue;
        }
        let cs: Vec<&str> = callees(model, i).iter().map(|c| model.functions[*c].name.as_str()).collect();
        if cs.is_empty() {
            let _ = writeln!(out, "{}", f.name);
        } else {
            let _ = writeln!(out, "{} -> {}", f.name, cs.join(", "));
        }
    }
    out
}

pub fn callgraph_dot(model: &Model) -> String {
    let stage = callgraph_stage(model);
    let mut out = String::from("digraph callgraph {\n    node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    for (i, f) in model.functions.iter().enumerate() {
        if f.graph(stage).is_some() {
            let _ = writeln!(out, "    f{i} [label=\"{}\"];", esc(&f.name));
        }
    }
    for (i, f) in model.functions.iter().enumerate() {
        if f.graph(stage).is_some() {
            for c in callees(model, i) {
                let _ = writeln!(out, "    f{i} -> f{c};");
            }
        }
    }
    out.push_str("}\n");
    out
}

/// The classes in depth-first order from the roots, with their depth.
pub fn class_order(model: &Model) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut stack: Vec<(usize, usize)> = model.classes.iter().enumerate().filter(|(_, c)| c.base.is_none()).map(|(i, _)| (i, 0)).rev().collect();
    while let Some((c, depth)) = stack.pop() {
        out.push((c, depth));
        for s in model.classes[c].subclasses.iter().rev() {
            stack.push((*s, depth + 1));
        }
    }
    out
}

/// The hierarchy as an indented tree: each class with its attributes' types and methods.
pub fn classes_text(model: &Model) -> String {
    if let Some(e) = &model.stage_errors[1] {
        return format!("no class information: {e}\n");
    }
    let mut out = String::new();
    for (c, depth) in class_order(model) {
        let cl = &model.classes[c];
        let pad = "    ".repeat(depth);
        let mut flags = vec![];
        if cl.builtin {
            flags.push("built-in");
        }
        if cl.instantiated {
            flags.push("instantiated");
        }
        let flags = if flags.is_empty() { String::new() } else { format!("  ({})", flags.join(", ")) };
        let _ = writeln!(out, "{pad}class {}{flags}", cl.name);
        for (name, ty) in &cl.attrs {
            let _ = writeln!(out, "{pad}    .{name}: {ty}");
        }
        if !cl.methods.is_empty() {
            let names: Vec<&str> = cl.methods.iter().map(|(n, _)| n.as_str()).collect();
            let _ = writeln!(out, "{pad}    def {}", names.join(", "));
        }
    }
    out
}

pub fn classes_dot(model: &Model) -> String {
    let mut out = String::from("digraph classes {\n    rankdir=BT;\n    node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    for (i, c) in model.classes.iter().enumerate() {
        let mut label = format!("{}\\l", esc(&c.name));
        for (name, ty) in &c.attrs {
            label.push_str(&esc(&format!("  .{name}: {ty}")));
            label.push_str("\\l");
        }
        for (name, _) in &c.methods {
            label.push_str(&esc(&format!("  def {name}")));
            label.push_str("\\l");
        }
        let _ = writeln!(out, "    c{i} [label=\"{label}\"];");
    }
    for (i, c) in model.classes.iter().enumerate() {
        if let Some(b) = c.base {
            let _ = writeln!(out, "    c{i} -> c{b};");
        }
    }
    out.push_str("}\n");
    out
}
