//! Functions as LLVM IR: one LLVM block per low-level block (its input variables become phi
//! nodes), one instruction sequence per operation with the semantics of the C backend
//! (`prim_expr`/`op_expr` in backends/c and the inline functions of `rpy_ops.h`), emitted
//! directly rather than by calling `static inline` C functions.

use crate::debug::{Debug, FnDebug};
use crate::layout::{val_type, zero_extended, Layouts};
use crate::EmitError;
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::intrinsics::Intrinsic;
use inkwell::module::{Linkage, Module};
use inkwell::targets::TargetData;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, FunctionType};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValueEnum, CallSiteValue, CallableValue, FloatValue, FunctionValue, GlobalValue, InstructionValue, IntValue, PhiValue,
    PointerValue,
};
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};
use rpy_flow::{Block, ExitCase, ExitSwitch, Link, Op, Operand, Var};
use rpy_lltype::{FuncRef, LlConst, LlFunction, LlOp, LlProgram, LlType, PrimOp, SigRef, TypeRef, Types};
use std::cell::RefCell;
use std::collections::HashMap;

type R<T> = Result<T, EmitError>;

/// Exception numbers of the runtime (the enum in rpy.h; a test compares them).
const EXC_ZERO_DIVISION: u64 = 0;
const EXC_VALUE: u64 = 1;
const EXC_OVERFLOW: u64 = 4;

/// The runtime's exception numbers the emitted code raises, by their name in rpy.h.
pub const EXCEPTIONS: &[(&str, u64)] =
    &[("RPY_EXC_ZeroDivisionError", EXC_ZERO_DIVISION), ("RPY_EXC_ValueError", EXC_VALUE), ("RPY_EXC_OverflowError", EXC_OVERFLOW)];

const PTR: LlType = LlType::Ptr(TypeRef(0));

/// `RPY_GCFLAG_TRACK_YOUNG` of rpy.h: the write barrier fires on objects with it.
const GCFLAG_TRACK_YOUNG: u64 = 2;

/// The runtime's functions the backend calls on its own, beside the `RuntimeFn` table (a test
/// compares them with their prototypes): name, parameters, result.
pub const HELPERS: &[(&str, &[LlType], LlType)] = &[
    ("rpy_raise_simple", &[LlType::Signed, PTR], LlType::Void),
    ("rpy_raise", &[PTR], LlType::Void),
    ("rpy_traceback_add", &[LlType::Signed], LlType::Void),
    ("rpy_stack_overflow", &[], LlType::Void),
    // uint32_t tid, size_t size
    ("rpy_gc_malloc", &[LlType::UniChar, LlType::Unsigned], PTR),
    ("rpy_gc_malloc_varsize", &[LlType::UniChar, LlType::Unsigned, LlType::Unsigned, LlType::Signed], PTR),
    ("rpy_int_pow_op", &[LlType::Signed, LlType::Signed], LlType::Signed),
    ("rpy_int_truediv_exact", &[LlType::Signed, LlType::Signed], LlType::Float),
    ("rpy_float_pow_op", &[LlType::Float, LlType::Float], LlType::Float),
    ("rpy_float_to_int_op", &[LlType::Float], LlType::Signed),
    // The collector (--gc=gen; gc_gen.c).
    ("rpy_gc_alloc_slow", &[LlType::UniChar, LlType::Unsigned], PTR),
    ("rpy_gc_alloc_varsize_slow", &[LlType::UniChar, LlType::Unsigned, LlType::Unsigned, LlType::Signed], PTR),
    ("rpy_gc_collect_pending", &[], LlType::Void),
    ("rpy_gc_remember", &[PTR], LlType::Void),
    ("rpy_gc_remember_item", &[PTR, LlType::Signed], LlType::Void),
];

/// An operation of the GC transform.
fn is_gc_op(k: &LlOp) -> bool {
    matches!(
        k,
        LlOp::GcPushRoots
            | LlOp::GcPopRoots
            | LlOp::GcMalloc(_)
            | LlOp::GcMallocVarsize(_)
            | LlOp::GcSafepoint
            | LlOp::GcWriteBarrier
            | LlOp::GcWriteBarrierItem
    )
}

/// The generated functions the runtime calls by name.
pub fn exported(name: &str) -> bool {
    matches!(name, "rpy_entry" | "rpy_make_exception" | "rpy_init_prebuilt")
}

/// Module-wide state of the emission.
pub struct Cx<'a, 'ctx> {
    pub p: &'a LlProgram,
    pub ctx: &'ctx Context,
    pub module: Module<'ctx>,
    pub builder: Builder<'ctx>,
    pub layouts: Layouts<'ctx>,
    pub funcs: Vec<FunctionValue<'ctx>>,
    pub statics: Vec<GlobalValue<'ctx>>,
    pub debug: RefCell<Option<Debug<'ctx>>>,
    pub td: &'a TargetData,
    externs: RefCell<HashMap<&'static str, FunctionValue<'ctx>>>,
    globals: RefCell<HashMap<&'static str, GlobalValue<'ctx>>>,
    cstrings: RefCell<HashMap<Vec<u8>, PointerValue<'ctx>>>,
    prof_kind: u32,
    /// Give every function the `sanitize_address` attribute.
    pub sanitize_address: bool,
    /// Let switches (and if/elif chains LLVM turns into switches) become jump tables.
    pub jump_tables: bool,
    /// The program went through the GC transform (`--gc=gen`): stack checks also check the
    /// shadow stack.
    shadow_stack: bool,
}

/// Which kind of value a low-level type is, for conversions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Void,
    Bool,
    Int { bits: u32, signed: bool },
    Float,
    Ptr,
}

fn class(t: LlType) -> Class {
    match t {
        LlType::Void => Class::Void,
        LlType::Bool => Class::Bool,
        LlType::Signed => Class::Int { bits: 64, signed: true },
        LlType::Unsigned => Class::Int { bits: 64, signed: false },
        LlType::Char => Class::Int { bits: 8, signed: false },
        LlType::UniChar => Class::Int { bits: 32, signed: false },
        LlType::Float => Class::Float,
        LlType::Ptr(_) | LlType::FuncPtr(_) => Class::Ptr,
    }
}

/// The state of one function's emission.
struct FnState<'ctx> {
    fv: FunctionValue<'ctx>,
    values: Vec<Option<BasicValueEnum<'ctx>>>,
    blocks: HashMap<Block, BasicBlock<'ctx>>,
    phis: HashMap<Var, PhiValue<'ctx>>,
    /// A local whose address `stack_check` compares with the stack limit.
    here: Option<PointerValue<'ctx>>,
    debug: Option<FnDebug<'ctx>>,
}

impl<'a, 'ctx> Cx<'a, 'ctx> {
    pub fn new(p: &'a LlProgram, ctx: &'ctx Context, module: Module<'ctx>, td: &'a TargetData, debug: Option<Debug<'ctx>>) -> Cx<'a, 'ctx> {
        let layouts = Layouts::new(ctx, &p.types);
        let prof_kind = ctx.get_kind_id("prof");
        Cx {
            p,
            ctx,
            module,
            builder: ctx.create_builder(),
            layouts,
            funcs: vec![],
            statics: vec![],
            debug: RefCell::new(debug),
            td,
            externs: RefCell::new(HashMap::new()),
            globals: RefCell::new(HashMap::new()),
            cstrings: RefCell::new(HashMap::new()),
            prof_kind,
            sanitize_address: false,
            jump_tables: false,
            shadow_stack: p.functions.iter().any(|f| f.graph.operations().any(|(_, op)| is_gc_op(&op.kind))),
        }
    }

    fn attr(&self, name: &str) -> Attribute {
        self.ctx.create_enum_attribute(Attribute::get_named_enum_kind_id(name), 0)
    }

    /// The LLVM function type of a low-level signature (`Void` parameters dropped).
    fn fn_type(&self, params: &[LlType], result: LlType) -> FunctionType<'ctx> {
        let ps: Vec<BasicMetadataTypeEnum<'ctx>> = params.iter().filter_map(|t| val_type(self.ctx, *t)).map(Into::into).collect();
        match val_type(self.ctx, result) {
            Some(t) => t.fn_type(&ps, false),
            None => self.ctx.void_type().fn_type(&ps, false),
        }
    }

    /// C's `bool`/`uint8_t` parameters and results are zero-extended.
    fn abi_attributes(&self, params: &[LlType], result: LlType, mut add: impl FnMut(AttributeLoc, Attribute)) {
        let zext = self.attr("zeroext");
        for (i, t) in params.iter().filter(|t| **t != LlType::Void).enumerate() {
            if zero_extended(*t) {
                add(AttributeLoc::Param(i as u32), zext);
            }
        }
        if zero_extended(result) {
            add(AttributeLoc::Return, zext);
        }
    }

    /// Declares every function of the program.
    pub fn declare_functions(&mut self) {
        for f in &self.p.functions {
            let ty = self.fn_type(&f.params, f.result);
            let linkage = if exported(&f.name) { Linkage::External } else { Linkage::Internal };
            let fv = self.module.add_function(&f.name, ty, Some(linkage));
            self.abi_attributes(&f.params, f.result, |loc, a| fv.add_attribute(loc, a));
            fv.add_attribute(AttributeLoc::Function, self.attr("nounwind"));
            fv.add_attribute(AttributeLoc::Function, self.attr("uwtable"));
            if !self.jump_tables {
                fv.add_attribute(AttributeLoc::Function, self.ctx.create_string_attribute("no-jump-tables", "true"));
            }
            if self.sanitize_address {
                fv.add_attribute(AttributeLoc::Function, self.attr("sanitize_address"));
            }
            self.funcs.push(fv);
        }
    }

    /// A function of the C runtime (declared on first use).
    fn extern_fn(&self, name: &'static str, params: &[LlType], result: LlType) -> FunctionValue<'ctx> {
        if let Some(f) = self.externs.borrow().get(name) {
            return *f;
        }
        let ty = self.fn_type(params, result);
        // A generated function the runtime also declares (`rpy_make_exception`).
        if let Some(fv) = self.module.get_function(name) {
            if fv.get_type() == ty {
                self.externs.borrow_mut().insert(name, fv);
                return fv;
            }
        }
        let fv = self.module.add_function(name, ty, Some(Linkage::External));
        self.abi_attributes(params, result, |loc, a| fv.add_attribute(loc, a));
        fv.add_attribute(AttributeLoc::Function, self.attr("nounwind"));
        self.externs.borrow_mut().insert(name, fv);
        fv
    }

    /// One of the `HELPERS`.
    fn helper(&self, name: &'static str) -> FunctionValue<'ctx> {
        let (_, params, result) = HELPERS.iter().find(|h| h.0 == name).expect("a helper of the table");
        self.extern_fn(name, params, *result)
    }

    /// A global variable of the C runtime holding a pointer.
    fn extern_ptr_global(&self, name: &'static str) -> GlobalValue<'ctx> {
        self.extern_global(name, self.layouts.i8p.into())
    }

    /// A global variable of the C runtime.
    fn extern_global(&self, name: &'static str, ty: BasicTypeEnum<'ctx>) -> GlobalValue<'ctx> {
        if let Some(g) = self.globals.borrow().get(name) {
            return *g;
        }
        let g = self.module.add_global(ty, None, name);
        g.set_linkage(Linkage::External);
        self.globals.borrow_mut().insert(name, g);
        g
    }

    /// A NUL-terminated constant string, as an `i8*`.
    pub fn cstring(&self, bytes: &[u8]) -> PointerValue<'ctx> {
        if let Some(p) = self.cstrings.borrow().get(bytes) {
            return *p;
        }
        let init = self.ctx.const_string(bytes, true);
        let g = self.module.add_global(init.get_type(), None, &format!(".str.{}", self.cstrings.borrow().len()));
        g.set_linkage(Linkage::Private);
        g.set_constant(true);
        g.set_unnamed_addr(true);
        g.set_initializer(&init);
        let p = g.as_pointer_value().const_cast(self.layouts.i8p);
        self.cstrings.borrow_mut().insert(bytes.to_vec(), p);
        p
    }

    pub fn i64c(&self, v: i64) -> IntValue<'ctx> {
        self.ctx.i64_type().const_int(v as u64, true)
    }

    // ------------------------------------------------------------------ constants

    /// The low-level type of a constant operand (function pointers all look alike here).
    fn const_type(&self, c: &LlConst) -> LlType {
        match c {
            LlConst::Void => LlType::Void,
            LlConst::Bool(_) => LlType::Bool,
            LlConst::Signed(_) => LlType::Signed,
            LlConst::Unsigned(_) => LlType::Unsigned,
            LlConst::Float(_) => LlType::Float,
            LlConst::Char(_) => LlType::Char,
            LlConst::UniChar(_) => LlType::UniChar,
            LlConst::Null(t) => *t,
            LlConst::Static(s) => LlType::Ptr(self.p.statics[s.0 as usize].ty),
            LlConst::Func(_) => LlType::FuncPtr(SigRef(0)),
        }
    }

    fn const_value(&self, c: &LlConst) -> Option<BasicValueEnum<'ctx>> {
        let ctx = self.ctx;
        Some(match c {
            LlConst::Void => return None,
            LlConst::Bool(b) => ctx.bool_type().const_int(*b as u64, false).into(),
            LlConst::Signed(i) => ctx.i64_type().const_int(*i as u64, true).into(),
            LlConst::Unsigned(u) => ctx.i64_type().const_int(*u, false).into(),
            LlConst::Float(x) => ctx.f64_type().const_float(x.get()).into(),
            LlConst::Char(c) => ctx.i8_type().const_int(*c as u64, false).into(),
            LlConst::UniChar(c) => ctx.i32_type().const_int(*c as u64, false).into(),
            LlConst::Null(t) => match val_type(ctx, *t) {
                Some(ty) => ty.const_zero(),
                None => return None,
            },
            LlConst::Static(s) => self.statics[s.0 as usize].as_pointer_value().const_cast(self.layouts.i8p).into(),
            LlConst::Func(f) => self.funcs[f.0 as usize].as_global_value().as_pointer_value().const_cast(self.layouts.i8p).into(),
        })
    }

    // ------------------------------------------------------------------ conversions

    /// Converts a value of type `from` to type `to` as C's implicit conversions do (the C
    /// backend assigns and passes values through C's conversions; low-level graphs only rely
    /// on this between pointer types, which are all `i8*` here).
    fn coerce(&self, v: Option<BasicValueEnum<'ctx>>, from: LlType, to: LlType) -> R<Option<BasicValueEnum<'ctx>>> {
        let Some(target) = val_type(self.ctx, to) else { return Ok(None) };
        let Some(v) = v else { return Ok(Some(target.const_zero())) };
        let b = &self.builder;
        let (cf, ct) = (class(from), class(to));
        if cf == ct {
            return Ok(Some(v));
        }
        let r: BasicValueEnum<'ctx> = match (cf, ct) {
            (Class::Void, _) => target.const_zero(),
            (_, Class::Bool) => match cf {
                Class::Int { .. } => {
                    let iv = v.into_int_value();
                    b.build_int_compare(IntPredicate::NE, iv, iv.get_type().const_zero(), "tobool")?.into()
                }
                Class::Float => b.build_float_compare(FloatPredicate::UNE, v.into_float_value(), self.ctx.f64_type().const_zero(), "tobool")?.into(),
                Class::Ptr => b.build_is_not_null(v.into_pointer_value(), "tobool")?.into(),
                _ => target.const_zero(),
            },
            (Class::Bool, Class::Int { .. }) => b.build_int_z_extend(v.into_int_value(), target.into_int_type(), "zext")?.into(),
            (Class::Int { bits: fb, signed }, Class::Int { bits: tb, .. }) => {
                let iv = v.into_int_value();
                let tt = target.into_int_type();
                if fb > tb {
                    b.build_int_truncate(iv, tt, "trunc")?.into()
                } else if fb == tb {
                    iv.into()
                } else if signed {
                    b.build_int_s_extend(iv, tt, "sext")?.into()
                } else {
                    b.build_int_z_extend(iv, tt, "zext")?.into()
                }
            }
            (Class::Float, Class::Int { signed, .. }) => {
                if signed {
                    b.build_float_to_signed_int(v.into_float_value(), target.into_int_type(), "fptosi")?.into()
                } else {
                    b.build_float_to_unsigned_int(v.into_float_value(), target.into_int_type(), "fptoui")?.into()
                }
            }
            (Class::Int { signed: true, .. }, Class::Float) => b.build_signed_int_to_float(v.into_int_value(), self.ctx.f64_type(), "sitofp")?.into(),
            (Class::Int { .. } | Class::Bool, Class::Float) => b.build_unsigned_int_to_float(v.into_int_value(), self.ctx.f64_type(), "uitofp")?.into(),
            (Class::Ptr, Class::Int { .. }) => b.build_ptr_to_int(v.into_pointer_value(), target.into_int_type(), "ptrtoint")?.into(),
            (Class::Int { .. } | Class::Bool, Class::Ptr) => b.build_int_to_ptr(v.into_int_value(), self.layouts.i8p, "inttoptr")?.into(),
            _ => return Err(EmitError(format!("cannot convert {from} to {to}"))),
        };
        Ok(Some(r))
    }

    // ------------------------------------------------------------------ functions

    pub fn define_functions(&self) -> R<()> {
        for i in 0..self.p.functions.len() {
            self.function(FuncRef(i as u32))?;
        }
        Ok(())
    }

    fn function(&self, fr: FuncRef) -> R<()> {
        let p = self.p;
        let f = p.func(fr);
        let fv = self.funcs[fr.0 as usize];
        let g = &f.graph;
        let mut debug_state = None;
        if let Some(d) = self.debug.borrow_mut().as_mut() {
            debug_state = Some(d.function(&self.module, self.ctx, p, f, fv, !exported(&f.name)));
        }
        let mut st = FnState { fv, values: vec![None; g.vars.len()], blocks: HashMap::new(), phis: HashMap::new(), here: None, debug: debug_state };
        let entry = self.ctx.append_basic_block(fv, "entry");
        self.builder.position_at_end(entry);
        if let Some(d) = &st.debug {
            self.builder.set_current_debug_location(d.current);
        }
        let blocks: Vec<Block> = g.reachable_blocks().into_iter().filter(|b| !g.is_final(*b)).collect();
        if blocks.iter().any(|b| g.block(*b).ops.iter().any(|op| op.kind == LlOp::StackCheck)) {
            st.here = Some(self.builder.build_alloca(self.ctx.i8_type(), "here")?);
        }
        for b in &blocks {
            let bb = self.ctx.append_basic_block(fv, &format!("b{}", b.0));
            st.blocks.insert(*b, bb);
        }
        // Input variables become phis.
        for b in &blocks {
            self.builder.position_at_end(st.blocks[b]);
            for v in &g.block(*b).inputs {
                if let Some(t) = val_type(self.ctx, f.var_types[v.0 as usize]) {
                    let phi = self.builder.build_phi(t, &format!("v{}", v.0))?;
                    st.phis.insert(*v, phi);
                    st.values[v.0 as usize] = Some(phi.as_basic_value());
                }
            }
        }
        // The parameters enter the start block from the entry block.
        self.builder.position_at_end(entry);
        let start_inputs = &g.block(g.start).inputs;
        let mut k = 0;
        let mut incoming = vec![];
        for (i, v) in start_inputs.iter().enumerate() {
            let pt = f.params.get(i).copied().unwrap_or(LlType::Void);
            let param = if pt == LlType::Void {
                None
            } else {
                k += 1;
                fv.get_nth_param(k - 1)
            };
            let vt = f.var_types[v.0 as usize];
            if let Some(val) = self.coerce(param, pt, vt)? {
                incoming.push((*v, val));
            }
        }
        for (v, val) in incoming {
            if let Some(phi) = st.phis.get(&v) {
                phi.add_incoming(&[(&val, entry)]);
            }
        }
        match st.blocks.get(&g.start) {
            Some(bb) => {
                self.builder.build_unconditional_branch(*bb)?;
            }
            None => {
                self.builder.build_unreachable()?;
            }
        }
        for b in &blocks {
            self.block(&mut st, f, *b)?;
        }
        Ok(())
    }

    fn block(&self, st: &mut FnState<'ctx>, f: &LlFunction, b: Block) -> R<()> {
        let g = &f.graph;
        let data = g.block(b);
        self.builder.position_at_end(st.blocks[&b]);
        for op in &data.ops {
            if let (Some(d), Some(fd)) = (self.debug.borrow_mut().as_mut(), st.debug.as_mut()) {
                let loc = d.location(&self.module, self.ctx, self.p, fd, op.span);
                self.builder.set_current_debug_location(loc);
            }
            if self.gc_op(st, f, op)? {
                continue;
            }
            let args: Vec<(Option<BasicValueEnum<'ctx>>, LlType)> = op.args.iter().map(|a| self.operand(st, f, a)).collect();
            let rt = f.var_types[op.result.0 as usize];
            let (value, vt) = self.op(st, &op.kind, &args)?;
            let value = self.coerce(value, vt, rt)?;
            st.values[op.result.0 as usize] = value;
        }
        // The exits.
        let dup = |target: Block| data.exits.iter().filter(|l| l.target == target).count() > 1;
        match data.exitswitch {
            ExitSwitch::None => match data.exits.first() {
                Some(l) if l.target == g.return_block => {
                    self.ret(st, f, l)?;
                }
                Some(l) => {
                    let t = self.link(st, f, l, false)?;
                    self.builder.build_unconditional_branch(t)?;
                }
                None => {
                    self.builder.build_unreachable()?;
                }
            },
            ExitSwitch::Bool(v) => {
                let t = data.exits.iter().find(|l| l.exitcase == ExitCase::Bool(true));
                let e = data.exits.iter().find(|l| l.exitcase == ExitCase::Bool(false));
                let tb = self.link_or_trap(st, f, t, t.is_some_and(|l| dup(l.target)))?;
                let eb = self.link_or_trap(st, f, e, e.is_some_and(|l| dup(l.target)))?;
                let cond = self.var_value(st, f, v, LlType::Bool)?.into_int_value();
                self.builder.build_conditional_branch(cond, tb, eb)?;
            }
            ExitSwitch::Switch(v) => {
                let mut cases = vec![];
                let mut default = None;
                for l in &data.exits {
                    let bb = self.link(st, f, l, dup(l.target))?;
                    match l.exitcase {
                        ExitCase::Int(i) => cases.push((self.i64c(i), bb)),
                        _ => default = Some(bb),
                    }
                }
                let default = match default {
                    Some(d) => d,
                    None => self.trap_block(st)?,
                };
                let x = self.var_value(st, f, v, LlType::Signed)?.into_int_value();
                self.builder.build_switch(x, default, &cases)?;
            }
            ExitSwitch::LastException => {
                // The exception transform leaves none of these.
                self.trap()?;
            }
        }
        Ok(())
    }

    fn var_value(&self, st: &FnState<'ctx>, f: &LlFunction, v: Var, want: LlType) -> R<BasicValueEnum<'ctx>> {
        let val = st.values[v.0 as usize];
        let got = self.coerce(val, f.var_types[v.0 as usize], want)?;
        got.ok_or_else(|| EmitError(format!("{}: v{} has no value", f.name, v.0)))
    }

    fn operand(&self, st: &FnState<'ctx>, f: &LlFunction, a: &Operand<LlConst>) -> (Option<BasicValueEnum<'ctx>>, LlType) {
        match a {
            Operand::Var(v) => (st.values[v.0 as usize], f.var_types[v.0 as usize]),
            Operand::Const(c) => (self.const_value(c), self.const_type(c)),
        }
    }

    fn trap(&self) -> R<()> {
        let trap = Intrinsic::find("llvm.trap").and_then(|i| i.get_declaration(&self.module, &[])).ok_or_else(|| EmitError("no llvm.trap".into()))?;
        self.builder.build_call(trap, &[], "")?;
        self.builder.build_unreachable()?;
        Ok(())
    }

    /// A block that traps (a missing exit: the C backend would fall through).
    fn trap_block(&self, st: &FnState<'ctx>) -> R<BasicBlock<'ctx>> {
        let here = self.builder.get_insert_block().expect("positioned");
        let bb = self.ctx.append_basic_block(st.fv, "trap");
        self.builder.position_at_end(bb);
        self.trap()?;
        self.builder.position_at_end(here);
        Ok(bb)
    }

    fn link_or_trap(&self, st: &mut FnState<'ctx>, f: &LlFunction, l: Option<&Link<LlConst>>, edge: bool) -> R<BasicBlock<'ctx>> {
        match l {
            Some(l) => self.link(st, f, l, edge),
            None => self.trap_block(st),
        }
    }

    /// `return` through a link into the return block.
    fn ret(&self, st: &FnState<'ctx>, f: &LlFunction, l: &Link<LlConst>) -> R<()> {
        if val_type(self.ctx, f.result).is_none() {
            self.builder.build_return(None)?;
            return Ok(());
        }
        let (v, t) = l.args.first().map_or((None, LlType::Void), |a| self.operand(st, f, a));
        let v = self.coerce(v, t, f.result)?.expect("a non-void result");
        self.builder.build_return(Some(&v))?;
        Ok(())
    }

    /// The block a link jumps to, after giving its values to the target's phis. With
    /// `edge`, the values go through a block of their own (two links of one block to the
    /// same target).
    fn link(&self, st: &mut FnState<'ctx>, f: &LlFunction, l: &Link<LlConst>, edge: bool) -> R<BasicBlock<'ctx>> {
        let g = &f.graph;
        let here = self.builder.get_insert_block().expect("positioned");
        if l.target == g.return_block {
            let bb = self.ctx.append_basic_block(st.fv, "ret");
            self.builder.position_at_end(bb);
            self.ret(st, f, l)?;
            self.builder.position_at_end(here);
            return Ok(bb);
        }
        let Some(&target) = st.blocks.get(&l.target) else {
            // A link into the except block: the exception transform leaves none.
            return self.trap_block(st);
        };
        let from = if edge {
            let bb = self.ctx.append_basic_block(st.fv, "edge");
            self.builder.position_at_end(bb);
            bb
        } else {
            here
        };
        let inputs = &g.block(l.target).inputs;
        for (v, a) in inputs.iter().zip(&l.args) {
            let Some(phi) = st.phis.get(v).copied() else { continue };
            let (val, t) = self.operand(st, f, a);
            if let Some(val) = self.coerce(val, t, f.var_types[v.0 as usize])? {
                phi.add_incoming(&[(&val, from)]);
            }
        }
        if edge {
            self.builder.build_unconditional_branch(target)?;
            self.builder.position_at_end(here);
            Ok(from)
        } else {
            Ok(target)
        }
    }

    // ------------------------------------------------------------------ operations

    fn call(&self, fv: FunctionValue<'ctx>, args: &[BasicValueEnum<'ctx>]) -> R<CallSiteValue<'ctx>> {
        let args: Vec<BasicMetadataValueEnum<'ctx>> = args.iter().map(|a| (*a).into()).collect();
        Ok(self.builder.build_call(fv, &args, "")?)
    }

    /// Arguments converted to the parameter types (`Void` ones dropped).
    fn call_args(&self, params: &[LlType], args: &[(Option<BasicValueEnum<'ctx>>, LlType)]) -> R<Vec<BasicValueEnum<'ctx>>> {
        let mut out = vec![];
        for (i, pt) in params.iter().enumerate() {
            let (v, t) = args.get(i).copied().unwrap_or((None, LlType::Void));
            if let Some(v) = self.coerce(v, t, *pt)? {
                out.push(v);
            }
        }
        Ok(out)
    }

    fn set_unlikely(&self, br: InstructionValue<'ctx>) {
        let i32t = self.ctx.i32_type();
        let md =
            self.ctx.metadata_node(&[self.ctx.metadata_string("branch_weights").into(), i32t.const_int(1, false).into(), i32t.const_int(2000, false).into()]);
        let _ = br.set_metadata(md, self.prof_kind);
    }

    /// `if (unlikely(cond)) { rpy_raise_simple(kind, msg); result = zero; } else result =
    /// compute();` as `rpy_ops.h` writes its checked operations.
    fn guarded(
        &self,
        st: &FnState<'ctx>,
        cond: IntValue<'ctx>,
        kind: u64,
        msg: &str,
        zero: BasicValueEnum<'ctx>,
        compute: impl FnOnce(&Self) -> R<BasicValueEnum<'ctx>>,
    ) -> R<BasicValueEnum<'ctx>> {
        let here = self.builder.get_insert_block().expect("positioned");
        let ok = self.ctx.insert_basic_block_after(here, "ok");
        let merge = self.ctx.insert_basic_block_after(ok, "cont");
        let raise = self.ctx.append_basic_block(st.fv, "raise");
        let br = self.builder.build_conditional_branch(cond, raise, ok)?;
        self.set_unlikely(br);
        self.builder.position_at_end(raise);
        self.raise_simple(kind, msg)?;
        self.builder.build_unconditional_branch(merge)?;
        self.builder.position_at_end(ok);
        let v = compute(self)?;
        let ok_end = self.builder.get_insert_block().expect("positioned");
        self.builder.build_unconditional_branch(merge)?;
        self.builder.position_at_end(merge);
        let phi = self.builder.build_phi(v.get_type(), "r")?;
        phi.add_incoming(&[(&zero, raise), (&v, ok_end)]);
        Ok(phi.as_basic_value())
    }

    fn raise_simple(&self, kind: u64, msg: &str) -> R<()> {
        let f = self.helper("rpy_raise_simple");
        f.add_attribute(AttributeLoc::Function, self.attr("cold"));
        let m = self.cstring(msg.as_bytes());
        let k = self.ctx.i64_type().const_int(kind, false);
        self.call(f, &[k.into(), m.into()])?;
        Ok(())
    }

    fn intrinsic(&self, name: &str, types: &[BasicTypeEnum<'ctx>]) -> R<FunctionValue<'ctx>> {
        Intrinsic::find(name).and_then(|i| i.get_declaration(&self.module, types)).ok_or_else(|| EmitError(format!("no intrinsic {name}")))
    }

    /// A pointer to struct `t` from an `i8*`.
    fn struct_ptr(&self, v: BasicValueEnum<'ctx>, t: TypeRef) -> R<PointerValue<'ctx>> {
        let ty = self.layouts.get(t).ty.ptr_type(AddressSpace::default());
        Ok(self.builder.build_pointer_cast(v.into_pointer_value(), ty, "p")?)
    }

    /// Loads a value of type `t` from memory (bytes holding `bool` become `i1`).
    fn load(&self, ptr: PointerValue<'ctx>, t: LlType) -> R<BasicValueEnum<'ctx>> {
        let v = self.builder.build_load(ptr, "ld")?;
        if t == LlType::Bool {
            let iv = v.into_int_value();
            return Ok(self.builder.build_int_compare(IntPredicate::NE, iv, iv.get_type().const_zero(), "b")?.into());
        }
        Ok(v)
    }

    fn store(&self, ptr: PointerValue<'ctx>, t: LlType, v: BasicValueEnum<'ctx>) -> R<()> {
        let v: BasicValueEnum<'ctx> = if t == LlType::Bool { self.builder.build_int_z_extend(v.into_int_value(), self.ctx.i8_type(), "zb")?.into() } else { v };
        self.builder.build_store(ptr, v)?;
        Ok(())
    }

    /// One operation: its value (if any) and the type of that value.
    fn op(&self, st: &mut FnState<'ctx>, kind: &LlOp, args: &[(Option<BasicValueEnum<'ctx>>, LlType)]) -> R<(Option<BasicValueEnum<'ctx>>, LlType)> {
        let p = self.p;
        let ctx = self.ctx;
        let i64t = ctx.i64_type();
        let arg = |i: usize, t: LlType| self.arg(args, i, t);
        match kind {
            LlOp::Prim(op) => {
                let a: Vec<BasicValueEnum<'ctx>> = op.params().iter().enumerate().map(|(i, t)| arg(i, *t)).collect::<R<_>>()?;
                let v = self.prim(st, *op, &a)?;
                Ok((Some(v), op.result()))
            }
            LlOp::SameAs => Ok(args.first().copied().unwrap_or((None, LlType::Void))),
            LlOp::Malloc(t) => {
                let sd = p.types.struct_def(*t);
                let f = self.helper("rpy_gc_malloc");
                let size = i64t.const_int(self.td.get_abi_size(&self.layouts.get(*t).ty), false);
                let tid = ctx.i32_type().const_int(sd.tid as u64, false);
                let v = self.call(f, &[tid.into(), size.into()])?.try_as_basic_value().left();
                Ok((v, LlType::Ptr(*t)))
            }
            LlOp::MallocVarsize(t) => {
                let sd = p.types.struct_def(*t);
                let item = sd.varsize.map_or(0, |it| if it == LlType::Char { 1 } else { 8 });
                let f = self.helper("rpy_gc_malloc_varsize");
                let size = i64t.const_int(self.td.get_abi_size(&self.layouts.get(*t).ty), false);
                let tid = ctx.i32_type().const_int(sd.tid as u64, false);
                let n = arg(0, LlType::Signed)?;
                let v = self.call(f, &[tid.into(), size.into(), i64t.const_int(item, false).into(), n])?.try_as_basic_value().left();
                Ok((v, LlType::Ptr(*t)))
            }
            LlOp::GetField(t, i) => {
                let sd = p.types.struct_def(*t);
                let ft = sd.fields[*i as usize].1;
                let Some(idx) = self.layouts.get(*t).fields[*i as usize] else { return Ok((None, LlType::Void)) };
                let sp = self.struct_ptr(arg(0, LlType::Ptr(*t))?, *t)?;
                let fp = self.builder.build_struct_gep(sp, idx, "f")?;
                Ok((Some(self.load(fp, ft)?), ft))
            }
            LlOp::SetField(t, i) => {
                let sd = p.types.struct_def(*t);
                let ft = sd.fields[*i as usize].1;
                let Some(idx) = self.layouts.get(*t).fields[*i as usize] else { return Ok((None, LlType::Void)) };
                let sp = self.struct_ptr(arg(0, LlType::Ptr(*t))?, *t)?;
                let fp = self.builder.build_struct_gep(sp, idx, "f")?;
                let v = arg(1, ft)?;
                self.store(fp, ft, v)?;
                Ok((None, LlType::Void))
            }
            LlOp::GetVarItem(t) | LlOp::SetVarItem(t) => {
                let sd = p.types.struct_def(*t);
                let it = sd.varsize.ok_or_else(|| EmitError(format!("{} has no items", sd.name)))?;
                let idx = self.layouts.get(*t).varsize.ok_or_else(|| EmitError(format!("{} has no items", sd.name)))?;
                let sp = self.struct_ptr(arg(0, LlType::Ptr(*t))?, *t)?;
                let i = arg(1, LlType::Signed)?.into_int_value();
                let ip = unsafe { self.builder.build_gep(sp, &[ctx.i32_type().const_zero(), ctx.i32_type().const_int(idx as u64, false), i], "item")? };
                if matches!(kind, LlOp::GetVarItem(_)) {
                    Ok((Some(self.load(ip, it)?), it))
                } else {
                    let v = arg(2, it)?;
                    self.store(ip, it, v)?;
                    Ok((None, LlType::Void))
                }
            }
            LlOp::ToSlot(t) => {
                let b = &self.builder;
                let v: BasicValueEnum<'ctx> = match t {
                    LlType::Void => i64t.const_zero().into(),
                    LlType::Float => b.build_bit_cast(arg(0, *t)?, i64t, "slot")?,
                    LlType::Ptr(_) | LlType::FuncPtr(_) => b.build_ptr_to_int(arg(0, *t)?.into_pointer_value(), i64t, "slot")?.into(),
                    LlType::Signed | LlType::Unsigned => arg(0, *t)?,
                    LlType::Bool | LlType::Char | LlType::UniChar => b.build_int_z_extend(arg(0, *t)?.into_int_value(), i64t, "slot")?.into(),
                };
                Ok((Some(v), LlType::Unsigned))
            }
            LlOp::FromSlot(t) => {
                if *t == LlType::Void {
                    return Ok((None, LlType::Void));
                }
                let s = arg(0, LlType::Unsigned)?.into_int_value();
                let b = &self.builder;
                let v: BasicValueEnum<'ctx> = match t {
                    LlType::Void => unreachable!(),
                    LlType::Float => b.build_bit_cast(s, ctx.f64_type(), "unslot")?,
                    LlType::Ptr(_) | LlType::FuncPtr(_) => b.build_int_to_ptr(s, self.layouts.i8p, "unslot")?.into(),
                    LlType::Bool => b.build_int_compare(IntPredicate::NE, s, i64t.const_zero(), "unslot")?.into(),
                    LlType::Signed | LlType::Unsigned => s.into(),
                    LlType::Char => b.build_int_truncate(s, ctx.i8_type(), "unslot")?.into(),
                    LlType::UniChar => b.build_int_truncate(s, ctx.i32_type(), "unslot")?.into(),
                };
                Ok((Some(v), *t))
            }
            LlOp::CastPtr(t) => Ok((Some(arg(0, LlType::Ptr(*t))?), LlType::Ptr(*t))),
            LlOp::PtrEq | LlOp::PtrNe => {
                let pred = if *kind == LlOp::PtrEq { IntPredicate::EQ } else { IntPredicate::NE };
                let a = arg(0, LlType::Ptr(TypeRef(0)))?.into_pointer_value();
                let b = arg(1, LlType::Ptr(TypeRef(0)))?.into_pointer_value();
                Ok((Some(self.builder.build_int_compare(pred, a, b, "peq")?.into()), LlType::Bool))
            }
            LlOp::PtrIsNull => Ok((Some(self.builder.build_is_null(arg(0, LlType::Ptr(TypeRef(0)))?.into_pointer_value(), "isnull")?.into()), LlType::Bool)),
            LlOp::PtrNonNull => {
                Ok((Some(self.builder.build_is_not_null(arg(0, LlType::Ptr(TypeRef(0)))?.into_pointer_value(), "nonnull")?.into()), LlType::Bool))
            }
            LlOp::DirectCall(callee) => {
                let c = p.func(*callee);
                let a = self.call_args(&c.params, args)?;
                let v = self.call(self.funcs[callee.0 as usize], &a)?.try_as_basic_value().left();
                Ok((v, c.result))
            }
            LlOp::IndirectCall(sig) => {
                let s = p.types.signature(*sig);
                let fty = self.fn_type(&s.params, s.result);
                let fp = arg(0, LlType::FuncPtr(*sig))?.into_pointer_value();
                let fp = self.builder.build_pointer_cast(fp, fty.ptr_type(AddressSpace::default()), "fp")?;
                let callable = CallableValue::try_from(fp).map_err(|_| EmitError("not a function pointer".into()))?;
                let a = self.call_args(&s.params, &args[1.min(args.len())..])?;
                let a: Vec<BasicMetadataValueEnum<'ctx>> = a.into_iter().map(Into::into).collect();
                let call = self.builder.build_call(callable, &a, "")?;
                self.abi_attributes(&s.params, s.result, |loc, at| call.add_attribute(loc, at));
                Ok((call.try_as_basic_value().left(), s.result))
            }
            LlOp::RuntimeCall(rf) => {
                let params = rf.params();
                let f = self.extern_fn(rf.c_name(), &params, rf.result());
                let a = self.call_args(&params, args)?;
                let v = self.call(f, &a)?.try_as_basic_value().left();
                Ok((v, rf.result()))
            }
            LlOp::ExcOccurred => {
                let g = self.extern_ptr_global("rpy_exc_value");
                let e = self.builder.build_load(g.as_pointer_value(), "exc")?.into_pointer_value();
                let c = self.builder.build_is_not_null(e, "occurred")?;
                let expect = self.intrinsic("llvm.expect", &[ctx.bool_type().into()])?;
                let v = self.call(expect, &[c.into(), ctx.bool_type().const_zero().into()])?.try_as_basic_value().left();
                Ok((v, LlType::Bool))
            }
            LlOp::ExcFetch => {
                let g = self.extern_ptr_global("rpy_exc_value");
                let e = self.builder.build_load(g.as_pointer_value(), "exc")?;
                self.builder.build_store(g.as_pointer_value(), self.layouts.i8p.const_null())?;
                Ok((Some(e), LlType::Ptr(TypeRef(0))))
            }
            LlOp::Raise(loc) => {
                let e = arg(0, LlType::Ptr(TypeRef(0)))?;
                let f = self.helper("rpy_raise");
                self.call(f, &[e])?;
                if *loc != u32::MAX {
                    self.traceback_add(*loc)?;
                }
                Ok((None, LlType::Void))
            }
            LlOp::TracebackAdd(loc) => {
                self.traceback_add(*loc)?;
                Ok((None, LlType::Void))
            }
            LlOp::StackCheck => {
                self.stack_check(st)?;
                Ok((None, LlType::Void))
            }
            LlOp::GcPushRoots | LlOp::GcPopRoots | LlOp::GcMalloc(_) | LlOp::GcMallocVarsize(_) | LlOp::GcSafepoint => {
                Err(EmitError("GC operations with roots are emitted by gc_op".into()))
            }
            LlOp::GcWriteBarrier | LlOp::GcWriteBarrierItem => {
                let obj = arg(0, PTR)?;
                let flags_ptr = unsafe { self.builder.build_gep(obj.into_pointer_value(), &[self.i64c(4)], "flagsp")? };
                let flags_ptr = self.builder.build_pointer_cast(flags_ptr, ctx.i32_type().ptr_type(AddressSpace::default()), "flagsp")?;
                let flags = self.builder.build_load(flags_ptr, "flags")?.into_int_value();
                let track = self.builder.build_and(flags, ctx.i32_type().const_int(GCFLAG_TRACK_YOUNG, false), "track")?;
                let c = self.builder.build_int_compare(IntPredicate::NE, track, ctx.i32_type().const_zero(), "barrier")?;
                let cur = self.builder.get_insert_block().expect("positioned");
                let cont = self.ctx.insert_basic_block_after(cur, "cont");
                let slow = self.ctx.append_basic_block(st.fv, "barrier");
                let br = self.builder.build_conditional_branch(c, slow, cont)?;
                self.set_unlikely(br);
                self.builder.position_at_end(slow);
                if *kind == LlOp::GcWriteBarrier {
                    self.call(self.helper("rpy_gc_remember"), &[obj])?;
                } else {
                    let index = arg(1, LlType::Signed)?;
                    self.call(self.helper("rpy_gc_remember_item"), &[obj, index])?;
                }
                self.builder.build_unconditional_branch(cont)?;
                self.builder.position_at_end(cont);
                Ok((None, LlType::Void))
            }
        }
    }

    /// `rpy_ss_top`, as an `i8**`.
    fn ss_top(&self) -> R<PointerValue<'ctx>> {
        let g = self.extern_ptr_global("rpy_ss_top");
        let top = self.builder.build_load(g.as_pointer_value(), "sstop")?.into_pointer_value();
        Ok(self.builder.build_pointer_cast(top, self.layouts.i8p.ptr_type(AddressSpace::default()), "ss")?)
    }

    fn set_ss_top(&self, top: PointerValue<'ctx>) -> R<()> {
        let g = self.extern_ptr_global("rpy_ss_top");
        let v = self.builder.build_pointer_cast(top, self.layouts.i8p, "sstop")?;
        self.builder.build_store(g.as_pointer_value(), v)?;
        Ok(())
    }

    /// The roots of a GC operation (its variable arguments from `first` on), with their values
    /// as `i8*`.
    fn roots(&self, st: &FnState<'ctx>, f: &LlFunction, op: &Op<LlOp>, first: usize) -> R<Vec<(Var, BasicValueEnum<'ctx>)>> {
        let mut out = vec![];
        for a in &op.args[first..] {
            if let Operand::Var(v) = a {
                out.push((*v, self.var_value(st, f, *v, PTR)?));
            }
        }
        Ok(out)
    }

    fn push_roots(&self, roots: &[(Var, BasicValueEnum<'ctx>)]) -> R<()> {
        let top = self.ss_top()?;
        for (i, (_, v)) in roots.iter().enumerate() {
            let slot = unsafe { self.builder.build_gep(top, &[self.i64c(i as i64)], "root")? };
            self.builder.build_store(slot, *v)?;
        }
        let new_top = unsafe { self.builder.build_gep(top, &[self.i64c(roots.len() as i64)], "top")? };
        self.set_ss_top(new_top)
    }

    /// Pops the roots and reloads them: their new values, of their variables' types.
    fn pop_roots(&self, f: &LlFunction, roots: &[(Var, BasicValueEnum<'ctx>)]) -> R<Vec<BasicValueEnum<'ctx>>> {
        let top = self.ss_top()?;
        let base = unsafe { self.builder.build_gep(top, &[self.i64c(-(roots.len() as i64))], "base")? };
        self.set_ss_top(base)?;
        let mut out = vec![];
        for (i, (v, _)) in roots.iter().enumerate() {
            let slot = unsafe { self.builder.build_gep(base, &[self.i64c(i as i64)], "root")? };
            let p = self.builder.build_load(slot, "reloaded")?;
            out.push(self.coerce(Some(p), PTR, f.var_types[v.0 as usize])?.expect("a root has a value"));
        }
        Ok(out)
    }

    /// The GC transform's operations that save and reload roots (`true` when `op` is one):
    /// the reloaded values replace the roots' values for the rest of the block.
    fn gc_op(&self, st: &mut FnState<'ctx>, f: &LlFunction, op: &Op<LlOp>) -> R<bool> {
        let p = self.p;
        let ctx = self.ctx;
        let i64t = ctx.i64_type();
        match &op.kind {
            LlOp::GcPushRoots => {
                let roots = self.roots(st, f, op, 0)?;
                self.push_roots(&roots)?;
            }
            LlOp::GcPopRoots => {
                let roots = self.roots(st, f, op, 0)?;
                let values = self.pop_roots(f, &roots)?;
                for ((v, _), nv) in roots.iter().zip(values) {
                    st.values[v.0 as usize] = Some(nv);
                }
            }
            LlOp::GcMalloc(t) | LlOp::GcMallocVarsize(t) => {
                let sd = p.types.struct_def(*t);
                let tid = ctx.i32_type().const_int(sd.tid as u64, false);
                let fixed = self.td.get_abi_size(&self.layouts.get(*t).ty);
                let varsize = matches!(op.kind, LlOp::GcMallocVarsize(_));
                let item = sd.varsize.map_or(0, |it| if it == LlType::Char { 1 } else { 8 });
                let count = if varsize { Some(self.operand(st, f, &op.args[0]).0.ok_or_else(|| EmitError("no count".into()))?.into_int_value()) } else { None };
                let fast = match count {
                    None => self.nursery_alloc(tid, i64t.const_int(fixed.max(16).div_ceil(8) * 8, false), None)?,
                    Some(n) => {
                        // RPY_GC_SIZE(fixed + item * n), when n is small enough for the nursery.
                        let b = &self.builder;
                        let max = i64t.const_int(32768 / item.max(1), false);
                        let small = b.build_int_compare(IntPredicate::ULE, n, max, "small")?;
                        let bytes = b.build_int_add(b.build_int_mul(n, i64t.const_int(item, false), "items")?, i64t.const_int(fixed + 7, false), "bytes")?;
                        let size = b.build_and(bytes, i64t.const_int(!7u64, false), "size")?;
                        let count_field = if *t == Types::STR { "nbytes" } else { "length" };
                        let extra = if sd.varsize == Some(LlType::Char) { 1 } else { 0 };
                        let length = b.build_int_sub(n, i64t.const_int(extra, false), "count")?;
                        self.nursery_alloc(tid, size, Some((small, self.field_offset(*t, count_field), length)))?
                    }
                };
                let first = if varsize { 1 } else { 0 };
                let roots = self.roots(st, f, op, first)?;
                let failed = self.builder.build_is_null(fast, "full")?;
                let made = self.gc_slow_path(st, f, failed, &roots, Some(fast.into()), |s| {
                    let v = match count {
                        None => {
                            let size = i64t.const_int(fixed.max(16).div_ceil(8) * 8, false);
                            s.call(s.helper("rpy_gc_alloc_slow"), &[tid.into(), size.into()])?
                        }
                        Some(n) => {
                            let args = [tid.into(), i64t.const_int(fixed, false).into(), i64t.const_int(item, false).into(), n.into()];
                            s.call(s.helper("rpy_gc_alloc_varsize_slow"), &args)?
                        }
                    };
                    Ok(v.try_as_basic_value().left())
                })?;
                st.values[op.result.0 as usize] = made;
            }
            LlOp::GcSafepoint => {
                let g = self.extern_global("rpy_gc_pending", ctx.i8_type().into());
                let v = self.builder.build_load(g.as_pointer_value(), "pending")?.into_int_value();
                let pending = self.builder.build_int_compare(IntPredicate::NE, v, ctx.i8_type().const_zero(), "pending")?;
                let roots = self.roots(st, f, op, 0)?;
                self.gc_slow_path(st, f, pending, &roots, None, |s| {
                    s.call(s.helper("rpy_gc_collect_pending"), &[])?;
                    Ok(None)
                })?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `if (unlikely(cond)) { push roots; slow(); pop and reload roots }`: afterwards the roots'
    /// variables hold phis of their old and reloaded values. Returns `fast` merged with what
    /// `slow` gave.
    fn gc_slow_path(
        &self,
        st: &mut FnState<'ctx>,
        f: &LlFunction,
        cond: IntValue<'ctx>,
        roots: &[(Var, BasicValueEnum<'ctx>)],
        fast: Option<BasicValueEnum<'ctx>>,
        slow: impl FnOnce(&Self) -> R<Option<BasicValueEnum<'ctx>>>,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let cur = self.builder.get_insert_block().expect("positioned");
        let cont = self.ctx.insert_basic_block_after(cur, "gc.cont");
        let slow_bb = self.ctx.append_basic_block(st.fv, "gc.slow");
        let br = self.builder.build_conditional_branch(cond, slow_bb, cont)?;
        self.set_unlikely(br);
        self.builder.position_at_end(slow_bb);
        if !roots.is_empty() {
            self.push_roots(roots)?;
        }
        let made = slow(self)?;
        let reloaded = if roots.is_empty() { vec![] } else { self.pop_roots(f, roots)? };
        let slow_end = self.builder.get_insert_block().expect("positioned");
        self.builder.build_unconditional_branch(cont)?;
        self.builder.position_at_end(cont);
        for ((v, _), nv) in roots.iter().zip(reloaded) {
            let old = self.var_value(st, f, *v, f.var_types[v.0 as usize])?;
            let phi = self.builder.build_phi(old.get_type(), "root")?;
            phi.add_incoming(&[(&old, cur), (&nv, slow_end)]);
            st.values[v.0 as usize] = Some(phi.as_basic_value());
        }
        Ok(match (fast, made) {
            (Some(a), Some(b)) => {
                let phi = self.builder.build_phi(a.get_type(), "obj")?;
                phi.add_incoming(&[(&a, cur), (&b, slow_end)]);
                Some(phi.as_basic_value())
            }
            _ => None,
        })
    }

    /// `rpy_gc_alloc_fast` of rpy.h: a bump of `rpy_nursery_free` by `size`, or null; with
    /// `varsize` (whether the count is small enough, the offset of the count field and its
    /// value), the count is stored too.
    fn nursery_alloc(&self, tid: IntValue<'ctx>, size: IntValue<'ctx>, varsize: Option<(IntValue<'ctx>, u64, IntValue<'ctx>)>) -> R<PointerValue<'ctx>> {
        let ctx = self.ctx;
        let i64t = ctx.i64_type();
        let free_g = self.extern_ptr_global("rpy_nursery_free");
        let top_g = self.extern_ptr_global("rpy_nursery_top");
        let b = &self.builder;
        let free = b.build_load(free_g.as_pointer_value(), "free")?.into_pointer_value();
        let top = b.build_load(top_g.as_pointer_value(), "top")?.into_pointer_value();
        let room = b.build_int_sub(b.build_ptr_to_int(top, i64t, "t")?, b.build_ptr_to_int(free, i64t, "f")?, "room")?;
        let mut fits = b.build_int_compare(IntPredicate::UGE, room, size, "fits")?;
        if let Some((small, _, _)) = varsize {
            fits = b.build_and(fits, small, "fits")?;
        }
        let cur = b.get_insert_block().expect("positioned");
        let merge = ctx.insert_basic_block_after(cur, "allocated");
        let ok = ctx.insert_basic_block_after(cur, "bump");
        let br = b.build_conditional_branch(fits, ok, merge)?;
        let i32t = ctx.i32_type();
        let md = ctx.metadata_node(&[ctx.metadata_string("branch_weights").into(), i32t.const_int(2000, false).into(), i32t.const_int(1, false).into()]);
        let _ = br.set_metadata(md, self.prof_kind);
        b.position_at_end(ok);
        let next = unsafe { b.build_gep(free, &[size], "next")? };
        b.build_store(free_g.as_pointer_value(), next)?;
        let tid_ptr = b.build_pointer_cast(free, i32t.ptr_type(AddressSpace::default()), "tidp")?;
        b.build_store(tid_ptr, tid)?;
        if let Some((_, offset, count)) = varsize {
            let at = unsafe { b.build_gep(free, &[i64t.const_int(offset, false)], "countp")? };
            let at = b.build_pointer_cast(at, i64t.ptr_type(AddressSpace::default()), "countp")?;
            b.build_store(at, count)?;
        }
        b.build_unconditional_branch(merge)?;
        b.position_at_end(merge);
        let phi = b.build_phi(self.layouts.i8p, "obj")?;
        phi.add_incoming(&[(&free, ok), (&self.layouts.i8p.const_null(), cur)]);
        Ok(phi.as_basic_value().into_pointer_value())
    }

    fn arg(&self, args: &[(Option<BasicValueEnum<'ctx>>, LlType)], i: usize, t: LlType) -> R<BasicValueEnum<'ctx>> {
        let (v, at) = args.get(i).copied().unwrap_or((None, LlType::Void));
        let c = self.coerce(v, at, t)?;
        c.ok_or_else(|| EmitError(format!("operand {i} has no value")))
    }

    fn traceback_add(&self, loc: u32) -> R<()> {
        let f = self.helper("rpy_traceback_add");
        self.call(f, &[self.i64c(loc as i64).into()])?;
        Ok(())
    }

    /// `if (unlikely(&here < rpy_stack_limit)) rpy_stack_overflow();` (with the shadow stack's
    /// check too after the GC transform, as rpy.h's rpy_stack_check)
    fn stack_check(&self, st: &FnState<'ctx>) -> R<()> {
        let i64t = self.ctx.i64_type();
        let here = st.here.ok_or_else(|| EmitError("stack check without its local".into()))?;
        let g = self.extern_ptr_global("rpy_stack_limit");
        let limit = self.builder.build_load(g.as_pointer_value(), "limit")?.into_pointer_value();
        let a = self.builder.build_ptr_to_int(here, i64t, "sp")?;
        let l = self.builder.build_ptr_to_int(limit, i64t, "lim")?;
        let mut c = self.builder.build_int_compare(IntPredicate::ULT, a, l, "overflow")?;
        if self.shadow_stack {
            // `|| rpy_ss_top > rpy_ss_limit`
            let top = self.builder.build_load(self.extern_ptr_global("rpy_ss_top").as_pointer_value(), "sstop")?.into_pointer_value();
            let limit = self.builder.build_load(self.extern_ptr_global("rpy_ss_limit").as_pointer_value(), "sslimit")?.into_pointer_value();
            let t = self.builder.build_ptr_to_int(top, i64t, "sst")?;
            let l = self.builder.build_ptr_to_int(limit, i64t, "ssl")?;
            let over = self.builder.build_int_compare(IntPredicate::UGT, t, l, "ssover")?;
            c = self.builder.build_or(c, over, "overflow")?;
        }
        let cur = self.builder.get_insert_block().expect("positioned");
        let cont = self.ctx.insert_basic_block_after(cur, "cont");
        let slow = self.ctx.append_basic_block(st.fv, "overflow");
        let br = self.builder.build_conditional_branch(c, slow, cont)?;
        self.set_unlikely(br);
        self.builder.position_at_end(slow);
        let f = self.helper("rpy_stack_overflow");
        f.add_attribute(AttributeLoc::Function, self.attr("cold"));
        self.call(f, &[])?;
        self.builder.build_unconditional_branch(cont)?;
        self.builder.position_at_end(cont);
        Ok(())
    }

    // ------------------------------------------------------------------ primitive operations

    fn prim(&self, st: &FnState<'ctx>, op: PrimOp, a: &[BasicValueEnum<'ctx>]) -> R<BasicValueEnum<'ctx>> {
        use PrimOp as P;
        let ctx = self.ctx;
        let i64t = ctx.i64_type();
        let f64t = ctx.f64_type();
        let int = |i: usize| a[i].into_int_value();
        let flt = |i: usize| a[i].into_float_value();
        let zero = i64t.const_zero();
        let fzero = f64t.const_zero();
        let icmp = |s: &Self, pred: IntPredicate| -> R<BasicValueEnum<'ctx>> { Ok(s.builder.build_int_compare(pred, int(0), int(1), "cmp")?.into()) };
        let fcmp = |s: &Self, pred: FloatPredicate| -> R<BasicValueEnum<'ctx>> { Ok(s.builder.build_float_compare(pred, flt(0), flt(1), "cmp")?.into()) };
        let b = &self.builder;
        let v: BasicValueEnum<'ctx> = match op {
            P::IntAdd | P::UintAdd => b.build_int_add(int(0), int(1), "add")?.into(),
            P::IntSub | P::UintSub => b.build_int_sub(int(0), int(1), "sub")?.into(),
            P::IntMul | P::UintMul => b.build_int_mul(int(0), int(1), "mul")?.into(),
            P::IntFloorDiv | P::IntMod => {
                let (x, y) = (int(0), int(1));
                let is_zero = b.build_int_compare(IntPredicate::EQ, y, zero, "iszero")?;
                let is_mod = op == P::IntMod;
                let message = if is_mod { "integer modulo by zero" } else { "integer division or modulo by zero" };
                self.guarded(st, is_zero, EXC_ZERO_DIVISION, message, zero.into(), |s| {
                    let b = &s.builder;
                    // x // -1 wraps (INT64_MIN // -1); x % -1 is 0. Dividing by 1 instead
                    // gives r == 0, so only the quotient needs the special case.
                    let m1 = b.build_int_compare(IntPredicate::EQ, y, i64t.const_all_ones(), "m1")?;
                    let d = b.build_select(m1, i64t.const_int(1, false), y, "d")?.into_int_value();
                    let r = b.build_int_signed_rem(x, d, "r")?;
                    let rnz = b.build_int_compare(IntPredicate::NE, r, zero, "rnz")?;
                    let rx = b.build_xor(r, y, "rx")?;
                    let signs = b.build_int_compare(IntPredicate::SLT, rx, zero, "signs")?;
                    let adj = b.build_and(rnz, signs, "adj")?;
                    if is_mod {
                        let add = b.build_select(adj, y, zero, "add")?.into_int_value();
                        Ok(b.build_int_add(r, add, "mod")?.into())
                    } else {
                        let q = b.build_int_signed_div(x, d, "q")?;
                        let q1 = b.build_int_sub(q, b.build_int_z_extend(adj, i64t, "adj64")?, "q1")?;
                        let neg = b.build_int_sub(zero, x, "neg")?;
                        Ok(b.build_select(m1, neg, q1, "div")?)
                    }
                })?
            }
            P::IntTrueDiv => {
                let (x, y) = (int(0), int(1));
                let is_zero = b.build_int_compare(IntPredicate::EQ, y, zero, "iszero")?;
                self.guarded(st, is_zero, EXC_ZERO_DIVISION, "division by zero", fzero.into(), |s| {
                    // Up to 2**53 both convert exactly and one division rounds once;
                    // beyond, the runtime divides exactly (as rpy_int_truediv_op does).
                    let b = &s.builder;
                    let lim = i64t.const_int(1 << 53, false);
                    let span = i64t.const_int(2 << 53, false);
                    let x_in = b.build_int_compare(IntPredicate::ULE, b.build_int_add(x, lim, "xo")?, span, "xin")?;
                    let y_in = b.build_int_compare(IntPredicate::ULE, b.build_int_add(y, lim, "yo")?, span, "yin")?;
                    let both = b.build_and(x_in, y_in, "exact")?;
                    let here = b.get_insert_block().expect("positioned");
                    let fast = s.ctx.insert_basic_block_after(here, "fastdiv");
                    let slow = s.ctx.insert_basic_block_after(fast, "slowdiv");
                    let join = s.ctx.insert_basic_block_after(slow, "divided");
                    b.build_conditional_branch(both, fast, slow)?;
                    b.position_at_end(fast);
                    let fx = b.build_signed_int_to_float(x, f64t, "fx")?;
                    let fy = b.build_signed_int_to_float(y, f64t, "fy")?;
                    let q = b.build_float_div(fx, fy, "div")?;
                    b.build_unconditional_branch(join)?;
                    b.position_at_end(slow);
                    let f = s.helper("rpy_int_truediv_exact");
                    let q2 = s.call(f, &[x.into(), y.into()])?.try_as_basic_value().left().expect("a value");
                    let slow_end = s.builder.get_insert_block().expect("positioned");
                    s.builder.build_unconditional_branch(join)?;
                    s.builder.position_at_end(join);
                    let phi = s.builder.build_phi(f64t, "q")?;
                    phi.add_incoming(&[(&q, fast), (&q2, slow_end)]);
                    Ok(phi.as_basic_value())
                })?
            }
            P::IntPow => {
                let f = self.helper("rpy_int_pow_op");
                self.call(f, a)?.try_as_basic_value().left().expect("a value")
            }
            P::IntAddOvf | P::IntSubOvf | P::IntMulOvf => {
                let (name, msg) = match op {
                    P::IntAddOvf => ("llvm.sadd.with.overflow", "integer addition"),
                    P::IntSubOvf => ("llvm.ssub.with.overflow", "integer subtraction"),
                    _ => ("llvm.smul.with.overflow", "integer multiplication"),
                };
                let f = self.intrinsic(name, &[i64t.into()])?;
                let pair = self.call(f, a)?.try_as_basic_value().left().expect("a value").into_struct_value();
                let r = self.builder.build_extract_value(pair, 0, "r")?;
                let o = self.builder.build_extract_value(pair, 1, "o")?.into_int_value();
                self.guarded(st, o, EXC_OVERFLOW, msg, zero.into(), |_| Ok(r))?
            }
            P::IntAnd | P::UintAnd | P::BoolAnd => b.build_and(int(0), int(1), "and")?.into(),
            P::IntOr | P::UintOr | P::BoolOr => b.build_or(int(0), int(1), "or")?.into(),
            P::IntXor | P::UintXor => b.build_xor(int(0), int(1), "xor")?.into(),
            P::IntLshift | P::IntRshift => {
                let (x, y) = (int(0), int(1));
                let neg = b.build_int_compare(IntPredicate::SLT, y, zero, "negshift")?;
                let left = op == P::IntLshift;
                self.guarded(st, neg, EXC_VALUE, "negative shift count", zero.into(), |s| {
                    let b = &s.builder;
                    let big = b.build_int_compare(IntPredicate::SGE, y, i64t.const_int(64, false), "big")?;
                    if left {
                        let sh = b.build_and(y, i64t.const_int(63, false), "sh")?;
                        let v = b.build_left_shift(x, sh, "shl")?;
                        Ok(b.build_select(big, zero, v, "lshift")?)
                    } else {
                        // Shifting by 63 gives what shifting by 64 or more gives: 0 or -1.
                        let sh = b.build_select(big, i64t.const_int(63, false), y, "sh")?.into_int_value();
                        Ok(b.build_right_shift(x, sh, true, "ashr")?.into())
                    }
                })?
            }
            P::UintLshift | P::UintRshift => {
                let (x, y) = (int(0), int(1));
                // Negative counts are huge as unsigned: both give 0.
                let big = b.build_int_compare(IntPredicate::UGE, y, i64t.const_int(64, false), "big")?;
                let sh = b.build_and(y, i64t.const_int(63, false), "sh")?;
                let v = if op == P::UintLshift { b.build_left_shift(x, sh, "shl")? } else { b.build_right_shift(x, sh, false, "lshr")? };
                b.build_select(big, zero, v, "shift")?
            }
            P::IntNeg => b.build_int_sub(zero, int(0), "neg")?.into(),
            P::IntInvert | P::UintInvert => b.build_not(int(0), "inv")?.into(),
            P::IntAbs => {
                let x = int(0);
                let negative = b.build_int_compare(IntPredicate::SLT, x, zero, "isneg")?;
                let n = b.build_int_sub(zero, x, "neg")?;
                b.build_select(negative, n, x, "abs")?
            }
            P::IntLt => icmp(self, IntPredicate::SLT)?,
            P::IntLe => icmp(self, IntPredicate::SLE)?,
            P::IntGt => icmp(self, IntPredicate::SGT)?,
            P::IntGe => icmp(self, IntPredicate::SGE)?,
            P::UintLt | P::UniCharLt => icmp(self, IntPredicate::ULT)?,
            P::UintLe | P::UniCharLe => icmp(self, IntPredicate::ULE)?,
            P::UintGt | P::UniCharGt => icmp(self, IntPredicate::UGT)?,
            P::UintGe | P::UniCharGe => icmp(self, IntPredicate::UGE)?,
            P::IntEq | P::UintEq | P::UniCharEq | P::BoolEq => icmp(self, IntPredicate::EQ)?,
            P::IntNe | P::UintNe | P::UniCharNe | P::BoolNe => icmp(self, IntPredicate::NE)?,
            P::UintFloorDiv | P::UintMod => {
                let (x, y) = (int(0), int(1));
                let is_zero = b.build_int_compare(IntPredicate::EQ, y, zero, "iszero")?;
                let div = op == P::UintFloorDiv;
                let message = if div { "integer division or modulo by zero" } else { "integer modulo by zero" };
                self.guarded(st, is_zero, EXC_ZERO_DIVISION, message, zero.into(), |s| {
                    let b = &s.builder;
                    Ok(if div { b.build_int_unsigned_div(x, y, "udiv")? } else { b.build_int_unsigned_rem(x, y, "urem")? }.into())
                })?
            }
            P::FloatAdd => b.build_float_add(flt(0), flt(1), "fadd")?.into(),
            P::FloatSub => b.build_float_sub(flt(0), flt(1), "fsub")?.into(),
            P::FloatMul => b.build_float_mul(flt(0), flt(1), "fmul")?.into(),
            P::FloatTrueDiv => {
                let (x, y) = (flt(0), flt(1));
                let is_zero = b.build_float_compare(FloatPredicate::OEQ, y, fzero, "iszero")?;
                self.guarded(st, is_zero, EXC_ZERO_DIVISION, "float division by zero", fzero.into(), |s| Ok(s.builder.build_float_div(x, y, "fdiv")?.into()))?
            }
            P::FloatMod => {
                let (x, y) = (flt(0), flt(1));
                let is_zero = b.build_float_compare(FloatPredicate::OEQ, y, fzero, "iszero")?;
                self.guarded(st, is_zero, EXC_ZERO_DIVISION, "float modulo", fzero.into(), |s| s.float_mod(x, y))?
            }
            P::FloatFloorDiv => {
                let (x, y) = (flt(0), flt(1));
                let is_zero = b.build_float_compare(FloatPredicate::OEQ, y, fzero, "iszero")?;
                self.guarded(st, is_zero, EXC_ZERO_DIVISION, "float floor division by zero", fzero.into(), |s| s.float_floordiv(x, y))?
            }
            P::FloatPow => {
                let f = self.helper("rpy_float_pow_op");
                self.call(f, a)?.try_as_basic_value().left().expect("a value")
            }
            P::FloatNeg => b.build_float_neg(flt(0), "fneg")?.into(),
            P::FloatAbs => {
                let f = self.intrinsic("llvm.fabs", &[f64t.into()])?;
                self.call(f, a)?.try_as_basic_value().left().expect("a value")
            }
            P::FloatLt => fcmp(self, FloatPredicate::OLT)?,
            P::FloatLe => fcmp(self, FloatPredicate::OLE)?,
            P::FloatEq => fcmp(self, FloatPredicate::OEQ)?,
            P::FloatNe => fcmp(self, FloatPredicate::UNE)?,
            P::FloatGt => fcmp(self, FloatPredicate::OGT)?,
            P::FloatGe => fcmp(self, FloatPredicate::OGE)?,
            P::BoolNot => b.build_not(int(0), "not")?.into(),
            P::CastBoolToInt | P::CastUniCharToInt | P::CastCharToInt => b.build_int_z_extend(int(0), i64t, "zext")?.into(),
            P::CastUintToInt | P::CastIntToUint => a[0],
            P::CastIntToBool => b.build_int_compare(IntPredicate::NE, int(0), zero, "tobool")?.into(),
            P::CastIntToFloat => b.build_signed_int_to_float(int(0), f64t, "sitofp")?.into(),
            P::CastUintToFloat => b.build_unsigned_int_to_float(int(0), f64t, "uitofp")?.into(),
            P::CastFloatToInt => {
                let f = self.helper("rpy_float_to_int_op");
                self.call(f, a)?.try_as_basic_value().left().expect("a value")
            }
            P::CastFloatToBool => b.build_float_compare(FloatPredicate::UNE, flt(0), fzero, "tobool")?.into(),
            P::CastIntToUniChar => {
                let x = int(0);
                let out = b.build_int_compare(IntPredicate::UGT, x, i64t.const_int(0x10ffff, false), "range")?;
                self.guarded(st, out, EXC_VALUE, "chr() arg not in range(0x110000)", ctx.i32_type().const_zero().into(), |s| {
                    Ok(s.builder.build_int_truncate(x, s.ctx.i32_type(), "unichar")?.into())
                })?
            }
            P::CastIntToChar => b.build_int_truncate(int(0), ctx.i8_type(), "char")?.into(),
        };
        Ok(v)
    }

    /// `rpy_float_mod_op` without its zero check.
    fn float_mod(&self, x: FloatValue<'ctx>, y: FloatValue<'ctx>) -> R<BasicValueEnum<'ctx>> {
        let f64t = self.ctx.f64_type();
        let fzero = f64t.const_zero();
        let copysign = self.intrinsic("llvm.copysign", &[f64t.into()])?;
        let b = &self.builder;
        let m = b.build_float_rem(x, y, "m")?;
        let nonzero = b.build_float_compare(FloatPredicate::UNE, m, fzero, "mnz")?;
        let yneg = b.build_float_compare(FloatPredicate::OLT, y, fzero, "yneg")?;
        let mneg = b.build_float_compare(FloatPredicate::OLT, m, fzero, "mneg")?;
        let differ = b.build_xor(yneg, mneg, "differ")?;
        let madj = b.build_float_add(m, y, "madj")?;
        let m1 = b.build_select(differ, madj, m, "m1")?;
        let z = self.call(copysign, &[fzero.into(), y.into()])?.try_as_basic_value().left().expect("a value");
        Ok(self.builder.build_select(nonzero, m1, z, "fmod")?)
    }

    /// `rpy_float_floordiv_op` without its zero check.
    fn float_floordiv(&self, x: FloatValue<'ctx>, y: FloatValue<'ctx>) -> R<BasicValueEnum<'ctx>> {
        let f64t = self.ctx.f64_type();
        let fzero = f64t.const_zero();
        let one = f64t.const_float(1.0);
        let copysign = self.intrinsic("llvm.copysign", &[f64t.into()])?;
        let floor = self.intrinsic("llvm.floor", &[f64t.into()])?;
        let b = &self.builder;
        let m = b.build_float_rem(x, y, "m")?;
        let xm = b.build_float_sub(x, m, "xm")?;
        let div = b.build_float_div(xm, y, "div")?;
        let mnz = b.build_float_compare(FloatPredicate::UNE, m, fzero, "mnz")?;
        let yneg = b.build_float_compare(FloatPredicate::OLT, y, fzero, "yneg")?;
        let mneg = b.build_float_compare(FloatPredicate::OLT, m, fzero, "mneg")?;
        let differ = b.build_xor(yneg, mneg, "differ")?;
        let adj = b.build_and(mnz, differ, "adj")?;
        let dm1 = b.build_float_sub(div, one, "dm1")?;
        let div = b.build_select(adj, dm1, div, "div1")?.into_float_value();
        let fl = self.call(floor, &[div.into()])?.try_as_basic_value().left().expect("a value").into_float_value();
        let b = &self.builder;
        let frac = b.build_float_sub(div, fl, "frac")?;
        let up = b.build_float_compare(FloatPredicate::OGT, frac, f64t.const_float(0.5), "up")?;
        let fl1 = b.build_float_add(fl, one, "fl1")?;
        let fl = b.build_select(up, fl1, fl, "fl")?;
        let q = b.build_float_div(x, y, "q")?;
        let z = self.call(copysign, &[fzero.into(), q.into()])?.try_as_basic_value().left().expect("a value");
        let b = &self.builder;
        let dnz = b.build_float_compare(FloatPredicate::UNE, div, fzero, "dnz")?;
        Ok(b.build_select(dnz, fl, z, "floordiv")?)
    }
}
