//! The lines of a block as drawn in DOT and SVG: the header with the inputs, one line per
//! operation, one per exit, each made of tokens so that the SVG can make variables and
//! called functions clickable. They follow the text form (`rpy flowgraph`), with long types
//! and constants shortened (the viewer shows them whole when clicked).

use crate::model::{Arg, BlockView, ExitView, GraphView, Model, Switch, Target};
use rpy_driver::Stage;

/// Types and constants longer than this are cut with `…`.
const MAX_TYPE: usize = 32;
const MAX_CONST: usize = 40;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Text(String),
    /// A variable `vN`.
    Var(u32),
    /// A function of the model, shown by this name.
    Func(usize, String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LineKind {
    Header,
    Op(usize),
    /// The line of exit `k` (link `k` of the block).
    Exit(usize),
    /// The `switch vN:` line above a switch's cases.
    Switch,
}

#[derive(Clone, Debug)]
pub struct Line {
    pub kind: LineKind,
    pub toks: Vec<Tok>,
}

impl Line {
    pub fn text(&self) -> String {
        self.toks
            .iter()
            .map(|t| match t {
                Tok::Text(s) | Tok::Func(_, s) => s.clone(),
                Tok::Var(v) => format!("v{v}"),
            })
            .collect()
    }
}

/// `s` cut to `max` characters.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

struct LineBuilder<'a> {
    model: &'a Model,
    graph: &'a GraphView,
    stage: Stage,
    toks: Vec<Tok>,
}

impl LineBuilder<'_> {
    fn text(&mut self, s: &str) {
        match self.toks.last_mut() {
            Some(Tok::Text(t)) => t.push_str(s),
            _ => self.toks.push(Tok::Text(s.to_string())),
        }
    }

    fn var(&mut self, v: u32) {
        self.toks.push(Tok::Var(v));
    }

    /// `vN: type` at a typed stage.
    fn var_decl(&mut self, v: u32) {
        self.var(v);
        let info = self.graph.var(v);
        let ty = match self.stage {
            Stage::Flow => None,
            Stage::Annotated => info.and_then(|i| i.annotation.as_deref()),
            Stage::Lowered => info.and_then(|i| i.lltype.as_deref()),
        };
        if let Some(t) = ty {
            self.text(&format!(": {}", shorten(t, MAX_TYPE)));
        }
    }

    fn arg(&mut self, a: &Arg) {
        match a {
            Arg::Var(v) => self.var(*v),
            Arg::Const { text, func: Some(f) } => {
                let _ = text;
                let name = self.model.functions[*f].short_name().to_string();
                self.toks.push(Tok::Func(*f, name));
            }
            Arg::Const { text, func: None } => self.text(&shorten(text, MAX_CONST)),
        }
    }

    fn args(&mut self, args: &[Arg]) {
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                self.text(", ");
            }
            self.arg(a);
        }
    }

    /// Where an exit goes: `return v`, `raise v` or `blockN(args)`.
    fn target(&mut self, e: &ExitView) {
        match e.target {
            Target::Return => {
                self.text("return ");
                self.args(&e.args);
            }
            Target::Raise => {
                self.text("raise ");
                self.args(&e.args);
            }
            Target::Block(b) => {
                self.text(&format!("block{b}("));
                self.args(&e.args);
                self.text(")");
            }
        }
    }

    fn finish(&mut self, kind: LineKind) -> Line {
        Line { kind, toks: std::mem::take(&mut self.toks) }
    }
}

/// The lines of block `b` of graph `g` at stage `stage`.
pub fn block_lines(model: &Model, g: &GraphView, b: &BlockView, stage: Stage) -> Vec<Line> {
    let mut lb = LineBuilder { model, graph: g, stage, toks: vec![] };
    let mut lines = vec![];
    lb.text(&format!("block{}(", b.id));
    for (i, v) in b.inputs.iter().enumerate() {
        if i > 0 {
            lb.text(", ");
        }
        lb.var_decl(*v);
    }
    lb.text("):");
    lines.push(lb.finish(LineKind::Header));
    for (k, op) in b.ops.iter().enumerate() {
        lb.var_decl(op.result);
        lb.text(&format!(" = {}", op.name));
        if !op.args.is_empty() {
            lb.text(" ");
            lb.args(&op.args);
        }
        // Callees the arguments do not already name.
        let named: Vec<usize> = op.args.iter().filter_map(|a| if let Arg::Const { func: Some(f), .. } = a { Some(*f) } else { None }).collect();
        let extra: Vec<usize> = op.callees.iter().copied().filter(|c| !named.contains(c)).collect();
        if !extra.is_empty() {
            lb.text("  → ");
            for (i, c) in extra.iter().enumerate() {
                if i > 0 {
                    lb.text(", ");
                }
                let name = model.functions[*c].short_name().to_string();
                lb.toks.push(Tok::Func(*c, name));
            }
        }
        lines.push(lb.finish(LineKind::Op(k)));
    }
    match b.switch {
        Switch::None => {
            for (k, e) in b.exits.iter().enumerate() {
                if matches!(e.target, Target::Block(_)) {
                    lb.text("goto ");
                }
                lb.target(e);
                lines.push(lb.finish(LineKind::Exit(k)));
            }
        }
        Switch::Bool(v) => {
            for case in ["true", "false"] {
                if let Some((k, e)) = b.exits.iter().enumerate().find(|(_, e)| e.case == case) {
                    if case == "true" {
                        lb.text("if ");
                        lb.var(v);
                        lb.text(" then ");
                    } else {
                        lb.text("else ");
                    }
                    lb.target(e);
                    lines.push(lb.finish(LineKind::Exit(k)));
                }
            }
        }
        Switch::Int(v) => {
            lb.text("switch ");
            lb.var(v);
            lb.text(":");
            lines.push(lb.finish(LineKind::Switch));
            for (k, e) in b.exits.iter().enumerate() {
                lb.text(&format!("  {}: ", e.case));
                lb.target(e);
                lines.push(lb.finish(LineKind::Exit(k)));
            }
        }
        Switch::LastException => {
            for (k, e) in b.exits.iter().enumerate() {
                match (e.case.as_str(), e.exc_var) {
                    ("stop", _) => lb.text("stop -> "),
                    (_, Some(x)) => {
                        lb.text("except ");
                        lb.var(x);
                        lb.text(" -> ");
                    }
                    _ => lb.text("normal -> "),
                }
                lb.target(e);
                lines.push(lb.finish(LineKind::Exit(k)));
            }
        }
    }
    lines
}
