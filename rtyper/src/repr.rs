//! Representations: the low-level type of each annotation, constants as low-level values,
//! and prebuilt objects as static data.

use crate::helpers::InitAction;
use crate::RTyper;
use rpy_annotator::{IterKind, SomeValue};
use rpy_flow::{Constant, FloatBits};
use rpy_frontend::Object;
use rpy_lltype::{LlConst, LlType, StaticObject, StaticRef, StaticValue, StructDef, TypeRef, Types};

impl<'a> RTyper<'a> {
    /// The low-level type representing values of annotation `s`.
    pub(crate) fn lltype(&mut self, s: &SomeValue) -> LlType {
        use SomeValue as S;
        match s {
            S::Impossible | S::None | S::Builtin(_) | S::Module(_) => LlType::Void,
            S::Bool { .. } => LlType::Bool,
            S::Int { kind: rpy_annotator::IntKind::Unsigned, .. } => LlType::Unsigned,
            S::Int { .. } => LlType::Signed,
            S::Float { .. } => LlType::Float,
            S::Str { char: true, nullable: false, .. } => LlType::UniChar,
            S::Str { .. } => LlType::Ptr(Types::STR),
            S::Bytes { .. } => LlType::Ptr(Types::BYTES),
            S::ByteArray { .. } => LlType::Ptr(Types::BYTEARRAY),
            S::Tuple(items) => {
                let items: Vec<LlType> = items.iter().map(|i| self.lltype(i)).collect();
                LlType::Ptr(self.tuple_type(&items))
            }
            S::List { .. } => LlType::Ptr(Types::LIST),
            S::Dict { .. } | S::Set { .. } => LlType::Ptr(Types::DICT),
            S::Range { .. } => LlType::Ptr(self.range_type()),
            S::Instance { class, .. } | S::Method { class, .. } => LlType::Ptr(self.layout(*class).instance),
            S::SuperMethod { class, .. } | S::Super { receiver: class, .. } => LlType::Ptr(self.layout(*class).instance),
            S::Functions { funcs, nullable } => {
                if self.has_closure(funcs) {
                    LlType::Ptr(self.closure_type(funcs))
                } else if funcs.len() == 1 && !*nullable {
                    LlType::Void
                } else {
                    let sig = self.family_signature(funcs);
                    LlType::FuncPtr(sig)
                }
            }
            S::Classes { classes, nullable } => {
                if classes.len() == 1 && !*nullable {
                    LlType::Void
                } else {
                    LlType::Ptr(Types::VTABLE)
                }
            }
            S::BuiltinMethod { receiver, .. } => self.lltype(receiver),
            S::Iterator { kind: IterKind::User, of } => self.lltype(&of[0]),
            S::Iterator { kind, of } => LlType::Ptr(self.iterator_type(kind, of)),
            // A BytesBuilder is a bytearray that only grows.
            S::StringBuilder { bytes: true } => LlType::Ptr(Types::BYTEARRAY),
            S::StringBuilder { .. } => LlType::Ptr(Types::BUILDER),
            S::File { .. } => LlType::Ptr(Types::FILE),
        }
    }

    /// The GC struct of a tuple with these item types.
    pub(crate) fn tuple_type(&mut self, items: &[LlType]) -> TypeRef {
        if let Some(t) = self.tuple_types.get(items) {
            return *t;
        }
        let fields = items.iter().enumerate().map(|(i, t)| (format!("item{i}"), *t)).collect();
        let t = self.types.add_struct(StructDef {
            name: format!("tuple{}_{}", items.len(), self.tuple_types.len()),
            fields,
            base: None,
            varsize: None,
            gc: true,
            runtime: None,
            tid: 0,
        });
        self.tuple_types.insert(items.to_vec(), t);
        t
    }

    pub(crate) fn range_type(&mut self) -> TypeRef {
        self.named_struct("range", vec![("start", LlType::Signed), ("stop", LlType::Signed), ("step", LlType::Signed)])
    }

    /// A generated GC struct, made once per name.
    pub(crate) fn named_struct(&mut self, name: &str, fields: Vec<(&str, LlType)>) -> TypeRef {
        if let Some(t) = self.iter_types.get(name) {
            return *t;
        }
        let t = self.types.add_struct(StructDef {
            name: name.to_string(),
            fields: fields.into_iter().map(|(n, t)| (n.to_string(), t)).collect(),
            base: None,
            varsize: None,
            gc: true,
            runtime: None,
            tid: 0,
        });
        self.iter_types.insert(name.to_string(), t);
        t
    }

    /// The struct of an iterator: the iterated object(s) and a position. A tuple is
    /// iterated as a list of its items.
    pub(crate) fn iterator_type(&mut self, kind: &IterKind, of: &[SomeValue]) -> TypeRef {
        let inner: Vec<LlType> = of.iter().map(|s| if matches!(s, SomeValue::Tuple(_)) { LlType::Ptr(Types::LIST) } else { self.lltype(s) }).collect();
        let key = format!("iter_{kind:?}_{}", inner.iter().map(|t| self.types.type_name(*t)).collect::<Vec<_>>().join("_"));
        let key: String = key.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let mut fields: Vec<(String, LlType)> = inner.iter().enumerate().map(|(i, t)| (format!("of{i}"), *t)).collect();
        fields.push(("index".into(), LlType::Signed));
        fields.push(("stop".into(), LlType::Signed));
        fields.push(("step".into(), LlType::Signed));
        if let Some(t) = self.iter_types.get(&key) {
            return *t;
        }
        let t = self.types.add_struct(StructDef { name: key.clone(), fields, base: None, varsize: None, gc: true, runtime: None, tid: 0 });
        self.iter_types.insert(key, t);
        t
    }

    /// A prebuilt `str` object.
    pub(crate) fn str_static(&mut self, s: &str) -> StaticRef {
        if let Some(r) = self.static_strs.get(s) {
            return *r;
        }
        let obj = StaticObject {
            ty: Types::STR,
            fields: vec![
                StaticValue::Signed(s.chars().count() as i64),
                StaticValue::Signed(s.len() as i64),
                StaticValue::Signed(0),
                StaticValue::Null,
            ],
            var_items: s.bytes().map(StaticValue::Char).collect(),
        };
        let r = self.add_static(obj);
        self.static_strs.insert(s.to_string(), r);
        r
    }

    pub(crate) fn bytes_static(&mut self, b: &[u8]) -> StaticRef {
        let obj = StaticObject {
            ty: Types::BYTES,
            fields: vec![StaticValue::Signed(b.len() as i64), StaticValue::Signed(0)],
            var_items: b.iter().map(|c| StaticValue::Char(*c)).collect(),
        };
        self.add_static(obj)
    }

    pub(crate) fn add_static(&mut self, obj: StaticObject) -> StaticRef {
        self.statics.push(obj);
        StaticRef(self.statics.len() as u32 - 1)
    }

    /// A constant as a low-level value of type `ty` (the type of its annotation, or of the
    /// place it flows to).
    pub(crate) fn const_value(&mut self, c: &Constant, ty: LlType) -> LlConst {
        match (c, ty) {
            (_, LlType::Void) => LlConst::Void,
            (Constant::None, t) => LlConst::Null(t),
            (Constant::Bool(b), LlType::Bool) => LlConst::Bool(*b),
            (Constant::Bool(b), LlType::Signed) => LlConst::Signed(*b as i64),
            (Constant::Int(i), LlType::Signed) => LlConst::Signed(*i),
            (Constant::Int(i), LlType::Unsigned) => LlConst::Unsigned(*i as u64),
            (Constant::Int(i), LlType::Float) => LlConst::Float(FloatBits::new(*i as f64)),
            (Constant::Float(f), _) => LlConst::Float(*f),
            (Constant::Str(s), LlType::UniChar) => LlConst::UniChar(s.chars().next().map_or(0, |c| c as u32)),
            (Constant::Str(s), _) => LlConst::Static(self.str_static(s)),
            (Constant::Bytes(b), _) => LlConst::Static(self.bytes_static(b)),
            (Constant::Tuple(items), LlType::Ptr(t)) => LlConst::Static(self.tuple_static(items, t)),
            (Constant::Obj(o), t) => self.object_const(*o, t),
            (other, t) => {
                self.error(rpy_source::Diagnostic::internal(format!("no low-level form for the constant {other} as {t}")));
                LlConst::Void
            }
        }
    }

    fn tuple_static(&mut self, items: &[Constant], t: TypeRef) -> StaticRef {
        let field_types: Vec<LlType> = self.types.struct_def(t).fields.iter().map(|(_, ty)| *ty).collect();
        let r = self.add_static(StaticObject { ty: t, fields: vec![], var_items: vec![] });
        let mut fields = vec![];
        for (c, ty) in items.iter().zip(field_types) {
            let v = self.const_value(c, ty);
            fields.push(self.static_value(&v));
        }
        self.statics[r.0 as usize].fields = fields;
        r
    }

    pub(crate) fn static_value(&mut self, v: &LlConst) -> StaticValue {
        match v {
            LlConst::Void => StaticValue::Void,
            LlConst::Bool(b) => StaticValue::Bool(*b),
            LlConst::Signed(i) => StaticValue::Signed(*i),
            LlConst::Unsigned(u) => StaticValue::Unsigned(*u),
            LlConst::Float(f) => StaticValue::Float(*f),
            LlConst::Char(c) => StaticValue::Char(*c),
            LlConst::UniChar(c) => StaticValue::UniChar(*c),
            LlConst::Null(_) => StaticValue::Null,
            LlConst::Static(s) => StaticValue::Ptr(*s),
            LlConst::Func(f) => StaticValue::Func(*f),
        }
    }

    /// A prebuilt object (function, class, instance, list, dict) as a low-level value.
    fn object_const(&mut self, o: rpy_flow::ObjRef, ty: LlType) -> LlConst {
        let obj = self.ann.program.objects.get(o).clone();
        match obj {
            Object::Function(_) => {
                // A function used as a function pointer: the graph of its default copy.
                let g = self.ann.graph_of.get(&(o, rpy_annotator::SpecKey::Default)).copied();
                match g {
                    Some(g) => LlConst::Func(self.function_for(g)),
                    None => LlConst::Null(ty),
                }
            }
            Object::Class(_) => {
                let cid = self.ann.class_ids.get(&o).copied();
                match cid {
                    Some(c) => LlConst::Static(self.layout(c).vtable_static),
                    None => LlConst::Null(ty),
                }
            }
            Object::Instance(_) | Object::List { .. } | Object::Dict { .. } | Object::Set { .. } => LlConst::Static(self.prebuilt_static(o)),
            _ => LlConst::Void,
        }
    }

    /// The static object for a prebuilt instance, list or dict (made once; containers are
    /// filled by the init function).
    pub(crate) fn prebuilt_static(&mut self, o: rpy_flow::ObjRef) -> StaticRef {
        if let Some(r) = self.prebuilt.get(&o) {
            return *r;
        }
        let obj = self.ann.program.objects.get(o).clone();
        match obj {
            Object::Instance(inst) => {
                let cid = self.ann.class_ids[&inst.class];
                let layout = self.layout(cid);
                let r = self.add_static(StaticObject { ty: layout.instance, fields: vec![], var_items: vec![] });
                self.prebuilt.insert(o, r);
                let fields = self.instance_static_fields(cid, &inst.attrs);
                self.statics[r.0 as usize].fields = fields;
                r
            }
            Object::List { items, .. } => {
                let r = self.add_static(StaticObject { ty: Types::LIST, fields: vec![StaticValue::Signed(0), StaticValue::Null], var_items: vec![] });
                self.prebuilt.insert(o, r);
                let def = self.ann.prebuilt_lists[&o];
                let item_ann = self.ann.list_item(def).value.clone();
                self.init_actions.push(InitAction::List { target: r, items, item: item_ann });
                r
            }
            Object::Dict { items, .. } => {
                let r = self.add_static(StaticObject { ty: Types::DICT, fields: vec![StaticValue::Signed(0); 3].into_iter().chain(vec![StaticValue::Null; 4]).collect(), var_items: vec![] });
                self.prebuilt.insert(o, r);
                let def = self.ann.prebuilt_dicts[&o];
                let it = self.ann.dict_item(def).clone();
                self.init_actions.push(InitAction::Dict { target: r, items, key: it.key, value: it.value });
                r
            }
            Object::Set { items, .. } => {
                let r = self.add_static(StaticObject { ty: Types::DICT, fields: vec![StaticValue::Signed(0); 3].into_iter().chain(vec![StaticValue::Null; 4]).collect(), var_items: vec![] });
                self.prebuilt.insert(o, r);
                let def = self.ann.prebuilt_dicts[&o];
                let it = self.ann.dict_item(def).clone();
                let pairs = items.into_iter().map(|k| (k, Constant::None)).collect();
                self.init_actions.push(InitAction::Dict { target: r, items: pairs, key: it.key, value: SomeValue::None });
                r
            }
            _ => {
                self.error(rpy_source::Diagnostic::internal("prebuilt_static of a non-container"));
                self.str_static("")
            }
        }
    }
}

/// The annotation every item of a tuple converts to when the tuple is iterated.
pub(crate) fn tuple_item_ann(items: &[SomeValue]) -> SomeValue {
    let mut acc = items.first().map_or(SomeValue::Impossible, |i| i.generalize());
    for it in items.iter().skip(1) {
        let it = it.generalize();
        acc = match (&acc, &it) {
            (SomeValue::Bool { .. }, SomeValue::Int { .. }) => it,
            (SomeValue::Str { char: true, .. }, SomeValue::Str { char: false, .. }) => it,
            (SomeValue::None, x) => x.noneify().unwrap_or(it.clone()),
            (a, SomeValue::None) => a.noneify().unwrap_or(acc.clone()),
            (a, b) if b.can_be_none() && !a.can_be_none() => b.clone(),
            _ => acc,
        };
    }
    acc
}

impl<'a> RTyper<'a> {
    /// Whether some of these functions are closures (nested functions reading variables of
    /// enclosing calls): then every value of the family is a closure object.
    pub(crate) fn has_closure(&self, funcs: &[rpy_flow::ObjRef]) -> bool {
        funcs.iter().any(|f| self.ann.program.objects.function(*f).is_some_and(|fd| fd.closure_env.is_some()))
    }

    /// The signature of a closure family's code: the environment, then the parameters.
    pub(crate) fn closure_signature(&mut self, funcs: &[rpy_flow::ObjRef]) -> rpy_lltype::SigRef {
        for f in funcs {
            if let Some(g) = self.ann.graph_of.get(&(*f, rpy_annotator::SpecKey::Default)).copied() {
                let (params, result) = self.graph_signature(g);
                let hidden = usize::from(self.ann.program.objects.function(*f).is_some_and(|fd| fd.closure_env.is_some()));
                let mut all = vec![LlType::Ptr(Types::OBJECT)];
                all.extend(params[hidden..].iter().copied());
                return self.types.sig(all, result);
            }
        }
        self.types.sig(vec![LlType::Ptr(Types::OBJECT)], LlType::Void)
    }

    /// The struct of a closure: its code and its environment.
    pub(crate) fn closure_type(&mut self, funcs: &[rpy_flow::ObjRef]) -> TypeRef {
        let sig = self.closure_signature(funcs);
        self.named_struct(&format!("closure_s{}", sig.0), vec![("code", LlType::FuncPtr(sig)), ("env", LlType::Ptr(Types::OBJECT))])
    }
}

impl<'a> RTyper<'a> {
    /// The name of a helper specialized for values of annotation `s`: two annotations get
    /// the same key exactly when the helper's code would be the same (a list of chars and a
    /// list of strings differ; two classes named alike do not collide).
    pub(crate) fn helper_key(&self, prefix: &str, s: &SomeValue) -> String {
        let mut out = String::from(prefix);
        out.push('_');
        self.shape_into(s, &mut out);
        out
    }

    fn shape_into(&self, s: &SomeValue, out: &mut String) {
        use SomeValue as S;
        let null = |n: bool| if n { "N" } else { "" };
        match s {
            S::Str { char: true, .. } => out.push_str("char"),
            S::Str { nullable, .. } => out.push_str(&format!("str{}", null(*nullable))),
            S::Bytes { nullable, .. } => out.push_str(&format!("bytes{}", null(*nullable))),
            S::Int { kind: rpy_annotator::IntKind::Unsigned, .. } => out.push_str("uint"),
            S::Int { .. } => out.push_str("int"),
            S::Bool { .. } => out.push_str("bool"),
            S::Float { .. } => out.push_str("float"),
            S::Tuple(items) => {
                out.push_str(&format!("tuple{}", items.len()));
                for it in items.iter() {
                    out.push('_');
                    self.shape_into(it, out);
                }
                out.push_str("_end");
            }
            S::List { def, nullable } => {
                out.push_str(&format!("list{}_", null(*nullable)));
                self.shape_into(&self.ann.list_item(*def).value, out);
            }
            S::Dict { nullable, .. } | S::Set { nullable, .. } => {
                let (k, v) = self.dict_types(s);
                out.push_str(if matches!(s, S::Set { .. }) { "set" } else { "dict" });
                out.push_str(null(*nullable));
                out.push('_');
                self.shape_into(&k, out);
                if !matches!(s, S::Set { .. }) {
                    out.push('_');
                    self.shape_into(&v, out);
                }
            }
            S::Iterator { kind, of } => {
                out.push_str(&format!("iter{kind:?}"));
                for o in of.iter() {
                    out.push('_');
                    self.shape_into(o, out);
                }
                out.push_str("_end");
            }
            S::Instance { class, nullable } => {
                let name = self.ann.type_name(&S::Instance { class: *class, nullable: false });
                let name: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
                out.push_str(&format!("{name}{}{}", class.0, null(*nullable)));
            }
            other => {
                let name = self.ann.type_name(&other.generalize());
                out.extend(name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }));
            }
        }
    }
}
