//! Passes over low-level programs that both backends share. Each is a free function taking
//! the whole `LlProgram`; `check_ll` holds after each.
//!
//! - `remove_mallocs`: structs that never escape their function (iterators, ranges, small
//!   tuples) become plain variables.
//! - `transform_exceptions`: explicit checks of the pending exception after each operation
//!   that can raise; raising and catching become ordinary control flow.
//! - `transform_gc` (`--gc=gen` only, last): inline allocation, shadow-stack roots around
//!   collection points, write barriers.

mod exceptions;
mod gc;
mod graphs;
mod mallocs;

pub use exceptions::transform_exceptions;
pub use gc::transform_gc;
pub use graphs::split_block;
pub use mallocs::remove_mallocs;

use rpy_lltype::{check_ll, FuncRef, LlProgram};

/// Runs every pass, in order, checking the program after each (in debug builds, and always
/// when `verify` is set). `precise_gc`: the program is for the precise collector (`--gc=gen`),
/// which needs the GC transform.
pub fn run_all(program: &mut LlProgram, verify: bool, precise_gc: bool) -> Result<(), String> {
    remove_mallocs(program);
    check(program, verify, "malloc removal")?;
    transform_exceptions(program);
    check(program, verify, "the exception transform")?;
    if precise_gc {
        transform_gc(program)?;
        check(program, verify, "the GC transform")?;
    }
    Ok(())
}

fn check(program: &mut LlProgram, verify: bool, after: &str) -> Result<(), String> {
    if !verify && !cfg!(debug_assertions) {
        return Ok(());
    }
    let mut errors = vec![];
    for i in 0..program.functions.len() {
        errors.extend(check_ll(program, FuncRef(i as u32)));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("after {after}:\n{}", errors.join("\n")))
    }
}
