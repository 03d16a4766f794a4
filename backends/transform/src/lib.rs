//! Passes over low-level programs that both backends share. Each is a free function taking
//! the whole `LlProgram`; `check_ll` holds after each.
//!
//! - `remove_mallocs`: structs that never escape their function (iterators, ranges, small
//!   tuples) become plain variables.
//! - `transform_exceptions`: explicit checks of the pending exception after each operation
//!   that can raise; raising and catching become ordinary control flow.

mod exceptions;
mod graphs;
mod mallocs;

pub use exceptions::transform_exceptions;
pub use graphs::split_block;
pub use mallocs::remove_mallocs;

use rpy_lltype::{check_ll, FuncRef, LlProgram};

/// Runs every pass, in order, checking the program after each (in debug builds, and always
/// when `verify` is set).
pub fn run_all(program: &mut LlProgram, verify: bool) -> Result<(), String> {
    remove_mallocs(program);
    check(program, verify, "malloc removal")?;
    transform_exceptions(program);
    check(program, verify, "the exception transform")?;
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
