//! Lists, dicts and sets: how their items are compared and hashed (a kind for the runtime,
//! or helper functions for tuples and instances), and the lowering of their operations and
//! methods onto the runtime's container functions.

use crate::lower::{FnLowering, LlOperand};
use crate::ops::{runtime_exception_number, Hop};
use crate::RTyper;
use rpy_annotator::{IterKind, SomeValue};
use rpy_flow::Operand;
use rpy_lltype::{LlConst, LlOp, LlType, PrimOp, RuntimeFn, Types};
use rpy_source::Span;
use SomeValue as S;

const D: Span = Span::DUMMY;

/// The runtime's kinds of slot values (RPY_KIND_* in rpy.h).
pub(crate) mod kind {
    pub const INT: i64 = 0;
    pub const FLOAT: i64 = 1;
    pub const STR: i64 = 2;
    pub const BYTES: i64 = 3;
    pub const PTR: i64 = 4;
    pub const CUSTOM: i64 = 5;
    pub const CHAR: i64 = 6;
    pub const UINT: i64 = 7;
}

/// How a container compares and hashes its items.
#[derive(Clone)]
pub(crate) struct SlotOps {
    pub kind: i64,
    pub hash: LlOperand,
    pub eq: LlOperand,
    pub lt: LlOperand,
}

fn null_fn(sig: rpy_lltype::SigRef) -> LlOperand {
    Operand::Const(LlConst::Null(LlType::FuncPtr(sig)))
}

fn c_int(i: i64) -> LlOperand {
    Operand::Const(LlConst::Signed(i))
}

fn c_bool(b: bool) -> LlOperand {
    Operand::Const(LlConst::Bool(b))
}

impl<'a> RTyper<'a> {
    /// The slot operations for items of annotation `s`.
    pub(crate) fn slot_ops(&mut self, s: &SomeValue) -> SlotOps {
        let simple = |k: i64| SlotOps { kind: k, hash: null_fn(Types::SIG_HASH), eq: null_fn(Types::SIG_CMP), lt: null_fn(Types::SIG_CMP) };
        let t = self.lltype(s);
        match (s, t) {
            (S::Float { .. }, _) => simple(kind::FLOAT),
            (_, LlType::Signed | LlType::Bool | LlType::Void) => simple(kind::INT),
            (_, LlType::Unsigned) => simple(kind::UINT),
            (_, LlType::UniChar) => simple(kind::CHAR),
            (S::Str { .. }, _) => simple(kind::STR),
            (S::Bytes { .. }, _) => simple(kind::BYTES),
            (S::Instance { class, .. }, _) => {
                let class = *class;
                let has = |this: &Self, m: &str| this.method_impl(class, m).is_some();
                if !has(self, "__eq__") && !has(self, "__hash__") && !has(self, "__lt__") {
                    return simple(kind::PTR);
                }
                self.custom_ops(s)
            }
            _ => self.custom_ops(s),
        }
    }

    /// Helper functions comparing and hashing slots holding values of annotation `s`.
    fn custom_ops(&mut self, s: &SomeValue) -> SlotOps {
        let t = self.lltype(s);
        let s1 = s.clone();
        let eq = self.build_helper(&self.helper_key("slot_eq", s), vec![LlType::Unsigned, LlType::Unsigned], LlType::Bool, move |this, fl, p| {
            let a = fl.emit(LlOp::FromSlot(t), vec![p[0].clone()], t, D);
            let b = fl.emit(LlOp::FromSlot(t), vec![p[1].clone()], t, D);
            this.eq_values(fl, a, b, &s1)
        });
        let s2 = s.clone();
        let lt = self.build_helper(&self.helper_key("slot_lt", s), vec![LlType::Unsigned, LlType::Unsigned], LlType::Bool, move |this, fl, p| {
            let a = fl.emit(LlOp::FromSlot(t), vec![p[0].clone()], t, D);
            let b = fl.emit(LlOp::FromSlot(t), vec![p[1].clone()], t, D);
            let c = this.cmp_values(fl, a, b, &s2);
            fl.prim(PrimOp::IntLt, vec![c, c_int(0)], D)
        });
        let s3 = s.clone();
        let hash = self.build_helper(&self.helper_key("slot_hash", s), vec![LlType::Unsigned], LlType::Signed, move |this, fl, p| {
            let a = fl.emit(LlOp::FromSlot(t), vec![p[0].clone()], t, D);
            this.hash_value(fl, a, &s3)
        });
        SlotOps { kind: kind::CUSTOM, hash: Operand::Const(LlConst::Func(hash)), eq: Operand::Const(LlConst::Func(eq)), lt: Operand::Const(LlConst::Func(lt)) }
    }

    /// `a == b` for two values of annotation `s`.
    pub(crate) fn eq_values(&mut self, fl: &mut FnLowering, a: LlOperand, b: LlOperand, s: &SomeValue) -> LlOperand {
        let t = self.lltype(s);
        match (s, t) {
            (S::Float { .. }, _) => fl.prim(PrimOp::FloatEq, vec![a, b], D),
            (_, LlType::Bool) => fl.prim(PrimOp::BoolEq, vec![a, b], D),
            (_, LlType::Signed) => fl.prim(PrimOp::IntEq, vec![a, b], D),
            (_, LlType::Unsigned) => fl.prim(PrimOp::UintEq, vec![a, b], D),
            (_, LlType::UniChar) => fl.prim(PrimOp::UniCharEq, vec![a, b], D),
            (_, LlType::Void) => c_bool(true),
            (S::Str { .. }, _) => fl.call_rt(RuntimeFn::StrEq, vec![a, b], D),
            (S::Bytes { .. }, _) => fl.call_rt(RuntimeFn::BytesEq, vec![a, b], D),
            (S::ByteArray { .. }, _) => {
                let (a, b) = (self.convert(fl, a, s, &S::bytes(), D), self.convert(fl, b, s, &S::bytes(), D));
                fl.call_rt(RuntimeFn::BytesEq, vec![a, b], D)
            }
            (S::Instance { class, .. }, _) => {
                let class = *class;
                if self.method_impl(class, "__eq__").is_some() {
                    let r = self.call_method_by_name(fl, a, class, "__eq__", vec![(b, s.clone())], D);
                    self.truth(fl, r, &S::bool(), D)
                } else {
                    fl.emit(LlOp::PtrEq, vec![a, b], LlType::Bool, D)
                }
            }
            (S::Tuple(items), LlType::Ptr(tt)) => {
                let mut acc = c_bool(true);
                for (k, it) in items.iter().enumerate() {
                    let ft = self.lltype(it);
                    let x = fl.emit(LlOp::GetField(tt, k as u32), vec![a.clone()], ft, D);
                    let y = fl.emit(LlOp::GetField(tt, k as u32), vec![b.clone()], ft, D);
                    let e = self.eq_values(fl, x, y, it);
                    acc = fl.prim(PrimOp::BoolAnd, vec![acc, e], D);
                }
                acc
            }
            (S::List { def, .. }, _) => {
                let item = self.ann.list_item(*def).value.clone();
                let ops = self.slot_ops(&item);
                fl.call_rt(RuntimeFn::ListEq, vec![a, b, c_int(ops.kind), ops.eq], D)
            }
            (S::Dict { def, .. } | S::Set { def, .. }, _) => {
                let value = self.ann.dict_item(*def).value.clone();
                let ops = self.slot_ops(&value);
                fl.call_rt(RuntimeFn::DictEq, vec![a, b, c_int(ops.kind), ops.eq], D)
            }
            _ => fl.emit(LlOp::PtrEq, vec![a, b], LlType::Bool, D),
        }
    }

    /// -1, 0 or 1: the ordering of two values of annotation `s`.
    pub(crate) fn cmp_values(&mut self, fl: &mut FnLowering, a: LlOperand, b: LlOperand, s: &SomeValue) -> LlOperand {
        let t = self.lltype(s);
        let three_way = |fl: &mut FnLowering, lt: PrimOp, a: LlOperand, b: LlOperand| {
            let l = fl.prim(lt, vec![a.clone(), b.clone()], D);
            let g = fl.prim(lt, vec![b, a], D);
            let l = fl.prim(PrimOp::CastBoolToInt, vec![l], D);
            let g = fl.prim(PrimOp::CastBoolToInt, vec![g], D);
            fl.prim(PrimOp::IntSub, vec![g, l], D)
        };
        match (s, t) {
            (S::Float { .. }, _) => three_way(fl, PrimOp::FloatLt, a, b),
            (_, LlType::Bool) => {
                let a = fl.prim(PrimOp::CastBoolToInt, vec![a], D);
                let b = fl.prim(PrimOp::CastBoolToInt, vec![b], D);
                three_way(fl, PrimOp::IntLt, a, b)
            }
            (_, LlType::Signed) => three_way(fl, PrimOp::IntLt, a, b),
            (_, LlType::Unsigned) => three_way(fl, PrimOp::UintLt, a, b),
            (_, LlType::UniChar) => three_way(fl, PrimOp::UniCharLt, a, b),
            (S::Str { .. }, _) => fl.call_rt(RuntimeFn::StrCmp, vec![a, b], D),
            (S::Bytes { .. }, _) => fl.call_rt(RuntimeFn::BytesCmp, vec![a, b], D),
            (S::ByteArray { .. }, _) => {
                let (a, b) = (self.convert(fl, a, s, &S::bytes(), D), self.convert(fl, b, s, &S::bytes(), D));
                fl.call_rt(RuntimeFn::BytesCmp, vec![a, b], D)
            }
            (S::Instance { class, .. }, _) if self.method_impl(*class, "__lt__").is_none() => {
                // Ordering instances without `__lt__` is a TypeError, as in CPython (a dict
                // or set of them builds this helper without ever calling it).
                let name = self.ann.type_name(&s.non_null());
                self.raise_builtin(fl, "TypeError", &format!("'<' not supported between instances of '{name}' and '{name}'"), D);
                c_int(0)
            }
            (S::Instance { class, .. }, _) => {
                let class = *class;
                // Only `<` is needed for sorting: -1 if a < b, else 1 unless b < a is false too.
                let lt1 = self.call_method_by_name(fl, a.clone(), class, "__lt__", vec![(b.clone(), s.clone())], D);
                let lt1 = self.truth(fl, lt1, &S::bool(), D);
                let lt2 = self.call_method_by_name(fl, b, class, "__lt__", vec![(a, s.clone())], D);
                let lt2 = self.truth(fl, lt2, &S::bool(), D);
                let x = fl.prim(PrimOp::CastBoolToInt, vec![lt1], D);
                let y = fl.prim(PrimOp::CastBoolToInt, vec![lt2], D);
                fl.prim(PrimOp::IntSub, vec![y, x], D)
            }
            (S::Tuple(items), LlType::Ptr(tt)) => {
                // The first field that differs decides.
                let items = items.clone();
                let key = self.helper_key("tuple_cmp", s);
                let f = self.build_helper(&key, vec![t, t], LlType::Signed, move |this, fl, p| {
                    let mut acc = c_int(0);
                    for (k, it) in items.iter().enumerate().rev() {
                        let ft = this.lltype(it);
                        let x = fl.emit(LlOp::GetField(tt, k as u32), vec![p[0].clone()], ft, D);
                        let y = fl.emit(LlOp::GetField(tt, k as u32), vec![p[1].clone()], ft, D);
                        let c = this.cmp_values(fl, x, y, it);
                        let zero = fl.prim(PrimOp::IntEq, vec![c.clone(), c_int(0)], D);
                        let prev = acc.clone();
                        acc = this.if_else(fl, zero, LlType::Signed, |_, _| prev, |_, _| c);
                    }
                    acc
                });
                fl.emit(LlOp::DirectCall(f), vec![a, b], LlType::Signed, D)
            }
            (S::List { def, .. }, _) => {
                let item = self.ann.list_item(*def).value.clone();
                let ops = self.slot_ops(&item);
                fl.call_rt(RuntimeFn::ListCmp, vec![a, b, c_int(ops.kind), ops.lt, ops.eq], D)
            }
            _ => c_int(0),
        }
    }

    /// `hash(v)` for annotation `s` (only consistent with `eq_values`, never printed).
    pub(crate) fn hash_value(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue) -> LlOperand {
        let t = self.lltype(s);
        match (s, t) {
            (S::Float { .. }, _) => {
                let slot = fl.emit(LlOp::ToSlot(t), vec![v], LlType::Unsigned, D);
                fl.call_rt(RuntimeFn::SlotHash, vec![c_int(kind::FLOAT), slot], D)
            }
            (_, LlType::Bool) => fl.prim(PrimOp::CastBoolToInt, vec![v], D),
            (_, LlType::Signed) => v,
            (_, LlType::Unsigned) => fl.prim(PrimOp::CastUintToInt, vec![v], D),
            (_, LlType::UniChar) => fl.prim(PrimOp::CastUniCharToInt, vec![v], D),
            (_, LlType::Void) => c_int(0),
            (S::Str { .. }, _) => fl.call_rt(RuntimeFn::StrHash, vec![v], D),
            (S::Bytes { .. }, _) => fl.call_rt(RuntimeFn::BytesHash, vec![v], D),
            (S::Instance { class, .. }, _) if self.method_impl(*class, "__hash__").is_some() => {
                let class = *class;
                let r = self.call_method_by_name(fl, v, class, "__hash__", vec![], D);
                self.convert(fl, r, &S::int(), &S::int(), D)
            }
            (S::Tuple(items), LlType::Ptr(tt)) => {
                let mut acc = c_int(0x345678);
                for (k, it) in items.iter().enumerate() {
                    let ft = self.lltype(it);
                    let x = fl.emit(LlOp::GetField(tt, k as u32), vec![v.clone()], ft, D);
                    let h = self.hash_value(fl, x, it);
                    let m = fl.prim(PrimOp::IntMul, vec![acc, c_int(1000003)], D);
                    acc = fl.prim(PrimOp::IntXor, vec![m, h], D);
                }
                acc
            }
            _ => {
                let slot = fl.emit(LlOp::ToSlot(t), vec![v], LlType::Unsigned, D);
                fl.call_rt(RuntimeFn::SlotHash, vec![c_int(kind::PTR), slot], D)
            }
        }
    }

    /// A new, empty dict (or set) for annotation `s`.
    pub(crate) fn new_dict(&mut self, fl: &mut FnLowering, s: &SomeValue, span: Span) -> LlOperand {
        let (key, value, is_set) = match s {
            S::Dict { def, .. } => {
                let it = self.ann.dict_item(*def).clone();
                (it.key, it.value, false)
            }
            S::Set { def, .. } => (self.ann.dict_item(*def).key.clone(), S::None, true),
            _ => (S::Impossible, S::Impossible, false),
        };
        let ops = self.slot_ops(&key);
        let kt = self.lltype(&key);
        let vt = self.lltype(&value);
        let (kgc, vgc) = (kt.is_gc_ptr(&self.types), vt.is_gc_ptr(&self.types));
        fl.call_rt(RuntimeFn::DictNew, vec![c_int(ops.kind), c_bool(kgc), c_bool(vgc), c_bool(is_set), ops.hash, ops.eq], span)
    }

    /// The key and value annotations of a dict or set annotation.
    pub(crate) fn dict_types(&self, s: &SomeValue) -> (SomeValue, SomeValue) {
        match s {
            S::Dict { def, .. } => {
                let it = self.ann.dict_item(*def);
                (it.key.clone(), it.value.clone())
            }
            S::Set { def, .. } => (self.ann.dict_item(*def).key.clone(), S::None),
            _ => (S::Impossible, S::Impossible),
        }
    }

    /// A value converted to the representation of `to` and stored in a slot.
    pub(crate) fn to_slot(&mut self, fl: &mut FnLowering, v: LlOperand, from: &SomeValue, to: &SomeValue, span: Span) -> LlOperand {
        let v = self.convert(fl, v, from, to, span);
        let t = self.lltype(to);
        fl.emit(LlOp::ToSlot(t), vec![v], LlType::Unsigned, span)
    }

    pub(crate) fn from_slot(&mut self, fl: &mut FnLowering, slot: LlOperand, of: &SomeValue, to: &SomeValue, span: Span) -> LlOperand {
        let t = self.lltype(of);
        let v = fl.emit(LlOp::FromSlot(t), vec![slot], t, span);
        self.convert(fl, v, of, to, span)
    }

    /// `d[k]`, raising KeyError with the key's repr.
    pub(crate) fn dict_getitem(&mut self, fl: &mut FnLowering, d: LlOperand, dict_ann: &SomeValue, k: LlOperand, k_ann: &SomeValue, result: &SomeValue, span: Span) -> LlOperand {
        let (key, value) = self.dict_types(dict_ann);
        let kslot = self.to_slot(fl, k.clone(), k_ann, &key, span);
        let vt = self.lltype(&value);
        let key2 = key.clone();
        let value2 = value.clone();
        let f = self.build_helper(&self.helper_key("dict_getitem", dict_ann), vec![LlType::Ptr(Types::DICT), LlType::Unsigned], vt, move |this, fl, p| {
            let idx = fl.call_rt(RuntimeFn::DictLookup, vec![p[0].clone(), p[1].clone()], D);
            let found = fl.prim(PrimOp::IntGe, vec![idx.clone(), c_int(0)], D);
            let (d, ks) = (p[0].clone(), p[1].clone());
            this.if_else(
                fl,
                found,
                vt,
                |this, fl| {
                    let slot = fl.call_rt(RuntimeFn::DictValueAt, vec![d, idx], D);
                    this.from_slot(fl, slot, &value2, &value2, D)
                },
                |this, fl| {
                    this.raise_key_error(fl, ks, &key2);
                    crate::helpers::zero_operand(vt)
                },
            )
        });
        let r = fl.emit(LlOp::DirectCall(f), vec![d, kslot], vt, span);
        self.convert(fl, r, &value, result, span)
    }

    /// Raises KeyError(repr(key)) for a key held in a slot.
    pub(crate) fn raise_key_error(&mut self, fl: &mut FnLowering, kslot: LlOperand, key: &SomeValue) {
        let k = self.from_slot(fl, kslot, key, key, D);
        let text = self.to_repr(fl, k, key, D);
        let n = runtime_exception_number("KeyError");
        fl.call_rt(RuntimeFn::RaiseSimple, vec![c_int(n), text], D);
    }

    /// Lowers the container operations that `ops.rs` delegates here.
    pub(crate) fn lower_container(&mut self, fl: &mut FnLowering, hop: &Hop) -> Option<LlOperand> {
        use rpy_flow::HlOp as H;
        let span = hop.span;
        let a0 = hop.anns.first().cloned().unwrap_or(S::Impossible);
        Some(match (hop.kind, &a0) {
            (H::NewDict, _) | (H::NewSet, _) => {
                let d = self.new_dict(fl, &hop.result, span);
                let (key, value) = self.dict_types(&hop.result);
                let step = if hop.kind == H::NewDict { 2 } else { 1 };
                for i in (0..hop.args.len()).step_by(step) {
                    let k = self.to_slot(fl, hop.args[i].clone(), &hop.anns[i], &key, span);
                    let v = if step == 2 { self.to_slot(fl, hop.args[i + 1].clone(), &hop.anns[i + 1], &value, span) } else { Operand::Const(LlConst::Unsigned(0)) };
                    fl.call_rt(RuntimeFn::DictSetItem, vec![d.clone(), k, v], span);
                }
                d
            }
            (H::GetItem, S::Dict { .. }) => self.dict_getitem(fl, hop.args[0].clone(), &a0, hop.args[1].clone(), &hop.anns[1], &hop.result, span),
            (H::SetItem, S::Dict { .. }) => {
                let (key, value) = self.dict_types(&a0);
                let k = self.to_slot(fl, hop.args[1].clone(), &hop.anns[1], &key, span);
                let v = self.to_slot(fl, hop.args[2].clone(), &hop.anns[2], &value, span);
                fl.call_rt(RuntimeFn::DictSetItem, vec![hop.args[0].clone(), k, v], span);
                Operand::Const(LlConst::Void)
            }
            (H::DelItem, S::Dict { .. }) => {
                let (key, _) = self.dict_types(&a0);
                let k = self.to_slot(fl, hop.args[1].clone(), &hop.anns[1], &key, span);
                let ok = fl.call_rt(RuntimeFn::DictDelItem, vec![hop.args[0].clone(), k.clone()], span);
                self.if_else(fl, ok, LlType::Void, |_, _| Operand::Const(LlConst::Void), |this, fl| {
                    this.raise_key_error(fl, k, &key);
                    Operand::Const(LlConst::Void)
                })
            }
            (H::Contains, S::Dict { .. } | S::Set { .. }) => {
                let (key, _) = self.dict_types(&a0);
                let k = self.to_slot(fl, hop.args[1].clone(), &hop.anns[1], &key, span);
                let idx = fl.call_rt(RuntimeFn::DictLookup, vec![hop.args[0].clone(), k], span);
                fl.prim(PrimOp::IntGe, vec![idx, c_int(0)], span)
            }
            (H::Contains, S::List { def, .. }) => {
                let item = self.ann.list_item(*def).value.clone();
                let ops = self.slot_ops(&item);
                let v = self.to_slot(fl, hop.args[1].clone(), &hop.anns[1], &item, span);
                let i = fl.call_rt(RuntimeFn::ListFind, vec![hop.args[0].clone(), v, c_int(ops.kind), ops.eq, c_int(0), c_int(i64::MAX)], span);
                fl.prim(PrimOp::IntGe, vec![i, c_int(0)], span)
            }
            (H::Contains, S::Tuple(items)) => {
                let items = items.clone();
                let LlType::Ptr(tt) = self.lltype(&a0) else { return None };
                let mut acc = c_bool(false);
                for (k, it) in items.iter().enumerate() {
                    let ft = self.lltype(it);
                    let x = fl.emit(LlOp::GetField(tt, k as u32), vec![hop.args[0].clone()], ft, span);
                    let common = if self.lltype(&hop.anns[1]) == ft { it.clone() } else { hop.anns[1].clone() };
                    let x = self.convert(fl, x, it, &common, span);
                    let y = self.convert(fl, hop.args[1].clone(), &hop.anns[1], &common, span);
                    let e = self.eq_values(fl, x, y, &common);
                    acc = fl.prim(PrimOp::BoolOr, vec![acc, e], span);
                }
                acc
            }
            (H::DelItem, S::List { .. }) => {
                let i = self.convert(fl, hop.args[1].clone(), &hop.anns[1], &S::int(), span);
                fl.call_rt(RuntimeFn::ListDelItem, vec![hop.args[0].clone(), i], span);
                Operand::Const(LlConst::Void)
            }
            (H::GetSlice | H::SetSlice | H::DelSlice, _) => return self.lower_slice(fl, hop),
            (H::Add | H::InplaceAdd | H::Mul | H::InplaceMul, S::Tuple(_)) => {
                // Tuples have known lengths: the result's fields are copied one by one.
                let mut fields = self.tuple_fields(fl, hop.args[0].clone(), &hop.anns[0], span);
                if matches!(hop.kind, H::Add | H::InplaceAdd) {
                    fields.extend(self.tuple_fields(fl, hop.args[1].clone(), &hop.anns[1], span));
                } else {
                    let n = if let S::Int { konst: Some(n), .. } = hop.anns[1] { n.max(0) as usize } else { return None };
                    fields = fields.iter().cloned().cycle().take(fields.len() * n).collect();
                }
                let result = hop.result.clone();
                self.new_tuple(fl, fields, &result, span)
            }
            (H::Add | H::InplaceAdd, S::List { def, .. }) => {
                // Both operands as lists of the result's items (copied only when their
                // items are represented otherwise: `[False] + [0]`).
                let item = match (&hop.result, hop.kind) {
                    (S::List { def: r, .. }, H::Add) => self.ann.list_item(*r).value.clone(),
                    _ => self.ann.list_item(*def).value.clone(),
                };
                let b = self.materialize_as(fl, hop.args[1].clone(), &hop.anns[1], &item, span);
                if hop.kind == H::InplaceAdd {
                    fl.call_rt(RuntimeFn::ListExtend, vec![hop.args[0].clone(), b], span);
                    hop.args[0].clone()
                } else {
                    let a = self.materialize_as(fl, hop.args[0].clone(), &hop.anns[0], &item, span);
                    fl.call_rt(RuntimeFn::ListConcat, vec![a, b], span)
                }
            }
            (H::Mul | H::InplaceMul, S::List { .. }) | (H::Mul | H::InplaceMul, S::Int { .. } | S::Bool { .. }) => {
                let (l, n, sn) = if matches!(a0, S::List { .. }) { (hop.args[0].clone(), hop.args[1].clone(), hop.anns[1].clone()) } else { (hop.args[1].clone(), hop.args[0].clone(), hop.anns[0].clone()) };
                let n = self.convert(fl, n, &sn, &S::int(), span);
                let r = fl.call_rt(RuntimeFn::ListRepeat, vec![l.clone(), n], span);
                if hop.kind == H::InplaceMul {
                    // The list itself changes: copy the repeated items back.
                    fl.call_rt(RuntimeFn::ListClear, vec![l.clone()], span);
                    fl.call_rt(RuntimeFn::ListExtend, vec![l.clone(), r], span);
                    l
                } else {
                    r
                }
            }
            (H::BitOr | H::BitAnd | H::Sub | H::BitXor | H::InplaceOr | H::InplaceAnd | H::InplaceSub | H::InplaceXor, S::Set { .. }) => {
                let b = hop.args[1].clone();
                let inplace = matches!(hop.kind, H::InplaceOr | H::InplaceAnd | H::InplaceSub | H::InplaceXor);
                let f = match crate::ops::plain_of(hop.kind) {
                    H::BitOr => if inplace { RuntimeFn::SetUpdate } else { RuntimeFn::SetUnion },
                    H::BitAnd => if inplace { RuntimeFn::SetIntersectionUpdate } else { RuntimeFn::SetIntersection },
                    H::Sub => if inplace { RuntimeFn::SetDifferenceUpdate } else { RuntimeFn::SetDifference },
                    _ => RuntimeFn::SetSymmetricDifference,
                };
                let r = fl.call_rt(f, vec![hop.args[0].clone(), b], span);
                if inplace && f == RuntimeFn::SetSymmetricDifference {
                    // `a ^= b` changes `a` itself: refilled with the difference.
                    fl.call_rt(RuntimeFn::DictClear, vec![hop.args[0].clone()], span);
                    fl.call_rt(RuntimeFn::SetUpdate, vec![hop.args[0].clone(), r.clone()], span);
                }
                if inplace {
                    hop.args[0].clone()
                } else {
                    r
                }
            }
            (H::BitOr | H::InplaceOr, S::Dict { .. }) => {
                // `d | e` is a copy of d updated with e; `d |= e` updates d.
                let d = if hop.kind == H::InplaceOr { hop.args[0].clone() } else { fl.call_rt(RuntimeFn::DictCopy, vec![hop.args[0].clone()], span) };
                fl.call_rt(RuntimeFn::DictUpdate, vec![d.clone(), hop.args[1].clone()], span);
                d
            }
            (H::Eq | H::Ne, S::List { .. } | S::Tuple(_) | S::Dict { .. } | S::Set { .. }) if hop.anns[1].generalize() == a0.generalize() || matches!((&a0, &hop.anns[1]), (S::List { .. }, S::List { .. }) | (S::Dict { .. }, S::Dict { .. }) | (S::Set { .. }, S::Set { .. })) => {
                let e = self.eq_values(fl, hop.args[0].clone(), hop.args[1].clone(), &a0);
                if hop.kind == H::Eq {
                    e
                } else {
                    fl.prim(PrimOp::BoolNot, vec![e], span)
                }
            }
            (H::Lt | H::Le | H::Gt | H::Ge, S::Set { .. }) => {
                let (x, y) = if matches!(hop.kind, H::Lt | H::Le) { (hop.args[0].clone(), hop.args[1].clone()) } else { (hop.args[1].clone(), hop.args[0].clone()) };
                let sub = fl.call_rt(RuntimeFn::SetIsSubset, vec![x.clone(), y.clone()], span);
                if matches!(hop.kind, H::Le | H::Ge) {
                    sub
                } else {
                    let e = self.eq_values(fl, x, y, &a0);
                    let ne = fl.prim(PrimOp::BoolNot, vec![e], span);
                    fl.prim(PrimOp::BoolAnd, vec![sub, ne], span)
                }
            }
            (H::Lt | H::Le | H::Gt | H::Ge | H::Eq | H::Ne, S::List { .. } | S::Tuple(_)) => {
                // Tuples of different lengths compare item by item too.
                let common = if let (S::Tuple(x), S::Tuple(y)) = (&a0, &hop.anns[1]) {
                    if x.len() != y.len() {
                        return Some(self.tuple_cmp_mixed(fl, hop));
                    }
                    a0.clone()
                } else {
                    a0.clone()
                };
                let b = self.convert(fl, hop.args[1].clone(), &hop.anns[1], &common, span);
                let a = self.convert(fl, hop.args[0].clone(), &a0, &common, span);
                let c = self.cmp_values(fl, a, b, &common);
                let p = match hop.kind {
                    H::Lt => PrimOp::IntLt,
                    H::Le => PrimOp::IntLe,
                    H::Gt => PrimOp::IntGt,
                    H::Ge => PrimOp::IntGe,
                    H::Eq => PrimOp::IntEq,
                    _ => PrimOp::IntNe,
                };
                fl.prim(p, vec![c, c_int(0)], span)
            }
            (H::Bool, S::Dict { .. } | S::Set { .. }) => {
                let n = fl.emit(LlOp::GetField(Types::DICT, 0), vec![hop.args[0].clone()], LlType::Signed, span);
                fl.prim(PrimOp::IntNe, vec![n, c_int(0)], span)
            }
            _ => return None,
        })
    }

    /// Ordering of tuples of different lengths: item by item over the common prefix, then the
    /// shorter is smaller.
    fn tuple_cmp_mixed(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use rpy_flow::HlOp as H;
        let (S::Tuple(x), S::Tuple(y)) = (&hop.anns[0], &hop.anns[1]) else { return c_bool(false) };
        let (LlType::Ptr(tx), LlType::Ptr(ty)) = (self.lltype(&hop.anns[0]), self.lltype(&hop.anns[1])) else { return c_bool(false) };
        let n = x.len().min(y.len());
        let mut acc = c_int((x.len() as i64 - y.len() as i64).signum());
        for k in (0..n).rev() {
            let (ax, ay) = (x[k].clone(), y[k].clone());
            let a = fl.emit(LlOp::GetField(tx, k as u32), vec![hop.args[0].clone()], self.lltype(&ax), hop.span);
            let b = fl.emit(LlOp::GetField(ty, k as u32), vec![hop.args[1].clone()], self.lltype(&ay), hop.span);
            let b = self.convert(fl, b, &ay, &ax, hop.span);
            let c = self.cmp_values(fl, a, b, &ax);
            let zero = fl.prim(PrimOp::IntEq, vec![c.clone(), c_int(0)], hop.span);
            let prev = acc.clone();
            acc = self.if_else(fl, zero, LlType::Signed, |_, _| prev, |_, _| c);
        }
        let p = match hop.kind {
            H::Lt => PrimOp::IntLt,
            H::Le => PrimOp::IntLe,
            H::Gt => PrimOp::IntGt,
            H::Ge => PrimOp::IntGe,
            H::Eq => PrimOp::IntEq,
            _ => PrimOp::IntNe,
        };
        fl.prim(p, vec![acc, c_int(0)], hop.span)
    }

    /// Slicing of lists, strings and bytes.
    fn lower_slice(&mut self, fl: &mut FnLowering, hop: &Hop) -> Option<LlOperand> {
        use rpy_flow::HlOp as H;
        let span = hop.span;
        let bound = |this: &mut Self, fl: &mut FnLowering, k: usize, default: i64| -> (LlOperand, LlOperand) {
            match &hop.anns[k] {
                S::None => (c_int(default), c_bool(false)),
                s => {
                    let s = s.clone();
                    (this.convert(fl, hop.args[k].clone(), &s, &S::int(), span), c_bool(true))
                }
            }
        };
        let (lo, has_lo) = bound(self, fl, 1, 0);
        let (hi, has_hi) = bound(self, fl, 2, 0);
        let (step, _) = bound(self, fl, 3, 1);
        let stepped = !matches!(hop.anns[3], S::None);
        Some(match (hop.kind, &hop.anns[0]) {
            (H::GetSlice, S::List { .. }) => fl.call_rt(RuntimeFn::ListSlice, vec![hop.args[0].clone(), lo, hi, step, has_lo, has_hi], span),
            (H::GetSlice, S::Str { .. }) => {
                let s = self.convert(fl, hop.args[0].clone(), &hop.anns[0], &S::str(), span);
                if matches!(hop.anns[3], S::None) {
                    fl.call_rt(RuntimeFn::StrSliceSimple, vec![s, lo, hi, has_lo, has_hi], span)
                } else {
                    fl.call_rt(RuntimeFn::StrSliceStep, vec![s, lo, hi, step, has_lo, has_hi], span)
                }
            }
            (H::GetSlice, S::Range { .. }) => {
                // range(start + i * step, start + j * step, step * k) for the slice's indices.
                let r = hop.args[0].clone();
                let n = self.range_length(fl, r.clone(), span);
                let part = |fl: &mut FnLowering, which: i64| {
                    fl.call_rt(RuntimeFn::SliceIndex, vec![n.clone(), lo.clone(), hi.clone(), step.clone(), has_lo.clone(), has_hi.clone(), c_int(which)], span)
                };
                let (i, j, k) = (part(fl, 0), part(fl, 1), part(fl, 2));
                let rt = self.range_type();
                let start = fl.emit(LlOp::GetField(rt, 0), vec![r.clone()], LlType::Signed, span);
                let rstep = fl.emit(LlOp::GetField(rt, 2), vec![r], LlType::Signed, span);
                let at = |fl: &mut FnLowering, idx: LlOperand| {
                    let off = fl.prim(PrimOp::IntMul, vec![idx, rstep.clone()], span);
                    fl.prim(PrimOp::IntAdd, vec![start.clone(), off], span)
                };
                let (new_start, new_stop) = (at(fl, i), at(fl, j));
                let new_step = fl.prim(PrimOp::IntMul, vec![rstep.clone(), k], span);
                let out = fl.emit(LlOp::Malloc(rt), vec![], LlType::Ptr(rt), span);
                for (f, v) in [(0u32, new_start), (1, new_stop), (2, new_step)] {
                    fl.emit(LlOp::SetField(rt, f), vec![out.clone(), v], LlType::Void, span);
                }
                out
            }
            (H::GetSlice, S::Tuple(items)) => {
                // Constant bounds and step (the annotator checked): a new tuple of those items.
                let konst = |s: &S| if let S::Int { konst: Some(k), .. } = s { Some(*k) } else { None };
                let picked = rpy_annotator::slice_indices(items.len(), konst(&hop.anns[1]), konst(&hop.anns[2]), konst(&hop.anns[3]).unwrap_or(1));
                let fields = self.tuple_fields(fl, hop.args[0].clone(), &hop.anns[0], span);
                let result = hop.result.clone();
                self.new_tuple(fl, picked.iter().map(|k| fields[*k].clone()).collect(), &result, span)
            }
            (H::GetSlice, S::Bytes { .. }) => fl.call_rt(RuntimeFn::BytesSlice, vec![hop.args[0].clone(), lo, hi, step, has_lo, has_hi], span),
            (H::SetSlice, S::List { def, .. }) => {
                let item = self.ann.list_item(*def).value.clone();
                let src = self.materialize_as(fl, hop.args[4].clone(), &hop.anns[4], &item, span);
                let l = hop.args[0].clone();
                if stepped {
                    fl.call_rt(RuntimeFn::ListSetSliceStep, vec![l, lo, hi, step, has_lo, has_hi, src], span);
                } else {
                    fl.call_rt(RuntimeFn::ListSetSlice, vec![l, lo, hi, has_lo, has_hi, src], span);
                }
                Operand::Const(LlConst::Void)
            }
            (H::DelSlice, S::List { .. }) => {
                let l = hop.args[0].clone();
                if stepped {
                    fl.call_rt(RuntimeFn::ListDelSliceStep, vec![l, lo, hi, step, has_lo, has_hi], span);
                } else {
                    fl.call_rt(RuntimeFn::ListDelSlice, vec![l, lo, hi, has_lo, has_hi], span);
                }
                Operand::Const(LlConst::Void)
            }
            _ => return None,
        })
    }

    /// Any iterable as a list (a list itself is returned as is).
    pub(crate) fn materialize(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        match s {
            S::List { .. } => v,
            S::Dict { .. } | S::Set { .. } => fl.call_rt(RuntimeFn::DictKeysList, vec![v], span),
            _ => {
                let Some((it, it_ann, item)) = self.iterator_for(fl, v, s, span) else {
                    return self.unsupported(span, format!("iterating over `{}` here", self.ann.type_name(s)));
                };
                let item_t = self.lltype(&item);
                let gc = item_t.is_gc_ptr(&self.types);
                let l = fl.call_rt(RuntimeFn::ListNew, vec![c_int(0), c_bool(gc)], span);
                self.for_each(fl, it, &it_ann, &item, span, |this, fl, x| {
                    let slot = this.to_slot(fl, x, &item, &item, span);
                    fl.call_rt(RuntimeFn::ListAppend, vec![l.clone(), slot], span);
                });
                l
            }
        }
    }

    /// An iterator over `v` with its annotation and the annotation of its items.
    pub(crate) fn iterator_for(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> Option<(LlOperand, SomeValue, SomeValue)> {
        let (it_ann, item) = match s {
            S::Iterator { .. } => (s.clone(), self.iterator_item(s)?),
            S::Instance { class, .. } if self.method_impl(*class, "__next__").is_some() && self.method_impl(*class, "__iter__").is_none() => {
                let it = S::Iterator { kind: IterKind::User, of: std::rc::Rc::from(vec![s.clone()]) };
                let item = self.iterator_item(&it)?;
                (it, item)
            }
            _ => {
                let item = self.iterable_item(s)?;
                let kind = match s {
                    S::Range { .. } => IterKind::Range,
                    S::Instance { .. } => IterKind::User,
                    _ => IterKind::Sequence,
                };
                let of = match (s, kind.clone()) {
                    (S::Instance { class, .. }, IterKind::User) => {
                        let f = self.method_impl(*class, "__iter__")?;
                        let g = self.ann.graph_of.get(&(f, rpy_annotator::SpecKey::Default))?;
                        self.ann.graph(*g).return_ann()
                    }
                    _ => s.non_null(),
                };
                (S::Iterator { kind, of: std::rc::Rc::from(vec![of]) }, item)
            }
        };
        let hop = Hop { g: rpy_annotator::GraphId(0), block: rpy_flow::Block(0), index: 0, kind: rpy_flow::HlOp::Iter, span, args: vec![v], anns: vec![s.clone()], result: it_ann.clone() };
        let it = self.lower_iter_hop(fl, &hop);
        Some((it, it_ann, item))
    }

    /// The items an iterator gives.
    pub(crate) fn iterator_item(&self, it: &SomeValue) -> Option<SomeValue> {
        let S::Iterator { kind, of } = it else { return None };
        Some(match kind {
            IterKind::Range => S::int(),
            IterKind::Sequence | IterKind::Reversed => self.iterable_item(&of[0])?,
            IterKind::DictKeys => self.dict_types(&of[0]).0,
            IterKind::DictValues => self.dict_types(&of[0]).1,
            IterKind::DictItems => {
                let (k, v) = self.dict_types(&of[0]);
                S::Tuple(std::rc::Rc::from(vec![k, v]))
            }
            IterKind::Enumerate => S::Tuple(std::rc::Rc::from(vec![S::nonneg_int(), self.iterator_item(&of[0])?])),
            IterKind::Zip => S::Tuple(of.iter().map(|o| self.iterator_item(o)).collect::<Option<Vec<_>>>()?.into()),
            IterKind::User => match &of[0] {
                S::Instance { class, .. } => {
                    let f = self.method_impl(*class, "__next__")?;
                    let g = self.ann.graph_of.get(&(f, rpy_annotator::SpecKey::Default))?;
                    self.ann.graph(*g).return_ann()
                }
                _ => return None,
            },
        })
    }

    /// The items of an iterable container.
    pub(crate) fn iterable_item(&self, s: &SomeValue) -> Option<SomeValue> {
        Some(match s {
            S::List { def, .. } => self.ann.list_item(*def).value.clone(),
            S::Str { .. } => S::char(),
            S::Bytes { .. } | S::ByteArray { .. } => S::nonneg_int(),
            S::Range { .. } => S::int(),
            S::Dict { .. } | S::Set { .. } => self.dict_types(s).0,
            S::File { binary: false } => S::str(),
            S::File { binary: true } => S::bytes(),
            S::Tuple(items) => crate::repr::tuple_item_ann(items),
            S::Iterator { .. } => self.iterator_item(s)?,
            S::Instance { class, .. } => {
                let f = self.method_impl(*class, "__iter__")?;
                let g = self.ann.graph_of.get(&(f, rpy_annotator::SpecKey::Default))?;
                let it = self.ann.graph(*g).return_ann();
                match &it {
                    S::Instance { class: c2, .. } => {
                        let f2 = self.method_impl(*c2, "__next__")?;
                        let g2 = self.ann.graph_of.get(&(f2, rpy_annotator::SpecKey::Default))?;
                        self.ann.graph(*g2).return_ann()
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    /// `for x in it: body(x)` inside a lowering (built-in and user iterators).
    pub(crate) fn for_each(&mut self, fl: &mut FnLowering, it: LlOperand, it_ann: &SomeValue, item: &SomeValue, span: Span, mut body: impl FnMut(&mut Self, &mut FnLowering, LlOperand)) {
        let (header, _) = fl.block_with(&[]);
        let (exit, _) = fl.block_with(&[]);
        fl.b.jump(header);
        fl.b.switch_to(header);
        match self.next_inline(fl, it.clone(), it_ann, item, span) {
            Some((x, has)) => {
                let (body_b, _) = fl.block_with(&[]);
                match has {
                    Operand::Var(h) => fl.b.branch_with(h, (exit, vec![]), (body_b, vec![])),
                    _ => fl.b.jump(body_b),
                }
                fl.b.switch_to(body_b);
                body(self, fl, x);
            }
            None => {
                // A user iterator: __next__ until StopIteration.
                let S::Iterator { of, .. } = it_ann else { return };
                let S::Instance { class, .. } = of[0] else { return };
                let r = fl.with_stop_exit(exit, |fl| self.call_method_by_name(fl, it, class, "__next__", vec![], span));
                let ret = self.iterator_item(it_ann).unwrap_or(S::Impossible);
                let x = self.convert(fl, r, &ret, item, span);
                body(self, fl, x);
            }
        }
        fl.b.jump(header);
        fl.b.switch_to(exit);
    }

    /// The fields of tuple `t` with their annotations.
    pub(crate) fn tuple_fields(&mut self, fl: &mut FnLowering, t: LlOperand, s: &SomeValue, span: Span) -> Vec<(LlOperand, SomeValue)> {
        let (S::Tuple(items), LlType::Ptr(tt)) = (s, self.lltype(s)) else { return vec![] };
        items
            .iter()
            .enumerate()
            .map(|(k, it)| {
                let ft = self.lltype(it);
                (fl.emit(LlOp::GetField(tt, k as u32), vec![t.clone()], ft, span), it.clone())
            })
            .collect()
    }

    /// A new tuple of annotation `result` holding `fields`.
    pub(crate) fn new_tuple(&mut self, fl: &mut FnLowering, fields: Vec<(LlOperand, SomeValue)>, result: &SomeValue, span: Span) -> LlOperand {
        let (S::Tuple(out), LlType::Ptr(tt)) = (result, self.lltype(result)) else { return self.unsupported(span, "this tuple".into()) };
        let out = out.clone();
        let t = fl.emit(LlOp::Malloc(tt), vec![], LlType::Ptr(tt), span);
        for (k, ((v, s), to)) in fields.into_iter().zip(out.iter()).enumerate() {
            let v = self.convert(fl, v, &s, to, span);
            fl.emit(LlOp::SetField(tt, k as u32), vec![t.clone(), v], LlType::Void, span);
        }
        t
    }

    /// `dict(x)`: a copy of dict `x`, or a new dict of the (key, value) pairs `x` gives.
    pub(crate) fn dict_from(&mut self, fl: &mut FnLowering, (v, s): (LlOperand, SomeValue), result: &SomeValue, span: Span) -> LlOperand {
        if matches!(s, S::Dict { .. }) {
            return fl.call_rt(RuntimeFn::DictCopy, vec![v], span);
        }
        let d = self.new_dict(fl, result, span);
        self.dict_add_pairs(fl, d.clone(), result, v, &s, span);
        d
    }

    /// Stores the (key, value) pairs iterable `v` gives into dict `d` (of annotation `dict_ann`).
    pub(crate) fn dict_add_pairs(&mut self, fl: &mut FnLowering, d: LlOperand, dict_ann: &SomeValue, v: LlOperand, s: &SomeValue, span: Span) {
        let (key, value) = self.dict_types(dict_ann);
        let Some((it, it_ann, pair)) = self.iterator_for(fl, v, s, span) else {
            self.unsupported(span, "a dict of this value".into());
            return;
        };
        let (S::Tuple(kv), LlType::Ptr(pt)) = (pair.clone(), self.lltype(&pair)) else {
            self.unsupported(span, "a dict of this value".into());
            return;
        };
        self.for_each(fl, it, &it_ann, &pair, span, |this, fl, p| {
            let (kt, vt) = (this.lltype(&kv[0]), this.lltype(&kv[1]));
            let k = fl.emit(LlOp::GetField(pt, 0), vec![p.clone()], kt, span);
            let x = fl.emit(LlOp::GetField(pt, 1), vec![p], vt, span);
            let ks = this.to_slot(fl, k, &kv[0], &key, span);
            let xs = this.to_slot(fl, x, &kv[1], &value, span);
            fl.call_rt(RuntimeFn::DictSetItem, vec![d.clone(), ks, xs], span);
        });
    }
}
