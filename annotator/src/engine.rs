//! The fixpoint engine: bindings of variables, the worklist of blocks, following links with
//! narrowing, union of annotations (with container merging), and reflow of readers.
//!
//! Invariants: a variable's binding only grows (each new value is unioned with the old one);
//! a block is (re)flowed whenever one of its inputs or something it read generalizes; blocks
//! never reached keep no bindings and their links are not `followed`.

use crate::classes::ClassInfo;
use crate::model::*;
use indexmap::{IndexMap, IndexSet};
use rpy_flow::{Block, Constant, ExitCase, ExitSwitch, FlowGraph, HlOp, ObjRef, Operand, Var};
use rpy_frontend::{build_flow_graph, Object, Program};
use rpy_source::{Diagnostic, ErrorCode, Span};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// Index of an annotated graph (one per function and specialization).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct GraphId(pub u32);

/// Which copy of a function a graph is.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum SpecKey {
    /// The one graph of an ordinary function.
    Default,
    /// `specialize.argtype`: one graph per type of the specialized arguments.
    ArgTypes(Vec<String>),
}

/// Where a value came from, for error messages.
#[derive(Clone, Debug)]
pub struct Origin {
    pub span: Span,
    /// What happened there, e.g. "assigned here", "called with this argument".
    pub what: Rc<str>,
}

impl Origin {
    pub fn new(span: Span, what: &str) -> Origin {
        Origin { span, what: Rc::from(what) }
    }
    pub fn none() -> Origin {
        Origin { span: Span::DUMMY, what: Rc::from("") }
    }
}

/// The annotation of one variable and where it came from.
#[derive(Clone, Debug)]
pub struct Binding {
    pub value: SomeValue,
    pub origin: Origin,
}

/// A function's graph with its annotations.
pub struct AnnGraph {
    pub func: ObjRef,
    pub key: SpecKey,
    pub graph: FlowGraph,
    /// Per variable; `None` for variables of blocks never reached.
    pub bindings: Vec<Option<Binding>>,
    /// Links followed at least once: (block, exit index).
    pub followed: HashSet<(Block, usize)>,
    /// Blocks that were flowed at least once.
    pub reached: HashSet<Block>,
    /// Positions to reflow when the return annotation generalizes.
    pub(crate) return_readers: IndexSet<Position>,
    /// Whether the function may raise (computed after annotation, conservatively).
    pub may_raise: bool,
}

impl AnnGraph {
    /// The annotation of a variable (`Impossible` when unreached).
    pub fn ann(&self, v: Var) -> SomeValue {
        self.bindings.get(v.0 as usize).and_then(|b| b.as_ref()).map_or(SomeValue::Impossible, |b| b.value.clone())
    }

    /// The annotation of the return value.
    pub fn return_ann(&self) -> SomeValue {
        self.ann(self.graph.block(self.graph.return_block).inputs[0])
    }
}

/// A position to reflow: a block of a graph.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) struct Position {
    pub graph: GraphId,
    pub block: Block,
}

/// The shared item annotation of all lists that ever meet.
#[derive(Clone, Debug)]
pub struct ListItem {
    pub value: SomeValue,
    pub origin: Origin,
    pub(crate) readers: IndexSet<Position>,
    /// Items assigned after creation (`l[i] = x`, `reverse()`, `sort()`).
    pub mutated: bool,
    /// Length changed after creation (`append`, `pop`, ...).
    pub resized: bool,
    /// Where the first list of this definition was created.
    pub created: Span,
}

/// The shared key and value annotations of all dicts (or sets) that ever meet.
#[derive(Clone, Debug)]
pub struct DictItem {
    pub key: SomeValue,
    pub key_origin: Origin,
    pub value: SomeValue,
    pub value_origin: Origin,
    pub(crate) readers: IndexSet<Position>,
    pub created: Span,
}

/// Narrowing facts carried by a boolean: annotations that hold for some variables when the
/// boolean is true, and when it is false.
#[derive(Clone, Debug, Default)]
pub(crate) struct KnownTypes {
    pub if_true: Vec<(Var, SomeValue)>,
    pub if_false: Vec<(Var, SomeValue)>,
}

/// An incompatible union: the two sides that could not be joined.
#[derive(Debug)]
pub(crate) struct UnionError {
    #[allow(dead_code)]
    pub left: SomeValue,
    #[allow(dead_code)]
    pub right: SomeValue,
}

/// The result of annotation, handed to the rtyper.
pub struct Annotated {
    pub program: Program,
    pub graphs: Vec<AnnGraph>,
    pub entry: GraphId,
    pub classes: Vec<ClassInfo>,
    pub class_ids: IndexMap<ObjRef, ClassId>,
    pub lists: Vec<ListItem>,
    pub dicts: Vec<DictItem>,
    list_parent: Vec<u32>,
    dict_parent: Vec<u32>,
    /// The resolved targets of each call operation: (graph, block, op index).
    pub calls: HashMap<(GraphId, Block, usize), Vec<crate::calls::CallTarget>>,
    /// Graphs of each function, by specialization.
    pub graph_of: IndexMap<(ObjRef, SpecKey), GraphId>,
    /// Prebuilt lists/dicts/sets and their definitions.
    pub prebuilt_lists: IndexMap<ObjRef, ListDef>,
    pub prebuilt_dicts: IndexMap<ObjRef, DictDef>,
}

impl Annotated {
    pub fn list_item(&self, def: ListDef) -> &ListItem {
        &self.lists[find(&self.list_parent, def.0) as usize]
    }
    pub fn dict_item(&self, def: DictDef) -> &DictItem {
        &self.dicts[find(&self.dict_parent, def.0) as usize]
    }
    /// The representative of a list definition (equal for lists that met).
    pub fn list_rep(&self, def: ListDef) -> ListDef {
        ListDef(find(&self.list_parent, def.0))
    }
    pub fn dict_rep(&self, def: DictDef) -> DictDef {
        DictDef(find(&self.dict_parent, def.0))
    }
    pub fn graph(&self, g: GraphId) -> &AnnGraph {
        &self.graphs[g.0 as usize]
    }
    pub fn class(&self, c: ClassId) -> &ClassInfo {
        &self.classes[c.0 as usize]
    }
    /// The annotation of an operand of graph `g`.
    pub fn operand_ann(&self, g: GraphId, a: &Operand<Constant>) -> SomeValue {
        match a {
            Operand::Var(v) => self.graph(g).ann(*v),
            Operand::Const(c) => const_annotation(&self.program, &self.class_ids, &self.prebuilt_lists, &self.prebuilt_dicts, c),
        }
    }
    /// A type name for messages and the annotated text form.
    pub fn type_name(&self, s: &SomeValue) -> String {
        crate::errors::type_name(s, &|c| self.classes[c.0 as usize].name.clone(), &|d| self.list_item(d).value.clone(), &|d| {
            let it = self.dict_item(d);
            (it.key.clone(), it.value.clone())
        })
    }
}

/// Prints an annotated graph: variables with their Python-level types.
pub struct AnnotatedNamer<'a> {
    pub annotated: &'a Annotated,
    pub graph: GraphId,
}

impl rpy_flow::Namer<Constant> for AnnotatedNamer<'_> {
    fn constant(&self, c: &Constant) -> String {
        self.annotated.program.describe_constant(c)
    }
    fn var_type(&self, v: Var) -> Option<String> {
        let s = self.annotated.graph(self.graph).ann(v);
        Some(self.annotated.type_name(&s))
    }
    fn location(&self, span: Span) -> Option<String> {
        if span.is_dummy() {
            None
        } else {
            Some(self.annotated.program.sources.describe(span))
        }
    }
}

fn find(parent: &[u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        i = parent[i as usize];
    }
    i
}

/// The annotation of a constant whose prebuilt objects are already registered.
fn const_annotation(
    program: &Program,
    class_ids: &IndexMap<ObjRef, ClassId>,
    lists: &IndexMap<ObjRef, ListDef>,
    dicts: &IndexMap<ObjRef, DictDef>,
    c: &Constant,
) -> SomeValue {
    match c {
        Constant::Obj(o) => match program.objects.get(*o) {
            Object::Instance(inst) => SomeValue::Instance { class: class_ids[&inst.class], nullable: false },
            Object::List { .. } => SomeValue::List { def: lists[o], nullable: false },
            Object::Dict { .. } => SomeValue::Dict { def: dicts[o], nullable: false },
            Object::Set { .. } => SomeValue::Set { def: dicts[o], nullable: false },
            _ => simple_const_annotation(program, c),
        },
        _ => simple_const_annotation(program, c),
    }
}

/// Annotations of constants that need no annotator state.
pub(crate) fn simple_const_annotation(program: &Program, c: &Constant) -> SomeValue {
    match c {
        Constant::None => SomeValue::None,
        Constant::Bool(b) => SomeValue::Bool { konst: Some(*b) },
        Constant::Int(i) => SomeValue::int_const(*i),
        Constant::Float(f) => SomeValue::Float { konst: Some(*f) },
        Constant::Str(s) => SomeValue::Str { konst: Some(s.clone()), char: s.chars().count() == 1, nullable: false },
        Constant::Bytes(b) => SomeValue::Bytes { konst: Some(b.clone()), nullable: false },
        Constant::Tuple(items) => SomeValue::Tuple(items.iter().map(|i| simple_const_annotation(program, i)).collect()),
        Constant::Undefined => SomeValue::Impossible,
        Constant::Obj(o) => match program.objects.get(*o) {
            Object::Function(_) => SomeValue::Functions { funcs: Rc::from(vec![*o]), nullable: false },
            Object::Class(_) => SomeValue::Classes { classes: Rc::from(vec![*o]), nullable: false },
            Object::Builtin(b) => SomeValue::Builtin(*b),
            Object::Module(_) => SomeValue::Module(*o),
            // Registered objects are handled by `const_annotation`.
            _ => SomeValue::Impossible,
        },
    }
}

/// The annotator's working state.
pub(crate) struct Annotator {
    pub prog: Program,
    pub graphs: Vec<AnnGraph>,
    pub graph_of: IndexMap<(ObjRef, SpecKey), GraphId>,
    pending: BTreeSet<Position>,
    /// Blocks stopped at an operation on a value that is only `None` so far (it may still
    /// generalize to a nullable one): flowed once more at the end, when it is an error.
    waiting_on_none: BTreeSet<Position>,
    /// Set for that last flow.
    final_flow: bool,
    pub classes: Vec<ClassInfo>,
    pub class_ids: IndexMap<ObjRef, ClassId>,
    pub lists: Vec<ListItem>,
    pub list_parent: Vec<u32>,
    pub dicts: Vec<DictItem>,
    pub dict_parent: Vec<u32>,
    pub prebuilt_lists: IndexMap<ObjRef, ListDef>,
    pub prebuilt_dicts: IndexMap<ObjRef, DictDef>,
    /// Containers created by each op: (graph, block, op index, slot).
    pub creation_sites: HashMap<(GraphId, Block, usize, u8), u32>,
    pub knowntypes: HashMap<(GraphId, Var), Rc<KnownTypes>>,
    pub calls: HashMap<(GraphId, Block, usize), Vec<crate::calls::CallTarget>>,
    pub errors: Vec<Diagnostic>,
    error_spans: HashSet<(Span, String)>,
    /// Errors reported so far, duplicates included (to tell whether an operation that gave
    /// up said why).
    error_reports: usize,
    /// The position being flowed (for registering readers).
    pub current: Option<(Position, usize)>,
    /// Prebuilt instances whose attributes were fed into their class.
    pub seen_instances: HashSet<ObjRef>,
}

/// Annotates the program from its entry point `main(argv: list[str]) -> int`.
pub fn annotate(program: Program) -> Result<Annotated, (Program, Vec<Diagnostic>)> {
    let mut a = Annotator {
        prog: program,
        graphs: vec![],
        graph_of: IndexMap::new(),
        pending: BTreeSet::new(),
        waiting_on_none: BTreeSet::new(),
        final_flow: false,
        classes: vec![],
        class_ids: IndexMap::new(),
        lists: vec![],
        list_parent: vec![],
        dicts: vec![],
        dict_parent: vec![],
        prebuilt_lists: IndexMap::new(),
        prebuilt_dicts: IndexMap::new(),
        creation_sites: HashMap::new(),
        knowntypes: HashMap::new(),
        calls: HashMap::new(),
        errors: vec![],
        error_spans: HashSet::new(),
        error_reports: 0,
        current: None,
        seen_instances: HashSet::new(),
    };
    // Every built-in exception class exists, so `isinstance` ranges cover them all.
    let exc: Vec<ObjRef> = a.prog.exception_classes.values().copied().collect();
    for c in exc {
        a.classdef(c);
    }
    let entry_func = a.prog.entry;
    let entry_span = a.prog.objects.function(entry_func).map_or(Span::DUMMY, |f| f.span);
    let argv_def = a.new_list(entry_span, SomeValue::str(), Origin::new(entry_span, "the command-line arguments"));
    let argv = SomeValue::List { def: argv_def, nullable: false };
    let entry = match a.graph_for(entry_func, SpecKey::Default, entry_span) {
        Some(g) => g,
        None => return Err((a.prog, a.errors)),
    };
    let n_params = a.graphs[entry.0 as usize].graph.block(a.graphs[entry.0 as usize].graph.start).inputs.len();
    if n_params != 1 {
        let d = Diagnostic::at(
            rpy_source::ErrorCode::NoEntryPoint,
            entry_span,
            format!("the entry point must take exactly one argument (argv), not {n_params}"),
        );
        return Err((a.prog, vec![d]));
    }
    a.bind_inputs(entry, a.graphs[entry.0 as usize].graph.start, vec![(argv, Origin::new(entry_span, "argv"))], "argument");
    a.complete();
    // The entry point returns the exit status.
    let ret = a.graphs[entry.0 as usize].return_ann();
    if !matches!(ret, SomeValue::Int { .. } | SomeValue::Bool { .. } | SomeValue::None | SomeValue::Impossible) {
        let name = a.type_name(&ret);
        a.error(
            Diagnostic::at(rpy_source::ErrorCode::TypeConflict, entry_span, format!("the entry point returns `{name}`, but the exit status must be an int"))
                .with_help("return 0 for success"),
        );
    }
    if !a.errors.is_empty() {
        let mut errors = a.errors;
        errors.sort_by_key(|d| d.primary_span().map(|s| (s.file, s.start)));
        return Err((a.prog, errors));
    }
    a.compute_may_raise();
    Ok(Annotated {
        program: a.prog,
        graphs: a.graphs,
        entry,
        classes: a.classes,
        class_ids: a.class_ids,
        lists: a.lists,
        dicts: a.dicts,
        list_parent: a.list_parent,
        dict_parent: a.dict_parent,
        calls: a.calls,
        graph_of: a.graph_of,
        prebuilt_lists: a.prebuilt_lists,
        prebuilt_dicts: a.prebuilt_dicts,
    })
}

impl Annotator {
    // ------------------------------------------------------------------ errors

    pub fn error(&mut self, d: Diagnostic) {
        self.error_reports += 1;
        let key = (d.primary_span().unwrap_or(Span::DUMMY), d.message.clone());
        if self.error_spans.insert(key) {
            self.errors.push(d);
        }
    }

    pub fn type_name(&self, s: &SomeValue) -> String {
        crate::errors::type_name(s, &|c| self.classes[c.0 as usize].name.clone(), &|d| self.list_item(d).value.clone(), &|d| {
            let it = self.dict_item(d);
            (it.key.clone(), it.value.clone())
        })
    }

    // ------------------------------------------------------------------ graphs

    /// The graph of `func` for `key`, built (and scheduled) on first use. Reports flow-graph
    /// building errors and returns `None` for them.
    pub fn graph_for(&mut self, func: ObjRef, key: SpecKey, _call_span: Span) -> Option<GraphId> {
        if let Some(g) = self.graph_of.get(&(func, key.clone())) {
            return Some(*g);
        }
        match build_flow_graph(&mut self.prog, func) {
            Ok(mut graph) => {
                if let SpecKey::ArgTypes(tags) = &key {
                    graph.name = format!("{}[{}]", graph.name, tags.join(","));
                }
                let n = graph.vars.len();
                let id = GraphId(self.graphs.len() as u32);
                self.graphs.push(AnnGraph {
                    func,
                    key: key.clone(),
                    graph,
                    bindings: vec![None; n],
                    followed: HashSet::new(),
                    reached: HashSet::new(),
                    return_readers: IndexSet::new(),
                    may_raise: true,
                });
                self.graph_of.insert((func, key), id);
                Some(id)
            }
            Err(diags) => {
                for d in diags {
                    self.error(d);
                }
                None
            }
        }
    }

    pub fn g(&self, g: GraphId) -> &AnnGraph {
        &self.graphs[g.0 as usize]
    }

    pub fn binding(&self, g: GraphId, v: Var) -> Option<&Binding> {
        self.graphs[g.0 as usize].bindings[v.0 as usize].as_ref()
    }

    pub fn ann(&self, g: GraphId, v: Var) -> SomeValue {
        self.binding(g, v).map_or(SomeValue::Impossible, |b| b.value.clone())
    }

    /// The annotation of an operand (constants are annotated from their value).
    pub fn operand(&mut self, g: GraphId, a: &Operand<Constant>) -> SomeValue {
        match a {
            Operand::Var(v) => self.ann(g, *v),
            Operand::Const(c) => self.immutable_value(c),
        }
    }

    /// Where the value of an operand came from.
    pub fn operand_origin(&self, g: GraphId, a: &Operand<Constant>, fallback: Span) -> Origin {
        match a {
            Operand::Var(v) => self.binding(g, *v).map(|b| b.origin.clone()).unwrap_or_else(|| Origin::new(fallback, "")),
            Operand::Const(_) => Origin::new(fallback, "this value"),
        }
    }

    /// The annotation of a constant, registering prebuilt objects (their items feed list and
    /// dict definitions, their attributes feed class attributes).
    pub fn immutable_value(&mut self, c: &Constant) -> SomeValue {
        if let Constant::Obj(o) = c {
            let obj = self.prog.objects.get(*o).clone();
            match obj {
                Object::Instance(inst) => {
                    let class = self.classdef(inst.class);
                    if self.seen_instances.insert(*o) {
                        self.classes[class.0 as usize].instantiated = true;
                        for (name, value) in &inst.attrs {
                            let s = self.immutable_value(value).generalize();
                            let origin = Origin::new(inst.span, "set on this prebuilt instance");
                            self.generalize_attr(class, name, s, origin, inst.span);
                        }
                    }
                    return SomeValue::Instance { class, nullable: false };
                }
                Object::List { items, span } => {
                    if let Some(def) = self.prebuilt_lists.get(o) {
                        return SomeValue::List { def: *def, nullable: false };
                    }
                    let def = self.new_list(span, SomeValue::Impossible, Origin::new(span, "created here"));
                    self.prebuilt_lists.insert(*o, def);
                    for it in &items {
                        let s = self.immutable_value(it).generalize();
                        self.generalize_list(def, s, Origin::new(span, "an item of this prebuilt list"), span);
                    }
                    return SomeValue::List { def, nullable: false };
                }
                Object::Dict { items, span } => {
                    if let Some(def) = self.prebuilt_dicts.get(o) {
                        return SomeValue::Dict { def: *def, nullable: false };
                    }
                    let def = self.new_dict(span);
                    self.prebuilt_dicts.insert(*o, def);
                    for (k, v) in &items {
                        let ks = self.immutable_value(k).generalize();
                        let vs = self.immutable_value(v).generalize();
                        let origin = Origin::new(span, "in this prebuilt dict");
                        self.generalize_dict(def, Some(ks), Some(vs), origin, span);
                    }
                    return SomeValue::Dict { def, nullable: false };
                }
                Object::Set { items, span } => {
                    if let Some(def) = self.prebuilt_dicts.get(o) {
                        return SomeValue::Set { def: *def, nullable: false };
                    }
                    let def = self.new_dict(span);
                    self.prebuilt_dicts.insert(*o, def);
                    for k in &items {
                        let ks = self.immutable_value(k).generalize();
                        let origin = Origin::new(span, "in this prebuilt set");
                        self.generalize_dict(def, Some(ks), Some(SomeValue::None), origin, span);
                    }
                    return SomeValue::Set { def, nullable: false };
                }
                Object::Class(_) => {
                    self.classdef(*o);
                }
                _ => {}
            }
        }
        simple_const_annotation(&self.prog, c)
    }

    // ------------------------------------------------------------------ fixpoint

    pub fn schedule(&mut self, pos: Position) {
        self.pending.insert(pos);
    }

    fn complete(&mut self) {
        let mut rounds = 0;
        loop {
            while let Some(pos) = self.pending.pop_first() {
                self.flowin(pos);
            }
            rounds += 1;
            if !self.errors.is_empty() || rounds > 50 || !self.normalize_call_families() {
                break;
            }
        }
        if self.errors.is_empty() && !self.waiting_on_none.is_empty() {
            self.final_flow = true;
            for pos in std::mem::take(&mut self.waiting_on_none) {
                self.schedule(pos);
            }
            while let Some(pos) = self.pending.pop_first() {
                self.flowin(pos);
            }
        }
        if self.errors.is_empty() {
            self.check_attributes_assigned();
        }
    }

    /// An instance attribute that reachable code reads but nothing ever assigns would raise
    /// AttributeError in CPython; the annotator has no value for it, so it is an error here.
    fn check_attributes_assigned(&mut self) {
        let mut unassigned = vec![];
        for (i, c) in self.classes.iter().enumerate() {
            for (name, attr) in &c.attrs {
                if attr.value.is_impossible() {
                    if let Some(pos) = attr.readers.first() {
                        unassigned.push((ClassId(i as u32), c.name.clone(), name.clone(), *pos));
                    }
                }
            }
        }
        for (c, class, name, pos) in unassigned {
            // The assigned attribute of the same hierarchy with the closest name, if close.
            let hierarchy: Vec<ClassId> = self.ancestors(c).into_iter().chain(self.descendants(c)).collect();
            let near = hierarchy
                .iter()
                .flat_map(|k| self.classes[k.0 as usize].attrs.iter())
                .filter(|(_, a)| !a.value.is_impossible())
                .map(|(n, _)| (strsim::levenshtein(n, &name), n.clone()))
                .filter(|(d, _)| *d <= 2)
                .min();
            let graph = &self.graphs[pos.graph.0 as usize].graph;
            let span = graph
                .block(pos.block)
                .ops
                .iter()
                .find(|op| op.kind == HlOp::GetAttr && matches!(op.args.get(1), Some(Operand::Const(k)) if k.as_str() == Some(name.as_str())))
                .map_or(graph.span, |op| op.span);
            let help = match near {
                Some((_, n)) => format!("did you mean `{n}`?"),
                None => format!("assign `self.{name}` in `__init__`, or check the attribute's name"),
            };
            let d = Diagnostic::at(ErrorCode::UnknownName, span, format!("attribute `{name}` of `{class}` is read but never assigned (CPython raises AttributeError here)")).with_help(help);
            self.error(d);
        }
    }

    /// Merges new values into a block's inputs; schedules the block if anything grew.
    /// `what` names the inputs in errors ("argument", "value").
    pub fn bind_inputs(&mut self, g: GraphId, block: Block, values: Vec<(SomeValue, Origin)>, what: &str) {
        let inputs = self.graphs[g.0 as usize].graph.block(block).inputs.clone();
        let mut changed = false;
        for (var, (value, origin)) in inputs.iter().zip(values) {
            if value.is_impossible() {
                continue;
            }
            changed |= self.bind_var(g, *var, value, origin, what);
        }
        let first_time = !self.graphs[g.0 as usize].reached.contains(&block);
        let all_bound = inputs.iter().all(|v| self.binding(g, *v).is_some());
        if all_bound && (changed || first_time) {
            self.schedule(Position { graph: g, block });
        }
    }

    /// Unions `value` into the binding of `var`; returns whether it changed.
    fn bind_var(&mut self, g: GraphId, var: Var, value: SomeValue, origin: Origin, what: &str) -> bool {
        let old = self.graphs[g.0 as usize].bindings[var.0 as usize].clone();
        match old {
            None => {
                self.graphs[g.0 as usize].bindings[var.0 as usize] = Some(Binding { value, origin });
                true
            }
            Some(old) => match self.union(&old.value, &value) {
                Ok(u) => {
                    if self.same(&u, &old.value) {
                        false
                    } else {
                        self.graphs[g.0 as usize].bindings[var.0 as usize] = Some(Binding { value: u, origin: old.origin });
                        true
                    }
                }
                Err(e) => {
                    let name = self.graphs[g.0 as usize].graph.var_name(var).map(str::to_string);
                    let d = self.conflict_diagnostic(g, var, name.as_deref(), what, &old, &Binding { value, origin }, &e);
                    self.error(d);
                    false
                }
            },
        }
    }

    /// Sets the result of an operation (unioned with what an earlier flow gave).
    pub fn set_result(&mut self, g: GraphId, var: Var, value: SomeValue, span: Span) {
        self.bind_var(g, var, value, Origin::new(span, "computed here"), "result");
    }

    fn flowin(&mut self, pos: Position) {
        let g = pos.graph;
        let block = pos.block;
        self.graphs[g.0 as usize].reached.insert(block);
        let data = self.graphs[g.0 as usize].graph.block(block).clone();
        if g == GraphId(u32::MAX) {
            return;
        }
        let n_ops = data.ops.len();
        let mut last_result_impossible = false;
        for (i, op) in data.ops.iter().enumerate() {
            self.current = Some((pos, i));
            let args: Vec<SomeValue> = op.args.iter().map(|a| self.operand(g, a)).collect();
            if args.iter().any(|a| a.is_impossible()) {
                self.current = None;
                return;
            }
            if !self.final_flow && needs_a_value(op.kind).iter().any(|k| matches!(args.get(*k), Some(SomeValue::None))) {
                self.waiting_on_none.insert(pos);
                self.current = None;
                return;
            }
            let reports = self.error_reports;
            let result = self.consider_op(g, block, i, op, &args);
            let result = match result {
                Some(r) => r,
                None => {
                    // An error was reported: stop here. Giving up silently would leave the
                    // code after this operation unannotated, so that is a bug of ours.
                    if self.error_reports == reports {
                        let d = Diagnostic::at(ErrorCode::Internal, op.span, format!("the annotator gave up on `{}` without a message", op.kind.text()));
                        self.error(d.with_note("this is a bug in rpy; please report it with the program that triggers it"));
                    }
                    self.current = None;
                    return;
                }
            };
            if result.is_impossible() {
                let is_raising_op = i + 1 == n_ops && data.exitswitch == ExitSwitch::LastException;
                if is_raising_op {
                    last_result_impossible = true;
                    break;
                }
                // Blocked: resumes when what it waits for generalizes.
                self.current = None;
                return;
            }
            self.set_result(g, op.result, result, op.span);
        }
        self.current = None;
        // Follow the exits.
        let switch_value = match data.exitswitch {
            ExitSwitch::Bool(v) | ExitSwitch::Switch(v) => Some(self.ann(g, v)),
            _ => None,
        };
        for (idx, link) in data.exits.iter().enumerate() {
            let take = match (data.exitswitch, link.exitcase) {
                (ExitSwitch::Bool(_), ExitCase::Bool(b)) => match switch_value.as_ref().and_then(|s| s.const_truth()) {
                    Some(k) => k == b,
                    None => true,
                },
                (ExitSwitch::LastException, ExitCase::Always) => !last_result_impossible,
                (ExitSwitch::LastException, ExitCase::StopIteration) => {
                    let op = data.ops.last().expect("a raising block has an operation");
                    self.may_stop_iteration(g, op)
                }
                _ => true,
            };
            if !take {
                continue;
            }
            self.graphs[g.0 as usize].followed.insert((block, idx));
            let narrowing = match (data.exitswitch, link.exitcase) {
                (ExitSwitch::Bool(v), ExitCase::Bool(b)) => self.knowntypes.get(&(g, v)).map(|k| if b { k.if_true.clone() } else { k.if_false.clone() }),
                _ => None,
            };
            let mut values = vec![];
            for (ai, a) in link.args.iter().enumerate() {
                let span = link.spans.get(ai).copied().unwrap_or(Span::DUMMY);
                let (value, origin) = match a {
                    Operand::Var(v) if Some(*v) == link.exc_value => {
                        let base = self.prog.exception_class("BaseException");
                        let class = self.classdef(base);
                        (SomeValue::Instance { class, nullable: false }, Origin::new(span, "the exception caught here"))
                    }
                    Operand::Var(v) => {
                        let narrowed = narrowing.as_ref().and_then(|n| n.iter().find(|(nv, _)| nv == v).map(|(_, s)| s.clone()));
                        let b = self.binding(g, *v).cloned();
                        let value = narrowed.unwrap_or_else(|| b.as_ref().map_or(SomeValue::Impossible, |b| b.value.clone()));
                        let origin = if !span.is_dummy() { Origin::new(span, "assigned here") } else { b.map_or(Origin::none(), |b| b.origin) };
                        (value, origin)
                    }
                    Operand::Const(c) => {
                        if matches!(c, Constant::Undefined) {
                            (SomeValue::Impossible, Origin::none())
                        } else {
                            (self.immutable_value(c), Origin::new(span, "assigned here"))
                        }
                    }
                };
                values.push((value, origin));
            }
            if link.target == self.graphs[g.0 as usize].graph.return_block {
                let old = self.g(g).return_ann();
                let ret_var = self.graphs[g.0 as usize].graph.block(link.target).inputs[0];
                let (value, origin) = values.into_iter().next().expect("return link has one argument");
                let origin = Origin::new(origin.span, "returned here");
                self.bind_var(g, ret_var, value, origin, "return value");
                let new = self.g(g).return_ann();
                if !self.same(&old, &new) {
                    let readers: Vec<Position> = self.graphs[g.0 as usize].return_readers.iter().copied().collect();
                    for r in readers {
                        self.schedule(r);
                    }
                }
                continue;
            }
            if link.target == self.graphs[g.0 as usize].graph.except_block {
                continue;
            }
            self.bind_inputs(g, link.target, values, "value");
        }
    }

    // ------------------------------------------------------------------ union

    /// Two annotations are the same (containers compared by representative).
    pub fn same(&self, a: &SomeValue, b: &SomeValue) -> bool {
        self.normalize(a) == self.normalize(b)
    }

    pub fn normalize(&self, a: &SomeValue) -> SomeValue {
        match a {
            SomeValue::List { def, nullable } => SomeValue::List { def: self.list_rep(*def), nullable: *nullable },
            SomeValue::Dict { def, nullable } => SomeValue::Dict { def: self.dict_rep(*def), nullable: *nullable },
            SomeValue::Set { def, nullable } => SomeValue::Set { def: self.dict_rep(*def), nullable: *nullable },
            SomeValue::Tuple(items) => SomeValue::Tuple(items.iter().map(|i| self.normalize(i)).collect()),
            SomeValue::Iterator { kind, of } => SomeValue::Iterator { kind: kind.clone(), of: of.iter().map(|i| self.normalize(i)).collect() },
            SomeValue::BuiltinMethod { receiver, name } => SomeValue::BuiltinMethod { receiver: Rc::new(self.normalize(receiver)), name: name.clone() },
            other => other.clone(),
        }
    }

    /// The join of two annotations. Merges container definitions as a side effect.
    /// `union(a, b)`, or an error at `span` saying that `what` mixes the two types.
    pub(crate) fn union_at(&mut self, a: &SomeValue, b: &SomeValue, span: Span, what: &str) -> Option<SomeValue> {
        match self.union(a, b) {
            Ok(u) => Some(u),
            Err(_) => {
                let (ta, tb) = (self.type_name(a), self.type_name(b));
                let d = Diagnostic::at(ErrorCode::TypeConflict, span, format!("{what} both `{ta}` and `{tb}`"))
                    .with_note("every variable has one type over the whole program");
                self.error(d);
                None
            }
        }
    }

    pub fn union(&mut self, a: &SomeValue, b: &SomeValue) -> Result<SomeValue, UnionError> {
        use SomeValue as S;
        let err = || UnionError { left: a.clone(), right: b.clone() };
        if self.same(a, b) {
            return Ok(a.clone());
        }
        Ok(match (a, b) {
            (S::Impossible, x) | (x, S::Impossible) => x.clone(),
            (S::None, x) | (x, S::None) => x.noneify().ok_or_else(err)?,
            (S::Bool { konst: k1 }, S::Bool { konst: k2 }) => S::Bool { konst: if k1 == k2 { *k1 } else { None } },
            (S::Bool { .. }, S::Int { nonneg, kind, .. }) | (S::Int { nonneg, kind, .. }, S::Bool { .. }) => {
                S::Int { konst: None, nonneg: *nonneg, kind: *kind }
            }
            (S::Int { konst: k1, nonneg: n1, kind: t1 }, S::Int { konst: k2, nonneg: n2, kind: t2 }) => {
                if t1 != t2 {
                    return Err(err());
                }
                S::Int { konst: if k1 == k2 { *k1 } else { None }, nonneg: *n1 && *n2, kind: *t1 }
            }
            (S::Float { konst: k1 }, S::Float { konst: k2 }) => S::Float { konst: if k1 == k2 { *k1 } else { None } },
            (S::Str { konst: k1, char: c1, nullable: n1 }, S::Str { konst: k2, char: c2, nullable: n2 }) => {
                S::Str { konst: if k1 == k2 { k1.clone() } else { None }, char: *c1 && *c2, nullable: *n1 || *n2 }
            }
            (S::Bytes { konst: k1, nullable: n1 }, S::Bytes { konst: k2, nullable: n2 }) => {
                S::Bytes { konst: if k1 == k2 { k1.clone() } else { None }, nullable: *n1 || *n2 }
            }
            (S::ByteArray { nullable: n1 }, S::ByteArray { nullable: n2 }) => S::ByteArray { nullable: *n1 || *n2 },
            (S::Tuple(x), S::Tuple(y)) if x.len() == y.len() => {
                let mut items = vec![];
                for (p, q) in x.iter().zip(y.iter()) {
                    items.push(self.union(p, q)?);
                }
                S::Tuple(Rc::from(items))
            }
            (S::List { def: d1, nullable: n1 }, S::List { def: d2, nullable: n2 }) => {
                let def = self.merge_lists(*d1, *d2)?;
                S::List { def, nullable: *n1 || *n2 }
            }
            (S::Dict { def: d1, nullable: n1 }, S::Dict { def: d2, nullable: n2 }) => {
                let def = self.merge_dicts(*d1, *d2)?;
                S::Dict { def, nullable: *n1 || *n2 }
            }
            (S::Set { def: d1, nullable: n1 }, S::Set { def: d2, nullable: n2 }) => {
                let def = self.merge_dicts(*d1, *d2)?;
                S::Set { def, nullable: *n1 || *n2 }
            }
            (S::Range { step: s1 }, S::Range { step: s2 }) => S::Range { step: if s1 == s2 { *s1 } else { None } },
            (S::Instance { class: c1, nullable: n1 }, S::Instance { class: c2, nullable: n2 }) => {
                let class = self.common_base(*c1, *c2).ok_or_else(err)?;
                S::Instance { class, nullable: *n1 || *n2 }
            }
            (S::Super { class: k1, receiver: r1 }, S::Super { class: k2, receiver: r2 }) if k1 == k2 => {
                // `super()` in one method called on instances of several subclasses.
                let receiver = self.common_base(*r1, *r2).ok_or_else(err)?;
                S::Super { class: *k1, receiver }
            }
            (S::SuperMethod { func: f1, class: c1 }, S::SuperMethod { func: f2, class: c2 }) if f1 == f2 => {
                let class = self.common_base(*c1, *c2).ok_or_else(err)?;
                S::SuperMethod { func: *f1, class }
            }
            (S::Functions { funcs: f1, nullable: n1 }, S::Functions { funcs: f2, nullable: n2 }) => {
                let mut all: Vec<ObjRef> = f1.iter().chain(f2.iter()).copied().collect();
                all.sort();
                all.dedup();
                S::Functions { funcs: Rc::from(all), nullable: *n1 || *n2 }
            }
            (S::Classes { classes: c1, nullable: n1 }, S::Classes { classes: c2, nullable: n2 }) => {
                let mut all: Vec<ObjRef> = c1.iter().chain(c2.iter()).copied().collect();
                all.sort();
                all.dedup();
                S::Classes { classes: Rc::from(all), nullable: *n1 || *n2 }
            }
            (S::Method { class: c1, name: m1, nullable: n1 }, S::Method { class: c2, name: m2, nullable: n2 }) if m1 == m2 => {
                let class = self.common_base(*c1, *c2).ok_or_else(err)?;
                S::Method { class, name: m1.clone(), nullable: *n1 || *n2 }
            }
            (S::Iterator { kind: k1, of: o1 }, S::Iterator { kind: k2, of: o2 }) if k1 == k2 && o1.len() == o2.len() => {
                let mut of = vec![];
                for (p, q) in o1.iter().zip(o2.iter()) {
                    of.push(self.union(p, q)?);
                }
                S::Iterator { kind: k1.clone(), of: Rc::from(of) }
            }
            (S::StringBuilder { bytes: b1 }, S::StringBuilder { bytes: b2 }) if b1 == b2 => a.clone(),
            (S::BuiltinMethod { receiver: r1, name: m1 }, S::BuiltinMethod { receiver: r2, name: m2 }) if m1 == m2 => {
                let r = self.union(r1, r2)?;
                S::BuiltinMethod { receiver: Rc::new(r), name: m1.clone() }
            }
            _ => return Err(err()),
        })
    }

    // ------------------------------------------------------------------ containers

    pub fn list_rep(&self, d: ListDef) -> ListDef {
        ListDef(find(&self.list_parent, d.0))
    }

    pub fn dict_rep(&self, d: DictDef) -> DictDef {
        DictDef(find(&self.dict_parent, d.0))
    }

    pub fn list_item(&self, d: ListDef) -> &ListItem {
        &self.lists[self.list_rep(d).0 as usize]
    }

    pub fn dict_item(&self, d: DictDef) -> &DictItem {
        &self.dicts[self.dict_rep(d).0 as usize]
    }

    pub fn new_list(&mut self, created: Span, item: SomeValue, origin: Origin) -> ListDef {
        self.lists.push(ListItem { value: item, origin, readers: IndexSet::new(), mutated: false, resized: false, created });
        self.list_parent.push(self.lists.len() as u32 - 1);
        ListDef(self.lists.len() as u32 - 1)
    }

    pub fn new_dict(&mut self, created: Span) -> DictDef {
        self.dicts.push(DictItem {
            key: SomeValue::Impossible,
            key_origin: Origin::none(),
            value: SomeValue::Impossible,
            value_origin: Origin::none(),
            readers: IndexSet::new(),
            created,
        });
        self.dict_parent.push(self.dicts.len() as u32 - 1);
        DictDef(self.dicts.len() as u32 - 1)
    }

    /// The list definition created by an operation (one per creation site, so reflowing the
    /// operation finds the same one).
    pub fn list_at(&mut self, g: GraphId, block: Block, op: usize, slot: u8, span: Span) -> ListDef {
        if let Some(d) = self.creation_sites.get(&(g, block, op, slot)) {
            return ListDef(*d);
        }
        let d = self.new_list(span, SomeValue::Impossible, Origin::new(span, "created here"));
        self.creation_sites.insert((g, block, op, slot), d.0);
        d
    }

    pub fn dict_at(&mut self, g: GraphId, block: Block, op: usize, slot: u8, span: Span) -> DictDef {
        if let Some(d) = self.creation_sites.get(&(g, block, op, slot)) {
            return DictDef(*d);
        }
        let d = self.new_dict(span);
        self.creation_sites.insert((g, block, op, slot), d.0);
        d
    }

    /// Registers the current position as a reader of a list's items.
    pub fn read_list(&mut self, d: ListDef) -> SomeValue {
        let rep = self.list_rep(d);
        if let Some((pos, _)) = self.current {
            self.lists[rep.0 as usize].readers.insert(pos);
        }
        self.lists[rep.0 as usize].value.clone()
    }

    pub fn read_dict(&mut self, d: DictDef) -> (SomeValue, SomeValue) {
        let rep = self.dict_rep(d);
        if let Some((pos, _)) = self.current {
            self.dicts[rep.0 as usize].readers.insert(pos);
        }
        let it = &self.dicts[rep.0 as usize];
        (it.key.clone(), it.value.clone())
    }

    /// Unions `value` into a list's items; reflows readers if they grew. Returns false (after
    /// reporting) on a conflict.
    pub fn generalize_list(&mut self, d: ListDef, value: SomeValue, origin: Origin, at: Span) -> bool {
        let rep = self.list_rep(d);
        let old = self.lists[rep.0 as usize].clone();
        match self.union(&old.value, &value) {
            Ok(u) => {
                if !self.same(&u, &old.value) {
                    let rep = self.list_rep(d);
                    let item = &mut self.lists[rep.0 as usize];
                    if item.value.is_impossible() {
                        item.origin = origin;
                    }
                    item.value = u;
                    let readers: Vec<Position> = item.readers.iter().copied().collect();
                    for r in readers {
                        self.schedule(r);
                    }
                }
                true
            }
            Err(_) => {
                let d = self.container_conflict("this list holds both", &old.value, &old.origin, &value, &origin, at, old.created);
                self.error(d);
                false
            }
        }
    }

    /// Makes two lists share one item type (and so one representation), as copying items
    /// from one into the other (`extend`, slice assignment) needs.
    pub fn agree_lists(&mut self, a: ListDef, b: ListDef, origin: Origin, at: Span) -> bool {
        let from = self.read_list(b);
        if !self.generalize_list(a, from, origin.clone(), at) {
            return false;
        }
        match self.merge_lists(a, b) {
            Ok(_) => true,
            Err(_) => {
                let (old, new) = (self.lists[self.list_rep(a).0 as usize].clone(), self.lists[self.list_rep(b).0 as usize].clone());
                let d = self.container_conflict("this list holds both", &old.value, &old.origin, &new.value, &origin, at, old.created);
                self.error(d);
                false
            }
        }
    }

    /// Looking up a string in a dict whose keys are all one-character strings: the keys
    /// become general strings, so the lookup key has the keys' representation.
    pub fn widen_lookup_key(&mut self, d: DictDef, key: &SomeValue, at: Span) {
        let is_char = |s: &SomeValue| matches!(s, SomeValue::Str { char: true, .. });
        let (k, _) = self.read_dict(d);
        if is_char(&k) && key.is_str() && !is_char(key) {
            self.generalize_dict(d, Some(SomeValue::str()), None, Origin::new(at, "looked up here"), at);
        }
    }

    /// Makes two dicts (or sets) share key and value types, as operations copying or
    /// comparing their stored items need.
    pub fn agree_dicts(&mut self, a: DictDef, b: DictDef, origin: Origin, at: Span) -> bool {
        let (k, v) = self.read_dict(b);
        if !self.generalize_dict(a, Some(k), Some(v), origin.clone(), at) {
            return false;
        }
        let (k, v) = self.read_dict(a);
        if !self.generalize_dict(b, Some(k), Some(v), origin, at) {
            return false;
        }
        match self.merge_dicts(a, b) {
            Ok(_) => true,
            Err(_) => {
                self.error(Diagnostic::internal("dicts that agree on their types failed to merge"));
                false
            }
        }
    }

    /// Makes the containers `a` and `b` share their item types when both are lists, or both
    /// dicts or sets (see `agree_lists`); anything else is left alone.
    pub fn agree_containers(&mut self, a: &SomeValue, b: &SomeValue, origin: Origin, at: Span) -> bool {
        match (a, b) {
            (SomeValue::List { def: x, .. }, SomeValue::List { def: y, .. }) => self.agree_lists(*x, *y, origin, at),
            (SomeValue::Dict { def: x, .. }, SomeValue::Dict { def: y, .. }) | (SomeValue::Set { def: x, .. }, SomeValue::Set { def: y, .. }) => {
                self.agree_dicts(*x, *y, origin, at)
            }
            _ => true,
        }
    }

    pub fn generalize_dict(&mut self, d: DictDef, key: Option<SomeValue>, value: Option<SomeValue>, origin: Origin, at: Span) -> bool {
        let rep = self.dict_rep(d);
        let old = self.dicts[rep.0 as usize].clone();
        let mut changed = false;
        let mut new = old.clone();
        if let Some(k) = key {
            if let Some(bad) = unhashable_part(&k) {
                let t = self.type_name(&bad);
                let d = Diagnostic::at(ErrorCode::BadOperation, at, format!("a `{t}` value cannot be a dict key or a set item: it is mutable, so it has no hash"))
                    .with_help("use a tuple, a str or an int as the key");
                self.error(d);
                return false;
            }
            match self.union(&old.key, &k) {
                Ok(u) => {
                    if !self.same(&u, &old.key) {
                        if old.key.is_impossible() {
                            new.key_origin = origin.clone();
                        }
                        new.key = u;
                        changed = true;
                    }
                }
                Err(_) => {
                    let d = self.container_conflict("this dict's keys would be both", &old.key, &old.key_origin, &k, &origin, at, old.created);
                    self.error(d);
                    return false;
                }
            }
        }
        if let Some(v) = value {
            match self.union(&old.value, &v) {
                Ok(u) => {
                    if !self.same(&u, &old.value) {
                        if old.value.is_impossible() {
                            new.value_origin = origin.clone();
                        }
                        new.value = u;
                        changed = true;
                    }
                }
                Err(_) => {
                    let d = self.container_conflict("this dict's values would be both", &old.value, &old.value_origin, &v, &origin, at, old.created);
                    self.error(d);
                    return false;
                }
            }
        }
        if changed {
            let rep = self.dict_rep(d);
            let readers: Vec<Position> = new.readers.iter().copied().collect();
            self.dicts[rep.0 as usize] = new;
            for r in readers {
                self.schedule(r);
            }
        }
        true
    }

    pub fn mark_list(&mut self, d: ListDef, resized: bool) {
        let rep = self.list_rep(d);
        let item = &mut self.lists[rep.0 as usize];
        item.mutated = true;
        item.resized |= resized;
    }

    fn merge_lists(&mut self, a: ListDef, b: ListDef) -> Result<ListDef, UnionError> {
        let (ra, rb) = (self.list_rep(a), self.list_rep(b));
        if ra == rb {
            return Ok(ra);
        }
        let (ia, ib) = (self.lists[ra.0 as usize].clone(), self.lists[rb.0 as usize].clone());
        let value = self.union(&ia.value, &ib.value)?;
        let (ra, rb) = (self.list_rep(a), self.list_rep(b));
        if ra == rb {
            return Ok(ra);
        }
        self.list_parent[rb.0 as usize] = ra.0;
        let item = &mut self.lists[ra.0 as usize];
        let changed_a = item.value != value;
        let changed_b = ib.value != value;
        item.value = value;
        item.mutated |= ib.mutated;
        item.resized |= ib.resized;
        let mut readers: Vec<Position> = vec![];
        if changed_a {
            readers.extend(ia.readers.iter().copied());
        }
        if changed_b {
            readers.extend(ib.readers.iter().copied());
        }
        let merged = &mut self.lists[ra.0 as usize].readers;
        merged.extend(ib.readers.iter().copied());
        for r in readers {
            self.schedule(r);
        }
        Ok(ra)
    }

    fn merge_dicts(&mut self, a: DictDef, b: DictDef) -> Result<DictDef, UnionError> {
        let (ra, rb) = (self.dict_rep(a), self.dict_rep(b));
        if ra == rb {
            return Ok(ra);
        }
        let (ia, ib) = (self.dicts[ra.0 as usize].clone(), self.dicts[rb.0 as usize].clone());
        let key = self.union(&ia.key, &ib.key)?;
        let value = self.union(&ia.value, &ib.value)?;
        let (ra, rb) = (self.dict_rep(a), self.dict_rep(b));
        if ra == rb {
            return Ok(ra);
        }
        self.dict_parent[rb.0 as usize] = ra.0;
        let item = &mut self.dicts[ra.0 as usize];
        item.key = key;
        item.value = value;
        if item.key_origin.span.is_dummy() {
            item.key_origin = ib.key_origin.clone();
        }
        if item.value_origin.span.is_dummy() {
            item.value_origin = ib.value_origin.clone();
        }
        item.readers.extend(ib.readers.iter().copied());
        let readers: Vec<Position> = ia.readers.iter().chain(ib.readers.iter()).copied().collect();
        for r in readers {
            self.schedule(r);
        }
        Ok(ra)
    }

    /// Generalizes a graph's return annotation (call-family normalization).
    pub(crate) fn set_return(&mut self, g: GraphId, value: SomeValue) {
        let ret_var = self.graphs[g.0 as usize].graph.block(self.graphs[g.0 as usize].graph.return_block).inputs[0];
        self.bind_var(g, ret_var, value, Origin::none(), "return value");
        let readers: Vec<Position> = self.graphs[g.0 as usize].return_readers.iter().copied().collect();
        for r in readers {
            self.schedule(r);
        }
    }

    /// Registers the current position as a reader of a function's return value.
    pub fn read_return(&mut self, g: GraphId) -> SomeValue {
        if let Some((pos, _)) = self.current {
            self.graphs[g.0 as usize].return_readers.insert(pos);
        }
        self.g(g).return_ann()
    }

    /// Marks functions that can never raise (no raising operation, no call that may raise);
    /// conservative: anything unsure may raise.
    fn compute_may_raise(&mut self) {
        // Every graph may raise for now; the exception transform checks after each call.
        for g in &mut self.graphs {
            g.may_raise = true;
        }
    }
}

/// The part of a key annotation that cannot be hashed (mutable containers), if any.
pub(crate) fn unhashable_part(s: &SomeValue) -> Option<SomeValue> {
    match s {
        SomeValue::List { .. } | SomeValue::Dict { .. } | SomeValue::Set { .. } | SomeValue::ByteArray { .. } => Some(s.clone()),
        SomeValue::Tuple(items) => items.iter().find_map(unhashable_part),
        _ => None,
    }
}

/// The operands of an operation that must not be None (CPython raises TypeError or
/// AttributeError there).
fn needs_a_value(kind: HlOp) -> &'static [usize] {
    use HlOp as H;
    match kind {
        H::Add | H::Sub | H::Mul | H::TrueDiv | H::FloorDiv | H::Mod | H::Pow | H::LShift | H::RShift | H::BitAnd | H::BitOr | H::BitXor
        | H::InplaceAdd | H::InplaceSub | H::InplaceMul | H::InplaceTrueDiv | H::InplaceFloorDiv | H::InplaceMod | H::InplacePow
        | H::InplaceLShift | H::InplaceRShift | H::InplaceAnd | H::InplaceOr | H::InplaceXor | H::Lt | H::Le | H::Gt | H::Ge => &[0, 1],
        H::Neg | H::Invert | H::GetAttr | H::SetAttr | H::GetItem | H::SetItem | H::DelItem | H::GetSlice | H::SetSlice | H::DelSlice | H::Iter => &[0],
        H::Contains => &[0],
        _ => &[],
    }
}
