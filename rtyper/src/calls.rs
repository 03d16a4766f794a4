//! Calls: direct calls of one function, calls through function pointers (families), method
//! calls (direct when one implementation can be reached, through the vtable otherwise),
//! instantiation, and special methods behind operators.

use crate::lower::{FnLowering, LlOperand};
use crate::ops::{runtime_exception_number, Hop};
use crate::RTyper;
use rpy_annotator::{ArgSource, CallTarget, ClassId, SomeValue, SpecKey};
use rpy_flow::{Constant, HlOp, ObjRef, Operand};
use rpy_lltype::{LlConst, LlOp, LlType, RuntimeFn, Types};
use rpy_source::Span;

impl<'a> RTyper<'a> {
    /// The positional-then-keyword arguments of a call operation, and the keyword names.
    fn call_args(&mut self, fl: &mut FnLowering, hop: &Hop) -> (Vec<(LlOperand, SomeValue)>, Vec<String>) {
        let skip = if matches!(hop.kind, HlOp::CallKw | HlOp::CallStar) { 2 } else { 1 };
        let mut args: Vec<(LlOperand, SomeValue)> = hop.args[skip..].iter().cloned().zip(hop.anns[skip..].iter().cloned()).collect();
        let shape = |this: &Self| this.ann.graph(hop.g).graph.block(hop.block).ops[hop.index].args[1].as_const().cloned();
        let (star, star_kwnames) = if hop.kind == HlOp::CallStar {
            let (k, names) = rpy_annotator::star_shape(shape(self).as_ref());
            (Some(k), names)
        } else {
            (None, vec![])
        };
        if let Some(k) = star {
            // The tuple's items are passed in its place.
            let (t, ts) = args[k].clone();
            if let (SomeValue::Tuple(items), LlType::Ptr(tt)) = (&ts, self.lltype(&ts)) {
                let items: Vec<(LlOperand, SomeValue)> = items
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let it = self.lltype(s);
                        (fl.emit(LlOp::GetField(tt, i as u32), vec![t.clone()], it, hop.span), s.clone())
                    })
                    .collect();
                args.splice(k..k + 1, items);
            }
        }
        let kwnames = match (hop.kind, hop.anns.get(1)) {
            (HlOp::CallKw, Some(SomeValue::Tuple(items))) => {
                items.iter().map(|i| if let SomeValue::Str { konst: Some(s), .. } = i { s.to_string() } else { String::new() }).collect()
            }
            (HlOp::CallStar, _) => star_kwnames,
            _ => vec![],
        };
        (args, kwnames)
    }

    fn targets(&self, hop: &Hop) -> Vec<CallTarget> {
        self.ann.calls.get(&(hop.g, hop.block, hop.index)).cloned().unwrap_or_default()
    }

    pub(crate) fn lower_call(&mut self, fl: &mut FnLowering, hop: &Hop) -> LlOperand {
        use SomeValue as S;
        let span = hop.span;
        let (args, kwnames) = self.call_args(fl, hop);
        let callee = hop.args[0].clone();
        match &hop.anns[0] {
            S::Functions { .. } => {
                let targets = self.targets(hop);
                let f_ann = hop.anns[0].clone();
                self.call_function_value(fl, callee, &f_ann, &targets, &args, &hop.result, span)
            }
            S::Classes { .. } => {
                let c = hop.anns[0].clone();
                self.instantiate(fl, hop, &c, callee, args, kwnames)
            }
            S::Method { class, name, .. } => {
                let (class, name) = (*class, name.to_string());
                let recv_ann = S::Instance { class, nullable: false };
                let targets = self.targets(hop);
                self.method_call(fl, (callee, recv_ann), class, &name, &args, &targets, &hop.result, span)
            }
            S::SuperMethod { func, class } => {
                let recv_ann = S::Instance { class: *class, nullable: false };
                let targets: Vec<CallTarget> = self.targets(hop).into_iter().filter(|t| t.func == *func).collect();
                match targets.first() {
                    Some(t) => {
                        let t = t.clone();
                        self.call_target(fl, &t, Some((callee, recv_ann)), &args, &hop.result, span)
                    }
                    None => self.unsupported(span, "this super() call".into()),
                }
            }
            S::Builtin(b) => {
                let b = *b;
                self.lower_builtin(fl, hop, b, &args, &kwnames)
            }
            S::BuiltinMethod { receiver, name } => {
                let (receiver, name) = ((**receiver).clone(), name.to_string());
                if name == "__init__" && matches!(receiver, S::Instance { .. }) {
                    // `super().__init__(message)` of a built-in exception class.
                    let obj = self.convert_to_ll(fl, callee, &receiver, LlType::Ptr(Types::EXC_BASE), span);
                    let S::Instance { class, .. } = receiver else { unreachable!("matched above") };
                    let msg = self.exception_message(fl, class, &args, span);
                    fl.emit(LlOp::SetField(Types::EXC_BASE, 0), vec![obj, msg], LlType::Void, span);
                    return Operand::Const(LlConst::Void);
                }
                self.lower_builtin_method(fl, hop, &receiver, callee, &name, &args, &kwnames)
            }
            other => {
                let t = self.ann.type_name(other);
                self.unsupported(span, format!("calling a `{t}` value"))
            }
        }
    }

    /// Calls a function value (one function, a family through a function pointer, or
    /// closures) reaching `targets`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_function_value(&mut self, fl: &mut FnLowering, callee: LlOperand, f_ann: &SomeValue, targets: &[CallTarget], args: &[(LlOperand, SomeValue)], result: &SomeValue, span: Span) -> LlOperand {
        use SomeValue as S;
        let S::Functions { funcs, nullable } = f_ann else { return self.unsupported(span, "this call".into()) };
        let funcs = funcs.clone();
        if self.has_closure(&funcs) {
            let Some(t) = targets.iter().find(|t| t.args.first() == Some(&ArgSource::Receiver)).or(targets.first()).cloned() else {
                return self.unsupported(span, "this call".into());
            };
            let ct = self.closure_type(&funcs);
            let sig = self.closure_signature(&funcs);
            let env = fl.emit(LlOp::GetField(ct, 1), vec![callee.clone()], LlType::Ptr(Types::OBJECT), span);
            let base = self.ann.program.env_base;
            let env_ann = S::Instance { class: self.ann.class_ids[&base], nullable: false };
            if funcs.len() == 1 && !*nullable {
                return self.call_target(fl, &t, Some((env, env_ann)), args, result, span);
            }
            let code = fl.emit(LlOp::GetField(ct, 0), vec![callee], LlType::FuncPtr(sig), span);
            let takes_env = t.args.first() == Some(&ArgSource::Receiver);
            let mut values = self.target_args(fl, &t, Some((env.clone(), env_ann.clone())), args, span);
            if takes_env {
                let first = values[0].clone();
                let ft = self.operand_type(fl, &first);
                values[0] = self.convert_ll(fl, first, ft, LlType::Ptr(Types::OBJECT), &env_ann, span);
            } else {
                values.insert(0, env);
            }
            let mut all = vec![code];
            all.extend(values);
            let ret = self.types.signature(sig).result;
            let r = fl.emit(LlOp::IndirectCall(sig), all, ret, span);
            let ret_ann = self.ann.graph(t.graph).return_ann();
            return self.convert(fl, r, &ret_ann, result, span);
        }
        if funcs.len() == 1 && !*nullable {
            return match targets.first() {
                Some(t) => {
                    let t = t.clone();
                    self.call_target(fl, &t, None, args, result, span)
                }
                None => self.unsupported(span, "this call".into()),
            };
        }
        let Some(t) = targets.first().cloned() else { return self.unsupported(span, "this call".into()) };
        let LlType::FuncPtr(sig) = self.lltype(f_ann) else { return self.unsupported(span, "this call".into()) };
        let values = self.target_args(fl, &t, None, args, span);
        let mut all = vec![callee];
        all.extend(values);
        let ret = self.types.signature(sig).result;
        let r = fl.emit(LlOp::IndirectCall(sig), all, ret, span);
        let ret_ann = self.ann.graph(t.graph).return_ann();
        self.convert(fl, r, &ret_ann, result, span)
    }

    /// The arguments a target receives, converted to its parameters.
    fn target_args(&mut self, fl: &mut FnLowering, t: &CallTarget, receiver: Option<(LlOperand, SomeValue)>, args: &[(LlOperand, SomeValue)], span: Span) -> Vec<LlOperand> {
        let callee = self.ann.graph(t.graph);
        let params: Vec<SomeValue> = callee.graph.block(callee.graph.start).inputs.iter().map(|v| callee.ann(*v)).collect();
        let mut out = vec![];
        for (src, p) in t.args.iter().zip(params) {
            let v = match src {
                ArgSource::Arg(i) => {
                    let (v, s) = args[*i].clone();
                    self.convert(fl, v, &s, &p, span)
                }
                ArgSource::Default(c) => {
                    let ty = self.lltype(&p);
                    Operand::Const(self.const_value(c, ty))
                }
                ArgSource::Receiver => {
                    let (v, s) = receiver.clone().expect("a receiver for a method");
                    self.convert(fl, v, &s, &p, span)
                }
            };
            out.push(v);
        }
        out
    }

    /// A direct call of one target.
    pub(crate) fn call_target(&mut self, fl: &mut FnLowering, t: &CallTarget, receiver: Option<(LlOperand, SomeValue)>, args: &[(LlOperand, SomeValue)], result: &SomeValue, span: Span) -> LlOperand {
        let values = self.target_args(fl, t, receiver, args, span);
        let f = self.function_for(t.graph);
        let (_, ret) = self.graph_signature(t.graph);
        let r = fl.emit(LlOp::DirectCall(f), values, ret, span);
        let ret_ann = self.ann.graph(t.graph).return_ann();
        self.convert(fl, r, &ret_ann, result, span)
    }

    /// A method call on an instance of `class` (or a subclass).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn method_call(&mut self, fl: &mut FnLowering, receiver: (LlOperand, SomeValue), class: ClassId, name: &str, args: &[(LlOperand, SomeValue)], targets: &[CallTarget], result: &SomeValue, span: Span) -> LlOperand {
        let mut funcs: Vec<ObjRef> = targets.iter().map(|t| t.func).collect();
        funcs.dedup();
        if targets.is_empty() {
            return self.unsupported(span, format!("calling method `{name}` here"));
        }
        if funcs.len() == 1 {
            return self.call_target(fl, &targets[0].clone(), Some(receiver), args, result, span);
        }
        let Some(owner) = self.slot_owner(class, name) else {
            return self.unsupported(span, format!("dispatching method `{name}`"));
        };
        let layout = self.layout(owner);
        let slot = layout.slots.get_index_of(name).expect("slot of its owner");
        let sig = layout.slots[name];
        let (recv, recv_ann) = receiver;
        let obj = self.convert_to_ll(fl, recv.clone(), &recv_ann, LlType::Ptr(Types::OBJECT), span);
        let vt = fl.emit(LlOp::GetField(Types::OBJECT, 0), vec![obj], LlType::Ptr(Types::VTABLE), span);
        let vt = fl.emit(LlOp::CastPtr(layout.vtable), vec![vt], LlType::Ptr(layout.vtable), span);
        let fnptr = fl.emit(LlOp::GetField(layout.vtable, slot as u32), vec![vt], LlType::FuncPtr(sig), span);
        let t = targets[0].clone();
        let mut values = self.target_args(fl, &t, Some((recv, recv_ann.clone())), args, span);
        let params = self.types.signature(sig).params.clone();
        if let (Some(first), Some(p0)) = (values.first().cloned(), params.first()) {
            values[0] = self.convert_to_ll(fl, first, &recv_ann, *p0, span);
        }
        let mut all = vec![fnptr];
        all.extend(values);
        let ret = self.types.signature(sig).result;
        let r = fl.emit(LlOp::IndirectCall(sig), all, ret, span);
        let ret_ann = self.ann.graph(t.graph).return_ann();
        self.convert(fl, r, &ret_ann, result, span)
    }

    /// The implementations of method `name` reachable from `class`, with their graphs, as
    /// call targets taking positional arguments.
    fn implementations(&mut self, class: ClassId, name: &str, n_args: usize) -> Vec<CallTarget> {
        let mut out: Vec<CallTarget> = vec![];
        let mut todo = vec![class];
        while let Some(k) = todo.pop() {
            if let Some(f) = self.method_impl(k, name) {
                if let Some(g) = self.ann.graph_of.get(&(f, SpecKey::Default)).copied() {
                    if !out.iter().any(|t| t.func == f) {
                        let mut args = vec![ArgSource::Receiver];
                        args.extend((0..n_args).map(ArgSource::Arg));
                        let n_params = self.ann.graph(g).graph.block(self.ann.graph(g).graph.start).inputs.len();
                        let defaults = self.ann.program.objects.function(f).map(|fd| fd.params.clone()).unwrap_or_default();
                        for p in defaults.iter().skip(args.len()).take(n_params.saturating_sub(args.len())) {
                            args.push(ArgSource::Default(p.default.clone().unwrap_or(Constant::None)));
                        }
                        out.push(CallTarget { func: f, graph: g, args });
                    }
                }
            }
            todo.extend(self.ann.class(k).subclasses.iter().copied());
        }
        out
    }

    /// Calls method `name` on `recv` (an instance of `class`) with positional arguments.
    pub(crate) fn call_method_by_name(&mut self, fl: &mut FnLowering, recv: LlOperand, class: ClassId, name: &str, args: Vec<(LlOperand, SomeValue)>, span: Span) -> LlOperand {
        let targets = self.implementations(class, name, args.len());
        let Some(first) = targets.first() else { return self.unsupported(span, format!("method `{name}`")) };
        let result = self.ann.graph(first.graph).return_ann();
        let recv_ann = SomeValue::Instance { class, nullable: false };
        self.method_call(fl, (recv, recv_ann), class, name, &args, &targets, &result, span)
    }

    /// An operator implemented by a special method of the left operand.
    pub(crate) fn lower_special_call(&mut self, fl: &mut FnLowering, hop: &Hop, name: &str, rest: Vec<(LlOperand, SomeValue)>) -> LlOperand {
        let SomeValue::Instance { class, .. } = hop.anns[0] else { return self.unsupported(hop.span, format!("`{name}`")) };
        let mut targets = self.targets(hop);
        if targets.is_empty() {
            targets = self.implementations(class, name, rest.len());
        }
        let recv = (hop.args[0].clone(), hop.anns[0].clone());
        let result = match targets.first() {
            Some(t) => self.ann.graph(t.graph).return_ann(),
            None => hop.result.clone(),
        };
        let r = self.method_call(fl, recv, class, name, &rest, &targets, &result, hop.span);
        self.convert(fl, r, &result, &hop.result, hop.span)
    }

    /// `C(args)`: a new instance with its vtable and class-level defaults, then `__init__`.
    /// When the class is chosen at run time, the vtable pointer selects one of the classes.
    pub(crate) fn instantiate(&mut self, fl: &mut FnLowering, hop: &Hop, class_ann: &SomeValue, callee: LlOperand, args: Vec<(LlOperand, SomeValue)>, _kwnames: Vec<String>) -> LlOperand {
        let span = hop.span;
        let SomeValue::Classes { classes, .. } = class_ann else { return self.unsupported(span, "this call".into()) };
        let cids: Vec<ClassId> = classes.iter().filter_map(|c| self.ann.class_ids.get(c).copied()).collect();
        let Some((&last, rest)) = cids.split_last() else { return self.unsupported(span, "this class".into()) };
        if rest.is_empty() {
            return self.instantiate_class(fl, hop, last, &args);
        }
        let rt = self.lltype(&hop.result);
        let (join, jv) = fl.block_with(&[rt]);
        for &c in rest {
            let vt = self.layout(c);
            let mine = self.convert_ll(fl, Operand::Const(LlConst::Static(vt.vtable_static)), LlType::Ptr(vt.vtable), LlType::Ptr(Types::VTABLE), &SomeValue::None, span);
            let is = fl.emit(LlOp::PtrEq, vec![callee.clone(), mine], LlType::Bool, span);
            let (this_class, _) = fl.block_with(&[]);
            let (next, _) = fl.block_with(&[]);
            let Operand::Var(is) = is else { unreachable!("a comparison gives a variable") };
            fl.b.branch_with(is, (next, vec![]), (this_class, vec![]));
            fl.b.switch_to(this_class);
            let r = self.instantiate_class(fl, hop, c, &args);
            fl.b.jump_with(join, vec![(r, span)]);
            fl.b.switch_to(next);
        }
        let r = self.instantiate_class(fl, hop, last, &args);
        fl.b.jump_with(join, vec![(r, span)]);
        fl.b.switch_to(join);
        Operand::Var(jv[0])
    }

    /// A new instance of exactly class `cid`, initialized; converted to the call's result.
    fn instantiate_class(&mut self, fl: &mut FnLowering, hop: &Hop, cid: ClassId, args: &[(LlOperand, SomeValue)]) -> LlOperand {
        let span = hop.span;
        let cobj = self.ann.class(cid).obj;
        let inst = self.new_instance(fl, cid, span);
        let inst_ann = SomeValue::Instance { class: cid, nullable: false };
        let base_exc = self.ann.program.exception_class("BaseException");
        if self.ann.program.objects.is_subclass(cobj, base_exc) {
            // As BaseException.__new__ does: the arguments become the message first.
            let msg = self.exception_message(fl, cid, args, span);
            let obj = self.convert_to_ll(fl, inst.clone(), &inst_ann, LlType::Ptr(Types::EXC_BASE), span);
            fl.emit(LlOp::SetField(Types::EXC_BASE, 0), vec![obj, msg], LlType::Void, span);
        }
        let init_func = self.method_impl(cid, "__init__");
        let init = self.targets(hop).into_iter().find(|t| t.args.first() == Some(&ArgSource::Receiver) && Some(t.func) == init_func);
        if let Some(t) = init {
            self.call_target(fl, &t, Some((inst.clone(), inst_ann.clone())), args, &SomeValue::None, span);
        }
        self.convert(fl, inst, &inst_ann, &hop.result, span)
    }

    /// Allocates an instance of class `c`: vtable pointer and class-level defaults set.
    pub(crate) fn new_instance(&mut self, fl: &mut FnLowering, c: ClassId, span: Span) -> LlOperand {
        let layout = self.layout(c);
        let t = LlType::Ptr(layout.instance);
        let inst = fl.emit(LlOp::Malloc(layout.instance), vec![], t, span);
        let obj = self.convert_ll(fl, inst.clone(), t, LlType::Ptr(Types::OBJECT), &SomeValue::None, span);
        let vt = self.convert_ll(fl, Operand::Const(LlConst::Static(layout.vtable_static)), LlType::Ptr(layout.vtable), LlType::Ptr(Types::VTABLE), &SomeValue::None, span);
        fl.emit(LlOp::SetField(Types::OBJECT, 0), vec![obj, vt], LlType::Void, span);
        // Class-level defaults of instance attributes.
        let mut chain = vec![];
        let mut cur = Some(c);
        while let Some(k) = cur {
            chain.push(k);
            cur = self.ann.class(k).base;
        }
        for k in chain {
            let kl = self.layout(k);
            for (i, (name, ft)) in kl.fields.clone().iter().enumerate() {
                if let Some(k_default) = self.class_default(c, name) {
                    let v = self.const_value(&k_default, *ft);
                    let obj = self.convert_ll(fl, inst.clone(), t, LlType::Ptr(kl.instance), &SomeValue::None, span);
                    fl.emit(LlOp::SetField(kl.instance, i as u32), vec![obj, Operand::Const(v)], LlType::Void, span);
                }
            }
        }
        inst
    }

    /// The message of an exception of class `class` made from these arguments: "" for none,
    /// str(arg) for one (repr(arg) for a KeyError), str(tuple) for several (what `str(e)`
    /// gives in CPython).
    pub(crate) fn exception_message(&mut self, fl: &mut FnLowering, class: ClassId, args: &[(LlOperand, SomeValue)], span: Span) -> LlOperand {
        let key_error = self.ann.program.exception_class("KeyError");
        let is_key_error = self.ann.class_ids.get(&key_error).is_some_and(|k| self.is_subclass_of(class, *k));
        match args {
            [] => Operand::Const(LlConst::Static(self.str_static(""))),
            [(v, s)] => {
                let s = s.clone();
                if is_key_error {
                    self.to_repr(fl, v.clone(), &s, span)
                } else {
                    self.to_str(fl, v.clone(), &s, span)
                }
            }
            many => {
                let items: Vec<SomeValue> = many.iter().map(|(_, s)| s.clone()).collect();
                let tuple_ann = SomeValue::Tuple(items.clone().into());
                let LlType::Ptr(t) = self.lltype(&tuple_ann) else { unreachable!("a tuple is a pointer") };
                let tup = fl.emit(LlOp::Malloc(t), vec![], LlType::Ptr(t), span);
                for (k, (v, _)) in many.iter().enumerate() {
                    fl.emit(LlOp::SetField(t, k as u32), vec![tup.clone(), v.clone()], LlType::Void, span);
                }
                self.to_str(fl, tup, &tuple_ann, span)
            }
        }
    }

    /// Raises built-in exception `name` with a message (for checks the rtyper inserts).
    pub(crate) fn raise_builtin(&mut self, fl: &mut FnLowering, name: &str, message: &str, span: Span) {
        let kind = runtime_exception_number(name);
        let msg = self.str_const(message);
        fl.call_rt(RuntimeFn::RaiseSimple, vec![Operand::Const(LlConst::Signed(kind)), msg], span);
    }
}

impl<'a> RTyper<'a> {
    /// A plain function as a closure object: static, with a trampoline that drops the
    /// environment argument.
    pub(crate) fn plain_function_closure(&mut self, f: ObjRef, ct: rpy_lltype::TypeRef) -> Option<rpy_lltype::StaticRef> {
        let g = self.ann.graph_of.get(&(f, SpecKey::Default)).copied()?;
        let target = self.function_for(g);
        let (params, result) = self.graph_signature(g);
        let mut all = vec![LlType::Ptr(Types::OBJECT)];
        all.extend(params.iter().copied());
        let key = format!("trampoline_g{}", g.0);
        let tramp = self.build_helper(&key, all, result, move |_, fl, p| fl.emit(LlOp::DirectCall(target), p[1..].to_vec(), result, Span::DUMMY));
        let obj = rpy_lltype::StaticObject { ty: ct, fields: vec![rpy_lltype::StaticValue::Func(tramp), rpy_lltype::StaticValue::Null], var_items: vec![] };
        Some(self.add_static(obj))
    }
}
