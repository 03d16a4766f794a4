//! The low-level IR: types (`LlType`, struct and array definitions), constants, operations
//! (`LlOp`, with the primitive-operation table `PrimOp` and the runtime-function table
//! `RuntimeFn`), whole programs (`LlProgram`) and `check_ll`.
//!
//! Invariant: every GC struct starts with the runtime's object header, which the field lists
//! leave implicit; a struct with a `base` embeds it as its first field (inheritance); types
//! provided by the C runtime carry its C name and must match `rpy.h` field for field.

mod check;
mod ops;
mod program;
mod runtime_fns;
mod types;

pub use check::check_ll;
pub use ops::{LlConst, LlOp, PrimOp};
pub use program::{FuncRef, LlFunction, LlNamer, LlProgram, Location, StaticObject, StaticRef, StaticValue};
pub use runtime_fns::RuntimeFn;
pub use types::{LlType, SigRef, Signature, StructDef, TypeDef, TypeRef, Types};

/// A low-level graph.
pub type LlGraph = rpy_flow::Graph<LlOp>;
