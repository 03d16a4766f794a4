//! The text form of graphs (decision 2 of DESIGN.md):
//!
//! ```text
//! graph calc.add_one(v0) @ calc.py:3
//! block0(v0: int):
//!     v1: int = add v0, 1                      ; calc.py:4:12
//!     return v1
//! ```
//!
//! Variables print as `vN`, annotated with their type when the namer knows it; links print
//! as `goto`, `if`, `switch`, `normal`/`except`, and links into the final blocks as `return`
//! and `raise`. The same printer serves flow, annotated and low-level graphs.

use crate::graph::{Block, ExitCase, ExitSwitch, Graph, Link, OpKind, Operand, Var};
use rpy_source::Span;
use std::fmt::Write;

/// How to print the parts a graph does not know how to print itself.
pub trait Namer<C> {
    fn constant(&self, c: &C) -> String;
    /// The type shown after a variable (`v1: int`), if any.
    fn var_type(&self, _v: Var) -> Option<String> {
        None
    }
    /// `file.py:line:col` of a span, if known.
    fn location(&self, _span: Span) -> Option<String> {
        None
    }
}

/// Prints constants with their `Display` form and nothing else.
pub struct PlainNamer;

impl<C: std::fmt::Display> Namer<C> for PlainNamer {
    fn constant(&self, c: &C) -> String {
        c.to_string()
    }
}

/// The whole graph as text.
pub fn print_graph<O: OpKind>(g: &Graph<O>, namer: &dyn Namer<O::Const>) -> String {
    let mut out = String::new();
    let start = g.block(g.start);
    let params: Vec<String> = start.inputs.iter().map(|v| v.to_string()).collect();
    let _ = write!(out, "graph {}({})", g.name, params.join(", "));
    if let Some(loc) = namer.location(g.span) {
        let _ = write!(out, " @ {loc}");
    }
    out.push('\n');
    for b in g.reachable_blocks() {
        if g.is_final(b) {
            continue;
        }
        print_block(&mut out, g, b, namer);
    }
    out
}

fn var_decl(v: Var, namer: &dyn Namer<impl Sized>) -> String {
    match namer.var_type(v) {
        Some(t) => format!("{v}: {t}"),
        None => v.to_string(),
    }
}

fn operand<C>(a: &Operand<C>, namer: &dyn Namer<C>) -> String {
    match a {
        Operand::Var(v) => v.to_string(),
        Operand::Const(c) => namer.constant(c),
    }
}

fn print_block<O: OpKind>(out: &mut String, g: &Graph<O>, b: Block, namer: &dyn Namer<O::Const>) {
    let data = g.block(b);
    let inputs: Vec<String> = data.inputs.iter().map(|v| var_decl(*v, namer)).collect();
    let _ = writeln!(out, "{b}({}):", inputs.join(", "));
    for op in &data.ops {
        let args: Vec<String> = op.args.iter().map(|a| operand(a, namer)).collect();
        let mut line = format!("    {} = {}", var_decl(op.result, namer), op.kind.name());
        if !args.is_empty() {
            line.push(' ');
            line.push_str(&args.join(", "));
        }
        if let Some(loc) = namer.location(op.span) {
            let pad = 48usize.saturating_sub(line.chars().count()).max(1);
            line.push_str(&" ".repeat(pad));
            line.push_str("; ");
            line.push_str(&loc);
        }
        out.push_str(&line);
        out.push('\n');
    }
    let link_text = |l: &Link<O::Const>| -> String {
        let args: Vec<String> = l.args.iter().map(|a| operand(a, namer)).collect();
        if l.target == g.return_block {
            format!("return {}", args.join(", "))
        } else if l.target == g.except_block {
            format!("raise {}", args.join(", "))
        } else {
            format!("{}({})", l.target, args.join(", "))
        }
    };
    match data.exitswitch {
        ExitSwitch::None => {
            for l in &data.exits {
                let text = link_text(l);
                if text.starts_with("return") || text.starts_with("raise") {
                    let _ = writeln!(out, "    {text}");
                } else {
                    let _ = writeln!(out, "    goto {text}");
                }
            }
        }
        ExitSwitch::Bool(v) => {
            let find = |case: bool| data.exits.iter().find(|l| l.exitcase == ExitCase::Bool(case));
            if let (Some(t), Some(f)) = (find(true), find(false)) {
                let _ = writeln!(out, "    if {v} then {} else {}", link_text(t), link_text(f));
            }
        }
        ExitSwitch::Switch(v) => {
            let cases: Vec<String> = data
                .exits
                .iter()
                .map(|l| match l.exitcase {
                    ExitCase::Int(i) => format!("{i} -> {}", link_text(l)),
                    _ => format!("default -> {}", link_text(l)),
                })
                .collect();
            let _ = writeln!(out, "    switch {v}: {}", cases.join(", "));
        }
        ExitSwitch::LastException => {
            for l in &data.exits {
                match (l.exitcase, l.exc_value) {
                    (ExitCase::StopIteration, _) => {
                        let _ = writeln!(out, "    stop -> {}", link_text(l));
                    }
                    (_, Some(e)) => {
                        let _ = writeln!(out, "    except {e} -> {}", link_text(l));
                    }
                    (_, None) => {
                        let _ = writeln!(out, "    normal -> {}", link_text(l));
                    }
                }
            }
        }
    }
}
