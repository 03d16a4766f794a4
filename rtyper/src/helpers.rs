//! Helper graphs the rtyper builds itself (repr of containers, the entry wrapper, the
//! exception factory the runtime calls, the init function that fills prebuilt containers),
//! and the small builder API they are written with.

use crate::lower::{FnLowering, LlOperand};
use crate::RTyper;
use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;
use rpy_annotator::{Annotated, GraphId, IterKind, SomeValue};
use rpy_flow::{Constant, Operand};
use rpy_lltype::{FuncRef, LlConst, LlOp, LlType, PrimOp, RuntimeFn, StaticRef, Types};
use rpy_source::Span;
use std::collections::HashSet;

impl<'a> RTyper<'a> {
    /// The annotation of the prebuilt dict or set behind a static object.
    fn prebuilt_of(&self, target: StaticRef) -> Option<rpy_flow::ObjRef> {
        self.prebuilt.iter().find(|(_, s)| **s == target).map(|(o, _)| *o)
    }
    fn is_set_static(&self, target: StaticRef) -> bool {
        self.prebuilt_of(target).is_some_and(|o| matches!(self.ann.program.objects.get(o), rpy_frontend::Object::Set { .. }))
    }
    fn dict_ann_of(&self, target: StaticRef) -> SomeValue {
        let o = self.prebuilt_of(target).expect("a prebuilt dict");
        SomeValue::Dict { def: self.ann.prebuilt_dicts[&o], nullable: false }
    }
    fn set_ann_of(&self, target: StaticRef) -> SomeValue {
        let o = self.prebuilt_of(target).expect("a prebuilt set");
        SomeValue::Set { def: self.ann.prebuilt_dicts[&o], nullable: false }
    }
}

/// Work for the init function: filling a prebuilt container.
pub(crate) enum InitAction {
    List { target: StaticRef, items: Vec<Constant>, item: SomeValue },
    Dict { target: StaticRef, items: Vec<(Constant, Constant)>, key: SomeValue, value: SomeValue },
}

const D: Span = Span::DUMMY;

fn c_signed(i: i64) -> LlOperand {
    Operand::Const(LlConst::Signed(i))
}

impl<'a> RTyper<'a> {
    /// Builds (once per `key`) a helper function whose body `body` writes.
    pub(crate) fn build_helper(
        &mut self,
        key: &str,
        params: Vec<LlType>,
        result: LlType,
        body: impl FnOnce(&mut Self, &mut FnLowering, Vec<LlOperand>) -> LlOperand,
    ) -> FuncRef {
        if let Some(f) = self.helpers.get(key) {
            return *f;
        }
        let f = FuncRef(self.functions.len() as u32);
        self.functions.push(None);
        self.helpers.insert(key.to_string(), f);
        let mut fl = FnLowering::new(None, key, D, &params);
        let p = fl.params();
        let r = body(self, &mut fl, p);
        if fl.b.current().is_some() {
            fl.b.finish_return(r, D);
        }
        let name = self.symbol(&format!("helper_{key}"));
        let func = fl.finish(params, result, name);
        self.functions[f.0 as usize] = Some(func);
        f
    }

    /// `for i in range(n): body(i)` inside a helper.
    pub(crate) fn for_range(&mut self, fl: &mut FnLowering, n: LlOperand, mut body: impl FnMut(&mut Self, &mut FnLowering, LlOperand)) {
        let (header, hv) = fl.block_with(&[LlType::Signed]);
        fl.b.jump_with(header, vec![(c_signed(0), D)]);
        fl.b.switch_to(header);
        let i = Operand::Var(hv[0]);
        let c = fl.prim(PrimOp::IntLt, vec![i.clone(), n], D);
        let (body_b, _) = fl.block_with(&[]);
        let (exit, _) = fl.block_with(&[]);
        let Operand::Var(cv) = c else { unreachable!("a comparison gives a variable") };
        fl.b.branch_with(cv, (exit, vec![]), (body_b, vec![]));
        fl.b.switch_to(body_b);
        body(self, fl, i.clone());
        let next = fl.prim(PrimOp::IntAdd, vec![i, c_signed(1)], D);
        fl.b.jump_with(header, vec![(next, D)]);
        fl.b.switch_to(exit);
    }

    /// `for e in live entries of dict d: body(e)` inside a helper (entry numbers, in order).
    pub(crate) fn for_dict_entries(&mut self, fl: &mut FnLowering, d: LlOperand, mut body: impl FnMut(&mut Self, &mut FnLowering, LlOperand)) {
        let first = fl.call_rt(RuntimeFn::DictNext, vec![d.clone(), c_signed(0)], D);
        let (header, hv) = fl.block_with(&[LlType::Signed]);
        fl.b.jump_with(header, vec![(first, D)]);
        fl.b.switch_to(header);
        let e = Operand::Var(hv[0]);
        let live = fl.prim(PrimOp::IntGe, vec![e.clone(), c_signed(0)], D);
        let (body_b, _) = fl.block_with(&[]);
        let (exit, _) = fl.block_with(&[]);
        let Operand::Var(cv) = live else { unreachable!("a comparison gives a variable") };
        fl.b.branch_with(cv, (exit, vec![]), (body_b, vec![]));
        fl.b.switch_to(body_b);
        body(self, fl, e.clone());
        let after = fl.prim(PrimOp::IntAdd, vec![e, c_signed(1)], D);
        let next = fl.call_rt(RuntimeFn::DictNext, vec![d, after], D);
        fl.b.jump_with(header, vec![(next, D)]);
        fl.b.switch_to(exit);
    }

    /// `if cond: then() else: otherwise()`, each giving a value of type `ty`.
    pub(crate) fn if_else(
        &mut self,
        fl: &mut FnLowering,
        cond: LlOperand,
        ty: LlType,
        then: impl FnOnce(&mut Self, &mut FnLowering) -> LlOperand,
        otherwise: impl FnOnce(&mut Self, &mut FnLowering) -> LlOperand,
    ) -> LlOperand {
        let (t, _) = fl.block_with(&[]);
        let (e, _) = fl.block_with(&[]);
        let (join, jv) = fl.block_with(&[ty]);
        match cond {
            Operand::Var(c) => fl.b.branch_with(c, (e, vec![]), (t, vec![])),
            Operand::Const(LlConst::Bool(true)) => fl.b.jump(t),
            _ => fl.b.jump(e),
        }
        fl.b.switch_to(t);
        let a = then(self, fl);
        fl.b.jump_with(join, vec![(a, D)]);
        fl.b.switch_to(e);
        let b = otherwise(self, fl);
        fl.b.jump_with(join, vec![(b, D)]);
        fl.b.switch_to(join);
        Operand::Var(jv[0])
    }

    /// A string constant as an operand.
    pub(crate) fn str_const(&mut self, s: &str) -> LlOperand {
        Operand::Const(LlConst::Static(self.str_static(s)))
    }

    /// `repr()` of a tuple, list, dict or set.
    pub(crate) fn helper_repr(&mut self, s: &SomeValue) -> FuncRef {
        let key = self.helper_key("repr", s);
        let t = self.lltype(s);
        let s = s.clone();
        self.build_helper(&key, vec![t], LlType::Ptr(Types::STR), move |this, fl, p| {
            let v = p[0].clone();
            let sb = fl.call_rt(RuntimeFn::SbNew, vec![], D);
            let append = |this: &mut Self, fl: &mut FnLowering, text: &str| {
                let c = this.str_const(text);
                fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), c], D);
            };
            match &s {
                SomeValue::Tuple(items) => {
                    let LlType::Ptr(tt) = t else { unreachable!("a tuple is a pointer") };
                    append(this, fl, "(");
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            append(this, fl, ", ");
                        }
                        let it = this.lltype(item);
                        let x = fl.emit(LlOp::GetField(tt, k as u32), vec![v.clone()], it, D);
                        let r = this.to_repr(fl, x, item, D);
                        fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), r], D);
                    }
                    append(this, fl, if items.len() == 1 { ",)" } else { ")" });
                }
                SomeValue::List { def, .. } => {
                    let item = this.ann.list_item(*def).value.clone();
                    let it = this.lltype(&item);
                    append(this, fl, "[");
                    let n = fl.emit(LlOp::GetField(Types::LIST, 0), vec![v.clone()], LlType::Signed, D);
                    this.for_range(fl, n, |this, fl, i| {
                        let first = fl.prim(PrimOp::IntEq, vec![i.clone(), c_signed(0)], D);
                        let sep = this.str_const(", ");
                        let empty = this.str_const("");
                        let text = this.if_else(fl, first, LlType::Ptr(Types::STR), |_, _| empty, |_, _| sep);
                        fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), text], D);
                        let items = fl.emit(LlOp::GetField(Types::LIST, 1), vec![v.clone()], LlType::Ptr(Types::SLOTS), D);
                        let slot = fl.emit(LlOp::GetVarItem(Types::SLOTS), vec![items, i], LlType::Unsigned, D);
                        let x = fl.emit(LlOp::FromSlot(it), vec![slot], it, D);
                        let r = this.to_repr(fl, x, &item, D);
                        fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), r], D);
                    });
                    append(this, fl, "]");
                }
                SomeValue::Iterator { kind, of } => {
                    // A dict view: `dict_keys([k, ...])`, `dict_values([v, ...])`, `dict_items([(k, v), ...])`.
                    let (kind, d_ann) = (kind.clone(), of[0].clone());
                    let it_t = this.iterator_type(&kind, of);
                    let d = fl.emit(LlOp::GetField(it_t, 0), vec![v.clone()], LlType::Ptr(Types::DICT), D);
                    let (key, value) = this.dict_types(&d_ann);
                    let head = match kind {
                        IterKind::DictKeys => "dict_keys([",
                        IterKind::DictValues => "dict_values([",
                        _ => "dict_items([",
                    };
                    append(this, fl, head);
                    let first = fl.call_rt(RuntimeFn::DictNext, vec![d.clone(), c_signed(0)], D);
                    this.for_dict_entries(fl, d.clone(), |this, fl, e| {
                        let is_first = fl.prim(PrimOp::IntEq, vec![e.clone(), first.clone()], D);
                        let sep = this.str_const(", ");
                        let nothing = this.str_const("");
                        let text = this.if_else(fl, is_first, LlType::Ptr(Types::STR), |_, _| nothing, |_, _| sep);
                        fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), text], D);
                        let item = |this: &mut Self, fl: &mut FnLowering, keys: bool| {
                            let (f, ann) = if keys { (RuntimeFn::DictKeyAt, &key) } else { (RuntimeFn::DictValueAt, &value) };
                            let slot = fl.call_rt(f, vec![d.clone(), e.clone()], D);
                            let x = this.from_slot(fl, slot, ann, ann, D);
                            let r = this.to_repr(fl, x, ann, D);
                            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), r], D);
                        };
                        match kind {
                            IterKind::DictKeys => item(this, fl, true),
                            IterKind::DictValues => item(this, fl, false),
                            _ => {
                                append(this, fl, "(");
                                item(this, fl, true);
                                append(this, fl, ", ");
                                item(this, fl, false);
                                append(this, fl, ")");
                            }
                        }
                    });
                    append(this, fl, "])");
                }
                SomeValue::Dict { .. } | SomeValue::Set { .. } => {
                    let is_set = matches!(s, SomeValue::Set { .. });
                    let (key, value) = this.dict_types(&s);
                    let n = fl.emit(LlOp::GetField(Types::DICT, 0), vec![v.clone()], LlType::Signed, D);
                    let empty = fl.prim(PrimOp::IntEq, vec![n, c_signed(0)], D);
                    if is_set {
                        // `set()` when empty, `{a, b}` otherwise.
                        let (none, _) = fl.block_with(&[]);
                        let (some, _) = fl.block_with(&[]);
                        let Operand::Var(e) = empty else { unreachable!("a comparison gives a variable") };
                        fl.b.branch_with(e, (some, vec![]), (none, vec![]));
                        fl.b.switch_to(none);
                        let r = this.str_const("set()");
                        fl.b.finish_return(r, D);
                        fl.b.switch_to(some);
                    }
                    append(this, fl, "{");
                    let first = fl.call_rt(RuntimeFn::DictNext, vec![v.clone(), c_signed(0)], D);
                    this.for_dict_entries(fl, v.clone(), |this, fl, e| {
                        let is_first = fl.prim(PrimOp::IntEq, vec![e.clone(), first.clone()], D);
                        let sep = this.str_const(", ");
                        let nothing = this.str_const("");
                        let text = this.if_else(fl, is_first, LlType::Ptr(Types::STR), |_, _| nothing, |_, _| sep);
                        fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), text], D);
                        let kslot = fl.call_rt(RuntimeFn::DictKeyAt, vec![v.clone(), e.clone()], D);
                        let k = this.from_slot(fl, kslot, &key, &key, D);
                        let r = this.to_repr(fl, k, &key, D);
                        fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), r], D);
                        if !is_set {
                            let colon = this.str_const(": ");
                            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), colon], D);
                            let vslot = fl.call_rt(RuntimeFn::DictValueAt, vec![v.clone(), e], D);
                            let x = this.from_slot(fl, vslot, &value, &value, D);
                            let r = this.to_repr(fl, x, &value, D);
                            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), r], D);
                        }
                    });
                    append(this, fl, "}");
                }
                other => {
                    let name = this.ann.type_name(other);
                    return this.unsupported(D, format!("repr() of `{name}`"));
                }
            }
            fl.call_rt(RuntimeFn::SbBuild, vec![sb.clone()], D)
        })
    }

    /// Text of a value that may be None.
    pub(crate) fn helper_nullable_text(&mut self, s: &SomeValue, repr: bool) -> FuncRef {
        let key = self.helper_key(if repr { "repr" } else { "str" }, s);
        let t = self.lltype(s);
        let inner = s.non_null();
        self.build_helper(&key, vec![t], LlType::Ptr(Types::STR), move |this, fl, p| {
            let v = p[0].clone();
            let is_null = fl.emit(LlOp::PtrIsNull, vec![v.clone()], LlType::Bool, D);
            let none = this.str_const("None");
            this.if_else(fl, is_null, LlType::Ptr(Types::STR), |_, _| none, |this, fl| {
                if repr {
                    this.to_repr(fl, v, &inner, D)
                } else {
                    this.to_str(fl, v, &inner, D)
                }
            })
        })
    }

    /// `repr()` of an exception instance: `Name('message')`.
    pub(crate) fn helper_call_exception_repr(&mut self, fl: &mut FnLowering, obj: LlOperand, span: Span) -> LlOperand {
        let f = self.build_helper("exception_repr", vec![LlType::Ptr(Types::EXC_BASE)], LlType::Ptr(Types::STR), |this, fl, p| {
            let v = p[0].clone();
            let sb = fl.call_rt(RuntimeFn::SbNew, vec![], D);
            let obj = fl.emit(LlOp::CastPtr(Types::OBJECT), vec![v.clone()], LlType::Ptr(Types::OBJECT), D);
            let vt = fl.emit(LlOp::GetField(Types::OBJECT, 0), vec![obj], LlType::Ptr(Types::VTABLE), D);
            let name = fl.emit(LlOp::GetField(Types::VTABLE, 2), vec![vt], LlType::Ptr(Types::STR), D);
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), name], D);
            let open = this.str_const("(");
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), open], D);
            let msg = fl.emit(LlOp::GetField(Types::EXC_BASE, 0), vec![v], LlType::Ptr(Types::STR), D);
            let len = fl.emit(LlOp::GetField(Types::STR, 0), vec![msg.clone()], LlType::Signed, D);
            let has = fl.prim(PrimOp::IntNe, vec![len, c_signed(0)], D);
            let empty = this.str_const("");
            let text = this.if_else(fl, has, LlType::Ptr(Types::STR), |_, fl| fl.call_rt(RuntimeFn::StrRepr, vec![msg], D), |_, _| empty);
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), text], D);
            let close = this.str_const(")");
            fl.call_rt(RuntimeFn::SbAppend, vec![sb.clone(), close], D);
            fl.call_rt(RuntimeFn::SbBuild, vec![sb], D)
        });
        fl.emit(LlOp::DirectCall(f), vec![obj], LlType::Ptr(Types::STR), span)
    }

    /// Equality of two strings that may be None (the runtime's `rpy_str_eq` accepts NULL).
    pub(crate) fn call_helper_str_eq_nullable(&mut self, fl: &mut FnLowering, a: LlOperand, b: LlOperand, span: Span) -> LlOperand {
        fl.call_rt(RuntimeFn::StrEq, vec![a, b], span)
    }

    /// The truth of a string or list that may be None: not None and not empty.
    pub(crate) fn call_helper_nonempty_nullable(&mut self, fl: &mut FnLowering, v: LlOperand, s: &SomeValue, span: Span) -> LlOperand {
        let key = self.helper_key("nonempty", s);
        let t = self.lltype(s);
        let inner = s.non_null();
        let f = self.build_helper(&key, vec![t], LlType::Bool, move |this, fl, p| {
            let v = p[0].clone();
            let nonnull = fl.emit(LlOp::PtrNonNull, vec![v.clone()], LlType::Bool, D);
            this.if_else(
                fl,
                nonnull,
                LlType::Bool,
                |this, fl| {
                    let len = this.length_of(fl, v, &inner, D);
                    fl.prim(PrimOp::IntNe, vec![len, c_signed(0)], D)
                },
                |_, _| Operand::Const(LlConst::Bool(false)),
            )
        });
        fl.emit(LlOp::DirectCall(f), vec![v], LlType::Bool, span)
    }

    /// `len(range(start, stop, step))`.
    pub(crate) fn helper_range_len(&mut self) -> FuncRef {
        self.build_helper("range_len", vec![LlType::Signed; 3], LlType::Signed, |this, fl, p| {
            let (start, stop, step) = (p[0].clone(), p[1].clone(), p[2].clone());
            let up = fl.prim(PrimOp::IntGt, vec![step.clone(), c_signed(0)], D);
            this.if_else(
                fl,
                up,
                LlType::Signed,
                {
                    let (start, stop, step) = (start.clone(), stop.clone(), step.clone());
                    move |this: &mut Self, fl: &mut FnLowering| {
                    let has = fl.prim(PrimOp::IntLt, vec![start.clone(), stop.clone()], D);
                    let (s2, t2, st2) = (start.clone(), stop.clone(), step.clone());
                    this.if_else(
                        fl,
                        has,
                        LlType::Signed,
                        move |_, fl| {
                            // (stop - start - 1) // step + 1
                            let d = fl.prim(PrimOp::IntSub, vec![t2, s2], D);
                            let d = fl.prim(PrimOp::IntSub, vec![d, c_signed(1)], D);
                            let q = fl.prim(PrimOp::IntFloorDiv, vec![d, st2], D);
                            fl.prim(PrimOp::IntAdd, vec![q, c_signed(1)], D)
                        },
                        |_, _| c_signed(0),
                    )
                }},
                move |this: &mut Self, fl: &mut FnLowering| {
                    let has = fl.prim(PrimOp::IntGt, vec![start.clone(), stop.clone()], D);
                    this.if_else(
                        fl,
                        has,
                        LlType::Signed,
                        move |_, fl| {
                            // (start - stop - 1) // -step + 1
                            let d = fl.prim(PrimOp::IntSub, vec![start, stop], D);
                            let d = fl.prim(PrimOp::IntSub, vec![d, c_signed(1)], D);
                            let ns = fl.prim(PrimOp::IntNeg, vec![step], D);
                            let q = fl.prim(PrimOp::IntFloorDiv, vec![d, ns], D);
                            fl.prim(PrimOp::IntAdd, vec![q, c_signed(1)], D)
                        },
                        |_, _| c_signed(0),
                    )
                },
            )
        })
    }

    /// `rpy_entry(argv) -> int`: calls main and gives its result as the exit status.
    pub(crate) fn entry_wrapper(&mut self, main: FuncRef) -> FuncRef {
        let entry = self.ann.entry;
        let (params, result) = self.graph_signature(entry);
        let ret_ann = self.ann.graph(entry).return_ann();
        let start = self.ann.graph(entry).graph.start;
        let argv_ann = self.ann.graph(entry).ann(self.ann.graph(entry).graph.block(start).inputs[0]);
        let f = FuncRef(self.functions.len() as u32);
        self.functions.push(None);
        let mut fl = FnLowering::new(None, "rpy_entry", D, &[LlType::Ptr(Types::LIST)]);
        let p = fl.params();
        let argv = self.convert_ll(&mut fl, p[0].clone(), LlType::Ptr(Types::LIST), params[0], &argv_ann, D);
        let r = fl.emit(LlOp::DirectCall(main), vec![argv], result, D);
        let status = match result {
            LlType::Signed => r,
            LlType::Bool => fl.prim(PrimOp::CastBoolToInt, vec![r], D),
            _ => c_signed(0),
        };
        let _ = ret_ann;
        fl.b.finish_return(status, D);
        let func = fl.finish(vec![LlType::Ptr(Types::LIST)], LlType::Signed, "rpy_entry".to_string());
        self.functions[f.0 as usize] = Some(func);
        f
    }

    /// `rpy_make_exception(kind, message)`: an instance of the runtime's exception number
    /// `kind`, for exceptions the C runtime raises.
    pub(crate) fn make_exception_function(&mut self) -> FuncRef {
        let f = FuncRef(self.functions.len() as u32);
        self.functions.push(None);
        let params = [LlType::Signed, LlType::Ptr(Types::STR)];
        let mut fl = FnLowering::new(None, "rpy_make_exception", D, &params);
        let p = fl.params();
        let mut cases = vec![];
        for (k, name) in rpy_stdlib::RUNTIME_EXCEPTIONS.iter().enumerate() {
            let (blk, _) = fl.block_with(&[]);
            cases.push((k as i64, blk, *name));
        }
        let (default, _) = fl.block_with(&[]);
        let Operand::Var(kind) = p[0].clone() else { unreachable!("a parameter is a variable") };
        let targets: Vec<(i64, rpy_flow::Block)> = cases.iter().map(|(k, b, _)| (*k, *b)).collect();
        fl.b.switch(kind, &targets, default);
        for (_, blk, name) in cases {
            fl.b.switch_to(blk);
            let cobj = self.ann.program.exception_class(name);
            let Some(cid) = self.ann.class_ids.get(&cobj).copied() else {
                fl.b.finish_return(Operand::Const(LlConst::Null(LlType::Ptr(Types::OBJECT))), D);
                continue;
            };
            let inst = self.new_instance(&mut fl, cid, D);
            let it = self.lltype(&SomeValue::Instance { class: cid, nullable: false });
            let exc = self.convert_ll(&mut fl, inst, it, LlType::Ptr(Types::EXC_BASE), &SomeValue::None, D);
            fl.emit(LlOp::SetField(Types::EXC_BASE, 0), vec![exc.clone(), p[1].clone()], LlType::Void, D);
            let obj = fl.emit(LlOp::CastPtr(Types::OBJECT), vec![exc], LlType::Ptr(Types::OBJECT), D);
            fl.b.finish_return(obj, D);
        }
        fl.b.switch_to(default);
        fl.b.finish_return(Operand::Const(LlConst::Null(LlType::Ptr(Types::OBJECT))), D);
        let func = fl.finish(params.to_vec(), LlType::Ptr(Types::OBJECT), "rpy_make_exception".to_string());
        self.functions[f.0 as usize] = Some(func);
        f
    }

    /// `rpy_init_prebuilt()`: fills the prebuilt containers.
    pub(crate) fn init_function(&mut self) -> FuncRef {
        let f = FuncRef(self.functions.len() as u32);
        self.functions.push(None);
        let mut fl = FnLowering::new(None, "rpy_init_prebuilt", D, &[]);
        let mut done = 0;
        while done < self.init_actions.len() {
            let action = std::mem::replace(&mut self.init_actions[done], InitAction::List { target: StaticRef(0), items: vec![], item: SomeValue::None });
            done += 1;
            match action {
                InitAction::List { target, items, item } => {
                    let it = self.lltype(&item);
                    let gc = it.is_gc_ptr(&self.types);
                    let list = Operand::Const(LlConst::Static(target));
                    let n = items.len() as i64;
                    fl.call_rt(RuntimeFn::ListInitStatic, vec![list.clone(), c_signed(n), Operand::Const(LlConst::Bool(gc))], D);
                    for (k, c) in items.iter().enumerate() {
                        let v = Operand::Const(self.const_value(c, it));
                        let slot = fl.emit(LlOp::ToSlot(it), vec![v], LlType::Unsigned, D);
                        self.set_list_slot(&mut fl, list.clone(), k as i64, slot, D);
                    }
                }
                InitAction::Dict { target, items, key, value } => {
                    let is_set = value == SomeValue::None && self.is_set_static(target);
                    let ann = if is_set { self.set_ann_of(target) } else { self.dict_ann_of(target) };
                    let fresh = self.new_dict(&mut fl, &ann, D);
                    let d = Operand::Const(LlConst::Static(target));
                    fl.call_rt(RuntimeFn::DictInitStatic, vec![d.clone(), fresh], D);
                    let (kt, vt) = (self.lltype(&key), self.lltype(&value));
                    for (k, v) in items {
                        let kc = Operand::Const(self.const_value(&k, kt));
                        let vc = Operand::Const(self.const_value(&v, vt));
                        let ks = fl.emit(LlOp::ToSlot(kt), vec![kc], LlType::Unsigned, D);
                        let vs = fl.emit(LlOp::ToSlot(vt), vec![vc], LlType::Unsigned, D);
                        fl.call_rt(RuntimeFn::DictSetItem, vec![d.clone(), ks, vs], D);
                    }
                }
            }
        }
        fl.b.finish_return(Operand::Const(LlConst::Void), D);
        let func = fl.finish(vec![], LlType::Void, "rpy_init_prebuilt".to_string());
        self.functions[f.0 as usize] = Some(func);
        f
    }
}

/// The graphs that are part of a cycle of the call graph (they may recurse), from
/// petgraph's strongly connected components.
pub(crate) fn recursive_graphs(ann: &Annotated) -> HashSet<GraphId> {
    let mut cg = DiGraph::<GraphId, ()>::new();
    let nodes: Vec<_> = (0..ann.graphs.len()).map(|i| cg.add_node(GraphId(i as u32))).collect();
    let mut keys: Vec<_> = ann.calls.keys().collect();
    keys.sort();
    for k in keys {
        for t in &ann.calls[k] {
            cg.add_edge(nodes[k.0 .0 as usize], nodes[t.graph.0 as usize], ());
        }
    }
    let mut out = HashSet::new();
    for scc in tarjan_scc(&cg) {
        let cyclic = scc.len() > 1 || scc.iter().any(|n| cg.contains_edge(*n, *n));
        if cyclic {
            out.extend(scc.iter().map(|n| cg[*n]));
        }
    }
    out
}

/// A placeholder value of type `t` (for paths that raise or are never taken).
pub(crate) fn zero_operand(t: LlType) -> LlOperand {
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
