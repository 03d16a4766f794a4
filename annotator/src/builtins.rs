//! Annotation of calls to built-in functions: one arm per `Builtin`.

use crate::calls::CallSite;
use crate::engine::{Annotator, KnownTypes, Origin};
use crate::model::{IntKind, IterKind, SomeValue};
use rpy_source::{Diagnostic, ErrorCode};
use rpy_stdlib::Builtin;
use std::rc::Rc;

impl Annotator {
    fn builtin_error(&mut self, site: &CallSite, message: String) -> Option<SomeValue> {
        self.error(Diagnostic::at(ErrorCode::BadCall, site.span, message));
        None
    }

    fn arity(&mut self, site: &CallSite, b: Builtin, min: usize, max: usize) -> Option<()> {
        let n = site.args.len() - site.kwnames.len();
        if n < min || n > max {
            let want = if min == max { format!("{min}") } else { format!("{min} to {max}") };
            self.builtin_error(site, format!("`{}()` takes {want} positional argument{}, got {n}", b.name(), if max == 1 { "" } else { "s" }))?;
        }
        Some(())
    }

    fn no_keywords(&mut self, site: &CallSite, b: Builtin, allowed: &[&str]) -> Option<()> {
        for k in &site.kwnames {
            if !allowed.contains(&k.as_str()) {
                self.builtin_error(site, format!("`{}()` has no keyword argument `{k}` in RPy", b.name()))?;
            }
        }
        Some(())
    }

    fn kw(&self, site: &CallSite, name: &str) -> Option<SomeValue> {
        let n = site.args.len() - site.kwnames.len();
        site.kwnames.iter().position(|k| k == name).map(|i| site.args[n + i].0.clone())
    }

    fn pos(&self, site: &CallSite) -> Vec<SomeValue> {
        let n = site.args.len() - site.kwnames.len();
        site.args[..n].iter().map(|(s, _)| s.clone()).collect()
    }

    /// A dummy operation context for helpers shared with `ops.rs`.
    fn with_op<T>(&mut self, site: &CallSite, f: impl FnOnce(&mut Self, &rpy_flow::Op<rpy_flow::HlOp>) -> T) -> T {
        let graph = &self.g(site.graph).graph;
        let op = graph.block(site.block).ops[site.op].clone();
        f(self, &op)
    }

    pub(crate) fn site_iter_item(&mut self, site: &CallSite, a: &SomeValue) -> Option<SomeValue> {
        self.with_op(site, |this, op| this.iter_item(site.graph, site.block, site.op, op, &[a.clone()], a))
    }

    fn site_iter(&mut self, site: &CallSite, a: &SomeValue) -> Option<SomeValue> {
        self.with_op(site, |this, op| this.iter_of(site.graph, site.block, site.op, op, &[a.clone()], a))
    }

    fn site_printable(&mut self, site: &CallSite, a: &SomeValue) -> Option<()> {
        self.with_op(site, |this, op| this.check_printable(site.graph, site.block, site.op, op, &[a.clone()], a))
    }

    /// Calls a one-argument function value (a `key=` function) on `item`.
    pub(crate) fn call_key(&mut self, site: &CallSite, key: &SomeValue, item: &SomeValue) -> Option<SomeValue> {
        let sub = CallSite {
            graph: site.graph,
            block: site.block,
            op: site.op,
            span: site.span,
            args: vec![(item.clone(), Origin::new(site.span, "passed to the key function"))],
            kwnames: vec![],
            result: None,
        };
        let r = self.call_value(&sub, key)?;
        if !self.orderable(&r) {
            let t = self.type_name(&r);
            return self.builtin_error(site, format!("the key function returns `{t}`, which cannot be ordered with `<`"));
        }
        Some(r)
    }

    /// Whether values of this annotation can be ordered with `<` (numbers, text, tuples and
    /// lists of such, instances whose class defines `__lt__`).
    pub(crate) fn orderable(&self, s: &SomeValue) -> bool {
        use SomeValue as S;
        match s {
            S::Impossible | S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } => true,
            x if x.is_numeric() => true,
            S::Tuple(items) => items.iter().all(|i| self.orderable(i)),
            S::List { def, .. } => self.orderable(&self.list_item(*def).value),
            S::Instance { class, .. } => self.is_method(*class, "__lt__"),
            _ => false,
        }
    }

    pub(crate) fn call_builtin(&mut self, site: &CallSite, b: Builtin) -> Option<SomeValue> {
        use Builtin as B;
        use SomeValue as S;
        let args = self.pos(site);
        let a0 = args.first().cloned().unwrap_or(S::Impossible);
        let float_fn = |this: &mut Self, n: usize| -> Option<SomeValue> {
            this.arity(site, b, n, n)?;
            for a in this.pos(site) {
                if !a.is_numeric() {
                    let t = this.type_name(&a);
                    return this.builtin_error(site, format!("`{}()` needs a number, not `{t}`", b.qualified_name()));
                }
            }
            Some(S::float())
        };
        match b {
            B::Print => {
                self.no_keywords(site, b, &["sep", "end", "file", "flush"])?;
                for a in &args {
                    self.site_printable(site, a)?;
                }
                for k in ["sep", "end"] {
                    if let Some(v) = self.kw(site, k) {
                        if !v.is_str() && !matches!(v, S::None) {
                            return self.builtin_error(site, format!("`print({k}=...)` must be a string"));
                        }
                    }
                }
                if let Some(f) = self.kw(site, "file") {
                    if !matches!(f, S::Builtin(B::SysStdout | B::SysStderr) | S::File { binary: false }) {
                        return self.builtin_error(site, "`print(file=...)` must be sys.stdout, sys.stderr or a file".into());
                    }
                }
                Some(S::None)
            }
            B::Len => {
                self.arity(site, b, 1, 1)?;
                match &a0 {
                    S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } | S::List { .. } | S::Tuple(_) | S::Dict { .. } | S::Set { .. } | S::Range { .. } | S::StringBuilder { .. } => {
                        if a0.can_be_none() {
                            return self.builtin_error(site, "`len()` of a value that may be None: check first".into());
                        }
                        Some(S::nonneg_int())
                    }
                    // Dict views: the dict's length.
                    S::Iterator { kind: IterKind::DictKeys | IterKind::DictValues | IterKind::DictItems, .. } => Some(S::nonneg_int()),
                    S::Instance { class, .. } if self.is_method(*class, "__len__") => {
                        let sub = CallSite { args: vec![], kwnames: vec![], result: None, ..site.clone_site() };
                        self.call_value(&sub, &S::Method { class: *class, name: Rc::from("__len__"), nullable: false })?;
                        Some(S::nonneg_int())
                    }
                    other => {
                        let t = self.type_name(other);
                        self.builtin_error(site, format!("`len()` of a `{t}` value"))
                    }
                }
            }
            B::Int => {
                self.arity(site, b, 0, 2)?;
                self.no_keywords(site, b, &["base"])?;
                match (&a0, args.len()) {
                    (_, 0) => Some(S::int_const(0)),
                    (S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. }, 2) if !args[1].is_intlike() => {
                        let t = self.type_name(&args[1]);
                        self.builtin_error(site, format!("`int()` with a base of type `{t}` (the base must be an int)"))
                    }
                    (S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. }, _) => Some(S::int()),
                    (x, 1) if x.is_numeric() => Some(S::int()),
                    (other, _) => {
                        let t = self.type_name(other);
                        self.builtin_error(site, format!("`int()` of a `{t}` value"))
                    }
                }
            }
            B::Float => {
                self.arity(site, b, 0, 1)?;
                match &a0 {
                    S::Impossible if args.is_empty() => Some(S::float()),
                    x if x.is_numeric() => Some(S::float()),
                    S::Str { .. } => Some(S::float()),
                    other => {
                        let t = self.type_name(other);
                        self.builtin_error(site, format!("`float()` of a `{t}` value"))
                    }
                }
            }
            B::Str | B::Repr => {
                self.arity(site, b, 0, 1)?;
                if !args.is_empty() {
                    self.site_printable(site, &a0)?;
                }
                Some(S::str())
            }
            B::Bool => {
                self.arity(site, b, 0, 1)?;
                Some(S::Bool { konst: if args.is_empty() { Some(false) } else { a0.const_truth() } })
            }
            B::Abs => {
                self.arity(site, b, 1, 1)?;
                match &a0 {
                    x if x.is_intlike() => Some(S::int()),
                    S::Float { .. } => Some(S::float()),
                    other => {
                        let t = self.type_name(other);
                        self.builtin_error(site, format!("`abs()` of a `{t}` value"))
                    }
                }
            }
            B::Min | B::Max => {
                self.no_keywords(site, b, &["key", "default"])?;
                let items: Vec<SomeValue> = if args.len() == 1 { vec![self.site_iter_item(site, &a0)?] } else { args.clone() };
                if args.is_empty() {
                    return self.builtin_error(site, format!("`{}()` needs arguments", b.name()));
                }
                let mut u = S::Impossible;
                for it in &items {
                    match self.union(&u, &it.generalize()) {
                        Ok(x) => u = x,
                        Err(_) => return self.builtin_error(site, format!("`{}()` of values of different types", b.name())),
                    }
                }
                if let Some(k) = self.kw(site, "key") {
                    self.call_key(site, &k, &u)?;
                }
                if let Some(d) = self.kw(site, "default") {
                    u = self.union_at(&u, &d, site.span, "the result and the default would be")?;
                }
                Some(u)
            }
            B::Sum => {
                self.arity(site, b, 1, 2)?;
                let item = self.site_iter_item(site, &a0)?;
                let start = args.get(1).cloned().unwrap_or(S::int_const(0));
                match (&item, &start) {
                    // sum(lists, []): concatenation; all the lists share one item type.
                    (S::List { def: d1, .. }, S::List { def: d2, .. }) => {
                        if !self.agree_lists(*d1, *d2, Origin::new(site.span, "summed here"), site.span) {
                            return None;
                        }
                        let def = self.list_at(site.graph, site.block, site.op, 0, site.span);
                        if !self.agree_lists(def, *d1, Origin::new(site.span, "summed here"), site.span) {
                            return None;
                        }
                        Some(S::List { def, nullable: false })
                    }
                    (S::Impossible, s) => Some(s.generalize()),
                    (i, s) if i.is_intlike() && s.is_intlike() => Some(S::int()),
                    (i, s) if i.is_numeric() && s.is_numeric() => Some(S::float()),
                    _ => {
                        let t = self.type_name(&item);
                        self.builtin_error(site, format!("`sum()` of `{t}` items"))
                    }
                }
            }
            B::Any | B::All => {
                self.arity(site, b, 1, 1)?;
                self.site_iter_item(site, &a0)?;
                Some(S::bool())
            }
            B::Sorted => {
                self.arity(site, b, 1, 1)?;
                self.no_keywords(site, b, &["key", "reverse"])?;
                let item = self.site_iter_item(site, &a0)?;
                if let Some(k) = self.kw(site, "key") {
                    self.call_key(site, &k, &item)?;
                }
                let def = self.list_at(site.graph, site.block, site.op, 0, site.span);
                self.mark_list(def, true);
                self.generalize_list(def, item, Origin::new(site.span, "sorted here"), site.span).then_some(S::List { def, nullable: false })
            }
            B::Reversed => {
                self.arity(site, b, 1, 1)?;
                match &a0 {
                    S::List { .. } | S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } | S::Range { .. } | S::Tuple(_) | S::Dict { .. } => Some(S::Iterator { kind: IterKind::Reversed, of: Rc::from(vec![a0.non_null()]) }),
                    other => {
                        let t = self.type_name(other);
                        self.builtin_error(site, format!("`reversed()` of a `{t}` value is not supported"))
                    }
                }
            }
            B::Enumerate => {
                self.arity(site, b, 1, 2)?;
                self.no_keywords(site, b, &["start"])?;
                let it = self.site_iter(site, &a0)?;
                Some(S::Iterator { kind: IterKind::Enumerate, of: Rc::from(vec![it]) })
            }
            B::Zip => {
                let mut its = vec![];
                for a in &args {
                    its.push(self.site_iter(site, a)?);
                }
                if its.is_empty() {
                    return self.builtin_error(site, "`zip()` needs arguments".into());
                }
                Some(S::Iterator { kind: IterKind::Zip, of: Rc::from(its) })
            }
            B::Range => {
                self.arity(site, b, 1, 3)?;
                if let Some(bad) = args.iter().find(|a| !a.is_intlike()) {
                    let t = self.type_name(bad);
                    return self.builtin_error(site, format!("`range()` needs ints, not `{t}`"));
                }
                let step = match args.get(2) {
                    None => Some(1),
                    // A zero step raises ValueError when the call runs, as in CPython.
                    Some(S::Int { konst: Some(k), .. }) if *k != 0 => Some(*k),
                    Some(_) => None,
                };
                Some(S::Range { step })
            }
            B::Isinstance => {
                self.arity(site, b, 2, 2)?;
                let classes: Vec<rpy_flow::ObjRef> = match &args[1] {
                    S::Classes { classes, nullable: false } => classes.to_vec(),
                    S::Tuple(items) => {
                        let mut out = vec![];
                        for it in items.iter() {
                            match it {
                                S::Classes { classes, .. } => out.extend(classes.iter().copied()),
                                _ => return self.builtin_error(site, "`isinstance()` needs a class or a tuple of classes".into()),
                            }
                        }
                        out
                    }
                    S::Builtin(bb) if matches!(bb, B::Int | B::Str | B::Float | B::Bool | B::List | B::Dict | B::Tuple | B::Bytes | B::Bytearray | B::Set) => {
                        let konst = builtin_type_matches(*bb, &a0);
                        return Some(S::Bool { konst: Some(konst) });
                    }
                    _ => return self.builtin_error(site, "`isinstance()` needs a class or a tuple of classes".into()),
                };
                let S::Instance { class, .. } = &a0 else {
                    return Some(S::Bool { konst: Some(false) });
                };
                let mut k = KnownTypes::default();
                if let ([one], Some(result), Some(rpy_flow::Operand::Var(v))) = (classes.as_slice(), site.result, self.call_arg_operand(site, 0)) {
                    let c = self.classdef(*one);
                    if self.is_subclass(c, *class) {
                        k.if_true.push((v, S::Instance { class: c, nullable: false }));
                    }
                    if !k.if_true.is_empty() {
                        self.knowntypes.insert((site.graph, result), Rc::new(k));
                    }
                }
                // Known statically when the class is already at least as precise.
                let all_match = classes.iter().any(|c| {
                    let cid = self.class_ids.get(c).copied();
                    cid.is_some_and(|cid| self.is_subclass(*class, cid))
                });
                Some(S::Bool { konst: if all_match && !a0.can_be_none() { Some(true) } else { None } })
            }
            B::Chr => {
                self.arity(site, b, 1, 1)?;
                if !a0.is_intlike() {
                    return self.builtin_error(site, "`chr()` needs an int".into());
                }
                Some(S::char())
            }
            B::Ord => {
                self.arity(site, b, 1, 1)?;
                match &a0 {
                    S::Str { .. } | S::Bytes { .. } | S::ByteArray { .. } => Some(S::nonneg_int()),
                    _ => self.builtin_error(site, "`ord()` needs a one-character string".into()),
                }
            }
            B::Hex | B::Oct | B::Bin => {
                self.arity(site, b, 1, 1)?;
                if !a0.is_intlike() {
                    return self.builtin_error(site, format!("`{}()` needs an int", b.name()));
                }
                Some(S::str())
            }
            B::Hash => {
                self.arity(site, b, 1, 1)?;
                if let Some(bad) = crate::engine::unhashable_part(&a0) {
                    let t = self.type_name(&bad);
                    return self.builtin_error(site, format!("`hash()` of a `{t}` value: it is mutable, so it has no hash"));
                }
                Some(S::int())
            }
            B::Divmod => {
                self.arity(site, b, 2, 2)?;
                let (x, y) = (&args[0], &args[1]);
                if x.is_intlike() && y.is_intlike() {
                    Some(S::Tuple(Rc::from(vec![S::int(), S::int()])))
                } else if x.is_numeric() && y.is_numeric() {
                    Some(S::Tuple(Rc::from(vec![S::float(), S::float()])))
                } else {
                    self.builtin_error(site, "`divmod()` needs numbers".into())
                }
            }
            B::Round => {
                self.arity(site, b, 1, 2)?;
                match (&a0, args.len()) {
                    (S::Float { .. }, 1) => Some(S::int()),
                    (S::Float { .. }, 2) => Some(S::float()),
                    (x, _) if x.is_intlike() => Some(S::int()),
                    _ => self.builtin_error(site, "`round()` needs a number".into()),
                }
            }
            B::Pow => {
                self.arity(site, b, 2, 3)?;
                let (x, y) = (&args[0], &args[1]);
                if x.is_intlike() && y.is_intlike() {
                    Some(S::int())
                } else if x.is_numeric() && y.is_numeric() && args.len() == 2 {
                    Some(S::float())
                } else {
                    self.builtin_error(site, "`pow()` needs numbers".into())
                }
            }
            B::Iter => {
                self.arity(site, b, 1, 1)?;
                self.site_iter(site, &a0)
            }
            B::Next => {
                self.arity(site, b, 1, 2)?;
                let it = match &a0 {
                    S::Instance { class, .. } if self.is_method(*class, "__next__") => S::Iterator { kind: IterKind::User, of: Rc::from(vec![a0.clone()]) },
                    other => other.clone(),
                };
                let item = self.with_op(site, |this, op| this.next_of(site.graph, site.block, site.op, op, &[it.clone()], &it))?;
                match args.get(1) {
                    Some(d) => self.union(&item, d).ok(),
                    None => Some(item),
                }
            }
            B::List => {
                self.arity(site, b, 0, 1)?;
                let def = self.list_at(site.graph, site.block, site.op, 0, site.span);
                if !args.is_empty() {
                    let item = self.site_iter_item(site, &a0)?;
                    if !self.generalize_list(def, item, Origin::new(site.span, "from this iterable"), site.span) {
                        return None;
                    }
                }
                Some(S::List { def, nullable: false })
            }
            B::Dict => {
                self.arity(site, b, 0, 1)?;
                let def = self.dict_at(site.graph, site.block, site.op, 0, site.span);
                // `dict(key=value, ...)`: string keys.
                let n_pos = site.args.len() - site.kwnames.len();
                for (v, _) in &site.args[n_pos..] {
                    let origin = Origin::new(site.span, "a keyword argument");
                    if !self.generalize_dict(def, Some(S::str()), Some(v.generalize()), origin, site.span) {
                        return None;
                    }
                }
                let a0 = if n_pos == 0 { S::Impossible } else { a0 };
                match &a0 {
                    S::Impossible => {}
                    S::Dict { def: d2, .. } => {
                        // The copy is made of the stored items: one representation.
                        if !self.agree_dicts(def, *d2, Origin::new(site.span, "copied here"), site.span) {
                            return None;
                        }
                    }
                    other => {
                        let item = self.site_iter_item(site, other)?;
                        match item {
                            S::Tuple(kv) if kv.len() == 2 => {
                                self.generalize_dict(def, Some(kv[0].generalize()), Some(kv[1].generalize()), Origin::new(site.span, "from these pairs"), site.span);
                            }
                            S::Impossible => {}
                            _ => return self.builtin_error(site, "`dict()` of an iterable needs (key, value) pairs".into()),
                        }
                    }
                }
                Some(S::Dict { def, nullable: false })
            }
            B::Set => {
                self.arity(site, b, 0, 1)?;
                let def = self.dict_at(site.graph, site.block, site.op, 0, site.span);
                if !args.is_empty() {
                    let item = self.site_iter_item(site, &a0)?;
                    self.generalize_dict(def, Some(item), Some(S::None), Origin::new(site.span, "from this iterable"), site.span);
                } else {
                    self.generalize_dict(def, None, Some(S::None), Origin::new(site.span, ""), site.span);
                }
                Some(S::Set { def, nullable: false })
            }
            B::Tuple => {
                self.arity(site, b, 0, 1)?;
                match &a0 {
                    S::Tuple(_) => Some(a0.clone()),
                    S::Impossible if args.is_empty() => Some(S::Tuple(Rc::from(vec![]))),
                    _ => self.builtin_error(site, "`tuple()` of a sequence whose length is not known at translation time".into()),
                }
            }
            B::Bytes | B::Bytearray => {
                self.arity(site, b, 0, 2)?;
                self.no_keywords(site, b, &["encoding"])?;
                let encoded = args.len() == 2 || self.kw(site, "encoding").is_some();
                let ok = match &a0 {
                    S::Impossible => args.is_empty(),
                    // an encoding goes with a str only
                    S::Str { .. } => encoded,
                    _ if encoded => false,
                    x if x.is_intlike() => true,
                    S::Bytes { .. } | S::ByteArray { .. } => true,
                    other => {
                        let item = self.site_iter_item(site, other)?;
                        item.is_intlike() || item.is_impossible()
                    }
                };
                if !ok {
                    let t = self.type_name(&a0);
                    return self.builtin_error(site, format!("`{}()` of a `{t}` value", b.name()));
                }
                Some(if b == B::Bytes { S::bytes() } else { S::ByteArray { nullable: false } })
            }
            B::Object => {
                let c = self.classdef(self.prog.object_class);
                self.classes[c.0 as usize].instantiated = true;
                Some(S::Instance { class: c, nullable: false })
            }
            B::Id => Some(S::int()),
            B::Super => {
                self.arity(site, b, 2, 2)?;
                match (&args[0], &args[1]) {
                    (S::Classes { classes, .. }, S::Instance { class: recv, .. }) if classes.len() == 1 => {
                        let c = self.classdef(classes[0]);
                        Some(S::Super { class: c, receiver: *recv })
                    }
                    _ => self.builtin_error(site, "`super()` is supported inside methods only".into()),
                }
            }
            B::SysExit => {
                self.arity(site, b, 0, 1)?;
                if !(args.is_empty() || a0.is_intlike() || a0.is_str() || matches!(a0, S::None)) {
                    return self.builtin_error(site, "`sys.exit()` needs an int status or a message".into());
                }
                Some(S::Impossible)
            }
            B::MathSqrt | B::MathExp | B::MathLog2 | B::MathLog10 | B::MathSin | B::MathCos | B::MathTan | B::MathAsin | B::MathAcos | B::MathAtan
            | B::MathSinh | B::MathCosh | B::MathTanh | B::MathFabs | B::MathDegrees | B::MathRadians => float_fn(self, 1),
            B::MathLog => {
                self.arity(site, b, 1, 2)?;
                Some(S::float())
            }
            B::MathAtan2 | B::MathPow | B::MathHypot | B::MathFmod | B::MathCopysign => float_fn(self, 2),
            B::MathFloor | B::MathCeil | B::MathTrunc => {
                self.arity(site, b, 1, 1)?;
                Some(S::int())
            }
            B::MathIsnan | B::MathIsinf | B::MathIsfinite => {
                float_fn(self, 1)?;
                Some(S::bool())
            }
            B::MathGcd | B::MathFactorial => {
                let n = if b == B::MathGcd { 2 } else { 1 };
                self.arity(site, b, n, n)?;
                if let Some(bad) = args.iter().find(|a| !a.is_intlike()) {
                    let t = self.type_name(bad);
                    return self.builtin_error(site, format!("`{}()` needs ints, not `{t}`", b.qualified_name()));
                }
                Some(S::int())
            }
            B::MathModf => {
                float_fn(self, 1)?;
                Some(S::Tuple(Rc::from(vec![S::float(), S::float()])))
            }
            B::MathFrexp => {
                float_fn(self, 1)?;
                Some(S::Tuple(Rc::from(vec![S::float(), S::int()])))
            }
            B::MathLdexp => {
                self.arity(site, b, 2, 2)?;
                Some(S::float())
            }
            B::MathIsclose => {
                self.arity(site, b, 2, 2)?;
                self.no_keywords(site, b, &["rel_tol", "abs_tol"])?;
                if let Some(bad) = args.iter().find(|a| !a.is_numeric()) {
                    let t = self.type_name(bad);
                    return self.builtin_error(site, format!("`math.isclose()` needs numbers, not `{t}`"));
                }
                Some(S::bool())
            }
            B::OsOpen => {
                self.arity(site, b, 2, 3)?;
                Some(S::nonneg_int())
            }
            B::OsRead => {
                self.arity(site, b, 2, 2)?;
                Some(S::bytes())
            }
            B::OsClose => {
                self.arity(site, b, 1, 1)?;
                Some(S::None)
            }
            B::OsListdir => {
                self.arity(site, b, 0, 1)?;
                let def = self.list_at(site.graph, site.block, site.op, 0, site.span);
                self.generalize_list(def, S::str(), Origin::new(site.span, "listed here"), site.span);
                Some(S::List { def, nullable: false })
            }
            B::OsWrite => {
                self.arity(site, b, 2, 2)?;
                Some(S::nonneg_int())
            }
            B::OsGetpid => Some(S::nonneg_int()),
            B::OsPathExists => {
                self.arity(site, b, 1, 1)?;
                Some(S::bool())
            }
            B::OsPathJoin => {
                for a in &args {
                    if !a.is_str() {
                        return self.builtin_error(site, "`os.path.join()` needs strings".into());
                    }
                }
                Some(S::str())
            }
            B::Open => {
                self.arity(site, b, 1, 3)?;
                self.no_keywords(site, b, &["mode", "encoding"])?;
                // The mode decides what reads give, so it must be known here.
                let mode = self.kw(site, "mode").or_else(|| args.get(1).cloned());
                let mode: String = match &mode {
                    None => "r".into(),
                    Some(S::Str { konst: Some(m), .. }) => m.to_string(),
                    Some(_) => return self.builtin_error(site, "`open()` needs its mode as a constant string".into()),
                };
                let known = mode.chars().all(|c| "rwaxb+t".contains(c)) && mode.chars().filter(|c| "rwax".contains(*c)).count() == 1;
                if !known || (mode.contains('b') && mode.contains('t')) {
                    return self.builtin_error(site, format!("`open()` mode {mode:?} is not a valid file mode"));
                }
                Some(S::File { binary: mode.contains('b') })
            }
            B::ExceptionInit => {
                let Some(S::Instance { class, .. }) = args.first() else {
                    return self.builtin_error(site, "`BaseException.__init__()` needs the exception as first argument".into());
                };
                if !self.is_exception_class(*class) {
                    return self.builtin_error(site, "`BaseException.__init__()` of an object that is not an exception".into());
                }
                let rest = CallSite { graph: site.graph, block: site.block, op: site.op, span: site.span, args: site.args[1..].to_vec(), kwnames: site.kwnames.clone(), result: None };
                self.check_str_args(&rest)?;
                Some(S::None)
            }
            B::Input => {
                self.arity(site, b, 0, 1)?;
                if let Some(bad) = args.iter().find(|a| !a.is_str()) {
                    let t = self.type_name(bad);
                    return self.builtin_error(site, format!("`input()` needs a `str` prompt, not `{t}`"));
                }
                Some(S::str())
            }
            B::TimeTime | B::TimePerfCounter => Some(S::float()),
            B::TimeSleep => Some(S::None),
            B::RIntmask => Some(S::int()),
            B::RUint | B::RUint64 => {
                if let Some(bad) = args.iter().find(|a| !a.is_numeric()) {
                    let t = self.type_name(bad);
                    return self.builtin_error(site, format!("`r_uint()` of a `{t}` value (it takes an int or a float)"));
                }
                Some(S::Int { konst: None, nonneg: true, kind: IntKind::Unsigned })
            }
            B::RInt64 => Some(S::int()),
            B::ROvfcheck => {
                self.arity(site, b, 1, 1)?;
                Some(S::int())
            }
            B::RWeAreTranslated => Some(S::Bool { konst: Some(true) }),
            B::RComputeHash => Some(S::int()),
            B::RStringBuilder | B::RBytesBuilder => Some(S::StringBuilder { bytes: b == B::RBytesBuilder }),
            B::RJitHint | B::RJitPromote => Some(a0.clone()),
            _ => self.builtin_error(site, format!("`{}` is not supported yet", b.qualified_name())),
        }
    }

    /// The operand of the i-th argument of the call operation.
    fn call_arg_operand(&self, site: &CallSite, i: usize) -> Option<rpy_flow::Operand<rpy_flow::Constant>> {
        let op = &self.g(site.graph).graph.block(site.block).ops[site.op];
        let skip = if matches!(op.kind, rpy_flow::HlOp::CallKw | rpy_flow::HlOp::CallStar) { 2 } else { 1 };
        op.args.get(skip + i).cloned()
    }
}

/// `isinstance(x, int)` and friends, decided from the annotation.
fn builtin_type_matches(b: Builtin, a: &SomeValue) -> bool {
    use Builtin as B;
    use SomeValue as S;
    match b {
        B::Int => a.is_intlike(),
        B::Bool => matches!(a, S::Bool { .. }),
        B::Float => matches!(a, S::Float { .. }),
        B::Str => matches!(a, S::Str { .. }),
        B::Bytes => matches!(a, S::Bytes { .. }),
        B::Bytearray => matches!(a, S::ByteArray { .. }),
        B::List => matches!(a, S::List { .. }),
        B::Dict => matches!(a, S::Dict { .. }),
        B::Set => matches!(a, S::Set { .. }),
        B::Tuple => matches!(a, S::Tuple(_)),
        _ => false,
    }
}

impl CallSite {
    pub(crate) fn clone_site(&self) -> CallSite {
        CallSite { graph: self.graph, block: self.block, op: self.op, span: self.span, args: self.args.clone(), kwnames: self.kwnames.clone(), result: self.result }
    }
}
