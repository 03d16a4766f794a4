//! The viewer's model: every function's graph at each stage as plain data (blocks, operations,
//! variables with their annotation and low-level type, call targets), the call graph and the
//! class hierarchy, built once from the pipeline. DOT, SVG and the pages read only this.
//!
//! Functions are matched across stages by name: the flow stage has every function of the
//! program, the annotated stage one graph per function and specialization (`f[int]`), the
//! lowered stage also the helpers the rtyper writes (`repr_list_int`, `rpy_entry`).

use indexmap::IndexMap;
use petgraph::graph::{DiGraph, NodeIndex};
use rpy_annotator::{annotate, Annotated, AnnotatedNamer, GraphId};
use rpy_driver::{Failure, Options, Silent, Stage};
use rpy_flow::{Block, Constant, ExitCase, ExitSwitch, Graph, Namer, Op, OpKind, Operand, Var};
use rpy_frontend::{build_flow_graph, Object, Program, ProgramNamer};
use rpy_lltype::{LlConst, LlNamer, LlOp, LlProgram};
use rpy_source::{Diagnostic, SourceMap, Span};
use std::path::Path;

/// The three stages, in pipeline order.
pub const STAGES: [Stage; 3] = [Stage::Flow, Stage::Annotated, Stage::Lowered];

/// The position of a stage in `STAGES`.
pub fn stage_index(s: Stage) -> usize {
    match s {
        Stage::Flow => 0,
        Stage::Annotated => 1,
        Stage::Lowered => 2,
    }
}

/// The stage's name in URLs and on the command line.
pub fn stage_name(s: Stage) -> &'static str {
    match s {
        Stage::Flow => "flow",
        Stage::Annotated => "annotated",
        Stage::Lowered => "lowered",
    }
}

/// The stage named `name`.
pub fn stage_by_name(name: &str) -> Option<Stage> {
    STAGES.iter().copied().find(|s| stage_name(*s) == name)
}

/// A program as the viewer shows it.
pub struct Model {
    /// The entry file, as given.
    pub program: String,
    pub sources: SourceMap,
    pub functions: Vec<Function>,
    /// Who calls whom (node weights are function indices), from the annotator's call
    /// targets, or from the flow graphs' direct calls when annotation failed.
    pub callgraph: DiGraph<usize, ()>,
    /// The call graph's node of each function.
    pub call_node: Vec<NodeIndex>,
    /// User classes and their built-in ancestors (empty when annotation failed).
    pub classes: Vec<ClassView>,
    /// Why a stage has no graphs (annotation or lowering failed).
    pub stage_errors: [Option<String>; 3],
    /// The errors that stopped annotation, and where the first one is.
    pub failure: Option<FailureView>,
    /// The errors that stopped lowering.
    pub lowering_failure: Option<Failure>,
}

/// The errors that stopped annotation.
pub struct FailureView {
    /// The diagnostics rendered as text (no colors).
    pub message: String,
    /// The operation (or block) of the first error.
    pub at: Option<Place>,
    pub failure: Failure,
}

/// A block, and optionally one of its operations or exits, in a function's graph at a stage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    pub func: usize,
    pub stage: Stage,
    pub block: u32,
    pub op: Option<usize>,
    pub exit: Option<usize>,
}

/// One function (or specialization, or helper), with its graph at each stage it exists in.
pub struct Function {
    /// The qualified name (`module.Class.method`, `module.f[int]`, `repr_list_int`).
    pub name: String,
    pub span: Span,
    /// Indexed by `stage_index`.
    pub graphs: [Option<GraphView>; 3],
    /// Why its flow graph could not be built.
    pub error: Option<String>,
}

impl Function {
    /// The name without its module (`Class.method`).
    pub fn short_name(&self) -> &str {
        short_name(&self.name)
    }

    pub fn graph(&self, s: Stage) -> Option<&GraphView> {
        self.graphs[stage_index(s)].as_ref()
    }
}

/// `Class.method` of `module.Class.method`; names without a module stay whole.
pub fn short_name(name: &str) -> &str {
    let base = name.split('[').next().unwrap_or(name);
    match base.find('.') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// A graph as plain data.
pub struct GraphView {
    pub params: Vec<u32>,
    /// Reachable blocks except the two final ones, in the text form's order.
    pub blocks: Vec<BlockView>,
    /// Indexed by variable number.
    pub vars: Vec<VarInfo>,
    /// The return block's input (for the info panel).
    pub return_var: u32,
}

impl GraphView {
    pub fn block(&self, id: u32) -> Option<&BlockView> {
        self.blocks.iter().find(|b| b.id == id)
    }
    pub fn var(&self, v: u32) -> Option<&VarInfo> {
        self.vars.get(v as usize)
    }
}

pub struct BlockView {
    pub id: u32,
    pub inputs: Vec<u32>,
    pub ops: Vec<OpView>,
    pub switch: Switch,
    pub exits: Vec<ExitView>,
    /// False for blocks the annotator never reached (annotated stage only).
    pub reached: bool,
}

/// How a block chooses its exit.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Switch {
    None,
    Bool(u32),
    Int(u32),
    LastException,
}

pub struct OpView {
    pub result: u32,
    pub name: String,
    pub args: Vec<Arg>,
    pub span: Span,
    /// Functions the operation may call (indices into `Model::functions`).
    pub callees: Vec<usize>,
}

/// An operand: a variable, or a constant's text (a function constant links to it).
#[derive(Clone, Debug)]
pub enum Arg {
    Var(u32),
    Const { text: String, func: Option<usize> },
}

pub struct ExitView {
    /// `""` (goto, normal), `true`, `false`, an integer, `default`, `except`, `stop`.
    pub case: String,
    pub target: Target,
    pub args: Vec<Arg>,
    /// The exception variable of an `except` exit.
    pub exc_var: Option<u32>,
    /// Where each argument was bound (an assignment, a `return`).
    pub spans: Vec<Span>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Target {
    Block(u32),
    Return,
    Raise,
}

/// What is known of a variable at one stage.
#[derive(Clone, Debug, Default)]
pub struct VarInfo {
    /// The Python local it holds, if any.
    pub name: Option<String>,
    /// The annotator's type (annotated stage, and flow stage when the graphs agree).
    pub annotation: Option<String>,
    /// The low-level type (lowered stage; the representation of the annotation otherwise).
    pub lltype: Option<String>,
}

/// A class with its typed instance attributes.
pub struct ClassView {
    pub name: String,
    pub base: Option<usize>,
    pub subclasses: Vec<usize>,
    /// Attributes owned by this class, with their inferred types.
    pub attrs: Vec<(String, String)>,
    /// Methods defined in the class body, with their function when it is in the model.
    pub methods: Vec<(String, Option<usize>)>,
    pub instantiated: bool,
    pub builtin: bool,
}

/// Functions by name, with how many graphs of each stage already took each name (duplicate
/// names, such as two lambdas of one function, match in order).
#[derive(Default)]
struct Names {
    by_name: IndexMap<String, Vec<usize>>,
    taken: [IndexMap<String, usize>; 3],
}

impl Names {
    /// The function for the next graph named `name` at stage `s`, created if needed.
    fn slot(&mut self, functions: &mut Vec<Function>, name: &str, span: Span, s: Stage) -> usize {
        let k = self.taken[stage_index(s)].entry(name.to_string()).or_insert(0);
        let list = self.by_name.entry(name.to_string()).or_default();
        let idx = match list.get(*k) {
            Some(i) => *i,
            None => {
                functions.push(Function { name: name.to_string(), span, graphs: [None, None, None], error: None });
                list.push(functions.len() - 1);
                functions.len() - 1
            }
        };
        *k += 1;
        idx
    }

    fn first(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).and_then(|l| l.first().copied())
    }
}

/// Builds the model of the program at `path`: flow graphs of every function, then (when
/// annotation succeeds and `upto` asks for it) the annotated graphs, then (likewise) the
/// lowered ones. Fails only when the program cannot be loaded.
pub fn build_model(path: &Path, options: &Options, upto: Stage) -> Result<Model, Failure> {
    let mut flow_prog = rpy_driver::load(path)?;
    let mut functions: Vec<Function> = vec![];
    let mut names = Names::default();

    // Flow graphs of every function, including nested functions found while building.
    let mut flow: Vec<(usize, Graph<rpy_flow::HlOp>)> = vec![];
    let mut i = 0;
    while i < flow_prog.objects.len() {
        let r = rpy_flow::ObjRef(i as u32);
        i += 1;
        let Object::Function(f) = flow_prog.objects.get(r) else { continue };
        let (name, span) = (f.qualname.clone(), f.span);
        let idx = names.slot(&mut functions, &name, span, Stage::Flow);
        match build_flow_graph(&mut flow_prog, r) {
            Ok(g) => flow.push((idx, g)),
            Err(d) => functions[idx].error = Some(rpy_source::render_diagnostics(&d, &flow_prog.sources, false)),
        }
    }

    let mut stage_errors: [Option<String>; 3] = [None, None, None];
    let mut failure = None;
    let mut classes = vec![];
    // Annotation: var info for the annotated stage (and for flow graphs it did not change).
    let annotated = if upto == Stage::Flow { None } else { match rpy_driver::load(path).map(annotate) {
        Ok(Ok(ann)) => Some(ann),
        Ok(Err((prog, diags))) => {
            stage_errors[1] = Some("annotation failed: see the errors above".into());
            stage_errors[2] = Some("annotation failed: nothing was lowered".into());
            failure = Some(Failure::new(Some(prog.sources), diags));
            None
        }
        Err(f) => {
            stage_errors[1] = Some(f.render(false));
            None
        }
    } };
    let mut ann_vars: IndexMap<String, Vec<VarInfo>> = IndexMap::new();
    if let Some(ann) = &annotated {
        let lltypes = lltypes_of(ann);
        for i in 0..ann.graphs.len() {
            let g = GraphId(i as u32);
            let ag = ann.graph(g);
            let idx = names.slot(&mut functions, &ag.graph.name, ag.graph.span, Stage::Annotated);
            let vars: Vec<VarInfo> = (0..ag.graph.vars.len())
                .map(|v| VarInfo {
                    name: ag.graph.var_name(Var(v as u32)).map(str::to_string),
                    annotation: ag.bindings[v].as_ref().map(|b| ann.type_name(&b.value)),
                    lltype: lltypes.get(i).and_then(|l| l.get(v)).cloned().flatten(),
                })
                .collect();
            ann_vars.entry(ag.graph.name.clone()).or_insert_with(|| vars.clone());
            let namer = AnnotatedNamer { annotated: ann, graph: g };
            let view = graph_view(
                &ag.graph,
                &namer,
                &|c| const_func(&ann.program, &names, c),
                &|b, k, _| {
                    let mut out: Vec<usize> = vec![];
                    for t in ann.calls.get(&(g, b, k)).map(Vec::as_slice).unwrap_or(&[]) {
                        let n = &ann.graph(t.graph).graph.name;
                        if let Some(f) = names.first(n) {
                            if !out.contains(&f) {
                                out.push(f);
                            }
                        }
                    }
                    out
                },
                &|v| vars[v.0 as usize].clone(),
                &|b| ag.reached.contains(&b),
            );
            functions[idx].graphs[1] = Some(view);
        }
        classes = class_views(ann, &names);
    }

    // Flow stage views (after the annotated names exist, so constants link to them).
    for (idx, g) in &flow {
        let same = ann_vars.get(&g.name).filter(|v| v.len() == g.vars.len());
        let namer = ProgramNamer { program: &flow_prog };
        let view = graph_view(
            g,
            &namer,
            &|c| const_func(&flow_prog, &names, c),
            &|_, _, op| {
                if !op.kind.name().contains("call") {
                    return vec![];
                }
                op.args.iter().filter_map(|a| a.as_const().and_then(|c| const_func(&flow_prog, &names, c))).collect()
            },
            &|v| match same {
                Some(vars) => vars[v.0 as usize].clone(),
                None => VarInfo { name: g.var_name(v).map(str::to_string), ..VarInfo::default() },
            },
            &|_| true,
        );
        functions[*idx].graphs[0] = Some(view);
    }

    // Lowering (annotates again: the rtyper consumes its input).
    let mut lowering_failure = None;
    if annotated.is_some() && upto == Stage::Lowered {
        match rpy_driver::translate(path, options, &mut Silent) {
            Ok((ll, _)) => add_lowered(&ll, &mut functions, &mut names),
            Err(f) => {
                stage_errors[2] = Some(format!("lowering failed:\n{}", f.render(false)));
                lowering_failure = Some(f);
            }
        }
    }

    let failure = failure.map(|failure: Failure| {
        let message = failure.render(false);
        let at = failure.diagnostics.iter().filter_map(Diagnostic::primary_span).find_map(|s| find_place(&functions, Stage::Flow, s));
        FailureView { message, at, failure }
    });
    let (callgraph, call_node) = call_graph(&functions, if annotated.is_some() { Stage::Annotated } else { Stage::Flow });
    Ok(Model {
        program: path.display().to_string(),
        sources: flow_prog.sources,
        functions,
        callgraph,
        call_node,
        classes,
        stage_errors,
        failure,
        lowering_failure,
    })
}

/// The rtyper's low-level type of each annotated variable; on an internal error in the rtyper
/// the viewer shows no low-level types rather than failing.
fn lltypes_of(ann: &Annotated) -> Vec<Vec<Option<String>>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rpy_rtyper::annotation_lltypes(ann))).unwrap_or_default()
}

/// The function a constant names, if it is one in the model.
fn const_func(program: &Program, names: &Names, c: &Constant) -> Option<usize> {
    match c {
        Constant::Obj(o) if (o.0 as usize) < program.objects.len() => match program.objects.get(*o) {
            Object::Function(f) => names.first(&f.qualname),
            _ => None,
        },
        _ => None,
    }
}

fn add_lowered(ll: &LlProgram, functions: &mut Vec<Function>, names: &mut Names) {
    let idx: Vec<usize> = ll.functions.iter().map(|f| names.slot(functions, &f.display, f.span, Stage::Lowered)).collect();
    let func_of = |c: &LlConst| match c {
        LlConst::Func(f) => idx.get(f.0 as usize).copied(),
        _ => None,
    };
    for (k, f) in ll.functions.iter().enumerate() {
        let namer = LlNamer { program: ll, func: f };
        let view = graph_view(
            &f.graph,
            &namer,
            &func_of,
            &|_, _, op| match op.kind {
                LlOp::DirectCall(t) => idx.get(t.0 as usize).copied().into_iter().collect(),
                _ => vec![],
            },
            &|v| VarInfo {
                name: f.graph.var_name(v).map(str::to_string),
                annotation: None,
                lltype: f.var_types.get(v.0 as usize).map(|t| ll.types.type_name(*t)),
            },
            &|_| true,
        );
        functions[idx[k]].graphs[2] = Some(view);
    }
}

/// The functions operation (block, index) calls.
type OpCallees<'a, O> = dyn Fn(Block, usize, &Op<O>) -> Vec<usize> + 'a;

/// Converts one graph: `func` resolves function constants, `callees` gives the functions an
/// operation (block, index) calls, `var` what is known of a variable.
fn graph_view<O: OpKind>(
    g: &Graph<O>,
    namer: &dyn Namer<O::Const>,
    func: &dyn Fn(&O::Const) -> Option<usize>,
    callees: &OpCallees<'_, O>,
    var: &dyn Fn(Var) -> VarInfo,
    reached: &dyn Fn(Block) -> bool,
) -> GraphView {
    let arg = |a: &Operand<O::Const>| match a {
        Operand::Var(v) => Arg::Var(v.0),
        Operand::Const(c) => Arg::Const { text: namer.constant(c), func: func(c) },
    };
    let mut blocks = vec![];
    for b in g.reachable_blocks() {
        if g.is_final(b) {
            continue;
        }
        let data = g.block(b);
        let ops = data
            .ops
            .iter()
            .enumerate()
            .map(|(k, op)| OpView {
                result: op.result.0,
                name: op.kind.name(),
                args: op.args.iter().map(arg).collect(),
                span: op.span,
                callees: callees(b, k, op),
            })
            .collect();
        let switch = match data.exitswitch {
            ExitSwitch::None => Switch::None,
            ExitSwitch::Bool(v) => Switch::Bool(v.0),
            ExitSwitch::Switch(v) => Switch::Int(v.0),
            ExitSwitch::LastException => Switch::LastException,
        };
        let exits = data
            .exits
            .iter()
            .map(|l| ExitView {
                case: match l.exitcase {
                    ExitCase::Always => String::new(),
                    ExitCase::Bool(b) => b.to_string(),
                    ExitCase::Int(i) => i.to_string(),
                    ExitCase::Default => "default".into(),
                    ExitCase::Exception => "except".into(),
                    ExitCase::StopIteration => "stop".into(),
                },
                target: if l.target == g.return_block {
                    Target::Return
                } else if l.target == g.except_block {
                    Target::Raise
                } else {
                    Target::Block(l.target.0)
                },
                args: l.args.iter().map(arg).collect(),
                exc_var: l.exc_value.map(|v| v.0),
                spans: l.spans.clone(),
            })
            .collect();
        blocks.push(BlockView { id: b.0, inputs: data.inputs.iter().map(|v| v.0).collect(), ops, switch, exits, reached: reached(b) });
    }
    GraphView {
        params: g.block(g.start).inputs.iter().map(|v| v.0).collect(),
        blocks,
        vars: (0..g.vars.len()).map(|v| var(Var(v as u32))).collect(),
        return_var: g.block(g.return_block).inputs.first().map_or(0, |v| v.0),
    }
}

/// Classes the program defines, and the built-in classes they derive from.
fn class_views(ann: &Annotated, names: &Names) -> Vec<ClassView> {
    let n = ann.classes.len();
    let mut keep = vec![false; n];
    for (i, c) in ann.classes.iter().enumerate() {
        if !c.builtin {
            let mut cur = Some(i);
            while let Some(k) = cur {
                keep[k] = true;
                cur = ann.classes[k].base.map(|b| b.0 as usize);
            }
        }
    }
    let new_index: Vec<Option<usize>> = keep.iter().scan(0, |next, k| Some(if *k { *next += 1; Some(*next - 1) } else { None })).collect();
    ann.classes
        .iter()
        .enumerate()
        .filter(|(i, _)| keep[*i])
        .map(|(_, c)| {
            let methods = ann
                .program
                .objects
                .class(c.obj)
                .map(|cd| {
                    cd.dict
                        .iter()
                        .filter_map(|(name, v)| match v {
                            Constant::Obj(o) => ann.program.objects.function(*o).map(|f| (name.clone(), names.first(&f.qualname))),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            ClassView {
                name: c.name.clone(),
                base: c.base.and_then(|b| new_index[b.0 as usize]),
                subclasses: c.subclasses.iter().filter_map(|s| new_index[s.0 as usize]).collect(),
                attrs: c.attrs.iter().map(|(name, a)| (name.clone(), ann.type_name(&a.value))).collect(),
                methods,
                instantiated: c.instantiated,
                builtin: c.builtin,
            }
        })
        .collect()
}

/// The call graph of the graphs at stage `s`.
fn call_graph(functions: &[Function], s: Stage) -> (DiGraph<usize, ()>, Vec<NodeIndex>) {
    let mut g = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..functions.len()).map(|i| g.add_node(i)).collect();
    for (i, f) in functions.iter().enumerate() {
        let Some(view) = f.graph(s) else { continue };
        for b in &view.blocks {
            for op in &b.ops {
                for c in &op.callees {
                    if g.find_edge(nodes[i], nodes[*c]).is_none() {
                        g.add_edge(nodes[i], nodes[*c], ());
                    }
                }
            }
        }
    }
    (g, nodes)
}

/// Where an error at `span` is in the graphs of stage `s`: the operation whose span is
/// `span` or the smallest containing it; else the exit binding a value there (an assignment,
/// a `return`); else the block of the nearest operation before it.
pub fn find_place(functions: &[Function], s: Stage, span: Span) -> Option<Place> {
    let contains = |outer: Span, inner: Span| !outer.is_dummy() && outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end;
    let place = |func, block, op, exit| Place { func, stage: s, block, op, exit };
    let graphs = || functions.iter().enumerate().filter_map(|(i, f)| f.graph(s).map(|g| (i, g)));
    let mut best: Option<(u32, Place)> = None;
    let consider = |best: &mut Option<(u32, Place)>, size: u32, p: Place| {
        if best.as_ref().is_none_or(|(s, _)| size < *s) {
            *best = Some((size, p));
        }
    };
    for (fi, g) in graphs() {
        for b in &g.blocks {
            for (k, op) in b.ops.iter().enumerate() {
                if contains(op.span, span) {
                    consider(&mut best, op.span.end - op.span.start, place(fi, b.id, Some(k), None));
                }
            }
        }
    }
    if best.is_none() {
        for (fi, g) in graphs() {
            for b in &g.blocks {
                for (k, e) in b.exits.iter().enumerate() {
                    for sp in &e.spans {
                        if contains(*sp, span) {
                            consider(&mut best, sp.end - sp.start, place(fi, b.id, None, Some(k)));
                        }
                    }
                }
            }
        }
    }
    if best.is_none() {
        for (fi, g) in graphs() {
            for b in &g.blocks {
                for op in &b.ops {
                    if !op.span.is_dummy() && op.span.file == span.file && op.span.start <= span.start {
                        consider(&mut best, span.start - op.span.start, place(fi, b.id, None, None));
                    }
                }
            }
        }
    }
    best.map(|(_, p)| p)
}
