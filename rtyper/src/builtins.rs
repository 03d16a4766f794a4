//! Lowering of built-in functions and of methods of built-in types: one arm per builtin.

use crate::lower::{FnLowering, LlOperand};
use crate::ops::Hop;
use crate::RTyper;
use rpy_annotator::SomeValue;
use rpy_flow::Operand;
use rpy_lltype::{LlConst, LlOp, LlType, PrimOp, RuntimeFn, Types};
use rpy_stdlib::Builtin;

/// The runtime's numbering of one-argument and two-argument math functions.
fn math_number(b: Builtin) -> Option<i64> {
    use Builtin as B;
    Some(match b {
        B::MathSqrt => 0,
        B::MathExp => 1,
        B::MathLog => 2,
        B::MathLog2 => 3,
        B::MathLog10 => 4,
        B::MathSin => 5,
        B::MathCos => 6,
        B::MathTan => 7,
        B::MathAsin => 8,
        B::MathAcos => 9,
        B::MathAtan => 10,
        B::MathSinh => 11,
        B::MathCosh => 12,
        B::MathTanh => 13,
        B::MathFabs => 14,
        B::MathDegrees => 15,
        B::MathRadians => 16,
        B::MathFloor => 17,
        B::MathCeil => 18,
        B::MathTrunc => 19,
        B::MathAtan2 => 100,
        B::MathPow => 101,
        B::MathHypot => 102,
        B::MathFmod => 103,
        B::MathCopysign => 104,
        _ => return None,
    })
}

impl<'a> RTyper<'a> {
    pub(crate) fn lower_builtin(&mut self, fl: &mut FnLowering, hop: &Hop, b: Builtin, args: &[(LlOperand, SomeValue)], kwnames: &[String]) -> LlOperand {
        use Builtin as B;
        use SomeValue as S;
        let span = hop.span;
        let n_pos = args.len() - kwnames.len();
        let arg = |i: usize| args[i].clone();
        let result = hop.result.clone();
        match b {
            B::Print => self.lower_print(fl, hop, args, kwnames),
            B::Len => {
                let (v, s) = arg(0);
                self.raise_if_none(fl, v.clone(), &s, "object of type 'NoneType' has no len()", span);
                if let S::Instance { class, .. } = s {
                    let r = self.call_method_by_name(fl, v, class, "__len__", vec![], span);
                    return self.convert(fl, r, &S::int(), &result, span);
                }
                self.length_of(fl, v, &s, span)
            }
            B::Int => match n_pos {
                0 => Operand::Const(LlConst::Signed(0)),
                _ => {
                    let (v, s) = arg(0);
                    match &s {
                        S::Float { .. } => fl.prim(PrimOp::CastFloatToInt, vec![v], span),
                        S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } => {
                            let (v, f) = if s.is_str() { (self.convert(fl, v, &s, &S::str(), span), RuntimeFn::StrToInt) } else { (self.as_bytes(fl, v, &s, span), RuntimeFn::BytesToInt) };
                            let base = if args.len() > 1 {
                                let (bv, bs) = arg(1);
                                self.convert(fl, bv, &bs, &S::int(), span)
                            } else {
                                Operand::Const(LlConst::Signed(10))
                            };
                            fl.call_rt(f, vec![v, base], span)
                        }
                        x if x.is_intlike() => self.convert(fl, v, &s, &S::int(), span),
                        _ => self.unsupported(span, "int() of this value".into()),
                    }
                }
            },
            B::Float => {
                if n_pos == 0 {
                    return Operand::Const(LlConst::Float(rpy_flow::FloatBits::new(0.0)));
                }
                let (v, s) = arg(0);
                match &s {
                    S::Str { .. } => {
                        let v = self.convert(fl, v, &s, &S::str(), span);
                        fl.call_rt(RuntimeFn::StrToFloat, vec![v], span)
                    }
                    _ => self.convert(fl, v, &s, &S::float(), span),
                }
            }
            B::Str => {
                if n_pos == 0 {
                    return self.str_const("");
                }
                let (v, s) = arg(0);
                let r = self.to_str(fl, v, &s, span);
                let rt = self.lltype(&result);
                self.convert_ll(fl, r, LlType::Ptr(Types::STR), rt, &S::str(), span)
            }
            B::Repr => {
                let (v, s) = arg(0);
                self.to_repr(fl, v, &s, span)
            }
            B::Bool => {
                if n_pos == 0 {
                    return Operand::Const(LlConst::Bool(false));
                }
                let (v, s) = arg(0);
                self.truth(fl, v, &s, span)
            }
            B::Abs => {
                let (v, s) = arg(0);
                match &s {
                    S::Float { .. } => fl.prim(PrimOp::FloatAbs, vec![v], span),
                    _ => {
                        let v = self.convert(fl, v, &s, &S::int(), span);
                        fl.prim(PrimOp::IntAbs, vec![v], span)
                    }
                }
            }
            B::Min | B::Max if n_pos >= 2 => {
                let key = kwnames.iter().position(|k| k == "key").map(|i| args[n_pos + i].clone());
                let numeric = result.is_intlike() || matches!(result, S::Float { .. });
                let t = self.lltype(&result);
                let mut acc = self.convert(fl, arg(0).0, &arg(0).1, &result, span);
                for k in 1..n_pos {
                    let (v, s) = arg(k);
                    let v = self.convert(fl, v, &s, &result, span);
                    let better = if numeric && key.is_none() {
                        let cmp = match (&result, b) {
                            (S::Float { .. }, B::Min) => PrimOp::FloatLt,
                            (S::Float { .. }, _) => PrimOp::FloatGt,
                            (_, B::Min) => PrimOp::IntLt,
                            _ => PrimOp::IntGt,
                        };
                        fl.prim(cmp, vec![v.clone(), acc.clone()], span)
                    } else {
                        self.min_max_better(fl, b, &key, v.clone(), acc.clone(), &result, span)
                    };
                    let prev = acc.clone();
                    acc = self.if_else(fl, better, t, |_, _| v, |_, _| prev);
                }
                acc
            }
            B::Divmod => {
                let ((a, sa), (bb, sb)) = (arg(0), arg(1));
                let S::Tuple(items) = &result else { return self.unsupported(span, "divmod".into()) };
                let is_float = matches!(items[0], S::Float { .. });
                let (q, r) = if is_float {
                    let a = self.convert(fl, a, &sa, &S::float(), span);
                    let bb = self.convert(fl, bb, &sb, &S::float(), span);
                    let zero = fl.prim(PrimOp::FloatEq, vec![bb.clone(), Operand::Const(LlConst::Float(rpy_flow::FloatBits::new(0.0)))], span);
                    self.raise_if(fl, zero, "ZeroDivisionError", "float divmod()", span);
                    (fl.prim(PrimOp::FloatFloorDiv, vec![a.clone(), bb.clone()], span), fl.prim(PrimOp::FloatMod, vec![a, bb], span))
                } else {
                    let a = self.convert(fl, a, &sa, &S::int(), span);
                    let bb = self.convert(fl, bb, &sb, &S::int(), span);
                    let f = self.helper_divmod();
                    let t = self.lltype(&result);
                    return fl.emit(LlOp::DirectCall(f), vec![a, bb], t, span);
                };
                let LlType::Ptr(t) = self.lltype(&result) else { unreachable!("a tuple is a pointer") };
                let tup = fl.emit(LlOp::Malloc(t), vec![], LlType::Ptr(t), span);
                fl.emit(LlOp::SetField(t, 0), vec![tup.clone(), q], LlType::Void, span);
                fl.emit(LlOp::SetField(t, 1), vec![tup.clone(), r], LlType::Void, span);
                tup
            }
            B::Range => {
                let ints: Vec<LlOperand> = (0..n_pos).map(|k| self.convert(fl, arg(k).0, &arg(k).1, &S::int(), span)).collect();
                let zero = Operand::Const(LlConst::Signed(0));
                let one = Operand::Const(LlConst::Signed(1));
                let (start, stop, step) = match ints.as_slice() {
                    [stop] => (zero, stop.clone(), one),
                    [start, stop] => (start.clone(), stop.clone(), one),
                    [start, stop, step] => (start.clone(), stop.clone(), step.clone()),
                    _ => return self.unsupported(span, "range() with these arguments".into()),
                };
                if let S::Range { step: None } = result {
                    // A variable step of zero is a ValueError.
                    let f = self.helper_check_step();
                    fl.emit(LlOp::DirectCall(f), vec![step.clone()], LlType::Void, span);
                }
                let rt = self.range_type();
                let r = fl.emit(LlOp::Malloc(rt), vec![], LlType::Ptr(rt), span);
                for (k, v) in [start, stop, step].into_iter().enumerate() {
                    fl.emit(LlOp::SetField(rt, k as u32), vec![r.clone(), v], LlType::Void, span);
                }
                r
            }
            B::Chr => {
                let (v, s) = arg(0);
                let v = self.convert(fl, v, &s, &S::int(), span);
                let c = fl.call_rt(RuntimeFn::Chr, vec![v], span);
                self.convert(fl, c, &S::char(), &result, span)
            }
            B::Ord => {
                let (v, s) = arg(0);
                match self.lltype(&s) {
                    LlType::UniChar => fl.prim(PrimOp::CastUniCharToInt, vec![v], span),
                    _ if !s.is_str() => {
                        let b = self.as_bytes(fl, v, &s, span);
                        fl.call_rt(RuntimeFn::BytesOrd, vec![b], span)
                    }
                    _ => {
                        let v = self.convert(fl, v, &s, &S::str(), span);
                        fl.call_rt(RuntimeFn::Ord, vec![v], span)
                    }
                }
            }
            B::Hex | B::Oct | B::Bin => {
                let (v, s) = arg(0);
                let v = self.convert(fl, v, &s, &S::int(), span);
                let base = match b {
                    B::Hex => 16,
                    B::Oct => 8,
                    _ => 2,
                };
                fl.call_rt(RuntimeFn::IntToBase, vec![v, Operand::Const(LlConst::Signed(base)), Operand::Const(LlConst::Bool(true))], span)
            }
            B::Isinstance => {
                if let S::Bool { konst: Some(k) } = result {
                    return Operand::Const(LlConst::Bool(k));
                }
                let (v, s) = arg(0);
                let classes: Vec<rpy_flow::ObjRef> = match &arg(1).1 {
                    S::Classes { classes, .. } => classes.to_vec(),
                    S::Tuple(items) => items.iter().flat_map(|i| if let S::Classes { classes, .. } = i { classes.to_vec() } else { vec![] }).collect(),
                    _ => vec![],
                };
                let t = self.lltype(&s);
                let obj = self.convert_ll(fl, v.clone(), t, LlType::Ptr(Types::OBJECT), &s, span);
                if s.can_be_none() {
                    let nonnull = fl.emit(LlOp::PtrNonNull, vec![obj.clone()], LlType::Bool, span);
                    self.if_else(fl, nonnull, LlType::Bool, |this, fl| this.isinstance_check(fl, obj, &classes, span), |_, _| Operand::Const(LlConst::Bool(false)))
                } else {
                    self.isinstance_check(fl, obj, &classes, span)
                }
            }
            B::Pow => {
                let ((a, sa), (bb, sb)) = (arg(0), arg(1));
                if matches!(result, S::Float { .. }) {
                    let a = self.convert(fl, a, &sa, &S::float(), span);
                    let bb = self.convert(fl, bb, &sb, &S::float(), span);
                    fl.prim(PrimOp::FloatPow, vec![a, bb], span)
                } else {
                    let a = self.convert(fl, a, &sa, &S::int(), span);
                    let bb = self.convert(fl, bb, &sb, &S::int(), span);
                    if n_pos == 3 {
                        let (m, sm) = arg(2);
                        let m = self.convert(fl, m, &sm, &S::int(), span);
                        return fl.call_rt(RuntimeFn::IntPowMod, vec![a, bb, m], span);
                    }
                    fl.prim(PrimOp::IntPow, vec![a, bb], span)
                }
            }
            B::Super => {
                // `super(C, self)` is `self`; lookups on it are resolved statically.
                let (v, s) = arg(1);
                self.convert(fl, v, &s, &result, span)
            }
            B::MathIsnan | B::MathIsinf | B::MathIsfinite => {
                let (v, s) = arg(0);
                let v = self.convert(fl, v, &s, &S::float(), span);
                let which = match b {
                    B::MathIsnan => 0,
                    B::MathIsinf => 1,
                    _ => 2,
                };
                fl.call_rt(RuntimeFn::MathPred, vec![Operand::Const(LlConst::Signed(which)), v], span)
            }
            B::MathModf | B::MathFrexp => {
                let (v, s) = arg(0);
                let v = self.convert(fl, v, &s, &S::float(), span);
                let (a, c) = if b == B::MathModf {
                    (fl.call_rt(RuntimeFn::MathModf, vec![v.clone(), Operand::Const(LlConst::Signed(0))], span), fl.call_rt(RuntimeFn::MathModf, vec![v, Operand::Const(LlConst::Signed(1))], span))
                } else {
                    (fl.call_rt(RuntimeFn::MathFrexpMantissa, vec![v.clone()], span), fl.call_rt(RuntimeFn::MathFrexpExponent, vec![v], span))
                };
                let LlType::Ptr(tt) = self.lltype(&result) else { return self.unsupported(span, "this math function".into()) };
                let tup = fl.emit(LlOp::Malloc(tt), vec![], LlType::Ptr(tt), span);
                fl.emit(LlOp::SetField(tt, 0), vec![tup.clone(), a], LlType::Void, span);
                fl.emit(LlOp::SetField(tt, 1), vec![tup.clone(), c], LlType::Void, span);
                tup
            }
            B::MathLdexp => {
                let ((x, sx), (e, se)) = (arg(0), arg(1));
                let x = self.convert(fl, x, &sx, &S::float(), span);
                let e = self.convert(fl, e, &se, &S::int(), span);
                fl.call_rt(RuntimeFn::MathLdexp, vec![x, e], span)
            }
            B::OsWrite => {
                let ((fd, sfd), (data, sd)) = (arg(0), arg(1));
                let fd = self.convert(fl, fd, &sfd, &S::int(), span);
                let data = match &sd {
                    S::Str { .. } => {
                        let v = self.convert(fl, data, &sd, &S::str(), span);
                        fl.call_rt(RuntimeFn::StrEncode, vec![v, Operand::Const(LlConst::Signed(0))], span)
                    }
                    _ => data,
                };
                fl.call_rt(RuntimeFn::OsWrite, vec![fd, data], span)
            }
            B::OsGetpid => fl.call_rt(RuntimeFn::OsGetpid, vec![], span),
            B::OsOpen => {
                let (p, sp) = arg(0);
                let p = self.convert(fl, p, &sp, &S::str(), span);
                let flags = self.convert(fl, arg(1).0, &arg(1).1, &S::int(), span);
                let mode = if n_pos > 2 { self.convert(fl, arg(2).0, &arg(2).1, &S::int(), span) } else { Operand::Const(LlConst::Signed(0o777)) };
                fl.call_rt(RuntimeFn::OsOpen, vec![p, flags, mode], span)
            }
            B::OsRead => {
                let fd = self.convert(fl, arg(0).0, &arg(0).1, &S::int(), span);
                let n = self.convert(fl, arg(1).0, &arg(1).1, &S::int(), span);
                fl.call_rt(RuntimeFn::OsRead, vec![fd, n], span)
            }
            B::OsClose => {
                let fd = self.convert(fl, arg(0).0, &arg(0).1, &S::int(), span);
                fl.call_rt(RuntimeFn::OsClose, vec![fd], span);
                Operand::Const(LlConst::Void)
            }
            B::OsListdir => {
                let p = if n_pos == 0 { self.str_const(".") } else { self.convert(fl, arg(0).0, &arg(0).1, &S::str(), span) };
                fl.call_rt(RuntimeFn::OsListdir, vec![p], span)
            }
            B::TimeSleep => {
                let t = self.convert(fl, arg(0).0, &arg(0).1, &S::float(), span);
                fl.call_rt(RuntimeFn::TimeSleep, vec![t], span);
                Operand::Const(LlConst::Void)
            }
            B::ExceptionInit => {
                // The arguments after the exception become its message.
                let (e, se) = arg(0);
                let S::Instance { class, .. } = se else { return self.unsupported(span, "this call".into()) };
                let obj = self.convert_to_ll(fl, e, &se, LlType::Ptr(Types::EXC_BASE), span);
                let msg = self.exception_message(fl, class, &args[1..n_pos], span);
                fl.emit(LlOp::SetField(Types::EXC_BASE, 0), vec![obj, msg], LlType::Void, span);
                Operand::Const(LlConst::Void)
            }
            B::Input => {
                let prompt = if n_pos == 0 { Operand::Const(LlConst::Null(LlType::Ptr(Types::STR))) } else { self.convert(fl, arg(0).0, &arg(0).1, &S::str(), span) };
                fl.call_rt(RuntimeFn::Input, vec![prompt], span)
            }
            B::MathGcd => {
                let a = self.convert(fl, arg(0).0, &arg(0).1, &S::int(), span);
                let b2 = self.convert(fl, arg(1).0, &arg(1).1, &S::int(), span);
                fl.call_rt(RuntimeFn::MathGcd, vec![a, b2], span)
            }
            B::MathFactorial => {
                let a = self.convert(fl, arg(0).0, &arg(0).1, &S::int(), span);
                fl.call_rt(RuntimeFn::MathFactorial, vec![a], span)
            }
            B::MathIsclose => {
                let a = self.convert(fl, arg(0).0, &arg(0).1, &S::float(), span);
                let b2 = self.convert(fl, arg(1).0, &arg(1).1, &S::float(), span);
                let tol = |this: &mut Self, fl: &mut FnLowering, name: &str, default: f64| match kwnames.iter().position(|k| k == name) {
                    Some(i) => {
                        let (v, s) = args[n_pos + i].clone();
                        this.convert(fl, v, &s, &S::float(), span)
                    }
                    None => Operand::Const(LlConst::Float(rpy_flow::FloatBits::new(default))),
                };
                let rel = tol(self, fl, "rel_tol", 1e-9);
                let abs = tol(self, fl, "abs_tol", 0.0);
                fl.call_rt(RuntimeFn::MathIsclose, vec![a, b2, rel, abs], span)
            }
            B::OsPathExists => {
                let (v, s) = arg(0);
                let v = self.convert(fl, v, &s, &S::str(), span);
                fl.call_rt(RuntimeFn::OsPathExists, vec![v], span)
            }
            B::OsPathJoin => {
                let mut acc = self.convert(fl, arg(0).0, &arg(0).1, &S::str(), span);
                for k in 1..n_pos {
                    let (v, s) = arg(k);
                    let v = self.convert(fl, v, &s, &S::str(), span);
                    acc = fl.call_rt(RuntimeFn::OsPathJoin, vec![acc, v], span);
                }
                acc
            }
            B::Open => {
                let (p, sp) = arg(0);
                let p = self.convert(fl, p, &sp, &S::str(), span);
                let mode = match (n_pos, kwnames.iter().position(|k| k == "mode")) {
                    (_, Some(i)) => Some(args[n_pos + i].clone()),
                    (2.., None) => Some(arg(1)),
                    _ => None,
                };
                let mode = match mode {
                    Some((m, sm)) => self.convert(fl, m, &sm, &S::str(), span),
                    None => self.str_const("r"),
                };
                fl.call_rt(RuntimeFn::FileOpen, vec![p, mode], span)
            }
            B::RStringBuilder => fl.call_rt(RuntimeFn::SbNew, vec![], span),
            B::RBytesBuilder => fl.call_rt(RuntimeFn::BytearrayNew, vec![Operand::Const(LlConst::Signed(0))], span),
            B::Round => {
                let (v, s) = arg(0);
                match (&s, n_pos) {
                    (S::Float { .. }, 1) => fl.call_rt(RuntimeFn::RoundHalfEven, vec![v], span),
                    (S::Float { .. }, _) => {
                        let (d, sd) = arg(1);
                        let d = self.convert(fl, d, &sd, &S::int(), span);
                        fl.call_rt(RuntimeFn::RoundDigits, vec![v, d], span)
                    }
                    (_, 2) => {
                        let v = self.convert(fl, v, &s, &S::int(), span);
                        let (d, sd) = arg(1);
                        let d = self.convert(fl, d, &sd, &S::int(), span);
                        fl.call_rt(RuntimeFn::RoundIntDigits, vec![v, d], span)
                    }
                    _ => self.convert(fl, v, &s, &S::int(), span),
                }
            }
            B::SysExit => {
                let code = if n_pos == 0 {
                    Operand::Const(LlConst::Signed(0))
                } else {
                    let (v, s) = arg(0);
                    match &s {
                        S::None => Operand::Const(LlConst::Signed(0)),
                        x if x.is_intlike() => self.convert(fl, v, &s, &S::int(), span),
                        _ => {
                            // A message: printed to stderr, status 1.
                            let text = self.to_str(fl, v, &s, span);
                            fl.call_rt(RuntimeFn::PrintStr, vec![text, Operand::Const(LlConst::Bool(true))], span);
                            let nl = self.str_const("\n");
                            fl.call_rt(RuntimeFn::PrintStr, vec![nl, Operand::Const(LlConst::Bool(true))], span);
                            Operand::Const(LlConst::Signed(1))
                        }
                    }
                };
                fl.call_rt(RuntimeFn::SysExit, vec![code], span);
                Operand::Const(LlConst::Void)
            }
            B::TimeTime | B::TimePerfCounter => fl.call_rt(RuntimeFn::TimeNow, vec![Operand::Const(LlConst::Signed(if b == B::TimeTime { 0 } else { 1 }))], span),
            // A word always fits a word: ovfcheck of a value that is not an arithmetic
            // operation (those become `*_ovf` operations) is the value.
            B::RIntmask | B::RInt64 | B::ROvfcheck => {
                let (v, s) = arg(0);
                self.convert(fl, v, &s, &S::int(), span)
            }
            B::RUint | B::RUint64 => {
                let (v, s) = arg(0);
                // A float is truncated to an int first (the rlib class does int(value)).
                let (v, s) = if matches!(s, S::Float { .. }) { (fl.prim(PrimOp::CastFloatToInt, vec![v], span), S::int()) } else { (v, s) };
                self.convert(fl, v, &s, &result, span)
            }
            B::Next => {
                let (it, s) = arg(0);
                let it_ann = match &s {
                    S::Instance { .. } => S::Iterator { kind: rpy_annotator::IterKind::User, of: std::rc::Rc::from(vec![s.clone()]) },
                    other => other.clone(),
                };
                if let S::Iterator { kind: rpy_annotator::IterKind::User, of } = &it_ann {
                    let S::Instance { class, .. } = of[0] else { return self.unsupported(span, "next() of this value".into()) };
                    let f = self.method_impl(class, "__next__");
                    let ret = f.and_then(|f| self.ann.graph_of.get(&(f, rpy_annotator::SpecKey::Default))).map_or(S::Impossible, |g| self.ann.graph(*g).return_ann());
                    if n_pos == 1 {
                        let r = self.call_method_by_name(fl, it, class, "__next__", vec![], span);
                        return self.convert(fl, r, &ret, &result, span);
                    }
                    // next(it, default): StopIteration from __next__ gives the default.
                    let t = self.lltype(&result);
                    let (join, jv) = fl.block_with(&[t]);
                    let (stopped, _) = fl.block_with(&[]);
                    let r = fl.with_stop_exit(stopped, |fl| self.call_method_by_name(fl, it, class, "__next__", vec![], span));
                    let r = self.convert(fl, r, &ret, &result, span);
                    fl.b.jump_with(join, vec![(r, span)]);
                    fl.b.switch_to(stopped);
                    let (d, ds) = arg(1);
                    let d = self.convert(fl, d, &ds, &result, span);
                    fl.b.jump_with(join, vec![(d, span)]);
                    fl.b.switch_to(join);
                    return Operand::Var(jv[0]);
                }
                let Some((item, has)) = self.next_inline(fl, it, &it_ann, &result, span) else {
                    return self.unsupported(span, "next() of this iterator".into());
                };
                let t = self.lltype(&result);
                let default = if n_pos > 1 { Some(arg(1)) } else { None };
                self.if_else(fl, has, t, |_, _| item, |this, fl| match default {
                    Some((d, ds)) => this.convert(fl, d, &ds, &result, span),
                    None => {
                        let k = crate::ops::runtime_exception_number("StopIteration");
                        let msg = this.str_const("");
                        fl.call_rt(RuntimeFn::RaiseSimple, vec![Operand::Const(LlConst::Signed(k)), msg], span);
                        Operand::Const(LlConst::Null(t)).zero_of(t)
                    }
                })
            }
            B::Iter => {
                let (v, s) = arg(0);
                let fake = Hop { g: hop.g, block: hop.block, index: hop.index, kind: rpy_flow::HlOp::Iter, span, args: vec![v], anns: vec![s], result: result.clone() };
                self.lower_iter_hop(fl, &fake)
            }
            B::RWeAreTranslated => Operand::Const(LlConst::Bool(true)),
            B::RJitHint | B::RJitPromote => arg(0).0,
            B::List if n_pos == 0 => {
                let gc = self.list_is_gc(&result);
                fl.call_rt(RuntimeFn::ListNew, vec![Operand::Const(LlConst::Signed(0)), Operand::Const(LlConst::Bool(gc))], span)
            }
            B::List => {
                let (v, s) = arg(0);
                match &s {
                    S::List { .. } => fl.call_rt(RuntimeFn::ListCopy, vec![v], span),
                    _ => {
                        let l = self.materialize(fl, v, &s, span);
                        self.retype_list(fl, l, &s, &result, span)
                    }
                }
            }
            B::Sorted => {
                let (v, s) = arg(0);
                let l = match &s {
                    S::List { .. } => fl.call_rt(RuntimeFn::ListCopy, vec![v], span),
                    _ => {
                        let l = self.materialize(fl, v, &s, span);
                        self.retype_list(fl, l, &s, &result, span)
                    }
                };
                let item = match &result {
                    S::List { def, .. } => self.ann.list_item(*def).value.clone(),
                    _ => S::Impossible,
                };
                let kw = |name: &str| kwnames.iter().position(|k| k == name).map(|i| args[n_pos + i].clone());
                self.sort_list(fl, l.clone(), &item, kw("key"), kw("reverse"), span);
                l
            }
            B::Set => {
                let (key, _) = self.dict_types(&result);
                if n_pos == 0 {
                    return self.new_dict(fl, &result, span);
                }
                let (v, s) = arg(0);
                self.set_from(fl, v, &s, &key, span)
            }
            B::Dict => {
                let d = if n_pos == 0 {
                    self.new_dict(fl, &result, span)
                } else {
                    self.dict_from(fl, arg(0), &result, span)
                };
                // Keyword arguments are items with string keys.
                let (key, value) = self.dict_types(&result);
                for (i, name) in kwnames.iter().enumerate() {
                    let k = self.str_const(name);
                    let ks = self.to_slot(fl, k, &S::str(), &key, span);
                    let (v, s) = args[n_pos + i].clone();
                    let vs = self.to_slot(fl, v, &s, &value, span);
                    fl.call_rt(RuntimeFn::DictSetItem, vec![d.clone(), ks, vs], span);
                }
                d
            }
            B::Tuple => {
                if n_pos == 0 {
                    return self.unsupported(span, "an empty tuple() call".into());
                }
                arg(0).0
            }
            B::Enumerate | B::Zip | B::Reversed => {
                let S::Iterator { kind, of } = &result else { return self.unsupported(span, "this iterator".into()) };
                let (kind, of) = (kind.clone(), of.clone());
                if b == B::Reversed {
                    let fake = Hop { g: hop.g, block: hop.block, index: hop.index, kind: rpy_flow::HlOp::Iter, span, args: vec![arg(0).0], anns: vec![arg(0).1], result: result.clone() };
                    return self.lower_iter_hop(fl, &fake);
                }
                let it_t = self.iterator_type(&kind, &of);
                let it = fl.emit(LlOp::Malloc(it_t), vec![], LlType::Ptr(it_t), span);
                let inputs: Vec<(LlOperand, SomeValue)> = if b == B::Enumerate { vec![arg(0)] } else { (0..n_pos).map(arg).collect() };
                for (k, (v, s)) in inputs.into_iter().enumerate() {
                    let inner = match self.iterator_for(fl, v, &s, span) {
                        Some((i, _, _)) => i,
                        None => return self.unsupported(span, "iterating over this value".into()),
                    };
                    fl.emit(LlOp::SetField(it_t, k as u32), vec![it.clone(), inner], LlType::Void, span);
                }
                if b == B::Enumerate {
                    let start = match (kwnames.iter().position(|k| k == "start"), n_pos) {
                        (Some(i), _) => Some(args[n_pos + i].clone()),
                        (None, 2) => Some(arg(1)),
                        _ => None,
                    };
                    if let Some((v, s)) = start {
                        let v = self.convert(fl, v, &s, &S::int(), span);
                        let sd = self.types.struct_def(it_t).clone();
                        let idx = sd.fields.iter().position(|(n, _)| n == "index").unwrap_or(1) as u32;
                        fl.emit(LlOp::SetField(it_t, idx), vec![it.clone(), v], LlType::Void, span);
                    }
                }
                it
            }
            B::Any | B::All => {
                // Stops at the first true (any) or false (all) item, as CPython does.
                let (v, s) = arg(0);
                let Some((it, it_ann, item)) = self.iterator_for(fl, v, &s, span) else { return self.unsupported(span, format!("{}() of this value", b.name())) };
                let any = b == B::Any;
                let (done, dv) = fl.block_with(&[LlType::Bool]);
                let (header, _) = fl.block_with(&[]);
                fl.b.jump(header);
                fl.b.switch_to(header);
                let Some((x, has)) = self.next_inline(fl, it, &it_ann, &item, span) else { return self.unsupported(span, format!("{}() of this iterator", b.name())) };
                let (body, _) = fl.block_with(&[]);
                let exhausted = (done, vec![(Operand::Const(LlConst::Bool(!any)), span)]);
                match has {
                    Operand::Var(h) => fl.b.branch_with(h, exhausted, (body, vec![])),
                    _ => fl.b.jump(body),
                }
                fl.b.switch_to(body);
                let t = self.truth(fl, x, &item, span);
                let decided = (done, vec![(Operand::Const(LlConst::Bool(any)), span)]);
                match t {
                    // any: a true item decides; all: a false one does.
                    Operand::Var(t) if any => fl.b.branch_with(t, (header, vec![]), decided),
                    Operand::Var(t) => fl.b.branch_with(t, decided, (header, vec![])),
                    Operand::Const(LlConst::Bool(k)) if k == any => fl.b.jump_with(decided.0, decided.1),
                    _ => fl.b.jump(header),
                }
                fl.b.switch_to(done);
                Operand::Var(dv[0])
            }
            B::Sum if matches!(result, S::List { .. }) => {
                // sum(lists, start): a new list, extended by each item.
                let (v, s) = arg(0);
                let acc = fl.call_rt(RuntimeFn::ListCopy, vec![arg(1).0], span);
                let Some((it, it_ann, item)) = self.iterator_for(fl, v, &s, span) else { return self.unsupported(span, "sum() of this value".into()) };
                self.for_each(fl, it, &it_ann, &item, span, |_, fl, l| {
                    fl.call_rt(RuntimeFn::ListExtend, vec![acc.clone(), l], span);
                });
                acc
            }
            B::Sum | B::Min | B::Max => {
                let (v, s) = arg(0);
                let Some((it, it_ann, item)) = self.iterator_for(fl, v, &s, span) else { return self.unsupported(span, format!("{}() of this value", b.name())) };
                let rt = self.lltype(&result);
                let (acc_block, accv) = fl.block_with(&[rt]);
                let init = match b {
                    B::Sum => match n_pos {
                        2 => {
                            let (sv, ss) = arg(1);
                            self.convert(fl, sv, &ss, &result, span)
                        }
                        _ => self.convert(fl, Operand::Const(LlConst::Signed(0)), &S::int(), &result, span),
                    },
                    _ => crate::helpers::zero_operand(rt),
                };
                let _ = (acc_block, accv);
                // An accumulator variable carried through the loop as a one-item list would
                // be heavy: keep it in a tiny struct that malloc removal turns into a variable.
                let cell_t = self.named_struct(&format!("acc_{}", self.types.type_name(rt).replace(['(', ')', ' '], "_")), vec![("value", rt), ("seen", LlType::Bool)]);
                let cell = fl.emit(LlOp::Malloc(cell_t), vec![], LlType::Ptr(cell_t), span);
                fl.emit(LlOp::SetField(cell_t, 0), vec![cell.clone(), init], LlType::Void, span);
                let key = kwnames.iter().position(|k| k == "key").map(|i| args[n_pos + i].clone());
                let result2 = result.clone();
                self.for_each(fl, it, &it_ann, &item, span, |this, fl, x| {
                    let cur = fl.emit(LlOp::GetField(cell_t, 0), vec![cell.clone()], rt, span);
                    let new = match b {
                        B::Sum => {
                            let x = this.convert(fl, x, &item, &result2, span);
                            let p = if matches!(result2, S::Float { .. }) { PrimOp::FloatAdd } else { PrimOp::IntAdd };
                            fl.prim(p, vec![cur, x], span)
                        }
                        _ => {
                            let x = this.convert(fl, x, &item, &result2, span);
                            let seen = fl.emit(LlOp::GetField(cell_t, 1), vec![cell.clone()], LlType::Bool, span);
                            // The first item is taken without comparing (`cur` is no value yet).
                            let take = this.if_else(
                                fl,
                                seen,
                                LlType::Bool,
                                |this, fl| this.min_max_better(fl, b, &key, x.clone(), cur.clone(), &result2, span),
                                |_, _| Operand::Const(LlConst::Bool(true)),
                            );
                            fl.emit(LlOp::SetField(cell_t, 1), vec![cell.clone(), Operand::Const(LlConst::Bool(true))], LlType::Void, span);
                            this.if_else(fl, take, rt, |_, _| x, |_, _| cur)
                        }
                    };
                    fl.emit(LlOp::SetField(cell_t, 0), vec![cell.clone(), new], LlType::Void, span);
                });
                let r = fl.emit(LlOp::GetField(cell_t, 0), vec![cell.clone()], rt, span);
                if matches!(b, B::Min | B::Max) {
                    let seen = fl.emit(LlOp::GetField(cell_t, 1), vec![cell], LlType::Bool, span);
                    let default = kwnames.iter().position(|k| k == "default").map(|i| args[n_pos + i].clone());
                    let result3 = result.clone();
                    return self.if_else(fl, seen, rt, |_, _| r, move |this, fl| match default {
                        Some((d, ds)) => this.convert(fl, d, &ds, &result3, span),
                        None => {
                            let msg = this.str_const(&format!("{}() arg is an empty sequence", b.name()));
                            let k = crate::ops::runtime_exception_number("ValueError");
                            fl.call_rt(RuntimeFn::RaiseSimple, vec![Operand::Const(LlConst::Signed(k)), msg], span);
                            crate::helpers::zero_operand(rt)
                        }
                    });
                }
                r
            }
            B::Hash | B::RComputeHash => {
                // Numbers hash as in CPython (hash(-1) == -2, hash(1.0) == hash(1)); other
                // values by the translator's own hash.
                let (v, s) = arg(0);
                match &s {
                    S::Float { .. } => fl.call_rt(RuntimeFn::HashFloat, vec![v], span),
                    x if x.is_intlike() && self.lltype(x) != LlType::Unsigned => {
                        let i = self.convert(fl, v, &s, &S::int(), span);
                        fl.call_rt(RuntimeFn::HashInt, vec![i], span)
                    }
                    _ => self.hash_value(fl, v, &s),
                }
            }
            B::Bytes | B::Bytearray => self.lower_bytes_constructor(fl, b, args, kwnames, &result, span),
            _ => match math_number(b) {
                Some(k) if k >= 100 => {
                    let ((x, sx), (y, sy)) = (arg(0), arg(1));
                    let x = self.convert(fl, x, &sx, &S::float(), span);
                    let y = self.convert(fl, y, &sy, &S::float(), span);
                    fl.call_rt(RuntimeFn::MathCall2, vec![Operand::Const(LlConst::Signed(k - 100)), x, y], span)
                }
                Some(k) => {
                    let (x, sx) = arg(0);
                    if matches!(b, B::MathFloor | B::MathCeil | B::MathTrunc) && sx.is_intlike() {
                        return self.convert(fl, x, &sx, &S::int(), span);
                    }
                    let x = self.convert(fl, x, &sx, &S::float(), span);
                    let r = fl.call_rt(RuntimeFn::MathCall1, vec![Operand::Const(LlConst::Signed(k)), x], span);
                    if b == B::MathLog && n_pos == 2 {
                        // log(x, base) = log(x) / log(base), as CPython computes it.
                        let (y, sy) = arg(1);
                        let y = self.convert(fl, y, &sy, &S::float(), span);
                        let ly = fl.call_rt(RuntimeFn::MathCall1, vec![Operand::Const(LlConst::Signed(k)), y], span);
                        return fl.prim(PrimOp::FloatTrueDiv, vec![r, ly], span);
                    }
                    if matches!(b, B::MathFloor | B::MathCeil | B::MathTrunc) {
                        fl.prim(PrimOp::CastFloatToInt, vec![r], span)
                    } else {
                        r
                    }
                }
                None => self.unsupported(span, format!("`{}()`", b.qualified_name())),
            },
        }
    }

    /// Whether `x` replaces `best` in `min()`/`max()`: strictly smaller (larger), by `key`
    /// when given.
    fn min_max_better(&mut self, fl: &mut FnLowering, b: Builtin, key: &Option<(LlOperand, SomeValue)>, x: LlOperand, best: LlOperand, item: &SomeValue, span: rpy_source::Span) -> LlOperand {
        let (kx, kb, kann) = match key {
            Some((kf, kfa)) => {
                let kann = self.key_result(kfa, item);
                let kx = self.call_value_fn(fl, kf.clone(), kfa, vec![(x, item.clone())], &kann, span);
                let kb = self.call_value_fn(fl, kf.clone(), kfa, vec![(best, item.clone())], &kann, span);
                (kx, kb, kann)
            }
            None => (x, best, item.clone()),
        };
        let c = self.cmp_values(fl, kx, kb, &kann);
        fl.prim(if b == Builtin::Min { PrimOp::IntLt } else { PrimOp::IntGt }, vec![c, Operand::Const(LlConst::Signed(0))], span)
    }

    /// Whether a list's items are GC pointers.
    pub(crate) fn list_is_gc(&mut self, s: &SomeValue) -> bool {
        match s {
            SomeValue::List { def, .. } => {
                let item = self.ann.list_item(*def).value.clone();
                self.lltype(&item).is_gc_ptr(&self.types)
            }
            _ => false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn lower_builtin_method(&mut self, fl: &mut FnLowering, hop: &Hop, receiver: &SomeValue, recv: LlOperand, name: &str, args: &[(LlOperand, SomeValue)], kwnames: &[String]) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        if let Some(r) = self.lower_method(fl, hop, receiver, recv.clone(), name, args, kwnames) {
            return r;
        }
        match (receiver, name) {
            (S::List { def, .. }, "append") => {
                let item = self.ann.list_item(*def).value.clone();
                let (v, s) = args[0].clone();
                let v = self.convert(fl, v, &s, &item, span);
                let it = self.lltype(&item);
                let slot = fl.emit(LlOp::ToSlot(it), vec![v], LlType::Unsigned, span);
                fl.call_rt(RuntimeFn::ListAppend, vec![recv, slot], span);
                Operand::Const(LlConst::Void)
            }
            (S::Builtin(Builtin::RJitDriverInstance), _) => Operand::Const(LlConst::Void),
            (S::Builtin(Builtin::SysStdout | Builtin::SysStderr), "flush") => {
                fl.call_rt(RuntimeFn::FlushAll, vec![], span);
                Operand::Const(LlConst::Void)
            }
            (S::Builtin(Builtin::OsEnviron), "get") => {
                let (k, sk) = args[0].clone();
                let k = self.convert(fl, k, &sk, &S::str(), span);
                let d = match args.get(1) {
                    Some((d, sd)) => {
                        let sd = sd.clone();
                        self.convert(fl, d.clone(), &sd, &S::Str { konst: None, char: false, nullable: true }, span)
                    }
                    None => Operand::Const(LlConst::Null(LlType::Ptr(Types::STR))),
                };
                let r = fl.call_rt(RuntimeFn::OsEnvironGet, vec![k, d], span);
                let from = S::Str { konst: None, char: false, nullable: true };
                let res = hop.result.clone();
                self.convert(fl, r, &from, &res, span)
            }
            (S::File { binary }, _) => match name {
                "read" | "readline" | "readlines" => {
                    // Files are read as bytes; text files decode them as UTF-8.
                    let line = Operand::Const(LlConst::Bool(name == "readline"));
                    let data = fl.call_rt(RuntimeFn::FileReadBytes, vec![recv, line], span);
                    let data = if *binary { data } else { fl.call_rt(RuntimeFn::BytesDecode, vec![data, Operand::Const(LlConst::Signed(0))], span) };
                    match (name, *binary) {
                        ("readlines", false) => fl.call_rt(RuntimeFn::StrSplitlines, vec![data, Operand::Const(LlConst::Bool(true))], span),
                        ("readlines", true) => fl.call_rt(RuntimeFn::BytesSplitlines, vec![data, Operand::Const(LlConst::Bool(true))], span),
                        _ => data,
                    }
                }
                "write" if *binary => {
                    let (v, s) = args[0].clone();
                    let v = self.convert(fl, v, &s, &S::bytes(), span);
                    fl.call_rt(RuntimeFn::FileWriteBytes, vec![recv, v], span)
                }
                "write" => {
                    let (v, s) = args[0].clone();
                    let v = self.convert(fl, v, &s, &S::str(), span);
                    fl.call_rt(RuntimeFn::FileWrite, vec![recv, v], span)
                }
                "close" | "__exit__" => {
                    fl.call_rt(RuntimeFn::FileClose, vec![recv], span);
                    Operand::Const(LlConst::Void)
                }
                "__enter__" => recv,
                "flush" => Operand::Const(LlConst::Void),
                _ => self.unsupported(span, format!("`file.{name}()`")),
            },
            (S::StringBuilder { bytes: true }, _) => self.lower_bytes_builder_method(fl, recv, name, args, span),
            (S::StringBuilder { .. }, _) => match name {
                "append" | "append_slice" => {
                    let (v, s) = args[0].clone();
                    let v = if name == "append_slice" {
                        let v = self.convert(fl, v, &s, &S::str(), span);
                        let (a, sa) = args[1].clone();
                        let (c, sc) = args[2].clone();
                        let a = self.convert(fl, a, &sa, &S::int(), span);
                        let c = self.convert(fl, c, &sc, &S::int(), span);
                        fl.call_rt(RuntimeFn::StrSliceSimple, vec![v, a, c, Operand::Const(LlConst::Bool(true)), Operand::Const(LlConst::Bool(true))], span)
                    } else if self.lltype(&s) == LlType::UniChar {
                        fl.call_rt(RuntimeFn::SbAppendChar, vec![recv, v], span);
                        return Operand::Const(LlConst::Void);
                    } else {
                        self.convert(fl, v, &s, &S::str(), span)
                    };
                    fl.call_rt(RuntimeFn::SbAppend, vec![recv, v], span);
                    Operand::Const(LlConst::Void)
                }
                "append_multiple_char" => {
                    let (c, sc) = args[0].clone();
                    let (n, sn) = args[1].clone();
                    let c = self.convert(fl, c, &sc, &S::str(), span);
                    let n = self.convert(fl, n, &sn, &S::int(), span);
                    let s = fl.call_rt(RuntimeFn::StrMul, vec![c, n], span);
                    fl.call_rt(RuntimeFn::SbAppend, vec![recv, s], span);
                    Operand::Const(LlConst::Void)
                }
                "build" => fl.call_rt(RuntimeFn::SbBuild, vec![recv], span),
                "getlength" => fl.emit(LlOp::GetField(Types::BUILDER, 1), vec![recv], LlType::Signed, span),
                _ => self.unsupported(span, format!("`StringBuilder.{name}()`")),
            },
            (S::Builtin(Builtin::SysStdout | Builtin::SysStderr), "write") => {
                let (v, s) = args[0].clone();
                let text = self.convert(fl, v.clone(), &s, &S::str(), span);
                let err = matches!(receiver, S::Builtin(Builtin::SysStderr));
                fl.call_rt(RuntimeFn::PrintStr, vec![text.clone(), Operand::Const(LlConst::Bool(err))], span);
                self.length_of(fl, text, &S::str(), span)
            }
            _ => {
                let t = self.ann.type_name(receiver);
                self.unsupported(span, format!("`{t}.{name}()`"))
            }
        }
    }

    /// `divmod(a, b)` on ints, as a helper returning a tuple.
    fn helper_divmod(&mut self) -> rpy_lltype::FuncRef {
        let t = self.tuple_type(&[LlType::Signed, LlType::Signed]);
        self.build_helper("divmod_int", vec![LlType::Signed, LlType::Signed], LlType::Ptr(t), move |_, fl, p| {
            let d = rpy_source::Span::DUMMY;
            let q = fl.prim(PrimOp::IntFloorDiv, vec![p[0].clone(), p[1].clone()], d);
            let r = fl.prim(PrimOp::IntMod, vec![p[0].clone(), p[1].clone()], d);
            let tup = fl.emit(LlOp::Malloc(t), vec![], LlType::Ptr(t), d);
            fl.emit(LlOp::SetField(t, 0), vec![tup.clone(), q], LlType::Void, d);
            fl.emit(LlOp::SetField(t, 1), vec![tup.clone(), r], LlType::Void, d);
            tup
        })
    }

    /// Raises ValueError for a range step of zero.
    fn helper_check_step(&mut self) -> rpy_lltype::FuncRef {
        self.build_helper("range_check_step", vec![LlType::Signed], LlType::Void, |this, fl, p| {
            let d = rpy_source::Span::DUMMY;
            let zero = fl.prim(PrimOp::IntEq, vec![p[0].clone(), Operand::Const(LlConst::Signed(0))], d);
            let msg = this.str_const("range() arg 3 must not be zero");
            this.if_else(
                fl,
                zero,
                LlType::Void,
                |_, fl| {
                    let k = crate::ops::runtime_exception_number("ValueError");
                    fl.call_rt(RuntimeFn::RaiseSimple, vec![Operand::Const(LlConst::Signed(k)), msg], d);
                    Operand::Const(LlConst::Void)
                },
                |_, _| Operand::Const(LlConst::Void),
            )
        })
    }
}

trait ZeroOf {
    fn zero_of(self, t: LlType) -> LlOperand;
}

impl ZeroOf for LlOperand {
    /// A placeholder value of type `t` (for paths that raise).
    fn zero_of(self, t: LlType) -> LlOperand {
        Operand::Const(match t {
            LlType::Void => LlConst::Void,
            LlType::Bool => LlConst::Bool(false),
            LlType::Signed => LlConst::Signed(0),
            LlType::Unsigned => LlConst::Unsigned(0),
            LlType::Float => LlConst::Float(rpy_flow::FloatBits::new(0.0)),
            LlType::Char => LlConst::Char(0),
            LlType::UniChar => LlConst::UniChar(0),
            LlType::Ptr(_) | LlType::FuncPtr(_) => LlConst::Null(t),
        })
    }
}
