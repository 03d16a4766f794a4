//! Annotation of each high-level operation: one arm per `HlOp`, no catch-all, so adding an
//! operation makes the compiler point here.

use crate::calls::CallSite;
use crate::engine::{Annotator, GraphId, KnownTypes, Origin};
use crate::model::{IntKind, IterKind, SomeValue};
use rpy_flow::{Block, Constant, HlOp, Op, Operand, Var};
use rpy_source::{Diagnostic, ErrorCode, Span};
use std::rc::Rc;

/// The "plain" binary operation an in-place one behaves like.
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

/// The Python spelling of an operator, for messages.
pub fn symbol(kind: HlOp) -> &'static str {
    match plain_of(kind) {
        HlOp::Add => "+",
        HlOp::Sub => "-",
        HlOp::Mul => "*",
        HlOp::TrueDiv => "/",
        HlOp::FloorDiv => "//",
        HlOp::Mod => "%",
        HlOp::Pow => "**",
        HlOp::LShift => "<<",
        HlOp::RShift => ">>",
        HlOp::BitAnd => "&",
        HlOp::BitOr => "|",
        HlOp::BitXor => "^",
        HlOp::Lt => "<",
        HlOp::Le => "<=",
        HlOp::Gt => ">",
        HlOp::Ge => ">=",
        HlOp::Eq => "==",
        HlOp::Ne => "!=",
        HlOp::Neg => "unary -",
        HlOp::Pos => "unary +",
        HlOp::Invert => "~",
        _ => "?",
    }
}

fn int_kind(a: &SomeValue) -> IntKind {
    match a {
        SomeValue::Int { kind, .. } => *kind,
        _ => IntKind::Signed,
    }
}

fn nonneg(a: &SomeValue) -> bool {
    match a {
        SomeValue::Int { nonneg, .. } => *nonneg,
        SomeValue::Bool { .. } => true,
        _ => false,
    }
}

/// The special method implementing a binary operator on instances.
pub(crate) fn special_method(kind: HlOp) -> Option<&'static str> {
    Some(match plain_of(kind) {
        HlOp::Add => "__add__",
        HlOp::Sub => "__sub__",
        HlOp::Mul => "__mul__",
        HlOp::Eq => "__eq__",
        HlOp::Ne => "__ne__",
        HlOp::Lt => "__lt__",
        HlOp::Le => "__le__",
        HlOp::Gt => "__gt__",
        HlOp::Ge => "__ge__",
        _ => return None,
    })
}

impl Annotator {
    fn site(&self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue], skip: usize, kwnames: Vec<String>) -> CallSite {
        let args = op.args[skip..]
            .iter()
            .zip(&args[skip..])
            .map(|(o, s)| (s.clone(), self.operand_origin(g, o, op.span)))
            .collect();
        CallSite { graph: g, block, op: i, span: op.span, args, kwnames, result: Some(op.result) }
    }

    fn fail(&mut self, g: GraphId, op: &Op<HlOp>, args: &[SomeValue], message: String) -> Option<SomeValue> {
        let operands: Vec<(&Operand<Constant>, &SomeValue)> = op.args.iter().zip(args).collect();
        let d = self.bad_operation(g, op.span, message, &operands);
        self.error(d);
        None
    }

    fn set_known(&mut self, g: GraphId, result: Var, k: KnownTypes) {
        if !k.if_true.is_empty() || !k.if_false.is_empty() {
            self.knowntypes.insert((g, result), Rc::new(k));
        }
    }

    /// The annotation of an operation's result; `None` after reporting an error.
    pub(crate) fn consider_op(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue]) -> Option<SomeValue> {
        use SomeValue as S;
        let span = op.span;
        match op.kind {
            HlOp::Add | HlOp::Sub | HlOp::Mul | HlOp::TrueDiv | HlOp::FloorDiv | HlOp::Mod | HlOp::Pow | HlOp::LShift | HlOp::RShift
            | HlOp::BitAnd | HlOp::BitOr | HlOp::BitXor | HlOp::InplaceAdd | HlOp::InplaceSub | HlOp::InplaceMul
            | HlOp::InplaceTrueDiv | HlOp::InplaceFloorDiv | HlOp::InplaceMod | HlOp::InplacePow | HlOp::InplaceLShift
            | HlOp::InplaceRShift | HlOp::InplaceAnd | HlOp::InplaceOr | HlOp::InplaceXor => self.binary(g, block, i, op, args),
            HlOp::OvfAdd | HlOp::OvfSub | HlOp::OvfMul | HlOp::OvfLShift => {
                let signed = |s: &S| s.is_intlike() && !matches!(s, S::Int { kind: crate::model::IntKind::Unsigned, .. });
                if signed(&args[0]) && signed(&args[1]) {
                    Some(S::int())
                } else {
                    self.fail(g, op, args, "`ovfcheck()` checks arithmetic on `int` values only".into())
                }
            }
            HlOp::Neg | HlOp::Pos | HlOp::Invert => match &args[0] {
                S::Int { kind, .. } => Some(S::Int { konst: None, nonneg: op.kind == HlOp::Pos && nonneg(&args[0]), kind: *kind }),
                S::Bool { .. } => Some(S::int()),
                S::Float { .. } if op.kind != HlOp::Invert => Some(S::float()),
                S::Instance { class, .. } if op.kind == HlOp::Neg && self.is_method(*class, "__neg__") => {
                    let site = self.site(g, block, i, op, args, 1, vec![]);
                    self.call_value(&site, &S::Method { class: *class, name: Rc::from("__neg__"), nullable: false })
                }
                other => {
                    let t = self.type_name(other);
                    self.fail(g, op, args, format!("bad operand type for {}: `{t}`", symbol(op.kind)))
                }
            },
            HlOp::Bool => {
                let a = &args[0];
                let mut k = KnownTypes::default();
                if let Operand::Var(v) = op.args[0] {
                    if a.can_be_none() {
                        k.if_true.push((v, a.non_null()));
                    }
                    if let Some(inner) = self.knowntypes.get(&(g, v)).cloned() {
                        k.if_true.extend(inner.if_true.iter().cloned());
                        k.if_false.extend(inner.if_false.iter().cloned());
                    }
                }
                self.set_known(g, op.result, k);
                if let S::Instance { class, .. } = a {
                    for m in ["__bool__", "__len__"] {
                        if self.is_method(*class, m) {
                            let site = self.site(g, block, i, op, args, 1, vec![]);
                            self.call_value(&site, &S::Method { class: *class, name: Rc::from(m), nullable: false })?;
                            break;
                        }
                    }
                }
                Some(S::Bool { konst: a.const_truth() })
            }
            HlOp::Not => {
                let a = &args[0];
                let mut k = KnownTypes::default();
                if let Operand::Var(v) = op.args[0] {
                    if let Some(inner) = self.knowntypes.get(&(g, v)).cloned() {
                        k.if_true = inner.if_false.clone();
                        k.if_false = inner.if_true.clone();
                    } else if a.can_be_none() {
                        k.if_false.push((v, a.non_null()));
                    }
                }
                self.set_known(g, op.result, k);
                Some(S::Bool { konst: a.const_truth().map(|t| !t) })
            }
            HlOp::Lt | HlOp::Le | HlOp::Gt | HlOp::Ge | HlOp::Eq | HlOp::Ne => self.comparison(g, block, i, op, args),
            HlOp::Is => {
                let (a, b) = (&args[0], &args[1]);
                let mut k = KnownTypes::default();
                let mut konst = None;
                for (x, y, xo) in [(a, b, &op.args[0]), (b, a, &op.args[1])] {
                    if matches!(y, S::None) {
                        if let Operand::Var(v) = xo {
                            k.if_true.push((*v, S::None));
                            k.if_false.push((*v, x.non_null()));
                        }
                        if !x.can_be_none() {
                            konst = Some(false);
                        }
                    }
                }
                if matches!((a, b), (S::None, S::None)) {
                    konst = Some(true);
                }
                self.set_known(g, op.result, k);
                Some(S::Bool { konst })
            }
            HlOp::Contains => self.contains(g, block, i, op, args),
            HlOp::GetAttr => {
                let name = op.args[1].as_const().and_then(|c| c.as_str()).unwrap_or("").to_string();
                self.getattr(g, block, i, op, args, &name)
            }
            HlOp::SetAttr => {
                let name = op.args[1].as_const().and_then(|c| c.as_str()).unwrap_or("").to_string();
                match &args[0] {
                    S::Instance { class, .. } => {
                        if self.is_method(*class, &name) {
                            return self.fail(g, op, args, format!("cannot assign to `{name}`: it is a method"));
                        }
                        let origin = Origin::new(span, "stored here");
                        self.generalize_attr(*class, &name, args[2].generalize(), origin, span).then_some(S::None)
                    }
                    other => {
                        let t = self.type_name(other);
                        self.fail(g, op, args, format!("cannot set attribute `{name}` on a `{t}` value"))
                    }
                }
            }
            HlOp::GetItem => self.getitem(g, block, i, op, args),
            HlOp::SetItem => self.setitem(g, block, i, op, args),
            HlOp::DelItem => match &args[0] {
                S::List { def, .. } if args[1].is_intlike() => {
                    self.mark_list(*def, true);
                    Some(S::None)
                }
                S::ByteArray { .. } if args[1].is_intlike() => Some(S::None),
                S::Dict { .. } => {
                    self.check_dict_key(g, op, args, &args[0], &args[1])?;
                    Some(S::None)
                }
                other => {
                    let t = self.type_name(other);
                    self.fail(g, op, args, format!("`del x[i]` is not supported on a `{t}` value"))
                }
            },
            HlOp::GetSlice | HlOp::SetSlice | HlOp::DelSlice => self.slice_op(g, op, args),
            HlOp::NewTuple => Some(S::Tuple(args.iter().map(|a| a.generalize()).collect())),
            HlOp::NewList => {
                let def = self.list_at(g, block, i, 0, span);
                for (a, o) in args.iter().zip(&op.args) {
                    let origin = self.operand_origin(g, o, span);
                    let origin = Origin::new(span, "in this list").or(origin);
                    if !self.generalize_list(def, a.generalize(), origin, span) {
                        return None;
                    }
                }
                Some(S::List { def, nullable: false })
            }
            HlOp::NewDict => {
                let def = self.dict_at(g, block, i, 0, span);
                for pair in args.chunks(2) {
                    let origin = Origin::new(span, "in this dict");
                    if !self.generalize_dict(def, Some(pair[0].generalize()), Some(pair[1].generalize()), origin, span) {
                        return None;
                    }
                }
                Some(S::Dict { def, nullable: false })
            }
            HlOp::NewSet => {
                let def = self.dict_at(g, block, i, 0, span);
                for a in args {
                    let origin = Origin::new(span, "in this set");
                    if !self.generalize_dict(def, Some(a.generalize()), Some(S::None), origin, span) {
                        return None;
                    }
                }
                Some(S::Set { def, nullable: false })
            }
            HlOp::Iter => self.iter_of(g, block, i, op, args, &args[0]),
            HlOp::Next => self.next_of(g, block, i, op, args, &args[0]),
            HlOp::SimpleCall => {
                let site = self.site(g, block, i, op, args, 1, vec![]);
                self.call_value(&site, &args[0])
            }
            HlOp::CallStar => {
                let (k, kwnames) = star_shape(op.args[1].as_const());
                let mut site = self.site(g, block, i, op, args, 2, kwnames);
                let (star, origin) = site.args[k].clone();
                let S::Tuple(items) = star else {
                    let t = self.type_name(&star);
                    return self.fail(g, op, args, format!("`*` in a call needs a tuple, not `{t}`"));
                };
                site.args.splice(k..k + 1, items.iter().map(|s| (s.clone(), origin.clone())));
                self.call_value(&site, &args[0])
            }
            HlOp::CallKw => {
                let kwnames: Vec<String> = match op.args[1].as_const() {
                    Some(Constant::Tuple(t)) => t.iter().filter_map(|c| c.as_str().map(str::to_string)).collect(),
                    _ => vec![],
                };
                let site = self.site(g, block, i, op, args, 2, kwnames);
                self.call_value(&site, &args[0])
            }
            HlOp::Format => {
                self.check_printable(g, block, i, op, args, &args[0])?;
                if !args[1].is_str() {
                    return self.fail(g, op, args, "a format spec must be a string".into());
                }
                Some(S::str())
            }
            HlOp::BuildString => {
                if let Some(bad) = args.iter().find(|a| !a.is_str()) {
                    let t = self.type_name(bad);
                    return self.fail(g, op, args, format!("cannot concatenate `{t}` into a string"));
                }
                Some(S::str())
            }
            HlOp::ExcInstance => match &args[0] {
                S::Classes { .. } => {
                    let site = CallSite { graph: g, block, op: i, span, args: vec![], kwnames: vec![], result: None };
                    self.call_value(&site, &args[0])
                }
                S::Instance { class, .. } if self.is_exception_class(*class) => Some(args[0].non_null()),
                other => {
                    let t = self.type_name(other);
                    self.fail(g, op, args, format!("exceptions must derive from BaseException, not `{t}`"))
                }
            },
            HlOp::ExcMatch => {
                let classes = self.exception_classes_of(&op.args[1]);
                let Some(classes) = classes else {
                    return self.fail(g, op, args, "an `except` clause needs an exception class or a tuple of them".into());
                };
                let mut k = KnownTypes::default();
                if let (Operand::Var(v), [one]) = (&op.args[0], classes.as_slice()) {
                    let c = self.classdef(*one);
                    k.if_true.push((*v, S::Instance { class: c, nullable: false }));
                }
                self.set_known(g, op.result, k);
                Some(S::bool())
            }
            HlOp::AssertionError => {
                let c = self.prog.exception_class("AssertionError");
                let class = self.classdef(c);
                self.classes[class.0 as usize].instantiated = true;
                Some(S::Instance { class, nullable: false })
            }
            HlOp::Unpack => {
                let n = match op.args[1].as_const() {
                    Some(Constant::Int(n)) => *n as usize,
                    _ => 0,
                };
                match &args[0] {
                    S::Tuple(items) if items.len() == n => Some(args[0].clone()),
                    S::Tuple(items) => {
                        let m = items.len();
                        self.fail(g, op, args, format!("cannot unpack a tuple of {m} items into {n} targets"))
                    }
                    S::List { .. } | S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } => Some(args[0].non_null()),
                    other => {
                        let t = self.type_name(other);
                        self.fail(g, op, args, format!("cannot unpack a `{t}` value"))
                    }
                }
            }
            HlOp::Yield => self.fail(g, op, args, "generators are not supported yet".into()),
            HlOp::MakeClosure => {
                let Some(f) = op.args[0].as_const().and_then(|c| c.as_obj()) else {
                    return self.fail(g, op, args, "make_closure of a non-function".into());
                };
                Some(S::Functions { funcs: Rc::from(vec![f]), nullable: false })
            }
            HlOp::SameAs => Some(args[0].clone()),
        }
    }

    pub(crate) fn is_exception_class(&self, c: crate::model::ClassId) -> bool {
        let base = self.prog.exception_class("BaseException");
        self.class_ids.get(&base).is_some_and(|b| self.is_subclass(c, *b))
    }

    /// The exception classes an `except` clause names (a class or a tuple of classes).
    fn exception_classes_of(&self, a: &Operand<Constant>) -> Option<Vec<rpy_flow::ObjRef>> {
        let base = self.prog.exception_class("BaseException");
        let one = |c: &Constant| -> Option<rpy_flow::ObjRef> {
            let o = c.as_obj()?;
            self.prog.objects.is_subclass(o, base).then_some(o)
        };
        match a.as_const()? {
            Constant::Tuple(items) => items.iter().map(one).collect(),
            c => Some(vec![one(c)?]),
        }
    }

    fn binary(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue]) -> Option<SomeValue> {
        use SomeValue as S;
        let kind = plain_of(op.kind);
        let inplace = kind != op.kind;
        let (a, b) = (&args[0], &args[1]);
        let res = match (a, b) {
            (x, y) if x.is_intlike() && y.is_intlike() => {
                let kind_ab = if int_kind(x) == IntKind::Unsigned || int_kind(y) == IntKind::Unsigned { IntKind::Unsigned } else { IntKind::Signed };
                let both_bool = matches!((x, y), (S::Bool { .. }, S::Bool { .. }));
                let nn = |v: bool| S::Int { konst: None, nonneg: v, kind: kind_ab };
                match kind {
                    HlOp::TrueDiv => S::float(),
                    HlOp::BitAnd | HlOp::BitOr | HlOp::BitXor if both_bool => S::bool(),
                    HlOp::Add | HlOp::Mul | HlOp::FloorDiv | HlOp::RShift | HlOp::Pow => nn(nonneg(x) && nonneg(y)),
                    HlOp::BitAnd => nn(nonneg(x) || nonneg(y)),
                    HlOp::Mod => nn(nonneg(y)),
                    _ => nn(false),
                }
            }
            (x, y) if x.is_numeric() && y.is_numeric() => match kind {
                HlOp::Add | HlOp::Sub | HlOp::Mul | HlOp::TrueDiv | HlOp::FloorDiv | HlOp::Mod | HlOp::Pow => S::float(),
                _ => return self.binop_error(g, op, args),
            },
            (S::Str { .. }, S::Str { .. }) if kind == HlOp::Add => S::str(),
            (S::Str { .. }, y) if kind == HlOp::Mul && y.is_intlike() => S::str(),
            (x, S::Str { .. }) if kind == HlOp::Mul && x.is_intlike() => S::str(),
            (S::Str { .. }, _) if kind == HlOp::Mod => {
                self.check_percent_args(g, block, i, op, args)?;
                S::str()
            }
            // The left operand's type wins: bytes + bytearray is bytes.
            (S::Bytes { .. }, S::Bytes { .. } | S::ByteArray { .. }) if kind == HlOp::Add => S::bytes(),
            (S::Bytes { .. }, y) | (y, S::Bytes { .. }) if kind == HlOp::Mul && y.is_intlike() => S::bytes(),
            (S::ByteArray { .. }, S::Bytes { .. } | S::ByteArray { .. }) if kind == HlOp::Add => S::ByteArray { nullable: false },
            (S::ByteArray { .. }, y) | (y, S::ByteArray { .. }) if kind == HlOp::Mul && y.is_intlike() => S::ByteArray { nullable: false },
            (S::List { def, .. }, y) if inplace && kind == HlOp::Add => {
                let origin = Origin::new(op.span, "added here");
                if let S::List { def: d2, .. } = y {
                    // Items are copied as stored: one representation for both.
                    self.mark_list(*def, true);
                    return self.agree_lists(*def, *d2, origin, op.span).then(|| a.non_null());
                }
                let item = self.iter_item(g, block, i, op, args, y)?;
                if !self.generalize_list(*def, item, origin, op.span) {
                    return None;
                }
                self.mark_list(*def, true);
                a.non_null()
            }
            (S::List { def: d1, .. }, S::List { def: d2, .. }) if kind == HlOp::Add => {
                let new = self.list_at(g, block, i, 0, op.span);
                let (i1, i2) = (self.read_list(*d1), self.read_list(*d2));
                let origin = Origin::new(op.span, "concatenated here");
                if !self.generalize_list(new, i1, origin.clone(), op.span) || !self.generalize_list(new, i2, origin, op.span) {
                    return None;
                }
                S::List { def: new, nullable: false }
            }
            (S::List { def, .. }, y) | (y, S::List { def, .. }) if kind == HlOp::Mul && y.is_intlike() => {
                if inplace {
                    self.mark_list(*def, true);
                    S::List { def: *def, nullable: false }
                } else {
                    let new = self.list_at(g, block, i, 0, op.span);
                    let item = self.read_list(*def);
                    if !self.generalize_list(new, item, Origin::new(op.span, "repeated here"), op.span) {
                        return None;
                    }
                    S::List { def: new, nullable: false }
                }
            }
            (S::Dict { def: d1, .. }, S::Dict { def: d2, .. }) if kind == HlOp::BitOr => {
                // A merge of the stored items: all three dicts agree.
                let new = if inplace { *d1 } else { self.dict_at(g, block, i, 0, op.span) };
                let origin = Origin::new(op.span, "merged here");
                if !self.agree_dicts(*d1, *d2, origin.clone(), op.span) || !self.agree_dicts(new, *d1, origin, op.span) {
                    return None;
                }
                S::Dict { def: new, nullable: false }
            }
            (S::Set { def: d1, .. }, S::Set { def: d2, .. }) if matches!(kind, HlOp::BitOr | HlOp::BitAnd | HlOp::Sub | HlOp::BitXor) => {
                // The runtime combines the stored items directly: all three sets agree.
                let new = if inplace { *d1 } else { self.dict_at(g, block, i, 0, op.span) };
                let origin = Origin::new(op.span, "combined here");
                if !self.agree_dicts(*d1, *d2, origin.clone(), op.span) || !self.agree_dicts(new, *d1, origin, op.span) {
                    return None;
                }
                S::Set { def: new, nullable: false }
            }
            (S::Tuple(x), S::Tuple(y)) if kind == HlOp::Add => S::Tuple(x.iter().chain(y.iter()).cloned().collect()),
            (S::Tuple(x), S::Int { konst: Some(n), .. }) if kind == HlOp::Mul => {
                let mut items = vec![];
                for _ in 0..(*n).max(0) {
                    items.extend(x.iter().cloned());
                }
                S::Tuple(Rc::from(items))
            }
            (S::Instance { class, .. }, _) => {
                let Some(m) = special_method(kind).filter(|m| self.is_method(*class, m)) else {
                    return self.binop_error(g, op, args);
                };
                let site = self.site(g, block, i, op, args, 1, vec![]);
                return self.call_value(&site, &S::Method { class: *class, name: Rc::from(m), nullable: false });
            }
            _ => return self.binop_error(g, op, args),
        };
        Some(res)
    }

    fn binop_error(&mut self, g: GraphId, op: &Op<HlOp>, args: &[SomeValue]) -> Option<SomeValue> {
        let (a, b) = (self.type_name(&args[0]), self.type_name(&args[1]));
        let mut msg = format!("unsupported operand types for {}: `{a}` and `{b}`", symbol(op.kind));
        if args[0].can_be_none() || args[1].can_be_none() {
            msg.push_str(" (a value that may be None needs a check first)");
        }
        self.fail(g, op, args, msg)
    }

    fn comparison(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue]) -> Option<SomeValue> {
        use SomeValue as S;
        let (a, b) = (&args[0], &args[1]);
        let ordering = matches!(op.kind, HlOp::Lt | HlOp::Le | HlOp::Gt | HlOp::Ge);
        if let S::Instance { class, .. } = a {
            if let Some(m) = special_method(op.kind).filter(|m| self.is_method(*class, m)) {
                let site = self.site(g, block, i, op, args, 1, vec![]);
                let r = self.call_value(&site, &S::Method { class: *class, name: Rc::from(m), nullable: false })?;
                if !matches!(r, S::Bool { .. } | S::Impossible) {
                    // CPython passes any value on as the comparison's result.
                    let (cname, t) = (self.class(*class).name.clone(), self.type_name(&r));
                    return self.fail(g, op, args, format!("`{cname}.{m}` returns `{t}`; comparison methods must return a bool in RPy"));
                }
                return Some(if r.is_impossible() { r } else { S::bool() });
            }
            if ordering {
                return self.binop_error(g, op, args);
            }
        }
        if !ordering && never_equal(a, b) {
            // Values of different kinds: CPython compares them unequal.
            return Some(S::Bool { konst: Some(op.kind == HlOp::Ne) });
        }
        let ok = match (a, b) {
            (x, y) if x.is_numeric() && y.is_numeric() => true,
            (S::Str { .. }, S::Str { .. }) | (S::Bytes { .. }, S::Bytes { .. }) => true,
            (S::ByteArray { .. } | S::Bytes { .. }, S::ByteArray { .. } | S::Bytes { .. }) => true,
            (S::Tuple(_), S::Tuple(_)) => true,
            (S::List { .. }, S::List { .. }) | (S::Set { .. }, S::Set { .. }) => true,
            _ => !ordering,
        };
        if !ok {
            return self.binop_error(g, op, args);
        }
        // Containers are compared item by item with one representation.
        if !self.agree_containers(a, b, Origin::new(op.span, "compared here"), op.span) {
            return None;
        }
        if !ordering {
            self.register_eq(g, block, i, op, args, a, b)?;
        }
        Some(S::bool())
    }

    /// Equality on instances calls `__eq__` if defined (also inside containers compared for
    /// equality, by the rtyper's helpers).
    #[allow(clippy::too_many_arguments)]
    fn register_eq(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue], a: &SomeValue, _b: &SomeValue) -> Option<()> {
        let _ = (g, block, i, op, args, a);
        Some(())
    }

    fn contains(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue]) -> Option<SomeValue> {
        use SomeValue as S;
        let (container, item) = (&args[0], &args[1]);
        match container {
            S::Str { .. } if item.is_str() => {}
            S::Bytes { .. } | S::ByteArray { .. } if item.is_intlike() || matches!(item, S::Bytes { .. } | S::ByteArray { .. }) => {}
            S::List { def, .. } => {
                let it = self.read_list(*def);
                self.check_comparable(g, op, args, &it, item)?;
            }
            S::Tuple(items) => {
                for it in items.iter() {
                    self.check_comparable(g, op, args, it, item)?;
                }
            }
            S::Dict { .. } | S::Set { .. } => {
                self.check_dict_key(g, op, args, container, item)?;
            }
            S::Range { .. } if item.is_intlike() => {}
            S::Iterator { kind: IterKind::DictKeys, of } => {
                let d = of[0].clone();
                self.check_dict_key(g, op, args, &d, item)?;
            }
            // Any other iterator (or iterable object) is consumed up to the item, as in CPython.
            S::Iterator { .. } | S::Instance { .. } if !matches!(container, S::Instance { class, .. } if self.is_method(*class, "__contains__")) => {
                // (Only the container is an argument of the `__iter__` call.)
                let iterator = self.iter_of(g, block, i, op, &args[..1], container)?;
                if iterator.is_impossible() {
                    return Some(iterator);
                }
                let it = self.next_of(g, block, i, op, args, &iterator)?;
                if it.is_impossible() {
                    return Some(it);
                }
                self.check_comparable(g, op, args, &it, item)?;
            }
            S::Instance { class, .. } if self.is_method(*class, "__contains__") => {
                let site = self.site(g, block, i, op, args, 1, vec![]);
                let r = self.call_value(&site, &S::Method { class: *class, name: Rc::from("__contains__"), nullable: false })?;
                if r.is_impossible() {
                    return Some(r);
                }
            }
            other => {
                let (t, it) = (self.type_name(other), self.type_name(item));
                return self.fail(g, op, args, format!("`in` is not supported for `{it}` in `{t}`"));
            }
        }
        Some(S::bool())
    }

    fn check_comparable(&mut self, g: GraphId, op: &Op<HlOp>, args: &[SomeValue], a: &SomeValue, b: &SomeValue) -> Option<()> {
        if a.is_impossible() || b.is_impossible() {
            return Some(());
        }
        let ok = (a.is_numeric() && b.is_numeric()) || std::mem::discriminant(&a.non_null()) == std::mem::discriminant(&b.non_null()) || matches!(b, SomeValue::None) || matches!(a, SomeValue::None);
        if ok {
            Some(())
        } else {
            let (x, y) = (self.type_name(a), self.type_name(b));
            self.fail(g, op, args, format!("cannot look for `{y}` among `{x}` items"))?;
            None
        }
    }

    fn check_dict_key(&mut self, g: GraphId, op: &Op<HlOp>, args: &[SomeValue], dict: &SomeValue, key: &SomeValue) -> Option<()> {
        let (SomeValue::Dict { def, .. } | SomeValue::Set { def, .. }) = dict else { return Some(()) };
        self.widen_lookup_key(*def, key, op.span);
        let (k, _) = self.read_dict(*def);
        self.check_comparable(g, op, args, &k, key)
    }

    fn getattr(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue], name: &str) -> Option<SomeValue> {
        use SomeValue as S;
        let _ = (block, i);
        match &args[0] {
            S::Instance { class, .. } => {
                // On a value that may be None, the translated program checks and raises
                // AttributeError, as CPython does.
                if self.is_method(*class, name) {
                    return Some(S::Method { class: *class, name: Rc::from(name), nullable: false });
                }
                let owner_known = self.attr_owner(*class, name).is_some() || self.subclass_has_attr(*class, name);
                if let (false, Some(k)) = (owner_known, self.class_constant(*class, name)) {
                    // A class-level constant: folded when every subclass sees the same one;
                    // otherwise an instance field that each class initializes with its own.
                    let same_below = self.descendants(*class).iter().all(|d| self.class_constant(*d, name).as_ref() == Some(&k));
                    if same_below {
                        return Some(self.immutable_value(&k));
                    }
                }
                if name == "__class__" {
                    return self.fail(g, op, args, "`__class__` is not supported; use isinstance()".into());
                }
                let v = self.read_attr(*class, name);
                Some(v)
            }
            S::Classes { classes, .. } if classes.len() == 1 && name == "__init__" && self.is_builtin_exception_class(classes[0]) => {
                // `Exception.__init__(self, message)` in a user exception's `__init__`.
                let init = self.prog.objects.builtin(rpy_stdlib::Builtin::ExceptionInit);
                Some(self.immutable_value(&Constant::Obj(init)))
            }
            S::Classes { classes, .. } if classes.len() == 1 => {
                let c = classes[0];
                match self.prog.objects.class_lookup(c, name) {
                    Some((_, k)) => Some(self.immutable_value(&k)),
                    None => {
                        let cname = self.prog.objects.describe(c);
                        self.fail(g, op, args, format!("class `{cname}` has no attribute `{name}`"))
                    }
                }
            }
            // Methods of built-in objects and types (`sys.stdout.write`, `bytes.fromhex`, ...).
            S::Builtin(_) if self.has_method(&args[0], name) => Some(S::BuiltinMethod { receiver: Rc::new(args[0].clone()), name: Rc::from(name) }),
            S::Super { class, receiver } => {
                let base = self.class(*class).base;
                let found = base.and_then(|b| self.method_of(b, name));
                match found {
                    Some(func) => Some(S::SuperMethod { func, class: *receiver }),
                    None if name == "__init__" => Some(S::BuiltinMethod { receiver: Rc::new(S::Instance { class: *receiver, nullable: false }), name: Rc::from("__init__") }),
                    None => self.fail(g, op, args, format!("no base class of `{}` has a method `{name}`", self.class(*class).name)),
                }
            }
            recv @ (S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } | S::List { .. } | S::Dict { .. } | S::Set { .. } | S::StringBuilder { .. } | S::File { .. } | S::Tuple(_)) => {
                // On a value that may be None, the translated program checks and raises
                // AttributeError, as CPython does (attributes are not narrowed by `is not
                // None` tests: `if self.items is not None: self.items.append(x)`).
                let recv = recv.non_null();
                if !self.has_method(&recv, name) {
                    let t = self.type_name(&recv);
                    return self.fail(g, op, args, format!("`{t}` has no method `{name}` in RPy"));
                }
                Some(S::BuiltinMethod { receiver: Rc::new(recv), name: Rc::from(name) })
            }
            S::Int { .. } | S::Float { .. } | S::Bool { .. } if matches!(name, "bit_length" | "is_integer" | "conjugate") => {
                Some(S::BuiltinMethod { receiver: Rc::new(args[0].clone()), name: Rc::from(name) })
            }
            other => {
                let t = self.type_name(other);
                self.fail(g, op, args, format!("`{t}` has no attribute `{name}`"))
            }
        }
    }

    fn subclass_has_attr(&self, c: crate::model::ClassId, name: &str) -> bool {
        self.descendants(c).iter().any(|d| self.classes[d.0 as usize].attrs.contains_key(name))
    }

    fn getitem(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue]) -> Option<SomeValue> {
        use SomeValue as S;
        let (a, key) = (&args[0], &args[1]);
        match a {
            S::List { def, .. } if key.is_intlike() => Some(self.read_list(*def)),
            S::Str { .. } if key.is_intlike() => Some(S::char()),
            S::Bytes { .. } | S::ByteArray { .. } if key.is_intlike() => Some(S::nonneg_int()),
            S::Range { .. } if key.is_intlike() => Some(S::int()),
            S::Tuple(items) if key.is_intlike() => match key {
                S::Int { konst: Some(k), .. } => {
                    let n = items.len() as i64;
                    let idx = if *k < 0 { k + n } else { *k };
                    match items.get(idx as usize).filter(|_| idx >= 0) {
                        Some(v) => Some(v.clone()),
                        // Raises IndexError when it runs, as in CPython: nothing follows.
                        None => Some(S::Impossible),
                    }
                }
                _ => {
                    let mut u = S::Impossible;
                    for it in items.iter() {
                        match self.union(&u, it) {
                            Ok(x) => u = x,
                            Err(_) => return self.fail(g, op, args, "indexing a tuple whose items differ in type needs a constant index".into()),
                        }
                    }
                    Some(u)
                }
            },
            S::Dict { def, .. } => {
                self.check_dict_key(g, op, args, a, key)?;
                Some(self.read_dict(*def).1)
            }
            S::Instance { class, .. } if self.is_method(*class, "__getitem__") => {
                let site = self.site(g, block, i, op, args, 1, vec![]);
                self.call_value(&site, &S::Method { class: *class, name: Rc::from("__getitem__"), nullable: false })
            }
            other => {
                let (t, k) = (self.type_name(other), self.type_name(key));
                let hint = if other.can_be_none() { " (it may be None: check first)" } else { "" };
                self.fail(g, op, args, format!("cannot index a `{t}` value with `{k}`{hint}"))
            }
        }
    }

    fn setitem(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue]) -> Option<SomeValue> {
        use SomeValue as S;
        let (a, key, value) = (&args[0], &args[1], &args[2]);
        let span = op.span;
        match a {
            S::List { def, .. } if key.is_intlike() => {
                self.mark_list(*def, false);
                self.generalize_list(*def, value.generalize(), Origin::new(span, "stored here"), span).then_some(S::None)
            }
            S::ByteArray { .. } if key.is_intlike() && value.is_intlike() => Some(S::None),
            S::Dict { def, .. } => {
                let origin = Origin::new(span, "stored here");
                self.generalize_dict(*def, Some(key.generalize()), Some(value.generalize()), origin, span).then_some(S::None)
            }
            S::Instance { class, .. } if self.is_method(*class, "__setitem__") => {
                let site = self.site(g, block, i, op, args, 1, vec![]);
                self.call_value(&site, &S::Method { class: *class, name: Rc::from("__setitem__"), nullable: false })?;
                Some(S::None)
            }
            other => {
                let t = self.type_name(other);
                self.fail(g, op, args, format!("cannot assign items of a `{t}` value"))
            }
        }
    }

    fn slice_op(&mut self, g: GraphId, op: &Op<HlOp>, args: &[SomeValue]) -> Option<SomeValue> {
        use SomeValue as S;
        for bound in &args[1..4] {
            if !bound.is_intlike() && !matches!(bound, S::None) {
                let t = self.type_name(bound);
                return self.fail(g, op, args, format!("slice bounds must be ints or None, not `{t}`"));
            }
        }
        let a = &args[0];
        match (op.kind, a) {
            (HlOp::GetSlice, S::List { def, .. }) => {
                self.read_list(*def);
                Some(a.non_null())
            }
            (HlOp::GetSlice, S::Str { .. }) => Some(S::str()),
            (HlOp::GetSlice, S::Range { .. }) => Some(S::Range { step: None }),
            (HlOp::GetSlice, S::Bytes { .. }) => Some(S::bytes()),
            (HlOp::GetSlice, S::ByteArray { .. }) => Some(a.non_null()),
            (HlOp::GetSlice, S::Tuple(items)) => {
                let konst = |s: &S| match s {
                    S::Int { konst: Some(k), .. } => Some(Some(*k)),
                    S::None => Some(None),
                    _ => None,
                };
                let (Some(lo), Some(hi), Some(step)) = (konst(&args[1]), konst(&args[2]), konst(&args[3])) else {
                    return self.fail(g, op, args, "slicing a tuple needs constant bounds and step".into());
                };
                if step == Some(0) {
                    return self.fail(g, op, args, "slice step cannot be zero".into());
                }
                let picked = slice_indices(items.len(), lo, hi, step.unwrap_or(1));
                Some(S::Tuple(picked.iter().map(|k| items[*k].clone()).collect()))
            }
            (HlOp::SetSlice, S::List { def, .. }) => {
                let S::List { def: d2, .. } = &args[4] else {
                    let t = self.type_name(&args[4]);
                    return self.fail(g, op, args, format!("can only assign a list to a list slice, not `{t}`"));
                };
                self.mark_list(*def, true);
                self.agree_lists(*def, *d2, Origin::new(op.span, "stored here"), op.span).then_some(S::None)
            }
            (HlOp::DelSlice, S::List { def, .. }) => {
                self.mark_list(*def, true);
                Some(S::None)
            }
            (HlOp::SetSlice, S::ByteArray { .. }) => {
                let ok = match &args[4] {
                    S::Bytes { .. } | S::ByteArray { .. } => true,
                    S::List { def, .. } => self.read_list(*def).is_intlike() || self.read_list(*def).is_impossible(),
                    _ => false,
                };
                if !ok {
                    let t = self.type_name(&args[4]);
                    return self.fail(g, op, args, format!("can only assign bytes, a bytearray or a list of ints to a bytearray slice, not `{t}`"));
                }
                Some(S::None)
            }
            (HlOp::DelSlice, S::ByteArray { .. }) => Some(S::None),
            (_, other) => {
                let t = self.type_name(other);
                self.fail(g, op, args, format!("slicing is not supported on a `{t}` value here"))
            }
        }
    }

    /// The iterator over a value.
    pub(crate) fn iter_of(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue], a: &SomeValue) -> Option<SomeValue> {
        use SomeValue as S;
        let seq = |a: &S| S::Iterator { kind: IterKind::Sequence, of: Rc::from(vec![a.non_null()]) };
        Some(match a {
            S::Range { .. } => S::Iterator { kind: IterKind::Range, of: Rc::from(vec![a.clone()]) },
            S::List { .. } | S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } | S::Set { .. } | S::Dict { .. } => {
                if a.can_be_none() {
                    return self.fail(g, op, args, "iterating over a value that may be None: check first".into());
                }
                seq(a)
            }
            S::Tuple(items) => {
                let mut u = S::Impossible;
                for it in items.iter() {
                    match self.union(&u, it) {
                        Ok(x) => u = x,
                        Err(_) => return self.fail(g, op, args, "iterating over a tuple whose items differ in type".into()),
                    }
                }
                seq(a)
            }
            S::Iterator { .. } => a.clone(),
            // A file gives its lines.
            S::File { .. } => seq(a),
            S::Instance { class, .. } if self.is_method(*class, "__iter__") => {
                let site = self.site(g, block, i, op, args, 1, vec![]);
                let it = self.call_value(&site, &S::Method { class: *class, name: Rc::from("__iter__"), nullable: false })?;
                match it {
                    S::Instance { .. } => S::Iterator { kind: IterKind::User, of: Rc::from(vec![it]) },
                    S::Impossible => S::Impossible,
                    other => other,
                }
            }
            S::Instance { class, .. } if self.is_method(*class, "__next__") => S::Iterator { kind: IterKind::User, of: Rc::from(vec![a.clone()]) },
            other => {
                let t = self.type_name(other);
                return self.fail(g, op, args, format!("a `{t}` value is not iterable"));
            }
        })
    }

    /// The item an iterator gives.
    pub(crate) fn next_of(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue], it: &SomeValue) -> Option<SomeValue> {
        use SomeValue as S;
        if it.is_impossible() {
            // Not known yet (an `__iter__` not annotated so far): reflowed later.
            return Some(S::Impossible);
        }
        let S::Iterator { kind, of } = it else {
            let t = self.type_name(it);
            return self.fail(g, op, args, format!("`next()` of a `{t}` value"));
        };
        Some(match kind {
            IterKind::Range => match &of[0] {
                S::Range { .. } => S::int(),
                _ => S::int(),
            },
            IterKind::Sequence => match &of[0] {
                S::List { def, .. } => self.read_list(*def),
                S::Str { .. } => S::char(),
                S::Bytes { .. } | S::ByteArray { .. } => S::nonneg_int(),
                S::Set { def, .. } | S::Dict { def, .. } => self.read_dict(*def).0,
                S::File { binary: false } => S::str(),
                S::File { binary: true } => S::bytes(),
                S::Tuple(items) => {
                    let mut u = S::Impossible;
                    for it in items.iter() {
                        u = self.union_at(&u, it, op.span, "iterating over this tuple gives")?;
                    }
                    u
                }
                other => {
                    let t = self.type_name(other);
                    return self.fail(g, op, args, format!("iteration over a `{t}` value"));
                }
            },
            IterKind::DictKeys => match &of[0] {
                S::Dict { def, .. } => self.read_dict(*def).0,
                _ => S::Impossible,
            },
            IterKind::DictValues => match &of[0] {
                S::Dict { def, .. } => self.read_dict(*def).1,
                _ => S::Impossible,
            },
            IterKind::DictItems => match &of[0] {
                S::Dict { def, .. } => {
                    let (k, v) = self.read_dict(*def);
                    S::Tuple(Rc::from(vec![k, v]))
                }
                _ => S::Impossible,
            },
            IterKind::Reversed => match &of[0] {
                S::List { def, .. } => self.read_list(*def),
                S::Dict { def, .. } => self.read_dict(*def).0,
                S::Tuple(items) => {
                    let mut u = S::Impossible;
                    for it in items.iter() {
                        u = self.union_at(&u, it, op.span, "iterating over this tuple gives")?;
                    }
                    u
                }
                S::Str { .. } => S::char(),
                S::Bytes { .. } | S::ByteArray { .. } => S::nonneg_int(),
                S::Range { .. } => S::int(),
                _ => S::Impossible,
            },
            IterKind::Enumerate => {
                let inner = self.next_of(g, block, i, op, args, &of[0])?;
                if inner.is_impossible() {
                    return Some(inner);
                }
                S::Tuple(Rc::from(vec![S::nonneg_int(), inner]))
            }
            IterKind::Zip => {
                let mut items = vec![];
                for inner in of.iter() {
                    let x = self.next_of(g, block, i, op, args, inner)?;
                    if x.is_impossible() {
                        return Some(x);
                    }
                    items.push(x);
                }
                S::Tuple(Rc::from(items))
            }
            IterKind::User => match &of[0] {
                S::Instance { class, .. } => {
                    let site = CallSite { graph: g, block, op: i, span: op.span, args: vec![], kwnames: vec![], result: None };
                    self.call_value(&site, &S::Method { class: *class, name: Rc::from("__next__"), nullable: false })?
                }
                _ => S::Impossible,
            },
        })
    }

    /// Whether a `next` can end the iteration (for the StopIteration exit).
    pub(crate) fn may_stop_iteration(&self, _g: GraphId, _op: &Op<HlOp>) -> bool {
        true
    }

    /// The item type of an iterable value (for `extend`, `list(x)`, `sum(x)` ...).
    pub(crate) fn iter_item(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue], a: &SomeValue) -> Option<SomeValue> {
        let it = self.iter_of(g, block, i, op, args, a)?;
        if it.is_impossible() {
            return Some(it);
        }
        self.next_of(g, block, i, op, args, &it)
    }

    /// Values that `print`, `str()` and f-strings accept.
    pub(crate) fn check_printable(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue], a: &SomeValue) -> Option<()> {
        use SomeValue as S;
        match a {
            S::Instance { class, .. } => {
                for m in ["__str__", "__repr__"] {
                    if self.is_method(*class, m) {
                        let site = CallSite { graph: g, block, op: i, span: op.span, args: vec![], kwnames: vec![], result: None };
                        let mut s2 = site;
                        s2.args = vec![];
                        self.call_value(&s2, &S::Method { class: *class, name: Rc::from(m), nullable: false })?;
                    }
                }
                Some(())
            }
            // Dict views print as `dict_keys([...])`.
            S::Iterator { kind: IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems, of } => {
                let d = of[0].clone();
                self.check_printable(g, block, i, op, args, &d)
            }
            S::Functions { .. } | S::Classes { .. } | S::Method { .. } | S::BuiltinMethod { .. } | S::Builtin(_) | S::Module(_) | S::Iterator { .. } | S::File { .. } | S::StringBuilder { .. } | S::SuperMethod { .. } => {
                let t = self.type_name(a);
                self.fail(g, op, args, format!("cannot convert a `{t}` value to a string"))?;
                None
            }
            S::List { def, .. } => {
                let item = self.read_list(*def);
                self.check_printable(g, block, i, op, args, &item)
            }
            S::Dict { def, .. } | S::Set { def, .. } => {
                let (k, v) = self.read_dict(*def);
                self.check_printable(g, block, i, op, args, &k)?;
                self.check_printable(g, block, i, op, args, &v)
            }
            S::Tuple(items) => {
                for it in items.iter() {
                    self.check_printable(g, block, i, op, args, it)?;
                }
                Some(())
            }
            _ => Some(()),
        }
    }

    fn check_percent_args(&mut self, g: GraphId, block: Block, i: usize, op: &Op<HlOp>, args: &[SomeValue]) -> Option<()> {
        match &args[1] {
            SomeValue::Tuple(items) => {
                for it in items.to_vec() {
                    self.check_printable(g, block, i, op, args, &it)?;
                }
                Some(())
            }
            other => {
                let other = other.clone();
                self.check_printable(g, block, i, op, args, &other)
            }
        }
    }
}

impl Annotator {
    /// Whether class object `c` is one of the built-in exception classes.
    fn is_builtin_exception_class(&self, c: rpy_flow::ObjRef) -> bool {
        self.prog.exception_classes.values().any(|e| *e == c)
    }
}

impl Origin {
    /// `self` unless it has no span.
    pub(crate) fn or(self, other: Origin) -> Origin {
        if self.span.is_dummy() {
            other
        } else {
            self
        }
    }
}

#[allow(dead_code)]
fn unused(_d: Diagnostic, _e: ErrorCode, _s: Span) {}

/// The indices `seq[lo:hi:step]` selects in a sequence of length `n`, as Python computes
/// them (`step` is not 0).
pub fn slice_indices(n: usize, lo: Option<i64>, hi: Option<i64>, step: i64) -> Vec<usize> {
    let n = n as i64;
    let bound = |v: Option<i64>, default: i64, low: i64, high: i64| match v {
        None => default,
        Some(i) if i < 0 => (i + n).max(low),
        Some(i) => i.min(high),
    };
    let (mut i, stop) = if step > 0 { (bound(lo, 0, 0, n), bound(hi, n, 0, n)) } else { (bound(lo, n - 1, -1, n - 1), bound(hi, -1, -1, n - 1)) };
    let mut out = vec![];
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

/// The star position and keyword names of a `call_star` operation's shape constant.
pub fn star_shape(shape: Option<&Constant>) -> (usize, Vec<String>) {
    match shape {
        Some(Constant::Tuple(parts)) => match parts.as_ref() {
            [Constant::Int(k), Constant::Tuple(names)] => (*k as usize, names.iter().filter_map(|c| c.as_str().map(str::to_string)).collect()),
            _ => (0, vec![]),
        },
        _ => (0, vec![]),
    }
}

/// Whether `a == b` is False whatever the values: both are of known, different kinds (a str
/// and a list, tuples of different lengths, ...). Instances, None and nullable values of the
/// same kind are left to the comparison itself.
pub(crate) fn never_equal(a: &SomeValue, b: &SomeValue) -> bool {
    use SomeValue as S;
    fn kind(s: &SomeValue) -> Option<(u8, usize)> {
        Some(match s {
            x if x.is_numeric() => (0, 0),
            S::Str { .. } => (1, 0),
            S::Bytes { .. } | S::ByteArray { .. } => (2, 0),
            S::List { .. } => (3, 0),
            S::Tuple(items) => (4, items.len()),
            S::Set { .. } => (5, 0),
            S::Dict { .. } => (6, 0),
            _ => return None,
        })
    }
    matches!((kind(a), kind(b)), (Some(x), Some(y)) if x != y)
}
