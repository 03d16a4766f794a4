//! Lowering of each high-level operation: one arm per `HlOp`, chosen by the annotations of
//! the operands.

use crate::lower::{FnLowering, LlOperand};
use crate::RTyper;
use rpy_annotator::{GraphId, IterKind, SomeValue};
use SomeValue as S;
use rpy_flow::{Block, Constant, HlOp, Operand};
use rpy_lltype::{LlConst, LlOp, LlType, PrimOp, RuntimeFn, Types};
use rpy_source::{Diagnostic, ErrorCode, Span};

/// The operands of the operation being lowered, with their annotations.
#[derive(Clone)]
pub(crate) struct Hop {
    pub g: GraphId,
    pub block: Block,
    pub index: usize,
    pub kind: HlOp,
    pub span: Span,
    pub args: Vec<LlOperand>,
    pub anns: Vec<SomeValue>,
    pub result: SomeValue,
}

fn int_op(kind: HlOp, unsigned: bool) -> Option<PrimOp> {
    use HlOp as H;
    use PrimOp as P;
    Some(match (kind, unsigned) {
        (H::Add, false) => P::IntAdd,
        (H::Sub, false) => P::IntSub,
        (H::Mul, false) => P::IntMul,
        (H::FloorDiv, false) => P::IntFloorDiv,
        (H::Mod, false) => P::IntMod,
        (H::Pow, false) => P::IntPow,
        (H::LShift, false) => P::IntLshift,
        (H::RShift, false) => P::IntRshift,
        (H::BitAnd, false) => P::IntAnd,
        (H::BitOr, false) => P::IntOr,
        (H::BitXor, false) => P::IntXor,
        (H::TrueDiv, false) => P::IntTrueDiv,
        (H::Lt, false) => P::IntLt,
        (H::Le, false) => P::IntLe,
        (H::Eq, false) => P::IntEq,
        (H::Ne, false) => P::IntNe,
        (H::Gt, false) => P::IntGt,
        (H::Ge, false) => P::IntGe,
        (H::Add, true) => P::UintAdd,
        (H::Sub, true) => P::UintSub,
        (H::Mul, true) => P::UintMul,
        (H::FloorDiv, true) => P::UintFloorDiv,
        (H::Mod, true) => P::UintMod,
        (H::LShift, true) => P::UintLshift,
        (H::RShift, true) => P::UintRshift,
        (H::BitAnd, true) => P::UintAnd,
        (H::BitOr, true) => P::UintOr,
        (H::BitXor, true) => P::UintXor,
        (H::Lt, true) => P::UintLt,
        (H::Le, true) => P::UintLe,
        (H::Eq, true) => P::UintEq,
        (H::Ne, true) => P::UintNe,
        (H::Gt, true) => P::UintGt,
        (H::Ge, true) => P::UintGe,
        _ => return None,
    })
}

fn float_op(kind: HlOp) -> Option<PrimOp> {
    use HlOp as H;
    use PrimOp as P;
    Some(match kind {
        H::Add => P::FloatAdd,
        H::Sub => P::FloatSub,
        H::Mul => P::FloatMul,
        H::TrueDiv => P::FloatTrueDiv,
        H::FloorDiv => P::FloatFloorDiv,
        H::Mod => P::FloatMod,
        H::Pow => P::FloatPow,
        H::Lt => P::FloatLt,
        H::Le => P::FloatLe,
        H::Eq => P::FloatEq,
        H::Ne => P::FloatNe,
        H::Gt => P::FloatGt,
        H::Ge => P::FloatGe,
        _ => return None,
    })
}

fn unichar_cmp(kind: HlOp) -> Option<PrimOp> {
    Some(match kind {
        HlOp::Lt => PrimOp::UniCharLt,
        HlOp::Le => PrimOp::UniCharLe,
        HlOp::Eq => PrimOp::UniCharEq,
        HlOp::Ne => PrimOp::UniCharNe,
        HlOp::Gt => PrimOp::UniCharGt,
        HlOp::Ge => PrimOp::UniCharGe,
        _ => return None,
    })
}

impl<'a> RTyper<'a> {
    pub(crate) fn unsupported(&mut self, span: Span, what: String) -> LlOperand {
        self.error(Diagnostic::at(ErrorCode::BadOperation, span, format!("{what} is not supported by the translator yet")).with_note("this program is valid RPy, but this part of the translator is not finished"));
        Operand::Const(LlConst::Void)
    }

    /// Lowers operation `i` of block `hb` and returns its result.
    pub(crate) fn lower_op(&mut self, fl: &mut FnLowering, g: GraphId, hb: Block, i: usize) -> LlOperand {
        let ann = self.ann;
        let hl = ann.graph(g);
        let op = &hl.graph.block(hb).ops[i];
        let args: Vec<LlOperand> = op.args.iter().map(|a| self.operand(fl, a)).collect();
        let anns: Vec<SomeValue> = op.args.iter().map(|a| ann.operand_ann(g, a)).collect();
        let result = hl.ann(op.result);
        let hop = Hop { g, block: hb, index: i, kind: op.kind, span: op.span, args, anns, result };
        self.lower_hop(fl, &hop)
    }

    fn lower_hop(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use HlOp as H;
        use SomeValue as S;
        let span = hop.span;
        let rt = self.lltype(&hop.result);
        if rt == LlType::Void && !matches!(hop.kind, H::SimpleCall | H::CallKw | H::CallStar | H::SetAttr | H::SetItem | H::DelItem | H::SetSlice | H::DelSlice) {
            // A value known statically (None, a constant function): nothing to compute,
            // unless the operation has effects.
            if let Some(k) = const_of(&hop.result) {
                let _ = k;
                return Operand::Const(LlConst::Void);
            }
        }
        self.check_none_operands(fl, hop);
        match hop.kind {
            H::Add | H::Sub | H::Mul | H::TrueDiv | H::FloorDiv | H::Mod | H::Pow | H::LShift | H::RShift | H::BitAnd | H::BitOr | H::BitXor
            | H::InplaceAdd | H::InplaceSub | H::InplaceMul | H::InplaceTrueDiv | H::InplaceFloorDiv | H::InplaceMod | H::InplacePow
            | H::InplaceLShift | H::InplaceRShift | H::InplaceAnd | H::InplaceOr | H::InplaceXor => self.lower_binary(fl, hop),
            H::Lt | H::Le | H::Eq | H::Ne | H::Gt | H::Ge => self.lower_compare(fl, hop),
            H::Neg | H::Pos | H::Invert => {
                let a = hop.args[0].clone();
                match (&hop.anns[0], hop.kind) {
                    (S::Float { .. }, H::Neg) => fl.prim(PrimOp::FloatNeg, vec![a], span),
                    (S::Float { .. }, _) => a,
                    (S::Instance { .. }, _) => self.lower_special_call(fl, hop, "__neg__", vec![]),
                    (s, k) => {
                        let v = self.convert(fl, a, s, &hop.result, span);
                        match k {
                            H::Neg if rt == LlType::Unsigned => fl.prim(PrimOp::UintSub, vec![Operand::Const(LlConst::Unsigned(0)), v], span),
                            H::Neg => fl.prim(PrimOp::IntNeg, vec![v], span),
                            H::Invert if rt == LlType::Unsigned => fl.prim(PrimOp::UintInvert, vec![v], span),
                            H::Invert => fl.prim(PrimOp::IntInvert, vec![v], span),
                            _ => v,
                        }
                    }
                }
            }
            H::Bool => self.truth(fl, hop.args[0].clone(), &hop.anns[0], span),
            H::Not => {
                let t = self.truth(fl, hop.args[0].clone(), &hop.anns[0], span);
                match t {
                    Operand::Const(LlConst::Bool(b)) => Operand::Const(LlConst::Bool(!b)),
                    t => fl.prim(PrimOp::BoolNot, vec![t], span),
                }
            }
            H::OvfAdd | H::OvfSub | H::OvfMul | H::OvfLShift => {
                let a = self.convert(fl, hop.args[0].clone(), &hop.anns[0], &S::int(), span);
                let b = self.convert(fl, hop.args[1].clone(), &hop.anns[1], &S::int(), span);
                match hop.kind {
                    H::OvfAdd => fl.prim(PrimOp::IntAddOvf, vec![a, b], span),
                    H::OvfSub => fl.prim(PrimOp::IntSubOvf, vec![a, b], span),
                    H::OvfMul => fl.prim(PrimOp::IntMulOvf, vec![a, b], span),
                    _ => {
                        // x << y overflows when shifting back does not give x.
                        let r = fl.prim(PrimOp::IntLshift, vec![a.clone(), b.clone()], span);
                        let back = fl.prim(PrimOp::IntRshift, vec![r.clone(), b], span);
                        let lost = fl.prim(PrimOp::IntNe, vec![back, a], span);
                        self.raise_if(fl, lost, "OverflowError", "integer overflow", span);
                        r
                    }
                }
            }
            H::Is => self.lower_is(fl, hop),
            H::Contains => self.lower_contains(fl, hop),
            H::GetAttr => self.lower_getattr(fl, hop),
            H::SetAttr => self.lower_setattr(fl, hop),
            H::GetItem => self.lower_getitem(fl, hop),
            H::SetItem => self.lower_setitem(fl, hop),
            H::DelItem | H::GetSlice | H::SetSlice | H::DelSlice => self.lower_container_op(fl, hop),
            H::NewTuple => {
                let S::Tuple(items) = &hop.result else { return self.unsupported(span, "this tuple".into()) };
                let items = items.clone();
                let LlType::Ptr(t) = rt else { return Operand::Const(LlConst::Void) };
                let fields: Vec<LlType> = self.types.struct_def(t).fields.iter().map(|(_, t)| *t).collect();
                let tup = fl.emit(LlOp::Malloc(t), vec![], rt, span);
                for (k, ((a, s), ft)) in hop.args.iter().zip(&hop.anns).zip(fields).enumerate() {
                    let v = self.convert(fl, a.clone(), s, &items[k], span);
                    let v = { let from_t = self.lltype(&items[k]); self.convert_ll(fl, v, from_t, ft, s, span) };
                    fl.emit(LlOp::SetField(t, k as u32), vec![tup.clone(), v], LlType::Void, span);
                }
                tup
            }
            H::NewList => self.lower_new_container(fl, hop),
            H::NewDict | H::NewSet => self.lower_container_op(fl, hop),
            H::Iter => self.lower_iter(fl, hop),
            H::Next => self.lower_next_call(fl, hop),
            H::SimpleCall | H::CallKw | H::CallStar => self.lower_call(fl, hop),
            H::Format => {
                let spec_empty = matches!(&hop.anns[1], S::Str { konst: Some(s), .. } if s.is_empty());
                if spec_empty {
                    return self.to_str(fl, hop.args[0].clone(), &hop.anns[0], span);
                }
                let spec = self.convert(fl, hop.args[1].clone(), &hop.anns[1], &S::str(), span);
                let v = hop.args[0].clone();
                match &hop.anns[0] {
                    s if s.is_intlike() => {
                        let v = self.convert(fl, v, s, &S::int(), span);
                        fl.call_rt(RuntimeFn::FormatInt, vec![v, spec], span)
                    }
                    S::Float { .. } => fl.call_rt(RuntimeFn::FormatFloat, vec![v, spec], span),
                    s => {
                        if !matches!(s, S::Str { .. }) {
                            // object.__format__ takes no format spec.
                            let n = fl.emit(LlOp::GetField(Types::STR, 0), vec![spec.clone()], LlType::Signed, span);
                            let given = fl.prim(PrimOp::IntNe, vec![n, Operand::Const(LlConst::Signed(0))], span);
                            let message = format!("unsupported format string passed to {}.__format__", self.py_type_name(s));
                            self.raise_if(fl, given, "TypeError", &message, span);
                        }
                        let text = self.to_str(fl, v, s, span);
                        fl.call_rt(RuntimeFn::FormatStr, vec![text, spec], span)
                    }
                }
            }
            H::BuildString => {
                let mut acc: Option<LlOperand> = None;
                for (a, s) in hop.args.iter().zip(&hop.anns) {
                    let part = self.convert(fl, a.clone(), s, &S::str(), span);
                    acc = Some(match acc {
                        None => part,
                        Some(prev) => fl.call_rt(RuntimeFn::StrConcat, vec![prev, part], span),
                    });
                }
                acc.unwrap_or_else(|| Operand::Const(LlConst::Static(self.str_static(""))))
            }
            H::ExcInstance => match &hop.anns[0] {
                S::Classes { .. } => self.instantiate(fl, hop, &hop.anns[0], hop.args[0].clone(), vec![], vec![]),
                s => {
                    let s = s.clone();
                    self.convert(fl, hop.args[0].clone(), &s, &hop.result, span)
                }
            },
            H::ExcMatch => {
                let classes: Vec<rpy_flow::ObjRef> = match &hop.anns[1] {
                    S::Classes { classes, .. } => classes.to_vec(),
                    S::Tuple(items) => items.iter().flat_map(|i| if let S::Classes { classes, .. } = i { classes.to_vec() } else { vec![] }).collect(),
                    _ => vec![],
                };
                let exc = self.convert_to_ll(fl, hop.args[0].clone(), &hop.anns[0], LlType::Ptr(Types::OBJECT), span);
                self.isinstance_check(fl, exc, &classes, span)
            }
            H::AssertionError => {
                let msg = match &hop.anns[0] {
                    S::None => Operand::Const(LlConst::Static(self.str_static(""))),
                    s => {
                        let s = s.clone();
                        self.to_str(fl, hop.args[0].clone(), &s, span)
                    }
                };
                let kind = runtime_exception_number("AssertionError");
                let e = fl.call_rt(RuntimeFn::MakeException, vec![Operand::Const(LlConst::Signed(kind)), msg], span);
                self.convert_ll(fl, e, LlType::Ptr(Types::OBJECT), rt, &S::None, span)
            }
            H::Unpack => match &hop.anns[0] {
                S::Tuple(_) => hop.args[0].clone(),
                S::List { .. } | S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } => {
                    let n = match &hop.anns[1] {
                        S::Int { konst: Some(n), .. } => *n,
                        _ => 0,
                    };
                    let len = self.length_of(fl, hop.args[0].clone(), &hop.anns[0], span);
                    fl.call_rt(RuntimeFn::CheckUnpack, vec![len, Operand::Const(LlConst::Signed(n))], span);
                    hop.args[0].clone()
                }
                _ => self.unsupported(span, "unpacking this value".into()),
            },
            H::Yield => self.unsupported(span, "generators".into()),
            H::MakeClosure => {
                let S::Functions { funcs, .. } = &hop.anns[0] else { return self.unsupported(span, "this closure".into()) };
                let funcs = funcs.clone();
                let Some(g) = self.ann.graph_of.get(&(funcs[0], rpy_annotator::SpecKey::Default)).copied() else {
                    // Never called: nothing to build.
                    return Operand::Const(LlConst::Null(rt));
                };
                let ct = self.closure_type(&funcs);
                let code = Operand::Const(LlConst::Func(self.function_for(g)));
                let env = self.convert_to_ll(fl, hop.args[1].clone(), &hop.anns[1], LlType::Ptr(Types::OBJECT), span);
                let cl = fl.emit(LlOp::Malloc(ct), vec![], LlType::Ptr(ct), span);
                fl.emit(LlOp::SetField(ct, 0), vec![cl.clone(), code], LlType::Void, span);
                fl.emit(LlOp::SetField(ct, 1), vec![cl.clone(), env], LlType::Void, span);
                let from = LlType::Ptr(ct);
                self.convert_ll(fl, cl, from, rt, &hop.result, span)
            }
            H::SameAs => hop.args[0].clone(),
        }
    }

    fn lower_binary(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let kind = plain_of(hop.kind);
        let span = hop.span;
        let (a, b) = (hop.args[0].clone(), hop.args[1].clone());
        let (sa, sb) = (&hop.anns[0], &hop.anns[1]);
        match &hop.result {
            S::Bool { .. } if sa.is_intlike() && sb.is_intlike() => {
                // bool & bool etc.
                let p = match kind {
                    HlOp::BitAnd => PrimOp::BoolAnd,
                    HlOp::BitOr => PrimOp::BoolOr,
                    _ => PrimOp::BoolNe,
                };
                fl.prim(p, vec![a, b], span)
            }
            S::Int { kind: ik, .. } if sa.is_intlike() && sb.is_intlike() => {
                let unsigned = *ik == rpy_annotator::IntKind::Unsigned;
                let target = hop.result.generalize();
                let a = self.convert(fl, a, sa, &target, span);
                let shift_count = matches!(kind, HlOp::LShift | HlOp::RShift) && unsigned;
                let b = if shift_count { self.convert(fl, b, sb, &S::int(), span) } else { self.convert(fl, b, sb, &target, span) };
                match int_op(kind, unsigned) {
                    Some(p) => fl.prim(p, vec![a, b], span),
                    None => self.unsupported(span, format!("`{}` on unsigned ints", kind.text())),
                }
            }
            S::Float { .. } if sa.is_numeric() && sb.is_numeric() => {
                if kind == HlOp::TrueDiv && sa.is_intlike() && sb.is_intlike() {
                    let a = self.convert(fl, a, sa, &S::int(), span);
                    let b = self.convert(fl, b, sb, &S::int(), span);
                    return fl.prim(PrimOp::IntTrueDiv, vec![a, b], span);
                }
                let a = self.convert(fl, a, sa, &S::float(), span);
                let b = self.convert(fl, b, sb, &S::float(), span);
                match float_op(kind) {
                    Some(p) => fl.prim(p, vec![a, b], span),
                    None => self.unsupported(span, format!("`{}` on floats", kind.text())),
                }
            }
            S::Str { .. } if kind == HlOp::Add => {
                let a = self.convert(fl, a, sa, &S::str(), span);
                let b = self.convert(fl, b, sb, &S::str(), span);
                fl.call_rt(RuntimeFn::StrConcat, vec![a, b], span)
            }
            S::Str { .. } if kind == HlOp::Mul => {
                let (s, n, ss, sn) = if sa.is_str() { (a, b, sa, sb) } else { (b, a, sb, sa) };
                let s = self.convert(fl, s, ss, &S::str(), span);
                let n = self.convert(fl, n, sn, &S::int(), span);
                fl.call_rt(RuntimeFn::StrMul, vec![s, n], span)
            }
            S::Str { .. } if kind == HlOp::Mod => self.percent_format(fl, hop),
            _ => match sa {
                S::Instance { .. } => {
                    let m = match kind {
                        HlOp::Add => "__add__",
                        HlOp::Sub => "__sub__",
                        _ => "__mul__",
                    };
                    let other = (hop.args[1].clone(), hop.anns[1].clone());
                    self.lower_special_call(fl, hop, m, vec![other])
                }
                _ => self.lower_container_op(fl, hop),
            },
        }
    }

    fn lower_compare(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        let kind = hop.kind;
        let (a, b) = (hop.args[0].clone(), hop.args[1].clone());
        let (sa, sb) = (hop.anns[0].clone(), hop.anns[1].clone());
        if let S::Bool { konst: Some(k) } = hop.result {
            return Operand::Const(LlConst::Bool(k));
        }
        let ta = self.lltype(&sa);
        let tb = self.lltype(&sb);
        if let S::Instance { class, .. } = &sa {
            let m = match kind {
                HlOp::Eq => "__eq__",
                HlOp::Ne => "__ne__",
                HlOp::Lt => "__lt__",
                HlOp::Le => "__le__",
                HlOp::Gt => "__gt__",
                _ => "__ge__",
            };
            if self.method_impl(*class, m).is_some() || self.any_subclass_defines(*class, m) {
                let r = self.lower_special_call(fl, hop, m, vec![(b, sb.clone())]);
                return self.truth(fl, r, &hop.result.clone(), span);
            }
            if kind == HlOp::Ne && (self.method_impl(*class, "__eq__").is_some()) {
                let r = self.lower_special_call(fl, hop, "__eq__", vec![(b, sb.clone())]);
                let t = self.truth(fl, r, &S::bool(), span);
                return fl.prim(PrimOp::BoolNot, vec![t], span);
            }
        }
        if sa.is_numeric() && sb.is_numeric() {
            let (fa, fb) = (matches!(sa, S::Float { .. }), matches!(sb, S::Float { .. }));
            if fa != fb && ta != LlType::Unsigned && tb != LlType::Unsigned {
                // int against float: compared exactly, not through a rounding conversion.
                let (i, si, f, kind) = if fb { (a, &sa, b, kind) } else { (b, &sb, a, mirror(kind)) };
                let i = self.convert(fl, i, si, &S::int(), span);
                let c = fl.call_rt(RuntimeFn::IntFloatCmp, vec![i, f], span);
                let k = |n: i64| Operand::Const(LlConst::Signed(n));
                return match kind {
                    HlOp::Eq => fl.prim(PrimOp::IntEq, vec![c, k(0)], span),
                    HlOp::Ne => fl.prim(PrimOp::IntNe, vec![c, k(0)], span),
                    HlOp::Lt => fl.prim(PrimOp::IntEq, vec![c, k(-1)], span),
                    HlOp::Le => fl.prim(PrimOp::IntLe, vec![c, k(0)], span),
                    HlOp::Gt => fl.prim(PrimOp::IntEq, vec![c, k(1)], span),
                    _ => {
                        // >=: 0 or 1 (2 means NaN).
                        let ge = fl.prim(PrimOp::IntGe, vec![c.clone(), k(0)], span);
                        let not_nan = fl.prim(PrimOp::IntNe, vec![c, k(2)], span);
                        fl.prim(PrimOp::BoolAnd, vec![ge, not_nan], span)
                    }
                };
            }
            if fa || fb {
                let a = self.convert(fl, a, &sa, &S::float(), span);
                let b = self.convert(fl, b, &sb, &S::float(), span);
                return fl.prim(float_op(kind).expect("comparison"), vec![a, b], span);
            }
            if let (S::Bool { .. }, S::Bool { .. }) = (&sa, &sb) {
                if matches!(kind, HlOp::Eq | HlOp::Ne) {
                    return fl.prim(if kind == HlOp::Eq { PrimOp::BoolEq } else { PrimOp::BoolNe }, vec![a, b], span);
                }
            }
            let unsigned = ta == LlType::Unsigned || tb == LlType::Unsigned;
            let target = if unsigned { S::Int { konst: None, nonneg: true, kind: rpy_annotator::IntKind::Unsigned } } else { S::int() };
            let a = self.convert(fl, a, &sa, &target, span);
            let b = self.convert(fl, b, &sb, &target, span);
            return fl.prim(int_op(kind, unsigned).expect("comparison"), vec![a, b], span);
        }
        match (ta, tb) {
            (LlType::UniChar, LlType::UniChar) => fl.prim(unichar_cmp(kind).expect("comparison"), vec![a, b], span),
            (LlType::UniChar | LlType::Ptr(Types::STR), LlType::UniChar | LlType::Ptr(Types::STR)) if sa.is_str() && sb.is_str() => {
                let nullable = sa.can_be_none() || sb.can_be_none();
                let a = self.convert(fl, a, &sa, &S::str(), span);
                let b = self.convert(fl, b, &sb, &S::str(), span);
                match kind {
                    HlOp::Eq | HlOp::Ne => {
                        let eq = if nullable {
                            self.call_helper_str_eq_nullable(fl, a, b, span)
                        } else {
                            fl.call_rt(RuntimeFn::StrEq, vec![a, b], span)
                        };
                        if kind == HlOp::Eq {
                            eq
                        } else {
                            fl.prim(PrimOp::BoolNot, vec![eq], span)
                        }
                    }
                    _ => {
                        let c = fl.call_rt(RuntimeFn::StrCmp, vec![a, b], span);
                        fl.prim(int_op(kind, false).expect("comparison"), vec![c, Operand::Const(LlConst::Signed(0))], span)
                    }
                }
            }
            (LlType::Void, LlType::Void) => Operand::Const(LlConst::Bool((kind == HlOp::Eq) == (sa == sb))),
            (LlType::Ptr(_), LlType::Void) | (LlType::Void, LlType::Ptr(_)) if matches!(kind, HlOp::Eq | HlOp::Ne) => {
                let p = if ta == LlType::Void { b } else { a };
                let op = if kind == HlOp::Eq { LlOp::PtrIsNull } else { LlOp::PtrNonNull };
                fl.emit(op, vec![p], LlType::Bool, span)
            }
            (LlType::Ptr(x), LlType::Ptr(y)) if matches!(kind, HlOp::Eq | HlOp::Ne) && matches!((&sa, &sb), (S::Instance { .. }, S::Instance { .. })) => {
                let _ = (x, y);
                let p = if kind == HlOp::Eq { LlOp::PtrEq } else { LlOp::PtrNe };
                fl.emit(p, vec![a, b], LlType::Bool, span)
            }
            _ => self.lower_container_op(fl, hop),
        }
    }

    fn any_subclass_defines(&self, c: rpy_annotator::ClassId, name: &str) -> bool {
        let mut todo = vec![c];
        while let Some(k) = todo.pop() {
            if self.method_impl(k, name).is_some() {
                return true;
            }
            todo.extend(self.ann.class(k).subclasses.iter().copied());
        }
        false
    }

    fn lower_is(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        let span = hop.span;
        let (sa, sb) = (hop.anns[0].clone(), hop.anns[1].clone());
        let (ta, tb) = (self.lltype(&sa), self.lltype(&sb));
        if let SomeValue::Bool { konst: Some(k) } = hop.result {
            return Operand::Const(LlConst::Bool(k));
        }
        match (ta, tb) {
            (LlType::Void, LlType::Void) => Operand::Const(LlConst::Bool(sa == sb)),
            (LlType::Ptr(_) | LlType::FuncPtr(_), LlType::Void) => fl.emit(LlOp::PtrIsNull, vec![hop.args[0].clone()], LlType::Bool, span),
            (LlType::Void, LlType::Ptr(_) | LlType::FuncPtr(_)) => fl.emit(LlOp::PtrIsNull, vec![hop.args[1].clone()], LlType::Bool, span),
            (LlType::Ptr(_), LlType::Ptr(_)) => {
                let b = self.convert_ll(fl, hop.args[1].clone(), tb, ta, &sb, span);
                fl.emit(LlOp::PtrEq, vec![hop.args[0].clone(), b], LlType::Bool, span)
            }
            (LlType::Float, LlType::Float) => {
                // Floats are identical when their bits are (so a NaN is itself).
                let (a, b) = (hop.args[0].clone(), hop.args[1].clone());
                let ia = fl.emit(LlOp::ToSlot(LlType::Float), vec![a], LlType::Unsigned, span);
                let ib = fl.emit(LlOp::ToSlot(LlType::Float), vec![b], LlType::Unsigned, span);
                fl.prim(PrimOp::UintEq, vec![ia, ib], span)
            }
            (x, y) if x == y => {
                // `is` on values: equality of the value (small ints, bools, chars).
                let c = HlOp::Eq;
                let fake = Hop { kind: c, g: hop.g, block: hop.block, index: hop.index, span, args: hop.args.clone(), anns: hop.anns.clone(), result: SomeValue::bool() };
                self.lower_compare(fl, &fake)
            }
            _ => Operand::Const(LlConst::Bool(false)),
        }
    }

    /// The truth value of a value, as a `Bool`.
    pub(crate) fn truth(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        use SomeValue as S;
        if let Some(k) = s.const_truth() {
            return Operand::Const(LlConst::Bool(k));
        }
        let t = self.lltype(s);
        match (s, t) {
            (_, LlType::Bool) => v,
            (_, LlType::Signed) => fl.prim(PrimOp::IntNe, vec![v, Operand::Const(LlConst::Signed(0))], span),
            (_, LlType::Unsigned) => fl.prim(PrimOp::UintNe, vec![v, Operand::Const(LlConst::Unsigned(0))], span),
            (_, LlType::Float) => fl.prim(PrimOp::CastFloatToBool, vec![v], span),
            (_, LlType::UniChar) => Operand::Const(LlConst::Bool(true)),
            (_, LlType::Void) => Operand::Const(LlConst::Bool(false)),
            (S::Instance { class, nullable }, LlType::Ptr(_)) => {
                let class = *class;
                let has = |this: &Self, m: &str| this.method_impl(class, m).is_some() || this.any_subclass_defines(class, m);
                if has(self, "__bool__") || has(self, "__len__") {
                    if *nullable {
                        return self.unsupported(span, "the truth value of a nullable instance with __bool__/__len__".into());
                    }
                    return self.by_class(fl, v, class, &["__bool__", "__len__"], LlType::Bool, span, |this, fl, v, k| {
                        let own = |m: &str| this.method_impl(k, m).is_some();
                        let m = if own("__bool__") { "__bool__" } else if own("__len__") { "__len__" } else { return Operand::Const(LlConst::Bool(true)) };
                        let r = this.call_method_by_name(fl, v, k, m, vec![], span);
                        let rs = if m == "__bool__" { S::bool() } else { S::int() };
                        this.truth(fl, r, &rs, span)
                    });
                }
                fl.emit(LlOp::PtrNonNull, vec![v], LlType::Bool, span)
            }
            (S::Str { .. } | S::List { .. } | S::Bytes { .. } | S::ByteArray { .. }, LlType::Ptr(_)) => {
                if s.can_be_none() {
                    return self.call_helper_nonempty_nullable(fl, v, s, span);
                }
                let len = self.length_of(fl, v, s, span);
                fl.prim(PrimOp::IntNe, vec![len, Operand::Const(LlConst::Signed(0))], span)
            }
            (S::Tuple(items), _) => Operand::Const(LlConst::Bool(!items.is_empty())),
            (S::Dict { .. } | S::Set { .. }, _) => {
                let n = fl.emit(LlOp::GetField(Types::DICT, 0), vec![v], LlType::Signed, span);
                fl.prim(PrimOp::IntNe, vec![n, Operand::Const(LlConst::Signed(0))], span)
            }
            (_, LlType::Ptr(_) | LlType::FuncPtr(_)) => fl.emit(LlOp::PtrNonNull, vec![v], LlType::Bool, span),
            _ => self.unsupported(span, "the truth value of this value".into()),
        }
    }

    /// `len(v)` for built-in containers and strings.
    pub(crate) fn length_of(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        use SomeValue as S;
        match s {
            S::Str { char: true, nullable: false, .. } => Operand::Const(LlConst::Signed(1)),
            S::Str { .. } => fl.emit(LlOp::GetField(Types::STR, 0), vec![v], LlType::Signed, span),
            S::Bytes { .. } => fl.emit(LlOp::GetField(Types::BYTES, 0), vec![v], LlType::Signed, span),
            S::ByteArray { .. } | S::StringBuilder { bytes: true } => fl.emit(LlOp::GetField(Types::BYTEARRAY, 0), vec![v], LlType::Signed, span),
            S::List { .. } => fl.emit(LlOp::GetField(Types::LIST, 0), vec![v], LlType::Signed, span),
            S::Tuple(items) => Operand::Const(LlConst::Signed(items.len() as i64)),
            S::Range { .. } => self.range_length(fl, v, span),
            S::Dict { .. } | S::Set { .. } => fl.emit(LlOp::GetField(Types::DICT, 0), vec![v], LlType::Signed, span),
            S::Iterator { kind: kind @ (IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems), of } => {
                let it_t = self.iterator_type(kind, of);
                let d = fl.emit(LlOp::GetField(it_t, 0), vec![v], LlType::Ptr(Types::DICT), span);
                fl.emit(LlOp::GetField(Types::DICT, 0), vec![d], LlType::Signed, span)
            }
            _ => self.unsupported(span, "len() of this value".into()),
        }
    }

    /// `x in range(start, stop, step)`.
    fn helper_range_contains(&mut self) -> rpy_lltype::FuncRef {
        self.build_helper("range_contains", vec![LlType::Signed; 4], LlType::Bool, |this, fl, p| {
            let d = Span::DUMMY;
            let (start, stop, step, x) = (p[0].clone(), p[1].clone(), p[2].clone(), p[3].clone());
            let up = fl.prim(PrimOp::IntGt, vec![step.clone(), Operand::Const(LlConst::Signed(0))], d);
            let a = fl.prim(PrimOp::IntGe, vec![x.clone(), start.clone()], d);
            let b = fl.prim(PrimOp::IntLt, vec![x.clone(), stop.clone()], d);
            let c = fl.prim(PrimOp::IntLe, vec![x.clone(), start.clone()], d);
            let e = fl.prim(PrimOp::IntGt, vec![x.clone(), stop], d);
            let in_up = fl.prim(PrimOp::BoolAnd, vec![a, b], d);
            let in_down = fl.prim(PrimOp::BoolAnd, vec![c, e], d);
            let inside = this.if_else(fl, up, LlType::Bool, |_, _| in_up, |_, _| in_down);
            this.if_else(fl, inside, LlType::Bool, |_, fl| {
                let diff = fl.prim(PrimOp::IntSub, vec![x, start], d);
                let m = fl.prim(PrimOp::IntMod, vec![diff, step], d);
                fl.prim(PrimOp::IntEq, vec![m, Operand::Const(LlConst::Signed(0))], d)
            }, |_, _| Operand::Const(LlConst::Bool(false)))
        })
    }

    pub(crate) fn range_length(&mut self, fl: &mut FnLowering, v: LlOperand, span: Span) -> LlOperand {
        let rt = self.range_type();
        let start = fl.emit(LlOp::GetField(rt, 0), vec![v.clone()], LlType::Signed, span);
        let stop = fl.emit(LlOp::GetField(rt, 1), vec![v.clone()], LlType::Signed, span);
        let step = fl.emit(LlOp::GetField(rt, 2), vec![v], LlType::Signed, span);
        let f = self.helper_range_len();
        fl.emit(LlOp::DirectCall(f), vec![start, stop, step], LlType::Signed, span)
    }

    fn lower_getitem(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        let (c, k) = (hop.args[0].clone(), hop.args[1].clone());
        match &hop.anns[0] {
            S::Range { .. } => {
                // start + i * step, for i (from the end when negative) inside the length.
                let n = self.range_length(fl, c.clone(), span);
                let i = self.convert(fl, k, &hop.anns[1], &S::int(), span);
                let negative = fl.prim(PrimOp::IntLt, vec![i.clone(), Operand::Const(LlConst::Signed(0))], span);
                let from_end = fl.prim(PrimOp::IntAdd, vec![i.clone(), n.clone()], span);
                let i = self.if_else(fl, negative, LlType::Signed, |_, _| from_end, |_, _| i);
                let low = fl.prim(PrimOp::IntLt, vec![i.clone(), Operand::Const(LlConst::Signed(0))], span);
                let high = fl.prim(PrimOp::IntGe, vec![i.clone(), n], span);
                let out = fl.prim(PrimOp::BoolOr, vec![low, high], span);
                self.raise_if(fl, out, "IndexError", "range object index out of range", span);
                let rt = self.range_type();
                let start = fl.emit(LlOp::GetField(rt, 0), vec![c.clone()], LlType::Signed, span);
                let step = fl.emit(LlOp::GetField(rt, 2), vec![c], LlType::Signed, span);
                let off = fl.prim(PrimOp::IntMul, vec![i, step], span);
                let r = fl.prim(PrimOp::IntAdd, vec![start, off], span);
                self.convert(fl, r, &S::int(), &hop.result, span)
            }
            S::List { def, .. } => {
                let k = self.convert(fl, k, &hop.anns[1], &S::int(), span);
                let slot = fl.call_rt(RuntimeFn::ListGet, vec![c, k], span);
                let item = self.ann.list_item(*def).value.clone();
                let it = self.lltype(&item);
                let v = fl.emit(LlOp::FromSlot(it), vec![slot], it, span);
                self.convert(fl, v, &item, &hop.result, span)
            }
            S::Str { .. } => {
                let k = self.convert(fl, k, &hop.anns[1], &S::int(), span);
                let s = self.convert(fl, c, &hop.anns[0], &S::str(), span);
                let ch = fl.call_rt(RuntimeFn::StrGetItem, vec![s, k], span);
                self.convert(fl, ch, &S::char(), &hop.result, span)
            }
            S::Tuple(items) => {
                let S::Int { konst: Some(idx), .. } = hop.anns[1] else {
                    // A variable index: through a list of the items.
                    let item = crate::repr::tuple_item_ann(items);
                    let l = self.materialize(fl, c, &hop.anns[0], span);
                    let k = self.convert(fl, k, &hop.anns[1], &S::int(), span);
                    // The tuple's own message; then the list access cannot fail.
                    let n = items.len() as i64;
                    let too_low = fl.prim(PrimOp::IntLt, vec![k.clone(), Operand::Const(LlConst::Signed(-n))], span);
                    let too_high = fl.prim(PrimOp::IntGe, vec![k.clone(), Operand::Const(LlConst::Signed(n))], span);
                    let out = fl.prim(PrimOp::BoolOr, vec![too_low, too_high], span);
                    self.raise_if(fl, out, "IndexError", "tuple index out of range", span);
                    let slot = fl.call_rt(RuntimeFn::ListGet, vec![l, k], span);
                    let res = hop.result.clone();
                    return self.from_slot(fl, slot, &item, &res, span);
                };
                let n = items.len() as i64;
                let idx = if idx < 0 { idx + n } else { idx };
                if idx < 0 || idx >= n {
                    self.raise_builtin(fl, "IndexError", "tuple index out of range", span);
                    return Operand::Const(LlConst::Void);
                }
                let LlType::Ptr(t) = self.lltype(&hop.anns[0]) else { return Operand::Const(LlConst::Void) };
                let item = items[idx as usize].clone();
                let it = self.lltype(&item);
                let v = fl.emit(LlOp::GetField(t, idx as u32), vec![c], it, span);
                self.convert(fl, v, &item, &hop.result, span)
            }
            S::Instance { .. } => self.lower_special_call(fl, hop, "__getitem__", vec![(hop.args[1].clone(), hop.anns[1].clone())]),
            _ => self.lower_container_op(fl, hop),
        }
    }

    fn lower_setitem(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        match &hop.anns[0] {
            S::List { def, .. } => {
                let item = self.ann.list_item(*def).value.clone();
                let k = self.convert(fl, hop.args[1].clone(), &hop.anns[1], &S::int(), span);
                let v = self.convert(fl, hop.args[2].clone(), &hop.anns[2], &item, span);
                let it = self.lltype(&item);
                let slot = fl.emit(LlOp::ToSlot(it), vec![v], LlType::Unsigned, span);
                fl.call_rt(RuntimeFn::ListSet, vec![hop.args[0].clone(), k, slot], span);
                Operand::Const(LlConst::Void)
            }
            S::Instance { .. } => {
                let rest = vec![(hop.args[1].clone(), hop.anns[1].clone()), (hop.args[2].clone(), hop.anns[2].clone())];
                self.lower_special_call(fl, hop, "__setitem__", rest)
            }
            _ => self.lower_container_op(fl, hop),
        }
    }

    fn lower_getattr(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        let name = match &hop.anns[1] {
            S::Str { konst: Some(n), .. } => n.to_string(),
            _ => String::new(),
        };
        match (&hop.anns[0], self.lltype(&hop.anns[0])) {
            (S::Instance { nullable: true, .. }, _) => self.check_not_none(fl, hop.args[0].clone(), &hop.anns[0], &name, span),
            (s, LlType::Ptr(_)) if s.can_be_none() => {
                // A method of a container that may be None.
                let obj = fl.emit(LlOp::CastPtr(Types::OBJECT), vec![hop.args[0].clone()], LlType::Ptr(Types::OBJECT), span);
                let n = Operand::Const(LlConst::Static(self.str_static(&name)));
                fl.call_rt(RuntimeFn::CheckNotNone, vec![obj, n], span);
            }
            _ => {}
        }
        match (&hop.anns[0], &hop.result) {
            (_, S::Method { .. } | S::BuiltinMethod { .. } | S::SuperMethod { .. }) => {
                // A bound method is represented by its receiver.
                let rt = self.lltype(&hop.result);
                let from = hop.anns[0].clone();
                let ft = self.lltype(&from);
                self.convert_ll(fl, hop.args[0].clone(), ft, rt, &from, span)
            }
            (S::Instance { class, .. }, result) => {
                let class = *class;
                match self.field_owner(class, &name) {
                    Some(owner) => {
                        let layout = self.layout(owner);
                        let idx = layout.fields.get_index_of(&name).expect("field of its owner") as u32;
                        let ft = layout.fields[&name];
                        let attr = self.ann.class(owner).attrs[&name].value.clone();
                        let obj = self.convert_to_ll(fl, hop.args[0].clone(), &hop.anns[0], LlType::Ptr(layout.instance), span);
                        let v = fl.emit(LlOp::GetField(layout.instance, idx), vec![obj.clone()], ft, span);
                        // An attribute that may not be set yet reads as null: CPython raises
                        // AttributeError there. (Only pointers that are never None can tell.)
                        if matches!(ft, LlType::Ptr(_)) && !attr.can_be_none() && !self.attr_surely_set(class, &name) {
                            let o = fl.emit(LlOp::CastPtr(Types::OBJECT), vec![obj], LlType::Ptr(Types::OBJECT), span);
                            let value = fl.emit(LlOp::CastPtr(Types::OBJECT), vec![v.clone()], LlType::Ptr(Types::OBJECT), span);
                            let n = Operand::Const(LlConst::Static(self.str_static(&name)));
                            fl.call_rt(RuntimeFn::CheckAttrSet, vec![o, value, n], span);
                        }
                        self.convert(fl, v, &attr, result, span)
                    }
                    None => match const_of(result) {
                        Some(_) => Operand::Const(LlConst::Void),
                        None => {
                            // A class-level constant (the same for every subclass here).
                            match self.class_default(class, &name) {
                                Some(k) => {
                                    let t = self.lltype(result);
                                    Operand::Const(self.const_value(&k, t))
                                }
                                None => self.unsupported(span, format!("reading attribute `{name}`")),
                            }
                        }
                    },
                }
            }
            (S::Classes { classes, .. }, result) => match const_of(result) {
                Some(_) => Operand::Const(LlConst::Void),
                None if matches!(result, S::Builtin(_)) => Operand::Const(LlConst::Void),
                None => match self.ann.program.objects.class_lookup(classes[0], &name) {
                    Some((_, k)) if classes.len() == 1 => {
                        let k = k.clone();
                        let t = self.lltype(result);
                        Operand::Const(self.const_value(&k, t))
                    }
                    _ => self.unsupported(span, format!("reading class attribute `{name}`")),
                },
            },
            _ => self.unsupported(span, format!("reading attribute `{name}` of this value")),
        }
    }

    fn lower_setattr(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        let name = match &hop.anns[1] {
            S::Str { konst: Some(n), .. } => n.to_string(),
            _ => String::new(),
        };
        let S::Instance { class, nullable } = &hop.anns[0] else { return self.unsupported(span, "setting this attribute".into()) };
        if *nullable {
            self.check_not_none(fl, hop.args[0].clone(), &hop.anns[0], &name, span);
        }
        let Some(owner) = self.field_owner(*class, &name) else {
            // The attribute is never read: nothing to store.
            return Operand::Const(LlConst::Void);
        };
        let layout = self.layout(owner);
        let idx = layout.fields.get_index_of(&name).expect("field of its owner") as u32;
        let attr = self.ann.class(owner).attrs[&name].value.clone();
        let obj = self.convert_to_ll(fl, hop.args[0].clone(), &hop.anns[0], LlType::Ptr(layout.instance), span);
        let v = self.convert(fl, hop.args[2].clone(), &hop.anns[2], &attr, span);
        fl.emit(LlOp::SetField(layout.instance, idx), vec![obj, v], LlType::Void, span);
        Operand::Const(LlConst::Void)
    }

    pub(crate) fn lower_iter_hop(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        self.lower_iter(fl, hop)
    }

    fn lower_iter(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        let S::Iterator { kind, of } = &hop.result else { return self.unsupported(span, "this iterator".into()) };
        if let S::Instance { class, .. } = hop.anns[0] {
            // A user iterable: its __iter__ (an instance with only __next__ is its own).
            if self.method_impl(class, "__iter__").is_some() {
                let r = self.call_method_by_name(fl, hop.args[0].clone(), class, "__iter__", vec![], span);
                let from = of[0].clone();
                return self.convert(fl, r, &from, &hop.result, span);
            }
        }
        if *kind == IterKind::User || matches!(hop.anns[0], S::Iterator { .. }) {
            let from = hop.anns[0].clone();
            return self.convert(fl, hop.args[0].clone(), &from, &hop.result, span);
        }
        let it_t = self.iterator_type(kind, of);
        let it = fl.emit(LlOp::Malloc(it_t), vec![], LlType::Ptr(it_t), span);
        let sd = self.types.struct_def(it_t).clone();
        let field = |name: &str| sd.fields.iter().position(|(n, _)| n == name).expect("iterator field") as u32;
        match (&hop.anns[0], kind) {
            (S::Range { .. }, IterKind::Range) => {
                let rt = self.range_type();
                for (src, dst) in [(0u32, "index"), (1, "stop"), (2, "step")] {
                    let v = fl.emit(LlOp::GetField(rt, src), vec![hop.args[0].clone()], LlType::Signed, span);
                    fl.emit(LlOp::SetField(it_t, field(dst)), vec![it.clone(), v], LlType::Void, span);
                }
            }
            (S::Tuple(items), IterKind::Sequence | IterKind::Reversed) => {
                // A tuple is iterated as a list of its items.
                let items = items.clone();
                let item = crate::repr::tuple_item_ann(&items);
                let item_t = self.lltype(&item);
                let gc = item_t.is_gc_ptr(&self.types);
                let LlType::Ptr(tt) = self.lltype(&hop.anns[0]) else { return self.unsupported(span, "this tuple".into()) };
                let n = items.len() as i64;
                let l = fl.call_rt(RuntimeFn::ListNew, vec![Operand::Const(LlConst::Signed(n)), Operand::Const(LlConst::Bool(gc))], span);
                for (k, s) in items.iter().enumerate() {
                    let st = self.lltype(s);
                    let x = fl.emit(LlOp::GetField(tt, k as u32), vec![hop.args[0].clone()], st, span);
                    let x = self.convert(fl, x, s, &item, span);
                    let slot = fl.emit(LlOp::ToSlot(item_t), vec![x], LlType::Unsigned, span);
                    self.set_list_slot(fl, l.clone(), k as i64, slot, span);
                }
                fl.emit(LlOp::SetField(it_t, 0), vec![it.clone(), l], LlType::Void, span);
                if *kind == IterKind::Reversed {
                    fl.emit(LlOp::SetField(it_t, field("index")), vec![it.clone(), Operand::Const(LlConst::Signed(n - 1))], LlType::Void, span);
                }
            }
            (S::Dict { .. }, IterKind::Reversed) => {
                // From the last entry backwards.
                self.init_dict_iter(fl, it_t, it.clone(), hop.args[0].clone(), span);
                let last = fl.call_rt(RuntimeFn::DictLast, vec![hop.args[0].clone()], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it.clone(), last], LlType::Void, span);
            }
            (S::Dict { .. } | S::Set { .. }, _) => {
                self.init_dict_iter(fl, it_t, it.clone(), hop.args[0].clone(), span);
            }
            (s, IterKind::Reversed) => {
                let s = s.clone();
                let target = of[0].clone();
                let v = self.convert(fl, hop.args[0].clone(), &s, &target, span);
                let n = self.length_of(fl, v.clone(), &s, span);
                let last = fl.prim(PrimOp::IntSub, vec![n, Operand::Const(LlConst::Signed(1))], span);
                fl.emit(LlOp::SetField(it_t, 0), vec![it.clone(), v], LlType::Void, span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it.clone(), last], LlType::Void, span);
            }
            (s, IterKind::Sequence) => {
                let s = s.clone();
                let target = of[0].clone();
                let v = self.convert(fl, hop.args[0].clone(), &s, &target, span);
                fl.emit(LlOp::SetField(it_t, 0), vec![it.clone(), v], LlType::Void, span);
            }
            _ => return self.unsupported(span, "this kind of iteration".into()),
        }
        it
    }

    /// `next()` of a built-in iterator as a test and a fetch; `None` if the iterator needs a
    /// real call (user iterators).
    pub(crate) fn lower_next_inline(&mut self, fl: &mut FnLowering, g: GraphId, hb: Block, i: usize) -> Option<(LlOperand, LlOperand)> {
        let ann = self.ann;
        let hl = ann.graph(g);
        let op = &hl.graph.block(hb).ops[i];
        let it_ann = ann.operand_ann(g, &op.args[0]);
        let it = self.operand(fl, &op.args[0]);
        let result = hl.ann(op.result);
        self.next_inline(fl, it, &it_ann, &result, op.span)
    }

    /// A new iterator `it` (of struct `it_t`) over dict or set `d`: it remembers the length
    /// to detect changes of size while iterating.
    pub(crate) fn init_dict_iter(&mut self, fl: &mut FnLowering, it_t: rpy_lltype::TypeRef, it: LlOperand, d: LlOperand, span: Span) {
        let stop = self.types.struct_def(it_t).fields.iter().position(|(n, _)| n == "stop").expect("iterator field") as u32;
        fl.emit(LlOp::SetField(it_t, 0), vec![it.clone(), d.clone()], LlType::Void, span);
        let len = fl.emit(LlOp::GetField(Types::DICT, 0), vec![d], LlType::Signed, span);
        fl.emit(LlOp::SetField(it_t, stop), vec![it, len], LlType::Void, span);
    }

    /// CPython raises TypeError when None reaches an operation that needs a value: operands
    /// that may be None (nullable str, containers, instances) are tested first, with
    /// CPython's message.
    fn check_none_operands(&mut self, fl: &mut FnLowering, hop: &Hop) {
        use HlOp as H;
        let none = "'NoneType'";
        let kind = plain_of(hop.kind);
        let checks: Vec<(usize, String)> = match kind {
            H::Add | H::Sub | H::Mul | H::TrueDiv | H::FloorDiv | H::Mod | H::Pow | H::LShift | H::RShift | H::BitAnd | H::BitOr | H::BitXor => {
                let sym = rpy_annotator::operator_symbol(kind);
                let (t0, t1) = (self.py_type_name(&hop.anns[0]), self.py_type_name(&hop.anns[1]));
                self.raise_if_both_none(fl, hop, &format!("unsupported operand type(s) for {sym}: {none} and {none}"));
                let mut v = vec![(0, format!("unsupported operand type(s) for {sym}: {none} and '{t1}'"))];
                // A user class's method gets None as its argument, as in CPython.
                if !matches!(hop.anns[0], SomeValue::Instance { .. }) {
                    let right = match (kind, &hop.anns[0]) {
                        (H::Add, SomeValue::Str { .. } | SomeValue::List { .. } | SomeValue::Bytes { .. }) => format!("can only concatenate {t0} (not \"NoneType\") to {t0}"),
                        _ => format!("unsupported operand type(s) for {sym}: '{t0}' and {none}"),
                    };
                    v.push((1, right));
                }
                v
            }
            H::Lt | H::Le | H::Gt | H::Ge => {
                let sym = rpy_annotator::operator_symbol(kind);
                let (t0, t1) = (self.py_type_name(&hop.anns[0]), self.py_type_name(&hop.anns[1]));
                self.raise_if_both_none(fl, hop, &format!("'{sym}' not supported between instances of {none} and {none}"));
                let mut v = vec![(0, format!("'{sym}' not supported between instances of {none} and '{t1}'"))];
                if !matches!(hop.anns[0], SomeValue::Instance { .. }) {
                    v.push((1, format!("'{sym}' not supported between instances of '{t0}' and {none}")));
                }
                v
            }
            H::GetItem | H::GetSlice => vec![(0, format!("{none} object is not subscriptable"))],
            H::SetItem | H::SetSlice => vec![(0, format!("{none} object does not support item assignment"))],
            H::DelItem | H::DelSlice => vec![(0, format!("{none} object does not support item deletion"))],
            H::Contains => vec![(0, format!("argument of type {none} is not iterable"))],
            H::Iter => vec![(0, format!("{none} object is not iterable"))],
            _ => return,
        };
        for (k, message) in checks {
            self.raise_if_none(fl, hop.args[k].clone(), &hop.anns[k], &message, hop.span);
        }
    }

    /// Raises TypeError with `message` when both operands are None at run time.
    fn raise_if_both_none(&mut self, fl: &mut FnLowering, hop: &Hop, message: &str) {
        let may_be_none = |s: &SomeValue, t: LlType| s.can_be_none() && matches!(t, LlType::Ptr(_));
        if !(may_be_none(&hop.anns[0], self.lltype(&hop.anns[0])) && may_be_none(&hop.anns[1], self.lltype(&hop.anns[1]))) {
            return;
        }
        let a = fl.emit(LlOp::PtrIsNull, vec![hop.args[0].clone()], LlType::Bool, hop.span);
        let b = fl.emit(LlOp::PtrIsNull, vec![hop.args[1].clone()], LlType::Bool, hop.span);
        let both = fl.prim(PrimOp::BoolAnd, vec![a, b], hop.span);
        self.raise_if(fl, both, "TypeError", message, hop.span);
    }

    /// Raises TypeError with `message` when `v` (of annotation `s`) is None at run time.
    pub(crate) fn raise_if_none(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, message: &str, span: Span) {
        if !s.can_be_none() || !matches!(self.lltype(s), LlType::Ptr(_)) {
            return;
        }
        let is_none = fl.emit(LlOp::PtrIsNull, vec![v], LlType::Bool, span);
        self.raise_if(fl, is_none, "TypeError", message, span);
    }

    /// The name of the value's class as CPython prints it in messages.
    fn py_type_name(&self, s: &SomeValue) -> String {
        use SomeValue as S;
        match s {
            S::None => "NoneType".into(),
            S::Bool { .. } => "bool".into(),
            S::Int { .. } => "int".into(),
            S::Float { .. } => "float".into(),
            S::Str { .. } => "str".into(),
            S::Bytes { .. } => "bytes".into(),
            S::ByteArray { .. } => "bytearray".into(),
            S::List { .. } => "list".into(),
            S::Dict { .. } => "dict".into(),
            S::Set { .. } => "set".into(),
            S::Tuple(_) => "tuple".into(),
            S::Instance { class, .. } => self.ann.class(*class).name.clone(),
            other => self.ann.type_name(other),
        }
    }

    /// Raises built-in exception `name` with `message` when `cond` holds.
    pub(crate) fn raise_if(&mut self, fl: &mut FnLowering, cond: LlOperand, name: &str, message: &str, span: Span) {
        let Operand::Var(c) = cond else { return };
        let (raise, _) = fl.block_with(&[]);
        let (go_on, _) = fl.block_with(&[]);
        fl.b.branch_with(c, (go_on, vec![]), (raise, vec![]));
        fl.b.switch_to(raise);
        self.raise_builtin(fl, name, message, span);
        fl.b.jump(go_on);
        fl.b.switch_to(go_on);
    }

    /// `next()` of a user iterator as (item, whether there was one): `__next__` is called,
    /// and StopIteration from it means there was none.
    fn user_next(&mut self, fl: &mut FnLowering, it: LlOperand, class: rpy_annotator::ClassId, result: &SomeValue, span: Span) -> (LlOperand, LlOperand) {
        let f = self.method_impl(class, "__next__");
        let ret = f.and_then(|f| self.ann.graph_of.get(&(f, rpy_annotator::SpecKey::Default))).map_or(S::Impossible, |g| self.ann.graph(*g).return_ann());
        let t = self.lltype(result);
        let (join, jv) = fl.block_with(&[t, LlType::Bool]);
        let (stopped, _) = fl.block_with(&[]);
        let r = fl.with_stop_exit(stopped, |fl| self.call_method_by_name(fl, it, class, "__next__", vec![], span));
        let r = self.convert(fl, r, &ret, result, span);
        fl.b.jump_with(join, vec![(r, span), (Operand::Const(LlConst::Bool(true)), span)]);
        fl.b.switch_to(stopped);
        fl.b.jump_with(join, vec![(crate::helpers::zero_operand(t), span), (Operand::Const(LlConst::Bool(false)), span)]);
        fl.b.switch_to(join);
        (Operand::Var(jv[0]), Operand::Var(jv[1]))
    }

    /// The next item of a built-in or user iterator and whether there was one; `None` for
    /// iterators it cannot handle.
    pub(crate) fn next_inline(&mut self, fl: &mut FnLowering, it: LlOperand, it_ann: &SomeValue, result: &SomeValue, span: Span) -> Option<(LlOperand, LlOperand)> {
        let result = result.clone();
        let S::Iterator { kind, of } = it_ann else { return None };
        if let (IterKind::User, S::Instance { class, .. }) = (kind, &of[0]) {
            return Some(self.user_next(fl, it, *class, &result, span));
        }
        let it_t = self.iterator_type(kind, of);
        let sd = self.types.struct_def(it_t).clone();
        let field = |name: &str| sd.fields.iter().position(|(n, _)| n == name).expect("iterator field") as u32;
        let idx = fl.emit(LlOp::GetField(it_t, field("index")), vec![it.clone()], LlType::Signed, span);
        match (kind, &of[0]) {
            (IterKind::Range, S::Range { step }) => {
                let stop = fl.emit(LlOp::GetField(it_t, field("stop")), vec![it.clone()], LlType::Signed, span);
                let has = match step {
                    Some(k) if *k > 0 => fl.prim(PrimOp::IntLt, vec![idx.clone(), stop], span),
                    Some(_) => fl.prim(PrimOp::IntGt, vec![idx.clone(), stop], span),
                    None => {
                        let st = fl.emit(LlOp::GetField(it_t, field("step")), vec![it.clone()], LlType::Signed, span);
                        let up = fl.prim(PrimOp::IntGt, vec![st.clone(), Operand::Const(LlConst::Signed(0))], span);
                        let lt = fl.prim(PrimOp::IntLt, vec![idx.clone(), stop.clone()], span);
                        let gt = fl.prim(PrimOp::IntGt, vec![idx.clone(), stop], span);
                        let down = fl.prim(PrimOp::BoolNot, vec![up.clone()], span);
                        let a = fl.prim(PrimOp::BoolAnd, vec![up, lt], span);
                        let b = fl.prim(PrimOp::BoolAnd, vec![down, gt], span);
                        fl.prim(PrimOp::BoolOr, vec![a, b], span)
                    }
                };
                let step_v = match step {
                    Some(k) => Operand::Const(LlConst::Signed(*k)),
                    None => fl.emit(LlOp::GetField(it_t, field("step")), vec![it.clone()], LlType::Signed, span),
                };
                let next = fl.prim(PrimOp::IntAdd, vec![idx.clone(), step_v], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, next], LlType::Void, span);
                let item = self.convert(fl, idx, &S::int(), &result, span);
                Some((item, has))
            }
            (IterKind::Sequence, S::List { def, .. }) => {
                let l = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], LlType::Ptr(Types::LIST), span);
                let len = fl.emit(LlOp::GetField(Types::LIST, 0), vec![l.clone()], LlType::Signed, span);
                let has = fl.prim(PrimOp::IntLt, vec![idx.clone(), len], span);
                // Read the slot only when it exists: branch to a fetch block.
                let items = fl.emit(LlOp::GetField(Types::LIST, 1), vec![l], LlType::Ptr(Types::SLOTS), span);
                let safe_idx = self.clamp_index(fl, idx.clone(), has.clone(), span);
                let slot = fl.emit(LlOp::GetVarItem(Types::SLOTS), vec![items, safe_idx], LlType::Unsigned, span);
                let item_ann = self.ann.list_item(*def).value.clone();
                let it_ll = self.lltype(&item_ann);
                let v = fl.emit(LlOp::FromSlot(it_ll), vec![slot], it_ll, span);
                let next = fl.prim(PrimOp::IntAdd, vec![idx, Operand::Const(LlConst::Signed(1))], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, next], LlType::Void, span);
                let item = self.convert(fl, v, &item_ann, &result, span);
                Some((item, has))
            }
            (IterKind::Sequence, S::Tuple(items)) => {
                let item_ann = crate::repr::tuple_item_ann(items);
                let l = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], LlType::Ptr(Types::LIST), span);
                let len = fl.emit(LlOp::GetField(Types::LIST, 0), vec![l.clone()], LlType::Signed, span);
                let has = fl.prim(PrimOp::IntLt, vec![idx.clone(), len], span);
                let items_arr = fl.emit(LlOp::GetField(Types::LIST, 1), vec![l], LlType::Ptr(Types::SLOTS), span);
                let safe_idx = self.clamp_index(fl, idx.clone(), has.clone(), span);
                let slot = fl.emit(LlOp::GetVarItem(Types::SLOTS), vec![items_arr, safe_idx], LlType::Unsigned, span);
                let it_ll = self.lltype(&item_ann);
                let v = fl.emit(LlOp::FromSlot(it_ll), vec![slot], it_ll, span);
                let next = fl.prim(PrimOp::IntAdd, vec![idx, Operand::Const(LlConst::Signed(1))], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, next], LlType::Void, span);
                let item = self.convert(fl, v, &item_ann, &result, span);
                Some((item, has))
            }
            (IterKind::Sequence | IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems, S::Dict { .. } | S::Set { .. }) => {
                let d = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], LlType::Ptr(Types::DICT), span);
                // As CPython: adding or removing keys while iterating is an error.
                let len = fl.emit(LlOp::GetField(Types::DICT, 0), vec![d.clone()], LlType::Signed, span);
                let len0 = fl.emit(LlOp::GetField(it_t, field("stop")), vec![it.clone()], LlType::Signed, span);
                let changed = fl.prim(PrimOp::IntNe, vec![len, len0], span);
                let what = if matches!(of[0], S::Set { .. }) { "Set" } else { "dictionary" };
                self.raise_if(fl, changed, "RuntimeError", &format!("{what} changed size during iteration"), span);
                let e = fl.call_rt(RuntimeFn::DictNext, vec![d.clone(), idx], span);
                let has = fl.prim(PrimOp::IntGe, vec![e.clone(), Operand::Const(LlConst::Signed(0))], span);
                let safe = self.clamp_index(fl, e.clone(), has.clone(), span);
                let next = fl.prim(PrimOp::IntAdd, vec![e, Operand::Const(LlConst::Signed(1))], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, next], LlType::Void, span);
                let (key, value) = self.dict_types(&of[0]);
                let item = match kind {
                    IterKind::DictValues => {
                        let slot = fl.call_rt(RuntimeFn::DictValueAt, vec![d, safe], span);
                        self.from_slot(fl, slot, &value, &result, span)
                    }
                    IterKind::DictItems => {
                        let ks = fl.call_rt(RuntimeFn::DictKeyAt, vec![d.clone(), safe.clone()], span);
                        let vs = fl.call_rt(RuntimeFn::DictValueAt, vec![d, safe], span);
                        let S::Tuple(parts) = &result else { return None };
                        let parts = parts.clone();
                        let k = self.from_slot(fl, ks, &key, &parts[0], span);
                        let v = self.from_slot(fl, vs, &value, &parts[1], span);
                        let LlType::Ptr(tt) = self.lltype(&result) else { return None };
                        let tup = fl.emit(LlOp::Malloc(tt), vec![], LlType::Ptr(tt), span);
                        fl.emit(LlOp::SetField(tt, 0), vec![tup.clone(), k], LlType::Void, span);
                        fl.emit(LlOp::SetField(tt, 1), vec![tup.clone(), v], LlType::Void, span);
                        tup
                    }
                    _ => {
                        let slot = fl.call_rt(RuntimeFn::DictKeyAt, vec![d, safe], span);
                        self.from_slot(fl, slot, &key, &result, span)
                    }
                };
                Some((item, has))
            }
            (IterKind::Reversed, S::Dict { .. }) => {
                let d = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], LlType::Ptr(Types::DICT), span);
                let has = fl.prim(PrimOp::IntGe, vec![idx.clone(), Operand::Const(LlConst::Signed(0))], span);
                let safe = self.clamp_index(fl, idx.clone(), has.clone(), span);
                let (key, _) = self.dict_types(&of[0]);
                let slot = fl.call_rt(RuntimeFn::DictKeyAt, vec![d.clone(), safe.clone()], span);
                let k = self.from_slot(fl, slot, &key, &result, span);
                let prev = fl.call_rt(RuntimeFn::DictPrev, vec![d, safe], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, prev], LlType::Void, span);
                Some((k, has))
            }
            (IterKind::Reversed, seq) => {
                let seq = seq.clone();
                let ct = if matches!(seq, S::Tuple(_)) { LlType::Ptr(Types::LIST) } else { self.lltype(&seq) };
                let c = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], ct, span);
                let has = fl.prim(PrimOp::IntGe, vec![idx.clone(), Operand::Const(LlConst::Signed(0))], span);
                let safe = self.clamp_index(fl, idx.clone(), has.clone(), span);
                let item_ann = self.iterable_item(&seq)?;
                let v = match &seq {
                    S::List { .. } | S::Tuple(_) => {
                        let items = fl.emit(LlOp::GetField(Types::LIST, 1), vec![c], LlType::Ptr(Types::SLOTS), span);
                        let slot = fl.emit(LlOp::GetVarItem(Types::SLOTS), vec![items, safe], LlType::Unsigned, span);
                        self.from_slot(fl, slot, &item_ann, &result, span)
                    }
                    S::Str { .. } => {
                        let ch = fl.call_rt(RuntimeFn::StrCharAt, vec![c, safe], span);
                        self.convert(fl, ch, &S::char(), &result, span)
                    }
                    S::Bytes { .. } | S::ByteArray { .. } => {
                        let b = self.byte_at(fl, c, &seq, safe, span);
                        self.convert(fl, b, &S::nonneg_int(), &result, span)
                    }
                    S::Range { .. } => {
                        // Item idx of the range: start + idx * step.
                        let rt = self.range_type();
                        let start = fl.emit(LlOp::GetField(rt, 0), vec![c.clone()], LlType::Signed, span);
                        let step = fl.emit(LlOp::GetField(rt, 2), vec![c], LlType::Signed, span);
                        let off = fl.prim(PrimOp::IntMul, vec![safe, step], span);
                        let x = fl.prim(PrimOp::IntAdd, vec![start, off], span);
                        self.convert(fl, x, &S::int(), &result, span)
                    }
                    _ => return None,
                };
                let next = fl.prim(PrimOp::IntSub, vec![idx, Operand::Const(LlConst::Signed(1))], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, next], LlType::Void, span);
                Some((v, has))
            }
            (IterKind::Enumerate, inner) => {
                let inner = inner.clone();
                let inner_t = self.lltype(&inner);
                let inner_it = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], inner_t, span);
                let S::Tuple(parts) = &result else { return None };
                let parts = parts.clone();
                let (x, has) = self.next_inline(fl, inner_it, &inner, &parts[1], span)?;
                let next = fl.prim(PrimOp::IntAdd, vec![idx.clone(), Operand::Const(LlConst::Signed(1))], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, next], LlType::Void, span);
                let LlType::Ptr(tt) = self.lltype(&result) else { return None };
                let tup = fl.emit(LlOp::Malloc(tt), vec![], LlType::Ptr(tt), span);
                let i = self.convert(fl, idx, &S::int(), &parts[0], span);
                fl.emit(LlOp::SetField(tt, 0), vec![tup.clone(), i], LlType::Void, span);
                fl.emit(LlOp::SetField(tt, 1), vec![tup.clone(), x], LlType::Void, span);
                Some((tup, has))
            }
            (IterKind::Zip, _) => {
                let S::Tuple(parts) = &result else { return None };
                let parts = parts.clone();
                let LlType::Ptr(tt) = self.lltype(&result) else { return None };
                let tup = fl.emit(LlOp::Malloc(tt), vec![], LlType::Ptr(tt), span);
                let mut all = Operand::Const(LlConst::Bool(true));
                for (k, inner) in of.iter().enumerate() {
                    let inner_t = self.lltype(inner);
                    let inner_it = fl.emit(LlOp::GetField(it_t, k as u32), vec![it.clone()], inner_t, span);
                    let (x, has) = match (&all, inner) {
                        // As CPython does, a user iterator is not advanced once an earlier
                        // one is exhausted.
                        (Operand::Var(go), S::Iterator { kind: IterKind::User, .. }) => {
                            let go = *go;
                            let xt = self.lltype(&parts[k]);
                            let (call, _) = fl.block_with(&[]);
                            let (skip, _) = fl.block_with(&[]);
                            let (join, jv) = fl.block_with(&[xt, LlType::Bool]);
                            fl.b.branch_with(go, (skip, vec![]), (call, vec![]));
                            fl.b.switch_to(call);
                            let (x, has) = self.next_inline(fl, inner_it, inner, &parts[k], span)?;
                            fl.b.jump_with(join, vec![(x, span), (has, span)]);
                            fl.b.switch_to(skip);
                            fl.b.jump_with(join, vec![(crate::helpers::zero_operand(xt), span), (Operand::Const(LlConst::Bool(false)), span)]);
                            fl.b.switch_to(join);
                            (Operand::Var(jv[0]), Operand::Var(jv[1]))
                        }
                        _ => self.next_inline(fl, inner_it, inner, &parts[k], span)?,
                    };
                    fl.emit(LlOp::SetField(tt, k as u32), vec![tup.clone(), x], LlType::Void, span);
                    all = fl.prim(PrimOp::BoolAnd, vec![all, has], span);
                }
                let _ = idx;
                Some((tup, all))
            }
            (IterKind::Sequence, seq @ (S::Bytes { .. } | S::ByteArray { .. })) => {
                let seq = seq.clone();
                let c = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], self.lltype(&seq), span);
                let len = self.length_of(fl, c.clone(), &seq, span);
                let has = fl.prim(PrimOp::IntLt, vec![idx.clone(), len], span);
                let safe_idx = self.clamp_index(fl, idx.clone(), has.clone(), span);
                let b = self.byte_at(fl, c, &seq, safe_idx, span);
                let next = fl.prim(PrimOp::IntAdd, vec![idx, Operand::Const(LlConst::Signed(1))], span);
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, next], LlType::Void, span);
                let item = self.convert(fl, b, &S::nonneg_int(), &result, span);
                Some((item, has))
            }
            (IterKind::Sequence, S::File { binary }) => {
                // The next line; none at the end of the file.
                let f = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], LlType::Ptr(Types::FILE), span);
                let data = fl.call_rt(RuntimeFn::FileReadBytes, vec![f, Operand::Const(LlConst::Bool(true))], span);
                let n = fl.emit(LlOp::GetField(Types::BYTES, 0), vec![data.clone()], LlType::Signed, span);
                let has = fl.prim(PrimOp::IntGt, vec![n, Operand::Const(LlConst::Signed(0))], span);
                let line = if *binary { data } else { fl.call_rt(RuntimeFn::BytesDecode, vec![data, Operand::Const(LlConst::Signed(0))], span) };
                let _ = idx;
                let from = if *binary { S::bytes() } else { S::str() };
                let item = self.convert(fl, line, &from, &result, span);
                Some((item, has))
            }
            (IterKind::Sequence, S::Str { .. }) => {
                // The position is a byte offset, so each step is O(1) in any string.
                let s = fl.emit(LlOp::GetField(it_t, 0), vec![it.clone()], LlType::Ptr(Types::STR), span);
                let nbytes = fl.emit(LlOp::GetField(Types::STR, 1), vec![s.clone()], LlType::Signed, span);
                let has = fl.prim(PrimOp::IntLt, vec![idx.clone(), nbytes], span);
                let safe_idx = self.clamp_index(fl, idx.clone(), has.clone(), span);
                let ch = fl.call_rt(RuntimeFn::StrDecodeAt, vec![s, safe_idx], span);
                // The character's UTF-8 length: 1, plus one for each of 0x80, 0x800, 0x10000 it reaches.
                let mut next = fl.prim(PrimOp::IntAdd, vec![idx, Operand::Const(LlConst::Signed(1))], span);
                for limit in [0x80u32, 0x800, 0x10000] {
                    let above = fl.prim(PrimOp::UniCharGe, vec![ch.clone(), Operand::Const(LlConst::UniChar(limit))], span);
                    let one = fl.prim(PrimOp::CastBoolToInt, vec![above], span);
                    next = fl.prim(PrimOp::IntAdd, vec![next, one], span);
                }
                fl.emit(LlOp::SetField(it_t, field("index")), vec![it, next], LlType::Void, span);
                let item = self.convert(fl, ch, &S::char(), &result, span);
                Some((item, has))
            }
            _ => None,
        }
    }

    /// `idx` if `ok`, else 0: a position that is safe to read before the test is taken.
    fn clamp_index(&mut self, fl: &mut FnLowering, idx: LlOperand, ok: LlOperand, span: Span) -> LlOperand {
        let okint = fl.prim(PrimOp::CastBoolToInt, vec![ok], span);
        let mask = fl.prim(PrimOp::IntNeg, vec![okint], span);
        fl.prim(PrimOp::IntAnd, vec![idx, mask], span)
    }

    /// `next()` through a call: user iterators call `__next__` (which raises
    /// StopIteration at the end).
    fn lower_next_call(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        match &hop.anns[0] {
            S::Iterator { kind: IterKind::User, of } => {
                let S::Instance { class, .. } = of[0] else { return self.unsupported(hop.span, "next() of this iterator".into()) };
                let r = self.call_method_by_name(fl, hop.args[0].clone(), class, "__next__", vec![], hop.span);
                let impls_ret = self.next_result_ann(class);
                self.convert(fl, r, &impls_ret, &hop.result, hop.span)
            }
            _ => self.unsupported(hop.span, "next() of this iterator outside a for loop".into()),
        }
    }

    /// The annotation `__next__` of class `c` returns.
    fn next_result_ann(&self, c: rpy_annotator::ClassId) -> SomeValue {
        let f = self.method_impl(c, "__next__");
        f.and_then(|f| self.ann.graph_of.get(&(f, rpy_annotator::SpecKey::Default))).map_or(SomeValue::Impossible, |g| self.ann.graph(*g).return_ann())
    }

    /// Raises AttributeError when `v` (an instance that may be None) is None.
    pub(crate) fn check_not_none(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, attr: &str, span: Span) {
        let obj = self.convert_to_ll(fl, v, s, LlType::Ptr(Types::OBJECT), span);
        let name = Operand::Const(LlConst::Static(self.str_static(attr)));
        fl.call_rt(RuntimeFn::CheckNotNone, vec![obj, name], span);
    }

    /// Operations on containers (`containers.rs`), or an error for what is not lowered yet.
    pub(crate) fn lower_container_op(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        if let Some(r) = self.lower_bytes_op(fl, hop) {
            return r;
        }
        if let Some(r) = self.lower_container(fl, hop) {
            return r;
        }
        let t: Vec<String> = hop.anns.iter().map(|a| self.ann.type_name(a)).collect();
        self.unsupported(hop.span, format!("`{}` on {}", hop.kind.text(), t.join(", ")))
    }

    fn lower_contains(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        match (&hop.anns[0], &hop.anns[1]) {
            (S::Instance { class, .. }, _) if self.method_impl(*class, "__contains__").is_some() || self.any_subclass_defines(*class, "__contains__") => {
                let r = self.lower_special_call(fl, hop, "__contains__", vec![(hop.args[1].clone(), hop.anns[1].clone())]);
                self.truth(fl, r, &hop.result.clone(), span)
            }
            (S::Range { .. }, item) => {
                let item = item.clone();
                let rt = self.range_type();
                let start = fl.emit(LlOp::GetField(rt, 0), vec![hop.args[0].clone()], LlType::Signed, span);
                let stop = fl.emit(LlOp::GetField(rt, 1), vec![hop.args[0].clone()], LlType::Signed, span);
                let step = fl.emit(LlOp::GetField(rt, 2), vec![hop.args[0].clone()], LlType::Signed, span);
                let x = self.convert(fl, hop.args[1].clone(), &item, &S::int(), span);
                let f = self.helper_range_contains();
                fl.emit(LlOp::DirectCall(f), vec![start, stop, step, x], LlType::Bool, span)
            }
            (S::Str { .. }, item) if item.is_str() => {
                let c = self.convert(fl, hop.args[0].clone(), &hop.anns[0], &S::str(), span);
                let i = self.convert(fl, hop.args[1].clone(), item, &S::str(), span);
                fl.call_rt(RuntimeFn::StrContains, vec![c, i], span)
            }
            (S::Iterator { kind: IterKind::DictKeys, of }, _) => {
                // `k in d.keys()` is `k in d`.
                let d = of[0].clone();
                let it_t = self.iterator_type(&IterKind::DictKeys, of);
                let dv = fl.emit(LlOp::GetField(it_t, 0), vec![hop.args[0].clone()], LlType::Ptr(Types::DICT), span);
                let fake = Hop { args: vec![dv, hop.args[1].clone()], anns: vec![d, hop.anns[1].clone()], ..hop.clone() };
                self.lower_container_op(fl, &fake)
            }
            (S::Iterator { .. } | S::Instance { .. }, item) => {
                // Consumes the iterator up to the first equal item.
                let item = item.clone();
                let Some((iterator, it_ann, _)) = self.iterator_for(fl, hop.args[0].clone(), &hop.anns[0], span) else { return self.unsupported(span, "`in` on this value".into()) };
                let Some(x_ann) = self.iterator_item(&it_ann) else { return self.unsupported(span, "`in` on this iterator".into()) };
                let (done, dv) = fl.block_with(&[LlType::Bool]);
                let (header, _) = fl.block_with(&[]);
                fl.b.jump(header);
                fl.b.switch_to(header);
                let Some((x, has)) = self.next_inline(fl, iterator.clone(), &it_ann, &x_ann, span) else { return self.unsupported(span, "`in` on this iterator".into()) };
                let (body, _) = fl.block_with(&[]);
                match has {
                    Operand::Var(h) => fl.b.branch_with(h, (done, vec![(Operand::Const(LlConst::Bool(false)), span)]), (body, vec![])),
                    _ => fl.b.jump(body),
                }
                fl.b.switch_to(body);
                let target = if x_ann.is_numeric() && item.is_numeric() && !matches!(x_ann, S::Float { .. }) && !matches!(item, S::Float { .. }) { S::int() } else { x_ann.clone() };
                let a = self.convert(fl, x, &x_ann, &target, span);
                let b = self.convert(fl, hop.args[1].clone(), &item, &target, span);
                let eq = self.eq_values(fl, a, b, &target);
                match eq {
                    Operand::Var(e) => fl.b.branch_with(e, (header, vec![]), (done, vec![(Operand::Const(LlConst::Bool(true)), span)])),
                    _ => fl.b.jump(header),
                }
                fl.b.switch_to(done);
                Operand::Var(dv[0])
            }
            _ => self.lower_container_op(fl, hop),
        }
    }

    fn lower_new_container(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        match (&hop.result, hop.kind) {
            (S::List { def, .. }, HlOp::NewList) => {
                let item = self.ann.list_item(*def).value.clone();
                let it = self.lltype(&item);
                let gc = it.is_gc_ptr(&self.types);
                let n = hop.args.len() as i64;
                let l = fl.call_rt(RuntimeFn::ListNew, vec![Operand::Const(LlConst::Signed(n)), Operand::Const(LlConst::Bool(gc))], span);
                for (k, (a, s)) in hop.args.iter().zip(&hop.anns).enumerate() {
                    let v = self.convert(fl, a.clone(), s, &item, span);
                    let slot = fl.emit(LlOp::ToSlot(it), vec![v], LlType::Unsigned, span);
                    self.set_list_slot(fl, l.clone(), k as i64, slot, span);
                }
                l
            }
            _ => self.lower_container_op(fl, hop),
        }
    }

    /// Stores a slot into a list position known to exist (no check, no exception).
    pub(crate) fn set_list_slot(&mut self, fl: &mut FnLowering, list: LlOperand, idx: i64, slot: LlOperand, span: Span) {
        let items = fl.emit(LlOp::GetField(Types::LIST, 1), vec![list], LlType::Ptr(Types::SLOTS), span);
        fl.emit(LlOp::SetVarItem(Types::SLOTS), vec![items, Operand::Const(LlConst::Signed(idx)), slot], LlType::Void, span);
    }

    /// `exc` (a pointer to an object) is an instance of one of `classes`.
    pub(crate) fn isinstance_check(&mut self, fl: &mut FnLowering, obj: LlOperand, classes: &[rpy_flow::ObjRef], span: Span) -> LlOperand {
        let vt = fl.emit(LlOp::GetField(Types::OBJECT, 0), vec![obj], LlType::Ptr(Types::VTABLE), span);
        let id = fl.emit(LlOp::GetField(Types::VTABLE, 0), vec![vt], LlType::Signed, span);
        let mut acc: Option<LlOperand> = None;
        for c in classes {
            let Some(cid) = self.ann.class_ids.get(c).copied() else { continue };
            let (lo, hi) = self.layout(cid).id_range;
            let a = fl.prim(PrimOp::IntGe, vec![id.clone(), Operand::Const(LlConst::Signed(lo))], span);
            let b = fl.prim(PrimOp::IntLt, vec![id.clone(), Operand::Const(LlConst::Signed(hi))], span);
            let both = fl.prim(PrimOp::BoolAnd, vec![a, b], span);
            acc = Some(match acc {
                None => both,
                Some(prev) => fl.prim(PrimOp::BoolOr, vec![prev, both], span),
            });
        }
        acc.unwrap_or(Operand::Const(LlConst::Bool(false)))
    }
}

/// The comparison with its operands swapped (`a < b` is `b > a`).
fn mirror(kind: HlOp) -> HlOp {
    match kind {
        HlOp::Lt => HlOp::Gt,
        HlOp::Le => HlOp::Ge,
        HlOp::Gt => HlOp::Lt,
        HlOp::Ge => HlOp::Le,
        other => other,
    }
}

/// The plain operator of an in-place one.
pub(crate) fn plain_of(kind: HlOp) -> HlOp {
    match kind {
        HlOp::InplaceAdd => HlOp::Add,
        HlOp::InplaceSub => HlOp::Sub,
        HlOp::InplaceMul => HlOp::Mul,
        HlOp::InplaceTrueDiv => HlOp::TrueDiv,
        HlOp::InplaceFloorDiv => HlOp::FloorDiv,
        HlOp::InplaceMod => HlOp::Mod,
        HlOp::InplacePow => HlOp::Pow,
        HlOp::InplaceLShift => HlOp::LShift,
        HlOp::InplaceRShift => HlOp::RShift,
        HlOp::InplaceAnd => HlOp::BitAnd,
        HlOp::InplaceOr => HlOp::BitOr,
        HlOp::InplaceXor => HlOp::BitXor,
        other => other,
    }
}

/// The constant an annotation stands for, if it is one that needs no storage.
pub(crate) fn const_of(s: &SomeValue) -> Option<Constant> {
    match s {
        SomeValue::None => Some(Constant::None),
        SomeValue::Functions { funcs, nullable: false } if funcs.len() == 1 => Some(Constant::Obj(funcs[0])),
        SomeValue::Classes { classes, nullable: false } if classes.len() == 1 => Some(Constant::Obj(classes[0])),
        SomeValue::Module(m) => Some(Constant::Obj(*m)),
        _ => None,
    }
}

/// The runtime's number for a built-in exception (its position in RUNTIME_EXCEPTIONS).
pub(crate) fn runtime_exception_number(name: &str) -> i64 {
    rpy_stdlib::RUNTIME_EXCEPTIONS.iter().position(|n| *n == name).map_or(0, |i| i as i64)
}
