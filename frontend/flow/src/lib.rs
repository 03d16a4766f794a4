//! The graph model shared by every stage: `Graph<O>` with blocks, links and variables, the
//! high-level operation table (`HlOp`), the SSA/SSI graph builder, the text form and the
//! graph checker.
//!
//! Invariants (checked by `check_graph`): every variable is defined once, as a block input, an
//! operation result or a link's exception value, and used only in the block that defines it
//! (values cross blocks only as link arguments); `link.args.len() == target.inputs.len()`.

mod builder;
mod check;
mod constant;
mod graph;
mod hlop;
mod text;

pub use builder::GraphBuilder;
pub use check::check_graph;
pub use constant::{Constant, FloatBits, ObjRef};
pub use graph::{Block, BlockData, ExitCase, ExitSwitch, Graph, Link, Op, OpKind, Operand, Var, VarData};
pub use hlop::HlOp;
pub use text::{print_graph, Namer, PlainNamer};

/// The graph kind the frontend builds and the annotator reads.
pub type FlowGraph = Graph<HlOp>;

pub use builder::compact;
