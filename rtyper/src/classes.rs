//! Classes: the instance struct and the vtable of each class, class ids numbered depth-first
//! so `isinstance` is one range check, and method slots for virtual calls.
//!
//! Invariant: a class's instance struct embeds its base class's struct first, and its
//! vtable embeds the base's vtable first, so upcasts are pointer casts.

use crate::RTyper;
use indexmap::IndexMap;
use rpy_annotator::{ClassId, SomeValue, SpecKey};
use rpy_flow::{Constant, ObjRef};
use rpy_lltype::{LlType, SigRef, StaticObject, StaticRef, StaticValue, StructDef, TypeRef, Types};

/// The low-level layout of one class.
#[derive(Clone, Debug)]
pub struct ClassLayout {
    pub instance: TypeRef,
    pub vtable: TypeRef,
    pub vtable_static: StaticRef,
    /// `subclass_min` (this class's id) and `subclass_max` (one past its last subclass).
    pub id_range: (i64, i64),
    /// The instance attributes this class's struct declares, by name.
    pub fields: IndexMap<String, LlType>,
    /// Method slots this class's vtable declares: name -> signature.
    pub slots: IndexMap<String, SigRef>,
}

impl<'a> RTyper<'a> {
    /// Numbers the whole hierarchy and makes every class's structs and vtable.
    pub(crate) fn setup_classes(&mut self) {
        let ann = self.ann;
        let Some(root) = ann.class_ids.get(&ann.program.object_class).copied() else { return };
        let mut order = vec![];
        let mut ranges: IndexMap<ClassId, (i64, i64)> = IndexMap::new();
        number(ann, root, &mut order, &mut ranges);
        // Structs first (empty), so field and slot types may name any class.
        for c in &order {
            self.declare_layout(*c, ranges[c]);
        }
        for c in &order {
            self.make_layout(*c);
        }
        // Vtables are filled once every layout exists (methods may refer to any class).
        let classes: Vec<ClassId> = self.classes.keys().copied().collect();
        for c in classes {
            self.fill_vtable(c);
        }
    }

    pub(crate) fn layout(&mut self, c: ClassId) -> ClassLayout {
        match self.classes.get(&c) {
            Some(l) => l.clone(),
            None => {
                self.error(rpy_source::Diagnostic::internal(format!("class {} has no layout", self.ann.class(c).name)));
                self.classes.values().next().cloned().expect("the root class has a layout")
            }
        }
    }

    fn declare_layout(&mut self, c: ClassId, range: (i64, i64)) {
        let info = self.ann.class(c);
        let base = info.base.map(|b| self.layout(b));
        let empty = |name: String, base: Option<TypeRef>, gc: bool| StructDef { name, fields: vec![], base, varsize: None, gc, runtime: None, tid: 0 };
        let (instance, vtable) = match &base {
            None => (Types::OBJECT, Types::VTABLE),
            Some(b) => {
                let instance = if info.builtin && info.name == "BaseException" {
                    Types::EXC_BASE
                } else {
                    self.types.add_struct(empty(format!("inst_{}", ident(&info.name)), Some(b.instance), true))
                };
                (instance, self.types.add_struct(empty(format!("vtable_{}", ident(&info.name)), Some(b.vtable), false)))
            }
        };
        let vtable_static = self.add_static(StaticObject { ty: vtable, fields: vec![], var_items: vec![] });
        self.classes.insert(c, ClassLayout { instance, vtable, vtable_static, id_range: range, fields: IndexMap::new(), slots: IndexMap::new() });
    }

    fn make_layout(&mut self, c: ClassId) {
        let ann = self.ann;
        let info = ann.class(c);
        let layout = self.layout(c);
        if layout.instance == Types::OBJECT {
            return;
        }
        let mut fields = IndexMap::new();
        if layout.instance != Types::EXC_BASE {
            let mut names: Vec<&String> = info.attrs.keys().collect();
            names.sort();
            for name in names {
                let t = self.lltype(&info.attrs[name].value);
                fields.insert(name.clone(), t);
            }
            {
                let rpy_lltype::TypeDef::Struct(s) = &mut self.types.defs[layout.instance.0 as usize];
                s.fields = fields.iter().map(|(n, t)| (format!("f_{n}"), *t)).collect();
            }
        }
        let mut slots = IndexMap::new();
        if let Some(cd) = ann.program.objects.class(info.obj) {
            for (name, v) in &cd.dict {
                let Constant::Obj(f) = v else { continue };
                // Constructors are called on a known class: no slot.
                if ann.program.objects.function(*f).is_none() || name == "__init__" {
                    continue;
                }
                let defined_above = info.base.is_some_and(|b| defines_method_above(ann, b, name));
                if defined_above {
                    continue;
                }
                if let Some(sig) = self.method_family_sig(c, name) {
                    slots.insert(name.clone(), sig);
                }
            }
        }
        {
            let rpy_lltype::TypeDef::Struct(s) = &mut self.types.defs[layout.vtable.0 as usize];
            s.fields = slots.iter().map(|(n, s)| (format!("m_{n}"), LlType::FuncPtr(*s))).collect();
        }
        let l = self.classes.get_mut(&c).expect("declared");
        l.fields = fields;
        l.slots = slots;
    }

    /// The signature of the vtable slot for method `name` first defined in class `c`: taken
    /// from an implementation that was annotated (all were given one signature).
    fn method_family_sig(&mut self, c: ClassId, name: &str) -> Option<SigRef> {
        let ann = self.ann;
        let mut todo = vec![c];
        while let Some(k) = todo.pop() {
            let obj = ann.class(k).obj;
            if let Some(Constant::Obj(f)) = ann.program.objects.class(obj).and_then(|cd| cd.dict.get(name)) {
                if let Some(g) = ann.graph_of.get(&(*f, SpecKey::Default)).copied() {
                    let (mut params, result) = self.graph_signature(g);
                    // The receiver is passed as the class that declares the slot.
                    if !params.is_empty() {
                        params[0] = LlType::Ptr(self.instance_type_of(c));
                    }
                    return Some(self.types.sig(params, result));
                }
            }
            todo.extend(ann.class(k).subclasses.iter().copied());
        }
        None
    }

    /// The instance struct of a class, possibly before its layout is complete.
    fn instance_type_of(&mut self, c: ClassId) -> TypeRef {
        match self.classes.get(&c) {
            Some(l) => l.instance,
            None => Types::OBJECT,
        }
    }

    fn fill_vtable(&mut self, c: ClassId) {
        let ann = self.ann;
        let layout = self.layout(c);
        // The module of a user class (`__main__` for the entry module's): default reprs
        // print it, tracebacks too unless it is `__main__`.
        let module = ann.program.objects.class(ann.class(c).obj).and_then(|cd| cd.module).filter(|_| !ann.class(c).builtin);
        let module = match module {
            Some(m) if m == ann.program.entry_module => StaticValue::Ptr(self.str_static("__main__")),
            Some(m) => match ann.program.objects.module(m) {
                Some(m) => StaticValue::Ptr(self.str_static(&m.name.clone())),
                None => StaticValue::Null,
            },
            None => StaticValue::Null,
        };
        let mut values = vec![
            StaticValue::Signed(layout.id_range.0),
            StaticValue::Signed(layout.id_range.1),
            StaticValue::Ptr(self.str_static(&ann.class(c).name)),
            module,
        ];
        // Slots of every class from the root down to this one, each filled with this
        // class's implementation.
        let mut chain = vec![];
        let mut cur = Some(c);
        while let Some(k) = cur {
            chain.push(k);
            cur = ann.class(k).base;
        }
        chain.reverse();
        for k in chain {
            let slots = self.layout(k).slots.clone();
            for (name, _) in slots {
                let v = match self.method_impl(c, &name) {
                    Some(f) => match ann.graph_of.get(&(f, SpecKey::Default)).copied() {
                        Some(g) => StaticValue::Func(self.function_for(g)),
                        None => StaticValue::Null,
                    },
                    None => StaticValue::Null,
                };
                values.push(v);
            }
        }
        self.statics[layout.vtable_static.0 as usize].fields = values;
    }

    /// The function implementing method `name` for instances of exactly class `c`.
    /// Whether attribute `name` is set on every instance a value of class `c` may be, by the
    /// time any code outside `__init__` reads it.
    pub(crate) fn attr_surely_set(&mut self, c: ClassId, name: &str) -> bool {
        let mut todo = vec![c];
        while let Some(k) = todo.pop() {
            let info = self.ann.class(k);
            todo.extend(info.subclasses.iter().copied());
            if !info.instantiated {
                continue;
            }
            let ann = self.ann;
            if !self.set_in_init.entry(k).or_insert_with(|| assigned_in_init(ann, k)).contains(name) {
                return false;
            }
        }
        true
    }

    pub(crate) fn method_impl(&self, c: ClassId, name: &str) -> Option<ObjRef> {
        let obj = self.ann.class(c).obj;
        match self.ann.program.objects.class_lookup(obj, name) {
            Some((_, Constant::Obj(f))) if self.ann.program.objects.function(f).is_some() => Some(f),
            _ => None,
        }
    }

    /// Lowers an operation whose code depends on which of the special methods `names` the
    /// receiver's class implements, when subclasses of `class` override them: a test of the
    /// receiver's class for each overriding subclass (deepest first), then `class` itself.
    /// `body` gets the receiver as an instance of the class it is known to be.
    pub(crate) fn by_class(
        &mut self,
        fl: &mut crate::lower::FnLowering,
        v: crate::lower::LlOperand,
        class: ClassId,
        names: &[&str],
        result: LlType,
        span: rpy_source::Span,
        mut body: impl FnMut(&mut Self, &mut crate::lower::FnLowering, crate::lower::LlOperand, ClassId) -> crate::lower::LlOperand,
    ) -> crate::lower::LlOperand {
        use rpy_flow::Operand;
        let overriding = self.overriding_subclasses(class, names);
        if overriding.is_empty() {
            return body(self, fl, v, class);
        }
        let s = SomeValue::Instance { class, nullable: false };
        let obj = self.convert_to_ll(fl, v.clone(), &s, LlType::Ptr(Types::OBJECT), span);
        let (join, jv) = fl.block_with(&[result]);
        for d in overriding {
            let d_obj = self.ann.class(d).obj;
            let is = self.isinstance_check(fl, obj.clone(), &[d_obj], span);
            let (this_class, _) = fl.block_with(&[]);
            let (next, _) = fl.block_with(&[]);
            match is {
                Operand::Var(is) => fl.b.branch_with(is, (next, vec![]), (this_class, vec![])),
                _ => fl.b.jump(next),
            }
            fl.b.switch_to(this_class);
            let dt = LlType::Ptr(self.layout(d).instance);
            let vd = fl.emit(rpy_lltype::LlOp::CastPtr(self.layout(d).instance), vec![obj.clone()], dt, span);
            let r = body(self, fl, vd, d);
            fl.b.jump_with(join, vec![(r, span)]);
            fl.b.switch_to(next);
        }
        let r = body(self, fl, v, class);
        fl.b.jump_with(join, vec![(r, span)]);
        fl.b.switch_to(join);
        Operand::Var(jv[0])
    }

    /// The strict subclasses of `class` whose own class body defines one of `names`,
    /// deepest first.
    pub(crate) fn overriding_subclasses(&self, class: ClassId, names: &[&str]) -> Vec<ClassId> {
        let mut out = vec![];
        let mut todo: Vec<(ClassId, usize)> = self.ann.class(class).subclasses.iter().map(|k| (*k, 1)).collect();
        while let Some((k, depth)) = todo.pop() {
            let defines = self.ann.program.objects.class(self.ann.class(k).obj).is_some_and(|cd| names.iter().any(|n| cd.dict.contains_key(*n)));
            if defines {
                out.push((depth, k));
            }
            todo.extend(self.ann.class(k).subclasses.iter().map(|s| (*s, depth + 1)));
        }
        out.sort_by(|a, b| b.0.cmp(&a.0));
        out.into_iter().map(|(_, k)| k).collect()
    }

    /// The class whose vtable declares the slot for method `name`, seen from class `c`.
    pub(crate) fn slot_owner(&mut self, c: ClassId, name: &str) -> Option<ClassId> {
        let mut cur = Some(c);
        let mut found = None;
        while let Some(k) = cur {
            if self.layout(k).slots.contains_key(name) {
                found = Some(k);
            }
            cur = self.ann.class(k).base;
        }
        found
    }

    /// The class whose struct declares instance attribute `name`, seen from class `c`.
    pub(crate) fn field_owner(&mut self, c: ClassId, name: &str) -> Option<ClassId> {
        let mut cur = Some(c);
        while let Some(k) = cur {
            if self.layout(k).fields.contains_key(name) {
                return Some(k);
            }
            cur = self.ann.class(k).base;
        }
        None
    }

    /// Field values of a prebuilt instance: typeptr, then each struct's fields from the root
    /// down.
    pub(crate) fn instance_static_fields(&mut self, c: ClassId, attrs: &IndexMap<String, Constant>) -> Vec<StaticValue> {
        let ann = self.ann;
        let mut chain = vec![];
        let mut cur = Some(c);
        while let Some(k) = cur {
            chain.push(k);
            cur = ann.class(k).base;
        }
        chain.reverse();
        let vt = self.layout(c).vtable_static;
        let mut values = vec![StaticValue::Ptr(vt)];
        for k in chain {
            let layout = self.layout(k);
            if layout.instance == Types::EXC_BASE {
                values.push(StaticValue::Null);
                continue;
            }
            for (name, ty) in layout.fields.iter() {
                let attr_ann = ann.class(k).attrs.get(name).map(|a| a.value.clone()).unwrap_or(SomeValue::Impossible);
                let value = attrs.get(name).cloned().or_else(|| self.class_default(c, name));
                let v = match value {
                    Some(constant) => {
                        let lc = self.const_for(&constant, &attr_ann, *ty);
                        self.static_value(&lc)
                    }
                    None => zero_of(*ty),
                };
                values.push(v);
            }
        }
        values
    }

    /// A constant converted to the representation of the place it goes (e.g. a one-character
    /// string stored where strings may be longer).
    pub(crate) fn const_for(&mut self, c: &Constant, _place: &SomeValue, ty: LlType) -> rpy_lltype::LlConst {
        self.const_value(c, ty)
    }

    /// The class-level default of attribute `name` for instances of class `c`.
    pub(crate) fn class_default(&self, c: ClassId, name: &str) -> Option<Constant> {
        let obj = self.ann.class(c).obj;
        match self.ann.program.objects.class_lookup(obj, name) {
            Some((_, k)) if !matches!(&k, Constant::Obj(o) if self.ann.program.objects.function(*o).is_some()) => Some(k),
            _ => None,
        }
    }

    /// The signature shared by a family of functions called through one pointer.
    pub(crate) fn family_signature(&mut self, funcs: &[ObjRef]) -> SigRef {
        for f in funcs {
            if let Some(g) = self.ann.graph_of.get(&(*f, SpecKey::Default)).copied() {
                let (params, result) = self.graph_signature(g);
                return self.types.sig(params, result);
            }
        }
        self.types.sig(vec![], LlType::Void)
    }
}

fn zero_of(t: LlType) -> StaticValue {
    match t {
        LlType::Void => StaticValue::Void,
        LlType::Bool => StaticValue::Bool(false),
        LlType::Signed => StaticValue::Signed(0),
        LlType::Unsigned => StaticValue::Unsigned(0),
        LlType::Float => StaticValue::Float(rpy_flow::FloatBits::new(0.0)),
        LlType::Char => StaticValue::Char(0),
        LlType::UniChar => StaticValue::UniChar(0),
        LlType::Ptr(_) | LlType::FuncPtr(_) => StaticValue::Null,
    }
}

fn defines_method_above(ann: &rpy_annotator::Annotated, c: ClassId, name: &str) -> bool {
    let mut cur = Some(c);
    while let Some(k) = cur {
        let obj = ann.class(k).obj;
        if let Some(Constant::Obj(f)) = ann.program.objects.class(obj).and_then(|cd| cd.dict.get(name)) {
            if ann.program.objects.function(*f).is_some() {
                return true;
            }
        }
        cur = ann.class(k).base;
    }
    false
}

/// Depth-first numbering: a class's id, then its subclasses', then one past the last.
fn number(ann: &rpy_annotator::Annotated, c: ClassId, order: &mut Vec<ClassId>, ranges: &mut IndexMap<ClassId, (i64, i64)>) {
    let id = order.len() as i64;
    order.push(c);
    let mut subs = ann.class(c).subclasses.clone();
    subs.sort();
    for s in subs {
        number(ann, s, order, ranges);
    }
    ranges.insert(c, (id, order.len() as i64));
}

/// A C-safe identifier part.
pub(crate) fn ident(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

/// The instance attributes that `__init__` of class `c` assigns on every path that returns.
/// Others may be read before they are set, which CPython reports as AttributeError.
pub(crate) fn assigned_in_init(ann: &rpy_annotator::Annotated, c: ClassId) -> std::collections::HashSet<String> {
    let obj = ann.class(c).obj;
    match ann.program.objects.class_lookup(obj, "__init__") {
        Some((_, Constant::Obj(init))) => match ann.graph_of.get(&(init, SpecKey::Default)) {
            Some(g) => assigned_in_graph(ann, *g, 0),
            None => Default::default(),
        },
        _ => Default::default(),
    }
}

/// The attributes of its first parameter (`self`) that an `__init__` graph assigns on every
/// path that returns: a must-analysis over the flow graph, following `self` through the
/// links, and into base classes' `__init__` called on the same `self` (`Base.__init__(self)`,
/// `super().__init__()`).
fn assigned_in_graph(ann: &rpy_annotator::Annotated, g: rpy_annotator::GraphId, depth: u32) -> std::collections::HashSet<String> {
    use rpy_flow::{Block, HlOp, Operand, Var};
    use std::collections::{HashMap, HashSet};
    let graph = &ann.graph(g).graph;
    let Some(&self_var) = graph.block(graph.start).inputs.first() else { return HashSet::new() };
    // Per reached block: the variable holding self there (if still known) and the attributes
    // assigned on every path so far.
    let mut state: HashMap<Block, (Option<Var>, HashSet<String>)> = HashMap::new();
    state.insert(graph.start, (Some(self_var), HashSet::new()));
    let mut at_return: Option<HashSet<String>> = None;
    let mut todo = vec![graph.start];
    while let Some(b) = todo.pop() {
        let (sv, mut assigned) = state[&b].clone();
        let data = graph.block(b);
        let is_self = |a: Option<&Operand<Constant>>| sv.is_some() && a == Some(&Operand::Var(sv.unwrap()));
        for (i, op) in data.ops.iter().enumerate() {
            match op.kind {
                HlOp::SetAttr if is_self(op.args.first()) => {
                    if let Some(name) = op.args.get(1).and_then(|a| if let Operand::Const(k) = a { k.as_str() } else { None }) {
                        assigned.insert(name.to_string());
                    }
                }
                HlOp::SimpleCall | HlOp::CallKw if depth < 8 => {
                    // A base class's __init__ on this self: directly, or through super().
                    let on_self = op.args.iter().any(|a| is_self(Some(a)))
                        || data.ops[..i].iter().any(|m| {
                            m.kind == HlOp::GetAttr
                                && op.args.first() == Some(&Operand::Var(m.result))
                                && data.ops[..i].iter().any(|sup| Some(&Operand::Var(sup.result)) == m.args.first() && sup.args.iter().any(|a| is_self(Some(a))))
                        });
                    let targets = ann.calls.get(&(g, b, i)).map(|t| t.as_slice()).unwrap_or(&[]);
                    if on_self && targets.len() == 1 && ann.program.objects.function(targets[0].func).is_some_and(|f| f.name == "__init__") {
                        assigned.extend(assigned_in_graph(ann, targets[0].graph, depth + 1));
                    }
                }
                _ => {}
            }
        }
        for link in &data.exits {
            if link.target == graph.return_block {
                at_return = Some(match at_return.take() {
                    None => assigned.clone(),
                    Some(r) => r.intersection(&assigned).cloned().collect(),
                });
                continue;
            }
            let target_inputs = &graph.block(link.target).inputs;
            let tsv = sv.and_then(|v| link.args.iter().position(|a| *a == Operand::Var(v))).and_then(|j| target_inputs.get(j).copied());
            // Without self in the target block, what was assigned stays assigned; only later
            // assignments go unseen.
            let changed = match state.get_mut(&link.target) {
                None => {
                    state.insert(link.target, (tsv, assigned.clone()));
                    true
                }
                Some((old_sv, old)) => {
                    let new_sv = if *old_sv == tsv { tsv } else { None };
                    let merged: HashSet<String> = old.intersection(&assigned).cloned().collect();
                    let changed = merged.len() != old.len() || new_sv != *old_sv;
                    *old = merged;
                    *old_sv = new_sv;
                    changed
                }
            };
            if changed {
                todo.push(link.target);
            }
        }
    }
    at_return.unwrap_or_default()
}
