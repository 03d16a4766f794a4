//! Methods of built-in types (`str`, `bytes`, `bytearray`, `list`, `dict`, `set`,
//! `StringBuilder`, files): which exist, and what each call gives. One table, by receiver
//! family and name.

use crate::calls::CallSite;
use crate::engine::{Annotator, Origin};
use crate::model::SomeValue;
use rpy_source::{Diagnostic, ErrorCode};
use std::rc::Rc;

/// The families of receivers with built-in methods.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Family {
    Str,
    Bytes,
    ByteArray,
    List,
    Dict,
    Set,
    Builder,
    File,
    Stream,
    Environ,
    JitDriver,
    /// The `dict` type itself (`dict.fromkeys`).
    DictType,
    Tuple,
    Number,
    /// The `bytes` and `bytearray` types themselves (`bytes.fromhex`).
    BytesType,
    /// The `str` type itself (`str.maketrans`).
    StrType,
}

fn family(s: &SomeValue) -> Option<Family> {
    use SomeValue as S;
    Some(match s {
        S::Str { .. } => Family::Str,
        S::Bytes { .. } => Family::Bytes,
        S::ByteArray { .. } => Family::ByteArray,
        S::List { .. } => Family::List,
        S::Dict { .. } => Family::Dict,
        S::Tuple(_) => Family::Tuple,
        S::Set { .. } => Family::Set,
        S::StringBuilder { .. } => Family::Builder,
        S::File { .. } => Family::File,
        S::Builtin(rpy_stdlib::Builtin::Bytes | rpy_stdlib::Builtin::Bytearray) => Family::BytesType,
        S::Builtin(rpy_stdlib::Builtin::Dict) => Family::DictType,
        S::Builtin(rpy_stdlib::Builtin::Str) => Family::StrType,
        S::Builtin(rpy_stdlib::Builtin::RJitDriverInstance) => Family::JitDriver,
        S::Builtin(rpy_stdlib::Builtin::SysStdout | rpy_stdlib::Builtin::SysStderr) => Family::Stream,
        S::Builtin(rpy_stdlib::Builtin::OsEnviron) => Family::Environ,
        S::Int { .. } | S::Float { .. } | S::Bool { .. } => Family::Number,
        _ => return None,
    })
}

/// What a method returns, in terms of its receiver.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Gives {
    None,
    Bool,
    Int,
    NonNegInt,
    /// A value of the receiver's own text type (`str` for str, `bytes` for bytes/bytearray).
    Text,
    Str,
    Bytes,
    /// A new list of the receiver's text type.
    TextList,
    /// A 3-tuple of the text type.
    TextTriple,
    /// The receiver itself (a copy of the same type).
    SameType,
    /// Needs a rule of its own (in `call_method`).
    Special,
}

const TEXT_METHODS: &[(&str, Gives)] = &[
    ("join", Gives::Text),
    ("split", Gives::TextList),
    ("rsplit", Gives::TextList),
    ("splitlines", Gives::TextList),
    ("strip", Gives::Text),
    ("lstrip", Gives::Text),
    ("rstrip", Gives::Text),
    ("startswith", Gives::Bool),
    ("endswith", Gives::Bool),
    ("find", Gives::Int),
    ("rfind", Gives::Int),
    ("index", Gives::NonNegInt),
    ("rindex", Gives::NonNegInt),
    ("count", Gives::NonNegInt),
    ("replace", Gives::Text),
    ("upper", Gives::Text),
    ("lower", Gives::Text),
    ("capitalize", Gives::Text),
    ("title", Gives::Text),
    ("swapcase", Gives::Text),
    ("isdigit", Gives::Bool),
    ("isalpha", Gives::Bool),
    ("isalnum", Gives::Bool),
    ("isspace", Gives::Bool),
    ("isupper", Gives::Bool),
    ("islower", Gives::Bool),
    ("istitle", Gives::Bool),
    ("isascii", Gives::Bool),
    ("center", Gives::Text),
    ("ljust", Gives::Text),
    ("rjust", Gives::Text),
    ("zfill", Gives::Text),
    ("partition", Gives::TextTriple),
    ("rpartition", Gives::TextTriple),
    ("expandtabs", Gives::Text),
    ("removeprefix", Gives::Text),
    ("removesuffix", Gives::Text),
];

const STR_ONLY: &[(&str, Gives)] = &[
    ("encode", Gives::Bytes),
    ("format", Gives::Str),
    ("casefold", Gives::Text),
    ("isidentifier", Gives::Bool),
    ("isdecimal", Gives::Bool),
    ("isnumeric", Gives::Bool),
    ("isprintable", Gives::Bool),
    ("translate", Gives::Special),
    ("maketrans", Gives::Special),
];
const BYTES_ONLY: &[(&str, Gives)] =
    &[("decode", Gives::Str), ("hex", Gives::Str), ("fromhex", Gives::Text), ("translate", Gives::Text), ("maketrans", Gives::Bytes)];
/// `bytes.fromhex(...)`, `bytearray.maketrans(...)`, ...
const BYTES_TYPE_METHODS: &[(&str, Gives)] = &[("fromhex", Gives::Special), ("maketrans", Gives::Bytes)];
const BYTEARRAY_ONLY: &[(&str, Gives)] =
    &[("append", Gives::None), ("extend", Gives::None), ("pop", Gives::NonNegInt), ("clear", Gives::None), ("copy", Gives::SameType), ("insert", Gives::None), ("reverse", Gives::None), ("remove", Gives::None)];
const LIST_METHODS: &[(&str, Gives)] = &[
    ("append", Gives::None),
    ("extend", Gives::None),
    ("insert", Gives::None),
    ("pop", Gives::Special),
    ("remove", Gives::None),
    ("index", Gives::NonNegInt),
    ("count", Gives::NonNegInt),
    ("reverse", Gives::None),
    ("sort", Gives::None),
    ("clear", Gives::None),
    ("copy", Gives::SameType),
];
const DICT_METHODS: &[(&str, Gives)] = &[
    ("get", Gives::Special),
    ("keys", Gives::Special),
    ("values", Gives::Special),
    ("items", Gives::Special),
    ("pop", Gives::Special),
    ("setdefault", Gives::Special),
    ("update", Gives::None),
    ("clear", Gives::None),
    ("copy", Gives::SameType),
    ("popitem", Gives::Special),
];
const SET_METHODS: &[(&str, Gives)] = &[
    ("add", Gives::None),
    ("remove", Gives::None),
    ("discard", Gives::None),
    ("pop", Gives::Special),
    ("clear", Gives::None),
    ("copy", Gives::SameType),
    ("union", Gives::SameType),
    ("intersection", Gives::SameType),
    ("difference", Gives::SameType),
    ("symmetric_difference", Gives::SameType),
    ("issubset", Gives::Bool),
    ("issuperset", Gives::Bool),
    ("isdisjoint", Gives::Bool),
    ("update", Gives::None),
    ("intersection_update", Gives::None),
    ("symmetric_difference_update", Gives::None),
    ("difference_update", Gives::None),
];
const BUILDER_METHODS: &[(&str, Gives)] =
    &[("append", Gives::None), ("append_slice", Gives::None), ("append_multiple_char", Gives::None), ("build", Gives::Special), ("getlength", Gives::NonNegInt)];
const FILE_METHODS: &[(&str, Gives)] = &[
    ("read", Gives::Special),
    ("readline", Gives::Special),
    ("readlines", Gives::Special),
    ("write", Gives::NonNegInt),
    ("close", Gives::None),
    ("flush", Gives::None),
    ("__enter__", Gives::SameType),
    ("__exit__", Gives::None),
];
const STREAM_METHODS: &[(&str, Gives)] = &[("write", Gives::NonNegInt), ("flush", Gives::None)];
const ENVIRON_METHODS: &[(&str, Gives)] = &[("get", Gives::Special)];
const DICT_TYPE_METHODS: &[(&str, Gives)] = &[("fromkeys", Gives::Special)];
const STR_TYPE_METHODS: &[(&str, Gives)] = &[("maketrans", Gives::Special)];
const TUPLE_METHODS: &[(&str, Gives)] = &[("count", Gives::NonNegInt), ("index", Gives::NonNegInt)];
const JIT_DRIVER_METHODS: &[(&str, Gives)] = &[("jit_merge_point", Gives::None), ("can_enter_jit", Gives::None)];
const NUMBER_METHODS: &[(&str, Gives)] = &[("bit_length", Gives::NonNegInt), ("is_integer", Gives::Bool)];

/// What is wrong with the arguments of a bytes or bytearray method that takes other than its
/// own type, if anything.
fn bytes_args_problem(fam: Family, name: &str, args: &[SomeValue]) -> Option<&'static str> {
    use SomeValue as S;
    if !matches!(fam, Family::Bytes | Family::ByteArray | Family::BytesType) {
        return None;
    }
    let bytes = |a: &SomeValue| matches!(a, S::Bytes { .. } | S::ByteArray { .. });
    let ints = |n: usize| args.iter().take(n).all(|a| a.is_intlike());
    let ok = match name {
        "center" | "ljust" | "rjust" => args.get(1).is_none_or(bytes),
        "translate" => args.iter().all(|a| bytes(a) || matches!(a, S::None)),
        "maketrans" => args.iter().all(bytes),
        "fromhex" => args.iter().all(|a| a.is_str()),
        "hex" => args.first().is_none_or(|a| a.is_str() || bytes(a)),
        "append" | "remove" => args.len() == 1 && ints(1),
        "insert" => args.len() == 2 && ints(2),
        "pop" => args.len() <= 1 && ints(1),
        // an iterable of ints is checked by method_effects
        "extend" => !args.first().is_some_and(|a| a.is_str()),
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match name {
        "fromhex" => "needs a `str` argument",
        "append" | "remove" => "takes one int (bytes are ints in range(0, 256))",
        "insert" => "takes an index and an int",
        "pop" => "takes an optional int index",
        "extend" => "needs bytes, a bytearray or an iterable of ints",
        "hex" => "needs a `str` or `bytes` separator",
        _ => "needs bytes or bytearray arguments",
    })
}

fn lookup(f: Family, name: &str) -> Option<Gives> {
    let tables: &[&[(&str, Gives)]] = match f {
        Family::Str => &[TEXT_METHODS, STR_ONLY],
        Family::Bytes => &[TEXT_METHODS, BYTES_ONLY],
        Family::ByteArray => &[TEXT_METHODS, BYTES_ONLY, BYTEARRAY_ONLY],
        Family::List => &[LIST_METHODS],
        Family::Dict => &[DICT_METHODS],
        Family::Set => &[SET_METHODS],
        Family::Builder => &[BUILDER_METHODS],
        Family::File => &[FILE_METHODS],
        Family::Stream => &[STREAM_METHODS],
        Family::Environ => &[ENVIRON_METHODS],
        Family::DictType => &[DICT_TYPE_METHODS],
        Family::Tuple => &[TUPLE_METHODS],
        Family::JitDriver => &[JIT_DRIVER_METHODS],
        Family::Number => &[NUMBER_METHODS],
        Family::BytesType => &[BYTES_TYPE_METHODS],
        Family::StrType => &[STR_TYPE_METHODS],
    };
    tables.iter().flat_map(|t| t.iter()).find(|(n, _)| *n == name).map(|(_, g)| *g)
}

impl Annotator {
    pub(crate) fn has_method(&self, recv: &SomeValue, name: &str) -> bool {
        family(recv).and_then(|f| lookup(f, name)).is_some()
    }

    fn method_error(&mut self, site: &CallSite, message: String) -> Option<SomeValue> {
        self.error(Diagnostic::at(ErrorCode::BadCall, site.span, message));
        None
    }

    pub(crate) fn call_method(&mut self, site: &CallSite, recv: &SomeValue, name: &str) -> Option<SomeValue> {
        use SomeValue as S;
        let Some(fam) = family(recv) else { return self.method_error(site, format!("no method `{name}`")) };
        let Some(gives) = lookup(fam, name) else {
            let t = self.type_name(recv);
            return self.method_error(site, format!("`{t}` has no method `{name}` in RPy"));
        };
        let args: Vec<SomeValue> = site.args.iter().map(|(s, _)| s.clone()).collect();
        let a0 = args.first().cloned().unwrap_or(S::Impossible);
        if let (S::Dict { def, .. } | S::Set { def, .. }, "get" | "pop" | "setdefault" | "discard" | "remove") = (recv, name) {
            self.widen_lookup_key(*def, &a0, site.span);
        }
        let text = match fam {
            Family::Str => S::str(),
            Family::ByteArray => S::ByteArray { nullable: false },
            _ => S::bytes(),
        };
        let span = site.span;
        // Arguments that must be of the receiver's text type.
        if matches!(fam, Family::Str | Family::Bytes | Family::ByteArray) {
            let wants_text = matches!(
                name,
                "split" | "rsplit" | "strip" | "lstrip" | "rstrip" | "startswith" | "endswith" | "find" | "rfind" | "index" | "rindex" | "count" | "replace" | "partition" | "rpartition" | "removeprefix" | "removesuffix"
            );
            if wants_text {
                // bytes searches also take one byte as an int (`b.find(98)`).
                let int_ok = matches!(name, "find" | "rfind" | "index" | "rindex" | "count");
                let ok_text = |a: &SomeValue| match fam {
                    Family::Str => a.is_str() || matches!(a, S::None) || matches!(a, S::Tuple(_)),
                    _ => matches!(a, S::Bytes { .. } | S::ByteArray { .. } | S::None | S::Tuple(_)) || (int_ok && a.is_intlike()),
                };
                let n_pos = site.args.len() - site.kwnames.len();
                if let Some(bad) = args[..n_pos].iter().take(if name == "replace" { 2 } else { 1 }).find(|a| !ok_text(a)) {
                    let (t, r) = (self.type_name(bad), self.type_name(recv));
                    return self.method_error(site, format!("`{r}.{name}()` needs a `{r}` argument, not `{t}`"));
                }
            }
        }
        if let Some(msg) = bytes_args_problem(fam, name, &args) {
            let r = self.type_name(recv);
            return self.method_error(site, format!("`{r}.{name}()` {msg}"));
        }
        Some(match gives {
            Gives::None => {
                self.method_effects(site, recv, name, &args)?;
                S::None
            }
            Gives::Bool => {
                self.method_effects(site, recv, name, &args)?;
                S::bool()
            }
            Gives::Int => S::int(),
            Gives::NonNegInt => {
                self.method_effects(site, recv, name, &args)?;
                S::nonneg_int()
            }
            Gives::Text => {
                if name == "join" {
                    let item = self.site_iter_item(site, &a0)?;
                    let ok = match fam {
                        Family::Str => item.is_str() || item.is_impossible(),
                        _ => matches!(item, S::Bytes { .. } | S::ByteArray { .. } | S::Impossible),
                    };
                    if !ok {
                        let (t, r) = (self.type_name(&item), self.type_name(recv));
                        return self.method_error(site, format!("`{r}.join()` of `{t}` items (convert them with str() first)"));
                    }
                }
                text
            }
            Gives::Str => S::str(),
            Gives::Bytes => S::bytes(),
            Gives::TextList => {
                let def = self.list_at(site.graph, site.block, site.op, 0, span);
                self.generalize_list(def, text, Origin::new(span, "split here"), span);
                S::List { def, nullable: false }
            }
            Gives::TextTriple => S::Tuple(Rc::from(vec![text.clone(), text.clone(), text])),
            Gives::SameType => {
                self.method_effects(site, recv, name, &args)?;
                match recv {
                    S::List { def, .. } => {
                        let item = self.read_list(*def);
                        let new = self.list_at(site.graph, site.block, site.op, 0, span);
                        self.generalize_list(new, item, Origin::new(span, "copied here"), span);
                        S::List { def: new, nullable: false }
                    }
                    S::Dict { def, .. } | S::Set { def, .. } => {
                        let (k, v) = self.read_dict(*def);
                        let new = self.dict_at(site.graph, site.block, site.op, 0, span);
                        self.generalize_dict(new, Some(k), Some(v), Origin::new(span, "copied here"), span);
                        if matches!(recv, S::Set { .. }) {
                            S::Set { def: new, nullable: false }
                        } else {
                            S::Dict { def: new, nullable: false }
                        }
                    }
                    other => other.non_null(),
                }
            }
            Gives::Special => return self.special_method_call(site, recv, name, &args),
        })
    }

    /// Side effects of methods on the receiver's item types (`append`, `update`, ...).
    fn method_effects(&mut self, site: &CallSite, recv: &SomeValue, name: &str, args: &[SomeValue]) -> Option<()> {
        use SomeValue as S;
        let span = site.span;
        let origin = Origin::new(span, "added here");
        let a0 = args.first().cloned().unwrap_or(S::Impossible);
        if let S::List { def, .. } = recv {
            let t = self.type_name(&a0);
            match name {
                "insert" | "pop" if !args.is_empty() && !a0.is_intlike() => {
                    self.method_error(site, format!("`list.{name}()` takes an int index, not a `{t}` value"))?;
                    return None;
                }
                "remove" | "index" | "count" if crate::ops::never_equal(&self.read_list(*def), &a0) => {
                    let item = self.read_list(*def);
                    let item = self.type_name(&item);
                    self.method_error(site, format!("`list.{name}()` of a `{t}` value, which never equals an item of this `list[{item}]`"))?;
                    return None;
                }
                _ => {}
            }
        }
        match (recv, name) {
            (S::List { def, .. }, "append") => {
                self.mark_list(*def, true);
                self.generalize_list(*def, a0.generalize(), origin, span).then_some(())
            }
            (S::List { def, .. }, "insert") => {
                self.mark_list(*def, true);
                let v = args.get(1).cloned().unwrap_or(S::Impossible);
                self.generalize_list(*def, v.generalize(), origin, span).then_some(())
            }
            (S::List { def, .. }, "extend") => {
                self.mark_list(*def, true);
                if let S::List { def: d2, .. } = &a0 {
                    return self.agree_lists(*def, *d2, origin, span).then_some(());
                }
                let item = self.site_iter_item(site, &a0)?;
                self.generalize_list(*def, item, origin, span).then_some(())
            }
            (S::ByteArray { .. }, "extend") if !matches!(a0, S::Bytes { .. } | S::ByteArray { .. }) => {
                let item = self.site_iter_item(site, &a0)?;
                if item.is_intlike() || item.is_impossible() {
                    Some(())
                } else {
                    self.method_error(site, "`bytearray.extend()` needs bytes, a bytearray or an iterable of ints".into())?;
                    None
                }
            }
            (S::List { def, .. }, "remove" | "clear") => {
                self.mark_list(*def, true);
                Some(())
            }
            (S::List { def, .. }, "reverse") => {
                self.mark_list(*def, false);
                Some(())
            }
            (S::List { def, .. }, "sort") => {
                self.mark_list(*def, false);
                let n = site.args.len() - site.kwnames.len();
                if let Some(ki) = site.kwnames.iter().position(|k| k == "key") {
                    let key = site.args[n + ki].0.clone();
                    let item = self.read_list(*def);
                    self.call_key(site, &key, &item)?;
                }
                Some(())
            }
            (S::Dict { def, .. }, "update") => {
                match &a0 {
                    S::Dict { def: d2, .. } => self.agree_dicts(*def, *d2, origin, span).then_some(()),
                    other => match self.site_iter_item(site, other)? {
                        S::Tuple(kv) if kv.len() == 2 => self.generalize_dict(*def, Some(kv[0].generalize()), Some(kv[1].generalize()), origin, span).then_some(()),
                        S::Impossible => Some(()),
                        item => {
                            let t = self.type_name(&item);
                            self.method_error(site, format!("`dict.update()` needs a dict or (key, value) pairs, not `{t}` items"))?;
                            None
                        }
                    },
                }
            }
            (S::Set { def, .. }, "add") => self.generalize_dict(*def, Some(a0.generalize()), Some(S::None), origin, span).then_some(()),
            (S::Set { def, .. }, "update" | "union" | "intersection" | "difference" | "symmetric_difference" | "intersection_update" | "difference_update" | "symmetric_difference_update") => {
                for a in args {
                    if let S::Set { def: d2, .. } = a {
                        // Set operations work on the stored items of both sets.
                        self.agree_dicts(*def, *d2, origin.clone(), span);
                        continue;
                    }
                    let item = self.site_iter_item(site, a)?;
                    self.generalize_dict(*def, Some(item), Some(S::None), origin.clone(), span);
                }
                Some(())
            }
            (S::StringBuilder { bytes }, "append" | "append_slice") => {
                let ok = if *bytes { matches!(a0, S::Bytes { .. }) } else { a0.is_str() };
                if ok {
                    Some(())
                } else {
                    let t = self.type_name(&a0);
                    self.method_error(site, format!("cannot append a `{t}` value to this builder"))?;
                    None
                }
            }
            (S::File { binary }, "write") => {
                let ok = if *binary { matches!(a0, S::Bytes { .. } | S::ByteArray { .. }) } else { a0.is_str() };
                if ok {
                    Some(())
                } else {
                    let (t, want) = (self.type_name(&a0), if *binary { "bytes" } else { "str" });
                    self.method_error(site, format!("`write()` of a `{t}` value to a file opened for `{want}`"))?;
                    None
                }
            }
            (S::Builtin(_), "write") => {
                if a0.is_str() {
                    Some(())
                } else {
                    self.method_error(site, "`write()` needs a string".into())?;
                    None
                }
            }
            _ => Some(()),
        }
    }

    fn special_method_call(&mut self, site: &CallSite, recv: &SomeValue, name: &str, args: &[SomeValue]) -> Option<SomeValue> {
        use crate::model::IterKind;
        use SomeValue as S;
        let span = site.span;
        let a0 = args.first().cloned().unwrap_or(S::Impossible);
        Some(match (recv, name) {
            (S::List { def, .. }, "pop") => {
                self.mark_list(*def, true);
                self.read_list(*def)
            }
            (S::Dict { def, .. }, "get") => {
                let (_, v) = self.read_dict(*def);
                match args.get(1) {
                    Some(d) => self.union_at(&v, d, span, "the value and the default would be")?,
                    // Nothing stored yet: None for now; the result generalizes when values arrive.
                    None if v.is_impossible() => S::None,
                    None => match v.noneify() {
                        Some(x) => x,
                        None => {
                            let t = self.type_name(&v);
                            return self.method_error(site, format!("`dict.get(key)` without a default may return None, which cannot mix with the `{t}` values; pass a default"));
                        }
                    },
                }
            }
            (S::Dict { def, .. }, "pop") => {
                let (_, v) = self.read_dict(*def);
                match args.get(1) {
                    Some(d) => self.union_at(&v, d, span, "the value and the default would be")?,
                    None => v,
                }
            }
            (S::Dict { def, .. }, "setdefault") => {
                let d = args.get(1).cloned().unwrap_or(S::None);
                self.generalize_dict(*def, Some(a0.generalize()), Some(d.generalize()), Origin::new(span, "set here"), span);
                self.read_dict(*def).1
            }
            (S::Dict { def, .. }, "popitem") => {
                let (k, v) = self.read_dict(*def);
                S::Tuple(Rc::from(vec![k, v]))
            }
            (S::Dict { .. }, "keys") => S::Iterator { kind: IterKind::DictKeys, of: Rc::from(vec![recv.non_null()]) }.as_view(),
            (S::Dict { .. }, "values") => S::Iterator { kind: IterKind::DictValues, of: Rc::from(vec![recv.non_null()]) }.as_view(),
            (S::Dict { .. }, "items") => S::Iterator { kind: IterKind::DictItems, of: Rc::from(vec![recv.non_null()]) }.as_view(),
            (S::Set { def, .. }, "pop") => self.read_dict(*def).0,
            (S::StringBuilder { bytes }, "build") => {
                if *bytes {
                    S::bytes()
                } else {
                    S::str()
                }
            }
            (S::File { binary: false }, "read" | "readline") => S::str(),
            (S::File { binary: true }, "read" | "readline") => S::bytes(),
            (S::Builtin(rpy_stdlib::Builtin::Dict), "fromkeys") => {
                let key = self.site_iter_item(site, &a0)?.generalize();
                let value = args.get(1).map_or(S::None, |v| v.generalize());
                let def = self.dict_at(site.graph, site.block, site.op, 0, span);
                let origin = Origin::new(span, "made here");
                if !self.generalize_dict(def, Some(key), Some(value), origin, span) {
                    return None;
                }
                S::Dict { def, nullable: false }
            }
            (S::Builtin(rpy_stdlib::Builtin::Str) | S::Str { .. }, "maketrans") => return self.str_maketrans(site, args),
            (S::Str { .. }, "translate") => {
                if !site.kwnames.is_empty() || args.len() != 1 {
                    return self.method_error(site, "`str.translate()` takes one positional argument, the table".into());
                }
                self.translate_table(site, &a0)?;
                S::str()
            }
            (S::Builtin(rpy_stdlib::Builtin::Bytes), "fromhex") => S::bytes(),
            (S::Builtin(rpy_stdlib::Builtin::Bytearray), "fromhex") => S::ByteArray { nullable: false },
            (S::Builtin(rpy_stdlib::Builtin::OsEnviron), "get") => match args.get(1) {
                Some(d) => self.union_at(&S::str(), d, span, "the value and the default would be")?,
                None => S::Str { konst: None, char: false, nullable: true },
            },
            (S::File { binary }, "readlines") => {
                let def = self.list_at(site.graph, site.block, site.op, 0, span);
                let line = if *binary { S::bytes() } else { S::str() };
                self.generalize_list(def, line, Origin::new(span, "read here"), span);
                S::List { def, nullable: false }
            }
            _ => return self.method_error(site, format!("`{name}` is not supported yet")),
        })
    }
}

/// Whether `s` may be a code point in a translate table (`int`, or `bool` as in CPython).
fn is_code(s: &SomeValue) -> bool {
    matches!(s, SomeValue::Int { kind: crate::model::IntKind::Signed, .. } | SomeValue::Bool { .. } | SomeValue::Impossible)
}

/// Whether `s` may be a replacement string in a translate table (`None` deletes).
fn is_text_or_none(s: &SomeValue) -> bool {
    matches!(s, SomeValue::Str { .. } | SomeValue::None)
}

impl Annotator {
    /// `str.maketrans(x, y)` gives `dict[int, int]`; `str.maketrans(d)` gives `dict[int, int]`
    /// or `dict[int, str]` (nullable: `None` deletes). The 3-argument form mixes ints and
    /// `None` in one table, which has no RPy type.
    fn str_maketrans(&mut self, site: &CallSite, args: &[SomeValue]) -> Option<SomeValue> {
        use SomeValue as S;
        let span = site.span;
        if !site.kwnames.is_empty() {
            return self.method_error(site, "`str.maketrans()` takes no keyword arguments".into());
        }
        let (key, value) = match args {
            [x, y] if x.is_str() && y.is_str() => (S::int(), S::int()),
            [x, y, z] if x.is_str() && y.is_str() && z.is_str() => {
                let (message, help) = rpy_stdlib::MAKETRANS3_ERROR;
                self.error(Diagnostic::at(ErrorCode::BadCall, span, message).with_help(help));
                return None;
            }
            [S::Dict { def, .. }] => {
                let (k, v) = self.read_dict(*def);
                let value = if is_code(&v) {
                    S::int()
                } else if is_text_or_none(&v) {
                    S::Str { konst: None, char: false, nullable: true }
                } else {
                    S::Impossible
                };
                if !(is_code(&k) || k.is_str()) || value.is_impossible() {
                    let t = self.type_name(&args[0]);
                    return self.method_error(site, format!("`str.maketrans()` of a `{t}` (the dict must map str characters or ints to ints, str or None)"));
                }
                (S::int(), value)
            }
            _ => {
                let ts: Vec<String> = args.iter().map(|a| self.type_name(a)).collect();
                return self.method_error(site, format!("`str.maketrans()` of `({})` (it takes a dict, or two str of equal length)", ts.join(", ")));
            }
        };
        let def = self.dict_at(site.graph, site.block, site.op, 0, span);
        if !self.generalize_dict(def, Some(key), Some(value), Origin::new(span, "made here"), span) {
            return None;
        }
        Some(S::Dict { def, nullable: false })
    }

    /// Checks the table of `str.translate()`: a dict from code points to code points, or to
    /// strings or None.
    fn translate_table(&mut self, site: &CallSite, table: &SomeValue) -> Option<()> {
        use SomeValue as S;
        if let S::Dict { def, .. } = table {
            let (k, v) = self.read_dict(*def);
            if is_code(&k) && (is_code(&v) || is_text_or_none(&v)) {
                return Some(());
            }
        }
        let t = self.type_name(table);
        self.error(
            Diagnostic::at(ErrorCode::BadCall, site.span, format!("`str.translate()` of a `{t}` (the table must be a dict from ints to ints, or to str or None)"))
                .with_help("make the table with `str.maketrans()`"),
        );
        None
    }
}

impl SomeValue {
    /// Dict views (`keys()`, `values()`, `items()`) are iterators over the dict.
    fn as_view(self) -> SomeValue {
        self
    }
}
