//! The rtyper: turns annotated flow graphs into low-level graphs. Each annotation gets a
//! low-level representation (`repr.rs`); each high-level operation is lowered to low-level
//! operations, runtime calls or calls of helper graphs that the rtyper builds itself
//! (`ops.rs`, `builtins.rs`, `calls.rs`, ...); values are converted where representations
//! differ (a `bool` flowing into an `int`, a one-character string into a `str`).
//!
//! Architecture invariant: the rtyper never writes C or LLVM; it hands the backends an
//! `LlProgram` that `check_ll` accepts.

mod builtins;
mod bytes;
mod calls;
mod classes;
mod containers;
mod helpers;
mod inspect;
mod lower;
mod methods;
mod ops;
mod repr;
mod texts;

use indexmap::IndexMap;
use rpy_annotator::{Annotated, ClassId, GraphId};
use rpy_lltype::{FuncRef, LlFunction, LlProgram, LlType, Location, StaticObject, StaticRef, Types};
use rpy_source::{Diagnostic, SourceMap};

pub use classes::ClassLayout;
pub use inspect::annotation_lltypes;

/// The rtyper's state while lowering a program. Maps are ordered (IndexMap) wherever their
/// order can reach the output, so translation is deterministic.
pub(crate) struct RTyper<'a> {
    pub ann: &'a Annotated,
    pub types: Types,
    pub functions: Vec<Option<LlFunction>>,
    pub func_of_graph: IndexMap<GraphId, FuncRef>,
    /// Graphs waiting to be lowered, with the function slot reserved for them.
    pub queue: Vec<(GraphId, FuncRef)>,
    pub statics: Vec<StaticObject>,
    pub static_strs: IndexMap<String, StaticRef>,
    pub locations: Vec<Location>,
    pub classes: IndexMap<ClassId, ClassLayout>,
    pub tuple_types: IndexMap<Vec<LlType>, rpy_lltype::TypeRef>,
    pub iter_types: IndexMap<String, rpy_lltype::TypeRef>,
    pub helpers: IndexMap<String, FuncRef>,
    pub prebuilt: IndexMap<rpy_flow::ObjRef, StaticRef>,
    /// Code run at start-up to fill prebuilt containers: (static, how).
    pub init_actions: Vec<helpers::InitAction>,
    pub errors: Vec<Diagnostic>,
    pub used_names: IndexMap<String, u32>,
    /// Graphs that may recur (they check the stack on entry).
    pub recursive: std::collections::HashSet<GraphId>,
    /// Per class: the attributes its `__init__` surely assigns (`classes::assigned_in_init`).
    pub set_in_init: std::collections::HashMap<ClassId, std::collections::HashSet<String>>,
}

impl<'a> RTyper<'a> {
    /// A fresh rtyper for `ann`, with the class layouts set up.
    pub(crate) fn new(ann: &'a Annotated) -> RTyper<'a> {
        let mut r = RTyper {
            ann,
            types: Types::new(),
            functions: vec![],
            func_of_graph: IndexMap::new(),
            queue: vec![],
            statics: vec![],
            static_strs: IndexMap::new(),
            locations: vec![],
            classes: IndexMap::new(),
            tuple_types: IndexMap::new(),
            iter_types: IndexMap::new(),
            helpers: IndexMap::new(),
            prebuilt: IndexMap::new(),
            init_actions: vec![],
            errors: vec![],
            used_names: IndexMap::new(),
            recursive: helpers::recursive_graphs(ann),
            set_in_init: Default::default(),
        };
        r.setup_classes();
        r
    }
}

/// Lowers an annotated program.
pub fn rtype(ann: Annotated) -> Result<LlProgram, (SourceMap, Vec<Diagnostic>)> {
    let mut r = RTyper::new(&ann);
    let entry_graph = r.function_for(ann.entry);
    let entry = r.entry_wrapper(entry_graph);
    let make_exception = r.make_exception_function();
    while let Some((g, f)) = r.queue.pop() {
        let func = r.lower_graph(g, f);
        r.functions[f.0 as usize] = Some(func);
    }
    let init = r.init_function();
    // Helpers built by the init function may have queued more graphs.
    while let Some((g, f)) = r.queue.pop() {
        let func = r.lower_graph(g, f);
        r.functions[f.0 as usize] = Some(func);
    }
    let exception_ranges: Vec<(i64, i64)> = rpy_stdlib::RUNTIME_EXCEPTIONS
        .iter()
        .map(|name| {
            let c = ann.program.exception_class(name);
            ann.class_ids.get(&c).and_then(|cid| r.classes.get(cid)).map_or((0, 0), |l| l.id_range)
        })
        .collect();
    let RTyper { types, functions, statics, locations, errors, .. } = r;
    if !errors.is_empty() {
        return Err((ann.program.sources, errors));
    }
    let functions: Vec<LlFunction> = functions.into_iter().map(|f| f.expect("every reserved function is lowered")).collect();
    let Annotated { program, .. } = ann;
    let mut prog = LlProgram { types, functions, statics, locations, entry, init, make_exception, exception_ranges, sources: program.sources };
    let mut problems = vec![];
    for i in 0..prog.functions.len() {
        for e in rpy_lltype::check_ll(&mut prog, FuncRef(i as u32)) {
            problems.push(e);
        }
    }
    if !problems.is_empty() {
        let d = Diagnostic::internal(format!("the low-level program is inconsistent:\n{}", problems.join("\n")));
        return Err((prog.sources, vec![d]));
    }
    Ok(prog)
}

impl<'a> RTyper<'a> {
    /// Reserves a function slot; the graph is lowered later.
    pub(crate) fn function_for(&mut self, g: GraphId) -> FuncRef {
        if let Some(f) = self.func_of_graph.get(&g) {
            return *f;
        }
        let f = FuncRef(self.functions.len() as u32);
        self.functions.push(None);
        self.func_of_graph.insert(g, f);
        self.queue.push((g, f));
        f
    }

    /// The signature of the function lowered from graph `g`.
    pub(crate) fn graph_signature(&mut self, g: GraphId) -> (Vec<LlType>, LlType) {
        let hl = self.ann.graph(g);
        let start = hl.graph.block(hl.graph.start);
        let params: Vec<LlType> = start.inputs.clone().iter().map(|v| self.ann.graph(g).ann(*v)).collect::<Vec<_>>().iter().map(|s| self.lltype(s)).collect();
        let ret = self.ann.graph(g).return_ann();
        let result = self.lltype(&ret);
        (params, result)
    }

    /// A unique C-safe symbol for a function named `display`.
    pub(crate) fn symbol(&mut self, display: &str) -> String {
        let base: String = display.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let base = format!("pyfn_{base}");
        let n = self.used_names.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}_{n}")
        }
    }

    pub(crate) fn error(&mut self, d: Diagnostic) {
        if !self.errors.iter().any(|e| e.message == d.message && e.primary_span() == d.primary_span()) {
            self.errors.push(d);
        }
    }
}
