//! `check_ll`: the invariants of a low-level function, on top of `check_graph`'s:
//!
//! 1. every variable has a type;
//! 2. primitive operations get operands of their declared types and give their result type;
//! 3. calls pass as many arguments as the callee takes, of matching types;
//! 4. links pass values of the types of the target's inputs;
//! 5. bool exit switches are `Bool` variables, integer switches `Signed`.

use crate::ops::{LlConst, LlOp};
use crate::program::{FuncRef, LlProgram};
use crate::types::LlType;
use rpy_flow::{check_graph, ExitSwitch, Operand};

/// Checks one function of `program`; returns one message per violation.
pub fn check_ll(program: &mut LlProgram, f: FuncRef) -> Vec<String> {
    let func = program.functions[f.0 as usize].clone();
    let mut errors = check_graph(&func.graph);
    let name = &func.display;
    if func.var_types.len() != func.graph.vars.len() {
        errors.push(format!("{name}: {} variable types for {} variables", func.var_types.len(), func.graph.vars.len()));
        return errors;
    }
    let ty = |a: &Operand<LlConst>, program: &mut LlProgram| -> LlType {
        match a {
            Operand::Var(v) => func.var_types[v.0 as usize],
            Operand::Const(c) => program.const_type(c),
        }
    };
    for b in func.graph.reachable_blocks() {
        let data = func.graph.block(b);
        for op in &data.ops {
            let arg_types: Vec<LlType> = op.args.iter().map(|a| ty(a, program)).collect();
            let result = func.var_types[op.result.0 as usize];
            let expect: Option<(Vec<LlType>, LlType)> = match &op.kind {
                LlOp::Prim(p) => Some((p.params().to_vec(), p.result())),
                LlOp::RuntimeCall(r) => Some((r.params(), r.result())),
                LlOp::DirectCall(callee) => {
                    let c = &program.functions[callee.0 as usize];
                    Some((c.params.clone(), c.result))
                }
                _ => None,
            };
            if let Some((params, res)) = expect {
                let compatible = |want: LlType, got: LlType| want == got || matches!((want, got), (LlType::Ptr(_), LlType::Ptr(_)) | (LlType::FuncPtr(_), LlType::FuncPtr(_)));
                if params.len() != arg_types.len() || params.iter().zip(&arg_types).any(|(w, g)| !compatible(*w, *g)) {
                    errors.push(format!("{name}: {b}: {} takes {:?}, got {:?}", op.kind_name(), params, arg_types));
                }
                if !compatible(res, result) {
                    errors.push(format!("{name}: {b}: {} gives {res}, but {} is {result}", op.kind_name(), op.result));
                }
            }
        }
        match data.exitswitch {
            ExitSwitch::Bool(v) if func.var_types[v.0 as usize] != LlType::Bool => {
                errors.push(format!("{name}: {b}: exit switch {v} is not Bool"));
            }
            ExitSwitch::Switch(v) if func.var_types[v.0 as usize] != LlType::Signed => {
                errors.push(format!("{name}: {b}: switch {v} is not Signed"));
            }
            _ => {}
        }
        for l in &data.exits {
            let targets = &func.graph.block(l.target).inputs;
            for (a, t) in l.args.iter().zip(targets) {
                let (got, want) = (ty(a, program), func.var_types[t.0 as usize]);
                let ok = got == want || matches!((got, want), (LlType::Ptr(_), LlType::Ptr(_)) | (LlType::FuncPtr(_), LlType::FuncPtr(_)));
                if !ok {
                    errors.push(format!("{name}: {b} -> {}: passes {got} to {t}: {want}", l.target));
                }
            }
        }
    }
    errors
}

trait KindName {
    fn kind_name(&self) -> String;
}

impl KindName for rpy_flow::Op<LlOp> {
    fn kind_name(&self) -> String {
        rpy_flow::OpKind::name(&self.kind)
    }
}
