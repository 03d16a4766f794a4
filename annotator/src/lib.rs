//! The annotator: whole-program type inference over flow graphs, in the style of RPython's.
//!
//! Starting from the entry point, it annotates each block's variables with a `SomeValue`,
//! following calls into other functions (building their flow graphs on demand) and reflowing
//! blocks when something they read generalizes (a function's return value, a list's items,
//! an instance attribute). Every binding records where it came from, so a conflict names both
//! places.
//!
//! Architecture invariant: this crate never names a low-level type; it hands the rtyper the
//! graphs, the annotations and the facts about classes, containers and calls.

mod builtins;
mod calls;
mod classes;
mod engine;
mod errors;
mod methods;
mod model;
mod ops;

pub use calls::{match_arguments, ArgSource, CallTarget};
pub use classes::{Attr, ClassInfo};
pub use engine::{annotate, AnnGraph, Annotated, AnnotatedNamer, Binding, DictItem, GraphId, ListItem, Origin, SpecKey};
pub use model::{ClassId, DictDef, IntKind, IterKind, ListDef, SomeValue};
pub use ops::{slice_indices, star_shape, symbol as operator_symbol};
