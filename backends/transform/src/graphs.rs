//! Editing low-level graphs in place while keeping SSI form.

use rpy_flow::{Block, BlockData, ExitSwitch, Link, Op, Operand, Var};
use rpy_lltype::{LlConst, LlFunction, LlOp};
use std::collections::{HashMap, HashSet};

/// Splits `block` after operation `after`: the following operations and the exits move to a
/// new block, which receives (as fresh variables) every value it uses from the first part.
/// The first part ends with an unconditional link to the new block, returned with the
/// variables passed on it (in the old block's names).
pub fn split_block(func: &mut LlFunction, block: Block, after: usize) -> (Block, Vec<Var>) {
    let g = &mut func.graph;
    let data = g.block(block).clone();
    let rest_ops: Vec<Op<LlOp>> = data.ops[after + 1..].to_vec();
    let defined_before: HashSet<Var> = data.inputs.iter().copied().chain(data.ops[..=after].iter().map(|o| o.result)).collect();
    // Variables the moved part uses from the first part, in order of first use.
    let mut needed: Vec<Var> = vec![];
    let note = |v: Var, needed: &mut Vec<Var>| {
        if defined_before.contains(&v) && !needed.contains(&v) {
            needed.push(v);
        }
    };
    for op in &rest_ops {
        for a in &op.args {
            if let Operand::Var(v) = a {
                note(*v, &mut needed);
            }
        }
    }
    if let ExitSwitch::Bool(v) | ExitSwitch::Switch(v) = data.exitswitch {
        note(v, &mut needed);
    }
    for l in &data.exits {
        for a in &l.args {
            if let Operand::Var(v) = a {
                if Some(*v) != l.exc_value {
                    note(*v, &mut needed);
                }
            }
        }
    }
    let mut map: HashMap<Var, Var> = HashMap::new();
    for v in &needed {
        let name = g.var_name(*v).map(str::to_string);
        let nv = g.new_var(name);
        func.var_types.push(func.var_types[v.0 as usize]);
        map.insert(*v, nv);
    }
    let rename = |a: &Operand<LlConst>| match a {
        Operand::Var(v) => Operand::Var(*map.get(v).unwrap_or(v)),
        c => c.clone(),
    };
    let new_data = BlockData {
        inputs: needed.iter().map(|v| map[v]).collect(),
        ops: rest_ops.iter().map(|o| Op { kind: o.kind.clone(), args: o.args.iter().map(rename).collect(), result: o.result, span: o.span }).collect(),
        exitswitch: match data.exitswitch {
            ExitSwitch::Bool(v) => ExitSwitch::Bool(*map.get(&v).unwrap_or(&v)),
            ExitSwitch::Switch(v) => ExitSwitch::Switch(*map.get(&v).unwrap_or(&v)),
            other => other,
        },
        exits: data
            .exits
            .iter()
            .map(|l| Link { target: l.target, args: l.args.iter().map(rename).collect(), spans: l.spans.clone(), exitcase: l.exitcase, exc_value: l.exc_value })
            .collect(),
    };
    let new_block = g.add_block();
    *g.block_mut(new_block) = new_data;
    let first = g.block_mut(block);
    first.ops.truncate(after + 1);
    first.exitswitch = ExitSwitch::None;
    first.exits = vec![Link {
        target: new_block,
        args: needed.iter().map(|v| Operand::Var(*v)).collect(),
        spans: vec![rpy_source::Span::DUMMY; needed.len()],
        exitcase: rpy_flow::ExitCase::Always,
        exc_value: None,
    }];
    (new_block, needed)
}
