//! The frontend: loads the entry module and the local modules it imports (through a
//! `ModuleLoader`, so tests run on in-memory files), parses them with rustpython-parser,
//! evaluates module level into prebuilt constants, and builds one flow graph per function on
//! demand.
//!
//! Architecture invariant: this crate never touches the file system or processes; errors are
//! returned as `Diagnostic`s, never panics on user input.

mod desugar;
mod flowbuild;
mod generator;
mod loader;
mod modeval;
mod objects;
mod scope;
mod util;

pub use flowbuild::build_flow_graph;
pub use loader::{load_program, LoadedSource, MemoryLoader, ModuleLoader};
pub use objects::{
    BoundMethodObj, ClassDef, FunctionBody, FunctionDef, InstanceObj, ModuleDef, Object, ObjectStore, Param, Specialize,
};

use indexmap::IndexMap;
use rpy_flow::{Constant, ObjRef};
use rpy_source::SourceMap;

/// A loaded program: its sources, its prebuilt objects and its entry point.
pub struct Program {
    pub sources: SourceMap,
    pub objects: ObjectStore,
    /// Every module by dotted name, in load order.
    pub modules: IndexMap<String, ObjRef>,
    pub entry_module: ObjRef,
    /// `main(argv)`, or the function `target()` returned.
    pub entry: ObjRef,
    /// The root class `object`.
    pub object_class: ObjRef,
    /// Built-in exception classes by name.
    pub exception_classes: IndexMap<String, ObjRef>,
    /// The base class of every closure environment.
    pub env_base: ObjRef,
    /// The environment class of each function whose variables nested functions read.
    pub env_classes: IndexMap<ObjRef, ObjRef>,
    /// Nested functions and lambdas, by (defining function, source offset).
    pub nested: IndexMap<(ObjRef, u32), ObjRef>,
    /// The iterator class of each generator function.
    pub generator_classes: IndexMap<ObjRef, ObjRef>,
}

impl Program {
    /// The built-in exception class named `name`. Precondition: it is one of
    /// `rpy_stdlib::BUILTIN_EXCEPTIONS`.
    pub fn exception_class(&self, name: &str) -> ObjRef {
        self.exception_classes[name]
    }

    /// A readable text for a constant: names for functions and classes, Python's repr for
    /// values.
    pub fn describe_constant(&self, c: &Constant) -> String {
        match c {
            Constant::Obj(o) => self.objects.describe(*o),
            other => other.to_string(),
        }
    }
}

/// Prints constants of flow graphs with the program's names.
pub struct ProgramNamer<'a> {
    pub program: &'a Program,
}

impl rpy_flow::Namer<Constant> for ProgramNamer<'_> {
    fn constant(&self, c: &Constant) -> String {
        self.program.describe_constant(c)
    }
    fn location(&self, span: rpy_source::Span) -> Option<String> {
        if span.is_dummy() {
            None
        } else {
            Some(self.program.sources.describe(span))
        }
    }
}
