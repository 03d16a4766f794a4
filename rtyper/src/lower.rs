//! Lowering one annotated graph: its blocks and links become low-level blocks and links,
//! each operation is lowered by `ops.rs`, and values are converted where the representation
//! of what flows differs from the representation of where it goes.
//!
//! While an operation with exception exits is lowered (`FnLowering::catch`), every low-level
//! operation that can raise ends its block with those exits, so any of them may be caught.

use crate::RTyper;
use rpy_annotator::{GraphId, SomeValue};
use rpy_flow::{Block, Constant, ExitCase, ExitSwitch, GraphBuilder, Operand, Var};
use rpy_lltype::{FuncRef, LlConst, LlFunction, LlOp, LlType, PrimOp, RuntimeFn, Types};
use rpy_source::{Diagnostic, Span};
use std::collections::HashMap;

pub(crate) type LlOperand = Operand<LlConst>;

/// Where exceptions go while an operation with exception exits is lowered: every operation
/// that can raise ends its block with these exits.
#[derive(Clone)]
pub(crate) struct CatchInfo {
    /// The exception exit: target, arguments, and which argument is the exception.
    pub handler: Option<(Block, Vec<(LlOperand, Span)>, Option<usize>)>,
    /// The StopIteration exit.
    pub stop: Option<(Block, Vec<(LlOperand, Span)>)>,
}

impl FnLowering {
    /// Runs `f` with StopIteration raised by its operations leaving to block `stop`; other
    /// exceptions still go where they went before (an enclosing `try`, or out).
    pub(crate) fn with_stop_exit<T>(&mut self, stop: Block, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.catch.take();
        let handler = saved.as_ref().and_then(|c| c.handler.clone());
        self.catch = Some(CatchInfo { handler, stop: Some((stop, vec![])) });
        let r = f(self);
        self.catch = saved;
        r
    }
}

/// The state of lowering one function.
pub(crate) struct FnLowering {
    /// Set while lowering an operation that has exception exits.
    pub catch: Option<CatchInfo>,
    /// The annotated graph being lowered (`None` for helpers built from scratch).
    pub g: Option<GraphId>,
    pub b: GraphBuilder<LlOp>,
    pub types: HashMap<Var, LlType>,
    pub blocks: HashMap<Block, Block>,
    pub vars: HashMap<Var, LlOperand>,
    /// The Python name, for traceback locations.
    pub display: String,
}

impl FnLowering {
    pub(crate) fn new(g: Option<GraphId>, display: &str, span: Span, params: &[LlType]) -> FnLowering {
        let names: Vec<(String, Span)> = (0..params.len()).map(|i| (format!("p{i}"), Span::DUMMY)).collect();
        let b = GraphBuilder::new(display.to_string(), span, &names, LlConst::Void);
        let mut types = HashMap::new();
        for (v, t) in b.graph.block(b.graph.start).inputs.iter().zip(params) {
            types.insert(*v, *t);
        }
        FnLowering { catch: None, g, b, types, blocks: HashMap::new(), vars: HashMap::new(), display: display.to_string() }
    }

    /// The parameters of the function, as operands.
    pub(crate) fn params(&self) -> Vec<LlOperand> {
        self.b.graph.block(self.b.graph.start).inputs.iter().map(|v| Operand::Var(*v)).collect()
    }

    /// Appends an operation giving a value of type `ty`.
    pub(crate) fn emit(&mut self, kind: LlOp, args: Vec<LlOperand>, ty: LlType, span: Span) -> LlOperand {
        let raises = kind.can_raise();
        let v = self.b.emit(kind, args, span);
        self.types.insert(v, ty);
        let catching = self.catch.as_ref().is_some_and(|c| c.handler.is_some() || c.stop.is_some());
        if let (true, true, Some(catch)) = (raises, catching, self.catch.clone()) {
            // The operation may raise into the enclosing `try`: end the block here.
            let (normal, _) = self.block_with(&[]);
            let handler = catch.handler.map(|(target, mut args, exc_at)| {
                let exc = self.b.new_exc_var(None);
                self.types.insert(exc, LlType::Ptr(Types::EXC_BASE));
                if let Some(i) = exc_at {
                    args[i].0 = Operand::Var(exc);
                }
                (target, args, exc)
            });
            self.b.catch_last_explicit((normal, vec![]), catch.stop, handler);
            self.b.switch_to(normal);
        }
        Operand::Var(v)
    }

    pub(crate) fn prim(&mut self, p: PrimOp, args: Vec<LlOperand>, span: Span) -> LlOperand {
        self.emit(LlOp::Prim(p), args, p.result(), span)
    }

    pub(crate) fn call_rt(&mut self, f: RuntimeFn, args: Vec<LlOperand>, span: Span) -> LlOperand {
        let r = f.result();
        self.emit(LlOp::RuntimeCall(f), args, r, span)
    }

    /// A new block with typed inputs.
    pub(crate) fn block_with(&mut self, types: &[LlType]) -> (Block, Vec<Var>) {
        let names: Vec<Option<&str>> = types.iter().map(|_| None).collect();
        let (b, vars) = self.b.new_block_with_inputs(&names);
        for (v, t) in vars.iter().zip(types) {
            self.types.insert(*v, *t);
        }
        (b, vars)
    }

    /// The type of a variable made here or by the builder.
    pub(crate) fn var_type(&self, v: Var) -> LlType {
        let src = self.b.var_source(v);
        self.types.get(&v).or_else(|| self.types.get(&src)).copied().unwrap_or(LlType::Void)
    }

    /// Finishes: the graph and the type of every variable.
    pub(crate) fn finish(self, params: Vec<LlType>, result: LlType, name: String) -> LlFunction {
        let FnLowering { b, types, display, .. } = self;
        let sources: Vec<Var> = (0..b.graph.vars.len() as u32).map(|i| b.var_source(Var(i))).collect();
        let span = b.graph.span;
        let ret_in = b.graph.block(b.graph.return_block).inputs[0];
        let exc_in = b.graph.block(b.graph.except_block).inputs[0];
        let (graph, map) = b.finish_with_map();
        let mut var_types = vec![LlType::Void; graph.vars.len()];
        for (old, new) in map.iter().enumerate() {
            if let Some(new) = new {
                let old = Var(old as u32);
                let t = types.get(&old).or_else(|| types.get(&sources[old.0 as usize])).copied();
                var_types[new.0 as usize] = t.unwrap_or(LlType::Void);
            }
        }
        if let Some(Some(r)) = map.get(ret_in.0 as usize) {
            var_types[r.0 as usize] = result;
        }
        if let Some(Some(e)) = map.get(exc_in.0 as usize) {
            var_types[e.0 as usize] = LlType::Ptr(Types::OBJECT);
        }
        LlFunction { name, display, graph, var_types, params, result, span }
    }
}

impl<'a> RTyper<'a> {
    /// The type of an operand.
    pub(crate) fn operand_type(&mut self, fl: &FnLowering, a: &LlOperand) -> LlType {
        match a {
            Operand::Var(v) => fl.var_type(*v),
            Operand::Const(c) => self.const_type(c),
        }
    }

    pub(crate) fn const_type(&mut self, c: &LlConst) -> LlType {
        match c {
            LlConst::Static(s) => LlType::Ptr(self.statics[s.0 as usize].ty),
            LlConst::Func(f) => match self.functions.get(f.0 as usize).and_then(|x| x.as_ref()) {
                Some(func) => {
                    let (p, r) = (func.params.clone(), func.result);
                    LlType::FuncPtr(self.types.sig(p, r))
                }
                None => {
                    let g = self.func_of_graph.iter().find(|(_, fr)| **fr == *f).map(|(g, _)| *g);
                    match g {
                        Some(g) => {
                            let (p, r) = self.graph_signature(g);
                            LlType::FuncPtr(self.types.sig(p, r))
                        }
                        None => LlType::Void,
                    }
                }
            },
            LlConst::Void => LlType::Void,
            LlConst::Bool(_) => LlType::Bool,
            LlConst::Signed(_) => LlType::Signed,
            LlConst::Unsigned(_) => LlType::Unsigned,
            LlConst::Float(_) => LlType::Float,
            LlConst::Char(_) => LlType::Char,
            LlConst::UniChar(_) => LlType::UniChar,
            LlConst::Null(t) => *t,
        }
    }

    /// The low-level operand for a high-level one of graph `g`.
    pub(crate) fn operand(&mut self, fl: &FnLowering, a: &Operand<Constant>) -> LlOperand {
        match a {
            Operand::Var(v) => fl.vars.get(v).cloned().unwrap_or(Operand::Const(LlConst::Void)),
            Operand::Const(c) => {
                let g = fl.g.expect("constants of annotated graphs");
                let s = self.ann.operand_ann(g, a);
                let t = self.lltype(&s);
                Operand::Const(self.const_value(c, t))
            }
        }
    }

    /// Converts `v` from the representation of `from` to that of `to`.
    pub(crate) fn convert(&mut self, fl: &mut FnLowering, v: LlOperand, from: &SomeValue, to: &SomeValue, span: Span) -> LlOperand {
        let (ft, tt) = (self.lltype(from), self.lltype(to));
        let actual = self.operand_type(fl, &v);
        let ft = if actual != LlType::Void { actual } else { ft };
        self.convert_ll(fl, v, ft, tt, from, span)
    }

    /// Converts a value of annotation `from` to low-level type `tt`.
    pub(crate) fn convert_to_ll(&mut self, fl: &mut FnLowering, v: LlOperand, from: &SomeValue, tt: LlType, span: Span) -> LlOperand {
        let ft = self.lltype(from);
        self.convert_ll(fl, v, ft, tt, from, span)
    }

    /// Converts between low-level types (`from` tells what a `Void` value stands for).
    pub(crate) fn convert_ll(&mut self, fl: &mut FnLowering, v: LlOperand, ft: LlType, tt: LlType, from: &SomeValue, span: Span) -> LlOperand {
        if ft == tt {
            return v;
        }
        match (ft, tt) {
            (_, LlType::Void) => Operand::Const(LlConst::Void),
            (LlType::Void, LlType::Ptr(ct)) if matches!(from, SomeValue::Functions { funcs, .. } if funcs.len() == 1) => {
                let SomeValue::Functions { funcs, .. } = from else { unreachable!("matched above") };
                match self.plain_function_closure(funcs[0], ct) {
                    Some(s) => Operand::Const(LlConst::Static(s)),
                    None => Operand::Const(LlConst::Null(tt)),
                }
            }
            (LlType::Void, t) => match from {
                SomeValue::Impossible => Operand::Const(LlConst::Null(t)),
                SomeValue::None if !matches!(t, LlType::Ptr(_) | LlType::FuncPtr(_)) => {
                    // CPython raises TypeError where None meets an int, a float or a bool.
                    let what = match t {
                        LlType::Float => "a float",
                        LlType::Bool => "a bool",
                        LlType::Char | LlType::UniChar => "a character",
                        _ => "an int",
                    };
                    self.error(
                        Diagnostic::at(rpy_source::ErrorCode::BadOperation, span, format!("`None` is used where {what} is needed (CPython raises TypeError here)"))
                            .with_help("None can stand only for a str, a container or an instance in RPy"),
                    );
                    Operand::Const(LlConst::Null(t))
                }
                SomeValue::None => Operand::Const(LlConst::Null(t)),
                SomeValue::Functions { funcs, .. } if funcs.len() == 1 => {
                    let c = self.const_value(&Constant::Obj(funcs[0]), t);
                    Operand::Const(c)
                }
                SomeValue::Classes { classes, .. } if classes.len() == 1 => {
                    let c = self.const_value(&Constant::Obj(classes[0]), t);
                    Operand::Const(c)
                }
                _ => {
                    self.error(Diagnostic::internal(format!("cannot convert a void value to {}", self.types.type_name(t))).with_primary(span, ""));
                    Operand::Const(LlConst::Null(t))
                }
            },
            (LlType::Bool, LlType::Signed) => match v {
                Operand::Const(LlConst::Bool(b)) => Operand::Const(LlConst::Signed(b as i64)),
                v => fl.prim(PrimOp::CastBoolToInt, vec![v], span),
            },
            (LlType::Bool, LlType::Float) => {
                let i = fl.prim(PrimOp::CastBoolToInt, vec![v], span);
                fl.prim(PrimOp::CastIntToFloat, vec![i], span)
            }
            (LlType::Signed, LlType::Float) => fl.prim(PrimOp::CastIntToFloat, vec![v], span),
            (LlType::Signed, LlType::Unsigned) => fl.prim(PrimOp::CastIntToUint, vec![v], span),
            (LlType::Unsigned, LlType::Signed) => fl.prim(PrimOp::CastUintToInt, vec![v], span),
            (LlType::Bool, LlType::Unsigned) => {
                let i = fl.prim(PrimOp::CastBoolToInt, vec![v], span);
                fl.prim(PrimOp::CastIntToUint, vec![i], span)
            }
            (LlType::UniChar, LlType::Ptr(Types::STR)) => match v {
                Operand::Const(LlConst::UniChar(c)) => {
                    let s = char::from_u32(c).map(|c| c.to_string()).unwrap_or_default();
                    Operand::Const(LlConst::Static(self.str_static(&s)))
                }
                v => fl.call_rt(RuntimeFn::StrFromChar, vec![v], span),
            },
            // The annotator never mixes bytes and bytearray in one variable: these copies are
            // asked for by the operations that take either (bytearray's read-only methods work
            // on bytes, and their bytes results become bytearrays).
            (LlType::Ptr(Types::BYTEARRAY), LlType::Ptr(Types::BYTES)) => fl.call_rt(RuntimeFn::BytearrayToBytes, vec![v], span),
            (LlType::Ptr(Types::BYTES), LlType::Ptr(Types::BYTEARRAY)) => fl.call_rt(RuntimeFn::BytearrayFromBytes, vec![v], span),
            (LlType::Ptr(a), LlType::Ptr(b)) => {
                if self.types.is_substruct(a, b) || self.types.is_substruct(b, a) || a == Types::OBJECT || b == Types::OBJECT {
                    match v {
                        Operand::Const(LlConst::Null(_)) => Operand::Const(LlConst::Null(tt)),
                        v => fl.emit(LlOp::CastPtr(b), vec![v], tt, span),
                    }
                } else {
                    self.convert_tuple(fl, v, a, b, span)
                }
            }
            (LlType::FuncPtr(_), LlType::FuncPtr(_)) => v,
            (LlType::Ptr(_), t @ (LlType::Bool | LlType::Signed | LlType::Unsigned | LlType::Float | LlType::Char | LlType::UniChar)) => {
                // An argument of a built-in function or method that the annotator let through.
                let what = self.ann.type_name(from);
                let needed = match t {
                    LlType::Float => "a float",
                    LlType::Bool => "a bool",
                    LlType::Char | LlType::UniChar => "a character",
                    _ => "an int",
                };
                self.error(Diagnostic::at(rpy_source::ErrorCode::BadOperation, span, format!("a `{what}` value is used where {needed} is needed (CPython raises TypeError here)")));
                Operand::Const(LlConst::Null(tt))
            }
            _ => {
                let (f, t) = (self.types.type_name(ft), self.types.type_name(tt));
                self.error(Diagnostic::internal(format!("no conversion from {f} to {t}")).with_primary(span, ""));
                v
            }
        }
    }

    /// A tuple whose items change representation (e.g. `(True, 1)` stored as `(int, int)`)
    /// is rebuilt item by item.
    fn convert_tuple(&mut self, fl: &mut FnLowering, v: LlOperand, a: rpy_lltype::TypeRef, b: rpy_lltype::TypeRef, span: Span) -> LlOperand {
        let fa: Vec<LlType> = self.types.struct_def(a).fields.iter().map(|(_, t)| *t).collect();
        let fb: Vec<LlType> = self.types.struct_def(b).fields.iter().map(|(_, t)| *t).collect();
        if fa.len() != fb.len() {
            self.error(Diagnostic::internal("tuple conversion between different lengths").with_primary(span, ""));
            return v;
        }
        let new = fl.emit(LlOp::Malloc(b), vec![], LlType::Ptr(b), span);
        for (i, (x, y)) in fa.iter().zip(&fb).enumerate() {
            let item = fl.emit(LlOp::GetField(a, i as u32), vec![v.clone()], *x, span);
            let item = self.convert_ll(fl, item, *x, *y, &SomeValue::None, span);
            fl.emit(LlOp::SetField(b, i as u32), vec![new.clone(), item], LlType::Void, span);
        }
        new
    }

    /// Lowers the annotated graph `g` into function `f`.
    pub(crate) fn lower_graph(&mut self, g: GraphId, f: FuncRef) -> LlFunction {
        let ann = self.ann;
        let hl = ann.graph(g);
        let display = hl.graph.name.clone();
        let (params, result) = self.graph_signature(g);
        let mut fl = FnLowering::new(Some(g), &display, hl.graph.span, &params);
        fl.blocks.insert(hl.graph.start, fl.b.graph.start);
        if self.needs_stack_check(g) {
            fl.emit(LlOp::StackCheck, vec![], LlType::Void, hl.graph.span);
        }
        for hb in hl.graph.reachable_blocks() {
            if hl.graph.is_final(hb) || !hl.reached.contains(&hb) {
                continue;
            }
            self.lower_block(&mut fl, g, hb);
        }
        let name = if Some(f) == self.func_of_graph.get(&ann.entry).copied() { "pyfn_main".to_string() } else { self.symbol(&display) };
        let name = if self.functions.iter().flatten().any(|x| x.name == name) { self.symbol(&display) } else { name };
        fl.finish(params, result, name)
    }

    /// Functions that can recur check the stack on entry (RecursionError, not a crash).
    fn needs_stack_check(&self, g: GraphId) -> bool {
        self.recursive.contains(&g)
    }

    /// The low-level block for an annotated block (made on first use).
    pub(crate) fn ll_block(&mut self, fl: &mut FnLowering, g: GraphId, hb: Block) -> Block {
        if let Some(b) = fl.blocks.get(&hb) {
            return *b;
        }
        let hl = self.ann.graph(g);
        let anns: Vec<SomeValue> = hl.graph.block(hb).inputs.iter().map(|v| hl.ann(*v)).collect();
        let types: Vec<LlType> = anns.iter().map(|s| self.lltype(s)).collect();
        let (b, _) = fl.block_with(&types);
        fl.blocks.insert(hb, b);
        b
    }

    fn lower_block(&mut self, fl: &mut FnLowering, g: GraphId, hb: Block) {
        let ann = self.ann;
        let hl = ann.graph(g);
        let data = hl.graph.block(hb);
        let lb = self.ll_block(fl, g, hb);
        fl.b.switch_to(lb);
        fl.b.seal(lb);
        fl.vars.clear();
        let inputs = fl.b.graph.block(lb).inputs.clone();
        for (hv, lv) in data.inputs.iter().zip(inputs) {
            fl.vars.insert(*hv, Operand::Var(lv));
        }
        let n = data.ops.len();
        for (i, op) in data.ops.iter().enumerate() {
            if fl.b.current().is_none() {
                return;
            }
            let raising = i + 1 == n && data.exitswitch == ExitSwitch::LastException;
            if raising {
                self.lower_raising_op(fl, g, hb, i);
                return;
            }
            let res_ann = hl.ann(op.result);
            if res_ann.is_impossible() && !hl.bindings[op.result.0 as usize].is_some() {
                // A call that never returns (it always raises) is made; control never goes
                // past it, nor past an operation on the result of such a call.
                let reached = op.args.iter().all(|a| !self.ann.operand_ann(g, a).is_impossible());
                if reached && matches!(op.kind, rpy_flow::HlOp::SimpleCall | rpy_flow::HlOp::CallKw | rpy_flow::HlOp::CallStar | rpy_flow::HlOp::GetItem) {
                    self.lower_op(fl, g, hb, i);
                }
                if fl.b.current().is_some() {
                    self.dead_end(fl, op.span);
                }
                return;
            }
            let r = self.lower_op(fl, g, hb, i);
            fl.vars.insert(op.result, r);
        }
        if fl.b.current().is_none() {
            return;
        }
        self.lower_exits(fl, g, hb);
    }

    /// The arguments of a link, converted to the target's representations.
    pub(crate) fn link_args(&mut self, fl: &mut FnLowering, g: GraphId, link: &rpy_flow::Link<Constant>) -> Vec<(LlOperand, Span)> {
        let hl = self.ann.graph(g);
        let targets = hl.graph.block(link.target).inputs.clone();
        let mut out = vec![];
        for (i, (a, t)) in link.args.iter().zip(targets).enumerate() {
            let span = link.spans.get(i).copied().unwrap_or(Span::DUMMY);
            let from = match a {
                Operand::Var(v) if Some(*v) == link.exc_value => {
                    let base = self.ann.program.exception_class("BaseException");
                    SomeValue::Instance { class: self.ann.class_ids[&base], nullable: false }
                }
                _ => self.ann.operand_ann(g, a),
            };
            let v = self.operand(fl, a);
            let v = if link.target == hl.graph.except_block {
                // The exception being raised, as an object pointer.
                self.convert_to_ll(fl, v, &from, LlType::Ptr(Types::OBJECT), span)
            } else {
                let to = hl.ann(t);
                self.convert(fl, v, &from, &to, span)
            };
            out.push((v, span));
        }
        out
    }

    fn link_target(&mut self, fl: &mut FnLowering, g: GraphId, link: &rpy_flow::Link<Constant>) -> Block {
        let hl = self.ann.graph(g);
        if link.target == hl.graph.return_block {
            fl.b.graph.return_block
        } else if link.target == hl.graph.except_block {
            fl.b.graph.except_block
        } else {
            self.ll_block(fl, g, link.target)
        }
    }

    fn lower_exits(&mut self, fl: &mut FnLowering, g: GraphId, hb: Block) {
        let hl = self.ann.graph(g);
        let data = hl.graph.block(hb);
        let followed: Vec<usize> = (0..data.exits.len()).filter(|i| hl.followed.contains(&(hb, *i))).collect();
        match (data.exitswitch, followed.as_slice()) {
            (_, []) => {
                // Nothing follows (e.g. after a call that always raises): the pending
                // exception propagates.
                self.dead_end(fl, data.ops.last().map_or(Span::DUMMY, |o| o.span));
            }
            (ExitSwitch::Bool(v), [a, b]) => {
                let cond = fl.vars.get(&v).cloned().unwrap_or(Operand::Const(LlConst::Bool(false)));
                let (la, lb) = (data.exits[*a].clone(), data.exits[*b].clone());
                let (fa, fb) = (self.link_args(fl, g, &la), self.link_args(fl, g, &lb));
                let (ta, tb) = (self.link_target(fl, g, &la), self.link_target(fl, g, &lb));
                let (if_false, if_true) = if la.exitcase == ExitCase::Bool(false) { ((ta, fa), (tb, fb)) } else { ((tb, fb), (ta, fa)) };
                match cond {
                    Operand::Var(c) => fl.b.branch_with(c, if_false, if_true),
                    Operand::Const(LlConst::Bool(k)) => {
                        let (t, args) = if k { if_true } else { if_false };
                        fl.b.jump_with(t, args);
                    }
                    _ => fl.b.jump_with(if_true.0, if_true.1),
                }
            }
            (ExitSwitch::Switch(v), many) if many.len() > 1 => {
                let value = fl.vars.get(&v).cloned().unwrap_or(Operand::Const(LlConst::Signed(0)));
                let mut cases = vec![];
                let mut default = None;
                for k in many {
                    let l = data.exits[*k].clone();
                    let args = self.link_args(fl, g, &l);
                    let target = self.link_target(fl, g, &l);
                    match l.exitcase {
                        ExitCase::Int(i) => cases.push((i, target, args)),
                        _ => default = Some((target, args)),
                    }
                }
                let default = default.unwrap_or_else(|| {
                    let (i, t, a) = cases.pop().expect("a switch has exits");
                    let _ = i;
                    (t, a)
                });
                match value {
                    Operand::Var(sv) => fl.b.switch_with(sv, cases, default),
                    _ => fl.b.jump_with(default.0, default.1),
                }
            }
            (_, [one, ..]) => {
                let link = data.exits[*one].clone();
                let args = self.link_args(fl, g, &link);
                let target = self.link_target(fl, g, &link);
                fl.b.jump_with(target, args);
            }
        }
    }

    /// Ends a block that cannot continue normally: the exception already pending
    /// propagates (the exception transform turns this into a return with the error).
    pub(crate) fn dead_end(&mut self, fl: &mut FnLowering, span: Span) {
        let e = fl.call_rt(RuntimeFn::ExcFetchDeadEnd, vec![], span);
        let except = fl.b.graph.except_block;
        fl.b.jump_with(except, vec![(e, span)]);
    }

    /// Lowers the last operation of a block with exception exits, and the exits.
    fn lower_raising_op(&mut self, fl: &mut FnLowering, g: GraphId, hb: Block, i: usize) {
        let hl = self.ann.graph(g);
        let data = hl.graph.block(hb);
        let op = &data.ops[i];
        let followed: Vec<usize> = (0..data.exits.len()).filter(|k| hl.followed.contains(&(hb, *k))).collect();
        let normal = followed.iter().copied().find(|k| data.exits[*k].exitcase == ExitCase::Always);
        let stop = followed.iter().copied().find(|k| data.exits[*k].exitcase == ExitCase::StopIteration);
        let handler = followed.iter().copied().find(|k| data.exits[*k].exitcase == ExitCase::Exception);
        // Exceptions raised by the lowering go to the handler exit, if any.
        let h = handler.map(|k| {
            let link = data.exits[k].clone();
            let exc_at = link.exc_value.and_then(|ev| link.args.iter().position(|a| *a == Operand::Var(ev)));
            if let Some(ev) = link.exc_value {
                fl.vars.insert(ev, Operand::Const(LlConst::Null(LlType::Ptr(Types::EXC_BASE))));
            }
            let target = self.link_target(fl, g, &link);
            let args = self.link_args(fl, g, &link);
            (target, args, exc_at)
        });
        // `next` on a built-in iterator ends with a plain test, not an exception.
        if op.kind == rpy_flow::HlOp::Next {
            fl.catch = Some(crate::lower::CatchInfo { handler: h.clone(), stop: None });
            let inline = self.lower_next_inline(fl, g, hb, i);
            fl.catch = None;
            if let Some((item, has_item)) = inline {
                fl.vars.insert(op.result, item);
                let normal_link = normal.map(|k| data.exits[k].clone());
                let stop_link = stop.map(|k| data.exits[k].clone());
                let n = normal_link.as_ref().map(|l| (self.link_target(fl, g, l), self.link_args(fl, g, l)));
                let s = stop_link.as_ref().map(|l| (self.link_target(fl, g, l), self.link_args(fl, g, l)));
                match (n, s) {
                    (Some(n), Some(s)) => match has_item {
                        Operand::Var(c) => fl.b.branch_with(c, s, n),
                        _ => fl.b.jump_with(n.0, n.1),
                    },
                    (Some(n), None) => fl.b.jump_with(n.0, n.1),
                    (None, Some(s)) => fl.b.jump_with(s.0, s.1),
                    (None, None) => self.dead_end(fl, op.span),
                }
                return;
            }
        }
        // Exits for every operation of the lowering that can raise.
        let stop_link = stop.map(|k| data.exits[k].clone());
        let s = stop_link.as_ref().map(|l| (self.link_target(fl, g, l), self.link_args(fl, g, l)));
        fl.catch = Some(crate::lower::CatchInfo { handler: h, stop: s });
        let result = self.lower_op(fl, g, hb, i);
        fl.catch = None;
        fl.vars.insert(op.result, result);
        if fl.b.current().is_none() {
            return;
        }
        match normal {
            Some(k) => {
                let link = data.exits[k].clone();
                let target = self.link_target(fl, g, &link);
                let args = self.link_args(fl, g, &link);
                fl.b.jump_with(target, args);
            }
            None => self.dead_end(fl, op.span),
        }
    }
}
