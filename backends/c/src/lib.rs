//! The C backend: emission of one C file from a low-level program, with `#line` directives
//! pointing at the `.py` source. Compiling and linking are the driver's job.
//!
//! Architecture invariant: this crate only turns `LlProgram` into text; it never looks at
//! annotations and never runs a process.

mod emit;
mod statics;

pub use emit::emit_c;
