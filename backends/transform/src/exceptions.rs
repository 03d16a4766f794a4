//! The exception transform: after it, no graph has exception exits or links to its except
//! block. Instead:
//!
//! - after each operation that can raise (outside a catching position), the pending
//!   exception is tested; if set, the function records a traceback entry and returns a dummy
//!   value (callers test the pending exception, not the value);
//! - at a catching position (the last operation of a block with exception exits), the test
//!   leads to a block that takes the pending exception and follows the StopIteration exit or
//!   the exception exit;
//! - `raise` (a link to the except block) makes the exception pending, records the location
//!   and returns.

use crate::graphs::split_block;
use rpy_flow::{Block, BlockData, ExitCase, ExitSwitch, Link, Op, Operand, Var};
use rpy_lltype::{FuncRef, LlConst, LlFunction, LlOp, LlProgram, LlType, Location, PrimOp, Types};
use rpy_source::Span;
use std::collections::HashMap;

/// A `Raise` with this location records no traceback entry (re-raising).
pub const NO_LOCATION: u32 = u32::MAX;

/// Which functions can raise: those with a raising operation or a raise, and their callers.
fn raise_analysis(program: &LlProgram) -> Vec<bool> {
    let n = program.functions.len();
    let mut may = vec![false; n];
    let local = |f: &LlFunction| -> bool {
        let g = &f.graph;
        g.reachable_blocks().iter().any(|b| {
            let data = g.block(*b);
            data.exits.iter().any(|l| l.target == g.except_block)
                || data.ops.iter().any(|op| match &op.kind {
                    LlOp::DirectCall(_) => false,
                    k => k.can_raise(),
                })
        })
    };
    for (i, f) in program.functions.iter().enumerate() {
        may[i] = local(f);
    }
    loop {
        let mut changed = false;
        for (i, f) in program.functions.iter().enumerate() {
            if may[i] {
                continue;
            }
            let calls_raising = f.graph.operations().any(|(_, op)| matches!(op.kind, LlOp::DirectCall(c) if may[c.0 as usize]));
            if calls_raising {
                may[i] = true;
                changed = true;
            }
        }
        if !changed {
            return may;
        }
    }
}

fn op_raises(kind: &LlOp, may: &[bool]) -> bool {
    match kind {
        LlOp::DirectCall(f) => may[f.0 as usize],
        k => k.can_raise(),
    }
}

/// A dummy value of a type (what a function returns with an exception pending).
fn dummy(t: LlType) -> LlConst {
    match t {
        LlType::Void => LlConst::Void,
        LlType::Bool => LlConst::Bool(false),
        LlType::Signed => LlConst::Signed(-1),
        LlType::Unsigned => LlConst::Unsigned(0),
        LlType::Float => LlConst::Float(rpy_flow::FloatBits::new(-1.0)),
        LlType::Char => LlConst::Char(0),
        LlType::UniChar => LlConst::UniChar(0),
        LlType::Ptr(_) | LlType::FuncPtr(_) => LlConst::Null(t),
    }
}

/// Applies the exception transform to every function.
pub fn transform_exceptions(program: &mut LlProgram) {
    let may = raise_analysis(program);
    for i in 0..program.functions.len() {
        transform_function(program, FuncRef(i as u32), &may);
    }
}

struct Ctx<'a> {
    may: &'a [bool],
    ranges: Vec<(i64, i64)>,
    locations: Vec<Location>,
    sources: &'a rpy_source::SourceMap,
}

impl Ctx<'_> {
    fn location(&mut self, func: &LlFunction, span: Span) -> u32 {
        let (file, line) = match self.sources.get(span.file) {
            Some(f) if !span.is_dummy() => (f.name.clone(), f.line_col(span.start).0),
            _ => return NO_LOCATION,
        };
        let loc = Location { file, function: func.display.rsplit('.').next().unwrap_or(&func.display).to_string(), line };
        if let Some(i) = self.locations.iter().position(|l| *l == loc) {
            return i as u32;
        }
        self.locations.push(loc);
        self.locations.len() as u32 - 1
    }
}

fn new_var(func: &mut LlFunction, t: LlType) -> Var {
    let v = func.graph.new_var(None);
    func.var_types.push(t);
    v
}

fn push_op(func: &mut LlFunction, b: Block, kind: LlOp, args: Vec<Operand<LlConst>>, t: LlType, span: Span) -> Var {
    let v = new_var(func, t);
    func.graph.block_mut(b).ops.push(Op { kind, args, result: v, span });
    v
}

fn link(target: Block, args: Vec<Operand<LlConst>>, exitcase: ExitCase) -> Link<LlConst> {
    let n = args.len();
    Link { target, args, spans: vec![Span::DUMMY; n], exitcase, exc_value: None }
}

/// A block that records `loc` and returns with the exception pending.
fn error_block(func: &mut LlFunction, loc: u32, span: Span) -> Block {
    let b = func.graph.add_block();
    if loc != NO_LOCATION {
        push_op(func, b, LlOp::TracebackAdd(loc), vec![], LlType::Void, span);
    }
    let ret = func.graph.return_block;
    let value = Operand::Const(dummy(func.result));
    func.graph.block_mut(b).exits = vec![link(ret, vec![value], ExitCase::Always)];
    b
}

fn transform_function(program: &mut LlProgram, f: FuncRef, may: &[bool]) {
    let mut ctx = Ctx { may, ranges: program.exception_ranges.clone(), locations: std::mem::take(&mut program.locations), sources: &program.sources };
    let func = &mut program.functions[f.0 as usize];
    let mut work: Vec<Block> = func.graph.reachable_blocks();
    work.reverse();
    while let Some(b) = work.pop() {
        if func.graph.is_final(b) {
            continue;
        }
        let n = func.graph.block(b).ops.len();
        let mut split_at = None;
        for i in 0..n {
            let op = &func.graph.block(b).ops[i];
            if !op_raises(&op.kind, ctx.may) {
                continue;
            }
            let catching = i + 1 == n && func.graph.block(b).exitswitch == ExitSwitch::LastException;
            if catching {
                break;
            }
            split_at = Some(i);
            break;
        }
        if let Some(i) = split_at {
            let span = func.graph.block(b).ops[i].span;
            let (cont, passed) = split_block(func, b, i);
            let e = push_op(func, b, LlOp::ExcOccurred, vec![], LlType::Bool, span);
            let loc = ctx.location(func, span);
            let err = error_block(func, loc, span);
            let data = func.graph.block_mut(b);
            data.exitswitch = ExitSwitch::Bool(e);
            data.exits = vec![link(cont, passed.iter().map(|v| Operand::Var(*v)).collect(), ExitCase::Bool(false)), link(err, vec![], ExitCase::Bool(true))];
            work.push(cont);
            continue;
        }
        if func.graph.block(b).exitswitch == ExitSwitch::LastException {
            transform_catch(func, b, &mut ctx);
        }
        raise_links(func, b, &mut ctx);
    }
    program.locations = ctx.locations;
}

/// Links to the except block become: make the exception pending, record where, return.
fn raise_links(func: &mut LlFunction, b: Block, ctx: &mut Ctx) {
    let except = func.graph.except_block;
    let n = func.graph.block(b).exits.len();
    for k in 0..n {
        let l = func.graph.block(b).exits[k].clone();
        if l.target != except {
            continue;
        }
        let span = l.spans.first().copied().unwrap_or(Span::DUMMY);
        let span = if span.is_dummy() { func.graph.block(b).ops.last().map_or(Span::DUMMY, |o| o.span) } else { span };
        let r = func.graph.add_block();
        let exc = new_var(func, LlType::Ptr(Types::OBJECT));
        func.graph.block_mut(r).inputs = vec![exc];
        let loc = ctx.location(func, span);
        push_op(func, r, LlOp::Raise(loc), vec![Operand::Var(exc)], LlType::Void, span);
        let ret = func.graph.return_block;
        let value = Operand::Const(dummy(func.result));
        func.graph.block_mut(r).exits = vec![link(ret, vec![value], ExitCase::Always)];
        func.graph.block_mut(b).exits[k].target = r;
    }
}

/// The last operation of `b` may raise into the block's StopIteration or exception exit.
fn transform_catch(func: &mut LlFunction, b: Block, ctx: &mut Ctx) {
    let data = func.graph.block(b).clone();
    let last = data.ops.last().expect("a catching block has an operation").clone();
    let normal = data.exits.iter().find(|l| l.exitcase == ExitCase::Always).cloned();
    let stop = data.exits.iter().find(|l| l.exitcase == ExitCase::StopIteration).cloned();
    let exc = data.exits.iter().find(|l| l.exitcase == ExitCase::Exception).cloned();
    if !op_raises(&last.kind, ctx.may) {
        let d = func.graph.block_mut(b);
        d.exitswitch = ExitSwitch::None;
        d.exits = normal.into_iter().collect();
        return;
    }
    // The handler block receives every variable the stop/exception links pass.
    let mut needed: Vec<Var> = vec![];
    for l in stop.iter().chain(exc.iter()) {
        for a in &l.args {
            if let Operand::Var(v) = a {
                if Some(*v) != l.exc_value && !needed.contains(v) {
                    needed.push(*v);
                }
            }
        }
    }
    let h = func.graph.add_block();
    let mut map: HashMap<Var, Var> = HashMap::new();
    for v in &needed {
        let t = func.var_types[v.0 as usize];
        let nv = new_var(func, t);
        map.insert(*v, nv);
    }
    func.graph.block_mut(h).inputs = needed.iter().map(|v| map[v]).collect();
    let span = last.span;
    let fetched = push_op(func, h, LlOp::ExcFetch, vec![], LlType::Ptr(Types::OBJECT), span);
    let rename = |l: &Link<LlConst>, fetched: Var| -> Vec<Operand<LlConst>> {
        l.args
            .iter()
            .map(|a| match a {
                Operand::Var(v) if Some(*v) == l.exc_value => Operand::Var(fetched),
                Operand::Var(v) => Operand::Var(map[v]),
                c => c.clone(),
            })
            .collect()
    };
    match (&stop, &exc) {
        (Some(s), exc) => {
            // StopIteration goes to the stop exit; anything else to the exception exit, or
            // on out of the function.
            let (lo, hi) = ctx.ranges.get(stop_iteration_number()).copied().unwrap_or((0, 0));
            let vt = push_op(func, h, LlOp::GetField(Types::OBJECT, 0), vec![Operand::Var(fetched)], LlType::Ptr(Types::VTABLE), span);
            let id = push_op(func, h, LlOp::GetField(Types::VTABLE, 0), vec![Operand::Var(vt)], LlType::Signed, span);
            let a = push_op(func, h, LlOp::Prim(PrimOp::IntGe), vec![Operand::Var(id), Operand::Const(LlConst::Signed(lo))], LlType::Bool, span);
            let c = push_op(func, h, LlOp::Prim(PrimOp::IntLt), vec![Operand::Var(id), Operand::Const(LlConst::Signed(hi))], LlType::Bool, span);
            let m = push_op(func, h, LlOp::Prim(PrimOp::BoolAnd), vec![Operand::Var(a), Operand::Var(c)], LlType::Bool, span);
            let stop_args = rename(s, fetched);
            let other = match exc {
                Some(x) => {
                    let args = rename(x, fetched);
                    let mut l = link(x.target, args, ExitCase::Bool(false));
                    l.spans = x.spans.clone();
                    l
                }
                None => {
                    let r = func.graph.add_block();
                    let ev = new_var(func, LlType::Ptr(Types::OBJECT));
                    func.graph.block_mut(r).inputs = vec![ev];
                    push_op(func, r, LlOp::Raise(NO_LOCATION), vec![Operand::Var(ev)], LlType::Void, span);
                    let loc = ctx.location(func, span);
                    let err = error_block(func, loc, span);
                    func.graph.block_mut(r).exits = vec![link(err, vec![], ExitCase::Always)];
                    link(r, vec![Operand::Var(fetched)], ExitCase::Bool(false))
                }
            };
            let hd = func.graph.block_mut(h);
            hd.exitswitch = ExitSwitch::Bool(m);
            hd.exits = vec![other, link(s.target, stop_args, ExitCase::Bool(true))];
        }
        (None, Some(x)) => {
            let args = rename(x, fetched);
            let mut l = link(x.target, args, ExitCase::Always);
            l.spans = x.spans.clone();
            func.graph.block_mut(h).exits = vec![l];
        }
        (None, None) => unreachable!("a catching block has a StopIteration or exception exit"),
    }
    let e = push_op(func, b, LlOp::ExcOccurred, vec![], LlType::Bool, span);
    let to_h = link(h, needed.iter().map(|v| Operand::Var(*v)).collect(), ExitCase::Bool(true));
    let d = func.graph.block_mut(b);
    d.exitswitch = ExitSwitch::Bool(e);
    let mut normal = normal.unwrap_or_else(|| link(b, vec![], ExitCase::Always));
    normal.exitcase = ExitCase::Bool(false);
    d.exits = vec![normal, to_h];
    let _ = BlockData::<LlOp>::new;
}

fn stop_iteration_number() -> usize {
    rpy_stdlib::RUNTIME_EXCEPTIONS.iter().position(|n| *n == "StopIteration").unwrap_or(0)
}
