//! bytes and bytearray: indexing, slicing, operators, `in`, the constructors and bytearray's
//! own (mutating) methods; their shared read-only methods are a table in `methods.rs`.
//!
//! A bytearray is a growable runtime object (`rpy_bytearray`). What only reads one works on a
//! bytes copy (`convert` between the two representations copies), and results CPython gives as
//! bytearray are converted back.

use crate::lower::{FnLowering, LlOperand};
use crate::ops::{plain_of, Hop};
use crate::RTyper;
use rpy_annotator::SomeValue;
use rpy_flow::{HlOp, Operand};
use rpy_lltype::{LlConst, LlOp, LlType, PrimOp, RuntimeFn, Types};
use rpy_source::Span;
use rpy_stdlib::Builtin;
use SomeValue as S;

fn c_int(i: i64) -> LlOperand {
    Operand::Const(LlConst::Signed(i))
}

fn c_bool(b: bool) -> LlOperand {
    Operand::Const(LlConst::Bool(b))
}

fn void() -> LlOperand {
    Operand::Const(LlConst::Void)
}

fn bytes_like(s: &SomeValue) -> bool {
    matches!(s, S::Bytes { .. } | S::ByteArray { .. })
}

/// A value whose `==` is CPython's built-in one: bytes never equal the others (str, numbers,
/// containers).
fn plain_value(s: &SomeValue) -> bool {
    bytes_like(s) || s.is_str() || s.is_numeric() || matches!(s, S::List { .. } | S::Tuple(_) | S::Dict { .. } | S::Set { .. })
}

/// How an argument of a bytearray method is passed.
#[derive(Clone, Copy)]
enum BaArg {
    /// An int, with a default if it may be left out.
    Int(Option<i64>),
    /// Anything bytes-like (bytes, bytearray, ints), as bytes.
    Bytes,
}

/// bytearray's own methods (those bytes does not have): the runtime function and its
/// arguments after the receiver.
const BYTEARRAY_METHODS: &[(&str, RuntimeFn, &[BaArg])] = &[
    ("append", RuntimeFn::BytearrayAppend, &[BaArg::Int(None)]),
    ("extend", RuntimeFn::BytearrayExtend, &[BaArg::Bytes]),
    ("pop", RuntimeFn::BytearrayPop, &[BaArg::Int(Some(-1))]),
    ("insert", RuntimeFn::BytearrayInsert, &[BaArg::Int(None), BaArg::Int(None)]),
    ("remove", RuntimeFn::BytearrayRemove, &[BaArg::Int(None)]),
    ("reverse", RuntimeFn::BytearrayReverse, &[]),
    ("clear", RuntimeFn::BytearrayClear, &[]),
    ("copy", RuntimeFn::BytearrayCopy, &[]),
];

impl<'a> RTyper<'a> {
    /// A bytes-like value as bytes: bytes itself, a copy of a bytearray, one byte for an int
    /// (`98 in b`, `b.find(98)`), or the ints of an iterable (bytearray's ValueError).
    pub(crate) fn as_bytes(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        match s {
            S::Bytes { .. } | S::ByteArray { .. } => self.convert(fl, v, s, &S::bytes(), span),
            x if x.is_intlike() => {
                let i = self.convert(fl, v, s, &S::int(), span);
                fl.call_rt(RuntimeFn::BytesOfByte, vec![i], span)
            }
            _ => {
                let l = self.materialize(fl, v, s, span);
                fl.call_rt(RuntimeFn::BytearrayIntsToBytes, vec![l], span)
            }
        }
    }

    /// A list of bytes from an iterable of bytes or bytearrays (for `join`).
    pub(crate) fn materialize_bytes(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        let item = self.iterable_item(s).unwrap_or(S::bytes());
        if !matches!(item, S::ByteArray { .. }) {
            return self.materialize(fl, v, s, span);
        }
        let Some((it, it_ann, item)) = self.iterator_for(fl, v, s, span) else { return self.unsupported(span, "join() of this value".into()) };
        let l = fl.call_rt(RuntimeFn::ListNew, vec![c_int(0), c_bool(true)], span);
        self.for_each(fl, it, &it_ann, &item, span, |this, fl, x| {
            let b = this.as_bytes(fl, x, &item, span);
            let slot = fl.emit(LlOp::ToSlot(LlType::Ptr(Types::BYTES)), vec![b], LlType::Unsigned, span);
            fl.call_rt(RuntimeFn::ListAppend, vec![l.clone(), slot], span);
        });
        l
    }

    /// Byte `i` of a bytes or bytearray `c` (no check: `i` is in range, or 0).
    pub(crate) fn byte_at(&mut self, fl: &mut FnLowering, c: LlOperand, seq: &SomeValue, i: LlOperand, span: Span) -> LlOperand {
        let data = match seq {
            S::ByteArray { .. } => fl.emit(LlOp::GetField(Types::BYTEARRAY, 1), vec![c], LlType::Ptr(Types::BYTES), span),
            _ => c,
        };
        let ch = fl.emit(LlOp::GetVarItem(Types::BYTES), vec![data, i], LlType::Char, span);
        fl.prim(PrimOp::CastCharToInt, vec![ch], span)
    }

    fn int_arg(&mut self, fl: &mut FnLowering, hop: &Hop, k: usize) -> LlOperand {
        self.convert(fl, hop.args[k].clone(), &hop.anns[k], &S::int(), hop.span)
    }

    /// The operations on bytes and bytearray that `ops.rs` hands to containers; `None` when
    /// the operation is not one of them.
    pub(crate) fn lower_bytes_op(&mut self, fl: &mut FnLowering, hop: &Hop) -> Option<LlOperand> {
        use HlOp as H;
        let span = hop.span;
        let a0 = hop.anns.first()?.clone();
        let a1 = hop.anns.get(1).cloned().unwrap_or(S::Impossible);
        Some(match (hop.kind, &a0) {
            (H::GetItem, S::Bytes { .. } | S::ByteArray { .. }) => {
                let k = self.int_arg(fl, hop, 1);
                let f = if matches!(a0, S::ByteArray { .. }) { RuntimeFn::BytearrayGetItem } else { RuntimeFn::BytesGetItem };
                let r = fl.call_rt(f, vec![hop.args[0].clone(), k], span);
                self.convert(fl, r, &S::nonneg_int(), &hop.result, span)
            }
            (H::SetItem, S::ByteArray { .. }) => {
                let (k, v) = (self.int_arg(fl, hop, 1), self.int_arg(fl, hop, 2));
                fl.call_rt(RuntimeFn::BytearraySetItem, vec![hop.args[0].clone(), k, v], span);
                void()
            }
            (H::DelItem, S::ByteArray { .. }) => {
                let k = self.int_arg(fl, hop, 1);
                fl.call_rt(RuntimeFn::BytearrayDelItem, vec![hop.args[0].clone(), k], span);
                void()
            }
            (H::GetSlice | H::SetSlice | H::DelSlice, S::ByteArray { .. }) => self.bytearray_slice(fl, hop),
            (H::Add | H::InplaceAdd | H::Mul | H::InplaceMul, _) if bytes_like(&hop.result) => self.bytes_arith(fl, hop),
            (H::Eq | H::Ne | H::Lt | H::Le | H::Gt | H::Ge, x) if bytes_like(x) && bytes_like(&a1) => {
                let x = self.as_bytes(fl, hop.args[0].clone(), x, span);
                let y = self.as_bytes(fl, hop.args[1].clone(), &a1, span);
                if matches!(hop.kind, H::Eq | H::Ne) {
                    let eq = fl.call_rt(RuntimeFn::BytesEq, vec![x, y], span);
                    return Some(if hop.kind == H::Eq { eq } else { fl.prim(PrimOp::BoolNot, vec![eq], span) });
                }
                let c = fl.call_rt(RuntimeFn::BytesCmp, vec![x, y], span);
                let p = match hop.kind {
                    H::Lt => PrimOp::IntLt,
                    H::Le => PrimOp::IntLe,
                    H::Gt => PrimOp::IntGt,
                    _ => PrimOp::IntGe,
                };
                fl.prim(p, vec![c, c_int(0)], span)
            }
            (H::Eq | H::Ne, x) if bytes_like(x) != bytes_like(&a1) && plain_value(x) && plain_value(&a1) => c_bool(hop.kind == H::Ne),
            (H::Contains, x) if bytes_like(x) => {
                let c = self.as_bytes(fl, hop.args[0].clone(), x, span);
                if a1.is_intlike() {
                    let v = self.int_arg(fl, hop, 1);
                    return Some(fl.call_rt(RuntimeFn::BytesContainsByte, vec![c, v], span));
                }
                let sub = self.as_bytes(fl, hop.args[1].clone(), &a1, span);
                let f = fl.call_rt(RuntimeFn::BytesFind, vec![c, sub, c_int(0), c_int(i64::MAX), c_bool(false)], span);
                fl.prim(PrimOp::IntGe, vec![f, c_int(0)], span)
            }
            _ => return None,
        })
    }

    /// `+`, `*` and their in-place forms giving bytes or bytearray.
    fn bytes_arith(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        let span = hop.span;
        let (a, b) = (hop.args[0].clone(), hop.args[1].clone());
        let (sa, sb) = (hop.anns[0].clone(), hop.anns[1].clone());
        let to_bytearray = matches!(hop.result, S::ByteArray { .. });
        // In place only when the left operand is the bytearray (`n *= ba` makes a new one).
        let inplace = hop.kind != plain_of(hop.kind) && to_bytearray && matches!(sa, S::ByteArray { .. });
        if plain_of(hop.kind) == HlOp::Add {
            // The right operand is copied first: `ba += ba`.
            let y = self.as_bytes(fl, b, &sb, span);
            if !to_bytearray {
                let x = self.as_bytes(fl, a, &sa, span);
                return fl.call_rt(RuntimeFn::BytesConcat, vec![x, y], span);
            }
            let target = if inplace { a } else { fl.call_rt(RuntimeFn::BytearrayCopy, vec![a], span) };
            fl.call_rt(RuntimeFn::BytearrayExtend, vec![target.clone(), y], span);
            return target;
        }
        let (seq, n, sseq, sn) = if bytes_like(&sa) { (a, b, sa, sb) } else { (b, a, sb, sa) };
        let n = self.convert(fl, n, &sn, &S::int(), span);
        let x = self.as_bytes(fl, seq.clone(), &sseq, span);
        let r = fl.call_rt(RuntimeFn::BytesMul, vec![x, n], span);
        if inplace {
            fl.call_rt(RuntimeFn::BytearrayClear, vec![seq.clone()], span);
            fl.call_rt(RuntimeFn::BytearrayExtend, vec![seq.clone(), r], span);
            return seq;
        }
        self.convert(fl, r, &S::bytes(), &hop.result, span)
    }

    /// `ba[i:j:k]`, `ba[i:j:k] = x` and `del ba[i:j:k]`.
    fn bytearray_slice(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        let span = hop.span;
        let mut bound = |this: &mut Self, k: usize, default: i64| match &hop.anns[k] {
            S::None => (c_int(default), c_bool(false)),
            _ => (this.int_arg(fl, hop, k), c_bool(true)),
        };
        let (lo, has_lo) = bound(self, 1, 0);
        let (hi, has_hi) = bound(self, 2, 0);
        let (step, _) = bound(self, 3, 1);
        let a = hop.args[0].clone();
        match hop.kind {
            HlOp::GetSlice => fl.call_rt(RuntimeFn::BytearraySlice, vec![a, lo, hi, step, has_lo, has_hi], span),
            _ => {
                let src = match hop.kind {
                    HlOp::SetSlice => self.as_bytes(fl, hop.args[4].clone(), &hop.anns[4], span),
                    _ => Operand::Const(LlConst::Null(LlType::Ptr(Types::BYTES))),
                };
                fl.call_rt(RuntimeFn::BytearraySetSlice, vec![a, lo, hi, step, has_lo, has_hi, src], span);
                void()
            }
        }
    }

    /// `bytes(...)` and `bytearray(...)`.
    pub(crate) fn lower_bytes_constructor(
        &mut self,
        fl: &mut FnLowering,
        b: Builtin,
        args: &[(LlOperand, SomeValue)],
        kwnames: &[String],
        result: &SomeValue,
        span: Span,
    ) -> LlOperand {
        let to_bytearray = b == Builtin::Bytearray;
        let bytes = match Self::method_arg(args, kwnames, 0, "source") {
            None if to_bytearray => return fl.call_rt(RuntimeFn::BytearrayNew, vec![c_int(0)], span),
            None => Operand::Const(LlConst::Static(self.bytes_static(b""))),
            Some((v, s)) if s.is_intlike() => {
                let n = self.convert(fl, v, &s, &S::int(), span);
                let f = if to_bytearray { RuntimeFn::BytearrayNew } else { RuntimeFn::BytesZeros };
                return fl.call_rt(f, vec![n], span);
            }
            Some((v, S::ByteArray { .. })) if to_bytearray => return fl.call_rt(RuntimeFn::BytearrayCopy, vec![v], span),
            Some((v, s)) if bytes_like(&s) => self.as_bytes(fl, v, &s, span),
            Some((v, s @ S::Str { .. })) => {
                let Some(codec) = self.codec_arg(fl, args, kwnames, 1, span) else { return void() };
                let v = self.convert(fl, v, &s, &S::str(), span);
                fl.call_rt(RuntimeFn::StrEncode, vec![v, codec], span)
            }
            Some((v, s)) if to_bytearray => self.as_bytes(fl, v, &s, span),
            Some((v, s)) => {
                let l = self.materialize(fl, v, &s, span);
                fl.call_rt(RuntimeFn::BytesFromList, vec![l], span)
            }
        };
        self.convert(fl, bytes, &S::bytes(), result, span)
    }

    /// bytearray's own methods (`BYTEARRAY_METHODS`); `None` for the others.
    pub(crate) fn lower_bytearray_method(
        &mut self,
        fl: &mut FnLowering,
        recv: LlOperand,
        name: &str,
        args: &[(LlOperand, SomeValue)],
        result: &SomeValue,
        span: Span,
    ) -> Option<LlOperand> {
        let (_, f, params) = BYTEARRAY_METHODS.iter().find(|(n, _, _)| *n == name)?;
        let mut values = vec![recv];
        for (k, p) in params.iter().enumerate() {
            let v = match (p, args.get(k).cloned()) {
                (BaArg::Int(_), Some((v, s))) => self.convert(fl, v, &s, &S::int(), span),
                (BaArg::Int(Some(d)), None) => c_int(*d),
                (BaArg::Bytes, Some((v, s))) => self.as_bytes(fl, v, &s, span),
                (_, None) => return None,
            };
            values.push(v);
        }
        let r = fl.call_rt(*f, values, span);
        Some(match f.result() {
            LlType::Void => void(),
            LlType::Signed => self.convert(fl, r, &S::nonneg_int(), result, span),
            _ => r,
        })
    }

    /// The methods of `rlib.rstring.BytesBuilder` (a bytearray).
    pub(crate) fn lower_bytes_builder_method(&mut self, fl: &mut FnLowering, recv: LlOperand, name: &str, args: &[(LlOperand, SomeValue)], span: Span) -> LlOperand {
        let mut int = |this: &mut Self, k: usize| {
            let (v, s) = args[k].clone();
            this.convert(fl, v, &s, &S::int(), span)
        };
        let piece = match name {
            "append" => self.as_bytes(fl, args[0].0.clone(), &args[0].1, span),
            "append_slice" => {
                let (lo, hi) = (int(self, 1), int(self, 2));
                let b = self.as_bytes(fl, args[0].0.clone(), &args[0].1, span);
                fl.call_rt(RuntimeFn::BytesSlice, vec![b, lo, hi, c_int(1), c_bool(true), c_bool(true)], span)
            }
            "append_multiple_char" => {
                let n = int(self, 1);
                let c = self.as_bytes(fl, args[0].0.clone(), &args[0].1, span);
                fl.call_rt(RuntimeFn::BytesMul, vec![c, n], span)
            }
            "build" => return fl.call_rt(RuntimeFn::BytearrayToBytes, vec![recv], span),
            "getlength" => return fl.emit(LlOp::GetField(Types::BYTEARRAY, 0), vec![recv], LlType::Signed, span),
            _ => return self.unsupported(span, format!("`BytesBuilder.{name}()`")),
        };
        fl.call_rt(RuntimeFn::BytearrayExtend, vec![recv, piece], span);
        void()
    }

    /// A bytes method's result as the annotation CPython gives (bytearray for bytearray's).
    pub(crate) fn bytes_method_result(&mut self, fl: &mut FnLowering, r: LlOperand, rt: LlType, result: &SomeValue, span: Span) -> LlOperand {
        let from = match rt {
            LlType::Bool => S::bool(),
            LlType::Signed => S::int(),
            LlType::Ptr(Types::STR) => S::str(),
            LlType::Ptr(Types::LIST) => {
                return match result {
                    S::Tuple(_) => self.list_to_tuple(fl, r, &S::bytes(), result, span),
                    S::List { def, .. } if matches!(self.ann.list_item(*def).value, S::ByteArray { .. }) => fl.call_rt(RuntimeFn::BytearrayListOf, vec![r], span),
                    _ => r,
                };
            }
            _ => S::bytes(),
        };
        self.convert(fl, r, &from, result, span)
    }
}
