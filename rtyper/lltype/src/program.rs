//! A whole low-level program: functions (graphs with typed variables), static data, the
//! traceback location table, and the entry points.

use crate::ops::{LlConst, LlOp};
use crate::types::{LlType, TypeRef, Types};
use crate::LlGraph;
use rpy_flow::{FloatBits, Namer, Var};
use rpy_source::{SourceMap, Span};

/// Index of a function in `LlProgram::functions`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct FuncRef(pub u32);

/// Index of a static object in `LlProgram::statics`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct StaticRef(pub u32);

/// The value of a field of a static object.
#[derive(Clone, PartialEq, Debug)]
pub enum StaticValue {
    Void,
    Bool(bool),
    Signed(i64),
    Unsigned(u64),
    Float(FloatBits),
    Char(u8),
    UniChar(u32),
    Null,
    Ptr(StaticRef),
    Func(FuncRef),
}

/// An object in the binary's static data (a prebuilt string, instance, vtable, tuple, or the
/// fixed part of a prebuilt list or dict that the init function fills).
#[derive(Clone, Debug)]
pub struct StaticObject {
    pub ty: TypeRef,
    /// The values of all fields, the bases' fields first.
    pub fields: Vec<StaticValue>,
    /// Items of the variable-sized part (for char arrays, without the terminating NUL).
    pub var_items: Vec<StaticValue>,
}

/// A position reported in tracebacks.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Location {
    pub file: String,
    pub function: String,
    pub line: u32,
}

/// A function of the low-level program.
#[derive(Clone, Debug)]
pub struct LlFunction {
    /// The symbol in generated code (unique, deterministic).
    pub name: String,
    /// The qualified Python name (`module.func`), for tracebacks and the text form.
    pub display: String,
    pub graph: LlGraph,
    /// The type of every variable of the graph. Invariant: `var_types.len() == graph.vars.len()`.
    pub var_types: Vec<LlType>,
    pub params: Vec<LlType>,
    pub result: LlType,
    pub span: Span,
}

/// A translated program in low-level form: what the backends read.
pub struct LlProgram {
    pub types: Types,
    pub functions: Vec<LlFunction>,
    pub statics: Vec<StaticObject>,
    pub locations: Vec<Location>,
    /// `main(argv) -> int`.
    pub entry: FuncRef,
    /// Fills prebuilt containers at start-up.
    pub init: FuncRef,
    /// Builds a built-in exception instance from a runtime exception number and message.
    pub make_exception: FuncRef,
    /// The class id range of each runtime exception (numbered as in RUNTIME_EXCEPTIONS).
    pub exception_ranges: Vec<(i64, i64)>,
    pub sources: SourceMap,
}

impl LlProgram {
    pub fn func(&self, f: FuncRef) -> &LlFunction {
        &self.functions[f.0 as usize]
    }

    /// The type of a constant operand.
    pub fn const_type(&mut self, c: &LlConst) -> LlType {
        c.lltype(&self.statics, &self.functions, &mut self.types)
    }

    /// Adds a location for tracebacks and returns its index (deduplicated).
    pub fn location(&mut self, loc: Location) -> u32 {
        if let Some(i) = self.locations.iter().position(|l| *l == loc) {
            return i as u32;
        }
        self.locations.push(loc);
        self.locations.len() as u32 - 1
    }
}

/// Prints low-level graphs: variables with their low-level types.
pub struct LlNamer<'a> {
    pub program: &'a LlProgram,
    pub func: &'a LlFunction,
}

impl Namer<LlConst> for LlNamer<'_> {
    fn constant(&self, c: &LlConst) -> String {
        match c {
            LlConst::Func(f) => self.program.functions.get(f.0 as usize).map_or_else(|| c.to_string(), |func| func.display.clone()),
            LlConst::Static(s) => {
                let obj = &self.program.statics[s.0 as usize];
                let sd = self.program.types.struct_def(obj.ty);
                if obj.ty == Types::STR {
                    let bytes: Vec<u8> = obj.var_items.iter().filter_map(|v| if let StaticValue::Char(b) = v { Some(*b) } else { None }).collect();
                    format!("{:?}", String::from_utf8_lossy(&bytes))
                } else {
                    format!("&{}#{}", sd.name, s.0)
                }
            }
            other => other.to_string(),
        }
    }
    fn var_type(&self, v: Var) -> Option<String> {
        self.func.var_types.get(v.0 as usize).map(|t| self.program.types.type_name(*t))
    }
    fn location(&self, span: Span) -> Option<String> {
        if span.is_dummy() {
            None
        } else {
            Some(self.program.sources.describe(span))
        }
    }
}

#[allow(dead_code)]
fn _assert_op(_: LlOp) {}
