//! Generators become iterator classes, as in RPython: calling a generator function makes an
//! instance holding the arguments and a state number; its `__next__` is the function body,
//! rewritten so that each `yield` saves the live values in attributes, records where to
//! resume, and returns the value; the start dispatches on the state to the resume point.

use crate::objects::{ClassDef, FunctionBody, FunctionDef, Object, Param, Specialize};
use crate::Program;
use rpy_flow::{Block, BlockData, Constant, ExitCase, ExitSwitch, FlowGraph, GraphBuilder, HlOp, Link, ObjRef, Op, Operand, Var};
use rpy_source::{Diagnostic, Span};
use std::rc::Rc;

/// The iterator class of generator function `func` (made once).
pub fn generator_class(prog: &mut Program, func: ObjRef) -> ObjRef {
    if let Some(c) = prog.generator_classes.get(&func) {
        return *c;
    }
    let f = prog.objects.function(func).cloned().expect("a generator function");
    let class = prog.objects.add(Object::Class(ClassDef {
        name: format!("<generator {}>", f.name),
        qualname: format!("{}.<generator>", f.qualname),
        module: Some(f.module),
        span: f.span,
        base: Some(prog.object_class),
        mixins: vec![],
        dict: Default::default(),
        builtin: false,
    }));
    let method = |name: &str, body: FunctionBody| FunctionDef {
        name: name.to_string(),
        qualname: format!("{}.{name}", f.qualname),
        module: f.module,
        file: f.file,
        span: f.span,
        params: vec![Param { name: "self".into(), span: f.span, default: None }],
        body,
        class: Some(class),
        closure_env: None,
        free_vars: vec![],
        specialize: Specialize::None,
        is_generator: false,
    };
    let iter = prog.objects.add(Object::Function(method("__iter__", FunctionBody::GeneratorIter)));
    let next = prog.objects.add(Object::Function(method("__next__", FunctionBody::GeneratorNext { generator: func })));
    if let Object::Class(c) = prog.objects.get_mut(class) {
        c.dict.insert("__iter__".into(), Constant::Obj(iter));
        c.dict.insert("__next__".into(), Constant::Obj(next));
    }
    prog.generator_classes.insert(func, class);
    class
}

fn attr(name: &str) -> Operand<Constant> {
    Operand::Const(Constant::str(name))
}

/// The graph of calling the generator function: a new iterator holding the arguments.
pub fn constructor_graph(prog: &mut Program, func: ObjRef) -> Result<FlowGraph, Vec<Diagnostic>> {
    let f = prog.objects.function(func).cloned().expect("a generator function");
    let class = generator_class(prog, func);
    let params = stored_params(&f);
    let mut b = GraphBuilder::new(f.qualname.clone(), f.span, &params, Constant::Undefined);
    let g = Operand::Var(b.emit(HlOp::SimpleCall, vec![Operand::Const(Constant::Obj(class))], f.span));
    for (i, (p, sp)) in params.iter().enumerate() {
        let v = b.use_local(p, *sp);
        b.emit(HlOp::SetAttr, vec![g.clone(), attr(&format!("$p{i}")), v], f.span);
    }
    b.emit(HlOp::SetAttr, vec![g.clone(), attr("$state"), Operand::Const(Constant::Int(0))], f.span);
    b.finish_return(g, f.span);
    Ok(b.finish())
}

/// The parameters a generator's iterator stores (`$p0`, `$p1`, ...): a nested generator's
/// environment first, then the declared ones.
fn stored_params(f: &FunctionDef) -> Vec<(String, Span)> {
    let env = f.closure_env.map(|_| ("$closure".to_string(), f.span));
    env.into_iter().chain(f.params.iter().map(|p| (p.name.clone(), p.span))).collect()
}

/// How many parameters a generator's iterator stores.
pub fn n_stored_params(f: &FunctionDef) -> usize {
    stored_params(f).len()
}

/// The graph of `__iter__`: `return self`.
pub fn iter_graph(f: &FunctionDef) -> FlowGraph {
    let params = vec![("self".to_string(), f.span)];
    let mut b = GraphBuilder::new(f.qualname.clone(), f.span, &params, Constant::Undefined);
    let s = b.use_local("self", f.span);
    b.finish_return(s, f.span);
    b.finish()
}

fn new_block(g: &mut FlowGraph, inputs: Vec<Var>) -> Block {
    let b = g.add_block();
    g.block_mut(b).inputs = inputs;
    b
}

fn link(target: Block, args: Vec<Operand<Constant>>, exitcase: ExitCase) -> Link<Constant> {
    let n = args.len();
    Link { target, args, spans: vec![Span::DUMMY; n], exitcase, exc_value: None }
}

fn push(g: &mut FlowGraph, b: Block, kind: HlOp, args: Vec<Operand<Constant>>, span: Span) -> Var {
    let v = g.new_var(None);
    g.block_mut(b).ops.push(Op { kind, args, result: v, span });
    v
}

/// Rewrites the body graph of a generator (with `yield_` operations, each ending its block)
/// into the graph of `__next__(self)`.
pub fn resumable(mut g: FlowGraph, n_params: usize, stop_iteration: ObjRef, span: Span) -> Result<FlowGraph, Vec<Diagnostic>> {
    let original: Vec<Block> = g.reachable_blocks().into_iter().filter(|b| !g.is_final(*b)).collect();
    let (ret, exc) = (g.return_block, g.except_block);
    // 1. `self` travels through every block.
    let mut self_of = std::collections::HashMap::new();
    for &b in &original {
        let s = g.new_var(Some("self".into()));
        g.block_mut(b).inputs.push(s);
        self_of.insert(b, s);
    }
    for &b in &original {
        let s = self_of[&b];
        for l in &mut g.block_mut(b).exits {
            if l.target != ret && l.target != exc {
                l.args.push(Operand::Var(s));
                l.spans.push(Span::DUMMY);
            }
        }
    }
    let stop = Operand::Const(Constant::Obj(stop_iteration));
    // 2. Returning from the body ends the iteration.
    for &b in &original {
        let s = self_of[&b];
        for k in 0..g.block(b).exits.len() {
            if g.block(b).exits[k].target != ret {
                continue;
            }
            let qs = g.new_var(Some("self".into()));
            let q = new_block(&mut g, vec![qs]);
            push(&mut g, q, HlOp::SetAttr, vec![Operand::Var(qs), attr("$state"), Operand::Const(Constant::Int(-1))], span);
            let e = push(&mut g, q, HlOp::ExcInstance, vec![stop.clone()], span);
            g.block_mut(q).exits = vec![link(exc, vec![Operand::Var(e)], ExitCase::Always)];
            let l = &mut g.block_mut(b).exits[k];
            l.target = q;
            l.args = vec![Operand::Var(s)];
            l.spans = vec![Span::DUMMY];
        }
    }
    // 3. Each yield saves what its continuation receives and returns the value.
    let mut resumes: Vec<(i64, Block)> = vec![];
    for &b in &original {
        let Some(pos) = g.block(b).ops.iter().position(|o| o.kind == HlOp::Yield) else { continue };
        let data = g.block(b).clone();
        if pos + 1 != data.ops.len() || data.exitswitch != ExitSwitch::None || data.exits.len() != 1 {
            return Err(vec![Diagnostic::internal("a yield that does not end its block").with_primary(data.ops[pos].span, "")]);
        }
        let k = resumes.len() as i64 + 1;
        let s = self_of[&b];
        let value = data.ops[pos].args[0].clone();
        let yspan = data.ops[pos].span;
        let cont = data.exits[0].clone();
        g.block_mut(b).ops.truncate(pos);
        let saved = cont.args.len() - 1;
        for (j, a) in cont.args[..saved].iter().enumerate() {
            push(&mut g, b, HlOp::SetAttr, vec![Operand::Var(s), attr(&format!("$y{k}_{j}")), a.clone()], yspan);
        }
        push(&mut g, b, HlOp::SetAttr, vec![Operand::Var(s), attr("$state"), Operand::Const(Constant::Int(k))], yspan);
        let mut ret_link = link(ret, vec![value], ExitCase::Always);
        ret_link.spans = vec![yspan];
        g.block_mut(b).exits = vec![ret_link];
        let rs = g.new_var(Some("self".into()));
        let r = new_block(&mut g, vec![rs]);
        let mut args = vec![];
        for j in 0..saved {
            let v = push(&mut g, r, HlOp::GetAttr, vec![Operand::Var(rs), attr(&format!("$y{k}_{j}"))], yspan);
            args.push(Operand::Var(v));
        }
        args.push(Operand::Var(rs));
        g.block_mut(r).exits = vec![link(cont.target, args, ExitCase::Always)];
        resumes.push((k, r));
    }
    // 4. The new start dispatches on the state.
    let start = g.start;
    let ss = g.new_var(Some("self".into()));
    let s0 = new_block(&mut g, vec![ss]);
    let st = push(&mut g, s0, HlOp::GetAttr, vec![Operand::Var(ss), attr("$state")], span);
    let fs = g.new_var(Some("self".into()));
    let first = new_block(&mut g, vec![fs]);
    let mut args = vec![];
    for i in 0..n_params {
        let v = push(&mut g, first, HlOp::GetAttr, vec![Operand::Var(fs), attr(&format!("$p{i}"))], span);
        args.push(Operand::Var(v));
    }
    args.push(Operand::Var(fs));
    g.block_mut(first).exits = vec![link(start, args, ExitCase::Always)];
    let ds = g.new_var(Some("self".into()));
    let done = new_block(&mut g, vec![ds]);
    let e = push(&mut g, done, HlOp::ExcInstance, vec![stop], span);
    g.block_mut(done).exits = vec![link(exc, vec![Operand::Var(e)], ExitCase::Always)];
    let mut exits = vec![link(first, vec![Operand::Var(ss)], ExitCase::Int(0))];
    for (k, r) in &resumes {
        exits.push(link(*r, vec![Operand::Var(ss)], ExitCase::Int(*k)));
    }
    exits.push(link(done, vec![Operand::Var(ss)], ExitCase::Default));
    g.block_mut(s0).exitswitch = ExitSwitch::Switch(st);
    g.block_mut(s0).exits = exits;
    g.start = s0;
    let _ = BlockData::<HlOp>::new;
    let _ = Rc::new(());
    Ok(rpy_flow::compact(g).0)
}
