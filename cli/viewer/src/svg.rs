//! SVG drawings of a function's graph, the call graph and the class hierarchy. Boxes hold
//! monospace lines whose variables (`class="var" data-var`) and functions (`class="callee"
//! data-func`) the viewer's page makes clickable; the same SVG stands alone (it carries its
//! own style).

use crate::dot::{callgraph_stage, class_order, called};
use crate::layout::{place, EdgeSpec, Placed};
use crate::lines::{block_lines, Line, LineKind, Tok};
use crate::model::{Model, Place, Target};
use rpy_driver::Stage;
use std::fmt::Write;

/// Monospace metrics at 12px.
const CHAR_W: f64 = 7.3;
const LINE_H: f64 = 16.0;
const PAD_X: f64 = 8.0;
const PAD_Y: f64 = 6.0;
const MARGIN: f64 = 12.0;
const TITLE_H: f64 = 28.0;
/// Lines under a box's header are indented by this many characters.
const INDENT: f64 = 2.0;

const STYLE: &str = "\
.rpy-graph{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px;white-space:pre}\
.rpy-graph .box{fill:#fff;stroke:#57606a;stroke-width:1}\
.rpy-graph .start .box{stroke:#1f2328;stroke-width:2}\
.rpy-graph .unreached .box{fill:#f3f4f6;stroke-dasharray:4 3}\
.rpy-graph .unreached text{fill:#8c959f}\
.rpy-graph .header{font-weight:bold}\
.rpy-graph .title{font-size:14px;font-weight:bold}\
.rpy-graph .var{fill:#0550ae;cursor:pointer}\
.rpy-graph .callee{fill:#8250df;text-decoration:underline;cursor:pointer}\
.rpy-graph .edge{fill:none;stroke:#57606a;stroke-width:1.2}\
.rpy-graph .edge-label{font-size:10px;fill:#57606a}\
.rpy-graph .line-bg{fill:transparent}\
.rpy-graph .line-bg.error{fill:#ffd7d5}\
.rpy-graph .error .box{stroke:#cf222e;stroke-width:3}\
.rpy-graph .selected{fill:#ddf4ff}\
.rpy-graph .var.selected{fill:#cf222e;font-weight:bold}";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A box: its lines, the class and attributes of its group, and which line (if any) is
/// marked as the error.
struct BoxSpec {
    lines: Vec<Line>,
    class: String,
    attrs: String,
    error_line: Option<usize>,
}

impl BoxSpec {
    fn size(&self) -> (f64, f64) {
        let chars = self.lines.iter().map(|l| l.text().chars().count() + if matches!(l.kind, LineKind::Header) { 0 } else { INDENT as usize }).max().unwrap_or(1);
        (chars as f64 * CHAR_W + 2.0 * PAD_X, self.lines.len() as f64 * LINE_H + 2.0 * PAD_Y)
    }
}

fn write_tokens(out: &mut String, toks: &[Tok]) {
    for t in toks {
        match t {
            Tok::Text(s) => out.push_str(&esc(s)),
            Tok::Var(v) => {
                let _ = write!(out, "<tspan class=\"var\" data-var=\"{v}\">v{v}</tspan>");
            }
            Tok::Func(f, name) => {
                let _ = write!(out, "<tspan class=\"callee\" data-func=\"{f}\">{}</tspan>", esc(name));
            }
        }
    }
}

/// An SVG document and its size in pixels.
pub struct Drawing {
    pub svg: String,
    pub width: f64,
    pub height: f64,
}

/// Lays out the boxes and edges and writes the SVG, with a title line above.
fn draw(title: &str, svg_attrs: &str, boxes: &[BoxSpec], edges: &[EdgeSpec]) -> Drawing {
    let sizes: Vec<(f64, f64)> = boxes.iter().map(BoxSpec::size).collect();
    let p: Placed = place(&sizes, edges);
    let title_w = title.chars().count() as f64 * CHAR_W * 1.2;
    let (x0, y0) = (p.min.0 - MARGIN, p.min.1 - MARGIN - TITLE_H);
    let w = (p.max.0 - p.min.0 + 2.0 * MARGIN).max(title_w + 2.0 * MARGIN).max(100.0);
    let h = p.max.1 - p.min.1 + 2.0 * MARGIN + TITLE_H;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rpy-graph\" viewBox=\"{x0:.1} {y0:.1} {w:.1} {h:.1}\" width=\"{w:.0}\" height=\"{h:.0}\"{svg_attrs}>\n<style>{STYLE}</style>\n"
    );
    out.push_str("<defs><marker id=\"rpy-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#57606a\"/></marker></defs>\n");
    let _ = writeln!(out, "<text class=\"title\" x=\"{:.1}\" y=\"{:.1}\">{}</text>", x0 + MARGIN, y0 + MARGIN + 8.0, esc(title));
    for e in &p.edges {
        let end = if e.head_end { " marker-end=\"url(#rpy-arrow)\"" } else { "" };
        let start = if e.head_start { " marker-start=\"url(#rpy-arrow)\"" } else { "" };
        let _ = writeln!(out, "<path class=\"edge\" d=\"{}\"{start}{end}/>", e.path);
    }
    for (x, y, t) in &p.labels {
        let _ = writeln!(out, "<text class=\"edge-label\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>", y + 3.0, esc(t));
    }
    for (bx, ((x, y), (w, h))) in boxes.iter().zip(p.nodes.iter().zip(&sizes)) {
        let _ = writeln!(out, "<g class=\"{}\"{}>", bx.class, bx.attrs);
        let _ = writeln!(out, "<rect class=\"box\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"3\"/>");
        for (i, line) in bx.lines.iter().enumerate() {
            let ly = y + PAD_Y + i as f64 * LINE_H;
            let (kind, data) = match line.kind {
                LineKind::Header => ("header", String::new()),
                LineKind::Op(k) => ("op", format!(" data-op=\"{k}\"")),
                LineKind::Exit(k) => ("exit", format!(" data-exit=\"{k}\"")),
                LineKind::Switch => ("exit", String::new()),
            };
            if let LineKind::Op(_) | LineKind::Exit(_) = line.kind {
                let err = if bx.error_line == Some(i) { " error" } else { "" };
                let _ = writeln!(out, "<rect class=\"line-bg{err}\"{data} x=\"{:.1}\" y=\"{ly:.1}\" width=\"{:.1}\" height=\"{LINE_H:.1}\"/>", x + 2.0, w - 4.0);
            }
            let indent = if matches!(line.kind, LineKind::Header) { 0.0 } else { INDENT * CHAR_W };
            let _ = write!(out, "<text class=\"line {kind}\"{data} x=\"{:.1}\" y=\"{:.1}\" xml:space=\"preserve\">", x + PAD_X + indent, ly + LINE_H - 4.0);
            write_tokens(&mut out, &line.toks);
            out.push_str("</text>\n");
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    Drawing { svg: out, width: w, height: h }
}

/// Several drawings stacked in one SVG document.
pub fn stack(drawings: &[Drawing]) -> String {
    let width = drawings.iter().map(|d| d.width).fold(0.0, f64::max);
    let height: f64 = drawings.iter().map(|d| d.height + 20.0).sum();
    let mut out = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.1} {height:.1}\">\n");
    let mut y = 0.0;
    for d in drawings {
        // The nested SVG keeps its own view box; place it at (0, y).
        let inner = d.svg.replacen("<svg ", &format!("<svg x=\"0\" y=\"{y:.1}\" "), 1);
        out.push_str(&inner);
        y += d.height + 20.0;
    }
    out.push_str("</svg>\n");
    out
}

/// The graph of function `func` at `stage`, or `None` if it has none there.
pub fn graph_svg(model: &Model, func: usize, stage: Stage, highlight: Option<Place>) -> Option<Drawing> {
    let f = model.functions.get(func)?;
    let g = f.graph(stage)?;
    let index_of = |id: u32| g.blocks.iter().position(|b| b.id == id);
    let mut boxes = vec![];
    let mut edges = vec![];
    for (i, b) in g.blocks.iter().enumerate() {
        let lines = block_lines(model, g, b, stage);
        let hl = highlight.filter(|p| p.func == func && p.stage == stage && p.block == b.id);
        let mut class = String::from("block");
        if i == 0 {
            class.push_str(" start");
        }
        if !b.reached {
            class.push_str(" unreached");
        }
        if hl.is_some() {
            class.push_str(" error");
        }
        let error_line = hl.and_then(|p| {
            let want = match (p.op, p.exit) {
                (Some(k), _) => LineKind::Op(k),
                (None, Some(k)) => LineKind::Exit(k),
                _ => return None,
            };
            lines.iter().position(|l| l.kind == want)
        });
        boxes.push(BoxSpec { lines, class, attrs: format!(" data-block=\"{}\"", b.id), error_line });
        for e in &b.exits {
            if let Target::Block(t) = e.target {
                if let Some(to) = index_of(t) {
                    edges.push(EdgeSpec { from: i, to, label: e.case.clone() });
                }
            }
        }
    }
    let params: Vec<String> = g.params.iter().map(|v| format!("v{v}")).collect();
    let mut title = format!("{}({})", f.name, params.join(", "));
    if !f.span.is_dummy() {
        let _ = write!(title, " @ {}", model.sources.describe(f.span));
    }
    let attrs = format!(" data-func=\"{func}\" data-stage=\"{}\"", crate::model::stage_name(stage));
    Some(draw(&title, &attrs, &boxes, &edges))
}

/// The call graph: one box per function (click to open it).
pub fn callgraph_svg(model: &Model) -> Drawing {
    let stage = callgraph_stage(model);
    let shown: Vec<usize> = (0..model.functions.len()).filter(|i| model.functions[*i].graph(stage).is_some()).collect();
    let pos = |f: usize| shown.binary_search(&f).ok();
    let mut boxes = vec![];
    let mut edges = vec![];
    for (i, f) in shown.iter().enumerate() {
        let name = model.functions[*f].short_name().to_string();
        boxes.push(BoxSpec { lines: vec![Line { kind: LineKind::Header, toks: vec![Tok::Func(*f, name)] }], class: "fn".into(), attrs: format!(" data-func=\"{f}\""), error_line: None });
        for c in called(model, *f) {
            if let Some(to) = pos(c) {
                edges.push(EdgeSpec { from: i, to, label: String::new() });
            }
        }
    }
    draw("call graph", "", &boxes, &edges)
}

/// The class hierarchy: one box per class with its attributes and methods; edges from each
/// base to its subclasses.
pub fn classes_svg(model: &Model) -> Drawing {
    let order = class_order(model);
    let pos = |c: usize| order.iter().position(|(x, _)| *x == c);
    let mut boxes = vec![];
    let mut edges = vec![];
    for (i, (c, _)) in order.iter().enumerate() {
        let cl = &model.classes[*c];
        let mut lines = vec![Line { kind: LineKind::Header, toks: vec![Tok::Text(format!("class {}", cl.name))] }];
        for (name, ty) in &cl.attrs {
            lines.push(Line { kind: LineKind::Switch, toks: vec![Tok::Text(format!(".{name}: {}", crate::lines::shorten(ty, 40)))] });
        }
        for (name, f) in &cl.methods {
            let toks = match f {
                Some(f) => vec![Tok::Text("def ".into()), Tok::Func(*f, name.clone())],
                None => vec![Tok::Text(format!("def {name}"))],
            };
            lines.push(Line { kind: LineKind::Switch, toks });
        }
        let class = if cl.builtin { "cls builtin" } else { "cls" };
        boxes.push(BoxSpec { lines, class: class.into(), attrs: String::new(), error_line: None });
        for s in &cl.subclasses {
            if let Some(to) = pos(*s) {
                edges.push(EdgeSpec { from: i, to, label: String::new() });
            }
        }
    }
    draw("classes", "", &boxes, &edges)
}
