//! `check_graph`: the structural invariants of a graph. It checks:
//!
//! 1. every variable is defined exactly once in the reachable part (block input, operation
//!    result, or a link's exception value);
//! 2. every use is in the block that defines it (link arguments included), except a link's
//!    exception value, which only that link's arguments may use;
//! 3. `link.args.len() == target.inputs.len() == link.spans.len()`;
//! 4. the exit switch matches the exits (none: at most one `Always` exit; bool: `false` then
//!    `true`; switch: int cases then an optional default; last-exception: a normal exit first,
//!    then an optional `StopIteration` exit and an optional exception exit, and at least one operation in the block);
//! 5. final blocks have no operations and no exits; other reachable blocks have exits;
//! 6. operations with a fixed arity have that many arguments (checked by the caller's table).

use crate::graph::{Block, ExitCase, ExitSwitch, Graph, OpKind, Operand, Var};
use std::collections::HashMap;

/// Checks the invariants above; returns one message per violation.
pub fn check_graph<O: OpKind>(g: &Graph<O>) -> Vec<String> {
    let mut errors = vec![];
    let mut defined_in: HashMap<Var, Block> = HashMap::new();
    let reachable = g.reachable_blocks();
    let mut define = |v: Var, b: Block, errors: &mut Vec<String>| {
        if let Some(prev) = defined_in.insert(v, b) {
            errors.push(format!("{}: {v} defined twice (in {prev} and {b})", g.name));
        }
    };
    for &b in &reachable {
        let data = g.block(b);
        for &v in &data.inputs {
            define(v, b, &mut errors);
        }
        for op in &data.ops {
            define(op.result, b, &mut errors);
        }
        for l in &data.exits {
            if let Some(e) = l.exc_value {
                define(e, b, &mut errors);
            }
        }
    }
    for &b in &reachable {
        let data = g.block(b);
        let local = |v: &Var| defined_in.get(v) == Some(&b);
        let mut exc_values: Vec<Var> = data.exits.iter().filter_map(|l| l.exc_value).collect();
        exc_values.sort();
        let mut seen_ops = std::collections::HashSet::new();
        for v in &data.inputs {
            seen_ops.insert(*v);
        }
        for op in &data.ops {
            for a in &op.args {
                if let Operand::Var(v) = a {
                    if !local(v) || exc_values.binary_search(v).is_ok() {
                        errors.push(format!("{}: {b}: {v} used by {} but not defined in the block", g.name, op.kind.name()));
                    } else if !seen_ops.contains(v) {
                        errors.push(format!("{}: {b}: {v} used by {} before its definition", g.name, op.kind.name()));
                    }
                }
            }
            seen_ops.insert(op.result);
        }
        for l in &data.exits {
            let target_inputs = g.block(l.target).inputs.len();
            if l.args.len() != target_inputs || l.spans.len() != l.args.len() {
                errors.push(format!(
                    "{}: {b} -> {}: {} arguments for {} inputs",
                    g.name,
                    l.target,
                    l.args.len(),
                    target_inputs
                ));
            }
            for a in &l.args {
                if let Operand::Var(v) = a {
                    let ok = local(v) && (exc_values.binary_search(v).is_err() || l.exc_value == Some(*v));
                    if !ok {
                        errors.push(format!("{}: {b} -> {}: {v} is not defined in {b}", g.name, l.target));
                    }
                }
            }
        }
        if let ExitSwitch::Bool(v) | ExitSwitch::Switch(v) = data.exitswitch {
            if !local(&v) {
                errors.push(format!("{}: {b}: exit switch {v} is not defined in the block", g.name));
            }
        }
        let cases: Vec<ExitCase> = data.exits.iter().map(|l| l.exitcase).collect();
        let ok = match data.exitswitch {
            ExitSwitch::None => cases.is_empty() || cases == [ExitCase::Always],
            ExitSwitch::Bool(_) => cases == [ExitCase::Bool(false), ExitCase::Bool(true)],
            ExitSwitch::Switch(_) => {
                let n = cases.len();
                n >= 1
                    && cases.iter().enumerate().all(|(i, c)| match c {
                        ExitCase::Int(_) => true,
                        ExitCase::Default => i == n - 1,
                        _ => false,
                    })
            }
            ExitSwitch::LastException => {
                let rest: Vec<ExitCase> = cases.iter().skip(1).copied().collect();
                !data.ops.is_empty()
                    && cases.first() == Some(&ExitCase::Always)
                    && matches!(
                        rest.as_slice(),
                        [ExitCase::StopIteration] | [ExitCase::Exception] | [ExitCase::StopIteration, ExitCase::Exception]
                    )
                    && data.exits.iter().all(|l| l.exc_value.is_some() == (l.exitcase == ExitCase::Exception))
            }
        };
        if !ok {
            errors.push(format!("{}: {b}: exits {cases:?} do not match the exit switch {:?}", g.name, data.exitswitch));
        }
        if g.is_final(b) {
            if !data.ops.is_empty() || !data.exits.is_empty() {
                errors.push(format!("{}: final {b} has operations or exits", g.name));
            }
        } else if data.exits.is_empty() {
            errors.push(format!("{}: {b} has no exits", g.name));
        }
    }
    errors
}
