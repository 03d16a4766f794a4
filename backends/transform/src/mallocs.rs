//! Malloc removal: a struct allocated in a function and only ever read and written through
//! `getfield`/`setfield` (and passed along links to such uses) is replaced by one variable
//! per field. This is what makes `for i in range(n)` a plain counting loop and removes the
//! iterator objects of `for x in lst`.
//!
//! A family is the set of variables that are the same object (a malloc's result and every
//! block input it flows into). It is removable when every incoming link of each of its block
//! inputs passes a member of the family, and every other use is a field access with the
//! object as the accessed pointer.

use rpy_flow::{Block, ExitSwitch, Op, Operand, Var};
use rpy_lltype::{LlConst, LlFunction, LlOp, LlProgram, LlType, TypeRef, Types};
use std::collections::{HashMap, HashSet};

/// Removes every removable malloc of every function.
pub fn remove_mallocs(program: &mut LlProgram) {
    let types = program.types.clone();
    for func in &mut program.functions {
        // Removing one family can make another removable (an iterator holding a range).
        for _ in 0..32 {
            let Some((ty, family)) = find_family(func, &types) else { break };
            apply(func, &types, ty, &family);
        }
    }
}

fn zero(t: LlType) -> LlConst {
    match t {
        LlType::Void => LlConst::Void,
        LlType::Bool => LlConst::Bool(false),
        LlType::Signed => LlConst::Signed(0),
        LlType::Unsigned => LlConst::Unsigned(0),
        LlType::Float => LlConst::Float(rpy_flow::FloatBits::new(0.0)),
        LlType::Char => LlConst::Char(0),
        LlType::UniChar => LlConst::UniChar(0),
        LlType::Ptr(_) | LlType::FuncPtr(_) => LlConst::Null(t),
    }
}

/// A removable family: its struct type and its variables.
fn find_family(func: &LlFunction, types: &Types) -> Option<(TypeRef, HashSet<Var>)> {
    let g = &func.graph;
    let blocks = g.reachable_blocks();
    // Which variable each block input receives on each incoming link.
    let mut incoming: HashMap<Var, Vec<Operand<LlConst>>> = HashMap::new();
    for &b in &blocks {
        for l in &g.block(b).exits {
            for (a, t) in l.args.iter().zip(&g.block(l.target).inputs) {
                incoming.entry(*t).or_default().push(a.clone());
            }
        }
    }
    for &b in &blocks {
        for op in &g.block(b).ops {
            let LlOp::Malloc(ty) = op.kind else { continue };
            let sd = types.struct_def(ty);
            if sd.base.is_some() || sd.varsize.is_some() || sd.runtime.is_some() || ty == Types::OBJECT {
                continue;
            }
            // Grow the family along links.
            let mut family: HashSet<Var> = HashSet::from([op.result]);
            let mut changed = true;
            while changed {
                changed = false;
                for &bb in &blocks {
                    for l in &g.block(bb).exits {
                        for (a, t) in l.args.iter().zip(&g.block(l.target).inputs) {
                            if let Operand::Var(v) = a {
                                if family.contains(v) && family.insert(*t) {
                                    changed = true;
                                }
                            }
                        }
                    }
                }
            }
            if removable(func, ty, &family, &incoming, &blocks) {
                return Some((ty, family));
            }
        }
    }
    None
}

fn removable(func: &LlFunction, ty: TypeRef, family: &HashSet<Var>, incoming: &HashMap<Var, Vec<Operand<LlConst>>>, blocks: &[Block]) -> bool {
    let g = &func.graph;
    for v in family {
        // Every block input of the family gets family members only.
        if let Some(srcs) = incoming.get(v) {
            if !srcs.iter().all(|a| matches!(a, Operand::Var(s) if family.contains(s))) {
                return false;
            }
        }
    }
    let mut mallocs_seen = 0;
    for &b in blocks {
        let data = g.block(b);
        // At most one family member per block (the input or the malloc result).
        let members = data.inputs.iter().chain(data.ops.iter().map(|o| &o.result)).filter(|v| family.contains(v)).count();
        if members > 1 {
            return false;
        }
        for op in &data.ops {
            let uses: Vec<usize> = op.args.iter().enumerate().filter(|(_, a)| matches!(a, Operand::Var(v) if family.contains(v))).map(|(i, _)| i).collect();
            if family.contains(&op.result) {
                if !matches!(op.kind, LlOp::Malloc(t) if t == ty) {
                    return false;
                }
                mallocs_seen += 1;
            }
            if uses.is_empty() {
                continue;
            }
            let ok = match op.kind {
                LlOp::GetField(t, _) => t == ty && uses == [0],
                LlOp::SetField(t, _) => t == ty && uses == [0],
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        if let ExitSwitch::Bool(v) | ExitSwitch::Switch(v) = data.exitswitch {
            if family.contains(&v) {
                return false;
            }
        }
        for l in &data.exits {
            if l.target == g.return_block || l.target == g.except_block {
                if l.args.iter().any(|a| matches!(a, Operand::Var(v) if family.contains(v))) {
                    return false;
                }
            }
        }
    }
    mallocs_seen > 0
}

fn apply(func: &mut LlFunction, types: &Types, ty: TypeRef, family: &HashSet<Var>) {
    let field_types: Vec<LlType> = types.struct_def(ty).fields.iter().map(|(_, t)| *t).collect();
    let n = field_types.len();
    let blocks = func.graph.reachable_blocks();
    // The field values of the family member at the end of each block.
    let mut at_end: HashMap<Block, Vec<Operand<LlConst>>> = HashMap::new();
    for &b in &blocks {
        let data = func.graph.block(b).clone();
        let mut current: Option<Vec<Operand<LlConst>>> = None;
        let mut new_inputs = vec![];
        for v in &data.inputs {
            if family.contains(v) {
                let mut fields = vec![];
                for t in &field_types {
                    let nv = func.graph.new_var(func.graph.var_name(*v).map(str::to_string));
                    func.var_types.push(*t);
                    new_inputs.push(nv);
                    fields.push(Operand::Var(nv));
                }
                current = Some(fields);
            } else {
                new_inputs.push(*v);
            }
        }
        let mut new_ops = vec![];
        for op in data.ops {
            let on_family = op.args.first().is_some_and(|a| matches!(a, Operand::Var(v) if family.contains(v)));
            match op.kind {
                LlOp::Malloc(_) if family.contains(&op.result) => {
                    current = Some(field_types.iter().map(|t| Operand::Const(zero(*t))).collect());
                }
                LlOp::GetField(_, i) if on_family => {
                    let value = current.as_ref().expect("the family member is known here")[i as usize].clone();
                    new_ops.push(Op { kind: LlOp::SameAs, args: vec![value], result: op.result, span: op.span });
                }
                LlOp::SetField(_, i) if on_family => {
                    let cur = current.as_mut().expect("the family member is known here");
                    cur[i as usize] = op.args[1].clone();
                }
                _ => new_ops.push(op),
            }
        }
        let d = func.graph.block_mut(b);
        d.inputs = new_inputs;
        d.ops = new_ops;
        if let Some(c) = current {
            at_end.insert(b, c);
        }
    }
    for &b in &blocks {
        let fields = at_end.get(&b).cloned();
        let d = func.graph.block_mut(b);
        for l in &mut d.exits {
            let mut args = vec![];
            let mut spans = vec![];
            for (k, a) in l.args.iter().enumerate() {
                let span = l.spans.get(k).copied().unwrap_or(rpy_source::Span::DUMMY);
                match a {
                    Operand::Var(v) if family.contains(v) => {
                        let f = fields.as_ref().expect("a family member flows out of this block");
                        args.extend(f.iter().cloned());
                        spans.extend(std::iter::repeat(span).take(n));
                    }
                    other => {
                        args.push(other.clone());
                        spans.push(span);
                    }
                }
            }
            l.args = args;
            l.spans = spans;
        }
    }
}
